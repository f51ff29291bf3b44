//! `--explain`: why a hit ranks where it does.
//!
//! For each hit: every query term found in it, the field it was found in
//! and its BM25 contribution (as tantivy computes it, with the field
//! weights the query was built with and the lower weight of misspelt
//! words), then each re-ranking factor, the passage's own score, what its
//! article and its neighbours add, and the final score, read from the
//! [`RankSignals`] the hit was ranked by: the explanation cannot say
//! anything the ranking did not do.

use fouille_ingest::PassageSchema;
use serde::Serialize;
use tantivy::query::{Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Searcher, Term};

use super::rerank::RankSignals;
use crate::parse::Phrase;
use crate::plan::QueryPlan;
use crate::retrieval::phrase_query;
use crate::weights::{lead_weight, neighbour_weight, SearchedField, SEARCHED_FIELDS};

/// One query term found in a hit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermMatch {
    /// The query word (as analysed).
    pub word: String,
    /// The indexed term that matched: the word itself, or a close spelling.
    pub term: String,
    /// Edit distance between them.
    pub distance: u8,
    /// Where it was found: `text`, `section`, `title` or `refs`.
    pub field: &'static str,
    /// Its BM25 contribution to the hit's score.
    pub bm25: f32,
    /// True for a synonym of the query word (`term` is then the synonym as
    /// written, a phrase when of several words); left out when false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub synonym: bool,
}

/// Why a hit ranks where it does.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The query terms found, with their BM25 contributions.
    pub matches: Vec<TermMatch>,
    /// Query words found nowhere in the hit (nor a close spelling of them).
    pub missing: Vec<String>,
    /// BM25 of the quoted phrases the hit holds, on top of their words'
    /// own contributions (a phrase in typographic quotes inside a sentence
    /// counts its words a second time: that is its boost).
    pub phrases_bm25: f32,
    /// Total BM25 score.
    pub bm25: f32,
    /// Idf-weighted share of the query words held, and its factor
    /// `1 + COVERAGE_WEIGHT × coverage²`.
    pub coverage: f32,
    /// Factor from coverage.
    pub coverage_factor: f32,
    /// Idf-weighted share of consecutive query words held near each other.
    pub proximity: f32,
    /// Factor from proximity: `1 + PROXIMITY_WEIGHT × proximity`.
    pub proximity_factor: f32,
    /// Factor for holding the kind of answer the question asks for.
    pub answer_factor: f32,
    /// Factor of the passage's kind: a code passage for a query that does
    /// not ask for code, a heading (left out of the JSON when 1).
    #[serde(skip_serializing_if = "is_one")]
    pub kind_factor: f32,
    /// Factor of a passage shorter than a sentence (a fragment), left out
    /// of the JSON when 1.
    #[serde(skip_serializing_if = "is_one")]
    pub length_factor: f32,
    /// The passage's own score: bm25 × the factors above.
    pub own: f32,
    /// How strongly the passage's article holds the query, 0 to 1 (the
    /// best own score of its document over the best of all candidates).
    pub article: f32,
    /// Factor from the article: `1 + ARTICLE_WEIGHT × article`.
    pub article_factor: f32,
    /// The own score of the better neighbour that lends it (0 when none).
    pub neighbours: f32,
    /// What the neighbours add: `NEIGHBOUR_WEIGHT × neighbours`.
    pub from_neighbours: f32,
    /// For the lead of a short document, the best own score of its
    /// document times the lead's coverage and length factor (0
    /// otherwise).
    pub lead: f32,
    /// What being the lead adds: `LEAD_WEIGHT × lead`.
    pub from_lead: f32,
    /// True when the hit holds a query word as typed; when the query mixes
    /// exact and misspelt words, such hits come first.
    pub exact: bool,
    /// Final score: `own × article_factor + from_neighbours + from_lead`.
    pub score: f32,
}

fn is_one(factor: &f32) -> bool {
    *factor == 1.0
}

