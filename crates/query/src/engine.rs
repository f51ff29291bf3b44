//! The search engine: an opened index answering queries with cited passages.

use std::path::{Path, PathBuf};
use std::time::Instant;

use fouille_ingest::table::{kind_name, passage_id, DocRef, PassageRef, PassageTable};
use fouille_ingest::{IndexDir, IngestError, Manifest, OpenIndex};
use tantivy::collector::{Count, TopDocs};
use tantivy::columnar::Column;
use tantivy::query::{
    BooleanQuery, BoostQuery, EnableScoring, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocSet, ReloadPolicy, Searcher, Term, TERMINATED};

use crate::dedup::{near_duplicates, Fingerprint};
use crate::error::QueryError;
use crate::explain::explain;
use crate::highlight::Highlighter;
use crate::hit::{Citation, Location, PassageContext, SearchHit, SearchResults};
use crate::parse::{ParsedQuery, Phrase};
use crate::plan::QueryPlan;
use crate::rerank::{RankSignals, Ranker};
use crate::statistics::{IndexStatistics, QueryStatistics};

/// Weight of a query word found in the section heading, relative to the
/// passage text. Headings say what a passage is about, but they are shared
/// by every passage under them.
pub(crate) const SECTION_BOOST: f32 = 0.3;
/// Weight of a query word found in a cross-reference to another section:
/// the passage points to where the subject is treated, it does not treat it.
pub(crate) const REFERENCE_BOOST: f32 = 0.1;
/// Weight of a query word found in the article title.
pub(crate) const TITLE_BOOST: f32 = 0.3;
/// Candidates re-ranked for each query: the best this many by BM25.
const RERANK_DEPTH: usize = 20;
/// Candidates fetched at most for one page (the deepest page a server
/// request may ask for is 10,000 + 100 hits).
const MAX_CANDIDATES: usize = 50_000;
/// Candidates fetched beyond the cut, to see whether equal scores straddle
/// it (see [`Engine::candidates`]).
const TIE_MARGIN: usize = 16;

/// How many hits to return, and from where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchOptions {
    /// Hits to return at most.
    pub limit: usize,
    /// Hits to skip first (for paging).
    pub offset: usize,
    /// Explain each hit's score (see [`crate::explain`]).
    pub explain: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
            explain: false,
        }
    }
}

/// An opened index, ready to answer queries. Cheap to share between threads
/// (`&Engine` is enough to search).
pub struct Engine {
    open: OpenIndex,
    /// The index directory, for messages.
    root: PathBuf,
    /// The searcher of the generation: a committed generation never
    /// changes, so one searcher serves every query.
    searcher: Searcher,
    /// For each segment of `searcher`, the `ord` column: passage ordinals
    /// in the passage table.
    ords: Vec<Column<u64>>,
    /// BM25 statistics of the searched fields, read once.
    stats: IndexStatistics,
    /// Where cited files are, as printed before their path in the corpus:
    /// the corpus directory relative to the working directory when it lies
    /// below it, absolute otherwise, with a trailing separator.
    corpus_shown: String,
}

impl Engine {
    /// Opens the current index of `dir`.
    pub fn open(dir: &IndexDir) -> Result<Engine, QueryError> {
        let open = dir.open()?;
        let corrupt = |e: tantivy::TantivyError| IngestError::CorruptIndex {
            path: dir.root().to_path_buf(),
            reason: e.to_string(),
            corpus: Some(open.manifest.corpus.clone()),
        };
        let reader = open
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(corrupt)?;
        let searcher = reader.searcher();
        let ords = searcher
            .segment_readers()
            .iter()
            .map(|segment| segment.fast_fields().u64("ord"))
            .collect::<tantivy::Result<Vec<_>>>()
            .map_err(corrupt)?;
        let schema = &open.schema;
        let stats = IndexStatistics::read(
            &searcher,
            &[schema.text, schema.section, schema.refs, schema.title],
        )
        .map_err(corrupt)?;
        let mut corpus_shown = shown_path(&open.manifest).display().to_string();
        if !corpus_shown.is_empty() && !corpus_shown.ends_with(std::path::MAIN_SEPARATOR) {
            corpus_shown.push(std::path::MAIN_SEPARATOR);
        }
        Ok(Engine {
            open,
            root: dir.root().to_path_buf(),
            searcher,
            ords,
            stats,
            corpus_shown,
        })
    }

