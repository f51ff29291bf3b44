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
