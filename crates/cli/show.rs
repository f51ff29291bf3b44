//! `fouille show`.

use std::io::Write;

use anyhow::Result;
use fouille_query::Citation;

use crate::args::ShowArgs;
use crate::output::{citation_line, printable, use_colour, write_json, Style};

/// Prints a passage and its context.
pub fn run(args: &ShowArgs) -> Result<()> {
    if args.id.trim().is_empty() {
        return Err(crate::UsageError(
            "empty passage id: give an id as `fouille search` prints it".into(),
        )
        .into());
    }
    let (engine, stale) = crate::index::open_fresh_flagged(&args.locations.locate()?)?;
    let context = engine.passage(&args.id, args.context)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        return write_json(
            &mut out,
            &crate::output::Flagged {
                answer: &context,
                stale: stale.as_deref(),
            },
        );
    }
    let style = Style::new(use_colour());
    writeln!(
        out,
        "{}  {}[{}]{}",
        citation_line(&context.passage, &[], &style),
        style.dim,
        printable(&context.passage.id, false),
        style.reset
    )?;
    let write_context = |out: &mut std::io::StdoutLock, passages: &[Citation]| -> Result<()> {
        for passage in passages {
            let furniture = passage
                .furniture
                .as_ref()
                .map(|rule| format!("  [page furniture: {rule}]"))
                .unwrap_or_default();
            writeln!(
                out,
                "{}  {:>5}  {}{furniture}{}",
                style.dim,
                passage.line,
                printable(&passage.text, true),
                style.reset
            )?;
        }
        Ok(())
    };
    write_context(&mut out, &context.before)?;
    writeln!(
        out,
        "{}> {:>5}  {}{}",
        style.mark,
        context.passage.line,
        printable(&context.passage.text, true),
        style.reset
    )?;
    write_context(&mut out, &context.after)?;
    Ok(())
}