    /// What the index was built from.
    pub fn manifest(&self) -> &Manifest {
        &self.open.manifest
    }

    /// The index generation this engine reads (see `fouille_ingest::index_dir`).
    pub fn generation(&self) -> &Path {
        &self.open.generation
    }

    /// The passage table of the generation.
    pub(crate) fn table(&self) -> &PassageTable {
        &self.open.table
    }

    /// Number of passages in the index.
    pub fn passage_count(&self) -> u64 {
        self.searcher.num_docs()
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
        let searcher = &self.searcher;
        let stats = QueryStatistics::new(searcher, &self.stats);
        let plan = QueryPlan::resolve(parsed, &stats, &self.open.schema, &self.open.vocabulary)?;
        let Some(query) = self.build_query(&plan, &stats)? else {
            return Ok(results);
        };
        if options.limit == 0 {
            results.total_hits =
                searcher.search_with_statistics_provider(&query, &Count, &stats)?;
            return Ok(results);
        }
        let wanted = options.offset.saturating_add(options.limit);
        let ranker = Ranker::new(&plan);
        // Candidates: twice the hits asked for (near duplicates fold into
        // the hit they repeat), more while folding leaves too few.
        let mut depth = wanted.saturating_mul(2).clamp(RERANK_DEPTH, MAX_CANDIDATES);
        let (top, passages, kept) = loop {
            let (top, count) = self.candidates(query.as_ref(), &stats, depth)?;
            results.total_hits = count;
            let passages = top
                .iter()
                .map(|&(_, address)| self.passage_at(address))
                .collect::<Result<Vec<_>, _>>()?;
            let (top, passages) = in_corpus_order_within_ties(top, passages, depth);
            let kept = self.rank_and_fold(&ranker, &top, &passages)?;
            if kept.len() >= wanted || top.len() >= count || depth >= MAX_CANDIDATES {
                break (top, passages, kept);
            }
            depth = depth.saturating_mul(2).min(MAX_CANDIDATES);
        };
        let highlighter = Highlighter::new(&plan);
        for (rank, (signals, i, also_at)) in kept
            .into_iter()
            .skip(options.offset)
            .take(options.limit)
            .enumerate()
        {
            let passage = &passages[i];
            let citation = self.citation(passage)?;
            let explanation = options
                .explain
                .then(|| explain(searcher, &self.open.schema, &plan, top[i].1, &signals));
            results.hits.push(SearchHit {
                rank: options.offset + rank + 1,
                score: signals.score,
                highlights: highlighter.passage(passage.tokens),
                section_highlights: passage
                    .section()
                    .map(|s| highlighter.section(s.tokens))
                    .unwrap_or_default(),
                citation,
                also_at,
                explain: explanation,
            });
        }
        Ok(results)
    }

    /// Orders candidates (in BM25 order) for display: the first
    /// [`RERANK_DEPTH`] re-ranked, the others after them in BM25 order, so
    /// that fetching more candidates never reorders the first ones and
    /// pages join up. Then near duplicates fold into the better ranked of
    /// them, showing the fuller text of the two, the other listed in
    /// `also_at`. Returns (signals, candidate, also at), best first.
    fn rank_and_fold(
        &self,
        ranker: &Ranker,
        top: &[(f32, DocAddress)],
        passages: &[PassageRef],
    ) -> Result<Vec<(RankSignals, usize, Vec<Location>)>, QueryError> {
        let mut order: Vec<(RankSignals, usize)> = top
            .iter()
            .zip(passages)
            .enumerate()
            .map(|(i, (&(bm25, _), p))| (ranker.signals(bm25, p.tokens, p.section()), i))
            .collect();
        let reranked = order.len().min(RERANK_DEPTH);
        order[..reranked].sort_by(|a, b| ranker.compare(&a.0, &b.0));
        let prints: Vec<Fingerprint> = passages.iter().map(|p| Fingerprint::of(p.tokens)).collect();
        let mut kept: Vec<(RankSignals, usize, Vec<Location>)> = Vec::new();
        for (signals, i) in order {
            let original = kept
                .iter()
                .position(|&(_, other, _)| near_duplicates(&prints[i], &prints[other]));
            match original {
                Some(k) if prints[i].len() > prints[kept[k].1].len() => {
                    let shorter = std::mem::replace(&mut kept[k].1, i);
                    kept[k].2.push(self.location(&passages[shorter]));
                }
                Some(k) => kept[k].2.push(self.location(&passages[i])),
                None => kept.push((signals, i, Vec::new())),
            }
        }
        Ok(kept)
    }

