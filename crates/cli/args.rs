//! The command line: flags parsed into plain values, nothing else.

use std::path::PathBuf;

use std::ffi::OsString;

use clap::{Args, Parser, Subcommand};
use fouille_ingest::analysis::is_quote;

/// French full-text search over passages, with exact citations.
///
/// fouille indexes a directory of French documents (plain or wrapped text,
/// Markdown, HTML pages, EPUB books, Word and LibreOffice documents, PDF
/// through poppler's pdftotext; UTF-8 or legacy encodings such as
/// Windows-1252) as passages: paragraphs, list items, table rows. It finds
/// the passages about a subject whatever the accents, case, inflection,
/// elision or typography of the query and the text. Every hit comes with
/// its citation: file, line (a PDF's page and line), byte range, title and
/// section.
#[derive(Debug, Parser)]
#[command(name = "fouille", version, about, long_about)]
pub struct Cli {
    /// When to colour the output: `auto` colours a terminal unless
    /// NO_COLOR is set or TERM is `dumb`.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set or TERM is `dumb`.
    Auto,
    /// Always, even piped.
    Always,
    /// Never.
    Never,
}

/// How `fouille search` prints its hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For reading: rank, citation, id, score, the passage.
    Text,
    /// One JSON object (as `--json`).
    Json,
    /// One line a hit, for scripts (`grep`-like): `file:line:text`.
    Lines,
    /// A table of hits, comma-separated values (RFC 4180, UTF-8), a
    /// header row first: the citation's fields, the text last.
    Csv,
    /// The same table, tab-separated (tabs and line breaks in a field
    /// become spaces).
    Tsv,
    /// One JSON object a hit (its citation), one a line.
    Jsonl,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build (or rebuild) the index of a corpus.
    Index(IndexArgs),
    /// Search the index for passages; builds the index first if there is none.
    #[command(long_about = SEARCH_HELP)]
    Search(SearchArgs),
    /// Print a cited passage, with passages around it for context.
    Show(ShowArgs),
    /// Every occurrence of a query in context (keyword in context): the
    /// words on the left, the match as written, the words on the right,
    /// and where it is.
    Concord(ConcordArgs),
    /// How a query is spread over documents, sections, sources, years or
    /// authors: occurrences and passages of each, per 10,000 words.
    Stats(StatsArgs),
    /// The words that come with a word more often than chance says
    /// (log-likelihood), as TXM's co-occurrences.
    Cooc(CoocArgs),
    /// Show the terms the French analyzer makes of a text.
    Analyze(AnalyzeArgs),
    /// Score the engine on relevance judgements (nDCG@10, MRR@10, Recall@10).
    Eval(EvalArgs),
    /// Serve the search API and page over HTTP; builds the index first if
    /// there is none, and picks up a rebuilt index without a restart.
    #[command(after_help = SERVE_HELP)]
    Serve(ServeArgs),
    /// Measure query latency and throughput in process, and over HTTP with
    /// --http: the whole search the CLI and the server run (parsing,
    /// retrieval, ranking, highlights, citations).
    Bench(BenchArgs),
    /// Print the completion script of a shell (bash, zsh, fish, elvish,
    /// powershell): `fouille completions bash > ~/.local/share/bash-completion/completions/fouille`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `fouille man | man -l -`.
    Man,
}

const SEARCH_HELP: &str = "Search the index for passages; builds the index first if there is none.

