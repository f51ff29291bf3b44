//! Analyzer throughput: the bundled articles through the French analyzer
//! (words, elisions, folding, stop words, stemming), in MB/s.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use fouille_ingest::FrenchAnalyzer;

fn corpus_text() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the bundled corpus")
        .map(|e| e.expect("a corpus entry").path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| std::fs::read_to_string(f).expect("a UTF-8 article"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn analyzer(c: &mut Criterion) {
    let text = corpus_text();
    let analyzer = FrenchAnalyzer::new();
    let mut group = c.benchmark_group("analyzer");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("corpus", |b| b.iter(|| analyzer.analyze(&text).len()));
    // Line by line, as the indexer calls it, passage by passage.
    group.bench_function("corpus_by_line", |b| {
        b.iter(|| {
            text.lines()
                .map(|line| analyzer.analyze(line).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, analyzer);
criterion_main!(benches);
