//! The passage table: everything a search needs to rank, highlight and cite
//! a passage, one lookup away.
//!
//! tantivy finds the candidates; for each one, the engine then needs its
//! text, its stored tokens (see [`crate::store::tokens`]), its section heading
//! with that heading's tokens, its title, file, line and byte offsets.
//! Reading them from tantivy's document store means decompressing a block
//! and decoding every field of the document, for each of the candidates of
//! every query. The table is written beside the index instead, once per
//! generation, and read in place (memory-mapped through tantivy's
//! directory): a passage is found by its ordinal (the `ord` fast field) in
//! constant time, and nothing is copied until a hit is returned.
//!
//! Layout, little-endian, in one file ([`IndexFile::Table`]):
//!
//! - the data, document after document: its name, file path and title;
//!   then each section heading (text, tokens) of its passages; then each
//!   passage (text, tokens);
//! - the passage records ([`PASSAGE_BYTES`] each, in ordinal order), the
//!   section records ([`SECTION_BYTES`]), the document records
//!   ([`DOC_BYTES`]);
//! - a footer ([`FOOTER_BYTES`]): where each record array starts and how
//!   many records it holds, the format version (`FORMAT.table_version`)
//!   and a magic number.
//!
//! Every offset is checked when read: a truncated or damaged table gives an
//! error or `None`, never a panic. [`write`] writes it during a build.
//!
//! [`IndexFile::Table`]: crate::store::IndexFile::Table

mod write;

use tantivy::directory::OwnedBytes;

use crate::document::Furniture;
use crate::error::DamagedTable;
use crate::passage::{PassageId, PassageKind};
use crate::store::tokens::StoredTokens;
use crate::store::FORMAT;

pub(crate) use write::TableWriter;

const MAGIC: &[u8; 8] = b"FOUILLEt";
/// Bytes of a passage record.
const PASSAGE_BYTES: usize = 80;
/// Bytes of a section record.
const SECTION_BYTES: usize = 36;

/// What parts the headings above a section in its record: a character no
/// heading holds (the unit separator).
pub(crate) const HEADINGS_APART: &str = "\u{1f}";
/// Bytes of a document record.
const DOC_BYTES: usize = 60;
/// Bytes of the footer.
const FOOTER_BYTES: usize = 3 * 12 + 4 + 8;
/// Flag of a passage record: its text was made from the file's bytes, it
/// is not those bytes (see [`PassageInfo::exact`]). Records written before
/// the flag have 0 there: their passages were all exact.
const MADE: u8 = 1;

/// A span of the data: offset and length in bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Span {
    offset: u64,
    len: u32,
}

/// What the table records of a passage besides its text and tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PassageInfo {
    /// 1-based line of the passage in its file.
    pub line: u32,
    /// Part of the line (1 unless a long line was split).
    pub part: u32,
    /// Byte offset of the passage's start in its file.
    pub start: u64,
    /// Byte offset just past its end.
    pub end: u64,
    /// Paragraph, list item, table row, quotation, code or heading.
    pub kind: PassageKind,
    /// True when the file's bytes `start..end` are the passage's text
    /// itself; false when its text was made from them (wrapped lines
    /// joined, decoded from another encoding).
    pub exact: bool,
    /// The rule that judged the passage page furniture, if one did: it is
    /// left out of results unless they are asked to include furniture.
    pub furniture: Option<Furniture>,
    /// For a passage of a paged document (a PDF), its 1-based page and its
    /// 1-based line on that page; `None` elsewhere.
    pub page: Option<(u32, u32)>,
}

/// The code of a passage kind in a passage record.
fn kind_code(kind: PassageKind) -> u8 {
    match kind {
        PassageKind::Paragraph => 0,
        PassageKind::ListItem => 1,
        PassageKind::TableRow => 2,
        PassageKind::Quotation => 3,
        PassageKind::Code => 4,
        PassageKind::Heading => 5,
    }
}

/// The passage kind of a code; `None` for a code no kind has.
fn kind_of_code(code: u8) -> Option<PassageKind> {
    Some(match code {
        0 => PassageKind::Paragraph,
        1 => PassageKind::ListItem,
        2 => PassageKind::TableRow,
        3 => PassageKind::Quotation,
        4 => PassageKind::Code,
        5 => PassageKind::Heading,
        _ => return None,
    })
}

