//! Building an index from a corpus.
//!
//! Each file is read by the reader of its format into a document
//! ([`crate::document`]), cut into passages ([`crate::passage`]) and
//! analysed, in parallel (rayon), a batch at a time so that memory stays
//! bounded whatever the corpus size; tantivy then indexes the pre-analysed
//! passages in corpus order, and the passage table and the vocabulary are
//! written beside it ([`crate::store`]). The result becomes the current
//! generation only once complete.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use tantivy::schema::TantivyDocument;
use tantivy::{Index, IndexWriter};

use crate::analysis::{
    acronym_definitions, cross_reference_spans, fold, glued_runs, joined_term, written_names,
    FrenchAnalyzer, Token, WordCollector, WordSpan,
};
use crate::corpus::{Corpus, CorpusFile, DecodedFile, SkippedFile};
use crate::document::{read_document_with, ReadError, ReadOptions};
use crate::error::{IngestError, Result};
use crate::fast_hash::FastMap;
use crate::passage::{cut, PassageKind};
use crate::store::index_dir::{register_analyzer, IndexDir};
use crate::store::manifest::{AcronymDefinition, CorpusName, Manifest};
use crate::store::pre_analysed::{pre_analysed, PreAnalysedWriter};
use crate::store::schema::{PassageSchema, FURNITURE_MARK};
use crate::store::table::{PassageInfo, TableWriter, HEADINGS_APART};
use crate::store::tokens::{self, TokenEncoder};
use crate::store::vocabulary::VocabularyWriter;

/// Files analysed together before their passages are handed to tantivy.
const BATCH_FILES: usize = 64;
/// Corpus size from which tantivy indexes on two threads. With one, the
/// end of a build waits for it alone to index what is queued and write its
/// segment (a fifth of the build on the 18 MB corpus); with two, each
/// writes half, and the build is that much shorter. Searching two segments
/// costs more than one (about 15 % there), and a small corpus has no end
/// worth shortening: it keeps one. Which passage lands in which segment
/// depends on timing; search breaks score ties by passage ordinal, not by
/// segment, so the answers do not.
const TWO_INDEXING_THREADS_BYTES: u64 = 4 << 20;

/// How to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Fail on the first file that cannot be indexed, or only in part,
    /// instead of skipping it or what of it cannot be read.
    pub strict: bool,
    /// Memory given to tantivy's writer, in bytes, shared by its indexing
    /// threads.
    pub writer_heap_bytes: usize,
    /// Follow symbolic links that lead outside the corpus directory (see
    /// [`Corpus::scan_with`]).
    pub follow_links: bool,
    /// How to read documents: OCR for scanned PDFs (see [`ReadOptions`]).
    pub read: ReadOptions,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            strict: false,
            writer_heap_bytes: 64 << 20,
            follow_links: false,
            read: ReadOptions::default(),
        }
    }
}

impl BuildOptions {
    /// The options that build the index again as `manifest` says it was
    /// built (following links or not), to refresh a stale one.
    pub fn rebuilding(manifest: &Manifest) -> Self {
        BuildOptions {
            follow_links: manifest.follows_links,
            read: ReadOptions {
                ocr: manifest.ocr,
                ..ReadOptions::default()
            },
            ..BuildOptions::default()
        }
    }
}

/// Progress of a build, reported after each batch of files.
#[derive(Debug, Clone, Copy)]
pub struct BuildProgress {
    /// Files processed so far.
    pub files_done: usize,
    /// Files to process.
    pub files_total: usize,
    /// Bytes processed so far.
    pub bytes_done: u64,
    /// Bytes to process.
    pub bytes_total: u64,
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Files indexed.
    pub files: usize,
    /// Files skipped, with the reason.
    pub skipped: Vec<SkippedFile>,
    /// Files decoded from another encoding than UTF-8.
    pub decoded: Vec<DecodedFile>,
    /// Files indexed with parts left unread (a PDF's pages without text),
    /// with what was left.
    pub partly_read: Vec<SkippedFile>,
    /// Files that are no documents (images, stylesheets, scripts beside a
    /// site's pages), left aside without a warning: how many of each kind.
    pub not_documents: std::collections::BTreeMap<String, u64>,
    /// Passages indexed.
    pub passages: u64,
    /// Blocks judged page furniture: indexed, marked, left out of results
    /// unless asked for.
    pub boilerplate_lines: u64,
    /// Bytes of text indexed.
    pub bytes: u64,
    /// Time the build took.
    pub elapsed: Duration,
    /// The new generation's directory.
    pub generation: PathBuf,
}

