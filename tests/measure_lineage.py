"""Measure the `implements` links of `kg tasks` output against a hand-made child->parent mapping.

    python tests/measure_lineage.py TASKS.jsonl [--mapping M.jsonl] [--show-misses N]

TASKS.jsonl is `kg tasks --store ...` output. Each mapping line names a child task and its
parent (or null) by file, line and the first characters of its text; both are aligned to
our tasks by text, since our tasks carry no line numbers. A mapping task that aligns to
none of ours counts against recall in both measures.
"""

import argparse
import json
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

DEFAULT_MAPPING = Path(__file__).parent / "data" / "lineage" / "sample_mapping.jsonl"
PREFIX = 60  # characters of our text compared with a mapping's ~40-character text
THRESHOLD = 0.6  # least share of a mapping text's bigrams found in our text


def norm(text):
    """Text without spaces or punctuation, full-width folded: conversions differ in those."""
    folded = unicodedata.normalize("NFKC", text or "")
    return "".join(c for c in folded if unicodedata.category(c)[0] not in "PZC")


def bigrams(text):
    return Counter(text[i : i + 2] for i in range(len(text) - 1))


def similarity(wanted, ours):
    """1.0 and up when `wanted` opens `ours`, near 1 when inside it, else the bigram share."""
    if not wanted:
        return 0.0
    if ours.startswith(wanted):
        return 1.1
    if wanted in ours:
        return 1.0
    want = bigrams(wanted)
    have = bigrams(ours[: len(wanted) + PREFIX])
    return sum((want & have).values()) / max(1, sum(want.values()))


def read_jsonl(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def key(ref):
    return (ref["file"], ref["line"], ref["text"])


def align(refs, tasks_by_file):
    """Mapping ref key -> our task iri, one to one, best matches first."""
    scored = []
    for ref in refs:
        wanted = norm(ref["text"])
        for task in tasks_by_file.get(ref["file"], []):
            score = similarity(wanted, task["_norm"])
            if score >= THRESHOLD:
                scored.append((-score, len(task["_norm"]), key(ref), task["iri"]))
    aligned, used = {}, set()
    for _, _, ref_key, iri in sorted(scored):
        if ref_key not in aligned and iri not in used:
            aligned[ref_key] = iri
            used.add(iri)
    return aligned


def resolve(link, tasks, tasks_by_file, doc_files):
    """Our task iri a predicted `implements` entry stands for (an item's iri when no task matches)."""
    if link.get("iri") in tasks:
        return link["iri"]
    wanted = norm(link.get("text"))[:40]
    candidates = tasks_by_file.get(doc_files.get(link.get("document")), [])
    best = max(candidates, key=lambda t: similarity(wanted, t["_norm"]), default=None)
    if best is not None and similarity(wanted, best["_norm"]) >= THRESHOLD:
        return best["iri"]
    return link.get("iri") or link.get("text")


def prf(right, predicted, expected):
    precision = right / predicted if predicted else 0.0
    recall = right / expected if expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def judge(mapping, task_rows):
    """One verdict per mapping child: its file, gold parent, predicted parents and alignment."""
    tasks = {row["iri"]: row for row in task_rows}
    tasks_by_file, doc_files = defaultdict(list), {}
    for row in task_rows:
        row["_norm"] = norm(row.get("text"))
        tasks_by_file[row["source"]["file"]].append(row)
        doc_files[row["document"]] = row["source"]["file"]
    refs = {key(r): r for m in mapping for r in (m["child"], m["parent"]) if r}
    aligned = align(refs.values(), tasks_by_file)
    verdicts = []
    for entry in mapping:
        child_iri = aligned.get(key(entry["child"]))
        parent = entry["parent"]
        links = (tasks[child_iri].get("implements") or []) if child_iri else []
        verdicts.append(
            {
                "entry": entry,
                "aligned": child_iri is not None,
                "gold": (aligned.get(key(parent), ("unaligned",) + key(parent)) if parent else None),
                "predicted": {resolve(link, tasks, tasks_by_file, doc_files) for link in links},
                "links": links,
            }
        )
    return verdicts


def scores(verdicts):
    """Pairs and no-parent (right, predicted, expected) counts."""
    pairs = [0, 0, 0]
    none = [0, 0, 0]
    for v in verdicts:
        if v["gold"] is not None:
            pairs[2] += 1
            pairs[0] += v["gold"] in v["predicted"]
        else:
            none[2] += 1
        if v["aligned"]:
            pairs[1] += len(v["predicted"])
            if not v["predicted"]:
                none[1] += 1
                none[0] += v["gold"] is None
    return pairs, none


def line_of(name, counts):
    p, r, f = prf(*counts)
    right, predicted, expected = counts
    return (
        f"{name}: P {p:.3f} R {r:.3f} F1 {f:.3f}  (right {right}, predicted {predicted}, expected {expected})"
    )


def wrong(v):
    if not v["aligned"]:
        return True
    if v["gold"] is None:
        return bool(v["predicted"])
    return v["predicted"] != {v["gold"]}


def describe(ref):
    return f"{ref['file'][:3]}:{ref['line']} {ref['text'][:30]}" if ref else "no parent"


def show_misses(verdicts, limit):
    misses = [v for v in verdicts if wrong(v)]
    print(f"\nwrong children: {len(misses)} (showing {min(limit, len(misses))})")
    for v in misses[:limit]:
        print(f"- {describe(v['entry']['child'])}")
        print(f"    expected: {describe(v['entry']['parent'])}")
        if not v["aligned"]:
            print("    ours:     child not found among our tasks")
        for link in v["links"]:
            print(f"    ours:     {(link.get('text') or '')[:30]} (confidence {link.get('confidence')})")
        if v["aligned"] and not v["links"]:
            print("    ours:     no parent")


def report(verdicts, unaligned_tasks):
    pairs, none = scores(verdicts)
    print(line_of("pairs", pairs))
    print(line_of("no parent", none))
    by_file = defaultdict(list)
    for v in verdicts:
        by_file[v["entry"]["child"]["file"]].append(v)
    for name, group in sorted(by_file.items()):
        file_pairs, file_none = scores(group)
        missing = sum(not v["aligned"] for v in group)
        print(f"\n{name}: {len(group)} children, {missing} not found among our tasks")
        print("  " + line_of("pairs", file_pairs))
        print("  " + line_of("no parent", file_none))
    print(f"\nour tasks in child files matched to no mapping child: {unaligned_tasks}")
    return prf(*pairs)[2], prf(*none)[2]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tasks", help="`kg tasks --jsonl` output")
    parser.add_argument("--mapping", default=str(DEFAULT_MAPPING))
    parser.add_argument("--show-misses", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)
    try:
        task_rows, mapping = read_jsonl(args.tasks), read_jsonl(args.mapping)
    except (OSError, ValueError) as err:
        sys.exit(f"measure_lineage: cannot read input: {err}")
    if not any("implements" in row for row in task_rows):
        print("note: no task has an `implements` field; every task counts as having no parent")
    verdicts = judge(mapping, task_rows)
    child_files = {m["child"]["file"] for m in mapping}
    matched = sum(v["aligned"] for v in verdicts)
    ours = sum(row["source"]["file"] in child_files for row in task_rows)
    pairs_f1, none_f1 = report(verdicts, ours - matched)
    if args.show_misses:
        show_misses(verdicts, args.show_misses)
    print(f"lineage: pairs F1 {pairs_f1:.3f}, no-parent F1 {none_f1:.3f}")


if __name__ == "__main__":
    main()
