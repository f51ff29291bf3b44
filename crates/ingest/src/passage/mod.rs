//! Passages: the units a reader cites, cut from a document's blocks.
//!
//! A passage is a block of text (paragraph, list item, table row,
//! quotation, code), or a heading: a heading is the `section` of the
//! passages under it and a passage of its own too, so that a line read as a
//! heading (a short step of a procedure, a line without a full stop) is
//! never lost. Page furniture is cut into passages like any block, and
//! carries its rule ([`Passage::furniture`]). A block longer than [`MAX_PASSAGE_CHARS`] is cut
//! into several passages ([`split`]), numbered by `part`. Every passage
//! keeps the exact byte range of its text in the document's text, so that
//! `&document.text[start..end]` is always the passage; [`PassageId`] names
//! it.

mod id;
mod split;

pub use id::PassageId;

pub use crate::document::MAX_PASSAGE_CHARS;
use crate::document::{Block, BlockKind, Document, Furniture};

/// What kind of block of the source a passage is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PassageKind {
    /// A paragraph of running text.
    Paragraph,
    /// An item of a bulleted or numbered list.
    ListItem,
    /// A row of a table.
    TableRow,
    /// A quotation set apart from the text.
    Quotation,
    /// Code or a command set apart from the text.
    Code,
    /// A heading: the section of the passages under it, searchable as a
    /// passage of its own.
    Heading,
}

impl PassageKind {
    /// The kind's name, as citations give it.
    pub fn name(self) -> &'static str {
        match self {
            PassageKind::Paragraph => "paragraph",
            PassageKind::ListItem => "list_item",
            PassageKind::TableRow => "table_row",
            PassageKind::Quotation => "quotation",
            PassageKind::Code => "code",
            PassageKind::Heading => "heading",
        }
    }

    /// The kind of passage a block gives.
    fn of_block(kind: BlockKind) -> PassageKind {
        match kind {
            BlockKind::Heading { .. } | BlockKind::Title => PassageKind::Heading,
            BlockKind::Paragraph => PassageKind::Paragraph,
            BlockKind::ListItem => PassageKind::ListItem,
            BlockKind::TableRow => PassageKind::TableRow,
            BlockKind::Quotation => PassageKind::Quotation,
            BlockKind::Code => PassageKind::Code,
        }
    }
}

/// One passage of a document, located in its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// 1-based line of the text where the passage's block starts.
    pub line: u32,
    /// 1-based part number among the passages that start on this line:
    /// the parts of a long block cut into several passages, or blocks that
    /// share a line; 1 for a passage alone on its line. With the line, it
    /// makes the passage's id unique in its document.
    pub part: u32,
    /// Byte offset of the passage's first byte in the document's text.
    pub start: usize,
    /// Byte offset just past the passage's last byte.
    pub end: usize,
    /// The bytes of the file it cites: exactly the passage when the text
    /// is the file itself, its whole block otherwise (see
    /// `crate::document`).
    pub source: std::ops::Range<u64>,
    /// True when the file's bytes `source` are the passage's text itself.
    pub exact: bool,
    /// What block of the source the passage is.
    pub kind: PassageKind,
    /// The block it was cut from (an index in the document's blocks): its
    /// heading and its container entry are the block's.
    pub block: u32,
    /// The rule that judged its block page furniture, if one did.
    pub furniture: Option<Furniture>,
}

/// Cuts a document's blocks into passages, in reading order.
pub fn cut(document: &Document) -> Vec<Passage> {
    let mut passages: Vec<Passage> = Vec::with_capacity(document.blocks.len());
    // The line and entry of the last passage, to number the parts of one line.
    let mut last_place: Option<(u32, u32)> = None;
    for (index, block) in document.blocks.iter().enumerate() {
        let kind = PassageKind::of_block(block.kind);
        let text = document.text_of(block);
        let verbatim = block.exact;
        for (start, end) in split::cut_long(text) {
            // A part of a long block whose text was made from its source
            // cites the bytes between the marks around it, and the line of
            // the first: its words are there, in order.
            let (line, source) = match marked(block, start, end) {
                Some(place) => place,
                None if verbatim => {
                    // The block's bytes are its text: a part's bytes are
                    // at the same distance from the block's start.
                    let from = |at: usize| block.source.start + at as u64;
                    (block.line, from(start)..from(end))
                }
                None => (block.line, block.source.clone()),
            };
            let part = match passages.last() {
                Some(last) if last_place == Some((line, block.entry)) => last.part + 1,
                _ => 1,
            };
            last_place = Some((line, block.entry));
            let (start, end) = (block.start + start, block.start + end);
            passages.push(Passage {
                line,
                part,
                start,
                end,
                source,
                exact: verbatim,
                kind,
                block: index as u32,
                furniture: block.furniture,
            });
        }
    }
    passages
}

