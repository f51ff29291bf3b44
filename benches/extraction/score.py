#!/usr/bin/env python3
"""Scores what fouille's HTML reader keeps of real web pages against the
article bodies of the article-extraction-benchmark (Zyte, 181 news and blog
pages with hand-made ground truth; github.com/scrapinghub/article-extraction-benchmark).

    python3 benches/extraction/score.py BENCHMARK_DIR [READ_BINARY] [--folds K]

BENCHMARK_DIR holds the benchmark's `html/*.html.gz`, `ground-truth.json`
and `evaluate.py` (its scorer: 4-word shingles, precision and recall per
page, averaged). READ_BINARY is the `read` example
(`cargo build --release -p fouille-ingest --example read`). The pages are
written by others: fetched for measurement, never committed.

Prints precision, recall and F1, overall and per fold of the pages (by
sorted key), so that a threshold chosen on some folds can be checked on
the others.
"""
import gzip
import json
import subprocess
import sys
import tempfile
from pathlib import Path


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    folds = 5
    if "--folds" in sys.argv:
        folds = int(sys.argv[sys.argv.index("--folds") + 1])
        args = [a for a in args if a != str(folds)]
    bench = Path(args[0])
    binary = args[1] if len(args) > 1 else "target/release/examples/read"
    sys.path.insert(0, str(bench))
    import evaluate  # the benchmark's own scorer

    truth = json.loads((bench / "ground-truth.json").read_text())
    keys = sorted(truth)
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        for key in keys:
            page = Path(tmp) / f"{key}.html"
            page.write_bytes(gzip.decompress((bench / "html" / f"{key}.html.gz").read_bytes()))
            out = subprocess.run([binary, "--text", str(page)], capture_output=True)
            pred = out.stdout.decode("utf-8", "replace")
            rows[key] = evaluate.string_shingle_matching(
                true=truth[key].get("articleBody", ""), pred=pred
            )
    def metrics(subset):
        return evaluate.metrics_from_tp_fp_fns([rows[k] for k in subset])
    m = metrics(keys)
    print(f"all {len(keys)} pages: precision {m['precision']:.3f} recall {m['recall']:.3f} F1 {m['f1']:.3f}")
    for f in range(folds):
        subset = keys[f::folds]
        m = metrics(subset)
        print(f"fold {f}: precision {m['precision']:.3f} recall {m['recall']:.3f} F1 {m['f1']:.3f}")
    if "--pages" in sys.argv:
        for key in keys:
            tp, fp, fn = rows[key]
            print(f"{key[:12]} tp {tp:.2f} fp {fp:.2f} fn {fn:.2f}")


if __name__ == "__main__":
    main()
