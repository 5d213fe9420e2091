"""Articles about 2025 events the seeds never cover, with people and bodies they never name,
introduced the ways news writes them: with and without the knowledge base, the right people
and organisations are found, with their type and role, and nothing else is."""
from __future__ import annotations

from typing import Callable

import pytest

# Short articles written for these tests (paraphrases of publicly reported 2025 events).
ISTANBUL_AR = """أنقرة – استضافت إسطنبول يوم الجمعة أول محادثات مباشرة بين روسيا وأوكرانيا منذ ربيع 2022، بحضور وزير الخارجية التركي هاكان فيدان الذي افتتح الجلسة.

وترأس الوفد الروسي مساعد الرئيس فلاديمير ميدينسكي، وضم نائب وزير الخارجية ميخائيل غالوزين، فيما قاد الوفد الأوكراني وزير الدفاع رستم عمروف. وقال المتحدث باسم وزارة الخارجية الأوكرانية هيورهي تيخي إن كييف جاءت بنية جادة.

ورفضت موسكو وقفاً فورياً لإطلاق النار، بينما اتفق الطرفان على تبادل ألف أسير من كل جانب. وأعلنت أنقرة أنها مستعدة لاستضافة جولة ثانية.

وفي بودابست، انتقد رئيس الوزراء المجري فيكتور أوربان العقوبات الأوروبية، في حين قال كبير المفاوضين الأوكرانيين رستم عمروف إن بلاده لن تتنازل عن أراضيها.
"""

ASSETS_AR = """رفضت وزارة الخزانة الأمريكية عرض شركة غنفور السويسرية لتجارة السلع لشراء الأصول الخارجية لشركة لوك أويل الروسية. وقال الرئيس التنفيذي لشركة غنفور، توربيورن تورنكفيست، إن الوصف مضلل.

وفي بروكسل، حذرت المديرة التنفيذية لمؤسسة يوروكلير، فاليري أوربان، من أن استخدام الأصول الروسية المجمدة قد يهز ثقة المستثمرين. وقال رئيس الوزراء البلجيكي بارت دي ويفر إن بلاده تطالب بضمانات قبل الموافقة على القرض.
"""

ISTANBUL_EN = """ISTANBUL — Turkish Foreign Minister Hakan Fidan opened the first direct talks between Russia and Ukraine in three years on Friday. Ukraine's chief negotiator Rustem Umerov headed the Ukrainian side, and the head of Ukraine's military intelligence, Kyrylo Budanov, also attended.

Moscow rejected an immediate ceasefire. Ukrainian foreign ministry spokesman Heorhii Tykhyi said Kyiv had come in good faith.

In Budapest, Hungarian Prime Minister Viktor Orban again criticised European sanctions. Separately, the US Treasury turned down a bid by the Swiss commodity trader Gunvor for Lukoil's foreign assets. Gunvor co-founder Torbjorn Tornqvist said the claim was wrong, and Euroclear chief executive Valerie Urbain warned that seizing Russian assets could shake confidence in the euro.
"""

ARTICLES = {"istanbul.ar.txt": ISTANBUL_AR, "assets.ar.txt": ASSETS_AR, "istanbul.en.txt": ISTANBUL_EN}


def by_document(data: dict) -> dict[str, dict[str, dict]]:
    """document id -> actor name -> actor, for the actors named in each document."""
    out: dict[str, dict[str, dict]] = {}
    for a in data["actors"]:
        for m in a["mentions"]:
            out.setdefault(m["doc"], {})[a["name"]] = a
    return out


def one_of(names: dict[str, dict], *spellings: str) -> dict:
    """The actor named by one of ``spellings`` (its canonical name in the knowledge base, or its
    name as discovered); fails if there is none."""
    found = [names[s] for s in spellings if s in names]
    assert len(found) == 1, (spellings, sorted(names))
    return found[0]


