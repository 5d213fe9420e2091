"""Dates: every form a reader meets, resolved against the article's date, never invented."""
from __future__ import annotations

import pytest

from backchannel.kb.store import KnowledgeBase
from backchannel.recognise.dates import find_dates
from backchannel.text.layer import analyse


def dates(text: str, article_date: str | None = None) -> list[tuple[str, str | None, str | None]]:
    """(phrase, iso, precision) of each date in ``text``; offsets checked on the way."""
    out = []
    for m in find_dates(analyse(text), "d", article_date):
        assert text[m.span.start:m.span.end] == m.span.text
        out.append((m.span.text, m.value["iso"], m.value["precision"]))
    return out


@pytest.mark.parametrize("text, phrase, iso, precision", [
    ("زار الوفد العاصمة في 6 أغسطس 2025 للمرة الأولى.", "6 أغسطس 2025", "2025-08-06", "day"),
    ("وصل المبعوث في الثاني من أبريل 2024 إلى العاصمة.", "الثاني من أبريل 2024", "2024-04-02", "day"),
    ("عقد الاجتماع في أبريل 2025 بعيداً عن الأضواء.", "أبريل 2025", "2025-04", "month"),
    ("جرت المحادثات في كانون الأول 2024 في جنيف.", "كانون الأول 2024", "2024-12", "month"),
    ("وقّع الاتفاق في تشرين الأول 2023.", "تشرين الأول 2023", "2023-10", "month"),
    ("فُرضت العقوبات منذ عام 2022 على الصندوق.", "عام 2022", "2022", "year"),
    ("The envoy arrived on April 2, 2025 for talks.", "April 2, 2025", "2025-04-02", "day"),
    ("The sanctions date from March 2022.", "March 2022", "2022-03", "month"),
    ("Published 2025-11-29 in the morning edition.", "2025-11-29", "2025-11-29", "day"),
    ("وفي أواخر يوليو 2025 زار المسؤول المركز.", "أواخر يوليو 2025", "2025-07", "month"),
])
def test_absolute_dates_keep_their_precision(text: str, phrase: str, iso: str, precision: str) -> None:
    assert (phrase, iso, precision) in dates(text)


def test_mixed_gregorian_and_levantine_month_is_one_date() -> None:
    found = dates("التقى الوفدان في ديسمبر/كانون الأول 2024 في موسكو.")
    assert found == [("ديسمبر/كانون الأول 2024", "2024-12", "month")]


def test_month_without_year_takes_the_article_year() -> None:
    assert dates("وصل الرئيس إلى واشنطن في أكتوبر طالباً صواريخ.", "2025-11-29") == [("أكتوبر", "2025-10", "month")]


def test_month_without_year_after_the_article_falls_in_the_year_before() -> None:
    found = find_dates(analyse("The envoy first travelled there in December."), "d", "2025-03-10")
    assert found[0].value["iso"] == "2024-12"
    assert "year before" in found[0].value["basis"]


def test_month_with_madi_is_the_last_such_month() -> None:
    assert dates("التقى المبعوث بالرئيس في فبراير الماضي.", "2026-01-15")[0][1] == "2025-02"
    assert dates("أعلن الاتفاق في أكتوبر الماضي.", "2025-11-29")[0][1] == "2025-10"


@pytest.mark.parametrize("text, article, iso, precision", [
    ("اجتمع الوزيران الشهر الماضي في الرياض.", "2025-11-29", "2025-10", "month"),
    ("The ministers met last month in Riyadh.", "2025-01-10", "2024-12", "month"),
    ("أعلن الجنرال الأسبوع الماضي مغادرته الحكومة.", "2025-12-03", "2025-11", "month"),
    ("صرّح الرئيس في وقت سابق من الشهر الجاري بأنه غير راضٍ.", "2026-01-20", "2026-01", "month"),
    ("قال المتحدث أمس إن المحادثات مفيدة.", "2025-04-15", "2025-04-14", "day"),
    ("The spokesman said yesterday that the talks were useful.", "2025-04-15", "2025-04-14", "day"),
    ("وسيُعقد الاجتماع هذا الشهر إذا اكتملت الترتيبات.", "2026-01-07", "2026-01", "month"),
    ("ووعد الطرفان بجولة جديدة العام المقبل.", "2025-06-01", "2026", "year"),
])
def test_relative_dates_resolve_against_the_article_and_keep_their_phrase(
        text: str, article: str, iso: str, precision: str) -> None:
    found = find_dates(analyse(text), "d", article)
    assert len(found) == 1
    value = found[0].value
    assert (value["iso"], value["precision"]) == (iso, precision)
    assert value["phrase"] == found[0].span.text
    assert article in value["basis"]


def test_weekday_is_the_last_such_day_before_the_article() -> None:
    # 2025-04-16 is a Wednesday: "Monday" is the 14th, "الثلاثاء" the 15th.
    assert find_dates(analyse("أشاد الكرملين يوم الاثنين بالمحادثات."), "d", "2025-04-16")[0].value["iso"] == "2025-04-14"
    assert find_dates(analyse("ووصل المبعوث إلى موسكو، الثلاثاء، للقاء الرئيس."), "d", "2025-04-16")[0].value["iso"] == "2025-04-15"
    assert find_dates(analyse("The Kremlin praised the talks on Monday."), "d", "2025-04-16")[0].value["iso"] == "2025-04-14"


