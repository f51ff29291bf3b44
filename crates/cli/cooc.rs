//! `fouille cooc`: the words that come with a word.

use std::io::Write;

use anyhow::Result;

use crate::args::CoocArgs;
use crate::output::{printable, use_colour, write_json, Style};

/// Prints the words that come with the query, highest score first.
pub fn run(args: &CoocArgs) -> Result<()> {
    let query = args.query.join(" ");
    fouille_query::ParsedQuery::parse(&query)?;
    let (engine, _stale) = crate::index::open_fresh_flagged(&args.locations.locate()?)?;
    let engine = crate::index::with_synonyms(engine, args.synonyms.as_deref())?;
    let (options, scope) = (args.study.options(), args.study.scope());
    let found = engine.cooccurrences(
        &query,
        options,
        &scope,
        args.window,
        args.limit,
        args.stop_words,
    )?;
    let mut out = std::io::stdout().lock();
    if args.json {
        return write_json(&mut out, &found);
    }
    let style = Style::new(use_colour());
    let width = found
        .collocates
        .iter()
        .map(|c| c.word.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(4, 40);
    writeln!(
        out,
        "{}{:<width$}  {:>6}  {:>9}  {:>9}{}",
        style.dim, "word", "count", "expected", "score", style.reset
    )?;
    for c in &found.collocates {
        writeln!(
            out,
            "{:<width$}  {:>6}  {:>9.2}  {:>9.2}",
            printable(&c.word, false),
            c.count,
            c.expected,
            c.score
        )?;
    }
    writeln!(
        out,
        "{}{} occurrence{} of {}, {} word{} on each side{}",
        style.dim,
        found.occurrences,
        crate::stats::plural(found.occurrences),
        query,
        found.window,
        crate::stats::plural(found.window as u64),
        style.reset
    )?;
    Ok(())
}
