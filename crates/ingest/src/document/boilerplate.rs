//! Boilerplate: lines of a web page that are not part of the article.
//!
//! Articles saved from the web carry the page around them: navigation and
//! "back to top" buttons, newsletter boxes, share and "read more" links,
//! "You are currently viewing …" breadcrumbs, photo credits and captions,
//! bylines and widget labels. None of it should come back as a passage. The
//! rules, in order:
//! 1. **Web cues**: a line of at most [`MAX_CUE_WORDS`] words holding one of
//!    a few phrases that only page furniture uses ([`WEB_CUES`], French and
//!    English: newsletter, "retour en haut", "lire la suite", "cliquez ici",
//!    "tous droits réservés", "(Crédit : …)", "©"…).
//! 2. **Breadcrumbs**: a line that ends with the text of the next line and
//!    has more before it (`You are currently viewing <title>` above
//!    `<title>`).
//! 3. **Fragments**: a line of at most [`MAX_FRAGMENT_WORDS`] words with no
//!    sentence punctuation, shaped like a heading but with no text under it
//!    (a button label, a byline, "Overlay Image", "1s"). A line in lower case
//!    is a fragment only when boilerplate (or the end of the file) follows
//!    it. Short lines that read as sentences whose end was lost in conversion
//!    ("et enlever le drapeau avec", "Pour arrêter un service, lancez" before
//!    a command) stay passages.
//!
//! Headings that stand right above another heading and are at most
//! [`MAX_KICKER_WORDS`] words ("Texte Centré" above a title) are page
//! furniture too; `read_text` (in the reader's `mod.rs`) applies that rule since
//! it needs the headings.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use unicode_segmentation::UnicodeSegmentation;

use crate::analysis::{fold, fold_into};

/// Longest line, in words, that a web cue marks as boilerplate: a long
/// paragraph that mentions a newsletter is still an article paragraph.
pub(crate) const MAX_CUE_WORDS: usize = 40;
/// Longest unpunctuated line, in words, that counts as a fragment.
pub(crate) const MAX_FRAGMENT_WORDS: usize = 7;
/// Longest heading, in words, dropped when it stands above another heading.
pub(crate) const MAX_KICKER_WORDS: usize = 3;

/// Phrases (folded: lower case, no accents) that only page furniture uses.
pub(crate) const WEB_CUES: &[&str] = &[
    "newsletter",
    "infolettre",
    "abonnez-vous",
    "inscrivez-vous",
    "se desabonner",
    "sans spam",
    "cookies",
    "tous droits reserves",
    "all rights reserved",
    "you are currently viewing",
    "retour en haut",
    "back to top",
    "partager sur",
    "share on",
    "lire aussi",
    "lire la suite",
    "read more",
    "en savoir plus",
    "cliquez ici",
    "click here",
    "juste ici",
    "post category",
    "derniere modification de la publication",
    "articles similaires",
    "related posts",
    "dans la meme categorie",
    "credit photo",
    "photo credit",
    "(credit",
    "\u{a9}",
];

/// Number of words in a line (UAX #29 words holding a letter or digit).
///
/// Words never span ASCII white space, so the line is counted a chunk at a
/// time, and a chunk of ASCII letters and digits only is one word without
/// segmenting it. (Other spaces may lie inside a word: U+202F, the narrow
/// no-break space of French typography, joins words for UAX #29.)
pub(crate) fn word_count(text: &str) -> usize {
    text.split_ascii_whitespace()
        .map(|chunk| {
            if chunk.bytes().all(|b| b.is_ascii_alphanumeric()) {
                1
            } else {
                chunk.unicode_words().count()
            }
        })
        .sum()
}

/// The rule that judged a block page furniture. Furniture stays in the
/// index, marked with its rule: left out of results unless asked for, and
/// listed by `fouille index --list-skipped`, so that nothing is dropped
/// unseen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Furniture {
    /// A short line holding a phrase only page furniture uses
    /// ([`WEB_CUES`]: newsletter, "lire la suite", "©"…).
    WebCue,
    /// A line that ends with the text of the next one (`Accueil › … ›
    /// <title>` above `<title>`).
    Breadcrumb,
    /// A short line without sentence punctuation and with no text under it
    /// (a button label, a byline, an image's caption).
    Fragment,
    /// A short heading right above another heading ("Texte Centré" above a
    /// title).
    Kicker,
    /// A short block nearly all of whose words are links (a menu).
    LinkList,
    /// Inside an element of the page named as furniture (`nav`, a site's
    /// `footer`, `class="share-buttons"`, an `aside` beside the article).
    Element,
    /// Beside the page's main content, in a region of links or scraps (a
    /// side column, a row of teasers).
    Region,
    /// At the top or bottom of the pages of a paged document (a PDF), a
    /// line repeated there or a page number: a running head or foot.
    RunningHead,
    /// An entry of a table of contents or of an index (dot leaders before
    /// a page number).
    Contents,
}

