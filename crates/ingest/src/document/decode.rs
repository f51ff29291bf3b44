//! Text in any encoding: UTF-8 as it is, anything else decoded, and the
//! way back from an offset in the decoded text to a byte of the file.
//!
//! French archives hold many files in Windows-1252 or ISO-8859-1/-15. A
//! file that is valid UTF-8 is read as it is (its bytes are its text, BOM
//! included). Otherwise a byte order mark says UTF-16; failing that, the
//! encoding is detected by `chardetng`, the detector Firefox uses for
//! unlabelled pages (trained on real legacy text, a few kilobytes of
//! tables), and the bytes are decoded by `encoding_rs` (Firefox's
//! decoders, the WHATWG Encoding Standard). Both are small, well-kept
//! crates by the same author; a hand-written guess between a few code
//! pages would miss the others and the tricky cases (Windows-1252 against
//! ISO-8859-15, say).
//!
//! A file holding NUL bytes that is not UTF-16 is binary, not text.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

use super::ReadError;

/// A file's text and how it was decoded.
#[derive(Debug)]
pub(crate) struct Decoded {
    /// The text.
    pub(crate) text: String,
    /// The encoding it was decoded from; `None` when the file is UTF-8
    /// and its text is its bytes.
    pub(crate) encoding: Option<&'static Encoding>,
    /// Bytes of a byte order mark dropped before the text.
    bom: usize,
    /// For a UTF-8 file with a few bytes of a legacy encoding (a line
    /// pasted from an old file), where the text and the file fall out of
    /// step: after each such byte, (offset in the text, offset in the
    /// file).
    repairs: Vec<(usize, u64)>,
}

/// Decodes a file's bytes: as they are when they are UTF-8, else by their
/// byte order mark or the encoding detected.
pub(crate) fn decode(bytes: Vec<u8>) -> Result<Decoded, ReadError> {
    decode_declared(bytes, None)
}

/// [`decode`] for a file that declares its encoding (an HTML page's
/// `<meta charset>`). Bytes that are valid UTF-8 are read as UTF-8 whatever
/// the declaration says (a page saved again in UTF-8 keeps its old
/// declaration; legacy text is almost never valid UTF-8 by chance); other
/// bytes by their byte order mark, then by the declared encoding when it
/// decodes them without error, then by the encoding detected: a file that
/// lies about its charset is still read.
pub(crate) fn decode_declared(
    bytes: Vec<u8>,
    declared: Option<&'static Encoding>,
) -> Result<Decoded, ReadError> {
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => {
            if let Some(offset) = text.find('\0') {
                return Err(ReadError::Binary { offset });
            }
            return Ok(Decoded {
                text,
                encoding: None,
                bom: 0,
                repairs: Vec::new(),
            });
        }
        Err(e) => e.into_bytes(),
    };
    if let Some(repaired) = mostly_utf8(&bytes) {
        return Ok(repaired);
    }
    if let Some((encoding, bom)) = Encoding::for_bom(&bytes) {
        if encoding == UTF_8 {
            // A UTF-8 byte order mark before bytes that are not UTF-8.
            let offset = bom + utf8_valid_up_to(&bytes[bom..]);
            return Err(ReadError::NotUtf8 { offset });
        }
        return decoded_as(encoding, &bytes, bom).ok_or(ReadError::Undecodable {
            encoding: encoding.name(),
        });
    }
    if let Some(decoded) = utf16_without_bom(&bytes).and_then(|e| decoded_as(e, &bytes, 0)) {
        return Ok(decoded);
    }
    if let Some(offset) = memchr_nul(&bytes) {
        return Err(ReadError::Binary { offset });
    }
    let declared = declared.filter(|&e| e != UTF_8 && e.is_ascii_compatible());
    if let Some(decoded) = declared.and_then(|e| decoded_as(e, &bytes, 0)) {
        return Ok(decoded);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(&bytes, true);
    // French archives: the top-level domain `fr` makes the detector favour
    // the encodings French text was written in (Windows-1252 over
    // Windows-1250 on a short line).
    let encoding = latin9_if_so(
        detector.guess(Some(b"fr"), chardetng::Utf8Detection::Deny),
        &bytes,
    );
    let decoded = decoded_as(encoding, &bytes, 0).ok_or(ReadError::Undecodable {
        encoding: encoding.name(),
    })?;
    // Binary data decodes too, into control characters: text has almost
    // none (a form feed, a stray escape).
    let controls = decoded
        .text
        .chars()
        .filter(|&c| is_binary_control(c))
        .count();
    if controls > 0 && controls * 200 > decoded.text.len() {
        let offset = bytes
            .iter()
            .position(|&b| (b < 0x20 && !b"\t\n\r\x0c".contains(&b)) || b == 0x7f)
            .unwrap_or(0);
        return Err(ReadError::ControlCharacters {
            encoding: encoding.name(),
            offset,
        });
    }
    Ok(decoded)
}