Query syntax:
  words            passages with any of the words, best matches first
  \"a phrase\"       those words in that order (also «…» and “…”), in the
                   text, the section heading or the title
  +word, a AND b   every hit holds the word (or +\"phrase\"; both sides of AND)
  intell*          any word beginning so (the 50 most frequent, with a note)
  -word, NOT word  leave out passages that contain it (also -\"phrase\")
  =word            the word as typed, accents kept, no other inflection
                   (also =\"phrase\"; --exact for every word)
  OR               between words, any may match anyway; a phrase beside OR
                   is an alternative, not a requirement

Accents, case, elisions (l', d', qu'…), apostrophes and quotation marks do not
matter, and inflected forms meet (interopérables finds interopérabilité).
A quotation mark without its pair is ignored; an apostrophe is never a quote.
Acronyms the corpus defines (« intelligence artificielle (IA) ») and the groups
of synonyms.txt at its root (or of --synonyms FILE) find each other.";

const SERVE_HELP: &str = "Endpoints (GET):
  /                       the search page
  /search?q=…&limit=N&offset=N&explain=true   what `fouille search --json` prints
  /passages/ID?context=N  what `fouille show --json` prints
  /analyze?text=…         what `fouille analyze --json` prints
  /health, /stats         status; documents, passages, latency percentiles

Limits: q up to 1,000 characters, limit up to 100, offset up to 10,000,
context up to 50; 256 requests at once (then 503), 10 s a request (then
408), 10 s to send the headers, 1,024 connections. Errors are JSON
{\"error\": …} with a 4xx status.

Logging: one line per request on stderr (method, path, query cut to 120
characters, client, status, latency); --log-queries false leaves queries out,
RUST_LOG=warn keeps only problems.";

/// Where the corpus and the index are.
#[derive(Debug, Args)]
pub struct Locations {
    /// The corpus directory: the documents to index [default: corpus, the
    /// bundled articles].
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    /// The index directory [default: index for the bundled corpus; for a
    /// corpus named with --corpus, its own folder in the user's cache
    /// ($FOUILLE_CACHE_DIR, $XDG_CACHE_HOME/fouille or ~/.cache/fouille)].
    /// An index named here that does not exist is built only if --corpus
    /// names what to build it from.
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
}

/// The corpus directory when none is given.
pub const DEFAULT_CORPUS: &str = "corpus";

/// `fouille index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Where the corpus and the index are.
    #[command(flatten)]
    pub locations: Locations,
    /// Fail on the first file that cannot be indexed (binary, empty,
    /// undecodable, a malformed e-book or PDF, an encrypted PDF, a scan
    /// without text, unreadable) or only in part (a PDF's pages without
    /// text, a record file's malformed records) instead of skipping it, or
    /// what of it cannot be read, with a warning.
    #[arg(long)]
    pub strict: bool,
    /// Follow symbolic links that lead outside the corpus directory; by
    /// default they are listed among the skipped files, not followed.
    #[arg(long)]
    pub follow_links: bool,
    /// Read the pages of PDFs that have no text layer (scans) by OCR,
    /// with Tesseract's French model (Debian's `tesseract-ocr-fra`):
    /// about 2 s a page on one core. Without it, a scan is listed as not
    /// indexed. A rebuild of the index (a changed corpus) reads them
    /// alike.
    #[arg(long)]
    pub ocr: bool,
    /// Check the current index instead of building one: every byte of
    /// every file against the checksums written by the build (searches
    /// check them too, each time they open the index). Exits 1 when the
    /// index is damaged.
    #[arg(long, conflicts_with_all = ["strict", "follow_links", "ocr"])]
    pub verify: bool,
    /// After the build (or the check of `--verify`), list every line judged
    /// page furniture (indexed but left out of results unless `search
    /// --include-boilerplate`), one per line: `file:line: [rule] text`.
    #[arg(long)]
    pub list_skipped: bool,
}

/// `fouille search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query; several arguments are joined with spaces. A word with a
    /// leading `-` excludes it (`fouille search santé -données`); only one
    /// that reads as a flag of this command (`-n5`, `-C`) needs `--` before
    /// it.
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,
    /// Hits to print at most.
    #[arg(long, short = 'n', default_value_t = 10, value_name = "N")]
    pub limit: usize,
    /// Every matching passage, not only the best: no cap, no ranking, in
    /// corpus order (document after document, in reading order), with
    /// its citation; for export, as --format csv (the default with
    /// --all), tsv, jsonl or lines.
    #[arg(long, conflicts_with_all = ["limit", "offset", "context", "explain", "json"])]
    pub all: bool,
    /// Hits to skip first (for paging).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,
    /// Print the results as one JSON object (same as --format json).
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// How to print the hits.
    #[arg(long, value_enum, default_value_t = Format::Text, value_name = "FORMAT")]
    pub format: Format,
    /// Passages of context to print around each hit (from its document).
    #[arg(long, short = 'C', default_value_t = 0, value_name = "N",
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(0..=50))]
    pub context: usize,
    /// Show for each hit the matched terms, their BM25 contributions and
    /// each re-ranking factor.
    #[arg(long)]
    pub explain: bool,
    /// Search page furniture too: lines judged navigation, newsletter
    /// boxes, credits or button labels are indexed but left out of results
    /// by default (`fouille index --list-skipped` lists them with the rule
    /// that judged them).
    #[arg(long)]
    pub include_boilerplate: bool,
    /// Match every word and phrase as typed, as `=word` does for one: the
    /// same letters, case aside, accents kept; no other inflection (`tours`
    /// is not `tour`), no close spelling, no synonym; in the passage's text
    /// only.
    #[arg(long)]
    pub exact: bool,
    /// Only passages of documents whose fields meet this filter, in
    /// Meilisearch's syntax: `date >= 2024-01-01 AND source = "hcl" AND
    /// NOT tags = opinion`, `author IN [Dupont, "Le Gall"]`, `url EXISTS`,
    /// `year 2020 TO 2023`; fields: title, author, date, year, source,
    /// url, lang, tags, doc, file, any other the documents or the
    /// corpus's metadata.csv give, and section, kind and page of passages.
    #[arg(long, value_name = "FILTER")]
    pub filter: Option<String>,
    /// Order hits by a field rather than by relevance (`date:desc`,
    /// `title:asc`): documents without it last, ties in corpus order.
    #[arg(long, value_name = "FIELD:ORDER")]
    pub sort: Option<String>,
    /// Count every matching passage (not only those shown) by the values
    /// of these fields: `--facets source,author,year`.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "FIELDS",
        conflicts_with = "all"
    )]
    pub facets: Vec<String>,
    /// A synonyms file to use besides the corpus's own (`synonyms.txt` at
    /// its root, and the acronyms it defines): one group a line, `voiture,
    /// automobile` or `portable => ordinateur portable` (see the README).
    #[arg(long, value_name = "FILE")]
    pub synonyms: Option<PathBuf>,
    /// Where the corpus and the index are.
    #[command(flatten)]
    pub locations: Locations,
}

