//! `fouille bench`: query latency and throughput, in process and over HTTP.
//!
//! Each query runs the whole search the CLI and the server run (parsing,
//! retrieval, re-ranking, highlights, citations), after warm-up; latencies
//! go into an HdrHistogram (microseconds, 3 significant digits). With
//! `--http`, the same queries then go to a running `fouille serve` (see
//! [`http`]), so that both figures come from one run.

mod http;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use fouille_query::eval::parse_judgements;
use fouille_query::sample::vocabulary_queries;
use fouille_query::{Engine, LatencyHistogram, Scope, SearchOptions};
use serde_json::json;

use crate::args::BenchArgs;

/// Default queries: the dev judgements kept in the repository.
const DEFAULT_QUERIES: &str = "tests/data/dev.jsonl";

/// A query to time, with its kind (`plain` for a line of a plain file).
#[derive(Debug, Clone)]
pub struct BenchQuery {
    text: String,
    kind: String,
}

/// The queries of a judgements file (JSON lines, as `fouille eval` reads
/// them), or of a plain file with one query a line.
fn load_queries(path: &Path) -> Result<Vec<BenchQuery>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read queries from {}", path.display()))?;
    let queries: Vec<BenchQuery> = if text.trim_start().starts_with('{') {
        parse_judgements(&text, path)?
            .into_iter()
            .map(|j| BenchQuery {
                text: j.query,
                kind: j.kind,
            })
            .collect()
    } else {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|line| BenchQuery {
                text: line.to_string(),
                kind: "plain".to_string(),
            })
            .collect()
    };
    anyhow::ensure!(!queries.is_empty(), "no query in {}", path.display());
    Ok(queries)
}

/// Queries listed as the slowest, by mean latency.
const SLOWEST: usize = 5;

/// Latencies of one thread or connection: all of them, by query kind, by
/// query (total µs and count, to find the slowest), and the searches that
/// failed.
pub struct Latencies {
    all: LatencyHistogram,
    by_kind: BTreeMap<String, LatencyHistogram>,
    by_query: Vec<(u64, u64)>,
    errors: u64,
    first_error: Option<String>,
}

impl Latencies {
    fn new() -> Self {
        Latencies {
            all: LatencyHistogram::new(),
            by_kind: BTreeMap::new(),
            by_query: Vec::new(),
            errors: 0,
            first_error: None,
        }
    }

    /// Records a search of query number `query`, of `kind`, that took
    /// `elapsed`.
    fn record(&mut self, query: usize, kind: &str, elapsed: Duration) {
        let micros = self.all.record(elapsed);
        if self.by_query.len() <= query {
            self.by_query.resize(query + 1, (0, 0));
        }
        let (total, count) = &mut self.by_query[query];
        (*total, *count) = (*total + micros, *count + 1);
        match self.by_kind.get_mut(kind) {
            Some(h) => {
                h.record(elapsed);
            }
            None => {
                let mut h = LatencyHistogram::new();
                h.record(elapsed);
                self.by_kind.insert(kind.to_string(), h);
            }
        }
    }

    /// Records a search that failed.
    fn error(&mut self, why: impl FnOnce() -> String) {
        self.errors += 1;
        if self.first_error.is_none() {
            self.first_error = Some(why());
        }
    }

    fn merge(&mut self, other: Latencies) {
        self.all.add(&other.all);
        for (kind, h) in other.by_kind {
            self.by_kind.entry(kind).or_default().add(&h);
        }
        if self.by_query.len() < other.by_query.len() {
            self.by_query.resize(other.by_query.len(), (0, 0));
        }
        for (mine, (total, count)) in self.by_query.iter_mut().zip(other.by_query) {
            (mine.0, mine.1) = (mine.0 + total, mine.1 + count);
        }
        self.errors += other.errors;
        if self.first_error.is_none() {
            self.first_error = other.first_error;
        }
    }
}

/// Hands out the runs: a number of iterations over the queries, or as many
/// as fit in a duration. Shared by the threads or connections.
pub struct Schedule {
    queries: usize,
    total: usize,
    deadline: Option<Duration>,
    next: AtomicUsize,
    started: Instant,
}

impl Schedule {
    fn new(args: &BenchArgs, queries: usize) -> Self {
        Schedule {
            queries,
            total: args.iterations.unwrap_or(200).saturating_mul(queries),
            deadline: args.duration.map(Duration::from_secs_f64),
            next: AtomicUsize::new(0),
            started: Instant::now(),
        }
    }

    /// The query to run next, or `None` when the run is over.
    fn next(&self) -> Option<usize> {
        let i = self.next.fetch_add(1, Ordering::Relaxed);
        let done = match self.deadline {
            Some(limit) => self.started.elapsed() >= limit,
            None => i >= self.total,
        };
        (!done).then_some(i % self.queries)
    }
}

/// The figures of one run.
pub struct Figures {
    latencies: Latencies,
    elapsed: f64,
    concurrency: usize,
}

impl Figures {
    fn rate(&self) -> f64 {
        self.latencies.all.len() as f64 / self.elapsed
    }

    /// The [`SLOWEST`] queries by mean latency: (query number, mean µs).
    fn slowest(&self) -> Vec<(usize, u64)> {
        let mut means: Vec<(usize, u64)> = self
            .latencies
            .by_query
            .iter()
            .enumerate()
            .filter(|(_, &(_, count))| count > 0)
            .map(|(i, &(total, count))| (i, total / count))
            .collect();
        means.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        means.truncate(SLOWEST);
        means
    }

