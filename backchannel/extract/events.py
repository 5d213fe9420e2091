"""Events of one document: who met, called, visited, sanctioned, leaked, asked, refused or said what.

Each clause that holds an event trigger (recognise/triggers.py) becomes a candidate event:
its type is the trigger's, its participants the actors named in the clause (by local key),
its place the gazetteer place the clause puts it in ("في الكرملين", "إلى موسكو"), its date
the clause's own date or, failing that, the sentence's or the paragraph's (the basis is
recorded), its duration the clause's "ثلاث ساعات"/"three-hour", and its evidence the clause.

Precision rules, so a knowledge base is not flooded:
- a negated ("لم يزر") or conditional ("إذا رفعت العقوبات") trigger is no event;
- a noun trigger ("لقاء", "قمة") needs two participants, a date or a place;
- a statement needs a named speaker beside its verb ("وقال ويتكوف", "Peskov said"), who is
  not a news outlet; reporting verbs of the press ("وأفادت بأن") are not statements.
Events reported twice in one document (a translation, a summary) are merged later, with
the cross-outlet merge (resolve/events.py).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from backchannel.extract.clauses import (Piece, comma_clause, inside, paragraph_of, paragraph_starts, span, split_at,
                                         word_before)
from backchannel.kb.model import DocAnalysis, Event, Mention, stable_id
from backchannel.recognise.triggers import event_types, family, modifier_lexicon
from backchannel.text.layer import Sentence
from backchannel.text.normalise import match_key

_PLACE_RANK = {"site": 4, "city": 3, "region": 2, "sea": 2, "country": 1}
_LOCATIVE = frozenset(match_key(w) for w in ("في", "ب", "إلى", "الى", "in", "at", "to", "inside", "near", "بالقرب"))
_SPEAKER_GAP = 30  # characters between a statement verb and its speaker
_MEDIA = {"media", "outlet", "newspaper"}


@lru_cache(maxsize=1)
def _priority() -> dict[str, int]:
    return {t: i for i, t in enumerate(event_types())}


def _actors(analysis: DocAnalysis) -> list[Mention]:
    """Actor and descriptor mentions that can name a participant: not an adjective ("الصندوق
    الروسي" does not make Russia a participant), not inside a longer place name ("ميامي بيتش")."""
    places = analysis.mentions_of("place")
    out = []
    for m in analysis.mentions:
        if m.kind not in ("actor", "role") or not m.key or m.value.get("form") == "adjective":
            continue
        if any(p.span.start <= m.span.start and m.span.end <= p.span.end and (p.span.end - p.span.start) >
               (m.span.end - m.span.start) for p in places):
            continue
        out.append(m)
    return out


def is_media(m: Mention) -> bool:
    """Whether an actor mention names a news outlet (its reports are not the story's events)."""
    return str(m.value.get("type", "")).lower() in _MEDIA


def _place(analysis: DocAnalysis, piece: Piece, etype: str) -> Mention | None:
    """The place the clause puts the event in: after a locative preposition, or a visit's object."""
    layer = analysis.layer
    trig_end = piece.cues[0].span.end
    best: tuple[int, int, Mention] | None = None
    for p in inside(analysis.mentions_of("place"), piece.start, piece.end):
        locative = word_before(layer, p.span.start) in _LOCATIVE
        visited = etype == "visit" and p.span.start >= trig_end
        if not (locative or visited):
            continue
        rank = (_PLACE_RANK.get(p.value.get("type"), 0), -p.span.start)
        if best is None or rank > best[:2]:
            best = (*rank, p)
    return best[2] if best else None


def _date(analysis: DocAnalysis, piece: Piece, sentence: Sentence, running: Mention | None,
          etype: str, caption: Mention | None) -> tuple[Mention | None, str]:
    """The date of an event: one its clause gives, else an earlier one of its sentence, else a
    date standing alone right after the sentence (a photo caption's "15 أغسطس 2025 - Reuters"),
    else the paragraph's so far. A date later in the sentence, past another comma, usually
    belongs to something else ("... توقف بعد غزو روسيا لأوكرانيا في عام 2022")."""
    state = event_types().get(etype, {}).get("state", False)
    since = modifier_lexicon("since")
    layer = analysis.layer

    def usable(m: Mention) -> bool:
        after_since = any(True for _ in since.finditer(layer, max(0, m.span.start - 8), m.span.start + 6))
        return state or not after_since

    clauses = [comma_clause(layer, sentence, c.span.start) for c in piece.cues]
    first = piece.cues[0].span.start
    dates = [m for m in analysis.mentions_of("date") if not m.value.get("dateline")]
    own = [m for m in inside(dates, piece.start, piece.end) if usable(m) and (
        m.span.end <= first or any(s <= m.span.start < e for s, e in clauses))]
    if own:
        return own[0], "clause"
    earlier = [m for m in inside(dates, sentence.start, piece.start)
               if m.value.get("iso") and usable(m)]
    if earlier:
        return earlier[-1], "sentence"
    if caption is not None:
        return caption, "caption"
    if running is not None:
        return running, "narrative"
    return None, ""


def _speaker(analysis: DocAnalysis, trigger: Mention, actors: list[Mention], piece: Piece) -> Mention | None:
    """The named speaker of a statement: right after its verb (VSO) or just before it (SVO)."""
    text = analysis.layer.text
    after = [a for a in actors if trigger.span.end <= a.span.start <= trigger.span.end + _SPEAKER_GAP
             and a.span.start < piece.end]
    for a in after:
        gap = match_key(text[trigger.span.end:a.span.start])
        if not any(w in gap.split() for w in ("ان", "بان", "that")):
            return a
    before = [a for a in actors if piece.start <= a.span.start and a.span.end <= trigger.span.start
              and trigger.span.start - a.span.end <= 2 * _SPEAKER_GAP]
    return before[-1] if before else None


def _implicit_speaker(analysis: DocAnalysis, trigger: Mention, sentence: Sentence, actors: list[Mention],
                      previous: Sentence | None) -> Mention | None:
    """The speaker of "وقال: «...»" with no name: the first person named in the sentence before.

    Only when the verb introduces a quotation (a colon or quote mark in its clause), the
    commonest way Arabic and English reports drop the speaker's name for the same person.
    """
    layer = analysis.layer
    _, end = comma_clause(layer, sentence, trigger.span.end)
    tail = layer.text[trigger.span.end:min(end + 2, sentence.end)]
    if not re.search(r"[:\"«“]", tail) or previous is None:
        return None
    people = [a for a in inside(actors, previous.start, previous.end) if a.value.get("type") == "person"]
    return people[0] if people else None


def _keep(etype: str, piece: Piece, participants: list[str], has_date: bool, place: Mention | None,
          own_date: bool) -> bool:
    verbs = [c for c in piece.cues if c.value.get("strength") == "verb"]
    nouns = [c for c in piece.cues if c.value.get("strength") == "noun"]
    if not verbs and all(c.value.get("anaphoric") for c in nouns):
        return False  # "هذه اللقاءات": an event already told
    if not verbs and all(c.value.get("definite") for c in nouns) and not (own_date or place):
        return False  # "المحادثات": talks in general, unless the clause dates or places them
    spec = event_types().get(etype, {})
    if spec.get("interactive") and not participants and not place:
        return False
    if verbs:
        return bool(participants or has_date or place or etype in ("leak", "sanction", "waiver"))
    return len(participants) >= 2 or (bool(participants) and (has_date or place is not None))


def _event(analysis: DocAnalysis, piece: Piece, etype: str, participants: list[str], date: Mention | None,
           date_from: str, place: Mention | None, speaker: Mention | None) -> Event:
    spec = event_types().get(etype, event_types()["other"])
    lasting = next((a for a in inside(analysis.mentions_of("amount"), piece.start, piece.end)
                    if a.value.get("kind") == "duration" and a.value.get("hours") is not None), None)
    duration = float(lasting.value["hours"]) if lasting else None
    evidence = span(analysis, piece.start, piece.end)
    attrs: dict[str, Any] = {"triggers": [c.span.text for c in piece.cues], "language": _language(analysis, piece)}
    if any(c.value.get("planned") for c in piece.cues):
        attrs["status"] = "planned"
    if all(c.value.get("aggregate") for c in piece.cues if c.value.get("strength") == "noun") and any(
            c.value.get("aggregate") for c in piece.cues):
        attrs["aggregate"] = True
    if date is not None:
        attrs["date_basis"] = date.value.get("basis")
        if date_from != "clause":
            attrs["date_from"] = f"the {date_from}'s date (\"{date.span.text}\")"
    if place is not None:
        attrs["place_id"] = place.key
    if speaker is not None:
        attrs["speaker"] = speaker.key
    if lasting is not None:
        attrs["duration_phrase"] = lasting.span.text
    return Event(id=stable_id("e", analysis.doc.id, evidence.start, etype), type=etype, plover=spec.get("plover"),
                 plover_mode=spec.get("mode"), date=(date.value.get("iso") if date else None),
                 date_precision=(date.value.get("precision") if date and date.value.get("iso") else None),
                 date_phrase=(date.span.text if date else None), place=(place.value.get("name") if place else None),
                 participants=participants, duration_hours=duration, outlets=[analysis.doc.outlet] if analysis.doc.outlet else [],
                 corroboration=1, attrs=attrs, evidence=[evidence])


def _language(analysis: DocAnalysis, piece: Piece) -> str:
    sent = analysis.layer.sentence_at(piece.start) or analysis.layer.sentence_at(piece.cues[0].span.start)
    return sent.language if sent else "und"


def extract_events(analysis: DocAnalysis, options: object) -> None:
    """Pipeline stage: add this document's events (participants by local actor key)."""
    try:
        analysis.events.extend(find_events(analysis))
    except Exception as exc:  # a stage never stops a build: note it and go on
        analysis.notes.append(f"events skipped: {type(exc).__name__}: {exc}")


def find_events(analysis: DocAnalysis) -> list[Event]:
    """The events reported in one document, one per clause and type family."""
    layer = analysis.layer
    triggers = [t for t in analysis.mentions_of("trigger") if not t.value.get("negated") and not t.value.get("conditional")]
    if not triggers:
        return []
    actors = _actors(analysis)
    dates = [m for m in analysis.mentions_of("date") if not m.value.get("dateline")]
    para_starts = paragraph_starts(layer.text)
    running: dict[int, Mention] = {}
    events: list[Event] = []
    prio = _priority()
    for i, sent in enumerate(layer.sentences):
        para = paragraph_of(para_starts, sent.start)
        caption = _bare_date(analysis, layer.sentences[i + 1]) if i + 1 < len(layer.sentences) and paragraph_of(
            para_starts, layer.sentences[i + 1].start) == para else None
        sentence_dates = inside(dates, sent.start, sent.end)
        here = inside(triggers, sent.start, sent.end)
        if here:
            cues = [(_label(t.key), t) for t in here]
            pieces = split_at(layer, sent, cues)
            prev_parts: list[str] = []
            made: list[Event] = []
            for piece in pieces:
                if all(c.value.get("continuation") for c in piece.cues):
                    if made:  # "، مؤكداً أن ...": more of what the sentence's event said
                        made[-1].evidence.append(span(analysis, piece.start, piece.end))
                    continue
                etype = min((c.key for c in piece.cues if c.value.get("strength") == "verb"),
                            key=lambda t: prio.get(t, 99), default=None) or min(
                    (c.key for c in piece.cues), key=lambda t: prio.get(t, 99))
                own = [a for a in inside(actors, piece.start, piece.end) if not is_media(a)]
                place = _place(analysis, piece, etype)
                if place is not None:
                    own = [a for a in own if not (a.span.start < place.span.end and place.span.start < a.span.end)]
                own = [a for a in own if not _is_visited(analysis, a, piece, etype)]
                speaker = None
                if etype == "statement":
                    trigger = next(c for c in piece.cues if c.key == "statement")
                    speaker = _speaker(analysis, trigger, actors, piece) or _implicit_speaker(
                        analysis, trigger, sent, [a for a in actors if not is_media(a)],
                        layer.sentences[i - 1] if i else None)
                    if speaker is not None and is_media(speaker):
                        speaker = None  # "قالت وول ستريت جورنال": the press reporting, not a statement
                    if speaker is None:
                        prev_parts = _keys(own) or prev_parts
                        continue
                if speaker is not None:
                    # a statement's participants: its speaker and whom the clause names beside the verb
                    s0, e0 = comma_clause(layer, sent, trigger.span.start)
                    own = [a for a in own if s0 <= a.span.start and a.span.end <= e0]
                participants = _keys(([speaker] if speaker else []) + own)
                if not participants and prev_parts:
                    participants = list(prev_parts)
                elif len(participants) == 1 and event_types().get(etype, {}).get("interactive") and prev_parts:
                    participants = _keys_list(prev_parts + participants)
                carried = running.get(para) or running.get(para - 1)
                date, date_from = _date(analysis, piece, sent, carried, etype, caption)
                if _keep(etype, piece, participants, date is not None and bool(date.value.get("iso")), place,
                         date is not None and date_from == "clause"):
                    earlier = events[-1] if events else None
                    if (speaker is not None and earlier is not None and earlier.attrs.get("speaker") == speaker.key
                            and i - earlier.attrs.get("sentence", -9) <= 2):
                        # one statement told over several sentences ("وصف المحادثات ... وأكد بيسكوف أنه ...")
                        earlier.evidence.append(span(analysis, piece.start, piece.end))
                        earlier.participants = _keys_list(earlier.participants + participants)
                        earlier.attrs["sentence"] = i
                        continue
                    event = _event(analysis, piece, etype, participants, date, date_from, place, speaker)
                    event.attrs["sentence"] = i
                    events.append(event)
                    made.append(event)
                prev_parts = _keys(own) or prev_parts
        resolved = [d for d in sentence_dates if d.value.get("iso") and d.value.get("precision") in ("day", "month")]
        if resolved:
            running[para] = resolved[-1]
    return events


def _label(etype: str) -> str:
    """What keeps two triggers of one sentence in one event: their family, except that a call
    or a video conference is told apart from a meeting ("التقيا بعمروف، وتحدثا مع زيلينسكي")."""
    return etype if etype in ("call", "video_conference") else family(etype)


def _bare_date(analysis: DocAnalysis, sentence: Sentence) -> Mention | None:
    """The date a sentence consists of, if it is little more than a date (a caption's dateline)."""
    tokens = analysis.layer.tokens_in(sentence.start, sentence.end)
    dates = [d for d in inside(analysis.mentions_of("date"), sentence.start, sentence.end) if d.value.get("iso")]
    if dates and len(tokens) <= 6 and dates[0].span.start - sentence.start <= 3:
        return dates[0]
    return None


def _is_visited(analysis: DocAnalysis, actor: Mention, piece: Piece, etype: str) -> bool:
    """A capital or seat of power named as where someone went ("وصل إلى واشنطن") is a place there."""
    places = [p for p in analysis.mentions_of("place") if p.span.start < actor.span.end and actor.span.start < p.span.end]
    if not places:
        return False
    return word_before(analysis.layer, places[0].span.start) in _LOCATIVE or (
        etype == "visit" and actor.span.start > piece.cues[0].span.end)


def _keys(mentions: list[Mention]) -> list[str]:
    return _keys_list([m.key for m in mentions])


def _keys_list(keys: list[str]) -> list[str]:
    out: list[str] = []
    for k in keys:
        if k and k not in out:
            out.append(k)
    return out
