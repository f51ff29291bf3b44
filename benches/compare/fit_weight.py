#!/usr/bin/env python3
"""Fit one ranking weight by k-fold cross-validation over the dev judgements.

    fit_weight.py FOUILLE ENV_VAR GRID SET...

FOUILLE is the binary; ENV_VAR the variable it reads the weight from for
fitting (for instance FOUILLE_HEADING_WEIGHT, see crates/query/src/weights.rs);
GRID the values to try, comma separated; each SET is NAME=QRELS:INDEX, an
existing index and the judgements asked of it.

Every query of every set is scored at every value (`fouille eval --json`, per
query nDCG@10). The fitted value is the one with the best mean of the sets'
means. The cross-validated figure: the queries of each set are cut into K
folds (K=5, by a fixed shuffle, seed 7); for each fold, the value is chosen on
the other folds by the same criterion and scored on the fold. It prints, per
set, the score at each value, the fitted value's score and the
cross-validated score, and the value each fold chose.
"""
import json
import os
import random
import subprocess
import sys

K = 5
SEED = 7


def per_query(binary, env_var, value, qrels, index):
    env = dict(os.environ, **{env_var: str(value)})
    out = subprocess.run(
        [binary, "eval", "--qrels", qrels, "--index", index, "--json"],
        env=env, check=True, capture_output=True, text=True,
    ).stdout
    return {q["id"]: q["ndcg"] for q in json.loads(out)["queries"] if q["ndcg"] is not None}


def mean(values):
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    binary, env_var, grid = sys.argv[1], sys.argv[2], [float(v) for v in sys.argv[3].split(",")]
    sets = []
    for spec in sys.argv[4:]:
        name, rest = spec.split("=", 1)
        qrels, index = rest.split(":", 1)
        sets.append((name, qrels, index))
    # scores[set][value][query]
    scores = {
        name: {v: per_query(binary, env_var, v, qrels, index) for v in grid}
        for name, qrels, index in sets
    }
    rng = random.Random(SEED)
    folds = {}
    for name, _, _ in sets:
        ids = sorted(scores[name][grid[0]])
        rng.shuffle(ids)
        folds[name] = [ids[i::K] for i in range(K)]

    def criterion(value, keep):
        return mean(mean(scores[n][value][q] for q in keep[n]) for n in keep)

    every = {n: sorted(scores[n][grid[0]]) for n in scores}
    fitted = max(grid, key=lambda v: (criterion(v, every), -abs(v - grid[-1])))
    held = {n: {} for n in scores}
    chosen = []
    for k in range(K):
        train = {n: [q for i, f in enumerate(folds[n]) if i != k for q in f] for n in scores}
        best = max(grid, key=lambda v: (criterion(v, train), -abs(v - grid[-1])))
        chosen.append(best)
        for n in scores:
            for q in folds[n][k]:
                held[n][q] = scores[n][best][q]
    print(f"{env_var}: fitted {fitted:g}; folds chose {', '.join(f'{c:g}' for c in chosen)}")
    print("set".ljust(12) + "".join(f"{v:>8g}" for v in grid) + "  fitted     cv")
    for n in scores:
        row = "".join(f"{mean(scores[n][v].values()):8.3f}" for v in grid)
        print(f"{n:<12}{row}  {mean(scores[n][fitted].values()):.3f}  {mean(held[n].values()):.3f}")


if __name__ == "__main__":
    main()
