//! Is a line a heading?
//!
//! A heading is a short line that names what follows: at most
//! [`MAX_HEADING_CHARS`] characters, starting with a capital or a digit,
//! with no closing punctuation (a final `?` is allowed: titles ask
//! questions), followed by text that does not run on from it. Text converted
//! from documentation also has short unpunctuated lines that are sentences
//! whose end (a command, a file name) was lost; these give themselves away:
//! they open with a quotation mark or a bracket, hold code-like characters,
//! end on a word that announces something ("en faisant", "la commande
//! suivante", an imperative in `-ez`), have sentence punctuation after their
//! last word (`fonctionne. :-)`), or speak to the reader (`vous`, `nous`,
//! `je`) without asking a question, or open with a call-out label
//! (`Important :`, `Note :`).

use crate::analysis::fold;
use crate::analysis::is_quote;

/// Longest line, in characters, that can be a heading.
pub(super) const MAX_HEADING_CHARS: usize = 160;
/// Longest numbered heading, in characters (`3.1.12. J'utilise
/// actuellement testing (bookworm). Que se passera-t-il lors de la
/// prochaine publication ? Utiliserai-je encore testing ou…`: 173).
const MAX_NUMBERED_HEADING_CHARS: usize = 300;

/// Last words (folded) that announce something to come: a line ending with
/// one is a sentence cut short, not a heading.
const ANNOUNCING_WORDS: &[&str] = &[
    "a",
    "au",
    "aux",
    "avec",
    "ceci",
    "cela",
    "comme",
    "commande",
    "commandes",
    "dans",
    "de",
    "des",
    "du",
    "en",
    "et",
    "exemple",
    "executant",
    "faisant",
    "la",
    "le",
    "les",
    "ou",
    "par",
    "pour",
    "que",
    "qui",
    "suivant",
    "suivante",
    "suivantes",
    "suivants",
    "sur",
    "tapant",
    "un",
    "une",
    "utilisant",
];

/// Subject pronouns: a line that speaks to or for the reader is a sentence,
/// unless it asks a question.
const PRONOUNS: &[&str] = &["je", "nous", "tu", "vous"];

/// Labels of documentation call-outs (`Important : …`, `Note : …`): a line
/// they open is a remark, not a heading.
const CALLOUTS: &[&str] = &[
    "astuce",
    "attention",
    "avertissement",
    "caution",
    "conseil",
    "danger",
    "exemple",
    "important",
    "info",
    "nb",
    "note",
    "remarque",
    "tip",
    "warning",
];

/// Characters that belong to code, file names and markup, not to headings.
const CODE_CHARS: &[char] = &['<', '>', '_', '=', '$', '{', '}', '\\'];

/// True when `text` has the shape of a heading (see the module docs); the
/// caller checks that text follows it.
pub(super) fn heading_shaped(text: &str) -> bool {
    let Some(first) = text.chars().find(|c| c.is_alphanumeric()) else {
        return false;
    };
    // The cheap tests first: most lines of a corpus are long paragraphs.
    // A numbered heading may be a long question (an FAQ's), which a
    // numbered paragraph is not: it ends with a full stop.
    let number = super::wrap::section_number(text);
    let longest = if number.is_some() {
        MAX_NUMBERED_HEADING_CHARS
    } else {
        MAX_HEADING_CHARS
    };
    if first.is_lowercase() || text.chars().count() > longest {
        return false;
    }
    // Words set apart in columns are a table or a command's output
    // (`Codename:   sid`, `Paquet   Version   Taille`), not a title: a
    // label and a wide gap after its colon, or two wide gaps, or a tab.
    // One gap after a number is a title's (`Annexe A.  Glossaire`,
    // `Chapitre 3  Installation`).
    let columns = text
        .trim()
        .split("  ")
        .filter(|part| !part.trim().is_empty())
        .count();
    if text.contains(":  ") || columns > 2 || text.contains('\t') {
        return false;
    }
    let after_last_word = &text[text.rfind(char::is_alphanumeric).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    })..];
    let callout = || {
        text.split_once(':').is_some_and(|(label, _)| {
            let label = fold(label.trim());
            CALLOUTS.contains(&label.as_str())
        })
    };
    // Tests on the text as it is, before folding its words.
    if after_last_word.contains(['.', ',', ';', ':', '!', '…'])
        || text.starts_with(|c: char| is_quote(c) || matches!(c, '(' | '['))
        || text.contains(CODE_CHARS)
        || callout()
    {
        return false;
    }
    // Words as written between spaces, so that `rendez-vous` is not `vous`.
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| fold(w.trim_matches(|c: char| !c.is_alphanumeric())))
        .filter(|w| !w.is_empty())
        .collect();
    let last_word = words.last().map(String::as_str).unwrap_or_default();
    let question = text
        .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '?')
        .ends_with('?');
    // A numbered question is whole: its last word does not announce what
    // follows (`3.1.6. … Qu'entendez-vous par là ?`, `là` folded as `la`).
    // Unnumbered, a line that ends so is a line of prose or of dialogue
    // (`Qui est là ?`) as often as a title.
    let sentence_like = !(question && number.is_some())
        && (ANNOUNCING_WORDS.contains(&last_word)
            || (last_word.ends_with("ez") && last_word.len() > 3));
    !sentence_like && (question || !words.iter().any(|w| PRONOUNS.contains(&w.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_shapes() {
        for text in [
            "Introduction",
            "Chapitre 1. Définitions et vue d'ensemble",
            "Comment l’IA et la data révolutionnent-elles les soins de santé ?",
            "L’impact de l’intelligence artificielle sur les pratiques médicales en France",
            "Debian GNU/Linux",
            "Comment puis-je installer Debian ?",
            "Le projet « Impact IA »",
            "BIG, un rendez-vous incontournable",
            "3.1.12.\u{a0} J'utilise actuellement testing (bookworm). Que se passera-t-il lors de la \
             prochaine publication ? Utiliserai-je encore testing ou ma machine utilisera la \
             nouvelle distribution stable ?",
            "1.  Introduction",
            "Annexe A.  Glossaire des termes",
            "Chapitre 3  Installation du système",
        ] {
            assert!(heading_shaped(text), "{text}");
        }
        // Words set in columns: a command's output.
        for text in [
            "Codename:   sid",
            "Description:    Debian GNU/Linux unstable (sid)",
        ] {
            assert!(!heading_shaped(text), "{text}");
        }
    }

    #[test]
    fn sentences_cut_short_are_not_headings() {
        for text in [
            "Avec apt, vous pouvez conserver un paquet en faisant",
            "Pour connaître l'état de tous les paquets installés exécutez la commande",
            "Le nom des paquets se conforme à la convention suivante : <foo>_<version>.deb",
            "« Il reste à caractériser ce qu’est l’IA en santé », Mariane Cimino",
            "Une phrase qui finit.",
            "une ligne en minuscules",
            "Voici la liste :",
            "Pour démarrer ou arrêter un service, lancez",
            "Si vous aimeriez enregistrer vos appels à dpkg, vous pouvez ajouter",
            "Achetez-en une qui fonctionne. :-)",
            "(Bien sûr, remplacez NNN par le numéro de version)",
            "Important : paquets devant être présents sur tous systèmes de type Unix",
            "Note : cette option est obsolète",
        ] {
            assert!(!heading_shaped(text), "{text}");
        }
    }
}
