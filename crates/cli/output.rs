//! Printing for people: colour on a terminal only, plain text otherwise;
//! and for programs: one JSON document on a line.

use std::io::{IsTerminal, Write};

use fouille_query::Citation;

use crate::args::ColorChoice;

/// Writes `value` as one line of JSON (what `--json` prints).
pub fn write_json(out: &mut impl Write, value: &impl serde::Serialize) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// Whether to colour the output: as `--color` says; by default only on a
/// terminal, never when `NO_COLOR` is set (<https://no-color.org>) or
/// `TERM` is `dumb`.
pub fn use_colour() -> bool {
    match COLOUR.get().copied().unwrap_or(ColorChoice::Auto) {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
        }
    }
}

/// The `--color` given, set once by `main`.
static COLOUR: std::sync::OnceLock<ColorChoice> = std::sync::OnceLock::new();

/// Records `--color` for [`use_colour`].
pub fn set_colour(choice: ColorChoice) {
    let _ = COLOUR.set(choice);
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

/// `text` safe to print on a terminal: control characters (escape
/// sequences that could clear the screen, retitle the window or fake
/// output, from a file name or a passage of the corpus) become `�`;
/// line breaks and tabs are kept when `lines` is true (a passage's text),
/// and replaced too otherwise (a name, which must stay on its line).
pub fn printable(text: &str, lines: bool) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && !(lines && (c == '\n' || c == '\t'));
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| if unsafe_char(c) { '\u{FFFD}' } else { c })
            .collect(),
    )
}

/// The passages around a cited one (`show -C`, `search -C`), one each:
/// its line and its text, dimmed, and its rule when it is page furniture.
pub fn write_context(
    out: &mut impl Write,
    passages: &[Citation],
    style: &Style,
) -> std::io::Result<()> {
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
            line_label(passage.line, passage.page, passage.line_on_page),
            printable(&passage.text, true),
            style.reset
        )?;
    }
    Ok(())
}

/// `text` on one line, safe to print: its line breaks made spaces, other
/// control characters `�` (see [`printable`]).
pub fn one_line(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    printable(&spaced, false).into_owned()
}

/// `file:line  Title › Section`, the human form of a citation, with the
/// byte ranges `section_marks` of the section highlighted. A passage of a
/// container's entry is `file!/entry:line` (the notation of Java's `jar:`
/// addresses), of a page with an anchor `file#anchor:line`.
pub fn citation_line(
    citation: &Citation,
    title_marks: &[[usize; 2]],
    section_marks: &[[usize; 2]],
    style: &Style,
) -> String {
    let mut place = citation.file.clone();
    if let Some(part) = &citation.part {
        place.push_str("!/");
        place.push_str(part);
    }
    if let Some(anchor) = &citation.anchor {
        place.push('#');
        place.push_str(anchor);
    }
    let mut line = format!(
        "{}{}{}  {}",
        style.cite,
        file_place(&place, citation.line, citation.page, citation.line_on_page),
        // Recognised text, not the page's own words: said beside its page.
        if citation.ocr { " (OCR)" } else { "" },
        marked(&citation.title, title_marks, false, style, style.cite)
    );
    if !citation.section.is_empty() {
        // The headings above the section, then the section, marked.
        let above = citation.headings.len().saturating_sub(1);
        for heading in &citation.headings[..above] {
            line.push_str(" › ");
            line.push_str(&printable(heading, false));
        }
        line.push_str(" › ");
        line.push_str(&marked(
            &citation.section,
            section_marks,
            false,
            style,
            style.cite,
        ));
    }
    line.push_str(style.reset);
    line
}

/// Where a passage is in its file, as `file:line`; in a PDF,
/// `file#page=N:L`, its page (a viewer opens `file#page=N` there) and its
/// line on that page.
pub fn file_place(file: &str, line: u64, page: Option<u32>, line_on_page: Option<u32>) -> String {
    match (page, line_on_page) {
        (Some(page), Some(on_page)) => format!("{}#page={page}:{on_page}", printable(file, false)),
        _ => format!("{}:{line}", printable(file, false)),
    }
}

/// A passage's line as `show` numbers its context: the line, or in a PDF
/// `p.N:L` (page and line on that page).
pub fn line_label(line: u64, page: Option<u32>, line_on_page: Option<u32>) -> String {
    match (page, line_on_page) {
        (Some(page), Some(on_page)) => format!("p.{page}:{on_page}"),
        _ => line.to_string(),
    }
}

/// `text` with the byte ranges `marks` highlighted, made [`printable`]
/// (its line breaks kept when `lines`); `after` is the style to go back to
/// after each mark.
pub fn marked(text: &str, marks: &[[usize; 2]], lines: bool, style: &Style, after: &str) -> String {
    let mut out = String::with_capacity(text.len() + marks.len() * 8);
    let mut at = 0;
    for &[start, end] in marks {
        let valid = start >= at
            && start < end
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end);
        if !valid {
            continue;
        }
        out.push_str(&printable(&text[at..start], lines));
        out.push_str(style.mark);
        out.push_str(&printable(&text[start..end], lines));
        out.push_str(style.reset);
        out.push_str(after);
        at = end;
    }
    out.push_str(&printable(&text[at..], lines));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_from_the_corpus_never_reach_the_terminal() {
        let evil = "a\u{1b}[2J\u{1b}]0;PWNED\u{7}b\u{9b}c";
        assert_eq!(
            printable(evil, true),
            "a\u{FFFD}[2J\u{FFFD}]0;PWNED\u{FFFD}b\u{FFFD}c"
        );
        assert_eq!(
            printable("ligne 1\nligne 2\tfin", true),
            "ligne 1\nligne 2\tfin"
        );
        assert_eq!(printable("nom\nde fichier", false), "nom\u{FFFD}de fichier");
        let style = Style::new(false);
        assert!(!marked(evil, &[[0, 1]], true, &style, "").contains('\u{1b}'));
    }
}
