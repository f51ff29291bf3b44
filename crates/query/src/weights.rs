//! Every weight and threshold of retrieval and ranking, named and explained
//! once. Nothing else in fouille holds a number that decides which passage
//! comes first; the README's ranking section states these same values.
//!
//! The score of a passage (see `crate::ranking`) is its own score, made
//! greater by its context:
//!
//! ```text
//! own = bm25 × (1 + COVERAGE_WEIGHT × coverage²)
//!            × (1 + PROXIMITY_WEIGHT × proximity)
//!            × (1 + ANSWER_BOOST if it holds the kind of answer asked for)
//!            × (CODE_WEIGHT for a code passage, unless the query asks for
//!               code; HEADING_WEIGHT for a heading)
//!            × sqrt(min(1, tokens / FRAGMENT_TOKENS)) (1 for a heading)
//! score = own × (1 + ARTICLE_WEIGHT × article)
//!       + NEIGHBOUR_WEIGHT × own score of its better neighbour
//!       + LEAD_WEIGHT × best own score of its document × coverage
//!         × length factor, for the lead of a short document
//! ```
//!
//! where `article` is the best own score of the passage's document over the
//! best of all, both among the first RERANK_DEPTH candidates, a
//! neighbour counts when it is one of them and continues the text, and
//! the lead is the first passage of a document of at most
//! LEAD_MAX_PASSAGES passages.
//!
//! where bm25 sums, over the query's terms, tantivy's BM25 in each field
//! times the field's weight ([`SEARCHED_FIELDS`]) times the term's weight
//! (1 as typed, [`ONE_EDIT_WEIGHT`] or [`TWO_EDIT_WEIGHT`] for a close
//! spelling of a misspelt word).

use std::sync::OnceLock;

use fouille_ingest::PassageSchema;
use tantivy::schema::Field;

/// Defines `pub fn $name() -> f32`: the weight `$value`, or for fitting
/// it the value of the environment variable `$var`, read once (see
/// [`fitting`]).
macro_rules! fitted {
    ($(#[$doc:meta])* $name:ident, $var:literal, $value:expr) => {
        $(#[$doc])*
        pub fn $name() -> f32 {
            static VALUE: OnceLock<f32> = OnceLock::new();
            *VALUE.get_or_init(|| fitting($var, $value))
        }
    };
}

/// A field of the index a query word is searched in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchedField {
    /// The passage's own text.
    Text,
    /// The heading of the section the passage stands under.
    Section,
    /// The words of cross-references to other sections in the passage.
    Refs,
    /// The document's title.
    Title,
}

impl SearchedField {
    /// The field's name, as `--explain` gives it.
    pub fn name(self) -> &'static str {
        match self {
            SearchedField::Text => "text",
            SearchedField::Section => "section",
            SearchedField::Refs => "refs",
            SearchedField::Title => "title",
        }
    }

    /// The tantivy field it is in `schema`.
    pub fn field(self, schema: &PassageSchema) -> Field {
        match self {
            SearchedField::Text => schema.text,
            SearchedField::Section => schema.section,
            SearchedField::Refs => schema.refs,
            SearchedField::Title => schema.title,
        }
    }

    /// The field's weight in BM25 (see [`SEARCHED_FIELDS`]).
    pub fn weight(self) -> f32 {
        match self {
            SearchedField::Text => 1.0,
            SearchedField::Section => SECTION_BOOST,
            SearchedField::Refs => REFERENCE_BOOST,
            SearchedField::Title => TITLE_BOOST,
        }
    }

    /// True for a field whose words make a passage a hit on their own;
    /// words of the title only add to the score of passages found
    /// otherwise (every passage of a document shares its title).
    pub fn finds_passages(self) -> bool {
        self != SearchedField::Title
    }
}

/// The fields a query word is searched in, each with its BM25 weight
/// ([`SearchedField::weight`]), in the order `--explain` lists them.
pub const SEARCHED_FIELDS: [SearchedField; 4] = [
    SearchedField::Text,
    SearchedField::Section,
    SearchedField::Title,
    SearchedField::Refs,
];

/// Weight of a query word found in the section heading, relative to the
/// passage text. Headings say what a passage is about, but they are shared
/// by every passage under them.
pub const SECTION_BOOST: f32 = 0.3;
/// Weight of a query word found in a cross-reference to another section:
/// the passage points to where the subject is treated, it does not treat it.
pub const REFERENCE_BOOST: f32 = 0.1;
/// Weight of a query word found in the article title.
pub const TITLE_BOOST: f32 = 0.3;

