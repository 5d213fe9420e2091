"""The analyst's last word: judgements on what Backchannel extracted, kept as data.

A journalist publishes only what they have checked. A judgement confirms, rejects or
corrects one item (an actor, event, deal, proposal or tie), merges two actors or splits
one, or says two events are one. Judgements are lines of a JSON file beside the knowledge
base (:mod:`backchannel.review.judgements`), appended and never rewritten, and every build
applies them again after resolution (:mod:`backchannel.review.apply`), so a rebuild, a
``--replace`` or a new article never loses a human decision. See ``docs/review.md``.
"""
