//! Printing for people: colour on a terminal only, plain text otherwise.

use std::io::{IsTerminal, Write};

use fouille_query::Citation;

/// Whether to colour the output: only on a terminal, and never when
/// `NO_COLOR` is set (https://no-color.org).
pub fn use_colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// ANSI styles, empty when colour is off.
pub struct Style {
    /// Highlighted words.
    pub mark: &'static str,
    /// Citations.
    pub cite: &'static str,
    /// Secondary text.
    pub dim: &'static str,
    /// Back to normal.
    pub reset: &'static str,
}

impl Style {
    /// The styles for this output.
    pub fn new(colour: bool) -> Self {
        if colour {
            Style {
                mark: "\x1b[1;31m",
                cite: "\x1b[35m",
                dim: "\x1b[2m",
                reset: "\x1b[0m",
            }
        } else {
            Style {
                mark: "",
                cite: "",
                dim: "",
                reset: "",
            }
        }
    }
}

/// `file:line  Title › Section`, the human form of a citation.
pub fn citation_line(citation: &Citation) -> String {
    let mut place = citation.title.clone();
    if !citation.section.is_empty() {
        place.push_str(" › ");
        place.push_str(&citation.section);
    }
    format!("{}:{}  {}", citation.file, citation.line, place)
}

/// Writes `text` with the byte ranges `marks` highlighted, indented.
pub fn write_marked(
    out: &mut impl Write,
    text: &str,
    marks: &[[usize; 2]],
    style: &Style,
) -> std::io::Result<()> {
    let mut at = 0;
    write!(out, "    ")?;
    for &[start, end] in marks {
        if start < at
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        write!(
            out,
            "{}{}{}{}",
            &text[at..start],
            style.mark,
            &text[start..end],
            style.reset
        )?;
        at = end;
    }
    writeln!(out, "{}", &text[at..])
}
