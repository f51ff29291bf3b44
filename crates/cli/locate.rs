//! Where the corpus and its index are, so that the corpus named is the
//! corpus searched.
//!
//! - No `--corpus`: the bundled corpus, `corpus/`, and its index `index/`.
//! - `--corpus DIR` without `--index`: DIR's own index, in a folder of the
//!   user's cache keyed by DIR's real path (`$FOUILLE_CACHE_DIR`, else
//!   `$XDG_CACHE_HOME/fouille`, else `~/.cache/fouille`), so that nothing is
//!   written into the corpus and two corpora never share an index. The
//!   bundled corpus named explicitly keeps `index/`.
//! - `--index DIR`: that index. It is built when missing only if the
//!   corpus is named too; otherwise its absence is an error naming the
//!   command that builds it (a typo in `--index` used to build a new index
//!   of the bundled corpus there, and answer from it).

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

use crate::args::{Locations, DEFAULT_CORPUS};

/// The index directory of the bundled corpus.
pub const DEFAULT_INDEX: &str = "index";

/// The corpus and index a command works on, and which of them the user
/// named.
#[derive(Debug, Clone)]
pub struct Located {
    /// The corpus directory, as given (or the default).
    pub corpus: PathBuf,
    /// Whether `--corpus` was given.
    pub corpus_named: bool,
    /// The index directory.
    pub index: PathBuf,
    /// Whether `--index` was given.
    pub index_named: bool,
}

impl Locations {
    /// Where the corpus and its index are (see the module's rules).
    pub fn locate(&self) -> Result<Located> {
        let corpus = self
            .corpus
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_CORPUS));
        let index = match (&self.index, &self.corpus) {
            (Some(index), _) => index.clone(),
            (None, None) => PathBuf::from(DEFAULT_INDEX),
            (None, Some(corpus)) if is_bundled(corpus) => PathBuf::from(DEFAULT_INDEX),
            (None, Some(corpus)) => cached_index(corpus)?,
        };
        Ok(Located {
            corpus,
            corpus_named: self.corpus.is_some(),
            index,
            index_named: self.index.is_some(),
        })
    }
}

/// Whether `corpus` is the bundled corpus of the working directory.
fn is_bundled(corpus: &Path) -> bool {
    match (
        std::fs::canonicalize(corpus),
        std::fs::canonicalize(DEFAULT_CORPUS),
    ) {
        (Ok(given), Ok(bundled)) => given == bundled,
        _ => false,
    }
}

/// The folder under which the indexes of named corpora are kept.
pub fn cache_root() -> Result<PathBuf> {
    let from_env = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    // fouille's own variable may be relative (to the working directory);
    // the XDG one must be absolute, as its specification says.
    if let Some(dir) = std::env::var_os("FOUILLE_CACHE_DIR").filter(|v| !v.is_empty()) {
        let dir = PathBuf::from(dir);
        return Ok(if dir.is_absolute() {
            dir
        } else {
            std::env::current_dir()?.join(dir)
        });
    }
    if let Some(dir) = from_env("XDG_CACHE_HOME") {
        return Ok(dir.join("fouille"));
    }
    if let Some(home) = from_env("HOME") {
        return Ok(home.join(".cache").join("fouille"));
    }
    bail!("no cache directory to keep the index in (set FOUILLE_CACHE_DIR, or give --index DIR)")
}

/// The index of the corpus at `corpus`, under [`cache_root`]: its folder
/// name, then a hash of its real path (`notes-3f2a…`).
pub fn cached_index(corpus: &Path) -> Result<PathBuf> {
    let real = std::fs::canonicalize(corpus)
        .map_err(|e| anyhow::anyhow!("no corpus directory {} ({e})", corpus.display()))?;
    if !real.is_dir() {
        bail!(
            "{} is not a directory: give the corpus's folder",
            corpus.display()
        );
    }
    let name: String = real
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(40)
        .collect();
    let hash = fouille_ingest::stable_hash(real.as_os_str().as_encoded_bytes());
    Ok(cache_root()?.join(format!("{name}-{hash:016x}")))
}
