//! The corpus vocabulary: every word of the corpus as typed, folded but not
//! stemmed, for typo tolerance.
//!
//! A misspelt query word is compared with the words of the corpus, not with
//! their stems (`algoritmes` is one edit from `algorithmes`, further from
//! the stem `algorithm`). Only the set of words matters: which passages hold
//! a word is found by its stem in the `text` field. So the vocabulary is not
//! a tantivy field (indexing it per passage cost a quarter of tantivy's
//! indexing time) but one sorted set per generation, written at the end of
//! a build as an FST ([`IndexFile::Vocabulary`]) that a Levenshtein automaton
//! walks without reading the words it can rule out.
//!
//! Stop words and words holding a digit are left out: they are never
//! corrected. The analyzer gathers the words as it meets them
//! ([`WordCollector`]), at no extra lookup.
//!
//! [`WordCollector`]: crate::analysis::WordCollector

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use tantivy::directory::OwnedBytes;
use tantivy_fst::automaton::Automaton;
use tantivy_fst::map::StreamBuilder;
use tantivy_fst::raw::Fst;
use tantivy_fst::Map;

use crate::error::{DamagedVocabulary, IngestError, Result};
use crate::fast_hash::FastSet;
use crate::store::{IndexFile, FORMAT};

const MAGIC: &[u8; 8] = b"FOUILLEv";
/// Bytes of the footer that follows the FST: its length (u64), its CRC-32
/// (u32), the version (u32) and a magic number. The FST format checks too
/// little of itself to be read safely from a damaged file.
const FOOTER_BYTES: usize = 8 + 4 + 4 + 8;

/// Gathers the words of a corpus during a build, then writes them.
#[derive(Debug, Default)]
pub struct VocabularyWriter {
    // FxHash, as the Rust compiler's interner hashes the identifiers of any
    // source code: std's SipHash made this set a tenth of a build's work.
    words: FastSet<String>,
}

impl VocabularyWriter {
    /// Creates an empty vocabulary.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds words, folded (see [`WordCollector`]).
    pub fn extend(&mut self, words: impl IntoIterator<Item = String>) {
        self.words.extend(words);
    }

    /// Writes the vocabulary to [`IndexFile::Vocabulary`] in `dir`, durably.
    pub fn finish(self, dir: &Path) -> Result<()> {
        let path = dir.join(IndexFile::Vocabulary.name());
        let io = |e: std::io::Error| IngestError::io(&path, e);
        let fst = |e: tantivy_fst::Error| IngestError::io(&path, std::io::Error::other(e));
        let mut words: Vec<String> = self.words.into_iter().collect();
        words.sort_unstable();
        let file = File::create(&path).map_err(io)?;
        let out = Checksummed {
            out: BufWriter::with_capacity(1 << 20, file),
            crc: crc32fast::Hasher::new(),
            len: 0,
        };
        let mut builder = tantivy_fst::MapBuilder::new(out).map_err(fst)?;
        for word in &words {
            builder.insert(word, 0).map_err(fst)?;
        }
        let Checksummed { mut out, crc, len } = builder.into_inner().map_err(fst)?;
        let crc = crc.finalize();
        out.write_all(&len.to_le_bytes()).map_err(io)?;
        out.write_all(&crc.to_le_bytes()).map_err(io)?;
        out.write_all(&FORMAT.vocabulary_version.to_le_bytes())
            .map_err(io)?;
        out.write_all(MAGIC).map_err(io)?;
        out.flush().map_err(io)?;
        let file = out.into_inner().map_err(|e| io(e.into_error()))?;
        file.sync_all().map_err(io)
    }
}

/// A writer that keeps the length and CRC-32 of what goes through it.
struct Checksummed<W> {
    out: W,
    crc: crc32fast::Hasher,
    len: u64,
}

impl<W: Write> Write for Checksummed<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let written = self.out.write(buf)?;
        self.crc.update(&buf[..written]);
        self.len += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// The vocabulary of a generation, read in place.
pub struct Vocabulary {
    words: Map<OwnedBytes>,
}

