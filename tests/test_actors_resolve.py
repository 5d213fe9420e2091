"""One actor per real entity across documents and scripts; the actors in the store, export and CLI."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from click.testing import CliRunner

from backchannel.cli import cli
from backchannel.kb.model import Corpus, DocAnalysis
from backchannel.pipeline import BuildOptions
from backchannel.recognise.actors import recognise_actors
from backchannel.recognise.discover import discover_actors
from backchannel.resolve.actors import resolve_actors
from backchannel.text import Document, analyse


def corpus_of(*texts: str, use_kb: bool = True) -> Corpus:
    options = BuildOptions(use_kb=use_kb)
    analyses = []
    for i, text in enumerate(texts):
        a = DocAnalysis(doc=Document(source=f"{i}.txt", text=text), layer=analyse(text))
        recognise_actors(a, options)
        discover_actors(a, options)
        analyses.append(a)
    corpus = Corpus(analyses=analyses)
    resolve_actors(corpus, options)
    return corpus


def actor_named(corpus: Corpus, text: str) -> list[str]:
    """Ids of the actors having a mention whose text is ``text``."""
    return sorted({a.id for a in corpus.actors for s in a.mentions if s.text == text})


def test_an_arabic_and_an_english_mention_of_a_new_person_resolve_together() -> None:
    c = corpus_of("قال المستثمر ستيفن هارلو، الشريك في الصفقة، إن العرض جيد.",
                  "Investor Stephen Harlow, a partner in the deal, said the offer was good.")
    (arabic,) = actor_named(c, "ستيفن هارلو")
    assert actor_named(c, "Stephen Harlow") == [arabic]
    actor = next(a for a in c.actors if a.id == arabic)
    assert actor.source == "discovered"
    assert set(actor.names) == {"ar", "en"}
    assert actor.name == "Stephen Harlow"  # English where known


def test_two_people_who_share_a_surname_stay_two() -> None:
    c = corpus_of("وقال جوناثان ريفرز، رئيس الشركة، إن مارك ريفرز، شقيقه، سيتولى الملف.", use_kb=False)
    assert len(actor_named(c, "جوناثان ريفرز")) == 1
    assert actor_named(c, "جوناثان ريفرز") != actor_named(c, "مارك ريفرز")


def test_the_two_donalds_and_the_son_stay_three_without_the_knowledge_base() -> None:
    c = corpus_of("قال الرئيس الأمريكي دونالد ترمب إن ابنه دونالد ترمب جونيور سيزور بولندا.",
                  "وقال رئيس الوزراء البولندي دونالد توسك إن دونالد ترمب لم يتصل.", use_kb=False)
    trump, junior, tusk = (actor_named(c, n) for n in ("دونالد ترمب", "دونالد ترمب جونيور", "دونالد توسك"))
    assert len(trump) == len(junior) == len(tusk) == 1
    assert len({trump[0], junior[0], tusk[0]}) == 3


def test_known_actor_mentions_in_both_scripts_are_one_actor_with_its_knowledge() -> None:
    c = corpus_of("استقبل بوتين المبعوث ويتكوف.", "Putin received Witkoff in Moscow.")
    (putin,) = [a for a in c.actors if a.name == "Vladimir Putin"]
    assert {s.text for s in putin.mentions} == {"بوتين", "Putin"}
    assert putin.source == "kb" and putin.side == "Russia" and putin.wikidata == "Q7747"
    assert putin.keys == ["kb:putin"]
    assert c.actor_id("kb:putin") == putin.id


def test_a_discovered_name_with_a_known_actors_key_joins_it_and_the_merge_is_recorded(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text("- id: harlow\n  name: Stephen Harlow\n  type: person\n  names:\n    en: [Stephen Harlow]\n",
                     encoding="utf-8")
    options = BuildOptions(kb_files=[extra])
    text = "Investor Stephen Harlow met them; المستثمر ستيفين هارلو، الشريك، وافق."
    a = DocAnalysis(doc=Document(source="x.txt", text=text), layer=analyse(text))
    recognise_actors(a, options)
    discover_actors(a, options)
    corpus = Corpus(analyses=[a])
    resolve_actors(corpus, options)
    (harlow,) = [x for x in corpus.actors if x.name == "Stephen Harlow"]
    assert {s.text for s in harlow.mentions} == {"Stephen Harlow", "ستيفين هارلو"}
    assert any(j["kind"] == "actor_merge" and j["decision"] == "kb:harlow" for j in corpus.judgements)
    assert harlow.merge_reasons


def test_a_name_found_in_one_article_is_found_bare_in_another() -> None:
    c = corpus_of("قال المبعوث ستيف ويتكوف، رئيس الوفد، إن اللقاء مثمر.", "ثم غادر ويتكوف موسكو.", use_kb=False)
    (witkoff,) = actor_named(c, "ستيف ويتكوف")
    assert actor_named(c, "ويتكوف") == [witkoff]
    docs = {s.doc for a in c.actors if a.id == witkoff for s in a.mentions}
    assert len(docs) == 2


def test_an_organisation_named_with_and_without_its_adjective_is_one() -> None:
    c = corpus_of("وافقت وزارة الخزانة الأمريكية على الطلب.", "لكن وزارة الخزانة ترددت.", use_kb=False)
    assert actor_named(c, "وزارة الخزانة الأمريكية") == actor_named(c, "وزارة الخزانة")


def _build(write_articles: Callable[[dict[str, str | bytes]], Path], tmp_path: Path) -> Path:
    from backchannel.pipeline import build

    folder = write_articles({
        "a.txt": "قال الرئيس الروسي فلاديمير بوتين إن كيريل ديمترييف، رئيس صندوق الثروة السيادية الروسي، سيزور واشنطن.",
        "b.txt": "Kirill Dmitriev met Steve Witkoff. Dmitriev's plan was discussed with Witkoff's team.",
    })
    db = tmp_path / "kb.db"
    build([folder], db, BuildOptions(), replace=True)
    return db


def test_cli_actors_lists_mentions_per_document(write_articles: Callable[[dict[str, str | bytes]], Path],
                                                 tmp_path: Path) -> None:
    db = _build(write_articles, tmp_path)
    result = CliRunner().invoke(cli, ["actors", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r for r in json.loads(result.output)}
    assert rows["Kirill Dmitriev"]["by_document"] == {"a": 1, "b": 2}
    assert rows["Kirill Dmitriev"]["mentions"] == 3
    people = CliRunner().invoke(cli, ["actors", "--db", str(db), "--type", "person", "--json"])
    assert {r["type"] for r in json.loads(people.output)} == {"person"}


def test_cli_actor_finds_one_actor_in_any_script_and_shows_context(
        write_articles: Callable[[dict[str, str | bytes]], Path], tmp_path: Path) -> None:
    db = _build(write_articles, tmp_path)
    for query in ("Dmitriev", "ديميترييف", "Dmitriyev"):
        result = CliRunner().invoke(cli, ["actor", query, "--db", str(db), "--json"])
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert data["name"] == "Kirill Dmitriev"
    assert data["mention_count"] == 3
    assert any("رئيس صندوق الثروة" in m["after"] for m in data["mentions"])
    assert any(t["kind"] == "heads" for t in data["ties"])
    plain = CliRunner().invoke(cli, ["actor", "Dmitriev", "--db", str(db)])
    assert "Kirill Dmitriev" in plain.output and "mentions" in plain.output
    missing = CliRunner().invoke(cli, ["actor", "Nobody Atall", "--db", str(db)])
    assert missing.exit_code == 1


def test_a_new_name_is_not_a_known_actor_whose_name_in_its_own_script_differs(build_kb) -> None:
    # "Syunik" shares its consonant key (SNK) with CNOOC's Arabic name, not with its Latin one
    data = build_kb({"a.txt": "# outlet: Test Wire\n# date: 2025-08-09\n\nThe route crosses southern Syunik, and "
                              "officials said Syunik would see new border posts. The deal was signed on Friday.\n"})
    assert "CNOOC" not in {a["name"] for a in data["actors"]}
