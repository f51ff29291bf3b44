//! Pre-analysed field values: the French analyzer's tokens, handed to
//! tantivy as text that a trivial tokenizer reads back.
//!
//! Passages are analysed once, in parallel, before tantivy sees them (the
//! same tokens also go to the passage table). tantivy's own way of taking
//! pre-tokenised text (`PreTokenizedString`) serialises every token to JSON
//! when the document is built and parses it back in the indexing thread:
//! measured on the 18 MB corpus, that was over a quarter of the build's
//! CPU time. Like Solr's `PreAnalyzedField`, fouille instead writes the
//! tokens in a plain format that [`PreAnalysedTokenizer`], registered under
//! [`PRE_ANALYSED`] as the tokenizer of the analysed fields, only splits
//! again. Each token is its term followed by:
//! - `\x01` when its position follows the previous token's (or is 0 for the
//!   first token), as for most tokens;
//! - otherwise `\x02`, its position in decimal, and `\x01`.
//!
//! tantivy's indexing threads read this back, so the format is made to be
//! read with one scan for a control byte per token.
//!
//! Queries never go through this tokenizer: fouille builds them from the
//! analyzer's terms.

use tantivy::tokenizer::{Token as TantivyToken, TokenStream, Tokenizer};

/// Name under which [`PreAnalysedTokenizer`] is registered on fouille's
/// indexes, and the tokenizer of their analysed fields.
pub const PRE_ANALYSED: &str = "fouille_pre";

/// Ends a token.
const END: u8 = 1;
/// Separates a term from an explicit position.
const AT: u8 = 2;

/// Writes tokens in the pre-analysed format.
#[derive(Debug, Default, Clone)]
pub struct PreAnalysedWriter {
    out: String,
    /// Position of the next token when it follows the last one.
    next: u32,
}

impl PreAnalysedWriter {
    /// Creates an empty value.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a token. A term holding a control byte of the format (the
    /// analyzer never makes one) is left out.
    pub fn push(&mut self, term: &str, position: u32) {
        if term.bytes().any(|b| b == END || b == AT) {
            return;
        }
        self.out.push_str(term);
        if position != self.next {
            self.out.push(AT as char);
            let mut digits = [0u8; 10];
            let mut at = digits.len();
            let mut rest = position;
            loop {
                at -= 1;
                digits[at] = b'0' + (rest % 10) as u8;
                rest /= 10;
                if rest == 0 {
                    break;
                }
            }
            for &digit in &digits[at..] {
                self.out.push(digit as char);
            }
        }
        self.out.push(END as char);
        self.next = position.saturating_add(1);
    }

    /// The value, to give tantivy.
    pub fn into_string(self) -> String {
        self.out
    }
}

/// Tokens (term, position) in the pre-analysed format.
pub fn pre_analysed<'t>(tokens: impl IntoIterator<Item = (&'t str, u32)>) -> String {
    let mut writer = PreAnalysedWriter::new();
    for (term, position) in tokens {
        writer.push(term, position);
    }
    writer.into_string()
}

/// Reads the pre-analysed format back into tokens.
#[derive(Debug, Clone, Default)]
pub struct PreAnalysedTokenizer {
    token: TantivyToken,
}

/// The tokens of one pre-analysed value.
pub struct PreAnalysedStream<'a> {
    rest: &'a str,
    next: usize,
    token: &'a mut TantivyToken,
}

impl Tokenizer for PreAnalysedTokenizer {
    type TokenStream<'a> = PreAnalysedStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PreAnalysedStream<'a> {
        self.token.reset();
        PreAnalysedStream {
            rest: text,
            next: 0,
            token: &mut self.token,
        }
    }
}

impl TokenStream for PreAnalysedStream<'_> {
    /// The next token; text not in the format ends the stream.
    fn advance(&mut self) -> bool {
        let bytes = self.rest.as_bytes();
        let Some(term_end) = bytes.iter().position(|&b| b == END || b == AT) else {
            return false;
        };
        let (position, token_end) = if bytes[term_end] == END {
            (self.next, term_end)
        } else {
            let digits = &bytes[term_end + 1..];
            let Some(len) = digits.iter().position(|&b| b == END) else {
                return false;
            };
            // At most the ten digits of a `u32`.
            if len == 0 || len > 10 || !digits[..len].iter().all(u8::is_ascii_digit) {
                return false;
            }
            let position = digits[..len]
                .iter()
                .fold(0usize, |n, &digit| n * 10 + usize::from(digit - b'0'));
            (position, term_end + 1 + len)
        };
        self.token.text.clear();
        // Both control bytes are ASCII: the slices are on char boundaries.
        self.token.text.push_str(&self.rest[..term_end]);
        self.token.position = position;
        self.next = position + 1;
        self.rest = &self.rest[token_end + 1..];
        true
    }

    fn token(&self) -> &TantivyToken {
        self.token
    }

    fn token_mut(&mut self) -> &mut TantivyToken {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(String, usize)> {
        let mut tokenizer = PreAnalysedTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut tokens = Vec::new();
        while stream.advance() {
            tokens.push((stream.token().text.clone(), stream.token().position));
        }
        tokens
    }

    #[test]
    fn reads_back_what_was_written_gaps_included() {
        let text = pre_analysed([
            ("interoper", 0),
            ("des", 1),
            ("system", 5),
            ("bad\u{1}term", 6),
            ("bad\u{2}term", 6),
            ("12.5", 7),
            ("a", 1234567890),
            ("b", 1234567891),
        ]);
        assert_eq!(
            read(&text),
            [
                ("interoper".to_string(), 0),
                ("des".to_string(), 1),
                ("system".to_string(), 5),
                ("12.5".to_string(), 7),
                ("a".to_string(), 1234567890),
                ("b".to_string(), 1234567891),
            ]
        );
        assert_eq!(
            text,
            "interoper\u{1}des\u{1}system\u{2}5\u{1}12.5\u{2}7\u{1}a\u{2}1234567890\u{1}b\u{1}"
        );
    }

    #[test]
    fn the_first_token_may_start_anywhere() {
        assert_eq!(read(&pre_analysed([("x", 3)])), [("x".to_string(), 3)]);
        assert_eq!(read(&pre_analysed([("x", 0)])), [("x".to_string(), 0)]);
    }

    #[test]
    fn text_not_in_the_format_ends_the_stream() {
        assert!(read("").is_empty());
        assert!(read("plain text").is_empty());
        assert_eq!(read("a\u{1}b\u{2}x\u{1}c\u{1}"), [("a".to_string(), 0)]);
        assert_eq!(read("a\u{1}b\u{2}\u{1}"), [("a".to_string(), 0)]);
        assert_eq!(read("a\u{1}b\u{2}99999999999\u{1}"), [("a".to_string(), 0)]);
        assert_eq!(read("a\u{1}b\u{2}12"), [("a".to_string(), 0)]);
    }
}
