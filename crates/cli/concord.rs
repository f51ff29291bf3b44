//! `fouille concord`: every occurrence of a query in context.

use std::io::Write;

use anyhow::Result;
use fouille_query::{ConcordOrder, Occurrence, RowFormat};

use crate::args::{ConcordArgs, ConcordFormat, ConcordSort};
use crate::output::{file_place, printable, use_colour, write_json, Style};

/// The columns of a concordance as a table.
const COLUMNS: [&str; 9] = [
    "id", "file", "line", "start", "end", "page", "left", "match", "right",
];

/// Prints the concordance of the query.
pub fn run(args: &ConcordArgs) -> Result<()> {
    let query = args.query.join(" ");
    // Refuse an unusable query before doing any work (such as a build).
    fouille_query::ParsedQuery::parse(&query)?;
    let (engine, _stale) = crate::index::open_fresh_flagged(&args.locations.locate()?)?;
    let engine = crate::index::with_synonyms(engine, args.synonyms.as_deref())?;
    let (options, scope) = (args.study.options(), args.study.scope());
    let order = match args.sort {
        ConcordSort::Doc => ConcordOrder::Doc,
        ConcordSort::Left => ConcordOrder::Left,
        ConcordSort::Right => ConcordOrder::Right,
    };
    let concordance = engine.concordance(&query, options, &scope, args.width, order)?;
    crate::search::print_notes(&concordance.notes, 0);
    let counts = format!(
        "{} occurrence{} in {} passage{} of {} document{}",
        concordance.occurrences.len(),
        crate::stats::plural(concordance.occurrences.len() as u64),
        concordance.passages,
        crate::stats::plural(concordance.passages as u64),
        concordance.documents,
        crate::stats::plural(concordance.documents as u64),
    );
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let table = match args.format {
        ConcordFormat::Json => {
            write_json(&mut out, &concordance)?;
            return Ok(());
        }
        ConcordFormat::Jsonl => {
            for occurrence in &concordance.occurrences {
                serde_json::to_writer(&mut out, occurrence)?;
                out.write_all(b"\n")?;
            }
            out.flush()?;
            eprintln!("fouille: {counts}");
            return Ok(());
        }
        ConcordFormat::Csv => RowFormat::Csv,
        ConcordFormat::Tsv => RowFormat::Tsv,
        ConcordFormat::Text => {
            let style = Style::new(use_colour());
            for occurrence in &concordance.occurrences {
                write_line(&mut out, occurrence, args.width, &style)?;
            }
            writeln!(out, "{}{counts}{}", style.dim, style.reset)?;
            out.flush()?;
            return Ok(());
        }
    };
    table.write_record(&mut out, &COLUMNS)?;
    for o in &concordance.occurrences {
        let (line, start, end) = (o.line.to_string(), o.start.to_string(), o.end.to_string());
        let page = o.page.map(|p| p.to_string()).unwrap_or_default();
        table.write_record(
            &mut out,
            &[
                &o.id, &o.file, &line, &start, &end, &page, &o.left, &o.matched, &o.right,
            ],
        )?;
    }
    out.flush()?;
    eprintln!("fouille: {counts}");
    Ok(())
}

/// One occurrence on one line: the left context right-aligned so that
/// every match starts in the same column, the match, the right context,
/// where it is. The spaces around the match are the text's own (`l’IA`,
/// `la santé`).
fn write_line(out: &mut impl Write, o: &Occurrence, width: usize, style: &Style) -> Result<()> {
    let left = printable(&o.left, false);
    let right = printable(&o.right, false);
    // The left context may end with a space: one column more than `width`.
    let pad = |text: &str, columns: usize| columns.saturating_sub(text.chars().count());
    writeln!(
        out,
        "{}{left}{}{}{}{right}{} {}{}{}",
        " ".repeat(pad(&left, width + 1)),
        style.mark,
        printable(&o.matched, false),
        style.reset,
        " ".repeat(pad(&right, width + 1)),
        style.cite,
        file_place(&o.file, o.line, o.page, None),
        style.reset,
    )?;
    Ok(())
}
