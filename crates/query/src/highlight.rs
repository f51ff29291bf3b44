//! Highlights: where the query's words stand in a hit's text.
//!
//! Highlights come from the tokens stored with each passage at index time
//! (see `fouille_ingest::StoredTokens`), so no hit's text is analysed again
//! at query time; only a document's title, a few words, is.

use fouille_ingest::{encode_tokens, term_hash, FrenchAnalyzer, StoredTokens};

use crate::exact::Typed;
use crate::plan::QueryPlan;

/// What to highlight for one query: the hashes of its terms and phrases,
/// computed once for all its hits.
pub struct Highlighter {
    words: Vec<u64>,
    phrases: Vec<Vec<u64>>,
    /// Words and phrases to match as typed (`=tours`): marked only where
    /// the text writes them so.
    typed: Vec<Typed>,
}

impl Highlighter {
    /// The highlighter of a query plan: every query word (or close spelling
    /// of a misspelt one, or synonym), and every quoted phrase (or synonym
    /// of several words) as one range.
    pub fn new(plan: &QueryPlan) -> Self {
        let synonyms = plan.slots.iter().flat_map(|s| &s.alternatives);
        let mut words: Vec<u64> = plan
            .slots
            .iter()
            .filter(|s| s.exact.is_none())
            .flat_map(|s| s.expansions.iter().map(|e| term_hash(&e.term)))
            .collect();
        let mut typed: Vec<Typed> = plan
            .slots
            .iter()
            .filter_map(|s| Some((s.exact.as_ref()?, &s.expansions)))
            .flat_map(|(surface, expansions)| {
                // A word's one term, or each term a beginning stands for.
                expansions.iter().map(move |e| {
                    Typed::new(std::slice::from_ref(&e.term), std::slice::from_ref(surface))
                })
            })
            .collect();
        typed.extend(
            plan.phrases
                .iter()
                .chain(&plan.either)
                .chain(&plan.boosted)
                .chain(plan.required_any.iter().flatten())
                .filter(|p| !p.exact.is_empty())
                .map(|p| Typed::new(&p.terms, &p.exact)),
        );
        words.extend(
            synonyms
                .clone()
                .filter(|a| a.terms.len() == 1)
                .map(|a| term_hash(&a.terms[0])),
        );
        Highlighter {
            words,
            typed,
            phrases: plan
                .phrases
                .iter()
                .chain(&plan.either)
                .chain(&plan.boosted)
                .chain(plan.required_any.iter().flatten())
                .filter(|p| p.exact.is_empty())
                .map(|p| &p.terms)
                .chain(synonyms.filter(|a| a.terms.len() > 1).map(|a| &a.terms))
                .map(|terms| terms.iter().map(|t| term_hash(t)).collect())
                .filter(|p: &Vec<u64>| !p.is_empty())
                .collect(),
        }
    }

    /// Byte ranges of a passage's text to highlight, given the passage's
    /// stored tokens and its text. Sorted, merged where they touch or
    /// overlap.
    pub fn passage(&self, tokens: StoredTokens, text: &str) -> Vec<[usize; 2]> {
        self.ranges(tokens, Some(text))
    }

    /// Byte ranges of a section heading where a query word or a quoted
    /// phrase stands, given the heading's stored tokens.
    pub fn section(&self, tokens: StoredTokens) -> Vec<[usize; 2]> {
        // As a passage's text: a quoted phrase is searched in headings too
        // (words to match as typed are not).
        self.ranges(tokens, None)
    }

    /// Byte ranges of a document's title to highlight, as a heading's: a
    /// quoted phrase may be found in the title alone, and the title's
    /// words add to a passage's score. The title's tokens are not stored
    /// with its passages: it is analysed here, with the index's analyzer.
    pub fn title(&self, title: &str) -> Vec<[usize; 2]> {
        let tokens = encode_tokens(&FrenchAnalyzer::new().analyze(title), &[]);
        self.ranges(StoredTokens::new(&tokens), None)
    }

    /// The highlights of `tokens`; those of words to match as typed only
    /// when the tokens' `text` is given.
    fn ranges(&self, tokens: StoredTokens, text: Option<&str>) -> Vec<[usize; 2]> {
        let mut ranges: Vec<[usize; 2]> = self.words_in(tokens).collect();
        if let Some(text) = text {
            for typed in &self.typed {
                ranges.extend(typed.spans(tokens, text));
            }
        }
        for phrase in &self.phrases {
            ranges.extend(
                tokens
                    .phrase_starts(phrase)
                    .filter_map(|at| tokens.span(at, at + phrase.len() - 1)),
            );
        }
        ranges.sort_unstable();
        let mut merged: Vec<[usize; 2]> = Vec::with_capacity(ranges.len());
        for range in ranges {
            match merged.last_mut() {
                Some(last) if range[0] <= last[1] => last[1] = last[1].max(range[1]),
                _ => merged.push(range),
            }
        }
        merged
    }

    /// Byte ranges of the tokens that are query words, in order.
    fn words_in<'t>(&'t self, tokens: StoredTokens<'t>) -> impl Iterator<Item = [usize; 2]> + 't {
        tokens
            .iter()
            .filter(|t| self.words.contains(&t.hash))
            .map(|t| [t.start, t.end])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::ParsedQuery;
    use fouille_ingest::{encode_tokens, FrenchAnalyzer};

    fn marked(query: &str, text: &str) -> Vec<String> {
        let tokens = encode_tokens(&FrenchAnalyzer::new().analyze(text), &[]);
        let plan = QueryPlan::exact(&ParsedQuery::parse(query).unwrap());
        Highlighter::new(&plan)
            .passage(StoredTokens::new(&tokens), text)
            .into_iter()
            .map(|[s, e]| text[s..e].to_string())
            .collect()
    }

    #[test]
    fn marks_every_form_of_the_query_words() {
        assert_eq!(
            marked(
                "interoperabilite",
                "L’interopérabilité des systèmes, des systèmes interopérables."
            ),
            ["interopérabilité", "interopérables"]
        );
    }

    #[test]
    fn stop_words_are_not_marked_outside_phrases() {
        assert_eq!(marked("la santé", "la santé de la France"), ["santé"]);
    }

    #[test]
    fn a_phrase_is_one_range() {
        assert_eq!(
            marked("\"jumeaux virtuels\"", "Les jumeaux virtuels d’organes"),
            ["jumeaux virtuels"]
        );
    }
}