    /// The tantivy query for a plan: passages with any of the query words
    /// (or of their close spellings, with less weight) in their text or
    /// their section heading (the heading with less weight), with every
    /// phrase, and with none of the exclusions; a query word in the article
    /// title adds a little score but does not make a hit on its own. A word
    /// no passage holds in a field gets no clause for that field: it could
    /// neither match nor score. `None` when nothing can match.
    fn build_query(
        &self,
        plan: &QueryPlan,
        stats: &QueryStatistics,
    ) -> tantivy::Result<Option<Box<dyn Query>>> {
        if plan.is_void() {
            return Ok(None);
        }
        let schema = &self.open.schema;
        let term_query = |field: Field, word: &str, boost: f32| {
            let found = stats.doc_freq_of(field, word)? > 0;
            Ok::<_, tantivy::TantivyError>(found.then(|| -> (Occur, Box<dyn Query>) {
                let term = TermQuery::new(
                    Term::from_field_text(field, word),
                    IndexRecordOption::WithFreqs,
                );
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(term), boost)),
                )
            }))
        };
        let expansions: Vec<_> = plan.slots.iter().flat_map(|s| &s.expansions).collect();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if !expansions.is_empty() {
            let mut matching = Vec::new();
            for e in &expansions {
                for (field, boost) in [
                    (schema.text, 1.0),
                    (schema.section, SECTION_BOOST),
                    (schema.refs, REFERENCE_BOOST),
                ] {
                    matching.extend(term_query(field, &e.term, boost * e.weight)?);
                }
            }
            if matching.is_empty() {
                return Ok(None);
            }
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(matching))));
            for e in &expansions {
                clauses.extend(term_query(schema.title, &e.term, TITLE_BOOST * e.weight)?);
            }
        }
        for phrase in &plan.phrases {
            clauses.push((Occur::Must, phrase_query(schema.text, phrase)));
        }
        for phrase in &plan.boosted {
            clauses.push((Occur::Should, phrase_query(schema.text, phrase)));
        }
        // A passage whose heading names the excluded subject is about it too.
        // An exclusion that matches nothing is left out: it changes nothing,
        // and tantivy 0.27 trips over an exhausted phrase it must exclude.
        for excluded in &plan.excluded {
            for field in [schema.text, schema.section] {
                let query = phrase_query(field, excluded);
                if self.matches_anything(query.as_ref())? {
                    clauses.push((Occur::MustNot, query));
                }
            }
        }
        Ok(Some(Box::new(BooleanQuery::new(clauses))))
    }

    /// The `depth` best candidates by BM25 score, with the number of
    /// matching passages. When the cut falls among passages of equal score,
    /// all of them are returned, so that the caller can keep those first in
    /// corpus order: tantivy keeps the first in segment order.
    fn candidates(
        &self,
        query: &dyn Query,
        stats: &QueryStatistics,
        depth: usize,
    ) -> tantivy::Result<(Vec<(f32, DocAddress)>, usize)> {
        // A few more than asked for: equal scores at the cut are most often
        // a few copies of one text, and fetching them now saves a search.
        let mut limit = depth.saturating_add(TIE_MARGIN);
        loop {
            let (top, count) = self.searcher.search_with_statistics_provider(
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
    fn matches_anything(&self, query: &dyn Query) -> tantivy::Result<bool> {
        let weight = query.weight(EnableScoring::disabled_from_searcher(&self.searcher))?;
        for segment in self.searcher.segment_readers() {
            if weight.scorer(segment, 1.0)?.doc() != TERMINATED {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The passage `id` with up to `context` passages of its document on
    /// each side.
    pub fn passage(&self, id: &str, context: usize) -> Result<PassageContext, QueryError> {
        let table = &self.open.table;
        let Some(passage) = table.find(id) else {
            return Err(QueryError::UnknownPassage { id: id.to_string() });
        };
        let same_doc = |ord: u32| {
            table
                .passage(ord)
                .filter(|p| p.doc_index() == passage.doc_index())
        };
        let context = u32::try_from(context).unwrap_or(u32::MAX);
        let before = (passage.ord.saturating_sub(context)..passage.ord)
            .filter_map(same_doc)
            .map(|p| self.citation(&p))
            .collect::<Result<_, _>>()?;
        let after = (passage.ord.saturating_add(1)..=passage.ord.saturating_add(context))
            .map_while(same_doc)
            .map(|p| self.citation(&p))
            .collect::<Result<_, _>>()?;
        Ok(PassageContext {
            passage: self.citation(&passage)?,
            before,
            after,
        })
    }

    /// The passage table's entry for a tantivy document.
    fn passage_at(&self, address: DocAddress) -> Result<PassageRef<'_>, QueryError> {
        self.ords
            .get(address.segment_ord as usize)
            .and_then(|column| column.first(address.doc_id))
            .and_then(|ord| u32::try_from(ord).ok())
            .and_then(|ord| self.open.table.passage(ord))
            .ok_or_else(|| self.damaged(format!("no passage in the table for {address:?}")))
    }

    /// Where a passage is: id, file, line and byte offsets.
    fn location(&self, passage: &PassageRef) -> Location {
        self.location_in(passage, &passage.doc().unwrap_or_default())
    }

    /// [`Engine::location`] of a passage of `doc`.
    fn location_in(&self, passage: &PassageRef, doc: &DocRef) -> Location {
        let info = passage.info;
        Location {
            id: passage_id(doc.name, info.line, info.part),
            file: [self.corpus_shown.as_str(), doc.file].concat(),
            line: u64::from(info.line),
            start: info.start,
            end: info.end,
        }
    }

    /// The citation of a passage, with its text.
    fn citation(&self, passage: &PassageRef) -> Result<Citation, QueryError> {
        let doc = passage.doc().unwrap_or_default();
        let text = passage
            .text()
            .ok_or_else(|| self.damaged(format!("passage {} is not UTF-8", passage.ord)))?;
        let Location {
            id,
            file,
            line,
            start,
            end,
        } = self.location_in(passage, &doc);
        Ok(Citation {
            id,
            doc: doc.name.to_string(),
            title: doc.title.to_string(),
            section: passage
                .section()
                .map(|s| s.heading())
                .ok_or_else(|| self.damaged(format!("passage {} has no section", passage.ord)))?
                .ok_or_else(|| {
                    self.damaged(format!("passage {} heading is not UTF-8", passage.ord))
                })?
                .to_string(),
            file,
            line,
            start,
            end,
            kind: kind_name(passage.info.kind).to_string(),
            text: text.to_string(),
        })
    }

    /// The error for a damaged index.
    fn damaged(&self, reason: String) -> QueryError {
        QueryError::Index(IngestError::CorruptIndex {
            path: self.root.clone(),
            reason,
            corpus: Some(self.open.manifest.corpus.clone()),
        })
    }
}

/// The corpus directory as citations show it: relative to the working
/// directory when it lies below it (`corpus/…`), absolute otherwise, so that
/// the path works from where the user is.
fn shown_path(manifest: &Manifest) -> PathBuf {
    let absolute = manifest.corpus_dir();
    let cwd = std::env::current_dir()
        .ok()
        .and_then(|d| std::fs::canonicalize(d).ok());
    match cwd.and_then(|cwd| absolute.strip_prefix(&cwd).ok().map(Path::to_path_buf)) {
        Some(relative) => relative,
        None => absolute,
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

/// The first `depth` candidates, those of equal BM25 score in corpus order
/// (passage ordinal): tantivy orders them by segment and document number,
/// which depend on how the build's indexing threads shared the passages
/// out. With every passage of the score at the cut among the candidates
/// (see [`Engine::candidates`]), the same passages are kept whatever the
/// segments.
fn in_corpus_order_within_ties<'a>(
    top: Vec<(f32, DocAddress)>,
    passages: Vec<PassageRef<'a>>,
    depth: usize,
) -> (Vec<(f32, DocAddress)>, Vec<PassageRef<'a>>) {
    let mut pairs: Vec<_> = top.into_iter().zip(passages).collect();
    pairs.sort_by(|(a, pa), (b, pb)| b.0.total_cmp(&a.0).then(pa.ord.cmp(&pb.ord)));
    pairs.truncate(depth);
    pairs.into_iter().unzip()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use fouille_ingest::{build_index, BuildOptions};

    /// An engine over a small corpus written for the test.
    pub(crate) fn engine(files: &[(&str, &str)]) -> (tempfile::TempDir, Engine) {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).unwrap();
        for (name, text) in files {
            std::fs::write(corpus.join(name), text).unwrap();
        }
        let index_dir = IndexDir::new(dir.path().join("index"));
        build_index(&corpus, &index_dir, &BuildOptions::default(), |_| {}).unwrap();
        let engine = Engine::open(&index_dir).unwrap();
        (dir, engine)
    }

    const ARTICLE: &str = "Titre de l’article\n\
        L’interopérabilité des systèmes de santé est cruciale.\n\
        L’interopérabilité de nos systèmes progresse.\n\
        Une section\n\
        L’IA aide la pédiatrie et l’initiative locale.\n\
        Les radiologues utilisent l’imagerie médicale.\n";

    fn ids(results: &SearchResults) -> Vec<&str> {
        results
            .hits
            .iter()
            .map(|h| h.citation.id.as_str())
            .collect()
    }

    fn search(engine: &Engine, query: &str) -> SearchResults {
        engine.search(query, SearchOptions::default()).unwrap()
    }

    #[test]
    fn a_phrase_matches_exactly_what_it_says() {
        let (_dir, engine) = engine(&[("a.txt", ARTICLE)]);
        assert_eq!(
            ids(&search(&engine, "\"interopérabilité des systèmes\"")),
            ["a:2"]
        );
        assert_eq!(
            ids(&search(&engine, "\"interoperabilite de nos systemes\"")),
            ["a:3"]
        );
        let both = search(&engine, "interopérabilité systèmes");
        assert_eq!(both.total_hits, 2);
    }

    #[test]
    fn the_acronym_ia_matches_only_itself() {
        let (_dir, engine) = engine(&[("a.txt", ARTICLE)]);
        assert_eq!(ids(&search(&engine, "IA")), ["a:5"]);
        let hit = &search(&engine, "IA").hits[0];
        let marked: Vec<&str> = hit
            .highlights
            .iter()
            .map(|[s, e]| &hit.citation.text[*s..*e])
            .collect();
        assert_eq!(marked, ["IA"]);
    }

    #[test]
    fn a_section_heading_finds_the_passages_under_it_but_a_title_alone_does_not() {
        let (_dir, engine) = engine(&[("a.txt", ARTICLE)]);
        let hits = search(&engine, "section");
        assert_eq!(ids(&hits), ["a:5", "a:6"]);
        let marked = &hits.hits[0].section_highlights;
        assert_eq!(marked, &[[4, 11]]);
        assert!(hits.hits[0].highlights.is_empty());
        assert!(search(&engine, "titre").hits.is_empty());
    }

    #[test]
    fn searching_writes_nothing_into_the_index() {
        let (dir, engine) = engine(&[("a.txt", ARTICLE)]);
        let generation = engine.open.generation.clone();
        let listing = || {
            let mut names: Vec<_> = std::fs::read_dir(&generation)
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            names.sort();
            names
        };
        let before = listing();
        search(&engine, "santé");
        let again = Engine::open(&IndexDir::new(dir.path().join("index"))).unwrap();
        search(&again, "santé");
        assert_eq!(before, listing());
    }

    #[test]
    fn exclusions_remove_hits() {
        let (_dir, engine) = engine(&[("a.txt", ARTICLE)]);
        assert_eq!(ids(&search(&engine, "interopérabilité -santé")), ["a:3"]);
        assert!(search(&engine, "-santé").hits.is_empty());
    }

    #[test]
    fn citations_carry_title_section_and_offsets() {
        let (dir, engine) = engine(&[("a.txt", ARTICLE)]);
        let hit = &search(&engine, "radiologues").hits[0];
        let c = &hit.citation;
        assert_eq!((c.id.as_str(), c.doc.as_str(), c.line), ("a:6", "a", 6));
        assert_eq!(c.title, "Titre de l’article");
        assert_eq!(c.section, "Une section");
        let source = std::fs::read(dir.path().join("corpus/a.txt")).unwrap();
        assert_eq!(&source[c.start as usize..c.end as usize], c.text.as_bytes());
        assert!(c.file.ends_with("a.txt"));
    }

    #[test]
    fn limit_offset_and_counts() {
        let (_dir, engine) = engine(&[("a.txt", ARTICLE)]);
        let none = engine
            .search(
                "interopérabilité",
                SearchOptions {
                    limit: 0,
                    offset: 0,
                    explain: false,
                },
            )
            .unwrap();
        assert_eq!((none.total_hits, none.hits.len()), (2, 0));
        let second = engine
            .search(
                "interopérabilité",
                SearchOptions {
                    limit: 1,
                    offset: 1,
                    explain: false,
                },
            )
            .unwrap();
        assert_eq!(second.hits.len(), 1);
        assert_eq!(second.hits[0].rank, 2);
    }

    #[test]
    fn pages_join_up_and_are_full_despite_folded_duplicates() {
        // 30 passages about santé, every other one repeated word for word
        // further down: 45 matching passages, 30 distinct hits.
        let mut article = String::from("Titre\n");
        let line = |i: usize| {
            format!("La santé numérique progresse, étape numéro {i} du plan national.\n")
        };
        for i in 0..30 {
            article.push_str(&line(i));
        }
        for i in (0..30).step_by(2) {
            article.push_str(&line(i));
        }
        let (_dir, engine) = engine(&[("a.txt", &article)]);
        let page = |offset: usize, limit: usize| {
            let options = SearchOptions {
                limit,
                offset,
                explain: false,
            };
            engine.search("santé", options).unwrap()
        };
        let all = page(0, 100);
        assert_eq!(all.total_hits, 45);
        assert_eq!(all.hits.len(), 30);
        let folded: usize = all.hits.iter().map(|h| h.also_at.len()).sum();
        assert_eq!(folded, 15);
        let mut paged = Vec::new();
        for offset in (0..30).step_by(7) {
            let hits = page(offset, 7).hits;
            assert_eq!(hits.len(), 7.min(30 - offset), "offset {offset}");
            assert_eq!(hits[0].rank, offset + 1);
            paged.extend(hits.into_iter().map(|h| h.citation.id));
        }
        assert_eq!(paged, ids(&all));
        assert!(page(30, 7).hits.is_empty());
    }

    #[test]
    fn an_exclusion_that_matches_nothing_changes_nothing() {
        let (_dir, engine) = engine(&[("a.txt", ARTICLE)]);
        let plain = ids(&search(&engine, "interopérabilité")).join(" ");
        let excluding = search(
            &engine,
            "interopérabilité -interopérabilité'interopérabilité",
        );
        assert_eq!(ids(&excluding).join(" "), plain);
    }

    #[test]
    fn any_limit_and_offset_are_answered() {
        let (_dir, engine) = engine(&[("a.txt", ARTICLE)]);
        let all = search(&engine, "interopérabilité").total_hits;
        for (limit, offset) in [
            (usize::MAX, 0),
            (usize::MAX, usize::MAX),
            (1, usize::MAX),
            (0, usize::MAX),
            (1 << 40, 1 << 40),
        ] {
            let options = SearchOptions {
                limit,
                offset,
                explain: false,
            };
            let results = engine.search("interopérabilité", options).unwrap();
            assert_eq!(results.total_hits, all);
            let expected = if offset == 0 { all.min(limit) } else { 0 };
            assert_eq!(
                results.hits.len(),
                expected,
                "limit {limit} offset {offset}"
            );
        }
    }

    #[test]
    fn nothing_found_is_not_an_error() {
        let (_dir, engine) = engine(&[("a.txt", ARTICLE)]);
        for query in ["cryptomonnaie bitcoin", "?!", "\"", "-"] {
            let results = search(&engine, query);
            assert!(results.hits.is_empty(), "{query}");
            assert_eq!(results.total_hits, 0);
        }
    }

    #[test]
    fn a_passage_with_its_context() {
        let (_dir, engine) = engine(&[("a.txt", ARTICLE), ("b.txt", "Autre\nTexte de b.\n")]);
        let context = engine.passage("a:3", 1).unwrap();
        assert_eq!(context.passage.id, "a:3");
        let before: Vec<&str> = context.before.iter().map(|c| c.id.as_str()).collect();
        let after: Vec<&str> = context.after.iter().map(|c| c.id.as_str()).collect();
        assert_eq!((before, after), (vec!["a:2"], vec!["a:5"]));
        let edge = engine.passage("a:6", 5).unwrap();
        assert_eq!(edge.before.len(), 3);
        assert!(edge.after.is_empty());
        assert!(matches!(
            engine.passage("a:99", 1),
            Err(QueryError::UnknownPassage { .. })
        ));
    }
}
