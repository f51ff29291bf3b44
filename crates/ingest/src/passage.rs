//! Passage segmentation: cutting an article into the units a reader cites.
//!
//! A passage is a paragraph, a list item or a table row: one non-blank line of
//! the source. Markdown table separators (`---|---|`) are not passages. A
//! heading — a short line with no closing punctuation, followed by text — is
//! not a passage either: it becomes the `section` of the passages under it,
//! and the article's first heading is its title. A line longer than
//! [`MAX_PASSAGE_CHARS`] is cut at sentence boundaries (at word boundaries for
//! a sentence that long, at character boundaries for a word that long).
//!
//! Every passage keeps the exact byte range of its text in the source, so
//! that `&source[start..end] == text` always holds.

use unicode_segmentation::UnicodeSegmentation;

/// Longest passage, in characters. Longer paragraphs are cut into several
/// passages.
pub const MAX_PASSAGE_CHARS: usize = 1500;

/// Longest line, in characters, that can be a heading.
const MAX_HEADING_CHARS: usize = 160;

/// What kind of block of the source a passage is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PassageKind {
    /// A paragraph of running text.
    Paragraph,
    /// An item of a bulleted or numbered list.
    ListItem,
    /// A row of a table (cells separated by `|`).
    TableRow,
}

/// One passage of an article, located in its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// 1-based line of the source where the passage starts.
    pub line: u32,
    /// 1-based part number when a long line was cut into several passages;
    /// 1 for a passage that is a whole line.
    pub part: u32,
    /// Byte offset of the passage's first byte in the source.
    pub start: usize,
    /// Byte offset just past the passage's last byte in the source.
    pub end: usize,
    /// What block of the source the passage is.
    pub kind: PassageKind,
    /// The heading the passage stands under, if any other than the title.
    pub section: Option<String>,
}

/// An article cut into passages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// The article's first heading, if it has one.
    pub title: Option<String>,
    /// The passages, in source order.
    pub passages: Vec<Passage>,
}

/// How one line of the source reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Blank,
    TableSeparator,
    Block(PassageKind),
}

struct Line {
    number: u32,
    start: usize,
    end: usize,
    kind: LineKind,
}

/// Cuts `source` into passages, with the title and section of each.
pub fn segment(source: &str) -> Article {
    let lines = classify_lines(source);
    let mut title: Option<String> = None;
    let mut section: Option<String> = None;
    let mut passages = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let LineKind::Block(kind) = line.kind else {
            continue;
        };
        let text = &source[line.start..line.end];
        let followed_by_text = lines[i + 1..]
            .iter()
            .find(|l| l.kind != LineKind::Blank)
            .is_some_and(|l| matches!(l.kind, LineKind::Block(_)));
        if kind == PassageKind::Paragraph && followed_by_text && is_heading(text) {
            if title.is_none() {
                title = Some(text.to_string());
                section = None;
            } else {
                section = Some(text.to_string());
            }
            continue;
        }
        for (part, (start, end)) in cut_long(text).into_iter().enumerate() {
            passages.push(Passage {
                line: line.number,
                part: part as u32 + 1,
                start: line.start + start,
                end: line.start + end,
                kind,
                section: section.clone(),
            });
        }
    }
    Article { title, passages }
}

fn classify_lines(source: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut offset = 0;
    for (index, raw) in source.split_inclusive('\n').enumerate() {
        let line_start = offset;
        offset += raw.len();
        let content = raw.trim_end_matches(['\n', '\r']);
        let trimmed_start = content.len() - content.trim_start_matches(is_blank_char).len();
        let trimmed = content.trim_matches(is_blank_char);
        let start = line_start + trimmed_start;
        let kind = classify(trimmed);
        lines.push(Line {
            number: index as u32 + 1,
            start,
            end: start + trimmed.len(),
            kind,
        });
    }
    lines
}

fn is_blank_char(c: char) -> bool {
    c.is_whitespace() || super::analysis::chars::is_ignorable(c)
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
        return LineKind::Block(PassageKind::TableRow);
    }
    if is_list_item(line) {
        return LineKind::Block(PassageKind::ListItem);
    }
    LineKind::Block(PassageKind::Paragraph)
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

/// A heading is short, starts with a capital or a digit, and has no closing
/// punctuation (a question mark is allowed: titles ask questions).
fn is_heading(line: &str) -> bool {
    let Some(first) = line.chars().find(|c| c.is_alphanumeric()) else {
        return false;
    };
    let last = line.chars().next_back().unwrap_or(' ');
    line.chars().count() <= MAX_HEADING_CHARS
        && !first.is_lowercase()
        && !matches!(last, '.' | ',' | ';' | ':' | '!' | '…')
}

/// Byte ranges (within `text`) of the pieces of a line, each at most
/// [`MAX_PASSAGE_CHARS`] characters, trimmed.
fn cut_long(text: &str) -> Vec<(usize, usize)> {
    if text.len() <= MAX_PASSAGE_CHARS || text.chars().count() <= MAX_PASSAGE_CHARS {
        return vec![(0, text.len())];
    }
    let mut pieces = Vec::new();
    let sentences: Vec<(usize, &str)> = text.split_sentence_bound_indices().collect();
    pack(text, 0, &sentences, &mut pieces);
    pieces
}

