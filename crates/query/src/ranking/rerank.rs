//! Re-ranking the best BM25 candidates by how well they hold the query.
//!
//! BM25 scores each word on its own. A reader also wants, first, the
//! passages that hold *more of the distinct words* of the query, weighted by
//! how rare each word is (coverage), and that hold them *close together, in
//! the query's order* (proximity): "confidentialité des données patients" is
//! better answered by "garantir la confidentialité des données patients" than
//! by a paragraph that says "données" five times. So the top candidates
//! are scored again (the formula and its weights: [`crate::weights`]):
//!
//! - coverage: the idf-weighted share of the query's words found in the
//!   passage text (misspelt words count with their fuzzy weight, words of
//!   the section heading with [`SECTION_COVERAGE`]);
//! - proximity: the idf-weighted share of consecutive query word pairs found
//!   within [`NEAR`] words of each other in the passage, a full point when in
//!   the query's order, [`REVERSED_PAIR`] otherwise.
//!
//! A question that says what it asks for (`combien`: an amount, `quand`: a
//! date) raises the passages that hold one by [`ANSWER_BOOST`].
//!
//! When some query words are in the index and others are misspelt, passages
//! holding an exact word always come before passages holding only
//! approximate ones.
//!
//! The factors are computed once, in [`RankSignals::new`], and both the
//! ranking and `--explain` read them there.

use std::cell::RefCell;

use fouille_ingest::analysis::AnswerKind;
use fouille_ingest::{term_hash, FastMap, PassageKind, SectionRef, StoredTokens, TokenFlags};
use serde::Serialize;

use crate::parse::surface;
use crate::plan::QueryPlan;
use crate::weights::{
    article_weight, fragment_tokens, heading_weight, lead_weight, neighbour_weight, ANSWER_BOOST,
    CODE_WEIGHT, COVERAGE_WEIGHT, NEAR, PROXIMITY_WEIGHT, REVERSED_PAIR, SECTION_COVERAGE,
};

/// Why a passage ranks where it does: the signals, the factors made of
/// them, and the score, which is their product.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankSignals {
    /// The BM25 score (text, section and title, fuzzy terms weighted).
    pub bm25: f32,
    /// Idf-weighted share of the query words in the passage text, 0 to 1.
    pub coverage: f32,
    /// Idf-weighted share of consecutive query words found near each other,
    /// 0 to 1.
    pub proximity: f32,
    /// True when the passage holds a query word as typed (not only a close
    /// spelling of one).
    pub exact: bool,
    /// True when the passage holds the kind of answer the question asks for.
    pub answers: bool,
    /// `1 + COVERAGE_WEIGHT × coverage²`.
    pub coverage_factor: f32,
    /// `1 + PROXIMITY_WEIGHT × proximity`.
    pub proximity_factor: f32,
    /// `1 + ANSWER_BOOST` when the passage answers, 1 otherwise.
    pub answer_factor: f32,
    /// `CODE_WEIGHT` for a code passage when the query does not ask for
    /// code, `HEADING_WEIGHT` for a heading, 1 otherwise.
    pub kind_factor: f32,
    /// `sqrt(tokens / FRAGMENT_TOKENS)` for a passage shorter than
    /// `FRAGMENT_TOKENS` tokens (a heading aside), 1 otherwise.
    pub length_factor: f32,
    /// The passage's own score: `bm25` times the factors above.
    pub passage: f32,
    /// How strongly the passage's article holds the query, 0 to 1: the
    /// best own score among the candidates of its document (the passage
    /// included) over the best of all candidates.
    pub article: f32,
    /// `1 + ARTICLE_WEIGHT × article`.
    pub article_factor: f32,
    /// The own score of the better of the passage's two neighbours in its
    /// document, when that neighbour is a candidate and both are prose
    /// (paragraphs or quotations); 0 otherwise.
    pub neighbours: f32,
    /// For the lead of a short document (its first passage, see
    /// `crate::weights::LEAD_WEIGHT`), the best own score among the
    /// candidates of its document (the passage included) times the
    /// passage's own coverage and length factor; 0 otherwise.
    pub lead: f32,
    /// The final score: `passage × article_factor + NEIGHBOUR_WEIGHT ×
    /// neighbours + LEAD_WEIGHT × lead`.
    pub score: f32,
}

