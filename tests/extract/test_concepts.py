"""The concept pipeline: jieba segmenter, lexicon matcher, no term ever split or missed."""

import csv
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import opencc
import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language
from tifa.extract import termmatch
from tifa.extract.concepts import (
    COMPONENT,
    build_nlp,
    concept_counter,
    concept_mentions,
    concept_mentions_many,
    concept_spans,
)
from tifa.extract.lexicon import Lexicon, load_lexicon
from tifa.extract.termmatch import normalise, normalise_term

from tifa.records import ConceptMention

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "concept_mentions_sample.tsv"


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.fixture(scope="module")
def nlp(lexicon: Lexicon) -> Language:
    return build_nlp(lexicon)


def paragraphs(path: Path) -> list[str]:
    return re.split(r"\n\s*\n", path.read_text("utf-8"))


def counts(mentions: tuple[ConceptMention, ...]) -> dict[str, int]:
    return {m.name: m.count for m in mentions}


# --- an independent reference: plain normalisation and a naive leftmost-longest scan ---------

_T2S = opencc.OpenCC("t2s")
_CJKISH = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’]")


_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])[(（][a-zA-Z\u00c0-\u024f\u1e00-\u1eff]{1,8}[)）]")


def reference_normalise(text: str) -> str:
    text = _PINYIN.sub("", text)
    text = "".join(
        ch for ch in text if ch not in '\u200b\u200c\u200d\u2060\ufeff\u00ad“”‘’「」『』"'
    )
    text = _T2S.convert(text)
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            prev = next((c for c in reversed(text[:i]) if not c.isspace()), "")
            nxt = next((c for c in text[i + 1 :] if not c.isspace()), "")
            if _CJKISH.match(prev or "a") and _CJKISH.match(nxt or "a"):
                continue
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            ch = chr(code - 0xFEE0)
        out.append(ch.lower() if ch.isascii() else ch)
    return "".join(out)


def reference_scan(norm: str, forms: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Naive leftmost-longest scan of normalised text: the (key, concept) found, in order."""
    forms = sorted(forms, key=lambda f: -len(f[0]))
    alnum = set("0123456789abcdefghijklmnopqrstuvwxyz")
    found = []
    i = 0
    while i < len(norm):
        for key, name in forms:
            end = i + len(key)
            if norm.startswith(key, i):
                if key[0] in alnum and i > 0 and norm[i - 1] in alnum:
                    continue
                if key[-1] in alnum and end < len(norm) and norm[end] in alnum:
                    continue
                found.append((key, name))
                i = end
                break
        else:
            i += 1
    return found


def linked(lexicon: Lexicon, name: str) -> set[str]:
    """The concepts reachable from `name` through broader and related links."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        concept = lexicon.get(todo.pop())
        for other in (concept.broader, *concept.related) if concept else ():
            if other and other != name and other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def reference_counts(text: str, lexicon: Lexicon) -> Counter[str]:
    forms = [(normalise_term(f), c.name) for c in lexicon for f in c.surface_forms]
    found: Counter[str] = Counter()
    for key, name in reference_scan(reference_normalise(text), forms):
        found[name] += 1
        # a compound also says the linked concepts written inside it
        inner = [(k, n) for k, n in forms if n in linked(lexicon, name) and k != key]
        for other in {n for _, n in inner}:
            found[other] += len(reference_scan(key, [f for f in inner if f[1] == other]))
    return found


# --- the pipeline --------------------------------------------------------------------------


def test_segmenter_is_jieba(nlp: Language) -> None:
    assert nlp.lang == "zh"
    assert nlp.tokenizer.segmenter == "jieba"  # type: ignore[attr-defined]
    assert nlp.pipe_names == [COMPONENT]


def test_lexicon_terms_are_in_jiebas_dictionary(nlp: Language) -> None:
    words = [t.text for t in nlp.make_doc("携手构建网络空间命运共同体，构建网上网下同心圆")]
    assert "网络空间命运共同体" in words
    assert "网上网下同心圆" in words


def test_a_compound_also_counts_the_linked_terms_it_writes(nlp: Language) -> None:
    # 关键核心技术 has broader: 核心技术, and writes it: two mentions of 核心技术 here.
    text = "要加快推动关键核心技术突破。核心技术是国之重器。"
    assert counts(concept_mentions(text, nlp)) == {"关键核心技术": 1, "核心技术": 2, "国之重器": 1}
    # the whole broader chain, where written: 网络安全 (broader) and 国家安全 (its broader)
    assert counts(concept_mentions("没有网络安全就没有国家安全", nlp)) == {
        "没有网络安全就没有国家安全": 1, "网络安全": 1, "国家安全": 1}
    # related: 网络安全和信息化 is related to both its parts
    assert counts(concept_mentions("做好网络安全和信息化工作", nlp)) == {
        "网络安全和信息化": 1, "网络安全": 1, "信息化": 1}


def test_a_term_inside_a_name_it_is_not_linked_to_is_not_counted(nlp: Language) -> None:
    # the commission's name writes 网络安全和信息化 and 网络安全 but is linked to neither
    assert counts(concept_mentions("中央网络安全和信息化委员会", nlp)) == {
        "中央网络安全和信息化委员会": 1}
    # 数据中心 is the broader of 大数据中心, 大数据 related to it; 数据 is not in the lexicon
    assert counts(concept_mentions("建设大数据中心", nlp)) == {
        "大数据中心": 1, "数据中心": 1, "大数据": 1}


def test_mentions_are_sorted_by_name_and_deterministic(nlp: Language) -> None:
    text = "网络安全和信息化是相辅相成的。没有网络安全就没有国家安全，网络安全为人民。信息化"
    first = concept_mentions(text, nlp)
    assert [m.name for m in first] == sorted(m.name for m in first)
    assert concept_mentions(text, nlp) == first
    assert counts(first) == {
        "信息化": 2,  # inside 网络安全和信息化, and alone
        "国家安全": 1,  # inside the slogan
        "没有网络安全就没有国家安全": 1,
        "网络安全": 3,  # inside each of the three compounds
        "网络安全和信息化": 1,
        "网络安全为人民": 1,
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("加快５Ｇ网络建设", {"5G": 1}),
        ("推动5G、6G与工业互联网", {"5G": 1, "6G": 1, "工业互联网": 1, "互联网": 1}),
        ("型号15G和5GB都不是", {}),
        ("实施“互联网＋”行动计划，推进互联网+医疗", {"互联网+行动": 1, "互联网+": 2}),
        ("有的是“+互联网”", {"互联网": 1}),
        ("信息化时代", {"信息化": 1}),
        # 网络安全和信息化 is an entry related to its parts: it counts them too
        ("网 络 安 全 和 信 息 化 工 作", {"网络安全和信息化": 1, "网络安全": 1, "信息化": 1}),
        ("西方反华势力一直妄图利用互联\n网“扳倒中国”", {"互联网": 1}),
        ("構建網絡空間命運共同體", {"网络空间命运共同体": 1}),
        ("加强关键基础设施保护", {"关键基础设施": 1}),
        ("网络和信息安全牵涉到国家安全", {"网络和信息安全": 1, "信息安全": 1, "国家安全": 1}),
        ("发展和工作", {}),
        ("", {}),
    ],
)
def test_normalisation_and_boundaries(nlp: Language, text: str, expected: dict[str, int]) -> None:
    assert counts(concept_mentions(text, nlp)) == expected


