"""The briefing report (``backchannel report``): Markdown, HTML or PDF a person reads and prints.

It shows the cast by side, the timeline, the deals, the proposals and their issues, the
discrepancies between outlets and the sanctions flags, each item with its sources, plus a
timeline chart and a network picture. :func:`write_report` is the one entry point.
"""
from __future__ import annotations

from pathlib import Path

from backchannel.export.report.briefing import Briefing, gather
from backchannel.export.report.render import render_html, render_markdown, write_pdf

FORMATS = ("md", "html", "pdf")


def write_report(db: Path | str, fmt: str, output: Path, title: str | None = None) -> list[Path]:
    """Write the briefing of ``db`` to ``output`` in ``fmt``; returns every file written.

    Markdown puts its two charts (SVG) in a folder beside it, ``<name>_files/``; HTML and
    PDF are single files.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}")
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    briefing = gather(db, title)
    if fmt == "md":
        assets = output.with_name(f"{output.stem}_files")
        written = []
        for name in ("timeline", "network"):
            if svg := briefing.charts[name]:
                assets.mkdir(exist_ok=True)
                path = assets / f"{name}.svg"
                path.write_text(svg, encoding="utf-8")
                written.append(path)
        output.write_text(render_markdown(briefing, assets.name), encoding="utf-8")
        return [output, *written]
    html = render_html(briefing)
    if fmt == "html":
        output.write_text(html, encoding="utf-8")
    else:
        write_pdf(html, output)
    return [output]


__all__ = ["Briefing", "FORMATS", "gather", "write_report"]
