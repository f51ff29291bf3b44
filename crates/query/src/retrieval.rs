//! Retrieval: the tantivy query of a plan, and its best candidates by
//! BM25, ties broken in corpus order.

use fouille_ingest::{PassageRef, PassageSchema, PassageTable, FURNITURE_MARK};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, EnableScoring, Explanation, Occur, PhraseQuery, Query, Scorer,
    TermQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{
    DocAddress, DocId, DocSet, Score, Searcher, SeekDangerResult, SegmentReader, Term, TERMINATED,
};

use crate::exact::{as_typed, Typed};
use crate::parse::Phrase;
use crate::plan::{Alternative, QueryPlan};
use crate::statistics::QueryStatistics;
use crate::weights::{SearchedField, MAX_CANDIDATES, SEARCHED_FIELDS, TIE_MARGIN};

/// The tantivy query for a plan: passages with any of the query words
/// (or of their close spellings, with less weight) in their text or
/// their section heading (the heading with less weight), with every
/// phrase, and with none of the exclusions; a query word in the article
/// title adds a little score but does not make a hit on its own (the
/// weights: [`SEARCHED_FIELDS`]). A word no passage holds in a field gets no
/// clause for that field: it could neither match nor score. Its clauses,
/// made into a query by [`query_of`] with page furniture or without;
/// `None` when nothing can match.
pub(crate) fn query_clauses(
    searcher: &Searcher,
    schema: &PassageSchema,
    table: &PassageTable,
    plan: &QueryPlan,
    stats: &QueryStatistics,
) -> tantivy::Result<Option<Clauses>> {
    if plan.is_void() {
        return Ok(None);
    }
    let term_query = |field: SearchedField, word: &str, weight: f32| {
        let field_id = field.field(schema);
        let found = stats.doc_freq_of(field_id, word)? > 0;
        Ok::<_, tantivy::TantivyError>(found.then(|| -> (Occur, Box<dyn Query>) {
            let term = TermQuery::new(
                Term::from_field_text(field_id, word),
                IndexRecordOption::WithFreqs,
            );
            (
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(term), field.weight() * weight)),
            )
        }))
    };
    // A word to match as typed is searched in the text only, each passage
    // holding its stem kept when it writes the word so (`crate::exact`).
    let written_so =
        |query: Option<(Occur, Box<dyn Query>)>, terms: &[String], typed: &[String]| {
            query.map(|(occur, query)| -> (Occur, Box<dyn Query>) {
                let typed = Typed::new(terms, typed);
                (occur, as_typed(query, typed, table))
            })
        };
    let expansions: Vec<_> = plan
        .slots
        .iter()
        .flat_map(|s| s.expansions.iter().map(move |e| (e, s.exact.as_ref())))
        .collect();
    // A synonym of a run of words is an alternative of each: searched once.
    let mut alternatives: Vec<&Alternative> = Vec::new();
    for a in plan.slots.iter().flat_map(|s| &s.alternatives) {
        if !alternatives.iter().any(|b| b.terms == a.terms) {
            alternatives.push(a);
        }
    }
    // A phrase is found wherever its words are searchable: in the text, in
    // the section heading or in the title, each with its field's weight
    // (a heading's or a title's phrase makes every passage under it a hit,
    // as a plain word of a heading does). A phrase of one word is found
    // where the word is: its title alone finds no passage (every passage
    // of a document shares it), its cross-references do.
    let in_any_field = |phrase: &Phrase| -> Box<dyn Query> {
        if !phrase.exact.is_empty() {
            let query = phrase_query(schema.text, phrase);
            return as_typed(query, Typed::new(&phrase.terms, &phrase.exact), table);
        }
        let fields = if phrase.terms.len() == 1 {
            [
                SearchedField::Text,
                SearchedField::Section,
                SearchedField::Refs,
            ]
        } else {
            [
                SearchedField::Text,
                SearchedField::Section,
                SearchedField::Title,
            ]
        };
        Box::new(BooleanQuery::new(
            fields
                .into_iter()
                .map(|field| -> (Occur, Box<dyn Query>) {
                    let query = phrase_query(field.field(schema), phrase);
                    (
                        Occur::Should,
                        Box::new(BoostQuery::new(query, field.weight())),
                    )
                })
                .collect(),
        ))
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if !expansions.is_empty() || !alternatives.is_empty() || !plan.either.is_empty() {
        let mut matching = Vec::new();
        // A phrase beside `OR` finds passages as a word does.
        for phrase in &plan.either {
            matching.push((Occur::Should, in_any_field(phrase)));
        }
        for &(e, typed) in &expansions {
            if let Some(typed) = typed {
                let query = term_query(SearchedField::Text, &e.term, e.weight)?;
                matching.extend(written_so(
                    query,
                    std::slice::from_ref(&e.term),
                    std::slice::from_ref(typed),
                ));
                continue;
            }
            for field in SEARCHED_FIELDS.into_iter().filter(|f| f.finds_passages()) {
                matching.extend(term_query(field, &e.term, e.weight)?);
            }
        }
        // An alternative of no weight in BM25 (a name's phrase, whose
        // words are searched already) counts in ranking only; so does a
        // derived word (`régler` for `réglage`): it raises the passages the
        // query finds, and finds none itself, so that every match,
        // concordance and count is of the query's own words.
        for a in alternatives
            .iter()
            .filter(|a| a.bm25 > 0.0 && !a.source.is_derived())
        {
            if let [term] = a.terms.as_slice() {
                for field in SEARCHED_FIELDS.into_iter().filter(|f| f.finds_passages()) {
                    matching.extend(term_query(field, term, a.bm25)?);
                }
            } else {
                let phrase = Phrase::of(a.terms.clone());
                for field in [SearchedField::Text, SearchedField::Section] {
                    let query = phrase_query(field.field(schema), &phrase);
                    matching.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(query, field.weight() * a.bm25)),
                    ));
                }
            }
        }
        // With a required phrase, the words rank its passages; without
        // one, a passage must hold one of them.
        let words = if plan.phrases.is_empty() && plan.required_any.is_empty() {
            if matching.is_empty() {
                return Ok(None);
            }
            Occur::Must
        } else {
            Occur::Should
        };
        if !matching.is_empty() {
            clauses.push((words, Box::new(BooleanQuery::new(matching))));
        }
        for &(e, typed) in &expansions {
            for field in SEARCHED_FIELDS.into_iter().filter(|f| !f.finds_passages()) {
                if typed.is_none() {
                    clauses.extend(term_query(field, &e.term, e.weight)?);
                }
            }
        }
        for a in alternatives.iter().filter(|a| a.source.is_derived()) {
            if let [term] = a.terms.as_slice() {
                for field in SEARCHED_FIELDS.into_iter().filter(|f| f.finds_passages()) {
                    clauses.extend(term_query(field, term, a.bm25)?);
                }
            }
        }
    }
    for phrase in &plan.phrases {
        clauses.push((Occur::Must, in_any_field(phrase)));
    }
    for group in &plan.required_any {
        if group.is_empty() {
            // A required word beginning that begins no word of the corpus.
            return Ok(None);
        }
        let any = group
            .iter()
            .map(|phrase| (Occur::Should, in_any_field(phrase)))
            .collect();
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
    }
    for phrase in &plan.boosted {
        clauses.push((Occur::Should, in_any_field(phrase)));
    }
    // A passage whose heading names the excluded subject is about it too.
    // An exclusion that matches nothing is left out: it changes nothing,
    // and tantivy 0.27 trips over an exhausted phrase it must exclude.
    for excluded in &plan.excluded {
        for field in [schema.text, schema.section] {
            let query = phrase_query(field, excluded);
            let query: Box<dyn Query> = if excluded.exact.is_empty() {
                query
            } else if field == schema.text {
                as_typed(query, Typed::new(&excluded.terms, &excluded.exact), table)
            } else {
                continue;
            };
            if matches_anything(searcher, query.as_ref())? {
                clauses.push((Occur::MustNot, Box::new(Exclusion(query))));
            }
        }
    }
    Ok(Some(clauses))
}