impl RankSignals {
    /// The factors and score of a passage's signals: the one place where
    /// the score is computed.
    pub fn new(
        bm25: f32,
        coverage: f32,
        proximity: f32,
        exact: bool,
        answers: bool,
        kind_factor: f32,
        length_factor: f32,
    ) -> Self {
        let coverage_factor = 1.0 + COVERAGE_WEIGHT * coverage * coverage;
        let proximity_factor = 1.0 + PROXIMITY_WEIGHT * proximity;
        let answer_factor = if answers { 1.0 + ANSWER_BOOST } else { 1.0 };
        RankSignals {
            bm25,
            coverage,
            proximity,
            exact,
            answers,
            coverage_factor,
            proximity_factor,
            answer_factor,
            kind_factor,
            length_factor,
            passage: bm25
                * coverage_factor
                * proximity_factor
                * answer_factor
                * kind_factor
                * length_factor,
            article: 0.0,
            article_factor: 1.0,
            neighbours: 0.0,
            lead: 0.0,
            score: 0.0,
        }
        .in_context(0.0, 0.0, 0.0)
    }

    /// The signals with the passage's context: `article` (0 to 1),
    /// `neighbours` and `lead` as [`RankSignals::article`],
    /// [`RankSignals::neighbours`] and [`RankSignals::lead`] say; the
    /// score follows.
    pub fn in_context(mut self, article: f32, neighbours: f32, lead: f32) -> Self {
        self.article = article;
        self.article_factor = 1.0 + article_weight() * article;
        self.neighbours = neighbours;
        self.lead = lead;
        self.score = self.passage * self.article_factor
            + neighbour_weight() * neighbours
            + lead_weight() * lead;
        self
    }
}

/// Scores candidates for one query plan.
pub struct Ranker<'a> {
    plan: &'a QueryPlan,
    /// Hash of an indexed term → (slot, weight of a match on it, exact).
    /// The last, for a word to match as typed (`=tours`): the word, in
    /// `typed`; only tokens the text writes so match it.
    terms: FastMap<u64, (usize, f32, bool, Option<usize>)>,
    /// The words to match as typed, as `crate::parse::surface` gives them.
    typed: Vec<String>,
    /// Synonyms of several words: (slot, weight of a match, term hashes).
    phrases: Vec<(usize, f32, Vec<u64>)>,
    /// A 64-bit set of the bits of `terms` (see [`term_bit`]): most tokens
    /// of a passage are not query terms, and the set says so without a
    /// look in the map.
    term_bits: u64,
    total_idf: f32,
    pair_idf: Vec<f32>,
    tiered: bool,
    /// Coverage credit of each slot in section headings already seen, by
    /// section number.
    sections: RefCell<FastMap<u32, Vec<f32>>>,
    /// The credit and the positions of each slot in the passage being
    /// scored, kept from one passage to the next so that scoring a hundred
    /// candidates does not allocate for each.
    scratch: RefCell<(Vec<f32>, Vec<Vec<u32>>)>,
}

