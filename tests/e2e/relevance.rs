//! Queries as people type them: typos, questions, pasted quotes, exclusions,
//! repeated passages, and the explanation of a ranking.

use super::{hit_ids, hit_texts, Fouille};

fn first_text(results: &serde_json::Value) -> &str {
    results["hits"][0]["text"].as_str().unwrap_or_default()
}

#[test]
fn a_misspelt_word_finds_what_it_meant() {
    Fouille::new().assert_first_hit_contains(&[
        ("algoritmes", "algorithme"),
        ("confidentialte", "confidentialité"),
        ("telemedicine", "Télémédecine"),
    ]);
}

#[test]
fn exact_words_rank_before_close_spellings() {
    let results = Fouille::new().search_json("radiologues algoritmes");
    let hits = results["hits"].as_array().unwrap();
    let first_fuzzy_only = hits
        .iter()
        .position(|h| !h["text"].as_str().unwrap().contains("radiologues"))
        .unwrap_or(hits.len());
    assert!(first_fuzzy_only > 0, "an exact match comes first");
    for hit in &hits[first_fuzzy_only..] {
        assert!(!hit["text"].as_str().unwrap().contains("radiologues"));
    }
}

#[test]
fn typo_tolerance_does_not_invent_answers() {
    let fouille = Fouille::new();
    for query in ["cryptomonnaie bitcoin", "xylophone", "zzzz"] {
        assert_eq!(fouille.search_json(query)["total_hits"], 0, "{query}");
    }
}

#[test]
fn a_question_is_read_as_its_content_words() {
    let results = Fouille::new().search_json("Combien d'argent pour former les soignants à l'IA ?");
    assert!(
        first_text(&results).contains("119 millions d’euros"),
        "{}",
        first_text(&results)
    );
    let parsed = &results["parsed"];
    assert!(
        parsed["phrases"].as_array().unwrap().is_empty(),
        "an apostrophe is no quote"
    );
    assert_eq!(parsed["answer"], "quantity");
    let words: Vec<(&str, bool)> = parsed["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["key"].as_str().unwrap(), w["stop"].as_bool().unwrap()))
        .collect();
    assert!(words.contains(&("combien", true)));
    assert!(words.contains(&("soignants", false)));
}

#[test]
fn a_quote_retyped_carelessly_finds_its_source_first() {
    let fouille = Fouille::new();
    for query in [
        // straight apostrophes, no accents, one wrong letter
        "nous ameliorons deja la prise en charge des patients et redonnons du temps medicl aux soignants",
        "\"Il reste a caracteriser ce qu'est l'IA en sante et les apports\"",
        "« Il reste à caractériser ce qu'est l'IA en santé »",
    ] {
        let results = fouille.search_json(query);
        let first = first_text(&results);
        assert!(
            first.contains("redonnons du temps médical") || first.contains("Il reste à caractériser"),
            "{query}: {first}"
        );
    }
}

#[test]
fn exclusions_and_or() {
    let fouille = Fouille::new();
    let with = fouille.search_json("radiologues");
    assert!(with["total_hits"].as_u64().unwrap() >= 1);
    let without = fouille.search_json("imagerie -radiologues");
    for hit in without["hits"].as_array().unwrap() {
        assert!(!hit["text"].as_str().unwrap().contains("radiologues"));
    }
    let or = fouille.search_json("RGPD OR chatbots");
    let texts = hit_texts(&or);
    assert!(
        texts.iter().any(|t| t.contains("RGPD")) && texts.iter().any(|t| t.contains("Chatbots"))
    );
}

#[test]
fn a_repeated_passage_appears_once_with_its_other_place() {
    let results =
        Fouille::new().search_json("récent rapport publié par le ministère panorama exhaustif");
    let ids = hit_ids(&results);
    let first = &results["hits"][0];
    let also: Vec<&str> = first["also_at"]
        .as_array()
        .expect("also_at")
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert_eq!(also.len(), 1);
    assert!(
        !ids.iter().any(|id| id == also[0]),
        "the duplicate is not a hit of its own"
    );
    // The other place is cited as fully as the hit: whether its bytes are
    // its text, and (where it has them) its anchor and container entry.
    assert_eq!(first["also_at"][0]["exact"], serde_json::json!(true));
}

#[test]
fn explain_shows_terms_contributions_and_factors() {
    let fouille = Fouille::new();
    let run = fouille.search_repo(&[
        "--json",
        "--explain",
        "--",
        "confidentialité des données patients",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let explanation = &run.json()["hits"][0]["explain"];
    let matches = explanation["matches"].as_array().unwrap();
    assert!(matches
        .iter()
        .any(|m| m["term"] == "confidential" && m["field"] == "text"));
    for key in [
        "bm25",
        "coverage",
        "coverage_factor",
        "proximity",
        "proximity_factor",
        "own",
        "article",
        "article_factor",
        "neighbours",
        "from_neighbours",
        "lead",
        "from_lead",
        "score",
    ] {
        assert!(explanation[key].is_number(), "missing {key}");
    }
    let human = fouille.search_repo(&["--explain", "--limit", "1", "algoritmes"]);
    assert!(human.stdout.contains("bm25"), "{}", human.stdout);
    assert!(
        human.stdout.contains("edit"),
        "the fuzzy match is said: {}",
        human.stdout
    );
}

#[test]
fn one_letter_typos_in_long_words_are_forgiven() {
    Fouille::new().assert_first_hit_contains(&[
        ("interoperabilté", "nteropérabilité"),
        ("protecion", "Protection"),
        ("gouvernment", "gouvernement"),
        ("jumaux virtuels", "jumeaux virtuels"),
        // A close spelling of a stop word is no answer.
        ("sanré", "santé"),
    ]);
}

#[test]
fn command_options_are_searched_not_excluded() {
    let fouille = Fouille::new();
    let corpus = super::test_data("faq/corpus");
    let index = fouille.dir.path().join("faq-index");
    let run = fouille.run(&[
        "search",
        "--json",
        "--corpus",
        corpus.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
        "dpkg --purge",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let results = run.json();
    assert!(results["parsed"]["excluded"].as_array().unwrap().is_empty());
    let texts = hit_texts(&results);
    assert!(
        texts.iter().any(|t| t.contains("dpkg --purge")),
        "{texts:?}"
    );
}

#[test]
fn an_excluded_word_in_the_heading_excludes_the_passage() {
    let fouille = Fouille::new();
    let results = fouille.search_json("IA -santé");
    for hit in results["hits"].as_array().unwrap() {
        let section = hit["section"].as_str().unwrap().to_lowercase();
        let text = hit["text"].as_str().unwrap().to_lowercase();
        assert!(
            !section.contains("santé") && !text.contains("santé"),
            "{section} / {text}"
        );
    }
}
