//! Typo tolerance: the indexed words within a small edit distance of a
//! query word that matches nothing.
//!
//! A word of [`MIN_FUZZY_LETTERS`] letters or more may be one edit away
//! (insertion, deletion, substitution or transposition), a word of
//! [`TWO_EDIT_LETTERS`] or more two (both in [`crate::weights`]), both
//! measured on the word as typed without accents against the words of the
//! corpus without accents (`algoritmes` finds `algorithmes`, `telemedicine`
//! finds `telemedecine`, `interoperabilté` finds `interopérabilité`). Stop
//! words are never candidates. Candidates must start with the same letter,
//! and the most frequent [`MAX_FUZZY_TERMS`] are kept: a misspelling is far more often of a
//! common word than of a rare one. Shorter words and words with digits are
//! never fuzzy (`IA`, `2030`). A candidate word then stands for its stem,
//! so that all its inflections match.
//!
//! The corpus words are the generation's vocabulary
//! (`fouille_ingest::Vocabulary`), an FST searched with a Levenshtein
//! automaton, so the cost does not grow with the size of the vocabulary.

use std::sync::OnceLock;

use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA};
use tantivy::schema::Field;
use tantivy_fst::{Automaton, IntoStreamer, Streamer};

use fouille_ingest::analysis::{stem, stop_words};
use fouille_ingest::Vocabulary;

use crate::statistics::QueryStatistics;
use crate::weights::{
    MAX_FUZZY_LETTERS, MAX_FUZZY_TERMS, MAX_PREFIX_TERMS, MAX_PREFIX_WORDS, MIN_FUZZY_LETTERS,
    TWO_EDIT_LETTERS,
};

/// An indexed term close to a query word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FuzzyTerm {
    /// The stem of the close word: the term to search.
    pub term: String,
    /// Edit distance between the query word and the close word (1 or 2).
    pub distance: u8,
    /// Number of passages holding the stem.
    pub doc_freq: u64,
}

/// How many edits a query word of `key` (folded, as typed) may be away from
/// a word of the corpus: `None` when it must match exactly (too short, or
/// longer than any French word, or holding a digit).
pub fn allowed_distance(key: &str) -> Option<u8> {
    let letters = key.chars().filter(|c| c.is_alphabetic()).count();
    if key.chars().any(|c| c.is_ascii_digit())
        || !(MIN_FUZZY_LETTERS..=MAX_FUZZY_LETTERS).contains(&letters)
    {
        None
    } else if letters >= TWO_EDIT_LETTERS {
        Some(2)
    } else {
        Some(1)
    }
}

/// The stems of the corpus words (`vocabulary`) within `distance` edits of
/// the query word `key` that start with the same letter, closest and most
/// frequent (in field `text`) first.
pub fn fuzzy_terms(
    vocabulary: &Vocabulary,
    stats: &QueryStatistics,
    text: Field,
    key: &str,
    distance: u8,
) -> tantivy::Result<Vec<FuzzyTerm>> {
    let Some(first) = key.chars().next() else {
        return Ok(Vec::new());
    };
    let dfa = builder(distance).build_dfa(key);
    // Only the words that start with `first`: the dictionary is sorted, so
    // they are the range from `first` to the next possible first letter.
    let mut from = [0u8; 4];
    let from = first.encode_utf8(&mut from).as_bytes().to_vec();
    let mut to = from.clone();
    if let Some(last) = to.last_mut() {
        // The last byte of a UTF-8 sequence is at most 0xBF: no overflow.
        *last += 1;
    }
    let mut found: Vec<FuzzyTerm> = Vec::new();
    let mut stream = vocabulary
        .search(LevenshteinDfa(&dfa))
        .ge(&from)
        .lt(&to)
        .into_stream();
    while let Some((word, _)) = stream.next() {
        let Ok(word) = std::str::from_utf8(word) else {
            continue;
        };
        if word == key || !word.starts_with(first) {
            continue;
        }
        let Distance::Exact(d) = dfa.eval(word) else {
            continue;
        };
        let term = stem(word);
        match found.iter_mut().find(|f| f.term == term) {
            Some(existing) => existing.distance = existing.distance.min(d),
            None => found.push(FuzzyTerm {
                doc_freq: stats.doc_freq_of(text, &term)?,
                term,
                distance: d,
            }),
        }
    }
    found.retain(|f| f.doc_freq > 0);
    found.sort_by(|a, b| {
        a.distance
            .cmp(&b.distance)
            .then(b.doc_freq.cmp(&a.doc_freq))
            .then(a.term.cmp(&b.term))
    });
    found.truncate(MAX_FUZZY_TERMS);
    Ok(found)
}