def test_each_mention_is_one_token_labelled_with_its_concept(nlp: Language) -> None:
    doc = nlp("大力推进关键核心技术攻关，建设网 络 强 国，加快数字中国建设")
    spans = concept_spans(doc)
    assert [(s.text, s.label_) for s in spans] == [
        ("关键核心技术", "关键核心技术"),
        ("关键核心技术", "核心技术"),  # a linked term inside: the compound's token, its label
        ("网 络 强 国", "网络强国"),
        ("数字中国", "数字中国"),
    ]
    assert all(len(span) == 1 for span in spans)


def test_every_lexicon_term_found_everywhere_in_the_raw_corpus(
    nlp: Language, lexicon: Lexicon, corpus_dir: Path
) -> None:
    seen: Counter[str] = Counter()
    for path in sorted(corpus_dir.glob("*.txt")):
        text = path.read_text("utf-8")
        doc = nlp(text)
        got = Counter(span.label_ for span in concept_spans(doc))
        assert got == reference_counts(text, lexicon), path.name
        for span in concept_spans(doc):
            assert len(span) == 1, f"{path.name}: {span.text!r} split over {len(span)} tokens"
            concept = lexicon.lookup(span.text)
            assert concept is not None, span.text
            if concept.name != span.label_:  # a linked term written inside the compound
                assert span.label_ in linked(lexicon, concept.name), (span.text, span.label_)
                forms = lexicon.get(span.label_).surface_forms  # type: ignore[union-attr]
                assert any(normalise_term(f) in normalise_term(span.text) for f in forms)
        seen.update(got)
    assert len(seen) > 500  # the corpus attests many concepts; the lexicon is for the field


def test_traditional_text_yields_the_same_concepts(nlp: Language, corpus_dir: Path) -> None:
    s2t = opencc.OpenCC("s2t")
    checked = 0
    for path in sorted(corpus_dir.glob("*.txt")):
        for para in paragraphs(path):
            simplified = concept_mentions(para, nlp)
            if simplified:
                assert concept_mentions(s2t.convert(para), nlp) == simplified, para[:40]
                checked += 1
    assert checked > 500


