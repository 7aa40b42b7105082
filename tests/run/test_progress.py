"""Run progress: a live status line on a terminal, throttled plain lines in a log."""

from __future__ import annotations

import io

from parley.run.progress import Progress, count_inputs


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_terminal_gets_one_rewritten_line_with_rate_and_eta():
    clock, screen, logged = Clock(), Terminal(), []
    progress = Progress(100, logged.append, stream=screen, clock=clock)
    clock.now = 10.0
    progress.update(25, 50_000)
    assert screen.getvalue() == "\r\x1b[K25/100 inputs · 5,000 words/s · ETA 0m30s"
    clock.now = 40.0
    progress.finish(100, 200_000)
    assert screen.getvalue().endswith("\r\x1b[K100/100 inputs · 5,000 words/s\n") and logged == []


def test_log_gets_plain_lines_at_most_every_interval_and_the_final_figures():
    clock, logged = Clock(), []
    progress = Progress(10, logged.append, stream=io.StringIO(), interval=10.0, clock=clock)
    for second, done in ((1, 1), (2, 2), (12, 5)):
        clock.now = second
        progress.update(done, done * 100)
    progress.finish(10, 1000)
    assert [line.split(" · ")[0] for line in logged] == ["1/10 inputs", "5/10 inputs", "10/10 inputs"]
    assert all("\r" not in line for line in logged)


def test_total_counts_visible_files_and_follows_done_past_it(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / ".hidden").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.jsonl").write_text("{}\n{}\n{}\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.txt").write_text("x")
    assert count_inputs(tmp_path) == 2
    assert Progress(2, print, stream=io.StringIO()).line(4, 0).startswith("4/4 inputs")
