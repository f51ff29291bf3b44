//! Word (`.docx`, Office Open XML) and LibreOffice (`.odt`, OpenDocument)
//! text documents: paragraphs, list items and table rows as blocks,
//! headings as sections, and the document's properties.
//!
//! Both are zip archives of XML (read with `zip` and `quick-xml`, as EPUB
//! is, within the same bounds: see `super::archive`). The body is one
//! entry, `word/document.xml` or `content.xml`, and each block cites its
//! element's bytes in that entry ([`Document::entries`]); its "line" is
//! its ordinal among the document's blocks, as a word processor numbers
//! paragraphs.
//!
//! - **Headings**: a Word paragraph whose style is a built-in `heading N`
//!   (whatever the style is called in the document's language: `Titre1`
//!   is `heading 1` in `styles.xml`) or has an outline level; an ODF
//!   `text:h` with its `text:outline-level`. The style `Title` makes the
//!   title block.
//! - **Lists and tables**: a paragraph with numbering (`w:numPr`), or in a
//!   list style, or in an ODF `text:list-item`, is a list item; a table
//!   row is one block, its cells joined by ` | `, as the HTML reader does.
//! - **Left out**: footnotes and endnotes, comments, headers and footers
//!   (running text that repeats on every page), deleted text of tracked
//!   changes, field codes.
//! - **Properties**: `docProps/core.xml` or `meta.xml` give the title,
//!   author, dates, language, subject and keywords; the title falls back
//!   on the first `Title` paragraph.

use std::ops::Range;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader as XmlReader;

use super::archive::{attribute, malformed, resolve, Archive, Fields};
use super::block_writer::BlockWriter;
use super::decode::decode_declared;
use super::{has_extension, BlockKind, Document, Entry, ReadError, Reader};

/// Reads Word documents (`.docx`).
#[derive(Debug, Clone, Copy, Default)]
pub struct DocxReader;

/// Reads OpenDocument text documents (`.odt`).
#[derive(Debug, Clone, Copy, Default)]
pub struct OdtReader;

impl Reader for DocxReader {
    fn accepts(&self, rel: &str, _head: &[u8]) -> bool {
        has_extension(rel, &["docx"])
    }

    fn read(&self, bytes: Vec<u8>) -> Result<Document, ReadError> {
        let mut archive = Archive::open(bytes)?;
        let styles = match archive.entry_text("word/styles.xml") {
            Ok(xml) => Styles::read(&xml),
            Err(ReadError::Malformed { .. }) => Styles::default(),
            Err(e) => return Err(e),
        };
        let properties = optional(&mut archive, "docProps/core.xml")?;
        let body = "word/document.xml";
        let xml = archive.entry_text(body)?;
        let blocks = docx_blocks(&xml, &styles)?;
        Ok(document(xml, body, blocks, properties))
    }
}

impl Reader for OdtReader {
    fn accepts(&self, rel: &str, _head: &[u8]) -> bool {
        has_extension(rel, &["odt"])
    }

    fn read(&self, bytes: Vec<u8>) -> Result<Document, ReadError> {
        let mut archive = Archive::open(bytes)?;
        let properties = optional(&mut archive, "meta.xml")?;
        let body = "content.xml";
        let xml = archive.entry_text(body)?;
        let blocks = odt_blocks(&xml)?;
        Ok(document(xml, body, blocks, properties))
    }
}