/// Weight of an indexed term one edit away from a misspelt query word.
pub const ONE_EDIT_WEIGHT: f32 = 0.5;
/// Weight of an indexed term two edits away from a misspelt query word.
pub const TWO_EDIT_WEIGHT: f32 = 0.35;
/// Weight of a synonym of a query word (an acronym the corpus defines, a
/// line of a synonyms file), matched as a phrase when of several words.
/// A synonym says the same thing in other words, but not always in the
/// sense meant. Not fitted: the dev queries meet almost no acronym their
/// corpus defines, so cross-validation cannot tell values apart (see the
/// README); above a misspelling's, below the word as typed.
pub const SYNONYM_WEIGHT: f32 = 0.8;

fitted! {
    /// [`SYNONYM_WEIGHT`], or for fitting it `FOUILLE_SYNONYM_WEIGHT` (read
    /// once).
    synonym_weight, "FOUILLE_SYNONYM_WEIGHT", SYNONYM_WEIGHT
}

/// Weight of a word of a name the corpus writes (`GNU/Linux`, `CD-ROM`,
/// see `crate::names`) found alone, when the query holds the name and
/// each word of the name weighs on its own; the name itself has weight 1.
/// Fitted by 5-fold cross-validation over the seed, FAQ and help dev
/// judgements, on their corpora and on the 18 MB one, jointly with
/// [`NAME_PHRASE_WEIGHT`] (grids 0.5–1 and 0–1): four folds chose 1 and
/// 0, one 0.75 and 0; 1 and 0 leave the ranking of the dev queries as
/// without names. The dev queries' names (`GNU/Linux`, `double-clic`) are
/// answered as often by a passage that writes one word of the name
/// (`Linux`) as by one that writes it whole: at 0.5 and 0.5, FAQ 0.458
/// against 0.465, FAQ on 18 MB 0.207 against 0.212, the rest alike.
pub const NAME_PART_WEIGHT: f32 = 1.0;

fitted! {
    /// [`NAME_PART_WEIGHT`], or for fitting it `FOUILLE_NAME_PART_WEIGHT`
    /// (read once).
    name_part_weight, "FOUILLE_NAME_PART_WEIGHT", NAME_PART_WEIGHT
}

/// Weight of the BM25 of a name's phrase (`GNU/Linux` as its two words
/// side by side) on top of its words' own: how much more a passage that
/// writes the name weighs than one that holds its words apart. Fitted
/// with [`NAME_PART_WEIGHT`] (see there).
pub const NAME_PHRASE_WEIGHT: f32 = 0.0;

fitted! {
    /// [`NAME_PHRASE_WEIGHT`], or for fitting it
    /// `FOUILLE_NAME_PHRASE_WEIGHT` (read once).
    name_phrase_weight, "FOUILLE_NAME_PHRASE_WEIGHT", NAME_PHRASE_WEIGHT
}

/// [`NAME_PART_WEIGHT`] and [`NAME_PHRASE_WEIGHT`] for a name with a word
/// that says nothing alone (`V` of `System V`, a stop word, a number as
/// `10` of `Windows 10`): the other word alone (`système`) is then not the name, and
/// only the phrase says the name. A passage that writes `système` gets
/// half the credit of one that writes `System V`, and the phrase's BM25
/// counts in full. Not fitted: no dev query holds such a name, so
/// cross-validation cannot tell values apart.
pub const INCOMPLETE_NAME_WEIGHTS: (f32, f32) = (0.5, 1.0);

/// Shortest word (in letters) that may be misspelt: shorter words, and
/// words with digits, are never corrected (`IA`, `2030`).
pub const MIN_FUZZY_LETTERS: usize = 4;
/// Shortest word (in letters) that may be two edits away; shorter ones
/// may be one.
pub const TWO_EDIT_LETTERS: usize = 8;
/// Longest word (in letters) that may be misspelt: the longest French
/// words (`anticonstitutionnellement`) are 25 letters. A longer one must
/// match as typed: the Levenshtein automaton grows with the word, and a
/// 999-letter query word took 58 ms to search (0.16 ms for 10 letters).
pub const MAX_FUZZY_LETTERS: usize = 25;
/// Close spellings kept for one misspelt word: the most frequent ones (a
/// misspelling is far more often of a common word than of a rare one).
pub const MAX_FUZZY_TERMS: usize = 4;

/// Weight of coverage (the idf-weighted share of the query's words the
/// passage holds) in the score.
pub const COVERAGE_WEIGHT: f32 = 1.5;
/// Coverage credit of a query word found in the section heading rather
/// than in the passage text.
pub const SECTION_COVERAGE: f32 = 0.5;
/// Weight of proximity (the idf-weighted share of consecutive query words
/// found near each other) in the score.
pub const PROXIMITY_WEIGHT: f32 = 0.5;

