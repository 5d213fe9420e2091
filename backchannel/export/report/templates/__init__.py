"""Jinja2 templates and the print style sheet of the briefing (package data)."""
