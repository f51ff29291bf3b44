#!/usr/bin/env python3
"""Fit ranking weights by k-fold cross-validation over the dev judgements.

    fit_weight.py FOUILLE VAR=V1,V2,... [VAR2=W1,W2,...] SET...

FOUILLE is the binary; each VAR is a variable it reads a weight from for
fitting (for instance FOUILLE_HEADING_WEIGHT, see crates/query/src/weights.rs),
with the values to try; several variables are fitted together, over every
combination of their values. Each SET is NAME=QRELS:INDEX, an existing index
and the judgements asked of it.

Every query of every set is scored at every combination (`fouille eval
--json`, per query nDCG@10; two evaluations at a time). The fitted
combination is the one with the best mean of the sets' means (ties: the
last one listed). With TARGETS=NAME=VALUE,... in the environment (a
figure each set must reach), it is the one whose worst set is nearest its
target or furthest above it (the least of mean/target over the sets
named), the mean of means breaking ties: a weight that gains on one set
what it loses on another is judged by the set it leaves furthest behind. The cross-validated figure: the queries of each set are
cut into K folds (K=5, by a fixed shuffle, seed 7); for each fold, the
combination is chosen on the other folds by the same criterion and scored
on the fold. It prints, per set, the score at each combination, the fitted
combination's score and the cross-validated score, and the combination
each fold chose.
"""
import itertools
import json
import os
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

K = 5
SEED = 7


def per_query(binary, setting, qrels, index):
    env = dict(os.environ, **dict(setting))
    out = subprocess.run(
        [binary, "eval", "--qrels", qrels, "--index", index, "--json"],
        env=env, check=True, capture_output=True, text=True,
    ).stdout
    return {q["id"]: q["ndcg"] for q in json.loads(out)["queries"] if q["ndcg"] is not None}


def mean(values):
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def main():
    args = sys.argv[1:]
    axes = [a for a in args[1:] if "=" in a and ":" not in a]
    specs = [a for a in args[1:] if ":" in a]
    if not args or not axes or not specs:
        sys.exit(__doc__)
    binary = args[0]
    names = [a.split("=", 1)[0] for a in axes]
    values = [a.split("=", 1)[1].split(",") for a in axes]
    grid = [tuple(zip(names, combo)) for combo in itertools.product(*values)]
    label = {g: ",".join(v for _, v in g) for g in grid}
    sets = []
    for spec in specs:
        name, rest = spec.split("=", 1)
        qrels, index = rest.split(":", 1)
        sets.append((name, qrels, index))
    jobs = [(name, g, qrels, index) for name, qrels, index in sets for g in grid]
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda j: per_query(binary, j[1], j[2], j[3]), jobs))
    # scores[set][combination][query]
    scores = {name: {} for name, _, _ in sets}
    for (name, g, _, _), result in zip(jobs, results):
        scores[name][g] = result
    rng = random.Random(SEED)
    folds = {}
    for name, _, _ in sets:
        ids = sorted(scores[name][grid[0]])
        rng.shuffle(ids)
        folds[name] = [ids[i::K] for i in range(K)]

    targets = {}
    for pair in filter(None, os.environ.get("TARGETS", "").split(",")):
        name, value = pair.split("=", 1)
        targets[name] = float(value)

    def criterion(g, keep):
        means = {n: mean(scores[n][g][q] for q in keep[n]) for n in keep}
        overall = mean(means.values())
        if not targets:
            return overall
        return (min(means[n] / targets[n] for n in targets), overall)

    def best(keep):
        return max(reversed(grid), key=lambda g: criterion(g, keep))

    every = {n: sorted(scores[n][grid[0]]) for n in scores}
    fitted = best(every)
    held = {n: {} for n in scores}
    chosen = []
    for k in range(K):
        train = {n: [q for i, f in enumerate(folds[n]) if i != k for q in f] for n in scores}
        choice = best(train)
        chosen.append(choice)
        for n in scores:
            for q in folds[n][k]:
                held[n][q] = scores[n][choice][q]
    print(f"{','.join(names)}: fitted {label[fitted]}; folds chose {'; '.join(label[c] for c in chosen)}")
    for g in grid:
        row = "".join(f"{mean(scores[n][g].values()):8.3f}" for n in scores)
        print(f"{label[g]:<24}{row}  mean {mean(mean(scores[n][g].values()) for n in scores):.3f}")
    print("set".ljust(12) + "  fitted     cv")
    for n in scores:
        print(f"{n:<12}  {mean(scores[n][fitted].values()):.3f}  {mean(held[n].values()):.3f}")


if __name__ == "__main__":
    main()
