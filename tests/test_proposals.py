"""Proposals: named plans, offers, issues from the vocabulary, proposer, reactions, references back."""
from __future__ import annotations

import json

from click.testing import CliRunner

from backchannel.cli import cli

HEADER = "# outlet: Test Wire\n# date: 2025-11-29\n"


def issues(p: dict) -> set[str]:
    return {i["issue"] for i in p["issues"]}


def names(data: dict) -> dict[str, str]:
    return {a["id"]: a["name"] for a in data["actors"]}


def test_numbered_plans_in_arabic_and_english(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وتسربت مسودة أولية من 28 بنداً للاتفاق المقترح.\n",
                     "b.txt": HEADER + "Talks focused on the 20-point peace plan and security guarantees for Ukraine.\n"})
    got = {p["name"] for p in data["proposals"]}
    assert {"28-point plan", "20-point plan"} <= got


def test_issues_by_region_and_proposer(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وقدم فلاديمير بوتين تصوراً أولياً لتسوية تقوم على تنازلات متبادلة في مناطق "
                                       "دونيتسك وخيرسون وزابوريجيا.\n"})
    [p] = data["proposals"]
    assert {"territory: Donetsk", "territory: Kherson", "territory: Zaporizhzhia"} <= issues(p)
    assert names(data)[p["proposer"]] == "Vladimir Putin"


def test_conditions_with_several_issues(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وما زالت الأزمة عالقة عند الشروط الروسية: انسحاب أوكراني من دونباس، ورفض نشر "
                                       "قوات أطلسية، والاعتراف بالأراضي التي سيطرت عليها موسكو.\n"})
    [p] = data["proposals"]
    assert {"territory: Donbas", "NATO or foreign troops", "recognition"} <= issues(p)


def test_offer_verb_with_a_trade_issue(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "واقترح ستيف ويتكوف على زيلينسكي حزمة اقتصادية تقوم على إعفاء جمركي لمدة عشر سنوات.\n"})
    [p] = data["proposals"]
    assert "trade" in issues(p) and names(data)[p["proposer"]] == "Steve Witkoff"


def test_reference_back_adds_reactions_and_evidence_to_the_plan(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وتسربت خطة تضم 28 نقطة.\n"
                                       "واعتبرت أوكرانيا أن الخطة منحازة بوضوح لموسكو وتتجاهل الضمانات الأمنية.\n"})
    [p] = data["proposals"]
    assert p["name"] == "28-point plan" and len(p["evidence"]) == 2
    assert "security guarantees" in issues(p)
    assert any(r["stance"] == "rejects" and names(data)[r["actor"]] == "Ukraine" for r in p["reactions"])


def test_plan_named_without_terms_is_completed_by_the_next_sentence(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وعرض ويتكوف على الأوروبيين ما فهمه من مقترح بوتين.\n"
                                       "ووفق المقترح، إذا سلمت أوكرانيا ما تبقى من دونيتسك فإن موسكو ستتخلى عن مطالبها "
                                       "في خيرسون.\n"})
    [p] = data["proposals"]
    assert names(data)[p["proposer"]] == "Vladimir Putin"
    assert {"territory: Donetsk", "territory: Kherson"} <= issues(p)
    assert len(p["evidence"]) == 2


def test_a_plan_word_without_issues_is_no_proposal(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وقال المسؤول إن الخطة تحتاج إلى وقت، وإن المقترحات كثيرة.\n"})
    assert data["proposals"] == []


def test_proposals_command(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وتسربت مسودة أولية من 28 بنداً تتضمن الاعتراف بالقرم.\n"})
    rows = json.loads(CliRunner().invoke(cli, ["proposals", "--db", str(data["_db"]), "--json", "--issue", "recognition"]).output)
    assert [r["name"] for r in rows] == ["28-point plan"]
    none = CliRunner().invoke(cli, ["proposals", "--db", str(data["_db"]), "--issue", "prisoner exchange"])
    assert none.exit_code == 1


def test_an_exchange_is_an_offer_named_by_what_is_given_for_what(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "According to people briefed on the talks, Vladimir Putin told Donald Trump that "
                                       "Ukraine should withdraw from Donetsk in exchange for freezing the front line in "
                                       "Kherson and Zaporizhzhia. Volodymyr Zelensky ruled out the idea.\n"})
    [p] = data["proposals"]
    assert p["name"] == "Putin's offer: Donetsk for Kherson and Zaporizhzhia"
    assert names(data)[p["proposer"]] == "Vladimir Putin"
    positions = {i["issue"]: i["position"] for i in p["issues"]}
    assert "withdraw from Donetsk" in positions["territory: Donetsk"]
    assert "Kherson" in positions["territory: Kherson"]
    assert [(names(data)[r["actor"]], r["stance"]) for r in p["reactions"]] == [("Volodymyr Zelensky", "rejects")]


def test_an_unnamed_plan_is_named_by_whose_and_what_on(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وكان كيريل ديميترييف يدفع نحو خطة تسمح للشركات الأمريكية باستخدام الأصول "
                                       "الروسية المجمدة في أوروبا.\n"})
    [p] = data["proposals"]
    assert p["name"] == "Dmitriev's frozen-assets plan"


