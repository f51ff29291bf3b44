//! Every hit's citation points at exactly its text in the source file.

use super::Fouille;

#[test]
fn file_bytes_at_start_end_are_the_text_and_line_is_right() {
    let fouille = Fouille::new();
    let mut checked = 0;
    for query in [
        "interopérabilité",
        "santé",
        "données patients",
        "\"119 millions d'euros\"",
        "Caen Normandie",
        "IA",
        "formation continue des professionnels de santé",
    ] {
        let results = fouille.search_json(query);
        for hit in results["hits"].as_array().unwrap() {
            let file = hit["file"].as_str().unwrap();
            let source = std::fs::read(file).unwrap_or_else(|e| panic!("{file}: {e}"));
            let start = hit["start"].as_u64().unwrap() as usize;
            let end = hit["end"].as_u64().unwrap() as usize;
            let text = hit["text"].as_str().unwrap();
            assert_eq!(
                &source[start..end],
                text.as_bytes(),
                "{query}: {}",
                hit["id"]
            );
            let line = 1 + source[..start].iter().filter(|&&b| b == b'\n').count();
            assert_eq!(
                hit["line"].as_u64().unwrap() as usize,
                line,
                "{}",
                hit["id"]
            );
            assert!(text.chars().count() <= 1500);
            for range in hit["highlights"].as_array().unwrap() {
                let (s, e) = (
                    range[0].as_u64().unwrap() as usize,
                    range[1].as_u64().unwrap() as usize,
                );
                assert!(s < e && e <= text.len(), "{query}: bad highlight {s}..{e}");
                assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
            }
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} hits checked");
}

#[test]
fn highlights_mark_the_query_words_whatever_their_form() {
    let results = Fouille::new().search_json("interoperabilite");
    for hit in results["hits"].as_array().unwrap() {
        let text = hit["text"].as_str().unwrap();
        let marked: Vec<String> = hit["highlights"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                text[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize]
                    .to_lowercase()
            })
            .collect();
        assert!(!marked.is_empty(), "{text}");
        assert!(marked.iter().all(|m| m == "interopérabilité"), "{marked:?}");
    }
}

#[test]
fn titles_and_sections_are_cited() {
    let results = Fouille::new().search_json("\"jumeaux virtuels\"");
    let hit = &results["hits"][0];
    assert_eq!(
        hit["title"],
        "Comment l’IA et la data révolutionnent-elles les soins de santé ?"
    );
    assert_eq!(
        hit["section"],
        "L’IA et les données de santé au service d’un soin personnalisé"
    );
    assert_eq!(hit["doc"], "002_d7afb684c8cee303");
}
