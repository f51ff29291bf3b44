//! `fouille analyze`: what the analyzer makes of a text, as Elasticsearch's
//! `_analyze` shows it.

use std::io::Write;

use anyhow::Result;
use fouille_ingest::FrenchAnalyzer;

use crate::args::AnalyzeArgs;
use crate::output::write_json;

/// Analyses the text and prints its tokens.
pub fn run(args: &AnalyzeArgs) -> Result<()> {
    let text = args.text.join(" ");
    let words = FrenchAnalyzer::new().words(&text);
    let mut out = std::io::stdout().lock();
    if args.json {
        return write_json(
            &mut out,
            &serde_json::json!({ "text": text, "tokens": words }),
        );
    }
    writeln!(out, "{:>4}  {:<20} {:<11} word", "pos", "term", "bytes")?;
    for t in &words {
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