/// A record array: where it starts, how many records, how big each is.
#[derive(Debug, Clone, Copy)]
struct Records {
    offset: usize,
    count: usize,
    size: usize,
}

/// A passage table opened for reading.
#[derive(Clone)]
pub struct PassageTable {
    bytes: OwnedBytes,
    passages: Records,
    sections: Records,
    docs: Records,
}

fn damaged(why: &str) -> DamagedTable {
    DamagedTable(why.to_string())
}

impl PassageTable {
    /// Reads the table in `bytes` (the whole file), checking its footer and
    /// that every record array lies inside it.
    pub fn open(bytes: OwnedBytes) -> std::result::Result<PassageTable, DamagedTable> {
        let data = bytes.as_slice();
        if data.len() < FOOTER_BYTES {
            return Err(damaged("shorter than its footer"));
        }
        let footer = &data[data.len() - FOOTER_BYTES..];
        if &footer[FOOTER_BYTES - 8..] != MAGIC {
            return Err(damaged("no table footer (truncated or not a table)"));
        }
        let version = u32_at(footer, 36).unwrap_or(0);
        if version != FORMAT.table_version {
            return Err(damaged(&format!(
                "table version {version}, expected {}",
                FORMAT.table_version
            )));
        }
        let body = data.len() - FOOTER_BYTES;
        let records = |at: usize, size: usize| -> std::result::Result<Records, DamagedTable> {
            let offset = u64_at(footer, at).unwrap_or(u64::MAX);
            let count = u32_at(footer, at + 8).unwrap_or(u32::MAX) as usize;
            let end = usize::try_from(offset)
                .ok()
                .and_then(|o| o.checked_add(count.checked_mul(size)?));
            match end {
                Some(end) if end <= body => Ok(Records {
                    offset: offset as usize,
                    count,
                    size,
                }),
                _ => Err(damaged("a record array lies outside the file")),
            }
        };
        Ok(PassageTable {
            passages: records(0, PASSAGE_BYTES)?,
            sections: records(12, SECTION_BYTES)?,
            docs: records(24, DOC_BYTES)?,
            bytes,
        })
    }

    /// Number of passages.
    pub fn len(&self) -> usize {
        self.passages.count
    }

    /// Number of documents (a container's entries count one each).
    pub fn doc_count(&self) -> usize {
        self.docs.count
    }

    /// True when the table holds no passage.
    pub fn is_empty(&self) -> bool {
        self.passages.count == 0
    }

