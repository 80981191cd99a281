"""The concept lexicon: the built-in file, user files merged over it, and clear errors."""

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import opencc
import pytest
from tifa.extract.lexicon import (
    BUILTIN_LEXICON,
    CATEGORIES,
    Concept,
    Lexicon,
    LexiconError,
    load_lexicon,
    variant_kind,
)
from tifa.extract.termmatch import normalise, normalise_term, normalised_readings

from tifa.errors import TifaError

REQUIRED = [
    "网络强国",
    "网络安全",
    "信息化",
    "核心技术",
    "关键核心技术",
    "网络空间命运共同体",
    "网络主权",
    "数字中国",
    "智慧社会",
    "数字经济",
    "网络意识形态",
    "网上正面宣传",
    "网络综合治理",
    "网上网下同心圆",
    "关键信息基础设施",
    "数据安全",
    "个人信息保护",
    "人工智能",
    "大数据",
    "区块链",
    "5G",
    "工业互联网",
    "网信事业",
    "网信军民融合",
    "网络扶贫",
    "电子政务",
    "媒体融合",
    "互联网+",
    "全球互联网治理体系",
    "世界互联网大会",
]


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


def write(tmp_path: Path, text: str, name: str = "my_terms.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


REPO = Path(__file__).resolve().parents[2]
S2T = opencc.OpenCC("s2t")


def reading_keys(form: str) -> set[str]:
    """Every key a form is read as, as printed and in Traditional characters."""
    readings = (*normalised_readings(form), *normalised_readings(S2T.convert(form)))
    return {re.sub(r"\s+", "", r.text) for r in readings}


def test_builtin_lexicon_is_large_and_covers_the_core_formulations(lexicon: Lexicon) -> None:
    assert len(lexicon) >= 1000
    missing = [name for name in REQUIRED if name not in lexicon]
    assert missing == []
    assert {c.category for c in lexicon} == set(CATEGORIES)  # every category is used
    assert all(c.origin == "lexicon" for c in lexicon)
    per_category = Counter(c.category for c in lexicon)
    assert min(per_category.values()) >= 20, per_category


# --- the built-in file: well formed, true variants only, no collisions, links resolve ------


def test_every_builtin_entry_is_well_formed(lexicon: Lexicon) -> None:
    for c in lexicon:
        assert c.name == c.name.strip() and c.name, c
        assert c.category in CATEGORIES, c.name
        assert normalise_term(c.name) == normalise(c.name).text.replace(" ", ""), c.name
        assert c.source and re.match(r"(doc|glossary|corpus) \S", c.source), c.name
        assert c.broader is None or c.broader in lexicon, c.name
        assert all(r in lexicon and r != c.name for r in c.related), c.name
        assert c.broader not in c.related, c.name


def test_names_are_simplified_mainland_forms(lexicon: Lexicon) -> None:
    # A name in Traditional characters or Taiwan vocabulary would be matched, but researchers
    # query the canonical form: it is written as the mainland texts write it, and its plain
    # reading is the same whether printed in Simplified or Traditional characters.
    for c in lexicon:
        key = normalise_term(c.name)
        assert normalised_readings(c.name) == (normalise(c.name),), c.name
        assert re.sub(r"\s+", "", normalised_readings(S2T.convert(c.name))[0].text) == key


def test_every_alias_is_the_same_formulation_written_differently(lexicon: Lexicon) -> None:
    kinds = Counter()
    for c in lexicon:
        for alias in c.aliases:
            kind = variant_kind(c.name, alias)
            assert kind is not None, f"{alias} is a different formulation from {c.name}"
            assert normalise_term(alias) != normalise_term(c.name), alias  # not redundant
            kinds[kind] += 1
    assert set(kinds) == {"punctuation", "的", "regional"}


@pytest.mark.parametrize(
    ("name", "alias", "kind"),
    [
        ("时度效", "时、度、效", "punctuation"),
        ("学网懂网用网", "学网、懂网、用网", "punctuation"),
        ("清朗网络空间", "清朗的网络空间", "的"),
        ("人工智能", "人工智慧", "regional"),
        ("网络安全", "網路安全", "regional"),
        ("信息化", "資訊化", "regional"),
        ("网络安全", "网络和信息安全", None),
        ("关键信息基础设施", "关键基础设施", None),
        ("共享经济", "分享经济", None),
        ("网上网下同心圆", "同心圆", None),
        ("关于网络强国的重要思想", "网络强国战略思想", None),
    ],
)
def test_variant_rule(name: str, alias: str, kind: str | None) -> None:
    assert variant_kind(name, alias) == kind


def test_different_formulations_are_concepts_of_their_own(lexicon: Lexicon) -> None:
    # 网络和信息安全 (2013-11-09) was once folded into 网络安全, whose first literal use in
    # the sample corpus is 2014-02-27: it is its own concept, related to 网络安全.
    other = lexicon.lookup("网络和信息安全")
    assert other is not None and other.name == "网络和信息安全"
    assert "网络安全" in other.related
    assert lexicon.lookup("网络强国战略思想").name == "网络强国战略思想"  # type: ignore[union-attr]
    assert lexicon.lookup("关键基础设施").name == "关键基础设施"  # type: ignore[union-attr]


def test_no_two_entries_collide_after_normalisation(lexicon: Lexicon) -> None:
    owners: dict[str, str] = {}
    for c in lexicon:
        for form in c.surface_forms:
            for key in reading_keys(form):
                assert owners.setdefault(key, c.name) == c.name, (form, owners[key], c.name)


def test_corpus_attestations_point_at_a_line_with_the_formulation(lexicon: Lexicon) -> None:
    cited = [c for c in lexicon if c.source and c.source.startswith("corpus ")]
    assert len(cited) > 300
    cache: dict[str, list[str]] = {}
    for c in cited:
        path, line = c.source.removeprefix("corpus ").rsplit(":", 1)  # type: ignore[union-attr]
        lines = cache.setdefault(path, (REPO / path).read_text("utf-8").splitlines())
        text = normalise(lines[int(line) - 1]).text.replace(" ", "")
        assert any(normalise_term(f) in text for f in c.surface_forms), c.source


def test_builtin_hierarchy(lexicon: Lexicon) -> None:
    core = lexicon.get("关键核心技术")
    assert core is not None
    assert (core.category, core.aliases, core.broader) == ("技术", (), "核心技术")
    assert lexicon.broader_chain("网络意识形态安全") == ("意识形态安全", "政治安全", "国家安全")
    assert lexicon.broader_chain("网络安全") == ("国家安全",)
    assert lexicon.broader_chain("网络强国") == ()


@pytest.mark.parametrize(
    ("surface", "name"),
    [
        ("關鍵信息基礎設施", "关键信息基础设施"),
        ("时、度、效", "时度效"),
        ("人工智慧", "人工智能"),
        ("清朗的网络空间", "清朗网络空间"),
        ("５Ｇ", "5G"),
        ("5g", "5G"),
        ("互联网＋", "互联网+"),
        ("网 络 安 全", "网络安全"),
        ("分享经济", "分享经济"),
        ("同心圆", "同心圆"),
    ],
)
def test_lookup_by_any_surface_form(lexicon: Lexicon, surface: str, name: str) -> None:
    concept = lexicon.lookup(surface)
    assert concept is not None and concept.name == name


def test_lookup_unknown_and_generic_words(lexicon: Lexicon) -> None:
    assert lexicon.lookup("发展") is None
    assert lexicon.lookup("工作") is None
    assert "发展" not in lexicon


def test_user_file_extends_and_adds(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
- name: 网络安全
  aliases: [网安]
- name: 数字孪生流域
  category: 技术
  broader: 数字孪生
  origin: discovered
""",
    )
    lexicon = load_lexicon([path])
    builtin = load_lexicon().get("网络安全")
    assert builtin is not None
    assert lexicon.get("网络安全") == replace(builtin, aliases=(*builtin.aliases, "网安"))
    assert lexicon.lookup("網安") == lexicon.get("网络安全")
    assert lexicon.get("数字孪生流域") == Concept(
        "数字孪生流域", "技术", (), "数字孪生", "discovered"
    )
    assert lexicon.concepts[-1].name == "数字孪生流域"  # built-in order first, then user entries


def test_user_file_overrides_category_and_broader(tmp_path: Path) -> None:
    path = write(tmp_path, "- {name: 网络主权, category: 安全, broader: null, source: 我的笔记}\n")
    concept = load_lexicon([path]).get("网络主权")
    assert concept is not None
    assert (concept.category, concept.broader, concept.source) == ("安全", None, "我的笔记")


def test_user_file_adds_related_concepts(tmp_path: Path) -> None:
    path = write(
        tmp_path, "- {name: 网安, related: [网络安全]}\n- {name: 网络安全, related: 信息安全}\n"
    )
    lexicon = load_lexicon([path])
    assert lexicon.get("网安").related == ("网络安全",)  # type: ignore[union-attr]
    assert "信息安全" in lexicon.get("网络安全").related  # type: ignore[union-attr]


def test_later_user_files_win(tmp_path: Path) -> None:
    first = write(tmp_path, "- {name: 甲乙, category: 技术}\n", "a.yaml")
    second = write(tmp_path, "- {name: 甲乙, category: 经济, aliases: [乙甲]}\n", "b.yaml")
    concept = load_lexicon([first, second], builtin=False).get("甲乙")
    assert concept == Concept("甲乙", "经济", ("乙甲",))


def test_mapping_with_concepts_key_and_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, "concepts:\n  - name: 数字孪生\n")
    assert load_lexicon([path], builtin=False).get("数字孪生") == Concept("数字孪生")
    assert len(load_lexicon([write(tmp_path, "", "empty.yaml")], builtin=False)) == 0


def test_without_cuts_broader_links(lexicon: Lexicon) -> None:
    smaller = lexicon.without(["核心技术", "网络安全"])
    assert "核心技术" not in smaller
    assert smaller.get("关键核心技术").broader is None  # type: ignore[union-attr]
    assert "网络安全" not in smaller.get("网络和信息安全").related  # type: ignore[union-attr]
    assert len(smaller) == len(lexicon) - 2


MALFORMED = [
    ("- {name: 网络安全, aliases: [网安}\n", 1, "not valid YAML"),
    ("- name: 甲乙\n  aliases: [a\n- name: 丙\n", 3, "not valid YAML"),
    ("- name: 甲乙\n\t  category: 技术\n", 2, "not valid YAML"),
    ("- name: 甲乙\n- category: 技术\n  aliases: [乙]\n", 2, "without a name"),
    ("- name: ''\n", 1, "non-empty text"),
    ("- name: 甲乙\n  broader: 不存在的概念\n", 2, "broader concept 不存在的概念"),
    (
        "- name: 甲乙\n  broader: 丙丁\n- name: 丙丁\n  broader: 甲乙\n",
        2,
        "cycle: 甲乙 -> 丙丁 -> 甲乙",
    ),
    ("- name: 甲乙\n  broader: 甲乙\n", 2, "cycle"),
    ("- name: 甲乙\n  aliases: [时、度、效]\n", 2, "already a name or alias of 时度效"),
    ("- name: 甲乙\n  related: [不存在的概念]\n", 2, "related concept 不存在的概念"),
    ("- name: 甲乙\n  related: {a: b}\n", 2, "related must be a list"),
    ("- name: 甲乙\n  source: [a]\n", 2, "source must be text"),
    ("- name: 甲乙\n- name: 丙丁\n  aliases: [甲乙]\n", 3, "already a name or alias of 甲乙"),
    ("- name: 甲乙\n  category: 太空\n", 2, "unknown category"),
    ("- name: 甲乙\n  alias: [x]\n", 2, "unknown field alias"),
    ("- name: 甲乙\n  aliases: {a: b}\n", 2, "aliases must be a list"),
    ("- name: 甲乙\n  origin: guessed\n", 2, "origin must be"),
    ("- name: 甲乙\n- name: 甲乙\n", 2, "listed twice (first on line 1)"),
    ("name: 甲乙\n", 1, "expected a list of concepts"),
    ("- 甲乙\n", 1, "must be a mapping"),
]


@pytest.mark.parametrize(("text", "line", "problem"), MALFORMED)
def test_malformed_file_names_file_and_line(
    tmp_path: Path, text: str, line: int, problem: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(LexiconError) as info:
        load_lexicon([path])
    message = str(info.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert problem in message
    assert "\n" not in message and "Traceback" not in message
    assert info.value.path == str(path) and info.value.line == line
    assert isinstance(info.value, TifaError)


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="no such lexicon file"):
        load_lexicon([tmp_path / "missing.yaml"])
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes("- name: 网络安全\n".encode("gbk"))
    with pytest.raises(LexiconError, match="not UTF-8"):
        load_lexicon([gbk])


def test_lexicon_built_in_code_is_validated() -> None:
    with pytest.raises(LexiconError, match="both"):
        Lexicon((Concept("甲乙", aliases=("丙",)), Concept("丁", aliases=("丙",))))
    with pytest.raises(LexiconError, match="unknown"):
        Lexicon((Concept("甲乙", broader="丙丁"),))
    with pytest.raises(LexiconError, match="related concept 丙丁 is unknown"):
        Lexicon((Concept("甲乙", related=("丙丁",)),))
    with pytest.raises(LexiconError, match="cycle"):
        Lexicon((Concept("甲", broader="乙"), Concept("乙", broader="甲")))


def test_builtin_file_is_the_shipped_one() -> None:
    assert BUILTIN_LEXICON.name == "lexicon.yaml"
    assert BUILTIN_LEXICON.parent.name == "data"
    assert BUILTIN_LEXICON.is_file()


def test_cached_lexicon_follows_the_files_contents(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("- {name: 数字孪生, category: 技术}\n", encoding="utf-8")
    first = load_lexicon([path], builtin=False)
    again = load_lexicon([path], builtin=False)
    path.write_text("- {name: 数字孪生, category: 技术, aliases: [数字双胞胎]}\n"
                    "- {name: 算力网络, category: 技术}\n", encoding="utf-8")
    changed = load_lexicon([path], builtin=False)
    assert first == again and [c.name for c in first] == ["数字孪生"]
    assert [c.name for c in changed] == ["数字孪生", "算力网络"]
    assert changed.lookup("数字双胞胎") is not None and first.lookup("数字双胞胎") is None
    assert load_lexicon() == load_lexicon() and len(load_lexicon()) > 1000


def test_a_bad_file_is_still_named_with_a_warm_cache(tmp_path: Path) -> None:
    load_lexicon()
    path = tmp_path / "bad.yaml"
    path.write_text("- {name: 数字孪生, category: [\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"bad\.yaml"):
        load_lexicon([path])
    with pytest.raises(LexiconError, match="no such lexicon file"):
        load_lexicon([tmp_path / "missing.yaml"])
