#!/usr/bin/env bash
# Measures fouille's PDF reading on real French PDFs that Debian ships with a
# text version of the same content: the words of the text version found in
# the passages fouille reads (a multiset recall, and precision), beside
# pdftotext's own text, and the pages read per second; then the FAQ dev
# questions over the FAQ's PDF, HTML and text. The documents are written by
# others: fetched here (apt-get download), never committed.
#
#     benches/extraction/pdf.sh WORK_DIR
#
# Needs poppler-utils, and the `read` example and the binary built:
#     cargo build --release --bin fouille -p fouille-ingest --example read
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mkdir -p "$1" && cd "$1" && pwd)
read_bin=$repo/target/release/examples/read
fouille=$repo/target/release/fouille
cd "$work"
[ -d x ] || {
  apt-get download debian-faq-fr maint-guide-fr debian-reference-fr >/dev/null
  for deb in *.deb; do dpkg-deb -x "$deb" x; done
}
mkdir -p docs
zcat x/usr/share/doc/debian/FAQ/debian-faq.fr.pdf.gz >docs/faq.pdf
zcat x/usr/share/doc/debian/FAQ/debian-faq.fr.txt.gz >docs/faq.txt
cp x/usr/share/doc/maint-guide-fr/maint-guide.fr.pdf docs/maint.pdf
zcat x/usr/share/doc/maint-guide-fr/maint-guide.fr.txt.gz >docs/maint.txt
cp x/usr/share/debian-reference/debian-reference.fr.pdf docs/ref.pdf
zcat x/usr/share/debian-reference/debian-reference.fr.txt.gz >docs/ref.txt
for doc in faq maint ref; do
  pages=$(pdfinfo docs/$doc.pdf | awk '/^Pages:/ {print $2}')
  start=$(date +%s.%N)
  "$read_bin" --text docs/$doc.pdf >$doc.fouille.txt
  end=$(date +%s.%N)
  pdftotext docs/$doc.pdf $doc.pdftotext.txt
  python3 - docs/$doc.txt $doc.fouille.txt $doc.pdftotext.txt "$pages" "$start" "$end" <<'PY'
import collections, re, sys, unicodedata
def words(path):
    text = unicodedata.normalize("NFKC", open(path, encoding="utf-8").read())
    return collections.Counter(w.lower() for w in re.findall(r"[^\W\d_]+", text))
truth = words(sys.argv[1])
for name, path in (("fouille passages", sys.argv[2]), ("pdftotext", sys.argv[3])):
    got = words(path)
    found = sum((truth & got).values())
    print(f"{sys.argv[1]:16} {name:17} recall {found / sum(truth.values()):.3f}"
          f" precision {found / sum(got.values()):.3f}")
seconds = float(sys.argv[6]) - float(sys.argv[5])
print(f"{sys.argv[1]:16} read {int(sys.argv[4])} pages in {seconds:.2f} s:"
      f" {int(sys.argv[4]) / seconds:.0f} pages/s")
PY
done
mkdir -p corpus-pdf corpus-html corpus-txt
cp docs/faq.pdf corpus-pdf/
cp x/usr/share/doc/debian/FAQ/fr/*.html corpus-html/
cp docs/faq.txt corpus-txt/
for form in pdf html txt; do
  echo -n "FAQ dev questions over the FAQ's $form: "
  "$fouille" eval --qrels "$repo/tests/data/faq/dev.jsonl" --corpus corpus-$form | head -1
done
