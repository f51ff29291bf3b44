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
///
/// UAX #29 always breaks before and after ASCII white space (except between
/// two spaces, where no word lies), and its rules look no further than the
/// character before a break: so the text is taken a chunk between ASCII
/// white space at a time. A chunk of plain ASCII, most of French text, goes
/// through [`ascii_words`], which gives what UAX #29 and [`split_word`] give
/// without segmenting; any other chunk goes through [`uax29_words`] with the
/// white space before it, so that it sees what it would see in the whole
/// text (a combining mark after a space belongs to the space).
pub(crate) fn for_each_word(text: &str, mut emit: impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at].is_ascii_whitespace() {
            at += 1;
            continue;
        }
        let start = at;
        let mut ascii = true;
        while at < bytes.len() && !bytes[at].is_ascii_whitespace() {
            ascii &= bytes[at].is_ascii();
            at += 1;
        }
        if ascii {
            ascii_words(text, start, at, &mut emit);
        } else {
            uax29_words(text, start.saturating_sub(1), at, &mut emit);
        }
    }
}

/// The words of `text[from..to]`, plain ASCII without white space, as
/// [`uax29_words`] finds them. In ASCII, UAX #29 keeps letters and digits
/// together, and a `'`, `.` or `:` between two letters, a `'`, `.`, `,` or
/// `;` between two digits, and `_` next to letters and digits; then
/// [`split_word`] splits at everything but letters, digits and a `.` or `,`
/// between digits, and drops an elision followed by `'` and a letter.
fn ascii_words(text: &str, from: usize, to: usize, emit: &mut impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let digit_at = |i: usize| i < to && bytes[i].is_ascii_digit();
    let mut at = from;
    while at < to {
        if !bytes[at].is_ascii_alphanumeric() {
            at += 1;
            continue;
        }
        let start = at;
        while at < to
            && (bytes[at].is_ascii_alphanumeric()
                || (matches!(bytes[at], b'.' | b',')
                    && bytes[at - 1].is_ascii_digit()
                    && digit_at(at + 1)))
        {
            at += 1;
        }
        let elided = at + 1 < to
            && bytes[at] == b'\''
            && bytes[at + 1].is_ascii_alphabetic()
            && is_elision(&text[start..at]);
        if !elided {
            emit(start, at);
        }
    }
}

/// The words of `text[from..to]` by UAX #29, split further by
/// [`split_word`]. `from` must be a word boundary of `text`.
fn uax29_words(text: &str, from: usize, to: usize, emit: &mut impl FnMut(usize, usize)) {
    // Spans of UAX #29 words, glued back together across ignorable characters.
    let mut pending: Option<(usize, usize)> = None;
    for (offset, segment) in text[from..to].split_word_bound_indices() {
        let start = from + offset;
        let end = start + segment.len();
        if segment.chars().any(char::is_alphanumeric) {
            pending = match pending {
                Some((s, e)) if e == start => Some((s, end)),
                Some((s, e)) => {
                    split_word(text, s, e, emit);
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
            split_word(text, s, e, emit);
        }
    }
    if let Some((s, e)) = pending {
        split_word(text, s, e, emit);
    }
}

/// True for an elided word (`l`, `qu`, … in any case).
fn is_elision(word: &str) -> bool {
    ELISIONS
        .iter()
        .any(|elision| elision.eq_ignore_ascii_case(word))
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
        let elided = ends_at_apostrophe && followed && is_elision(piece);
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

    /// Every word as UAX #29 and `split_word` find them over the whole
    /// text: what `for_each_word` must give, chunk by chunk.
    fn reference_words(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        uax29_words(text, 0, text.len(), &mut |s, e| out.push((s, e)));
        out
    }

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn chunks_give_the_words_of_the_whole_text(
            pieces in prop::collection::vec(
                prop_oneof![
                    4 => "[ -~]{1,4}",
                    2 => prop::sample::select(vec![
                        "l", "L", "qu", "d", "jusqu", "l'", "'", "'a", "'1", "'_", "1.2", "3,5", "a.b", "a:b",
                        "1;2", "_", "x_1", "''", ".,", "12'3",
                    ]).prop_map(str::to_string),
                    2 => prop::sample::select(vec![
                        " ", "  ", "\t", "\n", "\r\n", "\u{b}", "\u{c}", "\u{a0}", "\u{202f}",
                    ]).prop_map(str::to_string),
                    1 => prop::sample::select(vec![
                        "é", "É", "’", "ʼ", "·", "\u{301}", "\u{345}", "\u{ad}", "\u{200b}",
                        "\u{200d}", "\u{feff}", "🇫🇷", "👍🏽", "日本", "١٢", "\u{2060}",
                    ]).prop_map(str::to_string),
                ],
                0..40,
            )
        ) {
            let text = pieces.concat();
            let mut found = Vec::new();
            for_each_word(&text, |s, e| found.push((s, e)));
            prop_assert_eq!(found, reference_words(&text), "text: {:?}", text);
        }
    }

    #[test]
    fn plain_ascii_chunks_match_uax29() {
        for text in [
            "l'IA d'aujourd'hui jusqu'a qu'il L'Etat",
            "l' 'a l''a l'_a _l'a x.l'a 1l'a l'1",
            "1.2.3 1..2 a.5 3,5,a 1;2 a1.2 1.a 3'4 a_b__c :a: a:b",
            "(voir) [1] {x} <a> \"cite\" a-b a/b a+b #tag @nom 100% 12h30",
            "",
            "   ",
        ] {
            assert_eq!(words(text).len(), reference_words(text).len(), "{text}");
            let mut found = Vec::new();
            for_each_word(text, |s, e| found.push((s, e)));
            assert_eq!(found, reference_words(text), "{text}");
        }
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
