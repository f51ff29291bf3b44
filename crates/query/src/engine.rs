//! The search engine: an opened index answering queries with cited
//! passages.
//!
//! A query goes: parsing ([`crate::parse`]), resolving its words against
//! the index ([`crate::plan`]), retrieving candidates by BM25
//! ([`crate::retrieval`]), ranking them and folding near duplicates
//! ([`crate::ranking`]), then highlights ([`crate::highlight`]) and
//! citations ([`crate::citation`]) for the page asked for.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use fouille_ingest::{MetadataFile, METADATA_FILE};

use fouille_ingest::{
    Damage, IndexDir, IngestError, Manifest, OpenIndex, PassageRef, PassageTable,
};
use tantivy::collector::Count;
use tantivy::columnar::Column;
use tantivy::{DocAddress, ReloadPolicy, Searcher};

use crate::citation::Citer;
use crate::error::QueryError;
use crate::fields::DocFields;
use crate::highlight::Highlighter;
use crate::hit::{Citation, Note, SearchHit, SearchResults};
use crate::names::Names;
use crate::parse::ParsedQuery;
use crate::passage_filter::PassagesKept;
use crate::plan::QueryPlan;
use crate::ranking::explain::explain;
use crate::ranking::rerank::Ranker;
use crate::ranking::{rank_and_fold, rerank_window, RankedHit};
use crate::retrieval::{
    candidates, furniture_query, in_corpus_order_within_ties, query_clauses, query_of,
    FurnitureHits,
};
use crate::scope::{check_facets, facets, parse_filter, ByDocument, Kept, Scope, Sort};
use crate::statistics::{IndexStatistics, QueryStatistics};
use crate::synonyms::{SynonymSource, Synonyms, TextSynonym, SYNONYMS_FILE};
use crate::weights::{CANDIDATES_PER_HIT, MAX_CANDIDATES, MAX_PREFIX_TERMS, SEARCHED_FIELDS};

/// How many hits to return, and from where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchOptions {
    /// Hits to return at most.
    pub limit: usize,
    /// Hits to skip first (for paging).
    pub offset: usize,
    /// Explain each hit's score (see `crate::ranking::explain`).
    pub explain: bool,
    /// Search page furniture too (navigation, newsletter boxes, credits,
    /// button labels): indexed and marked, it is left out of results
    /// unless asked for.
    pub include_furniture: bool,
    /// Match every word and phrase as typed, as if each were written
    /// `=word` (see `crate::exact`): no other inflection, no close
    /// spelling, no synonym.
    pub exact: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
            explain: false,
            include_furniture: false,
            exact: false,
        }
    }
}

/// The files of a generation checked against their checksums on opening.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checked {
    /// Files checked.
    pub files: usize,
    /// Their bytes, all together.
    pub bytes: u64,
}

/// An opened index, ready to answer queries. Cheap to share between threads
/// (`&Engine` is enough to search).
pub struct Engine {
    open: OpenIndex,
    /// The searcher of the generation: a committed generation never
    /// changes, so one searcher serves every query.
    searcher: Searcher,
    /// For each segment of `searcher`, the `ord` column: passage ordinals
    /// in the passage table.
    ords: Vec<Column<u64>>,
    /// BM25 statistics of the searched fields, read once.
    stats: IndexStatistics,
    citer: Citer,
    /// The acronyms the corpus defines, and the groups of the synonyms
    /// file at its root or given ([`Engine::with_synonyms`]).
    synonyms: Synonyms,
    /// The names of several words the corpus writes.
    names: Names,
    /// Documents' fields, for filters, facets and sorts.
    fields: Arc<DocFields>,
    /// The first passage of each document (see [`ByDocument`]), made the
    /// first time facets are counted.
    doc_starts: OnceLock<Arc<Vec<u32>>>,
    /// The last filter read and the passages it keeps: pages of one
    /// search, and a server's repeated filters, test each document once.
    last_filter: Mutex<Option<(String, Arc<Kept>)>>,
    /// The words of each passage, counted the first time a distribution
    /// needs them.
    passage_words: OnceLock<Arc<Vec<u32>>>,
}

