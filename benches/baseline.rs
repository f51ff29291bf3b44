//! fouille against bare tantivy, in one run: the FAQ questions (or any
//! judgements file) searched in the same corpus by fouille's whole search
//! (parsing, retrieval, re-ranking, highlights, citations) and by tantivy
//! alone with its French analyzer (lower case, accents folded, Snowball
//! French stems), one document per paragraph, its 10 best by BM25 and
//! their stored text. The brief's speed targets are ratios to this
//! baseline, measured in the same run: machines differ from one session
//! to the next.
//!
//! `FOUILLE_BENCH_CORPUS` (default `tests/data/faq/corpus`; the 18 MB
//! corpus of `benches/scale` for the figures of the README) and
//! `FOUILLE_BENCH_QUERIES` (default `tests/data/faq/dev.jsonl`) choose
//! what is searched:
//!
//!     FOUILLE_BENCH_CORPUS=/work/scale cargo bench --bench baseline

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};
use fouille_ingest::{build_index, BuildOptions, IndexDir};
use fouille_query::{Engine, SearchOptions};
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};
use tantivy::{doc, Index, TantivyDocument};

fn setting(name: &str, default: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::env::var_os(name).map_or_else(|| root.join(default), PathBuf::from)
}

/// The queries of a judgements file (one JSON object per line).
fn queries(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .expect("the judgements")
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|v| v["query"].as_str().map(str::to_string))
        .collect()
}

/// Every file under `dir`, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)
            .expect("a corpus directory")
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// tantivy's French analyzer, as its documentation builds one.
fn french() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::French))
        .build()
}

/// A tantivy index of the corpus's text files, one document per paragraph
/// (lines up to a blank line).
fn tantivy_index(corpus: &Path) -> (Index, tantivy::schema::Field) {
    let mut builder = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer("fr")
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let text = builder.add_text_field(
        "text",
        TextOptions::default()
            .set_indexing_options(indexing)
            .set_stored(),
    );
    let index = Index::create_in_ram(builder.build());
    index.tokenizers().register("fr", french());
    let mut writer = index.writer(200_000_000).expect("a tantivy writer");
    for path in files(corpus) {
        let Ok(content) = std::fs::read_to_string(&path) else {
            continue;
        };
        for paragraph in content
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            writer
                .add_document(doc!(text => paragraph))
                .expect("a document");
        }
    }
    writer.commit().expect("the commit");
    (index, text)
}

fn baseline(c: &mut Criterion) {
    let corpus = setting("FOUILLE_BENCH_CORPUS", "tests/data/faq/corpus");
    let queries = queries(&setting(
        "FOUILLE_BENCH_QUERIES",
        "tests/data/faq/dev.jsonl",
    ));
    let scratch = tempfile::tempdir().expect("a scratch directory");
    let index_dir = IndexDir::new(scratch.path().join("index"));
    build_index(&corpus, &index_dir, &BuildOptions::default(), |_| {}).expect("fouille indexes");
    let engine = Engine::open(&index_dir).expect("the index opens");
    let (index, text) = tantivy_index(&corpus);
    let searcher = index.reader().expect("a reader").searcher();
    let parser = QueryParser::for_index(&index, vec![text]);

    let mut group = c.benchmark_group(format!("{} questions", queries.len()));
    group.bench_function("tantivy, French analyzer", |b| {
        b.iter(|| {
            let mut bytes = 0;
            for q in &queries {
                let (query, _) = parser.parse_query_lenient(q);
                let top = searcher
                    .search(&query, &TopDocs::with_limit(10).order_by_score())
                    .expect("tantivy searches");
                for (_, address) in top {
                    let doc: TantivyDocument = searcher.doc(address).expect("a stored document");
                    bytes += doc
                        .get_first(text)
                        .and_then(|v| v.as_str())
                        .map_or(0, str::len);
                }
            }
            bytes
        })
    });
    group.bench_function("fouille", |b| {
        b.iter(|| {
            queries
                .iter()
                .map(|q| {
                    let results = engine
                        .search(q, SearchOptions::default())
                        .expect("fouille searches");
                    results
                        .hits
                        .iter()
                        .map(|h| h.citation.text.len())
                        .sum::<usize>()
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, baseline);
criterion_main!(benches);