/// The properties of the entry `path`, if the archive has it.
fn optional(archive: &mut Archive, path: &str) -> Result<Vec<(String, String)>, ReadError> {
    match archive.entry_text(path) {
        Ok(xml) => Ok(properties(&xml)),
        Err(ReadError::Malformed { .. }) => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

/// A block as a reader found it in the body's XML.
struct Found {
    kind: BlockKind,
    /// Its words, blanks collapsed.
    text: String,
    /// Its element's bytes in the XML.
    range: Range<usize>,
}

/// The document of a body `xml` (the archive's entry `entry`) whose blocks
/// are `found`, with the `properties` of the file.
fn document(
    xml: String,
    entry: &str,
    found: Vec<Found>,
    properties: Vec<(String, String)>,
) -> Document {
    let title = properties
        .iter()
        .find(|(name, _)| name == "title")
        .map(|(_, value)| value.clone())
        .or_else(|| {
            found
                .iter()
                .find(|b| b.kind == BlockKind::Title)
                .map(|b| b.text.clone())
        });
    // The body is UTF-8 (the archive said so): its text is its bytes.
    let decoded = decode_declared(xml.into_bytes(), None);
    let Ok(decoded) = decoded else {
        return Document {
            text: String::new(),
            title,
            metadata: properties,
            blocks: Vec::new(),
            left_out: 1,
            unread: Vec::new(),
            encoding: None,
            entries: Vec::new(),
            pages: Vec::new(),
            page_rows: Vec::new(),
        };
    };
    let mut writer = BlockWriter::new(&decoded, false);
    for (ordinal, block) in found.iter().enumerate() {
        writer.push(
            block.kind,
            &block.text,
            block.range.clone(),
            false,
            ordinal as u32 + 1,
            None,
        );
    }
    let (text, blocks) = writer.finish();
    Document {
        text: text.unwrap_or_default(),
        title,
        metadata: properties,
        blocks,
        left_out: 0,
        unread: Vec::new(),
        encoding: None,
        entries: vec![Entry::named(entry)],
        pages: Vec::new(),
        page_rows: Vec::new(),
    }
}

/// A paragraph being read.
struct Paragraph {
    start: usize,
    text: String,
    kind: BlockKind,
}

impl Paragraph {
    fn new(start: usize, kind: BlockKind) -> Self {
        Paragraph {
            start,
            text: String::new(),
            kind,
        }
    }
}

/// `text` with its blanks collapsed to single spaces, trimmed.
fn collapsed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Collects the blocks of a body: paragraphs (nested ones, in a text box,
/// become blocks of their own) and table rows.
#[derive(Default)]
struct Collector {
    found: Vec<Found>,
    paragraphs: Vec<Paragraph>,
    /// Depth of tables; rows and cells are those of the outermost.
    tables: u32,
    /// The row being read: its start and its cells.
    row: Option<(usize, Vec<String>)>,
    /// The cell being read.
    cell: Option<String>,
}

impl Collector {
    fn text(&mut self, text: &str) {
        if let Some(p) = self.paragraphs.last_mut() {
            p.text.push_str(text);
        }
    }

    fn open(&mut self, start: usize, kind: BlockKind) {
        self.paragraphs.push(Paragraph::new(start, kind));
    }

    fn kind(&mut self, kind: BlockKind) {
        if let Some(p) = self.paragraphs.last_mut() {
            // A heading or a title says more than a list's numbering.
            if p.kind == BlockKind::Paragraph || kind != BlockKind::ListItem {
                p.kind = kind;
            }
        }
    }

    fn close(&mut self, end: usize) {
        let Some(p) = self.paragraphs.pop() else {
            return;
        };
        let text = collapsed(&p.text);
        if text.is_empty() {
            return;
        }
        if self.paragraphs.is_empty() {
            if let Some(cell) = &mut self.cell {
                if !cell.is_empty() {
                    cell.push(' ');
                }
                cell.push_str(&text);
                return;
            }
        }
        self.found.push(Found {
            kind: p.kind,
            text,
            range: p.start..end,
        });
    }

    fn table(&mut self, opens: bool) {
        if opens {
            self.tables += 1;
        } else {
            self.tables = self.tables.saturating_sub(1);
        }
    }

    fn row(&mut self, start: usize, opens: bool, end: usize) {
        if self.tables != 1 || !self.paragraphs.is_empty() {
            return;
        }
        if opens {
            self.row = Some((start, Vec::new()));
        } else if let Some((start, cells)) = self.row.take() {
            if cells.iter().any(|c| !c.is_empty()) {
                self.found.push(Found {
                    kind: BlockKind::TableRow,
                    text: cells.join(" | "),
                    range: start..end,
                });
            }
        }
    }

    fn cell(&mut self, opens: bool) {
        if self.tables != 1 || !self.paragraphs.is_empty() {
            return;
        }
        if opens {
            self.cell = Some(String::new());
        } else if let (Some(cell), Some((_, cells))) = (self.cell.take(), &mut self.row) {
            cells.push(cell);
        }
    }
}

/// The styles of a Word document: style id → what a paragraph in it is.
#[derive(Default)]
struct Styles {
    kinds: Vec<(String, BlockKind)>,
}

impl Styles {
    fn read(xml: &str) -> Styles {
        let mut styles = Styles::default();
        let mut reader = XmlReader::from_str(xml);
        // The style being read: its id, name and outline level.
        let mut style: Option<(String, String, Option<u8>)> = None;
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) if e.local_name().as_ref() == "style" => {
                    style = attribute(&e, "styleId").map(|id| (id, String::new(), None));
                }
                Ok(Event::Start(e) | Event::Empty(e)) => {
                    if let Some((_, name, outline)) = &mut style {
                        match e.local_name().as_ref() {
                            "name" => *name = attribute(&e, "val").unwrap_or_default(),
                            "outlineLvl" => *outline = level(&e),
                            _ => {}
                        }
                    }
                }
                Ok(Event::End(e)) if e.local_name().as_ref() == "style" => {
                    if let Some((id, name, outline)) = style.take() {
                        if let Some(kind) = style_kind(&name, outline) {
                            styles.kinds.push((id, kind));
                        }
                    }
                }
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
        styles
    }

    /// What a paragraph of style `id` is.
    fn kind(&self, id: &str) -> BlockKind {
        self.kinds
            .iter()
            .find(|(style, _)| style == id)
            .map(|(_, kind)| *kind)
            .or_else(|| style_kind(id, None))
            .unwrap_or(BlockKind::Paragraph)
    }
}

/// What a paragraph of the style named `name` (or with that id, when the
/// document has no styles) with outline level `outline` is, when not a
/// plain paragraph.
fn style_kind(name: &str, outline: Option<u8>) -> Option<BlockKind> {
    let name = name.to_ascii_lowercase().replace(' ', "");
    if let Some(level) = outline {
        return Some(BlockKind::Heading { level });
    }
    if let Some(n) = name.strip_prefix("heading") {
        let level = n.parse::<u8>().ok()?.clamp(1, 6);
        return Some(BlockKind::Heading { level });
    }
    match name.as_str() {
        "title" => Some(BlockKind::Title),
        "quote" | "intensequote" => Some(BlockKind::Quotation),
        _ if name.starts_with("list") => Some(BlockKind::ListItem),
        _ => None,
    }
}

/// A heading level (1 to 6) from an outline level attribute (0-based).
fn level(element: &BytesStart) -> Option<u8> {
    let value: u8 = attribute(element, "val")?.parse().ok()?;
    // Level 9 is Word's "body text".
    (value < 9).then(|| (value + 1).min(6))
}

/// Calls `each(before, event, after)` with every event of the body `xml`
/// (the archive's entry `entry`) and the byte offsets before and after
/// it, up to its end; malformed XML is an error naming the entry.
fn each_event(
    xml: &str,
    entry: &str,
    mut each: impl FnMut(usize, Event<'_>, usize),
) -> Result<(), ReadError> {
    let mut reader = XmlReader::from_str(xml);
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|e| malformed(&format!("{entry}: {e}")))?;
        if matches!(event, Event::Eof) {
            return Ok(());
        }
        let after = reader.buffer_position() as usize;
        each(before, event, after);
    }
}

/// The blocks of a Word body (`word/document.xml`).
fn docx_blocks(xml: &str, styles: &Styles) -> Result<Vec<Found>, ReadError> {
    let mut blocks = Collector::default();
    // Inside a `w:t` (text): the only text read.
    let mut in_text = false;
    each_event(
        xml,
        "word/document.xml",
        |before, event, after| match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "p" => blocks.open(before, BlockKind::Paragraph),
                "t" => in_text = true,
                "tbl" => blocks.table(true),
                "tr" => blocks.row(before, true, after),
                "tc" => blocks.cell(true),
                _ => docx_property(&e, styles, &mut blocks),
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" | "br" | "cr" => blocks.text(" "),
                _ => docx_property(&e, styles, &mut blocks),
            },
            Event::Text(text) if in_text => blocks.text(&text),
            Event::GeneralRef(reference) if in_text => blocks.text(&resolve(&reference)),
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => blocks.close(after),
                "tc" => blocks.cell(false),
                "tr" => blocks.row(before, false, after),
                "tbl" => blocks.table(false),
                _ => {}
            },
            _ => {}
        },
    )?;
    Ok(blocks.found)
}

