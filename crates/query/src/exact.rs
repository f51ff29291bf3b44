//! Words, phrases and word beginnings matched as typed (`=tours`,
//! `="les tours"`, `=côt*`, `--exact`): the same letters, case aside, accents kept, no other
//! inflection (`tours` ≠ `tour`, `côte` ≠ `cote` ≠ `côté`).
//!
//! The index holds stems, which meet every inflection. An exact word is
//! found as its stem is, then each passage found is kept only when the
//! word, read back from the passage's own text at the stored token's byte
//! range, is the word typed ([`as_typed`]). The filter sits inside tantivy's
//! query, so that counts and every page agree with it; its cost is a look
//! at the passage table for each passage holding the stem.

use fouille_ingest::{term_hash, PassageTable, StoredTokens};
use tantivy::query::Query;

use crate::parse::surface;
use crate::passage_filter::{KeepsPassage, PassagesKept};

/// The words of a passage to find as typed: their term hashes, one after
/// the other, and the word each token must be.
#[derive(Debug, Clone)]
pub(crate) struct Typed {
    hashes: Vec<u64>,
    words: Vec<String>,
}

impl Typed {
    /// Words (terms, with their forms as typed) to find in this order, one
    /// after the other (one word: anywhere).
    pub(crate) fn new(terms: &[String], typed: &[String]) -> Typed {
        let n = terms.len().min(typed.len());
        Typed {
            hashes: terms[..n].iter().map(|t| term_hash(t)).collect(),
            words: typed[..n].to_vec(),
        }
    }

    /// True when `text` (whose stored tokens are `tokens`) holds the words
    /// as typed, one after the other.
    pub(crate) fn found_in(&self, tokens: StoredTokens, text: &str) -> bool {
        self.spans(tokens, text).next().is_some()
    }

    /// The byte ranges of `text` where the words stand as typed.
    pub(crate) fn spans<'a>(
        &'a self,
        tokens: StoredTokens<'a>,
        text: &'a str,
    ) -> impl Iterator<Item = [usize; 2]> + 'a {
        let n = self.words.len();
        tokens
            .phrase_starts(&self.hashes)
            .filter(move |&at| {
                self.words.iter().enumerate().all(|(i, word)| {
                    tokens.get(at + i).is_some_and(|t| {
                        text.get(t.start..t.end)
                            .is_some_and(|written| is_written(&surface(written), word))
                    })
                })
            })
            .filter_map(move |at| tokens.span(at, at + n - 1))
    }
}

/// True when a word of the text, as [`surface`] writes it, is `typed`:
/// the same, or for a beginning (`côt*`; no word of the text holds a `*`)
/// one that starts so.
fn is_written(written: &str, typed: &str) -> bool {
    match typed.strip_suffix('*') {
        Some(beginning) if !beginning.is_empty() => written.starts_with(beginning),
        _ => written == typed,
    }
}

/// `inner` (the stems' term or phrase query) with only the passages
/// that write the words as `typed` (see [`PassagesKept`]).
pub(crate) fn as_typed(
    inner: Box<dyn Query>,
    typed: Typed,
    table: &PassageTable,
) -> Box<dyn Query> {
    Box::new(PassagesKept::new(
        inner,
        WrittenSo {
            typed,
            table: table.clone(),
        },
    ))
}

/// The test of [`as_typed`]: the passage's text writes the words so.
#[derive(Clone)]
struct WrittenSo {
    typed: Typed,
    table: PassageTable,
}