def test_justified_and_wrapped_text_yields_the_same_concepts(
    nlp: Language, corpus_dir: Path
) -> None:
    cjk = re.compile(r"(?<=[\u4e00-\u9fff])(?=[\u4e00-\u9fff])")
    for path in sorted(corpus_dir.glob("*.txt")):
        for para in paragraphs(path)[::7]:
            expected = concept_mentions(para, nlp)
            assert concept_mentions(cjk.sub(" ", para), nlp) == expected, para[:40]
            assert concept_mentions(cjk.sub("\n", para), nlp) == expected, para[:40]


def test_many_is_the_same_as_one_by_one(nlp: Language, corpus_dir: Path) -> None:
    paras = paragraphs(sorted(corpus_dir.glob("*.txt"))[1])
    assert concept_mentions_many(paras, nlp) == [concept_mentions(p, nlp) for p in paras]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_concept_mentions_never_raises(nlp: Language, text: str) -> None:
    mentions = concept_mentions(text, nlp)
    assert all(m.count > 0 for m in mentions)
    assert [m.name for m in mentions] == sorted({m.name for m in mentions})


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(
            ["网络", "安全", "网 络", "５Ｇ", "+", "核心", "技术", "關鍵", "\n", " ", "a"]
        ),
        max_size=12,
    )
)
def test_concept_spans_never_straddle_tokens(nlp: Language, parts: list[str]) -> None:
    doc = nlp("".join(parts))
    for span in concept_spans(doc):
        assert len(span) == 1


def test_factory_loads_lexicon_files_from_config(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("- {name: 数字孪生, category: 技术}\n", encoding="utf-8")
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe(COMPONENT, config={"lexicon_paths": [str(path)]})
    doc = nlp("发展数字孪生和网络安全")
    assert [s.label_ for s in concept_spans(doc)] == ["数字孪生", "网络安全"]


# --- the hand-checked precision sample -----------------------------------------------------


def read_sample() -> list[dict[str, str]]:
    with SAMPLE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_hand_checked_sample_precision() -> None:
    rows = read_sample()
    assert len(rows) == 100
    correct = sum(int(row["correct"]) for row in rows)
    assert correct / len(rows) >= 0.98


def test_pipeline_still_produces_every_sampled_mention(nlp: Language, corpus_dir: Path) -> None:
    cache: dict[str, list[str]] = {}
    for row in read_sample():
        paras = cache.setdefault(row["source"], paragraphs(corpus_dir / row["source"]))
        doc = nlp(paras[int(row["paragraph"])])
        found = {(s.start_char, s.end_char, s.label_) for s in concept_spans(doc)}
        assert (int(row["start"]), int(row["end"]), row["concept"]) in found, row["context"]


# --- normalisation keeps a map back to the original text ---------------------------------


def test_normalise_maps_back_to_original_offsets() -> None:
    text = "建设網 絡 強 國，推动５Ｇ"
    norm = normalise(text)
    assert norm.text == "建设网络强国,推动5g"
    start = norm.text.index("网络强国")
    assert norm.span(start, start + 4) == (2, 9)
    assert text[slice(*norm.span(start, start + 4))] == "網 絡 強 國"
    assert norm.span(len(norm.text) - 2, len(norm.text)) == (len(text) - 2, len(text))


def test_normalise_keeps_offsets_when_conversion_changes_length(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def stretching(text: str) -> str:  # a phrase rule that changes the length
        return text.replace("乾隆", "干隆帝")

    monkeypatch.setattr(termmatch, "to_simplified", stretching)
    norm = normalise("乾隆年间，網絡安全")
    assert len(norm.text) == len(norm.offsets) == len("乾隆年间，網絡安全")


# --- every script a researcher meets: Traditional, Taiwan/HK vocabulary, pinyin, noise -----


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Taiwan vocabulary (OpenCC tw2sp): 網路 = 网络, 資訊 = 信息, 網際網路 = 互联网, 數位 = 数字
        ("推動網路強國戰略", [("網路強國戰略", "网络强国战略"), ("網路強國戰略", "网络强国")]),
        ("加強資訊安全與網路安全", [("資訊安全", "信息安全"), ("網路安全", "网络安全")]),
        ("善用網際網路。", [("網際網路", "互联网")]),
        ("發展數位經濟", [("數位經濟", "数字经济")]),
        ("研發人工智慧", [("人工智慧", "人工智能")]),
        # words both sides write alike keep their plain reading (tw2sp has 核心 → 内核)
        ("大力發展核心技術，建設智慧城市", [("核心技術", "核心技术"), ("智慧城市", "智慧城市")]),
        ("線上線下，線上教育", [("線上線下", "线上线下")]),
        # inline pinyin (網(wǎng)絡(luò)) is read through; the mention keeps it as printed
        ("網(wǎng)絡(luò)強(qiáng)國", [("網(wǎng)絡(luò)強(qiáng)國", "网络强国")]),
        ("网（wǎng）络（luò）安全", [("网（wǎng）络（luò）安全", "网络安全")]),
        # a gloss repeating the words before it: 信息(資訊) reads as 信息
        (
            "保護關鍵信息(資訊)基礎設施",
            [("關鍵信息(資訊)基礎設施", "关键信息基础设施"), ("關鍵信息(資訊)基礎設施", "信息基础设施")],
        ),
        ("网络(网络)强国", [("网络(网络)强国", "网络强国")]),
        # quotation marks inside a formulation, zero-width marks
        ("网上网下“同心圆”", [("网上网下“同心圆", "网上网下同心圆")]),
        ("网络\u200b安全", [("网络\u200b安全", "网络安全")]),
        # a bracket that does not repeat the words before it stays, and breaks the term
        ("信息(技术)化", []),
    ],
)
def test_every_script_and_the_printed_form(
    nlp: Language, text: str, expected: list[tuple[str, str]]
) -> None:
    doc = nlp(text)
    assert [(s.text, s.label_) for s in concept_spans(doc)] == expected
    assert all(len(s) == 1 for s in concept_spans(doc))


