"""Amounts: money, percentages, durations and counts, in digits and in Arabic or English words.

"300 مليار دولار", "تريليوني دولار" (a dual: two trillion), "600 ألف دولار", "9.9%",
"ستة مواقع", "لعشر سنوات", "لـ5 ساعات", "$300 billion", "three-hour" all become
``Mention(kind="amount")`` with the number, its unit (ISO currency code, ``%``, a unit of
time, or ``count``), whether it is approximate ("نحو", "about") or a bound ("ما يصل إلى",
"up to"), and what it measures where the text says ("من الأصول المجمدة", "of the project").
The words are data: ``lang/<lang>/numbers.yaml`` and ``units.yaml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from backchannel import lang
from backchannel.kb.model import DocAnalysis, Mention
from backchannel.text.document import Span
from backchannel.text.layer import TextLayer
from backchannel.text.normalise import match_key

LANGS = ("ar", "en")
HOURS = {"hour": 1.0, "day": 24.0, "week": 168.0}
_DIGITS = r"\d+(?:[.,]\d+)*"
_CLITIC = r"(?:وب|ول|فب|فل|[وفبلك])"


def _alt(forms: list[str]) -> str:
    parts = []
    for f in sorted(set(forms), key=len, reverse=True):
        esc = re.escape(f).replace(r"\ ", r"\s+")
        parts.append(esc + (r"(?!\w)" if re.search(r"\w$", f) else ""))
    return "|".join(parts)


@dataclass(frozen=True)
class _Vocab:
    number_of: dict[str, int]
    scale_of: dict[str, int]
    plural_scale_of: dict[str, int]
    dual_of: dict[str, tuple[int, str, str]]  # word -> (value, unit kind, unit)
    vague_of: dict[str, int]
    unit_of: dict[str, tuple[str, str]]  # word -> (kind, unit)
    approx: tuple[str, ...]
    upper: tuple[str, ...]
    lower: tuple[str, ...]
    not_counted: frozenset[str]
    measure_cue_of: dict[str, str]
    fraction: re.Pattern[str]
    fraction_of: dict[str, float]
    interval_before: tuple[str, ...]
    interval_after: re.Pattern[str]
    numeric: re.Pattern[str]
    dual: re.Pattern[str]
    lone_scale: re.Pattern[str]
    vague: re.Pattern[str]


@lru_cache(maxsize=1)
def vocab() -> _Vocab:
    """The compiled number and unit vocabulary of every language (read once)."""
    number_of: dict[str, int] = {}
    scale_of: dict[str, int] = {}
    plural_scale_of: dict[str, int] = {}
    dual_of: dict[str, tuple[int, str, str]] = {}
    vague_of: dict[str, int] = {}
    unit_of: dict[str, tuple[str, str]] = {}
    approx: list[str] = []
    upper: list[str] = []
    lower: list[str] = []
    not_counted: set[str] = set()
    measure_cue_of: dict[str, str] = {}
    fraction_of: dict[str, float] = {}
    interval_before: list[str] = []
    interval_after: list[str] = []
    for code in LANGS:
        nums = lang.load(code, "numbers")
        for value, words in nums["cardinals"].items():
            for w in words:
                number_of[match_key(w)] = int(value)
        for unit_word in nums.get("teen") or []:
            for value in range(3, 10):
                for w in nums["cardinals"][value]:
                    number_of[f"{match_key(w)} {match_key(unit_word)}"] = value + 10
        for table, target in (("scales", scale_of), ("scale_plurals", plural_scale_of), ("vague", vague_of)):
            for value, words in (nums.get(table) or {}).items():
                for w in words:
                    target[match_key(w)] = int(value)
        for value, words in (nums.get("scale_duals") or {}).items():
            for w in words:
                dual_of[match_key(w)] = (2 * int(value), "scale", "")
        approx += [match_key(w) for w in nums.get("approx", [])]
        upper += [match_key(w) for w in nums.get("upper", [])]
        lower += [match_key(w) for w in nums.get("lower", [])]
        not_counted |= {match_key(str(w)) for w in nums.get("not_counted", [])}
        for value, words in (nums.get("fractions") or {}).items():
            for w in words:
                fraction_of[match_key(w)] = float(value)
        units = lang.load(code, "units")
        for cur, words in (units.get("currencies") or {}).items():
            for w in words:
                unit_of[match_key(str(w))] = ("money", cur)
        for cur, words in (units.get("currency_duals") or {}).items():
            for w in words:
                dual_of[match_key(w)] = (2, "money", cur)
        for w in units.get("percent") or []:
            unit_of[match_key(str(w))] = ("percent", "%")
        for unit, words in (units.get("durations") or {}).items():
            for w in words:
                unit_of[match_key(w)] = ("duration", unit)
        for unit, words in (units.get("duration_duals") or {}).items():
            for w in words:
                dual_of[match_key(w)] = (2, "duration", unit)
        for role, words in (units.get("measure_cues") or {}).items():
            for w in words:
                measure_cue_of[match_key(w)] = role
        interval_before += [match_key(w) for w in (units.get("intervals") or {}).get("before", [])]
        interval_after += [match_key(w) for w in (units.get("intervals") or {}).get("after", [])]
    word_num = _alt(list(number_of))
    num_body = rf"(?:{_DIGITS}|(?:{word_num})(?:(?:\s+و\s*|\s*-\s*|\s+and\s+)(?:{word_num}))*)"
    scales = _alt(list(scale_of) + list(plural_scale_of))
    units_alt = _alt(list(unit_of))
    symbols = _alt([w for w in unit_of if not re.search(r"\w", w)] + ["us$"])
    fractions = _alt(list(fraction_of))
    numeric = re.compile(
        rf"(?<![\w.,])(?:{_CLITIC})??(?:(?P<sym>{symbols})\s*)?(?P<num>{num_body})(?![\d])"
        rf"(?:\s*(?P<scale>{scales}))?(?:\s+(?P<scale2>{scales}))?"
        rf"(?:\s+(?P<frac>{fractions}))?(?:\s*-?\s*(?P<unit>{units_alt}))?")
    dual = re.compile(rf"(?<!\w)(?:{_CLITIC})??(?P<dual>{_alt(list(dual_of))})(?:\s+(?P<unit>{units_alt}))?")
    lone_scale = re.compile(rf"(?<!\w)(?:{_CLITIC})??(?P<scale>{_alt(list(scale_of))})\s+(?P<unit>{units_alt})")
    vague = re.compile(rf"(?<!\w)(?:{_CLITIC})??(?P<vague>{_alt(list(plural_scale_of) + list(vague_of))})"
                       rf"(?:\s+(?:of\s+)?(?:ال)?(?P<unit>{units_alt}))?")
    return _Vocab(number_of, scale_of, plural_scale_of, dual_of, vague_of, unit_of, tuple(approx), tuple(upper),
                  tuple(lower), frozenset(not_counted), measure_cue_of, re.compile(rf"\s+(?P<frac>{fractions})"),
                  fraction_of, tuple(interval_before), re.compile(rf"\s+(?:{_alt(interval_after) or '(?!)'})"),
                  numeric, dual, lone_scale, vague)


def parse_number(text: str, v: _Vocab | None = None) -> float | None:
    """The value of digits ("600,000", "9.9", "9,9") or number words ("خمسة وعشرون", "twenty-five")."""
    v = v or vocab()
    t = match_key(text)
    if re.fullmatch(_DIGITS, t):
        if "," in t and "." not in t:
            groups = t.split(",")
            t = t.replace(",", "") if all(len(g) == 3 for g in groups[1:]) else t.replace(",", ".")
        else:
            t = t.replace(",", "")
        try:
            return float(t)
        except ValueError:
            return None
    total = 0
    for part in re.split(r"\s+و\s*|\s*-\s*|\s+and\s+", t):
        if part not in v.number_of:
            return None
        total += v.number_of[part]
    return float(total)


def _clean(x: float | None) -> float | int | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else round(x, 6)


def _qualified(before: str, words: tuple[str, ...]) -> bool:
    """Whether ``before`` ends with one of ``words`` (a clitic allowed before it)."""
    tail = before.rstrip()
    return any(re.search(rf"(?<!\w)(?:{_CLITIC})?{re.escape(w)}$", tail) for w in words)


def _qualifier(before: str, v: _Vocab) -> tuple[bool, str | None]:
    """(approximate?, bound) from the words just before an amount."""
    tail = before.rstrip()
    for words, result in ((v.upper, (False, "upper")), (v.lower, (False, "lower")), (v.approx, (True, None))):
        for w in sorted(words, key=len, reverse=True):
            if re.search(rf"(?<!\w)(?:{_CLITIC})?{re.escape(w)}$", tail):
                return result
    return False, None


def _measures(text: str, start: int, end: int, kind: str, v: _Vocab) -> str | tuple[int, int] | None:
    """What an amount measures: the span of "من X"/"of X" after it, or the role a cue word before it
    gives ("مقابل" price, "حصة" stake)."""
    if kind == "duration":
        # "بعد تسعة أيام", "three days later": how long after something, not how long it lasted
        if _qualified(text[max(0, start - 40):start], v.interval_before) or v.interval_after.match(text, end):
            return "interval"
        return "duration"
    m = re.match(r"\s+(?:من|of)\s+(?:(?:the|an|a)\s+)?((?:[^\W\d_]+\s*){1,4})", text[end:end + 80])
    if m and kind in ("money", "percent", "count"):
        words = list(re.finditer(r"[^\W\d_]+", m.group(1)))
        stop = next((i for i, w in enumerate(words) if w.group(0) in v.not_counted), len(words))
        if stop:
            base = end + m.start(1)
            return base + words[0].start(), base + words[stop - 1].end()
    before = text[max(0, start - 40):start]
    for cue, role in sorted(v.measure_cue_of.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"(?<!\w)(?:{_CLITIC})?{re.escape(cue)}\s+(?:\S+\s+){{0,2}}$", before):
            return role
    return None


def _count_noun(text: str, end: int, v: _Vocab) -> tuple[int, int] | None:
    """The normalised span of the noun a number counts ("ستة مواقع", "ثلاثة من كبار رجال")."""
    m = re.match(r"\s+([^\W\d_]{2,})", text[end:end + 40])
    if not m:
        return None
    word = m.group(1)
    if word in ("من", "of"):
        m2 = re.match(r"\s+(?:من|of)\s+([^\W\d_]{2,}(?:\s+[^\W\d_]{2,})?)", text[end:end + 60])
        return (end + m2.start(1), end + m2.end(1)) if m2 else None
    if word in v.not_counted or word in v.unit_of:
        return None
    return end + m.start(1), end + m.end(1)


def _with_fraction(text: str, end: int, amount: float, v: _Vocab) -> tuple[int, float]:
    """A duration's end and amount with a fraction after it ("ساعتين ونصف الساعة": 2.5 hours)."""
    m = v.fraction.match(text, end)
    if m:
        return m.end(), amount + v.fraction_of[re.sub(r"\s+", " ", m.group("frac"))]
    return end, amount


