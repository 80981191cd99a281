"""CSV for spreadsheets: formula-like cells escaped, one list separator, a BOM for Excel."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from tifa.extract.output import write_csv
from tifa.queries.render import render

from tifa.cli_query import ask
from tifa.records import ConceptMention, PassageRecord, QuoteLink, SpeechRecord
from tifa.spreadsheet import BOM, safe_cell, wants_bom

ROOT = Path(__file__).resolve().parent.parent
FORMULA = '=HYPERLINK("http://example.invalid","网络强国")'


@pytest.mark.parametrize(("value", "cell"), [
    (FORMULA, "'" + FORMULA),
    ("+86 10 1234", "'+86 10 1234"),
    ("-网络安全", "'-网络安全"),
    ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
    ("\t=1+1", "'\t=1+1"),
    ("网络强国=国家战略", "网络强国=国家战略"),  # only the first character counts
    ("——2014年2月27日", "——2014年2月27日"),  # an em dash is not a minus
    (-3, -3), (0.5, 0.5), (None, None), (True, True),
])
def test_safe_cell(value: object, cell: object) -> None:
    assert safe_cell(value) == cell


@pytest.mark.parametrize(("path", "excel", "bom"), [
    ("out.csv", False, True), ("OUT.CSV", False, True), ("out.txt", False, False),
    (None, False, False), (None, True, True), ("out.tsv", True, True),
])
def test_wants_bom(path: str | None, excel: bool, bom: bool) -> None:
    assert wants_bom(path, excel=excel) is bom


def passage(text: str) -> PassageRecord:
    speech = SpeechRecord("speech:s", "-在网信工作座谈会上的讲话", "2016-04-19", None, "day",
                          "讲话", None, "习近平", other_dates=("2016-04-20", "2016-04-21"))
    return PassageRecord("p:1", "x.txt", 1, None, text, 3, 4, speech, None,
                         (ConceptMention("网络安全", 2), ConceptMention("国家安全", 1)),
                         (QuoteLink("p:0", 0.975, "embeds"), QuoteLink("p:9", 0.9, "same")))


def test_extract_csv_escapes_formulas_and_joins_lists_with_one_separator() -> None:
    buf = io.StringIO()
    assert write_csv([passage(FORMULA)], buf) == 1
    assert not buf.getvalue().startswith(BOM)
    header, row = list(csv.reader(io.StringIO(buf.getvalue())))
    cell = dict(zip(header, row, strict=True))
    assert cell["text"] == "'" + FORMULA
    assert cell["speech.title"] == "'-在网信工作座谈会上的讲话"
    assert cell["seq"] == "1" and cell["line_start"] == "3"
    assert cell["concepts"] == "网络安全:2|国家安全:1"
    assert cell["quotes"] == "p:0:0.975|p:9:0.900"
    assert cell["speech.other_dates"] == "2016-04-20|2016-04-21"
    assert cell["speech.date_inferred"] == "false"


def test_extract_csv_for_excel_starts_with_a_bom() -> None:
    buf = io.StringIO()
    write_csv([passage("网络强国")], buf, excel=True)
    data = buf.getvalue().encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][0] == "id" and rows[1][4] == "网络强国"


def test_query_csv_escapes_text_but_not_numbers() -> None:
    rows = [{"concept": "=1+1", "year": -1, "share": -0.5, "pages": ["-3", "4"], "ok": True}]
    text = render(rows, ["concept", "year", "share", "pages", "ok"], "csv")
    assert text.splitlines() == ["concept,year,share,pages,ok", "'=1+1,-1,-0.5,'-3|4,true"]
    excel = render(rows, ["concept"], "csv", excel=True)
    assert excel == BOM + "concept\n'=1+1\n"
    assert render(rows, ["concept"], "json").count(BOM) == 0


def test_extract_cli_writes_a_bom_into_a_csv_file_and_on_stdout_with_excel(
        tmp_path: Path) -> None:
    source = tmp_path / "p.txt"
    source.write_text("=1+1 是一个公式。\n\n网络强国\n", encoding="utf-8")
    out = tmp_path / "p.csv"

    def tifa(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([sys.executable, "-m", "tifa.cli", "extract", str(source),
                               "-f", "csv", "--no-concepts", "--no-link", "-q", *args],
                              cwd=ROOT, capture_output=True, timeout=300)

    assert tifa("-o", str(out)).returncode == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid,source,seq,")
    texts = [r["text"] for r in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))]
    assert texts[0].startswith("'=1+1")
    plain = tifa()
    assert plain.returncode == 0 and plain.stdout.startswith(b"id,source,seq,")
    excel = tifa("--excel")
    assert excel.returncode == 0 and excel.stdout == data


def test_ask_csv_for_excel(tmp_path: Path) -> None:
    res = CliRunner().invoke(ask, ["--list", "-f", "csv", "--excel"])
    assert res.exit_code == 0 and res.stdout.startswith(BOM + "name,title,parameters")
    res = CliRunner().invoke(ask, ["--list", "-f", "csv"])
    assert res.exit_code == 0 and res.stdout.startswith("name,title,parameters")
