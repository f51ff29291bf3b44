//! The search engine: an opened index answering queries with cited passages.

use std::ops::Bound;
use std::time::Instant;

use fouille_ingest::{IndexDir, Manifest, OpenIndex};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, TantivyDocument, Value};
use tantivy::{DocAddress, IndexReader, ReloadPolicy, Term};

use crate::error::QueryError;
use crate::highlight::highlights;
use crate::hit::{Citation, PassageContext, SearchHit, SearchResults};
use crate::parse::{ParsedQuery, Phrase};

/// Weight of a query word found in the section heading, relative to the
/// passage text. Headings say what a passage is about, but they are shared
/// by every passage under them.
const SECTION_BOOST: f32 = 0.3;
/// Weight of a query word found in the article title.
const TITLE_BOOST: f32 = 0.15;

/// How many hits to return, and from where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchOptions {
    /// Hits to return at most.
    pub limit: usize,
    /// Hits to skip first (for paging).
    pub offset: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
        }
    }
}

/// An opened index, ready to answer queries. Cheap to share between threads
/// (`&Engine` is enough to search).
pub struct Engine {
    open: OpenIndex,
    reader: IndexReader,
}

impl Engine {
    /// Opens the current index of `dir`.
    pub fn open(dir: &IndexDir) -> Result<Engine, QueryError> {
        let open = dir.open()?;
        let reader = open
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Engine { open, reader })
    }

    /// What the index was built from.
    pub fn manifest(&self) -> &Manifest {
        &self.open.manifest
    }

    /// Number of passages in the index.
    pub fn passage_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Runs a query typed by a user.
    pub fn search(&self, query: &str, options: SearchOptions) -> Result<SearchResults, QueryError> {
        let started = Instant::now();
        let parsed = ParsedQuery::parse(query)?;
        let mut results = self.search_parsed(&parsed, options)?;
        results.query = query.to_string();
        results.parsed = parsed;
        results.took_us = started.elapsed().as_micros() as u64;
        Ok(results)
    }

    /// Runs an already parsed query. `query` and `took_us` of the result are
    /// left for the caller to fill.
    fn search_parsed(
        &self,
        parsed: &ParsedQuery,
        options: SearchOptions,
    ) -> Result<SearchResults, QueryError> {
        let mut results = SearchResults {
            query: String::new(),
            parsed: ParsedQuery::default(),
            total_hits: 0,
            took_us: 0,
            hits: Vec::new(),
        };
        let Some(query) = self.build_query(parsed) else {
            return Ok(results);
        };
        let searcher = self.reader.searcher();
        let top: Vec<(f32, DocAddress)> = if options.limit == 0 {
            results.total_hits = searcher.search(&query, &Count)?;
            Vec::new()
        } else {
            let collector = TopDocs::with_limit(options.limit)
                .and_offset(options.offset)
                .order_by_score();
            let (top, count) = searcher.search(&query, &(collector, Count))?;
            results.total_hits = count;
            top
        };
        for (i, (score, address)) in top.into_iter().enumerate() {
            let doc: TantivyDocument = searcher.doc(address)?;
            let tokens = doc
                .get_first(self.open.schema.tokens)
                .and_then(|v| v.as_bytes())
                .unwrap_or_default();
            results.hits.push(SearchHit {
                rank: options.offset + i + 1,
                score,
                highlights: highlights(parsed, tokens),
                citation: self.citation(&doc),
            });
        }
        Ok(results)
    }

    /// The tantivy query for a parsed query: any ranking word (in the text,
    /// or with less weight in the section and title), every phrase, and none
    /// of the exclusions. `None` when nothing can match.
    fn build_query(&self, parsed: &ParsedQuery) -> Option<Box<dyn Query>> {
        if parsed.is_void() {
            return None;
        }
        let schema = &self.open.schema;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for word in parsed.ranking_words() {
            for (field, boost) in [
                (schema.text, 1.0),
                (schema.section, SECTION_BOOST),
                (schema.title, TITLE_BOOST),
            ] {
                let term = TermQuery::new(
                    Term::from_field_text(field, word),
                    IndexRecordOption::WithFreqs,
                );
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(term), boost)),
                ));
            }
        }
        for phrase in &parsed.phrases {
            clauses.push((Occur::Must, phrase_query(schema.text, phrase)));
        }
        for excluded in &parsed.excluded {
            clauses.push((Occur::MustNot, phrase_query(schema.text, excluded)));
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// The passage `id` with up to `context` passages of its document on
    /// each side.
    pub fn passage(&self, id: &str, context: usize) -> Result<PassageContext, QueryError> {
        let schema = &self.open.schema;
        let searcher = self.reader.searcher();
        let by_id = TermQuery::new(
            Term::from_field_text(schema.id, id),
            IndexRecordOption::Basic,
        );
        let unknown = || QueryError::UnknownPassage { id: id.to_string() };
        let found = searcher.search(&by_id, &TopDocs::with_limit(1).order_by_score())?;
        let (_, address) = found.first().ok_or_else(unknown)?;
        let doc: TantivyDocument = searcher.doc(*address)?;
        let seq = u64_field(&doc, schema.seq);
        let doc_name = str_field(&doc, schema.doc).to_string();
        let neighbours = BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(schema.doc, &doc_name),
                    IndexRecordOption::Basic,
                )) as Box<dyn Query>,
            ),
            (
                Occur::Must,
                Box::new(RangeQuery::new(
                    Bound::Included(Term::from_field_u64(
                        schema.seq,
                        seq.saturating_sub(context as u64),
                    )),
                    Bound::Included(Term::from_field_u64(
                        schema.seq,
                        seq.saturating_add(context as u64),
                    )),
                )),
            ),
        ]);
        let limit = context.saturating_mul(2).saturating_add(1).min(10_000);
        let mut around: Vec<(u64, Citation)> = searcher
            .search(&neighbours, &TopDocs::with_limit(limit).order_by_score())?
            .into_iter()
            .map(|(_, address)| {
                let doc: TantivyDocument = searcher.doc(address)?;
                Ok((u64_field(&doc, schema.seq), self.citation(&doc)))
            })
            .collect::<Result<_, QueryError>>()?;
        around.sort_by_key(|(s, _)| *s);
        let mut before = Vec::new();
        let mut after = Vec::new();
        for (s, citation) in around {
            if s < seq {
                before.push(citation);
            } else if s > seq {
                after.push(citation);
            }
        }
        Ok(PassageContext {
            passage: self.citation(&doc),
            before,
            after,
        })
    }

    fn citation(&self, doc: &TantivyDocument) -> Citation {
        let schema = &self.open.schema;
        let rel = str_field(doc, schema.file);
        Citation {
            id: str_field(doc, schema.id).to_string(),
            doc: str_field(doc, schema.doc).to_string(),
            title: str_field(doc, schema.title_stored).to_string(),
            section: str_field(doc, schema.section_stored).to_string(),
            file: self.open.manifest.corpus.join(rel).display().to_string(),
            line: u64_field(doc, schema.line),
            start: u64_field(doc, schema.start),
            end: u64_field(doc, schema.end),
            kind: str_field(doc, schema.kind).to_string(),
            text: str_field(doc, schema.text_stored).to_string(),
        }
    }
}

fn phrase_query(field: Field, phrase: &Phrase) -> Box<dyn Query> {
    let terms: Vec<(usize, Term)> = phrase
        .terms
        .iter()
        .enumerate()
        .map(|(i, t)| (i, Term::from_field_text(field, t)))
        .collect();
    if terms.len() == 1 {
        let (_, term) = terms.into_iter().next().expect("one term");
        return Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
    }
    Box::new(PhraseQuery::new_with_offset(terms))
}

fn str_field(doc: &TantivyDocument, field: Field) -> &str {
    doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("")
}

fn u64_field(doc: &TantivyDocument, field: Field) -> u64 {
    doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0)
}
