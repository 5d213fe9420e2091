"""Sides belong to the story, not to the actor: the shipped story's, a user's --sides file,
else each actor's state."""
from __future__ import annotations

from pathlib import Path

from backchannel.web.network import side_class

HEADER = "# outlet: Test Wire\n# date: 2025-05-11\n\n"
TEXT = ("Pakistani Prime Minister Shehbaz Sharif spoke with Donald Trump on 10 May 2025, and India and "
        "Pakistan agreed to a ceasefire after talks in Riyadh with Saudi Arabia.\n")


def _sides(data: dict) -> dict[str, str | None]:
    return {a["name"]: a.get("side") for a in data["actors"]}


def test_without_a_story_file_an_actor_stands_with_its_state(build_kb) -> None:
    sides = _sides(build_kb({"a.txt": HEADER + TEXT}))
    assert sides["Shehbaz Sharif"] == "Pakistan", "a person of the world knowledge base: his country"
    assert sides["India"] == "India" and sides["Saudi Arabia"] == "Saudi Arabia"
    assert sides["Donald Trump"] == "US", "the shipped story's side still holds for its cast"


def test_a_sides_file_gives_the_story_its_own_sides(build_kb, tmp_path: Path) -> None:
    story = tmp_path / "sides.yaml"
    story.write_text("sides:\n  Mediators:\n    countries: [sa]\n    members: [trump]\n"
                     "  South Asia:\n    countries: [in, pk]\n", encoding="utf-8")
    sides = _sides(build_kb({"a.txt": HEADER + TEXT}, sides_file=story))
    assert sides["Donald Trump"] == "Mediators" and sides["Saudi Arabia"] == "Mediators"
    assert sides["India"] == sides["Pakistan"] == sides["Shehbaz Sharif"] == "South Asia"


def test_another_storys_side_is_coloured_alike_everywhere() -> None:
    assert side_class("Russia") == "side-russia" and side_class(None) == "side-unknown"
    assert side_class("Pakistan") == side_class("Pakistan") and side_class("Pakistan").startswith("side-c")
    css = (Path(__file__).resolve().parents[1] / "backchannel/web/static/app.css").read_text(encoding="utf-8")
    assert f".{side_class('Pakistan')} " in css


def test_a_broken_sides_file_is_named_with_what_to_do(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from backchannel.cli import cli
    (tmp_path / "a.txt").write_text(HEADER + TEXT, encoding="utf-8")
    bad = tmp_path / "story.yaml"
    bad.write_text("sides: [unclosed\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["build", str(tmp_path / "a.txt"), "--db", str(tmp_path / "kb.db"),
                                   "--sides", str(bad)])
    said = "".join(res.output.split())  # the console wraps long paths
    assert res.exit_code != 0 and "story.yaml" in said and "sides:" in said
    assert not (tmp_path / "kb.db").exists(), "nothing half-built"