def test_relative_dates_in_an_undated_article_keep_the_phrase_and_no_date() -> None:
    for text in ("اجتمع رجال الأعمال في ميامي الشهر الماضي.", "ووصل المبعوث إلى موسكو، الثلاثاء.",
                 "The general said last week he would leave."):
        found = find_dates(analyse(text), "d", None)
        assert len(found) == 1, text
        assert found[0].value["iso"] is None
        assert found[0].value["phrase"] == found[0].span.text


def test_no_date_where_the_text_gives_none() -> None:
    assert dates("التقى المبعوث بالرئيس في الكرملين لبحث الحرب.", "2025-11-29") == []
    assert dates("They may march on the capital.", "2025-11-29") == []
    assert dates("مارس الضغط على الحكومة لسنوات.", "2025-11-29") == []


def test_undated_article_reads_months_in_the_latest_year_it_mentions() -> None:
    found = find_dates(analyse("صورة من القمة. 15 أغسطس 2025\nوفي 6 أغسطس سافر المبعوث إلى موسكو."), "d", None)
    day = [m for m in found if m.span.text == "6 أغسطس"][0]
    assert day.value["iso"] == "2025-08-06"
    assert "2025" in day.value["basis"] and "undated" in day.value["basis"]


def test_month_alone_in_an_undated_text_without_any_year_has_no_date() -> None:
    found = find_dates(analyse("وفي أكتوبر وصل الرئيس إلى العاصمة."), "d", None)
    assert found[0].value["iso"] is None and found[0].value["precision"] == "month"


def test_previous_anchor_phrases_count_from_the_date_before() -> None:
    found = find_dates(analyse("في 6 أغسطس 2025 سافر المبعوث إلى موسكو. وفي اليوم التالي شارك في مؤتمر عبر الفيديو."),
                       "d", None)
    nxt = [m for m in found if "التالي" in m.span.text][0]
    assert nxt.value["iso"] == "2025-08-07"
    found = find_dates(analyse("In October 2025 the president arrived, but he had spoken with Moscow a day earlier."), "d")
    assert [m.value["iso"] for m in found] == ["2025-10", "2025-10"]


def test_clitics_on_dates_stay_outside_the_span() -> None:
    found = find_dates(analyse("والتقى الوفدان والأسبوع الماضي كان حاسماً."), "d", "2025-05-20")
    assert found[0].span.text == "الأسبوع الماضي"


def test_dates_reach_the_knowledge_base(build_kb) -> None:
    data = build_kb({"a.txt": "date: 2025-11-29\nاجتمع الوزيران الشهر الماضي في الرياض، وفي 3 مارس 2025 وقّعا اتفاقاً."})
    with KnowledgeBase(data["_db"]) as kb:
        stored = kb.mentions(kind="date")
    isos = {m["value"]["iso"] for m in stored}
    assert {"2025-10", "2025-03-03"} <= isos
    for m in stored:
        doc = next(d for d in data["documents"] if d["id"] == m["doc"])
        assert doc["text"][m["start"]:m["end"]] == m["text"]


def test_this_morning_is_the_article_day_but_bare_today_is_not_a_date() -> None:
    from backchannel.pipeline import BuildOptions, analyse_document
    from backchannel.text.document import Document
    a = analyse_document(Document(source="t.txt", text="والتقى ويتكوف لافروف صباح اليوم، في عالم اليوم المضطرب.",
                                  date="2025-11-29"), BuildOptions())
    assert [(m.span.text, m.value.get("iso")) for m in a.mentions_of("date")] == [("صباح اليوم", "2025-11-29")]


def test_today_with_the_articles_weekday_is_the_article_day_even_in_the_future_tense() -> None:
    from backchannel.pipeline import BuildOptions, analyse_document
    from backchannel.text.document import Document
    a = analyse_document(Document(source="t.txt", text="وسيلتقي روبيو الشيباني اليوم الخميس في أنطاليا.",
                                  date="2025-05-15"), BuildOptions())
    assert [(m.span.text, m.value.get("iso")) for m in a.mentions_of("date")] == [("اليوم الخميس", "2025-05-15")]


@pytest.mark.parametrize("part", ["ليل", "ليلة", "مساء", "فجر"])
def test_a_weekday_after_a_part_of_the_day_is_that_day(part: str) -> None:
    """"ليل الجمعة" (Friday night) in an article of Sunday 20 July 2025 is Friday the 18th; a
    bare "الجمعة" stays no date (it is also a word for the congregation)."""
    from backchannel.pipeline import BuildOptions, analyse_document
    from backchannel.text.document import Document
    a = analyse_document(Document(source="t.txt", text=f"وقال المبعوث توماس براك {part} الجمعة إن الهدنة صامدة.",
                                  date="2025-07-20"), BuildOptions())
    assert [(m.span.text, m.value.get("iso")) for m in a.mentions_of("date")] == [(f"{part} الجمعة", "2025-07-18")]
