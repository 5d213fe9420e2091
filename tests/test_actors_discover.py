"""Discovering people and organisations the knowledge base lacks, from how the text frames them."""
from __future__ import annotations

import pytest

from backchannel.kb.model import DocAnalysis
from backchannel.pipeline import BuildOptions
from backchannel.recognise.actors import recognise_actors
from backchannel.recognise.discover import discover_actors
from backchannel.text import Document, analyse


def discover(text: str, use_kb: bool = True, outlet: str | None = None) -> DocAnalysis:
    analysis = DocAnalysis(doc=Document(source="t.txt", text=text, outlet=outlet), layer=analyse(text))
    options = BuildOptions(use_kb=use_kb)
    recognise_actors(analysis, options)
    discover_actors(analysis, options)
    assert not analysis.notes
    for m in analysis.mentions:
        assert text[m.span.start:m.span.end] == m.span.text
    return analysis


def new(a: DocAnalysis) -> list[tuple[str, str]]:
    """(text, type) of the discovered actor mentions."""
    return [(m.span.text, m.value["type"]) for m in a.mentions
            if m.kind == "actor" and m.value.get("source") == "discovered"]


def test_role_and_comma_before_a_name() -> None:
    a = discover("وأوضحت المتحدثة باسم وزارة الطاقة، ليلى فرانكس، أن المحادثات مستمرة.")
    assert ("ليلى فرانكس", "person") in new(a)
    m = next(m for m in a.mentions if m.span.text == "ليلى فرانكس")
    assert m.value["role"] == "المتحدثة باسم وزارة الطاقة"
    assert m.key.startswith("new:person:")


def test_a_given_name_and_family_name_without_a_title() -> None:
    assert ("ستيفن هارلو", "person") in new(discover("وفي الوقت نفسه كان ستيفن هارلو يسعى لشراء الحصة."))


def test_a_given_name_that_is_a_word_needs_a_role() -> None:
    assert new(discover("قال جو بارد إن الجو بارد.")) == []
    assert ("نيل هاربر", "person") in new(discover('التقى نائب رئيس شركة "بترو ماكس"، نيل هاربر، مع الوزير.'))


def test_name_comma_role_after_it() -> None:
    a = discover("وكان ماركوس فيلدمان، صديق الرئيس في الجامعة، يفاوض على الحصة.")
    assert ("ماركوس فيلدمان", "person") in new(a)


def test_head_noun_with_a_quoted_name_and_with_a_genitive() -> None:
    got = new(discover('وناقشت شركة "نورث ريدج كابيتال" الصفقة مع وزارة المالية النرويجية وصندوق التقاعد الحكومي.'))
    assert ("نورث ريدج كابيتال", "company") in got
    assert ("وزارة المالية النرويجية", "government_body") in got
    assert ("صندوق التقاعد الحكومي", "organization") in got


def test_generic_phrases_built_like_organisations_are_not_organisations() -> None:
    assert new(discover("وقال رئيس مجلس الإدارة إن الشركة الأم راضية.")) == []


def test_the_institution_a_spokesperson_speaks_for() -> None:
    got = new(discover("قال المتحدث باسم الكرملين إن اللقاء مفيد.", use_kb=False))
    assert ("الكرملين", "government_body") in got


def test_english_names_by_given_name_and_by_head_word() -> None:
    got = new(discover("Neil Harper met officials of Harbor Ridge Capital and the Norwegian Finance Ministry."))
    assert ("Neil Harper", "person") in got
    assert ("Harbor Ridge Capital", "company") in got


def test_the_surname_later_in_the_article_is_the_same_person_but_not_before_it() -> None:
    text = "وصل الوفد إلى حي هارلو القديم. ثم قال المستثمر ستيفن هارلو إن العرض جيد. وأضاف هارلو أنه متفائل."
    a = discover(text)
    mentions = [(m.span.text, m.key) for m in a.mentions if m.kind == "actor"]
    assert [t for t, _ in mentions] == ["ستيفن هارلو", "هارلو"]
    assert mentions[0][1] == mentions[1][1]
    assert text.index("هارلو أنه") == next(m.span.start for m in a.mentions if m.span.text == "هارلو")


def test_known_actors_are_not_discovered_again() -> None:
    a = discover("وقال الرئيس الروسي فلاديمير بوتين إن ستيفن هارلو مرحب به.")
    assert ("فلاديمير بوتين", "person") not in new(a)
    assert ("ستيفن هارلو", "person") in new(a)


def test_without_the_knowledge_base_people_are_still_found() -> None:
    a = discover("قال الرئيس الروسي فلاديمير بوتين للمبعوث ستيف ويتكوف إن كيريل ديمترييف، رئيس الصندوق، سيتابع.",
                 use_kb=False)
    got = [t for t, _ in new(a)]
    assert {"فلاديمير بوتين", "ستيف ويتكوف", "كيريل ديمترييف"} <= set(got)


