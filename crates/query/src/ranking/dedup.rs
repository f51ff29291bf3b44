//! Near-duplicate passages: the same text at several places.
//!
//! Web articles repeat themselves: a lead sentence again at the top of the
//! body, a caption twice with other apostrophes, a pull quote. A reader
//! wants such a text once, with the other places listed. Two passages are
//! near duplicates when the content words (stop words and cross-references
//! aside) of the shorter appear, in the same order, in the longer for at
//! least [`MIN_CONTAINMENT`] of them (longest common subsequence), and the
//! shorter has at least [`MIN_DUPLICATE_WORDS`] of them (both in
//! [`crate::weights`]). The better ranked of the two is kept.

use std::cell::OnceCell;

use fouille_ingest::{StoredToken, StoredTokens};

use crate::weights::{MIN_CONTAINMENT, MIN_DUPLICATE_WORDS};

/// The content words of a passage. Taking one costs a pass over the
/// stored tokens, without allocating: the count of content words and a
/// 256-bit set of their hashes, enough to rule out almost every pair of
/// passages. The words themselves, in order and as a sorted set, are only
/// gathered for a pair that the bit sets cannot tell apart.
#[derive(Debug, Clone)]
pub struct Fingerprint<'a> {
    tokens: StoredTokens<'a>,
    len: usize,
    bits: [u64; 4],
    words: OnceCell<Words>,
}

/// A passage's content words as term hashes, in order and as a sorted set.
#[derive(Debug, Clone)]
struct Words {
    sequence: Vec<u64>,
    set: Vec<u64>,
}

/// True for the tokens that count as content words.
fn is_content(token: &StoredToken) -> bool {
    !token.stop() && !token.reference()
}

/// The bit of the 256-bit set that stands for a term hash.
fn bit_of(hash: u64) -> (usize, u64) {
    let folded = (hash ^ (hash >> 32) ^ (hash >> 48)) as usize;
    ((folded >> 6) & 3, 1 << (folded & 63))
}

