//! `fouille search`.

use std::io::Write;

use anyhow::{bail, Result};
use fouille_query::{Citation, Engine, Note, RowFormat, RowWriter, Scope, SearchOptions};

use crate::args::{Format, SearchArgs};
use crate::output::{
    citation_line, file_place, marked, one_line, printable, use_colour, write_context, write_json,
    Style,
};

/// Searches and prints the hits.
pub fn run(args: &SearchArgs) -> Result<()> {
    let query = args.query.join(" ");
    // Refuse an unusable query before doing any work (such as a build).
    fouille_query::ParsedQuery::parse(&query)?;
    let (engine, stale) = crate::index::open_fresh_flagged(&args.locations.locate()?)?;
    let engine = crate::index::with_synonyms(engine, args.synonyms.as_deref())?;
    let options = SearchOptions {
        limit: args.limit,
        offset: args.offset,
        explain: args.explain,
        include_furniture: args.include_boilerplate,
        exact: args.exact,
    };
    let scope = Scope {
        filter: args.filter.clone(),
        sort: args.sort.clone(),
        facets: args.facets.clone(),
    };
    if args.all {
        return export_all(&engine, &query, options, &scope, args.format);
    }
    let results = engine.search_in(&query, options, &scope)?;
    let parsed = &results.parsed;
    print_notes(&results.notes, parsed.phrases.len() - parsed.required_words);
    let mut out = std::io::stdout().lock();
    let format = if args.json { Format::Json } else { args.format };
    match format {
        Format::Json => {
            return write_json(
                &mut out,
                &fouille_query::Flagged {
                    answer: &results,
                    stale: stale.as_deref(),
                },
            )
        }
        Format::Lines => {
            for hit in &results.hits {
                write_line(&mut out, &hit.citation)?;
            }
            return Ok(());
        }
        Format::Csv | Format::Tsv | Format::Jsonl => {
            let extra = engine.fields().other_names();
            let mut rows = RowWriter::with_fields(out, row_format(format), extra)?;
            for hit in &results.hits {
                rows.row(&hit.citation)?;
            }
            let _stdout = rows.finish()?;
            return Ok(());
        }
        Format::Text => {}
    }
    let style = Style::new(use_colour());
    for hit in &results.hits {
        if args.context > 0 {
            let around = engine.passage(&hit.citation.id, args.context)?;
            write_context(&mut out, &around.before, &style)?;
            write_hit(&mut out, hit, &style)?;
            write_context(&mut out, &around.after, &style)?;
            writeln!(out, "{}--{}", style.dim, style.reset)?;
            continue;
        }
        write_hit(&mut out, hit, &style)?;
    }
    for (field, counts) in results.facets.iter().flatten() {
        let mut counts: Vec<(&String, &u64)> = counts.iter().collect();
        counts.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let values: Vec<String> = counts
            .iter()
            .map(|(value, n)| format!("{} {n}", printable(value, false)))
            .collect();
        writeln!(
            out,
            "{}{field}:{} {}",
            style.dim,
            style.reset,
            if values.is_empty() {
                "(none)".to_string()
            } else {
                values.join(" · ")
            }
        )?;
    }
    let shown = results.hits.len();
    writeln!(
        out,
        "{}{} of {} matching passage{} shown ({} µs){}",
        style.dim,
        shown,
        results.total_hits,
        if results.total_hits == 1 { "" } else { "s" },
        results.took_us,
        style.reset
    )?;
    Ok(())
}

/// One hit: rank, citation, id and score, the passage with its matched
/// words marked, and `--explain`'s lines.
fn write_hit(out: &mut impl Write, hit: &fouille_query::SearchHit, style: &Style) -> Result<()> {
    let furniture = hit
        .citation
        .furniture
        .as_ref()
        .map(|rule| format!(" · page furniture: {rule}"))
        .unwrap_or_default();
    writeln!(
        out,
        "{:>2}. {}  {}[{} · score {:.2}{furniture}]{}",
        hit.rank,
        citation_line(
            &hit.citation,
            &hit.title_highlights,
            &hit.section_highlights,
            style
        ),
        style.dim,
        printable(&hit.citation.id, false),
        hit.score,
        style.reset
    )?;
    writeln!(
        out,
        "    {}\n",
        marked(&hit.citation.text, &hit.highlights, true, style, "")
    )?;
    if !hit.also_at.is_empty() {
        // Near duplicates folded into this hit: every place is cited.
        let places: Vec<String> = hit
            .also_at
            .iter()
            .map(|l| {
                format!(
                    "{} [{}]",
                    file_place(&l.file, l.line, l.page, l.line_on_page),
                    printable(&l.id, false)
                )
            })
            .collect();
        writeln!(
            out,
            "{}    also at: {}{}\n",
            style.dim,
            places.join(", "),
            style.reset
        )?;
    }
    if let Some(explanation) = &hit.explain {
        write_explanation(out, explanation, style)?;
    }
    Ok(())
}

