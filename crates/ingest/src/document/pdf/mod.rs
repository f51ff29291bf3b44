//! PDF files: text page by page in reading order, paragraphs and headings
//! found from the layout, running heads set apart, and each block's page.
//!
//! **Why poppler's tools.** Measured on three real French PDFs that ship
//! with a text version of the same content (the Debian FAQ, the new
//! maintainers' guide and the Debian reference, 404 pages; see the
//! README), `pdftotext` found 97.8–99.3 % of the text version's words at
//! 290–500 pages/s; the pure-Rust `pdf-extract` (on `lopdf`) found as
//! many words at about half the speed, but gives characters without
//! reading order (two columns come out interleaved), adds 33 crates to the
//! build, and runs in the indexing process, where a PDF that loops or
//! panics cannot be stopped. Poppler runs as a child process instead:
//! bounded in time and memory, killed if it hangs, and a crash costs one
//! file. So fouille needs `pdftotext`, `pdftohtml` and `pdfinfo` (Debian's
//! `poppler-utils`) to read PDFs; without them, each PDF is listed as not
//! read, with the package to install.
//!
//! - `pdftotext -bbox-layout` gives the words with their boxes, in reading
//!   order, and the document information (title, author, dates):
//!   [`layout`] makes the blocks.
//! - `pdftohtml -xml` gives the outline (bookmarks), the headings' best
//!   source, and the runs of text with their fonts: which words are bold
//!   or in a typewriter face ([`faces`]).
//! - `pdfinfo -meta` gives the XMP metadata, for what the document
//!   information lacks.
//! - With [`PdfReader::ocr`] (`fouille index --ocr`), pages without text
//!   (scans) are drawn by `pdftoppm` and read by Tesseract ([`ocr`]); the
//!   document lists them in its `ocr_pages` metadata.
//!
//! Citations: a PDF has no bytes to cite, so a block's `source` is empty;
//! its `line` counts the lines of the whole document, pages one after the
//! other, and [`Document::pages`] says where each page starts, so that
//! each passage cites its page and its line on that page.

mod faces;
#[cfg(any(test, feature = "fixtures"))]
pub mod fixture;
mod layout;
mod ocr;
mod tools;

use std::ffi::OsStr;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use quick_xml::events::Event;
use quick_xml::Reader as XmlReader;

use super::block_writer::BlockWriter;
use super::decode::decode_declared;
use super::{
    has_extension, page_ranges, Document, ReadError, ReadOptions, Reader, SourceMark,
    MAX_PASSAGE_CHARS, OCR_PAGES,
};

/// Reads PDF files (`.pdf`), through poppler's command-line tools.
#[derive(Debug, Clone, Copy, Default)]
pub struct PdfReader {
    /// Read the pages without a text layer (scans) by OCR ([`ocr`]);
    /// otherwise they are counted as left out, and a PDF of scans only is
    /// refused as such.
    pub ocr: bool,
}

impl Reader for PdfReader {
    fn accepts(&self, rel: &str, head: &[u8]) -> bool {
        has_extension(rel, &["pdf"]) || head.starts_with(b"%PDF-")
    }

    fn read(&self, bytes: Vec<u8>) -> Result<Document, ReadError> {
        read_pdf(
            bytes,
            PAGES_AT_A_TIME,
            self.ocr.then_some(OCR_TIME_PER_FILE),
        )
    }

    fn read_with(&self, bytes: Vec<u8>, options: &ReadOptions) -> Result<Document, ReadError> {
        let ocr = self.ocr || options.ocr;
        read_pdf(bytes, PAGES_AT_A_TIME, ocr.then_some(OCR_TIME_PER_FILE))
    }
}

/// The longest a file's pages are read by OCR: a page takes about 3 s
/// on one core, so a scan of about 1,000 pages on two. Pages not started
/// by then are said unread, so that one huge scan cannot hold up a build.
const OCR_TIME_PER_FILE: Duration = Duration::from_secs(30 * 60);

