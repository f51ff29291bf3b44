//! Faults: limits at either end, symbolic link loops, a damaged index, a
//! build killed half-way, files removed or changed during a build, two
//! builds at once.

use std::fs;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{current_generation, hit_ids, Fouille};

#[test]
fn limits_at_either_end_are_answered() {
    let fouille = Fouille::new();
    let none = fouille.search_repo(&["--limit", "0", "santé"]);
    assert_eq!(none.code, 0, "{}", none.stderr);
    assert!(none.stdout.starts_with("0 of "), "{}", none.stdout);
    let all = fouille.search_repo(&["--json", "--limit", &u64::MAX.to_string(), "santé"]);
    assert_eq!(all.code, 0, "{}", all.stderr);
    let json = all.json();
    assert!(!hit_ids(&json).is_empty());
    let far = fouille.search_repo(&["--json", "--offset", &u64::MAX.to_string(), "santé"]);
    assert_eq!(far.code, 0, "{}", far.stderr);
    assert!(hit_ids(&far.json()).is_empty());
    let too_big = fouille.search_repo(&["--limit", "99999999999999999999999", "santé"]);
    assert_eq!(too_big.code, 2, "{}", too_big.stderr);
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_is_listed_among_the_skipped_files() {
    let fouille = Fouille::new();
    let corpus = fouille.write_corpus(&[("sub/a.txt", "Titre\nLa santé numérique.\n".as_bytes())]);
    std::os::unix::fs::symlink(&corpus, corpus.join("sub/loop")).unwrap();
    let run = fouille.run(&["index"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("sub/loop") && run.stderr.contains("loop?"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("1 file(s) skipped"), "{}", run.stdout);
}

#[test]
fn a_damaged_index_says_to_rebuild_and_index_repairs_it() {
    let fouille = Fouille::new();
    fouille.write_corpus(&[("a.txt", "Titre\nLa santé numérique progresse.\n".as_bytes())]);
    assert_eq!(fouille.run(&["index"]).code, 0);
    let before = fouille.run(&["search", "--json", "santé"]);
    assert_eq!(before.code, 0, "{}", before.stderr);
    let generation = current_generation(&fouille.index());
    // One file damaged at a time: the passage table cut short, a byte of
    // the vocabulary changed, one of tantivy's files emptied.
    let term = fs::read_dir(&generation)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "term"))
        .expect("a term dictionary");
    let files = [
        generation.join("passages.table"),
        generation.join("vocabulary.fst"),
        term,
    ];
    let originals: Vec<Vec<u8>> = files.iter().map(|f| fs::read(f).unwrap()).collect();
    type Damage = fn(&mut Vec<u8>);
    let damages: [(usize, Damage); 3] = [
        (0, |bytes| bytes.truncate(bytes.len() / 2)),
        (1, |bytes| bytes[8] ^= 0x01),
        (2, Vec::clear),
    ];
    for (file, damage) in damages {
        for (path, original) in files.iter().zip(&originals) {
            fs::write(path, original).unwrap();
        }
        let mut bytes = originals[file].clone();
        damage(&mut bytes);
        fs::write(&files[file], bytes).unwrap();
        let run = fouille.run(&["search", "santé"]);
        let damaged = &files[file];
        assert_eq!(run.code, 1, "{damaged:?}: {}", run.stdout);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        assert!(
            run.stderr.contains("fouille index"),
            "{damaged:?}: {}",
            run.stderr
        );
    }
    let rebuilt = fouille.run(&["index"]);
    assert_eq!(rebuilt.code, 0, "{}", rebuilt.stderr);
    let after = fouille.run(&["search", "--json", "santé"]);
    assert_eq!(after.code, 0, "{}", after.stderr);
    assert_eq!(hit_ids(&after.json()), hit_ids(&before.json()));
}

/// A corpus large enough for a build to take a while: `files` files of
/// about 20 KB of varied French.
fn large_corpus(fouille: &Fouille, files: usize) {
    let words = [
        "santé",
        "données",
        "patients",
        "interopérabilité",
        "hôpital",
        "médecins",
        "algorithmes",
        "territoires",
        "formation",
        "recherche",
        "sécurité",
        "soins",
    ];
    let texts: Vec<(String, String)> = (0..files)
        .map(|f| {
            let mut text = format!("Article {f}\n");
            for p in 0..60 {
                let line: Vec<&str> = (0..45)
                    .map(|w| words[(f * 7 + p * 3 + w * w) % words.len()])
                    .collect();
                text.push_str(&format!("Paragraphe {p} : {}.\n", line.join(" ")));
            }
            (format!("{f:04}.txt"), text)
        })
        .collect();
    let files: Vec<(&str, &[u8])> = texts
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_bytes()))
        .collect();
    fouille.write_corpus(&files);
}

