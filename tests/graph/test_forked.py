"""`tifa.graph.forked`: work in a forked worker gives the caller its value or its error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tifa.graph.forked import Forked


def test_the_value_comes_from_another_process() -> None:
    here = os.getpid()
    forked = Forked(lambda: (os.getpid(), "网络强国" * 3), fork=True)
    pid, text = forked.result()
    assert pid != here and text == "网络强国网络强国网络强国"
    assert Forked(os.getpid, fork=False).result() == here


def test_an_oserror_in_the_worker_arrives_with_its_file(tmp_path: Path) -> None:
    (tmp_path / "graph.gexf").mkdir()  # a folder where the file is to be written
    job = Forked(lambda: (tmp_path / "graph.gexf").write_text("x"), fork=True)
    with pytest.raises(IsADirectoryError) as caught:
        job.result()
    assert caught.value.filename == str(tmp_path / "graph.gexf")
    assert caught.value.strerror == "Is a directory"


def test_a_worker_that_dies_is_replaced_by_running_in_the_caller(tmp_path: Path) -> None:
    gate = tmp_path / "gate"

    def slow() -> int:
        while not gate.exists():  # the worker waits here until killed; the caller passes
            os.sched_yield()
        return os.getpid()

    job = Forked(slow, fork=True)
    worker = job._worker
    worker.kill()
    worker.join()
    assert worker.exitcode < 0
    gate.touch()
    assert job.result() == os.getpid()
