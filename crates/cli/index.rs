//! `fouille index`, and building the index on first use.

use std::path::Path;

use anyhow::{Context, Result};
use fouille_ingest::{build_index, BuildOptions, BuildReport, Corpus, IndexDir, Manifest};

use crate::args::IndexArgs;

/// Builds the index and prints what was indexed.
pub fn run(args: &IndexArgs) -> Result<()> {
    let index_dir = IndexDir::new(&args.locations.index);
    let options = BuildOptions {
        strict: args.strict,
        ..BuildOptions::default()
    };
    let report = build(&args.locations.corpus, &index_dir, &options)?;
    println!("{}", summary(&report, &args.locations.corpus, &index_dir));
    Ok(())
}

/// Builds the index, reporting skipped files on stderr.
pub fn build(corpus: &Path, index_dir: &IndexDir, options: &BuildOptions) -> Result<BuildReport> {
    let report = build_index(corpus, index_dir, options, |_| {}).with_context(|| {
        format!(
            "cannot build the index of {} into {}",
            corpus.display(),
            index_dir.root().display()
        )
    })?;
    for skipped in &report.skipped {
        eprintln!(
            "fouille: warning: skipped {}: {}",
            corpus.join(&skipped.rel).display(),
            skipped.reason
        );
    }
    Ok(report)
}

/// One line saying what a build did.
pub fn summary(report: &BuildReport, corpus: &Path, index_dir: &IndexDir) -> String {
    let seconds = report.elapsed.as_secs_f64();
    let megabytes = report.bytes as f64 / 1e6;
    let mut line = format!(
        "indexed {} file{} ({} passages, {:.2} MB) from {} into {} in {:.2} s ({:.1} MB/s)",
        report.files,
        if report.files == 1 { "" } else { "s" },
        report.passages,
        megabytes,
        corpus.display(),
        index_dir.root().display(),
        seconds,
        if seconds > 0.0 {
            megabytes / seconds
        } else {
            0.0
        },
    );
    if !report.skipped.is_empty() {
        line.push_str(&format!("; {} file(s) skipped", report.skipped.len()));
    }
    line
}

/// Makes sure there is an index to search: builds one from `corpus` if there
/// is none (saying so on stderr), and warns when the corpus has changed since
/// the index was built.
pub fn ensure(index_dir: &IndexDir, corpus: &Path) -> Result<()> {
    let current = index_dir.current()?;
    if current.is_none() {
        if !corpus.is_dir() {
            anyhow::bail!(
                "no index at {} and no corpus directory {} to build one from (give --corpus DIR)",
                index_dir.root().display(),
                corpus.display()
            );
        }
        eprintln!(
            "fouille: no index at {} yet: building it from {}",
            index_dir.root().display(),
            corpus.display()
        );
        let report = build(corpus, index_dir, &BuildOptions::default())?;
        eprintln!("fouille: {}", summary(&report, corpus, index_dir));
    }
    Ok(())
}

/// Warns on stderr when the corpus no longer matches the index's manifest.
pub fn warn_if_stale(manifest: &Manifest, index_dir: &IndexDir) {
    let Ok(corpus) = Corpus::scan(&manifest.corpus) else {
        return; // the corpus has moved away: nothing to compare with
    };
    if let Some(staleness) = manifest.staleness(&corpus) {
        eprintln!(
            "fouille: warning: the index at {} is stale ({} in {} since it was built); \
             rebuild it with `fouille index --corpus {} --index {}`",
            index_dir.root().display(),
            staleness,
            manifest.corpus.display(),
            manifest.corpus.display(),
            index_dir.root().display()
        );
    }
}
