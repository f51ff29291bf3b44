//! The document model: what a reader makes of a file, before it is cut
//! into passages.
//!
//! A [`Reader`] turns a file's bytes into a [`Document`]: its text (the
//! string that passages are cut from and that citations quote), its title
//! and metadata, and its blocks (headings, paragraphs, list items, table
//! rows, quotations, code), each with its range in the text, its place in
//! the file (line and byte range) and the heading it stands under. One reader per input format, each in its own
//! module, registered in [`READERS`]; the passages, the index and the
//! ranking know only the document model, so a new format is a new reader
//! and nothing else.
//!
//! Readers today: `plain_text` (text written one paragraph a line or
//! hard-wrapped, in any encoding), `markdown` (CommonMark with tables and
//! front matter), `html` (the main content of a page), `epub` (an
//! e-book's chapters, through the HTML reader), `office` (Word `.docx` and
//! LibreOffice `.odt` documents), `pdf` (PDF files, through poppler's
//! `pdftotext`, with each block's page), `records` (JSON Lines, JSON and
//! CSV datasets, one record one document). The rules that tell page furniture from text
//! ([`boilerplate`]) are for every reader of web-like text.
//!
//! **Citations.** A citation gives the bytes of the file that hold a
//! passage. Each block has its range in the file ([`Block::source`]) and
//! says whether those bytes are its text ([`Block::exact`]: a line of a
//! UTF-8 file). A passage cut from an exact block cites its own bytes, to
//! the byte, even for the parts of a long block; one cut from a block whose
//! text was made (wrapped lines joined, markup removed, decoded from
//! another encoding) cites the whole block.

mod archive;
mod block_writer;
pub(crate) mod boilerplate;
mod decode;
pub(crate) mod epub;
mod html;
mod markdown;
pub(crate) mod office;
pub(crate) mod pdf;
mod plain_text;
mod records;

pub use boilerplate::Furniture;
pub use epub::EpubReader;
pub use html::HtmlReader;
pub use markdown::MarkdownReader;
pub use office::{DocxReader, OdtReader};
pub use pdf::PdfReader;
pub use plain_text::PlainTextReader;
pub use records::{CsvReader, JsonLinesReader, JsonReader};

/// A file read by a `Reader`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The document's text: for a text file, the file itself. Every
    /// [`Block`]'s `start..end` is a range of it.
    pub text: String,
    /// The document's title, when it has one.
    pub title: Option<String>,
    /// What the format says of the document (author, date…), as
    /// `(name, value)` pairs in the order found; plain text has none. Not
    /// indexed yet: the metadata issue stores and filters it.
    pub metadata: Vec<(String, String)>,
    /// The blocks, in reading order, page furniture among them (marked by
    /// [`Block::furniture`]).
    pub blocks: Vec<Block>,
    /// Parts of the source that could not be read at all (an e-book's
    /// chapter missing from its archive).
    pub left_out: u32,
    /// What of the file was not read, said to the user at indexing: pages
    /// without a text layer, a page OCR could not read.
    pub unread: Vec<String>,
    /// The encoding the file was decoded from, when it was not UTF-8.
    pub encoding: Option<&'static str>,
    /// The entries of a container (an e-book's chapters, a dataset's
    /// records), in reading order; empty for a file that is one text.
    /// Blocks name theirs by [`Block::entry`]; a chapter's blocks have
    /// their `source` and `line` in it, a record's in the file.
    pub entries: Vec<Entry>,
    /// For a paged document (a PDF), the 1-based line where each page
    /// starts, page 1 first: block lines count the lines of the whole
    /// document, and a line's page is the last page that starts at or
    /// before it. Empty for a document without pages.
    pub pages: Vec<u32>,
    /// For a paged document, the 1-based row of each line on its page
    /// (line `n` is at `page_rows[n - 1]`): lines side by side, in two
    /// columns, share a row. Empty for a document without pages.
    pub page_rows: Vec<u32>,
}

/// An entry of a container: a document of its own in the index, named
/// `doc!/name`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entry {
    /// Its name: a chapter's path in its archive, a record's id or line.
    pub name: String,
    /// Its own title (a record's), over the container's.
    pub title: Option<String>,
    /// Its own fields (a record's date, author…), over the container's.
    pub metadata: Vec<(String, String)>,
}

impl Entry {
    /// An entry known by its name alone.
    pub fn named(name: impl Into<String>) -> Entry {
        Entry {
            name: name.into(),
            ..Entry::default()
        }
    }
}

