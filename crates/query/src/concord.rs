//! Concordances (keyword in context, as AntConc and TXM show them): every
//! occurrence of a query's words in the passages it matches, each with the
//! words on its left and on its right and its citation.
//!
//! An occurrence is what a hit's highlights mark: a query word in any of
//! its inflections and spellings (accents or not, a synonym, a close
//! spelling), or a quoted phrase as one. The match is the text as the
//! source writes it; for a passage whose text is its source's bytes (plain
//! text, Markdown), `start` and `end` are the match's own byte range in the
//! file, and `line` its line.

use serde::Serialize;

use fouille_ingest::PassageRef;

use crate::engine::Engine;
use crate::error::QueryError;
use crate::highlight::Highlighter;
use crate::hit::Note;
use crate::scope::Scope;
use crate::SearchOptions;

/// Characters of context on each side by default.
pub const DEFAULT_WIDTH: usize = 50;
/// Most characters of context on each side.
pub const MAX_WIDTH: usize = 500;

/// One occurrence, in its context.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Occurrence {
    /// The passage's id (as `fouille show` takes it).
    pub id: String,
    /// Document name.
    pub doc: String,
    /// The file, as citations print it.
    pub file: String,
    /// The file's path in the corpus.
    pub path: String,
    /// Line of the match in the file (1-based); in a PDF, of the document.
    pub line: u64,
    /// Byte range of the match in the file when the passage is the file's
    /// bytes as written (`exact`); else of its passage.
    pub start: u64,
    /// End of that range (exclusive).
    pub end: u64,
    /// True when `start..end` is the match's own range in the file.
    pub exact: bool,
    /// In a PDF, the page (1-based).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// The passage's section heading.
    pub section: String,
    /// The words before the match, up to the width asked for.
    pub left: String,
    /// The match, as the source writes it.
    #[serde(rename = "match")]
    pub matched: String,
    /// The words after the match, up to the width asked for.
    pub right: String,
}

/// The order of a concordance's lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConcordOrder {
    /// Corpus order (or the scope's sort): document after document.
    #[default]
    Doc,
    /// By the words left of the match, nearest first (what comes before
    /// the word, grouped).
    Left,
    /// By the words right of the match.
    Right,
}

/// Every occurrence of a query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Concordance {
    /// The occurrences, in the order asked for.
    pub occurrences: Vec<Occurrence>,
    /// Passages that hold them.
    pub passages: usize,
    /// Documents that hold them.
    pub documents: usize,
    /// What to know about how the query was searched.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
}

impl Engine {
    /// The concordance of `query` over the passages `scope` keeps, with
    /// `width` characters of context on each side.
    pub fn concordance(
        &self,
        query: &str,
        options: SearchOptions,
        scope: &Scope,
        width: usize,
        order: ConcordOrder,
    ) -> Result<Concordance, QueryError> {
        let width = width.min(MAX_WIDTH);
        let (found, notes) = self.with_occurrences(query, options, scope)?;
        let mut occurrences = Vec::new();
        let (mut passages, mut documents, mut last_doc) = (0, 0, None);
        for (passage, ranges) in found {
            let text = passage.text().unwrap_or_default();
            passages += 1;
            if last_doc != Some(passage.doc_index()) {
                documents += 1;
                last_doc = Some(passage.doc_index());
            }
            let citation = self.citer().citation(&passage)?;
            for [start, end] in ranges {
                let (line, from, to) = if citation.exact {
                    let line = citation.line + text[..start].matches('\n').count() as u64;
                    (
                        line,
                        citation.start + start as u64,
                        citation.start + end as u64,
                    )
                } else {
                    (citation.line, citation.start, citation.end)
                };
                occurrences.push(Occurrence {
                    id: citation.id.clone(),
                    doc: citation.doc.clone(),
                    file: citation.file.clone(),
                    path: citation.path.clone(),
                    line,
                    start: from,
                    end: to,
                    exact: citation.exact,
                    page: citation.page,
                    section: citation.section.clone(),
                    left: left_of(&text[..start], width),
                    matched: one_line(&text[start..end]),
                    right: right_of(&text[end..], width),
                });
            }
        }
        match order {
            ConcordOrder::Doc => {}
            ConcordOrder::Left => occurrences.sort_by_cached_key(|o| {
                let words: Vec<String> = o
                    .left
                    .split_whitespace()
                    .rev()
                    .map(fouille_ingest::analysis::fold)
                    .collect();
                (words, fouille_ingest::analysis::fold(&o.matched))
            }),
            ConcordOrder::Right => occurrences.sort_by_cached_key(|o| {
                (
                    fouille_ingest::analysis::fold(&o.matched),
                    fouille_ingest::analysis::fold(&o.right),
                )
            }),
        }
        Ok(Concordance {
            occurrences,
            passages,
            documents,
            notes,
        })
    }
}

/// A passage, and the byte ranges of the query's occurrences in its text.
pub(crate) type WithOccurrences<'a> = (PassageRef<'a>, Vec<[usize; 2]>);

