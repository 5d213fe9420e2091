"""Recognisers: find what a document names (actors, places, dates, amounts, event triggers) as mentions.

For actors: ``actors`` finds those of the knowledge base, ``discover`` the people and
organisations it lacks (by given name, title, role and head noun), ``propagate`` finds a
discovered name again, and ``gazetteer`` is the name matcher they share.
"""