/// Levenshtein automata builders, one per distance, built once (building
/// one for two edits takes a few milliseconds).
fn builder(distance: u8) -> &'static LevenshteinAutomatonBuilder {
    static ONE: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    static TWO: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    if distance <= 1 {
        ONE.get_or_init(|| LevenshteinAutomatonBuilder::new(1, true))
    } else {
        TWO.get_or_init(|| LevenshteinAutomatonBuilder::new(2, true))
    }
}

/// A Levenshtein DFA walking the term dictionary's FST.
struct LevenshteinDfa<'a>(&'a DFA);

impl Automaton for LevenshteinDfa<'_> {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != levenshtein_automata::SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

/// The indexed terms of the corpus's words that start with `key` (folded),
/// most frequent first, at most [`MAX_PREFIX_TERMS`]; and whether more
/// were left out. At most [`MAX_PREFIX_WORDS`] words are looked at, so
/// that a short prefix costs bounded time.
pub(crate) fn prefix_terms(
    vocabulary: &Vocabulary,
    stats: &QueryStatistics,
    text: Field,
    key: &str,
) -> tantivy::Result<(Vec<FuzzyTerm>, bool)> {
    // The words from `key` up to the first one past every word it begins.
    let mut past = key.as_bytes().to_vec();
    while past.last() == Some(&u8::MAX) {
        past.pop();
    }
    let range = vocabulary
        .search(tantivy_fst::automaton::AlwaysMatch)
        .ge(key.as_bytes());
    let range = match past.last_mut() {
        Some(last) => {
            *last += 1;
            range.lt(&past)
        }
        None => range,
    };
    let mut stream = range.into_stream();
    let mut terms: Vec<String> = Vec::new();
    let mut cut = false;
    while let Some((word, _)) = stream.next() {
        if terms.len() == MAX_PREFIX_WORDS {
            cut = true;
            break;
        }
        if let Ok(word) = std::str::from_utf8(word) {
            terms.push(stem(word));
        }
    }
    // Stop words are no words of the vocabulary (it is of close
    // spellings), but they are indexed as they are: `été*` finds `été`.
    terms.extend(
        stop_words()
            .iter()
            .filter(|w| w.starts_with(key))
            .map(|w| w.to_string()),
    );
    // Many words share a stem: each stem once (sorted, not searched for in
    // a list, which made a two-letter prefix cost quadratic time).
    terms.sort_unstable();
    terms.dedup();
    let mut found = Vec::with_capacity(terms.len());
    for term in terms {
        let doc_freq = stats.doc_freq_of(text, &term)?;
        if doc_freq > 0 {
            found.push(FuzzyTerm {
                doc_freq,
                term,
                distance: 0,
            });
        }
    }
    found.sort_by(|a, b| b.doc_freq.cmp(&a.doc_freq).then(a.term.cmp(&b.term)));
    cut |= found.len() > MAX_PREFIX_TERMS;
    found.truncate(MAX_PREFIX_TERMS);
    Ok((found, cut))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_depends_on_length() {
        assert_eq!(allowed_distance("ia"), None);
        assert_eq!(allowed_distance("2030"), None);
        assert_eq!(allowed_distance("sante"), Some(1));
        assert_eq!(allowed_distance("algoritmes"), Some(2));
        assert_eq!(allowed_distance("confidentialte"), Some(2));
        assert_eq!(allowed_distance("anticonstitutionelement"), Some(2));
        // Longer than any French word: matched as typed, at the cost of a
        // short word.
        assert_eq!(allowed_distance(&"a".repeat(26)), None);
        assert_eq!(allowed_distance(&"é".repeat(999)), None);
    }
}
