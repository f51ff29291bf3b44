//! EPUB (`.epub`): an e-book's chapters in reading order, each read by the
//! HTML reader, with the book's metadata.
//!
//! An EPUB is a zip archive (read with the `zip` crate, the maintained
//! zip reader of the ecosystem): `META-INF/container.xml` names the
//! package document (OPF), whose `<metadata>` gives the title, creator,
//! date and language, whose `<manifest>` lists the files and whose
//! `<spine>` orders the chapters; both are XML, read with `quick-xml`. Each
//! chapter is an entry of the container ([`Document::entries`]): its
//! passages cite their bytes and lines in that entry.
//!
//! Decompression is bounded (see `super::archive`), so a zip bomb is
//! refused with a message instead of filling the memory.

use quick_xml::events::Event;
use quick_xml::Reader as XmlReader;

use super::archive::{attribute, malformed, resolve, Archive, Fields};
use super::decode::decode_declared;
use super::html::{declared_charset, read_page};
use super::{has_extension, Document, Entry, ReadError, Reader};

/// Most chapters read from one book.
const MAX_CHAPTERS: usize = 10_000;

/// Reads EPUB e-books.
#[derive(Debug, Clone, Copy, Default)]
pub struct EpubReader;

impl Reader for EpubReader {
    fn accepts(&self, rel: &str, _head: &[u8]) -> bool {
        has_extension(rel, &["epub"])
    }

    fn read(&self, bytes: Vec<u8>) -> Result<Document, ReadError> {
        let mut book = Archive::open(bytes)?;
        let container = book.entry_text("META-INF/container.xml")?;
        let opf_path = rootfile(&container)
            .ok_or_else(|| malformed("META-INF/container.xml names no package document"))?;
        let opf = book.entry_text(&opf_path)?;
        let package = Package::read(&opf)?;
        let base = opf_path.rsplit_once('/').map_or("", |(dir, _)| dir);
        let mut document = Document {
            text: String::new(),
            title: package.metadata.get("title").map(str::to_string),
            metadata: package.metadata.found.clone(),
            blocks: Vec::new(),
            left_out: 0,
            unread: Vec::new(),
            encoding: None,
            entries: Vec::new(),
            pages: Vec::new(),
            page_rows: Vec::new(),
        };
        let mut read = std::collections::HashSet::new();
        for href in package.spine().take(MAX_CHAPTERS) {
            let path = join(base, href);
            // A chapter listed twice is read once.
            if !read.insert(path.clone()) {
                continue;
            }
            // A chapter missing from the archive, or that is no page, is
            // left out; the others are read.
            let bytes = match book.entry(&path) {
                Ok(bytes) => bytes,
                Err(ReadError::Malformed { .. }) => {
                    document.left_out += 1;
                    continue;
                }
                Err(e) => return Err(e),
            };
            let declared = declared_charset(&bytes);
            let Ok(decoded) = decode_declared(bytes, declared) else {
                document.left_out += 1;
                continue;
            };
            append(&mut document, read_page(decoded, false), path);
        }
        Ok(document)
    }
}

/// The book's chapter `chapter`, read from the container's entry `path`,
/// added to the book's document.
fn append(book: &mut Document, chapter: Document, path: String) {
    let entry = book.entries.len() as u32;
    let (shift, first) = (book.text.len(), book.blocks.len() as u32);
    book.text.push_str(&chapter.text);
    book.left_out += chapter.left_out;
    for mut block in chapter.blocks {
        block.start += shift;
        block.end += shift;
        block.parent = block.parent.map(|p| p + first);
        block.entry = entry;
        book.blocks.push(block);
    }
    book.entries.push(Entry::named(path));
}