impl<'a> Ranker<'a> {
    /// A ranker for `plan`.
    pub fn new(plan: &'a QueryPlan) -> Self {
        let mut terms = FastMap::default();
        let mut typed = Vec::new();
        for (i, slot) in plan.slots.iter().enumerate() {
            let as_typed = slot.exact.as_ref().map(|word| {
                typed.push(word.clone());
                typed.len() - 1
            });
            for e in &slot.expansions {
                terms
                    .entry(term_hash(&e.term))
                    .or_insert((i, e.weight, e.distance == 0, as_typed));
            }
        }
        // Synonyms: one term is one more term of its slot; several, a
        // phrase looked for in the passage.
        let mut phrases = Vec::new();
        for (i, slot) in plan.slots.iter().enumerate() {
            for a in &slot.alternatives {
                match a.terms.as_slice() {
                    [term] => {
                        terms
                            .entry(term_hash(term))
                            .or_insert((i, a.weight, true, None));
                    }
                    many => {
                        phrases.push((i, a.weight, many.iter().map(|t| term_hash(t)).collect()))
                    }
                }
            }
        }
        let term_bits = terms.keys().fold(0, |bits, &hash| bits | term_bit(hash));
        let live: Vec<f32> = plan
            .slots
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| s.idf)
            .collect();
        let pair_idf = plan
            .slots
            .windows(2)
            .map(|w| (w[0].idf + w[1].idf) / 2.0)
            .collect();
        let tiered = plan.has_exact() && plan.slots.iter().any(|s| !s.is_exact() && !s.is_empty());
        Ranker {
            plan,
            terms,
            typed,
            phrases,
            term_bits,
            total_idf: live.iter().sum(),
            pair_idf,
            tiered,
            sections: RefCell::new(FastMap::default()),
            scratch: RefCell::default(),
        }
    }

    /// The signals of a candidate with BM25 score `bm25`, stored tokens
    /// `tokens` of its text `text` (read only when [`Ranker::reads_text`]),
    /// and section heading `section`.
    pub fn signals(
        &self,
        bm25: f32,
        tokens: StoredTokens,
        text: &str,
        section: Option<SectionRef>,
        kind: PassageKind,
    ) -> RankSignals {
        let slots = self.plan.slots.len();
        let mut scratch = self.scratch.borrow_mut();
        let (found, positions) = &mut *scratch;
        found.clear();
        found.resize(slots, 0.0);
        positions.resize_with(slots, Vec::new);
        positions.iter_mut().for_each(Vec::clear);
        if let Some(section) = section.filter(|s| !s.tokens.is_empty()) {
            let mut cache = self.sections.borrow_mut();
            let in_section = cache.entry(section.index).or_insert_with(|| {
                let mut credit = vec![0f32; slots];
                for token in section.tokens.iter() {
                    // A word to match as typed is not searched in headings.
                    if let Some(&(slot, weight, _, None)) = self.terms.get(&token.hash) {
                        credit[slot] = credit[slot].max(SECTION_COVERAGE * weight);
                    }
                }
                credit
            });
            for (f, s) in found.iter_mut().zip(in_section.iter()) {
                *f = f.max(*s);
            }
        }
        let mut exact = false;
        let mut answers = false;
        let answer_flags = match self.plan.answer {
            Some(AnswerKind::Quantity) => TokenFlags::NUMBER,
            Some(AnswerKind::Date) => TokenFlags::YEAR | TokenFlags::MONTH,
            None => TokenFlags::NONE,
        };
        for (position, token) in tokens.iter().enumerate() {
            if token.reference() {
                continue;
            }
            answers |= token.has(answer_flags);
            if self.term_bits & term_bit(token.hash) == 0 {
                continue;
            }
            if let Some(&(slot, weight, is_exact, as_typed)) = self.terms.get(&token.hash) {
                if let Some(i) = as_typed {
                    let word = text.get(token.start..token.end).map(surface);
                    if word.as_ref() != Some(&self.typed[i]) {
                        continue;
                    }
                }
                found[slot] = found[slot].max(weight);
                positions[slot].push(position as u32);
                exact |= is_exact;
            }
        }
        for (slot, weight, phrase) in &self.phrases {
            if let Some(at) = tokens.phrase_starts(phrase).next() {
                found[*slot] = found[*slot].max(*weight);
                positions[*slot].push(at as u32);
                exact = true;
            }
        }
        let coverage = if self.total_idf > 0.0 {
            self.plan
                .slots
                .iter()
                .zip(found.iter())
                .map(|(s, f)| s.idf * f)
                .sum::<f32>()
                / self.total_idf
        } else {
            0.0
        };
        let pair_total: f32 = self.pair_idf.iter().sum();
        let proximity = if pair_total > 0.0 {
            self.pair_idf
                .iter()
                .enumerate()
                .map(|(i, w)| w * pair_score(&positions[i], &positions[i + 1]))
                .sum::<f32>()
                / pair_total
        } else {
            0.0
        };
        let kind_factor = match kind {
            PassageKind::Code if !self.plan.code => CODE_WEIGHT,
            PassageKind::Heading => heading_weight(),
            _ => 1.0,
        };
        let fragment = fragment_tokens();
        let length_factor = if fragment > 0.0 && kind != PassageKind::Heading {
            (tokens.len() as f32 / fragment).min(1.0).sqrt()
        } else {
            1.0
        };
        RankSignals::new(
            bm25,
            coverage,
            proximity,
            exact,
            answers,
            kind_factor,
            length_factor,
        )
    }

    /// True when [`Ranker::signals`] reads the passage's text: only for
    /// words to match as typed. Other queries need not check it is UTF-8.
    pub fn reads_text(&self) -> bool {
        !self.typed.is_empty()
    }

    /// Orders two candidates' signals, best first.
    pub fn compare(&self, a: &RankSignals, b: &RankSignals) -> std::cmp::Ordering {
        let tier = |s: &RankSignals| self.tiered && s.exact;
        tier(b).cmp(&tier(a)).then(b.score.total_cmp(&a.score))
    }
}

