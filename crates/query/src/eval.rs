//! Relevance evaluation against snippet judgements.
//!
//! The judgements format and the measures are those of the project's
//! reference scorer (`eval/score.py`): one JSON object a line,
//! `{"id", "kind", "query", "relevant": [{"snippet", "grade"}]}`. A hit earns
//! a snippet's grade when its text, normalised (NFKC, lower case, typographic
//! apostrophes and quotes unified, white space collapsed), contains the
//! normalised snippet; each snippet is credited once, to the first hit that
//! holds it; a hit longer than 1,500 characters earns nothing. nDCG@10 uses
//! the gain 2^grade − 1. A query with no relevant snippet is a negative: it
//! passes when no hit comes back.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::engine::{Engine, SearchOptions};
use crate::error::QueryError;

/// Rank cut-off of every measure.
pub const K: usize = 10;
/// Hits longer than this (in characters, normalised) earn nothing.
const SCORER_MAX_HIT_CHARS: usize = 1500;

/// A passage a judge wants back for a query, named by a snippet of its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelevantSnippet {
    /// Verbatim text from the passage.
    pub snippet: String,
    /// 2 = answers the query, 1 = related.
    pub grade: u32,
}

/// One judged query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Judgement {
    /// Query id.
    pub id: String,
    /// Query kind (term, bag, phrase, question…).
    #[serde(default = "default_kind")]
    pub kind: String,
    /// The query as a user types it.
    pub query: String,
    /// What should come back; empty for a negative query.
    #[serde(default)]
    pub relevant: Vec<RelevantSnippet>,
}

fn default_kind() -> String {
    "question".to_string()
}

/// The measures of one query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryScore {
    /// Query id.
    pub id: String,
    /// Query kind.
    pub kind: String,
    /// The query.
    pub query: String,
    /// Number of hits returned (at most [`K`]).
    pub hits: usize,
    /// nDCG@10; `None` for a negative query.
    pub ndcg: Option<f64>,
    /// Reciprocal rank of the first relevant hit.
    pub rr: Option<f64>,
    /// Share of the relevant snippets found in the top 10.
    pub recall: Option<f64>,
}

/// Mean measures of a group of queries.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Means {
    /// Number of queries.
    pub queries: usize,
    /// Mean nDCG@10.
    pub ndcg: f64,
    /// Mean reciprocal rank @10.
    pub mrr: f64,
    /// Mean recall @10.
    pub recall: f64,
}

/// The evaluation of a judgements file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalReport {
    /// Means over the non-negative queries.
    pub overall: Means,
    /// Means per query kind.
    pub by_kind: BTreeMap<String, Means>,
    /// Negative queries that came back empty.
    pub negatives_passed: usize,
    /// Negative queries.
    pub negatives: usize,
    /// Every query's measures, in file order.
    pub queries: Vec<QueryScore>,
}

/// Reads a judgements file (JSON lines; blank lines are skipped).
pub fn load_judgements(path: &Path) -> Result<Vec<Judgement>, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|e| EvalError::Read {
        path: path.display().to_string(),
        source: e,
    })?;
    parse_judgements(&text, path)
}

/// Reads judgements from `text`, one JSON object a line, read from `path`
/// (for messages).
pub fn parse_judgements(text: &str, path: &Path) -> Result<Vec<Judgement>, EvalError> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line).map_err(|e| EvalError::Parse {
                path: path.display().to_string(),
                line: i + 1,
                source: e,
            })
        })
        .collect()
}

/// Errors of evaluation.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The judgements file could not be read.
    #[error("cannot read judgements {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A line of the judgements file is not a judgement.
    #[error("{path}:{line}: not a judgement: {source}")]
    Parse {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// Why.
        source: serde_json::Error,
    },
    /// A search failed.
    #[error(transparent)]
    Query(#[from] QueryError),
}

/// Runs every judged query on `engine` and scores the top 10 hits.
pub fn evaluate(engine: &Engine, judgements: &[Judgement]) -> Result<EvalReport, EvalError> {
    let mut queries = Vec::with_capacity(judgements.len());
    for judgement in judgements {
        let texts: Vec<String> = match engine.search(
            &judgement.query,
            SearchOptions {
                limit: K,
                ..SearchOptions::default()
            },
        ) {
            Ok(results) => results.hits.into_iter().map(|h| h.citation.text).collect(),
            // A query the engine refuses returns nothing; it is still scored.
            Err(e) if e.is_usage() => Vec::new(),
            Err(e) => return Err(e.into()),
        };
        queries.push(score_query(judgement, &texts));
    }
    Ok(summarise(queries))
}