/// A paragraph property of a Word body: its style, outline level or
/// numbering.
fn docx_property(element: &BytesStart, styles: &Styles, blocks: &mut Collector) {
    match element.local_name().as_ref() {
        "pStyle" => {
            if let Some(id) = attribute(element, "val") {
                blocks.kind(styles.kind(&id));
            }
        }
        "outlineLvl" => {
            if let Some(level) = level(element) {
                blocks.kind(BlockKind::Heading { level });
            }
        }
        "numPr" => blocks.kind(BlockKind::ListItem),
        _ => {}
    }
}

/// The blocks of an OpenDocument body (`content.xml`).
fn odt_blocks(xml: &str) -> Result<Vec<Found>, ReadError> {
    let mut blocks = Collector::default();
    // Depth of list items, and of notes and annotations (left out).
    let (mut items, mut skipped) = (0u32, 0u32);
    each_event(xml, "content.xml", |before, event, after| match event {
        Event::Start(e) => match e.local_name().as_ref() {
            "note" | "annotation" | "tracked-changes" => skipped += 1,
            _ if skipped > 0 => {}
            "h" => {
                let level = attribute(&e, "outline-level")
                    .and_then(|l| l.parse::<u8>().ok())
                    .unwrap_or(1)
                    .clamp(1, 6);
                blocks.open(before, BlockKind::Heading { level });
            }
            "p" => {
                let kind = if attribute(&e, "style-name").as_deref() == Some("Title") {
                    BlockKind::Title
                } else if items > 0 {
                    BlockKind::ListItem
                } else {
                    BlockKind::Paragraph
                };
                blocks.open(before, kind);
            }
            "list-item" => items += 1,
            "table" => blocks.table(true),
            "table-row" => blocks.row(before, true, after),
            "table-cell" => blocks.cell(true),
            _ => {}
        },
        Event::Empty(e) if skipped == 0 => match e.local_name().as_ref() {
            "s" => {
                let count = attribute(&e, "c")
                    .and_then(|c| c.parse::<usize>().ok())
                    .unwrap_or(1)
                    .min(64);
                blocks.text(&" ".repeat(count));
            }
            "tab" | "line-break" => blocks.text(" "),
            _ => {}
        },
        Event::Text(text) if skipped == 0 => blocks.text(&text),
        Event::GeneralRef(reference) if skipped == 0 => blocks.text(&resolve(&reference)),
        Event::End(e) => match e.local_name().as_ref() {
            "note" | "annotation" | "tracked-changes" => skipped = skipped.saturating_sub(1),
            _ if skipped > 0 => {}
            "h" | "p" => blocks.close(after),
            "list-item" => items = items.saturating_sub(1),
            "table-cell" => blocks.cell(false),
            "table-row" => blocks.row(before, false, after),
            "table" => blocks.table(false),
            _ => {}
        },
        _ => {}
    })?;
    Ok(blocks.found)
}

