//! What a search returns: ranked passages with their citations.

use serde::Serialize;

use crate::parse::ParsedQuery;
use crate::ranking::explain::Explanation;

/// A passage and where it comes from: everything needed to quote it and to
/// check the quote against the source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Citation {
    /// Stable passage id: `doc:line`, or `doc:line.part` for the later parts
    /// of a long paragraph cut in several passages.
    pub id: String,
    /// Document name (the file's path in the corpus without extension).
    pub doc: String,
    /// Article title.
    pub title: String,
    /// Section heading; empty when the passage stands under the title.
    pub section: String,
    /// The headings the passage stands under, outermost first, its
    /// `section` last (`["2 Méthodes", "2.1 Collecte"]`); empty under the
    /// title alone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headings: Vec<String>,
    /// Path of the source file (the corpus directory as given when indexing,
    /// joined with the file's path in it).
    pub file: String,
    /// The file's path inside the corpus, `/` between folders: what the
    /// server's `/files/{path}` sends.
    pub path: String,
    /// 1-based line of the passage in the file.
    pub line: u64,
    /// Byte offset of the passage in the file.
    pub start: u64,
    /// Byte offset just past the passage in the file.
    pub end: u64,
    /// True when the file's bytes `start..end` are exactly `text`; false
    /// when `text` was made from them (wrapped lines joined, a hyphen of
    /// the wrap dropped, decoded from another encoding): they hold its
    /// words, in that order.
    pub exact: bool,
    /// Passage kind: `paragraph`, `list_item`, `table_row`, `quotation`
    /// or `code`.
    pub kind: String,
    /// The passage text, as a reader sees it.
    pub text: String,
    /// In a web page, the id of the nearest element at or above the
    /// passage: `file#anchor` opens there (left out of the JSON when none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
    /// Inside a container (an e-book), the entry the passage comes from
    /// (left out of the JSON when none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    /// In a paged document (a PDF), the 1-based page the passage starts
    /// on: `file#page=N` opens there (left out of the JSON when none).
    /// `line` then counts the lines of the whole document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// In a paged document, the 1-based line of the page where the
    /// passage starts (left out of the JSON when none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_on_page: Option<u32>,
    /// True when the passage's page is a scan read by OCR (`fouille index
    /// --ocr`): its text is what Tesseract recognised, and may differ from
    /// the words on the page (left out of the JSON when false).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub ocr: bool,
    /// The rule that judged the passage page furniture (`web_cue`,
    /// `fragment`, `furniture_element`…), when one did: such passages are
    /// found only when furniture is asked for (left out of the JSON
    /// otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub furniture: Option<String>,
    /// The document's address, as it names it (canonical URL).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The document's date, as it gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The document's authors, joined by `; ` (a name may hold a comma).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// The document's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Where the document comes from: its `source` metadata, else the
    /// first folder of its path in the corpus (`hcl/2024/note.txt` comes
    /// from `hcl`); absent for a file at the corpus root.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The document's other fields (`tags`, `description`, `modified`, a
    /// `metadata.csv`'s columns), a list's items joined by `, `; absent
    /// when it has none.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub fields: std::collections::BTreeMap<String, String>,
}

/// Where a passage stands, without its text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Location {
    /// Passage id.
    pub id: String,
    /// Path of the source file.
    pub file: String,
    /// 1-based line.
    pub line: u64,
    /// Byte offset of the passage in the file.
    pub start: u64,
    /// Byte offset just past the passage in the file.
    pub end: u64,
    /// True when the file's bytes `start..end` are the passage's text.
    pub exact: bool,
    /// For a page, the id of the element at or above the passage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
    /// For a container (an e-book), the entry that holds the passage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    /// For a paged document (a PDF), the page the passage starts on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// For a paged document, the line of that page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_on_page: Option<u32>,
}