    /// The passage whose id is `id` (see [`PassageId`]); `None` when there
    /// is none. The document is found by name, its passages (consecutive)
    /// by binary search on the document number, then on line and part.
    pub fn find(&self, id: &str) -> Option<PassageRef<'_>> {
        let PassageId {
            doc: name,
            line,
            part,
        } = PassageId::parse(id)?;
        let doc = (0..u32::try_from(self.docs.count).ok()?)
            .find(|&i| self.doc(i).is_some_and(|d| d.name == name))?;
        let place_of = |ord: u32| self.passage(ord).map(|p| (p.doc, p.info.line, p.info.part));
        let ord = self.first_ord(|ord| place_of(ord) < Some((doc, line, part)))?;
        (place_of(ord) == Some((doc, line, part)))
            .then(|| self.passage(ord))
            .flatten()
    }

    /// The ordinals of the passages of document `doc` (consecutive, as
    /// the table holds a document's passages together), found by binary
    /// search; empty for a document without passages or out of range.
    pub fn doc_passages(&self, doc: u32) -> std::ops::Range<u32> {
        let start = |doc: u32| {
            self.first_ord(|ord| self.passage(ord).is_some_and(|p| p.doc < doc))
                .unwrap_or(0)
        };
        start(doc)..start(doc.saturating_add(1))
    }

    /// The first ordinal for which `before` is false, `before` being true
    /// for a prefix of the passages.
    fn first_ord(&self, before: impl Fn(u32) -> bool) -> Option<u32> {
        let (mut low, mut high) = (0u32, u32::try_from(self.len()).ok()?);
        while low < high {
            let middle = low + (high - low) / 2;
            if before(middle) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        Some(low)
    }

    fn record(&self, records: Records, index: usize) -> Option<&[u8]> {
        if index >= records.count {
            return None;
        }
        let at = records.offset + index * records.size;
        self.bytes.as_slice().get(at..at + records.size)
    }

    fn span(&self, record: &[u8], at: usize) -> Option<&[u8]> {
        let offset = usize::try_from(u64_at(record, at)?).ok()?;
        let len = u32_at(record, at + 8)? as usize;
        self.bytes.as_slice().get(offset..offset.checked_add(len)?)
    }

    fn text(&self, record: &[u8], at: usize) -> Option<&str> {
        std::str::from_utf8(self.span(record, at)?).ok()
    }

    /// The passage of ordinal `ord`; `None` when there is none or its
    /// record is damaged.
    pub fn passage(&self, ord: u32) -> Option<PassageRef<'_>> {
        let record = self.record(self.passages, ord as usize)?;
        let kind = kind_of_code(*record.get(56)?)?;
        let exact = record.get(57)? & MADE == 0;
        let furniture = match *record.get(58)? {
            0 => None,
            code => Some(Furniture::of_code(code)?),
        };
        Some(PassageRef {
            ord,
            text: self.span(record, 0)?,
            tokens: StoredTokens::new(self.span(record, 12)?),
            section: u32_at(record, 24)?,
            doc: u32_at(record, 28)?,
            anchor: self.span(record, 60)?,
            info: PassageInfo {
                line: u32_at(record, 32)?,
                part: u32_at(record, 36)?,
                start: u64_at(record, 40)?,
                end: u64_at(record, 48)?,
                kind,
                exact,
                furniture,
                page: match (u32_at(record, 72)?, u32_at(record, 76)?) {
                    (0, _) => None,
                    (page, line) => Some((page, line)),
                },
            },
            table: self,
        })
        .filter(|p| p.info.start <= p.info.end)
    }

    /// The section heading number `index`.
    pub fn section(&self, index: u32) -> Option<SectionRef<'_>> {
        let record = self.record(self.sections, index as usize)?;
        Some(SectionRef {
            index,
            heading: self.span(record, 0)?,
            tokens: StoredTokens::new(self.span(record, 12)?),
            above: self.span(record, 24)?,
        })
    }

    /// The document number `index`.
    pub fn doc(&self, index: u32) -> Option<DocRef<'_>> {
        let record = self.record(self.docs, index as usize)?;
        Some(DocRef {
            name: self.text(record, 0)?,
            file: self.text(record, 12)?,
            title: self.text(record, 24)?,
            part: self.text(record, 36)?,
            metadata: self.text(record, 48)?,
        })
    }
}

/// A passage read from the table.
#[derive(Clone, Copy)]
pub struct PassageRef<'a> {
    table: &'a PassageTable,
    /// Its ordinal.
    pub ord: u32,
    /// Its text, checked as UTF-8 only when asked for (see
    /// [`PassageRef::text`]): ranking does not need it.
    text: &'a [u8],
    /// Its tokens, offsets relative to `text`.
    pub tokens: StoredTokens<'a>,
    section: u32,
    doc: u32,
    /// The anchor of the passage in its page, checked as UTF-8 when asked
    /// for (see [`PassageRef::anchor`]).
    anchor: &'a [u8],
    /// Line, offsets and kind.
    pub info: PassageInfo,
}

impl<'a> PassageRef<'a> {
    /// Its text, exactly as in the source file; `None` when the table is
    /// damaged.
    pub fn text(&self) -> Option<&'a str> {
        std::str::from_utf8(self.text).ok()
    }

    /// The section heading the passage is under (empty heading when under
    /// the title); `None` when the table is damaged.
    pub fn section(&self) -> Option<SectionRef<'a>> {
        self.table.section(self.section)
    }

    /// The document the passage is in; `None` when the table is damaged.
    pub fn doc(&self) -> Option<DocRef<'a>> {
        self.table.doc(self.doc)
    }

    /// The id of the nearest element at or above the passage in its page
    /// (`file#anchor` opens there); `None` when it has none or the table
    /// is damaged.
    pub fn anchor(&self) -> Option<&'a str> {
        std::str::from_utf8(self.anchor)
            .ok()
            .filter(|a| !a.is_empty())
    }

    /// The passage `delta` ordinals away in the table (of this document
    /// or another); `None` past either end or when damaged.
    pub fn beside(&self, delta: i64) -> Option<PassageRef<'a>> {
        let ord = u32::try_from(i64::from(self.ord) + delta).ok()?;
        self.table.passage(ord)
    }

    /// The document number, to tell whether two passages share a document.
    pub fn doc_index(&self) -> u32 {
        self.doc
    }

    /// The section heading's number in the table: with
    /// [`PassageRef::doc_index`], whether two passages share a section.
    pub fn section_index(&self) -> u32 {
        self.section
    }
}

