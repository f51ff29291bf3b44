//! What the server serves: the current index, and statistics.
//!
//! The index is held behind a lock as an `Arc<Engine>`: a request clones the
//! `Arc` and searches without holding the lock, so swapping in a rebuilt
//! index never waits for searches, and searches under way finish on the old
//! one (its files stay readable after `fouille index` removes them).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use fouille_ingest::{build_index, BuildOptions, IndexDir, IngestError};
use fouille_query::{Engine, LatencyHistogram, QueryError, Synonyms};
use serde::Serialize;

/// How hits name the files they cite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CitedPaths {
    /// As the command line does: with the corpus directory before the
    /// file's path in the corpus (absolute unless below the working
    /// directory).
    WithCorpus,
    /// The file's path in the corpus only: no path of the server's disk.
    FromCorpusRoot,
}

impl CitedPaths {
    fn apply(self, engine: Engine) -> Engine {
        match self {
            CitedPaths::WithCorpus => engine,
            CitedPaths::FromCorpusRoot => engine.cite_from_corpus_root(),
        }
    }
}

/// Everything the handlers share.
pub struct AppState {
    paths: CitedPaths,
    /// Synonyms given to the server (`--synonyms`), added to those of
    /// every generation opened.
    synonyms: Synonyms,
    index_dir: IndexDir,
    engine: RwLock<Arc<Engine>>,
    stats: Stats,
    started: Instant,
    /// The last rebuilt generation that could not be opened, and why: it
    /// is not tried again for [`RETRY_DAMAGED`] (opening reads every byte),
    /// and `/health` reports it.
    failed: Mutex<Option<FailedReload>>,
    /// Why the index is stale and could not be rebuilt, when it is.
    stale: Mutex<Option<String>>,
}

/// What a look at the corpus found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CorpusCheck {
    /// The index is the corpus's.
    Fresh,
    /// Files changed and the index was rebuilt and swapped in.
    Rebuilt(String),
    /// Files changed and the index could not be rebuilt: it answers as
    /// it is, flagged stale.
    Stale(String),
    /// Another build of the index is running: looked at again later.
    Busy,
    /// The corpus cannot be listed (gone, unreadable).
    Unlisted,
}

/// A rebuilt generation that could not be opened.
#[derive(Debug, Clone)]
pub struct FailedReload {
    /// Its directory.
    pub generation: PathBuf,
    /// Why, without host paths.
    pub reason: String,
    /// When it was last tried.
    tried: Instant,
}

/// How long a generation that could not be opened is left before it is
/// tried again (a rebuild, which makes a new generation, is tried at once).
const RETRY_DAMAGED: Duration = Duration::from_secs(10);

impl AppState {
    /// Opens the current index of `index_dir`.
    pub fn open(
        index_dir: IndexDir,
        paths: CitedPaths,
        synonyms: Synonyms,
    ) -> Result<AppState, QueryError> {
        let engine = paths
            .apply(Engine::open(&index_dir)?)
            .with_synonyms(synonyms.clone());
        Ok(AppState {
            paths,
            synonyms,
            index_dir,
            engine: RwLock::new(Arc::new(engine)),
            stats: Stats::new(),
            started: Instant::now(),
            failed: Mutex::new(None),
            stale: Mutex::new(None),
        })
    }

