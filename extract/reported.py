"""Reported speech: which words of a paragraph a text attributes to Xi Jinping, and how.

Cues are read in the paragraph's parse view (`normalize.parse_view`: simplified, full-width
punctuation, “” quotes, no inline pinyin), so Traditional, ASCII-punctuated and annotated
copies read alike; spans map back to the text as printed. The styles found:

    习近平总书记强调，“……”              quote       the quotation (each one, “…”“…”)
    习近平指出，…… / 他强调，……          indirect    to the paragraph's end or the next cue
    “……”习近平总书记曾指出               after       the quotation before the cue
    习近平：……                           colon       the rest of the paragraph
    就……提出了“六个加快”的要求            descriptive the clause (or the quotations it names)

A cue's agent is the subject of its clause chain: 习近平 / 总书记 (Xi), 他 / 她 (whoever
spoke last), 我 / 我们 (the current speaker quoting himself: not a new cue), or anyone
else (袁家军表示, 会议强调, 专家：“…”), whose words are never Xi's and whose span hides any
Xi mention nested inside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Agent = Literal["xi", "other"]
Style = Literal["quote", "indirect", "after", "colon", "descriptive"]

XI_NAME = r"习近[\u4e00-\u9fff]{0,8}?平"  # tolerates ad words injected into the name
# 习近平新时代中国特色社会主义思想, 以习近平同志为核心的党中央: doctrines and bodies, not him
_DOCTRINE = (r"(?!新时代|同志为核心|经济思想|法治思想|外交思想|强军思想|生态文明思想|文化思想|"
             r"总书记系列|总书记重要讲话精神)")
# Hong Kong and Taiwan papers shorten him to his surname once named (習又說, 習強調): a 习
# that no character precedes (not 学习, 练习) and a speech verb or an adverb follows.
_SURNAME = (r"(?<![\u4e00-\u9fff])习(?=(?:又|还|也|再|则|并|亦|即|便)?"
            r"(?:说|强调|指出|表示|提到|称|认为|坦言|直言|要求|$))")
XI_REF = re.compile(
    rf"{XI_NAME}{_DOCTRINE}(?:总书记|主席|同志)?|习总书记|习主席|总书记(?!重要讲话精神)|{_SURNAME}")
_ADVERB = (
    r"(?:(?:深刻|明确|多次|反复|进一步|郑重|再次|曾经|曾|一再|特别|着重|也|还|又|同时|并|都|"
    r"专门|亲切|高度|充分|始终|一直|经常|常常|生动|形象|鲜明|尖锐|精辟|深情|动情|严肃|坦率|"
    r"诚恳|意味深长|语重心长|满怀深情|满怀期待|殷切|恳切|就此|对此|随即|当即|总结|肯定|则|亦|便|第一次|首次)地?)*"
)
_SPEECH_VERB = (
    r"(?:强调指出|深刻指出|指出|强调|表示|说道|问道|写道|肯定道|谈到|讲到|提到|要求|认为|"
    r"呼吁|承诺|叮嘱|嘱咐|嘱托|希望|寄语|勉励|号召|宣布|宣示|重申|告诫|坦言|直言|"
    r"发言(?=[，：])|"
    r"(?:指示|批示)(?=[，：]“?)|说(?=[，：“])|称(?=[，：“])|(?<![是所意])指(?=[，：]))"
)
SPEECH_VERB = re.compile(_ADVERB + _SPEECH_VERB)
DESCRIPTIVE_VERB = re.compile(_ADVERB + r"(?:提出了?|阐述了?|阐明了?|倡导|作出了?|做出了?)")
_OBJECT_VERBS = ("叮嘱", "嘱咐", "嘱托", "要求", "希望", "勉励", "号召", "寄语", "告诫", "宣示")
# 要求全力组织搜救，… — an object verb followed by a directive, not by whom it addresses
_DIRECTIVE = re.compile(r"全力|全面|尽快|尽最大|立即|迅速|抓紧|切实|坚决|认真|加强|加快|做好|确保|"
                        r"采取|妥善|千方百计|严格|深入|持续|继续|始终|牢牢|坚持|坚定|大力|积极|着力|"
                        r"扎实|努力|进一步")
PAST = re.compile(r"曾|多次|反复|一再|一直|始终|经常|常常|早在|去年|前年|此前|以前|当年|近日|"
                  r"日前|近年|多年|历来|一贯|过去")
# Prepositions that start an adverbial phrase, so the subject (if any) comes before them.
_PREP = re.compile(r"在|就|对|向|从|同|与|给|据|按照|随着|通过|根据|围绕|针对|关于|以|为了|当|"
                   r"看到|听取|面对|谈及|结合|立足|着眼")
_LEADING_TIME = re.compile(
    r"^(?:(?:\d{4}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?(?:上午|下午|晚上|晚间|晚|早上|中午|凌晨|"
    r"一大早)?|近日|今天|今日|昨天|日前|随后|此前|同日|当天|会上|会后|最后|同时|此外|其中|"
    r"首先|接着|期间|其间|临别时|调研中|考察中)+"
)
_PRONOUN = re.compile(r"^(?:他|她)")
# A clause that opens with a verb or adverb has no subject of its own: 习近平来到…，仔细了解…，
# 叮嘱… — the subject carries over from an earlier clause.
_VERB_PHRASE = re.compile(
    r"^(?:仔细|详细|认真|深入|了解|察看|查看|听取|观看|走进|来到|看望|参观|询问|视察|考察|调研|"
    r"并|还|又|随后|接着|不时|频频|亲切|主持|出席|参加|发表|致|作出|作了|做了|进行|同|与|"
    r"走访|慰问|实地|登上|乘车|步行|沿途|边走边|一边|不断|再次|首先|最后|特别|专门|"
    r"会见|会晤|接见|会谈|代表|逐一)"
)
# 文章强调 / 贺信指出 / 讲话强调: the work just named speaks for its author, as 他 would
_WORK = re.compile(r"(?:这篇|该|此)?(?:文章|讲话|贺信|贺电|复信|回信|贺词|致辞|信中|文中|该文)")
_FIRST_PERSON = re.compile(r"^(?:我们|我国|我|咱们)")
_SENTENCE_END = "。！？"
_MODAL = re.compile(r"要|必须|一定|务必|应当")
_CHAINED = re.compile(r"[，：](?:强调|指出)")
_NOMINAL = ("的", "重要", "这一", "该")  # 重要指示, 的讲话: a noun, not a verb
_CLAUSE_MARK = "，；：,;:"
MIN_QUOTE = 4


@dataclass(frozen=True)
class Utterance:
    """Words a paragraph attributes to someone: a span of its parse view and the cue."""

    start: int
    end: int
    agent: Agent
    style: Style
    cue_start: int  # where the sentence that carries the cue begins (for dates, occasions)
    past: bool  # the cue speaks of an earlier occasion (曾指出, 多次强调, 早在…)


def sentences(view: str) -> list[tuple[int, int]]:
    """Return (start, end) of each sentence, splitting at 。！？ outside quotation marks."""
    out: list[tuple[int, int]] = []
    depth, start = 0, 0
    for i, ch in enumerate(view):
        if ch == "“":
            depth += 1
        elif ch == "”":
            depth = max(depth - 1, 0)
            if depth == 0 and i > 0 and view[i - 1] in _SENTENCE_END:
                nxt = view[i + 1:i + 2]
                if not nxt or nxt not in "，、：；":
                    out.append((start, i + 1))
                    start = i + 1
        elif ch in _SENTENCE_END and depth == 0:
            end = i + 1
            while end < len(view) and view[end] in "”’）)":
                end += 1
            out.append((start, end))
            start = end
    if start < len(view) and view[start:].strip():
        out.append((start, len(view)))
    return out


def quote_depths(view: str) -> list[int]:
    """Return the quotation depth at each character (the marks themselves count as inside)."""
    depths, depth = [], 0
    for ch in view:
        if ch == "“":
            depth += 1
            depths.append(depth)
        elif ch == "”":
            depths.append(depth)
            depth = max(depth - 1, 0)
        else:
            depths.append(depth)
    return depths


def closing_quote(view: str, open_at: int) -> int | None:
    """Return the index of the ” that closes the “ at `open_at`, or None."""
    depth = 0
    for i in range(open_at, len(view)):
        if view[i] == "“":
            depth += 1
        elif view[i] == "”":
            depth -= 1
            if depth == 0:
                return i
    return None


def _split_clauses(text: str) -> list[str]:
    clauses: list[str] = []
    cur: list[str] = []
    depth = 0
    for ch in text:
        if ch == "“":
            depth += 1
        elif ch == "”":
            depth = max(depth - 1, 0)
        if ch in _CLAUSE_MARK and depth == 0:
            clauses.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    clauses.append("".join(cur))
    return clauses


def clause_agent(prefix: str) -> str | None:
    """Return who the clause chain `prefix` (a sentence up to its verb) names as speaker.

    "xi", "pronoun" (他), "first" (我/我们: the speaker quoting himself), "other" (anyone
    else, 她 included), "frame" (a news medium reporting: 报导提到, 新华社报道说 — the words
    are whoever the medium quotes next), or None when no clause names anyone (the verb
    follows a bare adverbial).
    """
    for clause in reversed(_split_clauses(prefix)):
        c = _LEADING_TIME.sub("", clause.strip(" \u3000"))
        if not c:
            continue
        if c.startswith("她"):
            return "other"
        if _PRONOUN.match(c) or _WORK.fullmatch(c):
            return "pronoun"
        if _MEDIA.fullmatch(c):
            return "frame"
        if _FIRST_PERSON.match(c):
            return "first"
        if _VERB_PHRASE.match(c):
            continue
        prep = _PREP.search(c)
        subject = c[:prep.start()] if prep else c
        if not subject.strip():
            if XI_REF.search(c) and prep and c.startswith(("看到", "听取")):
                return "xi"
            continue
        if XI_REF.search(subject):
            return "xi"
        if _PRONOUN.search(subject[:2]):
            return "pronoun"
        return "other"
    return None


def _subjectless(prefix: str) -> bool:
    """True if a sentence up to its verb names no one: nothing, or only verb phrases
    (步行察看…，强调) — a sentence that goes on with the subject of the one before."""
    clauses = [c.strip(" \u3000") for c in _split_clauses(prefix)]
    return all(not c or _VERB_PHRASE.match(c) for c in clauses)


# A news medium as the subject of 说/提到/称: it frames the words of whoever it quotes next.
_MEDIA = re.compile(
    r"(?:据|根据)?(?:《|“)?(?:新华社|新华网|人民日报|央视|央视网|中新社|中央社|路透社?|美联社|法新社|"
    r"官媒|媒体|外电|报章)?(?:》|”)?(?:的)?(?:报道|报导|消息|通稿|文章)?(?:说|称|指)?"
)
_PERSON = re.compile(
    r"总理|委员长|主任|书记|部长|省长|市长|局长|厅长|院长|校长|委员|教授|研究员|专家|学者|主席|"
    r"发言人|负责人|长官|院士|大使|总统|首相|国务卿|董事长|总裁|会长"
)


# 黄苇町表达了同样的观点。他说… — a name, then a verb of holding a view: the next 他 is him
_EXPRESSES = re.compile(
    r"[\u4e00-\u9fff]{2,4}(?:也|还|则|又)?(?:表达|赞同|同意|补充|回忆|分析|解释)")


def sentence_subject(sentence: str) -> str | None:
    """Return who a sentence is about: its first clause with a subject ("xi", "other", …)."""
    for clause in _split_clauses(sentence):
        c = _LEADING_TIME.sub("", clause.strip(" \u3000“”"))
        if not c or _VERB_PHRASE.match(c):
            continue
        if c.startswith("她"):
            return "other"
        if _PRONOUN.match(c):
            return "pronoun"
        if _FIRST_PERSON.match(c):
            return "first"
        prep = _PREP.search(c)
        subject = c[:prep.start()] if prep else c
        if not subject.strip():
            continue
        if XI_REF.search(subject):
            return "xi"
        if _PERSON.search(subject) or (prep and XI_REF.match(c, prep.end())) or \
                _EXPRESSES.match(c):
            return "other"  # 米歇尔向习近平转达…: whoever addresses him is someone else
        return None
    return None


def _resolve(agent: str | None, current: Agent | None, before: str = "") -> Agent | None:
    """Return the agent of a cue; a pronoun is whom its own sentence (`before`) was about,
    else whoever spoke last."""
    if agent == "xi":
        return "xi"
    if agent == "other":
        return "other"
    if agent == "pronoun":
        clauses = _split_clauses(before)
        lead = sentence_subject("，".join(clauses[:-1])) if len(clauses) > 1 else None
        return lead if lead in ("xi", "other") else current  # type: ignore[return-value]
    return None


@dataclass(frozen=True)
class _Cue:
    at: int  # start of the verb (or colon, or quote)
    content: int  # where the attributed words start
    agent: Agent
    style: Style
    sentence: tuple[int, int]
    past: bool
    quote_end: int | None = None  # for quote styles: index of the closing ”


def _quotes_from(view: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the (start, end) of each top-level quotation in view[start:end]."""
    out, i = [], start
    while i < end:
        j = view.find("“", i, end)
        if j < 0:
            break
        k = closing_quote(view, j)
        if k is None or k >= end + 1:
            break
        if k - j - 1 >= MIN_QUOTE:
            out.append((j + 1, k))
        i = k + 1
    return out


