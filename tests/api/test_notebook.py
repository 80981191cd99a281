"""docs/examples/concept_history.ipynb runs top to bottom on the sample corpus, and the output
committed with it is the output it gives (regenerate with --update-golden after a change)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "docs" / "examples" / "concept_history.ipynb"


def _texts(nb: Any) -> list[str]:
    """Return the text outputs of every code cell (images are left out: bytes may differ)."""
    out = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for o in cell.get("outputs", []):
            if o.get("output_type") == "stream":
                out.append(o["text"])
            elif "data" in o and "text/plain" in o["data"]:
                out.append(o["data"]["text/plain"])
    return out


@pytest.fixture(scope="module")
def executed() -> Any:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    return nb


def test_the_notebook_runs_and_says_what_the_texts_say(executed: Any) -> None:
    text = "\n".join(_texts(executed))
    # 《努力把我国建设成为网络强国》（2014年2月27日），《习近平谈治国理政》第一卷
    assert "网络强国 first said 2014-02-27 in 《努力把我国建设成为网络强国》" in text
    assert "习近平谈治国理政》第一卷" in text
    plots = [o for c in executed.cells for o in c.get("outputs", [])
             if "image/png" in o.get("data", {})]
    assert len(plots) == 1


def test_the_committed_output_is_current(executed: Any, request: pytest.FixtureRequest) -> None:
    if request.config.getoption("--update-golden"):
        nbformat.write(executed, NOTEBOOK)
    committed = nbformat.read(NOTEBOOK, as_version=4)
    assert _texts(committed) == _texts(executed)
