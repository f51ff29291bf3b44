//! Plain text: one block a non-blank line (a file written one paragraph a
//! line, with or without blank lines between them).
//!
//! A block is one non-blank line of the text: a paragraph, a list item or
//! a table row. What is not a block:
//! - Markdown table separators (`---|---|`);
//! - page furniture and fragments (`super::boilerplate`): navigation, newsletter
//!   boxes, credits, captions, button labels, counted in
//!   [`Document::left_out`].
//!
//! A heading ([`heading`]) is a heading block; the first one is the title.
//! Markdown headings (`## …`) lose their marks and keep their level; other
//! headings are of level 1.

mod heading;
mod line;

use super::boilerplate::{is_fragment, is_page_furniture, word_count, MAX_KICKER_WORDS};
use heading::heading_shaped;
use line::{classify_lines, heading_text, is_markdown_heading, LineKind};

use super::{Block, BlockKind, Document, ReadError, Reader};

/// Reads UTF-8 text files.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlainTextReader;

impl Reader for PlainTextReader {
    fn accepts(&self, _rel: &str, _head: &[u8]) -> bool {
        true
    }

    fn read(&self, bytes: Vec<u8>) -> Result<Document, ReadError> {
        let text = String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 {
            offset: e.utf8_error().valid_up_to(),
        })?;
        if let Some(offset) = text.find('\0') {
            return Err(ReadError::Binary { offset });
        }
        Ok(read_text(text))
    }
}

/// What a block line turns out to be, given the lines after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Passage,
    Heading,
    Boilerplate,
}

/// The document of a text.
pub(crate) fn read_text(text: String) -> Document {
    let lines = classify_lines(&text);
    let text_of = |i: usize| &text[lines[i].start..lines[i].end];
    let blocks: Vec<usize> = (0..lines.len())
        .filter(|&i| matches!(lines[i].kind, LineKind::Block(_)))
        .collect();

    // Whether a line is a heading depends on what follows it: decide from the
    // last line up.
    let mut roles = vec![Role::Boilerplate; lines.len()];
    let mut next_line: Option<usize> = None;
    let mut next_kept: Option<Role> = None;
    for &i in blocks.iter().rev() {
        let LineKind::Block(kind) = lines[i].kind else {
            continue;
        };
        let text = text_of(i);
        let next_text = next_line.map(text_of);
        let followed_by_text = matches!(next_kept, Some(Role::Passage | Role::Heading));
        let shaped =
            kind == BlockKind::Paragraph && (heading_shaped(text) || is_markdown_heading(text));
        let before_boilerplate =
            matches!(next_line.map(|j| roles[j]), None | Some(Role::Boilerplate));
        let role = if is_page_furniture(text, next_text) {
            Role::Boilerplate
        } else if shaped && followed_by_text {
            let kicker = next_kept == Some(Role::Heading)
                && word_count(text) <= MAX_KICKER_WORDS
                && !is_markdown_heading(text);
            if kicker {
                Role::Boilerplate
            } else {
                Role::Heading
            }
        } else if kind == BlockKind::Paragraph && is_fragment(text, shaped, before_boilerplate) {
            Role::Boilerplate
        } else {
            Role::Passage
        };
        roles[i] = role;
        next_line = Some(i);
        if role != Role::Boilerplate {
            next_kept = Some(role);
        }
    }

    let mut title = None;
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut left_out = 0;
    // The headings the next block stands under: (level, block index).
    let mut open_headings: Vec<(u8, u32)> = Vec::new();
    for &i in &blocks {
        let (line, text) = (&lines[i], text_of(i));
        let LineKind::Block(kind) = line.kind else {
            continue;
        };
        match roles[i] {
            Role::Boilerplate => left_out += 1,
            Role::Heading if title.is_none() => title = Some(heading_text(text).to_string()),
            Role::Heading => {
                let level = markdown_level(text).unwrap_or(1);
                while open_headings.last().is_some_and(|&(l, _)| l >= level) {
                    open_headings.pop();
                }
                let inner = heading_text(text);
                let start = line.start + (inner.as_ptr() as usize - text.as_ptr() as usize);
                let end = start + inner.len();
                out.push(Block {
                    kind: BlockKind::Heading { level },
                    start,
                    end,
                    source: start as u64..end as u64,
                    line: line.number,
                    parent: open_headings.last().map(|&(_, b)| b),
                });
                open_headings.push((level, out.len() as u32 - 1));
            }
            Role::Passage => out.push(Block {
                kind,
                start: line.start,
                end: line.end,
                source: line.start as u64..line.end as u64,
                line: line.number,
                parent: open_headings.last().map(|&(_, b)| b),
            }),
        }
    }
    Document {
        text,
        title,
        metadata: Vec::new(),
        blocks: out,
        left_out,
    }
}

