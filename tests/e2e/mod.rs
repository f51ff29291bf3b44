//! One module per area; `Fouille` runs the binary in a temporary directory.

mod analyze;
mod bench;
mod browser;
mod citation;
mod concord;
mod documents;
mod errors;
mod eval;
mod export;
mod faults;
mod http;
mod readme;
mod relevance;
mod search;
mod show;
mod stats;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// The repository's bundled corpus.
pub fn repo_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// A file of the repository's test data.
pub fn test_data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(rel)
}

/// A scratch directory with an index path in it, and the binary to run.
/// A corpus file where `tour` and `tours` both stand: exact words tell them
/// apart.
pub const HERITAGE: &str = "Patrimoine\n\nLes tours de la cathédrale dominent la ville.\n\n\
    La tour Eiffel attire les visiteurs.\n";

pub struct Fouille {
    pub dir: tempfile::TempDir,
}

/// What a run of the binary gave.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The stdout parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }
}

impl Fouille {
    pub fn new() -> Self {
        Fouille {
            dir: tempfile::tempdir().expect("a temporary directory"),
        }
    }

    /// The index directory of this scratch space.
    pub fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    /// Runs `fouille ARGS` in the scratch directory.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_env(args, &[])
    }

    /// [`Fouille::run`] with the environment variables `env` set.
    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &std::ffi::OsStr)]) -> Run {
        let output: Output = Command::new(env!("CARGO_BIN_EXE_fouille"))
            .args(args)
            .envs(env.iter().copied())
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .env("FOUILLE_CACHE_DIR", self.dir.path().join("cache"))
            .output()
            .expect("the fouille binary runs");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Runs `fouille ARGS` `n` times at once, as [`Fouille::run`] does, and
    /// waits for them all.
    pub fn run_together(&self, n: usize, args: &[&str]) -> Vec<Run> {
        let children: Vec<std::process::Child> = (0..n)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_fouille"))
                    .args(args)
                    .current_dir(self.dir.path())
                    .env("NO_COLOR", "1")
                    .env("FOUILLE_CACHE_DIR", self.dir.path().join("cache"))
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("the fouille binary runs")
            })
            .collect();
        children
            .into_iter()
            .map(|child| {
                let output = child.wait_with_output().expect("fouille ends");
                Run {
                    code: output.status.code().unwrap_or(-1),
                    stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
                    stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
                }
            })
            .collect()
    }

    /// `fouille search ARGS` on the bundled corpus, with this scratch index.
    pub fn search_repo(&self, args: &[&str]) -> Run {
        self.on_repo("search", args)
    }

    /// `fouille COMMAND ARGS` on the bundled corpus, with this scratch
    /// index.
    pub fn on_repo(&self, command: &str, args: &[&str]) -> Run {
        self.on(command, &repo_corpus(), args)
    }

    /// `fouille COMMAND ARGS` on `corpus`, with this scratch index.
    pub fn on(&self, command: &str, corpus: &Path, args: &[&str]) -> Run {
        let index = self.index();
        let mut all = vec![
            command,
            "--corpus",
            corpus.to_str().unwrap(),
            "--index",
            index.to_str().unwrap(),
        ];
        all.extend_from_slice(args);
        self.run(&all)
    }

    /// `fouille search --json QUERY` on the bundled corpus, parsed.
    pub fn search_json(&self, query: &str) -> serde_json::Value {
        let run = self.search_repo(&["--json", "--", query]);
        assert_eq!(run.code, 0, "search {query:?} failed: {}", run.stderr);
        run.json()
    }

    /// Checks, for each (query, text) pair, that the first hit of the query
    /// on the bundled corpus holds the text.
    pub fn assert_first_hit_contains(&self, cases: &[(&str, &str)]) {
        for (query, expected) in cases {
            let results = self.search_json(query);
            let first = results["hits"][0]["text"].as_str().unwrap_or_default();
            assert!(first.contains(expected), "{query}: {first}");
        }
    }

    /// Writes a corpus of the given files into `corpus/` of the scratch
    /// directory, which is where the binary looks by default.
    pub fn write_corpus(&self, files: &[(&str, &[u8])]) -> PathBuf {
        let corpus = self.dir.path().join("corpus");
        std::fs::create_dir_all(&corpus).unwrap();
        for (name, bytes) in files {
            let path = corpus.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        corpus
    }

    /// `fouille eval --json` of the judgements on a corpus, indexed afresh.
    pub fn eval_json(&self, qrels: &Path, corpus: &Path) -> serde_json::Value {
        let run = self.run(&[
            "eval",
            "--json",
            "--qrels",
            qrels.to_str().unwrap(),
            "--corpus",
            corpus.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.json()
    }
}

/// A running `fouille serve` on an ephemeral port, stopped when dropped.
pub struct Served {
    child: Child,
    /// The port it listens on (127.0.0.1).
    pub port: u16,
}

impl Served {
    /// The server's resident memory in KiB (`VmRSS`), where /proc tells.
    pub fn rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|kib| kib.parse().ok())
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Fouille {
    /// Starts `fouille serve --addr 127.0.0.1:0 ARGS` in the scratch
    /// directory and waits until it listens.
    pub fn serve(&self, args: &[&str]) -> Served {
        self.serve_at("127.0.0.1:0", args)
    }

    /// [`Fouille::serve`] listening on `addr`.
    pub fn serve_at(&self, addr: &str, args: &[&str]) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_fouille"))
            .args(["serve", "--addr", addr])
            .env("FOUILLE_CACHE_DIR", self.dir.path().join("cache"))
            .args(args)
            .current_dir(self.dir.path())
            .stdout(Stdio::piped())
            .stderr(
                std::fs::File::create(self.dir.path().join("serve.log"))
                    .map_or_else(|_| Stdio::null(), Stdio::from),
            )
            .spawn()
            .expect("fouille serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("piped stdout"))
            .read_line(&mut line)
            .expect("the listening line");
        let port = line
            .trim()
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        Served { child, port }
    }
}

/// The generation directory `CURRENT` names in an index directory.
pub fn current_generation(index: &Path) -> PathBuf {
    let name = std::fs::read_to_string(index.join("CURRENT")).unwrap();
    index.join(name.trim())
}

/// The texts of the hits of a search's JSON, best first.
pub fn hit_texts(results: &serde_json::Value) -> Vec<&str> {
    results["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["text"].as_str().expect("text"))
        .collect()
}

/// The ids of the hits of a search result.
pub fn hit_ids(results: &serde_json::Value) -> Vec<String> {
    results["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["id"].as_str().expect("id").to_string())
        .collect()
}