impl Furniture {
    /// Every rule, in the order of their codes.
    pub const ALL: [Furniture; 9] = [
        Furniture::WebCue,
        Furniture::Breadcrumb,
        Furniture::Fragment,
        Furniture::Kicker,
        Furniture::LinkList,
        Furniture::Element,
        Furniture::Region,
        Furniture::RunningHead,
        Furniture::Contents,
    ];

    /// The rule's name, as citations and `--list-skipped` give it.
    pub fn name(self) -> &'static str {
        match self {
            Furniture::WebCue => "web_cue",
            Furniture::Breadcrumb => "breadcrumb",
            Furniture::Fragment => "fragment",
            Furniture::Kicker => "kicker",
            Furniture::LinkList => "link_list",
            Furniture::Element => "furniture_element",
            Furniture::Region => "side_region",
            Furniture::RunningHead => "running_head",
            Furniture::Contents => "contents",
        }
    }

    /// The rule's code in the passage table (0 is "not furniture").
    pub fn code(self) -> u8 {
        Furniture::ALL
            .iter()
            .position(|&f| f == self)
            .map_or(0, |i| i as u8 + 1)
    }

    /// The rule of a code; `None` for 0 and for codes no rule has.
    pub fn of_code(code: u8) -> Option<Furniture> {
        Furniture::ALL
            .get(usize::from(code).checked_sub(1)?)
            .copied()
    }
}

/// Rules 1 and 2: web cues and breadcrumbs. `next` is the next non-blank
/// line, if any.
pub(crate) fn page_furniture(text: &str, next: Option<&str>) -> Option<Furniture> {
    // Each test starts with a cheap necessary condition: most lines are
    // paragraphs with no cue, and folding and segmenting them is what costs.
    if word_chunks(text) <= MAX_CUE_WORDS
        && web_cues().is_match(&fold_line(text))
        && word_count(text) <= MAX_CUE_WORDS
    {
        return Some(Furniture::WebCue);
    }
    let breadcrumb = next.is_some_and(|next| {
        // The line's end is the next line's end: so is its last word's.
        if !last_word_ends_with(text, next) {
            return false;
        }
        let (folded, next) = (fold_line(text), fold_line(next));
        folded.len() > next.len() && word_count(&next) >= 2 && folded.ends_with(&next)
    });
    breadcrumb.then_some(Furniture::Breadcrumb)
}

/// True when [`page_furniture`] judges the line furniture.
#[cfg(test)]
fn is_page_furniture(text: &str, next: Option<&str>) -> bool {
    page_furniture(text, next).is_some()
}

/// The matcher of [`WEB_CUES`], built once: one pass over a line finds any
/// of them.
fn web_cues() -> &'static AhoCorasick {
    static CUES: OnceLock<AhoCorasick> = OnceLock::new();
    CUES.get_or_init(|| AhoCorasick::new(WEB_CUES).expect("the web cues are a valid pattern set"))
}

/// Number of chunks between ASCII spaces that hold a letter or digit. Each
/// word lies within one such chunk, and each such chunk holds at least one
/// word: a line of more chunks than `max` has more words than `max`, and
/// this settles most lines without segmenting them.
fn word_chunks(text: &str) -> usize {
    text.split_ascii_whitespace()
        .filter(|c| c.chars().any(char::is_alphanumeric))
        .count()
}

/// True when the last word of `line` (after its last space), folded, ends
/// with the last word of `next`, folded.
fn last_word_ends_with(line: &str, next: &str) -> bool {
    let last_word = |line| str::rsplit(line, ' ').next().unwrap_or_default();
    let (word, end) = (last_word(line), last_word(next));
    if word.is_ascii() && end.is_ascii() {
        // ASCII folds to lower case: compare without folding.
        return word.len() >= end.len()
            && word.as_bytes()[word.len() - end.len()..].eq_ignore_ascii_case(end.as_bytes());
    }
    fold(word).ends_with(&fold(end))
}

/// Rule 3: a short line with no sentence punctuation. `heading_shaped`
/// says whether the line has the shape of a heading, `before_boilerplate`
/// whether boilerplate or the end of the file comes next.
pub(crate) fn is_fragment(text: &str, heading_shaped: bool, before_boilerplate: bool) -> bool {
    let lower_case = text.chars().next().is_some_and(char::is_lowercase);
    !ends_a_sentence(text)
        && word_count(text) <= MAX_FRAGMENT_WORDS
        && (heading_shaped || (lower_case && before_boilerplate))
}

