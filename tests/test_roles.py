"""Who did what to whom: source, target and host read from the clause's grammar (extract/arguments.py).

One test per argument frame and per cue that keeps a name out of a role, in both languages,
on sentences the tests write themselves; and the summaries a reader sees follow the roles.
"""
from __future__ import annotations

import pytest

HEADER = "# outlet: Test Wire\n# date: 2025-11-29\n\n"


def ids(data: dict) -> dict[str, str]:
    return {a["name"]: a["id"] for a in data["actors"]}


def names(data: dict, keys: list[str]) -> list[str]:
    by_id = {a["id"]: a["name"] for a in data["actors"]}
    return [by_id[k] for k in keys]


def one(data: dict, etype: str) -> dict:
    found = [e for e in data["events"] if e["type"] == etype]
    assert len(found) == 1, [(e["type"], e["evidence"][0]["text"]) for e in data["events"]]
    return found[0]


def test_arabic_active_verb_subject_acts_on_what_follows_ala(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وفرضت الولايات المتحدة عقوبات على شركة روسنفت في أكتوبر الماضي.\n"})
    e = one(data, "sanction")
    assert names(data, e["source"]) == ["United States"] and names(data, e["target"]) == ["Rosneft"]
    assert e["summary"].startswith("US imposed sanctions on Rosneft")


def test_english_active_verb_subject_and_bare_object(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "The US Treasury sanctioned Lukoil on Friday, officials said.\n"})
    e = one(data, "sanction")
    assert names(data, e["source"]) == ["US Department of the Treasury"] and names(data, e["target"]) == ["Lukoil"]


def test_english_passive_puts_the_subject_as_target_and_by_as_source(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "Kirill Dmitriev was sanctioned by the US Treasury in 2022.\n"})
    e = one(data, "sanction")
    assert names(data, e["source"]) == ["US Department of the Treasury"] and names(data, e["target"]) == ["Kirill Dmitriev"]
    assert not e["summary"].startswith("Kirill") and not e["summary"].startswith("Dmitriev")


def test_arabic_receiving_verb_makes_its_subject_the_one_given_to(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وحصل كيريل ديميترييف على إعفاء خاص من وزارة الخزانة الأمريكية في أبريل 2025.\n"})
    e = one(data, "waiver")
    assert names(data, e["source"]) == ["US Department of the Treasury"] and names(data, e["target"]) == ["Kirill Dmitriev"]


def test_coordinated_subjects_share_the_source(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "Steve Witkoff and Jared Kushner offered a ten-year tariff package to Ukraine "
                                       "on Monday.\n"})
    e = one(data, "offer")
    assert set(names(data, e["source"])) == {"Steve Witkoff", "Jared Kushner"}
    assert names(data, e["target"]) == ["Ukraine"]


