//! Zip archives (EPUB, DOCX, ODT) and the XML they hold.
//!
//! An archive is read with the `zip` crate, the maintained zip reader of
//! the ecosystem, its XML with `quick-xml`. Decompression is bounded: an
//! entry may not inflate past [`MAX_ENTRY_BYTES`], nor the archive past
//! [`MAX_ARCHIVE_BYTES`], so a zip bomb is refused with a message instead
//! of filling the memory.

use std::io::{Cursor, Read};

use super::ReadError;

/// Most bytes one entry of an archive may inflate to.
pub(crate) const MAX_ENTRY_BYTES: u64 = 64 << 20;
/// Most bytes a whole archive may inflate to.
pub(crate) const MAX_ARCHIVE_BYTES: u64 = 256 << 20;

/// A zip archive read with bounds on what it inflates to.
pub(crate) struct Archive {
    archive: zip::ZipArchive<Cursor<Vec<u8>>>,
    /// Bytes inflated so far.
    inflated: u64,
}

impl Archive {
    pub(crate) fn open(bytes: Vec<u8>) -> Result<Archive, ReadError> {
        let archive = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| malformed(&format!("not a zip archive ({e})")))?;
        Ok(Archive {
            archive,
            inflated: 0,
        })
    }

    /// The bytes of the entry `path`, inflated within the bounds.
    pub(crate) fn entry(&mut self, path: &str) -> Result<Vec<u8>, ReadError> {
        let entry = self
            .archive
            .by_name(path)
            .map_err(|e| malformed(&format!("no entry {path} ({e})")))?;
        // The bound that comes first: the entry's, or what the book has left.
        let left = MAX_ARCHIVE_BYTES - self.inflated;
        let (allowed, bound) = if left < MAX_ENTRY_BYTES {
            (left, MAX_ARCHIVE_BYTES)
        } else {
            (MAX_ENTRY_BYTES, MAX_ENTRY_BYTES)
        };
        let mut bytes = Vec::new();
        entry
            .take(allowed + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| malformed(&format!("entry {path} cannot be inflated ({e})")))?;
        if bytes.len() as u64 > allowed {
            return Err(ReadError::TooLarge { limit: bound >> 20 });
        }
        self.inflated += bytes.len() as u64;
        Ok(bytes)
    }

    /// The entry `path` as UTF-8 text.
    pub(crate) fn entry_text(&mut self, path: &str) -> Result<String, ReadError> {
        let bytes = self.entry(path)?;
        String::from_utf8(bytes).map_err(|_| malformed(&format!("{path} is not UTF-8")))
    }
}

/// The value of the attribute `name` (its local name) of `element`.
pub(crate) fn attribute(element: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// The text of an entity reference (`amp`, `#233`, `#xE9`).
pub(crate) fn resolve(reference: &str) -> String {
    let named = match reference {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    };
    let numeric = || {
        let digits = reference.strip_prefix('#')?;
        let code = match digits.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => digits.parse().ok()?,
        };
        char::from_u32(code)
    };
    named
        .or_else(numeric)
        .map_or_else(String::new, |c| c.to_string())
}

/// The text of named elements of an XML file (a book's or a document's
/// properties: `dc:title`, `dc:creator`…), fed its events: each field's
/// text, blanks collapsed, the first of each name kept.
#[derive(Debug, Default)]
pub(crate) struct Fields {
    /// The fields found, `(name, value)`, in order.
    pub(crate) found: Vec<(String, String)>,
    /// The field whose text is being read, and that text.
    open: Option<(&'static str, String)>,
}

impl Fields {
    /// An element opens: the field `name` if it is one.
    pub(crate) fn start(&mut self, name: Option<&'static str>) {
        self.open = name.map(|name| (name, String::new()));
    }

    /// Text (or a resolved entity reference) inside the element.
    pub(crate) fn text(&mut self, text: &str) {
        if let Some((_, value)) = &mut self.open {
            value.push_str(text);
        }
    }

    /// An element closes.
    pub(crate) fn end(&mut self) {
        if let Some((name, value)) = self.open.take() {
            let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
            if !value.is_empty() && self.get(name).is_none() {
                self.found.push((name.to_string(), value));
            }
        }
    }

    /// The value of the field `name`, if found.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.found
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A malformed file, for `why`.
pub(crate) fn malformed(why: &str) -> ReadError {
    ReadError::Malformed {
        reason: why.to_string(),
    }
}

/// A zip archive of `entries` (name, bytes), deflated: the fixtures of the
/// readers' tests.
#[cfg(test)]
pub(crate) fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(*name, deflated).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}
