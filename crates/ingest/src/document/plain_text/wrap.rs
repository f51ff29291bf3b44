//! Hard-wrapped text: the lines of one paragraph, joined again.
//!
//! Text files are often wrapped at a fixed width (72 or 80 columns), with
//! blank lines between paragraphs; a paragraph is then several lines, and
//! a line is no unit of meaning. Other files hold one paragraph a line,
//! whatever its length. A file is read as wrapped when its lines show the
//! mark of wrapping: most lines followed by more text are cut in the
//! middle of a sentence, and so full that the next line's first word would
//! not have fitted on them, at
//! a width of [`MIN_WRAP_WIDTH`] to [`MAX_WRAP_WIDTH`]. In a wrapped file, consecutive
//! lines of a paragraph are one block; a list item's lines are those
//! under it (with hanging indentation or without); a new bullet, a numbered
//! heading or item, a table row, a blank line or a change of indentation
//! starts a new block.
//!
//! Words hyphenated at a line end are joined without their hyphen only
//! where the hyphen was the wrap's: when the document writes the word
//! whole elsewhere and never with that hyphen, or when neither part is a
//! word the document writes anywhere else (`interopé-` / `rabilité`);
//! otherwise the hyphen is the word's own and stays (`start-` / `up`
//! where `start-up` or `up` is written elsewhere, `debian-` /
//! `private@lists.debian.org`, `co-` / `responsable`). Wrapping tools
//! (fmt, Emacs, pandoc, lynx) break lines at spaces only, so in text
//! files most line-end hyphens are the words' own: of the 89 in the three
//! wrapped manuals Debian ships in French, none is a wrap's.

use std::borrow::Cow;
use std::collections::HashMap;

use super::heading::heading_shaped;
use super::line::{LineKind, LineRef};
use crate::document::boilerplate::ends_a_sentence;
use crate::document::BlockKind;

/// Widest line of a wrapped file, in characters: wider lines are paragraphs
/// written on one line.
const MAX_WRAP_WIDTH: usize = 120;
/// Narrowest width a file is wrapped at: files of shorter lines are lists,
/// verse or notes, written a line at a time.
const MIN_WRAP_WIDTH: usize = 50;
/// Fewest line pairs that show wrapping for a file to be read as wrapped.
const MIN_WRAPS: usize = 3;

/// Consecutive lines that make one block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Group {
    /// Its first line (index in the file's lines).
    pub first: usize,
    /// Its last line.
    pub last: usize,
    /// What block it is: that of its first line.
    pub kind: BlockKind,
}

/// The blocks of a file's lines: one a non-blank line, or one a paragraph
/// for a wrapped file.
pub(super) fn group_lines(lines: &[LineRef]) -> Vec<Group> {
    let block_lines = || {
        lines.iter().enumerate().filter_map(|(i, l)| match l.kind {
            LineKind::Block(kind) => Some((i, kind)),
            _ => None,
        })
    };
    let Some(width) = wrap_width(lines) else {
        return block_lines()
            .map(|(i, kind)| Group {
                first: i,
                last: i,
                kind,
            })
            .collect();
    };
    let mut groups: Vec<Group> = Vec::new();
    for (i, mut kind) in block_lines() {
        // A numbered line shaped like a heading (`1. Les dossiers`) is one
        // in a wrapped text, where lists are bulleted and indented.
        if kind == BlockKind::ListItem
            && starts_numbered(lines[i].text)
            && lines[i].indent == 0
            && heading_shaped(lines[i].text)
        {
            kind = BlockKind::Paragraph;
        }
        match groups.last_mut() {
            Some(group)
                if group.last + 1 == i && continues(&lines[group.first..i], &lines[i], width) =>
            {
                group.last = i;
            }
            _ => groups.push(Group {
                first: i,
                last: i,
                kind,
            }),
        }
    }
    groups
}

