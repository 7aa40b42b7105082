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


def test_the_final_line_is_logged_once_when_the_last_batch_already_logged_it():
    clock, logged = Clock(), []
    progress = Progress(4, logged.append, stream=io.StringIO(), interval=10.0, clock=clock)
    clock.now = 11.0
    progress.update(4, 400)  # the last batch, after an interval: logged
    clock.now = 11.3  # its words/s differ now, its count does not
    progress.finish(4, 400)
    assert [line.split(" · ")[0] for line in logged] == ["4/4 inputs"]


def test_a_timer_logs_the_line_between_batches_until_the_run_finishes():
    import threading

    clock, logged, seen = Clock(), [], threading.Event()

    def log(text: str) -> None:
        logged.append(text)
        if len(logged) >= 2:
            seen.set()

    progress = Progress(300, log, stream=io.StringIO(), interval=10.0, clock=clock)
    progress.update(0, 0)  # the flow's first figures; then no batch for a while
    clock.now = 20.0  # an interval has passed on the run's clock: the next tick logs
    progress.start(tick=0.01)
    assert seen.wait(5), logged
    progress.finish(300, 30_000)
    count = len(logged)
    assert logged[1].startswith("0/300 inputs") and logged[-1].startswith("300/300 inputs")
    assert not progress._ticker.is_alive() and len(logged) == count  # no line after the final one