def test_a_plan_called_by_its_sides_adjective_is_that_sides(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وتناولت المحادثات خطة السلام الأمريكية لإنهاء الحرب.\n",
                     "b.txt": HEADER + "The talks covered the American plan for security guarantees for Ukraine.\n"})
    proposers = {names(data).get(p["proposer"]) for p in data["proposals"]}
    assert proposers == {"United States"}, [(p["name"], p["proposer"]) for p in data["proposals"]]


def test_the_person_reporting_a_plan_is_not_its_proposer_but_reacts_to_it(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وقال يوري أوشاكوف إن بعض المقترحات الأمريكية بشأن الأراضي قابلة للنقاش.\n"})
    [p] = data["proposals"]
    assert names(data)[p["proposer"]] == "United States"
    assert [(names(data)[r["actor"]], r["stance"]) for r in p["reactions"]] == [("Yuri Ushakov", "mixed")]


def test_a_demand_is_its_subjects(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وتتمسك روسيا بانسحاب القوات الأوكرانية من كامل إقليم دونباس.\n"})
    [p] = data["proposals"]
    assert (names(data)[p["proposer"]], p["attrs"]["kind"], p["name"]) == ("Russia", "demand", "Russia's Donbas demand")


def test_the_first_draft_points_back_to_the_first_plan_named(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وبدأ المسار بتسريب خطة من 28 بنداً، ثم صيغة معدلة من 19 بنداً.\n"
                                       "وقد نصت المسودة الأولى على استثمار الأصول الروسية المجمدة في إعادة الإعمار.\n"})
    plans = {p["name"]: issues(p) for p in data["proposals"]}
    assert {"frozen assets", "reconstruction"} <= plans["28-point plan"]
    assert not plans.get("19-point plan")


def test_a_definite_plan_counted_in_points_is_named(build_kb) -> None:
    # the plan noun carries the article ("الخطة", "للخطة") and adjectives before its count
    data = build_kb({"a.txt": HEADER + "وناقش الوفدان الخطة الأوروبية المعدلة المؤلفة من 24 بنداً.\n",
                     "b.txt": HEADER + "وقدمت كييف ملاحظاتها للخطة من 12 نقطة.\n"})
    got = {p["name"] for p in data["proposals"]}
    assert {"24-point plan", "12-point plan"} <= got


def test_a_new_peace_framework_is_a_proposal_but_the_peace_plan_points_back(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وأسفرت المحادثات في جنيف عن إطار سلام محدّث، بحسب مسؤولين أوكرانيين.\n",
                     "b.txt": HEADER + "وتحدث الصحفيون طويلاً عن خطة السلام.\n"})
    docs = [p["evidence"][0]["doc"] for p in data["proposals"]]
    assert docs == ["a"], [(p["name"], p["evidence"][0]["text"]) for p in data["proposals"]]
    assert "end of the war" in issues(data["proposals"][0])


def test_an_agreement_with_a_concrete_issue_is_a_proposal_and_any_agreement_is_not(build_kb) -> None:
    header = "# outlet: Test Wire\n# date: 2025-07-20\n"
    data = build_kb({"a.txt": header + "ووقع الطرفان أمس إعلان مبادئ يلتزمان فيه بوقف دائم لإطلاق النار وتبادل الأسرى.\n\n"
                                      "ويتوقع أن تتناول المناقشات الضمانات الأمنية لضمان صمود أي اتفاق سلام.\n\n"
                                      "وقال الوزير إن هذا ليس اتفاق سلام بل هدنة مؤقتة.\n"})
    issues = [sorted(i["issue"] for i in p["issues"]) for p in data["proposals"]]
    assert ["ceasefire", "prisoner exchange"] in issues, issues
    assert len(data["proposals"]) == 1, issues
