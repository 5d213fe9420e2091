"""Recognising the actors of the knowledge base: clitics, variants, longest match, context."""
from __future__ import annotations

from pathlib import Path

import pytest

from backchannel.errors import BackchannelError
from backchannel.kb.model import DocAnalysis
from backchannel.pipeline import BuildOptions
from backchannel.recognise.actors import recognise_actors
from backchannel.text import Document, analyse


def recognise(text: str, **options: object) -> DocAnalysis:
    analysis = DocAnalysis(doc=Document(source="t.txt", text=text), layer=analyse(text))
    recognise_actors(analysis, BuildOptions(**options))  # type: ignore[arg-type]
    return analysis


def found(text: str, **options: object) -> list[tuple[str, str]]:
    """(text at the span, local key) of every actor mention, checking the span against the text."""
    a = recognise(text, **options)
    out = []
    for m in a.mentions:
        assert text[m.span.start:m.span.end] == m.span.text
        if m.kind == "actor":
            out.append((m.span.text, m.key))
    return out


def test_attached_clitics_stay_outside_the_span() -> None:
    text = "عقدت قمة بين ترامب وبوتين، ثم قال لويتكوف إن اللقاء بالكرملين كان مفيداً للكرملين."
    got = found(text)
    assert ("بوتين", "kb:putin") in got
    assert ("ويتكوف", "kb:witkoff") in got
    assert ("الكرملين", "kb:kremlin") in got
    assert ("كرملين", "kb:kremlin") in got  # لل + كرملين: the article is contracted away


def test_a_waw_that_belongs_to_the_name_is_kept() -> None:
    assert found("وصل ويتكوف إلى موسكو صباح الثلاثاء.") == [("ويتكوف", "kb:witkoff")]


def test_spelling_variants_of_one_name_give_one_key() -> None:
    text = "قال ترمب إن ترامب لن يتراجع. وأكد ديميترييف ما قاله ديمترييف، فيما علّق كيريل دميترييف أيضاً."
    keys = [k for _, k in found(text)]
    assert keys.count("kb:trump") == 2
    assert keys.count("kb:dmitriev") == 3


def test_a_variant_the_knowledge_base_does_not_list_is_matched_and_marked() -> None:
    a = recognise("وصل ديميتريف إلى واشنطن.")  # not in the knowledge base in this spelling
    m = next(m for m in a.mentions if m.key == "kb:dmitriev")
    assert m.span.text == "ديميتريف"
    assert m.value["variant_of"]


def test_english_possessive_and_title_leave_the_name_alone() -> None:
    text = "President Vladimir Putin met Witkoff's team; Mr. Kushner joined later."
    got = found(text)
    assert ("Vladimir Putin", "kb:putin") in got
    assert ("Witkoff", "kb:witkoff") in got
    assert ("Kushner", "kb:kushner") in got


def test_longest_name_wins_and_people_who_share_names_stay_apart() -> None:
    text = "التقى دونالد ترمب جونيور صديقه، بينما هاجم دونالد توسك خطة دونالد ترمب."
    got = found(text)
    assert ("دونالد ترمب جونيور", "kb:trump_jr") in got
    assert ("دونالد توسك", "kb:tusk") in got
    assert ("دونالد ترمب", "kb:trump") in got
    assert len(got) == 3


def test_a_building_named_after_a_person_is_not_the_person() -> None:
    assert "kb:trump" not in [k for _, k in found("اقترح بناء برج ترمب في موسكو.")]
    assert "kb:trump" not in [k for _, k in found("They met at Trump Tower in New York.")]


def test_a_given_name_alone_is_nobody() -> None:
    assert found("قال يوري إن ديمتري سيصل غداً.") == []


def test_a_name_that_is_also_a_word_needs_quotes_or_a_head_noun() -> None:
    assert found("أراد الفريق سبر آراء المستثمرين.") == []
    assert ("سبر", "kb:sber") in found('استحوذ على الفرع السويسري لبنك "سبر" الروسي.')


def test_all_capital_aliases_need_capitals() -> None:
    assert found("It is up to us to decide.") == []
    assert ("US", "kb:usa") in found("The US and Russia talked.")


def test_adjectives_name_their_state() -> None:
    got = found("قالت الشركات الروسية إن المسؤولين الأمريكيين وافقوا.")
    assert ("الروسية", "kb:russia") in got
    assert ("الأمريكيين", "kb:usa") in got
    m = next(m for m in recognise("الشركات الروسية").mentions if m.key == "kb:russia")
    assert m.value["form"] == "adjective"


def test_descriptors_become_role_mentions_of_the_actor() -> None:
    a = recognise("وحضر صهر الرئيس الأمريكي الاجتماع.")
    roles = [(m.span.text, m.key) for m in a.mentions if m.kind == "role"]
    assert ("صهر الرئيس الأمريكي", "kb:kushner") in roles
    assert ("الرئيس الأمريكي", "kb:trump") in roles  # the descriptor inside it


