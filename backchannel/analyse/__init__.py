"""Analyses run on a built knowledge base: sanctions screening and what depends on it."""