/// Reads a PDF, `pages_at_a_time` pages by each run of `pdftotext`, its
/// pages without text by OCR when `ocr` gives the time OCR may take.
fn read_pdf(
    bytes: Vec<u8>,
    pages_at_a_time: u32,
    ocr: Option<Duration>,
) -> Result<Document, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Malformed {
            reason: "empty file".into(),
        });
    }
    if !bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
    {
        return Err(ReadError::Malformed {
            reason: "not a PDF file (no %PDF- header)".into(),
        });
    }
    let temp = tools::TempFile::new(&bytes, "pdf")?;
    drop(bytes);
    let path = temp.path().as_os_str();
    // pdfinfo says first whether the file opens (an encrypted one needs
    // its password) and how many pages it has.
    let info = tools::run("pdfinfo", &[path])?;
    let pages = String::from_utf8_lossy(&info)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse::<u32>().ok())
        .unwrap_or(0);
    // The outline, the fonts and the XMP are extras: a PDF whose text
    // reads but whose outline does not is still read. A tool missing is
    // not.
    let extra = |program: &str, args: &[&OsStr]| match tools::run(program, args) {
        Ok(out) => Ok(String::from_utf8_lossy(&out).into_owned()),
        Err(e) if tools::is_missing(&e) => Err(e),
        Err(_) => Ok(String::new()),
    };
    // The text, some pages at a time: each run of pdftotext is bounded
    // (see `poppler`), and its output is read while it is small. The same
    // pages' runs of text by pdftohtml give the words' faces (bold, code)
    // and, with the first pages, the outline.
    let mut layout = layout::Layout::default();
    let mut outline = Vec::new();
    let mut first = 1;
    loop {
        let last = (first + pages_at_a_time - 1).min(pages.max(1));
        let (from, to) = (first.to_string(), last.to_string());
        let mut args: Vec<&OsStr> =
            vec!["-bbox-layout".as_ref(), "-enc".as_ref(), "UTF-8".as_ref()];
        if pages > 0 {
            args.extend([
                OsStr::new("-f"),
                OsStr::new(&from),
                OsStr::new("-l"),
                OsStr::new(&to),
            ]);
        }
        args.extend([path, OsStr::new("-")]);
        // Both tools at once: a big PDF is read in about the time of one.
        let (xml, runs) = rayon::join(
            || tools::run("pdftotext", &args),
            || {
                extra(
                    "pdftohtml",
                    &[
                        "-q".as_ref(),
                        "-xml".as_ref(),
                        "-i".as_ref(),
                        "-zoom".as_ref(),
                        "1".as_ref(),
                        "-stdout".as_ref(),
                        "-f".as_ref(),
                        from.as_ref(),
                        "-l".as_ref(),
                        to.as_ref(),
                        path,
                    ],
                )
            },
        );
        let mut part = layout::parse(&String::from_utf8_lossy(&xml?))?;
        let runs = runs?;
        faces::parse(&runs).mark(&mut part, first);
        if first == 1 {
            layout.title = part.title;
            layout.info = part.info;
            outline = layout::parse_outline(&runs);
        }
        layout.pages.extend(part.pages);
        if last >= pages {
            break;
        }
        first = last + 1;
    }
    let mut read_by_ocr = Vec::new();
    let mut unread = Vec::new();
    // Scans: pages without text that hold an image (others are blank)
    // and, read by OCR, pages that are an image with a few words on it (a
    // stamp, a fax header, a page number). Finding images costs a run of
    // `pdfimages` (0.7 s for 265 pages): only for OCR or when a page has
    // no text. If it fails on a file pdftotext read, a page without text
    // is taken for a scan, as it may be one.
    let textless = layout.pages.iter().any(|p| p.blocks.is_empty());
    let images = if ocr.is_some() || textless {
        match ocr::image_area(temp.path()) {
            Ok(images) => Some(images),
            Err(e) if tools::is_missing(&e) => return Err(e),
            Err(_) => None,
        }
    } else {
        Some(Default::default())
    };
    let scans: Vec<usize> = (0..layout.pages.len())
        .filter(|&i| {
            let area = match &images {
                Some(images) => images.get(&(i as u32 + 1)).copied(),
                None => Some(0.0),
            };
            ocr::is_scan(&layout.pages[i], area)
        })
        .collect();
    if let Some(time) = ocr {
        // Pages are read side by side (a page is one Tesseract run on one
        // core), each started while the file's time lasts.
        let started = Instant::now();
        let reads: Vec<Option<Result<layout::Page, ReadError>>> = scans
            .par_iter()
            .map(|&i| {
                let page = &layout.pages[i];
                (started.elapsed() < time)
                    .then(|| ocr::read_page(temp.path(), i as u32 + 1, page.width, page.height))
            })
            .collect();
        let mut failure: Option<ReadError> = None;
        let mut late = Vec::new();
        for (&i, read) in scans.iter().zip(reads) {
            let number = i as u32 + 1;
            match read {
                Some(Ok(read)) => {
                    layout.pages[i] = read;
                    read_by_ocr.push(number);
                }
                // A tool or its model missing fails every page alike: said
                // once.
                Some(Err(e)) if tools::is_missing(&e) => {
                    if failure.is_none() {
                        unread.push(format!("pages without text not read by OCR: {e}"));
                        failure = Some(e);
                    }
                }
                // One page that a tool cannot read costs that page only.
                Some(Err(e)) => unread.push(format!("page {number} not read by OCR: {e}")),
                None => late.push(number),
            }
        }
        if !late.is_empty() {
            unread.push(format!(
                "{} not read by OCR: the file's {} s of OCR ran out",
                pages_named(&late),
                time.as_secs()
            ));
        }
        if let Some(e) = failure {
            if layout.pages.iter().all(|p| p.blocks.is_empty()) {
                return Err(e);
            }
        }
    } else if !scans.is_empty() {
        let pages: Vec<u32> = scans.iter().map(|&i| i as u32 + 1).collect();
        unread.push(format!(
            "{} without a text layer (a scan?) not read: `fouille index --ocr` reads them",
            pages_named(&pages)
        ));
    }
    if layout.pages.iter().all(|p| p.blocks.is_empty()) {
        if scans.is_empty() {
            // Blank pages only.
            return Err(ReadError::NoText);
        }
        return Err(ReadError::NoTextLayer {
            pages: layout.pages.len() as u32,
            ocr: ocr.is_some(),
        });
    }
    let mut xmp = xmp_fields(&extra("pdfinfo", &["-meta".as_ref(), path])?);
    if !read_by_ocr.is_empty() {
        // Said with the document, and of each passage on those pages: its
        // text is recognised, not written.
        xmp.push((OCR_PAGES.into(), page_ranges(&read_by_ocr)));
    }
    let mut document = document(&layout, &outline, xmp)?;
    document.unread = unread;
    Ok(document)
}

