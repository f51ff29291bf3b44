//! Searching the bundled corpus from the command line.

use super::{hit_ids, hit_texts, Fouille};

#[test]
fn every_spelling_of_interoperability_finds_the_same_passages() {
    let fouille = Fouille::new();
    let reference = hit_ids(&fouille.search_json("interopérabilité"));
    assert!(reference.len() >= 3, "{reference:?}");
    for query in [
        "interoperabilite",
        "INTEROPERABILITE",
        "interopérables",
        "l'interopérabilité",
        "l’interopérabilité",
        "Interopérabilité",
    ] {
        let mut ids = hit_ids(&fouille.search_json(query));
        let mut expected = reference.clone();
        ids.sort();
        expected.sort();
        assert_eq!(ids, expected, "query {query:?}");
    }
}

#[test]
fn the_interoperability_passages_come_back() {
    let results = Fouille::new().search_json("interoperabilite");
    let texts = hit_texts(&results);
    for snippet in [
        "l’importance de l’interopérabilité des systèmes de santé",
        "l’importance de l’interopérabilité des systèmes d’information de santé",
        "Interopérabilité des systèmes : garantir que toutes les plateformes",
    ] {
        assert!(
            texts.iter().any(|t| t.contains(snippet)),
            "missing {snippet:?}"
        );
    }
}

#[test]
fn json_has_the_documented_fields() {
    let results = Fouille::new().search_json("RGPD");
    for key in ["query", "parsed", "total_hits", "took_us", "hits"] {
        assert!(results.get(key).is_some(), "missing {key}");
    }
    let hit = &results["hits"][0];
    for key in [
        "rank",
        "score",
        "id",
        "doc",
        "title",
        "section",
        "file",
        "line",
        "start",
        "end",
        "text",
        "highlights",
    ] {
        assert!(hit.get(key).is_some(), "missing hit.{key}");
    }
    assert_eq!(hit["rank"], 1);
    assert!(hit["text"].as_str().unwrap().contains("RGPD"));
}

#[test]
fn a_quoted_phrase_is_exact_and_stop_words_count() {
    let fouille = Fouille::new();
    let results = fouille.search_json("\"jumeaux virtuels\"");
    assert_eq!(results["total_hits"], 1);
    let results = fouille.search_json("\"interopérabilité des systèmes\"");
    assert!(results["total_hits"].as_u64().unwrap() >= 2);
    for hit in results["hits"].as_array().unwrap() {
        let text = hit["text"].as_str().unwrap().to_lowercase();
        assert!(text.contains("interopérabilité des systèmes"), "{text}");
    }
    let results = fouille.search_json("\"interopérabilité de nos systèmes\"");
    assert_eq!(results["total_hits"], 0);
}

#[test]
fn an_unbalanced_quote_is_read_as_words() {
    let results = Fouille::new().search_json("\"jumeaux virtuels");
    assert!(results["total_hits"].as_u64().unwrap() >= 1);
}

#[test]
fn a_query_with_no_answer_returns_no_hit() {
    let results = Fouille::new().search_json("cryptomonnaie bitcoin");
    assert_eq!(results["total_hits"], 0);
    assert!(results["hits"].as_array().unwrap().is_empty());
}

#[test]
fn acronyms_and_numbers_are_searchable() {
    Fouille::new().assert_first_hit_contains(&[
        ("RGPD", "RGPD"),
        ("2030", "2030"),
        ("119", "119"),
        ("IA", "IA"),
    ]);
}

