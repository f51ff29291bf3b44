//! The checksum of every file of a generation, written last by a build
//! and checked whenever the generation is opened.
//!
//! tantivy's files carry a checksum in their footer that tantivy does not
//! check on opening, and the passage table had none: a flipped byte in the
//! middle of a file silently changed answers or citations. Every file a
//! generation holds is now listed with its length and CRC-32 in
//! `fouille-checksums.json`; opening the generation reads every byte of
//! every listed file once, so a truncated, replaced or damaged file is an
//! error before any answer is given.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Damage, IngestError, Result};
use crate::store::IndexFile;

/// Length and CRC-32 of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FileSum {
    /// Its length in bytes.
    pub(crate) length: u64,
    /// CRC-32 (IEEE) of its bytes.
    pub(crate) crc32: u32,
}

/// The checksums of a generation's files, by file name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Checksums {
    /// Always `"crc32"`: the algorithm, named so that another can follow.
    algorithm: String,
    /// Each file of the generation but this one.
    pub(crate) files: BTreeMap<String, FileSum>,
}

const ALGORITHM: &str = "crc32";

/// Bytes hashed by one task: a large file (the passage table) is hashed
/// in pieces on every core, and the pieces' CRCs combined.
const PIECE: usize = 4 << 20;

/// CRC-32 of `bytes`, in pieces on all cores when there are many.
pub(crate) fn crc32(bytes: &[u8]) -> u32 {
    if bytes.len() <= PIECE {
        return crc32fast::hash(bytes);
    }
    bytes
        .par_chunks(PIECE)
        .map(|piece| {
            let mut hasher = crc32fast::Hasher::new();
            hasher.update(piece);
            hasher
        })
        .collect::<Vec<_>>()
        .into_iter()
        .reduce(|mut whole, next| {
            whole.combine(&next);
            whole
        })
        .map_or(0, |hasher| hasher.finalize())
}

impl FileSum {
    /// The sum of `bytes` (the build reads files in pieces: [`FileSum::read`]).
    #[cfg(test)]
    pub(crate) fn of(bytes: &[u8]) -> FileSum {
        FileSum {
            length: bytes.len() as u64,
            crc32: crc32(bytes),
        }
    }

    /// The sum of the file at `path`, read through `buffer`.
    fn read(path: &Path, buffer: &mut [u8]) -> std::io::Result<FileSum> {
        use std::io::Read;
        let mut file = fs::File::open(path)?;
        let mut hasher = crc32fast::Hasher::new();
        let mut length = 0u64;
        loop {
            let n = match file.read(buffer) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            hasher.update(&buffer[..n]);
            length += n as u64;
        }
        Ok(FileSum {
            length,
            crc32: hasher.finalize(),
        })
    }

    /// Whether `bytes` are the file that was summed; the damage otherwise.
    pub(crate) fn check(&self, name: &str, bytes: &[u8]) -> std::result::Result<(), Damage> {
        if bytes.len() as u64 != self.length {
            return Err(Damage::Checksum(format!(
                "{name} is {} bytes long, {} were written",
                bytes.len(),
                self.length
            )));
        }
        if crc32(bytes) != self.crc32 {
            return Err(Damage::Checksum(format!(
                "{name} has changed since it was written (its checksum differs)"
            )));
        }
        Ok(())
    }
}