impl Engine {
    /// The passages `query` matches within `scope` that hold an
    /// occurrence of it (what its highlights mark: a passage found by its
    /// heading holds none), each with the byte ranges of its occurrences
    /// in its text, in corpus order (or the scope's sort); and the notes.
    pub(crate) fn with_occurrences(
        &self,
        query: &str,
        options: SearchOptions,
        scope: &Scope,
    ) -> Result<(Vec<WithOccurrences<'_>>, Vec<Note>), QueryError> {
        let (plan, ords, notes) = self.matching_ords(query, options, scope)?;
        let highlighter = Highlighter::new(&plan);
        let found = ords
            .into_iter()
            .filter_map(|ord| {
                let passage = self.table().passage(ord)?;
                let text = passage.text().unwrap_or_default();
                let ranges = one_word_one_range(highlighter.passage(passage.tokens, text), text);
                (!ranges.is_empty()).then_some((passage, ranges))
            })
            .collect();
        Ok((found, notes))
    }
}

/// `ranges` of `text` with those that one apostrophe or hyphen joins made
/// one: « aujourd’hui » is one occurrence, though the analyzer reads two
/// words in it.
fn one_word_one_range(ranges: Vec<[usize; 2]>, text: &str) -> Vec<[usize; 2]> {
    let mut out: Vec<[usize; 2]> = Vec::with_capacity(ranges.len());
    for range in ranges {
        let joined = out.last().is_some_and(|last| {
            matches!(
                text.get(last[1]..range[0]),
                Some("'" | "’" | "ʼ" | "-" | "‐")
            )
        });
        match out.last_mut() {
            Some(last) if joined => last[1] = range[1],
            _ => out.push(range),
        }
    }
    out
}

/// `text` on one line: each line break or tab a space, every other
/// character as written (a no-break space before `:` stays one).
fn one_line(text: &str) -> String {
    text.replace(['\r', '\n', '\t', '\u{2028}', '\u{2029}'], " ")
}

/// The last `width` characters of `text`, on one line.
fn left_of(text: &str, width: usize) -> String {
    let chars: Vec<char> = one_line(text).chars().collect();
    chars[chars.len().saturating_sub(width)..].iter().collect()
}

/// The first `width` characters of `text`, on one line.
fn right_of(text: &str, width: usize) -> String {
    one_line(text).chars().take(width).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::tests::engine;

    const TEXT: &str = "Les urgences de Lyon manquent de lits.\n\
        La santé des patients, la Santé publique et la sante des soignants.\n\
        Une phrase sans le mot.\n";

    fn concord(query: &str, order: ConcordOrder) -> Concordance {
        let (_dir, engine) = engine(&[("note.txt", TEXT)]);
        engine
            .concordance(
                query,
                SearchOptions::default(),
                &Scope::default(),
                12,
                order,
            )
            .unwrap()
    }

    #[test]
    fn every_occurrence_with_its_context_and_its_own_bytes() {
        let found = concord("santé", ConcordOrder::Doc);
        assert_eq!((found.passages, found.documents), (1, 1));
        let matched: Vec<&str> = found
            .occurrences
            .iter()
            .map(|o| o.matched.as_str())
            .collect();
        assert_eq!(matched, ["santé", "Santé", "sante"]);
        let first = &found.occurrences[0];
        assert_eq!(
            (first.left.as_str(), first.right.as_str()),
            ("La ", " des patient")
        );
        assert_eq!(first.line, 2);
        // Each match's byte range is its bytes in the file.
        for o in &found.occurrences {
            assert!(o.exact);
            assert_eq!(&TEXT[o.start as usize..o.end as usize], o.matched);
        }
        // Twelve characters of context, cut where they fall.
        assert_eq!(found.occurrences[1].left, "atients, la ");
    }

    #[test]
    fn lines_sort_by_their_left_or_right_words() {
        let right: Vec<String> = concord("santé", ConcordOrder::Right)
            .occurrences
            .iter()
            .map(|o| o.right.clone())
            .collect();
        assert_eq!(right, [" des patient", " des soignan", " publique et"]);
        let left: Vec<String> = concord("santé", ConcordOrder::Left)
            .occurrences
            .iter()
            .map(|o| o.left.clone())
            .collect();
        // By the word just before: « la », « la », « La » then by the one
        // before it.
        assert_eq!(left, ["La ", "atients, la ", "lique et la "]);
    }

    #[test]
    fn a_word_the_analyzer_reads_as_two_is_one_occurrence() {
        let text = "aujourd’hui et aujourd'hui";
        assert_eq!(
            one_word_one_range(vec![[0, 7], [10, 13], [17, 24], [25, 28]], text),
            [[0, 13], [17, 28]]
        );
        assert_eq!(
            one_word_one_range(vec![[0, 2], [3, 5]], "ab cd"),
            [[0, 2], [3, 5]]
        );
    }

    #[test]
    fn a_phrase_is_one_occurrence() {
        let found = concord("\"santé publique\"", ConcordOrder::Doc);
        let matched: Vec<&str> = found
            .occurrences
            .iter()
            .map(|o| o.matched.as_str())
            .collect();
        assert_eq!(matched, ["Santé publique"]);
    }
}