def test_arabic_request_from_someone_is_aimed_at_them(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وطلب ستيف ويتكوف من وزارة الخزانة الأمريكية إصدار إعفاء في مارس 2025.\n"})
    e = one(data, "request")
    assert names(data, e["source"]) == ["Steve Witkoff"] and names(data, e["target"]) == ["US Department of the Treasury"]


@pytest.mark.parametrize("text", [
    "استقبل الرئيس الروسي فلاديمير بوتين المبعوث الأمريكي ستيف ويتكوف في الكرملين يوم 2 ديسمبر 2025.",
    "Vladimir Putin hosted Steve Witkoff at the Kremlin on 2 December 2025.",
])
def test_a_host_verb_names_the_host_and_the_summary_reads_guest_met_host(build_kb, text: str) -> None:
    data = build_kb({"a.txt": HEADER + text + "\n"})
    e = one(data, "meeting")
    assert names(data, e["host"]) == ["Vladimir Putin"]
    assert e["source"] == [] and e["target"] == []  # a meeting keeps symmetric participants
    assert e["summary"].startswith("Witkoff met Putin")


@pytest.mark.parametrize("text", [
    "Donald Trump spoke with Vladimir Putin by phone on 12 February 2025.",
    "أجرى الرئيس الأمريكي دونالد ترامب مكالمة هاتفية مع الرئيس الروسي فلاديمير بوتين يوم 12 فبراير 2025.",
])
def test_with_gives_a_symmetric_participant_not_a_target(build_kb, text: str) -> None:
    data = build_kb({"a.txt": HEADER + text + "\n"})
    e = one(data, "call")
    assert set(names(data, e["participants"])) == {"Donald Trump", "Vladimir Putin"}
    assert e["source"] == [] and e["target"] == []


def test_between_gives_both_sides_of_a_meeting(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وعقد اجتماع بين ماركو روبيو وسيرغي لافروف في الرياض يوم 18 فبراير 2025.\n"})
    e = one(data, "meeting")
    assert set(names(data, e["participants"])) == {"Marco Rubio", "Sergei Lavrov"}


@pytest.mark.parametrize("text, addressee", [
    ('وقال ستيف ويتكوف لـ"وول ستريت جورنال"، إن روسيا تريد إنهاء الحرب.', "The Wall Street Journal"),
    ("وقال دونالد ترامب لستيف ويتكوف، إنه يريد إنهاء الحرب في أوكرانيا.", "Steve Witkoff"),
    ("Donald Trump told Steve Witkoff that he wanted the war in Ukraine to end.", "Steve Witkoff"),
])
def test_a_statement_is_made_by_its_speaker_to_whom_it_is_told(build_kb, text: str, addressee: str) -> None:
    data = build_kb({"a.txt": HEADER + text + "\n"})
    e = one(data, "statement")
    assert len(e["source"]) == 1 and names(data, e["target"]) == [addressee]
    assert set(e["source"]) | set(e["target"]) <= set(e["participants"])


def test_a_name_in_a_relative_clause_is_no_argument(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "ووصل ستيف ويتكوف، الذي لم يزر أوكرانيا هذا العام، إلى موسكو يوم الثلاثاء "
                                       "2 ديسمبر 2025.\n"})
    e = one(data, "visit")
    assert names(data, e["source"]) == ["Steve Witkoff"]
    assert "Ukraine" not in names(data, e["target"])


def test_the_speaker_is_not_a_name_inside_what_another_said(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وكان كيريل ديميترييف متفائلاً بأن ستيف ويتكوف فهم موقف روسيا، وقال "
                                       "للصحيفة إن المحادثات مع الولايات المتحدة تتقدم.\n"})
    e = one(data, "statement")
    assert names(data, e["source"]) == ["Kirill Dmitriev"]


def test_a_verb_with_no_subject_takes_only_the_clause_befores_subject(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "Volodymyr Zelensky asked Donald Trump for Tomahawk missiles after a call "
                                       "with Vladimir Putin, but Trump refused the request on 17 October 2025.\n"})
    e = one(data, "refusal")
    assert names(data, e["source"]) == ["Donald Trump"]
    assert "Vladimir Putin" not in names(data, e["source"])


def test_roles_are_subsets_of_participants_in_every_exported_event(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "The US Treasury sanctioned Rosneft and Lukoil on 22 October 2025. "
                                       "Kirill Dmitriev told Reuters that the sanctions would fail.\n"})
    assert data["events"]
    for e in data["events"]:
        assert set(e["source"]) | set(e["target"]) | set(e["host"]) <= set(e["participants"])
        assert not set(e["source"]) & set(e["target"])


SANCTION = HEADER + "The US Treasury sanctioned Rosneft and Lukoil on 22 October 2025.\n"


def test_the_ftm_export_links_each_source_to_each_target(build_kb) -> None:
    from backchannel.export.ftm import ftm_entities
    data = build_kb({"a.txt": SANCTION})
    entities, _ = ftm_entities(data["_db"])
    names_of = {e.id: e.first("name") for e in entities if e.schema.get("name")}
    links = [(names_of[e.first("subject")], names_of[e.first("object")], e.first("role"))
             for e in entities if e.schema.name == "UnknownLink"]
    assert sorted(links) == [("US Department of the Treasury", "Lukoil", "sanction"),
                             ("US Department of the Treasury", "Rosneft", "sanction")]


