#!/usr/bin/env bash
# compare.sh A B OUT -- does fouille binary B behave exactly like binary A?
#
# Corpora (built beforehand, see the README, "Checking that a change moves
# nothing"): seed (/work/main/corpus),
# faq (tests/data/faq/corpus), help-small and help-large (/work/help), scale (/work/scale).
# For each: index with A then B (one at a time, wall time recorded), compare
# passages.table + vocabulary.fst byte for byte and the manifest minus time stamps and
# version keys, then run the same searches / show / analyze / eval / CLI cases with both
# binaries and compare stdout, stderr and exit status after normalising timing fields.
# Output: the report on stdout and in OUT/report.txt, every difference in
# OUT/diffs/all.txt, raw normalised outputs in OUT/{A,B}/outputs.jsonl.
# Exit status: 0 all identical, 1 differences, 2 usage.
# Environment: CORPORA=seed,faq (subset), VOCAB_N (300), SHOW_DIFFS (5), SCALE_CORPUS,
# HELP_CORPORA, FOUILLE_MAIN.
set -euo pipefail
if [ $# -ne 3 ]; then echo "usage: $0 A B OUT" >&2; exit 2; fi
for b in "$1" "$2"; do [ -x "$b" ] || { echo "$0: $b is not an executable" >&2; exit 2; }; done
mkdir -p "$3"
exec python3 "$(dirname "$(readlink -f "$0")")/compare.py" "$1" "$2" "$3"