/// The width a file is wrapped at, or `None` when it is not wrapped.
fn wrap_width(lines: &[LineRef]) -> Option<usize> {
    let mut widths: Vec<usize> = lines
        .iter()
        .filter(|l| matches!(l.kind, LineKind::Block(_)))
        .map(|l| l.width)
        .collect();
    if widths.len() < 3 {
        return None;
    }
    // Lines more than twice the median long are the few a wrapper could
    // not cut, or that were written unwrapped (a long title): in a short
    // file, one of them would be the percentile.
    widths.sort_unstable();
    let median = widths[widths.len() / 2];
    widths.retain(|&w| w <= 2 * median);
    let at = (widths.len() * 95 / 100).min(widths.len() - 1);
    let width = widths[at];
    if !(MIN_WRAP_WIDTH..=MAX_WRAP_WIDTH).contains(&width) {
        return None;
    }
    // Pairs of lines where the second could go on the first's paragraph,
    // and among them those where the first is full.
    let (mut pairs, mut wraps) = (0, 0);
    for pair in lines.windows(2) {
        let [a, b] = pair else { continue };
        let both_text = matches!(
            a.kind,
            LineKind::Block(BlockKind::Paragraph | BlockKind::ListItem)
        ) && b.kind == LineKind::Block(BlockKind::Paragraph);
        if !both_text || starts_numbered(b.text) {
            continue;
        }
        pairs += 1;
        // Cut in the middle of a sentence, between two words of it: a line
        // written a paragraph at a time ends its sentence, and lines of
        // data (logs, tables) do not go on in lower case.
        if is_full(a, b, width) && !ends_a_sentence(a.text) && goes_on_in_lower_case(b.text) {
            wraps += 1;
        }
    }
    (wraps >= MIN_WRAPS && wraps * 2 >= pairs).then_some(width)
}

/// True when `b`'s first word would (nearly) not have fitted on `a`: `a`
/// was cut there by wrapping. Wrappers that even out their lines (`fmt`)
/// cut a little earlier than they must: a tenth of the width is allowed.
fn is_full(a: &LineRef, b: &LineRef, width: usize) -> bool {
    let first_word = b.text.split(char::is_whitespace).next().unwrap_or_default();
    a.width + 1 + first_word.chars().count() + width / 10 > width
}

/// True when `b` goes on `block` (its lines so far: the first `first`, the
/// last `a`), in a file wrapped at `width`.
fn continues(block: &[LineRef], b: &LineRef, width: usize) -> bool {
    let (Some(first), Some(a)) = (block.first(), block.last()) else {
        return false;
    };
    let LineKind::Block(kind) = first.kind else {
        return false;
    };
    let mid_sentence = is_full(a, b, width) && !ends_a_sentence(a.text);
    // A line of a sentence cut just before a dash (an aside) or a year
    // followed by a full stop looks like an item, and is not one.
    let item_lookalike = b.kind == LineKind::Block(BlockKind::ListItem)
        && kind == BlockKind::Paragraph
        && mid_sentence
        && (b.text.starts_with(['—', '–', '-']) || starts_with_a_year(b.text));
    if (b.kind != LineKind::Block(BlockKind::Paragraph) && !item_lookalike)
        || starts_numbered(b.text)
    {
        return false;
    }
    // A short line shaped like a heading after a sentence's end is one
    // (a heading with no blank line around it).
    if ends_a_sentence(a.text) && b.width * 5 < width * 3 && heading_shaped(b.text) {
        return false;
    }
    let indented = match kind {
        // The item's other lines stand under its text (hanging
        // indentation) or under its bullet.
        BlockKind::ListItem => b.indent >= first.indent,
        // The lines of a paragraph stand at one indentation, its first
        // line alone perhaps further in (an indented first line); those of
        // a numbered heading perhaps under its text (`1.2. Qu'est-ce que`
        // over `     est-elle financée ?`).
        BlockKind::Paragraph => {
            let hanging = section_number(first.text)
                .is_some_and(|(_, width)| b.indent == first.indent + width);
            b.indent == a.indent || (block.len() == 1 && (b.indent < a.indent || hanging))
        }
        _ => false,
    };
    // A line well short of the width ends its paragraph (a heading, the
    // end of a paragraph), unless the next goes on in lower case.
    let goes_on = is_full(a, b, width) || goes_on_in_lower_case(b.text);
    indented && goes_on
}

/// True when `text` starts with a year and a full stop (`2019. Elle…`).
fn starts_with_a_year(text: &str) -> bool {
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    digits == 4 && text[4..].starts_with(". ")
}

/// True when `text` starts with a word in lower case (after an opening
/// bracket or quotation mark): the rest of a sentence.
fn goes_on_in_lower_case(text: &str) -> bool {
    text.trim_start_matches(['(', '«', '"', '“', ' ', '\u{a0}'])
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
}

/// The depth of a section number a line starts with (`1.` → 1, `1.2.` →
/// 2, `2.3.1.` → 3), and the width in characters of the number with the
/// spaces after it (where the heading's wrapped lines stand, under its
/// text).
pub(super) fn section_number(text: &str) -> Option<(u8, usize)> {
    if !starts_numbered(text) {
        return None;
    }
    let number = text.split(is_space).next().unwrap_or_default();
    if !number.ends_with('.') {
        return None;
    }
    let depth = number.split('.').filter(|p| !p.is_empty()).count().min(6) as u8;
    let rest = text[number.len()..].trim_start_matches(is_space);
    let width = text.chars().count() - rest.chars().count();
    Some((depth, width))
}

