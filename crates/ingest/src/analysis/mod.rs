//! French text analysis: the one analyzer used to index and to query.
//!
//! A text goes through these steps, each in its own module:
//! 1. `words`: word boundaries (UAX #29), split further at glued
//!    punctuation and apostrophes, elisions dropped;
//! 2. `fold`: lower case, accents and ligatures folded, invisible
//!    characters dropped;
//! 3. `stopwords`: stop words are kept as they are (they count inside
//!    quoted phrases) and flagged so that ranking can ignore them;
//! 4. `stem`: other words are stemmed with Snowball's French stemmer,
//!    in a way that gives the same stem with or without accents.
//!
//! The rest of fouille's knowledge of French lives here too, each list in
//! one module: the words of questions that say nothing of their subject
//! (`questions`), month names and years (`dates`), the words that
//! introduce a cross-reference to another section (`xref`), the characters
//! that are apostrophes, quotation marks or invisible (`chars`).
//!
//! Byte ranges always point into the text given, never into a normalised
//! copy, so that highlights and citations can be checked against the source.
//! When a rule changes what terms a text gives, bump
//! `FORMAT.analyzer_version` (`crate::store`): indexes built with the old
//! rules are then refused.
//!
//! ```
//! use fouille_ingest::analysis::FrenchAnalyzer;
//!
//! let terms: Vec<String> = FrenchAnalyzer::new()
//!     .analyze("L’interopérabilité des systèmes")
//!     .into_iter()
//!     .map(|t| t.term)
//!     .collect();
//! assert_eq!(terms, ["interoper", "des", "system"]);
//! ```

mod acronyms;
mod chars;
mod dates;
mod fold;
mod lemmas;
mod locutions;
mod names;
mod questions;
mod stem;
mod stopwords;
mod tokenizer;
mod words;
mod xref;

use serde::Serialize;

pub use acronyms::{acronym_definitions, Definition};
pub(crate) use chars::is_blank_char;
pub use chars::is_quote;
pub(crate) use dates::{is_month_stem, is_year};
pub use fold::fold;
pub(crate) use fold::fold_into;
pub use names::{glued_runs, joined_term, written_names, WordSpan, MAX_NAME_WORDS};
pub use questions::{asks_for_code, is_question_word, AnswerKind};
pub use stem::stem;
pub(crate) use stem::WordCollector;
pub(crate) use stopwords::is_stop_word;
pub use stopwords::stop_words;
pub(crate) use tokenizer::{FrenchTokenizer, TOKENIZER_NAME};
pub(crate) use xref::cross_reference_spans;

/// One term of an analysed text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Token {
    /// The indexed term: folded, and stemmed unless it is a stop word or holds
    /// a digit.
    pub term: String,
    /// Position of the term in the text, counting terms from 0. Elisions take
    /// no position.
    pub position: u32,
    /// Byte offset of the word's first byte in the analysed text.
    pub start: usize,
    /// Byte offset just past the word's last byte in the analysed text.
    pub end: usize,
    /// True for a stop word: indexed for phrases, ignored when ranking.
    pub stop: bool,
}

/// A token with the word of the text it comes from, as `fouille analyze`
/// and the server's `/analyze` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnalyzedWord<'a> {
    /// The indexed term.
    pub term: String,
    /// Position of the term, counting terms from 0.
    pub position: u32,
    /// Byte offset of the word in the text.
    pub start: usize,
    /// Byte offset just past the word in the text.
    pub end: usize,
    /// The word as written in the text.
    pub word: &'a str,
    /// True for a stop word.
    pub stop: bool,
}

/// The French analyzer. It holds no state of its own (stems are memoised per
/// thread), so it is free to create and to share.
#[derive(Debug, Clone, Copy, Default)]
pub struct FrenchAnalyzer;

impl FrenchAnalyzer {
    /// Creates the analyzer.
    pub fn new() -> Self {
        FrenchAnalyzer
    }

    /// Analyses `text` into its tokens, in order.
    pub fn analyze(&self, text: &str) -> Vec<Token> {
        let mut tokens = Vec::new();
        self.for_each_token(text, |token| tokens.push(token));
        tokens
    }

