//! Highlights: where the query's words stand in a hit's text.
//!
//! Highlights come from the tokens stored with each passage at index time
//! (see `fouille_ingest::token_store`), so no hit's text is analysed again
//! at query time.

use fouille_ingest::token_store::StoredToken;
use fouille_ingest::FrenchAnalyzer;

use crate::plan::QueryPlan;

/// Byte ranges of `text` to highlight for a query plan, given the
/// passage's stored tokens: every query word (or close spelling of a
/// misspelt one), and every occurrence of a quoted phrase as one range.
/// Sorted, merged where they touch or overlap.
pub fn highlights(plan: &QueryPlan, tokens: &[StoredToken]) -> Vec<[usize; 2]> {
    let words = plan.terms();
    let mut ranges: Vec<[usize; 2]> = tokens
        .iter()
        .filter(|t| words.contains(&t.term))
        .map(|t| [t.start, t.end])
        .collect();
    for phrase in plan.phrases.iter().chain(&plan.boosted) {
        let n = phrase.terms.len();
        if n == 0 || n > tokens.len() {
            continue;
        }
        for window in tokens.windows(n) {
            if window.iter().zip(&phrase.terms).all(|(t, p)| t.term == p) {
                ranges.push([window[0].start, window[n - 1].end]);
            }
        }
    }
    ranges.sort_unstable();
    let mut merged: Vec<[usize; 2]> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range[0] <= last[1] => last[1] = last[1].max(range[1]),
            _ => merged.push(range),
        }
    }
    merged
}

/// Byte ranges of a section heading to highlight: its words that are
/// ranking words of the query. Headings are short, so they are analysed
/// again here rather than stored as tokens.
pub fn section_highlights(plan: &QueryPlan, section: &str) -> Vec<[usize; 2]> {
    if section.is_empty() {
        return Vec::new();
    }
    let words = plan.terms();
    FrenchAnalyzer::new()
        .analyze(section)
        .into_iter()
        .filter(|t| words.contains(&t.term.as_str()))
        .map(|t| [t.start, t.end])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::ParsedQuery;
    use fouille_ingest::token_store;

    fn marked(query: &str, text: &str) -> Vec<String> {
        let tokens = token_store::encode(&FrenchAnalyzer::new().analyze(text), &[]);
        let tokens: Vec<StoredToken> = token_store::decode(&tokens).collect();
        let plan = QueryPlan::exact(&ParsedQuery::parse(query).unwrap());
        highlights(&plan, &tokens)
            .into_iter()
            .map(|[s, e]| text[s..e].to_string())
            .collect()
    }

    #[test]
    fn marks_every_form_of_the_query_words() {
        assert_eq!(
            marked(
                "interoperabilite",
                "L’interopérabilité des systèmes, des systèmes interopérables."
            ),
            ["interopérabilité", "interopérables"]
        );
    }

    #[test]
    fn stop_words_are_not_marked_outside_phrases() {
        assert_eq!(marked("la santé", "la santé de la France"), ["santé"]);
    }

    #[test]
    fn a_phrase_is_one_range() {
        assert_eq!(
            marked("\"jumeaux virtuels\"", "Les jumeaux virtuels d’organes"),
            ["jumeaux virtuels"]
        );
    }
}
