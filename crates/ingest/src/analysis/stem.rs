//! French stemming that gives the same stem whether or not the word was
//! typed with its accents.
//!
//! The Snowball French stemmer reads accents: it strips `-ité` from
//! `interopérabilité` (→ `interopér`) but not `-ite` from `interoperabilite`
//! (→ `interoperabilit`), and `-ées` from `données` (→ `don`) but not `-ees`
//! from `donnees` (→ `donne`). Stemming the accented word and folding after
//! keeps a family together only for people who type accents; folding first
//! splits families for everyone.
//!
//! So the stem here is a function of the folded key alone. The key is
//! stemmed as it is, and again with the accents that Snowball's suffixes
//! carry put back on its ending (`-ite` → `-ité`, `-ees` → `-ées`, `-e` →
//! `-é`, `-erent` → `-èrent`, `-iere` → `-ière`…); the shortest folded
//! result wins, since the right accent is the one that lets a suffix go. On
//! the seed and FAQ corpora this leaves 21 of 2,470 stem families split
//! (folding first splits 116), and every accent-free spelling of a word
//! meets its accented one by construction.
//!
//! Stems are memoised per thread: stemming costs about a microsecond a word,
//! a lookup a few tens of nanoseconds, and a corpus has few distinct words.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU32, Ordering};

use rust_stemmers::{Algorithm, Stemmer};

use super::fold::fold_into;
use super::lemmas::lemma_of;
use super::stopwords::is_stop_word;
use crate::fast_hash::FastMap;

/// Folded endings and the accented Snowball suffixes they may stand for.
const ACCENTED_ENDINGS: &[(&str, &str)] = &[
    ("ites", "ités"),
    ("ite", "ité"),
    ("ees", "ées"),
    ("ee", "ée"),
    ("es", "és"),
    ("e", "é"),
    ("erent", "èrent"),
    ("ieres", "ières"),
    ("iere", "ière"),
];

/// Shortest stem kept; a word Snowball cuts shorter is kept whole.
const MIN_STEM_LETTERS: usize = 3;

/// Beyond this many distinct words a thread's memo is cleared, so that a
/// long-running server fed arbitrary queries keeps bounded memory.
const MEMO_CAPACITY: usize = 1 << 20;
/// Beyond this many bytes (keys, stems and the memo's own cost of an
/// entry, [`ENTRY_BYTES`]) a thread's memo is cleared: a million words of
/// a thousand letters would otherwise hold gigabytes. A corpus of 18 MB has
/// about 100,000 distinct words, some 8 MB. (1 MB in unit tests, so that
/// they can fill it quickly.)
const MEMO_BYTES: usize = if cfg!(test) { 1 << 20 } else { 32 << 20 };
/// What an entry costs the memo besides its key and stem: its slot in the
/// table, the two boxes' headers, the allocator's rounding.
const ENTRY_BYTES: usize = 64;
/// Keys longer than this (in bytes) are stemmed each time, not memoised:
/// no French word is that long, and such keys (identifiers, garbage, an
/// attacker's queries) would crowd out the words.
const MAX_MEMO_KEY_BYTES: usize = 64;

thread_local! {
    static MEMO: RefCell<StemMemo> = RefCell::new(StemMemo::new());
}

/// What the memo keeps of a key.
struct Memoised {
    stem: Box<str>,
    /// Whether the key is a stop word.
    stop: bool,
    /// The last collection ([`WordCollector`]) this thread gave the key to,
    /// 0 for none.
    collected_in: u32,
}

struct StemMemo {
    stemmer: Stemmer,
    terms: FastMap<Box<str>, Memoised>,
    /// What `terms` holds, counted as [`MEMO_BYTES`] says.
    bytes: usize,
    scratch: String,
}

impl StemMemo {
    fn new() -> Self {
        StemMemo {
            stemmer: Stemmer::create(Algorithm::French),
            terms: FastMap::default(),
            bytes: 0,
            scratch: String::new(),
        }
    }

