//! Co-occurrences (TXM's « cooccurrences »): the words that come within a
//! few words of a query's occurrences more often than chance says,
//! scored by log-likelihood (Dunning's G²).
//!
//! A word is counted as its analyzed term, so that its inflections count
//! together, and shown as the corpus most often writes it. Its expected
//! count near the query is its share of the corpus's words times the words
//! near the query; G² compares the two (high: far from chance), and only
//! words found more often than expected are listed. Stop words are left
//! out unless asked for; a window does not cross passages.

use std::collections::HashMap;

use serde::Serialize;

use crate::engine::Engine;
use crate::error::QueryError;
use crate::scope::Scope;
use crate::SearchOptions;

/// Words on each side of an occurrence by default.
pub const DEFAULT_WINDOW: usize = 5;
/// Most words on each side.
pub const MAX_WINDOW: usize = 50;
/// Fewest times a word must come near the query to be listed.
const MIN_COUNT: u64 = 2;

/// The words that come with a query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cooccurrences {
    /// The query as typed.
    pub word: String,
    /// Words on each side of each occurrence.
    pub window: usize,
    /// Occurrences of the query.
    pub occurrences: u64,
    /// The words, highest score first.
    pub collocates: Vec<Collocate>,
}

/// A word that comes with the query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Collocate {
    /// The word, as the corpus most often writes it.
    pub word: String,
    /// Times it comes within the window of an occurrence.
    pub count: u64,
    /// Times chance says it would.
    pub expected: f64,
    /// Log-likelihood G²: how far `count` is from `expected`.
    pub score: f64,
}

impl Engine {
    /// The words within `window` words of the occurrences of `query`
    /// (within `scope`'s filter), at most `limit`, stop words too when
    /// `stop_words`.
    pub fn cooccurrences(
        &self,
        query: &str,
        options: SearchOptions,
        scope: &Scope,
        window: usize,
        limit: usize,
        stop_words: bool,
    ) -> Result<Cooccurrences, QueryError> {
        let window = window.clamp(1, MAX_WINDOW);
        let (found, _) = self.with_occurrences(query, options, scope)?;
        // Near the query: each term's count, and how it is written.
        let mut near: HashMap<u64, u64> = HashMap::new();
        let mut near_words = 0u64;
        let mut occurrences = 0u64;
        for (passage, ranges) in &found {
            let tokens: Vec<_> = passage.tokens.iter().collect();
            let is_node: Vec<bool> = tokens
                .iter()
                .map(|t| ranges.iter().any(|[s, e]| t.start >= *s && t.end <= *e))
                .collect();
            // Each word near at least one occurrence counts once.
            let mut counted = vec![false; tokens.len()];
            occurrences += ranges.len() as u64;
            for (i, _) in is_node.iter().enumerate().filter(|(_, n)| **n) {
                let from = i.saturating_sub(window);
                let to = (i + window).min(tokens.len().saturating_sub(1));
                for j in from..=to {
                    if is_node[j] || counted[j] || (!stop_words && tokens[j].stop()) {
                        continue;
                    }
                    counted[j] = true;
                    near_words += 1;
                    *near.entry(tokens[j].hash).or_default() += 1;
                }
            }
        }
        // The corpus: each term's count, and its most frequent spelling.
        let mut corpus: HashMap<u64, u64> = HashMap::with_capacity(near.len() * 4);
        let mut spellings: HashMap<u64, HashMap<String, u64>> = HashMap::new();
        let mut total = 0u64;
        for passage in self.studied_passages(scope, options.include_furniture)? {
            let text = passage.text().unwrap_or_default();
            for token in passage.tokens.iter() {
                if !stop_words && token.stop() {
                    continue;
                }
                total += 1;
                if near.contains_key(&token.hash) {
                    *corpus.entry(token.hash).or_default() += 1;
                    let written = text.get(token.start..token.end).unwrap_or_default();
                    *spellings
                        .entry(token.hash)
                        .or_default()
                        .entry(written.to_string())
                        .or_default() += 1;
                }
            }
        }
        let mut collocates: Vec<Collocate> = near
            .into_iter()
            .filter(|&(_, count)| count >= MIN_COUNT)
            .filter_map(|(hash, count)| {
                let in_corpus = corpus.get(&hash).copied().unwrap_or(count).max(count);
                let expected = in_corpus as f64 * near_words as f64 / total.max(1) as f64;
                if (count as f64) <= expected {
                    return None;
                }
                let word = spellings
                    .get(&hash)?
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?
                    .0
                    .clone();
                Some(Collocate {
                    word,
                    count,
                    expected: (expected * 100.0).round() / 100.0,
                    score: (g2(count, in_corpus, near_words, total) * 100.0).round() / 100.0,
                })
            })
            .collect();
        collocates.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(b.count.cmp(&a.count))
                .then(a.word.cmp(&b.word))
        });
        collocates.truncate(limit);
        Ok(Cooccurrences {
            word: query.to_string(),
            window,
            occurrences,
            collocates,
        })
    }
}

/// Dunning's log-likelihood G² of a word seen `count` times among the
/// `near` words near the query, `in_corpus` times among the corpus's
/// `total` words.
fn g2(count: u64, in_corpus: u64, near: u64, total: u64) -> f64 {
    let (a, b) = (count as f64, near.saturating_sub(count) as f64);
    let c = in_corpus.saturating_sub(count) as f64;
    let d = (total.saturating_sub(near)).saturating_sub(in_corpus.saturating_sub(count)) as f64;
    let n = a + b + c + d;
    let term = |observed: f64, row: f64, column: f64| {
        let expected = row * column / n;
        if observed > 0.0 && expected > 0.0 {
            observed * (observed / expected).ln()
        } else {
            0.0
        }
    };
    2.0 * (term(a, a + b, a + c)
        + term(b, a + b, b + d)
        + term(c, c + d, a + c)
        + term(d, c + d, b + d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::tests::engine;

    #[test]
    fn the_word_that_comes_with_the_query_leads() {
        let mut text = String::new();
        for i in 0..6 {
            text.push_str(&format!(
                "Les urgences hospitalières débordent encore {i}.\n\
                 Un jardin fleuri accueille les visiteurs du quartier.\n"
            ));
        }
        let (_dir, engine) = engine(&[("a.txt", &text)]);
        let found = engine
            .cooccurrences(
                "urgences",
                SearchOptions::default(),
                &Scope::default(),
                3,
                10,
                false,
            )
            .unwrap();
        assert_eq!(found.occurrences, 6);
        let first = &found.collocates[0];
        assert!(
            ["hospitalières", "débordent"].contains(&first.word.as_str()),
            "{found:?}"
        );
        assert_eq!(first.count, 6);
        assert!(first.score > 0.0 && (first.count as f64) > first.expected);
        // Words of the other lines never come near it.
        assert!(
            found.collocates.iter().all(|c| c.word != "jardin"),
            "{found:?}"
        );
    }

    #[test]
    fn log_likelihood_is_zero_when_the_word_is_where_chance_puts_it() {
        // 10 of 100 words near the query, 100 of 1,000 in the corpus.
        assert!(g2(10, 100, 100, 1000).abs() < 1e-9);
        assert!(g2(30, 100, 100, 1000) > 30.0);
    }
}