/// The bit standing for a term hash in [`Ranker::term_bits`].
fn term_bit(hash: u64) -> u64 {
    1 << (hash >> 58)
}

/// 1 when some occurrence of the first word is followed within [`NEAR`]
/// positions by the second, [`REVERSED_PAIR`] when they are that near in
/// the other order, 0 otherwise.
fn pair_score(first: &[u32], second: &[u32]) -> f32 {
    let mut best = 0.0f32;
    for &a in first {
        for &b in second {
            if b > a && b - a <= NEAR {
                return 1.0;
            }
            if a > b && a - b <= NEAR {
                best = REVERSED_PAIR;
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Slot;
    use fouille_ingest::{encode_tokens, FrenchAnalyzer};

    fn plan(words: &[(&str, f32)]) -> QueryPlan {
        QueryPlan {
            slots: words.iter().map(|(w, idf)| Slot::exact(w, *idf)).collect(),
            ..QueryPlan::default()
        }
    }

    fn signals(ranker: &Ranker, text: &str) -> RankSignals {
        let tokens = encode_tokens(&FrenchAnalyzer::new().analyze(text), &[]);
        ranker.signals(
            1.0,
            StoredTokens::new(&tokens),
            text,
            None,
            PassageKind::Paragraph,
        )
    }

    #[test]
    fn more_distinct_words_and_closer_words_score_higher() {
        let plan = plan(&[("confidential", 2.0), ("don", 1.0), ("patient", 1.0)]);
        let ranker = Ranker::new(&plan);
        let all_near = signals(&ranker, "garantir la confidentialité des données patients");
        let all_far = signals(
            &ranker,
            "la confidentialité est un enjeu, et pour les patients il faut des données",
        );
        let some = signals(&ranker, "des données, des données et encore des données");
        assert!((all_near.coverage - 1.0).abs() < 1e-6);
        assert!((all_near.proximity - 1.0).abs() < 1e-6);
        assert!(all_far.proximity < 0.6);
        assert!((some.coverage - 0.25).abs() < 1e-6);
        assert!(all_near.score > all_far.score && all_far.score > some.score);
    }

    #[test]
    fn a_single_word_query_keeps_the_bm25_order() {
        let plan = plan(&[("sant", 1.0)]);
        let ranker = Ranker::new(&plan);
        let s = signals(&ranker, "la santé");
        assert_eq!((s.coverage, s.proximity), (1.0, 0.0));
        // The same factor for every passage holding the word, a fragment's
        // length aside.
        assert!((s.score - (1.0 + COVERAGE_WEIGHT) * s.length_factor).abs() < 1e-6);
    }

    #[test]
    fn pairs_in_order_count_more_than_reversed_ones() {
        assert_eq!(pair_score(&[1], &[2]), 1.0);
        assert_eq!(pair_score(&[2], &[1]), 0.5);
        assert_eq!(pair_score(&[1], &[9]), 0.0);
        assert_eq!(pair_score(&[], &[1]), 0.0);
    }
}