/// The package document named by `container.xml`.
fn rootfile(container: &str) -> Option<String> {
    let mut reader = XmlReader::from_str(container);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "rootfile" => {
                return attribute(&e, "full-path");
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// What a package document says of its book.
struct Package {
    /// `title`, `author`, `date`, `lang`, as the OPF gives them.
    metadata: Fields,
    /// Manifest: id, href, media type.
    manifest: Vec<(String, String, String)>,
    /// Spine: manifest ids in reading order.
    spine: Vec<String>,
}

impl Package {
    fn read(opf: &str) -> Result<Package, ReadError> {
        let mut package = Package {
            metadata: Fields::default(),
            manifest: Vec::new(),
            spine: Vec::new(),
        };
        let mut reader = XmlReader::from_str(opf);
        let mut fields = Fields::default();
        loop {
            let event = reader
                .read_event()
                .map_err(|e| malformed(&format!("package document: {e}")))?;
            match event {
                Event::Start(e) => {
                    fields.start(match e.local_name().as_ref() {
                        "title" => Some("title"),
                        "creator" => Some("author"),
                        "date" => Some("date"),
                        "language" => Some("lang"),
                        _ => None,
                    });
                    package.item(&e);
                }
                Event::Empty(e) => package.item(&e),
                Event::Text(text) => fields.text(&text),
                Event::GeneralRef(reference) => fields.text(&resolve(&reference)),
                Event::End(_) => fields.end(),
                Event::Eof => break,
                _ => {}
            }
        }
        package.metadata = fields;
        if package.spine.is_empty() {
            return Err(malformed("the package document has no spine"));
        }
        Ok(package)
    }

    /// A manifest item or a spine reference.
    fn item(&mut self, element: &quick_xml::events::BytesStart) {
        match element.local_name().as_ref() {
            "item" => {
                if let (Some(id), Some(href)) =
                    (attribute(element, "id"), attribute(element, "href"))
                {
                    let media = attribute(element, "media-type").unwrap_or_default();
                    self.manifest.push((id, href, media));
                }
            }
            "itemref" => {
                if let Some(id) = attribute(element, "idref") {
                    self.spine.push(id);
                }
            }
            _ => {}
        }
    }

    /// The chapters' paths (relative to the package document), in reading
    /// order: the spine's items that are pages.
    fn spine(&self) -> impl Iterator<Item = &str> {
        self.spine.iter().filter_map(|id| {
            self.manifest
                .iter()
                .find(|item| item.0 == *id && is_page(&item.2))
                .map(|item| item.1.as_str())
        })
    }
}

/// True for a manifest item's media type that is a page (or that says
/// nothing: old books leave it out).
fn is_page(media: &str) -> bool {
    media.is_empty() || media.contains("html") || media.contains("xml")
}

/// `href` (percent-encoded, relative to the directory `base`) as a path
/// in the archive.
fn join(base: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap_or_default();
    let href = percent_decoded(href);
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in href.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    parts.join("/")
}

fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::archive::MAX_ENTRY_BYTES;
    use super::*;
    use std::io::{Cursor, Write};

    /// An EPUB of `chapters` (file name, XHTML), with its container and
    /// package document.
    pub(crate) fn epub(chapters: &[(&str, &str)]) -> Vec<u8> {
        let names: Vec<&str> = chapters.iter().map(|(name, _)| *name).collect();
        epub_with_spine(chapters, &names)
    }

    /// An EPUB holding `chapters`, whose spine lists `spine` (names of
    /// chapters, some perhaps repeated or missing from the archive).
    pub(crate) fn epub_with_spine(chapters: &[(&str, &str)], spine: &[&str]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("mimetype", stored).unwrap();
        zip.write_all(b"application/epub+zip").unwrap();
        zip.start_file("META-INF/container.xml", deflated).unwrap();
        zip.write_all(
            br#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#,
        )
        .unwrap();
        let manifest: String = spine
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let media = if name.ends_with(".jpg") {
                    "image/jpeg"
                } else {
                    "application/xhtml+xml"
                };
                format!(r#"<item id="c{i}" href="{name}" media-type="{media}"/>"#)
            })
            .collect();
        let spine: String = (0..spine.len())
            .map(|i| format!(r#"<itemref idref="c{i}"/>"#))
            .collect();
        zip.start_file("OEBPS/content.opf", deflated).unwrap();
        write!(
            zip,
            r#"<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title>Histoire de la santé publique &amp; des hôpitaux</dc:title><dc:creator>Claire Martin</dc:creator>
<dc:date>2024-05-02</dc:date><dc:language>fr</dc:language></metadata>
<manifest>{manifest}</manifest><spine>{spine}</spine></package>"#
        )
        .unwrap();
        for (name, xhtml) in chapters {
            zip.start_file(format!("OEBPS/{name}"), deflated).unwrap();
            zip.write_all(xhtml.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    pub(crate) fn chapter(title: &str, paragraph: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\
             <head><title>{title}</title></head>\n<body>\n<h1 id=\"debut\">{title}</h1>\n<p>{paragraph}</p>\n</body></html>"
        )
    }

    #[test]
    fn chapters_in_reading_order_with_the_book_metadata() {
        let book = epub(&[
            (
                "ch2.xhtml",
                &chapter(
                    "Les hôpitaux",
                    "Les hôpitaux généraux naissent au XVIIe siècle.",
                ),
            ),
            (
                "ch1.xhtml",
                &chapter("Les épidémies", "La peste frappe Marseille en 1720."),
            ),
        ]);
        let document = EpubReader.read(book).unwrap();
        assert_eq!(
            document.title.as_deref(),
            Some("Histoire de la santé publique & des hôpitaux")
        );
        assert_eq!(
            document.entries,
            [
                Entry::named("OEBPS/ch2.xhtml"),
                Entry::named("OEBPS/ch1.xhtml")
            ]
        );
        let blocks: Vec<(u32, &str)> = document
            .blocks
            .iter()
            .map(|b| (b.entry, document.text_of(b)))
            .collect();
        assert_eq!(
            blocks,
            [
                (0, "Les hôpitaux"),
                (0, "Les hôpitaux généraux naissent au XVIIe siècle."),
                (1, "Les épidémies"),
                (1, "La peste frappe Marseille en 1720."),
            ]
        );
        let paragraph = &document.blocks[3];
        assert_eq!(document.heading_of(paragraph), Some("Les épidémies"));
        assert_eq!(paragraph.line, 5);
        assert_eq!(paragraph.anchor.as_deref(), Some("debut"));
        let page = chapter("Les épidémies", "La peste frappe Marseille en 1720.");
        let cited = &page[paragraph.source.start as usize..paragraph.source.end as usize];
        assert_eq!(cited, "La peste frappe Marseille en 1720.");
        assert_eq!(
            document.metadata,
            [
                (
                    "title".to_string(),
                    "Histoire de la santé publique & des hôpitaux".to_string()
                ),
                ("author".to_string(), "Claire Martin".to_string()),
                ("date".to_string(), "2024-05-02".to_string()),
                ("lang".to_string(), "fr".to_string()),
            ]
        );
    }

    #[test]
    fn what_is_not_an_epub_is_refused_with_its_reason() {
        let not_zip = EpubReader.read(b"Ceci n'est pas un livre.".to_vec());
        assert!(
            matches!(not_zip, Err(ReadError::Malformed { .. })),
            "{not_zip:?}"
        );
        let book = epub(&[("ch1.xhtml", &chapter("Un", "Deux."))]);
        let truncated = EpubReader.read(book[..book.len() / 2].to_vec());
        assert!(truncated.is_err());
        // A chapter that inflates past the bound: a zip bomb.
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("META-INF/container.xml", deflated).unwrap();
        let zeros = vec![b' '; (MAX_ENTRY_BYTES + 1024) as usize];
        zip.write_all(&zeros).unwrap();
        let bomb = zip.finish().unwrap().into_inner();
        assert!(bomb.len() < 1 << 20, "{}", bomb.len());
        assert!(matches!(
            EpubReader.read(bomb),
            Err(ReadError::TooLarge { .. })
        ));
    }

    #[test]
    fn a_chapter_is_read_once_and_a_missing_one_is_left_out() {
        let one = chapter("Les épidémies", "La peste frappe Marseille en 1720.");
        let book = epub_with_spine(
            &[("ch1.xhtml", &one), ("cover.jpg", "\u{0}\u{1}")],
            &["ch1.xhtml", "ch1.xhtml", "absent.xhtml", "cover.jpg"],
        );
        let document = EpubReader.read(book).unwrap();
        assert_eq!(document.entries, [Entry::named("OEBPS/ch1.xhtml")]);
        assert_eq!(document.blocks.len(), 2);
        assert_eq!(document.left_out, 1);
    }

    #[test]
    fn hrefs_are_resolved_against_the_package() {
        assert_eq!(
            join("OEBPS", "text/ch%201.xhtml#x"),
            "OEBPS/text/ch 1.xhtml"
        );
        assert_eq!(join("OEBPS/text", "../images/a.png"), "OEBPS/images/a.png");
        assert_eq!(join("", "ch1.xhtml"), "ch1.xhtml");
        assert_eq!(resolve("#233"), "é");
        assert_eq!(resolve("#xE9"), "é");
        assert_eq!(resolve("nbsp"), "");
    }
}