def test_the_role_the_sentence_gives_is_kept_on_the_mention() -> None:
    a = recognise("حصل كيريل ديمترييف، رئيس صندوق الثروة السيادية الروسي، على إعفاء.")
    m = next(m for m in a.mentions if m.key == "kb:dmitriev")
    assert m.value["role"] == "رئيس صندوق الثروة السيادية الروسي"


def roles_of(text: str) -> dict[str, str | None]:
    """Known person -> the role recognition gives them in ``text``."""
    return {m.value["name"]: m.value.get("role") for m in recognise(text).mentions
            if m.kind == "actor" and m.value.get("type") == "person"}


def test_a_title_before_a_name_goes_to_the_right_person() -> None:
    # the president is Trump, the envoy someone else
    assert roles_of("وصل مبعوث الرئيس ترمب إلى موسكو.")["Donald Trump"] == "الرئيس"
    assert roles_of("التقى مبعوث الرئيس الأمريكي دونالد ترمب بوتين.")["Donald Trump"] == "الرئيس الأمريكي"
    assert roles_of("وقال مستشار الرئيس بوتين إن اللقاء مفيد.")["Vladimir Putin"] == "الرئيس"
    # the whole phrase describes the person named
    assert roles_of("وقال صهر الرئيس الأمريكي جاريد كوشنر إن")["Jared Kushner"] == "صهر الرئيس الأمريكي"
    assert roles_of("وقال مبعوث الرئيس ستيف ويتكوف إن")["Steve Witkoff"] == "مبعوث الرئيس"
    assert roles_of("وقال نائب الرئيس جي دي فانس إن")["JD Vance"] == "نائب الرئيس"
    assert roles_of("وقال مساعد الرئيس الروسي يوري أوشاكوف إن")["Yuri Ushakov"] == "مساعد الرئيس الروسي"
    assert roles_of("قال المبعوث الخاص للرئيس الأمريكي ستيف ويتكوف إن")["Steve Witkoff"] == \
        "المبعوث الخاص للرئيس الأمريكي"


def test_a_title_after_a_preposition_keeps_its_article() -> None:
    assert roles_of("وهو مستثمر عقاري تربطه بالرئيس دونالد ترمب علاقة")["Donald Trump"] == "الرئيس"


def test_no_kb_recognises_nothing_from_the_knowledge_base() -> None:
    assert found("التقى بوتين وترامب في ألاسكا.", use_kb=False) == []


def test_a_user_knowledge_base_adds_actors(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text("- id: quinlan\n  name: Zara Quinlan\n  type: person\n  side: other\n"
                     "  names:\n    en: [Zara Quinlan]\n    ar: [زارا كوينلان]\n", encoding="utf-8")
    got = found("وقالت زارا كوينلان إن كوينلان ستزور كييف.", kb_files=[extra])
    assert got == [("زارا كوينلان", "kb:quinlan"), ("كوينلان", "kb:quinlan")]


def test_a_broken_knowledge_base_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(BackchannelError) as err:
        recognise("بوتين", kb_files=[bad])
    assert "bad.yaml" in str(err.value)


@pytest.mark.parametrize("text", ["", "   \n\n", "«»،،؛!!", "ـــــ", "\u200f\u200e", "a" * 5000, "بوتين" * 300])
def test_odd_input_never_raises(text: str) -> None:
    a = recognise(text)
    assert not a.notes
    for m in a.mentions:
        assert text[m.span.start:m.span.end] == m.span.text


def test_a_known_surname_after_another_given_name_is_someone_else() -> None:
    assert "kb:graham" not in [k for _, k in found("قال المحلل توماس غراهام إن الخطة صعبة.")]
    assert "kb:graham" not in [k for _, k in found("Analyst Thomas Graham said the plan was hard.")]
    assert ("غراهام", "kb:graham") in found("وقال السيناتور غراهام إن العقوبات جاهزة.")


def test_a_surname_in_lower_case_is_a_word_or_a_slug_not_a_name() -> None:
    text = "Source: https://example.org/2025/12/putin-witkoff-talks\nWitkoff said the talks were useful."
    assert found(text) == [("Witkoff", "kb:witkoff")]


def test_a_name_after_an_honorific_is_the_longest_known_one() -> None:
    got = found("وشكر رئيس الوزراء الشيخ محمد بن عبدالرحمن آل ثاني الطرفين.")
    assert got == [("محمد بن عبدالرحمن آل ثاني", "kb:mohammed_al_thani")]
    assert roles_of("وشكر وزير الخارجية الشيخ محمد بن عبدالرحمن آل ثاني الطرفين.")[
        "Mohammed bin Abdulrahman Al Thani"] == "وزير الخارجية"


def test_a_quotation_mark_ends_a_name() -> None:
    assert found('وأعلن بنك "في تي بي" أرباحه.') == [("في تي بي", "kb:vtb")]


def test_a_title_at_the_very_start_of_the_text_is_whole() -> None:
    assert roles_of("Treasury Secretary Scott Bessent said so.")["Scott Bessent"] == "Treasury Secretary"
