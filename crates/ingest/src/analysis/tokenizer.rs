//! The analyzer as a tantivy tokenizer, so that an index knows how its
//! fields were analysed.
//!
//! fouille hands tantivy pre-analysed text when it indexes, and builds its
//! queries from the analyzer's terms, so tantivy itself rarely calls this
//! tokenizer; it is registered on every index anyway (tantivy does not store
//! analyzers) so that any tantivy feature that re-analyses a field gets the
//! same terms as fouille.

use tantivy::tokenizer::{Token as TantivyToken, TokenStream, Tokenizer};

use super::FrenchAnalyzer;

/// Name under which [`FrenchTokenizer`] is registered on fouille's indexes.
pub const TOKENIZER_NAME: &str = "fouille_fr";

/// [`FrenchAnalyzer`] behind tantivy's `Tokenizer` trait.
#[derive(Debug, Clone, Default)]
pub struct FrenchTokenizer {
    analyzer: FrenchAnalyzer,
    tokens: Vec<TantivyToken>,
}

/// The tokens of one text, handed out one by one.
pub struct FrenchTokenStream<'a> {
    tokens: &'a mut Vec<TantivyToken>,
    next: usize,
}

impl Tokenizer for FrenchTokenizer {
    type TokenStream<'a> = FrenchTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> FrenchTokenStream<'a> {
        self.tokens.clear();
        let tokens = &mut self.tokens;
        self.analyzer.for_each_token(text, |t| {
            tokens.push(TantivyToken {
                offset_from: t.start,
                offset_to: t.end,
                position: t.position as usize,
                text: t.term,
                position_length: 1,
            })
        });
        FrenchTokenStream {
            tokens: &mut self.tokens,
            next: 0,
        }
    }
}

impl TokenStream for FrenchTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &TantivyToken {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut TantivyToken {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_the_analyzer_terms() {
        let mut tokenizer = FrenchTokenizer::default();
        let mut stream = tokenizer.token_stream("L’interopérabilité des systèmes");
        let mut terms = Vec::new();
        while stream.advance() {
            terms.push((stream.token().text.clone(), stream.token().position));
        }
        assert_eq!(
            terms,
            [
                ("interoper".to_string(), 0),
                ("des".to_string(), 1),
                ("system".to_string(), 2)
            ]
        );
    }
}
