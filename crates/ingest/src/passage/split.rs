//! Cutting a block longer than [`MAX_PASSAGE_CHARS`] into passages: at
//! sentence boundaries, at word boundaries for a sentence that long, at
//! character boundaries for a word that long.

use unicode_segmentation::UnicodeSegmentation;

use super::MAX_PASSAGE_CHARS;
use crate::analysis::is_blank_char;

/// Byte ranges (within `text`) of the pieces of a block, each at most
/// [`MAX_PASSAGE_CHARS`] characters, trimmed.
pub(super) fn cut_long(text: &str) -> Vec<(usize, usize)> {
    if text.len() <= MAX_PASSAGE_CHARS || text.chars().count() <= MAX_PASSAGE_CHARS {
        return vec![(0, text.len())];
    }
    let mut pieces = Vec::new();
    let sentences: Vec<(usize, &str)> = text.split_sentence_bound_indices().collect();
    pack(text, 0, &sentences, &mut pieces);
    pieces
}

/// Greedily packs consecutive units (sentences, then words, then characters)
/// into pieces of at most [`MAX_PASSAGE_CHARS`] characters.
fn pack(text: &str, base: usize, units: &[(usize, &str)], out: &mut Vec<(usize, usize)>) {
    let mut current: Option<(usize, usize, usize)> = None; // (start, end, chars)
    let flush = |piece: Option<(usize, usize, usize)>, out: &mut Vec<(usize, usize)>| {
        if let Some((s, e, _)) = piece {
            let slice = &text[s..e];
            let lead = slice.len() - slice.trim_start_matches(is_blank_char).len();
            let trimmed = slice.trim_matches(is_blank_char);
            if !trimmed.is_empty() {
                out.push((base + s + lead, base + s + lead + trimmed.len()));
            }
        }
    };
    for &(offset, unit) in units {
        let unit_chars = unit.chars().count();
        if unit_chars > MAX_PASSAGE_CHARS {
            flush(current.take(), out);
            let mut sub = Vec::new();
            let words: Vec<(usize, &str)> = unit.split_word_bound_indices().collect();
            let smaller: Vec<(usize, &str)> = if words.len() > 1 {
                words
            } else {
                unit.char_indices()
                    .map(|(i, c)| (i, &unit[i..i + c.len_utf8()]))
                    .collect()
            };
            pack(unit, 0, &smaller, &mut sub);
            out.extend(
                sub.into_iter()
                    .map(|(s, e)| (base + offset + s, base + offset + e)),
            );
            continue;
        }
        current = match current {
            Some((s, e, n)) if n + unit_chars <= MAX_PASSAGE_CHARS => {
                debug_assert_eq!(e, offset);
                Some((s, offset + unit.len(), n + unit_chars))
            }
            previous => {
                flush(previous, out);
                Some((offset, offset + unit.len(), unit_chars))
            }
        };
    }
    flush(current, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<&str> {
        cut_long(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn short_lines_are_whole() {
        assert_eq!(pieces("Une phrase."), ["Une phrase."]);
    }

    #[test]
    fn long_lines_are_cut_at_sentences() {
        let text = "Une phrase de longueur moyenne qui parle de santé numérique. ".repeat(60);
        let pieces = pieces(text.trim_end());
        assert!(pieces.len() >= 3, "{}", pieces.len());
        for piece in &pieces {
            assert!(piece.chars().count() <= MAX_PASSAGE_CHARS);
            assert!(piece.starts_with("Une phrase") && piece.ends_with("numérique."));
        }
    }

    #[test]
    fn a_huge_sentence_is_cut_at_words_and_a_huge_word_at_characters() {
        let sentence = "mot ".repeat(1000);
        for piece in pieces(&sentence) {
            assert!(piece.chars().count() <= MAX_PASSAGE_CHARS);
            assert!(piece.starts_with("mot") && piece.ends_with("mot"));
        }
        let word = "é".repeat(4000);
        let pieces = pieces(&word);
        assert_eq!(pieces.len(), 3);
        assert_eq!(
            pieces.iter().map(|p| p.chars().count()).sum::<usize>(),
            4000
        );
    }
}