def test_the_publisher_named_in_the_dateline() -> None:
    text = "دبي -الشرق\n\nاجتمع المسؤولون في الشرق الأوسط لبحث الخطة."
    a = discover(text, outlet="Asharq")
    pubs = [(m.span.start, m.span.text) for m in a.mentions if m.value.get("role") == "publisher"]
    assert pubs == [(text.index("الشرق"), "الشرق")]  # not the one in "الشرق الأوسط"


def test_a_title_glued_to_a_name_is_cut_off() -> None:
    a = discover("رئيس مجلس الإدارة د. محمد أسامة هارونرئيس التحرير أحمد نصار")
    got = [t for t, _ in new(a)]
    assert "محمد أسامة هارون" in got and "أحمد نصار" in got


def test_english_names_after_a_title_and_in_a_byline() -> None:
    got = new(discover("Separately, Sberbank CEO Herwig Grafton said so.\nReporting by Olena Harmash; Editing by Mark Trevelyan"))
    assert ("Herwig Grafton", "person") in got
    assert ("Olena Harmash", "person") in got
    assert ("Mark Trevelyan", "person") in got


def roles(a: DocAnalysis) -> dict[str, str | None]:
    """Discovered name -> the role recorded with it."""
    return {m.span.text: m.value.get("role") for m in a.mentions
            if m.kind == "actor" and m.value.get("source") == "discovered"}


def test_a_title_ending_in_a_nisba_introduces_a_name_with_no_known_given_name() -> None:
    a = discover("وقال نائب وزير الخارجية الإستوني ماركوس تساهكنا إن بلاده تؤيد العقوبات.", use_kb=False)
    assert ("ماركوس تساهكنا", "person") in new(a)
    assert roles(a)["ماركوس تساهكنا"] == "نائب وزير الخارجية الإستوني"


def test_words_after_a_title_that_are_not_a_name_stay_words() -> None:
    for text in ("وقال الرئيس الأوكراني عقب اجتماع مع الوفد إن الأجواء إيجابية.",
                 "وأبلغ الرئيس الفرنسي نظيره الأمريكي هاتفيا بأن القمة تأجلت.",
                 "وأكد وزير الخارجية الروسي خلال مؤتمر صحفي أن موسكو مستعدة.",
                 "واستقبل الرئيس الروسي وفدا أمريكيا رفيعا في الكرملين."):
        assert [t for t, k in new(discover(text, use_kb=False)) if k == "person"] == [], text


def test_a_name_between_a_head_noun_and_a_definite_nisba_is_an_organisation() -> None:
    a = discover("ووقعت شركة زيرافكو النرويجية عقداً مع شركة نفط روسية كبرى.", use_kb=False)
    assert new(a) == [("زيرافكو", "company")]  # "شركة نفط روسية" is any Russian oil company
    # a genitive is not a name: "حلف شمال الأطلسي" is the North Atlantic alliance, not a "شمال"
    assert "شمال" not in [t for t, _ in new(discover("وقال قادة حلف شمال الأطلسي إن", use_kb=False))]


def test_a_definite_head_and_one_nisba_name_a_body_only_for_heads_that_do() -> None:
    got = new(discover("وقالت المفوضية الأوروبية إن السفارة الأمريكية أغلقت، فيما نفت الشركة الروسية ذلك.",
                       use_kb=False))
    assert ("المفوضية الأوروبية", "government_body") in got
    assert ("السفارة الأمريكية", "government_body") in got
    assert not [t for t, _ in got if "الشركة" in t]


def test_a_quoted_name_after_the_noun_for_its_leader_is_an_organisation() -> None:
    got = new(discover("والتقى نائب رئيس الشركة رئيس «فالدانور» في الدوحة.", use_kb=False))
    assert ("فالدانور", "organization") in got


def test_english_descriptors_name_organisations_and_possessives_do_not() -> None:
    got = new(discover("A bid by the Norwegian shipping firm Zeravco for the terminal failed. "
                       "The president told his Security Council the same day.", use_kb=False))
    assert ("Zeravco", "company") in got
    assert not [t for t, _ in got if "Council" in t]


def test_an_english_title_with_of_is_not_a_name() -> None:
    a = discover("Secretary of State Tobias Wrenfield met Minister of Foreign Affairs Idris Kaltenborn.", use_kb=False)
    assert sorted(new(a)) == [("Idris Kaltenborn", "person"), ("Tobias Wrenfield", "person")]