    /// Analyses `text` into its tokens, each with the word it comes from.
    pub fn words<'a>(&self, text: &'a str) -> Vec<AnalyzedWord<'a>> {
        self.analyze(text)
            .into_iter()
            .map(|t| AnalyzedWord {
                word: &text[t.start..t.end],
                term: t.term,
                position: t.position,
                start: t.start,
                end: t.end,
                stop: t.stop,
            })
            .collect()
    }

    /// Calls `emit` with every token of `text`, in order, without collecting
    /// them.
    pub fn for_each_token(&self, text: &str, mut emit: impl FnMut(Token)) {
        self.for_each_term(text, |t| emit(t.to_token()));
    }

    /// Calls `emit` with every token of `text`, in order, its term borrowed
    /// for the call: nothing is allocated per token. This is the indexing
    /// path; [`for_each_token`](Self::for_each_token) builds on it.
    pub fn for_each_term(&self, text: &str, emit: impl FnMut(TermRef<'_>)) {
        self.terms(text, None, emit);
    }

    /// [`for_each_term`](Self::for_each_term), also giving `collector` the
    /// vocabulary words of `text` (see [`WordCollector`]).
    pub(crate) fn for_each_term_collecting(
        &self,
        text: &str,
        collector: &mut WordCollector,
        emit: impl FnMut(TermRef<'_>),
    ) {
        self.terms(text, Some(collector), emit);
    }

    fn terms(
        &self,
        text: &str,
        mut collector: Option<&mut WordCollector>,
        mut emit: impl FnMut(TermRef<'_>),
    ) {
        let (mut key, mut term) = (String::new(), String::new());
        let mut previous = String::new();
        let mut position = 0u32;
        words::for_each_word(text, |start, end| {
            std::mem::swap(&mut key, &mut previous);
            fold::fold_into(&text[start..end], &mut key);
            if key.is_empty() {
                std::mem::swap(&mut key, &mut previous);
                return;
            }
            if key.contains(',') {
                // A decimal comma (`12,5`) is a decimal point (`12.5`).
                key = key.replace(',', ".");
            }
            term.clear();
            let stop = if locutions::in_locution(text, start, &key, &previous) {
                // Marked, so that the word alone (`lieu`, whose stem is
                // itself) does not meet it.
                term.push_str(&key);
                term.push(locutions::LOCUTION_MARK);
                true
            } else {
                stem::term_into(&key, &mut term, collector.as_deref_mut())
            };
            emit(TermRef {
                term: &term,
                position,
                start,
                end,
                stop,
            });
            position += 1;
        });
    }
}

/// A token whose term is borrowed; see [`FrenchAnalyzer::for_each_term`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermRef<'a> {
    /// The indexed term.
    pub term: &'a str,
    /// Position of the term, counting terms from 0.
    pub position: u32,
    /// Byte offset of the word in the text.
    pub start: usize,
    /// Byte offset just past the word in the text.
    pub end: usize,
    /// True for a stop word.
    pub stop: bool,
}

impl Token {
    /// The token, its term borrowed.
    pub fn as_term(&self) -> TermRef<'_> {
        TermRef {
            term: &self.term,
            position: self.position,
            start: self.start,
            end: self.end,
            stop: self.stop,
        }
    }
}

impl TermRef<'_> {
    /// The token, its term copied.
    pub fn to_token(&self) -> Token {
        Token {
            term: self.term.to_string(),
            position: self.position,
            start: self.start,
            end: self.end,
            stop: self.stop,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The terms of `text`, in order.
    pub(crate) fn terms(text: &str) -> Vec<String> {
        FrenchAnalyzer::new()
            .analyze(text)
            .into_iter()
            .map(|t| t.term)
            .collect()
    }

    /// One row per analyzer rule: input text → terms.
    #[test]
    fn rule_table() {
        let table: &[(&str, &[&str])] = &[
            // Elisions with every apostrophe.
            ("l’interopérabilité", &["interoper"]),
            ("l'interopérabilité", &["interoper"]),
            ("lʼinteropérabilité", &["interoper"]),
            ("qu’il jusqu’à lorsqu’on", &["il", "a", "on"]),
            // Case and accents do not matter; inflections meet.
            ("INTEROPERABILITE", &["interoper"]),
            ("interoperabilite", &["interoper"]),
            ("interopérables", &["interoper"]),
            ("données donnees", &["don", "don"]),
            // Ligatures expand.
            ("cœur coeur", &["coeur", "coeur"]),
            // Unicode NFC and decomposed forms give the same term.
            ("sante\u{0301} santé", &["sant", "sant"]),
            // No-break spaces separate words; soft hyphens and zero-width
            // characters are ignored.
            ("santé\u{00A0}publique", &["sant", "publiqu"]),
            ("santé\u{202F}publique", &["sant", "publiqu"]),
            ("inter\u{00AD}opérabilité", &["interoper"]),
            ("inter\u{200B}opérabilité", &["interoper"]),
            // Stop words are kept unstemmed.
            ("des systèmes de santé", &["des", "system", "de", "sant"]),
            // Glued words are split.
            ("secteur.Réunissant", &["secteur", "reun"]),
            ("discutée,rendant", &["discut", "rend"]),
            // Acronyms and numbers.
            ("RGPD IA 2030 119", &["rgpd", "ia", "2030", "119"]),
            ("12,5 % ou 12.5 %", &["12.5", "ou", "12.5"]),
            // Quotation marks are not words.
            ("« jumeaux virtuels »", &["jumeau", "virtuel"]),
            ("", &[]),
            ("… — !", &[]),
        ];
        for (input, expected) in table {
            assert_eq!(terms(input), *expected, "input: {input:?}");
        }
    }

    #[test]
    fn acronym_ia_is_its_own_term() {
        let t = terms("l’IA et la pédiatrie, l’initiative");
        assert_eq!(t.iter().filter(|t| *t == "ia").count(), 1);
    }

    #[test]
    fn positions_count_terms_and_ranges_point_into_the_text() {
        let text = "« L’IA » transforme\u{00A0}la santé.";
        let tokens = FrenchAnalyzer::new().analyze(text);
        let positions: Vec<u32> = tokens.iter().map(|t| t.position).collect();
        assert_eq!(positions, [0, 1, 2, 3]);
        let words: Vec<&str> = tokens.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(words, ["IA", "transforme", "la", "santé"]);
        assert!(tokens[2].stop && !tokens[3].stop);
    }
}
