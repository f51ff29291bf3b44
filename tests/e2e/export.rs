//! `fouille search --all` and `--format csv|tsv|jsonl`: every match, with
//! a citation that leads back to its words.

use std::collections::BTreeSet;

use super::{repo_corpus, Fouille};

/// The records of an RFC 4180 CSV text: quoted fields may hold commas,
/// doubled quotes and line breaks; records end with CRLF.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut records, mut record, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    records
}

/// The lines of the bundled corpus (one paragraph a line) that hold the
/// word `word`, case aside, counted from the files: (file, line).
fn lines_holding(word: &str) -> BTreeSet<(String, u64)> {
    let mut found = BTreeSet::new();
    for entry in std::fs::read_dir(repo_corpus()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        for (i, line) in std::fs::read_to_string(&path).unwrap().lines().enumerate() {
            if line
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w.eq_ignore_ascii_case(word))
            {
                found.insert((name.clone(), i as u64 + 1));
            }
        }
    }
    found
}

#[test]
fn every_match_is_exported_and_each_row_leads_back_to_its_words() {
    let fouille = Fouille::new();
    // The word as typed (no synonym, no inflection), furniture included:
    // exactly the lines that write it.
    let run = fouille.search_repo(&["--all", "--exact", "--include-boilerplate", "IA"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let records = parse_csv(&run.stdout);
    let header = &records[0];
    for column in [
        "id", "doc", "file", "line", "start", "end", "page", "title", "section", "date", "source",
        "url", "text",
    ] {
        assert!(header.iter().any(|h| h == column), "{column}: {header:?}");
    }
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows = &records[1..];
    let expected = lines_holding("IA");
    assert!(expected.len() > 50, "{}", expected.len());
    let exported: BTreeSet<(String, u64)> = rows
        .iter()
        .map(|r| {
            let file = std::path::Path::new(&r[at("file")]);
            let name = file.file_name().unwrap().to_str().unwrap().to_string();
            (name, r[at("line")].parse().unwrap())
        })
        .collect();
    assert_eq!(exported, expected);
    assert_eq!(rows.len(), expected.len(), "one row a passage");
    assert!(run
        .stderr
        .contains(&format!("{} passages exported", rows.len())));
    // Each row's byte range in its file is its text, word for word.
    for row in rows {
        // The file as cited, from where fouille ran (this process's folder).
        let bytes = std::fs::read(&row[at("file")]).unwrap();
        let (start, end): (usize, usize) = (
            row[at("start")].parse().unwrap(),
            row[at("end")].parse().unwrap(),
        );
        assert_eq!(
            std::str::from_utf8(&bytes[start..end]).unwrap(),
            row[at("text")]
        );
    }
    // In corpus order: file after file, line after line.
    let order: Vec<(String, u64)> = rows
        .iter()
        .map(|r| (r[at("doc")].clone(), r[at("line")].parse().unwrap()))
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    // The same rows as JSON Lines and as TSV.
    let jsonl = fouille.search_repo(&[
        "--all",
        "--exact",
        "--include-boilerplate",
        "--format",
        "jsonl",
        "IA",
    ]);
    let objects: Vec<serde_json::Value> = jsonl
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objects.len(), rows.len());
    assert_eq!(objects[0]["id"], rows[0][at("id")].as_str());
    let tsv = fouille.search_repo(&[
        "--all",
        "--exact",
        "--include-boilerplate",
        "--format",
        "tsv",
        "IA",
    ]);
    assert_eq!(tsv.stdout.lines().count(), rows.len() + 1);
    assert!(tsv
        .stdout
        .lines()
        .all(|l| l.split('\t').count() == header.len()));
}

#[test]
fn the_best_hits_come_as_rows_too_and_all_refuses_what_it_cannot_do() {
    let fouille = Fouille::new();
    let run = fouille.search_repo(&["--format", "csv", "-n", "3", "interopérabilité"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let records = parse_csv(&run.stdout);
    assert_eq!(records.len(), 4, "{records:?}");
    let json = fouille.search_json("interopérabilité");
    assert_eq!(records[1][0], json["hits"][0]["id"].as_str().unwrap());
    // JSON is one object for a page of hits; --all streams rows.
    let run = fouille.search_repo(&["--all", "--format", "json", "santé"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("--format jsonl"), "{}", run.stderr);
    let run = fouille.search_repo(&["--all", "-n", "5", "santé"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    // A query that only excludes exports nothing, and says why.
    let run = fouille.search_repo(&["--all", "--", "-santé"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("this query only excludes"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout.lines().count(), 1, "the header only");
}

/// A corpus of three sources: two folders and a row of `metadata.csv`;
/// dates in front matter, French and in the CSV.
pub(crate) const SOURCES: &[(&str, &[u8])] = &[
    (
        "hcl/urgences.md",
        "---\ntitle: Les urgences\ndate: 11 février 2025\nauthor: Le Gall\ntags: santé, opinion\n---\n\n\
         Les urgences de Lyon manquent de lits.\n\nLa santé des patients reste la priorité.\n"
            .as_bytes(),
    ),
    (
        "lemonde/budget.md",
        "---\ntitle: Budget\ndate: 2024-03-05\nauthor: Dupont\n---\n\n\
         Le budget de la santé augmente.\n\nLes hôpitaux recrutent pour la santé de tous.\n"
            .as_bytes(),
    ),
    ("note.txt", "Une note sans date sur la santé à Lyon.\n".as_bytes()),
    ("metadata.csv", b"path;source;date\nnote.txt;archives;1er mars 2022\n"),
];

#[test]
fn filters_facets_and_sorts_from_the_command_line() {
    let fouille = Fouille::new();
    let corpus = fouille.write_corpus(SOURCES);
    let run = fouille.on(
        "search",
        &corpus,
        &["--json", "--facets", "source,year", "santé"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    assert_eq!(json["total_hits"], 4, "{json}");
    assert_eq!(
        json["facets"],
        serde_json::json!({
            "source": {"archives": 1, "hcl": 1, "lemonde": 2},
            "year": {"2022": 1, "2024": 2, "2025": 1}
        })
    );
    // Every row exported under a filter, with its metadata as columns.
    let run = fouille.on(
        "search",
        &corpus,
        &[
            "--all",
            "--filter",
            "date >= 2024 AND NOT tags = opinion",
            "santé",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let records = parse_csv(&run.stdout);
    let date = records[0].iter().position(|c| c == "date").unwrap();
    let source = records[0].iter().position(|c| c == "source").unwrap();
    assert_eq!(records.len(), 3, "{records:?}");
    for record in &records[1..] {
        assert_eq!(
            (&*record[date], &*record[source]),
            ("2024-03-05", "lemonde")
        );
    }
    // The fields filtered on are columns too, after the stable ones.
    let run = fouille.on(
        "search",
        &corpus,
        &["--all", "--filter", "tags = opinion", "santé"],
    );
    let records = parse_csv(&run.stdout);
    assert_eq!(
        records[0].last().map(String::as_str),
        Some("tags"),
        "{records:?}"
    );
    assert_eq!(
        records[1].last().map(String::as_str),
        Some("santé, opinion")
    );
    // Newest first.
    let run = fouille.on(
        "search",
        &corpus,
        &["--sort", "date:desc", "--format", "lines", "santé"],
    );
    let files: Vec<&str> = run
        .stdout
        .lines()
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert!(files[0].ends_with("hcl/urgences.md"), "{files:?}");
    assert!(files[3].ends_with("note.txt"), "{files:?}");
    // A filter with an error says where, with the usage exit code.
    let run = fouille.on(
        "search",
        &corpus,
        &["--filter", "date >= 2024 AND dte = 1", "santé"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        // Named as typed: the option.
        run.stderr
            .contains("error: --filter: unknown field \"dte\" at 1:18"),
        "{}",
        run.stderr
    );
}
