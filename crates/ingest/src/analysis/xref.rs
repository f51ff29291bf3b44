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

/// Words that name a numbered part of a document, in lower case; each may
/// also start with a capital. A word comes before the words it begins with.
const PART_WORDS: &[&str] = &[
    "section", "chapitre", "chapter", "annexe", "appendix", "partie", "part",
];

/// Byte ranges of the cross-references in `text`, in order.
///
/// One pass over the text: at each start of a word, the part words it
/// begins with are tried, longest first (`Partie` before `Part`).
pub fn cross_reference_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let bytes = text.as_bytes();
    // Most passages cite nothing: without a byte of an opening quotation
    // mark (`"`, the last byte of `«` and of `“`), there is no title.
    if !bytes.iter().any(|&b| matches!(b, b'"' | 0xAB | 0x9C)) {
        return spans;
    }
    let mut at = 0;
    while at < bytes.len() {
        // Every part word starts with one of these ASCII letters, so `at`
        // is a character boundary whenever one is found there. An ASCII
        // letter or digit before it rules out the start of a word at once.
        let first = bytes[at].to_ascii_lowercase();
        let inside_word = at > 0 && bytes[at - 1].is_ascii_alphanumeric();
        if inside_word || !matches!(first, b's' | b'c' | b'a' | b'p') {
            at += 1;
            continue;
        }
        let starts_word = || {
            text[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
        };
        let end = PART_WORDS
            .iter()
            .filter(|word| {
                word.as_bytes()[0] == first && bytes[at + 1..].starts_with(&word.as_bytes()[1..])
            })
            .find_map(|word| reference_end(text, at + word.len()))
            .filter(|_| starts_word());
        match end {
            Some(end) => {
                spans.push((at, end));
                at = end;
            }
            None => at += 1,
        }
    }
    spans
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
    fn a_part_word_that_begins_another_is_tried_after_it() {
        assert_eq!(
            spans("Lisez la Partie 2, « Installation », puis l’Annexe B. Voir part 4 « Fin »."),
            ["Partie 2, « Installation »", "part 4 « Fin »"]
        );
        assert_eq!(
            spans("départ 3 « non », apart 2 « non »; àpartie 1 « non »"),
            Vec::<&str>::new()
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