/// One ranked hit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    /// 1-based rank in the whole result list (offset included).
    pub rank: usize,
    /// Relevance score (higher is better; comparable within one query only).
    pub score: f32,
    /// The passage and its citation.
    #[serde(flatten)]
    pub citation: Citation,
    /// Byte ranges `[start, end)` inside `text` of the words that match the
    /// query, sorted and not overlapping.
    pub highlights: Vec<[usize; 2]>,
    /// Byte ranges inside `section` of the query words found there (left
    /// out of the JSON when there are none): a passage may be found by its
    /// heading.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub section_highlights: Vec<[usize; 2]>,
    /// Byte ranges inside `title` of the query words found there (left out
    /// of the JSON when there are none): a quoted phrase may be found in
    /// the document's title alone, and every passage of the document is
    /// then a hit.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub title_highlights: Vec<[usize; 2]>,
    /// Other places of the corpus with (nearly) the same text, merged into
    /// this hit (left out of the JSON when there are none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_at: Vec<Location>,
    /// Why the hit ranks where it does, when asked for (`--explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<Explanation>,
}

/// The answer to a query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    /// The query as typed.
    pub query: String,
    /// How the query was read.
    pub parsed: ParsedQuery,
    /// Number of passages that match, beyond those returned.
    pub total_hits: usize,
    /// Time the search took, in microseconds.
    pub took_us: u64,
    /// The hits asked for, best first.
    pub hits: Vec<SearchHit>,
    /// What the reader of the results should know about how the query
    /// was searched (left out of the JSON when there is nothing to say).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// For each facet asked for, the matching passages by value, over
    /// every match (not only the hits returned); absent when none is asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<crate::scope::Facets>,
}

/// Something the results' reader should know, as data: each front end
/// words it in its language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "note", rename_all = "snake_case")]
pub enum Note {
    /// A word beginning (`intell*`) begins more of the corpus's terms
    /// than are searched: the most frequent `searched` are.
    PrefixCut {
        /// The beginning as typed, with its `*`.
        prefix: String,
        /// Terms searched for it.
        searched: usize,
    },
    /// No passage holds the quoted phrase(s) in its text, section heading
    /// or title; without quotes, the words would be searched apart.
    PhraseNotFound,
    /// No passage holds every required word (`+mot`, a side of `AND`) and
    /// quoted phrase of the query in its text, section heading or title;
    /// without `+` and `AND`, passages holding some would be ranked.
    RequiredNotFound,
    /// The query has no word to search for: only exclusions
    /// (`only_excludes`), or only operators (`OR`), punctuation, symbols or
    /// elisions.
    NothingToSearch {
        /// True when it holds exclusions only.
        only_excludes: bool,
    },
    /// A word beginning typed with `*` is shorter than the fewest letters
    /// a prefix needs (`i*`): it was searched as a word.
    PrefixTooShort {
        /// The beginning as typed, with its `*`.
        prefix: String,
        /// Fewest letters a prefix needs.
        letters: usize,
    },
    /// Passages of page furniture (navigation, newsletter boxes, credits)
    /// match too, left out of the results: asking to include furniture
    /// (`--include-boilerplate`, `include_boilerplate=1`) returns them.
    FurnitureLeftOut {
        /// How many match.
        passages: usize,
    },
}

/// A passage with its neighbours in the same document, as `fouille show`
/// prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PassageContext {
    /// The passage asked for.
    pub passage: Citation,
    /// Up to N passages before it, in document order.
    pub before: Vec<Citation>,
    /// Up to N passages after it, in document order.
    pub after: Vec<Citation>,
}

/// An answer (search results, a passage in context) flagged with why the
/// index answers stale when it does: its corpus gone, or changed and the
/// index not rebuildable. `stale` is left out of the JSON otherwise. The
/// command line's `--json` and the server answer alike.
#[derive(Debug, Serialize)]
pub struct Flagged<'a, T: Serialize> {
    /// The answer.
    #[serde(flatten)]
    pub answer: &'a T,
    /// Why the index answers stale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stale: Option<&'a str>,
}
