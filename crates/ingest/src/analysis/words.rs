//! Word segmentation: from a text to the byte ranges of its words.
//!
//! Unicode word boundaries (UAX #29, via `unicode-segmentation`) do most of
//! the work, but they keep together what French typography means to separate
//! and separate what it means to keep:
//! - `secteur.Réunissant`, `a:b` and `patient·e·s` are one "word" for UAX #29
//!   (`.`, `:` and `·` may stand inside words); we split them, except `.` and
//!   `,` between two digits (`1,2`, `3.5`).
//! - `l’interopérabilité` and `aujourd'hui` are one word for UAX #29; we cut
//!   at every apostrophe and drop the elided article or pronoun.
//! - A zero-width space splits a word for UAX #29; we ignore it.

use unicode_segmentation::UnicodeSegmentation;

use super::chars::{is_apostrophe, is_ignorable, is_word_glue};

/// Elided words: they are dropped when an apostrophe follows them inside a
/// word (`l’IA` → `IA`, `jusqu’à` → `à`).
const ELISIONS: &[&str] = &[
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
];

/// Calls `emit(start, end)` with the byte range of every word of `text`, in
/// order. Ranges point into `text` and never overlap.
pub(crate) fn for_each_word(text: &str, mut emit: impl FnMut(usize, usize)) {
    // Spans of UAX #29 words, glued back together across ignorable characters.
    let mut pending: Option<(usize, usize)> = None;
    for (start, segment) in text.split_word_bound_indices() {
        let end = start + segment.len();
        if segment.chars().any(char::is_alphanumeric) {
            pending = match pending {
                Some((s, e)) if e == start => Some((s, end)),
                Some((s, e)) => {
                    split_word(text, s, e, &mut emit);
                    Some((start, end))
                }
                None => Some((start, end)),
            };
        } else if segment.chars().all(is_ignorable) {
            // Keep the pending word open across the invisible character.
            if let Some((s, e)) = pending {
                if e == start {
                    pending = Some((s, end));
                }
            }
        } else if let Some((s, e)) = pending.take() {
            split_word(text, s, e, &mut emit);
        }
    }
    if let Some((s, e)) = pending {
        split_word(text, s, e, &mut emit);
    }
}

/// Splits one UAX #29 word `text[start..end]` at inner punctuation and
/// apostrophes, dropping elisions.
fn split_word(text: &str, start: usize, end: usize, emit: &mut impl FnMut(usize, usize)) {
    let word = &text[start..end];
    // Most words are letters and digits only: nothing to split.
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphanumeric() && !is_apostrophe(c))
    {
        emit(start, end);
        return;
    }
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    // Pieces between separators; an apostrophe ends a piece and marks the
    // next one as following an apostrophe.
    let mut piece_start: Option<usize> = None;
    let mut after_apostrophe = false;
    let mut pieces: Vec<(usize, usize, bool, bool)> = Vec::new(); // (start, end, ends_at_apostrophe, after_apostrophe)
    for (i, &(offset, c)) in chars.iter().enumerate() {
        // U+02BC is a letter for Unicode but an apostrophe for French.
        let keep = (c.is_alphanumeric() && !is_apostrophe(c))
            || is_word_glue(c)
            || ((c == '.' || c == ',') && between_digits(&chars, i));
        if keep {
            if piece_start.is_none() {
                piece_start = Some(offset);
            }
            continue;
        }
        let apostrophe = is_apostrophe(c);
        if let Some(s) = piece_start.take() {
            pieces.push((s, offset, apostrophe, after_apostrophe));
        }
        after_apostrophe = apostrophe;
    }
    if let Some(s) = piece_start {
        pieces.push((s, word.len(), false, after_apostrophe));
    }
    for (i, &(s, e, ends_at_apostrophe, _)) in pieces.iter().enumerate() {
        let piece = &word[s..e];
        let followed = pieces.get(i + 1).is_some_and(|next| next.3);
        let elided = ends_at_apostrophe
            && followed
            && ELISIONS
                .iter()
                .any(|elision| elision.eq_ignore_ascii_case(piece));
        if !elided && piece.chars().any(char::is_alphanumeric) {
            emit(start + s, start + e);
        }
    }
}

fn between_digits(chars: &[(usize, char)], i: usize) -> bool {
    i > 0
        && chars[i - 1].1.is_ascii_digit()
        && chars.get(i + 1).is_some_and(|&(_, c)| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        for_each_word(text, |s, e| out.push(&text[s..e]));
        out
    }

    #[test]
    fn splits_on_spaces_and_punctuation() {
        assert_eq!(
            words("Les soins, surtout en zones rurales."),
            ["Les", "soins", "surtout", "en", "zones", "rurales"]
        );
    }

    #[test]
    fn drops_elisions_with_any_apostrophe() {
        for text in [
            "l’interopérabilité",
            "l'interopérabilité",
            "l‘interopérabilité",
            "lʼinteropérabilité",
            "L’interopérabilité",
        ] {
            let w = words(text);
            assert_eq!(w.len(), 1, "{text}");
            assert!(w[0].ends_with("interopérabilité"), "{text}");
        }
        assert_eq!(words("jusqu’à lorsqu'il qu’on"), ["à", "il", "on"]);
        assert_eq!(words("d’aujourd’hui"), ["aujourd", "hui"]);
    }

    #[test]
    fn an_apostrophe_without_a_word_after_it_keeps_the_word() {
        assert_eq!(words("l' s’"), ["l", "s"]);
    }

    #[test]
    fn splits_words_glued_by_a_missing_space() {
        assert_eq!(words("secteur.Réunissant"), ["secteur", "Réunissant"]);
        assert_eq!(words("discutée,rendant"), ["discutée", "rendant"]);
        assert_eq!(words("soins.Les"), ["soins", "Les"]);
        assert_eq!(words("a:b"), ["a", "b"]);
        assert_eq!(words("patient·e·s"), ["patient", "e", "s"]);
    }

    #[test]
    fn keeps_numbers_whole() {
        assert_eq!(
            words("1,2 milliard, 3.5 et 2030."),
            ["1,2", "milliard", "3.5", "et", "2030"]
        );
    }

    #[test]
    fn ignores_invisible_characters_inside_words() {
        assert_eq!(
            words("inter\u{200B}opérabilité"),
            ["inter\u{200B}opérabilité"]
        );
        assert_eq!(
            words("inter\u{00AD}opérabilité"),
            ["inter\u{00AD}opérabilité"]
        );
    }

    #[test]
    fn hyphens_split_compounds() {
        assert_eq!(
            words("start-up homme-machine"),
            ["start", "up", "homme", "machine"]
        );
    }

    #[test]
    fn ranges_point_into_the_text() {
        let text = "« L’IA » et\u{00A0}la santé…";
        let mut ranges = Vec::new();
        for_each_word(text, |s, e| ranges.push((s, e)));
        for (s, e) in ranges {
            assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
        }
        assert_eq!(words(text), ["IA", "et", "la", "santé"]);
    }
}
