"""plan_inputs(): unchanged inputs skipped, and duplicates decided against the stored state, naming the keeper."""

from __future__ import annotations

from parley.run.plan import PlanCounts, plan_inputs
from parley.types import RawDoc, Reject

FP = "fingerprint-1"


def doc(name: str, text: str) -> RawDoc:
    return RawDoc(name, f"/in/{name}", "txt", f"hash-of-{text}", text)


def plan(docs, stored=None):
    stored = stored or {}
    owner = {digest: name for name, (digest, _) in sorted(stored.items(), reverse=True)}
    counts = PlanCounts()
    items = {item.source_name: item for item in plan_inputs(docs, stored, owner, FP, counts)}
    return items, counts


def test_unchanged_inputs_are_skipped_and_changed_ones_pass():
    stored = {"a.txt": ("hash-of-A", FP), "b.txt": ("hash-of-B", FP)}
    items, counts = plan([doc("a.txt", "A"), doc("b.txt", "B2"), doc("c.txt", "C")], stored)
    assert sorted(items) == ["b.txt", "c.txt"]
    assert (counts.files_seen, counts.unchanged, counts.changed, counts.new) == (3, 1, 1, 1)


def test_a_file_taking_another_files_text_is_the_duplicate_not_the_unchanged_owner():
    # x.txt sorts first and now holds y.txt's text; y.txt is unchanged and keeps it.
    stored = {"x.txt": ("hash-of-X", FP), "y.txt": ("hash-of-Y", FP)}
    items, counts = plan([doc("x.txt", "Y"), doc("y.txt", "Y")], stored)
    assert list(items) == ["x.txt"]
    reject = items["x.txt"]
    assert isinstance(reject, Reject) and reject.reason == "duplicate" and "y.txt" in reject.detail
    assert (counts.unchanged, counts.rejected) == (1, 1)


def test_a_copy_of_a_text_its_owner_gave_up_is_not_a_duplicate():
    stored = {"x.txt": ("hash-of-X", FP), "y.txt": ("hash-of-Y", FP)}
    items, counts = plan([doc("x.txt", "Y"), doc("y.txt", "Y-edited")], stored)
    assert isinstance(items["x.txt"], RawDoc) and isinstance(items["y.txt"], RawDoc)
    assert counts.changed == 2 and counts.rejected == 0


def test_new_copies_in_one_scan_keep_the_first_and_stored_owners_outside_the_scan_keep_theirs():
    stored = {"gone.txt": ("hash-of-G", FP)}  # no longer in the folder: its rows, and its text, stay
    items, _ = plan([doc("a.txt", "N"), doc("b.txt", "N"), doc("c.txt", "G")], stored)
    assert isinstance(items["a.txt"], RawDoc)
    assert items["b.txt"].reason == "duplicate" and "a.txt" in items["b.txt"].detail
    assert items["c.txt"].reason == "duplicate" and "gone.txt" in items["c.txt"].detail


def test_an_owner_rejected_in_this_run_frees_its_text():
    stored = {"x.txt": ("hash-of-X", FP), "y.txt": ("hash-of-Y", FP)}
    emptied = Reject("y.txt", "/in/y.txt", "empty", "the file has no content", 0, "hash-of-empty")
    items, _ = plan([doc("x.txt", "Y"), emptied], stored)
    assert isinstance(items["x.txt"], RawDoc) and items["y.txt"].reason == "empty"
