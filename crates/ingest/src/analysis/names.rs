//! Names of several words: `GNU/Linux`, `CD-ROM`, `Wi-Fi`, `plate-forme`,
//! `System V`, `Windows 10`, `AI Act`.
//!
//! The analyzer cuts such a name into its parts, and each part is a word
//! of its own (`rom`, `v`, `linux`), so that `Linux` alone still finds
//! `GNU/Linux`. But a name means more than its parts: `System V` is not
//! every `système`, and `CD-ROM` is not every `CD`. This module says which
//! runs of words are names, so that a query can weigh a name as one unit
//! (see `fouille_query`'s plan).
//!
//! What is a name is read from the corpus itself: a build counts, in the
//! passages it indexes, the runs [`written_names`] finds, and keeps those
//! the corpus writes more than once. A query then proposes its own runs
//! ([`glued_runs`] and any two words side by side), and only those the
//! corpus knows are taken as names. A name is either
//! - **glued**: two to four words joined by a hyphen, a slash or a dot
//!   with nothing else between them, at least two of them content words
//!   (`GNU/Linux`, `CD-ROM`, `double-clic`, `sources.list`, and
//!   lexicalised compounds such as `peut-être`; not `lui-même` or
//!   `dit-il`, whose parts are stop words);
//! - **spaced**: a capitalised word, not the first of a sentence, followed
//!   by a single capital letter or a number (`System V`, `Windows 10`), or
//!   a word in capitals and a capitalised word, either way round (`AI Act`,
//!   `GNU Emacs`).
//!
//! A glued name also stands for its parts written as one word, which
//! [`joined_term`] gives: `plateforme` for `plate-forme`, `wifi` for
//! `Wi-Fi`, `cdrom` for `CD-ROM`.

use std::ops::Range;

use super::fold::fold;
use super::stem::stem;

/// Most words of a glued name: longer runs are lists (`a/b/c/d/e`) or
/// paths, not names.
pub const MAX_NAME_WORDS: usize = 4;

/// A word of a text, as the analyzer found it: its byte range and whether
/// it is a stop word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordSpan {
    /// Byte offset of the word's first byte.
    pub start: usize,
    /// Byte offset just past the word.
    pub end: usize,
    /// True for a stop word.
    pub stop: bool,
}

impl From<&super::Token> for WordSpan {
    fn from(token: &super::Token) -> WordSpan {
        WordSpan {
            start: token.start,
            end: token.end,
            stop: token.stop,
        }
    }
}

/// True when `between`, the text between two words, glues them into one:
/// a single hyphen (`-`, `‐`, `‑`), slash, or dot before a letter that is
/// not a capital (`sources.list`, but not `secteur.Réunissant`, a missing
/// space after a full stop).
fn glues(between: &str, next: &str) -> bool {
    match between {
        "-" | "\u{2010}" | "\u{2011}" | "/" => true,
        "." => next.chars().next().is_some_and(|c| !c.is_uppercase()),
        _ => false,
    }
}

/// The maximal runs of two to [`MAX_NAME_WORDS`] words of `text` glued
/// to one another (see [`glues`]), each a range of indices into `words`.
/// A run where a part has no letter (`2024-2025`, `x86-64`) is left out.
pub fn glued_runs(text: &str, words: &[WordSpan]) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let mut first = 0;
    for i in 1..=words.len() {
        let glued = i < words.len()
            && text
                .get(words[i - 1].end..words[i].start)
                .zip(text.get(words[i].start..))
                .is_some_and(|(between, next)| glues(between, next));
        if glued {
            continue;
        }
        let run = first..i;
        first = i;
        if run.len() < 2 || run.len() > MAX_NAME_WORDS {
            continue;
        }
        let lettered = words[run.clone()]
            .iter()
            .all(|w| text[w.start..w.end].chars().any(char::is_alphabetic));
        if lettered {
            runs.push(run);
        }
    }
    runs
}