def _verb_cues(view: str, s: int, e: int, depths: list[int],
               current: Agent | None) -> list[_Cue]:
    cues: list[_Cue] = []
    for m in SPEECH_VERB.finditer(view, s, e):
        if depths[m.start()] > 0 or view[max(m.start() - 2, 0):m.start()].endswith(_NOMINAL):
            continue
        if SPEECH_VERB.match(view, m.end()) or _CHAINED.match(view, m.end()):
            continue  # 作出重要指示强调 / 表示，强调：the last verb of a chain carries the words
        prefix = view[s:m.start()]
        agent = _resolve(clause_agent(prefix), current, prefix)
        if agent is None and _subjectless(prefix):
            agent = current  # …做法。强调要严守耕地红线: the last subject still speaks
        if agent is None:
            continue
        past = bool(PAST.search(view[s:m.end()]))
        i = m.end()
        while i < e and view[i] in " ，：":
            i += 1
        if i >= e or view[i] in _SENTENCE_END:
            continue  # …时庄严宣示。: the words are not in this sentence
        if any(m.group(0).endswith(v) for v in _OBJECT_VERBS) and view[i] != "“" and \
                not _DIRECTIVE.match(view, i):
            # 叮嘱当地干部，要… / 要求全党对…“来一个大学习” / 要求成员尤其要带头…: the words
            # start after the addressee — at a comma, a quotation or a modal, whichever is first
            marks = [(x, x + 1) for x in (view.find("，", i, min(e, i + 30)),) if x >= 0]
            marks += [(x, x) for x in (view.find("“", i, min(e, i + 30)),) if x >= 0]
            modal = _MODAL.search(view, i, min(e, i + 20))
            if modal:
                marks.append((modal.start(), modal.start()))
            if marks:
                i = min(marks)[1]
        if re.match(r"[^，。]{0,40}的(?:重要性|重要意义|必要性|紧迫性)", view[i:e]):
            continue
        if view[i] == "“":
            k = closing_quote(view, i)
            if k is not None:
                cues.append(_Cue(m.start(), i, agent, "quote", (s, e), past, k))
                continue
        cues.append(_Cue(m.start(), i, agent, "indirect", (s, e), past))
    for m in DESCRIPTIVE_VERB.finditer(view, s, e):
        if depths[m.start()] > 0:
            continue
        agent = _resolve(clause_agent(view[s:m.start()]), current)
        if agent is None:
            continue
        past = bool(PAST.search(view[s:m.end()]))
        clause_start = max(view.rfind(ch, s, m.start()) for ch in "，；：") + 1
        clause_start = max(clause_start, s)
        clause_end = next((x for x in range(m.end(), e)
                           if view[x] in "，；。" and depths[x] == 0), e)
        head = _LEADING_TIME.sub("", view[clause_start:m.start()])
        if head.startswith(("就", "对", "围绕", "针对")):
            cues.append(_Cue(m.start(), clause_start, agent, "descriptive", (s, e), past,
                             clause_end))
            continue
        if m.group(0).endswith("提出") and view[m.end():m.end() + 1] == "，" and \
                m.end() + 1 < e:
            # 习近平在讲话中提出，党的各级纪律检查机关要…: 提出 used as a verb of saying
            cues.append(_Cue(m.start(), m.end() + 1, agent, "indirect", (s, e), past))
            continue
        colon = next((x for x in range(m.end(), clause_end)
                      if view[x] == "：" and depths[x] == 0), None)
        if colon is not None and colon + 1 < e:
            # 习近平提出：努力把… / 提出三个“下功夫”：在学懂上下功夫…: what follows the colon
            cues.append(_Cue(m.start(), colon + 1, agent, "indirect", (s, e), past))
            continue
        quotes = _quotes_from(view, m.end(), clause_end)
        if quotes:
            # 提出了“总体国家安全观”的新论断: what he put forward, from its first quotation
            cues.append(_Cue(m.start(), quotes[0][0] - 1, agent, "descriptive", (s, e), past,
                             clause_end))
    return cues