impl Engine {
    /// Opens the current index of `dir`.
    pub fn open(dir: &IndexDir) -> Result<Engine, QueryError> {
        let open = dir.open()?;
        let corrupt = |e: tantivy::TantivyError| IngestError::CorruptIndex {
            path: dir.root().to_path_buf(),
            reason: Damage::Engine(e),
            corpus: Some(open.manifest.corpus.clone()),
        };
        let reader = open
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(corrupt)?;
        let searcher = reader.searcher();
        let schema = &open.schema;
        let ords = searcher
            .segment_readers()
            .iter()
            .map(|segment| schema.ord_column(segment))
            .collect::<tantivy::Result<Vec<_>>>()
            .map_err(corrupt)?;
        let fields = SEARCHED_FIELDS.map(|f| f.field(schema));
        let stats = IndexStatistics::read(&searcher, &fields).map_err(corrupt)?;
        let metadata_file = open.manifest.corpus_dir().join(METADATA_FILE);
        let overlay = if metadata_file.is_file() {
            Some(MetadataFile::read(&metadata_file)?)
        } else {
            None
        };
        let fields = Arc::new(DocFields::new(&open.table, overlay.as_ref()));
        let citer = Citer::new(dir.root(), &open.manifest, fields.clone());
        let mut synonyms = Synonyms::from_definitions(&open.manifest.definitions);
        let beside = open.manifest.corpus_dir().join(SYNONYMS_FILE);
        if beside.is_file() {
            synonyms.extend(Synonyms::read(&beside)?);
        }
        let names = Names::new(&open.manifest.names);
        Ok(Engine {
            open,
            searcher,
            ords,
            stats,
            citer,
            synonyms,
            names,
            fields,
            doc_starts: OnceLock::new(),
            last_filter: Mutex::new(None),
            passage_words: OnceLock::new(),
        })
    }

    /// Adds the groups of a synonyms file (`--synonyms FILE`) to those
    /// of the corpus.
    pub fn with_synonyms(mut self, synonyms: Synonyms) -> Self {
        self.synonyms.extend(synonyms);
        self
    }

    /// Every synonym the engine knows: the acronyms its corpus defines and
    /// the groups of its synonyms files.
    pub fn synonyms(&self) -> &Synonyms {
        &self.synonyms
    }

    /// The names of several words (`GNU/Linux`, `CD-ROM`) and the derived
    /// words (`régler` for `réglage`) `text`, read as a query, is searched
    /// with: for each, the query words it stands for, as `fouille analyze`
    /// and `/analyze` list them.
    pub fn names_in(&self, text: &str) -> Result<Vec<TextSynonym>, QueryError> {
        let parsed = ParsedQuery::parse(text)?;
        let stats = QueryStatistics::new(&self.searcher, &self.stats);
        let plan = QueryPlan::resolve(
            &parsed,
            &stats,
            &self.open.schema,
            &self.open.vocabulary,
            &Synonyms::default(),
            &self.names,
        )?;
        let mut found: Vec<TextSynonym> = Vec::new();
        for slot in &plan.slots {
            for a in &slot.alternatives {
                if !matches!(
                    a.source,
                    SynonymSource::Name { .. } | SynonymSource::Derived
                ) {
                    continue;
                }
                match found.iter_mut().find(|f| f.terms == a.terms) {
                    Some(f) => f.words.push(slot.word.clone()),
                    None => found.push(TextSynonym {
                        words: vec![slot.word.clone()],
                        synonym: a.text.clone(),
                        terms: a.terms.clone(),
                        source: a.source.clone(),
                    }),
                }
            }
        }
        Ok(found)
    }

    /// What was checked against the build's checksums when the index was
    /// opened.
    pub fn checked(&self) -> Checked {
        Checked {
            files: self.open.checked_files,
            bytes: self.open.checked_bytes,
        }
    }

    /// Makes citations name files by their path inside the corpus
    /// (`notes/a.md`), not with the corpus directory before it: for a
    /// server whose clients should not learn the paths of its disk.
    pub fn cite_from_corpus_root(mut self) -> Self {
        self.citer.cite_from_corpus_root();
        self
    }

    /// What the index was built from.
    pub fn manifest(&self) -> &Manifest {
        &self.open.manifest
    }

    /// The index generation this engine reads.
    pub fn generation(&self) -> &Path {
        &self.open.generation
    }

    /// The passage table of the generation.
    pub(crate) fn table(&self) -> &PassageTable {
        &self.open.table
    }

    /// The citations of the generation's passages.
    pub(crate) fn citer(&self) -> &Citer {
        &self.citer
    }

    /// Number of passages in the index.
    pub fn passage_count(&self) -> u64 {
        self.searcher.num_docs()
    }

    /// The path of the corpus file `file` (its path in the corpus, as
    /// citations served from the corpus root give it), when it is a
    /// document of this index; `None` for any other path, so that only the
    /// documents searched can be read through it, never another file of
    /// the disk (`..`, a link, a file left aside).
    pub fn source_file(&self, file: &str) -> Option<PathBuf> {
        let table = &self.open.table;
        let known = (0..table.doc_count() as u32)
            .filter_map(|i| table.doc(i))
            .any(|doc| doc.file == file);
        let safe = !file.is_empty()
            && std::path::Path::new(file)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
        (known && safe).then(|| self.open.manifest.corpus.join(file))
    }

    /// Runs a query typed by a user.
    pub fn search(&self, query: &str, options: SearchOptions) -> Result<SearchResults, QueryError> {
        self.search_in(query, options, &Scope::default())
    }