/// Scores one query's hits (their texts, best first).
pub fn score_query(judgement: &Judgement, hits: &[String]) -> QueryScore {
    let mut score = QueryScore {
        id: judgement.id.clone(),
        kind: judgement.kind.clone(),
        query: judgement.query.clone(),
        hits: hits.len().min(K),
        ndcg: None,
        rr: None,
        recall: None,
    };
    if judgement.relevant.is_empty() {
        return score;
    }
    let relevant: Vec<(String, u32)> = judgement
        .relevant
        .iter()
        .map(|r| (normalise(&r.snippet), r.grade))
        .collect();
    let mut credited = vec![false; relevant.len()];
    let mut gains = Vec::new();
    for hit in hits.iter().take(K) {
        let text = normalise(hit);
        let mut gain = 0;
        if text.chars().count() <= SCORER_MAX_HIT_CHARS {
            for (i, (snippet, grade)) in relevant.iter().enumerate() {
                if !credited[i] && text.contains(snippet.as_str()) {
                    credited[i] = true;
                    gain = gain.max(*grade);
                }
            }
        }
        gains.push(gain);
    }
    let dcg = discounted(gains.iter().copied());
    let mut ideal: Vec<u32> = relevant.iter().map(|(_, g)| *g).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg = discounted(ideal.into_iter().take(K));
    score.ndcg = Some(if idcg > 0.0 { dcg / idcg } else { 0.0 });
    score.rr = Some(
        gains
            .iter()
            .position(|&g| g > 0)
            .map_or(0.0, |r| 1.0 / (r as f64 + 1.0)),
    );
    score.recall = Some(credited.iter().filter(|&&c| c).count() as f64 / relevant.len() as f64);
    score
}

fn discounted(gains: impl Iterator<Item = u32>) -> f64 {
    gains
        .enumerate()
        .map(|(rank, g)| (2f64.powi(g as i32) - 1.0) / (rank as f64 + 2.0).log2())
        .sum::<f64>()
        + 0.0 // an empty or all-zero sum is -0.0
}

fn summarise(queries: Vec<QueryScore>) -> EvalReport {
    let mean = |scores: &[&QueryScore]| {
        let n = scores.len().max(1) as f64;
        // `+ 0.0` turns the -0.0 that an all-zero float sum gives into 0.0.
        let mean_of = |f: fn(&QueryScore) -> Option<f64>| {
            scores.iter().filter_map(|s| f(s)).sum::<f64>() / n + 0.0
        };
        Means {
            queries: scores.len(),
            ndcg: mean_of(|s| s.ndcg),
            mrr: mean_of(|s| s.rr),
            recall: mean_of(|s| s.recall),
        }
    };
    let judged: Vec<&QueryScore> = queries.iter().filter(|q| q.ndcg.is_some()).collect();
    let mut kinds: BTreeMap<String, Vec<&QueryScore>> = BTreeMap::new();
    for q in &judged {
        kinds.entry(q.kind.clone()).or_default().push(q);
    }
    let negatives: Vec<&QueryScore> = queries.iter().filter(|q| q.ndcg.is_none()).collect();
    EvalReport {
        overall: mean(&judged),
        by_kind: kinds.iter().map(|(k, v)| (k.clone(), mean(v))).collect(),
        negatives_passed: negatives.iter().filter(|q| q.hits == 0).count(),
        negatives: negatives.len(),
        queries: queries.clone(),
    }
}

/// The scorer's normalisation: NFKC, typographic apostrophes and quotes
/// unified, lower case, white space collapsed.
pub fn normalise(text: &str) -> String {
    let unified: String = text
        .nfkc()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '\u{00B4}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{00AB}' | '\u{00BB}' => '"',
            c => c,
        })
        .collect::<String>()
        .to_lowercase();
    unified.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judgement(relevant: &[(&str, u32)]) -> Judgement {
        Judgement {
            id: "q".into(),
            kind: "term".into(),
            query: "q".into(),
            relevant: relevant
                .iter()
                .map(|(s, g)| RelevantSnippet {
                    snippet: s.to_string(),
                    grade: *g,
                })
                .collect(),
        }
    }

    #[test]
    fn perfect_and_empty_rankings() {
        let j = judgement(&[("l’importance de l’interopérabilité", 2), ("autre", 1)]);
        let hits = vec![
            "Il souligne L'importance  de l'interopérabilité.".to_string(),
            "une autre chose".to_string(),
        ];
        let s = score_query(&j, &hits);
        assert!((s.ndcg.unwrap() - 1.0).abs() < 1e-9);
        assert_eq!(s.rr, Some(1.0));
        assert_eq!(s.recall, Some(1.0));
        let s = score_query(&j, &[]);
        assert_eq!((s.ndcg, s.rr, s.recall), (Some(0.0), Some(0.0), Some(0.0)));
    }

    #[test]
    fn a_snippet_is_credited_once_and_rank_matters() {
        let j = judgement(&[("cible", 2)]);
        let hits = vec!["rien".to_string(), "cible".to_string(), "cible".to_string()];
        let s = score_query(&j, &hits);
        // DCG = 3 / log2(3); IDCG = 3 / log2(2).
        assert!((s.ndcg.unwrap() - 1.0 / 3f64.log2()).abs() < 1e-9);
        assert_eq!(s.rr, Some(0.5));
    }

    #[test]
    fn long_hits_earn_nothing() {
        let j = judgement(&[("cible", 2)]);
        let s = score_query(&j, &[format!("cible {}", "x".repeat(1600))]);
        assert_eq!(s.ndcg, Some(0.0));
    }

    #[test]
    fn negatives_pass_when_empty() {
        let negative = score_query(&judgement(&[]), &[]);
        let report = summarise(vec![negative]);
        assert_eq!((report.negatives_passed, report.negatives), (1, 1));
    }
}
