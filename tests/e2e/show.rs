//! `fouille show`: getting a cited passage back by its id.

use super::{hit_ids, Fouille};

#[test]
fn show_returns_the_cited_passage_with_context() {
    let fouille = Fouille::new();
    let results = fouille.search_json("\"jumeaux virtuels\"");
    let id = &hit_ids(&results)[0];
    let index = fouille.index();
    let run = fouille.run(&[
        "show",
        id,
        "--context",
        "1",
        "--json",
        "--index",
        index.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let shown = run.json();
    assert_eq!(shown["passage"]["id"], id.as_str());
    assert_eq!(shown["passage"]["text"], results["hits"][0]["text"]);
    assert_eq!(shown["before"].as_array().unwrap().len(), 1);
    assert_eq!(shown["after"].as_array().unwrap().len(), 1);
    let line = shown["passage"]["line"].as_u64().unwrap();
    assert!(shown["before"][0]["line"].as_u64().unwrap() < line);
    assert!(shown["after"][0]["line"].as_u64().unwrap() > line);
    for neighbour in [&shown["before"][0], &shown["after"][0]] {
        assert_eq!(neighbour["doc"], shown["passage"]["doc"]);
    }
}

#[test]
fn show_prints_the_citation_for_people() {
    let fouille = Fouille::new();
    let id = hit_ids(&fouille.search_json("RGPD"))[0].clone();
    let index = fouille.index();
    let run = fouille.run(&["show", &id, "-C", "2", "--index", index.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("protocoles conformes au RGPD"));
    assert!(run.stdout.contains(&id));
    assert!(run.stdout.lines().count() >= 4, "{}", run.stdout);
}

#[test]
fn an_unknown_id_is_a_clear_error() {
    let fouille = Fouille::new();
    fouille.search_json("santé");
    let index = fouille.index();
    let run = fouille.run(&["show", "nope:1", "--index", index.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("no passage with id `nope:1`"),
        "{}",
        run.stderr
    );
}