def test_graphml_edges_run_from_the_source_and_into_the_target(build_kb) -> None:
    from backchannel.export.graphml import kb_graph
    data = build_kb({"a.txt": SANCTION})
    g = kb_graph(data["_db"])
    [event] = [n for n, a in g.nodes(data=True) if a.get("kind") == "event"]
    treasury, rosneft = ids(data)["US Department of the Treasury"], ids(data)["Rosneft"]
    assert g.has_edge(treasury, event, key="source") and g.has_edge(event, rosneft, key="target")
    assert not g.has_edge(rosneft, event)


def test_the_event_page_shows_who_acted_and_whom_it_was_aimed_at(build_kb) -> None:
    from fastapi.testclient import TestClient
    from backchannel.web import create_app
    data = build_kb({"a.txt": SANCTION})
    [event] = [e for e in data["events"] if e["type"] == "sanction"]
    page = TestClient(create_app(data["_db"])).get(f"/event/{event['id']}").text
    acted, aimed = page.index("Who acted"), page.index("Aimed at")
    assert "Treasury" in page[acted:aimed] and "Rosneft" in page[aimed:aimed + 2000]


@pytest.mark.parametrize("text, kept_out", [
    ("عقدت قمة في ألاسكا بين دونالد ترامب وفلاديمير بوتين يوم 15 أغسطس 2025، لم تُطلع عليها وكالة الاستخبارات "
     "المركزية.", "Central Intelligence Agency"),
    ("Donald Trump met Vladimir Putin in Alaska on 15 August 2025, while Keith Kellogg was sidelined.", "Keith Kellogg"),
    ("Donald Trump met Vladimir Putin in Alaska on 15 August 2025; Ukraine was not consulted.", "Ukraine"),
])
def test_a_name_the_text_keeps_out_is_no_participant(build_kb, text: str, kept_out: str) -> None:
    data = build_kb({"a.txt": HEADER + text + "\n"})
    [event] = [e for e in data["events"] if e["type"] in ("meeting", "summit")]
    assert {"Donald Trump", "Vladimir Putin"} <= set(names(data, event["participants"]))
    assert kept_out not in names(data, event["participants"])


@pytest.mark.parametrize("text, occasion", [
    ("التقى وزير الخارجية الأمريكي ماركو روبيو نظيره التركي هاكان فيدان في أنطاليا يوم 15 مايو 2025، على هامش "
     "اجتماع وزراء خارجية حلف الناتو.", "NATO"),
    ("Marco Rubio met Hakan Fidan in Antalya on 15 May 2025 on the sidelines of a meeting of NATO foreign "
     "ministers.", "NATO"),
])
def test_the_gathering_an_event_took_place_at_is_no_participant(build_kb, text: str, occasion: str) -> None:
    data = build_kb({"a.txt": HEADER + text + "\n"})
    [event] = [e for e in data["events"] if e["type"] == "meeting" and e["date"] == "2025-05-15"]
    assert {"Marco Rubio", "Hakan Fidan"} <= set(names(data, event["participants"]))
    assert not [n for n in names(data, event["participants"]) if occasion in n]


def test_an_event_named_after_an_occasion_cue_keeps_its_own_names(build_kb) -> None:
    """"على هامش زيارة الشرع إلى أذربيجان": the visit is the gathering, and al-Sharaa made it."""
    data = build_kb({"a.txt": HEADER + "وعُقد اللقاء على هامش زيارة الرئيس السوري أحمد الشرع إلى أذربيجان "
                     "يوم 12 يوليو 2025.\n"})
    [visit] = [e for e in data["events"] if e["type"] == "visit"]
    assert "Ahmed al-Sharaa" in names(data, visit["participants"]) or any(
        "Sharaa" in n for n in names(data, visit["participants"]))