    fn compute(&mut self, key: &str) -> String {
        // An irregular form is stemmed as its word is (`contient` as
        // `contenir`).
        let key = lemma_of(key).unwrap_or(key);
        let mut best = String::new();
        fold_into(&self.stemmer.stem(key), &mut best);
        for (ending, accented) in ACCENTED_ENDINGS {
            // Leave at least three letters before a restored ending, as
            // Snowball's regions would.
            if key.len() >= ending.len() + 3 && key.ends_with(ending) {
                let mut variant = String::with_capacity(key.len() + 2);
                variant.push_str(&key[..key.len() - ending.len()]);
                variant.push_str(accented);
                fold_into(&self.stemmer.stem(&variant), &mut self.scratch);
                if self.scratch.len() < best.len() {
                    std::mem::swap(&mut best, &mut self.scratch);
                }
            }
        }
        // Snowball reads some short words as verb forms and leaves two
        // letters (`biais` → `bi`, like `avais` → `av`), which then meet
        // unrelated words while `biaisés` → `biais` is left apart: keep such
        // a word whole.
        if best.chars().count() < MIN_STEM_LETTERS {
            // …but without a plural `s` or `x` (`géants` → `geant`, like
            // `géant`), unless the singular ends in `s` too (`biais`).
            let singular = key
                .strip_suffix(['s', 'x'])
                .filter(|s| s.len() >= 4 && !s.ends_with(['a', 'i', 'o', 'u']));
            best = singular.unwrap_or(key).to_string();
        }
        best
    }
}

/// Appends the stem of a folded key to `out`.
///
/// `key` must already be folded (see [`super::fold`]); the result is folded
/// too. Keys holding a digit are returned unchanged: numbers and codes such
/// as `2030` or `h1n1` are not words to stem.
pub fn stem_into(key: &str, out: &mut String) {
    if key.bytes().any(|b| b.is_ascii_digit()) {
        out.push_str(key);
        return;
    }
    with_memo(key, None, |stem, _| out.push_str(stem));
}

/// Gathers the distinct words (folded keys) that are neither stop words nor
/// hold a digit, as the analyzer meets them: the vocabulary of a corpus.
///
/// The stem memo marks each key with the last collector it was given to, so
/// that a key is looked up once per token, for its stem and its flag, and
/// given to a collector only the first time a thread meets it: a thread
/// that analyses many files hands each word over once, not once per file.
/// Different threads may each give the same word; the corpus vocabulary
/// merges them.
#[derive(Debug)]
pub struct WordCollector {
    id: u32,
    words: Vec<String>,
}

impl WordCollector {
    /// A collector for one build, told apart from every other collector of
    /// the process (the memo outlives builds).
    pub fn new() -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(1);
        WordCollector {
            id: NEXT.fetch_add(1, Ordering::Relaxed).max(1),
            words: Vec::new(),
        }
    }

    /// Another collector of the same build: words a thread gave to either
    /// are not given again.
    pub fn sibling(&self) -> Self {
        WordCollector {
            id: self.id,
            words: Vec::new(),
        }
    }

    /// The words gathered since the last call.
    pub fn take(&mut self) -> Vec<String> {
        std::mem::take(&mut self.words)
    }
}

impl Default for WordCollector {
    fn default() -> Self {
        Self::new()
    }
}

/// Appends the indexed term of a folded key to `out`: the key itself for a
/// stop word (see [`super::stopwords`]) or a key holding a digit, its stem
/// otherwise. Returns whether it is a stop word. One memo lookup answers
/// both, and gives the key to `collector` if it is a vocabulary word this
/// thread has not yet given it.
pub(crate) fn term_into(
    key: &str,
    out: &mut String,
    collector: Option<&mut WordCollector>,
) -> bool {
    if key.bytes().any(|b| b.is_ascii_digit()) {
        out.push_str(key);
        return false;
    }
    let mut stop = false;
    with_memo(key, collector, |stem, is_stop| {
        stop = is_stop;
        out.push_str(if is_stop { key } else { stem });
    });
    stop
}

/// Calls `found` with the stem of `key` and whether it is a stop word, from
/// the memo or computed and kept; gives the key to `collector` if due.
fn with_memo(key: &str, collector: Option<&mut WordCollector>, found: impl FnOnce(&str, bool)) {
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        let memo = &mut *memo;
        if let Some(entry) = memo.terms.get_mut(key) {
            entry.give(key, collector);
            found(&entry.stem, entry.stop);
            return;
        }
        let mut entry = Memoised {
            stem: memo.compute(key).into_boxed_str(),
            stop: is_stop_word(key),
            collected_in: 0,
        };
        entry.give(key, collector);
        found(&entry.stem, entry.stop);
        if key.len() > MAX_MEMO_KEY_BYTES {
            return;
        }
        let bytes = key.len() + entry.stem.len() + ENTRY_BYTES;
        if memo.terms.len() >= MEMO_CAPACITY || memo.bytes + bytes > MEMO_BYTES {
            // Dropped whole rather than evicted one by one: words come
            // back at once, and a build's collector is given them again
            // (the vocabulary merges repeats).
            memo.terms = FastMap::default();
            memo.bytes = 0;
        }
        memo.bytes += bytes;
        memo.terms.insert(key.into(), entry);
    });
}

