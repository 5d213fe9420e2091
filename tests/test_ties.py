"""Ties the text states between actors, with their evidence."""
from __future__ import annotations

from backchannel.extract.ties import extract_ties
from backchannel.kb.model import Corpus, DocAnalysis
from backchannel.pipeline import BuildOptions
from backchannel.recognise.actors import recognise_actors
from backchannel.recognise.discover import discover_actors
from backchannel.resolve.actors import resolve_actors
from backchannel.text import Document, analyse


def ties_of(*texts: str) -> list[tuple[str, str, str, str, int]]:
    """(source name, kind, target name, first evidence text, pieces of evidence) of the resolved ties."""
    options = BuildOptions()
    analyses = []
    for i, text in enumerate(texts):
        a = DocAnalysis(doc=Document(source=f"{i}.txt", text=text), layer=analyse(text))
        recognise_actors(a, options)
        discover_actors(a, options)
        extract_ties(a, options)
        assert not a.notes
        analyses.append(a)
    corpus = Corpus(analyses=analyses)
    resolve_actors(corpus, options)
    names = {a.id: a.name for a in corpus.actors}
    out = []
    for t in corpus.ties:
        for e in t.evidence:
            doc = next(a.doc for a in analyses if a.doc.id == e.doc)
            assert doc.text[e.start:e.end] == e.text
        out.append((names[t.source], t.kind, names[t.target], t.evidence[0].text, len(t.evidence)))
    return out


def test_head_of_an_organisation_after_the_comma() -> None:
    got = ties_of("حصل كيريل ديمترييف، رئيس صندوق الثروة السيادية الروسي، على إعفاء.")
    assert ("Kirill Dmitriev", "heads", "Russian Direct Investment Fund",
            "كيريل ديمترييف، رئيس صندوق الثروة السيادية الروسي", 1) in got


def test_son_in_law_without_a_comma_and_through_a_descriptor() -> None:
    got = ties_of("زار ويتكوف وجاريد كوشنر صهر ترامب موسكو.", "وحضر صهر الرئيس الأمريكي الاجتماع.")
    (tie,) = [t for t in got if t[1] == "son_in_law_of"]
    assert tie == ("Jared Kushner", "son_in_law_of", "Donald Trump", "جاريد كوشنر صهر ترامب", 2)


def test_two_relations_in_one_role_phrase() -> None:
    got = {(s, k, t) for s, k, t, _, _ in ties_of("التقى إيجور سيتشين، رئيس روسنفت وسكرتير بوتين السابق، بالوفد.")}
    assert ("Igor Sechin", "heads", "Rosneft") in got
    assert ("Igor Sechin", "secretary_of", "Vladimir Putin") in got


def test_spokesperson_of_an_institution_for_a_discovered_person() -> None:
    got = {(s, k, t) for s, k, t, _, _ in ties_of("وقالت المتحدثة باسم البيت الأبيض، ليلى فرانكس، إن الاتفاق قريب.")}
    assert ("ليلى فرانكس", "spokesperson_of", "White House") in got


def test_english_role_after_the_name() -> None:
    got = {(s, k, t) for s, k, t, _, _ in ties_of("Kirill Dmitriev, head of the Russian Direct Investment Fund, flew in.")}
    assert ("Kirill Dmitriev", "heads", "Russian Direct Investment Fund") in got


def test_a_list_of_people_is_not_a_relation() -> None:
    got = ties_of("ويعمل ويتكوف مع نائب الرئيس جي دي فانس، ووزير الخارجية ماركو روبيو.")
    assert not [t for t in got if t[0] == "JD Vance" and t[2] == "Marco Rubio"]


def test_the_same_tie_in_two_articles_is_one_tie_with_two_pieces_of_evidence() -> None:
    got = ties_of("قال كيريل ديمترييف، رئيس صندوق الاستثمار المباشر الروسي، إن الخطة جاهزة.",
                  "ووصل كيريل ديمترييف، رئيس صندوق الاستثمار المباشر الروسي، إلى ميامي.")
    heads = [t for t in got if t[1] == "heads" and t[0] == "Kirill Dmitriev"]
    assert len(heads) == 1 and heads[0][4] == 2