/// `fouille concord`.
#[derive(Debug, Args)]
pub struct ConcordArgs {
    /// The query: its words match in all their inflections and spellings,
    /// a quoted phrase as one; `-word` leaves passages out.
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,
    /// Characters of context on each side.
    #[arg(long, default_value_t = fouille_query::DEFAULT_WIDTH, value_name = "N",
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=fouille_query::MAX_WIDTH as u64))]
    pub width: usize,
    /// Order of the lines: `doc` (corpus order), `left` (by the words
    /// before the match, nearest first), `right` (by the match, then the
    /// words after it).
    #[arg(long, value_enum, default_value_t = ConcordSort::Doc, value_name = "ORDER")]
    pub sort: ConcordSort,
    /// How to print the lines: `text` (aligned on the match), `csv`, `tsv`
    /// (`id,file,line,start,end,page,left,match,right`), `jsonl` (one
    /// object a line), `json` (one object, with the counts).
    #[arg(long, value_enum, default_value_t = ConcordFormat::Text, value_name = "FORMAT")]
    pub format: ConcordFormat,
    /// Which passages to study.
    #[command(flatten)]
    pub study: Study,
    /// A synonyms file to use besides the corpus's own.
    #[arg(long, value_name = "FILE")]
    pub synonyms: Option<PathBuf>,
    /// Where the corpus and the index are.
    #[command(flatten)]
    pub locations: Locations,
}

