//! The shape of the code, checked: modules of a library crate import one
//! another in one direction only, and other crates reach `fouille-ingest`
//! through its root and its `analysis` module alone (ARCHITECTURE.md).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The source files under `dir`, recursively.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a source directory") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The code of a file that is built outside tests: up to its test module,
/// without comments.
fn built_code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("a source file");
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    code.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The name at the start of `rest`, and whether a path goes on after it
/// (`plan::Slot` → `("plan", true)`).
fn first_name(rest: &str) -> (&str, bool) {
    let rest = rest.trim_start();
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    (&rest[..end], rest[end..].starts_with("::"))
}

/// The names `prefix` is followed by in `code`, each with whether a path
/// goes on after it: `crate::plan::Slot` gives `plan`, and a group
/// `crate::{plan::Slot, parse}` gives `plan` and `parse`.
fn names_after<'a>(code: &'a str, prefix: &str) -> Vec<(&'a str, bool)> {
    let mut names = Vec::new();
    for (at, _) in code.match_indices(prefix) {
        let rest = &code[at + prefix.len()..];
        let Some(group) = rest.strip_prefix('{') else {
            names.push(first_name(rest));
            continue;
        };
        // The items of the group, split at commas outside nested braces.
        let (mut depth, mut item_start) = (0, 0);
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    names.push(first_name(&group[item_start..i]));
                    break;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    names.push(first_name(&group[item_start..i]));
                    item_start = i + 1;
                }
                _ => {}
            }
        }
    }
    names.retain(|(name, _)| !name.is_empty());
    names
}

/// The top-level modules of a crate and the top-level modules each one
/// imports (`use crate::…` and paths through `crate::`), test code and the
/// test-only `properties` module aside.
fn module_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in rust_files(src) {
        let rel = file.strip_prefix(src).expect("under src");
        let first = rel.components().next().expect("a path");
        let module = Path::new(first.as_os_str())
            .file_stem()
            .expect("a name")
            .to_string_lossy()
            .to_string();
        if module == "lib" || module == "properties" {
            continue;
        }
        let code = built_code(&file);
        let edges = graph.entry(module.clone()).or_default();
        for (name, _) in names_after(&code, "crate::") {
            if name != module {
                edges.insert(name.to_string());
            }
        }
    }
    graph
}

/// A cycle of `graph`, if it has one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

#[test]
fn library_modules_import_one_another_in_one_direction() {
    for krate in ["crates/ingest/src", "crates/query/src", "crates/server/src"] {
        let graph = module_graph(&repo(krate));
        assert!(graph.len() > 2, "{krate}: {graph:?}");
        assert_eq!(find_cycle(&graph), None, "{krate}: a cycle of imports");
    }
}

#[test]
fn imports_are_read_in_groups_too() {
    let code = "use crate::{plan::{Slot, QueryPlan}, parse};\nuse crate::engine::Engine;";
    assert_eq!(
        names_after(code, "crate::"),
        [("plan", true), ("parse", false), ("engine", true)]
    );
}

#[test]
fn a_cycle_is_found() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("engine", &["plan", "hit"][..]),
        ("hit", &["explain"]),
        ("explain", &["engine"]),
        ("plan", &[]),
    ]
    .into_iter()
    .map(|(n, e)| (n.to_string(), e.iter().map(|s| s.to_string()).collect()))
    .collect();
    assert_eq!(
        find_cycle(&graph),
        Some(
            vec!["engine", "hit", "explain", "engine"]
                .into_iter()
                .map(String::from)
                .collect()
        )
    );
}

#[test]
fn other_crates_reach_ingest_through_its_root_and_analysis() {
    let mut named = BTreeSet::new();
    for dir in [
        "crates/query/src",
        "crates/server/src",
        "crates/cli",
        "tests",
        "benches",
    ] {
        for file in rust_files(&repo(dir)) {
            let text = std::fs::read_to_string(&file).expect("a source file");
            // A path that goes on after a name goes through a module.
            for (name, path_goes_on) in names_after(&text, "fouille_ingest::") {
                if path_goes_on {
                    named.insert(name.to_string());
                }
            }
        }
    }
    named.remove("analysis");
    assert!(
        named.is_empty(),
        "modules of fouille-ingest named from outside: {named:?}"
    );
}
