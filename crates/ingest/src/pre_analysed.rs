//! Pre-analysed field values: the French analyzer's tokens, handed to
//! tantivy as text that a trivial tokenizer reads back.
//!
//! Passages are analysed once, in parallel, before tantivy sees them (the
//! same tokens also go to the passage table). tantivy's own way of taking
//! pre-tokenised text (`PreTokenizedString`) serialises every token to JSON
//! when the document is built and parses it back in the indexing thread:
//! measured on the 18 MB corpus, that was over a quarter of the build's
//! CPU time. Like Solr's `PreAnalyzedField`, fouille instead writes the
//! tokens in a plain format, `term \x01 position \x01` for each token, and
//! registers [`PreAnalysedTokenizer`] under [`PRE_ANALYSED`] as the
//! tokenizer of the analysed fields, which only splits it again.
//!
//! Queries never go through this tokenizer: fouille builds them from the
//! analyzer's terms.

use std::fmt::Write;

use tantivy::tokenizer::{Token as TantivyToken, TokenStream, Tokenizer};

/// Name under which [`PreAnalysedTokenizer`] is registered on fouille's
/// indexes, and the tokenizer of their analysed fields.
pub const PRE_ANALYSED: &str = "fouille_pre";

/// Separates a term from its position, and a token from the next.
const SEPARATOR: char = '\u{1}';

/// Appends tokens (term, position) to `out` in the pre-analysed format. A
/// term holding the separator (the analyzer never makes one) is left out.
pub fn write_tokens<'t>(out: &mut String, tokens: impl IntoIterator<Item = (&'t str, u32)>) {
    for (term, position) in tokens {
        if term.contains(SEPARATOR) {
            continue;
        }
        out.push_str(term);
        out.push(SEPARATOR);
        let _ = write!(out, "{position}");
        out.push(SEPARATOR);
    }
}

/// Reads the pre-analysed format back into tokens.
#[derive(Debug, Clone, Default)]
pub struct PreAnalysedTokenizer {
    token: TantivyToken,
}

/// The tokens of one pre-analysed value.
pub struct PreAnalysedStream<'a> {
    rest: &'a str,
    token: &'a mut TantivyToken,
}

impl Tokenizer for PreAnalysedTokenizer {
    type TokenStream<'a> = PreAnalysedStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PreAnalysedStream<'a> {
        self.token.reset();
        PreAnalysedStream {
            rest: text,
            token: &mut self.token,
        }
    }
}

impl TokenStream for PreAnalysedStream<'_> {
    /// The next token; text not in the format ends the stream.
    fn advance(&mut self) -> bool {
        let mut parts = self.rest.splitn(3, SEPARATOR);
        let (Some(term), Some(position), Some(rest)) = (parts.next(), parts.next(), parts.next())
        else {
            return false;
        };
        let Ok(position) = position.parse::<usize>() else {
            return false;
        };
        self.token.text.clear();
        self.token.text.push_str(term);
        self.token.position = position;
        self.rest = rest;
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
        let mut text = String::new();
        write_tokens(&mut text, [("interoper", 0), ("des", 1), ("system", 5)]);
        write_tokens(&mut text, [("bad\u{1}term", 6), ("12.5", 7)]);
        assert_eq!(
            read(&text),
            [
                ("interoper".to_string(), 0),
                ("des".to_string(), 1),
                ("system".to_string(), 5),
                ("12.5".to_string(), 7)
            ]
        );
    }

    #[test]
    fn text_not_in_the_format_ends_the_stream() {
        assert!(read("").is_empty());
        assert!(read("plain text").is_empty());
        assert_eq!(read("a\u{1}0\u{1}b\u{1}x\u{1}"), [("a".to_string(), 0)]);
    }
}
