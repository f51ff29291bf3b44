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

use fouille_ingest::token_store;

/// Share of the shorter passage's content words that the longer must hold.
pub const MIN_CONTAINMENT: f32 = 0.9;
/// Fewest content words a passage needs for its duplicates to be merged:
/// short passages share words by chance.
pub const MIN_WORDS: usize = 6;

/// The content words of a passage in order, from its stored tokens.
pub fn content_words(stored_tokens: &[u8]) -> Vec<&str> {
    token_store::decode(stored_tokens)
        .filter(|t| !t.stop && !t.reference)
        .map(|t| t.term)
        .collect()
}

/// True when passages with content words `a` and `b` are near duplicates.
pub fn near_duplicates(a: &[&str], b: &[&str]) -> bool {
    let (shorter, longer) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if shorter.len() < MIN_WORDS {
        return false;
    }
    common_subsequence(shorter, longer) as f32 >= MIN_CONTAINMENT * shorter.len() as f32
}

/// Length of the longest common subsequence of two word sequences.
fn common_subsequence(a: &[&str], b: &[&str]) -> usize {
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
    use fouille_ingest::FrenchAnalyzer;

    fn words(text: &str) -> Vec<u8> {
        token_store::encode(&FrenchAnalyzer::new().analyze(text), &[])
    }

    #[test]
    fn a_repeated_sentence_or_caption_is_a_duplicate() {
        let caption_a = words("Le ministre de la Santé et de l'Accès aux soins a profité de l'AI Action Summit pour annoncer une série de mesures.");
        let caption_b = words("Le ministre de la Santé et de l’Accès aux soins a profité de l’AI Action Summit pour annoncer une série de mesures, mardi.");
        assert!(near_duplicates(
            &content_words(&caption_a),
            &content_words(&caption_b)
        ));
        let lead = words("Le récent rapport publié par le ministère dresse un panorama exhaustif des avancées et des défis.");
        let body = words("L’IA s’impose. Le récent rapport publié par le ministère dresse un panorama exhaustif des avancées et des défis. Ce document met en lumière bien des facettes.");
        assert!(near_duplicates(
            &content_words(&lead),
            &content_words(&body)
        ));
    }

    #[test]
    fn the_same_words_in_another_order_are_not_a_duplicate() {
        let row = words("Formations en IA | Formation des professionnels de santé à l’utilisation de l’IA. | Intégrer l’IA dans la pratique médicale quotidienne. |");
        let paragraph = words("Il faut intégrer la pratique quotidienne. Ensuite, la formation des professionnels de santé est cruciale pour l’utilisation médicale de l’IA, et les formations en IA aussi.");
        assert!(!near_duplicates(
            &content_words(&row),
            &content_words(&paragraph)
        ));
    }

    #[test]
    fn related_passages_are_not_duplicates() {
        let a = words("La formation des professionnels de santé est identifiée comme un axe prioritaire du rapport.");
        let b = words(
            "Le rapport recommande l’intégration de modules spécifiques dans les cursus médicaux.",
        );
        assert!(!near_duplicates(&content_words(&a), &content_words(&b)));
        let short = words("Santé numérique.");
        assert!(!near_duplicates(
            &content_words(&short),
            &content_words(&short)
        ));
    }
}
