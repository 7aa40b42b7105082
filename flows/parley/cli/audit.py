"""`parley audit`: the recall audit over unannotated corpora (evaluation/audit_run.py)."""

from __future__ import annotations

from pathlib import Path


def _audit(args) -> int:
    from ..evaluation.audit_run import main

    return main(args)


def register(command) -> None:
    p = command("audit", "recall audit: contact-word sentences with no meeting report, and reports with no contact "
                         "word, grouped by construction, as a markdown report per corpus")
    p.add_argument("corpus", nargs="*", type=Path, metavar="DIR",
                   help="corpus folders (default: ../shared/corpus/reuters-1987 and ../shared/corpus/bbc-politics)")
    p.add_argument("--warehouse-dir", type=Path, default=None, metavar="DIR",
                   help="build into (and keep) DIR/CORPUS.duckdb; default: a temporary folder")
    p.add_argument("--no-build", action="store_true", help="audit the warehouses in --warehouse-dir as they are")
    p.add_argument("--limit", type=int, default=None, metavar="N",
                   help="audit a fixed random sample of N articles (default: every article)")
    p.add_argument("--out", type=Path, default=None, metavar="PATH",
                   help="report FILE.md (one corpus) or folder (default: docs/audit/CORPUS-DATE.md)")
    p.add_argument("--eval-dir", type=Path, default=None, metavar="DIR",
                   help="gold sets whose splits.json check halves are left out (default: $PARLEY_EVAL_DIR, "
                        "else ../shared/eval)")
    p.add_argument("--min-count", type=int, default=2, metavar="N", help="list (a) groups of at least N sentences")
    p.set_defaults(func=_audit)