/// The names `text` writes, as ranges of indices into `words` (see the
/// module's documentation for what counts as a name).
pub fn written_names(text: &str, words: &[WordSpan]) -> Vec<Range<usize>> {
    let word = |i: usize| &text[words[i].start..words[i].end];
    let content = |i: usize| !words[i].stop || in_capitals(word(i));
    let mut names: Vec<Range<usize>> = glued_runs(text, words)
        .into_iter()
        .filter(|run| run.clone().filter(|&i| content(i)).count() >= 2)
        .collect();
    let mut in_glued = vec![false; words.len()];
    for run in &names {
        in_glued[run.clone()].iter_mut().for_each(|g| *g = true);
    }
    for i in 1..words.len() {
        let (a, b) = (i - 1, i);
        if in_glued[a] || in_glued[b] || !content(a) || !content(b) {
            continue;
        }
        let between = &text[words[a].end..words[b].start];
        if between != " " && between != "\u{a0}" {
            continue;
        }
        if starts_sentence(text, words[a].start) {
            continue;
        }
        let (first, second) = (word(a), word(b));
        let spaced = (capitalised(first) || in_capitals(first))
            && (is_single_capital(second) || is_number(second))
            || (in_capitals(first) && capitalised(second))
            || (capitalised(first) && in_capitals(second));
        if spaced {
            names.push(a..b + 1);
        }
    }
    names.sort_by_key(|run| run.start);
    names
}

/// The word the parts of a glued name make written as one, as indexed
/// (`plateform` for `plate-forme`): their folded letters, stemmed.
pub fn joined_term<'t>(parts: impl IntoIterator<Item = &'t str>) -> String {
    let joined: String = parts.into_iter().map(fold).collect();
    stem(&joined)
}

/// True when the word at byte `start` of `text` begins a sentence: nothing
/// but blanks and opening punctuation before it, or a full stop, question
/// or exclamation mark, colon or ellipsis before those.
fn starts_sentence(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '(' | '[' | '«' | '"' | '“' | '\'' | '‘' | '-' | '—')
    });
    before.is_empty() || before.ends_with(['.', '!', '?', ':', '…', ';'])
}

/// A word that begins with a capital and goes on in lower case (`System`,
/// `Windows`), two letters at least.
fn capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && word.chars().count() >= 2
        && chars.all(|c| !c.is_uppercase())
}

/// A word of two letters or more all in capitals (`GNU`, `AI`).
fn in_capitals(word: &str) -> bool {
    word.chars().count() >= 2
        && word.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
        && word.chars().any(char::is_uppercase)
}

fn is_single_capital(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(|c| c.is_uppercase()) && chars.next().is_none()
}

fn is_number(word: &str) -> bool {
    (1..=4).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::super::FrenchAnalyzer;
    use super::*;

    fn spans(text: &str) -> Vec<WordSpan> {
        FrenchAnalyzer::new()
            .analyze(text)
            .iter()
            .map(WordSpan::from)
            .collect()
    }

    fn names(text: &str) -> Vec<String> {
        let words = spans(text);
        written_names(text, &words)
            .into_iter()
            .map(|run| text[words[run.start].start..words[run.end - 1].end].to_string())
            .collect()
    }

    #[test]
    fn glued_and_spaced_names_are_found() {
        assert_eq!(
            names("Debian GNU/Linux lit le CD-ROM en Wi-Fi, et lance System V sous Windows 10."),
            ["GNU/Linux", "CD-ROM", "Wi-Fi", "System V", "Windows 10"]
        );
        assert_eq!(
            names("Le règlement AI Act et la plate-forme de sources.list."),
            ["AI Act", "plate-forme", "sources.list"]
        );
    }

    #[test]
    fn function_compounds_and_sentence_starts_are_no_names() {
        // Stop-word parts, a capital after a full stop, a sentence's first
        // word, numbers and long lists.
        for text in [
            "Est-ce elle-même, dit-il, ou lui-même ?",
            "Voir le secteur.Réunissant les acteurs.",
            "Windows 10 est sorti.",
            "Il est sorti. Windows 10 aussi.",
            "Entre 2024-2025 sur x86-64.",
            "Choisir a/b/c/d/e.",
        ] {
            assert_eq!(names(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn a_glued_name_joins_into_one_word() {
        assert_eq!(joined_term(["plate", "forme"]), stem("plateforme"));
        assert_eq!(joined_term(["Wi", "Fi"]), stem("wifi"));
        assert_eq!(joined_term(["CD", "ROM"]), "cdrom");
    }

    #[test]
    fn glued_runs_are_maximal() {
        let text = "arc-en-ciel et GNU/Linux/Hurd/BSD/Mach";
        let words = spans(text);
        let runs = glued_runs(text, &words);
        // The second run has five words: a list, not a name.
        assert_eq!(runs.len(), 1);
        assert_eq!(
            &text[words[runs[0].start].start..words[runs[0].end - 1].end],
            "arc-en-ciel"
        );
    }
}