_COLON_CUE = re.compile(r"[^，。“”：]{1,30}?：")
_AFTER_CUE = re.compile(
    # 10月23日，习近平… / 在…研讨班上，习近平总书记发表了十分重要的讲话: a date or an
    # occasion may lead the clause that names him
    r"^[，,]?(?:接着|随后|随即|然后)?[，,]?(?:\d{1,2}月\d{1,2}日[，,]?)?"
    r"(?:在[^。]{1,80}?(?:上|时|中)[，,]?)?"
    rf"(?:{XI_NAME}(?:总书记|主席|同志)?|习总书记|总书记)(?P<adv>{_ADVERB})"
    r"(?:在[^，。]{1,30}?(?:上|时|中)|代表[^，。：]{1,30}?)?(?:庄严|郑重)?"
    r"(?:指出|强调|说过|讲过|说|表示|提出的|提出|承诺|"
    r"要求|宣示|的(?:这一)?(?:重要)?论断|的重要论述|这样说|发表了?[^，。“”]{0,10}讲话)"
)


def is_whole_quotation(view: str) -> bool:
    """True if a paragraph is one quotation and nothing else (“……”)."""
    text = view.strip()
    return text[:1] == "“" and closing_quote(text, 0) == len(text) - 1


def opens_with_after_cue(view: str) -> bool:
    """True if a paragraph opens by naming Xi as who said what came before it
    (10月23日，习近平总书记在…时庄严宣示。)."""
    return bool(_AFTER_CUE.match(view.strip()))


