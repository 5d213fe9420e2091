"""Turning bytes into text: BOMs first, then strict UTF-8, then detection by charset-normalizer."""
from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

_BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]


def looks_binary(data: bytes) -> bool:
    """True for content no text encoding explains: NUL bytes without a UTF-16/32 BOM, or many control bytes."""
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(head) // 50)


def decode(data: bytes) -> tuple[str, str]:
    """Decode ``data``; returns (text, encoding name). Raises ``UnicodeError`` when nothing fits.

    UTF-8 is tried strictly before detection because detection on short Arabic texts can
    prefer a legacy code page for valid UTF-8. A UTF-8 BOM stays in the text as U+FEFF so
    offsets match what Python's own ``read_text`` gives; the normaliser ignores it.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise UnicodeError("no text encoding fits these bytes")
    return str(best), best.encoding


def universal_newlines(text: str) -> str:
    """CRLF and CR to LF, as Python's text mode reads files, so offsets agree with other tools."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