/// What kind of block of a document something is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A heading of the given level (1 for the top sections); the title
    /// is not a block.
    Heading {
        /// 1 to 6, as in HTML and Markdown.
        level: u8,
    },
    /// The document's title where the file writes it (its first heading,
    /// a page's `h1`): a passage of its own, but no section, since the
    /// title is every passage's already.
    Title,
    /// A paragraph of running text.
    Paragraph,
    /// An item of a bulleted or numbered list.
    ListItem,
    /// A row of a table.
    TableRow,
    /// A quotation set apart from the text.
    Quotation,
    /// Code or a command, set apart from the text.
    Code,
}

/// One block of a document, located in its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// What the block is.
    pub kind: BlockKind,
    /// Byte offset of the block's first byte in [`Document::text`].
    pub start: usize,
    /// Byte offset just past its last byte.
    pub end: usize,
    /// The bytes of the file the block was read from.
    pub source: std::ops::Range<u64>,
    /// True when those bytes are the block's text itself (a line of a
    /// UTF-8 file); false when the text was made from them (lines joined,
    /// markup removed, decoded from another encoding).
    pub exact: bool,
    /// 1-based line of the file where the block starts.
    pub line: u32,
    /// The heading block it stands under (its index in
    /// [`Document::blocks`]); `None` under the title alone. A heading's
    /// own parent is the heading above it of a higher rank.
    pub parent: Option<u32>,
    /// The id of the nearest element at or above the block in a page
    /// (`page.html#anchor` opens there); `None` where the format has none.
    pub anchor: Option<String>,
    /// The entry of a container it comes from (an index in
    /// [`Document::entries`]); 0 for a file that is one text.
    pub entry: u32,
    /// For a block longer than a passage whose text was made from its
    /// source (not `exact`), places where its words are in the file, in
    /// order, so that each passage cut from it cites its own bytes and
    /// line rather than the whole block's. Empty otherwise.
    pub marks: Vec<SourceMark>,
    /// The rule that judged the block page furniture (navigation, a
    /// newsletter box, a credit, a button label), if one did. Furniture is
    /// never a heading: it opens no section.
    pub furniture: Option<Furniture>,
}

/// Longest passage, in characters. Longer blocks are cut into several
/// passages (by `passage`), and marked (see [`Block::marks`]).
pub const MAX_PASSAGE_CHARS: usize = 1500;

/// A word of a block's text found in the file (see [`Block::marks`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceMark {
    /// Byte offset of the word in the block's text.
    pub text: u32,
    /// Byte offset of the word in the file.
    pub source: u64,
    /// 1-based line of the file where the word is.
    pub line: u32,
}

impl Document {
    /// The text of `block`.
    pub fn text_of(&self, block: &Block) -> &str {
        &self.text[block.start..block.end]
    }

    /// The heading `block` stands directly under, if any.
    pub fn heading_of(&self, block: &Block) -> Option<&str> {
        let parent = self.blocks.get(block.parent? as usize)?;
        Some(self.text_of(parent))
    }

    /// The headings `block` stands under, outermost first (the title
    /// aside).
    pub fn heading_path(&self, block: &Block) -> Vec<&str> {
        let mut path = Vec::new();
        let mut parent = block.parent;
        while let Some(heading) = parent.and_then(|i| self.blocks.get(i as usize)) {
            path.push(self.text_of(heading));
            // Parents come before their children: this always ends.
            parent = heading.parent.filter(|&p| Some(p) < parent);
        }
        path.reverse();
        path
    }

    /// True when the document holds no block to index: not even a
    /// heading or a line of page furniture.
    pub fn has_no_text(&self) -> bool {
        self.blocks.is_empty()
    }

    /// The 1-based page of the 1-based `line`, and the line's 1-based
    /// row on that page; `None` for a document without pages.
    pub fn page_of(&self, line: u32) -> Option<(u32, u32)> {
        let page = self.pages.partition_point(|&start| start <= line);
        let start = *self.pages.get(page.checked_sub(1)?)?;
        let row = line
            .checked_sub(1)
            .and_then(|i| self.page_rows.get(i as usize))
            .copied()
            .unwrap_or(line - start + 1);
        Some((page as u32, row))
    }

    /// The number of blocks judged page furniture.
    pub fn furniture_blocks(&self) -> usize {
        self.blocks.iter().filter(|b| b.furniture.is_some()).count()
    }
}

