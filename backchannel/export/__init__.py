"""Exports: the knowledge base in the shapes other tools read (JSON contract, FtM, GraphML, CSV)."""