def test_taiwan_reading_only_for_traditional_text() -> None:
    # tw2sp would turn 智慧 into 智能 and 核心 into 内核: simplified text is read once, as is.
    assert termmatch.normalised_readings("智慧城市和核心技术") == (normalise("智慧城市和核心技术"),)
    plain, taiwan = termmatch.normalised_readings("網路與資訊")
    assert (plain.text, taiwan.text) == ("网路与资讯", "网络与信息")
    assert taiwan.span(0, 2) == (0, 2)


def test_taiwan_phrase_of_another_length_maps_to_the_whole_printed_phrase() -> None:
    text = "懂得善用網際網路的人"
    _, taiwan = termmatch.normalised_readings(text)
    start = taiwan.text.index("互联网")
    assert text[slice(*taiwan.span(start, start + 3))] == "網際網路"


@pytest.mark.parametrize(
    "text",
    [
        "实施“互联网+”行动计划",  # a quotation mark inside the term
        "坚持时、度、效的统一",  # enumeration commas inside the term
        "和平、安全、开放、合作的网络空间",
        "中国—东盟网络事务对话",  # a dash inside the term
        "5G+工业互联网",  # ASCII and a plus sign
        "统筹Web3.0发展",
    ],
)
def test_jieba_keeps_every_term_whole(nlp: Language, text: str) -> None:
    # jieba cuts at punctuation, '+', '.' and '—' before it consults its user dictionary; the
    # component still makes each mention exactly one token.
    doc = nlp(text)
    spans = concept_spans(doc)
    assert spans, text
    for span in spans:
        assert len(span) == 1, [t.text for t in doc]
        assert doc[span.start].text == span.text


def test_first_literal_use_of_wangluo_anquan(nlp: Language) -> None:
    # 网络和信息安全 (2013-11-09, 000 line 841) is a different formulation from 网络安全;
    # it writes 信息安全 (related), never 网络安全.
    assert counts(concept_mentions("网络和信息安全牵涉到国家安全和社会稳定", nlp)) == {
        "网络和信息安全": 1,
        "信息安全": 1,
        "国家安全": 1,
    }


@pytest.fixture(scope="module")
def counter(lexicon: Lexicon) -> Callable[[str], tuple[ConceptMention, ...]]:
    return concept_counter(lexicon)


def test_counter_counts_what_the_pipeline_marks(
    nlp: Language, counter: Callable[[str], tuple[ConceptMention, ...]], corpus_dir: Path
) -> None:
    count = counter
    paras = [p for path in sorted(corpus_dir.glob("*.txt")) for p in paragraphs(path)]
    assert sum(m.count for p in paras for m in count(p)) > 1000
    for para in paras:
        assert count(para) == concept_mentions(para, nlp), para[:40]


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(
            ["网络", "安全", "網路", "網(wǎng)", "５Ｇ", "5", "g", "核心", "技术", "關鍵", "“", "\n", " "]
        ),
        max_size=14,
    )
)
def test_counter_agrees_with_the_pipeline_on_any_text(
    nlp: Language, counter: Callable[[str], tuple[ConceptMention, ...]], parts: list[str]
) -> None:
    text = "".join(parts)
    assert counter(text) == concept_mentions(text, nlp)