#[test]
fn human_output_cites_each_hit() {
    let fouille = Fouille::new();
    let run = fouille.search_repo(&["jumeaux virtuels"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("002_d7afb684c8cee303.txt:"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Les jumeaux virtuels d’organes"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("\x1b["), "colour when piped");
}

#[test]
fn the_first_search_builds_the_index_and_says_so() {
    let fouille = Fouille::new();
    let first = fouille.search_repo(&["santé"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(first.stderr.contains("building"), "{}", first.stderr);
    let second = fouille.search_repo(&["santé"]);
    assert!(!second.stderr.contains("building"), "{}", second.stderr);
    assert_eq!(first.stdout.lines().count(), second.stdout.lines().count());
}

#[test]
fn a_phrase_is_found_in_headings_and_titles_too() {
    // Quoted phrases were searched in the passages' text only: a phrase of
    // a heading or of the title found nothing, though its words did.
    let fouille = Fouille::new();
    fouille.write_corpus(&[(
        "rapport.md",
        "# Rapport sur la santé connectée\n\n## Enjeux éthiques\n\n\
         La confidentialité des dossiers médicaux.\n\n## Financement\n\n\
         Les crédits votés en 2024.\n"
            .as_bytes(),
    )]);
    assert_eq!(fouille.run(&["index"]).code, 0);
    let texts = |query: &str| {
        let run = fouille.run(&["search", "--json", query]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let json = run.json();
        hit_texts(&json)
            .iter()
            .map(|t| t.to_string())
            .collect::<Vec<_>>()
    };
    // The heading, a passage too, and the paragraph under it.
    assert_eq!(
        texts("\"enjeux éthiques\""),
        [
            "Enjeux éthiques",
            "La confidentialité des dossiers médicaux."
        ]
    );
    // Every passage of the document: the title, two headings, two
    // paragraphs.
    assert_eq!(texts("\"santé connectée\"").len(), 5);
    // The phrase is marked in the heading it was found in.
    let json = fouille
        .run(&["search", "--json", "\"enjeux éthiques\""])
        .json();
    assert_eq!(json["hits"][0]["highlights"], serde_json::json!([[0, 16]]));
    assert_eq!(
        json["hits"][1]["section_highlights"],
        serde_json::json!([[0, 16]])
    );
    assert!(texts("\"éthiques enjeux\"").is_empty());
    let none = fouille.run(&["search", "\"enjeux financiers\""]);
    assert!(
        none.stderr.contains("heading") && none.stderr.contains("without the quotes"),
        "{}",
        none.stderr
    );
}

#[test]
fn query_syntax_people_know_requires_excludes_and_expands() {
    // `santé AND données` searched for the word "and"; `intell*` found
    // nothing; `+word` was not understood.
    let fouille = Fouille::new();
    let letters = "bcdfgklmnp";
    let many: Vec<String> = letters
        .chars()
        .flat_map(|a| letters.chars().map(move |b| format!("zor{a}{b}")))
        .collect();
    fouille.write_corpus(&[
        (
            "a.txt",
            "Titre\nLa santé et les données.\n\nLa santé seule.\n\nLes données seules.\n\n\
             L'intelligence artificielle et l'intellect.\n"
                .as_bytes(),
        ),
        ("b.txt", format!("Liste\n{}\n", many.join(" ")).as_bytes()),
    ]);
    assert_eq!(fouille.run(&["index"]).code, 0);
    let texts = |query: &str| {
        let run = fouille.run(&["search", "--json", "--", query]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let json = run.json();
        let mut texts: Vec<String> = hit_texts(&json).iter().map(|t| t.to_string()).collect();
        texts.sort();
        (texts, run.stderr)
    };
    let both = vec!["La santé et les données.".to_string()];
    assert_eq!(texts("santé AND données").0, both);
    assert_eq!(texts("+santé +données").0, both);
    assert_eq!(texts("santé données").0.len(), 3);
    assert_eq!(texts("santé NOT données").0, ["La santé seule."]);
    // A word beginning excluded: every word beginning so.
    assert_eq!(texts("santé -donn*").0, ["La santé seule."]);
    assert_eq!(texts("santé NOT donn*").0, ["La santé seule."]);
    assert_eq!(
        texts("intell*").0,
        ["L'intelligence artificielle et l'intellect."]
    );
    let (found, stderr) = texts("zor*");
    assert_eq!(found.len(), 1);
    assert!(
        stderr.contains("zor*") && stderr.contains("50 most frequent"),
        "{stderr}"
    );
    let json = fouille.run(&["search", "--json", "zor*"]).json();
    assert_eq!(json["notes"][0]["note"], "prefix_cut", "{json}");
}

#[test]
fn terminal_conventions_colour_lines_context_completions_and_man() {
    let fouille = Fouille::new();
    fouille.write_corpus(&[(
        "a.txt",
        "Titre\nAvant.\n\nLa télémédecine progresse.\n\nAprès.\n".as_bytes(),
    )]);
    assert_eq!(fouille.run(&["index"]).code, 0);
    // One line a hit, for scripts.
    let lines = fouille.run(&["search", "--format", "lines", "télémédecine"]);
    assert_eq!(lines.stdout, "corpus/a.txt:4:La télémédecine progresse.\n");
    // Context around each hit.
    let context = fouille.run(&["search", "-C", "1", "télémédecine"]);
    assert!(
        context.stdout.contains("Avant.") && context.stdout.contains("Après."),
        "{}",
        context.stdout
    );
    // Colour as asked, whatever the output is.
    let always = fouille.run(&["--color", "always", "search", "télémédecine"]);
    assert!(always.stdout.contains("\u{1b}["), "{}", always.stdout);
    let never = fouille.run(&["search", "--color", "never", "télémédecine"]);
    assert!(!never.stdout.contains('\u{1b}'), "{}", never.stdout);
    let completions = fouille.run(&["completions", "bash"]);
    assert_eq!(completions.code, 0);
    assert!(
        completions.stdout.contains("_fouille"),
        "{}",
        completions.stdout
    );
    assert!(completions.stdout.contains("--format"));
    let man = fouille.run(&["man"]);
    assert_eq!(man.code, 0);
    assert!(man.stdout.contains(".TH fouille"), "{}", man.stdout);
}

#[test]
fn a_folded_near_duplicate_is_shown_with_its_citation() {
    // Folded into the hit, it was visible in --json only (`also_at`).
    let fouille = Fouille::new();
    let text = "La télémédecine progresse dans les zones rurales de France, grâce aux \
                réseaux et aux médecins qui consultent à distance chaque semaine.\n";
    fouille.write_corpus(&[
        ("a.txt", format!("Titre\n{text}").as_bytes()),
        ("b.txt", format!("Autre\n{text}").as_bytes()),
    ]);
    assert_eq!(fouille.run(&["index"]).code, 0);
    let run = fouille.run(&["search", "télémédecine"]);
    assert!(
        run.stdout.contains("also at: corpus/b.txt:2 [b:2]"),
        "{}",
        run.stdout
    );
}

#[test]
fn page_furniture_is_kept_marked_and_found_when_asked() {
    let fouille = Fouille::new();
    // A publication date and a "read the report" link of the bundled
    // corpus, judged page furniture: left out of results, but said so.
    for phrase in ["\"20 janvier 2025\"", "\"rapport complet\""] {
        let run = fouille.search_repo(&["--json", "--", phrase]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let json = run.json();
        assert_eq!(json["total_hits"], 0, "{json}");
        assert_eq!(json["notes"][0]["note"], "furniture_left_out", "{json}");
        assert_eq!(json["notes"][0]["passages"], 1, "{json}");
        let run = fouille.search_repo(&["--", phrase]);
        assert!(
            run.stderr.contains("--include-boilerplate"),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains("no passage holds"), "{}", run.stderr);
        let run = fouille.search_repo(&["--json", "--include-boilerplate", "--", phrase]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let json = run.json();
        assert_eq!(json["total_hits"], 1, "{json}");
        assert_eq!(json["hits"][0]["furniture"], "web_cue", "{json}");
        assert!(json.get("notes").is_none(), "{json}");
    }
    // A caption that repeats a paragraph never stands for it: the
    // paragraph is the hit, the caption folded under it.
    let run = fouille.search_repo(&["--json", "--include-boilerplate", "--", "ministre"]);
    let json = run.json();
    let ids = super::hit_ids(&json);
    assert!(
        ids.contains(&"004_42f3e2e950270307:11".to_string()),
        "{json}"
    );
    assert!(
        !ids.contains(&"004_42f3e2e950270307:12".to_string()),
        "{json}"
    );
    let human = fouille.search_repo(&["--include-boilerplate", "--", "\"rapport complet\""]);
    assert!(
        human.stdout.contains("page furniture: web_cue"),
        "{}",
        human.stdout
    );
    let json = fouille.search_json("janvier 2025");
    assert!(
        hit_texts(&json)
            .iter()
            .all(|t| !t.contains("Dernière modification")),
        "{json}"
    );
}

#[test]
fn index_lists_what_it_kept_out_with_the_rule_that_fired() {
    let fouille = Fouille::new();
    let corpus = super::repo_corpus();
    let run = fouille.on_repo("index", &["--list-skipped"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let file = |name: &str| format!("{}", corpus.join(name).display());
    assert!(
        lines.iter().any(|l| l.starts_with(&format!(
            "{}:5: [web_cue] ",
            file("003_c07443ed26f9b35d.txt")
        )) && l.ends_with("20 janvier 2025")),
        "{}",
        run.stdout
    );
    for expected in [
        format!(
            "{}:1: [kicker] Texte Centré",
            file("001_a58ccc61bfa5b1e8.txt")
        ),
        format!(
            "{}:58: [fragment] Overlay Image",
            file("001_a58ccc61bfa5b1e8.txt")
        ),
    ] {
        assert!(
            lines.iter().any(|l| l.ends_with(&expected)),
            "{expected} not in\n{}",
            run.stdout
        );
    }
    let last = lines.last().copied().unwrap_or_default();
    assert!(
        last.starts_with("16 lines of page furniture") && last.contains("10 web_cue"),
        "{last}"
    );
}

#[test]
fn a_line_read_as_a_heading_is_a_passage_too() {
    let fouille = Fouille::new();
    // Steps of a procedure without a full stop read as headings (each has
    // text under it): they are sections, and passages of kind heading.
    fouille.write_corpus(&[(
        "archiver.txt",
        "Archivage et restauration\n\n\
         Vous pouvez archiver vos données de messagerie.\n\n\
         Choisissez Fichier puis Archiver les données\n\n\
         Choisissez un nom de fichier et cliquez sur Enregistrer.\n"
            .as_bytes(),
    )]);
    assert_eq!(fouille.run(&["index"]).code, 0);
    let run = fouille.run(&["search", "--json", "Choisissez Fichier Archiver"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    let heading = json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["kind"] == "heading")
        .unwrap_or_else(|| panic!("no heading hit in {json}"));
    assert_eq!(
        heading["text"],
        "Choisissez Fichier puis Archiver les données"
    );
    assert_eq!(heading["line"], 5);
    // The step under it still has it as its section.
    let run = fouille.run(&["search", "--json", "Enregistrer"]);
    let json = run.json();
    assert_eq!(
        json["hits"][0]["section"], "Choisissez Fichier puis Archiver les données",
        "{json}"
    );
}

#[test]
fn excluded_words_need_no_double_dash() {
    // `fouille search santé -données` was a usage error: `-d` read as a flag.
    let fouille = Fouille::new();
    let with_dashes = fouille.search_repo(&["--json", "--", "santé", "-données"]);
    assert_eq!(with_dashes.code, 0, "{}", with_dashes.stderr);
    for args in [
        &["--json", "santé", "-données"][..],
        &["santé", "-données", "--json"],
        &["-données", "--json", "santé"],
    ] {
        let run = fouille.search_repo(args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert_eq!(
            hit_ids(&run.json()),
            hit_ids(&with_dashes.json()),
            "{args:?}"
        );
    }
    // Flags after the query still are flags.
    let run = fouille.search_repo(&["santé", "-données", "-n", "2", "--json"]);
    assert_eq!(run.json()["hits"].as_array().map(Vec::len), Some(2));
    let run = fouille.search_repo(&["-santé"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("only excludes"), "{}", run.stderr);
    // An exclusion as typed, of a phrase, of a word beginning: `-=` and
    // `-"` were read as flags too; in `concord` and `stats` as well.
    for (command, query) in [
        ("search", ["santé", "-=données"]),
        ("search", ["santé", "-\"données de santé\""]),
        ("search", ["santé", "-«données de santé»"]),
        ("concord", ["santé", "-=donn*"]),
        ("stats", ["santé", "-données"]),
    ] {
        let split = fouille.on_repo(command, &query);
        assert_eq!(split.code, 0, "{command} {query:?}: {}", split.stderr);
        let joined = fouille.on_repo(command, &[&query.join(" ")]);
        // The same output, timings aside.
        let untimed = |out: &str| -> Vec<String> {
            out.lines()
                .filter(|l| !l.contains("µs") && !l.contains(" ms"))
                .map(String::from)
                .collect()
        };
        assert_eq!(
            untimed(&split.stdout),
            untimed(&joined.stdout),
            "{command} {query:?}"
        );
    }
}

#[test]
fn a_word_beginning_too_short_says_so_and_doubled_stars_are_one() {
    // `i*` found nothing without a word; `intell**` found nothing at all.
    let fouille = Fouille::new();
    let run = fouille.search_repo(&["--json", "--", "i*"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    assert_eq!(json["notes"][0]["note"], "prefix_too_short", "{json}");
    assert_eq!(json["notes"][0]["prefix"], "i*", "{json}");
    let human = fouille.search_repo(&["--", "i*"]);
    assert!(human.stderr.contains("2 letters"), "{}", human.stderr);
    let doubled = hit_ids(&fouille.search_json("intell**"));
    assert!(!doubled.is_empty());
    assert_eq!(doubled, hit_ids(&fouille.search_json("intell*")));
}

#[test]
fn a_phrase_with_words_finds_the_phrase_and_void_queries_say_why_in_json() {
    // `"AI Action Summit" doctolib` found nothing (a passage had to hold
    // the phrase and one of the words) and said the phrase was nowhere.
    let fouille = Fouille::new();
    let phrase = fouille.search_json("\"AI Action Summit\"");
    let with_word = fouille.search_json("\"AI Action Summit\" doctolib");
    assert!(phrase["total_hits"].as_u64().unwrap() > 0, "{phrase}");
    assert_eq!(with_word["total_hits"], phrase["total_hits"], "{with_word}");
    assert!(with_word
        .get("notes")
        .is_none_or(|n| !n.to_string().contains("phrase_not_found")));
    // The notes of a query with nothing to search are in the JSON too.
    let json = fouille.search_json("-santé");
    assert_eq!(json["notes"][0]["note"], "nothing_to_search", "{json}");
    assert_eq!(json["notes"][0]["only_excludes"], true, "{json}");
    let json = fouille.search_json("*");
    assert_eq!(json["notes"][0]["only_excludes"], false, "{json}");
}

#[test]
fn an_index_answering_stale_says_so_in_its_json() {
    // The stale warning was on stderr only; scripts reading --json could
    // not tell.
    let fouille = Fouille::new();
    let corpus = fouille.write_corpus(&[("a.txt", "Titre\nLa santé des données.\n".as_bytes())]);
    let index = fouille.index();
    let index = index.to_str().unwrap();
    let run = fouille.run(&[
        "index",
        "--corpus",
        corpus.to_str().unwrap(),
        "--index",
        index,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let fresh = fouille
        .run(&["search", "--index", index, "--json", "santé"])
        .json();
    assert!(fresh.get("stale").is_none(), "{fresh}");
    std::fs::rename(&corpus, corpus.with_file_name("ailleurs")).unwrap();
    let run = fouille.run(&["search", "--index", index, "--json", "santé"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    assert!(
        json["stale"].as_str().is_some_and(|s| s.contains("gone")),
        "{json}"
    );
    assert_eq!(json["total_hits"], 1, "{json}");
    let shown = fouille
        .run(&["show", "--index", index, "--json", "a:2"])
        .json();
    assert!(shown["stale"].is_string(), "{shown}");
}

#[test]
fn exact_words_on_the_command_line() {
    let fouille = Fouille::new();
    let corpus = fouille.write_corpus(&[("patrimoine.txt", super::HERITAGE.as_bytes())]);
    let search = |args: &[&str]| {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let run = fouille.on("search", &corpus, &all);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.json()
    };
    assert_eq!(super::hit_ids(&search(&["tours"])).len(), 2);
    assert_eq!(super::hit_ids(&search(&["=tours"])), ["patrimoine:3"]);
    assert_eq!(
        super::hit_ids(&search(&["--exact", "tour"])),
        ["patrimoine:5"]
    );
    let parsed = search(&["=tours"])["parsed"]["words"][0].clone();
    assert_eq!(parsed["exact"], "tours", "{parsed}");
}
