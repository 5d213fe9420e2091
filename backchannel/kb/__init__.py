"""The knowledge base: the data model (``model``) and its SQLite store (``store``)."""
from backchannel.kb.model import (Actor, Deal, Discrepancy, DocAnalysis, Event, Mention, Proposal,
                                  Tie, ITEM_TYPES)
from backchannel.kb.store import KnowledgeBase

__all__ = ["Actor", "Deal", "Discrepancy", "DocAnalysis", "Event", "Mention", "Proposal", "Tie",
           "ITEM_TYPES", "KnowledgeBase"]