/// Which passages `concord`, `stats` and `cooc` study: those a query
/// matches, as `search` reads it, within a filter.
#[derive(Debug, Args)]
pub struct Study {
    /// Only passages of documents whose fields meet this filter (as
    /// `fouille search --filter`).
    #[arg(long, value_name = "FILTER")]
    pub filter: Option<String>,
    /// Match every word and phrase as typed (as `fouille search --exact`).
    #[arg(long)]
    pub exact: bool,
    /// Page furniture too (as `fouille search --include-boilerplate`).
    #[arg(long)]
    pub include_boilerplate: bool,
}

impl Study {
    /// The search options these flags ask for.
    pub fn options(&self) -> fouille_query::SearchOptions {
        fouille_query::SearchOptions {
            include_furniture: self.include_boilerplate,
            exact: self.exact,
            ..fouille_query::SearchOptions::default()
        }
    }

    /// The scope of the filter.
    pub fn scope(&self) -> fouille_query::Scope {
        fouille_query::Scope {
            filter: self.filter.clone(),
            ..fouille_query::Scope::default()
        }
    }
}

/// `fouille stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// The query (as `fouille search` reads it).
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,
    /// The groups: `doc`, `section`, or a field of documents (`source`,
    /// `year`, `author`, any field of metadata.csv).
    #[arg(long, default_value = "doc", value_name = "FIELD")]
    pub by: String,
    /// Print one JSON object: `{"query", "by", "total", "groups"}`.
    #[arg(long)]
    pub json: bool,
    /// Which passages to study.
    #[command(flatten)]
    pub study: Study,
    /// A synonyms file to use besides the corpus's own.
    #[arg(long, value_name = "FILE")]
    pub synonyms: Option<PathBuf>,
    /// Where the corpus and the index are.
    #[command(flatten)]
    pub locations: Locations,
}

/// `fouille cooc`.
#[derive(Debug, Args)]
pub struct CoocArgs {
    /// The word (or query: its words in all their inflections, a quoted
    /// phrase as one).
    #[arg(required = true, value_name = "WORD")]
    pub query: Vec<String>,
    /// Words on each side of each occurrence.
    #[arg(long, default_value_t = fouille_query::DEFAULT_WINDOW, value_name = "N",
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=fouille_query::MAX_COOC_WINDOW as u64))]
    pub window: usize,
    /// Words to list at most.
    #[arg(long, short = 'n', default_value_t = 30, value_name = "N")]
    pub limit: usize,
    /// Count stop words (`de`, `la`, `que`…) too.
    #[arg(long)]
    pub stop_words: bool,
    /// Print one JSON object: `{"word", "window", "collocates": [{"word",
    /// "count", "expected", "score"}]}`.
    #[arg(long)]
    pub json: bool,
    /// Which passages to study.
    #[command(flatten)]
    pub study: Study,
    /// A synonyms file to use besides the corpus's own.
    #[arg(long, value_name = "FILE")]
    pub synonyms: Option<PathBuf>,
    /// Where the corpus and the index are.
    #[command(flatten)]
    pub locations: Locations,
}

/// The order of a concordance's lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ConcordSort {
    /// Corpus order: document after document.
    Doc,
    /// By the words before the match, nearest first.
    Left,
    /// By the match, then the words after it.
    Right,
}

/// How `fouille concord` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ConcordFormat {
    /// Aligned on the match, for reading.
    Text,
    /// Comma-separated values (RFC 4180), a header row first.
    Csv,
    /// Tab-separated values, a header row first.
    Tsv,
    /// One JSON object an occurrence.
    Jsonl,
    /// One JSON object: the occurrences and the counts.
    Json,
}

/// `fouille show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The passage id, as printed by `fouille search` (e.g. 000_006640d4a8ac10f5:19).
    #[arg(value_name = "ID")]
    pub id: String,
    /// Passages of context to print on each side.
    #[arg(long, short = 'C', default_value_t = 0, value_name = "N")]
    pub context: usize,
    /// Print the passage and its context as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Where the corpus and the index are.
    #[command(flatten)]
    pub locations: Locations,
}

