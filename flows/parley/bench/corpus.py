"""The benchmark corpus: BBC articles repeated to N files, and the bodies the pipeline will parse from them."""

from __future__ import annotations

import shutil
from pathlib import Path

from .measure import say


def build_corpus(source: Path, dest: Path, n_articles: int) -> None:
    """`n_articles` files cycling through `source`; each copy ends with its own reference line, because the
    pipeline rejects a file whose bytes repeat another's as a duplicate."""
    originals = sorted(p for p in source.iterdir() if p.is_file() and not p.name.startswith("."))
    if not originals:
        raise SystemExit(f"no articles in {source}")
    dest.mkdir(parents=True, exist_ok=True)
    texts = {p: p.read_text(encoding="utf-8", errors="replace").rstrip() for p in originals}
    for i in range(n_articles):
        original, copy = originals[i % len(originals)], i // len(originals)
        name = f"bbc-{original.stem}-r{copy:02d}.txt"
        note = f"Benchmark copy {copy} of {original.name}."
        (dest / name).write_text(f"{texts[original]}\n\n{note}\n", encoding="utf-8")


def cleaned_bodies(folder: Path) -> tuple[list[str], dict[str, int]]:
    """The bodies the pipeline will parse, from the pipeline's own extract and clean; plus reject counts."""
    from ..config import settings
    from ..ingest.clean import clean
    from ..ingest.extract import scan, text_of
    from ..types import Reject

    bodies: list[str] = []
    rejects: dict[str, int] = {}
    for item in scan(folder, settings().max_file_bytes):
        if isinstance(item, Reject):
            rejects[item.reason] = rejects.get(item.reason, 0) + 1
        else:
            bodies.append(clean(text_of(item), item.title, item.published).body)
    return bodies, rejects


def bench_corpus(source: Path, folder: Path, n_articles: int) -> dict:
    """Build the corpus in `folder`; its cleaned bodies, counts and rejects."""
    shutil.rmtree(folder, ignore_errors=True)
    build_corpus(source, folder, n_articles)
    bodies, rejects = cleaned_bodies(folder)
    say(f"corpus: {len(bodies)} articles, {word_count(bodies):,} words, rejects {rejects or 'none'} in {folder}")
    return {"folder": folder, "bodies": bodies, "words": word_count(bodies), "articles": len(bodies),
            "rejects": rejects}


def word_count(bodies: list[str]) -> int:
    return sum(len(body.split()) for body in bodies)  # the same count the flow logs as words processed


def rates(words: int, articles: int, seconds: float) -> dict:
    seconds = max(seconds, 1e-9)
    return {"seconds": round(seconds, 2), "words_per_s": round(words / seconds, 1),
            "articles_per_s": round(articles / seconds, 2)}
