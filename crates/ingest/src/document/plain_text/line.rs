//! Lines of a source file and what each one is, on its own.

use crate::analysis::is_blank_char;
use crate::document::BlockKind;

/// How one line reads, on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LineKind {
    /// Nothing but white space or punctuation.
    Blank,
    /// A Markdown table separator (`---|---|`).
    TableSeparator,
    /// A block of text: a paragraph, list item or table row.
    Block(BlockKind),
}

/// A line of the source, trimmed.
#[derive(Debug, Clone)]
pub(super) struct LineRef<'a> {
    /// 1-based line number.
    pub number: u32,
    /// Byte offset of the trimmed line in the source.
    pub start: usize,
    /// Byte offset just past the trimmed line in the source.
    pub end: usize,
    /// The trimmed line.
    pub text: &'a str,
    /// Columns of white space before it (a tab to the next multiple of 8).
    pub indent: usize,
    /// Its width in characters, indentation included.
    pub width: usize,
    /// What the line is.
    pub kind: LineKind,
}

/// Splits the source into lines (ended by `\n`, `\r\n` or a lone `\r`),
/// trimmed of white space and invisible characters, each classified.
pub(super) fn classify_lines(source: &str) -> Vec<LineRef<'_>> {
    let mut lines = Vec::new();
    for (index, (line_start, content)) in split_lines(source).enumerate() {
        let text = content.trim_start_matches(is_blank_char);
        let lead = content.len() - text.len();
        let text = text.trim_end_matches(is_blank_char);
        let indent = content[..lead].chars().fold(0, |column, c| {
            if c == '\t' {
                (column / 8 + 1) * 8
            } else {
                column + 1
            }
        });
        let start = line_start + lead;
        lines.push(LineRef {
            number: index as u32 + 1,
            start,
            end: start + text.len(),
            text,
            indent,
            width: indent + text.chars().count(),
            kind: classify(text),
        });
    }
    lines
}

/// The lines of `source` with their byte offsets, without their ends.
fn split_lines(source: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = source.as_bytes();
    let mut start = 0;
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let (line_end, next) = match bytes[at] {
                b'\n' => (at, at + 1),
                b'\r' if bytes.get(at + 1) == Some(&b'\n') => (at, at + 2),
                b'\r' => (at, at + 1),
                _ => {
                    at += 1;
                    continue;
                }
            };
            let line = (start, &source[start..line_end]);
            start = next;
            at = next;
            return Some(line);
        }
        if start < bytes.len() {
            let line = (start, &source[start..]);
            start = bytes.len();
            return Some(line);
        }
        None
    })
}

/// True for a Markdown heading: one to six `#` and a space.
pub(super) fn is_markdown_heading(line: &str) -> bool {
    let hashes = line.len() - line.trim_start_matches('#').len();
    (1..=6).contains(&hashes) && line[hashes..].starts_with(' ')
}

/// A heading's text without its Markdown `#` marks.
pub(super) fn heading_text(line: &str) -> &str {
    if is_markdown_heading(line) {
        line.trim_start_matches('#').trim()
    } else {
        line
    }
}

fn classify(line: &str) -> LineKind {
    if !line.chars().any(char::is_alphanumeric) {
        let is_separator = line.contains('-') && line.contains('|');
        return if is_separator {
            LineKind::TableSeparator
        } else {
            LineKind::Blank
        };
    }
    if line.matches('|').count() >= 2 {
        return LineKind::Block(BlockKind::TableRow);
    }
    if is_list_item(line) {
        return LineKind::Block(BlockKind::ListItem);
    }
    LineKind::Block(BlockKind::Paragraph)
}

fn is_list_item(line: &str) -> bool {
    let mut chars = line.chars();
    match chars.next() {
        Some('-' | '*' | '+' | '•' | '◦' | '‣' | '▪' | '–' | '—') => {
            chars.next().is_some_and(char::is_whitespace)
        }
        Some(c) if c.is_ascii_digit() => {
            let rest = line.trim_start_matches(|c: char| c.is_ascii_digit());
            let mut rest = rest.chars();
            matches!(rest.next(), Some('.' | ')')) && rest.next().is_some_and(char::is_whitespace)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(source: &str) -> Vec<LineKind> {
        classify_lines(source).into_iter().map(|l| l.kind).collect()
    }

    #[test]
    fn classifies_blocks() {
        use BlockKind::*;
        assert_eq!(
            kinds("Texte.\n- item\n• item\n12. item\nA | B |\n---|---|\n \n…\n"),
            [
                LineKind::Block(Paragraph),
                LineKind::Block(ListItem),
                LineKind::Block(ListItem),
                LineKind::Block(ListItem),
                LineKind::Block(TableRow),
                LineKind::TableSeparator,
                LineKind::Blank,
                LineKind::Blank,
            ]
        );
    }

    #[test]
    fn trims_white_space_and_keeps_offsets() {
        let source = "  • item\r\n\u{00A0}Texte.\u{00A0}\r\n";
        let lines = classify_lines(source);
        assert_eq!(&source[lines[0].start..lines[0].end], "• item");
        assert_eq!(&source[lines[1].start..lines[1].end], "Texte.");
        assert_eq!(lines[1].number, 2);
    }

    #[test]
    fn every_line_ending_counts() {
        let source = "un\ndeux\r\ntrois\rquatre";
        let lines: Vec<&str> = classify_lines(source)
            .iter()
            .map(|l| &source[l.start..l.end])
            .collect();
        assert_eq!(lines, ["un", "deux", "trois", "quatre"]);
        let numbers: Vec<u32> = classify_lines(source).iter().map(|l| l.number).collect();
        assert_eq!(numbers, [1, 2, 3, 4]);
    }

    #[test]
    fn markdown_headings() {
        assert!(is_markdown_heading("# Titre"));
        assert!(is_markdown_heading("### Section"));
        assert!(!is_markdown_heading("#hashtag"));
        assert_eq!(heading_text("## Résultats"), "Résultats");
        assert_eq!(heading_text("Résultats"), "Résultats");
    }
}
