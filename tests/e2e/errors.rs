//! Bad input gets a clear one-line message and the right exit code.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use super::{hit_ids, Fouille};

#[test]
fn an_empty_query_is_a_usage_error() {
    let fouille = Fouille::new();
    for query in ["", "   "] {
        let run = fouille.search_repo(&[query]);
        assert_eq!(run.code, 2, "{query:?}: {}", run.stderr);
        assert!(run.stderr.contains("empty query"), "{}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    }
}

#[test]
fn a_missing_query_or_unknown_flag_is_a_usage_error() {
    let fouille = Fouille::new();
    assert_eq!(fouille.run(&["search"]).code, 2);
    assert_eq!(fouille.run(&["search", "--bogus", "x"]).code, 2);
    assert_eq!(fouille.run(&["frobnicate"]).code, 2);
}

#[test]
fn a_missing_corpus_is_named() {
    let fouille = Fouille::new();
    let run = fouille.run(&["search", "--corpus", "nowhere", "--index", "idx", "santé"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("nowhere"), "{}", run.stderr);
    let run = fouille.run(&["index", "--corpus", "nowhere", "--index", "idx"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("corpus directory nowhere not found"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}

#[test]
fn a_file_that_is_not_text_is_named_with_its_offset_and_the_rest_is_indexed() {
    let fouille = Fouille::new();
    fouille.write_corpus(&[
        ("bon.txt", "Titre\nLa santé numérique avance.\n".as_bytes()),
        // A UTF-8 byte order mark, then bytes that are mostly not UTF-8.
        (
            "mauvais.txt",
            b"\xef\xbb\xbfTitre\nCaf\xe9 \xe0 l\xe9t\xe9.\n",
        ),
    ]);
    let run = fouille.run(&["index"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("mauvais.txt"), "{}", run.stderr);
    assert!(run.stderr.contains("offset 12"), "{}", run.stderr);
    assert!(run.stdout.contains("1 file(s) skipped"), "{}", run.stdout);
    let run = fouille.run(&["search", "--json", "santé"]);
    assert_eq!(run.json()["total_hits"], 1);

    let strict = fouille.run(&["index", "--strict"]);
    assert_eq!(strict.code, 1);
    assert!(strict.stderr.contains("mauvais.txt"), "{}", strict.stderr);
    assert!(
        strict.stderr.contains("not valid UTF-8"),
        "{}",
        strict.stderr
    );
}

#[test]
fn strict_fails_on_a_file_read_only_in_part() {
    let fouille = Fouille::new();
    fouille.write_corpus(&[(
        "articles.jsonl",
        "{\"text\": \"Un premier article sur la santé des patients à Lyon.\"}\n\
         {\"text\": cassé\n\
         {\"text\": \"Un troisième article sur la santé des soignants à Lyon.\"}\n"
            .as_bytes(),
    )]);
    // By default the good records are indexed, the bad one said.
    let run = fouille.run(&["index"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("line 2"), "{}", run.stderr);
    assert_eq!(
        fouille.run(&["search", "--json", "santé"]).json()["total_hits"],
        2
    );
    // --strict loses nothing silently: the file is an error.
    let strict = fouille.run(&["index", "--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stdout);
    assert!(
        strict
            .stderr
            .contains("articles.jsonl: indexed only in part: line 2"),
        "{}",
        strict.stderr
    );
}

#[test]
fn a_windows_1252_file_is_decoded_said_and_cited_in_its_own_bytes() {
    let fouille = Fouille::new();
    let text = "Compte rendu\nLes hôpitaux de la région ont reçu des crédits de santé.\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    let corpus = fouille.write_corpus(&[
        ("bon.txt", "Titre\nLa santé numérique avance.\n".as_bytes()),
        ("ancien.txt", &bytes),
    ]);
    let run = fouille.run(&["index"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("decoded 1 from windows-1252"),
        "{}",
        run.stdout
    );
    let run = fouille.run(&["search", "--json", "hôpitaux"]);
    let hit = &run.json()["hits"][0];
    assert_eq!(
        hit["text"],
        "Les hôpitaux de la région ont reçu des crédits de santé."
    );
    assert_eq!(hit["exact"], false);
    let (start, end) = (hit["start"].as_u64().unwrap(), hit["end"].as_u64().unwrap());
    let file = std::fs::read(corpus.join("ancien.txt")).unwrap();
    let (cited, _, _) = encoding_rs::WINDOWS_1252.decode(&file[start as usize..end as usize]);
    assert_eq!(cited, hit["text"].as_str().unwrap());
    assert_eq!(
        fouille.run(&["search", "--json", "santé"]).json()["total_hits"],
        2
    );
}

#[test]
fn an_empty_corpus_is_an_error() {
    let fouille = Fouille::new();
    fouille.write_corpus(&[]);
    let run = fouille.run(&["index"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("no text file to index"),
        "{}",
        run.stderr
    );
    fouille.write_corpus(&[("vide.txt", b"")]);
    let run = fouille.run(&["index"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("vide.txt"), "{}", run.stderr);
}

#[test]
fn a_failed_build_keeps_the_previous_index() {
    let fouille = Fouille::new();
    let corpus = fouille.write_corpus(&[("a.txt", "Titre\nLa santé numérique.\n".as_bytes())]);
    assert_eq!(fouille.run(&["index"]).code, 0);
    fs::write(corpus.join("a.txt"), b"\xff\xfe").unwrap();
    assert_eq!(fouille.run(&["index", "--strict"]).code, 1);
    let run = fouille.run(&["search", "--json", "santé"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["total_hits"], 1);
}

#[test]
fn a_stale_index_is_rebuilt_before_it_answers() {
    // A stale index answered with a warning only: `show` printed the old
    // text as the line given, and an added file was not searched.
    let fouille = Fouille::new();
    let corpus = fouille.write_corpus(&[(
        "a.txt",
        "Titre\nLa santé numérique.\n\nLa télémédecine progresse.\n".as_bytes(),
    )]);
    assert_eq!(fouille.run(&["index"]).code, 0);
    fs::write(corpus.join("b.txt"), "Titre\nAutre santé.\n").unwrap();
    let run = fouille.run(&["search", "--json", "santé"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("re-indexing"), "{}", run.stderr);
    assert!(run.stderr.contains("1 file added"), "{}", run.stderr);
    assert_eq!(run.json()["total_hits"].as_u64(), Some(2), "{}", run.stdout);
    // A line inserted at the top: the id of a line cites what is there now.
    fs::write(
        corpus.join("a.txt"),
        "Titre\nUne ligne ajoutée en tête.\n\nLa santé numérique.\n\nLa télémédecine progresse.\n",
    )
    .unwrap();
    let found = fouille.run(&["search", "--json", "télémédecine"]);
    let id = hit_ids(&found.json())[0].clone();
    assert!(id.ends_with(":6"), "{id}");
    let show = fouille.run(&["show", &id]);
    assert_eq!(show.code, 0, "{}", show.stderr);
    assert!(show.stdout.contains("télémédecine"), "{}", show.stdout);
    let quiet = fouille.run(&["search", "santé"]);
    assert!(quiet.stderr.is_empty(), "{}", quiet.stderr);
    // Searches started together on a stale index all answer from the
    // rebuilt one (the ones that do not rebuild it wait for it).
    fs::write(
        corpus.join("a.txt"),
        "Titre\nUne.\n\nDeux.\n\nLa santé numérique.\n\nLa télémédecine progresse.\n",
    )
    .unwrap();
    for run in fouille.run_together(4, &["search", "--json", "télémédecine"]) {
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stdout.contains("\"line\":8"), "{}", run.stdout);
    }
}

#[test]
fn an_index_of_another_format_is_rebuilt_from_its_corpus() {
    let fouille = Fouille::new();
    fouille.write_corpus(&[("a.txt", "Titre\nLa santé numérique.\n".as_bytes())]);
    assert_eq!(fouille.run(&["index"]).code, 0);
    let index = fouille.index();
    let current = fs::read_to_string(index.join("CURRENT")).unwrap();
    let manifest = index.join(current.trim()).join("fouille-manifest.json");
    let mut json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&manifest).unwrap()).unwrap();
    // As an older fouille wrote it: another format, no checksums.
    json["schema_version"] = 6.into();
    fs::write(&manifest, json.to_string()).unwrap();
    fs::remove_file(manifest.with_file_name("fouille-checksums.json")).unwrap();
    // Its corpus is known: it is rebuilt, as a stale index is.
    let run = fouille.run(&["search", "santé"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("another fouille"), "{}", run.stderr);
    assert_eq!(
        run.stdout.lines().filter(|l| l.contains("santé")).count(),
        1,
        "{}",
        run.stdout
    );
    let again = fouille.run(&["search", "santé"]);
    assert!(again.stderr.is_empty(), "{}", again.stderr);
}

#[test]
fn an_index_path_that_is_a_file_is_an_error() {
    let fouille = Fouille::new();
    fouille.write_corpus(&[("a.txt", "Titre\nLa santé.\n".as_bytes())]);
    fs::write(fouille.dir.path().join("fichier"), "x").unwrap();
    let run = fouille.run(&["index", "--index", "fichier"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("not a directory"), "{}", run.stderr);
    let run = fouille.run(&["search", "--index", "fichier", "santé"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("not a directory"), "{}", run.stderr);
}

/// Sets the mode of `path` and, for a directory, of all it holds.
fn set_modes(path: &Path, dir_mode: u32, file_mode: u32) {
    if path.is_dir() {
        for entry in fs::read_dir(path).unwrap() {
            set_modes(&entry.unwrap().path(), dir_mode, file_mode);
        }
        fs::set_permissions(path, fs::Permissions::from_mode(dir_mode)).unwrap();
    } else {
        fs::set_permissions(path, fs::Permissions::from_mode(file_mode)).unwrap();
    }
}

#[test]
fn a_read_only_index_is_searched_and_a_build_into_it_fails_clearly() {
    let fouille = Fouille::new();
    fouille.write_corpus(&[("a.txt", "Titre\nLa santé numérique.\n".as_bytes())]);
    assert_eq!(fouille.run(&["index"]).code, 0);
    // Root may write anywhere: as root, the runs below are made as
    // `nobody` (with a copy of the binary it can reach).
    let root = fs::read_to_string("/proc/self/status").is_ok_and(|s| {
        s.lines()
            .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"))
    });
    let binary = fouille.dir.path().join("fouille-copy");
    fs::copy(env!("CARGO_BIN_EXE_fouille"), &binary).unwrap();
    set_modes(fouille.dir.path(), 0o755, 0o755);
    set_modes(&fouille.index(), 0o555, 0o444);
    let run = |args: &[&str]| {
        let mut command = if root {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(&binary);
            c
        } else {
            Command::new(&binary)
        };
        command
            .args(args)
            .current_dir(fouille.dir.path())
            .output()
            .unwrap()
    };
    let searched = run(&["search", "--json", "santé"]);
    let rebuilt = run(&["index"]);
    set_modes(&fouille.index(), 0o755, 0o644);
    assert_eq!(
        searched.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&searched.stderr)
    );
    let found: serde_json::Value = serde_json::from_slice(&searched.stdout).unwrap();
    assert_eq!(found["total_hits"], 1);
    let stderr = String::from_utf8_lossy(&rebuilt.stderr);
    assert_eq!(rebuilt.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot build the index") && stderr.contains("Permission denied"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn show_without_an_index_is_a_clear_error() {
    let run = Fouille::new().run(&["show", "a:1"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("no index at index"), "{}", run.stderr);
}

#[test]
fn odd_queries_run_and_find_nothing() {
    let fouille = Fouille::new();
    for query in ["?!", "🙂", "-", "\"", "« »", "-santé"] {
        let results = fouille.search_json(query);
        assert_eq!(results["total_hits"], 0, "{query}");
    }
}

#[test]
fn a_huge_query_is_refused() {
    let fouille = Fouille::new();
    let query = "santé ".repeat(14_000); // about 100 KB
    let run = fouille.search_repo(&[&query]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("query too long"), "{}", run.stderr);
}

#[test]
fn usage_errors_are_one_line() {
    let fouille = Fouille::new();
    for args in [
        &["search"][..],
        &["search", "--bogus", "x"],
        &["search", "-n", "x", "santé"],
        &["frobnicate"],
        &["show", ""],
    ] {
        let run = fouille.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {}", run.stderr);
        assert!(run.stderr.starts_with("fouille: error: "), "{}", run.stderr);
    }
    // A word that reads as a flag of `search` (`-C` takes a number) is still
    // a usage error: it goes after `--`.
    let run = fouille.run(&["search", "-C", "santé"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn help_and_version_are_not_errors() {
    let fouille = Fouille::new();
    let run = fouille.run(&["search", "--help"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("Query syntax"));
    assert_eq!(fouille.run(&["--version"]).code, 0);
}

#[test]
fn a_query_with_nothing_to_search_says_so() {
    let fouille = Fouille::new();
    for (query, note) in [("...", "no searchable word"), ("-santé", "only excludes")] {
        let run = fouille.search_repo(&["--", query]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stderr.contains(note), "{query}: {}", run.stderr);
    }
}

#[test]
fn documents_differing_only_by_extension_keep_distinct_ids() {
    let fouille = Fouille::new();
    fouille.write_corpus(&[
        ("a.txt", "Titre\nLa santé numérique.\n".as_bytes()),
        ("a.md", "# Titre\n\nLa santé mentale.\n".as_bytes()),
    ]);
    let results = fouille.run(&["search", "--json", "santé"]).json();
    let mut ids: Vec<&str> = results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, ["a.md:3", "a.txt:2"]);
    let shown = fouille.run(&["show", "--json", "a.md:3"]).json();
    assert_eq!(shown["passage"]["text"], "La santé mentale.");
}

#[test]
fn an_index_inside_its_corpus_does_not_index_itself() {
    let fouille = Fouille::new();
    fouille.write_corpus(&[("a.txt", "Titre\nLa santé numérique.\n".as_bytes())]);
    for _ in 0..2 {
        let run = fouille.run(&["index", "--corpus", "corpus", "--index", "corpus/idx"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stdout.contains("indexed 1 file "), "{}", run.stdout);
        assert!(
            run.stdout.contains(" MB/s), peak memory "),
            "{}",
            run.stdout
        );
        assert!(run.stderr.is_empty(), "{}", run.stderr);
    }
}

#[test]
fn the_corpus_named_is_the_corpus_searched() {
    // `--corpus DIR` answered from the bundled corpus's index, with a
    // warning only; a typo in `--index` built a new index of the bundled
    // corpus there and answered "0 of 0".
    let fouille = Fouille::new();
    fouille.write_corpus(&[("a.txt", "Titre\nLa santé numérique.\n".as_bytes())]);
    assert_eq!(fouille.run(&["index"]).code, 0);
    let other = fouille.dir.path().join("other");
    fs::create_dir(&other).unwrap();
    fs::write(other.join("b.txt"), "Notes\nLa cardiologie et la santé.\n").unwrap();
    let run = fouille.run(&["search", "--json", "--corpus", "other", "cardiologie"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    assert_eq!(json["total_hits"].as_u64(), Some(1), "{json}");
    assert!(json["hits"][0]["file"].as_str().unwrap().contains("b.txt"));
    // Its index is its own, in the cache, nothing written in the corpus.
    assert!(fouille.dir.path().join("cache").read_dir().unwrap().count() == 1);
    assert_eq!(other.read_dir().unwrap().count(), 1);
    let bundled = fouille.run(&["search", "--json", "cardiologie"]);
    assert_eq!(bundled.json()["total_hits"].as_u64(), Some(0));
    // An index built from another corpus than the one named: refused.
    let mixed = fouille.run(&["search", "--corpus", "other", "--index", "index", "santé"]);
    assert_eq!(mixed.code, 1, "{}", mixed.stdout);
    assert!(mixed.stderr.contains("was built from"), "{}", mixed.stderr);
    // An index named that does not exist, without a corpus: an error
    // naming the command that builds it, and nothing created.
    let typo = fouille.run(&["search", "--index", "indx", "santé"]);
    assert_eq!(typo.code, 1, "{}", typo.stdout);
    assert!(
        typo.stderr.contains("no index at indx") && typo.stderr.contains("fouille index"),
        "{}",
        typo.stderr
    );
    assert!(!fouille.dir.path().join("indx").exists());
    let show = fouille.run(&["show", "--index", "/nonexistent/index", "a:2"]);
    assert_eq!(show.code, 1);
    assert!(!std::path::Path::new("/nonexistent").exists());
}

#[test]
fn simultaneous_first_searches_all_answer() {
    let fouille = Fouille::new();
    fouille.write_corpus(&[("a.txt", "Titre\nLa santé numérique.\n".as_bytes())]);
    for run in fouille.run_together(4, &["search", "--json", "santé"]) {
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(run.json()["total_hits"], 1);
    }
}

#[test]
fn old_mac_line_endings_are_lines() {
    let fouille = Fouille::new();
    fouille.write_corpus(&[(
        "a.txt",
        b"Titre\rLa sant\xc3\xa9 num\xc3\xa9rique.\rAutre phrase.\r",
    )]);
    let results = fouille.run(&["search", "--json", "santé"]).json();
    assert_eq!(results["hits"][0]["text"], "La santé numérique.");
    assert_eq!(results["hits"][0]["line"], 2);
}

#[test]
fn citations_work_from_another_directory() {
    let fouille = Fouille::new();
    fouille.write_corpus(&[("a.txt", "Titre\nLa santé numérique.\n".as_bytes())]);
    assert_eq!(fouille.run(&["index"]).code, 0);
    let elsewhere = tempfile::tempdir().unwrap();
    let index = fouille.index();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_fouille"))
        .args([
            "search",
            "--json",
            "--index",
            index.to_str().unwrap(),
            "santé",
        ])
        .current_dir(elsewhere.path())
        .output()
        .unwrap();
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let file = json["hits"][0]["file"].as_str().unwrap();
    let source = fs::read(file).unwrap_or_else(|e| panic!("{file}: {e}"));
    let (start, end) = (
        json["hits"][0]["start"].as_u64().unwrap() as usize,
        json["hits"][0]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&source[start..end], "La santé numérique.".as_bytes());
    assert!(String::from_utf8_lossy(&output.stderr).is_empty());
}
