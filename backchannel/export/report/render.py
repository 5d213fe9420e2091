"""Lay a :class:`Briefing` out as Markdown, HTML or PDF (Jinja2 templates; WeasyPrint for PDF)."""
from __future__ import annotations

import base64
import re
from functools import lru_cache
from pathlib import Path

import jinja2
import markupsafe

from backchannel.export.report.briefing import Briefing
from backchannel.export.report.charts import OTHER_COLOUR, SIDE_COLOURS
from backchannel.text.layer import script_language

TEMPLATES = Path(__file__).with_name("templates")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_escape(value: object) -> str:
    """Text safe inside Markdown (and its tables): specials escaped, line breaks folded."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


@lru_cache(maxsize=2)
def _env(autoescape: bool) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=autoescape,
                             trim_blocks=False, lstrip_blocks=False, undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True)
    env.filters.update(md=md_escape, data_uri=_data_uri,
                       side_colour=lambda side: SIDE_COLOURS.get(side, OTHER_COLOUR),
                       is_arabic=lambda text: script_language(str(text or "")) == "ar")
    return env


def render_html(briefing: Briefing) -> str:
    """One self-contained HTML page (styles inline, charts as data URIs)."""
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    return _env(True).get_template("report.html.j2").render(b=briefing, css=markupsafe.Markup(css))


def render_markdown(briefing: Briefing, assets: str) -> str:
    """Markdown that links its charts as ``<assets>/timeline.svg`` and ``<assets>/network.svg``."""
    text = _env(False).get_template("report.md.j2").render(b=briefing, assets=assets)
    return re.sub(r"\n{3,}", "\n\n", text)


def write_pdf(html: str, path: Path) -> None:
    """Print the HTML page to PDF with WeasyPrint (fonts from the system: Noto, DejaVu)."""
    from weasyprint import HTML

    HTML(string=html, base_url=str(TEMPLATES)).write_pdf(path)
