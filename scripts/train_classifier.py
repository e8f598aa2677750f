"""Train the event classifier the event stage ships with (is a rule event right?).

    .venv/bin/python scripts/train_classifier.py            # train, report, write the model
    .venv/bin/python scripts/train_classifier.py --check    # train and report only

1. Codes the labelled sentences written for the project (``training/sentences/*.jsonl``,
   gold format) with the rules alone (``event_classifier`` off, no confidence floor).
2. Marks each rule event right or wrong by the eval's matching against the sentence's
   labels (type, actor countries, recipient countries).
3. Trains a spaCy ``textcat`` over each event's feature words
   (``stages/events/classifier.event_features``): ``--seeds`` models, each seeing the
   events in its own shuffled order and keeping its weights' running averages, whose
   weights are then averaged into one (the model is linear, so this averages their
   scores and steadies the result against the order SGD saw the data in). It does so
   in ``--folds`` folds split by
   sentence id, to get out-of-fold probabilities: their calibration is printed, and
   the threshold with the best F1 over all labelled events, averaged with its
   neighbours' (the middle of a flat stretch), becomes ``threshold``.
4. Trains the final model on every event and writes it, with a ``meta.json`` record of
   the data, the threshold and the out-of-fold report, to
   ``src/eventwire/data/classifier/``. Put the threshold in ``defaults.toml`` as
   ``min_confidence`` (a test checks they agree).

Deterministic: the same rules, data and seed give the same model.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import spacy
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch
from thinc.api import Adam

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from eventwire import evaluation  # noqa: E402
from eventwire.config import Settings  # noqa: E402
from eventwire.pipeline import load_engine  # noqa: E402
from eventwire.stages.events.classifier import RIGHT, WRONG, event_features  # noqa: E402
from eventwire.types import Document, Span  # noqa: E402

SENTENCES = REPO / "training" / "sentences"
OUT = REPO / "src" / "eventwire" / "data" / "classifier"
MODEL = {
    "@architectures": "spacy.TextCatBOW.v3",
    "exclusive_classes": True,
    "ngram_size": 1,
    "no_output_layer": False,
    "length": 2**14,
}
LEARN_RATE = 0.001  # thinc's and spaCy's default for Adam
THRESHOLDS = tuple(round(0.05 * step, 2) for step in range(1, 15))
CALIBRATION_BINS = 5


@dataclass(frozen=True)
class Judged:
    """One rule event of a labelled sentence: its features and whether it was right."""

    sentence_id: str
    features: str
    right: bool


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--seeds", type=int, default=5, help="models (shuffled by seeds seed, seed+1, ...) averaged"
    )
    parser.add_argument("--check", action="store_true", help="report only; write nothing")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    paths = sorted(SENTENCES.glob("*.jsonl"))
    judged, labelled = rule_events(paths)
    right = sum(item.right for item in judged)
    print(f"{len(judged)} rule events on the labelled sentences, {right} right; {labelled} labels")
    fix_random_seed(args.seed)
    seeds = list(range(args.seed, args.seed + args.seeds))
    probabilities = out_of_fold(judged, folds=args.folds, epochs=args.epochs, seeds=seeds)
    sweep = threshold_sweep(judged, probabilities, labelled=labelled)
    best = choose_threshold(sweep)
    report = {
        "events": len(judged),
        "right": right,
        "labelled_events": labelled,
        "sentences": sum(1 for path in paths for line in path.open() if line.strip()),
        "folds": args.folds,
        "epochs": args.epochs,
        "seed": args.seed,
        "seeds": args.seeds,
        "threshold": best["threshold"],
        "out_of_fold": sweep,
        "calibration": calibration(probabilities, [item.right for item in judged]),
    }
    print_report(report)
    if args.check:
        return
    nlp = train(judged, epochs=args.epochs, seeds=seeds)
    if args.out.exists():
        shutil.rmtree(args.out)
    nlp.meta["eventwire"] = report
    nlp.to_disk(args.out)
    print(f"model written to {args.out}; set min_confidence = {best['threshold']} in defaults")


def rule_events(paths: list[Path]) -> tuple[list[Judged], int]:
    """The rules' events on every labelled sentence, marked right or wrong."""
    settings = Settings.load(overrides={"event_classifier": False, "min_confidence": 0.0})
    engine = load_engine(settings)
    judged: list[Judged] = []
    labelled = 0
    for path in paths:
        gold = evaluation.read_gold(path)
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
        documents = [
            Document(
                doc_id=row["id"],
                text=row["text"],
                published=dt.date.fromisoformat(row["pub_date"]),
                body=(Span(start=0, end=len(row["text"])),),
            )
            for row in rows
        ]
        for story, coded in zip(gold, engine.code_documents(documents), strict=True):
            labelled += len(story.events)
            tokens = {parsed.sentence.index: parsed.sentence.tokens for parsed in coded.sentences}
            predicted = [evaluation.scored_from_event(event) for event in coded.events]
            matched = {p for p, _ in evaluation.match_story(predicted, story.events)}
            for position, event in enumerate(coded.events):
                features = event_features(event, tokens.get(event.sentence_index, ()))
                judged.append(Judged(story.story_id, features, position in matched))
    return judged, labelled


def fold_of(sentence_id: str, folds: int) -> int:
    return int(hashlib.sha256(sentence_id.encode("utf-8")).hexdigest(), 16) % folds


