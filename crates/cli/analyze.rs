//! `fouille analyze`: what the analyzer makes of a text, as Elasticsearch's
//! `_analyze` shows it.

use std::io::Write;

use anyhow::Result;
use fouille_ingest::FrenchAnalyzer;
use serde::Serialize;

use crate::args::AnalyzeArgs;

/// A token as printed, with the word it comes from.
#[derive(Serialize)]
struct Shown<'a> {
    term: &'a str,
    position: u32,
    start: usize,
    end: usize,
    word: &'a str,
    stop: bool,
}

/// Analyses the text and prints its tokens.
pub fn run(args: &AnalyzeArgs) -> Result<()> {
    let text = args.text.join(" ");
    let tokens = FrenchAnalyzer::new().analyze(&text);
    let shown: Vec<Shown> = tokens
        .iter()
        .map(|t| Shown {
            term: &t.term,
            position: t.position,
            start: t.start,
            end: t.end,
            word: &text[t.start..t.end],
            stop: t.stop,
        })
        .collect();
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(
            &mut out,
            &serde_json::json!({ "text": text, "tokens": shown }),
        )?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "{:>4}  {:<20} {:<11} word", "pos", "term", "bytes")?;
    for t in &shown {
        writeln!(
            out,
            "{:>4}  {:<20} {:<11} {}{}",
            t.position,
            t.term,
            format!("{}..{}", t.start, t.end),
            t.word,
            if t.stop { "  (stop word)" } else { "" }
        )?;
    }
    Ok(())
}
