"""Events of one document: who met, called, visited, sanctioned, leaked, asked, refused or said what.

Each clause that holds an event trigger (recognise/triggers.py) becomes a candidate event:
its type is the trigger's, its participants the actors named in the clause (by local key),
its place the gazetteer place the clause puts it in ("في الكرملين", "إلى موسكو", "بمدينة
أنكوريج"), its date the clause's own date or, failing that, the sentence's or the
paragraph's (the basis is recorded), its duration the clause's "ثلاث ساعات"/"three-hour",
and its evidence the clause.

Precision rules, so a knowledge base is not flooded:
- a negated ("لم يزر", "لا يريد اجتماعاً") or conditional ("إذا رفعت العقوبات") trigger is no event;
- a noun trigger ("لقاء", "قمة") needs something of its own: a participant, a date or a place;
  a definite or demonstrative one ("المحادثات", "these talks") with nothing of its own adds its
  duration and the people it names to the event it points back to ("ودامت المحادثات ثلاث ساعات");
- a statement needs a named speaker beside its verb ("وقال ويتكوف", "Peskov said"), who is
  not a news outlet, and words about the story (talks, plans, deals, sanctions, the war);
  reporting verbs of the press ("وأفادت بأن") are not statements;
- people named only to describe someone else ("كوشنر، صهر الرئيس ترمب") or a topic ("خطة بشأن
  أوكرانيا") are not participants;
- titles and teasers give an event only with a verb and two participants (or one and a
  place), never a date; metadata lines ("# url: ...") and bylines give none.
Events reported twice in one document (a translation, a summary) are merged later, with
the cross-outlet merge (resolve/events.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from backchannel import lang
from backchannel.extract.arguments import (answered_kinds, assign_roles, destination, grammar, kept_out,
                                           read_arguments, relative_clauses, said_inside, toward_words)
from backchannel.extract.clauses import (Piece, comma_clause, headings, inside, metadata, paragraph_of,
                                         paragraph_starts, span, split_at, within, word_before)
from backchannel.kb.model import DocAnalysis, Event, Mention, stable_id
from backchannel.recognise.triggers import event_types, family, modifier_lexicon
from backchannel.text.layer import Sentence, TextLayer
from backchannel.text.normalise import match_key, stems

_PLACE_RANK = {"site": 4, "city": 3, "region": 2, "sea": 2, "country": 1}
_SPEAKER_GAP = 30  # characters between a statement verb and its speaker
_SINCE_REACH = 60  # characters from "منذ"/"since" to the date of what began then
_TOPIC = re.compile(r"(?:^|\s)اما(?:\s|$)")  # "أما X فـ...": X is what the clause is about, its subject
_MEDIA = {"media", "outlet", "newspaper"}
_CARRY = 2  # sentences back the story's date may be carried (see _Reading.carried)
_POINT_BACK = 3  # sentences back a definite noun ("المحادثات") may point to the event it continues


@lru_cache(maxsize=1)
def _priority() -> dict[str, int]:
    return {t: i for i, t in enumerate(event_types())}


@lru_cache(maxsize=1)
def _words(name: str) -> frozenset[str]:
    """Single words of a context lexicon (for a look at the word before a mention)."""
    return frozenset(e[0] for e in modifier_lexicon(name).entries if " " not in e[0])


def is_media(m: Mention) -> bool:
    """Whether an actor mention names a news outlet (its reports are not the story's events)."""
    return str(m.value.get("type", "")).lower() in _MEDIA


def _descriptors(analysis: DocAnalysis) -> set[tuple[int, int]]:
    """Spans of actor mentions that only describe another actor named beside them: Trump in
    "جاريد كوشنر، صهر الرئيس دونالد ترمب", the fund in "رئيس صندوق الاستثمار، كيريل ديميترييف"
    (read from the ties the text states, extract/ties.py)."""
    named = [m for m in analysis.mentions if m.kind in ("actor", "role") and m.key]
    out: set[tuple[int, int]] = set()
    text = analysis.layer.text
    owners = _owned_words()
    layer = analysis.layer
    people = [m for m in named if m.value.get("type") == "person" or m.kind == "role"]
    for m in named:  # "Kushner, Donald Trump's son-in-law": Trump describes Kushner
        after = re.match(r"(?:'s|’s)\s+(?:\w+[\s-]){0,2}?(\w+(?:-\w+)*)", text[m.span.end:m.span.end + 40])
        if after and match_key(after.group(1)) in owners:
            out.add((m.span.start, m.span.end))
            continue
        # "مساعد الرئيس الروسي يوري أوشاكوف", "كوشنر، صهر الرئيس ترامب": the president describes the aide
        before = [t.norm for t in layer.tokens_in(max(0, m.span.start - 25), m.span.start)[-2:]]
        if before and before[-1] in _words("titles"):
            before = before[:-1]  # "صهر الرئيس ترامب"
        arabic = bool(re.match(r"[\u0600-\u06ff]", m.span.text))  # in English a title before a name is the name's own
        if arabic and before and (before[-1] in owners or (before[-1][:1] in "وبل" and before[-1][1:] in owners)):
            near = [o for o in people if o.key != m.key and (
                0 <= o.span.start - m.span.end <= 30 or 0 <= m.span.start - o.span.end <= 40)]
            if near:
                out.add((m.span.start, m.span.end))
    for tie in analysis.ties:
        if tie.source == tie.target:
            continue
        for ev in tie.evidence:
            here = inside(named, ev.start, ev.end)
            if any(m.key == tie.source for m in here):
                out |= {(m.span.start, m.span.end) for m in here if m.key == tie.target}
    return out


@lru_cache(maxsize=1)
def _owned_words() -> frozenset[str]:
    """Nouns that, after "X's", make X a description of someone else ("Trump's son-in-law",
    "Putin's envoy"): the relation words of the actor lexicons and the descriptor heads."""
    from backchannel import lang
    out: set[str] = set()
    for phrases in (lang.load("en", "names").get("relations") or {}).values():
        for p in phrases or []:
            words = [w for w in match_key(str(p)).split() if w not in ("of", "the")]
            if words:
                out.add(words[-1])
    return frozenset(out | _words("owned"))  # Arabic heads are listed in lang/ar/triggers.yaml ("مساعد", "صهر")


def _quoted_name(text: str, m: Mention) -> bool:
    """Whether a person's name is only part of a quoted name ("نفق بوتين-ترمب", "the 'Trump
    tower'"): the thing named, not the man. A quoted name that is the actor's own ("تحالف
    الراغبين") is the actor."""
    if m.value.get("type") != "person":
        return False
    for q_open, q_close in (('"', '"'), ("«", "»"), ("“", "”")):
        at = text.rfind(q_open, max(0, m.span.start - 30), m.span.start)
        end = text.find(q_close, m.span.end, m.span.end + 30)
        if at < 0 or end < 0 or re.search(r"[.،,;\n]", text[at:end]):
            continue
        if text[at + 1:end].strip() != m.span.text.strip():
            return True
    return False


def _actors(analysis: DocAnalysis) -> list[Mention]:
    """Actor and descriptor mentions that can name a participant: not an adjective ("الصندوق
    الروسي" does not make Russia a participant), not inside a longer place name ("ميامي بيتش"),
    not a description of someone else, not a topic ("بشأن أوكرانيا", "about Ukraine")."""
    places = analysis.mentions_of("place")
    described = _descriptors(analysis)
    topics = _words("topics")
    out = []
    for m in analysis.mentions:
        if m.kind not in ("actor", "role") or not m.key or m.value.get("form") == "adjective":
            continue
        if any(p.span.start <= m.span.start and m.span.end <= p.span.end and (p.span.end - p.span.start) >
               (m.span.end - m.span.start) for p in places):
            continue
        if (m.span.start, m.span.end) in described or word_before(analysis.layer, m.span.start) in topics:
            continue
        if _quoted_name(analysis.layer.text, m):
            continue  # "أطلق عليه اسم "نفق بوتين-ترمب"": a name, not the man
        out.append(m)
    return out


def _locative(layer: TextLayer, start: int) -> bool:
    """Whether the words before ``start`` put what follows as a place: "في", "إلى", "at", or
    one of them before a place noun ("بمدينة أنكوريج", "في ولاية ألاسكا", "in the city of")."""
    locative = _words("place_prepositions")
    before = word_before(layer, start)
    if before in locative:
        return True
    tokens = layer.tokens_in(max(0, start - 40), start)[-3:]
    heads = _words("place_heads")
    for i in range(len(tokens) - 1, -1, -1):
        word = tokens[i].norm
        bare = word[1:] if word[:1] in "بوفل" and word[1:] in heads else word
        if bare in heads:
            if bare != word or word_before(layer, tokens[i].start) in locative:
                return True
        elif i < len(tokens) - 1:
            break
    return False


def _place(analysis: DocAnalysis, piece: Piece, etype: str) -> Mention | None:
    """The place the clause puts the event in: after a locative preposition, or a visit's object."""
    layer = analysis.layer
    trig_end = piece.cues[0].span.end
    best: tuple[bool, int, int, Mention] | None = None
    since, topics = modifier_lexicon("since"), modifier_lexicon("topics")
    sentence = layer.sentence_at(piece.cues[0].span.start)
    clauses = [comma_clause(layer, sentence, c.span.start) for c in piece.cues] if sentence else []
    relatives = _other_relatives(analysis, piece)
    for p in inside(analysis.mentions_of("place"), piece.start, piece.end):
        if not destination(etype) and word_before(layer, p.span.start) in toward_words():
            continue  # "offered a package to Ukraine": whom it is offered to, not where
        locative = _locative(layer, p.span.start)
        visited = etype == "visit" and p.span.start >= trig_end
        if not (locative or visited) or _inside_any(relatives, p):
            continue
        if any(True for _ in since.finditer(layer, max(piece.start, p.span.start - 30), p.span.start)):
            continue  # "منذ عودته إلى البيت الأبيض": where something began, not where this happened
        s0, _ = comma_clause(layer, sentence, p.span.start) if sentence else (piece.start, piece.end)
        if any(True for _ in topics.finditer(layer, max(s0, piece.start), p.span.start)):
            continue  # "محادثات ... حول خطة السلام لإنهاء الحرب في أوكرانيا": what was talked about
        near = any(s <= p.span.start < e for s, e in clauses) or (sentence is not None and _parenthetical(
            layer, sentence, p))
        # in the trigger's clause the most specific place wins (the Kremlin over Moscow); past it, the nearest
        rank = (near, 0 if near else -_distance(p, piece), _PLACE_RANK.get(str(p.value.get("type")), 0))
        if best is None or rank > best[:3]:
            best = (*rank, p)
    return best[3] if best else None


def _other_relatives(analysis: DocAnalysis, piece: Piece) -> list[tuple[int, int]]:
    """The relative clauses of the piece that none of its triggers is in ("التوافق الذي أبرمه
    البلدان في جنيف الشهر الماضي", "the truce that was agreed in Geneva in May"): a date or place
    in one belongs to that clause's verb, not to the event told."""
    sentence = analysis.layer.sentence_at(piece.start)
    spans = relative_clauses(analysis.layer, sentence.language if sentence else "und", piece.start, piece.end)
    return [(s, e) for s, e in spans if not any(s <= c.span.start < e for c in piece.cues)]


def _inside_any(spans: list[tuple[int, int]], m: Mention) -> bool:
    return any(s <= m.span.start < e for s, e in spans)


def _distance(m: Mention, piece: Piece) -> int:
    """Characters between a mention and the nearest trigger of its piece."""
    return min(abs(m.span.start - c.span.start) for c in piece.cues)


def _parenthetical(layer: TextLayer, sentence: Sentence, mention: Mention) -> bool:
    """A date or place set off by commas on its own ("استقبل بوتين، مساء الثلاثاء، ويتكوف ...، في
    الكرملين، في محادثات ...") belongs to the clause it interrupts."""
    s, e = comma_clause(layer, sentence, mention.span.start)
    return len(layer.tokens_in(s, e)) <= len(layer.tokens_in(mention.span.start, mention.span.end)) + 2


def _date(analysis: DocAnalysis, piece: Piece, sentence: Sentence, carried: Mention | None,
          etype: str, caption: Mention | None, reading: _Reading, index: int) -> tuple[Mention | None, str]:
    """The date of an event: one its clause gives, else an earlier one of its sentence, else a
    date standing alone right after the sentence (a photo caption's "15 أغسطس 2025 - Reuters"),
    else the date of the event the clause says it followed ("عقب الاجتماع", "after the meeting"),
    else the one the paragraph's narrative is at. A date later in the sentence, past another
    comma, usually belongs to something else ("... توقف بعد غزو روسيا لأوكرانيا في عام 2022")."""
    state = event_types().get(etype, {}).get("state", False)
    since = modifier_lexicon("since")
    layer = analysis.layer

    this_year = int(analysis.doc.date[:4]) if analysis.doc.date and analysis.doc.date[:4].isdigit() else None
    at_time = _words("place_prepositions") | _words("from_prepositions") | _words("time_prepositions")

    def usable(m: Mention) -> bool:
        iso = str(m.value.get("iso") or "")
        if this_year and iso[:4].isdigit() and int(iso[:4]) < this_year - 1 \
                and word_before(layer, m.span.start) not in at_time:
            return False  # "خطوط عام 1974", "the 1974 disengagement lines": a name's year, not this event's
        # "منذ 2022", "منذ بدء الحرب في شباط/فبراير 2022": when a state began, within the date's comma
        # clause; unless the event told is what began then ("منذ تولّيه منصب الرئاسة في يناير")
        reach = max(comma_clause(layer, sentence, m.span.start)[0], m.span.start - _SINCE_REACH)
        after_since = any(
            not any(h.end <= c.span.start < m.span.start for c in piece.cues) or h.start >= m.span.start - 8
            for h in since.finditer(layer, min(reach, max(0, m.span.start - 8)), m.span.start + 6))
        return state or not after_since

    clauses = [comma_clause(layer, sentence, c.span.start) for c in piece.cues]
    first = piece.cues[0].span.start
    dates = [m for m in analysis.mentions_of("date") if not m.value.get("dateline")]
    relatives = _other_relatives(analysis, piece)
    own = [m for m in inside(dates, piece.start, piece.end) if usable(m) and not _inside_any(
        relatives, m) and (m.span.end <= first or any(s <= m.span.start < e for s, e in clauses) or _parenthetical(layer, sentence, m))]
    # the trigger's own comma clause first, then the nearest: "... in Geneva on 23 November, and
    # Witkoff met Umerov, in Florida on Sunday"
    own.sort(key=lambda m: (not any(s <= m.span.start < e for s, e in clauses), _distance(m, piece)))
    if own:
        return own[0], "clause"
    earlier = [m for m in inside(dates, sentence.start, piece.start)
               if m.value.get("iso") and usable(m)]
    if earlier:
        return earlier[-1], "sentence"
    later = [m for m in inside(dates, piece.start, piece.end) if m.value.get("iso") and usable(m)]
    if later:
        return later[0], "later"  # "talks between Witkoff and Dmitriev, who spent three days in Miami last month"
    if caption is not None:
        return caption, "caption"
    for ref in inside(analysis.mentions_of("trigger"), piece.start, piece.end):
        before = reading.antecedent(ref.key, index) if ref.value.get("time_ref") else None
        if before is not None and id(before) in reading.dated:
            return reading.dated[id(before)], "event"
    if carried is not None:
        return carried, "narrative"
    return None, ""


def _since_date(layer: TextLayer, sentence: Sentence, date: Mention) -> bool:
    """Whether a date follows "منذ"/"since" within its comma clause ("منذ بدء الحرب في 2022"):
    when something began, never where the story's narrative stands."""
    reach = max(comma_clause(layer, sentence, date.span.start)[0], date.span.start - _SINCE_REACH)
    return any(True for _ in modifier_lexicon("since").finditer(layer, reach, date.span.start))


def _duration(analysis: DocAnalysis, piece: Piece, sentence: Sentence) -> Mention | None:
    """How long the event lasted: a duration in a trigger's clause, else one after the trigger
    that a verb of lasting introduces ("in a session that lasted five hours"); never an interval
    ("بعد تسعة أيام من زيارة") nor how long someone stayed ("who spent three days in Miami")."""
    layer = analysis.layer
    lasting = [a for a in inside(analysis.mentions_of("amount"), piece.start, piece.end)
               if a.value.get("kind") == "duration" and a.value.get("measures") == "duration"
               and a.value.get("hours") is not None]
    clauses = [comma_clause(layer, sentence, c.span.start) for c in piece.cues]
    near = [a for a in lasting if any(s <= a.span.start < e for s, e in clauses)]
    verbs = modifier_lexicon("lasting")
    told = [a for a in lasting if a.span.start >= piece.cues[0].span.end and any(
        True for _ in verbs.finditer(layer, max(piece.start, a.span.start - 40), a.span.start))]
    found = near or told
    return found[0] if found else None


_BREAK_RX = re.compile(r"[،,;؛:.]")
@lru_cache(maxsize=1)
def _that() -> re.Pattern[str]:
    """Where what is said begins, in normalised text: a complementizer of either language
    (``complementizers`` in lang/*/arguments.yaml: "أن", "بأنه", "that") or a colon or an
    opening quotation mark."""
    words = sorted(grammar("ar").complementizers | grammar("en").complementizers, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)|[:«\"“]")


def _speaker(analysis: DocAnalysis, trigger: Mention, actors: list[Mention], piece: Piece,
             language: str) -> Mention | None:
    """The named speaker of a statement: in Arabic right after its verb (VSO: "وقال ويتكوف"),
    else just before it; in English just before it (SVO: "Peskov said"), else right after it
    ('..., said Peskov')."""
    text = analysis.layer.text
    after = None
    for a in actors:
        if trigger.span.end <= a.span.start <= trigger.span.end + _SPEAKER_GAP and a.span.start < piece.end:
            gap = text[trigger.span.end:a.span.start]
            if not _that().search(match_key(gap)) and (language == "ar" or not re.search(r"\w", gap)):
                after = a  # "وقال ... ويتكوف"; in English only right after the verb ("..., said Peskov")
                # "وقال وكيل وزارة الخارجية الهندية فيكرام ميسري": the body is in the speaker's title
                after = next((p for p in actors if p.span.start > a.span.start and _in_title(text, a, p)), after)
            break
    before = [a for a in actors if piece.start <= a.span.start and a.span.end <= trigger.span.start
              and trigger.span.start - a.span.end <= 2 * _SPEAKER_GAP]
    before = [a for a in before if not said_inside(analysis.layer, language, actors, piece.start, a)]
    last = before[-1] if before else None
    if language == "ar":
        if after is not None:
            return after
        sentence = analysis.layer.sentence_at(trigger.span.start)
        topic = [a for a in actors if sentence and sentence.start <= a.span.start < trigger.span.start
                 and _TOPIC.search(match_key(text[sentence.start:a.span.start]))]
        nearest = max(topic, key=lambda a: a.span.start, default=None)
        if nearest is not None and re.fullmatch(r"\s*ف", text[nearest.span.end:trigger.span.start]):
            return nearest  # "أما لافروف فوصف المحادثات ...": the topic named after "أما" speaks
        # "وكان ديميترييف قد طرح ...، وقال إن ...": a verb with nothing between it and what is said
        # has the sentence's subject; "قال مسؤولون إن ..." names its own (unnamed) speakers
        nxt = analysis.layer.tokens_in(trigger.span.end, trigger.span.end + 30)[:1]
        dated = nxt and any(d.span.start <= nxt[0].start < d.span.end for d in analysis.mentions_of("date"))
        single = len(trigger.span.text.split()) == 1  # after "تحدث عن" comes what is spoken of
        if trigger.value.get("strength") == "verb" and single and nxt and not dated and not text[
                trigger.span.end:nxt[0].start].strip() and not re.match(
                r"(?:ان|بان|انه|انها|بانه|بانها|في|عن|خلال|من|ل\w*|ب\w*)$", nxt[0].norm):
            return None
        sentence = analysis.layer.sentence_at(trigger.span.start)
        lead = [a for a in actors if sentence and sentence.start <= a.span.start < trigger.span.start
                and a.value.get("type") == "person"]
        return (lead[0] if lead and not last else None) or last or (lead[0] if lead else None)
    return last or after


def _addressed(analysis: DocAnalysis, trigger: Mention, speaker: Mention, own: list[Mention],
               piece: Piece) -> list[Mention]:
    """Who a statement is made to, besides its speaker: the people named between the verb and
    what is said ("قال ترمب لويتكوف، إنه", "Putin told Trump that"), not the people it speaks of."""
    layer = analysis.layer
    start = min(trigger.span.start, speaker.span.start)
    chain = sorted((a for a in own if a.span.end <= speaker.span.start), key=lambda a: -a.span.start)
    for a in chain:  # "the leaders of Germany, France and Britain said": all of them speak
        if re.fullmatch(r"[\s,،]*(?:and|و)?\s*", layer.text[a.span.end:start]):
            start = a.span.start
        elif a.span.end <= start:
            break
    from_ = max(trigger.span.end, speaker.span.end)
    m = _that().search(layer.norm.text, _norm_at(layer, from_), _norm_at(layer, min(piece.end, from_ + 80)))
    end = layer.norm.to_original(m.start(), m.start())[0] if m else from_
    # co-speakers before the speaker, and whoever is named after both verb and speaker; not the
    # words describing the speaker ("Velayati, a senior adviser to Khamenei, warned", "قال وزير
    # الخارجية الأمريكي روبيو")
    also = [speaker]
    for a in sorted((a for a in own if a.span.start >= speaker.span.end and a.value.get("form") != "adjective"),
                    key=lambda a: a.span.start):
        gap = layer.text[also[-1].span.end:a.span.start]  # "ترمب ونظيره الروسي فلاديمير بوتين": both speak
        if a.key == also[-1].key and not gap.strip():  # "الرئيس الأميركي دونالد ترمب": the title, then the name
            also.append(a)
            continue
        if not _and_opens().match(gap) or re.search(r"[,،]", gap) or len(layer.tokens_in(
                also[-1].span.end, a.span.start)) > 4:
            break
        also.append(a)
    told = [a for a in own if any(a is b for b in also) or (start <= a.span.start and a.span.end <= min(
        speaker.span.start, trigger.span.start)) or (from_ <= a.span.start and a.span.end <= end)]
    said = [a for a in own if a.span.start >= end] if m else []
    if not said or len(layer.tokens_in(end, said[0].span.start)) > 2:
        return told
    # "قال إن الصين التزمت بشراء", "said that China would buy": whom a statement is about is the
    # subject of what is said, unless it is the speaker's own state or body speaking of itself
    # ("قال ميسري إن الهند", "Hun Manet said that Cambodia remained committed"), or what is said is
    # an event of its own, with its own participants
    subject = [said[0]]
    for a in said[1:]:
        gap = layer.text[subject[-1].span.end:a.span.start]
        if not (_pair_link().match(gap) or re.fullmatch(r"\s*[،,]\s*", gap)):
            break
        subject.append(a)
    after = subject[-1].span.end
    if any(t.span.start >= after and len(layer.tokens_in(after, t.span.start)) <= 3
           for t in analysis.mentions_of("trigger")):
        return told  # "أن الهند وباكستان وافقتا", "that Rubio had called him": an event of its own, told apart
    home = {a.value.get("country") for a in [speaker, *told, *[o for o in own if start <= o.span.start < from_]]} - {None}
    return told + [a for a in subject if a.value.get("country") not in home and a.key != speaker.key]


def _in_title(text: str, name: Mention, person: Mention) -> bool:
    """Whether ``name`` is part of the title before ``person`` ("وكيل وزارة الخارجية الهندية
    فيكرام ميسري", "Pakistan's army chief Asim Munir"): a body right before the person's name,
    or a name from which to the person's is the end of the person's role."""
    if name.span.end > person.span.start or person.value.get("type") != "person":
        return False
    if name.value.get("type") != "person" and not text[name.span.end:person.span.start].strip():
        return True  # "وزارة الخارجية الهندية فيكرام ميسري": a body right before a name is its title's
    role = match_key(str(person.value.get("role") or ""))
    if not role or person.span.start - name.span.start > len(role) + 4:
        return False
    between = match_key(text[name.span.start:person.span.start])
    return bool(between) and role.endswith(between)


def _norm_at(layer: TextLayer, offset: int) -> int:
    import bisect
    return bisect.bisect_left(layer.norm.starts, offset)


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


def _keep(etype: str, piece: Piece, participants: list[str], own: list[str], has_date: bool,
          place: Mention | None, own_date: bool) -> bool:
    verbs = [c for c in piece.cues if c.value.get("strength") == "verb"]
    spec = event_types().get(etype, {})
    if spec.get("interactive") and not participants and not place:
        return False
    if verbs:  # a happening of no named kind needs someone it happened to ("اتفقا على خطوات")
        return bool(participants or ((has_date or place) and spec.get("family") != "other")
                    or etype in ("leak", "sanction", "waiver"))
    if not (own or place is not None or own_date):
        return False  # a noun with nothing of its own: a topic, or more of something told
    return len(participants) >= 2 or (bool(participants) and (has_date or place is not None))


@dataclass
class _Reading:
    """What one document's reading has found so far, and where its narrative stands."""

    analysis: DocAnalysis
    actors: list[Mention]
    heads: list[tuple[int, int]]
    para_starts: list[int]
    events: list[Event] = field(default_factory=list)
    running: dict[int, tuple[int, Mention]] = field(default_factory=dict)  # paragraph -> (sentence, date)
    dated: dict[int, Mention] = field(default_factory=dict)  # id(event) -> the date mention it was dated by

    def carried(self, para: int, index: int, sentence: Sentence) -> Mention | None:
        """The date the story is at, if the text supports carrying it here: set by one of the last
        two sentences, in this paragraph or the one before (Arabic news often gives each sentence
        its own paragraph), with no heading between (``running`` is cleared at one), and this
        sentence does not step back in time ("وكان ... قد سبق", "had", "previously")."""
        found = self.running.get(para) or self.running.get(para - 1)
        if found is None or index - found[0] > _CARRY:
            return None
        if any(True for _ in modifier_lexicon("flashback").finditer(self.analysis.layer, sentence.start, sentence.end)):
            return None
        return found[1]

    def before_body(self, offset: int) -> bool:
        """Whether ``offset`` comes before the first line of the article's running text."""
        first = next((s.start for s in self.analysis.layer.sentences if not within(self.heads, s.start)), None)
        return first is None or offset < first

    def antecedent(self, etype: str, index: int) -> Event | None:
        """The event a definite noun ("المحادثات", "the summit") points back to: the last one
        of the same family told in the last few sentences."""
        for e in reversed(self.events):
            if index - e.attrs.get("sentence", -99) > _POINT_BACK:
                return None
            if family(e.type) == family(etype) and not e.attrs.get("headline"):
                return e
        return None


def extract_events(analysis: DocAnalysis, options: object) -> None:
    """Pipeline stage: add this document's events (participants by local actor key)."""
    analysis.events.extend(find_events(analysis))


def find_events(analysis: DocAnalysis) -> list[Event]:
    """The events reported in one document, one per clause and type family."""
    layer = analysis.layer
    heads = headings(layer.text)
    meta = metadata(layer.text, heads)
    triggers = [t for t in analysis.mentions_of("trigger") if not t.value.get("negated")
                and not t.value.get("conditional") and not t.value.get("time_ref") and not within(meta, t.span.start)
                and not _spoken_of(layer, t)]
    if not triggers:
        return []
    reading = _Reading(analysis, _actors(analysis), heads, paragraph_starts(layer.text))
    dates = [m for m in analysis.mentions_of("date") if not m.value.get("dateline")]
    for i, sent in enumerate(layer.sentences):
        here = inside(triggers, sent.start, sent.end)
        headline = within(heads, sent.start)
        if here:
            _read_sentence(reading, i, sent, here, headline)
        resolved = [d for d in inside(dates, sent.start, sent.end)
                    if d.value.get("iso") and d.value.get("precision") in ("day", "month")]
        told = [e for e in reading.events if e.attrs.get("sentence") == i]
        if headline:
            reading.running.clear()  # a new section: its story starts afresh
        elif resolved and not (told and all(e.type == "statement" for e in told)):
            # when something was said is not when the story happened ("وقال بيسكوف اليوم الأربعاء ...")
            # the date the sentence's own events took, when they took one: not a date of what began
            # long before ("... أول لقاء منذ بدء الحرب في شباط/فبراير 2022")
            own = [reading.dated[id(e)] for e in told if id(e) in reading.dated and reading.dated[id(e)] in resolved]
            # with no event of its own to go by, the most precise date sets the story's time: "on
            # Thursday" over "the loss of a jet last December" (background is told less precisely)
            rest = sorted((d for d in resolved if not _since_date(layer, sent, d)),
                          key=lambda d: d.value.get("precision") == "day")
            if own or rest:
                reading.running[paragraph_of(reading.para_starts, sent.start)] = (i, (own or rest)[-1])
    for event in reading.events:
        if event.type == "statement":
            _quoted_on(analysis, event)
    return [e for e in reading.events if e.type != "statement" or _about_the_story(analysis, e)]


_OPEN, _CLOSE = "«“", "»”"


def _quoted_on(analysis: DocAnalysis, event: Event) -> None:
    """A quotation opened in a statement and closed in a later sentence ("وقال: «... . ...»")
    is all the statement: the sentences up to its close join its evidence."""
    layer = analysis.layer
    last = event.evidence[-1]
    sent = layer.sentence_at(last.start)
    if sent is None:
        return
    said = layer.text[last.start:sent.end]
    depth = sum(said.count(c) for c in _OPEN) - sum(said.count(c) for c in _CLOSE)
    if depth <= 0 and said.count('"') % 2 == 0:
        return
    at = layer.sentences.index(sent)
    for nxt in layer.sentences[at + 1:at + 4]:
        add_evidence(analysis, event, nxt.start, nxt.end)
        if any(c in layer.text[nxt.start:nxt.end] for c in _CLOSE + '"'):
            return


def _read_sentence(reading: _Reading, i: int, sent: Sentence, here: list[Mention], headline: bool) -> None:
    """The events one sentence reports (added to ``reading.events``)."""
    analysis = reading.analysis
    layer = analysis.layer
    actors = reading.actors
    prio = _priority()
    para = paragraph_of(reading.para_starts, sent.start)
    nxt = layer.sentences[i + 1] if i + 1 < len(layer.sentences) else None
    caption = _bare_date(analysis, nxt) if nxt and paragraph_of(reading.para_starts, nxt.start) == para else None
    carried = None if headline else reading.carried(para, i, sent)
    labels: list[tuple[str, Mention]] = []
    for t in here:
        label = _cue_label(t)
        if label == "say" and labels and labels[-1][0].startswith("statement@") and not _BREAK_RX.search(
                layer.text[labels[-1][1].span.end:t.span.start]):
            label = labels[-1][0]  # "وقال في مقابلة ...": the noun of the verb just before
        labels.append((label, t))
    pieces = split_at(layer, sent, labels)
    if pieces and not pieces[-1].label.startswith(("statement", "say")):
        pieces[-1] = _closed(layer, pieces[-1])
    prev_parts: list[str] = []
    prev_subject: list[str] = []  # who acted in the clause before: a verb with no subject of its own shares it
    made: list[Event] = []
    visited: Mention | None = None  # where a visit the sentence told went
    for piece in pieces:
        verbs = [c for c in piece.cues if c.value.get("strength") == "verb"]
        if all(c.value.get("continuation") for c in piece.cues):
            if made:  # "، مؤكداً أن ...": more of what the sentence's event said
                add_evidence(analysis, made[-1], piece.start, piece.end)
            continue
        etype = min((c.key for c in verbs), key=lambda t: prio.get(t, 99), default=None) or min(
            (c.key for c in piece.cues), key=lambda t: prio.get(t, 99))
        etype = next((c.key for c in piece.cues if etype in (event_types().get(c.key, {}).get("refines") or [])),
                     etype)  # "التقيا في قمة ألاسكا", "met at the summit": a summit
        if etype == "sanction" and all(_relieved(layer, c) for c in piece.cues if c.key == "sanction"):
            etype = "waiver"  # "رفع العقوبات", "voted to lift its sanctions", "suspending sanctions"
        own = [a for a in inside(actors, piece.start, piece.end) if not is_media(a)]
        place = _place(analysis, piece, etype)
        if place is not None:
            own = [a for a in own if not (a.span.start < place.span.end and place.span.start < a.span.end)]
        own = [a for a in own if not _is_visited(analysis, a, piece, etype)
               and not kept_out(layer, sent.language, a, piece.start, piece.end, piece.cues[0].span.end)]  # "لم تُطلع عليه CIA"
        if etype != "statement" and len(_keys(own)) < 2:
            own += [m for m in _pair_named(analysis, piece, actors) if m.key not in _keys(own)]
        date, date_from = _date(analysis, piece, sent, None if headline else carried,
                                etype, None if headline else caption, reading, i)
        own_date = date is not None and date_from == "clause"
        planned = any(c.value.get("planned") for c in piece.cues)
        if not verbs and made and (made[-1].type == "statement" or _object_of(layer, pieces, piece) or (
                not own and (place is None or planned) and not own_date)):
            # "... واقترح أن يُعقد اللقاء التالي في موسكو", "قال إنه ينتظر ... نتائج زيارة موسكو": a noun
            # with nothing of its own continues the event just told, or is what a statement speaks of
            add_evidence(analysis, made[-1], piece.start, piece.end)
            if own_date and made[-1].date is None and date is not None:  # "called off a summit ... on Wednesday"
                _date_event(made[-1], date, "clause")
            continue
        joining = all(c.value.get("joins") for c in verbs)  # "وحضر اللقاء ...", "attended the talks"
        nouns = [c for c in piece.cues if c.value.get("strength") == "noun"]
        pointing = any(c.value.get("anaphoric") for c in nouns)  # "هذه الزيارة": always one told before
        target = reading.antecedent(etype, i)
        if (not verbs or joining) and nouns and all(c.value.get("definite") or c.value.get("anaphoric")
                                                    for c in nouns) and (
                pointing or not (own_date or place) or _during(target, date if own_date else None)):
            lasting = _duration(analysis, piece, sent)
            # more about the event told: how long it lasted, who attended, or it opens the sentence
            # ("ودامت المحادثات ...", "The talks, hosted by Merz, ..."); a mention in passing is not
            leads = len(layer.tokens_in(sent.start, nouns[0].span.start)) <= 2
            if target is not None and (lasting or joining or (own and leads)):
                _extend(analysis, target, piece, _keys(own), lasting)
                continue
            if not (joining and target is None) and (target is not None or not lasting or pointing):
                prev_parts = _keys(own) or prev_parts
                continue  # "المحادثات", "هذه اللقاءات": talks in general, or an event already told
        speaker = None
        if etype == "statement":
            trigger = min((c for c in piece.cues if c.key == "statement"),
                          key=lambda c: (c.value.get("strength") != "verb", c.span.start))
            speaker = _speaker(analysis, trigger, actors, piece, sent.language) or _implicit_speaker(
                analysis, trigger, sent, [a for a in actors if not is_media(a)],
                layer.sentences[i - 1] if i else None)
            if speaker is not None and is_media(speaker):
                speaker = None  # "قالت وول ستريت جورنال": the press reporting, not a statement
            if speaker is None:
                if made and made[-1].type == "statement":  # "... وأضاف أن ...": more of what was said
                    add_evidence(analysis, made[-1], piece.start, piece.end)
                prev_parts = _keys(own) or prev_parts
                continue
            own = _addressed(analysis, trigger, speaker, own, piece)
        if not own and not verbs:  # "محادثات أمريكية أوكرانية", "Russian and Ukrainian delegations held talks"
            own = _sides(analysis, piece, sent)
        own_keys = _keys(own)
        participants = _keys(([speaker] if speaker else []) + own)
        # a verb with no subject of its own takes the clause before's ("وصل زيلينسكي ...، طالباً صواريخ",
        # "زار ويتكوف موسكو والتقيا بوتين"); a noun does not ("as Ukraine prepared for another round")
        subjectless = bool(verbs) and not [a for a in own if a.span.start < verbs[0].span.start]
        # "... رفض الطلب بعد مكالمة مع بوتين": a call with someone is had by the clause before's subject
        subjectless = subjectless or (not verbs and _with_someone(layer, piece))
        carry = prev_subject if subjectless and prev_subject else prev_parts
        kind = event_types().get(etype, {})
        if place is None and subjectless and visited is not None and kind.get("interactive") and kind.get("mode") != "phone":
            place = visited  # "زار ويتكوف وكوشنر موسكو والتقيا بوتين": they met where they went
        if not participants and carry and (subjectless or not verbs):
            participants = list(carry)
        elif len(participants) == 1 and kind.get("interactive") and carry and subjectless:
            participants = _keys_list(carry + participants)
        keep = _keep(etype, piece, participants, own_keys, date is not None and bool(date.value.get("iso")), place,
                     own_date) and not (planned and family(etype) == "other")
        if keep and headline:
            keep = bool(verbs) and (len(own_keys) >= 2 or (bool(own_keys) and place is not None))
        if keep:
            earlier = reading.events[-1] if reading.events else None
            if (speaker is not None and earlier is not None and earlier.attrs.get("speaker") == speaker.key
                    and i - earlier.attrs.get("sentence", -9) <= 2):
                # one statement told over several sentences ("وصف المحادثات ... وأكد بيسكوف أنه ...")
                add_evidence(analysis, earlier, piece.start, piece.end)
                earlier.participants = _keys_list(earlier.participants + participants)
                earlier.attrs["sentence"] = i
                continue
            event = _event(analysis, piece, sent, etype, participants, date, date_from, place, speaker)
            prev_subject = _give_roles(analysis, event, piece, sent.language, [
                a for a in actors if piece.start <= a.span.start and a.span.end <= piece.end],
                carry if subjectless else [], speaker) or prev_subject
            event.attrs["sentence"] = i
            _answered(reading, event, piece, i, sent.language)
            if date is not None and date.value.get("iso"):
                reading.dated[id(event)] = date
            if headline:
                # the article's own title or teaser (before its first paragraph of text), or a
                # heading further down (a section, a link to another story)
                event.attrs["headline"] = "title" if reading.before_body(sent.start) else "heading"
            reading.events.append(event)
            made.append(event)
            if etype == "visit" and place is not None:
                visited = place
        prev_parts = own_keys or prev_parts


def _give_roles(analysis: DocAnalysis, event: Event, piece: Piece, language: str, names: list[Mention],
                carried: list[str], speaker: Mention | None) -> list[str]:
    """Who did what to whom (extract/arguments.py): source, target and host, read from the
    clause's grammar around the event's main trigger. A news outlet a statement is made to
    ("قال ويتكوف لـ«وول ستريت جورنال»", "told Reuters") becomes its target and a participant.
    Returns who the clause's subject is, for a next verb that has none of its own."""
    cues = [c for c in piece.cues if c.key == event.type] or list(piece.cues)
    trigger = min(cues, key=lambda c: (c.value.get("strength") != "verb", c.span.start))
    args = read_arguments(analysis.layer, trigger, names, piece.start, piece.end, language,
                          inside(analysis.mentions_of("place"), piece.start, piece.end))
    roles = assign_roles(event.type, args, trigger, language, carried, speaker.key if speaker else None)
    told = [k for k in roles.target if event.type == "statement" and any(
        a.mention.key == k and is_media(a.mention) for a in args)]
    event.participants = _keys_list(event.participants + told)
    # "وبحلول موعد وصول زيلينسكي، كان ترمب قد تحدث مع بوتين": a name in a phrase set off before
    # the subject says when or where, it did not take part
    fronted = {a.mention.key for a in args if a.how.startswith("in a phrase set off")} - {
        a.mention.key for a in args if a.slot != "other"} - set(carried)
    if fronted and len([k for k in event.participants if k not in fronted]) >= 1:
        event.participants = [k for k in event.participants if k not in fronted]
    inside_ = set(event.participants)
    event.source = [k for k in roles.source if k in inside_]
    event.target = [k for k in roles.target if k in inside_ and k not in event.source]
    event.host = [k for k in roles.host if k in inside_]
    if roles.how:
        event.attrs["roles_from"] = {k: v for k, v in roles.how.items() if k in inside_}
    subject = [a.mention.key for a in args if a.slot == "subject" and a.mention.key in inside_]
    return _keys_list(subject) or event.source or event.host


def _answered(reading: _Reading, event: Event, piece: Piece, index: int, language: str) -> None:
    """A reply to what was asked or offered ("لكن ترامب رفض الطلب", "rejected the offer") is aimed
    at who asked or offered: the source of the request or offer its definite noun points back to."""
    if event.target or not event.source:
        return
    kinds = answered_kinds(reading.analysis.layer, language, event.type, piece.start, piece.end)
    for earlier in reversed(reading.events):
        if index - earlier.attrs.get("sentence", -99) > _POINT_BACK:
            return
        if earlier.type in kinds and earlier.source:
            whom = [k for k in earlier.source if k not in event.source]
            if whom:
                event.target = whom
                event.participants = _keys_list(event.participants + whom)
                event.attrs.setdefault("roles_from", {}).update({k: f"who made the {earlier.type} it answers" for k in whom})
            return


def add_evidence(analysis: DocAnalysis, item: Any, start: int, end: int) -> None:
    """Add ``[start, end)`` to an item's evidence; a piece right after the last one (only spaces
    or punctuation between, as when a clause continues the one before) lengthens it instead."""
    new = span(analysis, start, end)
    if item.evidence:
        last = item.evidence[-1]
        gap = analysis.layer.text[last.end:new.start] if last.end <= new.start else None
        if gap is not None and not re.search(r"\w", gap) and "\n" not in gap and last.doc == new.doc:
            item.evidence[-1] = analysis.doc.span(last.start, new.end)
            return
    if new not in item.evidence:
        item.evidence.append(new)


def _during(event: Event | None, date: Mention | None) -> bool:
    """Whether ``date`` falls within an event that lasted days ("two days of talks ... on Monday";
    "The talks ... opened on Sunday"): a definite mention so dated is that event."""
    import datetime as dt
    if event is None or date is None or not event.date or not event.duration_hours or event.duration_hours < 24:
        return False
    iso = str(date.value.get("iso") or "")
    if len(iso) < 10 or len(event.date) < 10:
        return False
    gap = (dt.date.fromisoformat(event.date) - dt.date.fromisoformat(iso)).days
    return 0 <= gap < event.duration_hours / 24


def _extend(analysis: DocAnalysis, event: Event, piece: Piece, keys: list[str], lasting: Mention | None) -> None:
    """Add a later account of an event ("ودامت المحادثات ثلاث ساعات، إذ جلس إلى جانب ترامب
    روبيو وويتكوف") to it: its evidence, the people it names and how long it lasted."""
    add_evidence(analysis, event, piece.start, piece.end)
    event.participants = _keys_list(event.participants + keys)
    if lasting is not None and event.duration_hours is None:
        event.duration_hours = float(lasting.value["hours"])
        event.attrs["duration_phrase"] = lasting.span.text


def _about_the_story(analysis: DocAnalysis, event: Event) -> bool:
    """Whether a statement says something about the story (talks, a plan, a deal, sanctions, the
    war, a place or region at stake), not only that someone spoke ("قال إنه سعيد بالزيارة")."""
    from backchannel.extract.proposals import cues  # proposals read events' helpers: import late
    layer = analysis.layer
    topic_lexicons = (modifier_lexicon("story"), cues().issues, cues().plans)
    others = [t for t in analysis.mentions_of("trigger") if t.key != "statement"]
    speaker = event.attrs.get("speaker")
    named = [m for m in analysis.mentions if m.kind in ("actor", "role") and m.key and m.key != speaker]
    for ev in event.evidence:
        if any(True for lex in topic_lexicons for _ in lex.finditer(layer, ev.start, ev.end)):
            return True
        if inside(others, ev.start, ev.end) or inside(named, ev.start, ev.end):
            return True  # it speaks of a happening or of someone in the story ("غير راضٍ عن بوتين")
    return False


def _event(analysis: DocAnalysis, piece: Piece, sentence: Sentence, etype: str, participants: list[str],
           date: Mention | None, date_from: str, place: Mention | None, speaker: Mention | None) -> Event:
    spec = event_types().get(etype, event_types()["other"])
    lasting = _duration(analysis, piece, sentence)
    duration = float(lasting.value["hours"]) if lasting else None
    evidence = span(analysis, piece.start, piece.end)
    attrs: dict[str, Any] = {"triggers": [c.span.text for c in piece.cues], "language": _language(analysis, piece),
                             "found_by": "verb" if any(c.value.get("strength") == "verb" for c in piece.cues) else "noun"}
    if any(c.value.get("planned") for c in piece.cues):
        attrs["status"] = "planned"
    if all(c.value.get("aggregate") for c in piece.cues if c.value.get("strength") == "noun") and any(
            c.value.get("aggregate") for c in piece.cues):
        attrs["aggregate"] = True
    if date is not None:
        attrs["date_basis"] = date.value.get("basis")
        attrs["date_from_kind"] = date_from
        if date_from != "clause":
            attrs["date_from"] = _DATE_FROM[date_from].format(phrase=date.span.text)
    if place is not None:
        attrs["place_id"] = place.key
    if speaker is not None:
        attrs["speaker"] = speaker.key
    if lasting is not None:
        attrs["duration_phrase"] = lasting.span.text
    iso, precision = (date.value.get("iso"), date.value.get("precision")) if date else (None, None)
    event = Event(id=stable_id("e", analysis.doc.id, evidence.start, etype), type=etype, plover=spec.get("plover"),
                 plover_mode=spec.get("mode"), date=iso, date_precision=(precision if iso else None),
                 date_phrase=(date.span.text if date else None), place=(place.value.get("name") if place else None),
                 participants=participants, duration_hours=duration, outlets=[analysis.doc.outlet] if analysis.doc.outlet else [],
                 corroboration=1, attrs=attrs, evidence=[evidence])
    return event


def _date_event(event: Event, date: Mention, date_from: str) -> None:
    """Give an event the date a later piece of its account states."""
    event.date = date.value.get("iso")
    event.date_precision = date.value.get("precision") if event.date else None
    event.date_phrase = date.span.text
    event.attrs["date_basis"] = date.value.get("basis")
    if date_from != "clause":
        event.attrs["date_from"] = _DATE_FROM[date_from].format(phrase=date.span.text)


# How an event's date was found when its own clause gives none (attrs.date_from).
_DATE_FROM = {
    "sentence": "an earlier date of the same sentence (\"{phrase}\")",
    "later": "a later date of the same clause (\"{phrase}\")",
    "caption": "the date standing alone after the sentence, a caption's (\"{phrase}\")",
    "narrative": "carried from the paragraph's story so far: the date of a sentence just before (\"{phrase}\")",
    "event": "the date of the event it followed or preceded (\"{phrase}\")",
}


def _language(analysis: DocAnalysis, piece: Piece) -> str:
    sent = analysis.layer.sentence_at(piece.start) or analysis.layer.sentence_at(piece.cues[0].span.start)
    return sent.language if sent else "und"


def _object_of(layer: TextLayer, pieces: list[Piece], piece: Piece) -> bool:
    """Whether a noun piece is the object of the verb ending the piece before ("called off a
    planned summit", "ألغى القمة", "رفض عقد لقاء"): part of what that verb reports."""
    at = pieces.index(piece)
    if at == 0:
        return False
    verb = pieces[at - 1].cues[-1]
    if verb.value.get("strength") != "verb":
        return False
    between = layer.tokens_in(verb.span.end, piece.cues[0].span.start)
    return len(between) <= 3 and not any(t.norm in _words("time_refs") or t.norm in ("مع", "with") for t in between)


def _spoken_of(layer: TextLayer, trigger: Mention) -> bool:
    """Whether a noun trigger is only what something is about ("Asked about a possible summit",
    "غموض حول لقاء محتمل"): a topic word just before it."""
    if trigger.value.get("strength") != "noun":
        return False
    before = [t.norm for t in layer.tokens_in(max(0, trigger.span.start - 30), trigger.span.start)[-3:]]
    return any(w in _words("topics") for w in before)


@lru_cache(maxsize=1)
def _relief_words() -> tuple[str, ...]:
    """Beginnings of the words that lift, ease or suspend sanctions (``relief`` in
    lang/*/sanctions.yaml, which sanctions screening reads too)."""
    return tuple(sorted(lang.words("sanctions", "relief")))


def _relieved(layer: TextLayer, cue: Mention) -> bool:
    """Whether a sanctions word is what is lifted: a relief word among the three words before it."""
    before = layer.tokens_in(max(0, cue.span.start - 60), cue.span.start)[-3:]
    words = [st for t in before for _, _, st in stems(t.norm)] + [t.norm for t in before]
    return any(w.startswith(_relief_words()) for w in words)


_PAIR_REACH = 3  # sentences back the two sides of "الطرفان", "the two leaders" may be named


@lru_cache(maxsize=1)
def _and_words() -> str:
    """``pair_links`` of lang/*/triggers.yaml ("و", "and") as a regex alternation."""
    words = sorted(w for code in ("ar", "en") for w in lang.load(code, "triggers").get("pair_links") or [])
    return "|".join(map(re.escape, words))


@lru_cache(maxsize=1)
def _pair_link() -> re.Pattern[str]:
    """The gap between the two sides a pair word stands for: a comma at most and a word of
    ``pair_links``."""
    return re.compile(r"^\s*[،,]?\s*(?:" + _and_words() + r")\s*$")


@lru_cache(maxsize=1)
def _and_opens() -> re.Pattern[str]:
    """A gap that opens with a word of ``pair_links``; a one-letter one ("و") is written onto
    the next word, a longer one ("and") stands alone."""
    words = sorted(w for code in ("ar", "en") for w in lang.load(code, "triggers").get("pair_links") or [])
    return re.compile(r"\s*(?:" + "|".join(re.escape(w) + ("" if len(w) == 1 else r"\s") for w in words) + ")")


def _pair_named(analysis: DocAnalysis, piece: Piece, actors: list[Mention]) -> list[Mention]:
    """The two sides "الطرفان", "البلدين", "the two leaders" stand for: the nearest two actors of
    one type joined by "و"/"and" before it, in its sentence or the few before ("اتفقت تايلاند
    وكمبوديا ... ووقع الطرفان")."""
    layer = analysis.layer
    hits = list(modifier_lexicon("pair_anaphora").finditer(layer, piece.start, piece.end))
    if not hits:
        return []
    at = hits[0].start
    here = layer.sentence_at(at)
    k = layer.sentences.index(here) if here else 0
    lo = layer.sentences[max(0, k - _PAIR_REACH)].start
    named = [m for m in actors if lo <= m.span.start and m.span.end <= at and not is_media(m)]
    gaps = [layer.text[a.span.end:b.span.start] for a, b in zip(named, named[1:])]
    paired = [_pair_link().match(g) is not None for g in gaps]
    linked = [p or bool(re.fullmatch(r"\s*[،,]\s*", g)) for p, g in zip(paired, gaps)]  # in a list
    for i in reversed(range(len(linked))):
        a, b = named[i], named[i + 1]
        if a.key == b.key or a.value.get("type") != b.value.get("type") or not paired[i]:
            continue
        if (i and linked[i - 1]) or (i + 1 < len(linked) and linked[i + 1]):
            continue  # "الولايات المتحدة والسعودية وتركيا وبريطانيا": the end of a longer list is no pair
        return [a, b]
    return []


def _on_a_place(analysis: DocAnalysis, actor: Mention) -> bool:
    """A state's adjective on a place noun ("وسط العاصمة البريطانية", "the Qatari capital") says
    where, not who."""
    if actor.value.get("form") != "adjective":
        return False
    heads = _words("place_heads")
    layer = analysis.layer
    after = layer.tokens_in(actor.span.end, actor.span.end + 30)[:1]
    if word_before(layer, actor.span.start) in heads or bool(after and after[0].norm in heads):
        return True
    # "في مدينة بوسان الكورية الجنوبية": a place noun, the place's name, then the adjective
    before = layer.tokens_in(max(0, actor.span.start - 40), actor.span.start)[-2:]
    return len(before) == 2 and before[0].norm in heads and not re.search(
        r"[،,.;:]", layer.text[before[0].start:actor.span.start])


def _sides(analysis: DocAnalysis, piece: Piece, sentence: Sentence) -> list[Mention]:
    """The sides a noun names by adjective in its own clause ("محادثات أمريكية أوكرانية في جنيف",
    "Russian and Ukrainian delegations held their first direct talks"): who took part."""
    layer = analysis.layer
    out = []
    for c in piece.cues:
        s0, e0 = comma_clause(layer, sentence, c.span.start)
        out += [m for m in inside(analysis.mentions_of("actor"), max(s0, piece.start), min(e0, piece.end))
                if m.value.get("form") == "adjective" and m.value.get("type") == "state"
                and not _on_a_place(analysis, m)]
    return out


def _with_someone(layer: TextLayer, piece: Piece) -> bool:
    """Whether a noun trigger is followed by "مع"/"with" (a happening had with someone)."""
    after = layer.tokens_in(piece.cues[0].span.end, piece.cues[0].span.end + 40)[:3]
    return any(t.norm in ("مع", "with") for t in after)


def _closed(layer: TextLayer, piece: Piece) -> Piece:
    """The last piece of a sentence ends at the first break word after its last cue: what
    follows "غير أن", "while", "but" is another clause ("والتقيا بوتين ...، غير أن دبلوماسية ...
    تكشف حدود مقاربة ترامب"), and its names took no part. What a statement says runs on."""
    end = next((h.start for h in modifier_lexicon("clause_breaks").finditer(layer, piece.cues[-1].span.end, piece.end)),
               None)
    return piece if end is None else Piece(piece.start, end, piece.label, piece.cues)


def _cue_label(trigger: Mention) -> str:
    """A trigger's label for cutting a sentence: its type's (``_label``); each verb of saying its
    own, so two people quoted in one sentence ("told his Security Council the same day ...; his
    spokesman had said a day earlier ...") are two statements."""
    if trigger.key == "statement" and trigger.value.get("strength") == "verb" and not trigger.value.get("continuation"):
        return f"statement@{trigger.span.start}"
    return _label(trigger.key)


def _label(etype: str) -> str:
    """What keeps two triggers of one sentence in one event: their family, except that a call,
    a video conference or a visit is told apart from a meeting ("التقيا بعمروف، وتحدثا مع
    زيلينسكي"; "وصل إلى واشنطن في زيارة ...، التقى خلالها ...")."""
    return etype if etype in ("call", "video_conference", "visit") else family(etype)


def _bare_date(analysis: DocAnalysis, sentence: Sentence) -> Mention | None:
    """The date a sentence consists of, if it is little more than a date (a caption's dateline)."""
    tokens = analysis.layer.tokens_in(sentence.start, sentence.end)
    dates = [d for d in inside(analysis.mentions_of("date"), sentence.start, sentence.end) if d.value.get("iso")]
    if dates and len(tokens) <= 6 and dates[0].span.start - sentence.start <= 3:
        return dates[0]
    return None


def _is_visited(analysis: DocAnalysis, actor: Mention, piece: Piece, etype: str) -> bool:
    """A capital or seat of power named as where someone went ("وصل إلى واشنطن") is a place there;
    so is a state's adjective on a place noun ("وسط العاصمة البريطانية", "the Qatari capital")."""
    if _on_a_place(analysis, actor):
        return True
    places = [p for p in analysis.mentions_of("place") if p.span.start < actor.span.end and actor.span.start < p.span.end]
    if not places:
        return False
    if not destination(etype) and word_before(analysis.layer, places[0].span.start) in toward_words():
        return False  # "a package to Ukraine": Ukraine is given it, it is not where anything happened
    return _locative(analysis.layer, places[0].span.start) or (
        etype == "visit" and actor.span.start > piece.cues[0].span.end)


def _keys(mentions: list[Mention]) -> list[str]:
    return _keys_list([m.key for m in mentions])


def _keys_list(keys: list[str]) -> list[str]:
    out: list[str] = []
    for k in keys:
        if k and k not in out:
            out.append(k)
    return out