/// The passages of one file, ready for tantivy and the passage table, or
/// why the file was skipped.
enum Prepared {
    Indexed(Box<PreparedFile>),
    Skipped(SkippedFile),
    /// A file that is no document (an image, a stylesheet…), of this kind.
    NotADocument(&'static str),
}

/// A file analysed, not yet indexed.
struct PreparedFile {
    /// The document's text.
    source: String,
    title: String,
    /// What its reader found of it (author, date…).
    metadata: Vec<(String, String)>,
    /// The entries of a container, each a document of the table (empty
    /// for a file that is one document), their fields with ISO dates.
    entries: Vec<crate::document::Entry>,
    /// Its section headings, each with its stored tokens and the headings
    /// above it (see [`TableWriter::add_section`]).
    sections: Vec<(String, Vec<u8>, String)>,
    passages: Vec<PreparedPassage>,
    /// Its vocabulary words.
    words: Vec<String>,
    /// The acronyms it defines: (acronym, the words it stands for).
    definitions: Vec<(String, String)>,
    /// The names of several words it writes, once per passage.
    names: Vec<WrittenName>,
    boilerplate_lines: u64,
    /// What of the file was not read (see [`Document::unread`]).
    unread: Vec<String>,
    /// The encoding it was decoded from, when not UTF-8.
    encoding: Option<&'static str>,
}

/// A passage analysed, not yet indexed.
struct PreparedPassage {
    /// Its tantivy document, all but the ordinal.
    doc: TantivyDocument,
    /// Its stored tokens.
    tokens: Vec<u8>,
    /// Its section, in [`PreparedFile::sections`].
    section: usize,
    /// Its text's range in [`PreparedFile::source`] (the document's text).
    text: std::ops::Range<usize>,
    /// The id of the nearest element at or above it, or empty.
    anchor: String,
    /// Its entry, in [`PreparedFile::entries`].
    entry: u32,
    info: PassageInfo,
}

/// Builds an index of the corpus at `corpus_root` into `index_dir`, making
/// it the current generation when complete.
pub fn build_index(
    corpus_root: &Path,
    index_dir: &IndexDir,
    options: &BuildOptions,
    mut on_progress: impl FnMut(BuildProgress),
) -> Result<BuildReport> {
    let started = Instant::now();
    let corpus = Corpus::scan_with(corpus_root, Some(index_dir.root()), options.follow_links)?;
    if corpus.files.is_empty() {
        return Err(IngestError::EmptyCorpus {
            path: corpus_root.to_path_buf(),
            skipped: Vec::new(),
        });
    }
    // The corpus's settings name its datasets' fields.
    let settings = crate::settings::Settings::read(corpus_root)?;
    let options = &BuildOptions {
        read: ReadOptions {
            records: settings.records,
            ..options.read.clone()
        },
        ..options.clone()
    };
    let pending = index_dir.begin_build()?;
    let schema = PassageSchema::build();
    let index = Index::create_in_dir(pending.path(), schema.schema.clone())?;
    register_analyzer(&index);
    let bytes_total = corpus.files.iter().map(|f| f.bytes).sum();
    let threads = if bytes_total >= TWO_INDEXING_THREADS_BYTES {
        2
    } else {
        1
    };
    let mut writer: IndexWriter =
        index.writer_with_num_threads(threads, options.writer_heap_bytes)?;
    let mut table = TableWriter::create(pending.path())?;
    let mut vocabulary = VocabularyWriter::new();
    let mut definitions = Definitions::default();
    let mut names = Names::default();
    let collector = WordCollector::new();

    let mut manifest = Manifest::new(&corpus);
    manifest.ocr = options.read.ocr;
    manifest.skipped.extend(corpus.unlisted.iter().cloned());
    let mut progress = BuildProgress {
        files_done: 0,
        files_total: corpus.files.len(),
        bytes_done: 0,
        bytes_total,
    };
    let mut files = 0;
    let mut partly_read = Vec::new();
    for batch in corpus.files.chunks(BATCH_FILES) {
        let prepared: Vec<Result<Prepared>> = batch
            .par_iter()
            .map(|file| prepare_file(&schema, &corpus, file, options, &collector))
            .collect();
        for (file, outcome) in batch.iter().zip(prepared) {
            match outcome? {
                Prepared::Indexed(mut prepared) => {
                    files += 1;
                    for reason in std::mem::take(&mut prepared.unread) {
                        partly_read.push(SkippedFile {
                            rel: file.rel.clone(),
                            reason,
                        });
                    }
                    manifest.passages += prepared.passages.len() as u64;
                    manifest.bytes += prepared.source.len() as u64;
                    manifest.boilerplate_lines += prepared.boilerplate_lines;
                    if let Some(encoding) = prepared.encoding {
                        manifest.decoded.push(DecodedFile {
                            rel: file.rel.clone(),
                            encoding: encoding.to_string(),
                        });
                    }
                    vocabulary.extend(std::mem::take(&mut prepared.words));
                    for (acronym, expansion) in std::mem::take(&mut prepared.definitions) {
                        definitions.add(acronym, expansion);
                    }
                    for name in std::mem::take(&mut prepared.names) {
                        names.add(name);
                    }
                    add_file(&schema, &mut writer, &mut table, file, *prepared)?;
                }
                Prepared::Skipped(skipped) => manifest.skipped.push(skipped),
                Prepared::NotADocument(kind) => {
                    *manifest.not_documents.entry(kind.to_string()).or_default() += 1;
                }
            }
            progress.files_done += 1;
            progress.bytes_done += file.bytes;
        }
        on_progress(progress);
    }
    if files == 0 {
        return Err(IngestError::EmptyCorpus {
            path: corpus_root.to_path_buf(),
            skipped: manifest.skipped,
        });
    }
    // tantivy's commit indexes what is queued and writes the segment on its
    // own thread: the table and the vocabulary are written meanwhile.
    let committed = std::thread::scope(|scope| {
        let committing = scope.spawn(|| -> Result<()> {
            writer.commit()?;
            writer.wait_merging_threads()?;
            Ok(())
        });
        table.finish()?;
        vocabulary.finish(pending.path())?;
        committing
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    committed?;
    manifest.definitions = definitions.best();
    manifest.names = names.kept();
    manifest.write(pending.path())?;
    let generation = index_dir.commit(pending)?;
    Ok(BuildReport {
        files,
        partly_read,
        skipped: manifest.skipped,
        decoded: manifest.decoded,
        not_documents: manifest.not_documents,
        passages: manifest.passages,
        boilerplate_lines: manifest.boilerplate_lines,
        bytes: manifest.bytes,
        elapsed: started.elapsed(),
        generation,
    })
}

/// Reads, segments and analyses one file; its vocabulary words go to a
/// sibling of `collector`.
fn prepare_file(
    schema: &PassageSchema,
    corpus: &Corpus,
    file: &CorpusFile,
    options: &BuildOptions,
    collector: &WordCollector,
) -> Result<Prepared> {
    let strict = options.strict;
    let path = corpus.path_of(file);
    let skip = |reason: String| {
        Ok(Prepared::Skipped(SkippedFile {
            rel: file.rel.clone(),
            reason,
        }))
    };
    if let Some(kind) = crate::document::not_a_document(&file.rel) {
        return Ok(Prepared::NotADocument(kind));
    }
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if strict => return Err(IngestError::io(&path, e)),
        Err(e) => return skip(format!("unreadable: {e}")),
    };
    let document = read_document_with(&file.rel, bytes, &options.read).and_then(|d| {
        if d.has_no_text() {
            Err(ReadError::NoText)
        } else {
            Ok(d)
        }
    });
    let document = match document {
        Ok(document) => document,
        Err(reason) if strict => return Err(IngestError::Unreadable { path, reason }),
        Err(reason) => return skip(reason.to_string()),
    };
    if strict && !document.unread.is_empty() {
        return Err(IngestError::PartlyRead {
            path,
            unread: document.unread,
        });
    }
    let passages_cut = cut(&document);
    let analyzer = FrenchAnalyzer::new();
    let doc_name = file.doc.as_str();
    let title = document
        .title
        .clone()
        .unwrap_or_else(|| doc_name.to_string());
    let title_tokens = pre_analysed_tokens(&analyzer.analyze(&title));
    // A record's own title is its passages' (see `Entry::title`).
    let entry_title_tokens: Vec<Option<String>> = document
        .entries
        .iter()
        .map(|e| {
            e.title
                .as_deref()
                .map(|t| pre_analysed_tokens(&analyzer.analyze(t)))
        })
        .collect();
    let mut sections: Vec<(String, Vec<u8>, String)> = Vec::new();
    let mut section_tokens = String::new();
    let mut passages = Vec::with_capacity(passages_cut.len());
    let mut words = collector.sibling();
    let mut definitions = Vec::new();
    let mut names = Vec::new();
    let mut spans = Vec::new();
    let source = &document.text;
    for passage in &passages_cut {
        let text = &source[passage.start..passage.end];
        if passage.furniture.is_none() {
            definitions.extend(
                acronym_definitions(text)
                    .into_iter()
                    .map(|d| (d.acronym.to_string(), d.expansion.to_string())),
            );
        }
        let references = cross_reference_spans(text);
        let mut stored_tokens = TokenEncoder::new();
        // Words of cross-references go to their own field.
        let (mut text_field, mut refs_field) = (PreAnalysedWriter::new(), PreAnalysedWriter::new());
        spans.clear();
        analyzer.for_each_term_collecting(text, &mut words, |token| {
            spans.push(WordSpan {
                start: token.start,
                end: token.end,
                stop: token.stop,
            });
            let reference = tokens::is_in(token.start, &references);
            stored_tokens.push(&token, reference);
            let field = if reference {
                &mut refs_field
            } else {
                &mut text_field
            };
            field.push(token.term, token.position);
        });
        if passage.furniture.is_none() && passage.kind != PassageKind::Code {
            names_of_passage(&analyzer, text, &spans, &mut names);
        }
        let block = &document.blocks[passage.block as usize];
        let section = document.heading_of(block).unwrap_or_default();
        // The headings above it, outermost first: its path but itself.
        let path = document.heading_path(block);
        let above = path[..path.len().saturating_sub(1)].join(HEADINGS_APART);
        if sections
            .last()
            .is_none_or(|(heading, _, up)| heading != section || *up != above)
        {
            let analysed = analyzer.analyze(section);
            sections.push((section.to_string(), tokens::encode(&analysed, &[]), above));
            section_tokens = pre_analysed_tokens(&analysed);
        }
        let mut doc = TantivyDocument::default();
        doc.add_text(schema.text, text_field.into_string());
        doc.add_text(schema.refs, refs_field.into_string());
        // A heading, and page furniture, are found by their own words: a
        // heading's parent is a passage of its own, and furniture under a
        // heading is not about it.
        if passage.kind != PassageKind::Heading && passage.furniture.is_none() {
            doc.add_text(schema.section, &section_tokens);
        }
        let title_tokens = entry_title_tokens
            .get(block.entry as usize)
            .and_then(Option::as_deref)
            .unwrap_or(&title_tokens);
        doc.add_text(schema.title, title_tokens);
        if passage.furniture.is_some() {
            doc.add_text(schema.marks, FURNITURE_MARK);
        }
        passages.push(PreparedPassage {
            doc,
            tokens: stored_tokens.finish(),
            section: sections.len() - 1,
            text: passage.start..passage.end,
            anchor: block.anchor.clone().unwrap_or_default(),
            entry: block.entry,
            info: PassageInfo {
                line: passage.line,
                part: passage.part,
                start: passage.source.start,
                end: passage.source.end,
                kind: passage.kind,
                exact: passage.exact,
                furniture: passage.furniture,
                page: document.page_of(passage.line),
            },
        });
    }
    let boilerplate_lines = document.furniture_blocks() as u64;
    let encoding = document.encoding;
    let words = words.take();
    Ok(Prepared::Indexed(Box::new(PreparedFile {
        source: document.text,
        title,
        metadata: crate::metadata::with_iso_dates(document.metadata),
        entries: document
            .entries
            .into_iter()
            .map(|mut e| {
                e.metadata = crate::metadata::with_iso_dates(e.metadata);
                e
            })
            .collect(),
        sections,
        passages,
        words,
        definitions,
        names,
        boilerplate_lines,
        encoding,
        unread: document.unread,
    })))
}

/// A name of several words a passage writes (see
/// [`crate::analysis::written_names`]).
struct WrittenName {
    /// Its words' terms, joined by a space: the key it is counted under.
    terms: String,
    /// As written.
    text: String,
    /// For a glued name, its parts written as one word.
    joined: Option<String>,
}

/// Adds to `names` the names `text` writes, each once; `spans` are the
/// words of `text`.
fn names_of_passage(
    analyzer: &FrenchAnalyzer,
    text: &str,
    spans: &[WordSpan],
    names: &mut Vec<WrittenName>,
) {
    let first = names.len();
    let glued = glued_runs(text, spans);
    for run in written_names(text, spans) {
        let surface = &text[spans[run.start].start..spans[run.end - 1].end];
        let terms: Vec<String> = analyzer
            .analyze(surface)
            .into_iter()
            .map(|t| t.term)
            .collect();
        let terms = terms.join(" ");
        if names[first..].iter().any(|n| n.terms == terms) {
            continue;
        }
        let joined = glued
            .contains(&run)
            .then(|| joined_term(spans[run.clone()].iter().map(|w| &text[w.start..w.end])));
        names.push(WrittenName {
            terms,
            text: surface.to_string(),
            joined,
        });
    }
}

/// The names of several words met in the corpus, counted by passage.
#[derive(Default)]
struct Names {
    /// Terms → the name as counted.
    counts: FastMap<String, NameCount>,
}

/// A name met in the corpus, counted.
#[derive(Default)]
struct NameCount {
    /// Its spellings, each with the passages that write it so, in the
    /// order met ([`MAX_SPELLINGS`] at most).
    spellings: Vec<(String, u32)>,
    /// Its words written as one, when some passage glues them.
    joined: Option<String>,
    /// Passages that write it.
    passages: u32,
}

/// Most spellings of one name counted: the others count for the name only.
const MAX_SPELLINGS: usize = 8;

impl Names {
    fn add(&mut self, name: WrittenName) {
        let count = self.counts.entry(name.terms).or_default();
        count.passages += 1;
        if count.joined.is_none() {
            count.joined = name.joined;
        }
        let known = count.spellings.len();
        match count
            .spellings
            .iter()
            .position(|(text, _)| *text == name.text)
        {
            Some(at) => count.spellings[at].1 += 1,
            None if known < MAX_SPELLINGS => count.spellings.push((name.text, 1)),
            None => {}
        }
    }

    /// The names written in [`MIN_NAME_PASSAGES`] passages or more, the
    /// [`MAX_NAMES`] most frequent, by terms; each as most often written
    /// (the first so on a tie).
    fn kept(self) -> Vec<CorpusName> {
        let mut kept: Vec<CorpusName> = self
            .counts
            .into_iter()
            .filter(|(_, count)| count.passages >= MIN_NAME_PASSAGES)
            .map(|(terms, count)| {
                let mut best: Option<&(String, u32)> = None;
                for spelling in &count.spellings {
                    if best.is_none_or(|b| spelling.1 > b.1) {
                        best = Some(spelling);
                    }
                }
                CorpusName {
                    terms: terms.split(' ').map(str::to_string).collect(),
                    text: best.map(|b| b.0.clone()).unwrap_or_default(),
                    joined: count.joined,
                    count: count.passages,
                }
            })
            .collect();
        kept.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.terms.cmp(&b.terms)));
        kept.truncate(MAX_NAMES);
        kept.sort_by(|a, b| a.terms.cmp(&b.terms));
        kept
    }
}

