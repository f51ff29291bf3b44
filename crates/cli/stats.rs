//! `fouille stats`: how a query is spread over the corpus.

use std::io::Write;

use anyhow::Result;

use crate::args::StatsArgs;
use crate::output::{printable, use_colour, write_json, Style};

/// Prints the query's spread over the groups asked for.
pub fn run(args: &StatsArgs) -> Result<()> {
    let query = args.query.join(" ");
    fouille_query::ParsedQuery::parse(&query)?;
    let (engine, _stale) = crate::index::open_fresh_flagged(&args.locations.locate()?)?;
    let engine = crate::index::with_synonyms(engine, args.synonyms.as_deref())?;
    let (options, scope) = (args.study.options(), args.study.scope());
    let stats = engine.distribution(&query, options, &scope, &args.by)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        return write_json(&mut out, &stats);
    }
    let style = Style::new(use_colour());
    let width = stats
        .groups
        .iter()
        .map(|g| g.value.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(8, 60);
    writeln!(
        out,
        "{}{:<width$}  {:>11}  {:>8}  {:>10}  {:>13}{}",
        style.dim, stats.by, "occurrences", "passages", "words", "per 10k words", style.reset
    )?;
    for group in &stats.groups {
        let value = if group.value.is_empty() {
            "(none)".to_string()
        } else {
            printable(&group.value, false).chars().take(width).collect()
        };
        writeln!(
            out,
            "{value:<width$}  {:>11}  {:>8}  {:>10}  {:>13.2}",
            group.occurrences, group.passages, group.words, group.per_10k_words
        )?;
    }
    let (o, p, w) = (
        stats.total.occurrences,
        stats.total.passages,
        stats.total.words,
    );
    writeln!(
        out,
        "{}{o} occurrence{} in {p} passage{}; {w} word{} searched{}",
        style.dim,
        plural(o),
        plural(p),
        plural(w),
        style.reset
    )?;
    Ok(())
}

/// `s` unless `n` is 1.
pub(crate) fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