/// The level of a Markdown heading (its number of `#`).
fn markdown_level(text: &str) -> Option<u8> {
    is_markdown_heading(text).then(|| (text.len() - text.trim_start_matches('#').len()) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(source: &str) -> Document {
        PlainTextReader.read(source.as_bytes().to_vec()).unwrap()
    }

    /// The texts of the blocks that are not headings.
    fn texts(document: &Document) -> Vec<&str> {
        document
            .blocks
            .iter()
            .filter(|b| !matches!(b.kind, BlockKind::Heading { .. }))
            .map(|b| document.text_of(b))
            .collect()
    }

    #[test]
    fn lines_are_blocks_and_headings_are_sections() {
        let document =
            read("Titre de l’article\nPremier paragraphe.\nUne section\n- un item : oui.\nA | B |\n---|---|\nx | y |\n");
        assert_eq!(document.title.as_deref(), Some("Titre de l’article"));
        assert_eq!(
            texts(&document),
            [
                "Premier paragraphe.",
                "- un item : oui.",
                "A | B |",
                "x | y |"
            ]
        );
        let kinds: Vec<BlockKind> = document.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Paragraph,
                BlockKind::Heading { level: 1 },
                BlockKind::ListItem,
                BlockKind::TableRow,
                BlockKind::TableRow
            ]
        );
        let first = &document.blocks[0];
        assert_eq!(document.heading_of(first), None);
        assert_eq!(
            document.heading_of(&document.blocks[2]),
            Some("Une section")
        );
        let lines: Vec<u32> = document.blocks.iter().map(|b| b.line).collect();
        assert_eq!(lines, [2, 3, 4, 5, 7]);
    }

    #[test]
    fn question_headings_and_blank_line_separated_paragraphs() {
        let document = read(
            "Chapitre 1. Vue d'ensemble\n\nQuel est le sens de ce mot ?\n\nLe nom est prononcé ainsi.\n",
        );
        assert_eq!(
            document.title.as_deref(),
            Some("Chapitre 1. Vue d'ensemble")
        );
        assert_eq!(texts(&document), ["Le nom est prononcé ainsi."]);
        let block = &document.blocks[1];
        assert_eq!(
            document.heading_of(block),
            Some("Quel est le sens de ce mot ?")
        );
        assert_eq!(block.line, 5);
    }

    #[test]
    fn page_furniture_is_left_out() {
        let document = read(
            "Texte Centré\n\n\
            IA en santé : un état des lieux\n\n\
            Le rapport dresse un panorama des avancées.\n\n\
            Dans la même catégorie\n\
            Bouton retour en haut de la page\n\
            1s\n\
            Une fois par mois, recevez l’essentiel, sans spam ni surplus.\n\
            Une newsletter totalement gratuite\n\
            Overlay Image",
        );
        assert_eq!(
            document.title.as_deref(),
            Some("IA en santé : un état des lieux")
        );
        assert_eq!(
            texts(&document),
            ["Le rapport dresse un panorama des avancées."]
        );
        assert_eq!(document.left_out, 7);
    }

    #[test]
    fn breadcrumbs_and_credits_are_left_out() {
        let document = read(
            "You are currently viewing Intelligence artificielle : des défis\n\n\
            Intelligence artificielle : des défis\n\n\
            • Post category:\n\
            L’IA révolutionne le secteur de la santé.\n\
            Le ministre a profité du sommet. (Crédit : Ministère de la Santé)\n\
            Antonin Tabard",
        );
        assert_eq!(
            document.title.as_deref(),
            Some("Intelligence artificielle : des défis")
        );
        assert_eq!(
            texts(&document),
            ["L’IA révolutionne le secteur de la santé."]
        );
    }

    #[test]
    fn sentences_cut_short_stay_blocks() {
        let document = read("Titre\n\nAvec apt, vous pouvez conserver un paquet en faisant\n\net enlever le drapeau avec\n\nPour connaître l'état des paquets exécutez la commande\n\nCela affiche un résumé.\n");
        assert_eq!(
            texts(&document),
            [
                "Avec apt, vous pouvez conserver un paquet en faisant",
                "et enlever le drapeau avec",
                "Pour connaître l'état des paquets exécutez la commande",
                "Cela affiche un résumé."
            ]
        );
    }

    #[test]
    fn a_byline_above_its_bio_is_a_section() {
        let document =
            read("Titre\nTexte.\nYasmine Achour\nYasmine Achour est rédactrice en chef.\n");
        let bio = document.blocks.last().unwrap();
        assert_eq!(document.heading_of(bio), Some("Yasmine Achour"));
    }

    #[test]
    fn markdown_headings_lose_their_marks() {
        let document = read("# Le titre\n\n## Une section, longue : oui\n\nTexte.\n");
        assert_eq!(document.title.as_deref(), Some("Le titre"));
        let text = document.blocks.last().unwrap();
        assert_eq!(document.heading_of(text), Some("Une section, longue : oui"));
        assert_eq!(document.blocks[0].kind, BlockKind::Heading { level: 2 });
    }

    #[test]
    fn what_is_not_text_is_refused() {
        assert_eq!(
            PlainTextReader.read(b"Titre\nCaf\xe9".to_vec()),
            Err(ReadError::NotUtf8 { offset: 9 })
        );
        assert_eq!(
            PlainTextReader.read(b"caf\xe9 noir".to_vec()),
            Err(ReadError::NotUtf8 { offset: 3 })
        );
        assert_eq!(
            PlainTextReader.read(b"ab\0c".to_vec()),
            Err(ReadError::Binary { offset: 2 })
        );
        assert!(read("").has_no_text());
        assert!(read("\n \n\t\n").has_no_text());
    }
}
