//! `fouille analyze`: the analyzer's terms, positions and byte ranges.

use super::Fouille;

#[test]
fn analyze_shows_terms_positions_and_ranges() {
    let run = Fouille::new().run(&["analyze", "--json", "L’interopérabilité des systèmes"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    let tokens = json["tokens"].as_array().unwrap();
    let terms: Vec<&str> = tokens.iter().map(|t| t["term"].as_str().unwrap()).collect();
    assert_eq!(terms, ["interoper", "des", "system"]);
    assert_eq!(tokens[0]["start"], 4); // after "L’" (1 + 3 bytes)
    assert_eq!(tokens[0]["word"], "interopérabilité");
    assert_eq!(tokens[1]["stop"], true);
    assert_eq!(tokens[2]["position"], 2);
}

#[test]
fn analyze_prints_a_table() {
    let run = Fouille::new().run(&["analyze", "Cœur", "INTEROPERABILITE"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("coeur"));
    assert!(run.stdout.contains("interoper"));
}

#[test]
fn analyze_and_search_show_the_synonyms_of_an_index_and_of_a_file() {
    let fouille = Fouille::new();
    // The bundled corpus defines « intelligence artificielle (IA) ».
    let index = fouille.on_repo("index", &[]);
    assert_eq!(index.code, 0, "{}", index.stderr);
    let file = fouille.dir.path().join("mes-synonymes.txt");
    std::fs::write(&file, "# les miens\nmédecin, praticien\n").unwrap();
    let (index, file) = (fouille.index(), file.to_str().unwrap().to_string());
    let run = fouille.run(&[
        "analyze",
        "--json",
        "--index",
        index.to_str().unwrap(),
        "--synonyms",
        &file,
        "l’IA des médecins",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let synonyms = run.json()["synonyms"].clone();
    assert_eq!(synonyms[0]["words"][0], "ia", "{synonyms}");
    assert_eq!(synonyms[0]["synonym"], "intelligence artificielle");
    assert_eq!(synonyms[0]["from"], "corpus");
    assert_eq!(synonyms[1]["synonym"], "praticien");
    assert_eq!(synonyms[1]["line"], 2);
    let table = fouille.run(&["analyze", "--synonyms", &file, "médecins"]);
    assert!(
        table.stdout.contains("synonym: medecin → praticien"),
        "{}",
        table.stdout
    );
    // A synonyms file counts in every tool that reads a query: stats and
    // cooc took no --synonyms.
    let words = fouille.dir.path().join("mots.txt");
    std::fs::write(&words, "xyzzy, santé\n").unwrap();
    let words = words.to_str().unwrap();
    let found = fouille.search_repo(&["--json", "--synonyms", words, "xyzzy"]);
    let total = found.json()["total_hits"].as_u64().unwrap();
    assert!(total > 0, "{}", found.stdout);
    let index = index.to_str().unwrap();
    let passages = |args: &[&str]| -> u64 {
        let stats = fouille.run(&[&["stats", "--json", "--index", index], args].concat());
        assert_eq!(stats.code, 0, "{}", stats.stderr);
        stats.json()["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["passages"].as_u64().unwrap())
            .sum()
    };
    let with_synonym = passages(&["--synonyms", words, "xyzzy"]);
    assert!(with_synonym > 0);
    assert_eq!(with_synonym, passages(&["santé"]));
    let cooc = fouille.run(&[
        "cooc",
        "--json",
        "--index",
        index,
        "--synonyms",
        words,
        "xyzzy",
    ]);
    assert_eq!(cooc.code, 0, "{}", cooc.stderr);
    assert!(!cooc.json()["collocates"].as_array().unwrap().is_empty());
    // search --explain says which match is a synonym.
    let search = fouille.search_repo(&["--json", "--explain", "-n", "3", "IA"]);
    assert_eq!(search.code, 0, "{}", search.stderr);
    let hits = search.json()["hits"].clone();
    assert!(
        hits.as_array()
            .unwrap()
            .iter()
            .any(|h| h["explain"]["matches"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["synonym"] == true && m["term"] == "intelligence artificielle")),
        "{hits}"
    );
}

#[test]
fn a_bad_or_missing_synonyms_file_is_a_clear_error() {
    let fouille = Fouille::new();
    let bad = fouille.dir.path().join("bad.txt");
    std::fs::write(&bad, "voiture, automobile\na => b => c\n").unwrap();
    let run = fouille.search_repo(&["--synonyms", bad.to_str().unwrap(), "santé"]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("line 2") && run.stderr.contains("`=>` more than once"),
        "{}",
        run.stderr
    );
    let run = fouille.search_repo(&["--synonyms", "absent.txt", "santé"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("absent.txt"), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn indexing_says_when_the_corpus_synonyms_file_cannot_be_read() {
    let fouille = Fouille::new();
    let corpus = fouille.write_corpus(&[
        ("a.txt", "Titre\n\nUne voiture rouge.\n".as_bytes()),
        ("synonyms.txt", "voiture, automobile\nfoo\n".as_bytes()),
    ]);
    let run = fouille.on("index", &corpus, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("searches of it will fail") && run.stderr.contains("line 2"),
        "{}",
        run.stderr
    );
}
