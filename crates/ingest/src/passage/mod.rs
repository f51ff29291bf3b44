//! Passage segmentation: cutting an article into the units a reader cites.
//!
//! A passage is a paragraph, a list item or a table row: one non-blank line of
//! the source. What is not a passage:
//! - Markdown table separators (`---|---|`);
//! - headings ([`heading`]): a heading is the `section` of the passages under
//!   it, and the article's first heading is its title;
//! - page furniture and fragments ([`boilerplate`]): navigation, newsletter
//!   boxes, credits, captions, button labels.
//!
//! A line longer than [`MAX_PASSAGE_CHARS`] is cut into several passages
//! ([`split`]). Every passage keeps the exact byte range of its text in the
//! source, so that `&source[start..end] == text` always holds.

mod boilerplate;
mod heading;
mod line;
mod split;

use boilerplate::{is_fragment, is_page_furniture, word_count, MAX_KICKER_WORDS};
use heading::heading_shaped;
use line::{classify_lines, heading_text, is_markdown_heading, LineKind};

/// Longest passage, in characters. Longer paragraphs are cut into several
/// passages.
pub const MAX_PASSAGE_CHARS: usize = 1500;

/// What kind of block of the source a passage is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PassageKind {
    /// A paragraph of running text.
    Paragraph,
    /// An item of a bulleted or numbered list.
    ListItem,
    /// A row of a table (cells separated by `|`).
    TableRow,
}

/// One passage of an article, located in its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// 1-based line of the source where the passage starts.
    pub line: u32,
    /// 1-based part number when a long line was cut into several passages;
    /// 1 for a passage that is a whole line.
    pub part: u32,
    /// Byte offset of the passage's first byte in the source.
    pub start: usize,
    /// Byte offset just past the passage's last byte in the source.
    pub end: usize,
    /// What block of the source the passage is.
    pub kind: PassageKind,
    /// The heading the passage stands under, if any other than the title.
    pub section: Option<String>,
}

/// An article cut into passages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// The article's first heading, if it has one.
    pub title: Option<String>,
    /// The passages, in source order.
    pub passages: Vec<Passage>,
    /// Lines left out as boilerplate.
    pub boilerplate_lines: u32,
}

/// What a block line turns out to be, given the lines after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Passage,
    Heading,
    Boilerplate,
}

