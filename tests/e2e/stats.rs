//! `fouille stats` and `fouille cooc`: a query's spread over the corpus
//! and the words that come with it, against counts made from the files.

use std::collections::BTreeMap;

use super::concord::occurrences_of;
use super::Fouille;

#[test]
fn occurrences_by_document_are_those_of_the_files() {
    let fouille = Fouille::new();
    let run = fouille.on_repo(
        "stats",
        &[
            "--json",
            "--by",
            "doc",
            "--exact",
            "--include-boilerplate",
            "IA",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    assert_eq!(json["query"], "IA");
    assert_eq!(json["by"], "doc");
    let mut expected: BTreeMap<String, u64> = BTreeMap::new();
    for (file, _) in occurrences_of("IA") {
        *expected
            .entry(file.trim_end_matches(".txt").to_string())
            .or_default() += 1;
    }
    let groups = json["groups"].as_array().unwrap();
    let found: BTreeMap<String, u64> = groups
        .iter()
        .map(|g| {
            (
                g["value"].as_str().unwrap().to_string(),
                g["occurrences"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(found, expected);
    assert_eq!(
        json["total"]["occurrences"].as_u64(),
        Some(expected.values().sum())
    );
    for group in groups {
        // The rate is the count over the group's words, and each point of
        // the dispersion lies along the document.
        let (n, words) = (
            group["occurrences"].as_f64().unwrap(),
            group["words"].as_f64().unwrap(),
        );
        let rate = group["per_10k_words"].as_f64().unwrap();
        assert!((rate - n * 10_000.0 / words).abs() < 0.01, "{group}");
        let points = group["positions"].as_array().unwrap();
        assert_eq!(points.len() as f64, n);
        assert!(points
            .iter()
            .all(|p| (0.0..=1.0).contains(&p.as_f64().unwrap())));
    }
    // A grouping no document has is a usage error.
    let run = fouille.on_repo("stats", &["--by", "sourse", "IA"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--by \"sourse\""), "{}", run.stderr);
}

#[test]
fn the_words_near_a_word_are_counted_as_the_text_has_them() {
    let fouille = Fouille::new();
    let mut text = String::new();
    for i in 0..5 {
        text.push_str(&format!(
            "Les urgences hospitalières débordent, note {i}.\n\
             Un jardin fleuri accueille les visiteurs du quartier {i}.\n"
        ));
    }
    let corpus = fouille.write_corpus(&[("notes.txt", text.as_bytes())]);
    let run = fouille.on("cooc", &corpus, &["--json", "--window", "2", "urgences"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    assert_eq!(
        (json["word"].as_str(), json["window"].as_u64()),
        (Some("urgences"), Some(2))
    );
    let collocates = json["collocates"].as_array().unwrap();
    let words: Vec<&str> = collocates
        .iter()
        .map(|c| c["word"].as_str().unwrap())
        .collect();
    // Within two words of « urgences », stop words aside: « hospitalières »
    // and « débordent », five times each; nothing of the other lines.
    assert_eq!(words.len(), 2, "{json}");
    assert!(
        words.contains(&"hospitalières") && words.contains(&"débordent"),
        "{json}"
    );
    for c in collocates {
        assert_eq!(c["count"], 5, "{c}");
        assert!(c["score"].as_f64().unwrap() > 0.0);
        assert!(c["expected"].as_f64().unwrap() < 5.0);
    }
    let run = fouille.on("cooc", &corpus, &["--window", "0", "urgences"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}