/// The properties of a `docProps/core.xml` or a `meta.xml`, as
/// `(name, value)` pairs: `title`, `author`, `date` (created), `modified`,
/// `lang`, `subject`, `tags`.
fn properties(xml: &str) -> Vec<(String, String)> {
    let mut fields = Fields::default();
    let mut reader = XmlReader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => fields.start(match e.local_name().as_ref() {
                "title" => Some("title"),
                "creator" | "initial-creator" => Some("author"),
                "created" | "creation-date" => Some("date"),
                "modified" | "date" => Some("modified"),
                "language" => Some("lang"),
                "subject" => Some("subject"),
                "keywords" | "keyword" => Some("tags"),
                _ => None,
            }),
            Ok(Event::Text(text)) => fields.text(&text),
            Ok(Event::GeneralRef(reference)) => fields.text(&resolve(&reference)),
            Ok(Event::End(_)) => fields.end(),
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    fields.found
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::archive::zip_of;
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn para(style: Option<&str>, text: &str) -> String {
        let style = style.map_or(String::new(), |s| {
            format!(r#"<w:pPr><w:pStyle w:val="{s}"/></w:pPr>"#)
        });
        format!(r#"<w:p>{style}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
    }

    /// A Word document of our own: a title, headings in French style ids,
    /// a list, a table, a footnote reference and deleted text.
    pub(crate) fn docx() -> Vec<u8> {
        let body = [
            para(Some("Titre"), "Rapport sur l’eau potable"),
            para(Some("Titre1"), "Qualité de l’eau"),
            para(None, "Les analyses montrent une eau conforme &amp; sûre."),
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Nitrates sous le seuil</w:t></w:r></w:p>"#.to_string(),
            r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Commune</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Taux</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>Lyon</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>12 mg/l</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#.to_string(),
            para(Some("Titre2"), "Méthode"),
            r#"<w:p><w:r><w:t>Prélèvements</w:t></w:r><w:r><w:tab/><w:t>mensuels</w:t></w:r><w:del><w:r><w:delText>supprimé</w:delText></w:r></w:del><w:r><w:footnoteReference w:id="1"/></w:r></w:p>"#.to_string(),
        ]
        .concat();
        let document = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>"#
        );
        let styles = format!(
            r#"<?xml version="1.0"?><w:styles {W}><w:style w:type="paragraph" w:styleId="Titre"><w:name w:val="Title"/></w:style><w:style w:type="paragraph" w:styleId="Titre1"><w:name w:val="heading 1"/></w:style><w:style w:type="paragraph" w:styleId="Titre2"><w:name w:val="heading 2"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style></w:styles>"#
        );
        let core = r#"<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"><dc:title>Rapport eau 2025</dc:title><dc:creator>Agence de l’eau</dc:creator><dcterms:created>2025-02-11T09:00:00Z</dcterms:created><dc:language>fr-FR</dc:language></cp:coreProperties>"#;
        zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", document.as_bytes()),
            ("word/styles.xml", styles.as_bytes()),
            ("docProps/core.xml", core.as_bytes()),
        ])
    }

    /// An OpenDocument text of our own, with the same parts.
    pub(crate) fn odt() -> Vec<u8> {
        let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:text><text:p text:style-name="Title">Rapport sur l’eau potable</text:p><text:h text:outline-level="1">Qualité de l’eau</text:h><text:p>Les analyses<text:s text:c="2"/>montrent une eau <text:span>conforme</text:span> &amp; sûre.<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Note de bas de page</text:p></text:note-body></text:note></text:p><text:list><text:list-item><text:p>Nitrates sous le seuil</text:p></text:list-item></text:list><table:table><table:table-row><table:table-cell><text:p>Commune</text:p></table:table-cell><table:table-cell><text:p>Taux</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell><text:p>Lyon</text:p></table:table-cell><table:table-cell><text:p>12 mg/l</text:p></table:table-cell></table:table-row></table:table><text:h text:outline-level="2">Méthode</text:h><text:p>Prélèvements<text:tab/>mensuels<office:annotation><text:p>commentaire</text:p></office:annotation></text:p></office:text></office:body></office:document-content>"#;
        let meta = r#"<?xml version="1.0"?><office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta><dc:title>Rapport eau 2025</dc:title><meta:initial-creator>Agence de l’eau</meta:initial-creator><meta:creation-date>2025-02-11T09:00:00</meta:creation-date><dc:language>fr-FR</dc:language></office:meta></office:document-meta>"#;
        zip_of(&[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", content.as_bytes()),
            ("meta.xml", meta.as_bytes()),
        ])
    }

    /// (kind, text, line, heading path) of each block.
    fn blocks(document: &Document) -> Vec<(BlockKind, &str, u32, Vec<&str>)> {
        document
            .blocks
            .iter()
            .map(|b| {
                (
                    b.kind,
                    document.text_of(b),
                    b.line,
                    document.heading_path(b),
                )
            })
            .collect()
    }

    fn expected() -> Vec<(BlockKind, &'static str, u32, Vec<&'static str>)> {
        let h1 = "Qualité de l’eau";
        vec![
            (BlockKind::Title, "Rapport sur l’eau potable", 1, vec![]),
            (BlockKind::Heading { level: 1 }, h1, 2, vec![]),
            (
                BlockKind::Paragraph,
                "Les analyses montrent une eau conforme & sûre.",
                3,
                vec![h1],
            ),
            (BlockKind::ListItem, "Nitrates sous le seuil", 4, vec![h1]),
            (BlockKind::TableRow, "Commune | Taux", 5, vec![h1]),
            (BlockKind::TableRow, "Lyon | 12 mg/l", 6, vec![h1]),
            (BlockKind::Heading { level: 2 }, "Méthode", 7, vec![h1]),
            (
                BlockKind::Paragraph,
                "Prélèvements mensuels",
                8,
                vec![h1, "Méthode"],
            ),
        ]
    }

    #[test]
    fn a_word_document_gives_its_paragraphs_lists_rows_and_sections() {
        let document = DocxReader.read(docx()).unwrap();
        assert_eq!(blocks(&document), expected());
        assert_eq!(document.title.as_deref(), Some("Rapport eau 2025"));
        assert_eq!(
            document.metadata,
            [
                ("title".to_string(), "Rapport eau 2025".to_string()),
                ("author".to_string(), "Agence de l’eau".to_string()),
                ("date".to_string(), "2025-02-11T09:00:00Z".to_string()),
                ("lang".to_string(), "fr-FR".to_string()),
            ]
        );
        assert_eq!(document.entries, [Entry::named("word/document.xml")]);
    }

    #[test]
    fn an_opendocument_text_gives_the_same_without_notes_and_comments() {
        let document = OdtReader.read(odt()).unwrap();
        assert_eq!(blocks(&document), expected());
        assert_eq!(document.title.as_deref(), Some("Rapport eau 2025"));
        assert_eq!(document.metadata[1].1, "Agence de l’eau");
        assert_eq!(document.entries, [Entry::named("content.xml")]);
    }

    #[test]
    fn a_block_cites_its_element_in_the_body() {
        let document = DocxReader.read(docx()).unwrap();
        let mut archive = Archive::open(docx()).unwrap();
        let xml = archive.entry_text("word/document.xml").unwrap();
        let row = &document.blocks[5];
        let cited = &xml[row.source.start as usize..row.source.end as usize];
        assert!(
            cited.starts_with("<w:tr>") && cited.ends_with("</w:tr>"),
            "{cited}"
        );
        assert!(cited.contains("Lyon"));
    }

    #[test]
    fn broken_archives_and_xml_are_refused_with_a_reason() {
        let not_zip = DocxReader.read(b"PK\x03\x04 pas une archive".to_vec());
        assert!(
            matches!(not_zip, Err(ReadError::Malformed { .. })),
            "{not_zip:?}"
        );
        let no_body = OdtReader.read(zip_of(&[("meta.xml", b"<x/>")]));
        assert!(
            matches!(no_body, Err(ReadError::Malformed { .. })),
            "{no_body:?}"
        );
        let broken = DocxReader.read(zip_of(&[(
            "word/document.xml",
            b"<w:document><w:body><w:p><w:t>texte</w:p></w:body>",
        )]));
        let Err(ReadError::Malformed { reason }) = broken else {
            panic!("{broken:?}");
        };
        assert!(reason.starts_with("word/document.xml:"), "{reason}");
    }

    #[test]
    fn a_body_that_inflates_past_the_bound_is_refused() {
        let zeros = vec![b' '; (super::super::archive::MAX_ENTRY_BYTES + 1024) as usize];
        let bomb = zip_of(&[("content.xml", &zeros)]);
        assert!(bomb.len() < 1 << 20);
        assert!(matches!(
            OdtReader.read(bomb),
            Err(ReadError::TooLarge { .. })
        ));
    }
}
