"""Per-language knowledge, kept as data files beside this module.

Each language folder (``ar/``, ``en/``) holds YAML files: orthography, month
names, number words, titles and role nouns, event triggers. Code loads them
through :func:`load`, so users extend Backchannel by editing data, not Python.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from backchannel.datafiles import safe_load

LANG_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def words(name: str, key: str) -> frozenset[str]:
    """The words listed under ``key`` in ``<lang>/<name>.yaml`` of every language that has the
    file, normalised as document tokens are, so a token's ``norm`` is compared with ``in``."""
    from backchannel.text.normalise import match_key  # normalise itself reads this package
    return frozenset(match_key(str(w)) for code in sorted(p.name for p in LANG_DIR.iterdir() if p.is_dir())
                     if (LANG_DIR / code / f"{name}.yaml").exists()
                     for w in (load(code, name) or {}).get(key) or [])


@lru_cache(maxsize=None)
def load(lang: str, name: str) -> Any:
    """The parsed content of ``lang/<lang>/<name>.yaml`` (cached: files are read once)."""
    path = LANG_DIR / lang / f"{name}.yaml"
    with path.open(encoding="utf-8") as fh:
        return safe_load(fh)