impl Vocabulary {
    /// Reads the vocabulary in `bytes` (the whole file), checking its
    /// footer and checksum.
    pub fn open(bytes: OwnedBytes) -> std::result::Result<Vocabulary, DamagedVocabulary> {
        let damaged = |why: &str| DamagedVocabulary(why.to_string());
        let Some(body) = bytes.len().checked_sub(FOOTER_BYTES) else {
            return Err(damaged("shorter than its footer"));
        };
        let footer = &bytes.as_slice()[body..];
        let field = |at: usize, len: usize| {
            let mut le = [0u8; 8];
            le[..len].copy_from_slice(&footer[at..at + len]);
            u64::from_le_bytes(le)
        };
        if &footer[16..] != MAGIC {
            return Err(damaged(
                "no vocabulary footer (truncated or not a vocabulary)",
            ));
        }
        let version = field(12, 4);
        if version != u64::from(FORMAT.vocabulary_version) {
            return Err(damaged(&format!(
                "vocabulary version {version}, expected {}",
                FORMAT.vocabulary_version
            )));
        }
        if field(0, 8) != body as u64 {
            return Err(damaged("its length is not the one recorded"));
        }
        let fst = bytes.slice(0..body);
        if u64::from(crc32fast::hash(fst.as_slice())) != field(8, 4) {
            return Err(damaged("checksum mismatch"));
        }
        let fst = Fst::new(fst).map_err(|e| damaged(&e.to_string()))?;
        Ok(Vocabulary {
            words: Map::from(fst),
        })
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when the corpus has no word (only stop words and numbers).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// True when the corpus writes `word` (folded, as the vocabulary holds
    /// its words).
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains_key(word)
    }

    /// The words an automaton accepts, in order; narrow it further with the
    /// builder's `ge` and `lt`.
    pub fn search<A: Automaton>(&self, automaton: A) -> StreamBuilder<'_, A> {
        self.words.search(automaton)
    }
}

impl std::fmt::Debug for Vocabulary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vocabulary")
            .field("words", &self.words.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use tantivy_fst::{IntoStreamer, Streamer};

    use super::*;
    use crate::analysis::{FrenchAnalyzer, WordCollector};

    fn written(texts: &[&str]) -> Vocabulary {
        Vocabulary::open(OwnedBytes::new(written_bytes(texts))).expect("opened")
    }

    fn written_bytes(texts: &[&str]) -> Vec<u8> {
        let mut collector = WordCollector::new();
        for text in texts {
            FrenchAnalyzer::new().for_each_term_collecting(text, &mut collector, |_| {});
        }
        let mut writer = VocabularyWriter::new();
        writer.extend(collector.take());
        let dir = tempfile::tempdir().expect("temporary directory");
        writer.finish(dir.path()).expect("written");
        std::fs::read(dir.path().join(IndexFile::Vocabulary.name())).expect("read")
    }

    fn all(vocabulary: &Vocabulary) -> Vec<String> {
        let mut stream = vocabulary
            .search(tantivy_fst::automaton::AlwaysMatch)
            .into_stream();
        let mut words = Vec::new();
        while let Some((word, _)) = stream.next() {
            words.push(String::from_utf8_lossy(word).into_owned());
        }
        words
    }

    #[test]
    fn holds_each_word_once_folded_without_stop_words_or_numbers() {
        let vocabulary = written(&[
            "L’Interopérabilité des systèmes, en 2030",
            "interopérabilité et SYSTÈMES de santé 12,5",
        ]);
        assert_eq!(all(&vocabulary), ["interoperabilite", "sante", "systemes"]);
        assert_eq!(vocabulary.len(), 3);
    }

    #[test]
    fn an_empty_vocabulary_is_valid() {
        let vocabulary = written(&["de la 2030"]);
        assert!(vocabulary.is_empty() && all(&vocabulary).is_empty());
    }

    #[test]
    fn a_damaged_file_is_refused() {
        let bytes = written_bytes(&["interopérabilité des systèmes de santé"]);
        assert!(Vocabulary::open(OwnedBytes::new(bytes.clone())).is_ok());
        for damaged in [
            &bytes[..bytes.len() - 1],
            &bytes[1..],
            &bytes[..10],
            &[][..],
        ] {
            assert!(Vocabulary::open(OwnedBytes::new(damaged.to_vec())).is_err());
        }
        let mut flipped = bytes.clone();
        flipped[3] ^= 0x10;
        let error = Vocabulary::open(OwnedBytes::new(flipped)).expect_err("damaged");
        assert!(error.to_string().contains("checksum"), "{error}");
    }
}
