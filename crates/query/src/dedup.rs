//! Near-duplicate passages: the same text at several places.
//!
//! Web articles repeat themselves: a lead sentence again at the top of the
//! body, a caption twice with other apostrophes, a pull quote. A reader
//! wants such a text once, with the other places listed. Two passages are
//! near duplicates when the content words (stop words and cross-references
//! aside) of the shorter appear, in the same order, in the longer for at
//! least [`MIN_CONTAINMENT`] of them (longest common subsequence), and the
//! shorter has at least [`MIN_WORDS`] of them. The better ranked of the two
//! is kept.

use fouille_ingest::token_store::StoredTokens;

/// Share of the shorter passage's content words that the longer must hold.
pub const MIN_CONTAINMENT: f32 = 0.9;
/// Fewest content words a passage needs for its duplicates to be merged:
/// short passages share words by chance.
pub const MIN_WORDS: usize = 6;

/// The content words of a passage, as their stored term hashes: in order,
/// and as a sorted set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    sequence: Vec<u64>,
    set: Vec<u64>,
}

impl Fingerprint {
    /// The fingerprint of a passage, from its stored tokens.
    pub fn of(tokens: StoredTokens) -> Fingerprint {
        let sequence: Vec<u64> = tokens
            .iter()
            .filter(|t| !t.stop() && !t.reference())
            .map(|t| t.hash)
            .collect();
        let mut set = sequence.clone();
        set.sort_unstable();
        set.dedup();
        Fingerprint { sequence, set }
    }
}

impl Fingerprint {
    /// Number of content words.
    pub fn len(&self) -> usize {
        self.sequence.len()
    }

    /// True for a passage without content words.
    pub fn is_empty(&self) -> bool {
        self.sequence.is_empty()
    }
}

/// True when passages with fingerprints `a` and `b` are near duplicates.
pub fn near_duplicates(a: &Fingerprint, b: &Fingerprint) -> bool {
    let (shorter, longer) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if shorter.len() < MIN_WORDS {
        return false;
    }
    let needed = (MIN_CONTAINMENT * shorter.len() as f32).ceil() as usize;
    // Cheapest necessary condition first: each distinct word of the shorter
    // missing from the longer takes away at least one of its words. The
    // sorted sets are merged, stopping as soon as too many are missing.
    let allowed_missing = shorter.len() - needed;
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
    use fouille_ingest::{token_store, FrenchAnalyzer};

    fn words(text: &str) -> Vec<u8> {
        token_store::encode(&FrenchAnalyzer::new().analyze(text), &[])
    }

    fn duplicates(a: &[u8], b: &[u8]) -> bool {
        let a = Fingerprint::of(token_store::StoredTokens::new(a));
        let b = Fingerprint::of(token_store::StoredTokens::new(b));
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