impl Checksums {
    /// Sums every file of the generation at `dir` (but the checksum file)
    /// and writes them there, synced to disk.
    pub(crate) fn write(dir: &Path) -> Result<Checksums> {
        let own = IndexFile::Checksums.name();
        let mut names = Vec::new();
        for entry in fs::read_dir(dir).map_err(|e| IngestError::io(dir, e))? {
            let entry = entry.map_err(|e| IngestError::io(dir, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_file = entry.file_type().is_ok_and(|t| t.is_file());
            if is_file && name != own {
                names.push(name);
            }
        }
        // Read a piece at a time into one buffer, not each file whole: the
        // passage table alone is 69 MB on the 18 MB corpus, and holding it
        // raised the build's peak memory by as much.
        let mut piece = vec![0u8; PIECE];
        let files = names
            .into_iter()
            .map(|name| {
                let path = dir.join(&name);
                let sum =
                    FileSum::read(&path, &mut piece).map_err(|e| IngestError::io(&path, e))?;
                Ok((name, sum))
            })
            .collect::<Result<BTreeMap<_, _>>>()?;
        let sums = Checksums {
            algorithm: ALGORITHM.to_string(),
            files,
        };
        let path = dir.join(own);
        let json =
            serde_json::to_vec_pretty(&sums).map_err(|e| IngestError::io(&path, e.into()))?;
        fs::write(&path, json).map_err(|e| IngestError::io(&path, e))?;
        if let Ok(file) = fs::File::open(&path) {
            let _ = file.sync_all();
        }
        Ok(sums)
    }

    /// Reads the checksums of the generation at `dir`. `Ok(None)` when
    /// there are none (a generation built before they were written).
    pub(crate) fn read(dir: &Path) -> std::result::Result<Option<Checksums>, Damage> {
        let path = dir.join(IndexFile::Checksums.name());
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(Damage::Unreadable { path, source }),
        };
        let sums: Checksums = serde_json::from_slice(&bytes)
            .map_err(|e| Damage::Checksum(format!("{} is not readable: {e}", path.display())))?;
        if sums.algorithm != ALGORITHM {
            return Err(Damage::Checksum(format!(
                "{} uses an unknown algorithm `{}`",
                path.display(),
                sums.algorithm
            )));
        }
        for required in [IndexFile::Manifest, IndexFile::Table, IndexFile::Vocabulary] {
            if !sums.files.contains_key(required.name()) {
                return Err(Damage::Checksum(format!(
                    "{} does not list {}",
                    path.display(),
                    required.name()
                )));
            }
        }
        Ok(Some(sums))
    }

    /// Bytes listed, all files together.
    pub(crate) fn total_bytes(&self) -> u64 {
        self.files.values().map(|sum| sum.length).sum()
    }
}

/// How the files of a generation stood (length, modification and change
/// times, inode, device) when every byte of them was last checked: while
/// they stand the same, a one-shot search need not read 79 MB again to
/// hash them. A write, a truncation or a replacement changes a file's
/// change time (which no tool sets back); damage of the medium that no
/// write made is found by the server (which always reads every byte) and
/// by `fouille index --verify`. The technique is git's index: stat
/// information vouches for content hashed before, and a file changed
/// within [`RACY_SECONDS`] of the check is not vouched for (its times may
/// not have moved yet on a coarse clock).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct CheckedStamp {
    generation: String,
    files: BTreeMap<String, [u64; 5]>,
}

/// Seconds a file must have stood unchanged before a check vouches for it.
const RACY_SECONDS: u64 = 2;

/// File of the index directory holding the [`CheckedStamp`].
pub(crate) const CHECKED_FILE: &str = ".checked";

