//! Cross-references: places where a passage cites another part of the
//! document by its number and title.
//!
//! Documentation converted from DocBook and similar formats cites its own
//! sections as `Section 12.1, « Quelles autres documentations existent ? »`.
//! The quoted title says what the *other* section is about, not this
//! passage: a question asked word for word would otherwise find every
//! paragraph that points to its answer before the answer itself. The words
//! of a cross-reference are indexed apart (a field of low weight) and do not
//! count towards coverage or proximity.
//!
//! A cross-reference is a part word (`Section`, `Chapitre`, `Chapter`,
//! `Annexe`, `Appendix`, `Partie`, `Part`), a number such as `12` or
//! `12.1.3`, an optional comma, and a title in guillemets or double quotes
//! (nested guillemets allowed).

/// Words that name a numbered part of a document.
const PART_WORDS: &[&str] = &[
    "Section", "section", "Chapitre", "chapitre", "Chapter", "chapter", "Annexe", "annexe",
    "Appendix", "appendix", "Partie", "partie", "Part", "part",
];

/// Byte ranges of the cross-references in `text`, in order.
pub fn cross_reference_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some((start, after_word)) = next_part_word(text, from) {
        from = after_word;
        let Some(end) = reference_end(text, after_word) else {
            continue;
        };
        spans.push((start, end));
        from = end;
    }
    spans
}

/// The next part word at or after `from` that starts a word: its start and
/// the byte after it.
fn next_part_word(text: &str, from: usize) -> Option<(usize, usize)> {
    PART_WORDS
        .iter()
        .filter_map(|word| {
            let mut at = from;
            while let Some(found) = text[at..].find(word) {
                let start = at + found;
                let starts_word = text[..start]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric());
                if starts_word {
                    return Some((start, start + word.len()));
                }
                at = start + word.len();
            }
            None
        })
        .min()
}

/// Where the reference that starts with a part word ending at `at` ends:
/// after its number and quoted title. `None` when what follows is not a
/// number and a quoted title.
fn reference_end(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    let after_space = rest.trim_start_matches([' ', '\u{a0}', '\u{202f}']);
    if after_space.len() == rest.len() {
        return None;
    }
    let number_len = after_space
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(after_space.len());
    let number = after_space[..number_len].trim_end_matches('.');
    if number.is_empty() || !number.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let mut rest = after_space[number.len()..].trim_start_matches('.');
    rest = rest
        .trim_start_matches(',')
        .trim_start_matches([' ', '\u{a0}', '\u{202f}']);
    let offset = text.len() - rest.len();
    let (open, close) = match rest.chars().next()? {
        '«' => ('«', '»'),
        '“' => ('“', '”'),
        '"' => ('"', '"'),
        _ => return None,
    };
    let mut depth = 0usize;
    for (i, c) in rest.char_indices() {
        if c == close && (open != close || i > 0) {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return Some(offset + i + c.len_utf8());
            }
        } else if c == open {
            depth += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<&str> {
        cross_reference_spans(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn finds_numbered_references_with_quoted_titles() {
        assert_eq!(
            spans("Voyez Section 12.1, « Quelles autres documentations existent ? ». Et Section 16.2, « Commentaires »."),
            ["Section 12.1, « Quelles autres documentations existent ? »", "Section 16.2, « Commentaires »"]
        );
        assert_eq!(
            spans("voir le chapitre 3 “Installer Debian” pour cela"),
            ["chapitre 3 “Installer Debian”"]
        );
    }

    #[test]
    fn nested_guillemets_stay_inside() {
        assert_eq!(
            spans("Section 14.3, « Je fais une distribution pour « un marché vertical ». Puis-je ? » fin"),
            ["Section 14.3, « Je fais une distribution pour « un marché vertical ». Puis-je ? »"]
        );
    }

    #[test]
    fn plain_mentions_are_not_references() {
        for text in [
            "Cette section décrit « testing ».",
            "La section 3 explique tout.",
            "Intersection 12, « rue » ",
            "Section « sans numéro »",
            "Section 12, « sans fin",
        ] {
            assert!(spans(text).is_empty(), "{text}");
        }
    }
}