/// A section heading read from the table.
#[derive(Debug, Clone, Copy)]
pub struct SectionRef<'a> {
    /// Its number: equal numbers, same heading.
    pub index: u32,
    /// The heading as in the source, checked as UTF-8 only when asked for
    /// (see [`SectionRef::heading`]): ranking does not need it.
    heading: &'a [u8],
    /// Its tokens, offsets relative to `heading`.
    pub tokens: StoredTokens<'a>,
    /// The headings above it, parted by [`HEADINGS_APART`].
    above: &'a [u8],
}

impl<'a> SectionRef<'a> {
    /// The heading as in the source; `None` when the table is damaged.
    pub fn heading(&self) -> Option<&'a str> {
        std::str::from_utf8(self.heading).ok()
    }

    /// The heading path: the headings above the section, outermost first,
    /// then its own (empty under none); `None` when the table is damaged.
    pub fn path(&self) -> Option<Vec<&'a str>> {
        let above = std::str::from_utf8(self.above).ok()?;
        let mut path: Vec<&str> = above
            .split(HEADINGS_APART)
            .filter(|h| !h.is_empty())
            .collect();
        path.extend(self.heading().filter(|h| !h.is_empty()));
        Some(path)
    }
}

/// A document read from the table.
#[derive(Debug, Clone, Copy, Default)]
pub struct DocRef<'a> {
    /// Its name: the file's path in the corpus without extension.
    pub name: &'a str,
    /// The file's path relative to the corpus directory.
    pub file: &'a str,
    /// The article title.
    pub title: &'a str,
    /// Inside a container (an e-book), the entry the passage comes from;
    /// empty for a file that is one document.
    pub part: &'a str,
    /// The document's metadata, as [`DocRef::metadata`] gives it.
    metadata: &'a str,
}

/// Separates a metadata field's name from its value in the table.
const FIELD: char = '\u{1f}';
/// Ends a metadata field in the table.
const RECORD: char = '\u{1e}';

/// A document's metadata as the table stores it: `name FIELD value RECORD`
/// for each field.
pub(crate) fn encode_metadata(fields: &[(String, String)]) -> String {
    let mut out = String::new();
    for (name, value) in fields {
        let clean = |s: &str| s.replace([FIELD, RECORD], " ");
        out.push_str(&clean(name));
        out.push(FIELD);
        out.push_str(&clean(value));
        out.push(RECORD);
    }
    out
}

