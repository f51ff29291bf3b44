//! Ranking: the order of the candidates retrieval found, and the
//! explanation of each score. Every weight and threshold it uses is in
//! [`crate::weights`], with the score's formula.
//!
//! - [`rerank`]: the signals of a candidate (coverage, proximity, answer)
//!   and its score, computed once;
//! - [`explain`]: `--explain`, read from those same signals;
//! - [`dedup`]: near-duplicate passages, folded into one hit.
//!
//! [`rank_and_fold`] puts them together for a page of results.

pub mod dedup;
pub mod explain;
pub mod rerank;

use fouille_ingest::{PassageKind, PassageRef};
use tantivy::DocAddress;

use crate::weights::RERANK_DEPTH;
use dedup::{near_duplicates, Fingerprint};
use rerank::{RankSignals, Ranker};

/// A hit as ranking leaves it.
pub(crate) struct RankedHit<L> {
    /// Why it ranks where it does.
    pub(crate) signals: RankSignals,
    /// Its place among the candidates.
    pub(crate) candidate: usize,
    /// The other places of the corpus folded into it, as `location` of
    /// [`rank_and_fold`] gives them.
    pub(crate) also_at: Vec<L>,
}

/// How many of `passages` (candidates in BM25 order) the re-ranking window
/// takes: up to the first past [`RERANK_DEPTH`] passages besides headings.
/// Short, headings often lead by BM25 and fall once weighed; they would
/// otherwise push passages out of the window they belong in. `None` when
/// the candidates end first: more of them would fill it.
pub(crate) fn rerank_window(passages: &[PassageRef]) -> Option<usize> {
    let mut others = 0;
    passages.iter().position(|p| {
        others += usize::from(p.info.kind != PassageKind::Heading);
        others > RERANK_DEPTH
    })
}

/// Orders candidates (in BM25 order) for display: the first
/// [`RERANK_DEPTH`] (headings aside) re-ranked, the others after them in BM25 order, so
/// that fetching more candidates never reorders the first ones and
/// pages join up. Then near duplicates fold into the better ranked of
/// them, showing the fuller text of the two (or the one that is not page
/// furniture), the other listed in its `also_at` (located by `location`).
/// Returns the hits, best first.
pub(crate) fn rank_and_fold<L>(
    ranker: &Ranker,
    top: &[(f32, DocAddress)],
    passages: &[PassageRef],
    location: impl Fn(&PassageRef) -> L,
) -> Vec<RankedHit<L>> {
    let mut order: Vec<(RankSignals, usize)> = top
        .iter()
        .zip(passages)
        .enumerate()
        .map(|(i, (&(bm25, _), p))| (ranker.signals(bm25, p.tokens, p.section(), p.info.kind), i))
        .collect();
    let reranked = rerank_window(passages).unwrap_or(order.len());
    order[..reranked].sort_by(|a, b| ranker.compare(&a.0, &b.0));
    let prints: Vec<Fingerprint> = passages.iter().map(|p| Fingerprint::of(p.tokens)).collect();
    let mut kept: Vec<RankedHit<L>> = Vec::new();
    for (signals, i) in order {
        let original = kept
            .iter()
            .position(|hit| near_duplicates(&prints[i], &prints[hit.candidate]));
        // The hit shows the fuller text of the two, unless it is page
        // furniture: a caption never stands for the paragraph it repeats.
        let shows_i = |k: usize| {
            let (new, shown) = (&passages[i], &passages[kept[k].candidate]);
            match (new.info.furniture.is_some(), shown.info.furniture.is_some()) {
                (false, true) => true,
                (true, false) => false,
                _ => prints[i].len() > prints[kept[k].candidate].len(),
            }
        };
        match original {
            Some(k) if shows_i(k) => {
                let shorter = std::mem::replace(&mut kept[k].candidate, i);
                kept[k].also_at.push(location(&passages[shorter]));
            }
            Some(k) => kept[k].also_at.push(location(&passages[i])),
            None => kept.push(RankedHit {
                signals,
                candidate: i,
                also_at: Vec::new(),
            }),
        }
    }
    kept
}