fitted!(
    /// Weight of a word derived from a query word by a regular suffix, or
    /// that it derives from (`régler` for `réglage`, `compatible` for
    /// `compatibilité`, `connecter` for `connexion`), in coverage and in
    /// BM25: as the word itself. Chosen by 5-fold cross-validation over 0,
    /// 0.4, 0.6, 0.8, 1 (every fold chose 1). Fitted (cross-validated):
    /// FAQ 0.485 (0.485), FAQ on 18 MB 0.220 (0.220), help 0.488 (0.488),
    /// help on 18 MB 0.383 (0.383), against 0.464, 0.212, 0.454 and 0.347
    /// without it; seed 0.975 unchanged. The families whose stem changes
    /// (`connexion`, `suppression`, `impression`, `définition`; see
    /// `crate::plan`) took help from 0.466 to 0.471 and help on 18 MB from
    /// 0.358 to 0.371, the irregular pairs (`choix` ↔ `choisir`) to 0.488
    /// and 0.383 (FAQ on 18 MB 0.225 → 0.220); every fold chose both.
    derived_weight,
    "FOUILLE_DERIVED_WEIGHT",
    1.0
);
/// Two query words at most this many positions apart are near.
pub const NEAR: u32 = 3;
/// Proximity credit of two consecutive query words found near each other
/// in the reverse order (1 in the query's order).
pub const REVERSED_PAIR: f32 = 0.5;
/// Raise of a passage that holds the kind of answer a question asks for
/// (a number for `combien`, a year or a month for `quand`).
pub const ANSWER_BOOST: f32 = 0.3;
/// Factor of a passage that is code (a code block of Markdown, a `pre` of
/// a page) for a query that does not ask for code: searchable, but below
/// the prose that explains it. Not fitted: no judged query of the dev sets
/// meets a code passage (their corpora have none), so cross-validation
/// cannot tell one value from another; a quarter puts a code passage below
/// a prose passage of a third of its BM25.
pub const CODE_WEIGHT: f32 = 0.25;

/// Factor of a heading passage (a document's title among them). A heading
/// is the section of the passages under it and a passage of its own, so
/// that a line misread as a heading (a short step of a procedure) can
/// still be found. Short, a heading leads by BM25; weighed so, it ranks
/// about as the passages under it do, which meet its words with the
/// section's weight: first when the query is the heading itself, below
/// the passages that say more otherwise. Fitted by 5-fold cross-validation
/// over the seed, FAQ and help dev judgements, on their own corpora and on
/// the 18 MB one (`benches/compare/fit_weight.py`): every fold chose 0.2;
/// 0 to 0.3 score alike, more lowers the help tasks (0.351 at 0.2, 0.313
/// at 1).
pub const HEADING_WEIGHT: f32 = 0.2;

fitted! {
    /// [`HEADING_WEIGHT`], or for fitting it the value of
    /// `FOUILLE_HEADING_WEIGHT` (read once).
    heading_weight, "FOUILLE_HEADING_WEIGHT", HEADING_WEIGHT
}

/// [`RERANK_DEPTH`], or for fitting it `FOUILLE_RERANK_DEPTH` (read once).
pub fn rerank_depth() -> usize {
    static DEPTH: OnceLock<usize> = OnceLock::new();
    *DEPTH.get_or_init(|| fitting("FOUILLE_RERANK_DEPTH", RERANK_DEPTH as f32).max(1.0) as usize)
}

/// Weight of a passage's article in its score: the score is multiplied by
/// `1 + ARTICLE_WEIGHT × article`, where `article` is the best own score
/// among the re-ranked candidates of its document over the best of all
/// (1 for every passage of the strongest document). A passage of a
/// document that treats the subject beats a passage that meets the same
/// words by chance in a document about something else (over the 18 MB
/// corpus, a manual page's option line). Fitted with
/// [`NEIGHBOUR_WEIGHT`] and [`RERANK_DEPTH`] (see there).
pub const ARTICLE_WEIGHT: f32 = 1.0;

