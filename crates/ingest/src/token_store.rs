//! A compact stored copy of a passage's tokens.
//!
//! Highlighting and re-ranking need, for each hit, which words of the passage
//! match the query and where they stand. Re-analysing every hit's text at
//! query time would re-run the stemmer on each request; instead the tokens
//! computed at index time are stored beside the passage, in this varint
//! encoding (about 1.3 bytes of overhead a token beyond the term itself):
//!
//! `gap` (start − previous end), `len` (end − start),
//! `term_len << 2 | reference << 1 | stop`, then the term's bytes, for each
//! token in order. Positions are implicit.

use crate::analysis::Token;

/// A token read back from its stored form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredToken<'a> {
    /// The indexed term.
    pub term: &'a str,
    /// Byte offset of the word in the passage text.
    pub start: usize,
    /// Byte offset just past the word in the passage text.
    pub end: usize,
    /// True for a stop word.
    pub stop: bool,
    /// True for a word of a cross-reference (see [`crate::xref`]).
    pub reference: bool,
}

/// Encodes tokens (in order, not overlapping) for storage; tokens that start
/// inside one of the byte ranges `references` are marked as cross-reference
/// words.
pub fn encode(tokens: &[Token], references: &[(usize, usize)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(tokens.iter().map(|t| t.term.len() + 3).sum());
    let mut previous_end = 0;
    for token in tokens {
        let reference = is_in(token.start, references);
        put_varint(&mut out, token.start.saturating_sub(previous_end) as u64);
        put_varint(&mut out, (token.end - token.start) as u64);
        put_varint(
            &mut out,
            ((token.term.len() as u64) << 2) | (u64::from(reference) << 1) | u64::from(token.stop),
        );
        out.extend_from_slice(token.term.as_bytes());
        previous_end = token.end;
    }
    out
}

/// True when `offset` lies inside one of `spans`.
pub fn is_in(offset: usize, spans: &[(usize, usize)]) -> bool {
    spans.iter().any(|&(s, e)| s <= offset && offset < e)
}

/// Decodes stored tokens. Malformed input ends the iteration early rather
/// than panicking.
pub fn decode(bytes: &[u8]) -> StoredTokens<'_> {
    StoredTokens {
        bytes,
        at: 0,
        previous_end: 0,
    }
}

/// Iterator over stored tokens; see [`decode`].
pub struct StoredTokens<'a> {
    bytes: &'a [u8],
    at: usize,
    previous_end: usize,
}

impl<'a> Iterator for StoredTokens<'a> {
    type Item = StoredToken<'a>;

    fn next(&mut self) -> Option<StoredToken<'a>> {
        let gap = self.varint()? as usize;
        let len = self.varint()? as usize;
        let term_info = self.varint()?;
        let term_len = (term_info >> 2) as usize;
        let term_bytes = self.bytes.get(self.at..self.at.checked_add(term_len)?)?;
        let term = std::str::from_utf8(term_bytes).ok()?;
        self.at += term_len;
        let start = self.previous_end.checked_add(gap)?;
        let end = start.checked_add(len)?;
        self.previous_end = end;
        Some(StoredToken {
            term,
            start,
            end,
            stop: term_info & 1 == 1,
            reference: term_info & 2 == 2,
        })
    }
}

impl StoredTokens<'_> {
    fn varint(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.bytes.get(self.at)?;
            self.at += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }
}

fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::FrenchAnalyzer;

    #[test]
    fn round_trips_the_analyzer_output() {
        let text = "L’interopérabilité des systèmes de santé — 2030 ! ".repeat(20);
        let tokens = FrenchAnalyzer::new().analyze(&text);
        let bytes = encode(&tokens, &[(0, 20)]);
        let back: Vec<StoredToken> = decode(&bytes).collect();
        assert_eq!(back.len(), tokens.len());
        for (a, b) in tokens.iter().zip(&back) {
            assert_eq!(
                (a.term.as_str(), a.start, a.end, a.stop),
                (b.term, b.start, b.end, b.stop)
            );
            assert_eq!(b.reference, a.start < 20);
        }
    }

    #[test]
    fn garbage_never_panics() {
        for bytes in [&[0xff_u8; 12][..], &[1, 2, 200, 0], &[0, 0, 9, b'a']] {
            let _ = decode(bytes).count();
        }
    }
}