    /// Documents' fields, as filters, facets and sorts see them.
    pub fn fields(&self) -> &DocFields {
        &self.fields
    }

    /// Runs a query typed by a user over the passages `scope` keeps, in
    /// the order it asks, with its facets.
    pub fn search_in(
        &self,
        query: &str,
        options: SearchOptions,
        scope: &Scope,
    ) -> Result<SearchResults, QueryError> {
        let started = Instant::now();
        let parsed = parse(query, options)?;
        let narrowed = self.narrowed(scope)?;
        let mut results = self.search_parsed(&parsed, options, &narrowed)?;
        results.notes.extend(nothing_to_search(&parsed));
        for prefix in &parsed.short_prefixes {
            results.notes.push(Note::PrefixTooShort {
                prefix: prefix.clone(),
                letters: crate::parse::MIN_PREFIX_LETTERS,
            });
        }
        let furniture_holds_it = results
            .notes
            .iter()
            .any(|n| matches!(n, Note::FurnitureLeftOut { .. }));
        // With exclusions, the requirements may be found and excluded.
        let excludes = !parsed.excluded.is_empty() || !parsed.excluded_prefixes.is_empty();
        if results.total_hits == 0 && !parsed.phrases.is_empty() && !furniture_holds_it && !excludes
        {
            results.notes.push(if parsed.required_words > 0 {
                Note::RequiredNotFound
            } else {
                Note::PhraseNotFound
            });
        }
        results.query = query.to_string();
        results.parsed = parsed;
        results.took_us = started.elapsed().as_micros() as u64;
        Ok(results)
    }

    /// A scope read: its filter applied to the corpus, its sort and facets
    /// checked against the documents' fields.
    fn narrowed(&self, scope: &Scope) -> Result<Narrowed, QueryError> {
        let kept = match &scope.filter {
            Some(text) => Some(self.kept_by(text)?),
            None => None,
        };
        let sort = match &scope.sort {
            Some(text) => Some(Sort::parse(text, &self.fields)?),
            None => None,
        };
        let facets: Vec<String> = scope.facets.iter().map(|f| f.to_lowercase()).collect();
        check_facets(&facets, &self.fields)?;
        Ok(Narrowed { kept, sort, facets })
    }

    /// Runs an already parsed query. `query` and `took_us` of the result are
    /// left for the caller to fill.
    fn search_parsed(
        &self,
        parsed: &ParsedQuery,
        options: SearchOptions,
        narrowed: &Narrowed,
    ) -> Result<SearchResults, QueryError> {
        let mut results = SearchResults {
            query: String::new(),
            parsed: ParsedQuery::default(),
            total_hits: 0,
            took_us: 0,
            hits: Vec::new(),
            notes: Vec::new(),
            facets: None,
        };
        let searcher = &self.searcher;
        let schema = &self.open.schema;
        let stats = QueryStatistics::new(searcher, &self.stats);
        let (plan, query) = self.matching(
            parsed,
            options.include_furniture,
            narrowed.kept.as_ref(),
            &stats,
            &mut results.notes,
        )?;
        if !narrowed.facets.is_empty() {
            let by_doc = match &query {
                Some(query) => searcher.search_with_statistics_provider(
                    query.as_ref(),
                    &ByDocument {
                        starts: self.doc_starts(),
                    },
                    &stats,
                )?,
                None => Vec::new(),
            };
            results.facets = Some(facets(&narrowed.facets, &by_doc, &self.fields));
        }
        let Some(query) = query else {
            return Ok(results);
        };
        if let Some(sort) = &narrowed.sort {
            return self.sorted(results, &plan, query.as_ref(), sort, options, &stats);
        }
        if options.limit == 0 {
            results.total_hits =
                searcher.search_with_statistics_provider(&query, &Count, &stats)?;
            return Ok(results);
        }
        let wanted = options.offset.saturating_add(options.limit);
        let ranker = Ranker::new(&plan);
        // Candidates: CANDIDATES_PER_HIT for each hit asked for, twice as
        // many each time folding leaves too few.
        let mut depth = wanted
            .saturating_mul(CANDIDATES_PER_HIT)
            .clamp(crate::weights::rerank_depth(), MAX_CANDIDATES);
        let (top, passages, kept) = loop {
            let (top, count) = candidates(searcher, query.as_ref(), &stats, depth)?;
            results.total_hits = count;
            let passages = top
                .iter()
                .map(|&(_, address)| self.passage_at(address))
                .collect::<Result<Vec<_>, _>>()?;
            let (top, passages) = in_corpus_order_within_ties(top, passages, depth);
            let kept = rank_and_fold(&ranker, &top, &passages, wanted, |p| self.citer.location(p));
            // Headings that lead by BM25 must not leave the re-ranking
            // window short of passages.
            let window_full = rerank_window(&passages).is_some();
            if (kept.len() >= wanted && window_full)
                || top.len() >= count
                || depth >= MAX_CANDIDATES
            {
                break (top, passages, kept);
            }
            depth = depth.saturating_mul(2).min(MAX_CANDIDATES);
        };
        let highlighter = Highlighter::new(&plan);
        for (
            rank,
            RankedHit {
                signals,
                candidate: i,
                also_at,
            },
        ) in kept
            .into_iter()
            .skip(options.offset)
            .take(options.limit)
            .enumerate()
        {
            let passage = &passages[i];
            let citation = self.citer.citation(passage)?;
            let title_highlights = highlighter.title(&citation.title);
            let explanation = options
                .explain
                .then(|| explain(searcher, schema, &plan, top[i].1, &signals));
            results.hits.push(SearchHit {
                rank: options.offset + rank + 1,
                score: signals.score,
                highlights: highlighter.passage(passage.tokens, passage.text().unwrap_or_default()),
                section_highlights: passage
                    .section()
                    .map(|s| highlighter.section(s.tokens))
                    .unwrap_or_default(),
                title_highlights,
                citation,
                also_at,
                explain: explanation,
            });
        }
        Ok(results)
    }