/// Why a file could not be read as a document. Readers of other formats
/// add their own reasons (a damaged archive, malformed markup).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The file is not in the encoding its format requires.
    #[error("not valid UTF-8 (first bad byte at offset {offset})")]
    NotUtf8 {
        /// Byte offset of the first byte that is not UTF-8.
        offset: usize,
    },
    /// The file holds binary data, not text.
    #[error("binary file (NUL byte at offset {offset})")]
    Binary {
        /// Byte offset of the first NUL byte.
        offset: usize,
    },
    /// The file is not UTF-8 and reads as control characters in the
    /// encoding it looks most like: binary data, not text.
    #[error("binary file (control characters at offset {offset} in {encoding})")]
    ControlCharacters {
        /// The encoding tried.
        encoding: &'static str,
        /// Byte offset of the first control character.
        offset: usize,
    },
    /// The file is not what its format says: not a zip archive, a
    /// package document that cannot be read, an entry missing.
    #[error("malformed: {reason}")]
    Malformed {
        /// What is wrong.
        reason: String,
    },
    /// A container inflates past what fouille reads of one file (a zip
    /// bomb, or a book too large).
    #[error("inflates past {limit} MB: refused (a zip bomb?)")]
    TooLarge {
        /// The bound, in MB.
        limit: u64,
    },
    /// The file's bytes are not valid in the encoding its byte order mark
    /// or its content says.
    #[error("cannot be decoded as {encoding}")]
    Undecodable {
        /// The encoding.
        encoding: &'static str,
    },
    /// The file holds no text to index.
    #[error("no text to index")]
    NoText,
    /// A dataset whose records have no field of text fouille can tell.
    #[error(
        "no text in its records: no field among {fields} is named as text or holds 8 words \
         or more; name it in fouille.toml at the corpus root: [records] text = \"…\""
    )]
    NoRecordText {
        /// The records' fields, as the file names them.
        fields: String,
    },
    /// A PDF whose pages hold no text, only images: a scan. Its text
    /// needs OCR (`fouille index --ocr`); with it, OCR found no text
    /// either.
    #[error(
        "no text layer in its {pages} page{} (a scan?){}",
        if *pages == 1 { "" } else { "s" },
        if *ocr { ", and OCR found no text in them" } else { ": not indexed; `fouille index --ocr` reads scans with Tesseract" }
    )]
    NoTextLayer {
        /// The number of pages.
        pages: u32,
        /// True when the pages were read by OCR too.
        ocr: bool,
    },
    /// The file is encrypted and cannot be read without its password.
    #[error("encrypted: cannot be read without its password")]
    Encrypted,
    /// The tool that reads the format failed: missing, stopped at a bound
    /// of time or memory, or crashed.
    #[error("{reason}")]
    Tool {
        /// What happened, and what to do about it.
        reason: String,
    },
}

/// Reads one input format into a [`Document`].
pub trait Reader: Send + Sync {
    /// True when this reader reads the file whose path in the corpus is
    /// `rel` and whose first bytes are `head`.
    fn accepts(&self, rel: &str, head: &[u8]) -> bool;

    /// Reads a whole file.
    fn read(&self, bytes: Vec<u8>) -> Result<Document, ReadError>;

    /// Reads a whole file as `options` ask; most readers have no option
    /// and read it as [`Reader::read`] does.
    fn read_with(&self, bytes: Vec<u8>, options: &ReadOptions) -> Result<Document, ReadError> {
        let _ = options;
        self.read(bytes)
    }
}

/// The metadata field that lists the pages of a document read by OCR, as
/// ranges: `1-3,7`.
pub const OCR_PAGES: &str = "ocr_pages";

/// `pages` (1-based, ascending) as ranges: `[1, 2, 3, 7]` is `1-3,7`.
pub(crate) fn page_ranges(pages: &[u32]) -> String {
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for &page in pages {
        match ranges.last_mut() {
            Some((_, last)) if *last + 1 == page => *last = page,
            _ => ranges.push((page, page)),
        }
    }
    let ranges: Vec<String> = ranges
        .iter()
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}-{b}")
            }
        })
        .collect();
    ranges.join(",")
}

/// True when `page` is in `ranges` as [`page_ranges`] writes them.
pub fn in_page_ranges(ranges: &str, page: u32) -> bool {
    ranges.split(',').any(|range| {
        let (a, b) = range.split_once('-').unwrap_or((range, range));
        matches!((a.trim().parse::<u32>(), b.trim().parse::<u32>()), (Ok(a), Ok(b)) if (a..=b).contains(&page))
    })
}

/// How to read documents, beyond what their format says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Read the pages of PDFs that have no text layer (scans) by OCR
    /// (`fouille index --ocr`; see [`PdfReader::ocr`]).
    pub ocr: bool,
    /// The names of datasets' fields the corpus's settings give.
    pub records: crate::settings::RecordFields,
}