/// Cuts `source` into passages, with the title and section of each.
pub fn segment(source: &str) -> Article {
    let lines = classify_lines(source);
    let text_of = |i: usize| &source[lines[i].start..lines[i].end];
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
            kind == PassageKind::Paragraph && (heading_shaped(text) || is_markdown_heading(text));
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
        } else if kind == PassageKind::Paragraph && is_fragment(text, shaped, before_boilerplate) {
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

    let mut article = Article {
        title: None,
        passages: Vec::new(),
        boilerplate_lines: 0,
    };
    let mut section: Option<String> = None;
    for &i in &blocks {
        let (line, text) = (&lines[i], text_of(i));
        let LineKind::Block(kind) = line.kind else {
            continue;
        };
        match roles[i] {
            Role::Boilerplate => article.boilerplate_lines += 1,
            Role::Heading if article.title.is_none() => {
                article.title = Some(heading_text(text).to_string())
            }
            Role::Heading => section = Some(heading_text(text).to_string()),
            Role::Passage => {
                for (part, (start, end)) in split::cut_long(text).into_iter().enumerate() {
                    article.passages.push(Passage {
                        line: line.number,
                        part: part as u32 + 1,
                        start: line.start + start,
                        end: line.start + end,
                        kind,
                        section: section.clone(),
                    });
                }
            }
        }
    }
    article
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(source: &'a str, article: &Article) -> Vec<&'a str> {
        article
            .passages
            .iter()
            .map(|p| &source[p.start..p.end])
            .collect()
    }

    #[test]
    fn lines_are_passages_and_headings_are_sections() {
        let source = "Titre de l’article\nPremier paragraphe.\nUne section\n- un item : oui.\nA | B |\n---|---|\nx | y |\n";
        let article = segment(source);
        assert_eq!(article.title.as_deref(), Some("Titre de l’article"));
        assert_eq!(
            texts(source, &article),
            [
                "Premier paragraphe.",
                "- un item : oui.",
                "A | B |",
                "x | y |"
            ]
        );
        let kinds: Vec<PassageKind> = article.passages.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [
                PassageKind::Paragraph,
                PassageKind::ListItem,
                PassageKind::TableRow,
                PassageKind::TableRow
            ]
        );
        assert_eq!(article.passages[0].section, None);
        assert_eq!(article.passages[1].section.as_deref(), Some("Une section"));
        let lines: Vec<u32> = article.passages.iter().map(|p| p.line).collect();
        assert_eq!(lines, [2, 4, 5, 7]);
    }

    #[test]
    fn question_headings_and_blank_line_separated_paragraphs() {
        let source = "Chapitre 1. Vue d'ensemble\n\nQuel est le sens de ce mot ?\n\nLe nom est prononcé ainsi.\n";
        let article = segment(source);
        assert_eq!(article.title.as_deref(), Some("Chapitre 1. Vue d'ensemble"));
        assert_eq!(texts(source, &article), ["Le nom est prononcé ainsi."]);
        assert_eq!(
            article.passages[0].section.as_deref(),
            Some("Quel est le sens de ce mot ?")
        );
        assert_eq!(article.passages[0].line, 5);
    }

    #[test]
    fn page_furniture_is_left_out() {
        let source = "Texte Centré\n\n\
            IA en santé : un état des lieux\n\n\
            Le rapport dresse un panorama des avancées.\n\n\
            Dans la même catégorie\n\
            Bouton retour en haut de la page\n\
            1s\n\
            Une fois par mois, recevez l’essentiel, sans spam ni surplus.\n\
            Une newsletter totalement gratuite\n\
            Overlay Image";
        let article = segment(source);
        assert_eq!(
            article.title.as_deref(),
            Some("IA en santé : un état des lieux")
        );
        assert_eq!(
            texts(source, &article),
            ["Le rapport dresse un panorama des avancées."]
        );
        assert_eq!(article.boilerplate_lines, 7);
    }

    #[test]
    fn breadcrumbs_and_credits_are_left_out() {
        let source = "You are currently viewing Intelligence artificielle : des défis\n\n\
            Intelligence artificielle : des défis\n\n\
            • Post category:\n\
            L’IA révolutionne le secteur de la santé.\n\
            Le ministre a profité du sommet. (Crédit : Ministère de la Santé)\n\
            Antonin Tabard";
        let article = segment(source);
        assert_eq!(
            article.title.as_deref(),
            Some("Intelligence artificielle : des défis")
        );
        assert_eq!(
            texts(source, &article),
            ["L’IA révolutionne le secteur de la santé."]
        );
    }

    #[test]
    fn sentences_cut_short_stay_passages() {
        let source = "Titre\n\nAvec apt, vous pouvez conserver un paquet en faisant\n\net enlever le drapeau avec\n\nPour connaître l'état des paquets exécutez la commande\n\nCela affiche un résumé.\n";
        let article = segment(source);
        assert_eq!(
            texts(source, &article),
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
        let source = "Titre\nTexte.\nYasmine Achour\nYasmine Achour est rédactrice en chef.\n";
        let article = segment(source);
        assert_eq!(
            article.passages[1].section.as_deref(),
            Some("Yasmine Achour")
        );
    }

    #[test]
    fn long_lines_become_several_passages_with_exact_offsets() {
        let sentence = "Une phrase de longueur moyenne qui parle de santé numérique. ";
        let source = format!("Titre\n{}\nFin.", sentence.repeat(60));
        let article = segment(&source);
        let parts: Vec<u32> = article.passages.iter().map(|p| p.part).collect();
        assert_eq!(parts[..3], [1, 2, 3]);
        assert!(article.passages[..parts.len() - 1]
            .iter()
            .all(|p| p.line == 2));
        for passage in &article.passages {
            let text = &source[passage.start..passage.end];
            assert!(text.chars().count() <= MAX_PASSAGE_CHARS);
        }
    }

    #[test]
    fn markdown_headings_lose_their_marks() {
        let source = "# Le titre\n\n## Une section, longue : oui\n\nTexte.\n";
        let article = segment(source);
        assert_eq!(article.title.as_deref(), Some("Le titre"));
        assert_eq!(
            article.passages[0].section.as_deref(),
            Some("Une section, longue : oui")
        );
    }

    #[test]
    fn empty_and_blank_sources_have_no_passages() {
        assert!(segment("").passages.is_empty());
        assert!(segment("\n \n\t\n").passages.is_empty());
    }
}
