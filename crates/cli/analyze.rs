//! `fouille analyze`: what the analyzer makes of a text, as Elasticsearch's
//! `_analyze` shows it.

use std::io::Write;

use anyhow::{Context, Result};
use fouille_ingest::{FrenchAnalyzer, IndexDir};
use fouille_query::{Engine, SynonymSource, Synonyms};

use crate::args::AnalyzeArgs;
use crate::output::write_json;

/// Analyses the text and prints its tokens, and the synonyms it would be
/// searched with when an index or a synonyms file is given.
pub fn run(args: &AnalyzeArgs) -> Result<()> {
    let text = args.text.join(" ");
    let words = FrenchAnalyzer::new().words(&text);
    let mut synonyms = Synonyms::default();
    let mut names = Vec::new();
    if let Some(dir) = &args.index {
        let engine = Engine::open(&IndexDir::new(dir))
            .with_context(|| format!("cannot open the index at {}", dir.display()))?;
        synonyms = engine.synonyms().clone();
        names = engine.names_in(&text)?;
    }
    if let Some(path) = &args.synonyms {
        synonyms.extend(Synonyms::read(path)?);
    }
    let mut expansions = synonyms.in_text(&text);
    expansions.extend(names);
    let mut out = std::io::stdout().lock();
    if args.json {
        return write_json(
            &mut out,
            &serde_json::json!({ "text": text, "tokens": words, "synonyms": expansions }),
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
    for e in &expansions {
        let source = match &e.source {
            SynonymSource::File { path, line } => format!("{}:{line}", path.display()),
            SynonymSource::Corpus { count } => {
                format!("defined in the corpus, {count} time{}", plural(*count))
            }
            SynonymSource::Name { count } => {
                format!(
                    "a name the corpus writes, in {count} passage{}",
                    plural(*count)
                )
            }
            SynonymSource::Derived => "a regular derivation the corpus holds".to_string(),
        };
        let how = if e.terms.len() > 1 {
            " (as a phrase)"
        } else {
            ""
        };
        let kind = match e.source {
            SynonymSource::Name { .. } => "name",
            SynonymSource::Derived => "derived",
            _ => "synonym",
        };
        writeln!(
            out,
            "{kind}: {} → {}{how}  [{source}]",
            e.words.join(" "),
            e.synonym
        )?;
    }
    Ok(())
}

fn plural(n: u32) -> &'static str {
    if n > 1 {
        "s"
    } else {
        ""
    }
}
