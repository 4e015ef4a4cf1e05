"""The synthetic corpus of the scale benchmark: deterministic, varied, ingestible, and its answers right."""

import json
import os
import subprocess
import sys

from synthetic_corpus import Generator, is_right, write_corpus
from synthetic_words import GUIDANCE, ITEM_SENTENCES, THEMES, TOPICS


def test_the_same_seed_makes_the_same_documents_and_a_longer_run_starts_with_a_shorter_one():
    short = list(Generator(3).documents(6))
    longer = list(Generator(3).documents(12))
    assert [(d.name, d.text, d.questions) for d in short] == [(d.name, d.text, d.questions) for d in longer[:6]]
    other = list(Generator(4).documents(6))
    assert all(a.text != b.text for a, b in zip(short, other, strict=True))


def test_documents_differ_their_numbers_never_repeat_and_plans_are_plan_sized():
    made = list(Generator(11).documents(40))
    assert len({d.text for d in made}) == len(made)
    numbers = [d.text.split("\n\n")[1] for d in made if "政府工作报告" not in d.name]
    assert len(set(numbers)) == len(numbers) and all(n.endswith("号") for n in numbers)
    sizes = [len(d.text.encode()) for d in made if "政府工作报告" not in d.name]
    assert min(sizes) >= 10_000 and max(sizes) > 40_000
    assert {q.kind for d in made for q in d.questions} >= {"lead", "target", "term", "group"}


def test_a_work_area_is_named_only_in_its_own_words():
    """So that a question about one work area has one right answer in a region."""
    own = {t.name: [t.heading, *t.actions, *t.term, t.target[2]] for t in TOPICS}
    shared = [*ITEM_SENTENCES, *GUIDANCE, *THEMES]
    assert len(TOPICS) >= 40 and all(t.name in t.heading for t in TOPICS)
    for topic in TOPICS:
        assert not [text for text in shared if topic.name in text]
        assert not [(other, text) for other, texts in own.items() if other != topic.name
                    for text in texts if topic.name in text]
        assert not [action for action in topic.actions if topic.name in action]


def test_generated_documents_ingest_and_their_lead_questions_are_answered_right(tmp_path):
    made = list(Generator(7).documents(12))
    plans = sorted((d for d in made if "政府工作报告" not in d.name), key=lambda d: len(d.text))  # the shortest: fast
    chosen = plans[:3] + [d for d in made if "政府工作报告" in d.name][:2]
    write_corpus(tmp_path / "docs", chosen)
    env = {**os.environ, "KG_STORE": f"oxigraph:{tmp_path / 'store'}", "KG_EMBEDDER": "none"}
    ingest = subprocess.run([sys.executable, "-m", "kg.cli", "ingest", str(tmp_path / "docs")],
                            capture_output=True, text=True, env=env, timeout=300)
    assert ingest.returncode == 0, ingest.stderr
    assert "5 ingested, 0 failed" in ingest.stderr
    leads = [q for d in chosen for q in d.questions if q.kind == "lead"]
    speakers = [q for d in chosen for q in d.questions if q.kind == "speaker"]
    asked = leads + speakers
    ask = subprocess.run([sys.executable, "-m", "kg.cli", "ask", "--json", "-"], input="\n".join(q.question for q in asked),
                         capture_output=True, text=True, env=env, timeout=300)
    assert ask.returncode == 0, ask.stderr
    results = [json.loads(line) for line in ask.stdout.splitlines()]
    wrong = [(q.question, q.answer, r["answers"][:1]) for q, r in zip(asked, results, strict=True)
             if not is_right(vars(q), r)]
    assert len(leads) == 6 and not wrong


def test_the_command_writes_the_documents_and_their_questions(tmp_path):
    script = os.path.join(os.path.dirname(__file__), "synthetic_corpus.py")
    done = subprocess.run([sys.executable, script, str(tmp_path), "--count", "3"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    questions = [json.loads(line) for line in (tmp_path / "questions.jsonl").read_text().splitlines()]
    assert len(list(tmp_path.glob("*.txt"))) == 3
    assert {q["file"] for q in questions} == {p.name for p in tmp_path.glob("*.txt")}
    assert all(q["question"] and q["answer"] for q in questions)