def test_a_dateline_names_the_outlet_as_the_publisher() -> None:
    a = discover("موسكو – وكالة السهم للأنباء\n\nقال مسؤولون إن الجولة المقبلة ستعقد قريباً.")
    pubs = [(m.span.text, m.value["type"]) for m in a.mentions if m.value.get("form") == "publisher"]
    assert pubs == [("وكالة السهم للأنباء", "media")]


def test_a_head_noun_with_its_task_and_object_names_a_body() -> None:
    got = new(discover("ويتطلب البيع ترخيصاً من مكتب مراقبة الصادرات العسكرية، وقالت وكالة مكافحة الفساد إن "
                       "مجلس إدارة الشركة لم يعلق.", use_kb=False))
    assert ("مكتب مراقبة الصادرات العسكرية", "government_body") in got
    assert ("وكالة مكافحة الفساد", "government_body") in got
    assert not [t for t, _ in got if t.startswith("مجلس")]  # a board of directors is no one in particular


def test_arab_family_names_hyphenated_names_and_long_names_with_particles() -> None:
    a = discover("وقال المتحدث باسم الوزارة ماجد الأنصاري إن مفوضة حقوق الطفل ماريا كرافتسوفا-بيلينا "
                 "التقت الشيخ حمد بن خليفة بن عبدالله آل ثاني، فيما قال أحمد الثلاثاء الماضي إن", use_kb=False)
    got = [t for t, k in new(a) if k == "person"]
    assert "ماجد الأنصاري" in got
    assert "ماريا كرافتسوفا-بيلينا" in got
    assert "حمد بن خليفة بن عبدالله آل ثاني" in got
    assert not [t for t in got if "الثلاثاء" in t]  # a weekday is not a family name
    assert roles(a)["ماجد الأنصاري"] == "المتحدث باسم الوزارة"


def test_english_bodies_named_head_first() -> None:
    got = new(discover("Analysts at the Institute for the Study of Warfare said so, and the Office of the "
                       "President Viktor Marchenko replied.", use_kb=False))
    assert ("Institute for the Study of Warfare", "organization") in got
    assert ("Office of the President", "government_body") in got  # the name after it is a person's
    assert ("Viktor Marchenko", "person") in got


def test_a_research_body_named_by_its_field() -> None:
    got = new(discover("وأشار تقرير صادر عن معهد دراسات الصراع البلطيقي إلى تقدم محدود.", use_kb=False))
    assert ("معهد دراسات الصراع البلطيقي", "organization") in got


def test_a_compound_given_name_is_one_given_name() -> None:
    """'عبد' and the definite word after it are one given name, so the name is not cut there."""
    got = new(discover("واستقبل الرئيس عبد الكريم الفلاحي الوفد، ثم التقى يوسف بن عبد الرحمن آل مرزوق.", use_kb=False))
    assert ("عبد الكريم الفلاحي", "person") in got
    assert ("يوسف بن عبد الرحمن آل مرزوق", "person") in got


def test_a_definite_family_name_the_article_repeats() -> None:
    text = "وترأس يوسف الخطيب وفد الحركة إلى الجولة. وقال الخطيب إن الوسطاء قدموا ضمانات."
    assert ("يوسف الخطيب", "person") in new(discover(text, use_kb=False))
    once = "وقال يوسف الأسبوع الماضي إن الوسطاء قدموا ضمانات."
    assert not [n for n in new(discover(once, use_kb=False)) if "الأسبوع" in n[0]]


def test_a_movement_named_by_its_noun_and_a_delegation_by_its_sender() -> None:
    text = "وقالت حركة زيتار إن وفد زيتار سيصل غداً، فيما رفضت جماعة الأنوار المقترح. وأكدت الأنوار موقفها."
    got = new(discover(text, use_kb=False))
    assert ("حركة زيتار", "movement") in got
    assert ("جماعة الأنوار", "movement") in got
    assert any(t == "زيتار" for t, _ in got)


def test_common_nouns_after_those_nouns_are_no_names() -> None:
    text = ("وتراجعت حركة التجارة عبر المضيق، ونشطت جماعة ضغط الشركات، وقالت الحركة تلقت ضمانات، "
            "وهاجمت ميليشيا أسسها الجيش القرية، وقاد وفد الحكومة المحادثات بعد أن تحدث وفد الحكومة.")
    assert new(discover(text, use_kb=False)) == []


def test_a_repeated_capitalised_word_is_a_name_unless_it_is_a_place() -> None:
    text = ("Officials said Zorvan had accepted the text. Talks with Zorvan resumed, and mediators "
            "met in Qelmar while reporters waited in Qelmar. African leaders and Palestinians watched; "
            "Palestinians marched.")
    got = new(discover(text, use_kb=False))
    assert ("Zorvan", "organization") in got
    assert not [n for n in got if n[0] in ("Qelmar", "African", "Palestinians")]