/// Weight of a passage's neighbours in its score: `NEIGHBOUR_WEIGHT ×` the
/// own score of the better of the passages just before and after it in
/// its document, when that one is re-ranked too and both are prose
/// (paragraphs or quotations: a list item or a table row is a sibling with
/// its own subject, a heading or code has a role of its own, weighed by
/// [`HEADING_WEIGHT`] and [`CODE_WEIGHT`]). An answer that does not name its subject ("Pour le
/// modifier, ouvrez…") is found through the paragraph before it; the
/// paragraph that names the subject keeps its own score on top and still
/// comes first. Fitted by 5-fold cross-validation over the seed, FAQ and
/// help dev judgements, on their corpora and on the 18 MB one, jointly
/// with [`ARTICLE_WEIGHT`] (grids 0–1 and 0–2,
/// `benches/compare/fit_weight.py`): three folds chose 0.5 and 1, one 0.8
/// and 2, one 0.4 and 0.5. Fitted (cross-validated), against both at 0
/// (at the same depth): seed 0.975 (0.975) against 0.979, FAQ 0.457
/// (0.456) against 0.417, help 0.417 (0.417) against 0.378, FAQ on 18 MB
/// 0.208 (0.192) against 0.183, help on 18 MB 0.301 (0.301) against
/// 0.288. Letting list items lend and borrow cost the seed set 0.005;
/// letting headings and code borrow cost help 0.002.
pub const NEIGHBOUR_WEIGHT: f32 = 0.5;

fitted! {
    /// [`NEIGHBOUR_WEIGHT`], or for fitting it `FOUILLE_NEIGHBOUR_WEIGHT`
    /// (read once).
    neighbour_weight, "FOUILLE_NEIGHBOUR_WEIGHT", NEIGHBOUR_WEIGHT
}

fitted! {
    /// [`ARTICLE_WEIGHT`], or for fitting it `FOUILLE_ARTICLE_WEIGHT` (read
    /// once).
    article_weight, "FOUILLE_ARTICLE_WEIGHT", ARTICLE_WEIGHT
}

/// Weight of the lead of a short document in its score: the first
/// passage of a document of at most [`LEAD_MAX_PASSAGES`] passages
/// (headings and page furniture aside), when prose, gets `LEAD_WEIGHT ×`
/// the best own score among the re-ranked candidates of its document
/// times its own coverage and length factor. A short page on one subject (a help page, a
/// news article, an encyclopedia entry) says what it is about in its
/// first paragraph, often with only some of the words of its title: a
/// query that names the page's subject finds its words spread over the
/// page, and the lead is the passage that answers it. A lead that holds
/// fewer of the query's words borrows less, and a fragment (a subtitle,
/// a caption) little. A long document (a chapter, a
/// manual) opens with an introduction to many subjects, and its lead gets
/// nothing.
///
/// Fitted by 5-fold cross-validation over the seed, FAQ and help dev
/// judgements, on their corpora and on the 18 MB one, jointly with
/// [`LEAD_MAX_PASSAGES`] (grids 0–2 and 8–20,
/// `benches/compare/fit_weight.py` with `TARGETS` the issue's bars, seed
/// 0.97, FAQ 0.40, help 0.44, FAQ on 18 MB 0.21, help on 18 MB 0.32: the
/// weights that leave the set furthest behind its bar nearest it). Fitted
/// (cross-validated), against 0: seed 0.975 (0.975) against 0.975, FAQ
/// 0.464 (0.464) against 0.465, help 0.454 (0.478) against 0.417, FAQ on
/// 18 MB 0.212 (0.204) against 0.212, help on 18 MB 0.347 (0.380) against
/// 0.301. The folds chose 0.5 and 20 twice, 2 and 16 twice, 1.5 and 12
/// once. By the mean of the sets' means, the criterion of the other
/// weights, 1.5 (3 with the lead's coverage left out) would be chosen:
/// help 0.522 and on 18 MB 0.404, but FAQ on 18 MB 0.191, where the
/// leads of short manual sections on a question's subject come before
/// answers found mid-chapter in the FAQ.
pub const LEAD_WEIGHT: f32 = 0.5;

fitted! {
    /// [`LEAD_WEIGHT`], or for fitting it `FOUILLE_LEAD_WEIGHT` (read
    /// once).
    lead_weight, "FOUILLE_LEAD_WEIGHT", LEAD_WEIGHT
}

/// Most passages (headings and page furniture aside) a document may have
/// for its lead to stand for it (see [`LEAD_WEIGHT`]).
pub const LEAD_MAX_PASSAGES: usize = 20;

/// [`LEAD_MAX_PASSAGES`], or for fitting it `FOUILLE_LEAD_MAX_PASSAGES`
/// (read once).
pub fn lead_max_passages() -> usize {
    static MAX: OnceLock<usize> = OnceLock::new();
    *MAX.get_or_init(|| fitting("FOUILLE_LEAD_MAX_PASSAGES", LEAD_MAX_PASSAGES as f32) as usize)
}