/// `page 3` or `pages 1-3,7`, as a message names pages.
fn pages_named(pages: &[u32]) -> String {
    let plural = if pages.len() == 1 { "" } else { "s" };
    format!("page{plural} {}", page_ranges(pages))
}

/// Pages read by one run of `pdftotext`.
const PAGES_AT_A_TIME: u32 = 250;

/// The document made of a PDF's `layout`, its `outline` and its `xmp`
/// fields.
fn document(
    layout: &layout::Layout,
    outline: &[layout::OutlineItem],
    xmp: Vec<(String, String)>,
) -> Result<Document, ReadError> {
    let layout::Blocks {
        blocks: found,
        page_lines,
        rows,
    } = layout::blocks(layout, outline);
    let mut metadata = Vec::new();
    for (name, value) in &layout.info {
        let name = match name.as_str() {
            "Author" => "author",
            "Subject" => "description",
            "Keywords" => "tags",
            "CreationDate" => "date",
            "ModDate" => "modified",
            _ => continue,
        };
        if !value.trim().is_empty() {
            metadata.push((name.to_string(), value.trim().to_string()));
        }
    }
    let mut title = layout.title.clone();
    for (name, value) in xmp {
        if name == "title" {
            // A tool's placeholder is no title.
            if !matches!(value.to_lowercase().as_str(), "untitled" | "sans titre") {
                title.get_or_insert(value);
            }
        } else if !metadata.iter().any(|(n, _)| *n == name) {
            metadata.push((name, value));
        }
    }
    if title.is_none() {
        title = found
            .iter()
            .find(|b| b.kind == super::BlockKind::Title)
            .map(|b| b.text.clone());
    }
    let empty = decode_declared(Vec::new(), None)?;
    let mut writer = BlockWriter::new(&empty, false);
    for block in &found {
        // A table row's cells come from several columns: its line is its
        // first in reading order.
        let line = block.lines.iter().map(|l| l.1).min().unwrap_or(0) + 1;
        writer.push(block.kind, &block.text, 0..0, false, line, None);
        if let Some(rule) = block.furniture {
            writer.mark_furniture(rule);
        }
    }
    let (text, mut blocks) = writer.finish();
    for (block, found) in blocks.iter_mut().zip(&found) {
        // A long block's parts cite their own lines, so their own pages.
        block.marks = if found.text.len() > MAX_PASSAGE_CHARS {
            found
                .lines
                .iter()
                .map(|&(at, line)| SourceMark {
                    text: at as u32,
                    source: 0,
                    line: line + 1,
                })
                .collect()
        } else {
            Vec::new()
        };
    }
    let pages_without_text = layout.pages.iter().filter(|p| p.blocks.is_empty()).count();
    Ok(Document {
        text: text.unwrap_or_default(),
        title,
        metadata,
        blocks,
        left_out: pages_without_text as u32,
        unread: Vec::new(),
        encoding: None,
        entries: Vec::new(),
        pages: page_lines.into_iter().map(|l| l + 1).collect(),
        page_rows: rows,
    })
}

