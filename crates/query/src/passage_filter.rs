//! A query whose matches are those of another whose passage a test keeps,
//! scored as the other scores them: words as typed (`crate::exact`), and
//! a filter on documents' fields (`crate::scope`).
//!
//! The test sits inside tantivy's query, so that counts and every page
//! agree with it. Its scorer skips the passages the test refuses; the
//! loops tantivy runs for collectors (`for_each_pruning` for the best
//! hits, `for_each` for counts) are the inner query's own with the test in
//! their callback, so that a union keeps its block-max pruning.

use fouille_ingest::PassageSchema;
use tantivy::columnar::Column;
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// A test of passages, by their ordinal in the passage table.
pub(crate) trait KeepsPassage: Clone + Send + Sync + 'static {
    /// True when the passage of ordinal `ord` is kept.
    fn keeps(&self, ord: u64) -> bool;
}

/// The matches of `inner` whose passage `test` keeps.
pub(crate) struct PassagesKept<K> {
    inner: Box<dyn Query>,
    test: K,
}

impl<K: KeepsPassage> PassagesKept<K> {
    /// The matches of `inner` whose passage `test` keeps.
    pub(crate) fn new(inner: Box<dyn Query>, test: K) -> Self {
        PassagesKept { inner, test }
    }
}

impl<K: KeepsPassage> Clone for PassagesKept<K> {
    fn clone(&self) -> Self {
        PassagesKept {
            inner: self.inner.box_clone(),
            test: self.test.clone(),
        }
    }
}

impl<K> std::fmt::Debug for PassagesKept<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PassagesKept")
            .field("inner", &self.inner)
            .finish_non_exhaustive()
    }
}

impl<K: KeepsPassage> Query for PassagesKept<K> {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(KeptWeight {
            inner: self.inner.weight(enable_scoring)?,
            test: self.test.clone(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor)
    }
}

struct KeptWeight<K> {
    inner: Box<dyn Weight>,
    test: K,
}

/// The passage ordinals of a segment's documents.
fn ords(reader: &SegmentReader) -> tantivy::Result<Column<u64>> {
    reader.fast_fields().u64(PassageSchema::ORD)
}

/// True when `test` keeps the passage of document `doc`, whose ordinal
/// `ords` gives.
fn kept(test: &impl KeepsPassage, ords: &Column<u64>, doc: DocId) -> bool {
    ords.first(doc).is_some_and(|ord| test.keeps(ord))
}

impl<K: KeepsPassage> Weight for KeptWeight<K> {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorer = KeptScorer {
            inner: self.inner.scorer(reader, boost)?,
            ords: ords(reader)?,
            test: self.test.clone(),
        };
        scorer.settle();
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if !kept(&self.test, &ords(reader)?, doc) {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} is not kept"
            )));
        }
        self.inner.explain(reader, doc)
    }

    fn for_each(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        let ords = ords(reader)?;
        self.inner.for_each(reader, &mut |doc, score| {
            if kept(&self.test, &ords, doc) {
                callback(doc, score);
            }
        })
    }

    fn for_each_no_score(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(&[DocId]),
    ) -> tantivy::Result<()> {
        let ords = ords(reader)?;
        let mut kept_docs = Vec::new();
        self.inner.for_each_no_score(reader, &mut |docs| {
            kept_docs.clear();
            kept_docs.extend(docs.iter().copied().filter(|&d| kept(&self.test, &ords, d)));
            if !kept_docs.is_empty() {
                callback(&kept_docs);
            }
        })
    }

    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        let ords = ords(reader)?;
        let mut threshold = threshold;
        self.inner
            .for_each_pruning(threshold, reader, &mut |doc, score| {
                if kept(&self.test, &ords, doc) {
                    threshold = callback(doc, score);
                }
                threshold
            })
    }
}

struct KeptScorer<K> {
    inner: Box<dyn Scorer>,
    ords: Column<u64>,
    test: K,
}

impl<K: KeepsPassage> KeptScorer<K> {
    /// Moves on from the inner scorer's document to the first kept.
    fn settle(&mut self) -> DocId {
        let mut doc = self.inner.doc();
        while doc != TERMINATED && !kept(&self.test, &self.ords, doc) {
            doc = self.inner.advance();
        }
        doc
    }
}

impl<K: KeepsPassage> DocSet for KeptScorer<K> {
    fn advance(&mut self) -> DocId {
        self.inner.advance();
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.inner.doc() >= target {
            return self.inner.doc();
        }
        self.inner.seek(target);
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.inner.doc()
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }
}

impl<K: KeepsPassage> Scorer for KeptScorer<K> {
    fn score(&mut self) -> Score {
        self.inner.score()
    }
}