impl<'a> DocRef<'a> {
    /// The document's metadata (`author`, `date`, `url`, `lang`…), as its
    /// reader found it, in order.
    pub fn metadata(&self) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        self.metadata
            .split(RECORD)
            .filter_map(|field| field.split_once(FIELD))
    }

    /// The value of the metadata field `name`, if the document has it.
    pub fn field(&self, name: &str) -> Option<&'a str> {
        self.metadata().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// True when the document's page `page` (1-based) was a scan read by
    /// OCR (see [`OCR_PAGES`](crate::document::OCR_PAGES)).
    pub fn read_by_ocr(&self, page: u32) -> bool {
        self.field(crate::document::OCR_PAGES)
            .is_some_and(|pages| crate::document::in_page_ranges(pages, page))
    }
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::FrenchAnalyzer;
    use crate::store::tokens::{encode, term_hash};
    use crate::store::IndexFile;
    use std::path::Path;

    const TABLE_FILE: &str = IndexFile::Table.name();

    fn info(line: u32) -> PassageInfo {
        PassageInfo {
            line,
            part: 1,
            start: 10,
            end: 20,
            kind: PassageKind::ListItem,
            exact: line.is_multiple_of(2),
            furniture: (line == 3).then_some(Furniture::LinkList),
            page: (line == 4).then_some((2, 7)),
        }
    }

    fn write_table(dir: &Path) {
        let analyzer = FrenchAnalyzer::new();
        let mut writer = TableWriter::create(dir).unwrap();
        let metadata = [("author".to_string(), "Claire".to_string())];
        let doc = writer
            .add_doc("a", "a.txt", "Titre", "", &metadata)
            .unwrap();
        let heading = "Données de santé";
        let section = writer
            .add_section(
                heading,
                &encode(&analyzer.analyze(heading), &[]),
                &["Rapport", "Santé publique"].join(HEADINGS_APART),
            )
            .unwrap();
        for (line, text) in [(3, "L’interopérabilité"), (4, "Les systèmes")] {
            let tokens = encode(&analyzer.analyze(text), &[]);
            writer
                .add_passage(text, &tokens, section, doc, info(line), "sec")
                .unwrap();
        }
        writer.finish().unwrap();
    }

    #[test]
    fn reads_back_what_was_written() {
        let dir = tempfile::tempdir().unwrap();
        write_table(dir.path());
        let bytes = std::fs::read(dir.path().join(TABLE_FILE)).unwrap();
        let table = PassageTable::open(OwnedBytes::new(bytes)).unwrap();
        assert_eq!(table.len(), 2);
        let p = table.passage(1).unwrap();
        assert_eq!(
            (p.ord, p.text(), p.info),
            (1, Some("Les systèmes"), info(4))
        );
        let first = table.passage(0).unwrap();
        let token = first.tokens.get(0).unwrap();
        assert_eq!(token.hash, term_hash("interoper"));
        assert_eq!(
            &first.text().unwrap()[token.start..token.end],
            "interopérabilité"
        );
        let section = p.section().unwrap();
        assert_eq!(section.heading(), Some("Données de santé"));
        assert_eq!(section.tokens.len(), 3);
        assert_eq!(
            section.path(),
            Some(vec!["Rapport", "Santé publique", "Données de santé"])
        );
        let doc = p.doc().unwrap();
        assert_eq!((doc.name, doc.file, doc.title), ("a", "a.txt", "Titre"));
        assert_eq!(
            (doc.part, doc.field("author"), doc.field("date")),
            ("", Some("Claire"), None)
        );
        assert_eq!(p.anchor(), Some("sec"));
        assert!(table.passage(2).is_none());
    }

    #[test]
    fn passages_are_found_by_id() {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = TableWriter::create(dir.path()).unwrap();
        for (name, lines) in [
            ("a", &[(3, 1), (4, 1), (4, 2), (9, 1)][..]),
            ("b:c", &[(1, 1), (3, 1)]),
        ] {
            let doc = writer
                .add_doc(name, "f.txt", "T", "ch1.xhtml", &[])
                .unwrap();
            let section = writer.add_section("", &[], "").unwrap();
            for &(line, part) in lines {
                let info = PassageInfo { part, ..info(line) };
                writer
                    .add_passage("x", &[], section, doc, info, "")
                    .unwrap();
            }
        }
        writer.finish().unwrap();
        let bytes = std::fs::read(dir.path().join(TABLE_FILE)).unwrap();
        let table = PassageTable::open(OwnedBytes::new(bytes)).unwrap();
        for (id, ord) in [
            ("a:3", 0),
            ("a:4", 1),
            ("a:4.2", 2),
            ("a:9", 3),
            ("b:c:1", 4),
            ("b:c:3", 5),
        ] {
            assert_eq!(table.find(id).map(|p| p.ord), Some(ord), "{id}");
        }
        for id in [
            "a:5",
            "a:4.3",
            "a:03",
            "a:3.1",
            "a:+3",
            "a:",
            "a",
            "c:1",
            "b:1",
            ":3",
            "a:3.",
            "a:99999999999",
        ] {
            assert!(table.find(id).is_none(), "{id}");
        }
    }

    #[test]
    fn a_damaged_table_is_an_error_or_none_never_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        write_table(dir.path());
        let whole = std::fs::read(dir.path().join(TABLE_FILE)).unwrap();
        for cut in 0..whole.len() {
            let _ = PassageTable::open(OwnedBytes::new(whole[..cut].to_vec()));
        }
        for at in 0..whole.len() {
            let mut bytes = whole.clone();
            bytes[at] ^= 0xa5;
            if let Ok(table) = PassageTable::open(OwnedBytes::new(bytes)) {
                for ord in 0..3 {
                    if let Some(p) = table.passage(ord) {
                        let _ = (p.section(), p.doc(), p.tokens.iter().count());
                    }
                }
            }
        }
        assert!(PassageTable::open(OwnedBytes::new(whole[..whole.len() - 1].to_vec())).is_err());
    }
}
