//! French locutions whose words say nothing of a subject: `par exemple`,
//! `à partir de`, `en fonction de`, `n'importe quel`, `d'accord`.
//!
//! In such a locution a noun or a verb is a function word: `exemple` in
//! « par exemple » is no example, `fonction` in « en fonction de » no
//! function, `importe` in « n'importe quel » nothing imported. Stemmed as
//! content words, they matched every passage that uses the locution (`par
//! exemple` is in one passage of ten of technical documentation) and
//! collided with the words they look like (`importe` with `importance`).
//! In a locution, the word is a stop word: indexed as it is written with
//! [`LOCUTION_MARK`] after it (`lieu~`), so that a phrase still finds it
//! but the word alone does not (`fonction`, `lieu` and `accord` are their
//! own stems), and ignored by ranking, in the text as in the query (the
//! analyzer is the same).
//!
//! A locution is recognised by the word before its noun, or by the elided
//! word glued to it: no later word is needed, so the analyzer reads a text
//! once, in order.

/// Ends the term of a word in a locution: no word's term holds it (the
/// analyzer splits words at it).
pub(crate) const LOCUTION_MARK: char = '~';

/// Words that are function words after one of the given words (folded):
/// `exemple` after `par`.
const AFTER: &[(&str, &[&str])] = &[
    ("besoin", &["au"]),
    ("cas", &["en"]),
    ("cause", &["a"]),
    ("cours", &["au"]),
    ("effet", &["en"]),
    ("exemple", &["par"]),
    ("fait", &["en", "au"]),
    ("fonction", &["en"]),
    ("fur", &["au"]),
    ("lieu", &["au"]),
    ("mesure", &["a", "en"]),
    ("niveau", &["au"]),
    ("outre", &["en"]),
    ("partir", &["a"]),
    ("propos", &["a"]),
    ("rapport", &["par"]),
    ("sein", &["au"]),
    ("sorte", &["de", "en"]),
    ("tant", &["en"]),
    ("travers", &["a"]),
];

/// Words that are function words after an elided word glued to them
/// (`n'importe`), and, for some, after a given word too (`à l'aide`).
const ELIDED: &[(&str, char, Option<&str>)] = &[
    ("abord", 'd', None),
    ("accord", 'd', None),
    ("aide", 'l', Some("a")),
    ("ailleurs", 'd', None),
    ("importe", 'n', None),
];

/// True when the word `key` (folded), at byte `start` of `text`, is part
/// of a locution: `previous` is the key of the word before it, if any.
pub(crate) fn in_locution(text: &str, start: usize, key: &str, previous: &str) -> bool {
    if let Some((_, before)) = AFTER.iter().find(|(word, _)| *word == key) {
        return before.contains(&previous);
    }
    let Some(&(_, elision, after)) = ELIDED.iter().find(|(word, _, _)| *word == key) else {
        return false;
    };
    let mut back = text[..start].chars().rev();
    let glued = back.next().is_some_and(super::chars::is_apostrophe)
        && back
            .next()
            .is_some_and(|c| c.eq_ignore_ascii_case(&elision))
        && back.next().is_none_or(|c| !c.is_alphanumeric());
    glued && after.is_none_or(|word| word == previous)
}

#[cfg(test)]
mod tests {
    use super::super::FrenchAnalyzer;

    /// The words of `text` that are stop words.
    fn stops(text: &str) -> Vec<String> {
        FrenchAnalyzer::new()
            .words(text)
            .into_iter()
            .filter(|w| w.stop)
            .map(|w| w.word.to_string())
            .collect()
    }

    #[test]
    fn a_noun_in_a_locution_is_a_function_word() {
        let text = "Par exemple, à partir de la version 2, n’importe quel fichier \
                    s'ouvre en fonction de son type, à l'aide de la commande.";
        for word in ["exemple", "partir", "importe", "fonction", "aide"] {
            assert!(stops(text).iter().any(|s| s == word), "{word}");
        }
    }

    #[test]
    fn a_word_of_a_locution_never_meets_the_word_alone() {
        let analyzer = FrenchAnalyzer::new();
        for (locution, at, word) in [
            ("au lieu de", 1, "lieu"),
            ("en fonction de", 1, "fonction"),
            ("d'accord", 0, "accord"),
        ] {
            let in_locution = &analyzer.analyze(locution)[at];
            assert!(in_locution.stop, "{locution}");
            assert_ne!(
                in_locution.term,
                analyzer.analyze(word)[0].term,
                "{locution}"
            );
        }
    }

    #[test]
    fn the_same_word_elsewhere_is_a_content_word() {
        let text = "Un exemple de fonction importe l'aide et l'accord, puis \
                    doit partir en importance.";
        for word in ["exemple", "fonction", "importe", "aide", "accord", "partir"] {
            assert!(!stops(text).iter().any(|s| s == word), "{word}");
        }
    }
}