impl KeepsPassage for WrittenSo {
    fn keeps(&self, ord: u64) -> bool {
        u32::try_from(ord)
            .ok()
            .and_then(|ord| self.table.passage(ord))
            .and_then(|p| p.text().map(|text| self.typed.found_in(p.tokens, text)))
            .unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::tests::{engine, ids};
    use crate::{Engine, SearchOptions, SearchResults};

    const HERITAGE: &str = "Patrimoine\n\nLes tours de la cathédrale dominent la ville.\n\n\
        La tour Eiffel attire les visiteurs.\n\nLa côte atlantique est découpée.\n\n\
        La cote de ce tableau a doublé.\n\nIl faut se tenir à côté du guide.\n\n\
        Nous ferons un tour en bateau, puis deux tours à vélo.\n";

    fn search(engine: &Engine, query: &str, exact: bool) -> SearchResults {
        let options = SearchOptions {
            exact,
            ..SearchOptions::default()
        };
        engine.search(query, options).unwrap()
    }

    /// The highlighted words of each hit.
    fn marked(results: &SearchResults) -> Vec<Vec<&str>> {
        results
            .hits
            .iter()
            .map(|h| {
                let text = h.citation.text.as_str();
                h.highlights.iter().map(|&[s, e]| &text[s..e]).collect()
            })
            .collect()
    }

    #[test]
    fn a_word_as_typed_is_not_its_other_inflections_nor_its_other_accents() {
        let (_dir, engine) = engine(&[("a.txt", HERITAGE)]);
        // Without `=`, every inflection meets.
        assert_eq!(search(&engine, "tours", false).total_hits, 3);
        let tours = search(&engine, "=tours", false);
        assert_eq!((tours.total_hits, ids(&tours)), (2, vec!["a:13", "a:3"]));
        // Only the form typed is highlighted, not `tour` beside it.
        assert_eq!(marked(&tours), [vec!["tours"], vec!["tours"]]);
        assert_eq!(ids(&search(&engine, "=TOURS", false)), ["a:13", "a:3"]);
        assert_eq!(ids(&search(&engine, "=côte", false)), ["a:7"]);
        assert_eq!(ids(&search(&engine, "=cote", false)), ["a:9"]);
        assert_eq!(ids(&search(&engine, "=côté", false)), ["a:11"]);
        // Not in the text as typed: nothing, no close spelling.
        assert_eq!(search(&engine, "=cotes", false).total_hits, 0);
        // Excluded as typed: `tour` goes, `tours` stays.
        assert_eq!(ids(&search(&engine, "=tours -=tour", false)), ["a:3"]);
    }

    #[test]
    fn exact_mode_takes_every_word_and_phrase_as_typed() {
        let (_dir, engine) = engine(&[("a.txt", HERITAGE)]);
        let both = search(&engine, "cote tableau", true);
        assert_eq!(ids(&both), ["a:9"]);
        assert_eq!(marked(&both), [vec!["cote", "tableau"]]);
        let phrase = search(&engine, "\"deux tours\"", true);
        assert_eq!(ids(&phrase), ["a:13"]);
        assert_eq!(marked(&phrase), [vec!["deux tours"]]);
        assert_eq!(search(&engine, "\"deux tour\"", true).total_hits, 0);
        assert_eq!(
            ids(&search(&engine, "=\"une tour\"", false)),
            Vec::<&str>::new()
        );
        assert_eq!(ids(&search(&engine, "=\"la tour\"", false)), ["a:5"]);
    }

    #[test]
    fn a_word_beginning_as_typed_keeps_its_accents() {
        let (_dir, engine) = engine(&[("a.txt", HERITAGE)]);
        let sorted = |query: &str, exact: bool| {
            let results = search(&engine, query, exact);
            let mut found: Vec<String> = ids(&results).iter().map(|s| s.to_string()).collect();
            found.sort();
            found
        };
        // Without `=`, accents aside: côte, cote and côté.
        assert_eq!(sorted("côt*", false), ["a:11", "a:7", "a:9"]);
        assert_eq!(sorted("=côt*", false), ["a:11", "a:7"]);
        assert_eq!(sorted("côt*", true), ["a:11", "a:7"]);
        assert_eq!(sorted("=cot*", false), ["a:9"]);
        let results = search(&engine, "=côt*", false);
        let mut words = marked(&results).concat();
        words.sort();
        assert_eq!(words, ["côte", "côté"]);
        // Excluded as typed: `côté` goes, `côte` and `cote` stay.
        assert_eq!(sorted("côte -=côté*", false), ["a:7", "a:9"]);
        // Required: with `+` or a side of `AND`.
        assert_eq!(sorted("côt* AND tableau", false), ["a:9"]);
        assert!(sorted("=côt* AND tableau", false).is_empty());
        assert_eq!(sorted("+=côt* tableau", false), ["a:11", "a:7"]);
        assert!(sorted("+xyzzy* tableau", false).is_empty());
        // Stop words begin so too: `été`, `pour`.
        let (_dir, summer) = crate::engine::tests::engine(&[(
            "b.txt",
            "Saisons\n\nL'été fut chaud.\n\nIl a été vu pour la dernière fois.\n\n\
             Le pourboire est inclus.\n",
        )]);
        let found = |query: &str| {
            let mut found: Vec<String> = ids(&search(&summer, query, false))
                .iter()
                .map(|s| s.to_string())
                .collect();
            found.sort();
            found
        };
        assert_eq!(found("été*"), ["b:3", "b:5"]);
        assert_eq!(found("=été*"), ["b:3", "b:5"]);
        assert_eq!(found("pour*"), ["b:5", "b:7"]);
    }

    #[test]
    fn a_word_as_typed_meets_its_decomposed_spelling() {
        // Text written with combining accents (NFD, as macOS file names
        // and some exports write them), queries typed either way.
        let text = "Patrimoine\n\nLa co\u{302}te atlantique est de\u{301}coupe\u{301}e.\n\n\
            La cote de ce tableau a doublé.\n";
        let (_dir, engine) = engine(&[("a.txt", text)]);
        assert_eq!(ids(&search(&engine, "=côte", false)), ["a:3"]);
        assert_eq!(ids(&search(&engine, "=co\u{302}te", false)), ["a:3"]);
        assert_eq!(ids(&search(&engine, "découpée", true)), ["a:3"]);
        assert_eq!(ids(&search(&engine, "=cote", false)), ["a:5"]);
        assert_eq!(
            marked(&search(&engine, "=côte", false)),
            [vec!["co\u{302}te"]]
        );
    }

    #[test]
    fn only_the_words_as_typed_count_in_the_ranking() {
        // a:3 holds `chat` and `dort` side by side, a:5 `chats` and `dort`
        // apart: asked for `=chats =dort`, a:5 holds both words, a:3 one.
        let (_dir, engine) = engine(&[(
            "a.txt",
            "Chats\n\nLe chat noir dort ici, au soleil, sur le rebord de la fenêtre.\n\n\
             Les chats du quartier, eux, passent la nuit dehors et le jour, il dort.\n",
        )]);
        let options = SearchOptions {
            explain: true,
            ..SearchOptions::default()
        };
        let results = engine.search("=chats =dort", options).unwrap();
        assert_eq!(ids(&results)[..2], ["a:5", "a:3"], "{results:#?}");
        let coverage = |i: usize| results.hits[i].explain.as_ref().unwrap().coverage;
        assert!((coverage(0) - 1.0).abs() < 1e-6 && coverage(1) < 0.9);
    }
}