def out_of_fold(judged: list[Judged], *, folds: int, epochs: int, seeds: list[int]) -> list[float]:
    probabilities = [0.0] * len(judged)
    for fold in range(folds):
        train_on = [item for item in judged if fold_of(item.sentence_id, folds) != fold]
        held = [n for n, item in enumerate(judged) if fold_of(item.sentence_id, folds) == fold]
        nlp = train(train_on, epochs=epochs, seeds=seeds)
        docs = nlp.pipe([judged[n].features for n in held])
        for n, doc in zip(held, docs, strict=True):
            probabilities[n] = float(doc.cats[RIGHT])
    return probabilities


def train(judged: list[Judged], *, epochs: int, seeds: list[int]) -> spacy.language.Language:
    """One model per seed (each shuffles the data its own way), their weights averaged.

    The model is linear in its features (a bag of words with a softmax), so averaging
    weights averages the models' scores: the result depends far less on the order SGD
    happened to see the events in, and a small change to the rules or the data moves it
    (and its threshold) less. One model is all the engine loads.
    """
    models = [train_one(judged, epochs=epochs, seed=seed) for seed in seeds]
    first = models[0]
    for nodes in zip(*(nlp.get_pipe("textcat").model.walk() for nlp in models), strict=True):
        for name in nodes[0].param_names:
            mean = sum(node.get_param(name) for node in nodes) / len(nodes)
            nodes[0].set_param(name, mean)
    return first


def train_one(judged: list[Judged], *, epochs: int, seed: int) -> spacy.language.Language:
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat", config={"model": MODEL})
    textcat.add_label(RIGHT)
    textcat.add_label(WRONG)
    examples = [
        Example.from_dict(
            nlp.make_doc(item.features),
            {"cats": {RIGHT: float(item.right), WRONG: float(not item.right)}},
        )
        for item in judged
    ]
    optimizer = nlp.initialize(lambda: examples, sgd=Adam(LEARN_RATE, use_averages=True))
    shuffler = random.Random(seed)
    for _ in range(epochs):
        shuffler.shuffle(examples)
        for batch in minibatch(examples, size=16):
            nlp.update(batch, sgd=optimizer)
    keep_averages(textcat.model, optimizer)
    return nlp


def keep_averages(model: Any, optimizer: Adam) -> None:
    """Set the weights to their running averages over training: the last steps of
    shuffled SGD swing a small linear model about, and the averages do not, so a small
    change to the rules or the data moves the model (and its threshold) less."""
    for node in model.walk():
        for name in node.param_names:
            average = optimizer.averages.get((node.id, name))
            if average is not None:
                node.set_param(name, average.copy())


def threshold_sweep(
    judged: list[Judged], probabilities: list[float], *, labelled: int
) -> list[dict[str, float]]:
    """Precision, recall and F1 over the labelled events when keeping p >= threshold."""
    rows = []
    for threshold in (0.0, *THRESHOLDS):
        kept = [item.right for item, p in zip(judged, probabilities, strict=True) if p >= threshold]
        right = sum(kept)
        precision = right / len(kept) if kept else 0.0
        recall = right / labelled if labelled else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append(
            {
                "threshold": threshold,
                "kept": len(kept),
                "precision": round(precision, 3),
                "recall": round(recall, 3),
                "f1": round(f1, 3),
            }
        )
    return rows


def choose_threshold(sweep: list[dict[str, float]]) -> dict[str, float]:
    """The threshold with the best F1 averaged with its neighbours' (the middle of a
    flat stretch, not a rounding accident at its edge); the higher one on a tie."""
    return max(sweep, key=lambda row: (smoothed_f1(sweep, sweep.index(row)), row["threshold"]))


def smoothed_f1(sweep: list[dict[str, float]], position: int) -> float:
    window = sweep[max(0, position - 1) : position + 2]
    return round(sum(row["f1"] for row in window) / len(window), 4)


def calibration(probabilities: list[float], outcomes: list[bool]) -> list[dict[str, float]]:
    """Mean predicted probability against the observed share right, in equal bins."""
    bins = []
    for index in range(CALIBRATION_BINS):
        low, high = index / CALIBRATION_BINS, (index + 1) / CALIBRATION_BINS
        inside = [
            (p, y)
            for p, y in zip(probabilities, outcomes, strict=True)
            if low <= p < high or (high == 1 and p == 1)
        ]
        if inside:
            bins.append(
                {
                    "from": low,
                    "to": high,
                    "count": len(inside),
                    "mean_probability": round(sum(p for p, _ in inside) / len(inside), 3),
                    "observed": round(sum(y for _, y in inside) / len(inside), 3),
                }
            )
    return bins


def print_report(report: dict[str, Any]) -> None:
    print("out of fold: threshold, events kept, precision, recall, F1")
    for row in report["out_of_fold"]:
        mark = "  <- threshold" if row["threshold"] == report["threshold"] else ""
        print(
            f"  {row['threshold']:.2f} {row['kept']:5d} {row['precision']:.3f} "
            f"{row['recall']:.3f} {row['f1']:.3f}{mark}"
        )
    print("calibration (bin: events, mean probability vs observed share right)")
    for item in report["calibration"]:
        print(
            f"  {item['from']:.1f}-{item['to']:.1f} {item['count']:5d} "
            f"{item['mean_probability']:.3f} vs {item['observed']:.3f}"
        )


if __name__ == "__main__":
    main()
