//! French stop words, folded (no accents, lower case).
//!
//! The list is Snowball's French stop list: articles, pronouns, prepositions,
//! conjunctions and the forms of *être* and *avoir*. Stop words are indexed
//! (a quoted phrase must match exactly what it says) but carry no weight in
//! ranking, and they are never stemmed, so that `des` stays apart from `de`.

use std::sync::OnceLock;

use crate::fast_hash::FastSet;

/// Sorted, folded stop words; see [`is_stop_word`].
const STOP_WORDS: &[&str] = &[
    "a", "ai", "aie", "aient", "aies", "ait", "as", "au", "aura", "aurai", "auraient", "aurais",
    "aurait", "auras", "aurez", "auriez", "aurions", "aurons", "auront", "aux", "avaient", "avais",
    "avait", "avec", "avez", "aviez", "avions", "avons", "ayant", "ayante", "ayantes", "ayants",
    "ayez", "ayons", "c", "ce", "ces", "d", "dans", "de", "des", "du", "elle", "en", "es", "est",
    "et", "etaient", "etais", "etait", "etant", "etante", "etantes", "etants", "ete", "etee",
    "etees", "etes", "etiez", "etions", "eu", "eue", "eues", "eumes", "eurent", "eus", "eusse",
    "eussent", "eusses", "eussiez", "eussions", "eut", "eutes", "eux", "fumes", "furent", "fus",
    "fusse", "fussent", "fusses", "fussiez", "fussions", "fut", "futes", "il", "ils", "j", "je",
    "l", "la", "le", "les", "leur", "leurs", "lui", "m", "ma", "mais", "me", "meme", "memes",
    "mes", "moi", "mon", "n", "ne", "nos", "notre", "nous", "on", "ont", "ou", "par", "pas",
    "pour", "qu", "que", "quel", "quelle", "quelles", "quels", "qui", "s", "sa", "sera", "serai",
    "seraient", "serais", "serait", "seras", "serez", "seriez", "serions", "serons", "seront",
    "ses", "soi", "soient", "sois", "soit", "sommes", "son", "sont", "soyez", "soyons", "suis",
    "sur", "t", "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre", "vous", "y",
];

/// True when the folded key `key` is a French stop word.
pub fn is_stop_word(key: &str) -> bool {
    static SET: OnceLock<FastSet<&'static str>> = OnceLock::new();
    key.len() <= MAX_STOP_WORD_BYTES
        && SET
            .get_or_init(|| STOP_WORDS.iter().copied().collect())
            .contains(key)
}

/// The stop words, folded and sorted: a word beginning (`été*`) stands
/// for those it begins too, which the vocabulary of close spellings
/// leaves out.
pub fn stop_words() -> &'static [&'static str] {
    STOP_WORDS
}

/// Length of the longest stop word: longer keys are not looked up.
const MAX_STOP_WORD_BYTES: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_sorted_and_folded() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOP_WORDS.iter().all(|w| w.is_ascii()));
        assert_eq!(
            STOP_WORDS.iter().map(|w| w.len()).max(),
            Some(MAX_STOP_WORD_BYTES)
        );
    }

    #[test]
    fn recognises_stop_words_and_only_them() {
        for word in ["de", "des", "la", "ete", "a", "ou", "etaient"] {
            assert!(is_stop_word(word), "{word}");
        }
        for word in ["sante", "ia", "rgpd", "donnees", "2030"] {
            assert!(!is_stop_word(word), "{word}");
        }
    }
}