    /// The plan of `parsed` and the query of the passages it matches
    /// (`None` when nothing can match), page furniture left out unless
    /// `include_furniture`; what the search leaves out or cuts is said in
    /// `notes`.
    fn matching(
        &self,
        parsed: &ParsedQuery,
        include_furniture: bool,
        kept: Option<&Arc<Kept>>,
        stats: &QueryStatistics,
        notes: &mut Vec<Note>,
    ) -> Result<(QueryPlan, Option<Box<dyn tantivy::query::Query>>), QueryError> {
        let searcher = &self.searcher;
        let schema = &self.open.schema;
        let plan = QueryPlan::resolve(
            parsed,
            stats,
            schema,
            &self.open.vocabulary,
            &self.synonyms,
            &self.names,
        )?;
        notes.extend(plan.cut_prefixes.iter().map(|prefix| Note::PrefixCut {
            prefix: prefix.clone(),
            searched: MAX_PREFIX_TERMS,
        }));
        let Some(clauses) = query_clauses(searcher, schema, &self.open.table, &plan, stats)? else {
            return Ok((plan, None));
        };
        let furniture = if include_furniture {
            None
        } else {
            furniture_query(schema, stats)?
        };
        // Only the passages a filter keeps, when there is one.
        let kept_of = |query: Box<dyn tantivy::query::Query>| -> Box<dyn tantivy::query::Query> {
            match kept {
                Some(kept) => Box::new(PassagesKept::new(query, kept.clone())),
                None => query,
            }
        };
        let query = match &furniture {
            None => kept_of(query_of(&clauses, FurnitureHits::Searched)),
            Some(marked) => {
                // The furniture left out that matches: a conjunction led by
                // its few passages, cheap.
                let only = kept_of(query_of(&clauses, FurnitureHits::Only(marked.as_ref())));
                let passages = searcher.search_with_statistics_provider(&only, &Count, stats)?;
                if passages > 0 {
                    notes.push(Note::FurnitureLeftOut { passages });
                }
                kept_of(query_of(&clauses, FurnitureHits::LeftOut(marked.as_ref())))
            }
        };
        Ok((plan, Some(query)))
    }