/// A whole line folded for matching cues (case and accents ignored).
fn fold_line(text: &str) -> String {
    if text.is_ascii() {
        // Folding ASCII is lowering its case.
        return text.to_ascii_lowercase();
    }
    let (mut out, mut word) = (String::with_capacity(text.len()), String::new());
    for (i, piece) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        fold_into(piece, &mut word);
        out.push_str(&word);
    }
    out
}

/// True when the line ends a sentence or announces what follows: `.`, `!`,
/// `?`, `…`, `:` or `;` stands after its last word (closing quotes,
/// brackets and smileys aside).
pub(crate) fn ends_a_sentence(line: &str) -> bool {
    let tail = line
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_alphanumeric())
        .map_or(line, |(i, c)| &line[i + c.len_utf8()..]);
    tail.contains(['.', '!', '?', '…', ':', ';'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_as_unicode_segments() {
        for line in [
            "Les soins, surtout en zones rurales.",
            "l’interopérabilité d'aujourd'hui 3,5 % à 12h30",
            "a-b c_d e.f (voir) « guillemets » — tiret",
            "日本語のテキスト mixed with ASCII",
            "  espaces\u{a0}insécables\u{202f}fines \u{0301}marque\tet\nfin",
            "mot\u{202f}: mot \u{202f}mot",
            "emoji 👍🏽 et #hashtag @nom ...",
            "",
        ] {
            assert_eq!(word_count(line), line.unicode_words().count(), "{line}");
        }
    }

    #[test]
    fn web_cues_mark_page_furniture() {
        for text in [
            "Une newsletter totalement gratuite",
            "Une fois par mois, recevez l’essentiel de l’innovation en santé, sans spam ni surplus.",
            "Bouton retour en haut de la page",
            "Lire le rapport complet juste ici : Etat des lieux de l’IA en santé",
            "• Dernière modification de la publication :20 janvier 2025",
            "Le ministre a annoncé une série de mesures. (Crédit : Ministère de la Santé)",
            "© 2025 Medtech France",
            "Dans la même catégorie",
        ] {
            assert!(is_page_furniture(text, None), "{text}");
        }
    }

    #[test]
    fn article_text_is_not_furniture() {
        for text in [
            "Le rapport souligne également l’importance de l’interopérabilité.",
            "La formation des professionnels de santé est un axe prioritaire.",
        ] {
            assert!(!is_page_furniture(text, None), "{text}");
        }
        let long = format!("{} newsletter.", "mot ".repeat(50));
        assert!(!is_page_furniture(&long, None));
    }

    #[test]
    fn breadcrumbs_repeat_the_next_line() {
        let title = "Intelligence artificielle : des opportunités et des défis";
        let crumb = format!("Accueil › Santé › {title}");
        assert!(is_page_furniture(&crumb, Some(title)));
        assert!(!is_page_furniture(title, Some(title)));
        assert!(!is_page_furniture(
            "Une phrase complète.",
            Some("complète.")
        ));
    }

    #[test]
    fn every_rule_has_its_own_code_and_name() {
        for rule in Furniture::ALL {
            assert_eq!(Furniture::of_code(rule.code()), Some(rule));
            assert_ne!(rule.code(), 0);
        }
        assert_eq!(Furniture::of_code(0), None);
        assert_eq!(Furniture::of_code(200), None);
        let names: std::collections::HashSet<_> = Furniture::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(names.len(), Furniture::ALL.len());
        assert_eq!(
            page_furniture(
                "Accueil › Santé › Le titre de la page",
                Some("Le titre de la page")
            ),
            Some(Furniture::Breadcrumb)
        );
    }

    #[test]
    fn fragments() {
        for text in [
            "Overlay Image",
            "1s",
            "Antonin Tabard",
            "BIG, un rendez-vous incontournable",
        ] {
            assert!(is_fragment(text, true, false), "{text}");
        }
        for text in [
            "Une phrase courte.",
            "Voici la liste :",
            "Une ligne de plus de sept mots sans point final ici",
        ] {
            assert!(!is_fragment(text, true, true), "{text}");
        }
        assert!(!is_fragment("Pour arrêter un service, lancez", false, true));
        assert!(!is_fragment("et enlever le drapeau avec", false, false));
        assert!(is_fragment(
            "toute l'actualité sur l'innovation",
            false,
            true
        ));
    }

    #[test]
    fn sentence_ends() {
        for line in [
            "Fin.",
            "Fin !",
            "Quoi ?",
            "Voici :",
            "« Fin. »",
            "(fin.)",
            "Fin. :-)",
        ] {
            assert!(ends_a_sentence(line), "{line}");
        }
        for line in ["Un titre", "Overlay Image", "2030"] {
            assert!(!ends_a_sentence(line), "{line}");
        }
    }
}
