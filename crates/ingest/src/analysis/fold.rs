//! Folding a word to its matching key: lower case, no accents, ligatures
//! expanded, invisible characters gone.
//!
//! The key is what "the same word" means for matching: `Interopérabilité`,
//! `INTEROPERABILITE` and `interope\u{0301}rabilite\u{0301}` (decomposed
//! accents) all fold to `interoperabilite`; `cœur` and `coeur` to `coeur`.

use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

use super::chars::is_ignorable;

/// Appends the folded key of `word` to `out` (which is cleared first).
///
/// Compatibility decomposition (NFKD) takes apart accented letters, the
/// typographic ligatures (`ﬁ`) and full-width forms; the combining marks are
/// then dropped. `œ`, `æ`, `ß` and a few letters with strokes have no
/// decomposition and are spelled out by hand.
///
/// A word of ASCII and Latin letters (up to U+024F, all of French) is folded
/// a character at a time from a table made by the general rule; any other
/// character sends the whole word through the general rule.
pub fn fold_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    let table = latin_table();
    for c in word.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(folded) = table.get(c as usize - LATIN_FIRST) {
            out.push_str(folded);
        } else {
            fold_general(word, out);
            return;
        }
    }
}

/// First character of the table of [`latin_table`].
const LATIN_FIRST: usize = 0x80;
/// Last character of the table: the end of Latin Extended-B.
const LATIN_LAST: usize = 0x24F;

/// The folded form of every character from U+0080 to U+024F, by the
/// general rule ([`fold_general`]): the same result, without decomposing
/// each time.
fn latin_table() -> &'static [Box<str>] {
    static TABLE: OnceLock<Vec<Box<str>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (LATIN_FIRST..=LATIN_LAST)
            .map(|code| {
                let mut folded = String::new();
                if let Some(c) = char::from_u32(code as u32) {
                    fold_general(c.encode_utf8(&mut [0; 4]), &mut folded);
                }
                folded.into_boxed_str()
            })
            .collect()
    })
}

/// The general rule of [`fold_into`], for any word.
fn fold_general(word: &str, out: &mut String) {
    out.clear();
    for c in word.chars().flat_map(char::to_lowercase).nfkd() {
        if is_ignorable(c) || unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        match c {
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            'ø' => out.push('o'),
            'ł' => out.push('l'),
            'đ' => out.push('d'),
            _ => out.push(c),
        }
    }
}

/// The folded key of `word`, as a new string. See `fold_into`.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_and_ligatures() {
        let table = [
            ("Interopérabilité", "interoperabilite"),
            ("INTEROPÉRABILITÉ", "interoperabilite"),
            ("interope\u{0301}rabilite\u{0301}", "interoperabilite"),
            ("cœur", "coeur"),
            ("Cœur", "coeur"),
            ("ŒUVRE", "oeuvre"),
            ("ex æquo", "ex aequo"),
            ("ﬁnance", "finance"),
            ("inter\u{00AD}op", "interop"),
            ("Ça", "ca"),
            ("naïf", "naif"),
            ("RGPD", "rgpd"),
            ("2030", "2030"),
        ];
        for (input, expected) in table {
            assert_eq!(fold(input), expected, "{input}");
        }
    }

    #[test]
    fn the_latin_table_folds_as_the_general_rule() {
        // Every Latin character, alone, among ASCII letters, after a
        // combining mark and beside a character outside the table.
        for code in 0x20..=0x2FF_u32 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            for word in [
                format!("{c}"),
                format!("a{c}B"),
                format!("e\u{0301}{c}"),
                format!("{c}\u{0301}"),
                format!("{c}ﬁ"),
            ] {
                let mut general = String::new();
                fold_general(&word, &mut general);
                assert_eq!(fold(&word), general, "{word:?}");
            }
        }
    }
}