/// A space between a section's number and its title: typeset French
/// text puts a no-break space there (`3.1.4.\u{a0} Et si…`).
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}')
}

/// True for a line that starts with a number such as `1.`, `1.2.` or `3)`:
/// a numbered heading or item, never the rest of a paragraph.
pub(super) fn starts_numbered(text: &str) -> bool {
    let digits = text.len()
        - text
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
            .len();
    let number = &text[..digits];
    let rest = &text[digits..];
    // Section numbers have short parts (`1.2.`, `12.`), years four digits.
    if number.split('.').any(|part| part.len() > 3) {
        return false;
    }
    let dotted = number.ends_with('.') && number.starts_with(|c: char| c.is_ascii_digit());
    let closed = digits > 0 && !number.contains('.') && rest.starts_with(')');
    (dotted && rest.starts_with(is_space)) || (closed && rest[1..].starts_with(is_space))
}

/// The text of a group of lines: their texts joined by a space, a word
/// hyphenated at a line end joined as [the module says](self).
pub(super) fn group_text<'a>(
    source: &'a str,
    lines: &[LineRef<'a>],
    group: &Group,
    words: &mut Option<HashMap<String, u32>>,
) -> Cow<'a, str> {
    if group.first == group.last {
        return Cow::Borrowed(lines[group.first].text);
    }
    let mut text = String::new();
    for (i, line) in lines[group.first..=group.last].iter().enumerate() {
        if i > 0 {
            if let Some(prefix) = hyphenated_end(&text) {
                let suffix = first_word(line.text);
                if wrap_hyphen(source, words, prefix, suffix) {
                    text.pop();
                }
            } else if !broken_address(&text, line.text) {
                text.push(' ');
            }
        }
        text.push_str(line.text);
    }
    Cow::Owned(text)
}

/// True when a web address was cut at the line's end: after its scheme,
/// the next line going on with a host (`(https://` / `www.debian.org/…`),
/// or before a `/` of its path, inside the brackets that the next line
/// closes (`(https://www.debian.org` / `/CD)`). Its parts join without a
/// space, as `lynx` and `w3m` wrap them. An address already closed
/// (`(https://debian.org)`), or a path after an address without brackets,
/// is another word.
fn broken_address(text: &str, next: &str) -> bool {
    let last = text.rsplit(char::is_whitespace).next().unwrap_or("");
    let Some(scheme) = last.find("://") else {
        return false;
    };
    let after = &last[scheme + 3..];
    let first = next.split_whitespace().next().unwrap_or("");
    if after.is_empty() {
        // A host: a word with a dot before its path.
        let host = first
            .split('/')
            .next()
            .unwrap_or("")
            .trim_end_matches([')', ']', '>', '.', ',', ';']);
        return host.contains('.')
            && host.starts_with(|c: char| c.is_alphanumeric())
            && host
                .chars()
                .all(|c| c.is_alphanumeric() || ".-:".contains(c));
    }
    let open =
        ["(", "<", "["].iter().any(|b| last.starts_with(b)) && !last.ends_with([')', '>', ']']);
    open && !after.ends_with('/') && first.starts_with('/') && first.contains([')', '>', ']'])
}

/// The word before a final hyphen that follows a letter, if `text` ends
/// so.
fn hyphenated_end(text: &str) -> Option<&str> {
    let before = text.strip_suffix('-')?;
    let start = before.rfind(|c: char| !c.is_alphabetic()).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    let word = &before[start..];
    (!word.is_empty()).then_some(word)
}

fn first_word(text: &str) -> &str {
    let end = text
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(text.len());
    &text[..end]
}

/// True when the hyphen between `prefix` and `suffix` was put there by
/// wrapping: the document writes the word whole and never hyphenated.
fn wrap_hyphen(
    source: &str,
    words: &mut Option<HashMap<String, u32>>,
    prefix: &str,
    suffix: &str,
) -> bool {
    if suffix.is_empty() || !suffix.starts_with(|c: char| c.is_lowercase()) {
        return false;
    }
    let words = words.get_or_insert_with(|| document_words(source));
    let count = |word: String| words.get(&word).copied().unwrap_or(0);
    if count(format!("{prefix}-{suffix}").to_lowercase()) > 0 {
        return false;
    }
    if count(format!("{prefix}{suffix}").to_lowercase()) > 0 {
        return true;
    }
    // Written once, here: a word cut by the wrap has parts that are no
    // words (`interopé`, `rabilité`); a compound's parts are words, which
    // the document writes elsewhere too (`debian`, `tout`), or are short
    // (`co-`, `e-`). Each part counts once for this place.
    prefix.chars().count() >= MIN_CUT_PART_LETTERS
        && suffix.chars().count() >= MIN_CUT_PART_LETTERS
        && count(prefix.to_lowercase()) <= 1
        && count(suffix.to_lowercase()) <= 1
}

