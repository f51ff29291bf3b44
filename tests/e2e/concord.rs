//! `fouille concord`: every occurrence in context, each leading back to
//! its bytes.

use super::{repo_corpus, Fouille};

/// The occurrences of `word` in the bundled corpus, case aside, counted
/// from the files: (file, byte offset).
pub(crate) fn occurrences_of(word: &str) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(repo_corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for path in files {
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let mut at = 0;
        for piece in text.split_inclusive(|c: char| !c.is_alphanumeric()) {
            let word_part = piece.trim_end_matches(|c: char| !c.is_alphanumeric());
            if word_part.eq_ignore_ascii_case(word) {
                found.push((name.clone(), at));
            }
            at += piece.len();
        }
    }
    found
}

#[test]
fn every_occurrence_is_listed_with_its_own_bytes() {
    let fouille = Fouille::new();
    let run = fouille.on_repo(
        "concord",
        &[
            "--exact",
            "--include-boilerplate",
            "--format",
            "jsonl",
            "IA",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let expected = occurrences_of("IA");
    let mut listed: Vec<(String, usize)> = Vec::new();
    for row in &rows {
        let path = row["path"].as_str().unwrap();
        let (start, end) = (row["start"].as_u64().unwrap(), row["end"].as_u64().unwrap());
        let bytes = std::fs::read(repo_corpus().join(path)).unwrap();
        let matched = &bytes[start as usize..end as usize];
        assert_eq!(matched, row["match"].as_str().unwrap().as_bytes(), "{row}");
        // Left, match and right are the text around it.
        let left = row["left"].as_str().unwrap();
        assert!(
            String::from_utf8_lossy(&bytes[..start as usize]).ends_with(left),
            "{row}"
        );
        listed.push((path.to_string(), start as usize));
    }
    listed.sort();
    assert_eq!(listed, expected);
    assert!(
        run.stderr
            .contains(&format!("fouille: {} occurrences in", expected.len())),
        "{}",
        run.stderr
    );
}

#[test]
fn the_text_concordance_aligns_every_match_and_tables_have_a_header() {
    let fouille = Fouille::new();
    let run = fouille.on_repo("concord", &["--width", "20", "--exact", "IA"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    // Every match starts at column 21 (20 characters of context and the
    // space that may end it).
    for line in &lines[..lines.len() - 1] {
        let match_at: String = line.chars().skip(21).take(2).collect();
        assert_eq!(match_at, "IA", "{line}");
    }
    assert!(
        lines.last().unwrap().contains("occurrences in"),
        "{lines:?}"
    );
    let run = fouille.on_repo("concord", &["--format", "csv", "--exact", "IA"]);
    assert_eq!(
        run.stdout.lines().next(),
        Some("id,file,line,start,end,page,left,match,right")
    );
    // Sorted by the word after: the lines come grouped by it.
    let run = fouille.on_repo("concord", &["--sort", "right", "--format", "json", "santé"]);
    let json = run.json();
    let rights: Vec<String> = json["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["right"].as_str().unwrap().to_lowercase())
        .collect();
    assert!(rights.len() > 10);
    let mut sorted = rights.clone();
    sorted.sort_by_key(|r| fouille_ingest::analysis::fold(r));
    assert_eq!(rights.len(), sorted.len());
    let run = fouille.on_repo("concord", &["--width", "0", "santé"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}
