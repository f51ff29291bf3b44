//! Acronyms a text defines itself, as French writing introduces them:
//! « l’intelligence artificielle (IA) », « le Règlement général sur la
//! protection des données (RGPD) », or the other way round, « le RGPD
//! (règlement général sur la protection des données) ».
//!
//! A definition is an acronym in parentheses right after the words it
//! abbreviates, or words in parentheses right after their acronym, where
//! the initials of those words, stop words aside (`sur`, `la`, `des`), spell
//! the acronym, in order and with nothing left over; an acronym of two
//! letters only in the first way. The initial of a stop
//! word may count too (`Organisation de coopération et de développement
//! économiques (OCDE)` uses the `e` of `et`), but the first and last words
//! must be content words. Search then meets either form for the other (see
//! `fouille_query`'s synonyms).

use super::fold::fold;
use super::stopwords::is_stop_word;
use super::words::for_each_word;

/// Longest acronym taken, in letters.
const MAX_LETTERS: usize = 10;
/// Longest text in parentheses looked at, in bytes.
const MAX_INSIDE: usize = 200;

/// An acronym and the words it stands for, both as the text writes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition<'a> {
    /// The acronym (`RGPD`).
    pub acronym: &'a str,
    /// The words it abbreviates (`Règlement général sur la protection des
    /// données`), from the first word's first byte to the last word's
    /// last.
    pub expansion: &'a str,
}

/// The acronym definitions of `text`, in order.
pub fn acronym_definitions(text: &str) -> Vec<Definition<'_>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find('(').map(|i| from + i) {
        from = open + 1;
        let Some(close) = text[open + 1..]
            .find([')', '('])
            .map(|i| open + 1 + i)
            .filter(|&c| text.as_bytes()[c] == b')' && c - open <= MAX_INSIDE)
        else {
            continue;
        };
        let inside = text[open + 1..close].trim();
        let before = &text[..open];
        let definition = if is_acronym(inside) {
            words_before(before, inside).map(|expansion| Definition {
                acronym: inside,
                expansion,
            })
        } else {
            // Two letters before words in parentheses are too often
            // something else (« IP (internes probablement) »): a two-letter
            // acronym is taken after its words only.
            acronym_before(before)
                .filter(|acronym| letters(acronym).len() >= 3)
                .filter(|acronym| spells_forwards(inside, acronym))
                .map(|acronym| Definition {
                    acronym,
                    expansion: inside,
                })
        };
        found.extend(definition);
    }
    found
}

/// True for an acronym: 2 to [`MAX_LETTERS`] letters or digits, beginning
/// with a capital, at least two capitals and no lower-case letter but one
/// between capitals at most (`CNIL`, `OCDE`, `IdF` are; `Paris`, `A` are
/// not).
fn is_acronym(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let capitals = word.chars().filter(|c| c.is_uppercase()).count();
    let lower = word.chars().filter(|c| c.is_lowercase()).count();
    word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().all(|c| c.is_alphanumeric())
        && (2..=MAX_LETTERS).contains(&word.chars().count())
        && capitals >= 2
        && lower <= 1
        && letters >= 2
}

/// The letters of an acronym, folded, that the initials must spell.
fn letters(acronym: &str) -> Vec<char> {
    fold(acronym)
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect()
}

/// The words of `text` with their byte ranges, folded initial and whether
/// each is a stop word.
fn words(text: &str) -> Vec<(usize, usize, char, bool)> {
    let mut words = Vec::new();
    for_each_word(text, |start, end| {
        let key = fold(&text[start..end]);
        if let Some(initial) = key.chars().next().filter(|c| c.is_alphabetic()) {
            words.push((start, end, initial, is_stop_word(&key)));
        } else {
            // A number or a sign between words breaks the run.
            words.push((start, end, '\0', false));
        }
    });
    words
}