/// Greedily packs consecutive units (sentences, then words, then characters)
/// into pieces of at most [`MAX_PASSAGE_CHARS`] characters.
fn pack(text: &str, base: usize, units: &[(usize, &str)], out: &mut Vec<(usize, usize)>) {
    let mut current: Option<(usize, usize, usize)> = None; // (start, end, chars)
    let flush = |piece: Option<(usize, usize, usize)>, out: &mut Vec<(usize, usize)>| {
        if let Some((s, e, _)) = piece {
            let slice = &text[s..e];
            let lead = slice.len() - slice.trim_start_matches(is_blank_char).len();
            let trimmed = slice.trim_matches(is_blank_char);
            if !trimmed.is_empty() {
                out.push((base + s + lead, base + s + lead + trimmed.len()));
            }
        }
    };
    for &(offset, unit) in units {
        let unit_chars = unit.chars().count();
        if unit_chars > MAX_PASSAGE_CHARS {
            flush(current.take(), out);
            let mut sub = Vec::new();
            let words: Vec<(usize, &str)> = unit.split_word_bound_indices().collect();
            let smaller: Vec<(usize, &str)> = if words.len() > 1 {
                words
            } else {
                unit.char_indices()
                    .map(|(i, c)| (i, &unit[i..i + c.len_utf8()]))
                    .collect()
            };
            pack(unit, 0, &smaller, &mut sub);
            out.extend(
                sub.into_iter()
                    .map(|(s, e)| (base + offset + s, base + offset + e)),
            );
            continue;
        }
        current = match current {
            Some((s, e, n)) if n + unit_chars <= MAX_PASSAGE_CHARS => {
                debug_assert_eq!(e, offset);
                Some((s, offset + unit.len(), n + unit_chars))
            }
            previous => {
                flush(previous, out);
                Some((offset, offset + unit.len(), unit_chars))
            }
        };
    }
    flush(current, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(source: &'a str, article: &Article) -> Vec<&'a str> {
        article
            .passages
            .iter()
            .map(|p| &source[p.start..p.end])
            .collect()
    }

    #[test]
    fn lines_are_passages_and_headings_are_sections() {
        let source = "Titre de l’article\nPremier paragraphe.\nUne section\n- un item : oui.\nA | B |\n---|---|\nx | y |\n";
        let article = segment(source);
        assert_eq!(article.title.as_deref(), Some("Titre de l’article"));
        assert_eq!(
            texts(source, &article),
            [
                "Premier paragraphe.",
                "- un item : oui.",
                "A | B |",
                "x | y |"
            ]
        );
        let kinds: Vec<PassageKind> = article.passages.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [
                PassageKind::Paragraph,
                PassageKind::ListItem,
                PassageKind::TableRow,
                PassageKind::TableRow
            ]
        );
        assert_eq!(article.passages[0].section, None);
        assert_eq!(article.passages[1].section.as_deref(), Some("Une section"));
        let lines: Vec<u32> = article.passages.iter().map(|p| p.line).collect();
        assert_eq!(lines, [2, 4, 5, 7]);
    }

    #[test]
    fn a_short_last_line_is_a_passage_not_a_heading() {
        let source = "Titre\nTexte.\nAntonin Tabard";
        let article = segment(source);
        assert_eq!(texts(source, &article), ["Texte.", "Antonin Tabard"]);
    }

    #[test]
    fn question_headings_and_blank_line_separated_paragraphs() {
        let source = "Chapitre 1. Vue d'ensemble\n\nQuel est le sens de ce mot ?\n\nLe nom est prononcé ainsi.\n";
        let article = segment(source);
        assert_eq!(article.title.as_deref(), Some("Chapitre 1. Vue d'ensemble"));
        assert_eq!(texts(source, &article), ["Le nom est prononcé ainsi."]);
        assert_eq!(
            article.passages[0].section.as_deref(),
            Some("Quel est le sens de ce mot ?")
        );
        assert_eq!(article.passages[0].line, 5);
    }

    #[test]
    fn indented_items_and_crlf_keep_exact_offsets() {
        let source = "Titre\r\n  • Dernière modification :20 janvier 2025\r\n\u{00A0}Texte final.\u{00A0}\r\n";
        let article = segment(source);
        assert_eq!(
            texts(source, &article),
            ["• Dernière modification :20 janvier 2025", "Texte final."]
        );
        assert_eq!(article.passages[0].kind, PassageKind::ListItem);
    }

    #[test]
    fn long_paragraphs_are_cut_at_sentences() {
        let sentence = "Une phrase de longueur moyenne qui parle de santé numérique. ";
        let paragraph = sentence.repeat(60);
        let source = format!("Titre\n{paragraph}\nFin.");
        let article = segment(&source);
        let pieces = texts(&source, &article);
        assert!(pieces.len() >= 3, "{}", pieces.len());
        for piece in &pieces {
            assert!(piece.chars().count() <= MAX_PASSAGE_CHARS);
            assert!(!piece.starts_with(' ') && !piece.ends_with(' '));
        }
        let parts: Vec<u32> = article.passages.iter().map(|p| p.part).collect();
        assert_eq!(parts[..3], [1, 2, 3]);
        assert!(article
            .passages
            .iter()
            .take(pieces.len() - 1)
            .all(|p| p.line == 2));
        assert!(pieces[0].starts_with("Une phrase") && pieces[0].ends_with("numérique."));
    }

    #[test]
    fn a_huge_word_is_cut_at_characters() {
        let source = format!("Titre\n{}", "é".repeat(4000));
        let article = segment(&source);
        let pieces = texts(&source, &article);
        assert_eq!(pieces.len(), 3);
        assert_eq!(
            pieces.iter().map(|p| p.chars().count()).sum::<usize>(),
            4000
        );
    }

    #[test]
    fn empty_and_blank_sources_have_no_passages() {
        assert!(segment("").passages.is_empty());
        assert!(segment("\n \n\t\n").passages.is_empty());
    }
}
