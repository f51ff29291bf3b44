#!/usr/bin/env python3
"""Fits the HTML reader's furniture thresholds by k-fold cross-validation
on the article-extraction-benchmark (see score.py), and prints the fitted
and cross-validated F1.

    python3 benches/extraction/fit.py BENCHMARK_DIR [READ_BINARY]

Each grid point runs the `read` example with the thresholds in the
environment (FOUILLE_MAIN_SHARE, FOUILLE_REGION_LINKS,
FOUILLE_REGION_CHARS, FOUILLE_LONE_CHARS, read by `leave_out_furniture`); for each fold, the
point with the best F1 on the other folds is scored on that fold.
"""
import gzip
import itertools
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

GRID = {
    "FOUILLE_MAIN_SHARE": [0.5, 0.6, 0.7],
    "FOUILLE_REGION_LINKS": [0.2, 0.33],
    "FOUILLE_REGION_CHARS": [160, 320, 640],
    "FOUILLE_LONE_CHARS": [80, 160, 320],
}
FOLDS = 5


def main():
    bench = Path(sys.argv[1])
    binary = sys.argv[2] if len(sys.argv) > 2 else "target/release/examples/read"
    sys.path.insert(0, str(bench))
    import evaluate

    truth = json.loads((bench / "ground-truth.json").read_text())
    keys = sorted(truth)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        pages = []
        for key in keys:
            page = Path(tmp) / f"{key}.html"
            page.write_bytes(gzip.decompress((bench / "html" / f"{key}.html.gz").read_bytes()))
            pages.append(page)
        for point in itertools.product(*GRID.values()):
            env = dict(os.environ, **{k: str(v) for k, v in zip(GRID, point)})
            rows = {}
            for key, page in zip(keys, pages):
                out = subprocess.run([binary, "--text", str(page)], capture_output=True, env=env)
                rows[key] = evaluate.string_shingle_matching(
                    true=truth[key].get("articleBody", ""),
                    pred=out.stdout.decode("utf-8", "replace"),
                )
            results[point] = rows
            m = evaluate.metrics_from_tp_fp_fns(list(rows.values()))
            print(f"{point}: P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f}", flush=True)

    def f1(point, subset):
        return evaluate.metrics_from_tp_fp_fns([results[point][k] for k in subset])["f1"]

    best = max(results, key=lambda p: f1(p, keys))
    print(f"fitted on all pages: {best} F1 {f1(best, keys):.3f}")
    held = []
    for f in range(FOLDS):
        test = keys[f::FOLDS]
        train = [k for k in keys if k not in set(test)]
        chosen = max(results, key=lambda p: f1(p, train))
        held.extend(results[chosen][k] for k in test)
        print(f"fold {f}: chosen {chosen}, held-out F1 {f1(chosen, test):.3f}")
    m = evaluate.metrics_from_tp_fp_fns(held)
    print(f"cross-validated: P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f}")


if __name__ == "__main__":
    main()