impl CheckedStamp {
    /// How the files of `sums` (and the checksum file) stand now in
    /// `generation`; `None` where this cannot be told (not Unix, a file
    /// missing).
    pub(crate) fn now(generation: &Path, sums: &Checksums) -> Option<CheckedStamp> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let own = IndexFile::Checksums.name();
            let mut files = BTreeMap::new();
            for name in sums.files.keys().map(String::as_str).chain([own]) {
                let meta = fs::metadata(generation.join(name)).ok()?;
                let nanos = |s: i64, ns: i64| {
                    (s as u64)
                        .wrapping_mul(1_000_000_000)
                        .wrapping_add(ns as u64)
                };
                files.insert(
                    name.to_string(),
                    [
                        meta.len(),
                        nanos(meta.mtime(), meta.mtime_nsec()),
                        nanos(meta.ctime(), meta.ctime_nsec()),
                        meta.ino(),
                        meta.dev(),
                    ],
                );
            }
            Some(CheckedStamp {
                generation: generation.file_name()?.to_string_lossy().into_owned(),
                files,
            })
        }
        #[cfg(not(unix))]
        {
            let _ = (generation, sums);
            None
        }
    }

    /// Whether the stamp recorded in the index directory `root` vouches
    /// for the generation as it stands.
    pub(crate) fn vouches(root: &Path, generation: &Path, sums: &Checksums) -> bool {
        let Ok(bytes) = fs::read(root.join(CHECKED_FILE)) else {
            return false;
        };
        let Ok(recorded) = serde_json::from_slice::<CheckedStamp>(&bytes) else {
            return false;
        };
        CheckedStamp::now(generation, sums).is_some_and(|now| now == recorded)
    }

    /// Records, best effort, that every byte of the generation was just
    /// checked, if its files have stood unchanged long enough for their
    /// times to vouch for them. Nothing is written into a read-only index.
    pub(crate) fn record(root: &Path, generation: &Path, sums: &Checksums) {
        let Some(stamp) = CheckedStamp::now(generation, sums) else {
            return;
        };
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        let settled = stamp
            .files
            .values()
            .all(|f| f[2].saturating_add(RACY_SECONDS * 1_000_000_000) < now);
        if !settled {
            return;
        }
        let Ok(json) = serde_json::to_vec(&stamp) else {
            return;
        };
        let staged = root.join(format!("{CHECKED_FILE}.{}", std::process::id()));
        if fs::write(&staged, json).is_ok() && fs::rename(&staged, root.join(CHECKED_FILE)).is_err()
        {
            let _ = fs::remove_file(&staged);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_combine_to_the_whole_files_crc() {
        let bytes: Vec<u8> = (0..(PIECE * 2 + 12_345))
            .map(|i| (i * 31 % 251) as u8)
            .collect();
        assert_eq!(crc32(&bytes), crc32fast::hash(&bytes));
        assert_eq!(crc32(&[]), crc32fast::hash(&[]));
    }

    #[test]
    fn a_file_read_in_pieces_sums_as_its_bytes_do() {
        let dir = tempfile::tempdir().unwrap();
        let bytes: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 253) as u8).collect();
        let path = dir.path().join("f");
        fs::write(&path, &bytes).unwrap();
        let mut small = vec![0u8; 4096];
        assert_eq!(
            FileSum::read(&path, &mut small).unwrap(),
            FileSum::of(&bytes)
        );
    }

    #[test]
    fn a_short_or_changed_file_is_damage() {
        let sum = FileSum::of(b"passages");
        assert!(sum.check("t", b"passages").is_ok());
        let short = sum.check("t", b"passage").unwrap_err().to_string();
        assert!(short.contains("7 bytes long, 8 were written"), "{short}");
        let flipped = sum.check("t", b"passagez").unwrap_err().to_string();
        assert!(flipped.contains("changed"), "{flipped}");
    }

    #[test]
    fn written_sums_read_back_and_list_every_file() {
        let dir = tempfile::tempdir().unwrap();
        for file in [IndexFile::Manifest, IndexFile::Table, IndexFile::Vocabulary] {
            fs::write(dir.path().join(file.name()), file.name()).unwrap();
        }
        fs::write(dir.path().join("x.idx"), b"postings").unwrap();
        let written = Checksums::write(dir.path()).unwrap();
        assert_eq!(written.files.len(), 4);
        assert_eq!(Checksums::read(dir.path()).unwrap(), Some(written));
        fs::write(dir.path().join(IndexFile::Checksums.name()), b"{garbage").unwrap();
        assert!(Checksums::read(dir.path()).is_err());
        fs::remove_file(dir.path().join(IndexFile::Checksums.name())).unwrap();
        assert_eq!(Checksums::read(dir.path()).unwrap(), None);
    }
}
