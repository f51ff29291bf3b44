//! Character classes shared by the analyzer and the query parser.
//!
//! French text arrives with several spellings of the same punctuation: three
//! apostrophes, five quotation marks, no-break spaces and invisible
//! characters. These predicates say which characters are "the same" so that
//! every later step can treat them alike without rewriting the source text
//! (offsets must keep pointing into the original bytes).

/// True for every character that French text uses as an apostrophe:
/// `'`, `’` (U+2019), `‘` (U+2018), `ʼ` (U+02BC), and the ASCII grave and
/// acute accents people type on keyboards without a real apostrophe.
pub fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '\u{00B4}'
    )
}

/// True for every character used as a quotation mark: `"`, `«`, `»`, `“`,
/// `”`, `„` and `‟`. The query parser reads any of them as a phrase delimiter.
pub fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{00AB}' | '\u{00BB}' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}'
    )
}

/// True for characters that carry no text and must be ignored wherever they
/// stand, even inside a word: soft hyphen, zero-width space, non-joiner and
/// joiner, word joiner, byte-order mark.
pub fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// True for characters that join the two halves of a word without being
/// letters: combining marks and the ignorable characters. They never split a
/// word.
pub(crate) fn is_word_glue(c: char) -> bool {
    is_ignorable(c) || unicode_normalization::char::is_combining_mark(c)
}

/// White space and invisible characters, trimmed from lines and passages.
pub(crate) fn is_blank_char(c: char) -> bool {
    c.is_whitespace() || is_ignorable(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apostrophes_are_one_class() {
        for c in ['\'', '’', '‘', 'ʼ'] {
            assert!(is_apostrophe(c), "{c:?}");
        }
        assert!(!is_apostrophe('"'));
    }

    #[test]
    fn quotes_are_one_class() {
        for c in ['"', '«', '»', '“', '”', '„'] {
            assert!(is_quote(c), "{c:?}");
        }
        assert!(!is_quote('\''));
    }

    #[test]
    fn invisible_characters_are_ignorable() {
        for c in ['\u{00AD}', '\u{200B}', '\u{200D}', '\u{FEFF}'] {
            assert!(is_ignorable(c), "{c:?}");
        }
        assert!(!is_ignorable(' '));
    }
}
