"""The precision sample's draw is stable: adding or dropping mentions keeps earlier verdicts."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"
_spec = importlib.util.spec_from_file_location("dev_precision", BENCH / "dev_precision.py")
assert _spec is not None and _spec.loader is not None
dev_precision = importlib.util.module_from_spec(_spec)
sys.modules["dev_precision"] = dev_precision
_spec.loader.exec_module(dev_precision)


def mentions(n: int, doc: str = "01") -> list[tuple[str, int, int, str, str]]:
    return [(doc, 10 * i, 10 * i + 4, "网络安全", "") for i in range(n)]


def test_the_draw_keeps_its_mentions_when_others_come_and_go() -> None:
    before = mentions(1000)
    drawn = dev_precision.draw(before, 50)
    assert len(drawn) == 50 and drawn == sorted(drawn)
    # 10% more mentions (a new document): at most the displaced ones leave the draw, and
    # every drawn mention that stays was drawn before
    grown = dev_precision.draw(before + mentions(100, doc="18"), 50)
    kept = set(grown) & set(drawn)
    assert set(grown) - kept <= set(mentions(100, doc="18"))
    assert len(kept) >= 40  # a random reshuffle would keep about 50 × 50/1100 ≈ 2
    # mentions that were not drawn disappear: the draw does not change at all
    assert dev_precision.draw([m for m in before if m in drawn or m[1] % 20], 50) == drawn


def test_the_judged_file_is_well_formed() -> None:
    with open(BENCH / "dev_precision_judged.tsv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    assert rows and all(r["correct"] in ("0", "1") and int(r["start"]) < int(r["end"])
                        for r in rows)
    keys = [(r["doc"], r["start"], r["end"], r["concept"]) for r in rows]
    assert len(keys) == len(set(keys))