/// `fouille analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// The text to analyse; several arguments are joined with spaces.
    #[arg(required = true, value_name = "TEXT")]
    pub text: Vec<String>,
    /// Print the tokens as JSON.
    #[arg(long)]
    pub json: bool,
    /// Also show the synonyms the text would be searched with in this
    /// index (the acronyms its corpus defines, its `synonyms.txt`).
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// A synonyms file to use besides the corpus's own (`synonyms.txt` at
    /// its root, and the acronyms it defines): one group a line, `voiture,
    /// automobile` or `portable => ordinateur portable` (see the README).
    #[arg(long, value_name = "FILE")]
    pub synonyms: Option<PathBuf>,
}

/// `fouille eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The judgements: JSON lines `{"id", "kind", "query", "relevant": [{"snippet", "grade"}]}`.
    #[arg(long, value_name = "FILE")]
    pub qrels: PathBuf,
    /// Evaluate on this corpus, indexed afresh into a temporary directory.
    #[arg(long, value_name = "DIR", conflicts_with = "index")]
    pub corpus: Option<PathBuf>,
    /// Evaluate on this existing index (default: index/, built from corpus/
    /// if missing).
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// A synonyms file to use besides the corpus's own (`synonyms.txt` at
    /// its root, and the acronyms it defines): one group a line, `voiture,
    /// automobile` or `portable => ordinateur portable` (see the README).
    #[arg(long, value_name = "FILE")]
    pub synonyms: Option<PathBuf>,
    /// How many of the worst queries to list.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub worst: usize,
    /// Print the report as one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `fouille serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on; 127.0.0.1 keeps the server to this machine.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:7700")]
    pub addr: std::net::SocketAddr,
    /// Whether each request's log line holds its query string (cut to 120
    /// characters); `--log-queries false` leaves queries out of the log.
    #[arg(long, value_name = "true|false", default_value_t = true, action = clap::ArgAction::Set)]
    pub log_queries: bool,
    /// Seconds between two comparisons of the corpus with the index: when
    /// files were added, changed or removed, the server re-indexes and
    /// serves the new index (0: never; `fouille index` still does).
    #[arg(long, value_name = "S", default_value_t = 2)]
    pub rescan: u64,
    /// A synonyms file to search with besides the corpus's own
    /// (`synonyms.txt` at its root, and the acronyms it defines): one
    /// group a line, `voiture, automobile` or `portable => ordinateur
    /// portable` (see the README).
    #[arg(long, value_name = "FILE")]
    pub synonyms: Option<PathBuf>,
    /// Who may ask what.
    #[command(flatten)]
    pub access: ServeAccess,
    /// Limits that keep one client from starving the others.
    #[command(flatten)]
    pub limits: ServeLimits,
    /// Where the corpus and the index are.
    #[command(flatten)]
    pub locations: Locations,
}