def test_a_verb_with_its_conjunction_is_not_the_first_word_of_a_name() -> None:
    got = new(discover("وتولى زارين، زعيم حزب بومجايثاي، رئاسة الحكومة. وقال وليد كرمان، الزعيم الدرزي، إن الوضع خطير.",
                       use_kb=False))
    assert ("زارين", "person") in got
    assert ("وليد كرمان", "person") in got
    assert ("حزب بومجايثاي", "organization") in got
    assert not [n for n in got if n[0].startswith("وتولى")]


def test_a_rank_before_a_new_name_is_not_a_person(build_kb) -> None:
    data = build_kb({"a.txt": "# outlet: Test Wire\n# date: 2025-11-29\n\nThe director general of military "
                              "operations, Lt Gen Rajiv Ghai, spoke to reporters on Monday.\n"})
    people = {a["name"] for a in data["actors"] if a["type"] == "person"}
    assert "Rajiv Ghai" in people and not any(n.startswith(("Lt", "Gen")) for n in people)


@pytest.mark.parametrize("text, person, role_word", [
    ("Nattaphon Narkphanit, Thailand's acting defence minister, said on Monday the truce held.",
     "Nattaphon Narkphanit", "minister"),
    ("Tomas Kovar, the acting foreign minister, said on Monday the talks would go on.", "Tomas Kovar", "minister"),
])
def test_an_english_name_described_after_its_comma_is_a_person(build_kb, text: str, person: str,
                                                                role_word: str) -> None:
    data = build_kb({"a.txt": "# outlet: Test Wire\n# date: 2025-11-29\n\n" + text + "\n"})
    found = [a for a in data["actors"] if a["name"] == person]
    assert found and found[0]["type"] == "person" and any(role_word in r for r in found[0]["roles"])


@pytest.mark.parametrize("text, name", [
    ("The General Border Committee will meet on 4 August.", "General Border Committee"),
])
def test_a_title_word_opening_a_bodys_name_stays_in_it(build_kb, text: str, name: str) -> None:
    data = build_kb({"a.txt": "# outlet: Test Wire\n# date: 2025-11-29\n\n" + text + "\n"})
    assert name in {a["name"] for a in data["actors"]}


@pytest.mark.parametrize("text, not_names", [
    ('وقال رئيس البرلمان إن الوكالة "رفضت حتى إدانة" الهجمات على المنشآت.', ["رفضت حتى إدانة"]),
    ('وكتب الرئيس أن الصين "يمكنها الآن مواصلة شراء النفط".', ["الآن مواصلة"]),
    ("وصعّد الرئيس الأميركي لهجته أواخر الشهر الماضي.", ["لهجته أواخر"]),
])
def test_quotes_adverbs_and_possessed_nouns_are_not_new_actors(build_kb, text: str, not_names: list[str]) -> None:
    data = build_kb({"a.txt": "# outlet: Test Wire\n# date: 2025-11-29\n\n" + text + "\n"})
    names = {a["name"] for a in data["actors"]}
    assert not names & set(not_names), names


@pytest.mark.parametrize("kb, body", [(True, "Ministry of Foreign Affairs of Iran"), (False, "الخارجية الإيرانية")])
def test_a_spokesman_of_a_ministry_with_its_states_adjective_names_that_states_ministry(
        build_kb, kb: bool, body: str) -> None:
    data = build_kb({"a.txt": "# outlet: Test Wire\n# date: 2025-11-29\n\n"
                              "ونفى المتحدث باسم الخارجية الإيرانية إسماعيل بقائي أن تكون الجولة قد تأجلت.\n"},
                    use_kb=kb)
    names = {a["name"] for a in data["actors"]}
    assert body in names and "الخارجية" not in names and "Ministry of Foreign Affairs of Ukraine" not in names


@pytest.mark.parametrize("text, body, not_body", [
    ("وقال الجيش الرواندي في بيان إن قواته انسحبت من المنطقة.", "الجيش الرواندي", None),
    ("ورحب الاتحاد الأفريقي بالاتفاق في بيان صدر أمس.", "الاتحاد الأفريقي", None),
    ("وقالت الحكومة التايلاندية إن المحادثات ستستأنف.", "الحكومة التايلاندية", None),
    ("وأعلنت الرئاسة الدورية للرابطة أن الاجتماع تأجل.", None, "الرئاسة الدورية"),
])
def test_an_army_a_government_or_a_union_is_named_by_its_states_or_regions_adjective(
        build_kb, text: str, body: str | None, not_body: str | None) -> None:
    data = build_kb({"a.txt": "# outlet: Test Wire\n# date: 2025-11-29\n\n" + text + "\n"}, use_kb=False)
    names = {a["name"] for a in data["actors"]}
    assert body is None or body in names, names
    assert not_body is None or not_body not in names, names
