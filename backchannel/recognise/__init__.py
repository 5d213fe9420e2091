"""Recognisers: find what a document names (actors, places, dates, amounts, event triggers) as mentions."""
