//! A compact stored copy of a passage's tokens.
//!
//! Highlighting, re-ranking and duplicate detection need, for each hit,
//! which words of the passage match the query and where they stand.
//! Re-analysing every hit's text at query time would re-run the stemmer on
//! each request; instead the tokens computed at index time are stored in the
//! passage table ([`crate::store::table`]) as fixed-size records that are read in
//! place, without allocation:
//!
//! `term hash: u64 | start: u32 | length: u16 | flags: u16`, little-endian,
//! [`TOKEN_BYTES`] bytes a token, in order. Positions are implicit.
//!
//! A term is stored as its [`term_hash`]: a query term matches a token when
//! their hashes are equal. With 64 bits, the chance that one of a query's
//! terms collides with one of a million-word vocabulary is about 10⁻¹³.

use crate::analysis::{is_month_stem, is_year, TermRef, Token};

/// Bytes of one stored token.
pub const TOKEN_BYTES: usize = 16;

/// What a stored token is, besides its term: a set of flags, so that
/// ranking can ask "does this passage hold a number or a date?" of the
/// stored record alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TokenFlags(u16);

impl TokenFlags {
    /// No flag.
    pub const NONE: TokenFlags = TokenFlags(0);
    /// The token is a stop word.
    pub const STOP: TokenFlags = TokenFlags(1);
    /// The token is a word of a cross-reference (see
    /// `crate::analysis::cross_reference_spans`).
    pub const REFERENCE: TokenFlags = TokenFlags(1 << 1);
    /// The term holds a digit (an amount, a version, a year…).
    pub const NUMBER: TokenFlags = TokenFlags(1 << 2);
    /// The term is a year (four digits, 1000 to 2999).
    pub const YEAR: TokenFlags = TokenFlags(1 << 3);
    /// The term is the stem of a month's name.
    pub const MONTH: TokenFlags = TokenFlags(1 << 4);

    /// True when any flag of `other` is set here.
    pub fn intersects(self, other: TokenFlags) -> bool {
        self.0 & other.0 != 0
    }
}

impl std::ops::BitOr for TokenFlags {
    type Output = TokenFlags;

    fn bitor(self, other: TokenFlags) -> TokenFlags {
        TokenFlags(self.0 | other.0)
    }
}

impl std::ops::BitOrAssign for TokenFlags {
    fn bitor_assign(&mut self, other: TokenFlags) {
        self.0 |= other.0;
    }
}

/// The stable 64-bit hash (FNV-1a) a term is stored as. Stable across
/// builds, platforms and versions of Rust: an index written by one build
/// is read by another.
#[inline]
pub fn term_hash(term: &str) -> u64 {
    crate::fast_hash::stable_hash(term.as_bytes())
}

/// A token read back from its stored form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredToken {
    /// [`term_hash`] of the indexed term.
    pub hash: u64,
    /// Byte offset of the word in the text it was read from.
    pub start: usize,
    /// Byte offset just past the word.
    pub end: usize,
    /// What the token is besides its term.
    pub flags: TokenFlags,
}

impl StoredToken {
    /// True for a stop word.
    pub fn stop(&self) -> bool {
        self.flags.intersects(TokenFlags::STOP)
    }

    /// True for a word of a cross-reference.
    pub fn reference(&self) -> bool {
        self.flags.intersects(TokenFlags::REFERENCE)
    }

    /// True when the token has any of `flags`.
    pub fn has(&self, flags: TokenFlags) -> bool {
        self.flags.intersects(flags)
    }
}

/// The flags of a token of term `term`.
fn flags(term: &str, stop: bool, reference: bool) -> TokenFlags {
    let mut flags = TokenFlags::NONE;
    if stop {
        flags |= TokenFlags::STOP;
    }
    if reference {
        flags |= TokenFlags::REFERENCE;
    }
    if term.bytes().any(|b| b.is_ascii_digit()) {
        flags |= TokenFlags::NUMBER;
    }
    if is_year(term) {
        flags |= TokenFlags::YEAR;
    }
    if is_month_stem(term) {
        flags |= TokenFlags::MONTH;
    }
    flags
}

/// Writes the stored form of tokens given one at a time (in order, not
/// overlapping, inside a text of at most 4 GiB).
#[derive(Debug, Default)]
pub struct TokenEncoder {
    out: Vec<u8>,
}

impl TokenEncoder {
    /// Creates an empty encoder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a token; `reference` says whether it is a word of a
    /// cross-reference.
    pub fn push(&mut self, token: &TermRef<'_>, reference: bool) {
        let length = (token.end - token.start).min(usize::from(u16::MAX)) as u16;
        self.out
            .extend_from_slice(&term_hash(token.term).to_le_bytes());
        self.out
            .extend_from_slice(&(token.start as u32).to_le_bytes());
        self.out.extend_from_slice(&length.to_le_bytes());
        self.out
            .extend_from_slice(&flags(token.term, token.stop, reference).0.to_le_bytes());
    }

    /// The stored tokens.
    pub fn finish(self) -> Vec<u8> {
        self.out
    }
}

