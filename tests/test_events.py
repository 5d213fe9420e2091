"""Events: each trigger family, participants, place, date, duration and evidence, in Arabic and English."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from backchannel.cli import cli

HEADER = "# outlet: Test Wire\n# date: 2025-11-29\n"


def names(data: dict, event: dict) -> set[str]:
    by_id = {a["id"]: a["name"] for a in data["actors"]}
    return {by_id[p] for p in event["participants"]}


def only(data: dict, **fields) -> dict:
    found = [e for e in data["events"] if all(e.get(k) == v for k, v in fields.items())]
    assert len(found) == 1, [(e["type"], e["evidence"][0]["text"]) for e in data["events"]]
    return found[0]


def check_evidence(data: dict, item: dict) -> None:
    texts = {d["id"]: d["text"] for d in data["documents"]}
    assert item["evidence"]
    for ev in item["evidence"]:
        assert texts[ev["doc"]][ev["start"]:ev["end"]] == ev["text"]


def test_arabic_meeting_with_place_date_duration_and_participants(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "التقى المبعوث الأمريكي ستيف ويتكوف الرئيس الروسي فلاديمير بوتين في الكرملين "
                                       "يوم 3 مارس 2025، في اجتماع استمر خمس ساعات.\n"})
    e = only(data, type="meeting")
    assert {"Steve Witkoff", "Vladimir Putin"} <= names(data, e)
    assert (e["date"], e["date_precision"], e["place"], e["duration_hours"]) == ("2025-03-03", "day", "Kremlin", 5.0)
    assert (e["plover"], e["corroboration"], e["outlets"]) == ("CONSULT", 1, ["Test Wire"])
    check_evidence(data, e)


def test_english_call(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "Donald Trump spoke with Vladimir Putin by phone on 12 February 2025 about a ceasefire.\n"})
    e = only(data, type="call")
    assert {"Donald Trump", "Vladimir Putin"} <= names(data, e)
    assert e["date"] == "2025-02-12" and e["plover_mode"] == "phone"


def test_a_capital_one_travels_to_is_the_place_not_a_participant(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وفي أكتوبر وصل الرئيس الأوكراني فولوديمير زيلينسكي إلى واشنطن.\n"})
    e = only(data, type="visit")
    assert names(data, e) == {"Volodymyr Zelensky"}
    assert (e["place"], e["date"]) == ("Washington", "2025-10")


@pytest.mark.parametrize("sentence, etype", [
    ("وفرضت الولايات المتحدة عقوبات على شركة لوك أويل في أكتوبر 2025.", "sanction"),
    ("The United States imposed sanctions on Lukoil in October 2025.", "sanction"),
    ("ووافقت وزارة الخزانة الأمريكية على الطلب بعد تردد، ومنحت كيريل ديميترييف إعفاء خاصا.", "waiver"),
    ("وتسربت في مارس 2025 وثيقة من البيت الأبيض عن المحادثات.", "leak"),
    ("A draft of the plan leaked to reporters in March 2025.", "leak"),
    ("واقترح ستيف ويتكوف على زيلينسكي حزمة اقتصادية جديدة.", "offer"),
    ("وطلب زيلينسكي من ترامب صواريخ توماهوك في أكتوبر 2025.", "request"),
    ("ورفض ترامب طلب زيلينسكي في أكتوبر 2025.", "refusal"),
    ("Trump refused Zelensky's request in October 2025.", "refusal"),
    ("وقال ستيف ويتكوف إن المحادثات مع موسكو كانت إيجابية.", "statement"),
    ("Dmitry Peskov said the talks with Witkoff were useful.", "statement"),
    ("وأعلن كيث كيلوج في نوفمبر 2025 مغادرته الحكومة.", "departure"),
    ("وشارك ستيف ويتكوف في مؤتمر عبر الفيديو مع قادة أوروبيين في 7 أغسطس 2025.", "video_conference"),
    ("وعقدت قمة في ألاسكا بين ترامب وبوتين في 15 أغسطس 2025.", "summit"),
    ("Steve Witkoff visited Moscow on 2 December 2025.", "visit"),
])
def test_each_trigger_family(build_kb, sentence: str, etype: str) -> None:
    data = build_kb({"a.txt": HEADER + sentence + "\n"})
    assert etype in {e["type"] for e in data["events"]}, [(e["type"], e["evidence"][0]["text"]) for e in data["events"]]
    for e in data["events"]:
        check_evidence(data, e)


def test_negated_and_conditional_triggers_are_no_events(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "ولم يزر ستيف ويتكوف أوكرانيا هذا العام.\n"
                                       "ويحصل المستثمر على الحصة إذا رفعت الولايات المتحدة العقوبات عن الشركة.\n"})
    assert data["events"] == []


def test_reported_speech_without_a_named_speaker_is_no_statement(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وقال مصدر مطلع إن الخطة ليست نهائية.\n"
                                       "وقالت صحيفة وول ستريت جورنال إن المحادثات سرية.\n"
                                       "وأفادت بأن الوزارة وافقت لاحقا.\n"})
    assert [e for e in data["events"] if e["type"] == "statement"] == []


def test_one_sentence_reporting_several_happenings_gives_several_events(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وفي أكتوبر وصل زيلينسكي إلى واشنطن طالباً صواريخ توماهوك، لكن ترامب رفض الطلب "
                                       "بعد مكالمة مع بوتين قبل يوم واحد.\n"})
    types = {e["type"] for e in data["events"]}
    assert {"visit", "request", "refusal", "call"} <= types
    call = only(data, type="call")
    assert {"Donald Trump", "Vladimir Putin"} <= names(data, call)
    assert call["date"] == "2025-10"
    spans = sorted((e["evidence"][0]["start"], e["evidence"][0]["end"]) for e in data["events"])
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), "each event keeps its own clause"


def test_relative_date_in_an_undated_article_keeps_its_phrase(build_kb) -> None:
    data = build_kb({"a.txt": "اجتمع ستيف ويتكوف وكيريل ديميترييف في ميامي الشهر الماضي.\n"})
    e = only(data, type="meeting")
    assert e["date"] is None and e["date_phrase"] == "الشهر الماضي"
    assert e["place"] == "Miami"


def test_a_plan_to_meet_is_marked_planned(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "ويسعى ستيف ويتكوف وجاريد كوشنر إلى السفر إلى موسكو للقاء فلاديمير بوتين.\n"})
    assert data["events"] and all(e["attrs"].get("status") == "planned" for e in data["events"])


def test_translation_inside_one_article_is_not_counted_twice(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وفي 6 أغسطس 2025 التقى ستيف ويتكوف بالرئيس فلاديمير بوتين في الكرملين.\n"
                                       "On August 6, 2025, Steve Witkoff met President Vladimir Putin at the Kremlin.\n"})
    meetings = [e for e in data["events"] if e["type"] == "meeting"]
    assert len(meetings) == 1
    assert len(meetings[0]["evidence"]) == 2 and meetings[0]["corroboration"] == 1


def test_timeline_command_lists_events_in_date_order(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وفي 6 أغسطس 2025 التقى ستيف ويتكوف بالرئيس فلاديمير بوتين في الكرملين.\n"
                                       "وفي فبراير 2025 زار ستيف ويتكوف موسكو.\n",
                     "b.txt": "وقال بوتين إن المحادثات مع واشنطن مفيدة.\n"})
    result = CliRunner().invoke(cli, ["timeline", "--db", str(data["_db"]), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    dated = [r["date"] for r in rows if r["date"]]
    assert dated == sorted(dated) and dated[0] == "2025-02"
    assert rows[-1]["date"] is None  # undated events come last
    only_aug = json.loads(CliRunner().invoke(cli, ["timeline", "--db", str(data["_db"]), "--json",
                                                   "--from", "2025-08", "--actor", "بوتين"]).output)
    assert [r["date"] for r in only_aug] == ["2025-08-06"]
    table = CliRunner().invoke(cli, ["timeline", "--db", str(data["_db"])])
    assert table.exit_code == 0 and "2025-08-06" in table.output


def test_odd_input_never_stops_a_build(build_kb) -> None:
    data = build_kb({"empty.txt": "", "punct.txt": "،،، ... !!! «» ::\n", "digits.txt": "9" * 400 + " مليار دولار\n",
                     "mixed.txt": "في 31 فبراير 2025 التقى في في في إلى إلى ، لكن لكن\n" * 3,
                     "long.txt": ("اجتمع ستيف ويتكوف مع بوتين " * 300) + "\n"})
    assert len(data["documents"]) >= 4
    for e in data["events"]:
        assert e["date"] is None or e["date"][:4].isdigit()


def test_press_routine_and_hypothetical_meetings_are_no_events(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "ولم يرد الكرملين على طلب للتعليق.\n"
                                       "ويدرك الطرفان حساسية أي لقاء مباشر بين بوتين وترامب.\n"})
    assert data["events"] == []


def test_a_participle_continues_the_event_before_it(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "واقترح ستيف ويتكوف على زيلينسكي حزمة اقتصادية في أكتوبر 2025، مؤكداً أن "
                                       "الاقتصاد أهم من الصواريخ.\n"})
    assert [e["type"] for e in data["events"]] == ["offer"]
    assert any("مؤكداً أن الاقتصاد" in ev["text"] for ev in data["events"][0]["evidence"])


def test_one_statement_told_over_two_sentences_is_one_event(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "ووصف دميتري بيسكوف المحادثات مع ويتكوف بأنها مفيدة.\n"
                                       "وأكد بيسكوف أنه لم يطرح أي موعد لقمة جديدة.\n"})
    statements = [e for e in data["events"] if e["type"] == "statement"]
    assert len(statements) == 1 and len(statements[0]["evidence"]) == 2


def test_summaries_read_as_a_sentence_with_names_place_and_duration(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "استقبل الرئيس الروسي فلاديمير بوتين في الكرملين المبعوث الأمريكي ستيف ويتكوف "
                                       "وجاريد كوشنر يوم 2 ديسمبر 2025، في محادثات استمرت خمس ساعات.\n",
                     "b.txt": HEADER + "The US Treasury imposed sanctions on Rosneft and Lukoil on 22 October 2025.\n"})
    meeting = only(data, type="meeting")
    assert meeting["summary"] == "Witkoff and Kushner met Putin in Moscow (5 h)"
    assert meeting["attrs"]["summary_ar"] == "ويتكوف وكوشنر التقى بوتين في موسكو (5 ساعات)"
    sanction = only(data, type="sanction")
    assert sanction["summary"] == "US Treasury imposed sanctions on Rosneft and Lukoil"


def test_a_statement_summary_says_who_said_what(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "Kremlin spokesman Dmitry Peskov said on Wednesday that the talks with "
                                       "Witkoff had been useful.\n"})
    statement = only(data, type="statement")
    assert statement["summary"].startswith("Peskov said: “the talks with Witkoff had been useful")


def test_a_persons_name_inside_a_quoted_name_is_not_a_participant(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وطرح كيريل ديميترييف في أكتوبر 2025 فكرة نفق أطلق عليه اسم \"نفق بوتين-ترمب\"، "
                                       "وقال إن كلفته ثمانية مليارات دولار وإنه سيربط روسيا بأمريكا.\n"})
    people = {n for e in data["events"] for n in names(data, e)}
    assert "Kirill Dmitriev" in people and "Donald Trump" not in people and "Vladimir Putin" not in people


# ---------------------------------------------------------------- articles about other 2025 happenings
# Short reports, in our own words, of publicly reported 2025 events the seeds do not tell: what
# a user checks is that each comes out once, with the right type, people, place, date and length,
# and that attributions, background and teasers do not flood the timeline.


def events_of(data: dict, etype: str) -> list[dict]:
    return [e for e in data["events"] if e["type"] == etype]


def test_riyadh_talks_in_arabic(build_kb) -> None:
    data = build_kb({"riyadh.txt": "# outlet: Gulf Wire\n# date: 2025-02-19\n\n"
                     "عقد وزير الخارجية الأمريكي ماركو روبيو ونظيره الروسي سيرغي لافروف أمس الثلاثاء محادثات في قصر "
                     "الدرعية بالرياض استمرت أربع ساعات ونصف الساعة، بمشاركة مستشار الأمن القومي مايك والتز والمبعوث "
                     "ستيف ويتكوف ومساعد الرئيس الروسي يوري أوشاكوف.\n\n"
                     "وقال لافروف للصحفيين إن الاجتماع كان مفيداً، وإن الطرفين اتفقا على تعيين فرق للتفاوض.\n\n"
                     "وقال مصدر دبلوماسي إن الأجواء كانت جيدة.\n\nوأعرب روبيو عن شكره لحسن الضيافة.\n"})
    [meeting] = events_of(data, "meeting")
    assert names(data, meeting) == {"Marco Rubio", "Sergei Lavrov", "Mike Waltz", "Steve Witkoff", "Yuri Ushakov"}
    assert (meeting["date"], meeting["place"], meeting["duration_hours"]) == ("2025-02-18", "Diriyah Palace", 4.5)
    assert meeting["summary"].startswith("Rubio, Waltz and Witkoff met Lavrov and Ushakov in Riyadh (4.5 h)")
    statements = events_of(data, "statement")
    assert [names(data, s) for s in statements] == [{"Sergei Lavrov"}], "no statement without a named speaker or content"


def test_istanbul_talks_and_a_prisoner_exchange_in_english(build_kb) -> None:
    data = build_kb({"istanbul.md": "# outlet: Bosporus Post\n# date: 2025-05-17\n\n"
                     "# Russia and Ukraine talk face to face in Istanbul\n\n"
                     "ISTANBUL — Russian and Ukrainian delegations held their first direct talks in three years at the "
                     "Dolmabahce Palace in Istanbul on Friday. The meeting, led by Vladimir Medinsky and Rustem Umerov, "
                     "lasted less than two hours.\n\n"
                     "Turkish Foreign Minister Hakan Fidan hosted the session. Asked about a possible summit between "
                     "Putin and Zelensky, Medinsky said the idea would be considered.\n"})
    [meeting] = events_of(data, "meeting")
    assert {"Vladimir Medinsky", "Rustem Umerov", "Hakan Fidan"} <= names(data, meeting)
    assert (meeting["date"], meeting["place"], meeting["duration_hours"]) == ("2025-05-16", "Dolmabahçe Palace", 2.0)
    assert not events_of(data, "summit") and not events_of(data, "request"), "a question about a summit is no summit"


def test_sanctions_on_rosneft_and_lukoil_in_arabic(build_kb) -> None:
    data = build_kb({"oil.txt": "# outlet: Energy Daily\n# date: 2025-10-23\n\n"
                     "فرضت وزارة الخزانة الأمريكية أمس الأربعاء عقوبات على شركتي روسنفت ولوك أويل، أكبر منتجي النفط في "
                     "روسيا، وقال وزير الخزانة سكوت بيسنت إن الوقت حان لوقف الحرب.\n"})
    [sanction] = events_of(data, "sanction")
    assert sanction["date"] == "2025-10-22"
    assert sanction["summary"] == "US Treasury imposed sanctions on Rosneft and Lukoil"
    [statement] = events_of(data, "statement")
    assert names(data, statement) == {"Scott Bessent"}


def test_a_minerals_deal_is_a_deal_and_its_signing_an_event(build_kb) -> None:
    data = build_kb({"minerals.txt": "# outlet: Capital Report\n# date: 2025-05-01\n\n"
                     "Treasury Secretary Scott Bessent and Ukraine's economy minister Yulia Svyrydenko signed an agreement "
                     "in Washington on Wednesday creating a joint investment fund for Ukraine's minerals, oil and gas.\n"})
    [deal] = data["deals"]
    assert "mining" in [deal["sector"], *deal["attrs"].get("sectors", [])]
    by_id = {a["id"]: a["name"] for a in data["actors"]}
    assert {"Scott Bessent", "Yulia Svyrydenko"} <= {by_id[p] for p in deal["parties"]}
    [signing] = data["events"]
    assert {"Scott Bessent", "Yulia Svyrydenko"} <= names(data, signing)
    assert (signing["type"], signing["date"], signing["place"]) == ("other", "2025-04-30", "Washington")


def test_a_cancelled_summit_is_a_refusal_not_a_summit(build_kb) -> None:
    data = build_kb({"budapest.txt": "# outlet: Danube Times\n# date: 2025-10-23\n\n"
                     "Donald Trump called off a planned summit with Vladimir Putin in Budapest on Wednesday, saying "
                     "he did not want a wasted meeting.\n"})
    assert [e["type"] for e in data["events"]] == ["refusal"], [(e["type"], e["summary"]) for e in data["events"]]
    [refusal] = data["events"]
    assert refusal["date"] == "2025-10-22" and "Donald Trump" in names(data, refusal)


def test_a_resignation_in_arabic(build_kb) -> None:
    data = build_kb({"kyiv.txt": "# outlet: Kyiv Wire\n# date: 2025-11-29\n\n"
                     "أعلن رئيس مكتب الرئاسة الأوكرانية أندريه يرماك أمس الجمعة استقالته من منصبه بعد تفتيش منزله.\n"})
    [departure] = events_of(data, "departure")
    assert departure["date"] == "2025-11-28" and names(data, departure) == {"Andriy Yermak"}


def test_geneva_and_abu_dhabi_rounds_keep_their_places_and_days(build_kb) -> None:
    data = build_kb({"rounds.txt": "# outlet: Lake Report\n# date: 2025-11-26\n\n"
                     "Ukrainian and American officials met in Geneva on 23 November to revise the plan. Two days later, "
                     "Army Secretary Dan Driscoll held talks with a Russian delegation in Abu Dhabi.\n"})
    places = {e["place"]: e for e in events_of(data, "meeting")}
    assert set(places) == {"Geneva", "Abu Dhabi"}
    assert places["Geneva"]["date"] == "2025-11-23"
    assert {"Dan Driscoll"} <= names(data, places["Abu Dhabi"])


def test_attributions_background_and_teasers_do_not_flood_the_timeline(build_kb) -> None:
    data = build_kb({"noise.txt": "# outlet: Test Wire\n# date: 2025-11-29\n\n"
                     "Read more: Witkoff meets Putin again\n\n"
                     "An official familiar with the talks said the mood was calm. Analysts said the war has lasted "
                     "almost four years. Peskov said he had nothing to add.\n\n"
                     "وقال مصدر مطلع إن الأجواء كانت هادئة. ويرى محللون أن الحرب طالت.\n"})
    assert data["events"] == [], [(e["type"], e["summary"]) for e in data["events"]]


def test_a_capital_standing_for_its_state_takes_part_and_proposes(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "ورفضت كييف الخطة الأمريكية بشأن دونباس في نوفمبر 2025.\n"
                                       "وتتمسك موسكو بانسحاب القوات الأوكرانية من دونباس.\n"})
    [refusal] = events_of(data, "refusal")
    assert names(data, refusal) == {"Ukraine"}
    by_id = {a["id"]: a["name"] for a in data["actors"]}
    plans = {p["name"]: p for p in data["proposals"]}
    assert by_id[plans["Russia's Donbas demand"]["proposer"]] == "Russia"
    us_plan = next(p for p in data["proposals"] if by_id.get(p["proposer"]) == "United States")
    assert [(by_id[r["actor"]], r["stance"]) for r in us_plan["reactions"]] == [("Ukraine", "rejects")]


def test_a_date_is_carried_only_where_the_story_continues_and_says_so(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "\nوصل ستيف ويتكوف إلى موسكو في 6 أغسطس 2025.\n"
                                       "واستقبله فلاديمير بوتين في الكرملين.\n\n"
                                       "## خلفية\n\n"
                                       "والتقى ويتكوف كيريل ديميترييف في ميامي.\n\n"
                                       "وفي 2 ديسمبر 2025 زار ويتكوف موسكو مجدداً.\n"
                                       "وكان ويتكوف قد التقى بوتين سابقاً في سانت بطرسبرغ.\n"})
    by_place = {e["place"]: e for e in data["events"]}
    kremlin = by_place["Kremlin"]
    assert kremlin["date"] == "2025-08-06" and "carried" in kremlin["attrs"]["date_from"]
    assert by_place["Miami"]["date"] is None, "no date across a heading"
    assert by_place["Saint Petersburg"]["date"] is None, "a sentence that steps back in time takes no date"


@pytest.mark.parametrize("sentence, etype, who", [
    ("ورحّب الرئيس الأوكراني فولوديمير زيلينسكي بالعقوبات الأمريكية الجديدة.", "statement", {"Volodymyr Zelensky"}),
    ("وكان ستيف ويتكوف قد تحدث عن تقدم كبير في المحادثات.", "statement", {"Steve Witkoff"}),
    ("ودعت أوكرانيا في بيانها إلى إشراك الأوروبيين في المفاوضات.", "request", {"Ukraine"}),
    ("وبحسب ما أعلنه ستيف ويتكوف، ستستأنف المحادثات مع موسكو قريباً.", "statement", {"Steve Witkoff"}),
    ("Steve Witkoff wrote afterwards that the talks made real progress.", "statement", {"Steve Witkoff"}),
    ("Zelensky welcomed the new sanctions on Rosneft.", "statement", {"Volodymyr Zelensky"}),
    ("Hungary will not take part in the joint loan for Ukraine.", "refusal", {"Hungary"}),
    ("Lukoil sued the Treasury in a Washington court in October 2025.", "other", {"Lukoil"}),
])
def test_welcomes_calls_for_writes_opts_out_and_sues(build_kb, sentence: str, etype: str, who: set[str]) -> None:
    data = build_kb({"a.txt": HEADER + sentence + "\n"})
    found = [e for e in data["events"] if e["type"] == etype]
    assert found, [(e["type"], e["evidence"][0]["text"]) for e in data["events"]]
    assert who <= names(data, found[0])
    check_evidence(data, found[0])


def test_the_topic_after_amma_is_the_speaker(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "واختتم الوفدان المحادثات في موسكو. أما وزير الخارجية الروسي سيرغي لافروف "
                                       "فوصف المحادثات بأنها مفيدة.\n"})
    e = only(data, type="statement")
    assert names(data, e) == {"Sergei Lavrov"}
    check_evidence(data, e)


def test_a_call_to_a_place_is_an_invitation_not_a_request(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "ودعا كيريل دميترييف ستيف ويتكوف إلى موسكو في فبراير 2025.\n"})
    assert "request" not in {e["type"] for e in data["events"]}


@pytest.mark.parametrize("sentence", [
    "أنهى ستيف ويتكوف وكيريل دميترييف محادثات في جنيف هي الأولى بينهما منذ اندلاع الحرب في شباط/فبراير 2022.",
    "Steve Witkoff and Kirill Dmitriev held talks in Geneva, their first since the war began in February 2022.",
])
def test_a_date_a_few_words_after_since_is_when_something_else_began(build_kb, sentence: str) -> None:
    data = build_kb({"a.txt": HEADER + sentence + "\n"})
    e = only(data, type="meeting")
    assert e["date"] is None  # the war began then, not the talks


def test_an_event_inside_the_since_phrase_keeps_its_date(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وعقد ستيف ويتكوف عشرة لقاءات مع كيريل دميترييف منذ أن التقيا أول مرة "
                                       "في فبراير 2025.\n"})
    dates = {e["date"] for e in data["events"] if e["type"] == "meeting"}
    assert "2025-02" in dates, [(e["type"], e["date"], e["evidence"][0]["text"]) for e in data["events"]]


def test_a_bare_name_after_amma_speaks(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وانتهى اللقاء في موسكو. أما بوتين فوصف اللقاء بأنه مفيد للسلام.\n"})
    e = only(data, type="statement")
    assert names(data, e) == {"Vladimir Putin"}


def test_the_story_is_not_carried_to_a_date_after_since(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "واختتم ستيف ويتكوف وكيريل دميترييف أمس محادثات في جنيف، هي الأولى بينهما "
                                       "منذ بدء الحرب في شباط/فبراير 2022. وقال ويتكوف إن المحادثات كانت مفيدة.\n",
                     "b.txt": HEADER + "وكانت تلك أول زيارة لوفد أمريكي منذ بدء الحرب في شباط/فبراير 2022. "
                                       "وقال ستيف ويتكوف إن الزيارة فتحت باب الحوار.\n"})
    said = {e["evidence"][0]["doc"]: e["date"] for e in data["events"] if e["type"] == "statement"}
    assert said == {"a": "2025-11-28", "b": None}, said


def test_the_month_may_is_not_the_modal_may(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "On 20 May 2025 the European Union sanctioned Russia.\n"})
    e = only(data, type="sanction")
    assert e["date"] == "2025-05-20" and e["attrs"].get("status") != "planned"
    assert not e["summary"].startswith("planned")


def test_a_date_and_place_in_a_relative_clause_belong_to_that_clause(build_kb) -> None:
    """'التوافق الذي أبرمه البلدان في جنيف الشهر الماضي' dates the earlier accord, not these talks."""
    data = build_kb({"a.txt": "# outlet: Test Wire\n# date: 2025-06-11\n"
                              "التقى ويتكوف وزير الخارجية الروسي سيرغي لافروف مساء أمس الثلاثاء لبحث التوافق الذي "
                              "أبرمه البلدان في جنيف الشهر الماضي.\n"})
    e = only(data, type="meeting")
    assert e["date"] == "2025-06-10"
    assert e["place"] != "Geneva"


def test_a_state_adjective_on_a_place_noun_is_where_not_who(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وبدأت يوم الاثنين محادثات أمريكية روسية في فندق وسط العاصمة البريطانية.\n",
                     "b.txt": HEADER + "وبدأت يوم الأربعاء محادثات أمريكية صينية في مدينة أنطاليا التركية.\n"})
    e = only(data, type="meeting", date="2025-11-24")
    assert names(data, e) == {"United States", "Russia"}
    e = only(data, type="meeting", date="2025-11-26")
    assert names(data, e) == {"United States", "China"}


def test_hours_later_is_the_day_of_the_event_before(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "Rubio met Sybiha in Geneva on November 23.\n\n"
                                       "Hours later, Witkoff met Umerov at the hotel.\n"})
    e = next(e for e in data["events"] if "Rustem Umerov" in names(data, e))
    assert e["date"] == "2025-11-23"


def test_the_year_of_an_old_agreement_is_not_the_date_of_todays_refusal(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "ورفضت دمشق المقترح الإسرائيلي وتمسكت بالعودة إلى خطوط عام 1974.\n"})
    e = only(data, type="refusal")
    assert e["date"] != "1974"


def test_lifting_sanctions_is_a_waiver_in_both_languages(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "The Security Council voted on Thursday to lift its sanctions on Rosneft.\n\n"
                                       "وقررت واشنطن الأربعاء تعليق العقوبات على لوك أويل.\n\n"
                                       "وفرضت واشنطن عقوبات جديدة على روسنفت يوم الثلاثاء.\n"})
    kinds = sorted(e["type"] for e in data["events"])
    assert kinds.count("waiver") == 2 and kinds.count("sanction") == 1, kinds


def test_the_two_sides_are_the_pair_just_named(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "اتفقت تايلاند وكمبوديا أمس على وقف إطلاق النار. "
                                       "والتقى الطرفان اليوم في كوالالمبور لمدة ساعتين.\n",
                     "b.txt": HEADER + "Rubio and Wang Yi spoke on Monday. The two ministers met in Geneva on Wednesday.\n"})
    ar = only(data, type="meeting", duration_hours=2.0)
    assert names(data, ar) == {"Thailand", "Cambodia"}
    en = only(data, type="meeting", date="2025-11-26")
    assert names(data, en) == {"Marco Rubio", "Wang Yi"}


def test_a_planned_meeting_is_worded_as_a_plan(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "ومن المقرر أن يلتقي ستيف ويتكوف الرئيس فلاديمير بوتين في موسكو الأسبوع المقبل.\n"})
    e = only(data, type="meeting")
    assert e["attrs"].get("status") == "planned"
    assert " to meet " in e["summary"] and " met " not in e["summary"], e["summary"]
    assert "مرتقب" in e["attrs"]["summary_ar"], e["attrs"]["summary_ar"]


@pytest.mark.parametrize("text, host, travellers, place", [
    ("وزار المبعوث الأمريكي ستيف ويتكوف والوزير ماركو روبيو القاهرة والتقيا الرئيس عبد الفتاح السيسي في أبريل 2025، "
     "غير أن المحادثات لم تنجح، غير أن نهج دونالد ترامب يظل محل نقد.", "Abdel Fattah el-Sisi",
     {"Steve Witkoff", "Marco Rubio"}, "Cairo"),
    ("Steve Witkoff and Marco Rubio visited Cairo and met President Abdel Fattah el-Sisi in April 2025, "
     "while Donald Trump kept criticising the approach.", "Abdel Fattah el-Sisi",
     {"Steve Witkoff", "Marco Rubio"}, "Cairo"),
])
def test_a_meeting_after_a_visit_is_where_they_went_and_a_later_clause_takes_no_part(
        build_kb, text: str, host: str, travellers: set[str], place: str) -> None:
    data = build_kb({"a.txt": HEADER + text + "\n"})
    e = only(data, type="meeting")
    assert names(data, e) == travellers | {host}  # not Trump, named after "غير أن"/"while"
    assert (e["place"], e["date"]) == (place, "2025-04")
    check_evidence(data, e)


@pytest.mark.parametrize("text, sides", [
    ("واتفقت الهند وباكستان يوم 10 مايو 2025 على وقف فوري لإطلاق النار.", {"India", "Pakistan"}),
    ("India and Pakistan agreed on 10 May 2025 to an immediate ceasefire.", {"India", "Pakistan"}),
])
def test_two_sides_agreeing_is_a_dated_happening_of_its_own(build_kb, text: str, sides: set[str]) -> None:
    data = build_kb({"a.txt": HEADER + text + "\n"})
    e = only(data, type="other")
    assert names(data, e) == sides and e["date"] == "2025-05-10"
    check_evidence(data, e)


def test_an_agreement_with_no_one_named_is_not_shown(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وفي 3 مارس 2025 اتفقا على خطوات لخفض التصعيد.\n"})
    assert not [e for e in data["events"] if e["type"] == "other"]


def test_the_pair_a_word_like_the_two_sides_stands_for_is_not_the_end_of_a_longer_list(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وتبادلت الهند وباكستان القصف. وشاركت في الاتصالات الولايات المتحدة "
                                       "والسعودية وتركيا وبريطانيا. واتفق الطرفان في 10 مايو 2025 على وقف إطلاق النار.\n"})
    assert names(data, only(data, type="other")) == {"India", "Pakistan"}


@pytest.mark.parametrize("text, about", [
    # what is said is a claim about another party: the party is part of the statement
    ("وقال وزير الخارجية الأمريكي ماركو روبيو إن الصين ملتزمة بشراء فول الصويا.", {"Marco Rubio", "China"}),
    ("Marco Rubio said that China remained committed to buying soybeans.", {"Marco Rubio", "China"}),
    # the speaker's own state speaking of itself is only the speaker
    ("Chinese Foreign Minister Wang Yi said that China remained committed to the truce.", {"Wang Yi"}),
    # what is said is an event of its own: the statement stays the speaker's
    ("وأعلن دونالد ترامب أن الهند وباكستان اتفقتا على وقف إطلاق النار.", {"Donald Trump"}),
])
def test_a_statement_takes_in_whom_it_is_about_but_not_the_speakers_own_side(
        build_kb, text: str, about: set[str]) -> None:
    data = build_kb({"a.txt": HEADER + text + "\n"})
    assert names(data, only(data, type="statement")) == about


def test_a_body_in_the_speakers_title_is_not_the_speaker(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "إذ قال وكيل وزارة الخارجية الهندية فيكرام ميسري إن المحادثات مستمرة.\n"})
    e = only(data, type="statement")
    assert names(data, e) == {"Vikram Misri"}
    assert {a["name"] for a in data["actors"] if a["id"] in e["source"]} == {"Vikram Misri"}


def test_the_story_goes_on_at_the_sentences_precise_date_not_at_its_background(build_kb) -> None:
    data = build_kb({"a.txt": "# outlet: Test Wire\n# date: 2025-10-10\n\n"
                              "Vladimir Putin apologised to Ilham Aliyev on Thursday for the loss of a passenger jet "
                              "last December. Putin said Moscow would pay compensation to the families.\n"})
    said = only(data, type="statement")
    assert said["date"] == "2025-10-09"  # Thursday before the article's date, not December 2024


@pytest.mark.parametrize("text, who", [
    ("Ali Akbar Velayati, a senior adviser to Ali Khamenei, warned on 3 August 2025 that Tehran would block the route.",
     {"Ali Akbar Velayati"}),
    ("وقال الرئيس الأميركي دونالد ترمب ونظيره الروسي فلاديمير بوتين يوم 15 أغسطس 2025 إن المحادثات كانت بناءة.",
     {"Donald Trump", "Vladimir Putin"}),
])
def test_the_words_describing_a_speaker_are_not_who_speaks_but_a_second_speaker_is(
        build_kb, text: str, who: set[str]) -> None:
    data = build_kb({"a.txt": HEADER + text + "\n"})
    assert names(data, only(data, type="statement")) == who
