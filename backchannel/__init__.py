"""Backchannel: an evidence-grounded map of a negotiation from news coverage."""
__version__ = "0.1.0"