/// Fewest passages that must write a run of words for it to be a name:
/// once may be chance (`secteur.réunissant`, a typo).
const MIN_NAME_PASSAGES: u32 = 2;
/// Most names kept in the manifest, the most frequent: the 18 MB corpus
/// has about 3,000.
const MAX_NAMES: usize = 50_000;

/// The acronym definitions met in the corpus, counted.
#[derive(Default)]
struct Definitions {
    /// (acronym, folded words) → (words as first written, count).
    counts: FastMap<(String, String), (String, u32)>,
}

impl Definitions {
    fn add(&mut self, acronym: String, expansion: String) {
        let key = (acronym, fold(&expansion));
        self.counts.entry(key).or_insert((expansion, 0)).1 += 1;
    }

    /// The most frequent definition of each acronym (the first in order of
    /// the words on a tie), by acronym.
    fn best(self) -> Vec<AcronymDefinition> {
        let mut all: Vec<_> = self.counts.into_iter().collect();
        all.sort_by(|((a, ka), (_, na)), ((b, kb), (_, nb))| {
            a.cmp(b).then(nb.cmp(na)).then(ka.cmp(kb))
        });
        all.dedup_by(|next, kept| next.0 .0 == kept.0 .0);
        all.into_iter()
            .map(|((acronym, _), (expansion, count))| AcronymDefinition {
                acronym,
                expansion,
                count,
            })
            .collect()
    }
}