_SIGNED = re.compile(
    rf"^(?P<words>[^—]{{8,}}?[。！？”])\s*(?:——|—|--)\s*(?:{XI_NAME}|习总书记)(?:总书记|主席|同志)?\s*$")


def find_utterances(view: str, current: Agent | None = None
                    ) -> tuple[list[Utterance], Agent | None, bool]:
    """Return (utterances, speaker at the end, open) for one paragraph's parse view.

    `current` is who spoke last before this paragraph (for 他/她). `open` is True when the
    paragraph ends inside Xi's indirect speech, so a following paragraph may continue it.
    """
    signed = _SIGNED.match(view)
    if signed:  # 建设网络强国，要…合作。 ——习近平: the words signed with his name
        return [Utterance(0, signed.end("words"), "xi", "after", 0, True)], "xi", False
    depths = quote_depths(view)
    sents = sentences(view)
    cues: list[_Cue] = []
    speaker = current
    for idx, (s, e) in enumerate(sents):
        found = _verb_cues(view, s, e, depths, speaker)
        colon = _COLON_CUE.match(view, s)
        if colon and s > 0 and idx > 0 and view[colon.end():colon.end() + 1] != "“":
            colon = None  # mid-paragraph, only 习近平…：“…” (a quotation) is a colon cue
        if colon and not found:
            agent = _resolve(clause_agent(view[s:colon.end() - 1]), speaker)
            if agent is not None:
                i = colon.end()
                k = closing_quote(view, i) if view[i:i + 1] == "“" else None
                cues.append(_Cue(s, i, agent, "quote" if k else "colon", (s, e), False, k))
        # “……”习近平总书记曾指出 — the quotation is the whole sentence before the cue.
        if view[s:s + 1] == "“":
            k = closing_quote(view, s)
            if k is not None:
                nxt = k + 1
                after_text = view[nxt:e] if nxt < e else ""
                if not after_text.strip("。！？ ") and idx + 1 < len(sents):
                    after_text = view[sents[idx + 1][0]:sents[idx + 1][1]]
                m = _AFTER_CUE.match(after_text)
                if m:
                    cues.append(_Cue(s, s + 1, "xi", "after", (s, e), True, k))
        cues.extend(found)
        if found:
            ordered = sorted(found, key=lambda c: c.at)
            # 文章强调，党的二十大报告明确指出：“…” — a cue inside indirect speech is reported
            # by that speech's speaker, who stays the one speaking
            outer = ordered[0] if ordered[0].style == "indirect" else ordered[-1]
            speaker = outer.agent
        else:  # 习近平出席会议并发表重要讲话。他强调… — who the next 他 is
            subject = sentence_subject(view[s:e])
            if subject in ("xi", "other"):
                speaker = subject  # type: ignore[assignment]
    cues.sort(key=lambda c: (c.content, c.at))
    utterances: list[Utterance] = []
    blocked_until = -1
    open_end = False
    final: Agent | None = None  # no cue: whom the paragraph's sentences were about
    for n, cue in enumerate(cues):
        if cue.at < blocked_until and cue.style != "after":
            continue
        if cue.quote_end is not None:
            end = cue.quote_end
            if cue.style == "quote":
                # 强调，“…”“…” — every quotation that follows in the sentence is his too.
                extra = _quotes_from(view, end + 1, cue.sentence[1])
                spans = [(cue.content + 1 if view[cue.content] == "“" else cue.content, end),
                         *extra]
            else:
                spans = [(cue.content, end)]
            last = spans[-1][1]
            blocked_until = max(blocked_until, last)
            final = cue.agent
            if cue.agent == "xi":
                for a, b in spans:
                    if b - a >= 1:
                        utterances.append(Utterance(a, b, "xi", cue.style, cue.sentence[0],
                                                    cue.past))
            continue
        # indirect / colon: run to the next sentence that carries a cue, or a narrative one.
        end = len(view)
        reached_end = True
        later = [c for c in cues[n + 1:] if c.at > cue.content and c.style != "after"]
        for s, e in sents:
            if s <= cue.content:
                continue
            if any(s <= c.at < e for c in later) or _narrative(view[s:e]):
                end, reached_end = s, False
                break
        blocked_until = max(blocked_until, end)
        final = cue.agent
        if cue.agent == "xi":
            a, b = cue.content, end
            while b > a and view[b - 1] in " ":
                b -= 1
            if b > a:
                utterances.append(Utterance(a, b, "xi", cue.style, cue.sentence[0], cue.past))
                open_end = reached_end
        else:
            open_end = False
    if final is None:
        final = speaker
    return utterances, final, open_end


def _narrative(sentence: str) -> bool:
    """True if a sentence tells what Xi did (习近平还来到…, 他还察看了…): it ends his speech."""
    head = _LEADING_TIME.sub("", sentence.lstrip("，"))
    if SPEECH_VERB.search(sentence):
        return False
    return bool(re.match(rf"(?:{XI_NAME}|他|她)(?:还|又|随后|先后|一一|逐一)?", head)) or \
        bool(re.match(r"[^，。]{0,20}(?:陪同|出席|参加)[^，。]{0,10}(?:考察|活动|会议)", head))


def continues_speech(view: str) -> bool:
    """True if a paragraph with no cue reads as more of the same speech (first person, 要…)."""
    if XI_REF.search(view) or SPEECH_VERB.search(view):
        return False
    first = sentences(view)[:1]
    head = view[first[0][0]:first[0][1]] if first else view
    return bool(re.search(r"我们|我国|咱们|^我", head) or re.match(r"^(?:要|必须|应当)", view))
