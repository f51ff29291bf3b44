//! Building the index of the bundled corpus, from reading the files to the
//! committed generation, in MB/s of text.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use fouille_ingest::{build_index, BuildOptions, IndexDir};

fn index_build(c: &mut Criterion) {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let bytes: u64 = std::fs::read_dir(&corpus)
        .expect("the bundled corpus")
        .map(|e| {
            e.expect("a corpus entry")
                .metadata()
                .expect("metadata")
                .len()
        })
        .sum();
    let scratch = tempfile::tempdir().expect("a scratch directory");
    let index_dir = IndexDir::new(scratch.path().join("index"));
    let mut group = c.benchmark_group("index_build");
    group.sample_size(20);
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("corpus", |b| {
        b.iter(|| {
            build_index(&corpus, &index_dir, &BuildOptions::default(), |_| {})
                .expect("the corpus indexes")
                .passages
        })
    });
    group.finish();
}

criterion_group!(benches, index_build);
criterion_main!(benches);
