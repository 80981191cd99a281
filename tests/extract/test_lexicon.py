"""The concept lexicon: the built-in file, user files merged over it, and clear errors."""

from pathlib import Path

import pytest
from tifa.extract.lexicon import (
    BUILTIN_LEXICON,
    CATEGORIES,
    Concept,
    Lexicon,
    LexiconError,
    load_lexicon,
)

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


def test_builtin_lexicon_is_large_and_covers_the_core_formulations(lexicon: Lexicon) -> None:
    assert len(lexicon) >= 200
    missing = [name for name in REQUIRED if name not in lexicon]
    assert missing == []
    assert {c.category for c in lexicon} <= set(CATEGORIES)
    assert all(c.origin == "lexicon" for c in lexicon)


def test_builtin_hierarchy(lexicon: Lexicon) -> None:
    assert lexicon.get("关键核心技术") == Concept("关键核心技术", "技术", (), "核心技术")
    assert lexicon.broader_chain("网络意识形态安全") == ("意识形态安全", "政治安全", "国家安全")
    assert lexicon.broader_chain("网络安全") == ("国家安全",)
    assert lexicon.broader_chain("网络强国") == ()


@pytest.mark.parametrize(
    ("surface", "name"),
    [
        ("关键基础设施", "关键信息基础设施"),
        ("關鍵信息基礎設施", "关键信息基础设施"),
        ("５Ｇ", "5G"),
        ("5g", "5G"),
        ("互联网＋", "互联网+"),
        ("网 络 安 全", "网络安全"),
        ("分享经济", "共享经济"),
        ("同心圆", "网上网下同心圆"),
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
- name: 数字孪生
  category: 技术
  broader: 数字技术
  origin: discovered
""",
    )
    lexicon = load_lexicon([path])
    assert lexicon.get("网络安全") == Concept(
        "网络安全", "安全", ("网络和信息安全", "网安"), "国家安全"
    )
    assert lexicon.lookup("網安") == lexicon.get("网络安全")
    assert lexicon.get("数字孪生") == Concept("数字孪生", "技术", (), "数字技术", "discovered")
    assert lexicon.concepts[-1].name == "数字孪生"  # built-in order first, then user entries


def test_user_file_overrides_category_and_broader(tmp_path: Path) -> None:
    path = write(tmp_path, "- {name: 网络主权, category: 安全, broader: null}\n")
    concept = load_lexicon([path]).get("网络主权")
    assert concept == Concept("网络主权", "安全", (), None)


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
    smaller = lexicon.without(["核心技术"])
    assert "核心技术" not in smaller
    assert smaller.get("关键核心技术") == Concept("关键核心技术", "技术", (), None)
    assert len(smaller) == len(lexicon) - 1


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
    ("- name: 甲乙\n  aliases: [关键基础设施]\n", 2, "already a name or alias of 关键信息基础设施"),
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
    with pytest.raises(LexiconError, match="cycle"):
        Lexicon((Concept("甲", broader="乙"), Concept("乙", broader="甲")))


def test_builtin_file_is_the_shipped_one() -> None:
    assert BUILTIN_LEXICON.name == "lexicon.yaml"
    assert BUILTIN_LEXICON.parent.name == "data"
    assert BUILTIN_LEXICON.is_file()
