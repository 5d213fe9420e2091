"""The local web app over a built knowledge base (``backchannel serve``); see docs/web.md."""
from backchannel.web.app import create_app

__all__ = ["create_app"]