/// Adds an analysed file to the index and the passage table, in corpus
/// order: a passage's ordinal is its place in the table.
fn add_file(
    schema: &PassageSchema,
    writer: &mut IndexWriter,
    table: &mut TableWriter,
    file: &CorpusFile,
    prepared: PreparedFile,
) -> Result<()> {
    // A file is one document of the table, or one an entry for a container,
    // named `doc!/entry` (the `!/` of `jar:` addresses), which a file of the
    // corpus would need a folder named `doc!` to share.
    let add_doc = |table: &mut TableWriter, entry: u32| match prepared.entries.get(entry as usize) {
        // Its own title and fields (a record's) over the file's.
        Some(part) => {
            let mut metadata: Vec<(String, String)> = prepared
                .metadata
                .iter()
                .filter(|(name, _)| !part.metadata.iter().any(|(n, _)| n == name))
                .cloned()
                .collect();
            metadata.extend(part.metadata.iter().cloned());
            table.add_doc(
                &format!("{}!/{}", file.doc, part.name),
                &file.rel,
                part.title.as_deref().unwrap_or(&prepared.title),
                &part.name,
                &metadata,
            )
        }
        None => table.add_doc(
            &file.doc,
            &file.rel,
            &prepared.title,
            "",
            &prepared.metadata,
        ),
    };
    let mut doc = add_doc(table, 0)?;
    let mut entry = 0;
    let mut sections = Vec::with_capacity(prepared.sections.len());
    for (heading, tokens, above) in &prepared.sections {
        sections.push(table.add_section(heading, tokens, above)?);
    }
    for passage in prepared.passages {
        if passage.entry != entry {
            entry = passage.entry;
            doc = add_doc(table, entry)?;
        }
        let info = passage.info;
        let text = &prepared.source[passage.text];
        let ord = table.add_passage(
            text,
            &passage.tokens,
            sections[passage.section],
            doc,
            info,
            &passage.anchor,
        )?;
        let mut tantivy_doc = passage.doc;
        tantivy_doc.add_u64(schema.ord, u64::from(ord));
        writer.add_document(tantivy_doc)?;
    }
    Ok(())
}

