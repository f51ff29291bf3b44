//! The README checked against the real binary: its JSON example is what
//! `fouille search --json` prints, and every command and flag of its
//! synopsis is one the binary knows. A README that drifts fails here.

use std::path::Path;

use super::Fouille;

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

/// Every field of `example` is in `real` with the same value; numbers
/// within 1 % (timings aside), texts the same up to a closing `…`.
fn same(example: &serde_json::Value, real: &serde_json::Value, at: &str) -> Vec<String> {
    use serde_json::Value;
    match (example, real) {
        (Value::Object(e), Value::Object(r)) => e
            .iter()
            .flat_map(|(k, v)| match r.get(k) {
                None => vec![format!("{at}.{k}: not in the real output")],
                Some(_) if k == "took_us" => Vec::new(),
                Some(rv) => same(v, rv, &format!("{at}.{k}")),
            })
            .collect(),
        (Value::Array(e), Value::Array(r)) => e
            .iter()
            .zip(r)
            .enumerate()
            .flat_map(|(i, (ev, rv))| same(ev, rv, &format!("{at}[{i}]")))
            .collect(),
        (Value::Number(e), Value::Number(r)) => {
            let (e, r) = (e.as_f64().unwrap(), r.as_f64().unwrap());
            if (e - r).abs() > 0.01 * r.abs().max(1.0) {
                vec![format!("{at}: README {e}, real {r}")]
            } else {
                Vec::new()
            }
        }
        (Value::String(e), Value::String(r)) => {
            let ok = match e.strip_suffix(" …").or(e.strip_suffix('…')) {
                Some(start) => r.starts_with(start.trim_end()),
                None => e == r,
            };
            if ok {
                Vec::new()
            } else {
                vec![format!("{at}: README {e:?}, real {r:?}")]
            }
        }
        (e, r) if e == r => Vec::new(),
        (e, r) => vec![format!("{at}: README {e}, real {r}")],
    }
}

#[test]
fn the_json_example_is_what_the_binary_prints() {
    let readme = readme();
    let start = readme
        .find("### JSON output")
        .and_then(|at| {
            readme[at..]
                .find("```json")
                .map(|s| at + s + "```json".len())
        })
        .expect("a ```json block under ### JSON output");
    let end = start + readme[start..].find("```").unwrap();
    let example: serde_json::Value = serde_json::from_str(&readme[start..end]).unwrap();
    let query = example["query"].as_str().unwrap();
    let shown = example["hits"].as_array().unwrap().len().to_string();
    let fouille = Fouille::new();
    let real = fouille
        .search_repo(&["--json", "-n", &shown, "--", query])
        .json();
    // The file is cited as from the repository's root.
    let mut real = real;
    for hit in real["hits"].as_array_mut().unwrap() {
        let file = hit["file"].as_str().unwrap();
        let rel = &file[file.rfind("corpus/").unwrap()..];
        hit["file"] = rel.into();
    }
    let wrong = same(&example, &real, "$");
    assert!(
        wrong.is_empty(),
        "README's JSON example is stale: {wrong:#?}"
    );
}

#[test]
fn every_command_and_flag_of_the_synopsis_exists() {
    let readme = readme();
    let fouille = Fouille::new();
    let synopsis: Vec<&str> = readme
        .lines()
        .skip_while(|l| !l.starts_with("## The command line"))
        .skip(1)
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| l.starts_with("    fouille "))
        .collect();
    assert!(synopsis.len() >= 8, "{synopsis:?}");
    for line in synopsis {
        let mut words = line.split_whitespace().skip(1);
        let command = words.next().unwrap();
        let help = fouille.run(&[command, "--help"]);
        assert_eq!(help.code, 0, "`fouille {command}`: {}", help.stderr);
        for flag in line
            .split(|c: char| c.is_whitespace() || "[]|".contains(c))
            .filter(|w| w.starts_with('-') && w.len() > 1 && *w != "--")
        {
            let flag = flag.trim_end_matches(['…', ',']);
            assert!(
                help.stdout.contains(flag),
                "README's synopsis gives `fouille {command} {flag}`, which the binary does not know"
            );
        }
    }
}