/// The words at the end of `before` whose initials spell `acronym`: the
/// fewest that do, ending right before the parenthesis.
fn words_before<'a>(before: &'a str, acronym: &str) -> Option<&'a str> {
    let letters = letters(acronym);
    // Only the last few words can take part.
    let tail_start = before
        .char_indices()
        .rev()
        .filter(|(_, c)| c.is_whitespace())
        .nth(letters.len() * 3 + 2)
        .map_or(0, |(i, _)| i);
    let tail = &before[tail_start..];
    if tail.trim_end().ends_with(|c: char| !c.is_alphanumeric()) {
        return None;
    }
    let words = words(tail);
    let end = words.last()?.1;
    (0..words.len())
        .rev()
        .find(|&from| spells(&words[from..], &letters))
        .map(|from| &tail[words[from].0..end])
}

/// The acronym that ends `before`, right before the parenthesis.
fn acronym_before(before: &str) -> Option<&str> {
    let trimmed = before.trim_end();
    let start = trimmed
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &trimmed[start..];
    is_acronym(word).then_some(word)
}

/// True when the initials of the words of `inside` spell `acronym`.
fn spells_forwards(inside: &str, acronym: &str) -> bool {
    spells(&words(inside), &letters(acronym))
}

/// True when `words` spell `letters` with their initials, in order and
/// with no word left over: every content word gives the next letter, a
/// stop word gives it or is passed over, and the first and last words are
/// content words.
fn spells(words: &[(usize, usize, char, bool)], letters: &[char]) -> bool {
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return false;
    };
    if first.3 || last.3 {
        return false;
    }
    // can[j]: the words read so far can have spelt the first j letters.
    let mut can = vec![false; letters.len() + 1];
    can[0] = true;
    for &(_, _, initial, stop) in words {
        let mut next = vec![false; letters.len() + 1];
        for j in 0..=letters.len() {
            if !can[j] {
                continue;
            }
            if j < letters.len() && initial == letters[j] {
                next[j + 1] = true;
            }
            if stop {
                next[j] = true;
            }
        }
        can = next;
    }
    can[letters.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(&str, &str)> {
        acronym_definitions(text)
            .into_iter()
            .map(|d| (d.acronym, d.expansion))
            .collect()
    }

    #[test]
    fn an_acronym_after_its_words() {
        assert_eq!(
            pairs("Le recours à l’intelligence artificielle (IA) progresse."),
            [("IA", "intelligence artificielle")]
        );
        assert_eq!(
            pairs("Le Règlement général sur la protection des données (RGPD) s’applique."),
            [("RGPD", "Règlement général sur la protection des données")]
        );
        assert_eq!(
            pairs("l’Organisation mondiale de la santé (OMS) et l’Établissement français du sang (EFS)"),
            [
                ("OMS", "Organisation mondiale de la santé"),
                ("EFS", "Établissement français du sang")
            ]
        );
        // A stop word's initial may count inside the words.
        assert_eq!(
            pairs("l’Organisation de coopération et de développement économiques (OCDE)"),
            [(
                "OCDE",
                "Organisation de coopération et de développement économiques"
            )]
        );
    }

    #[test]
    fn words_after_their_acronym() {
        assert_eq!(
            pairs("Le RGPD (règlement général sur la protection des données) s’applique."),
            [("RGPD", "règlement général sur la protection des données")]
        );
    }

    #[test]
    fn what_is_not_a_definition() {
        for text in [
            "Les systèmes (voir plus haut) évoluent.",
            "Le projet a échoué (IA).",
            "Il fait beau (A).",
            "Les données de santé (RGPD).",
            "Paris (France) accueille le salon.",
            "La CNIL (créée en 1978) veille.",
            "une parenthèse (IA sans fin",
            "(IA)",
            "",
            "Intelligence artificielle, (IA)",
            "les adresses IP (internes probablement) du réseau",
        ] {
            assert_eq!(pairs(text), [], "{text}");
        }
    }
}
