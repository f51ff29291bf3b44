//! `fouille eval`: relevance on a judgements file.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use fouille_ingest::{BuildOptions, IndexDir};
use fouille_query::eval::{evaluate, load_judgements, EvalReport, Means};
use fouille_query::Engine;

use crate::args::EvalArgs;
use crate::output::write_json;

/// A temporary index directory, removed when dropped.
struct TempIndex(PathBuf);

impl Drop for TempIndex {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Scores the engine on the judgements and prints the report.
pub fn run(args: &EvalArgs) -> Result<()> {
    let judgements = load_judgements(&args.qrels)?;
    if judgements.is_empty() {
        anyhow::bail!("no judgements in {}", args.qrels.display());
    }
    let mut _temp = None;
    let index_dir = match (&args.corpus, &args.index) {
        (Some(corpus), _) => {
            let path = std::env::temp_dir().join(format!("fouille-eval-{}", std::process::id()));
            _temp = Some(TempIndex(path.clone()));
            let index_dir = IndexDir::new(&path);
            crate::index::build(corpus, &index_dir, &BuildOptions::default())?;
            index_dir
        }
        (None, Some(index)) => IndexDir::new(index),
        (None, None) => crate::index::ensure(
            &crate::args::Locations {
                corpus: None,
                index: None,
            }
            .locate()?,
        )?,
    };
    let engine = Engine::open(&index_dir)
        .with_context(|| format!("cannot open the index at {}", index_dir.root().display()))?;
    let engine = crate::index::with_synonyms(engine, args.synonyms.as_deref())?;
    let report = evaluate(&engine, &judgements)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        return write_json(&mut out, &report);
    }
    print_report(&mut out, &report, args.worst)?;
    Ok(())
}

fn means_line(means: &Means) -> String {
    format!(
        "nDCG@10 {:.3}  MRR@10 {:.3}  Recall@10 {:.3}",
        means.ndcg, means.mrr, means.recall
    )
}

fn print_report(out: &mut impl Write, report: &EvalReport, worst: usize) -> std::io::Result<()> {
    writeln!(
        out,
        "{} queries  {}",
        report.overall.queries,
        means_line(&report.overall)
    )?;
    writeln!(out, "by kind:")?;
    for (kind, means) in &report.by_kind {
        writeln!(
            out,
            "  {kind:<10} {:>3}  {}",
            means.queries,
            means_line(means)
        )?;
    }
    writeln!(
        out,
        "negatives with no hits: {}/{}",
        report.negatives_passed, report.negatives
    )?;
    let mut judged: Vec<_> = report.queries.iter().filter(|q| q.ndcg.is_some()).collect();
    judged.sort_by(|a, b| {
        a.ndcg
            .partial_cmp(&b.ndcg)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let failed_negatives = report
        .queries
        .iter()
        .filter(|q| q.ndcg.is_none() && q.hits > 0);
    if worst > 0 {
        writeln!(out, "worst queries:")?;
        for q in failed_negatives {
            writeln!(
                out,
                "  {:<8} {:<10} {} hits on a negative  {}",
                q.id, q.kind, q.hits, q.query
            )?;
        }
        for q in judged.iter().take(worst) {
            writeln!(
                out,
                "  {:<8} {:<10} nDCG {:.3}  {}",
                q.id,
                q.kind,
                q.ndcg.unwrap_or(0.0),
                q.query
            )?;
        }
    }
    Ok(())
}