/// The XMP fields fouille keeps (`dc:title`, `dc:creator`, `dc:language`,
/// `xmp:CreateDate`), as `(name, value)`: the first value of each.
fn xmp_fields(xml: &str) -> Vec<(String, String)> {
    let mut reader = XmlReader::from_str(xml);
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut inside: Option<&'static str> = None;
    let field = |name: &str| match name {
        "dc:title" => Some("title"),
        "dc:creator" => Some("author"),
        "dc:language" => Some("lang"),
        "xmp:CreateDate" => Some("date"),
        _ => None,
    };
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) => {
                if let Some(name) = field(e.name().as_ref()) {
                    inside = Some(name);
                }
                // Fields written as attributes of rdf:Description.
                for attr in e.attributes().flatten() {
                    let value = attr.normalized_value(quick_xml::XmlVersion::Implicit1_0);
                    if let (Some(name), Ok(value)) = (field(attr.key.as_ref()), value) {
                        if !fields.iter().any(|(n, _)| n == name) && !value.trim().is_empty() {
                            fields.push((name.to_string(), value.trim().to_string()));
                        }
                    }
                }
            }
            Event::Text(t) => {
                if let Some(name) = inside {
                    let text: &str = &t;
                    if !text.trim().is_empty() && !fields.iter().any(|(n, _)| n == name) {
                        fields.push((name.to_string(), text.trim().to_string()));
                    }
                }
            }
            Event::End(e) if field(e.name().as_ref()).is_some() => inside = None,
            Event::Eof => break,
            _ => {}
        }
    }
    fields
}

#[cfg(test)]
pub(crate) mod tests {
    use super::fixture::{pdf, report, text};
    use super::*;
    use crate::document::{BlockKind, Furniture};

    #[test]
    fn bold_lines_at_the_body_size_are_headings_and_courier_lines_are_code() {
        use super::fixture::{bold, code, pdf, text};
        let body = |x: u32, y: u32, words: &str| text(x, y, 10, words);
        let page = vec![
            bold(72, 760, 10, "Installer le logiciel"),
            body(
                72,
                744,
                "Le paquet fouille s’installe avec les commandes suivantes :",
            ),
            code(72, 728, 9, "# apt-get update"),
            code(72, 717, 9, "# apt-get install fouille"),
            code(90, 706, 9, "--no-install-recommends"),
            body(72, 688, "Lancez"),
            code(110, 688, 9, "fouille index"),
            body(185, 688, "pour indexer le dossier."),
            bold(72, 620, 10, "Configurer l’index"),
            body(
                72,
                604,
                "Le fichier fouille.toml règle les champs des documents.",
            ),
        ];
        let document = PdfReader::default().read(pdf(&[page], &[], &[])).unwrap();
        let blocks: Vec<(BlockKind, &str)> = document
            .blocks
            .iter()
            .map(|b| (b.kind, document.text_of(b)))
            .collect();
        let h1 = BlockKind::Heading { level: 1 };
        assert_eq!(
            blocks,
            [
                (h1, "Installer le logiciel"),
                (
                    BlockKind::Paragraph,
                    "Le paquet fouille s’installe avec les commandes suivantes :"
                ),
                (
                    BlockKind::Code,
                    "# apt-get update\n# apt-get install fouille\n   --no-install-recommends"
                ),
                (
                    BlockKind::Paragraph,
                    "Lancez fouille index pour indexer le dossier."
                ),
                (h1, "Configurer l’index"),
                (
                    BlockKind::Paragraph,
                    "Le fichier fouille.toml règle les champs des documents."
                ),
            ]
        );
    }