    /// Every passage that matches `query` as a search of it with `options`
    /// does (its `limit`, `offset` and `explain` aside), in corpus order:
    /// document after document, each in reading order. No cap, no
    /// ranking: what `fouille search --all` exports. The citations are
    /// made as the iterator goes, so that millions of matches cost the
    /// memory of their ordinals only.
    pub fn matches(&self, query: &str, options: SearchOptions) -> Result<Matches<'_>, QueryError> {
        self.matches_in(query, options, &Scope::default())
    }

    /// [`Engine::matches`] over the passages `scope` keeps, in the order
    /// of its sort if it has one (its facets aside).
    pub fn matches_in(
        &self,
        query: &str,
        options: SearchOptions,
        scope: &Scope,
    ) -> Result<Matches<'_>, QueryError> {
        let (_, ords, notes) = self.matching_ords(query, options, scope)?;
        Ok(Matches {
            engine: self,
            ords: ords.into_iter(),
            notes,
        })
    }

    /// The plan of `query`, the ordinals of every passage it matches
    /// within `scope` (in corpus order, or its sort's), and the notes.
    pub(crate) fn matching_ords(
        &self,
        query: &str,
        options: SearchOptions,
        scope: &Scope,
    ) -> Result<(QueryPlan, Vec<u32>, Vec<Note>), QueryError> {
        let parsed = parse(query, options)?;
        let narrowed = self.narrowed(scope)?;
        let stats = QueryStatistics::new(&self.searcher, &self.stats);
        let mut notes: Vec<Note> = nothing_to_search(&parsed).into_iter().collect();
        let (plan, query) = self.matching(
            &parsed,
            options.include_furniture,
            narrowed.kept.as_ref(),
            &stats,
            &mut notes,
        )?;
        let mut ords = Vec::new();
        if let Some(query) = query {
            let found = self.searcher.search_with_statistics_provider(
                query.as_ref(),
                &tantivy::collector::DocSetCollector,
                &stats,
            )?;
            ords.reserve(found.len());
            for address in found {
                ords.push(self.passage_at(address)?.ord);
            }
        }
        ords.sort_unstable();
        // Occurrences are of the query's own words: a derived word (that
        // only ranks) is no occurrence of it.
        let mut plan = plan;
        for slot in &mut plan.slots {
            slot.alternatives.retain(|a| !a.source.is_derived());
        }
        if let Some(sort) = &narrowed.sort {
            let mut by_doc: Vec<(u32, u32)> =
                ords.iter().map(|&ord| (ord, self.doc_of(ord))).collect();
            sort.order(&mut by_doc, &self.fields);
            ords = by_doc.into_iter().map(|(ord, _)| ord).collect();
        }
        Ok((plan, ords, notes))
    }

    /// The passages the filter `text` keeps.
    fn kept_by(&self, text: &str) -> Result<Arc<Kept>, QueryError> {
        let last = |cache: &Option<(String, Arc<Kept>)>| {
            cache
                .as_ref()
                .filter(|(filter, _)| filter == text)
                .map(|(_, kept)| kept.clone())
        };
        // A poisoned lock only lost the cache: it is remade.
        let cache = || self.last_filter.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(kept) = last(&cache()) {
            return Ok(kept);
        }
        let filter = parse_filter(text, &self.fields)?;
        let kept = Arc::new(Kept::new(
            &filter,
            &self.open.table,
            &self.doc_starts(),
            &self.fields,
        ));
        *cache() = Some((text.to_string(), kept.clone()));
        Ok(kept)
    }

    /// The words of each passage (its analyzer's tokens), by ordinal.
    pub(crate) fn passage_words(&self) -> Arc<Vec<u32>> {
        self.passage_words
            .get_or_init(|| {
                let table = &self.open.table;
                Arc::new(
                    (0..table.len() as u32)
                        .map(|ord| table.passage(ord).map_or(0, |p| p.tokens.len() as u32))
                        .collect(),
                )
            })
            .clone()
    }

    /// Every passage of the corpus a study of it counts: those `scope`'s
    /// filter keeps, page furniture aside unless `include_furniture`, in
    /// corpus order (the words `stats` and `cooc` count).
    pub(crate) fn studied_passages(
        &self,
        scope: &Scope,
        include_furniture: bool,
    ) -> Result<impl Iterator<Item = PassageRef<'_>>, QueryError> {
        let kept = match &scope.filter {
            Some(text) => Some(self.kept_by(text)?),
            None => None,
        };
        let table = &self.open.table;
        Ok((0..table.len() as u32)
            .filter(move |&ord| kept.as_ref().is_none_or(|k| k.keeps(u64::from(ord))))
            .filter_map(|ord| table.passage(ord))
            .filter(move |p| include_furniture || p.info.furniture.is_none()))
    }

    /// The first passage of document `doc`.
    pub(crate) fn doc_start(&self, doc: u32) -> u32 {
        self.doc_starts().get(doc as usize).copied().unwrap_or(0)
    }

    /// The first passage of each document, then the count of passages.
    fn doc_starts(&self) -> Arc<Vec<u32>> {
        self.doc_starts
            .get_or_init(|| Arc::new(ByDocument::starts(&self.open.table)))
            .clone()
    }

    /// The document of the passage of ordinal `ord`.
    fn doc_of(&self, ord: u32) -> u32 {
        let starts = self.doc_starts();
        starts
            .partition_point(|&start| start <= ord)
            .saturating_sub(1) as u32
    }

    /// Every passage `query` matches, ordered by `sort`, as hits of the
    /// page `options` asks for: relevance is not computed (each hit's
    /// score is 0).
    fn sorted(
        &self,
        mut results: SearchResults,
        plan: &QueryPlan,
        query: &dyn tantivy::query::Query,
        sort: &Sort,
        options: SearchOptions,
        stats: &QueryStatistics,
    ) -> Result<SearchResults, QueryError> {
        let found = self.searcher.search_with_statistics_provider(
            query,
            &tantivy::collector::DocSetCollector,
            stats,
        )?;
        let mut passages = Vec::with_capacity(found.len());
        for address in found {
            let ord = self.passage_at(address)?.ord;
            passages.push((ord, self.doc_of(ord)));
        }
        results.total_hits = passages.len();
        sort.order(&mut passages, &self.fields);
        let highlighter = Highlighter::new(plan);
        for (rank, &(ord, _)) in passages
            .iter()
            .skip(options.offset)
            .take(options.limit)
            .enumerate()
        {
            let passage = self
                .open
                .table
                .passage(ord)
                .ok_or_else(|| self.citer.damaged(format!("no passage {ord} in the table")))?;
            let citation = self.citer.citation(&passage)?;
            results.hits.push(SearchHit {
                rank: options.offset + rank + 1,
                score: 0.0,
                highlights: highlighter.passage(passage.tokens, passage.text().unwrap_or_default()),
                section_highlights: passage
                    .section()
                    .map(|s| highlighter.section(s.tokens))
                    .unwrap_or_default(),
                title_highlights: highlighter.title(&citation.title),
                citation,
                also_at: Vec::new(),
                explain: None,
            });
        }
        Ok(results)
    }

    /// The passage table's entry for a tantivy document.
    fn passage_at(&self, address: DocAddress) -> Result<PassageRef<'_>, QueryError> {
        self.ords
            .get(address.segment_ord as usize)
            .and_then(|column| column.first(address.doc_id))
            .and_then(|ord| u32::try_from(ord).ok())
            .and_then(|ord| self.open.table.passage(ord))
            .ok_or_else(|| {
                self.citer
                    .damaged(format!("no passage in the table for {address:?}"))
            })
    }
}