impl<'a> Fingerprint<'a> {
    /// The fingerprint of a passage, from its stored tokens.
    pub fn of(tokens: StoredTokens<'a>) -> Fingerprint<'a> {
        let mut len = 0;
        let mut bits = [0u64; 4];
        for token in tokens.iter().filter(is_content) {
            len += 1;
            let (word, bit) = bit_of(token.hash);
            bits[word] |= bit;
        }
        Fingerprint {
            tokens,
            len,
            bits,
            words: OnceCell::new(),
        }
    }

    /// Number of content words.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Distinct content words of `self` that are surely missing from
    /// `other`: bits set here and not there. Each stands for at least one
    /// missing word.
    fn surely_missing_from(&self, other: &Fingerprint) -> usize {
        self.bits
            .iter()
            .zip(&other.bits)
            .map(|(a, b)| (a & !b).count_ones() as usize)
            .sum()
    }

    fn words(&self) -> &Words {
        self.words.get_or_init(|| {
            let sequence: Vec<u64> = self
                .tokens
                .iter()
                .filter(is_content)
                .map(|t| t.hash)
                .collect();
            let mut set = sequence.clone();
            set.sort_unstable();
            set.dedup();
            Words { sequence, set }
        })
    }
}

/// True when passages with fingerprints `a` and `b` are near duplicates.
pub fn near_duplicates(a: &Fingerprint, b: &Fingerprint) -> bool {
    let (shorter, longer) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if shorter.len() < MIN_DUPLICATE_WORDS {
        return false;
    }
    let needed = (MIN_CONTAINMENT * shorter.len() as f32).ceil() as usize;
    // Each distinct word of the shorter missing from the longer takes away
    // at least one of its words: first on the bit sets, at no cost, then
    // on the words themselves.
    let allowed_missing = shorter.len() - needed;
    if shorter.surely_missing_from(longer) > allowed_missing {
        return false;
    }
    let (shorter, longer) = (shorter.words(), longer.words());
    // The sorted sets are merged, stopping as soon as too many are missing.
    let (mut i, mut j, mut missing) = (0, 0, 0);
    while i < shorter.set.len() {
        match longer.set.get(j).map(|w| w.cmp(&shorter.set[i])) {
            Some(std::cmp::Ordering::Less) => j += 1,
            Some(std::cmp::Ordering::Equal) => (i, j) = (i + 1, j + 1),
            _ => {
                missing += 1;
                if missing > allowed_missing {
                    return false;
                }
                i += 1;
            }
        }
    }
    // Then: enough of the words at all, counted with repetitions.
    let present = shorter
        .sequence
        .iter()
        .filter(|w| longer.set.binary_search(w).is_ok())
        .count();
    present >= needed && common_subsequence(&shorter.sequence, &longer.sequence) >= needed
}

/// Length of the longest common subsequence of two word sequences.
fn common_subsequence(a: &[u64], b: &[u64]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut diagonal = 0;
        for (j, y) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if x == y {
                diagonal + 1
            } else {
                above.max(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use fouille_ingest::{encode_tokens, FrenchAnalyzer};

    fn words(text: &str) -> Vec<u8> {
        encode_tokens(&FrenchAnalyzer::new().analyze(text), &[])
    }

    fn duplicates(a: &[u8], b: &[u8]) -> bool {
        let a = Fingerprint::of(StoredTokens::new(a));
        let b = Fingerprint::of(StoredTokens::new(b));
        near_duplicates(&a, &b)
    }

    #[test]
    fn a_repeated_sentence_or_caption_is_a_duplicate() {
        let caption_a = words("Le ministre de la Santé et de l'Accès aux soins a profité de l'AI Action Summit pour annoncer une série de mesures.");
        let caption_b = words("Le ministre de la Santé et de l’Accès aux soins a profité de l’AI Action Summit pour annoncer une série de mesures, mardi.");
        assert!(duplicates(&caption_a, &caption_b));
        let lead = words("Le récent rapport publié par le ministère dresse un panorama exhaustif des avancées et des défis.");
        let body = words("L’IA s’impose. Le récent rapport publié par le ministère dresse un panorama exhaustif des avancées et des défis. Ce document met en lumière bien des facettes.");
        assert!(duplicates(&lead, &body));
    }

    #[test]
    fn as_many_missing_words_as_allowed_still_make_a_duplicate() {
        // Ten content words; 90 % of them must be in the other passage:
        // one may be missing, not two.
        let ten = words("alpha bravo charlie delta echo foxtrot golf hotel india juliett");
        let one_missing =
            words("alpha bravo charlie delta echo foxtrot golf hotel india kilo lima");
        let two_missing = words("alpha bravo charlie delta echo foxtrot golf hotel kilo lima");
        assert!(duplicates(&ten, &one_missing));
        assert!(!duplicates(&ten, &two_missing));
    }

    #[test]
    fn the_same_words_in_another_order_are_not_a_duplicate() {
        let row = words("Formations en IA | Formation des professionnels de santé à l’utilisation de l’IA. | Intégrer l’IA dans la pratique médicale quotidienne. |");
        let paragraph = words("Il faut intégrer la pratique quotidienne. Ensuite, la formation des professionnels de santé est cruciale pour l’utilisation médicale de l’IA, et les formations en IA aussi.");
        assert!(!duplicates(&row, &paragraph));
    }

    #[test]
    fn related_passages_are_not_duplicates() {
        let a = words("La formation des professionnels de santé est identifiée comme un axe prioritaire du rapport.");
        let b = words(
            "Le rapport recommande l’intégration de modules spécifiques dans les cursus médicaux.",
        );
        assert!(!duplicates(&a, &b));
        let short = words("Santé numérique.");
        assert!(!duplicates(&short, &short));
    }
}