def find_amounts(layer: TextLayer, doc_id: str, skip: list[tuple[int, int]] | tuple[()] = ()) -> list[Mention]:
    """Every amount in the text; ``skip`` holds original spans (dates) that are not amounts."""
    v = vocab()
    text = layer.norm.text
    found: list[tuple[int, int, dict[str, Any]]] = []  # normalised spans

    def add(ns: int, ne: int, amount: float | None, kind: str, unit: str,
            extra: dict[str, Any] | None = None) -> dict[str, Any] | None:
        s, e = layer.norm.to_original(ns, ne)
        if any(s < te and ts < e for ts, te in skip):
            return None
        approx, bound = _qualifier(text[max(0, ns - 40):ns], v)
        measures = _measures(text, ns, ne, kind, v)
        if isinstance(measures, tuple):
            measures = layer.text[slice(*layer.norm.to_original(*measures))]
        value: dict[str, Any] = {"amount": _clean(amount), "unit": unit, "kind": kind, "approx": approx,
                                 "bound": bound, "measures": measures}
        if kind == "duration" and unit in HOURS and amount is not None:
            value["hours"] = _clean(amount * HOURS[unit])
        value.update(extra or {})
        value["phrase"] = layer.text[s:e]
        found.append((ns, ne, value))
        return value

    for m in v.numeric.finditer(text):
        n = parse_number(m.group("num"), v)
        if n is None:
            continue
        for g in ("scale", "scale2"):
            if m.group(g):
                n *= v.scale_of.get(m.group(g)) or v.plural_scale_of[m.group(g)]
        unit_word = m.group("unit") or m.group("sym")
        ns = m.start("sym") if m.group("sym") else m.start("num")
        if unit_word:
            kind, unit = v.unit_of.get(re.sub(r"\s+", " ", unit_word), ("money", "USD"))
            n += v.fraction_of.get(re.sub(r"\s+", " ", m.group("frac") or ""), 0.0)  # "two and a half hours"
            if kind == "duration":
                add(ns, *_with_fraction(text, m.end(), n, v), kind, unit)  # "ثلاث ساعات ونصف"
            else:
                add(ns, m.end(), n, kind, unit)
            continue
        is_digit = m.group("num")[0].isdigit()
        if not is_digit and n < 3 and not m.group("scale"):
            continue  # "one", "واحد": too often not a count
        noun = _count_noun(text, m.end(), v)
        if m.group("scale") and not noun:
            add(ns, m.end(), n, "count", "count")
        elif noun:
            word = layer.text[slice(*layer.norm.to_original(*noun))]
            add(ns, noun[1], n, "count", "count", {"noun": word, "measures": word})
    for m in v.dual.finditer(text):
        count, kind, unit = v.dual_of[m.group("dual")]
        if kind == "scale":
            if not m.group("unit"):
                continue
            kind, unit = v.unit_of[re.sub(r"\s+", " ", m.group("unit"))]
        if kind == "duration":
            add(m.start("dual"), *_with_fraction(text, m.end(), count, v), kind, unit)
            continue
        add(m.start("dual"), m.end(), count, kind, unit)
    for m in v.lone_scale.finditer(text):
        kind, unit = v.unit_of[re.sub(r"\s+", " ", m.group("unit"))]
        add(m.start("scale"), m.end(), v.scale_of[m.group("scale")], kind, unit)
    for m in v.vague.finditer(text):
        order = v.plural_scale_of.get(m.group("vague")) or v.vague_of.get(m.group("vague"))
        if m.group("unit"):
            kind, unit = v.unit_of[re.sub(r"\s+", " ", m.group("unit"))]
            add(m.start("vague"), m.end(), None, kind, unit, {"order": order, "approx": True})
            continue
        noun = _count_noun(text, m.end(), v)
        if noun:
            word = layer.text[slice(*layer.norm.to_original(*noun))]
            add(m.start("vague"), noun[1], None, "count", "count",
                {"order": order, "approx": True, "noun": word, "measures": word})
    kept: list[tuple[int, int, dict[str, Any]]] = []
    for ns, ne, value in sorted(found, key=lambda f: (-(f[1] - f[0]), f[0])):
        if not any(ns < ke and ks < ne for ks, ke, _ in kept):
            kept.append((ns, ne, value))
    out = []
    for ns, ne, value in sorted(kept, key=lambda f: f[0]):
        s, e = layer.norm.to_original(ns, ne)
        out.append(Mention(span=Span(doc_id, s, e, layer.text[s:e]), kind="amount", key=value["unit"], value=value))
    return out


def recognise_amounts(analysis: DocAnalysis, options: object) -> None:
    """Pipeline stage: add ``amount`` mentions (after dates, whose numbers are not amounts)."""
    dates = [(m.span.start, m.span.end) for m in analysis.mentions_of("date")]
    analysis.mentions.extend(find_amounts(analysis.layer, analysis.doc.id, dates))
