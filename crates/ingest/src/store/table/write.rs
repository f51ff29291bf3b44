//! Writing a passage table during a build.

use std::fs::File;
use std::path::{Path, PathBuf};

use super::{
    kind_code, PassageInfo, Span, DOC_BYTES, FOOTER_BYTES, MADE, MAGIC, PASSAGE_BYTES,
    SECTION_BYTES,
};
use crate::error::{IngestError, Result};
use crate::store::sync::SyncingWriter;
use crate::store::{IndexFile, FORMAT};

#[derive(Debug, Clone, Copy)]
struct PassageRecord {
    text: Span,
    tokens: Span,
    section: u32,
    doc: u32,
    anchor: Span,
    info: PassageInfo,
}

/// Writes a table, streaming the data to disk as passages come; only the
/// fixed-size records are kept in memory until [`TableWriter::finish`].
pub(crate) struct TableWriter {
    out: SyncingWriter,
    path: PathBuf,
    passages: Vec<PassageRecord>,
    sections: Vec<(Span, Span, Span)>,
    docs: Vec<[Span; 5]>,
}

impl TableWriter {
    /// Creates the table in the generation directory `dir`.
    pub(crate) fn create(dir: &Path) -> Result<TableWriter> {
        let path = dir.join(IndexFile::Table.name());
        let file = File::create(&path).map_err(|e| IngestError::io(&path, e))?;
        Ok(TableWriter {
            out: SyncingWriter::new(file, 1 << 20),
            path,
            passages: Vec::new(),
            sections: Vec::new(),
            docs: Vec::new(),
        })
    }

    fn data(&mut self, bytes: &[u8]) -> Result<Span> {
        let len = u32::try_from(bytes.len()).map_err(|_| {
            IngestError::io(&self.path, std::io::Error::other("a value over 4 GiB"))
        })?;
        let offset = self.out.written();
        self.out
            .write_all(bytes)
            .map_err(|e| IngestError::io(&self.path, e))?;
        Ok(Span { offset, len })
    }

    /// Adds a document: its name, file, title, part (the entry of a
    /// container, or empty) and metadata; returns its number for
    /// [`TableWriter::add_passage`].
    pub(crate) fn add_doc(
        &mut self,
        name: &str,
        file: &str,
        title: &str,
        part: &str,
        metadata: &[(String, String)],
    ) -> Result<u32> {
        let spans = [
            self.data(name.as_bytes())?,
            self.data(file.as_bytes())?,
            self.data(title.as_bytes())?,
            self.data(part.as_bytes())?,
            self.data(super::encode_metadata(metadata).as_bytes())?,
        ];
        self.docs.push(spans);
        Ok(self.docs.len() as u32 - 1)
    }

    /// Adds a section heading with its stored tokens and the headings
    /// above it, outermost first, parted by [`super::HEADINGS_APART`];
    /// returns its number.
    pub(crate) fn add_section(&mut self, heading: &str, tokens: &[u8], above: &str) -> Result<u32> {
        let spans = (
            self.data(heading.as_bytes())?,
            self.data(tokens)?,
            self.data(above.as_bytes())?,
        );
        self.sections.push(spans);
        Ok(self.sections.len() as u32 - 1)
    }

    /// Adds the next passage (ordinals follow the order of the calls);
    /// returns its ordinal.
    pub(crate) fn add_passage(
        &mut self,
        text: &str,
        tokens: &[u8],
        section: u32,
        doc: u32,
        info: PassageInfo,
        anchor: &str,
    ) -> Result<u32> {
        let record = PassageRecord {
            text: self.data(text.as_bytes())?,
            tokens: self.data(tokens)?,
            section,
            doc,
            anchor: self.data(anchor.as_bytes())?,
            info,
        };
        self.passages.push(record);
        Ok(self.passages.len() as u32 - 1)
    }

    /// Writes the records and the footer, and syncs the file.
    pub(crate) fn finish(mut self) -> Result<()> {
        let mut records = Vec::with_capacity(self.passages.len() * PASSAGE_BYTES);
        for p in &self.passages {
            put_span(&mut records, p.text);
            put_span(&mut records, p.tokens);
            records.extend_from_slice(&p.section.to_le_bytes());
            records.extend_from_slice(&p.doc.to_le_bytes());
            records.extend_from_slice(&p.info.line.to_le_bytes());
            records.extend_from_slice(&p.info.part.to_le_bytes());
            records.extend_from_slice(&p.info.start.to_le_bytes());
            records.extend_from_slice(&p.info.end.to_le_bytes());
            let flags = if p.info.exact { 0 } else { MADE };
            let furniture = p.info.furniture.map_or(0, |f| f.code());
            records.extend_from_slice(&[kind_code(p.info.kind), flags, furniture, 0]);
            put_span(&mut records, p.anchor);
            let (page, line) = p.info.page.unwrap_or((0, 0));
            records.extend_from_slice(&page.to_le_bytes());
            records.extend_from_slice(&line.to_le_bytes());
            debug_assert_eq!(records.len() % PASSAGE_BYTES, 0);
        }
        let passages = (self.data(&records)?.offset, self.passages.len());
        records.clear();
        for (heading, tokens, above) in &self.sections {
            put_span(&mut records, *heading);
            put_span(&mut records, *tokens);
            put_span(&mut records, *above);
        }
        debug_assert_eq!(records.len(), self.sections.len() * SECTION_BYTES);
        let sections = (self.data(&records)?.offset, self.sections.len());
        records.clear();
        for spans in &self.docs {
            spans.iter().for_each(|s| put_span(&mut records, *s));
        }
        debug_assert_eq!(records.len(), self.docs.len() * DOC_BYTES);
        let docs = (self.data(&records)?.offset, self.docs.len());
        let mut footer = Vec::with_capacity(FOOTER_BYTES);
        for (offset, count) in [passages, sections, docs] {
            footer.extend_from_slice(&offset.to_le_bytes());
            footer.extend_from_slice(&(count as u32).to_le_bytes());
        }
        footer.extend_from_slice(&FORMAT.table_version.to_le_bytes());
        footer.extend_from_slice(MAGIC);
        self.data(&footer)?;
        let path = self.path;
        self.out.finish().map_err(|e| IngestError::io(path, e))
    }
}

fn put_span(out: &mut Vec<u8>, span: Span) {
    out.extend_from_slice(&span.offset.to_le_bytes());
    out.extend_from_slice(&span.len.to_le_bytes());
}