    #[test]
    fn a_line_that_runs_past_the_page_edge_keeps_its_last_word_whole() {
        // LaTeX could not break the line before the path: it runs into the
        // margin and past the edge of the page (595 points), where
        // pdftotext drops its last characters.
        use super::fixture::{pdf, text};
        let page = vec![
            text(
                72,
                760,
                10,
                "Les réglages de chaque poste de travail du service se trouvent dans le fichier",
            ),
            text(
                72,
                748,
                10,
                "décrit plus haut, que l’on ouvre avec l’éditeur de texte de son choix, ou depuis la console, dans le répertoire /usr/share/doc/exemple/reglages",
            ),
            text(72, 736, 10, "et que l’administrateur relit chaque semaine."),
        ];
        let document = PdfReader::default().read(pdf(&[page], &[], &[])).unwrap();
        let text: Vec<&str> = document
            .blocks
            .iter()
            .map(|b| document.text_of(b))
            .collect();
        assert!(
            text.iter()
                .any(|t| t.contains("/usr/share/doc/exemple/reglages et que")),
            "{text:?}"
        );
    }

    #[test]
    fn a_report_gives_its_paragraphs_headings_pages_and_properties() {
        let document = PdfReader::default().read(report()).unwrap();
        assert_eq!(document.title.as_deref(), Some("Rapport sur l’eau potable"));
        let field = |name: &str| {
            document
                .metadata
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(field("author"), Some("Claire Martin"));
        assert!(
            field("date").is_some_and(|d| d.starts_with("2025-02-11")),
            "{:?}",
            document.metadata
        );
        assert_eq!(field("tags"), Some("eau, nappes"));
        let text: Vec<(BlockKind, &str, Option<u32>)> = document
            .blocks
            .iter()
            .filter(|b| b.furniture.is_none())
            .map(|b| {
                (
                    b.kind,
                    document.text_of(b),
                    document.page_of(b.line).map(|p| p.0),
                )
            })
            .collect();
        let h1 = BlockKind::Heading { level: 1 };
        assert_eq!(
            text,
            [
                (BlockKind::Title, "Rapport sur l’eau potable", Some(1)),
                (h1, "1 Les nappes phréatiques", Some(1)),
                (
                    BlockKind::Paragraph,
                    "Les nappes phréatiques fournissent les deux tiers de l’eau du pays, et leur \
                     niveau baisse depuis dix ans. Les captages demandent une interopérabilité des \
                     réseaux de mesure, que les start-up du secteur promettent.",
                    Some(1)
                ),
                (
                    BlockKind::Paragraph,
                    "Chaque commune publie ses relevés ; les outils des jeunes pousses, start-up \
                     comprises, lisent ces relevés que la préfecture rassemble chaque mois et qui \
                     se poursuivent sur la page suivante sans point final ni pause avant de \
                     conclure sur la qualité de l’eau distribuée aux habitants.",
                    Some(1)
                ),
                (h1, "2 Les rivières", Some(2)),
                (BlockKind::ListItem, "• les rivières du nord, qui débordent au printemps ;", Some(2)),
                (BlockKind::ListItem, "• les rivières du sud.", Some(2)),
                (h1, "3 Deux colonnes", Some(3)),
                (
                    BlockKind::Paragraph,
                    "La colonne de gauche parle des barrages construits dans les Alpes depuis 1950.",
                    Some(3)
                ),
                (
                    BlockKind::Paragraph,
                    "La colonne de droite parle des canaux creusés dans le Midi au XVIIe siècle.",
                    Some(3)
                ),
            ]
        );
        // Running heads and page numbers are furniture, on their pages.
        let furniture: Vec<(&str, u32)> = document
            .blocks
            .iter()
            .filter(|b| b.furniture == Some(Furniture::RunningHead))
            .map(|b| {
                (
                    document.text_of(b),
                    document.page_of(b.line).map_or(0, |p| p.0),
                )
            })
            .collect();
        assert_eq!(furniture.len(), 6, "{furniture:?}");
        assert!(furniture.contains(&("Agence de l’eau — Rapport 2025", 3)));
        assert!(furniture.contains(&("2", 2)));
        // The two columns' first lines share a row of page 3.
        let text_blocks: Vec<_> = document
            .blocks
            .iter()
            .filter(|b| b.furniture.is_none())
            .collect();
        let rows: Vec<u32> = text_blocks[text_blocks.len() - 2..]
            .iter()
            .map(|b| document.page_of(b.line).map_or(0, |p| p.1))
            .collect();
        assert_eq!(rows[0], rows[1]);
        assert!(rows[0] > 1);
    }

    #[test]
    fn blank_pages_are_neither_a_scan_nor_a_document() {
        // Pages with neither text nor image.
        let blank = pdf(&[Vec::new(), Vec::new()], &[], &[]);
        assert_eq!(PdfReader::default().read(blank), Err(ReadError::NoText));
        // A blank page among pages of text, as LaTeX leaves before a
        // chapter: the text read, the blank page counted, and not said to
        // be a scan.
        let mixed = pdf(
            &[Vec::new(), vec![text(72, 700, 10, "Une page de texte.")]],
            &[],
            &[],
        );
        let document = PdfReader::default().read(mixed).unwrap();
        assert!(document.unread.is_empty(), "{:?}", document.unread);
        assert_eq!(document.left_out, 1);
        assert_eq!(
            document.page_of(document.blocks[0].line).map(|p| p.0),
            Some(2)
        );
    }

    /// The first page of `pdf`, drawn in grey at 200 dpi and made a scan:
    /// a page that is an image of its text.
    fn scanned(pdf: &[u8]) -> Vec<u8> {
        super::fixture::scan(&[&drawn(pdf)]).unwrap()
    }

    /// The first page of `pdf`, drawn in grey at 200 dpi (a PGM).
    fn drawn(pdf: &[u8]) -> Vec<u8> {
        let temp = tools::TempFile::new(pdf, "pdf").unwrap();
        tools::run(
            "pdftoppm",
            &[
                "-gray".as_ref(),
                "-r".as_ref(),
                "200".as_ref(),
                "-singlefile".as_ref(),
                temp.path().as_os_str(),
            ],
        )
        .unwrap()
    }

    #[test]
    fn a_scan_is_read_by_ocr_when_asked() {
        let scan = scanned(&report());
        assert_eq!(
            PdfReader::default().read(scan.clone()),
            Err(ReadError::NoTextLayer {
                pages: 1,
                ocr: false
            })
        );
        let document = PdfReader { ocr: true }.read(scan).unwrap();
        let texts: Vec<&str> = document
            .blocks
            .iter()
            .map(|b| &document.text[b.start..b.end])
            .collect();
        // The paragraph, its lines joined, the word cut at a line end
        // joined, on page 1.
        let paragraph = texts
            .iter()
            .position(|t| t.starts_with("Les nappes phréatiques fournissent"))
            .unwrap_or_else(|| panic!("{texts:#?}"));
        assert!(
            texts[paragraph].contains("une interopérabilité des réseaux"),
            "{texts:#?}"
        );
        assert_eq!(
            document
                .page_of(document.blocks[paragraph].line)
                .map(|p| p.0),
            Some(1)
        );
        assert!(document.metadata.contains(&(OCR_PAGES.into(), "1".into())));
        // An image of nothing: still no text.
        let blank =
            super::fixture::scan(&[&[b"P5 8 8 255 ".as_slice(), &[255; 64]].concat()]).unwrap();
        assert_eq!(
            PdfReader { ocr: true }.read(blank),
            Err(ReadError::NoTextLayer {
                pages: 1,
                ocr: true
            })
        );
    }

    #[test]
    fn a_scan_with_a_stamp_in_text_is_read_by_ocr_and_a_page_left_is_said() {
        // A page image with a reference stamped on it as text: the text
        // layer holds three words, the page is still a scan.
        let pgm = drawn(&report());
        let stamped = super::fixture::scan_stamped(&[&pgm], "Pièce 2024-117").unwrap();
        let document = PdfReader { ocr: true }.read(stamped.clone()).unwrap();
        assert!(
            document.text.contains("Les nappes phréatiques fournissent"),
            "{}",
            document.text
        );
        assert!(document.metadata.contains(&(OCR_PAGES.into(), "1".into())));
        // Without --ocr, a scanned page among pages of text is said unread.
        let mixed = super::fixture::scan_pages(&[(&pgm, ""), (b"", "Une page de texte.")]).unwrap();
        let document = PdfReader::default().read(mixed).unwrap();
        assert_eq!(
            document.unread,
            ["page 1 without a text layer (a scan?) not read: `fouille index --ocr` reads them"]
        );
    }

    /// A PGM image (`P5`, one byte a pixel) turned upside down.
    fn upside_down(pgm: &[u8]) -> Vec<u8> {
        // The header is four fields (P5, width, height, most value), each
        // after white space; the pixels follow the white space after it.
        let mut fields = 0;
        let mut at = 0;
        while fields < 4 {
            while pgm[at].is_ascii_whitespace() {
                at += 1;
            }
            while !pgm[at].is_ascii_whitespace() {
                at += 1;
            }
            fields += 1;
        }
        let (header, pixels) = pgm.split_at(at + 1);
        [header, &pixels.iter().rev().copied().collect::<Vec<u8>>()].concat()
    }

    #[test]
    fn an_upside_down_scan_is_read_the_right_way_up() {
        let turned = super::fixture::scan(&[&upside_down(&drawn(&report()))]).unwrap();
        let document = PdfReader { ocr: true }.read(turned).unwrap();
        let texts: Vec<&str> = document
            .blocks
            .iter()
            .map(|b| &document.text[b.start..b.end])
            .collect();
        // The paragraph's lines in their order, its cut word joined.
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("Les nappes phréatiques fournissent")
                    && t.contains("une interopérabilité des réseaux")),
            "{texts:#?}"
        );
    }

    #[test]
    fn pages_left_when_a_files_ocr_time_runs_out_are_said() {
        let scan = scanned(&report());
        assert_eq!(
            read_pdf(scan, PAGES_AT_A_TIME, Some(Duration::ZERO)),
            Err(ReadError::NoTextLayer {
                pages: 1,
                ocr: true
            })
        );
        let pgm = drawn(&report());
        let stamped = super::fixture::scan_stamped(&[&pgm], "Pièce 2024-117").unwrap();
        let document = read_pdf(stamped, PAGES_AT_A_TIME, Some(Duration::ZERO)).unwrap();
        assert_eq!(
            document.unread,
            ["page 1 not read by OCR: the file's 0 s of OCR ran out"]
        );
    }

    #[test]
    fn pages_read_by_ocr_are_listed_as_ranges() {
        use super::super::in_page_ranges;
        assert_eq!(page_ranges(&[1, 2, 3, 7, 9, 10]), "1-3,7,9-10");
        assert_eq!(page_ranges(&[]), "");
        for page in [1, 2, 3, 7, 9, 10] {
            assert!(in_page_ranges("1-3,7,9-10", page));
        }
        for page in [0, 4, 8, 11] {
            assert!(!in_page_ranges("1-3,7,9-10", page));
        }
        assert!(!in_page_ranges("", 1) && !in_page_ranges("x-y,", 1));
    }

    #[test]
    fn a_pdf_read_a_page_at_a_time_is_the_same_document() {
        assert_eq!(
            read_pdf(report(), 1, None),
            PdfReader::default().read(report())
        );
    }

    #[test]
    fn an_encrypted_pdf_says_so() {
        // A security handler whose empty user password does not open it.
        let mut file = report();
        let at = file.windows(8).position(|w| w == b"trailer\n").unwrap() + 8;
        let handler = format!(
            "<< /Encrypt << /Filter /Standard /V 1 /R 2 /O <{}> /U <{}> /P -4 >> \
             /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] ",
            "00".repeat(32),
            "11".repeat(32)
        );
        file.splice(at..at + 3, handler.into_bytes());
        assert_eq!(PdfReader::default().read(file), Err(ReadError::Encrypted));
    }

    #[test]
    fn broken_pdfs_give_a_reason() {
        assert_eq!(
            PdfReader::default().read(Vec::new()),
            Err(ReadError::Malformed {
                reason: "empty file".into()
            })
        );
        let e = PdfReader::default()
            .read(b"ceci n'est pas un PDF".to_vec())
            .unwrap_err();
        assert!(matches!(e, ReadError::Malformed { .. }), "{e:?}");
        let mut cut = report();
        cut.truncate(200);
        let e = PdfReader::default().read(cut).unwrap_err();
        assert!(!e.to_string().is_empty());
    }

    #[test]
    fn xmp_gives_title_author_language_and_date() {
        let xml = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description xmp:CreateDate="2024-05-02T10:00:00Z">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Rapport sur l'eau</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>Claire Martin</rdf:li></rdf:Seq></dc:creator>
<dc:language><rdf:Bag><rdf:li>fr-FR</rdf:li></rdf:Bag></dc:language>
</rdf:Description></rdf:RDF></x:xmpmeta>"#;
        assert_eq!(
            xmp_fields(xml),
            [
                ("date".to_string(), "2024-05-02T10:00:00Z".to_string()),
                ("title".to_string(), "Rapport sur l'eau".to_string()),
                ("author".to_string(), "Claire Martin".to_string()),
                ("lang".to_string(), "fr-FR".to_string()),
            ]
        );
    }

    proptest::proptest! {
        // Each case runs poppler: fewer cases than the pure properties.
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: proptest::prelude::ProptestConfig::default().cases.min(48),
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// A damaged PDF is an error with its reason or a document whose
        /// blocks lie in its text and on its pages, never a panic.
        #[test]
        fn a_damaged_pdf_is_an_error_or_a_document(
            flips in proptest::collection::vec((proptest::prelude::any::<proptest::sample::Index>(), proptest::prelude::any::<u8>()), 0..8),
            keep in proptest::prelude::any::<proptest::sample::Index>(),
        ) {
            let mut file = report();
            for (at, byte) in flips {
                let at = at.index(file.len());
                file[at] ^= byte;
            }
            file.truncate(keep.index(file.len() + 1).max(1));
            match PdfReader::default().read(file) {
                Ok(document) => {
                    for block in &document.blocks {
                        proptest::prop_assert!(block.start <= block.end && block.end <= document.text.len());
                        let (page, row) = document.page_of(block.line).unwrap_or_default();
                        proptest::prop_assert!(page >= 1 && page as usize <= document.pages.len());
                        proptest::prop_assert!(row >= 1);
                    }
                }
                Err(e) => proptest::prop_assert!(!e.to_string().is_empty()),
            }
        }
    }

    proptest::proptest! {
        /// Any words on any pages make blocks that hold every line once,
        /// in order: no text is lost, none is repeated.
        #[test]
        fn every_line_is_in_one_block(
            pages in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::collection::vec(
                        (0u16..600, 0u16..850, 1u8..40, "[a-zé•.\\-]{1,8}|1\\.2|[0-9]{1,3}"),
                        1..6,
                    ),
                    0..6,
                ),
                0..4,
            ),
            outline in proptest::collection::vec(("[a-z ]{0,12}", 0u32..5, 0u8..4), 0..4),
        ) {
            let layout = layout::Layout {
                pages: pages
                    .into_iter()
                    .map(|lines| layout::Page {
                        height: 842.0,
                        width: 595.0,
                        blocks: lines
                            .into_iter()
                            .map(|words| {
                                vec![layout::Line {
                                    words: words
                                        .into_iter()
                                        .map(|(x, y, size, text)| layout::Word {
                                            x0: f32::from(x),
                                            y0: f32::from(y),
                                            x1: f32::from(x) + 5.0 * text.chars().count() as f32,
                                            y1: f32::from(y) + f32::from(size),
                                            text,
                                            face: layout::Face::default(),
                                        })
                                        .collect(),
                                }]
                            })
                            .collect(),
                    })
                    .collect(),
                ..layout::Layout::default()
            };
            let outline: Vec<layout::OutlineItem> = outline
                .into_iter()
                .map(|(title, page, depth)| layout::OutlineItem { title, page, depth })
                .collect();
            let lines = layout.pages.iter().flat_map(|p| p.blocks.iter().flatten()).count();
            let found = layout::blocks(&layout, &outline);
            let mut seen: Vec<u32> = found.blocks.iter().flat_map(|b| b.lines.iter().map(|l| l.1)).collect();
            seen.sort_unstable();
            proptest::prop_assert_eq!(seen, (0..lines as u32).collect::<Vec<_>>());
            proptest::prop_assert_eq!(found.rows.len(), lines);
            proptest::prop_assert!(found.rows.iter().all(|&r| r >= 1));
        }

        /// Any text read as poppler's output is layout or an error.
        #[test]
        fn any_output_parses_or_fails(xml in "(<(page|block|line|word|meta|title)( [a-zA-Z]+=\"[0-9.a-z]*\")*/?>|</(page|block|line|word)>|[a-zé&;#0-9 ]{0,6}){0,30}") {
            if let Ok(layout) = layout::parse(&xml) {
                let _ = layout::blocks(&layout, &[]);
            }
            let _ = layout::parse_outline(&xml);
        }
    }
}
