"""The world knowledge base: states compiled from CLDR (reproducible from the sources), the
world's actors as data, and recognition of states far from the shipped story."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from backchannel.kb.model import DocAnalysis
from backchannel.pipeline import BuildOptions
from backchannel.recognise.actors import recognise_actors
from backchannel.recognise.knowledge import STATES, WORLD, load_kb, load_states
from backchannel.text import Document, analyse

ROOT = Path(__file__).resolve().parents[1]


def mentions(text: str, **options: object) -> list[tuple[str, str, str]]:
    a = DocAnalysis(doc=Document(source="t.txt", text=text), layer=analyse(text))
    recognise_actors(a, BuildOptions(**options))  # type: ignore[arg-type]
    for m in a.mentions:
        assert text[m.span.start:m.span.end] == m.span.text
    return [(m.span.text, m.kind, m.key) for m in a.mentions]


@pytest.mark.skipif(not all(importlib.util.find_spec(p) for p in ("babel", "pycountry", "countryinfo")),
                    reason="the compile extra (babel, pycountry, countryinfo) is not installed")
def test_the_shipped_states_file_is_what_the_sources_give() -> None:
    """Nobody edits the compiled gazetteer by hand: compiling it again gives the same file."""
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "compile_states.py"), "--check"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_every_iso_country_has_arabic_and_english_names() -> None:
    compiled = yaml.safe_load(STATES[1].read_text(encoding="utf-8"))
    assert len(compiled) >= 249
    missing = [e["iso"] for e in compiled if not e["names"].get("en") or not e["names"].get("ar")]
    assert not missing
    ids = [e["id"] for e in compiled]
    assert len(ids) == len(set(ids))


def test_states_of_other_negotiations_are_found_without_the_knowledge_base() -> None:
    ar = ("واتهمت رواندا جمهورية الكونغو الديمقراطية بخرق الاتفاق، بينما رحبت كمبوديا وتايلاند "
          "بالوساطة الماليزية، وأعلنت بنغلاديش دعمها.")
    got = mentions(ar, use_kb=False)
    for surface, key in [("رواندا", "kb:rwanda"), ("جمهورية الكونغو الديمقراطية", "kb:dr_congo"),
                         ("كمبوديا", "kb:cambodia"), ("تايلاند", "kb:thailand"),
                         ("الماليزية", "kb:malaysia"), ("بنغلاديش", "kb:bangladesh")]:
        assert (surface, "actor", key) in got, surface
    en = "Eritrean and Somali officials met in Djibouti; Burkina Faso and Niger sent observers."
    got = mentions(en, use_kb=False)
    for surface, key in [("Eritrean", "kb:eritrea"), ("Somali", "kb:somalia"),
                         ("Burkina Faso", "kb:burkina_faso"), ("Niger", "kb:niger")]:
        assert (surface, "actor", key) in got, surface


def test_a_state_name_that_is_an_ordinary_word_needs_its_context() -> None:
    """'مالي' is Mali and 'financial': the usage file marks it, whatever CLDR lists."""
    got = mentions("وقدمت الحكومة دعماً مالياً ودعم مالي إضافي للمصارف.", use_kb=False)
    assert not [m for m in got if m[2] == "kb:mali"]
    assert "مالي" not in load_states()["mali"].names.get("ar", [])


def test_a_shared_adjective_goes_to_one_state() -> None:
    states = load_states()
    owners = [s.id for s in states.values() if "Congolese" in s.adjectives.get("en", [])]
    assert owners == ["dr_congo"]


def test_world_files_load_and_do_not_repeat_the_story_cast() -> None:
    kb = load_kb()
    assert WORLD, "the world actor files are shipped"
    for path in WORLD:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(entries, list) and entries
        for e in entries:
            assert e["id"] in kb and e["names"].get("en") and e["names"].get("ar"), e["id"]


def test_negotiators_of_other_stories_are_known_in_both_scripts() -> None:
    ar = "والتقى وزير الخارجية الباكستاني إسحاق دار نظيره الإيراني، فيما هاجم بنيامين نتنياهو حركة حماس."
    got = {key for _, kind, key in mentions(ar) if kind == "actor"}
    assert {"kb:netanyahu", "kb:hamas"} <= got, got
    assert any(k.startswith("kb:") and "dar" in k for k in got), got
    en = "Shehbaz Sharif thanked Marco Rubio; Hun Manet and Anwar Ibrahim met in Putrajaya."
    got = {key for _, kind, key in mentions(en) if kind == "actor"}
    assert {"kb:rubio", "kb:hun_manet", "kb:anwar_ibrahim"} <= got, got


def test_a_short_arabic_surname_needs_its_title() -> None:
    """'لاي' is Lai Ching-te after a title, and 'لأي' ("for any") elsewhere is nobody."""
    got = mentions("وقال الرئيس لاي إن الجزيرة لن تتراجع، ولأي سبب كان.")
    assert [m for m in got if m[2] == "kb:lai_ching_te"] == [("لاي", "actor", "kb:lai_ching_te")]


def test_a_world_name_that_is_a_word_is_marked_ambiguous() -> None:
    got = mentions("ولولا الوساطة لما توقف القتال، وأشاد الرئيس البرازيلي لولا دا سيلفا بالاتفاق.")
    assert [m[0] for m in got if m[2] == "kb:lula" and m[1] == "actor"] == ["لولا دا سيلفا"]


def test_with_no_story_data_a_new_negotiation_still_has_its_cast(tmp_path, monkeypatch) -> None:
    """Nothing of the shipped story is needed: with the story's cast and the world's actor files
    replaced by an empty file, the states are found and the people and bodies of an article on
    another negotiation are discovered from how the text introduces them."""
    from backchannel.pipeline import analyse_document
    from backchannel.recognise import knowledge
    from backchannel.text.document import Document

    empty = tmp_path / "empty.yaml"
    empty.write_text("[]\n", encoding="utf-8")
    monkeypatch.setattr(knowledge, "SHIPPED", empty)
    monkeypatch.setattr(knowledge, "WORLD", [])
    text = ("التقى وزير الخارجية الإريتري عثمان صالح نظيره الإثيوبي تاديسي وركو في جيبوتي أمس، "
            "بحضور ممثلين عن حركة زمرا. وقال وركو إن وفد زمرا قدم ورقة جديدة.\n\n"
            "Eritrean officials said the Horn Security Council would meet again in May.")
    a = analyse_document(Document(source="t.txt", text=text, date="2025-03-02"), BuildOptions())
    keys = {m.key for m in a.mentions if m.kind == "actor"}
    assert {"kb:eritrea", "kb:ethiopia"} <= keys
    found = {m.span.text for m in a.mentions if m.kind == "actor" and m.key.startswith("new:")}
    assert {"عثمان صالح", "تاديسي وركو", "حركة زمرا", "Horn Security Council"} <= found, found
    assert not [k for k in keys if k.startswith("kb:") and k[3:] not in load_states()]


def test_loose_spellings_do_not_make_words_into_people() -> None:
    """A vowel-less skeleton shared by a word and a name is not enough: "سيارات" (cars) is not
    Szijjártó (سيارتو), "النوويتين" (the two nuclear ...) is not Anutin (أنوتين)."""
    got = mentions("وتراجعت مبيعات السيارات والمنشأتين النوويتين بحسب التقرير، وقال سيارتو إن بلاده ترفض ذلك.")
    keys = [(m[0], m[2]) for m in got if m[1] == "actor"]
    assert ("سيارتو", "kb:szijjarto") in keys
    assert not [k for k in keys if k[0] in ("السيارات", "النوويتين")]


def test_a_conjunction_on_a_two_letter_first_name() -> None:
    got = mentions("وأجرى ترامب وشي جين بينغ مكالمة هاتفية.")
    assert ("شي جين بينغ", "actor", "kb:xi") in got


def test_a_surname_after_and_is_a_second_person() -> None:
    """'هون مانيت وأنوتين': the و starts another name, so أنوتين is not a Manet's surname."""
    got = mentions("وصل هون مانيت وأنوتين إلى كوالالمبور أمس.")
    assert ("أنوتين", "actor", "kb:anutin_charnvirakul") in got
