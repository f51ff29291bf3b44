//! Search latency by query kind: the dev queries of the repository's
//! judgements, each through the whole search (parsing, retrieval,
//! re-ranking, highlights, citations) on an index of the bundled corpus.

use std::collections::BTreeMap;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use fouille_ingest::{build_index, BuildOptions, IndexDir};
use fouille_query::{Engine, SearchOptions};

/// The dev queries, by kind.
fn queries_by_kind(root: &Path) -> BTreeMap<String, Vec<String>> {
    let judgements =
        std::fs::read_to_string(root.join("tests/data/dev.jsonl")).expect("the dev judgements");
    let mut by_kind: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in judgements.lines().filter(|l| !l.trim().is_empty()) {
        let value: serde_json::Value = serde_json::from_str(line).expect("a judgement");
        let (Some(query), Some(kind)) = (value["query"].as_str(), value["kind"].as_str()) else {
            continue;
        };
        by_kind
            .entry(kind.to_string())
            .or_default()
            .push(query.to_string());
    }
    by_kind
}

fn search(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scratch = tempfile::tempdir().expect("a scratch directory");
    let index_dir = IndexDir::new(scratch.path().join("index"));
    build_index(
        &root.join("corpus"),
        &index_dir,
        &BuildOptions::default(),
        |_| {},
    )
    .expect("the corpus indexes");
    let engine = Engine::open(&index_dir).expect("the index opens");
    let options = SearchOptions::default();
    let mut group = c.benchmark_group("search");
    for (kind, queries) in queries_by_kind(root) {
        // One iteration runs every query of the kind once.
        group.bench_function(format!("{kind} ({} queries)", queries.len()), |b| {
            b.iter(|| {
                queries
                    .iter()
                    .map(|q| {
                        engine
                            .search(q, options)
                            .expect("the query runs")
                            .hits
                            .len()
                    })
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