    /// The rebuilt generation that could not be opened, if the index's
    /// current generation is one.
    pub fn failed_reload(&self) -> Option<FailedReload> {
        self.failed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// `text` with the index directory's path (and its generations') and
    /// the corpus's replaced by `<index>` and `<corpus>`: errors sent to
    /// clients name no host path.
    pub fn without_paths(&self, text: &str) -> String {
        let root = self.index_dir.root();
        let mut text = text.to_string();
        if let Some(abs) = std::fs::canonicalize(root).ok().filter(|a| a != root) {
            text = text.replace(&*abs.to_string_lossy(), "<index>");
        }
        if !root.as_os_str().is_empty() {
            text = text.replace(&*root.to_string_lossy(), "<index>");
        }
        let corpus = self.engine().manifest().corpus_dir();
        if !corpus.as_os_str().is_empty() {
            text = text.replace(&*corpus.to_string_lossy(), "<corpus>");
        }
        text
    }

    /// The engine to search with now.
    pub fn engine(&self) -> Arc<Engine> {
        Arc::clone(&self.engine.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Swaps in the index's current generation if it changed since it was
    /// opened. Returns the new generation when it did.
    pub fn reload_if_changed(&self) -> Result<Option<PathBuf>, QueryError> {
        let Some(current) = self.index_dir.current()? else {
            return Ok(None);
        };
        if current == self.engine().generation() {
            *self.failed.lock().unwrap_or_else(|e| e.into_inner()) = None;
            return Ok(None);
        }
        if let Some(failed) = self.failed_reload() {
            if failed.generation == current && failed.tried.elapsed() < RETRY_DAMAGED {
                return Ok(None);
            }
        }
        let engine = match Engine::open(&self.index_dir) {
            Ok(engine) => Arc::new(
                self.paths
                    .apply(engine)
                    .with_synonyms(self.synonyms.clone()),
            ),
            Err(error) => {
                *self.failed.lock().unwrap_or_else(|e| e.into_inner()) = Some(FailedReload {
                    generation: current,
                    reason: self.without_paths(&error.to_string()),
                    tried: Instant::now(),
                });
                return Err(error);
            }
        };
        let generation = engine.generation().to_path_buf();
        *self.engine.write().unwrap_or_else(|e| e.into_inner()) = engine;
        *self.failed.lock().unwrap_or_else(|e| e.into_inner()) = None;
        Ok(Some(generation))
    }

    /// Why the index answers stale, when it does.
    pub fn stale(&self) -> Option<String> {
        self.stale.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Compares the corpus with the listing the served index was built
    /// from, and re-indexes it when files were added, changed or removed,
    /// then swaps the new index in.
    pub fn check_corpus(&self) -> CorpusCheck {
        let engine = self.engine();
        let manifest = engine.manifest();
        let set_stale = |reason: Option<String>| {
            *self.stale.lock().unwrap_or_else(|e| e.into_inner()) = reason;
        };
        let Ok(changes) = manifest.changes_since_build(self.index_dir.root()) else {
            set_stale(Some(
                "the corpus the index was built from cannot be listed (moved or deleted?): \
                 citations may point to missing files"
                    .into(),
            ));
            return CorpusCheck::Unlisted;
        };
        // The generation served deleted under the server: rebuilt from the
        // corpus it knows, as a stale one is.
        let gone =
            !engine.generation().is_dir() && self.index_dir.current().ok().flatten().is_none();
        let staleness = match changes {
            Some(staleness) => staleness.to_string(),
            None if gone => "the index was deleted".to_string(),
            None => {
                set_stale(None);
                return CorpusCheck::Fresh;
            }
        };
        let options = BuildOptions::rebuilding(manifest);
        match build_index(&manifest.corpus_dir(), &self.index_dir, &options, |_| {}) {
            Ok(_) => {
                set_stale(None);
                let _ = self.reload_if_changed();
                CorpusCheck::Rebuilt(staleness)
            }
            Err(IngestError::BuildInProgress { .. }) => CorpusCheck::Busy,
            Err(error) => {
                let reason = self.without_paths(&format!(
                    "{staleness} since the index was built, and it cannot be rebuilt here: {error}"
                ));
                set_stale(Some(reason.clone()));
                CorpusCheck::Stale(reason)
            }
        }
    }

    /// Records a query served in `took`.
    pub fn record(&self, took: Duration) {
        self.stats.record(took);
    }

    /// A snapshot of the statistics.
    pub fn snapshot(&self) -> StatsSnapshot {
        let engine = self.engine();
        let manifest = engine.manifest();
        StatsSnapshot {
            documents: manifest.files.len() - manifest.skipped.len().min(manifest.files.len()),
            passages: engine.passage_count(),
            index_bytes: dir_size(engine.generation()),
            generation: engine
                .generation()
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            uptime_s: self.started.elapsed().as_secs(),
            queries: self.stats.count(),
            latency_us: self.stats.percentiles(),
        }
    }
}

/// Statistics of the queries served since start.
pub struct Stats {
    latencies: Mutex<LatencyHistogram>,
}

impl Stats {
    fn new() -> Self {
        Stats {
            latencies: Mutex::new(LatencyHistogram::new()),
        }
    }

    fn record(&self, took: Duration) {
        let mut latencies = self.latencies.lock().unwrap_or_else(|e| e.into_inner());
        latencies.record(took);
    }

    fn count(&self) -> u64 {
        self.latencies
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .len()
    }

    fn percentiles(&self) -> Latencies {
        let h = self.latencies.lock().unwrap_or_else(|e| e.into_inner());
        let p = h.percentiles();
        Latencies {
            p50: p.p50,
            p90: p.p90,
            p99: p.p99,
            max: p.max,
        }
    }
}

/// Query latency percentiles, in microseconds (0 before the first query).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Latencies {
    /// Median.
    pub p50: u64,
    /// 90th percentile.
    pub p90: u64,
    /// 99th percentile.
    pub p99: u64,
    /// Slowest.
    pub max: u64,
}

/// What `/stats` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatsSnapshot {
    /// Documents (files) indexed.
    pub documents: usize,
    /// Passages indexed.
    pub passages: u64,
    /// Size of the index generation on disk, in bytes.
    pub index_bytes: u64,
    /// Name of the index generation served.
    pub generation: String,
    /// Seconds since the server started.
    pub uptime_s: u64,
    /// Searches served since start.
    pub queries: u64,
    /// Search latency since start (in the server, JSON encoding aside).
    pub latency_us: Latencies,
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}
