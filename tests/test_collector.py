"""The collector's pace (`tifa.collector`): raised while the library extracts and builds,
as it was afterwards; the console script raises it for the whole process."""

import gc
import subprocess
import sys
from pathlib import Path

import tifa
from tifa.collector import YOUNG_THRESHOLD
from tifa.records import Extraction

ROOT = Path(__file__).resolve().parent.parent
ONE_FILE = ROOT / "data" / "corpus" / "001_588c3d53033f6238.txt"


def test_extract_raises_the_threshold_while_it_runs_and_restores_it() -> None:
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    try:
        seen: list[int] = []

        def on_file(e: Extraction) -> None:
            seen.append(gc.get_threshold()[0])

        corpus = tifa.extract([ONE_FILE], on_file=on_file, jobs=1)
        assert len(corpus.extractions) == 1 and seen == [YOUNG_THRESHOLD]
        assert gc.get_threshold() == (700, 10, 10)
    finally:
        gc.set_threshold(*before)


def test_a_higher_setting_of_the_caller_is_kept() -> None:
    before = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD * 4, 10, 10)
    try:
        seen: list[int] = []
        tifa.extract([ONE_FILE], on_file=lambda e: seen.append(gc.get_threshold()[0]), jobs=1)
        assert seen == [YOUNG_THRESHOLD * 4]
        assert gc.get_threshold() == (YOUNG_THRESHOLD * 4, 10, 10)
    finally:
        gc.set_threshold(*before)


def test_the_console_script_sets_it_for_the_process() -> None:
    program = ("import gc, sys\nfrom tifa import cli\n"
               "@cli.main.command('threshold')\n"
               "def threshold():\n"
               "    print(gc.get_threshold()[0])\n"
               "sys.argv = ['tifa', 'threshold']\ncli.run()\n")
    res = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    assert res.returncode == 0 and res.stdout.strip() == str(YOUNG_THRESHOLD)