/// A [`Scope`] read against an index.
struct Narrowed {
    /// The passages its filter keeps (`None`: every passage).
    kept: Option<Arc<Kept>>,
    sort: Option<Sort>,
    facets: Vec<String>,
}

/// `query` parsed as `options` ask: every word as typed with `exact`.
fn parse(query: &str, options: SearchOptions) -> Result<ParsedQuery, QueryError> {
    Ok(if options.exact {
        ParsedQuery::parse_exact(query)?
    } else {
        ParsedQuery::parse(query)?
    })
}

/// The note for a query with nothing to search for, if `parsed` is one.
fn nothing_to_search(parsed: &ParsedQuery) -> Option<Note> {
    parsed.is_void().then_some(Note::NothingToSearch {
        only_excludes: !parsed.excluded.is_empty() || !parsed.excluded_prefixes.is_empty(),
    })
}

/// The passages that match a query, in corpus order, cited one by one
/// (see [`Engine::matches`]).
pub struct Matches<'a> {
    engine: &'a Engine,
    ords: std::vec::IntoIter<u32>,
    notes: Vec<Note>,
}

impl Matches<'_> {
    /// What the search left out or cut (page furniture that matches, a
    /// word beginning that stands for too many words).
    pub fn notes(&self) -> &[Note] {
        &self.notes
    }
}

impl Iterator for Matches<'_> {
    type Item = Result<Citation, QueryError>;

    fn next(&mut self) -> Option<Self::Item> {
        let ord = self.ords.next()?;
        let engine = self.engine;
        Some(
            engine
                .open
                .table
                .passage(ord)
                .ok_or_else(|| {
                    engine
                        .citer
                        .damaged(format!("no passage {ord} in the table"))
                })
                .and_then(|passage| engine.citer.citation(&passage)),
        )
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.ords.size_hint()
    }
}

