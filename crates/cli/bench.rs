//! `fouille bench`: query latency and throughput, in process.
//!
//! Each query runs the whole search the CLI and the server run (parsing,
//! retrieval, re-ranking, highlights, citations), after warm-up; latencies
//! go into an HdrHistogram (microseconds, 3 significant digits).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use fouille_ingest::IndexDir;
use fouille_query::{Engine, SearchOptions};
use hdrhistogram::Histogram;
use serde_json::json;

use crate::args::BenchArgs;

/// Default queries: the dev judgements kept in the repository.
const DEFAULT_QUERIES: &str = "tests/data/dev.jsonl";

/// A query to time, with its kind (`plain` for a line of a plain file).
struct BenchQuery {
    text: String,
    kind: String,
}

fn load_queries(path: &Path) -> Result<Vec<BenchQuery>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read queries from {}", path.display()))?;
    let mut queries = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line.starts_with('{') {
            let value: serde_json::Value = serde_json::from_str(line)
                .with_context(|| format!("{}: not a judgement: {line}", path.display()))?;
            let Some(query) = value["query"].as_str() else {
                continue;
            };
            queries.push(BenchQuery {
                text: query.to_string(),
                kind: value["kind"].as_str().unwrap_or("question").to_string(),
            });
        } else {
            queries.push(BenchQuery {
                text: line.to_string(),
                kind: "plain".to_string(),
            });
        }
    }
    anyhow::ensure!(!queries.is_empty(), "no query in {}", path.display());
    Ok(queries)
}

/// One thread's latencies: all of them, and by query kind.
type ThreadLatencies = (Histogram<u64>, BTreeMap<String, Histogram<u64>>);

fn histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 60_000_000, 3).expect("valid histogram bounds")
}

/// Runs the benchmark and prints the figures.
pub fn run(args: &BenchArgs) -> Result<()> {
    let queries = load_queries(
        args.queries
            .as_deref()
            .unwrap_or(Path::new(DEFAULT_QUERIES)),
    )?;
    let index_dir = IndexDir::new(&args.locations.index);
    crate::index::ensure(&index_dir, args.locations.corpus_dir())?;
    let engine = Engine::open(&index_dir)?;
    let options = SearchOptions {
        limit: args.limit,
        offset: 0,
        explain: false,
    };
    for _ in 0..args.warmup {
        for q in &queries {
            let _ = engine.search(&q.text, options);
        }
    }
    let iterations = args.iterations.unwrap_or(200);
    let deadline = args.duration.map(Duration::from_secs_f64);
    let total_runs = iterations * queries.len();
    let next = AtomicUsize::new(0);
    let threads = args.concurrency.max(1);
    let started = Instant::now();
    let per_thread: Vec<ThreadLatencies> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut all = histogram();
                    let mut by_kind: BTreeMap<String, Histogram<u64>> = BTreeMap::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let done = match deadline {
                            Some(limit) => started.elapsed() >= limit,
                            None => i >= total_runs,
                        };
                        if done {
                            break;
                        }
                        let q = &queries[i % queries.len()];
                        let t = Instant::now();
                        let _ = engine.search(&q.text, options);
                        let micros = (t.elapsed().as_micros() as u64).clamp(1, 60_000_000);
                        let _ = all.record(micros);
                        let _ = by_kind
                            .entry(q.kind.clone())
                            .or_insert_with(histogram)
                            .record(micros);
                    }
                    (all, by_kind)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("a bench thread"))
            .collect()
    });
    let elapsed = started.elapsed().as_secs_f64();
    let mut all = histogram();
    let mut by_kind: BTreeMap<String, Histogram<u64>> = BTreeMap::new();
    for (h, kinds) in per_thread {
        all.add(&h).expect("same bounds");
        for (kind, h) in kinds {
            by_kind
                .entry(kind)
                .or_insert_with(histogram)
                .add(&h)
                .expect("same bounds");
        }
    }
    let runs = all.len();
    let qps = runs as f64 / elapsed;
    let mut out = std::io::stdout().lock();
    if args.json {
        let kinds: serde_json::Map<String, serde_json::Value> = by_kind
            .iter()
            .map(|(k, h)| {
                (
                    k.clone(),
                    json!({"p50": h.value_at_quantile(0.5), "p99": h.value_at_quantile(0.99)}),
                )
            })
            .collect();
        let report = json!({
            "queries": queries.len(),
            "iterations": runs,
            "concurrency": threads,
            "qps": qps,
            "latency_us": {
                "p50": all.value_at_quantile(0.5),
                "p90": all.value_at_quantile(0.9),
                "p99": all.value_at_quantile(0.99),
                "p999": all.value_at_quantile(0.999),
                "max": all.max(),
            },
            "by_kind": kinds,
        });
        writeln!(out, "{report}")?;
        return Ok(());
    }
    writeln!(
        out,
        "{} queries, {} searches on {} thread{} in {:.2} s: {:.0} queries/s",
        queries.len(),
        runs,
        threads,
        if threads == 1 { "" } else { "s" },
        elapsed,
        qps
    )?;
    writeln!(
        out,
        "latency µs  p50 {}  p90 {}  p99 {}  p99.9 {}  max {}",
        all.value_at_quantile(0.5),
        all.value_at_quantile(0.9),
        all.value_at_quantile(0.99),
        all.value_at_quantile(0.999),
        all.max()
    )?;
    for (kind, h) in &by_kind {
        writeln!(
            out,
            "  {kind:<10} p50 {:>6}  p99 {:>6}",
            h.value_at_quantile(0.5),
            h.value_at_quantile(0.99)
        )?;
    }
    Ok(())
}