def test_reports_with_opposite_roles_are_never_merged(build_kb) -> None:
    day = "# date: 2025-05-21\n\n"
    data = build_kb({
        "a.txt": "# outlet: Test Wire\n" + day + "The European Union sanctioned Russia on 20 May 2025.\n",
        "b.txt": "# outlet: Other Wire\n" + day + "Russia sanctioned the European Union on 20 May 2025.\n"})
    sanctions = [e for e in data["events"] if e["type"] == "sanction"]
    directions = sorted((tuple(names(data, e["source"])), tuple(names(data, e["target"])), e["corroboration"])
                        for e in sanctions)
    assert directions == [(("European Union",), ("Russia",), 1), (("Russia",), ("European Union",), 1)]


@pytest.mark.parametrize("text", [
    "وصل الرئيس الأوكراني فولوديمير زيلينسكي إلى واشنطن يوم 17 أكتوبر 2025 طالباً صواريخ توماهوك، لكن دونالد ترامب "
    "رفض الطلب.",
    "Volodymyr Zelensky asked for Tomahawk missiles in Washington on 17 October 2025, but Donald Trump refused the request.",
])
def test_refusing_the_request_is_aimed_at_who_asked(build_kb, text: str) -> None:
    data = build_kb({"a.txt": HEADER + text + "\n"})
    e = one(data, "refusal")
    assert names(data, e["source"]) == ["Donald Trump"]
    assert names(data, e["target"]) == ["Volodymyr Zelensky"]


def test_a_name_in_the_clause_before_is_not_the_subject(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وتتمسك روسيا بانسحاب القوات من إقليم دونباس، فيما ترفض أوكرانيا التنازل عن "
                                       "أراضٍ لم تخسرها، يوم 23 نوفمبر 2025.\n"})
    e = one(data, "refusal")
    assert names(data, e["source"]) == ["Ukraine"] and "Russia" not in names(data, e["target"])


def test_a_name_after_that_belongs_to_the_clause_that_opens(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "Volodymyr Zelensky ruled out surrendering land that Russia has not captured, "
                                       "on 23 November 2025.\n"})
    e = one(data, "refusal")
    assert names(data, e["source"]) == ["Volodymyr Zelensky"] and e["target"] == []


def test_a_visit_carried_out_by_someone_is_theirs(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وجاءت القمة بعد زيارة قام بها ستيف ويتكوف إلى موسكو في 6 أغسطس 2025.\n"})
    e = one(data, "visit")
    assert names(data, e["source"]) == ["Steve Witkoff"]


def test_a_name_in_a_phrase_set_off_before_the_subject_took_no_part(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وبحلول موعد وصول فولوديمير زيلينسكي، كان دونالد ترامب قد تحدث مع فلاديمير "
                                       "بوتين يوم 16 أكتوبر 2025.\n"})
    e = one(data, "call")
    assert set(names(data, e["participants"])) == {"Donald Trump", "Vladimir Putin"}


def test_a_list_joined_by_and_the_shares_one_role(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "Hungary, Slovakia and the Czech Republic rejected the joint loan on "
                                       "18 December 2025.\n"})
    e = one(data, "refusal")
    assert set(names(data, e["source"])) == {"Hungary", "Slovakia", "Czech Republic"}


@pytest.mark.parametrize("text", [
    "وعرض المبعوث ستيف ويتكوف ووزير الخارجية ماركو روبيو على أوكرانيا حزمة اقتصادية في مارس.",
    "Envoy Steve Witkoff and Secretary of State Marco Rubio offered Ukraine an economic package in March.",
])
def test_a_second_name_with_its_own_title_shares_the_subject(build_kb, text: str) -> None:
    data = build_kb({"a.txt": HEADER + text + "\n"})
    e = one(data, "offer")
    assert sorted(names(data, e["source"])) == ["Marco Rubio", "Steve Witkoff"]
    assert names(data, e["target"]) == ["Ukraine"]
