"""The text layer: documents, spans, the offset-keeping normaliser, sentences and tokens.

Everything later in the pipeline points into ``Document.text`` through
:class:`Span`; the normalised form used for matching always maps back.
"""
from backchannel.text.document import Document, Span
from backchannel.text.layer import Sentence, TextLayer, Token, analyse
from backchannel.text.normalise import NormText, normalise, match_key

__all__ = ["Document", "Span", "Sentence", "TextLayer", "Token", "analyse", "NormText", "normalise", "match_key"]
