import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tifa.extract.normalize import fold_width, remove_justify_spaces, to_simplified
from tifa.extract.read import PLAIN_CHARS, find_watermarks, read_source
from tifa.extract.termmatch import normalise

from tifa.errors import SourceError


def match_form(text: str) -> str:
    return normalise(text).text


SAMPLE = "没有网络安全就没有国家安全，没有信息化就没有现代化。\n——2014年2月27日，在中央网络安全和信息化领导小组第一次会议上的讲话\n"


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""), ("gbk", b""),
     ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-16-le", b"")],
)
def test_decodes_every_supported_encoding(tmp_path: Path, encoding: str, bom: bytes) -> None:
    f = tmp_path / "in.txt"
    f.write_bytes(bom + SAMPLE.encode(encoding))
    src = read_source(f)
    assert src.lines[0].text == SAMPLE.splitlines()[0]
    assert src.lines[1].text.startswith("——2014年2月27日")


def test_crlf_and_line_numbers(tmp_path: Path) -> None:
    f = tmp_path / "crlf.txt"
    f.write_bytes(SAMPLE.replace("\n", "\r\n").encode("utf-8"))
    src = read_source(f)
    assert [ln.number for ln in src.lines[:2]] == [1, 2]
    assert not any("\r" in ln.text for ln in src.lines)


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty file"), (b"  \n\n ", "empty file"),
     (bytes(range(256)) * 20, "binary file"),
     (b"\x81\x30\x81\x30\xff\xfe\xfd" * 3 + b"\x80", "could not decode")],
)
def test_unreadable_files_raise_one_line(tmp_path: Path, content: bytes, message: str) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(SourceError) as info:
        read_source(f)
    assert message in str(info.value)
    assert str(f.as_posix()) in str(info.value) and "\n" not in str(info.value)


def test_plain_characters_are_never_stray() -> None:
    # The decoder counts stray characters (control, private-use, unassigned, surrogate)
    # among the others only: none of the plain ones may be one, but tab, LF, FF and CR.
    plain = re.compile(f"[{PLAIN_CHARS}]")
    stray = [hex(c) for c in range(0x10000) if plain.fullmatch(chr(c))
             and unicodedata.category(chr(c)) in ("Cc", "Co", "Cn", "Cs")]
    assert stray == ["0x9", "0xa", "0xc", "0xd"]


@pytest.mark.parametrize(("repeat", "readable"), [(3, False), (30, True)])
def test_stray_characters_up_to_one_in_a_hundred(tmp_path: Path, repeat: int,
                                                 readable: bool) -> None:
    # One private-use character in 26 (4%) or in 242 (0.4%) characters of UTF-8 text.
    f = tmp_path / "stray.txt"
    f.write_bytes((("网络安全和信息化" * repeat + "\ue000\n") * 20).encode("utf-8"))
    if readable:
        assert read_source(f).encoding == "utf-8"
    else:
        with pytest.raises(SourceError, match="could not decode"):
            read_source(f)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        read_source(tmp_path / "nope.txt")


def test_watermarks_are_promotional_or_repeated_furniture() -> None:
    body = [f"第{i}段正文，内容各不相同。" for i in range(40)]
    lines = ["扫码关注公众号获取全文", *body[:10], "某某出版社电子书制作中心", *body[10:20],
             "某某出版社电子书制作中心", *body[20:30], "某某出版社电子书制作中心",
             *body[30:], "某某出版社电子书制作中心",
             "《在全国网络安全和信息化工作会议上的讲话》", "《在全国网络安全和信息化工作会议上的讲话》"]
    marks = find_watermarks(lines)
    assert marks == {"扫码关注公众号获取全文", "某某出版社电子书制作中心"}


def test_sample_watermark_found_without_being_named(corpus_dir: Path) -> None:
    src = read_source(corpus_dir / "000_a1c1846805ebde20.txt")
    assert src.watermarks == ("欢迎关注微信公众号：青马先声，获取更多资源",)
    assert sum(ln.watermark for ln in src.lines) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [("全 面 理 解 把 握 深 刻 体 悟 领 会", "全面理解把握深刻体悟领会"),
     ("4 月 19 日，在习近平总书记", "4月19日，在习近平总书记"),
     ("赓续数字浙江战略擘画 打造网络强国“重要窗口”", "赓续数字浙江战略擘画 打造网络强国“重要窗口”"),
     ("全 和 信 息 化 工 作 ，具 有 十 分", "全和信息化工作，具有十分")],
)
def test_justify_spaces(text: str, expected: str) -> None:
    assert remove_justify_spaces(text) == expected


def test_traditional_and_width_for_matching() -> None:
    assert match_form("網絡安全和資訊化　５Ｇ") == match_form("网络安全和资讯化 5G")
    assert to_simplified("網絡強國") == "网络强国"
    assert fold_width("（２０１６年）") == "(2016年)"


@given(st.text(max_size=60))
def test_normalisers_are_idempotent(text: str) -> None:
    for f in (fold_width, remove_justify_spaces, match_form):
        once = f(text)
        assert f(once) == once
