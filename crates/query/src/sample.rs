//! Queries drawn from an index's own vocabulary, so that search can be
//! timed on any corpus, not only on the one the judgements were written
//! for.
//!
//! Passages are picked at random (a fixed seed: the same index gives the
//! same queries), and a query is made of the words of each, as a reader who
//! had seen that passage would type them, in five kinds taken in turn:
//!
//! - `term`: one content word;
//! - `bag`: two or three content words of the passage, in its order;
//! - `phrase`: two or three consecutive words, the first and last of them
//!   content words, between quotes (`"données de santé"`);
//! - `noaccent`: a content word with its accents and capitals removed;
//! - `typo`: a content word of 8 letters or more with one letter dropped.
//!
//! Content words are the passage's words that are neither stop words,
//! numbers nor cross-references, and have at least 3 letters.

use fouille_ingest::analysis::fold;
use fouille_ingest::{PassageRef, StoredToken, TokenFlags};

use crate::engine::Engine;

/// The kinds of sampled queries, in the order they are made.
pub const KINDS: [&str; 5] = ["term", "bag", "phrase", "noaccent", "typo"];

/// Passages tried at most for each query wanted, before giving up on a
/// corpus with too few words.
const TRIES_PER_QUERY: usize = 20;

/// A query made from a passage of the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampledQuery {
    /// The query as typed.
    pub text: String,
    /// One of [`KINDS`].
    pub kind: &'static str,
}

/// `count` queries from the passages of `engine`'s index; fewer when the
/// index has too few words to make them.
pub fn vocabulary_queries(engine: &Engine, count: usize) -> Vec<SampledQuery> {
    let table = engine.table();
    let mut random = SplitMix(0x5EED_F0F1_11E5);
    let mut queries = Vec::with_capacity(count);
    if table.is_empty() {
        return queries;
    }
    for _ in 0..count.saturating_mul(TRIES_PER_QUERY) {
        if queries.len() >= count {
            break;
        }
        let ord = (random.next() % table.len() as u64) as u32;
        let Some(passage) = table.passage(ord) else {
            continue;
        };
        let kind = KINDS[queries.len() % KINDS.len()];
        if let Some(text) = make(kind, &passage, &mut random) {
            queries.push(SampledQuery { text, kind });
        }
    }
    queries
}

/// A query of `kind` from `passage`; `None` when the passage has no words
/// for it.
fn make(kind: &str, passage: &PassageRef, random: &mut SplitMix) -> Option<String> {
    let text = passage.text()?;
    let words: Vec<StoredToken> = passage.tokens.iter().collect();
    let surface = |t: &StoredToken| text.get(t.start..t.end);
    let content: Vec<&str> = words
        .iter()
        .filter(|t| !t.stop() && !t.reference() && !t.has(TokenFlags::NUMBER))
        .filter_map(surface)
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3)
        .collect();
    let pick = |random: &mut SplitMix, among: &[&str]| -> Option<String> {
        let at = random.below(among.len())?;
        Some(among[at].to_string())
    };
    match kind {
        "term" => pick(random, &content),
        "bag" => {
            let n = 2 + random.below(2)?;
            let from = random.below(content.len().checked_sub(n - 1)?)?;
            Some(content[from..from + n].join(" "))
        }
        "phrase" => {
            let n = 2 + random.below(2)?;
            let from = random.below(words.len().checked_sub(n - 1)?)?;
            let (first, last) = (&words[from], &words[from + n - 1]);
            if !content.contains(&surface(first)?) || !content.contains(&surface(last)?) {
                return None;
            }
            let span = text.get(first.start..last.end)?;
            let plain = span
                .chars()
                .all(|c| c.is_alphanumeric() || c == ' ' || c == '\'' || c == '’' || c == '-');
            plain.then(|| format!("\"{span}\""))
        }
        "noaccent" => {
            let accented: Vec<&str> = content.iter().copied().filter(|w| !w.is_ascii()).collect();
            pick(
                random,
                if accented.is_empty() {
                    &content
                } else {
                    &accented
                },
            )
            .map(|w| fold(&w))
        }
        "typo" => {
            let long: Vec<&str> = content
                .iter()
                .copied()
                .filter(|w| w.chars().count() >= 8 && w.chars().all(char::is_alphabetic))
                .collect();
            let word: Vec<char> = pick(random, &long)?.chars().collect();
            // An inner letter: the first and last are seldom mistyped.
            let drop = 1 + random.below(word.len() - 2)?;
            Some(
                word.iter()
                    .enumerate()
                    .filter(|&(i, _)| i != drop)
                    .map(|(_, c)| c)
                    .collect(),
            )
        }
        _ => None,
    }
}

/// SplitMix64: a small, fast generator, good enough to pick passages and
/// words, and the same everywhere for a seed.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n`; `None` when `n` is 0.
    fn below(&mut self, n: usize) -> Option<usize> {
        (n > 0).then(|| (self.next() % n as u64) as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::tests::engine;
    use crate::SearchOptions;

    #[test]
    fn sampled_queries_come_in_every_kind_and_find_their_passages() {
        let text = "Titre\n\
                    La télémédecine améliore l'accès aux soins dans les territoires ruraux.\n\
                    Les établissements hospitaliers investissent dans l'interopérabilité des systèmes.\n";
        let (_dir, engine) = engine(&[("a.txt", text)]);
        let queries = vocabulary_queries(&engine, 40);
        assert_eq!(queries.len(), 40);
        for kind in KINDS {
            assert!(queries.iter().any(|q| q.kind == kind), "no {kind} query");
        }
        for q in &queries {
            let results = engine
                .search(&q.text, SearchOptions::default())
                .unwrap_or_else(|e| panic!("{q:?}: {e}"));
            assert!(!results.hits.is_empty(), "{q:?} finds nothing");
        }
        // The same index, the same queries.
        assert_eq!(queries, vocabulary_queries(&engine, 40));
    }

    #[test]
    fn an_index_without_words_gives_no_queries() {
        let (_dir, engine) = engine(&[("a.txt", "2025\nIl y a 12 ou 13 et de la.\n")]);
        assert!(vocabulary_queries(&engine, 10).is_empty());
    }
}