/// Access control of `fouille serve`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Access")]
pub struct ServeAccess {
    /// An API key that may search (at least 16 printable characters);
    /// with any key, API requests must send `Authorization: Bearer KEY`.
    /// Several: repeat the flag, or separate them with commas in
    /// FOUILLE_API_KEY (better than the command line, which other users
    /// of the machine can read).
    #[arg(
        long,
        value_name = "KEY",
        env = "FOUILLE_API_KEY",
        hide_env_values = true,
        value_delimiter = ','
    )]
    pub api_key: Vec<String>,
    /// An API key that may also read /stats (FOUILLE_ADMIN_KEY likewise).
    #[arg(
        long,
        value_name = "KEY",
        env = "FOUILLE_ADMIN_KEY",
        hide_env_values = true,
        value_delimiter = ','
    )]
    pub admin_key: Vec<String>,
    /// Serve on a network address without any API key: anyone who can
    /// reach it reads the whole corpus. Without a key or this flag, a
    /// server on anything but loopback refuses to start.
    #[arg(long)]
    pub no_auth: bool,
    /// A host name requests may be addressed to (repeat for several; `*`
    /// for any) [default: the loopback names on loopback, any elsewhere].
    /// Other requests are answered 421: a web page cannot reach the
    /// server by rebinding its domain to this machine.
    #[arg(long, value_name = "NAME")]
    pub allowed_host: Vec<String>,
    /// An origin (`https://host[:port]`) whose pages may call the API
    /// from a browser (CORS; repeat for several). None by default.
    #[arg(long, value_name = "ORIGIN")]
    pub cors_origin: Vec<String>,
    /// How hits name their file: `corpus` with the corpus directory
    /// before it, as the command line does; `relative` from the corpus
    /// root only, naming no path of this machine [default: corpus on
    /// loopback, relative elsewhere].
    #[arg(long, value_name = "corpus|relative", value_parser = ["corpus", "relative"])]
    pub paths: Option<String>,
    /// Serve HTTPS with this certificate chain (PEM), with --tls-key.
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The private key (PEM) of --tls-cert.
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}

/// The limits of `fouille serve` (0 turns a count limit off).
#[derive(Debug, Args)]
#[command(next_help_heading = "Limits")]
pub struct ServeLimits {
    /// Connections open at once, all clients together; more wait to be
    /// accepted (fewer if the open-file limit cannot hold them).
    #[arg(long, value_name = "N", default_value_t = 1024,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1_000_000))]
    pub max_connections: usize,
    /// Requests under way at once; more are answered 503 at once.
    #[arg(long, value_name = "N", default_value_t = 256,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=100_000))]
    pub max_requests: usize,
    /// Connections one client address may hold at once (0: no limit);
    /// more are answered 429. Behind a reverse proxy every client has the
    /// proxy's address: raise it, or set it to 0.
    #[arg(long, value_name = "N", default_value_t = 64)]
    pub client_connections: usize,
    /// Requests a second one client address may make, sustained, with
    /// bursts of twice as many (0: no limit); more are answered 429.
    /// [default: 100 when listening on a network address, 0 on loopback,
    /// where the clients are this machine's own scripts and benchmarks]
    #[arg(long, value_name = "N")]
    pub client_rate: Option<u32>,
    /// Seconds a request may take before it is answered 408.
    #[arg(long, value_name = "S", default_value_t = 10,
          value_parser = clap::builder::RangedU64ValueParser::<u64>::new().range(1..=3600))]
    pub request_timeout: u64,
    /// Seconds a client gets to send a request's headers.
    #[arg(long, value_name = "S", default_value_t = 10,
          value_parser = clap::builder::RangedU64ValueParser::<u64>::new().range(1..=3600))]
    pub header_timeout: u64,
    /// Seconds a connection may stay silent before it is closed.
    #[arg(long, value_name = "S", default_value_t = 30,
          value_parser = clap::builder::RangedU64ValueParser::<u64>::new().range(1..=86_400))]
    pub idle_timeout: u64,
    /// Seconds an answer may wait for its client to read it before the
    /// connection is closed.
    #[arg(long, value_name = "S", default_value_t = 10,
          value_parser = clap::builder::RangedU64ValueParser::<u64>::new().range(1..=3600))]
    pub write_timeout: u64,
}