impl ExactSizeIterator for Matches<'_> {}

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
            let path = corpus.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let index_dir = IndexDir::new(dir.path().join("index"));
        build_index(&corpus, &index_dir, &BuildOptions::default(), |_| {}).unwrap();
        let engine = Engine::open(&index_dir).unwrap();
        (dir, engine)
    }

    pub(crate) const ARTICLE: &str = "Titre de l’article\n\
        L’interopérabilité des systèmes de santé est cruciale.\n\
        L’interopérabilité de nos systèmes progresse.\n\
        Une section\n\
        L’IA aide la pédiatrie et l’initiative locale.\n\
        Les radiologues utilisent l’imagerie médicale.\n";

    /// The ids of the hits, in order.
    pub(crate) fn ids(results: &SearchResults) -> Vec<&str> {
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
    fn the_first_hits_do_not_depend_on_how_many_are_asked_for_when_headings_lead() {
        // Forty short headings that hold the query's words lead by BM25;
        // the paragraph that answers is further down in BM25 order. Asked
        // for 5 hits or for 50, the first five are the same.
        let mut files: Vec<(String, String)> = (0..40)
            .map(|i| {
                (
                    format!("h{i:02}.txt"),
                    format!(
                        "Notes {i}\n\nTri des dossiers\n\nUn texte sans rapport numéro {i}, \
                         sur un tout autre sujet que celui du titre.\n"
                    ),
                )
            })
            .collect();
        files.push((
            "reponse.txt".into(),
            "Aide\n\nPar défaut la liste des dossiers de courriels est triée par nom, \
             et le tri des dossiers se change dans le menu Affichage, qui propose \
             aussi un tri par date de création des dossiers.\n"
                .into(),
        ));
        let borrowed: Vec<(&str, &str)> = files
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        let (_dir, engine) = engine(&borrowed);
        let first = |limit: usize| -> Vec<String> {
            let options = SearchOptions {
                limit,
                ..SearchOptions::default()
            };
            let results = engine.search("tri des dossiers", options).unwrap();
            results
                .hits
                .iter()
                .take(5)
                .map(|h| h.citation.id.clone())
                .collect()
        };
        assert_eq!(first(5), first(50));
        assert!(
            first(5).contains(&"reponse:3".to_string()),
            "{:?}",
            first(5)
        );
    }

    #[test]
    fn a_fragment_that_holds_the_words_ranks_below_the_sentence_that_answers() {
        // A caption of two words held the query as well as the paragraph
        // and, shorter, outranked it by BM25.
        let (_dir, engine) = engine(&[(
            "a.txt",
            "Le plan régional\n\
             Santé numérique.\n\
             La santé numérique progresse dans les hôpitaux de la région, grâce aux \
             investissements publics consacrés aux dossiers partagés et à la \
             messagerie sécurisée des soignants.\n",
        )]);
        let hits = search(&engine, "santé numérique");
        assert_eq!(ids(&hits)[..2], ["a:3", "a:2"]);
        let options = SearchOptions {
            explain: true,
            ..SearchOptions::default()
        };
        let explained = engine.search("santé numérique", options).unwrap();
        let fragment = explained.hits[1].explain.as_ref().unwrap();
        assert!(fragment.length_factor < 0.6, "{fragment:?}");
        assert_eq!(
            explained.hits[0].explain.as_ref().unwrap().length_factor,
            1.0
        );
    }

    #[test]
    fn code_ranks_below_prose_unless_the_query_asks_for_code() {
        let note = "# Installer le paquet\n\n\
            ```\napt-get install paquet-sante paquet-sante-doc\n```\n\n\
            Le paquet se trouve dans les dépôts de la distribution.\n";
        let (_dir, engine) = engine(&[("a.md", note)]);
        let kinds = |query: &str| -> Vec<String> {
            search(&engine, query)
                .hits
                .iter()
                .map(|h| h.citation.kind.clone())
                .collect()
        };
        // The title (a heading) too, below the prose; the command, short,
        // below both.
        assert_eq!(kinds("paquet"), ["paragraph", "heading", "code"]);
        assert_eq!(kinds("commande paquet"), ["code", "paragraph", "heading"]);
        let parsed = ParsedQuery::parse("la commande paquet").unwrap();
        assert!(parsed.code);
        assert!(!ParsedQuery::parse("le paquet").unwrap().code);
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
    fn a_phrase_beside_or_is_one_of_the_alternatives_not_a_requirement() {
        let (_dir, engine) = engine(&[("a.txt", ARTICLE)]);
        let word = search(&engine, "interopérabilité");
        let word = ids(&word);
        assert!(!word.is_empty());
        // A phrase found nowhere takes nothing away from the word.
        for query in [
            "interopérabilité OR \"xyzzy plugh\"",
            "\"xyzzy plugh\" OR interopérabilité",
        ] {
            let found = search(&engine, query);
            let mut found = ids(&found);
            found.sort();
            let mut expected = word.clone();
            expected.sort();
            assert_eq!(found, expected, "{query}");
        }
        // Two phrases: passages with either, and only those; the words
        // of a phrase do not match on their own.
        let either = search(
            &engine,
            "\"interopérabilité des systèmes\" OR \"interoperabilite de nos systemes\"",
        );
        let mut found = ids(&either);
        found.sort();
        assert_eq!(found, ["a:2", "a:3"]);
        assert_eq!(
            ids(&search(
                &engine,
                "\"pédiatrie xyzzy\" OR \"imagerie médicale\""
            )),
            ["a:6"]
        );
        assert_eq!(
            search(&engine, "\"xyzzy plugh\" OR \"plugh xyzzy\"").total_hits,
            0
        );
        // With a requirement elsewhere, one of the alternatives is one
        // more: a:2 holds the word but neither phrase.
        for query in [
            "+interopérabilité \"imagerie médicale\" OR \"de nos systèmes\"",
            "\"imagerie médicale\" OR \"de nos systèmes\" +interopérabilité",
            "\"imagerie médicale\" OR \"de nos systèmes\" OR xyzzy +interopérabilité",
            // A side of AND is required, the other side of OR optional,
            // as Lucene reads it.
            "\"imagerie médicale\" OR \"de nos systèmes\" AND interopérabilité",
        ] {
            assert_eq!(ids(&search(&engine, query)), ["a:3"], "{query}");
        }
        let with_word = search(&engine, "+interopérabilité \"xyzzy\" OR santé");
        assert_eq!(ids(&with_word), ["a:2"]);
        // `+` still requires.
        assert_eq!(
            search(&engine, "interopérabilité OR +\"xyzzy plugh\"").total_hits,
            0
        );
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
        // The passages under the heading, and the heading itself, a
        // passage too.
        let mut found = ids(&hits);
        found.sort();
        assert_eq!(found, ["a:4", "a:5", "a:6"]);
        let under = hits.hits.iter().find(|h| h.citation.id == "a:5").unwrap();
        assert_eq!(under.section_highlights, [[4, 11]]);
        assert!(under.highlights.is_empty());
        let heading = hits.hits.iter().find(|h| h.citation.id == "a:4").unwrap();
        assert_eq!(heading.citation.kind, "heading");
        assert_eq!(heading.highlights, [[4, 11]]);
        // The title's words find the title, a passage of its own (kind
        // heading), not every passage it stands over.
        let title = search(&engine, "titre");
        assert_eq!(ids(&title), ["a:1"]);
        assert_eq!(title.hits[0].citation.kind, "heading");
    }

    #[test]
    fn a_phrase_found_in_the_title_alone_is_marked_there() {
        let (_dir, engine) = engine(&[(
            "a.md",
            "---\ntitle: Rapport sur les jumeaux virtuels\n---\n\n\
             Les jumeaux sont nés hier.\n\nLe monde virtuel avance.\n",
        )]);
        let hits = search(&engine, "\"jumeaux virtuels\"");
        assert_eq!(hits.hits.len(), 2);
        for hit in &hits.hits {
            // Its words apart in the text are no match of the phrase.
            assert!(hit.highlights.is_empty(), "{:?}", hit.highlights);
            assert_eq!(hit.title_highlights, [[16, 32]], "{}", hit.citation.id);
        }
        let word = search(&engine, "jumeau");
        assert_eq!(word.hits[0].title_highlights, [[16, 23]]);
        assert_eq!(word.hits[0].highlights, [[4, 11]]);
    }

    #[test]
    fn an_action_noun_finds_the_verb_the_stemmer_keeps_apart() {
        let (_dir, engine) = engine(&[(
            "aide.txt",
            "Aide\nPour régler le contraste, ouvrez les paramètres.\n\
             Le contraste des couleurs dépend de l’écran.\n\
             Une partie de l’écran reste sombre.\n",
        )]);
        // « réglage » and « régler » have stems apart (réglag, regl).
        let hits = search(&engine, "réglage du contraste");
        assert_eq!(ids(&hits)[0], "aide:2", "{:?}", ids(&hits));
        // `analyze` shows it.
        assert!(engine
            .names_in("réglage")
            .unwrap()
            .iter()
            .any(|s| s.synonym == "regler" && s.source == SynonymSource::Derived));
        // A derived word ranks and finds nothing: every match and every
        // occurrence is of the query's own words.
        assert!(search(&engine, "réglage").hits.is_empty());
        let concordance = engine
            .concordance(
                "réglage du contraste",
                SearchOptions::default(),
                &Scope::default(),
                30,
                crate::ConcordOrder::Doc,
            )
            .unwrap();
        let matched: Vec<&str> = concordance
            .occurrences
            .iter()
            .map(|o| o.matched.as_str())
            .collect();
        assert_eq!(matched, ["contraste", "contraste"]);
        // Only a word the corpus writes: `partage` would give `parter`,
        // no word, whose stem (`part`) is that of `partie`.
        assert!(engine.names_in("partage").unwrap().is_empty());
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
        assert_eq!(c.headings, ["Une section"]);
        let source = std::fs::read(dir.path().join("corpus/a.txt")).unwrap();
        assert_eq!(&source[c.start as usize..c.end as usize], c.text.as_bytes());
        assert!(c.file.ends_with("a.txt"));
    }

    #[test]
    fn citations_carry_the_heading_path() {
        // Its section gave the nearest heading alone: `B`, not `A › B`.
        let (_dir, engine) = engine(&[(
            "plan.md",
            "# Plan climat\n\n## Contexte\n\n### Objectifs chiffrés\n\n\
             Réduire de moitié la consommation des gymnases.\n\n\
             ## Actions\n\nIsoler les écoles de la commune.\n",
        )]);
        let path = |query: &str| search(&engine, query).hits[0].citation.headings.clone();
        assert_eq!(path("gymnases"), ["Contexte", "Objectifs chiffrés"]);
        assert_eq!(path("écoles"), ["Actions"]);
    }

    #[test]
    fn limit_offset_and_counts() {
        let (_dir, engine) = engine(&[("a.txt", ARTICLE)]);
        let none = engine
            .search(
                "interopérabilité",
                SearchOptions {
                    limit: 0,
                    ..SearchOptions::default()
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
                    ..SearchOptions::default()
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
                ..SearchOptions::default()
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
                ..SearchOptions::default()
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
}
