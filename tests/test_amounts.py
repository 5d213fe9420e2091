"""Amounts: money, percentages, durations and counts, in digits and words, normalised with units."""
from __future__ import annotations

import pytest

from backchannel.kb.store import KnowledgeBase
from backchannel.recognise.amounts import find_amounts, parse_number
from backchannel.recognise.dates import find_dates
from backchannel.text.layer import analyse


def amounts(text: str) -> list[dict]:
    layer = analyse(text)
    skip = [(m.span.start, m.span.end) for m in find_dates(layer, "d")]
    out = []
    for m in find_amounts(layer, "d", skip):
        assert text[m.span.start:m.span.end] == m.span.text
        out.append({**m.value, "text": m.span.text})
    return out


def one(text: str) -> dict:
    found = amounts(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, amount, unit", [
    ("عرض استخدام 300 مليار دولار من الأصول المجمدة.", 300_000_000_000, "USD"),
    ("يقدَّر الاقتصاد بنحو تريليوني دولار.", 2_000_000_000_000, "USD"),
    ("وظّف مستشاراً مقابل 600 ألف دولار.", 600_000, "USD"),
    ("The fund offered $300 billion for reconstruction.", 300_000_000_000, "USD"),
    ("The package is worth two trillion dollars.", 2_000_000_000_000, "USD"),
    ("اشترت الشركة حصة بقيمة مليار يورو.", 1_000_000_000, "EUR"),
    ("بلغت الصفقة ٤٥ مليون دولار.", 45_000_000, "USD"),
])
def test_money_in_digits_and_words(text: str, amount: int, unit: str) -> None:
    found = one(text)
    assert (found["amount"], found["unit"], found["kind"]) == (amount, unit, "money")


@pytest.mark.parametrize("text, amount", [
    ("يسعى للاستحواذ على 9.9% من مشروع الغاز.", 9.9),
    ("The investor seeks 9.9 percent of the project.", 9.9),
    ("تملك الدولة 25 في المئة من الشركة.", 25),
])
def test_percentages(text: str, amount: float) -> None:
    found = one(text)
    assert (found["amount"], found["unit"]) == (amount, "%")


def test_percentage_says_what_it_measures() -> None:
    assert one("يسعى للاستحواذ على 9.9% من مشروع الغاز الطبيعي المسال.")["measures"].startswith("مشروع الغاز")
    assert one("Russia would keep 20% of the region.")["measures"] == "region"


@pytest.mark.parametrize("text, amount, unit, hours", [
    ("استمر الاجتماع ثلاث ساعات مع الرئيس.", 3, "hour", 3),
    ("مباحثاتهما التي استمرت لـ5 ساعات لم تسفر عن شيء.", 5, "hour", 5),
    ("They held a three-hour meeting.", 3, "hour", 3),
    ("اقترح إعفاءً جمركياً لمدة عشر سنوات.", 10, "year", None),
    ("اقترح إعفاءً جمركياً لعشر سنوات.", 10, "year", None),
    ("a 10-year tariff exemption", 10, "year", None),
    ("استمرت الاضطرابات أسبوعين.", 2, "week", 336),
    ("على مدى ستة أشهر من العمل.", 6, "month", None),
])
def test_durations(text: str, amount: int, unit: str, hours: float | None) -> None:
    found = one(text)
    assert (found["amount"], found["unit"], found["kind"]) == (amount, unit, "duration")
    assert found.get("hours") == hours


@pytest.mark.parametrize("text, amount, noun", [
    ("عرضوا امتيازات في ستة مواقع أخرى.", 6, "مواقع"),
    ("وكذلك في أربعة مواقع محتملة.", 4, "مواقع"),
    ("تسربت خطة تضم 28 نقطة.", 28, "نقطة"),
    ("The plan has twenty points.", 20, "points"),
])
def test_counts_name_what_they_count(text: str, amount: int, noun: str) -> None:
    found = one(text)
    assert (found["amount"], found["unit"], found["noun"]) == (amount, "count", noun)


def test_approximate_and_bounds() -> None:
    assert one("تسمح بالوصول إلى نحو 300 مليار دولار.")["approx"] is True
    assert one("the approximately $300 billion in assets")["approx"] is True
    capped = one("وفي ما يصل إلى ستة مواقع في سيبيريا.")
    assert capped["bound"] == "upper" and capped["amount"] == 6
    assert one("up to six sites in Siberia")["bound"] == "upper"
    assert one("استمرت أكثر من أسبوعين.")["bound"] == "lower"
    exact = one("جزء من 300 مليار دولار من الأصول.")
    assert exact["approx"] is False and exact["bound"] is None


def test_vague_quantities_have_an_order_not_a_number() -> None:
    found = one("صفقات بمليارات الدولارات في الطاقة.")
    assert found["amount"] is None and found["order"] == 1_000_000_000 and found["unit"] == "USD"


def test_compound_number_words() -> None:
    assert parse_number("خمسة وعشرون") == 25
    assert parse_number("twenty-five") == 25
    assert parse_number("ثلاثة عشر") == 13
    assert parse_number("600,000") == 600000
    assert parse_number("9,9") == 9.9


def test_years_and_dates_are_not_amounts() -> None:
    assert amounts("فرضت العقوبات منذ عام 2022 وفي 6 أغسطس 2025.") == []


def test_one_and_two_in_words_are_not_counts() -> None:
    assert amounts("تحدث مع بوتين قبل يوم واحد فقط.") == []


def test_amounts_reach_the_knowledge_base(build_kb) -> None:
    data = build_kb({"a.txt": "ناقش الطرفان استثمارات بقيمة 300 مليار دولار، واجتماعاً استمر ثلاث ساعات."})
    with KnowledgeBase(data["_db"]) as kb:
        stored = kb.mentions(kind="amount")
    assert {(m["value"]["amount"], m["value"]["unit"]) for m in stored} == {(300_000_000_000, "USD"), (3, "hour")}
