//! `fouille index`, building the index on first use, and checking that an
//! index still matches its corpus.

use std::path::Path;

use anyhow::{bail, Context, Result};
use fouille_ingest::{
    build_index, BuildOptions, BuildReport, IndexDir, IngestError, Manifest, ReadOptions,
};
use fouille_query::Engine;

use crate::args::IndexArgs;
use crate::locate::Located;

/// Builds the index and prints what was indexed.
pub fn run(args: &IndexArgs) -> Result<()> {
    let located = args.locations.locate()?;
    let index_dir = IndexDir::new(&located.index);
    if args.verify {
        verify(&index_dir.clone().checking_every_byte())?;
        if args.list_skipped {
            list_furniture(&index_dir)?;
        }
        return Ok(());
    }
    let corpus = located.corpus.as_path();
    let options = BuildOptions {
        strict: args.strict,
        follow_links: args.follow_links,
        read: ReadOptions {
            ocr: args.ocr,
            ..ReadOptions::default()
        },
        ..BuildOptions::default()
    };
    // Another build of this index (a server re-indexing a changed corpus,
    // another `fouille index`): wait for it, then build as asked.
    let report = loop {
        match build(corpus, &index_dir, &options) {
            Err(e) if is_build_in_progress(&e) => {
                eprintln!(
                    "fouille: another build of {} is running: waiting for it",
                    index_dir.root().display()
                );
                index_dir.wait_for_build()?;
            }
            result => break result?,
        }
    };
    println!("{}", summary(&report, corpus, &index_dir));
    if args.list_skipped {
        list_furniture(&index_dir)?;
    }
    // Every search of the index reads the corpus's synonyms file: one it
    // cannot read is said now, not at the first search.
    let synonyms = corpus.join(fouille_query::SYNONYMS_FILE);
    if synonyms.is_file() {
        fouille_query::Synonyms::read(&synonyms)
            .context("the index is built, but searches of it will fail until this is fixed")?;
    }
    // So does its metadata.csv: a row that cannot be read stops searches,
    // a path that names no file adds nothing; both are said now.
    let metadata = corpus.join(fouille_ingest::METADATA_FILE);
    if metadata.is_file() {
        let engine = Engine::open(&index_dir)
            .context("the index is built, but searches of it will fail until this is fixed")?;
        let unknown = engine.fields().unknown_paths();
        if !unknown.is_empty() {
            let shown: Vec<&str> = unknown.iter().take(5).map(String::as_str).collect();
            eprintln!(
                "fouille: warning: {} row{} of {} name{} no file of the corpus: {}{}",
                unknown.len(),
                if unknown.len() == 1 { "" } else { "s" },
                metadata.display(),
                if unknown.len() == 1 { "s" } else { "" },
                shown.join(", "),
                if unknown.len() > 5 { ", …" } else { "" }
            );
        }
        for (line, path) in engine.fields().repeated_paths().iter().take(5) {
            eprintln!(
                "fouille: warning: {}, line {line}: {path} is named again: this row wins",
                metadata.display()
            );
        }
    }
    Ok(())
}

/// `fouille index --list-skipped`: every line judged page furniture, as
/// `file:line: [rule] text`, then how many by rule.
fn list_furniture(index_dir: &IndexDir) -> Result<()> {
    use std::io::Write;
    let engine = Engine::open(index_dir)
        .with_context(|| format!("cannot open the index at {}", index_dir.root().display()))?;
    let mut by_rule: std::collections::BTreeMap<String, usize> = Default::default();
    let mut out = std::io::stdout().lock();
    for citation in engine.furniture() {
        let citation = citation?;
        let rule = citation.furniture.clone().unwrap_or_default();
        writeln!(
            out,
            "{}: [{rule}] {}",
            crate::output::file_place(
                &citation.file,
                citation.line,
                citation.page,
                citation.line_on_page
            ),
            crate::output::one_line(&citation.text)
        )?;
        *by_rule.entry(rule).or_default() += 1;
    }
    let total: usize = by_rule.values().sum();
    let rules: Vec<String> = by_rule.iter().map(|(r, n)| format!("{n} {r}")).collect();
    writeln!(
        out,
        "{total} line{} of page furniture, left out of results unless `fouille search \
         --include-boilerplate`{}",
        if total == 1 { "" } else { "s" },
        if rules.is_empty() {
            String::new()
        } else {
            format!(" ({})", rules.join(", "))
        }
    )?;
    Ok(())
}