@pytest.fixture(scope="module", params=[True, False], ids=["kb", "no-kb"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[bool, dict]:
    from backchannel.export.json_export import export_kb
    from backchannel.pipeline import BuildOptions, build

    folder = tmp_path_factory.mktemp("unseen")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = folder / "kb.db"
    build([folder], db, BuildOptions(use_kb=request.param), replace=True)
    return request.param, export_kb(db)


def test_officials_introduced_by_title_and_nisba_are_people_with_that_role(built: tuple[bool, dict]) -> None:
    _, data = built
    doc = by_document(data)["istanbul.ar"]
    fidan = one_of(doc, "Hakan Fidan")
    assert fidan["type"] == "person" and "وزير الخارجية التركي" in fidan["roles"]
    orban = one_of(doc, "Viktor Orbán", "Viktor Orban")
    assert orban["type"] == "person" and "رئيس الوزراء المجري" in orban["roles"]
    tykhyi = one_of(doc, "Heorhii Tykhyi", "هيورهي تيخي")  # in no knowledge base
    assert tykhyi["type"] == "person" and "المتحدث باسم وزارة الخارجية الأوكرانية" in tykhyi["roles"]
    galuzin = one_of(doc, "Mikhail Galuzin", "ميخائيل غالوزين")
    assert "نائب وزير الخارجية" in galuzin["roles"]


def test_a_presidential_aide_is_not_given_the_presidents_title_when_he_is_known(built: tuple[bool, dict]) -> None:
    use_kb, data = built
    medinsky = one_of(by_document(data)["istanbul.ar"], "Vladimir Medinsky", "فلاديمير ميدينسكي")
    if use_kb:
        assert "مساعد الرئيس" in medinsky["roles"]


def test_english_titles_name_people_with_their_roles(built: tuple[bool, dict]) -> None:
    _, data = built
    doc = by_document(data)["istanbul.en"]
    assert "Foreign Minister" in one_of(doc, "Hakan Fidan")["roles"]
    assert "Prime Minister" in one_of(doc, "Viktor Orbán", "Viktor Orban")["roles"]
    assert "chief negotiator" in one_of(doc, "Rustem Umerov")["roles"]
    assert "head of Ukraine's military intelligence" in one_of(doc, "Kyrylo Budanov")["roles"]
    assert "spokesman" in one_of(doc, "Heorhii Tykhyi")["roles"]
    assert "chief executive" in one_of(doc, "Valerie Urbain")["roles"]


def test_companies_named_after_their_head_noun_or_descriptor(built: tuple[bool, dict]) -> None:
    _, data = built
    docs = by_document(data)
    assert one_of(docs["assets.ar"], "Gunvor")["type"] == "company"  # شركة غنفور السويسرية
    assert one_of(docs["istanbul.en"], "Gunvor")["type"] == "company"  # the Swiss commodity trader Gunvor
    assert one_of(docs["assets.ar"], "Lukoil", "لوك أويل")["type"] == "company"
    assert "Switzerland" in docs["assets.ar"] and "Switzerland" in docs["istanbul.en"]


def test_the_same_new_name_in_two_scripts_is_one_actor(built: tuple[bool, dict]) -> None:
    _, data = built
    docs = by_document(data)
    for spellings in (("Heorhii Tykhyi", "هيورهي تيخي"), ("Gunvor",), ("Torbjorn Tornqvist",)):
        ar = one_of(docs["assets.ar"] if spellings[0] != "Heorhii Tykhyi" else docs["istanbul.ar"], *spellings)
        en = one_of(docs["istanbul.en"], *spellings)
        assert ar["id"] == en["id"], spellings


def test_someone_who_shares_a_known_surname_is_someone_else(built: tuple[bool, dict]) -> None:
    _, data = built
    doc = by_document(data)["assets.ar"]
    urbain = one_of(doc, "Valerie Urbain", "فاليري أوربان")
    assert urbain["type"] == "person" and "المديرة التنفيذية لمؤسسة يوروكلير" in urbain["roles"]
    assert "Viktor Orbán" not in doc and "Viktor Orban" not in doc


def test_capitals_that_act_stand_for_their_state_as_roles_only(built: tuple[bool, dict]) -> None:
    _, data = built
    names = {m["text"] for a in data["actors"] for m in a["mentions"]}
    assert not names & {"موسكو", "أنقرة", "Moscow", "بودابست", "Budapest"}


EXPECTED = {
    # document -> the actors a reader finds there, each as the names it may go by
    "istanbul.ar": [("Russia",), ("Ukraine",), ("Turkey",), ("Hungary",), ("Europe",), ("Hakan Fidan",),
                    ("Vladimir Medinsky", "فلاديمير ميدينسكي"), ("Mikhail Galuzin", "ميخائيل غالوزين"),
                    ("Rustem Umerov",), ("Heorhii Tykhyi", "هيورهي تيخي"), ("Viktor Orbán", "Viktor Orban"),
                    ("Ministry of Foreign Affairs of Ukraine", "وزارة الخارجية الأوكرانية")],
    "assets.ar": [("US Department of the Treasury", "وزارة الخزانة الأمريكية"), ("United States",), ("Gunvor",),
                  ("Switzerland",), ("Lukoil", "لوك أويل"), ("Russia",), ("Torbjorn Tornqvist",),
                  ("Euroclear", "يوروكلير"), ("Valerie Urbain", "فاليري أوربان"), ("Belgium",),
                  ("Bart De Wever", "بارت دي ويفر")],
    "istanbul.en": [("Turkey",), ("Hakan Fidan",), ("Russia",), ("Ukraine",), ("Rustem Umerov",), ("Kyrylo Budanov",),
                    ("Heorhii Tykhyi",), ("Hungary",), ("Viktor Orbán", "Viktor Orban"), ("Europe",), ("Switzerland",),
                    ("Gunvor",), ("Torbjorn Tornqvist",), ("Valerie Urbain",), ("US Department of the Treasury",),
                    ("United States",), ("Lukoil",), ("Euroclear",)],
}
# what only the knowledge base can know: one-word names with no frame around them
ONLY_WITH_KB = {("istanbul.en", e) for e in [("Lukoil",), ("Euroclear",), ("US Department of the Treasury",)]} \
    | {("assets.ar", ("Euroclear", "يوروكلير"))}
# the United States is named only inside the Treasury's name, which the knowledge base knows whole
MAY_BE_ABSENT = {("assets.ar", ("United States",)), ("istanbul.en", ("United States",))}


def test_nothing_else_is_taken_for_an_actor(built: tuple[bool, dict]) -> None:
    use_kb, data = built
    docs = by_document(data)
    for doc, expected in EXPECTED.items():
        names = set(docs[doc])
        wanted = [e for e in expected if (doc, e) not in MAY_BE_ABSENT and (use_kb or (doc, e) not in ONLY_WITH_KB)]
        matched = {n for e in wanted for n in e if n in names}
        assert len(matched) == len(wanted), (doc, [e for e in wanted if not set(e) & names])
        assert names <= {n for e in expected for n in e}, (doc, names - {n for e in expected for n in e})


def test_writing_the_same_articles_twice_gives_the_same_actors(
        build_kb: Callable[..., dict], built: tuple[bool, dict]) -> None:
    use_kb, data = built
    again = build_kb(ARTICLES, use_kb=use_kb)
    assert sorted(a["id"] for a in again["actors"]) == sorted(a["id"] for a in data["actors"])