/// The bytes this thread's memo holds, as [`MEMO_BYTES`] counts them.
#[cfg(test)]
fn memo_bytes() -> usize {
    MEMO.with(|memo| memo.borrow().bytes)
}

impl Memoised {
    /// Gives `key` to `collector` if it is a vocabulary word this thread has
    /// not given it yet.
    fn give(&mut self, key: &str, collector: Option<&mut WordCollector>) {
        if let Some(collector) = collector {
            if !self.stop && self.collected_in != collector.id {
                self.collected_in = collector.id;
                collector.words.push(key.to_string());
            }
        }
    }
}

/// The stem of a folded key, as a new string. See `stem_into`.
pub fn stem(key: &str) -> String {
    let mut out = String::new();
    stem_into(key, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::super::fold::fold;
    use super::*;

    fn stem_word(word: &str) -> String {
        stem(&fold(word))
    }

    #[test]
    fn accented_and_plain_spellings_meet() {
        let families: &[&[&str]] = &[
            &[
                "interopérabilité",
                "interoperabilite",
                "INTEROPERABILITE",
                "interopérables",
                "interoperable",
            ],
            &["données", "donnees", "donnée", "donnee"],
            &["télémédecine", "telemedecine", "télémedecine"],
            &["médicaux", "medicaux", "médical", "médicale", "medicales"],
            &["confidentialité", "confidentialite"],
            &["réglementaires", "reglementaire"],
            &[
                "algorithmes",
                "algorithme",
                "algorithmique",
                "algorithmiques",
            ],
            &["santé", "sante", "SANTÉ"],
            &["biais", "biaisés", "biaisé"],
            &["géants", "géant"],
        ];
        for family in families {
            let expected = stem_word(family[0]);
            for word in family.iter() {
                assert_eq!(stem_word(word), expected, "{word} vs {}", family[0]);
            }
        }
    }

    #[test]
    fn different_words_stay_apart() {
        assert_ne!(stem_word("santé"), stem_word("sentier"));
        assert_ne!(stem_word("patient"), stem_word("patience"));
    }

    #[test]
    fn numbers_are_not_stemmed() {
        assert_eq!(stem("2030"), "2030");
        assert_eq!(stem("119"), "119");
        assert_eq!(stem("1.2"), "1.2");
    }

    #[test]
    fn one_memo_serves_stems_and_stop_words() {
        // Stemmed first, a stop word is still one, and kept as it is.
        let _ = stem("etaient");
        let mut term = String::new();
        assert!(term_into("etaient", &mut term, None));
        assert_eq!(term, "etaient");
        term.clear();
        assert!(!term_into("donnees", &mut term, None));
        assert_eq!(term, stem("donnees"));
        term.clear();
        assert!(!term_into("2030", &mut term, None));
        assert_eq!(term, "2030");
    }

    #[test]
    fn the_memo_stays_bounded_under_long_random_words() {
        // A client sending random long words: each is stemmed right, and
        // the memo never holds more than its budget.
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut letter = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            char::from(b'a' + (seed % 26) as u8)
        };
        for length in [40, 60, 500] {
            for _ in 0..2 * MEMO_BYTES / (2 * length + 64) {
                let word: String = (0..length).map(|_| letter()).collect();
                let _ = stem(&word);
                assert!(memo_bytes() <= MEMO_BYTES, "{} bytes", memo_bytes());
            }
        }
        let long = "a".repeat(999);
        assert_eq!(stem(&long), stem(&long));
        assert_eq!(stem("interoperabilite"), "interoper");
    }

    #[test]
    fn memoised_stems_equal_fresh_ones() {
        let first = stem("interoperabilite");
        let second = stem("interoperabilite");
        assert_eq!(first, second);
        assert_eq!(first, "interoper");
    }
}