/// Explains the hit at `address`, whose re-ranking signals are `signals`.
pub fn explain(
    searcher: &Searcher,
    schema: &PassageSchema,
    plan: &QueryPlan,
    address: DocAddress,
    signals: &RankSignals,
) -> Explanation {
    let mut matches = Vec::new();
    for (at, slot) in plan.slots.iter().enumerate() {
        for e in &slot.expansions {
            for field in SEARCHED_FIELDS {
                let query = TermQuery::new(
                    Term::from_field_text(field.field(schema), &e.term),
                    IndexRecordOption::WithFreqs,
                );
                // tantivy explains only documents that match.
                if let Ok(explanation) = query.explain(searcher, address) {
                    matches.push(TermMatch {
                        word: slot.word.clone(),
                        term: e.term.clone(),
                        distance: e.distance,
                        field: field.name(),
                        bm25: explanation.value() * field.weight() * e.weight,
                        synonym: false,
                    });
                }
            }
        }
        for a in slot.alternatives.iter().filter(|a| a.bm25 > 0.0) {
            // A synonym of a run of words is searched once: it is explained
            // with the first word it stands for.
            let first = plan
                .slots
                .iter()
                .position(|s| s.alternatives.iter().any(|b| b.terms == a.terms));
            if first != Some(at) {
                continue;
            }
            let fields: &[SearchedField] = if a.terms.len() == 1 {
                &SEARCHED_FIELDS
            } else {
                &[SearchedField::Text, SearchedField::Section]
            };
            for &field in fields {
                let query = phrase_query(field.field(schema), &Phrase::of(a.terms.clone()));
                if let Ok(explanation) = query.explain(searcher, address) {
                    matches.push(TermMatch {
                        word: slot.word.clone(),
                        term: a.text.clone(),
                        distance: 0,
                        field: field.name(),
                        bm25: explanation.value() * field.weight() * a.bm25,
                        synonym: true,
                    });
                }
            }
        }
    }
    let terms_bm25: f32 = matches.iter().map(|m| m.bm25).sum();
    let missing = plan
        .slots
        .iter()
        .filter(|s| {
            !matches.iter().any(|m| m.word == s.word)
                && !s
                    .alternatives
                    .iter()
                    .any(|a| matches.iter().any(|m| m.synonym && m.term == a.text))
        })
        .map(|s| s.word.clone())
        .collect();
    Explanation {
        missing,
        phrases_bm25: (signals.bm25 - terms_bm25).max(0.0),
        matches,
        bm25: signals.bm25,
        coverage: signals.coverage,
        coverage_factor: signals.coverage_factor,
        proximity: signals.proximity,
        proximity_factor: signals.proximity_factor,
        answer_factor: signals.answer_factor,
        kind_factor: signals.kind_factor,
        length_factor: signals.length_factor,
        own: signals.passage,
        article: signals.article,
        article_factor: signals.article_factor,
        neighbours: signals.neighbours,
        from_neighbours: neighbour_weight() * signals.neighbours,
        lead: signals.lead,
        from_lead: lead_weight() * signals.lead,
        exact: signals.exact,
        score: signals.score,
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::tests::{engine, ARTICLE};
    use crate::SearchOptions;

    /// The explanation adds up to the score the hit was ranked by: its
    /// terms' contributions to the BM25 the ranking used (no phrase in the
    /// query), and its factors to the score.
    #[test]
    fn the_explanation_adds_up_to_the_ranking() {
        let (_dir, engine) = engine(&[
            ("a.txt", ARTICLE),
            (
                "b.txt",
                "Santé publique\nLes systèmes de santé et l’interopérabilité en 2030.\n\
                 Une section\nLa santé des radiologues.\n",
            ),
        ]);
        let options = SearchOptions {
            explain: true,
            ..SearchOptions::default()
        };
        for query in [
            "interopérabilité systèmes",
            "santé section",
            "interoperabilte",
            "quand santé",
        ] {
            let results = engine.search(query, options).unwrap();
            assert!(!results.hits.is_empty(), "{query}");
            for hit in &results.hits {
                let e = hit.explain.as_ref().unwrap();
                let terms: f32 = e.matches.iter().map(|m| m.bm25).sum();
                assert!(
                    (terms - e.bm25).abs() < 1e-4,
                    "{query}: {terms} vs {}",
                    e.bm25
                );
                assert!(e.phrases_bm25 < 1e-4, "{query}");
                let product = e.bm25
                    * e.coverage_factor
                    * e.proximity_factor
                    * e.answer_factor
                    * e.kind_factor
                    * e.length_factor;
                assert!((product - e.own).abs() < 1e-5, "{query}");
                let in_context = e.own * e.article_factor + e.from_neighbours + e.from_lead;
                assert!((in_context - e.score).abs() < 1e-4, "{query}");
                assert!((0.0..=1.0).contains(&e.article), "{query}");
                assert_eq!(e.score, hit.score);
            }
        }
    }
}