/// The stored form of `tokens` (in order, not overlapping, inside a text
/// of at most 4 GiB); tokens that start inside one of the byte ranges
/// `references` are cross-reference words.
pub fn encode(tokens: &[Token], references: &[(usize, usize)]) -> Vec<u8> {
    let mut encoder = TokenEncoder {
        out: Vec::with_capacity(tokens.len() * TOKEN_BYTES),
    };
    for token in tokens {
        encoder.push(&token.as_term(), is_in(token.start, references));
    }
    encoder.finish()
}

/// True when `offset` lies inside one of `spans`.
pub fn is_in(offset: usize, spans: &[(usize, usize)]) -> bool {
    spans.iter().any(|&(s, e)| s <= offset && offset < e)
}

/// Stored tokens, read in place.
#[derive(Debug, Clone, Copy, Default)]
pub struct StoredTokens<'a> {
    bytes: &'a [u8],
}

impl<'a> StoredTokens<'a> {
    /// Reads tokens stored by [`encode`]; a trailing partial record is
    /// ignored.
    pub fn new(bytes: &'a [u8]) -> Self {
        let whole = bytes.len() - bytes.len() % TOKEN_BYTES;
        StoredTokens {
            bytes: &bytes[..whole],
        }
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.bytes.len() / TOKEN_BYTES
    }

    /// True when there is no token.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The token at `index`, if any.
    #[inline]
    pub fn get(&self, index: usize) -> Option<StoredToken> {
        let at = index.checked_mul(TOKEN_BYTES)?;
        let record: &[u8; TOKEN_BYTES] = self.bytes.get(at..at + TOKEN_BYTES)?.try_into().ok()?;
        Some(read(record))
    }

    /// The indexes at which the tokens with term hashes `phrase` stand one
    /// after the other, in order (none for an empty phrase).
    pub fn phrase_starts<'p>(&self, phrase: &'p [u64]) -> impl Iterator<Item = usize> + 'p
    where
        'a: 'p,
    {
        let tokens = *self;
        let n = phrase.len();
        (0..(tokens.len() + 1).saturating_sub(n)).filter(move |&at| {
            n > 0
                && phrase
                    .iter()
                    .enumerate()
                    .all(|(i, &h)| tokens.get(at + i).is_some_and(|t| t.hash == h))
        })
    }

    /// The byte range from the start of the token at `first` to the end of
    /// the token at `last`, if both are there.
    pub fn span(&self, first: usize, last: usize) -> Option<[usize; 2]> {
        Some([self.get(first)?.start, self.get(last)?.end])
    }

    /// The tokens in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = StoredToken> + 'a {
        self.bytes
            .chunks_exact(TOKEN_BYTES)
            .map(|r| read(r.try_into().expect("chunks of TOKEN_BYTES")))
    }
}

#[inline]
fn read(record: &[u8; TOKEN_BYTES]) -> StoredToken {
    let [h0, h1, h2, h3, h4, h5, h6, h7, s0, s1, s2, s3, l0, l1, f0, f1] = *record;
    let start = u32::from_le_bytes([s0, s1, s2, s3]) as usize;
    StoredToken {
        hash: u64::from_le_bytes([h0, h1, h2, h3, h4, h5, h6, h7]),
        start,
        end: start + usize::from(u16::from_le_bytes([l0, l1])),
        flags: TokenFlags(u16::from_le_bytes([f0, f1])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::FrenchAnalyzer;

    #[test]
    fn round_trips_the_analyzer_output() {
        let text = "L’interopérabilité des systèmes de santé en mars 2030 ! ".repeat(20);
        let tokens = FrenchAnalyzer::new().analyze(&text);
        let bytes = encode(&tokens, &[(0, 20)]);
        let back = StoredTokens::new(&bytes);
        assert_eq!(back.len(), tokens.len());
        for (a, b) in tokens.iter().zip(back.iter()) {
            assert_eq!(
                (term_hash(&a.term), a.start, a.end, a.stop),
                (b.hash, b.start, b.end, b.stop())
            );
            assert_eq!(b.reference(), a.start < 20);
            assert_eq!(b.has(TokenFlags::YEAR), a.term == "2030");
            assert_eq!(b.has(TokenFlags::NUMBER), a.term == "2030");
            assert_eq!(b.has(TokenFlags::MONTH), a.term == "mar");
        }
        assert_eq!(back.get(1), back.iter().nth(1));
        assert_eq!(back.get(tokens.len()), None);
    }

    #[test]
    fn distinct_terms_hash_apart() {
        let hashes: std::collections::HashSet<u64> = ["santé", "sante", "sant", "a", "", "ia"]
            .iter()
            .map(|t| term_hash(t))
            .collect();
        assert_eq!(hashes.len(), 6);
        // The hash is part of the index format: it must never change.
        assert_eq!(term_hash("a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn garbage_never_panics() {
        for bytes in [&[0xff_u8; 12][..], &[0xff; 17], &[]] {
            let tokens = StoredTokens::new(bytes);
            let _ = tokens.iter().count();
            let _ = tokens.get(usize::MAX);
        }
    }
}
