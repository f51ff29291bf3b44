//! Markdown (`.md`, `.markdown`): CommonMark with tables, read by
//! pulldown-cmark.
//!
//! pulldown-cmark is the CommonMark parser of the Rust ecosystem (rustdoc
//! and mdBook use it): it follows the specification's hundreds of edge
//! cases, and gives each element its byte range in the source, which is
//! what citations need. A hand-written reader would get lists, nested
//! emphasis and tables wrong.
//!
//! - ATX (`## Titre`) and setext (`Titre` over `====`) headings are
//!   sections; the first heading is the title unless the front matter
//!   names one;
//! - paragraphs, list items (each item its own block, a nested list's
//!   items their own), table rows (cells joined by ` | `), block quotes
//!   (quotation) and code blocks (code) are blocks;
//! - inline markup is not text: emphasis, links (their text is kept),
//!   inline code (its text is kept), images and raw HTML are left out;
//! - YAML front matter (`---` … `---`) gives the metadata: `title`, `date`,
//!   `author`, `tags`, `description`, `lang` as `key: value` lines (a list
//!   of tags as `[a, b]` or `- a` lines).

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::block_writer::BlockWriter;
use super::decode::{decode, Decoded};
use super::html::read_page;
use super::{has_extension, BlockKind, Document, ReadError, Reader};

/// Reads Markdown files.
#[derive(Debug, Clone, Copy, Default)]
pub struct MarkdownReader;

impl Reader for MarkdownReader {
    fn accepts(&self, rel: &str, _head: &[u8]) -> bool {
        has_extension(rel, &["md", "markdown"])
    }

    fn read(&self, bytes: Vec<u8>) -> Result<Document, ReadError> {
        Ok(read_markdown(decode(bytes)?))
    }
}

/// A block being read: its kind, where it starts in the text, its words.
struct Open {
    kind: BlockKind,
    start: usize,
    text: String,
}

/// The document of a decoded Markdown text.
fn read_markdown(decoded: Decoded) -> Document {
    // A byte order mark is not text: the front matter and the first
    // heading start after it.
    let bom = if decoded.text.starts_with('\u{feff}') {
        3
    } else {
        0
    };
    let source = &decoded.text[bom..];
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;

    let mut blocks: Vec<(BlockKind, std::ops::Range<usize>, String)> = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    let mut metadata_text = String::new();
    let (mut in_metadata, mut in_image, mut in_html, mut quotes) = (false, 0, false, 0);
    let mut html_start = 0;
    let push_text = |open: &mut Vec<Open>, text: &str| {
        if let Some(block) = open.last_mut() {
            block.text.push_str(text);
        }
    };
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
            Event::Text(text) if in_metadata => metadata_text.push_str(&text),
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image -= 1,
            Event::Start(Tag::HtmlBlock) => {
                in_html = true;
                html_start = range.start;
            }
            Event::End(TagEnd::HtmlBlock) => {
                in_html = false;
                // A block of HTML (`<div>`, `<p align="center">`, a
                // table) is read by the HTML reader: its text is text.
                html_blocks(&source[html_start..range.end], html_start, &mut blocks);
            }
            Event::Start(Tag::BlockQuote(_)) => quotes += 1,
            Event::End(TagEnd::BlockQuote(_)) => quotes -= 1,
            Event::Start(Tag::Heading { level, .. }) => open.push(Open {
                kind: BlockKind::Heading {
                    level: heading_level(level),
                },
                start: range.start,
                text: String::new(),
            }),
            Event::Start(Tag::Paragraph) => {
                // A paragraph of a list item is the item's text.
                if open.last().is_some_and(|b| b.kind == BlockKind::ListItem) {
                    push_text(&mut open, " ");
                } else {
                    let kind = if quotes > 0 {
                        BlockKind::Quotation
                    } else {
                        BlockKind::Paragraph
                    };
                    open.push(Open {
                        kind,
                        start: range.start,
                        text: String::new(),
                    });
                }
            }
            Event::Start(Tag::Item) => open.push(Open {
                kind: BlockKind::ListItem,
                start: range.start,
                text: String::new(),
            }),
            Event::Start(Tag::List(_)) => {
                // A nested list ends its item's own text.
                if let Some(item) = open.last_mut().filter(|b| b.kind == BlockKind::ListItem) {
                    let text = std::mem::take(&mut item.text);
                    blocks.push((item.kind, item.start..range.start, text));
                    item.start = range.start;
                }
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => open.push(Open {
                kind: BlockKind::TableRow,
                start: range.start,
                text: String::new(),
            }),
            Event::End(TagEnd::TableCell) => push_text(&mut open, " | "),
            Event::Start(Tag::CodeBlock(_)) => open.push(Open {
                kind: BlockKind::Code,
                start: range.start,
                text: String::new(),
            }),
            Event::End(
                TagEnd::Heading(_)
                | TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::CodeBlock,
            ) => {
                let inside_item = matches!(event, Event::End(TagEnd::Paragraph))
                    && open.last().is_some_and(|b| b.kind == BlockKind::ListItem);
                if inside_item {
                    continue;
                }
                if let Some(block) = open.pop() {
                    blocks.push((block.kind, block.start..range.end, block.text));
                }
            }
            Event::Text(text) | Event::Code(text) if in_image == 0 && !in_html => {
                push_text(&mut open, &text)
            }
            Event::SoftBreak | Event::HardBreak => push_text(&mut open, " "),
            // Inline HTML is not text, but a line break in it separates
            // words (`remboursée<br>à 70 %`).
            Event::InlineHtml(html) if html.to_ascii_lowercase().starts_with("<br") => {
                push_text(&mut open, " ")
            }
            _ => {}
        }
    }

    let metadata = front_matter(&metadata_text);
    let mut title = metadata
        .iter()
        .find(|(k, _)| k == "title")
        .map(|(_, v)| v.clone());
    let mut writer = BlockWriter::new(&decoded, false);
    for (kind, range, words) in blocks {
        let words = match kind {
            BlockKind::Code => words.trim_end_matches('\n').to_string(),
            BlockKind::TableRow => words.trim_end_matches(" | ").trim().to_string(),
            _ => collapse_spaces(&words),
        };
        if words.trim().is_empty() {
            continue;
        }
        let kind = if matches!(kind, BlockKind::Heading { .. }) && title.is_none() {
            title = Some(words.clone());
            BlockKind::Title
        } else {
            kind
        };
        let cited = source[range.clone()].trim_end();
        let exact = writer.is_identity() && cited == words;
        // Offsets of the decoded text, the byte order mark included.
        let start = bom + range.start;
        let line = writer.line_of(start);
        writer.push(kind, &words, start..start + cited.len(), exact, line, None);
    }
    let (text, blocks) = writer.finish();
    Document {
        text: text.unwrap_or_default(),
        title,
        metadata,
        blocks,
        left_out: 0,
        unread: Vec::new(),
        encoding: decoded.encoding_name(),
        entries: Vec::new(),
        pages: Vec::new(),
        page_rows: Vec::new(),
    }
}