/// True when the file `rel` (its path in the corpus) ends with one of
/// `extensions` (without their dot), in any case.
pub(crate) fn has_extension(rel: &str, extensions: &[&str]) -> bool {
    rel.rsplit_once('.')
        .is_some_and(|(_, e)| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// Every reader, tried in order: the first that accepts a file reads it.
/// Plain text, last, accepts every file.
pub static READERS: &[&dyn Reader] = &[
    &PdfReader { ocr: false },
    &EpubReader,
    &DocxReader,
    &OdtReader,
    &HtmlReader,
    &MarkdownReader,
    &JsonLinesReader,
    &JsonReader,
    &CsvReader,
    &PlainTextReader,
];

/// The kind of file `rel` is when its name says it is no document (an
/// image, a stylesheet, a script, a font, audio or video, an archive): the
/// files a saved site keeps beside its pages.
pub fn not_a_document(rel: &str) -> Option<&'static str> {
    let extension = rel.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match extension.as_str() {
        "png" | "jpg" | "jpeg" | "gif" | "svg" | "webp" | "ico" | "bmp" | "tif" | "tiff"
        | "avif" => "image",
        "css" => "stylesheet",
        "js" | "mjs" => "script",
        "woff" | "woff2" | "ttf" | "otf" | "eot" => "font",
        "mp3" | "mp4" | "ogg" | "oga" | "ogv" | "webm" | "wav" | "m4a" | "avi" | "mov" => "media",
        "zip" | "gz" | "tgz" | "bz2" | "xz" | "7z" | "rar" | "tar" | "deb" => "archive",
        // Not read yet: their bytes are no text, and would be indexed as
        // garbage where they hold no NUL byte.
        "doc" | "rtf" | "xls" | "xlsx" | "ods" | "ppt" | "pptx" | "odp" => "office document",
        _ => return None,
    })
}

/// Reads the file `rel` (its path in the corpus: the extension chooses
/// the reader, then its first bytes) whose bytes are `bytes`, as indexing
/// does: what `fouille` keeps of a file, for tools that check a reader
/// (`examples/read.rs`).
pub fn read_document(rel: &str, bytes: Vec<u8>) -> Result<Document, ReadError> {
    read_document_with(rel, bytes, &ReadOptions::default())
}

/// [`read_document`], as `options` ask.
pub fn read_document_with(
    rel: &str,
    bytes: Vec<u8>,
    options: &ReadOptions,
) -> Result<Document, ReadError> {
    let head = &bytes[..bytes.len().min(1024)];
    reader_for(rel, head).read_with(bytes, options)
}

/// The reader for the file `rel` whose first bytes are `head`.
pub fn reader_for(rel: &str, head: &[u8]) -> &'static dyn Reader {
    READERS
        .iter()
        .copied()
        .find(|r| r.accepts(rel, head))
        .unwrap_or(&PlainTextReader)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_paths_follow_heading_levels() {
        let text = "# T\n\n## A\n\n### B\n\nLe premier paragraphe, sous B.\n\n## C\n\nLe second paragraphe, sous C.\n"
            .to_string();
        let document = PlainTextReader.read(text.into_bytes()).unwrap();
        let paths: Vec<Vec<&str>> = document
            .blocks
            .iter()
            .filter(|b| !matches!(b.kind, BlockKind::Heading { .. } | BlockKind::Title))
            .map(|b| document.heading_path(b))
            .collect();
        assert_eq!(paths, [vec!["A", "B"], vec!["C"]]);
        assert_eq!(document.title.as_deref(), Some("T"));
    }

    #[test]
    fn images_and_styles_beside_pages_are_no_documents() {
        assert_eq!(not_a_document("images/prev.PNG"), Some("image"));
        assert_eq!(not_a_document("site/style.css"), Some("stylesheet"));
        assert_eq!(not_a_document("rapport.PDF"), None);
        assert_eq!(not_a_document("statuts.rtf"), Some("office document"));
        assert_eq!(not_a_document("notes.txt"), None);
        assert_eq!(not_a_document("page.html"), None);
        assert_eq!(not_a_document("sans-extension"), None);
    }

    #[test]
    fn every_file_has_a_reader() {
        for name in ["a.txt", "a.md", "a.MARKDOWN", "sans-extension"] {
            let text = b"# Titre\n\nUn paragraphe de texte.\n";
            let document = reader_for(name, text).read(text.to_vec());
            assert_eq!(document.unwrap().title.as_deref(), Some("Titre"), "{name}");
        }
    }
}