/// The `--explain` lines of a hit.
fn write_explanation(
    out: &mut impl Write,
    e: &fouille_query::Explanation,
    style: &Style,
) -> std::io::Result<()> {
    for m in &e.matches {
        let spelling = if m.synonym {
            format!(" (synonym of {})", m.word)
        } else if m.distance > 0 {
            format!(
                " (for {}, {} edit{})",
                m.word,
                m.distance,
                if m.distance > 1 { "s" } else { "" }
            )
        } else {
            String::new()
        };
        writeln!(
            out,
            "{}    {:<8} {:<16}{} bm25 {:.3}{}",
            style.dim, m.field, m.term, spelling, m.bm25, style.reset
        )?;
    }
    if e.phrases_bm25 > 0.001 {
        writeln!(
            out,
            "{}    quoted phrases   bm25 {:.3}{}",
            style.dim, e.phrases_bm25, style.reset
        )?;
    }
    if !e.missing.is_empty() {
        writeln!(
            out,
            "{}    not found: {}{}",
            style.dim,
            e.missing.join(", "),
            style.reset
        )?;
    }
    // Said only of a hit that a close spelling found: not of one found by
    // a phrase or by its heading alone.
    let close_only = if e.exact || !e.matches.iter().any(|m| m.distance > 0) {
        String::new()
    } else {
        format!(
            "  (close spellings only: they count at ×{} or less)",
            fouille_query::weights::ONE_EDIT_WEIGHT
        )
    };
    let mut factors = String::new();
    if e.kind_factor != 1.0 {
        factors.push_str(&format!(" × kind ×{:.2}", e.kind_factor));
    }
    if e.length_factor != 1.0 {
        factors.push_str(&format!(" × fragment ×{:.2}", e.length_factor));
    }
    writeln!(
        out,
        "{}    bm25 {:.3} × coverage {:.2} (×{:.2}) × proximity {:.2} (×{:.2}) × answer ×{:.2}{} = own {:.3}\n    \
         own × article {:.2} (×{:.2}) + neighbours {:.3} × {} = {:.3}{}{}\n",
        style.dim,
        e.bm25,
        e.coverage,
        e.coverage_factor,
        e.proximity,
        e.proximity_factor,
        e.answer_factor,
        factors,
        e.own,
        e.article,
        e.article_factor,
        e.neighbours,
        fouille_query::weights::NEIGHBOUR_WEIGHT,
        e.score,
        close_only,
        style.reset
    )
}

/// `file:line:text`, as grep prints it: one line a hit, the passage's own
/// line breaks made spaces.
fn write_line(out: &mut impl Write, c: &Citation) -> Result<()> {
    writeln!(
        out,
        "{}:{}",
        file_place(&c.file, c.line, c.page, c.line_on_page),
        one_line(&c.text)
    )?;
    Ok(())
}

/// `search --all`: every match, in corpus order, as rows of `format` (CSV
/// unless another table or lines are asked for), streamed; the count on
/// standard error.
fn export_all(
    engine: &Engine,
    query: &str,
    options: SearchOptions,
    scope: &Scope,
    format: Format,
) -> Result<()> {
    let format = match format {
        Format::Text => Format::Csv,
        Format::Json => bail!("--all streams rows: use --format jsonl for JSON, one object a line"),
        other => other,
    };
    let matches = engine.matches_in(query, options, scope)?;
    print_notes(matches.notes(), 0);
    let total = matches.len();
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    if format == Format::Lines {
        let mut out = out;
        for citation in matches {
            write_line(&mut out, &citation?)?;
        }
        out.flush()?;
    } else {
        let extra = engine.fields().other_names();
        let mut rows = RowWriter::with_fields(out, row_format(format), extra)?;
        for citation in matches {
            rows.row(&citation?)?;
        }
        let _stdout = rows.finish()?;
    }
    eprintln!(
        "fouille: {total} passage{} exported",
        if total == 1 { "" } else { "s" }
    );
    Ok(())
}

/// Prints what the search says of itself (`phrases`: how many quoted
/// phrases the query has), one note a line on standard error.
pub(crate) fn print_notes(notes: &[Note], phrases: usize) {
    for note in notes {
        let text = match note {
            Note::PhraseNotFound => format!(
                "no passage holds {} in its text, its section heading or its title; \
                 search without the quotes to find the words apart",
                if phrases == 1 {
                    "the quoted phrase"
                } else {
                    "all the quoted phrases"
                }
            ),
            Note::RequiredNotFound => format!(
                "no passage holds every required word{} in its text, its section heading \
                 or its title; search without + and AND to rank the passages holding some",
                match phrases {
                    0 => "",
                    1 => " and the quoted phrase",
                    _ => " and all the quoted phrases",
                }
            ),
            Note::FurnitureLeftOut { passages } => format!(
                "{passages} passage{} of page furniture (navigation, newsletter boxes, \
                 credits, running heads, tables of contents) match{}, left out of the results: add --include-boilerplate to see {}",
                if *passages == 1 { "" } else { "s" },
                if *passages == 1 { "es" } else { "" },
                if *passages == 1 { "it" } else { "them" }
            ),
            Note::NothingToSearch {
                only_excludes: true,
            } => "this query only excludes: give at least one word to search for".to_string(),
            Note::NothingToSearch {
                only_excludes: false,
            } => "no searchable word in this query (only operators such as OR, punctuation, symbols or elisions)"
                .to_string(),
            Note::PrefixTooShort { prefix, letters } => format!(
                "{prefix}: a word beginning needs {letters} letters at least before its `*`; \
                 it was searched as a word"
            ),
            Note::PrefixCut { prefix, searched } => format!(
                "{prefix} begins more words of the corpus than are searched: \
                 the {searched} most frequent were; type more letters to narrow it"
            ),
        };
        eprintln!("fouille: note: {text}");
    }
}

/// The table format of a `--format` that is one.
fn row_format(format: Format) -> RowFormat {
    match format {
        Format::Tsv => RowFormat::Tsv,
        Format::Jsonl => RowFormat::Jsonl,
        _ => RowFormat::Csv,
    }
}