/// Starts `fouille index` in the background, its output going to `output`.
fn start_a_build(fouille: &Fouille, output: fn() -> Stdio) -> Child {
    Command::new(env!("CARGO_BIN_EXE_fouille"))
        .arg("index")
        .current_dir(fouille.dir.path())
        .stdout(output())
        .stderr(output())
        .spawn()
        .unwrap()
}

/// Waits (30 s at most) until a build has listed the corpus and begun its
/// new generation's directory.
fn wait_for_a_pending_build(fouille: &Fouille) {
    let started = Instant::now();
    let index = fouille.index();
    let pending = || {
        fs::read_dir(&index).is_ok_and(|entries| {
            entries
                .filter_map(|e| e.ok())
                .any(|e| e.file_name().to_string_lossy().starts_with(".build-"))
        })
    };
    while !pending() && started.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn a_build_killed_half_way_leaves_the_previous_index_whole() {
    let fouille = Fouille::new();
    fouille.write_corpus(&[("a.txt", "Titre\nLa télémédecine et la santé.\n".as_bytes())]);
    assert_eq!(fouille.run(&["index"]).code, 0);
    let before = fouille.run(&["search", "--json", "télémédecine"]);
    assert_eq!(before.code, 0, "{}", before.stderr);
    large_corpus(&fouille, 400);
    let mut build = start_a_build(&fouille, Stdio::null);
    // Killed once its new generation is being written.
    wait_for_a_pending_build(&fouille);
    std::thread::sleep(Duration::from_millis(100));
    let still_running = build.try_wait().unwrap().is_none();
    build.kill().unwrap(); // SIGKILL
    build.wait().unwrap();
    assert!(still_running, "the build ended before it could be killed");
    let after = fouille.run(&["search", "--json", "télémédecine"]);
    assert_eq!(after.code, 0, "{}", after.stderr);
    assert_eq!(hit_ids(&after.json()), hit_ids(&before.json()));
    let rebuilt = fouille.run(&["index"]);
    assert_eq!(rebuilt.code, 0, "{}", rebuilt.stderr);
    let search = || fouille.run(&["search", "--json", "--limit", "60", "interopérabilité"]);
    let found = search();
    assert_eq!(found.code, 0, "{}", found.stderr);
    assert!(found.json()["total_hits"].as_u64().unwrap() > 100);
    // This corpus is indexed on two threads, whose segments depend on
    // timing; its many equal scores still come in corpus order, and a
    // second build answers the same.
    let hits = found.json()["hits"].as_array().unwrap().clone();
    let place =
        |h: &serde_json::Value| (h["file"].as_str().unwrap().to_string(), h["line"].as_u64());
    for pair in hits.windows(2) {
        if pair[0]["score"] == pair[1]["score"] {
            assert!(place(&pair[0]) < place(&pair[1]), "{pair:?}");
        }
    }
    assert!(
        hits.windows(2).any(|p| p[0]["score"] == p[1]["score"]),
        "no ties to check"
    );
    assert_eq!(fouille.run(&["index"]).code, 0);
    assert_eq!(hit_ids(&search().json()), hit_ids(&found.json()));
}

#[test]
fn files_removed_or_changed_during_a_build_are_reported() {
    let fouille = Fouille::new();
    large_corpus(&fouille, 400);
    let corpus = fouille.dir.path().join("corpus");
    let build = start_a_build(&fouille, Stdio::piped);
    // Once the corpus is listed (the new generation's directory exists),
    // the last file goes and the one before it grows: files are read in
    // order, 64 at a time, so neither has been read yet.
    wait_for_a_pending_build(&fouille);
    fs::remove_file(corpus.join("0399.txt")).unwrap();
    let mut changed = fs::OpenOptions::new()
        .append(true)
        .open(corpus.join("0398.txt"))
        .unwrap();
    changed
        .write_all("Paragraphe ajouté : la cardiologie interventionnelle.\n".as_bytes())
        .unwrap();
    drop(changed);
    let output = build.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    // The removed file is listed, with why; the others are indexed.
    assert!(
        stderr.contains("skipped") && stderr.contains("0399.txt") && stderr.contains("unreadable"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("indexed 399 files"), "{stdout}");
    // The changed file was indexed as it was read; the next search sees
    // that the corpus changed since its listing and re-indexes first.
    let run = fouille.run(&["search", "--json", "cardiologie"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["total_hits"].as_u64(), Some(1));
    assert!(run.stderr.contains("re-indexing"), "{}", run.stderr);
    let again = fouille.run(&["search", "--json", "cardiologie"]);
    assert!(!again.stderr.contains("re-indexing"), "{}", again.stderr);
}

#[test]
fn two_builds_at_once_never_mix() {
    let fouille = Fouille::new();
    large_corpus(&fouille, 150);
    let (first, second) = (
        start_a_build(&fouille, Stdio::piped),
        start_a_build(&fouille, Stdio::piped),
    );
    let outcomes: Vec<_> = [first, second]
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    // The second waits for the first, then builds: both succeed.
    for o in &outcomes {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    // Every paragraph, once: one build's index, whole.
    let run = fouille.run(&["search", "--json", "paragraphe"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["total_hits"].as_u64(), Some(150 * 60));
}

/// Every file of a generation, one at a time, with one byte changed in its
/// middle or cut short: `search` and `show` exit 1 and say to rebuild
/// (before checksums, a byte changed in the middle of the passage table
/// or of a tantivy file gave wrong citations or other hits, exit 0), and
/// `index --verify` names the file.
#[test]
fn any_damaged_file_is_refused_by_search_show_and_verify() {
    let fouille = Fouille::new();
    let text =
        "Titre\nLa santé numérique progresse vite.\n\nLes données de santé sont protégées.\n";
    fouille.write_corpus(&[("a.txt", text.as_bytes()), ("b.txt", text.as_bytes())]);
    assert_eq!(fouille.run(&["index"]).code, 0);
    let verified = fouille.run(&["index", "--verify"]);
    assert_eq!(verified.code, 0, "{}", verified.stderr);
    assert!(verified.stdout.contains("is whole"), "{}", verified.stdout);
    let before = fouille.run(&["search", "--json", "santé"]);
    assert_eq!(before.code, 0, "{}", before.stderr);
    let id = hit_ids(&before.json())[0].clone();
    let generation = current_generation(&fouille.index());
    let mut files: Vec<PathBuf> = fs::read_dir(&generation)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| fs::metadata(p).unwrap().len() > 0)
        .collect();
    files.sort();
    assert!(files.len() >= 10, "{files:?}");
    type Damage = fn(&mut Vec<u8>);
    let damages: [(&str, Damage); 2] = [
        ("a byte changed in the middle", |bytes| {
            let middle = bytes.len() / 2;
            bytes[middle] ^= 0x01;
        }),
        ("cut short by one byte", |bytes| {
            bytes.pop();
        }),
    ];
    for path in &files {
        let original = fs::read(path).unwrap();
        for (what, damage) in damages {
            let mut bytes = original.clone();
            damage(&mut bytes);
            fs::write(path, &bytes).unwrap();
            let name = path.file_name().unwrap().to_string_lossy();
            for args in [
                vec!["search", "santé"],
                vec!["show", id.as_str()],
                vec!["index", "--verify"],
            ] {
                let run = fouille.run(&args);
                assert_eq!(run.code, 1, "{name} {what}, {args:?}: {}", run.stdout);
                assert!(
                    run.stderr.contains("damaged") && run.stderr.contains("fouille index"),
                    "{name} {what}, {args:?}: {}",
                    run.stderr
                );
                assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
            }
        }
        fs::write(path, &original).unwrap();
    }
    let after = fouille.run(&["search", "--json", "santé"]);
    assert_eq!(after.code, 0, "{}", after.stderr);
    assert_eq!(hit_ids(&after.json()), hit_ids(&before.json()));
    // A generation written before checksums were: rebuilt from its corpus
    // (which its manifest names) before the search answers.
    fs::remove_file(generation.join("fouille-checksums.json")).unwrap();
    let old = fouille.run(&["search", "--json", "santé"]);
    assert_eq!(old.code, 0, "{}", old.stderr);
    assert!(old.stderr.contains("without checksums"), "{}", old.stderr);
    assert_eq!(hit_ids(&old.json()), hit_ids(&before.json()));
    let verified = fouille.run(&["index", "--verify"]);
    assert_eq!(verified.code, 0, "{}", verified.stderr);
}

/// A generation checked byte for byte is not hashed again while its files
/// stand as they stood (git's stat technique); any write to one of them
/// changes its change time, and the next opening checks every byte again.
#[test]
fn a_checked_generation_is_vouched_for_by_its_files_times_until_one_is_written() {
    let fouille = Fouille::new();
    fouille.write_corpus(&[("a.txt", "Titre\nLa santé numérique.\n".as_bytes())]);
    assert_eq!(fouille.run(&["index"]).code, 0);
    let stamp = fouille.index().join(".checked");
    // Files changed within 2 s of a check are not vouched for.
    assert_eq!(fouille.run(&["search", "santé"]).code, 0);
    assert!(!stamp.exists());
    std::thread::sleep(Duration::from_millis(2200));
    assert_eq!(fouille.run(&["search", "santé"]).code, 0);
    assert!(
        stamp.exists(),
        "no stamp after a full check of settled files"
    );
    assert_eq!(fouille.run(&["search", "santé"]).code, 0);
    // A byte changed in place, same length: found.
    let table = current_generation(&fouille.index()).join("passages.table");
    let mut bytes = fs::read(&table).unwrap();
    bytes[10] ^= 0x01;
    fs::write(&table, bytes).unwrap();
    let run = fouille.run(&["search", "santé"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stderr.contains("damaged"), "{}", run.stderr);
    let verify = fouille.run(&["index", "--verify"]);
    assert_eq!(verify.code, 1);
}
