//! Properties that must hold for any query (proptest): parsing never
//! panics and gives a query or a clear message, and so does a whole search,
//! with any limit and offset, on a real index.
//!
//! Queries are drawn from a mix of query syntax (quotes of every kind,
//! balanced or not, `-` exclusions, `?`), French words with and without
//! accents, symbols, emoji, right-to-left text and control characters, and
//! from any Unicode string at all. `PROPTEST_CASES` sets how many cases each
//! property runs (256 by default, 2,000 in `.ci/run`).

use std::sync::OnceLock;

use proptest::prelude::*;

use crate::engine::tests::engine;
use crate::{Engine, ParsedQuery, SearchOptions};

fn query_like() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        4 => prop::sample::select(vec![
            "interopérabilité", "interoperabilite", "INTEROPERABILITE", "l'IA", "l’IA", "santé",
            "données", "algoritmes", "de", "la", "qui", "combien", "quand", "2030", "RGPD",
        ])
        .prop_map(str::to_string),
        3 => prop::sample::select(vec![
            " ", " ", "\"", "«", "»", "“", "”", "'", "-", "--", "?", "*", "(", ")", ":", "+",
            "\t", "\n", "\u{a0}",
        ])
        .prop_map(str::to_string),
        1 => "[a-zé]{1,20}",
        1 => prop::sample::select(vec![
            "😀", "👍🏽", "الذكاء", "健康", "\u{202e}", "\u{0}", "\u{200b}", "\u{0301}", "…",
        ])
        .prop_map(str::to_string),
    ];
    prop::collection::vec(pieces, 0..40).prop_map(|p| p.concat())
}

fn any_query() -> impl Strategy<Value = String> {
    prop_oneof![3 => query_like(), 1 => any::<String>(), 1 => "\\PC{0,3000}"]
}

/// One engine for every case: an index of the sample article.
fn shared_engine() -> &'static Engine {
    static ENGINE: OnceLock<(tempfile::TempDir, Engine)> = OnceLock::new();
    &ENGINE
        .get_or_init(|| {
            engine(&[(
                "a.txt",
                "Titre de l’article\n\
                 L’interopérabilité des systèmes de santé est cruciale.\n\
                 Les données de santé, « un enjeu », selon le RGPD en 2030.\n\
                 Une section\n\
                 Combien coûte l’IA ? Qui décide, et quand ?\n",
            )])
        })
        .1
}

proptest! {
    #[test]
    fn any_query_parses_or_says_why(query in any_query()) {
        match ParsedQuery::parse(&query) {
            Ok(_) => {}
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    #[test]
    fn any_search_answers_or_says_why(
        query in any_query(),
        limit in prop_oneof![Just(0usize), 1..200usize, Just(usize::MAX)],
        offset in prop_oneof![Just(0usize), 0..50usize, Just(usize::MAX)],
    ) {
        let options = SearchOptions {
            limit,
            offset,
            ..SearchOptions::default()
        };
        match shared_engine().search(&query, options) {
            Ok(results) => {
                prop_assert!(results.hits.len() <= limit);
                for hit in &results.hits {
                    let c = &hit.citation;
                    prop_assert!(c.start < c.end);
                    for &[start, end] in &hit.highlights {
                        prop_assert!(start < end && end <= c.text.len());
                        prop_assert!(c.text.is_char_boundary(start) && c.text.is_char_boundary(end));
                    }
                }
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}
