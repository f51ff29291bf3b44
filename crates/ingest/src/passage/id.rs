//! Passage ids: `doc:line`, or `doc:line.part` for the second and later
//! parts of a line too long to be one passage.
//!
//! An id names a passage for as long as its file does not change: it is
//! what `fouille show` and `/passages/{id}` take, and what citations give.

/// The id of a passage, read from or written as `doc:line[.part]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PassageId<'a> {
    /// The document's name (it may hold `:`; the last one ends it).
    pub doc: &'a str,
    /// 1-based line of the passage in its file.
    pub line: u32,
    /// 1-based part of the line.
    pub part: u32,
}

impl<'a> PassageId<'a> {
    /// Reads an id as written for a passage; `None` for anything else,
    /// including other spellings of the same numbers (`a:03`, `a:3.1`).
    pub fn parse(id: &'a str) -> Option<PassageId<'a>> {
        let (doc, place) = id.rsplit_once(':')?;
        let (line, part) = place.split_once('.').unwrap_or((place, "1"));
        let number = |digits: &str| {
            (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
                .then(|| digits.parse::<u32>().ok())
                .flatten()
        };
        let parsed = PassageId {
            doc,
            line: number(line)?,
            part: number(part)?,
        };
        (parsed.to_string() == id).then_some(parsed)
    }
}

impl std::fmt::Display for PassageId<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.part <= 1 {
            write!(f, "{}:{}", self.doc, self.line)
        } else {
            write!(f, "{}:{}.{}", self.doc, self.line, self.part)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_back_as_written() {
        for (id, (doc, line, part)) in [("a:3", ("a", 3, 1)), ("b:c:12.2", ("b:c", 12, 2))] {
            let parsed = PassageId::parse(id).unwrap();
            assert_eq!((parsed.doc, parsed.line, parsed.part), (doc, line, part));
            assert_eq!(parsed.to_string(), id);
        }
        for id in ["a:03", "a:3.1", "a:+3", "a:", "a", "a:3.", "a:99999999999"] {
            assert_eq!(PassageId::parse(id), None, "{id}");
        }
    }
}
