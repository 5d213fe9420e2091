"""States: names and adjectives from the states gazetteer (also with --no-kb), and capitals that
act for their government (metonyms) as role mentions, never as names."""
from __future__ import annotations

from backchannel.kb.model import DocAnalysis
from backchannel.pipeline import BuildOptions
from backchannel.recognise.actors import recognise_actors
from backchannel.text import Document, analyse


def mentions(text: str, **options: object) -> list[tuple[str, str, str]]:
    """(text, kind, key) of every mention recognition adds, checking each span against the text."""
    a = DocAnalysis(doc=Document(source="t.txt", text=text), layer=analyse(text))
    recognise_actors(a, BuildOptions(**options))  # type: ignore[arg-type]
    assert not a.notes
    for m in a.mentions:
        assert text[m.span.start:m.span.end] == m.span.text
    return [(m.span.text, m.kind, m.key) for m in a.mentions]


def test_without_the_knowledge_base_states_are_still_found_by_name_and_adjective() -> None:
    text = "ووقعت بلغاريا ورومانيا اتفاقاً مع الشركات الكازاخية، فيما انتقدت الحكومة المجرية الخطوة."
    got = mentions(text, use_kb=False)
    assert ("بلغاريا", "actor", "kb:bulgaria") in got
    assert ("رومانيا", "actor", "kb:romania") in got
    assert ("الكازاخية", "actor", "kb:kazakhstan") in got
    assert ("المجرية", "actor", "kb:hungary") in got


def test_without_the_knowledge_base_people_of_the_story_are_not_known() -> None:
    got = mentions("التقى ويتكوف بوتين في موسكو.", use_kb=False)
    assert not [m for m in got if m[1] == "actor"]


def test_english_states_without_the_knowledge_base() -> None:
    got = mentions("Slovakia and the Czech Republic objected; Estonian officials disagreed.", use_kb=False)
    assert ("Slovakia", "actor", "kb:slovakia") in got
    assert ("Czech Republic", "actor", "kb:czechia") in got
    assert ("Estonian", "actor", "kb:estonia") in got


def test_a_capital_that_acts_stands_for_its_state_as_a_role_mention() -> None:
    got = mentions("رفضت موسكو المقترح الأوروبي، واقترحت واشنطن جولة جديدة.")
    assert ("موسكو", "role", "kb:russia") in got
    assert ("واشنطن", "role", "kb:usa") in got
    assert not [m for m in got if m[0] in ("موسكو", "واشنطن") and m[1] == "actor"]


def test_a_capital_before_its_verb_acts_too_past_a_particle() -> None:
    got = mentions("وقال مسؤول إن أنقرة لن تقبل ذلك، وإن بكين ستقدم مبادرة.")
    assert ("أنقرة", "role", "kb:turkey") in got
    assert ("بكين", "role", "kb:china") in got


def test_a_capital_that_is_only_a_place_is_nothing() -> None:
    got = mentions("وصل ويتكوف إلى موسكو، ثم زار كوشنر واشنطن قبل أن يعود إلى كييف.")
    assert not [m for m in got if m[0] in ("موسكو", "واشنطن", "كييف")]


def test_english_capitals_act_only_as_subjects() -> None:
    got = mentions("Moscow rejected the plan on Monday. Witkoff flew to Moscow, and Washington has said it will wait.")
    assert [m for m in got if m[0] == "Moscow"] == [("Moscow", "role", "kb:russia")]
    assert ("Washington", "role", "kb:usa") in got


def test_capitals_act_without_the_knowledge_base() -> None:
    got = mentions("Kyiv rejected the demand.", use_kb=False)
    assert got == [("Kyiv", "role", "kb:ukraine")]


def test_a_word_that_spells_like_a_capital_is_not_one() -> None:
    # "كيف" (how) is never Kyiv; "بكين" is Beijing, not the clitic ب before the surname "كين"
    got = mentions("كيف ترى بكين الحرب؟")
    assert got == [("بكين", "role", "kb:china")]


def test_a_capital_after_a_preposition_is_not_acting_even_before_a_verb() -> None:
    got = mentions("Most issues between Washington and Kyiv had been settled, and Kyiv said so.")
    assert got.count(("Kyiv", "role", "kb:ukraine")) == 1
    assert ("Washington", "role", "kb:usa") not in got
    got = mentions("وقال إن الخلافات بين واشنطن وكييف قد حسمت.")
    assert not [m for m in got if m[1] == "role"]
