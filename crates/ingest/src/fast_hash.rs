//! The hashes fouille uses: [`stable_hash`] (FNV-1a) for what is written
//! down and read back by another build (stored term hashes, the corpus
//! listing's fingerprint, the cache folder of a corpus's index), and a fast
//! hasher for the maps on hot paths: the analyzer's stop words and
//! stem memo (one lookup per word indexed), and the small maps built on
//! every query (query terms, section headings seen).
//!
//! std's SipHash, built to resist collision attacks, costs more than the
//! lookups themselves there. This is the multiply-rotate hash of the Rust
//! compiler (FxHash). Its keys are words: the stem memo, the only map that
//! outlives a call, is bounded (see `analysis::stem`).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` with `FxHasher`.
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A `HashSet` with [`FxHasher`].
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

/// The Fx multiply-rotate hasher.
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        for &byte in chunks.remainder() {
            self.add(u64::from(byte));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// FNV-1a, 64 bits, fed a piece at a time: stable across builds,
/// platforms and versions of Rust, unlike std's hasher, so what one build
/// writes another reads.
#[derive(Debug, Clone, Copy)]
pub struct StableHasher(u64);

impl Default for StableHasher {
    fn default() -> Self {
        StableHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl StableHasher {
    /// Feeds `bytes`.
    #[inline]
    pub fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    /// The hash of everything fed.
    pub fn finish(self) -> u64 {
        self.0
    }
}

/// The [`StableHasher`] hash of `bytes`.
#[inline]
pub fn stable_hash(bytes: &[u8]) -> u64 {
    let mut hasher = StableHasher::default();
    hasher.write(bytes);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_work_with_it() {
        let mut map: FastMap<&str, u32> = FastMap::default();
        for (i, word) in ["sant", "interoper", "don", "sant"].iter().enumerate() {
            map.entry(word).or_insert(i as u32);
        }
        assert_eq!(map.len(), 3);
        assert_eq!(map["sant"], 0);
    }

    #[test]
    fn the_stable_hash_is_fnv_1a() {
        // Written down (stored terms, fingerprints, cache folders) and read
        // back by other builds: it must never change.
        assert_eq!(stable_hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash(b"a"), 0xaf63_dc4c_8601_ec8c);
        let mut pieces = StableHasher::default();
        pieces.write(b"sa");
        pieces.write(b"nte");
        assert_eq!(pieces.finish(), stable_hash(b"sante"));
    }
}
