"""The text layer: normalised forms that always map back to the exact original characters."""
from __future__ import annotations

from hypothesis import given, strategies as st

from backchannel.text import analyse, match_key, normalise
from backchannel.text.normalise import loose_key, stems


def test_arabic_folding() -> None:
    assert match_key("أُوكْرَانِيَا") == match_key("اوكرانيا")
    assert match_key("إيران") == match_key("ايران")
    assert match_key("مبادرة") == match_key("مبادره")
    assert match_key("مستشفى") == match_key("مستشفي")
    assert match_key("الـروسي") == match_key("الروسي")  # tatweel
    assert match_key("Witkoff") == "witkoff"


def test_nbsp_and_runs_of_space_are_one_space() -> None:
    assert normalise("بوتين\u00a0 \n ويتكوف").text == "بوتين ويتكوف"


def test_offsets_map_back_through_dropped_diacritics() -> None:
    text = "قال الرَّئِيسُ بُوتِين أمس"
    norm = normalise(text)
    i = norm.text.index("بوتين")
    start, end = norm.to_original(i, i + len("بوتين"))
    assert text[start:end] == "بُوتِين"


def test_clitics_are_separable() -> None:
    readings = {stem for _, _, stem in stems(match_key("وبوتين"))}
    assert "بوتين" in readings
    assert (3, 0, "كرملين") in stems(match_key("بالكرملين"))
    assert (0, 2, "witkoff") in stems("witkoff's")
    assert stems(match_key("ولد")) == [(0, 0, "ولد")]  # too short to strip


def test_loose_key_joins_transliteration_variants() -> None:
    assert loose_key(match_key("ديميترييف")) == loose_key(match_key("دميترييف")) == loose_key(match_key("وديمترييف"))
    assert loose_key(match_key("ترامب")) == loose_key(match_key("ترمب"))


def test_sentences_languages_and_tokens_carry_offsets() -> None:
    text = "قال بوتين إن اللقاء كان مفيداً. وأضاف أنه سيعود.\nThe U.S. envoy arrived at 9.30 am. He left later."
    layer = analyse(text)
    spans = [text[s.start:s.end] for s in layer.sentences]
    assert spans == ["قال بوتين إن اللقاء كان مفيداً.", "وأضاف أنه سيعود.",
                     "The U.S. envoy arrived at 9.30 am.", "He left later."]
    assert [s.language for s in layer.sentences] == ["ar", "ar", "en", "en"]
    assert layer.languages[0] in ("ar", "en") and set(layer.languages) == {"ar", "en"}
    for tok in layer.tokens:
        assert normalise(text[tok.start:tok.end]).text == tok.norm


@given(st.text(alphabet=st.sampled_from(list("بوتينَُِّـأإآىة ويتكوف Witkoff's.،\u00a0\n")), max_size=60))
def test_every_normalised_character_maps_inside_the_original(text: str) -> None:
    norm = normalise(text)
    assert len(norm.starts) == len(norm.text)
    for i in range(len(norm.text)):
        s, e = norm.to_original(i, i + 1)
        assert 0 <= s < e <= len(text)
        assert normalise(text[s:e]).text.strip() == norm.text[i].strip() or norm.text[i] == " "


@given(st.text(alphabet=st.sampled_from(list("بوتينَُِّـأإآىةﻻ ويتكوف Witkoff's.،\u00a0\n\t«»İ")), max_size=60))
def test_match_key_is_the_trimmed_normalised_text(text: str) -> None:
    assert match_key(text) == normalise(text).text.strip()