/// `bytes` after a byte order mark of `bom` bytes, decoded from
/// `encoding`; `None` when they are not valid in it.
fn decoded_as(encoding: &'static Encoding, bytes: &[u8], bom: usize) -> Option<Decoded> {
    let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
    (!had_errors).then(|| Decoded {
        text: text.into_owned(),
        encoding: Some(encoding),
        bom,
        repairs: Vec::new(),
    })
}

/// A file that is UTF-8 but for a few bytes (more characters of UTF-8 than
/// bytes that are not): those bytes read as Windows-1252, the rest as
/// UTF-8. Reading the whole file in a legacy encoding would garble every
/// accented letter of it for one stray byte.
fn mostly_utf8(bytes: &[u8]) -> Option<Decoded> {
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += chunk.invalid().len();
    }
    if multibyte == 0 || invalid > multibyte || bytes.contains(&0) {
        return None;
    }
    let mut text = String::with_capacity(bytes.len() + invalid * 2);
    let mut repairs = Vec::with_capacity(invalid);
    let mut file = 0u64;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        file += chunk.valid().len() as u64;
        for &byte in chunk.invalid() {
            let one = [byte];
            let (decoded, _) = WINDOWS_1252.decode_without_bom_handling(&one);
            text.push_str(&decoded);
            file += 1;
            repairs.push((text.len(), file));
        }
    }
    Some(Decoded {
        text,
        encoding: Some(UTF_8),
        bom: 0,
        repairs,
    })
}

fn utf8_valid_up_to(bytes: &[u8]) -> usize {
    match std::str::from_utf8(bytes) {
        Ok(_) => bytes.len(),
        Err(e) => e.valid_up_to(),
    }
}

/// ISO-8859-15 rather than the Windows-1252 detected, when the bytes say
/// so: the two differ in eight letters, and a French text in Latin-9 uses
/// its `€` (0xA4), `œ` (0xBD) or `Œ` (0xBC), where Windows-1252 has `¤`,
/// `½` and `¼`, and never the bytes 0x80–0x9F that Windows-1252 gives its
/// own `€`, `œ` and quotation marks.
fn latin9_if_so(detected: &'static Encoding, bytes: &[u8]) -> &'static Encoding {
    let c1 = bytes.iter().any(|b| (0x80..=0x9f).contains(b));
    let latin9 = bytes.iter().any(|b| matches!(b, 0xa4 | 0xbc | 0xbd));
    if detected == WINDOWS_1252 && !c1 && latin9 {
        encoding_rs::ISO_8859_15
    } else {
        detected
    }
}

/// UTF-16 without a byte order mark, told by its zero bytes: text in a
/// Latin script has one in every other byte, at odd offsets for little
/// endian, even ones for big endian; binary data has them anywhere.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 16 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units = bytes.len() / 2;
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in bytes.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    // Nearly every unit has its zero on one side, almost none on the other.
    if odd * 10 >= units * 9 && even * 50 <= units {
        Some(UTF_16LE)
    } else if even * 10 >= units * 9 && odd * 50 <= units {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// A control character that text does not hold (tabs, line ends and form
/// feeds aside).
fn is_binary_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c')
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

impl Decoded {
    /// The name of the encoding, for the build summary; `None` for UTF-8
    /// read as it is.
    pub(crate) fn encoding_name(&self) -> Option<&'static str> {
        if !self.repairs.is_empty() {
            return Some("UTF-8 with windows-1252 bytes");
        }
        self.encoding.map(Encoding::name)
    }

    /// Maps offsets of the text to bytes of the file, for offsets given in
    /// increasing order (each call encodes only the text since the last).
    pub(crate) fn source_map(&self) -> SourceMap<'_> {
        SourceMap {
            text: &self.text,
            encoding: self.encoding,
            last: (0, self.bom as u64),
            repairs: &self.repairs,
        }
    }
}

/// Offsets of a decoded text mapped back to the file; see
/// [`Decoded::source_map`].
pub(crate) struct SourceMap<'a> {
    text: &'a str,
    encoding: Option<&'static Encoding>,
    /// The last offset mapped: (in the text, in the file).
    last: (usize, u64),
    /// See [`Decoded::repairs`].
    repairs: &'a [(usize, u64)],
}

impl SourceMap<'_> {
    /// True when offsets of the text are offsets of the file.
    pub(crate) fn is_identity(&self) -> bool {
        self.encoding.is_none()
    }

    /// The byte of the file where the text's byte `at` comes from. Offsets
    /// are best given in increasing order; an earlier one is mapped back
    /// from the last.
    pub(crate) fn file_offset(&mut self, at: usize) -> u64 {
        let Some(encoding) = self.encoding else {
            return at as u64;
        };
        if encoding == UTF_8 {
            // UTF-8 but for a few bytes: in step since the last of them.
            let before = self.repairs.partition_point(|&(text, _)| text <= at);
            let (text, file) = before.checked_sub(1).map_or((0, 0), |i| self.repairs[i]);
            return file + (at - text) as u64;
        }
        if at < self.last.0 {
            // Back: only the text between is encoded again.
            self.last = (
                at,
                self.last.1 - encoded_len(encoding, &self.text[at..self.last.0]),
            );
            return self.last.1;
        }
        let step = encoded_len(encoding, &self.text[self.last.0..at]);
        self.last = (at, self.last.1 + step);
        self.last.1
    }
}