/// The value of the environment variable `name` when it is a number of 0
/// or more, else `value`: how `benches/compare/fit_weight.py` tries the
/// values of a weight without a build for each.
fn fitting(name: &str, value: f32) -> f32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse::<f32>().ok())
        .filter(|v| v.is_finite() && *v >= 0.0)
        .unwrap_or(value)
}

/// Length, in tokens (stop words included), under which a passage counts
/// as a fragment: a passage of `n` tokens fewer than this is multiplied by
/// `sqrt(n / FRAGMENT_TOKENS)`. BM25's length normalisation favours short
/// passages; a manual page's `NAME` line, an option line or a caption holds
/// two query words by chance and outranked the paragraph that answers. A
/// heading has its own weight ([`HEADING_WEIGHT`]) and no such factor.
/// Fitted by 5-fold cross-validation over the seed, FAQ and help dev
/// judgements, on their corpora and on the 18 MB one
/// (`benches/compare/fit_weight.py`, grid 0, 12–24): four folds chose 20,
/// one 18. Fitted (cross-validated): seed 0.979 (0.979), FAQ 0.417 (0.417),
/// help 0.367 (0.367), FAQ on 18 MB 0.189 (0.183), help on 18 MB 0.278
/// (0.278), against 0.979, 0.410, 0.351, 0.178, 0.265 without it.
pub const FRAGMENT_TOKENS: f32 = 20.0;

fitted! {
    /// [`FRAGMENT_TOKENS`], or for fitting it the value of
    /// `FOUILLE_FRAGMENT_TOKENS` (read once; 0 turns the factor off).
    fragment_tokens, "FOUILLE_FRAGMENT_TOKENS", FRAGMENT_TOKENS
}

/// Candidates fetched for each hit asked for: near duplicates fold into
/// the hit they repeat, and the fuller of two duplicates is shown, so a
/// page needs more candidates than hits (more are fetched while folding
/// leaves too few).
pub const CANDIDATES_PER_HIT: usize = 2;
/// Candidates re-ranked for each query: the best this many by BM25
/// (headings aside). The others follow in BM25 order, so that fetching
/// more candidates for a deeper page never reorders the first ones. The
/// context of a passage ([`ARTICLE_WEIGHT`], [`NEIGHBOUR_WEIGHT`]) is
/// drawn from them. Deeper finds answers that BM25 ranks low (a third of
/// the judged answers of the FAQ and help dev sets rank 11th to 200th by
/// BM25) and costs time: at 20, 50, 100 and 200 with the fitted weights,
/// FAQ 0.444, 0.447, 0.457, 0.457; help 0.389, 0.409, 0.415, 0.418; help
/// on 18 MB 0.278, 0.294, 0.301, 0.306; seed alike. 100 takes most of the
/// gain at half the cost of 200 (see the README's speed section).
pub const RERANK_DEPTH: usize = 100;
/// Candidates fetched at most for one page (the deepest page a server
/// request may ask for is 10,000 + 100 hits).
pub const MAX_CANDIDATES: usize = 50_000;
/// Candidates fetched beyond the cut, to see whether equal scores straddle
/// it: most often a few copies of one text.
pub const TIE_MARGIN: usize = 16;

/// Two passages are near duplicates when at least this share of the
/// content words of the shorter appear, in order, in the longer.
pub const MIN_CONTAINMENT: f32 = 0.9;
/// Fewest content words a passage needs for its duplicates to be merged:
/// short passages share words by chance.
pub const MIN_DUPLICATE_WORDS: usize = 6;

// A close spelling weighs less than the word as typed, a further one less
// still, and a word may be one edit away before it may be two.
const _: () = assert!(TWO_EDIT_WEIGHT < ONE_EDIT_WEIGHT && ONE_EDIT_WEIGHT < 1.0);
const _: () = assert!(MIN_FUZZY_LETTERS < TWO_EDIT_LETTERS);
const _: () = assert!(TWO_EDIT_LETTERS < MAX_FUZZY_LETTERS);

/// Most indexed terms a word beginning (`intell*`) stands for: the most
/// frequent in the corpus. More would make one query word a broad
/// disjunction, slow and dominated by the commonest words; the results say
/// when some were left out.
pub const MAX_PREFIX_TERMS: usize = 50;
/// Most corpus words looked at for a word beginning: a two-letter prefix
/// costs bounded time.
pub const MAX_PREFIX_WORDS: usize = 20_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_weighs_most_and_only_the_title_finds_nothing_alone() {
        for field in SEARCHED_FIELDS {
            assert!(field.weight() <= SearchedField::Text.weight());
            assert_eq!(field.finds_passages(), field != SearchedField::Title);
        }
    }
}
