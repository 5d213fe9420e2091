"""Extractors: turn a document's mentions into items (events, deals, proposals, ties) with their evidence."""
