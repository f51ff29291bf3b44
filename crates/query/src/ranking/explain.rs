//! `--explain`: why a hit ranks where it does.
//!
//! For each hit: every query term found in it, the field it was found in
//! and its BM25 contribution (as tantivy computes it, with the field
//! weights the query was built with and the lower weight of misspelt
//! words), then each re-ranking factor and the final score, read from the
//! [`RankSignals`] the hit was ranked by: the explanation cannot say
//! anything the ranking did not do.

use fouille_ingest::PassageSchema;
use serde::Serialize;
use tantivy::query::{Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Searcher, Term};

use super::rerank::RankSignals;
use crate::plan::QueryPlan;
use crate::weights::FIELD_WEIGHTS;

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
    /// True when the hit holds a query word as typed; when the query mixes
    /// exact and misspelt words, such hits come first.
    pub exact: bool,
    /// Final score: bm25 × the factors.
    pub score: f32,
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
    for slot in &plan.slots {
        for e in &slot.expansions {
            for field in FIELD_WEIGHTS {
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
                    });
                }
            }
        }
    }
    let terms_bm25: f32 = matches.iter().map(|m| m.bm25).sum();
    let missing = plan
        .slots
        .iter()
        .filter(|s| !matches.iter().any(|m| m.word == s.word))
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
        exact: signals.exact,
        score: signals.score,
    }
}