    fn json(&self, queries: &[BenchQuery]) -> serde_json::Value {
        let l = &self.latencies;
        let slowest: Vec<serde_json::Value> = self
            .slowest()
            .into_iter()
            .map(|(i, mean)| json!({"query": queries[i].text, "kind": queries[i].kind, "mean_us": mean}))
            .collect();
        let kinds: serde_json::Map<String, serde_json::Value> = l
            .by_kind
            .iter()
            .map(|(k, h)| {
                (
                    k.clone(),
                    json!({"p50": h.quantile(0.5), "p99": h.quantile(0.99)}),
                )
            })
            .collect();
        json!({
            "queries": queries.len(),
            "iterations": l.all.len(),
            "concurrency": self.concurrency,
            "qps": self.rate(),
            "errors": l.errors,
            "latency_us": l.all.percentiles(),
            "by_kind": kinds,
            "slowest": slowest,
        })
    }

    fn print(
        &self,
        out: &mut impl Write,
        what: &str,
        queries: &[BenchQuery],
    ) -> std::io::Result<()> {
        let l = &self.latencies;
        writeln!(
            out,
            "{what}: {} searches, {} at once, in {:.2} s: {:.0} queries/s, {} error{}",
            l.all.len(),
            self.concurrency,
            self.elapsed,
            self.rate(),
            l.errors,
            if l.errors == 1 { "" } else { "s" },
        )?;
        let p = l.all.percentiles();
        writeln!(
            out,
            "latency µs  p50 {}  p90 {}  p99 {}  p99.9 {}  max {}",
            p.p50, p.p90, p.p99, p.p999, p.max
        )?;
        for (kind, h) in &l.by_kind {
            writeln!(
                out,
                "  {kind:<10} p50 {:>6}  p99 {:>6}",
                h.quantile(0.5),
                h.quantile(0.99)
            )?;
        }
        writeln!(out, "  slowest (mean µs):")?;
        for (i, mean) in self.slowest() {
            let q = &queries[i];
            writeln!(out, "    {mean:>6}  {:<10} {}", q.kind, q.text)?;
        }
        Ok(())
    }
}

/// Runs the benchmark and prints the figures.
pub fn run(args: &BenchArgs) -> Result<()> {
    // A bad URL is refused before anything is built or timed.
    let server = args.http.as_deref().map(http::authority).transpose()?;
    let index_dir = crate::index::ensure(&args.locations.locate()?)?;
    let engine = Engine::open(&index_dir)?;
    let queries = match args.vocabulary {
        Some(count) => {
            let sampled = vocabulary_queries(&engine, count);
            anyhow::ensure!(
                !sampled.is_empty(),
                "the index at {} has too few words to draw queries from",
                index_dir.root().display()
            );
            sampled
                .into_iter()
                .map(|q| BenchQuery {
                    text: q.text,
                    kind: q.kind.to_string(),
                })
                .collect()
        }
        None => load_queries(
            args.queries
                .as_deref()
                .unwrap_or(Path::new(DEFAULT_QUERIES)),
        )?,
    };
    let options = SearchOptions {
        limit: args.limit,
        ..SearchOptions::default()
    };
    let scope = Scope {
        filter: args.filter.clone(),
        facets: args.facets.clone(),
        sort: None,
    };
    // Warm-up, and a check that every query runs: timing failures would
    // give figures for nothing.
    for _ in 0..args.warmup.max(1) {
        for q in &queries {
            engine
                .search_in(&q.text, options, &scope)
                .with_context(|| format!("the query `{}` fails", q.text))?;
        }
    }
    let in_process = in_process(&engine, &queries, args, options, &scope);
    let over_http = match (&args.http, &server) {
        (Some(url), Some(authority)) => {
            Some(http::run(url, authority, Arc::new(queries.clone()), args)?)
        }
        _ => None,
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        let mut report = in_process.json(&queries);
        if let Some(figures) = &over_http {
            let mut http = figures.json(&queries);
            http["url"] = json!(args.http);
            report["http"] = http;
        }
        writeln!(out, "{report}")?;
    } else {
        writeln!(out, "{} queries", queries.len())?;
        in_process.print(&mut out, "in process", &queries)?;
        if let Some(figures) = &over_http {
            let url = args.http.as_deref().unwrap_or_default();
            figures.print(&mut out, &format!("over HTTP ({url})"), &queries)?;
        }
    }
    for figures in std::iter::once(&in_process).chain(&over_http) {
        if let Some(first) = &figures.latencies.first_error {
            anyhow::bail!(
                "{} searches failed; the first: {first}",
                figures.latencies.errors
            );
        }
    }
    Ok(())
}

/// Times the queries in this process, on `--concurrency` threads.
fn in_process(
    engine: &Engine,
    queries: &[BenchQuery],
    args: &BenchArgs,
    options: SearchOptions,
    narrowed: &Scope,
) -> Figures {
    let threads = args.concurrency.max(1);
    let schedule = Schedule::new(args, queries.len());
    let per_thread: Vec<Latencies> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut latencies = Latencies::new();
                    while let Some(i) = schedule.next() {
                        let q = &queries[i];
                        let t = Instant::now();
                        match engine.search_in(&q.text, options, narrowed) {
                            Ok(_) => latencies.record(i, &q.kind, t.elapsed()),
                            Err(e) => latencies.error(|| format!("`{}`: {e}", q.text)),
                        }
                    }
                    latencies
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("a bench thread"))
            .collect()
    });
    let elapsed = schedule.started.elapsed().as_secs_f64();
    let mut latencies = Latencies::new();
    per_thread.into_iter().for_each(|l| latencies.merge(l));
    Figures {
        latencies,
        elapsed,
        concurrency: threads,
    }
}