/// Fewest letters of each part of a word cut by the wrap and written
/// nowhere else; shorter parts are prefixes of compounds (`co-`, `ex-`).
const MIN_CUT_PART_LETTERS: usize = 4;

/// The words of a document in lower case, with how often each is
/// written: hyphenated compounds both whole (`start-up`) and in parts.
fn document_words(source: &str) -> HashMap<String, u32> {
    let mut words = HashMap::new();
    for token in source.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
        let token = token.trim_matches('-');
        if token.is_empty() {
            continue;
        }
        *words.entry(token.to_lowercase()).or_default() += 1;
        if token.contains('-') {
            for part in token.split('-').filter(|p| !p.is_empty()) {
                *words.entry(part.to_lowercase()).or_default() += 1;
            }
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_starts() {
        for text in [
            "1. Définitions",
            "1.2. Qu'est-ce que Debian ?",
            "3) trois",
            "12.1.3. Titre",
        ] {
            assert!(starts_numbered(text), "{text}");
        }
        for text in [
            "2007, Bernstein a déclaré",
            "2019. Elle",
            "1.5 million",
            "Section 12.1, « x »",
            "1,2 %",
            ".5. x",
        ] {
            assert!(!starts_numbered(text), "{text}");
        }
    }

    #[test]
    fn a_no_break_space_may_follow_a_section_number() {
        assert_eq!(
            section_number("3.1.4.\u{a0} Et si je désire changer ?"),
            Some((3, 8))
        );
        assert_eq!(section_number("1.2. Qu'est-ce ?"), Some((2, 5)));
        assert!(starts_numbered("2.\u{202f}Installation"));
        assert_eq!(section_number("2019.\u{a0}Une année"), None);
    }

    #[test]
    fn web_addresses_cut_by_the_wrap_join_whole() {
        assert!(broken_address(
            "sur le site (https://",
            "www.debian.org/distrib/) ."
        ));
        assert!(broken_address(
            "la page (https://www.debian.org",
            "/CD) pour plus"
        ));
        // Not an address, or an address that ends where the line does.
        assert!(!broken_address("le chemin", "/etc/apt"));
        assert!(!broken_address("voir https://www.debian.org/", "pour plus"));
        assert!(!broken_address("voir https://www.debian.org", "pour plus"));
        assert!(!broken_address("", "/CD"));
        assert!(broken_address(
            "du serveur (https://",
            "security.debian.org) ."
        ));
        // An address closed, or followed by a path of its own, or a
        // scheme followed by words.
        assert!(!broken_address(
            "le site (https://debian.org)",
            "/etc/apt/sources.list"
        ));
        assert!(!broken_address(
            "le site (https://www.debian.org",
            "/usr/share/doc/ puis"
        ));
        assert!(!broken_address(
            "le site https://www.debian.org",
            "/CD) pour"
        ));
        assert!(!broken_address("le site (https://", "et ensuite le reste."));
    }

    #[test]
    fn hyphens_of_the_wrap_go_and_those_of_the_word_stay() {
        let source = "L'interopérabilité compte. Une start-up et des start-up. Un porte-monnaie.\n\
                      Le co-\nresponsable et le responsable. La pharmaco-\nvigilance.";
        let mut words = None;
        assert!(wrap_hyphen(source, &mut words, "interopé", "rabilité"));
        assert!(!wrap_hyphen(source, &mut words, "start", "up"));
        // A compound whose parts the document writes elsewhere, or with
        // a short part, keeps its hyphen.
        assert!(!wrap_hyphen(source, &mut words, "porte", "monnaie"));
        assert!(!wrap_hyphen(source, &mut words, "Jean", "Paul"));
        assert!(!wrap_hyphen(source, &mut words, "co", "responsable"));
        // A word cut by the wrap and written nowhere else is joined.
        assert!(wrap_hyphen(source, &mut words, "pharmaco", "vigilance"));
        assert_eq!(hyphenated_end("des systèmes interopé-"), Some("interopé"));
        assert_eq!(hyphenated_end("un tiret -"), None);
        assert_eq!(hyphenated_end("2021-"), None);
    }
}
