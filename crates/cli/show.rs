//! `fouille show`.

use std::io::Write;

use anyhow::Result;

use crate::args::ShowArgs;
use crate::output::{
    citation_line, line_label, printable, use_colour, write_context, write_json, Style,
};

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
            &fouille_query::Flagged {
                answer: &context,
                stale: stale.as_deref(),
            },
        );
    }
    let style = Style::new(use_colour());
    writeln!(
        out,
        "{}  {}[{}]{}",
        citation_line(&context.passage, &[], &[], &style),
        style.dim,
        printable(&context.passage.id, false),
        style.reset
    )?;
    write_context(&mut out, &context.before, &style)?;
    writeln!(
        out,
        "{}> {:>5}  {}{}",
        style.mark,
        line_label(
            context.passage.line,
            context.passage.page,
            context.passage.line_on_page
        ),
        printable(&context.passage.text, true),
        style.reset
    )?;
    write_context(&mut out, &context.after, &style)?;
    Ok(())
}