/// `fouille index --verify`: opens the current generation as a search
/// does, which checks every file against its checksum and opens tantivy's
/// segments, and says what was checked.
fn verify(index_dir: &IndexDir) -> Result<()> {
    let started = std::time::Instant::now();
    let engine = fouille_query::Engine::open(index_dir)
        .with_context(|| format!("cannot open the index at {}", index_dir.root().display()))?;
    let checked = engine.checked();
    println!(
        "the index at {} is whole: {} files, {:.2} MB checked in {:.0} ms (generation {})",
        index_dir.root().display(),
        checked.files,
        checked.bytes as f64 / 1e6,
        started.elapsed().as_secs_f64() * 1e3,
        engine
            .generation()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    );
    Ok(())
}

/// Builds the index, showing its progress and reporting skipped files on
/// stderr.
pub fn build(corpus: &Path, index_dir: &IndexDir, options: &BuildOptions) -> Result<BuildReport> {
    let mut progress = Progress::new();
    let report = build_index(corpus, index_dir, options, |p| progress.update(p));
    progress.finish();
    let report = report.with_context(|| {
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
    for partly in &report.partly_read {
        eprintln!(
            "fouille: warning: indexed {} in part: {}",
            corpus.join(&partly.rel).display(),
            partly.reason
        );
    }
    Ok(report)
}

/// One line saying what a build did.
pub fn summary(report: &BuildReport, corpus: &Path, index_dir: &IndexDir) -> String {
    let seconds = report.elapsed.as_secs_f64();
    let megabytes = report.bytes as f64 / 1e6;
    let mut line = format!(
        "indexed {} file{} ({} passages, {} of them page furniture left out of results, {:.2} MB) \
         from {} into {} in {:.2} s ({:.1} MB/s)",
        report.files,
        if report.files == 1 { "" } else { "s" },
        report.passages,
        report.boilerplate_lines,
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
    if let Some(peak) = peak_memory_mb() {
        line.push_str(&format!(", peak memory {peak:.0} MB"));
    }
    if !report.decoded.is_empty() {
        let mut encodings: std::collections::BTreeMap<&str, usize> = Default::default();
        for file in &report.decoded {
            *encodings.entry(file.encoding.as_str()).or_default() += 1;
        }
        let list: Vec<String> = encodings
            .iter()
            .map(|(encoding, n)| format!("{n} from {encoding}"))
            .collect();
        line.push_str(&format!("; decoded {}", list.join(", ")));
    }
    if !report.not_documents.is_empty() {
        let total: u64 = report.not_documents.values().sum();
        let kinds: Vec<String> = report
            .not_documents
            .iter()
            .map(|(kind, n)| format!("{n} {kind}{}", if *n == 1 { "" } else { "s" }))
            .collect();
        line.push_str(&format!(
            "; {total} file(s) not read, left aside ({})",
            kinds.join(", ")
        ));
    }
    if !report.skipped.is_empty() {
        line.push_str(&format!("; {} file(s) skipped", report.skipped.len()));
        let scans = report.skipped.iter().filter(|s| s.is_scan()).count();
        if scans > 0 {
            line.push_str(&format!(
                " ({scans} scan{} without a text layer: --ocr reads {})",
                if scans == 1 { "" } else { "s" },
                if scans == 1 { "it" } else { "them" }
            ));
        }
    }
    if !report.partly_read.is_empty() {
        let mut files: Vec<&str> = report.partly_read.iter().map(|p| p.rel.as_str()).collect();
        files.dedup();
        line.push_str(&format!("; {} file(s) indexed in part", files.len()));
    }
    line
}

/// The process's peak resident memory in MB, where the system tells it
/// (Linux: `VmHWM` in `/proc/self/status`).
fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kilobytes: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kilobytes / 1024.0)
}

/// A build's progress on stderr: a bar on a terminal; otherwise a plain
/// line every few seconds, so that short builds say nothing.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    started: std::time::Instant,
    last_line: std::time::Instant,
}