/// The blocks of a block of HTML in a Markdown text, which starts at
/// `offset` of the text, as the HTML reader reads them.
fn html_blocks(
    html: &str,
    offset: usize,
    blocks: &mut Vec<(BlockKind, std::ops::Range<usize>, String)>,
) {
    if !html.contains(|c: char| c.is_alphanumeric()) {
        return;
    }
    let Ok(decoded) = decode(html.as_bytes().to_vec()) else {
        return;
    };
    let document = read_page(decoded, false);
    for block in &document.blocks {
        let range = offset + block.source.start as usize..offset + block.source.end as usize;
        blocks.push((block.kind, range, document.text_of(block).to_string()));
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// `text` with runs of white space made one space, trimmed.
fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The fields of a YAML front matter that fouille keeps, as `key: value`
/// lines; a list (`[a, b]` or `- a` lines) joined by `, `.
fn front_matter(yaml: &str) -> Vec<(String, String)> {
    const KEPT: &[&str] = &[
        "title",
        "date",
        "author",
        "tags",
        "keywords",
        "description",
        "lang",
        "source",
        "url",
        "modified",
    ];
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut list_of: Option<usize> = None;
    for line in yaml.lines() {
        let trimmed = line.trim();
        if let Some(item) = trimmed.strip_prefix("- ") {
            if let Some(i) = list_of {
                let value = &mut fields[i].1;
                if !value.is_empty() {
                    value.push_str(", ");
                }
                value.push_str(unquote(item));
            }
            continue;
        }
        list_of = None;
        // YAML's `key: value`, or TOML's `key = value` (`+++` front matter).
        let Some((key, value)) = trimmed
            .split_once(':')
            .filter(|(key, _)| !key.contains('='))
            .or_else(|| trimmed.split_once('='))
        else {
            continue;
        };
        let key = key.trim().to_ascii_lowercase();
        if !KEPT.contains(&key.as_str()) || line.starts_with(char::is_whitespace) {
            continue;
        }
        let value = value.trim();
        let value = match value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            Some(list) => list
                .split(',')
                .map(|v| unquote(v.trim()))
                .collect::<Vec<_>>()
                .join(", "),
            None => unquote(value).to_string(),
        };
        if value.is_empty() {
            list_of = Some(fields.len());
        }
        fields.push((key, value));
    }
    fields.retain(|(_, v)| !v.is_empty());
    fields
}

fn unquote(value: &str) -> &str {
    let value = value.trim();
    value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        .unwrap_or(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTE: &str = "---
title: \"Notes sur l'interopérabilité\"
date: 2025-02-11
author: Claire Martin
tags:
  - santé
  - données
---

# Un titre dans le texte

Les **systèmes** de santé doivent [échanger](https://exemple.fr) leurs
données sans perte de sens.

## Les chantiers

- les identifiants `INS` ;
- les terminologies :
  - CIM-10,
  - SNOMED CT.

> La donnée de santé est un bien commun.

| Chantier | Échéance |
|---|---|
| INS | 2025 |

```sh
apt-get install fouille
```

Fin.
";

    fn read(source: &str) -> Document {
        MarkdownReader.read(source.as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn html_blocks_footnotes_and_toml_front_matter() {
        let source = "+++\ntitle = \"Notes de jardin\"\ndate = 2025-03-01\n+++\n\n\
Le compost mûrit en six mois[^1].\n\n\
<div>\nBloc sur l'hébergement des outils dans la cabane.\n</div>\n\n\
<p align=\"center\">Un paragraphe centré sur l'arrosage.</p>\n\n\
<!-- un commentaire -->\n\n\
[^1]: Selon l'ADEME.\n";
        let document = read(source);
        assert_eq!(document.title.as_deref(), Some("Notes de jardin"));
        assert!(document
            .metadata
            .contains(&("date".to_string(), "2025-03-01".to_string())));
        let texts: Vec<&str> = document
            .blocks
            .iter()
            .map(|b| document.text_of(b))
            .collect();
        for kept in [
            "Le compost mûrit en six mois.",
            "Bloc sur l'hébergement des outils dans la cabane.",
            "Un paragraphe centré sur l'arrosage.",
            "Selon l'ADEME.",
        ] {
            assert!(texts.contains(&kept), "{kept} missing from {texts:?}");
        }
        assert!(
            !texts
                .iter()
                .any(|t| t.contains("commentaire") || t.contains("+++")),
            "{texts:?}"
        );
        // Each block cites bytes that hold its words.
        for block in &document.blocks {
            let cited = &source[block.source.start as usize..block.source.end as usize];
            let first = document.text_of(block).split(' ').next().unwrap();
            assert!(cited.contains(first), "{first} not in {cited:?}");
        }
    }

    #[test]
    fn blocks_without_markup_and_the_front_matter() {
        let document = read(NOTE);
        assert_eq!(
            document.title.as_deref(),
            Some("Notes sur l'interopérabilité")
        );
        assert_eq!(
            document.metadata,
            [
                (
                    "title".to_string(),
                    "Notes sur l'interopérabilité".to_string()
                ),
                ("date".to_string(), "2025-02-11".to_string()),
                ("author".to_string(), "Claire Martin".to_string()),
                ("tags".to_string(), "santé, données".to_string()),
            ]
        );
        let blocks: Vec<(BlockKind, &str)> = document
            .blocks
            .iter()
            .map(|b| (b.kind, document.text_of(b)))
            .collect();
        assert_eq!(
            blocks,
            [
                (BlockKind::Heading { level: 1 }, "Un titre dans le texte"),
                (
                    BlockKind::Paragraph,
                    "Les systèmes de santé doivent échanger leurs données sans perte de sens."
                ),
                (BlockKind::Heading { level: 2 }, "Les chantiers"),
                (BlockKind::ListItem, "les identifiants INS ;"),
                (BlockKind::ListItem, "les terminologies :"),
                (BlockKind::ListItem, "CIM-10,"),
                (BlockKind::ListItem, "SNOMED CT."),
                (
                    BlockKind::Quotation,
                    "La donnée de santé est un bien commun."
                ),
                (BlockKind::TableRow, "Chantier | Échéance"),
                (BlockKind::TableRow, "INS | 2025"),
                (BlockKind::Code, "apt-get install fouille"),
                (BlockKind::Paragraph, "Fin."),
            ]
        );
        // Each block cites its place in the file; a block without markup
        // is its bytes.
        for block in &document.blocks {
            let cited = &NOTE[block.source.start as usize..block.source.end as usize];
            let line = NOTE[..block.source.start as usize].matches('\n').count() as u32 + 1;
            assert_eq!(block.line, line, "{cited}");
            assert_eq!(block.exact, cited == document.text_of(block), "{cited}");
        }
        let last = document.blocks.last().unwrap();
        assert!(last.exact);
        assert_eq!(
            document.heading_path(last),
            ["Un titre dans le texte", "Les chantiers"]
        );
    }

    #[test]
    fn a_byte_order_mark_and_line_breaks_in_html() {
        let source = "\u{feff}---\ntitle: Titre\nauthor: Jeanne Dupont\n---\n\nUne consultation remboursée<br>à 70 %.\n";
        let document = read(source);
        assert_eq!(document.title.as_deref(), Some("Titre"));
        assert_eq!(
            document.metadata[1],
            ("author".to_string(), "Jeanne Dupont".to_string())
        );
        let block = &document.blocks[0];
        assert_eq!(
            document.text_of(block),
            "Une consultation remboursée à 70 %."
        );
        let cited = &source[block.source.start as usize..block.source.end as usize];
        assert!(cited.starts_with("Une consultation"), "{cited}");
    }

    #[test]
    fn setext_headings_and_no_front_matter() {
        let document = read("Le titre\n========\n\nUne section\n-----------\n\nDu texte.\n");
        assert_eq!(document.title.as_deref(), Some("Le titre"));
        assert_eq!(document.metadata, []);
        let text = document.blocks.last().unwrap();
        assert_eq!(document.heading_of(text), Some("Une section"));
    }
}