/// `fouille bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Queries: one per line, or judgements JSON lines (their `query` and
    /// `kind`) [default: the dev judgements tests/data/dev.jsonl].
    #[arg(long, value_name = "FILE")]
    pub queries: Option<PathBuf>,
    /// Instead of a queries file, N queries drawn from the index's own
    /// passages (terms, word bags, phrases, words without accents, typos;
    /// the same index gives the same queries).
    #[arg(long, value_name = "N", conflicts_with = "queries",
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=100_000))]
    pub vocabulary: Option<usize>,
    /// Run for this many seconds (instead of --iterations).
    #[arg(long, value_name = "S", conflicts_with = "iterations")]
    pub duration: Option<f64>,
    /// Run each query this many times [default: 200].
    #[arg(long, value_name = "N")]
    pub iterations: Option<usize>,
    /// Threads searching at once (connections, with --http).
    #[arg(long, value_name = "C", default_value_t = 1,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=4096))]
    pub concurrency: usize,
    /// Untimed runs of each query first.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub warmup: usize,
    /// Hits asked for per query.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub limit: usize,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Also run the queries against a running `fouille serve` at this URL
    /// (`http://HOST:PORT`), over C keep-alive connections, and print both
    /// figures.
    #[arg(long, value_name = "URL")]
    pub http: Option<String>,
    /// Run each query under this filter (as `fouille search --filter`).
    #[arg(long, value_name = "FILTER")]
    pub filter: Option<String>,
    /// Count these facets with each query (as `fouille search --facets`).
    #[arg(long, value_delimiter = ',', value_name = "FIELDS")]
    pub facets: Vec<String>,
    /// Where the corpus and the index are.
    #[command(flatten)]
    pub locations: Locations,
}

/// Commands whose arguments are a query, where `-word` excludes.
const QUERY_COMMANDS: [&str; 3] = ["search", "concord", "stats"];

/// The command line with the excluded words of a query (`fouille search
/// santé -données`, `fouille search -santé`, `-=côté*`, `-"un mot"`)
/// moved after `--`, where they are the query's and not flags the parser
/// does not know. A word is excluded when it starts with one `-` and a
/// letter, a `=` or a quotation mark, and is not a short flag of the
/// command (`-n`, `-n5`, `-C 2`, `-h`); the words keep their order.
pub fn exclusions_as_query(args: impl IntoIterator<Item = OsString>) -> Vec<OsString> {
    use clap::CommandFactory;
    let args: Vec<OsString> = args.into_iter().collect();
    let command = Cli::command();
    // The subcommand is the first argument that is no global flag or its
    // value.
    let mut at = 1;
    while let Some(arg) = args.get(at).and_then(|a| a.to_str()) {
        match arg {
            "--color" => at += 2,
            a if a.starts_with("--color=") => at += 1,
            _ => break,
        }
    }
    let Some(search) = args
        .get(at)
        .and_then(|a| a.to_str())
        .filter(|name| QUERY_COMMANDS.contains(name))
        .and_then(|name| command.find_subcommand(name))
    else {
        return args;
    };
    let shorts: Vec<(char, bool)> = search
        .get_arguments()
        .filter_map(|a| Some((a.get_short()?, a.get_action().takes_values())))
        .chain([('h', false)])
        .collect();
    let is_flag = |word: &str| {
        let mut chars = word.chars();
        let Some(first) = chars.next() else {
            return false;
        };
        let rest = chars.as_str();
        shorts.iter().any(|&(short, takes_value)| {
            short == first
                && (rest.is_empty() || (takes_value && rest.chars().all(|c| c.is_ascii_digit())))
        })
    };
    let mut kept = Vec::with_capacity(args.len() + 1);
    let mut moved = Vec::new();
    let mut rest = args.into_iter();
    for (i, arg) in rest.by_ref().enumerate() {
        if arg == "--" {
            break;
        }
        let excluded = i > at
            && arg.to_str().is_some_and(|a| {
                a.strip_prefix('-').is_some_and(|word| {
                    word.chars()
                        .next()
                        .is_some_and(|c| c.is_alphabetic() || c == '=' || is_quote(c))
                        && !is_flag(word)
                })
            });
        if excluded {
            moved.push(arg);
        } else {
            kept.push(arg);
        }
    }
    let after: Vec<OsString> = rest.collect();
    if moved.is_empty() && after.is_empty() {
        return kept;
    }
    kept.push("--".into());
    kept.extend(after);
    kept.extend(moved);
    kept
}