/// The line and bytes of the file that hold the part `start..end` (offsets
/// in the block's text) of a marked block: from the last mark at or before
/// its start to the second mark after its end (one more for safety: a
/// short word may have been found a little early), or the block's end.
fn marked(block: &Block, start: usize, end: usize) -> Option<(u32, std::ops::Range<u64>)> {
    if block.marks.is_empty() {
        return None;
    }
    let before = block.marks.partition_point(|m| m.text as usize <= start);
    let (line, from) = match before.checked_sub(1) {
        Some(i) => (block.marks[i].line, block.marks[i].source),
        None => (block.line, block.source.start),
    };
    let after = block.marks.partition_point(|m| (m.text as usize) < end) + 1;
    let to = block
        .marks
        .get(after)
        .map_or(block.source.end, |m| m.source)
        .max(from);
    Some((line, from..to))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{PlainTextReader, Reader};

    fn read(source: &str) -> Document {
        PlainTextReader.read(source.as_bytes().to_vec()).unwrap()
    }

    fn texts<'a>(document: &'a Document, passages: &[Passage]) -> Vec<&'a str> {
        passages
            .iter()
            .map(|p| &document.text[p.start..p.end])
            .collect()
    }

    fn section<'a>(document: &'a Document, passage: &Passage) -> Option<&'a str> {
        document.heading_of(&document.blocks[passage.block as usize])
    }

    #[test]
    fn blocks_are_passages_and_headings_are_sections() {
        let document = read("Titre de l’article\nPremier paragraphe.\nUne section\n- un item : oui.\nA | B |\n---|---|\nx | y |\n");
        let passages = cut(&document);
        assert_eq!(
            texts(&document, &passages),
            [
                "Titre de l’article",
                "Premier paragraphe.",
                "Une section",
                "- un item : oui.",
                "A | B |",
                "x | y |"
            ]
        );
        let kinds: Vec<PassageKind> = passages.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [
                PassageKind::Heading,
                PassageKind::Paragraph,
                PassageKind::Heading,
                PassageKind::ListItem,
                PassageKind::TableRow,
                PassageKind::TableRow
            ]
        );
        // The title and headings are passages, under the heading above
        // them (none here).
        assert_eq!(section(&document, &passages[0]), None);
        assert_eq!(section(&document, &passages[1]), None);
        assert_eq!(section(&document, &passages[2]), None);
        assert_eq!(section(&document, &passages[3]), Some("Une section"));
        let lines: Vec<u32> = passages.iter().map(|p| p.line).collect();
        assert_eq!(lines, [1, 2, 3, 4, 5, 7]);
        assert!(passages.iter().all(|p| p.furniture.is_none()));
    }

    #[test]
    fn long_blocks_become_several_passages_with_exact_offsets() {
        let sentence = "Une phrase de longueur moyenne qui parle de santé numérique. ";
        let document = read(&format!("Titre\n{}\nFin.", sentence.repeat(60)));
        let passages = cut(&document);
        // The title, then the parts of line 2.
        let passages = &passages[1..];
        let parts: Vec<u32> = passages.iter().map(|p| p.part).collect();
        assert_eq!(parts[..3], [1, 2, 3]);
        assert!(passages[..parts.len() - 1].iter().all(|p| p.line == 2));
        for passage in passages {
            let text = &document.text[passage.start..passage.end];
            assert!(text.chars().count() <= MAX_PASSAGE_CHARS);
        }
    }

    #[test]
    fn parts_of_a_long_wrapped_paragraph_cite_their_own_lines_and_bytes() {
        // One paragraph of about 3,200 characters wrapped at 72 columns:
        // each of its passages cites the line it starts on and bytes that
        // hold its words, not the whole paragraph.
        let sentences: Vec<String> = (1..=30)
            .map(|i| format!("Article {i} : le commissaire aux comptes numéro {i} vérifie les comptes annuels de l'association avant l'assemblée."))
            .collect();
        let mut source = String::from("Statuts de l'association\n\n");
        let mut line = String::new();
        for word in sentences.join(" ").split(' ') {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > 72 {
                source.push_str(&line);
                source.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        source.push_str(&line);
        source.push('\n');
        let document = read(&source);
        let passages = cut(&document);
        assert!(passages.len() >= 3, "{}", passages.len());
        for passage in &passages {
            let text = &document.text[passage.start..passage.end];
            let cited = &source[passage.source.start as usize..passage.source.end as usize];
            assert!(
                cited.len() < text.len() + 400,
                "{} bytes cited for {}",
                cited.len(),
                text.len()
            );
            // The words, in order, in the cited bytes.
            let mut rest = cited;
            for word in text.split_whitespace() {
                let at = rest
                    .find(word)
                    .unwrap_or_else(|| panic!("{word} not in {cited:?}"));
                rest = &rest[at + word.len()..];
            }
            // The line is the one the passage's first word is on.
            let first = text.split_whitespace().next().unwrap();
            let line_start = source[..passage.source.start as usize]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            let on_line = source[..line_start].matches('\n').count() as u32 + 1;
            assert_eq!(passage.line, on_line, "{text:.40}");
            assert!(
                source[passage.source.start as usize..].starts_with(first),
                "{first}"
            );
        }
    }

    #[test]
    fn blocks_on_one_line_are_parts_of_it_and_extracted_text_cites_its_block() {
        // As a reader of markup gives them: two list items on line 3 of the
        // file, their text extracted.
        let block = |start, end, source: std::ops::Range<u64>| crate::document::Block {
            kind: BlockKind::ListItem,
            start,
            end,
            source,
            exact: false,
            line: 3,
            parent: None,
            anchor: None,
            entry: 0,
            marks: Vec::new(),
            furniture: None,
        };
        let text = "un élément\ndeux éléments".to_string();
        let second = text.find("deux").unwrap();
        let document = Document {
            blocks: vec![
                block(0, second - 1, 40..58),
                block(second, text.len(), 58..80),
            ],
            text,
            title: None,
            metadata: Vec::new(),
            left_out: 0,
            unread: Vec::new(),
            encoding: None,
            entries: Vec::new(),
            pages: Vec::new(),
            page_rows: Vec::new(),
        };
        let passages = cut(&document);
        let places: Vec<(u32, u32, std::ops::Range<u64>)> = passages
            .iter()
            .map(|p| (p.line, p.part, p.source.clone()))
            .collect();
        assert_eq!(places, [(3, 1, 40..58), (3, 2, 58..80)]);
        assert_eq!(texts(&document, &passages), ["un élément", "deux éléments"]);
    }

    #[test]
    fn page_furniture_is_cut_into_passages_that_carry_their_rule() {
        let document = read(
            "Le titre\nUn paragraphe de l’article, complet.\nRecevez notre newsletter\nOverlay Image\n",
        );
        let passages = cut(&document);
        let cut: Vec<(&str, Option<Furniture>)> = passages
            .iter()
            .map(|p| (&document.text[p.start..p.end], p.furniture))
            .collect();
        assert_eq!(
            cut,
            [
                ("Le titre", None),
                ("Un paragraphe de l’article, complet.", None),
                ("Recevez notre newsletter", Some(Furniture::WebCue)),
                ("Overlay Image", Some(Furniture::Fragment)),
            ]
        );
    }

    #[test]
    fn empty_and_blank_sources_have_no_passages() {
        assert!(cut(&read("")).is_empty());
        assert!(cut(&read("\n \n\t\n")).is_empty());
    }

    #[test]
    fn kinds_have_the_names_citations_give() {
        let names: Vec<&str> = [
            PassageKind::Paragraph,
            PassageKind::ListItem,
            PassageKind::TableRow,
            PassageKind::Heading,
        ]
        .iter()
        .map(|k| k.name())
        .collect();
        assert_eq!(names, ["paragraph", "list_item", "table_row", "heading"]);
    }
}