/// The clauses of a boolean query.
pub(crate) type Clauses = Vec<(Occur, Box<dyn Query>)>;

/// What a query makes of page furniture.
pub(crate) enum FurnitureHits<'a> {
    /// Passages of furniture are hits as others are.
    Searched,
    /// They are left out (the query given matches them).
    LeftOut(&'a dyn Query),
    /// Only they are hits (the query given matches them).
    Only(&'a dyn Query),
}

/// The query of `clauses` (see [`query_clauses`]), with page furniture as
/// `furniture` says.
pub(crate) fn query_of(clauses: &Clauses, furniture: FurnitureHits) -> Box<dyn Query> {
    let mut clauses: Clauses = clauses
        .iter()
        .map(|(occur, query)| (*occur, query.box_clone()))
        .collect();
    match furniture {
        FurnitureHits::Searched => {}
        FurnitureHits::LeftOut(marked) => {
            clauses.push((Occur::MustNot, Box::new(Exclusion(marked.box_clone()))));
        }
        FurnitureHits::Only(marked) => clauses.push((Occur::Must, marked.box_clone())),
    }
    Box::new(BooleanQuery::new(clauses))
}

/// The passages of page furniture; `None` when the index has none.
pub(crate) fn furniture_query(
    schema: &PassageSchema,
    stats: &QueryStatistics,
) -> tantivy::Result<Option<Box<dyn Query>>> {
    if stats.doc_freq_of(schema.marks, FURNITURE_MARK)? == 0 {
        return Ok(None);
    }
    Ok(Some(Box::new(TermQuery::new(
        Term::from_field_text(schema.marks, FURNITURE_MARK),
        IndexRecordOption::Basic,
    ))))
}

/// The `depth` best candidates by BM25 score, with the number of
/// matching passages. When the cut falls among passages of equal score,
/// all of them are returned, so that the caller can keep those first in
/// corpus order ([`in_corpus_order_within_ties`]): tantivy keeps the first
/// in segment order.
pub(crate) fn candidates(
    searcher: &Searcher,
    query: &dyn Query,
    stats: &QueryStatistics,
    depth: usize,
) -> tantivy::Result<(Vec<(f32, DocAddress)>, usize)> {
    // A few more than asked for: equal scores at the cut are most often
    // a few copies of one text, and fetching them now saves a search.
    let mut limit = depth.saturating_add(TIE_MARGIN);
    loop {
        let (top, count) = searcher.search_with_statistics_provider(
            query,
            &(TopDocs::with_limit(limit).order_by_score(), Count),
            stats,
        )?;
        let tie_goes_on = depth > 0
            && top.len() == limit
            && top.get(depth).map(|c| c.0) == top.get(depth - 1).map(|c| c.0)
            && top.last().map(|c| c.0) == top.get(depth - 1).map(|c| c.0);
        if !tie_goes_on || limit > MAX_CANDIDATES {
            return Ok((top, count));
        }
        limit = limit.saturating_mul(2);
    }
}

/// True when `query` matches some passage.
fn matches_anything(searcher: &Searcher, query: &dyn Query) -> tantivy::Result<bool> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    for segment in searcher.segment_readers() {
        if weight.scorer(segment, 1.0)?.doc() != TERMINATED {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A query to exclude, whose documents tantivy may ask about from any
/// document on. tantivy 0.27 asks an exclusion whether it holds the first
/// candidate before it has moved: a phrase whose first match lies further
/// on is asked about a document behind it, which its scorer forbids (a
/// debug assertion; release builds answer right). This answers "no" for a
/// document behind the exclusion's current one, as it must: the scorer
/// stands at its first match at or after every document it was asked
/// about.
#[derive(Debug)]
struct Exclusion(Box<dyn Query>);

impl Clone for Exclusion {
    fn clone(&self) -> Self {
        Exclusion(self.0.box_clone())
    }
}

impl Query for Exclusion {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(ExclusionWeight(self.0.weight(enable_scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor)
    }
}

struct ExclusionWeight(Box<dyn Weight>);

impl Weight for ExclusionWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(ExclusionScorer(self.0.scorer(reader, boost)?)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }
}

struct ExclusionScorer(Box<dyn Scorer>);

impl DocSet for ExclusionScorer {
    fn advance(&mut self) -> DocId {
        self.0.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let doc = self.0.doc();
        if target <= doc {
            return doc;
        }
        self.0.seek(target)
    }

    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        let doc = self.0.doc();
        if target < doc {
            return SeekDangerResult::SeekLowerBound(doc);
        }
        self.0.seek_danger(target)
    }

    fn doc(&self) -> DocId {
        self.0.doc()
    }

    fn size_hint(&self) -> u32 {
        self.0.size_hint()
    }

    fn cost(&self) -> u64 {
        self.0.cost()
    }
}

impl Scorer for ExclusionScorer {
    fn score(&mut self) -> Score {
        self.0.score()
    }
}

pub(crate) fn phrase_query(field: Field, phrase: &Phrase) -> Box<dyn Query> {
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

/// The first `depth` candidates, those of equal BM25 score in corpus order
/// (passage ordinal): tantivy orders them by segment and document number,
/// which depend on how the build's indexing threads shared the passages
/// out. With every passage of the score at the cut among the candidates
/// (see [`candidates`]), the same passages are kept whatever the
/// segments.
pub(crate) fn in_corpus_order_within_ties<'a>(
    top: Vec<(f32, DocAddress)>,
    passages: Vec<PassageRef<'a>>,
    depth: usize,
) -> (Vec<(f32, DocAddress)>, Vec<PassageRef<'a>>) {
    let mut pairs: Vec<_> = top.into_iter().zip(passages).collect();
    pairs.sort_by(|(a, pa), (b, pb)| b.0.total_cmp(&a.0).then(pa.ord.cmp(&pb.ord)));
    pairs.truncate(depth);
    pairs.into_iter().unzip()
}
