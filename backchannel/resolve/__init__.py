"""Corpus-level resolution: many mentions across documents and scripts become one item.

``translit`` gives the script-independent name key; ``actors`` merges actor mentions into
one :class:`~backchannel.kb.model.Actor` per real entity.
"""