/// Seconds between two plain progress lines.
const PLAIN_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

impl Progress {
    fn new() -> Self {
        use std::io::IsTerminal;
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "indexing {bar:30} {decimal_bytes}/{decimal_total_bytes} \
                     {decimal_bytes_per_sec} eta {eta}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        });
        let now = std::time::Instant::now();
        Progress {
            bar,
            started: now,
            last_line: now,
        }
    }

    fn update(&mut self, p: fouille_ingest::BuildProgress) {
        match &self.bar {
            Some(bar) => {
                bar.set_length(p.bytes_total);
                bar.set_position(p.bytes_done);
            }
            None if self.last_line.elapsed() >= PLAIN_EVERY => {
                self.last_line = std::time::Instant::now();
                eprintln!(
                    "fouille: indexing: {}/{} files, {:.1}/{:.1} MB, {:.0} s",
                    p.files_done,
                    p.files_total,
                    p.bytes_done as f64 / 1e6,
                    p.bytes_total as f64 / 1e6,
                    self.started.elapsed().as_secs_f64()
                );
            }
            None => {}
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Makes sure there is an index to search: builds one from `corpus` if there
/// is none (saying so on stderr). When another process is building it, waits
/// for that build instead.
pub fn ensure(located: &Located) -> Result<IndexDir> {
    let index_dir = IndexDir::new(&located.index);
    let corpus = located.corpus.as_path();
    if located.index_named && !located.corpus_named && index_dir.current()?.is_none() {
        bail!(
            "no index at {}: build it with `{}`",
            index_dir.root().display(),
            rebuild_command(index_dir.root(), None)
        );
    }
    while index_dir.current()?.is_none() {
        if !corpus.is_dir() {
            bail!(
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
        match build(corpus, &index_dir, &BuildOptions::default()) {
            Ok(report) => {
                eprintln!("fouille: {}", summary(&report, corpus, &index_dir));
            }
            Err(e) if is_build_in_progress(&e) => {
                eprintln!("fouille: another process is building the index: waiting for it");
                index_dir.wait_for_build()?;
            }
            Err(e) => return Err(e),
        }
    }
    Ok(index_dir)
}

/// `engine` with the groups of the synonyms file `file` (`--synonyms`)
/// too.
pub fn with_synonyms(engine: Engine, file: Option<&Path>) -> Result<Engine> {
    Ok(match file {
        Some(path) => engine.with_synonyms(fouille_query::Synonyms::read(path)?),
        None => engine,
    })
}

/// Opens the index of `located`, building it on first use, refusing one
/// built from another corpus than the one named, and rebuilding it first
/// when files of its corpus were added, changed or removed since its
/// build (a stale index cites lines that moved). Where it cannot be
/// rebuilt (a read-only index), it answers with a warning.
pub fn open_fresh(located: &Located) -> Result<Engine> {
    open_fresh_flagged(located).map(|(engine, _)| engine)
}

/// [`open_fresh`], with why the index answers stale when it does (its
/// corpus gone, or changed and the index cannot be rebuilt): `--json`
/// output carries it as `stale`, as the server's answers do.
pub fn open_fresh_flagged(located: &Located) -> Result<(Engine, Option<String>)> {
    let index_dir = ensure(located)?;
    let engine = match Engine::open(&index_dir) {
        Err(fouille_query::QueryError::Index(IngestError::IncompatibleIndex {
            found,
            corpus: Some(corpus),
            ..
        })) if corpus.is_dir() => {
            // Built by another version of fouille: its corpus is known, so
            // it is rebuilt as a stale one would be.
            eprintln!(
                "fouille: the index at {} was built by another fouille (format {found}): \
                 re-indexing {}",
                index_dir.root().display(),
                corpus.display()
            );
            let report = build(&corpus, &index_dir, &BuildOptions::default())?;
            eprintln!("fouille: {}", summary(&report, &corpus, &index_dir));
            Engine::open(&index_dir)?
        }
        opened => opened?,
    };
    check_corpus(engine.manifest(), &index_dir, located)?;
    let manifest = engine.manifest();
    let built_from = manifest.corpus_dir();
    let staleness = match manifest.changes_since_build(index_dir.root()) {
        Ok(Some(staleness)) => staleness,
        Ok(None) => return Ok((engine, None)),
        Err(_) => {
            let reason = format!(
                "the corpus the index was built from ({}) is gone: citations may point to \
                 missing files",
                built_from.display()
            );
            eprintln!(
                "fouille: warning: the index at {}: {reason}",
                index_dir.root().display()
            );
            return Ok((engine, Some(reason)));
        }
    };
    eprintln!(
        "fouille: {} changed since the index was built ({staleness}): re-indexing",
        built_from.display()
    );
    match build(&built_from, &index_dir, &BuildOptions::rebuilding(manifest)) {
        Ok(report) => {
            eprintln!("fouille: {}", summary(&report, &built_from, &index_dir));
            Ok((Engine::open(&index_dir)?, None))
        }
        Err(e) if is_build_in_progress(&e) => {
            // Another search (or `fouille index`) is re-indexing it: its
            // index is the fresh one, so wait for it and answer from it.
            eprintln!("fouille: another process is re-indexing it: waiting for it");
            index_dir.wait_for_build()?;
            Ok((Engine::open(&index_dir)?, None))
        }
        Err(error) => {
            let reason = format!(
                "{staleness} since the index was built, and it cannot be rebuilt here: \
                 {error:#}; answering from it: lines it cites may have moved"
            );
            eprintln!(
                "fouille: warning: the index at {}: {reason}",
                index_dir.root().display()
            );
            Ok((engine, Some(reason)))
        }
    }
}

/// Fails when the corpus named with `--corpus` is not the one the index
/// was built from: an index answers for its own corpus only.
fn check_corpus(manifest: &Manifest, index_dir: &IndexDir, located: &Located) -> Result<()> {
    if !located.corpus_named {
        return Ok(());
    }
    let built_from = manifest.corpus_dir();
    let given = &located.corpus;
    let given_abs = std::fs::canonicalize(given).unwrap_or_else(|_| given.to_path_buf());
    if given_abs != built_from {
        bail!(
            "the index at {} was built from {}, not {}: leave out --index to search {} \
             (it gets its own index), or rebuild this one with `{}`",
            index_dir.root().display(),
            built_from.display(),
            given.display(),
            given.display(),
            rebuild_command(index_dir.root(), Some(given))
        );
    }
    Ok(())
}

fn is_build_in_progress(error: &anyhow::Error) -> bool {
    ingest_errors(error).any(|e| matches!(e, IngestError::BuildInProgress { .. }))
}

/// The errors of fouille-ingest in the chain of `error`, found directly or
/// inside a search error.
fn ingest_errors(error: &anyhow::Error) -> impl Iterator<Item = &IngestError> {
    error.chain().filter_map(|cause| {
        cause.downcast_ref::<IngestError>().or_else(|| {
            match cause.downcast_ref::<fouille_query::QueryError>() {
                Some(fouille_query::QueryError::Index(e)) => Some(e),
                _ => None,
            }
        })
    })
}

/// The command that rebuilds the index at `index` from `corpus` (or from a
/// placeholder when the corpus is not known).
pub fn rebuild_command(index: &Path, corpus: Option<&Path>) -> String {
    let corpus = corpus.map_or_else(|| "DIR".to_string(), |c| c.display().to_string());
    format!(
        "fouille index --corpus {corpus} --index {}",
        index.display()
    )
}

/// The message for an error that the command line words itself: another
/// build running.
pub fn cli_message(error: &anyhow::Error) -> Option<String> {
    ingest_errors(error).find_map(|e| match e {
        IngestError::BuildInProgress { path } => Some(format!(
            "another `fouille index` is building the index at {}; wait for it to finish",
            path.display()
        )),
        _ => None,
    })
}

/// For an error that a rebuild of the index fixes (an index of another
/// format, or a damaged one), what to run.
pub fn rebuild_hint(error: &anyhow::Error) -> Option<String> {
    ingest_errors(error).find_map(|e| {
        let (index, corpus) = e.needs_rebuild()?;
        Some(format!(
            "rebuild it with `{}`",
            rebuild_command(index, corpus)
        ))
    })
}