/// Tokens in the pre-analysed format (see [`crate::store::pre_analysed`]).
fn pre_analysed_tokens(tokens: &[Token]) -> String {
    pre_analysed(tokens.iter().map(|t| (t.term.as_str(), t.position)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_kept_when_two_passages_write_it_once_each() {
        let analyzer = FrenchAnalyzer::new();
        let mut names = Names::default();
        for text in [
            "Le CD-ROM et encore le CD-ROM sous System V.",
            "Un CD-ROM, une seule fois Wi-Fi.",
        ] {
            let spans: Vec<WordSpan> = analyzer.analyze(text).iter().map(WordSpan::from).collect();
            let mut found = Vec::new();
            names_of_passage(&analyzer, text, &spans, &mut found);
            found.into_iter().for_each(|n| names.add(n));
        }
        let kept = names.kept();
        assert_eq!(kept.len(), 1, "{kept:?}");
        assert_eq!(kept[0].text, "CD-ROM");
        // Shown as most often written, glued when some passage glues it.
        let mut names = Names::default();
        for (text, joined) in [
            ("System V", None),
            ("System-V", Some("systemv")),
            ("System V", None),
        ] {
            names.add(WrittenName {
                terms: "system v".to_string(),
                text: text.to_string(),
                joined: joined.map(str::to_string),
            });
        }
        let kept = names.kept();
        assert_eq!(kept[0].text, "System V");
        assert_eq!(kept[0].joined.as_deref(), Some("systemv"));
        let kept = {
            let mut names = Names::default();
            for passage in ["Le CD-ROM", "Un CD-ROM"] {
                let spans: Vec<WordSpan> = analyzer
                    .analyze(passage)
                    .iter()
                    .map(WordSpan::from)
                    .collect();
                let mut found = Vec::new();
                names_of_passage(&analyzer, passage, &spans, &mut found);
                found.into_iter().for_each(|n| names.add(n));
            }
            names.kept()
        };
        assert_eq!(kept[0].terms, ["cd", "rom"]);
        assert_eq!(kept[0].joined.as_deref(), Some("cdrom"));
        // Twice in one passage counts once.
        assert_eq!(kept[0].count, 2);
    }
}