/// Bytes that `text` takes in `encoding`.
fn encoded_len(encoding: &'static Encoding, text: &str) -> u64 {
    if encoding == UTF_16LE || encoding == UTF_16BE {
        return 2 * text.encode_utf16().count() as u64;
    }
    if text.is_ascii() {
        // Every encoding the detector gives keeps ASCII as it is.
        return text.len() as u64;
    }
    encoding.encode(text).0.len() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_read_as_it_is() {
        let decoded = decode("\u{feff}L’été\n".as_bytes().to_vec()).unwrap();
        assert_eq!(decoded.text, "\u{feff}L’été\n");
        assert_eq!(decoded.encoding_name(), None);
        assert_eq!(decoded.source_map().file_offset(5), 5);
    }

    #[test]
    fn windows_1252_is_detected_and_mapped_back_to_its_bytes() {
        let text = "L’été arrive à Paris : les hôpitaux préparent le « plan canicule ».\n\
                    Les données de santé des patients âgés sont suivies de près.\n";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        let bytes = bytes.into_owned();
        let decoded = decode(bytes.clone()).unwrap();
        assert_eq!(decoded.text, text);
        assert_eq!(decoded.encoding_name(), Some("windows-1252"));
        let mut map = decoded.source_map();
        let second = text.find("Les données").unwrap();
        let at = map.file_offset(second);
        assert!(bytes[at as usize..].starts_with(b"Les donn\xe9es"));
        let end = map.file_offset(text.len());
        assert_eq!(end, bytes.len() as u64);
        // Asked again from the start.
        assert_eq!(map.file_offset(0), 0);
    }

    #[test]
    fn a_few_stray_bytes_leave_the_utf8_whole() {
        let mut bytes = "Les données de santé\n".as_bytes().to_vec();
        bytes.extend_from_slice(b"Note ajout\xe9e \xe0 la fin.\nL\xe2\x80\x99\xc3\xa9t\xc3\xa9.\n");
        let decoded = decode(bytes.clone()).unwrap();
        assert_eq!(
            decoded.text,
            "Les données de santé\nNote ajoutée à la fin.\nL’été.\n"
        );
        assert_eq!(
            decoded.encoding_name(),
            Some("UTF-8 with windows-1252 bytes")
        );
        let mut map = decoded.source_map();
        for word in ["données", "Note", "fin.", "L’été"] {
            let at = decoded.text.find(word).unwrap();
            let file = map.file_offset(at) as usize;
            assert_eq!(bytes[file], word.as_bytes()[0], "{word}");
        }
        assert_eq!(map.file_offset(decoded.text.len()), bytes.len() as u64);
    }

    #[test]
    fn utf16_with_a_byte_order_mark() {
        let mut bytes = vec![0xff, 0xfe];
        for unit in "Santé\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let decoded = decode(bytes).unwrap();
        assert_eq!(decoded.text, "Santé\n");
        assert_eq!(decoded.source_map().file_offset("Santé".len()), 2 + 10);
    }

    #[test]
    fn latin9_is_told_from_windows_1252() {
        let text = "Le menu à 20 € : œufs brouillés et bœuf, servi de midi à deux heures.\n";
        let (bytes, _, _) = encoding_rs::ISO_8859_15.encode(text);
        let decoded = decode(bytes.into_owned()).unwrap();
        assert_eq!(decoded.text, text);
        assert_eq!(decoded.encoding_name(), Some("ISO-8859-15"));
        let (bytes, _, _) = WINDOWS_1252.encode(text);
        let decoded = decode(bytes.into_owned()).unwrap();
        assert_eq!(decoded.text, text);
        assert_eq!(decoded.encoding_name(), Some("windows-1252"));
    }

    #[test]
    fn utf16_without_a_byte_order_mark() {
        let text = "Les données de santé des patients âgés.\n";
        let little: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let big: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for (bytes, name) in [(little, "UTF-16LE"), (big, "UTF-16BE")] {
            let decoded = decode(bytes).unwrap();
            assert_eq!(decoded.text, text);
            assert_eq!(decoded.encoding_name(), Some(name));
        }
    }

    #[test]
    fn binary_and_broken_files_are_refused() {
        assert_eq!(
            decode(b"PK\x03\x04\0\0\xff".to_vec()).unwrap_err(),
            ReadError::Binary { offset: 4 }
        );
        assert_eq!(
            decode(b"ok\0".to_vec()).unwrap_err(),
            ReadError::Binary { offset: 2 }
        );
        // A UTF-8 byte order mark before bytes that are mostly not UTF-8.
        assert_eq!(
            decode(b"\xef\xbb\xbf\xe9t\xe9 \xe0".to_vec()).unwrap_err(),
            ReadError::NotUtf8 { offset: 3 }
        );
        // Bytes of a binary format without a NUL byte.
        let binary: Vec<u8> = (0..4000u32).map(|i| (i * 37 % 251 + 1) as u8).collect();
        assert!(matches!(
            decode(binary),
            Err(ReadError::ControlCharacters { .. })
        ));
    }
}
