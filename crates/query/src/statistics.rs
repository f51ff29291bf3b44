//! BM25 statistics served from memory.
//!
//! To weigh a query, tantivy asks how many tokens each field holds and how
//! many passages hold each term; left to itself it asks the index again for
//! every clause. A committed generation never changes, so the field totals
//! are read once, when the index opens ([`IndexStatistics`]); the document
//! frequencies one query needs are looked up once and remembered
//! ([`QueryStatistics`]), for the plan, for leaving out clauses that cannot
//! match, and for tantivy's weights. A field that no passage uses (a corpus
//! without cross-references) answers 0 without a look at the index, where
//! tantivy would build an empty term dictionary at each look.

use std::cell::RefCell;

use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// What BM25 needs of a generation that no query changes.
#[derive(Debug, Clone)]
pub struct IndexStatistics {
    num_docs: u64,
    /// (field, tokens in the field over all passages, true when some
    /// segment has postings for the field).
    fields: Vec<(Field, u64, bool)>,
}

impl IndexStatistics {
    /// Reads the statistics of `fields` from the index behind `searcher`.
    pub fn read(searcher: &Searcher, fields: &[Field]) -> tantivy::Result<IndexStatistics> {
        let mut read = Vec::with_capacity(fields.len());
        for &field in fields {
            let mut indexed = false;
            for segment in searcher.segment_readers() {
                indexed |= segment.inverted_index(field)?.terms().num_terms() > 0;
            }
            read.push((field, searcher.total_num_tokens(field)?, indexed));
        }
        Ok(IndexStatistics {
            num_docs: searcher.num_docs(),
            fields: read,
        })
    }

    fn field(&self, field: Field) -> Option<(u64, bool)> {
        self.fields
            .iter()
            .find(|&&(f, _, _)| f == field)
            .map(|&(_, tokens, indexed)| (tokens, indexed))
    }
}

/// The statistics of one query: the index's, and the document frequencies
/// looked up so far. Lives for one search, on one thread.
pub struct QueryStatistics<'a> {
    searcher: &'a Searcher,
    index: &'a IndexStatistics,
    doc_freqs: RefCell<Vec<(Term, u64)>>,
}

impl<'a> QueryStatistics<'a> {
    /// Statistics for a query on `searcher`, whose fixed figures are `index`.
    pub fn new(searcher: &'a Searcher, index: &'a IndexStatistics) -> Self {
        QueryStatistics {
            searcher,
            index,
            doc_freqs: RefCell::new(Vec::new()),
        }
    }

    /// Number of passages holding `word` in `field`.
    pub fn doc_freq_of(&self, field: Field, word: &str) -> tantivy::Result<u64> {
        self.doc_freq(&Term::from_field_text(field, word))
    }
}

impl Bm25StatisticsProvider for QueryStatistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        match self.index.field(field) {
            Some((tokens, _)) => Ok(tokens),
            None => self.searcher.total_num_tokens(field),
        }
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.index.num_docs)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        if let Some(&(_, df)) = self.doc_freqs.borrow().iter().find(|(t, _)| t == term) {
            return Ok(df);
        }
        let df = match self.index.field(term.field()) {
            Some((_, false)) => 0,
            _ => self.searcher.doc_freq(term)?,
        };
        self.doc_freqs.borrow_mut().push((term.clone(), df));
        Ok(df)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, Index};

    fn searcher() -> (Searcher, Field, Field) {
        let mut builder = Schema::builder();
        let body = builder.add_text_field("body", TEXT);
        let unused = builder.add_text_field("unused", TEXT);
        let index = Index::create_in_ram(builder.build());
        let mut writer: tantivy::IndexWriter = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        writer.add_document(doc!(body => "a b b")).expect("add");
        writer.add_document(doc!(body => "b c")).expect("add");
        writer.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        (searcher, body, unused)
    }

    #[test]
    fn the_figures_are_those_of_the_searcher() {
        let (searcher, body, unused) = searcher();
        let index = IndexStatistics::read(&searcher, &[body, unused]).expect("read");
        let stats = QueryStatistics::new(&searcher, &index);
        assert_eq!(stats.total_num_docs().expect("docs"), 2);
        assert_eq!(stats.total_num_tokens(body).expect("tokens"), 5);
        assert_eq!(stats.total_num_tokens(unused).expect("tokens"), 0);
        for (word, df) in [("a", 1), ("b", 2), ("c", 1), ("z", 0)] {
            assert_eq!(stats.doc_freq_of(body, word).expect("df"), df, "{word}");
            // Asked again: remembered, same answer.
            assert_eq!(stats.doc_freq_of(body, word).expect("df"), df, "{word}");
            assert_eq!(stats.doc_freq_of(unused, word).expect("df"), 0);
        }
        assert_eq!(stats.doc_freqs.borrow().len(), 8);
    }
}
