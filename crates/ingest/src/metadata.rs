//! Documents' metadata made comparable across formats: dates as ISO 8601,
//! whatever the reader found them written as, so that a corpus can be
//! filtered, sorted and counted by date (`date >= 2024-01-01`, `year`).
//!
//! Readers give dates as their format writes them: ISO 8601 from HTML
//! `<meta>`, front matter and office properties, `D:20250211090000+01'00'`
//! from a PDF's document information, « 11 février 2025 » or `11/02/2025`
//! from a French page, `Tue, 11 Feb 2025 08:00:00 +0100` from a feed.
//! [`iso_date`] reads them all; a date it cannot read is kept as written,
//! and compares as text.

/// Metadata about the corpus's files, at its root: one row per file (its
/// path in the corpus, then fields), not a document. Read by
/// `fouille_query`, so that editing it needs no new index.
pub const METADATA_FILE: &str = "metadata.csv";

/// Metadata fields that hold a date, made ISO 8601 at indexing.
pub const DATE_FIELDS: &[&str] = &["date", "modified"];

/// Month names, French and English, full and abbreviated, accents and
/// case folded, with their number.
const MONTHS: &[(&str, u32)] = &[
    ("janvier", 1),
    ("janv", 1),
    ("january", 1),
    ("jan", 1),
    ("fevrier", 2),
    ("fevr", 2),
    ("fev", 2),
    ("february", 2),
    ("feb", 2),
    ("mars", 3),
    ("march", 3),
    ("mar", 3),
    ("avril", 4),
    ("avr", 4),
    ("april", 4),
    ("apr", 4),
    ("mai", 5),
    ("may", 5),
    ("juin", 6),
    ("june", 6),
    ("jun", 6),
    ("juillet", 7),
    ("juil", 7),
    ("july", 7),
    ("jul", 7),
    ("aout", 8),
    ("august", 8),
    ("aug", 8),
    ("septembre", 9),
    ("sept", 9),
    ("september", 9),
    ("sep", 9),
    ("octobre", 10),
    ("oct", 10),
    ("october", 10),
    ("novembre", 11),
    ("nov", 11),
    ("november", 11),
    ("decembre", 12),
    ("dec", 12),
    ("december", 12),
];

/// The date `text` writes, as ISO 8601: `2025-02-11` (with its time, as
/// written, when it is ISO already; in UTC for a Unix time),
/// `2025-02` for a month, `2025` for a year. `None` when `text` is no date
/// this reads.
///
/// ```
/// use fouille_ingest::iso_date;
/// assert_eq!(iso_date("mardi 11 février 2025").as_deref(), Some("2025-02-11"));
/// assert_eq!(iso_date("1er mars 2024").as_deref(), Some("2024-03-01"));
/// assert_eq!(iso_date("11/02/2025").as_deref(), Some("2025-02-11"));
/// assert_eq!(iso_date("D:20250211090000+01'00'").as_deref(), Some("2025-02-11T09:00:00"));
/// assert_eq!(iso_date("un mardi"), None);
/// ```
pub fn iso_date(text: &str) -> Option<String> {
    let text = text.trim();
    if let Some(iso) = iso(text) {
        return Some(iso);
    }
    if let Some(pdf) = text.strip_prefix("D:") {
        return pdf_date(pdf);
    }
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return digits_date(text);
    }
    let folded = crate::analysis::fold(text);
    let words: Vec<&str> = folded
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    numeric_date(&words).or_else(|| named_month_date(&words))
}

/// An ISO 8601 date (`2025`, `2025-02`, `2025-02-11`), with what follows
/// it when that is a time (`T09:00:00+01:00`, ` 09:00`).
fn iso(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range.clone())?
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| text[range].parse::<u32>().ok())?
    };
    let year = digits(0..4)?;
    let mut end = 4;
    let mut month = None;
    if bytes.get(4) == Some(&b'-') {
        month = Some(digits(5..7)?);
        end = 7;
        if bytes.get(7) == Some(&b'-') {
            let day = digits(8..10)?;
            end = 10;
            valid(year, month?, day)?;
        }
    }
    if month.is_some_and(|m| !(1..=12).contains(&m)) {
        return None;
    }
    match bytes.get(end) {
        None => Some(text.to_string()),
        // A time after the date: kept as written when it looks like one.
        Some(b'T' | b' ')
            if end == 10 && text[end + 1..].starts_with(|c: char| c.is_ascii_digit()) =>
        {
            Some(text.replacen(' ', "T", 1))
        }
        _ => None,
    }
}

/// A date written in digits alone, as datasets export them: `20250211`
/// (a day), or the seconds (9 or 10 digits) or milliseconds (12 or 13)
/// since 1970-01-01 UTC, a Unix time, made a UTC time.
fn digits_date(text: &str) -> Option<String> {
    let number: u64 = text.parse().ok()?;
    let seconds = match text.len() {
        8 => {
            let (year, month, day) = (number / 10_000, number / 100 % 100, number % 100);
            valid(year as u32, month as u32, day as u32)?;
            return Some(format!("{year:04}-{month:02}-{day:02}"));
        }
        9 | 10 => number,
        12 | 13 => number / 1000,
        _ => return None,
    };
    let (days, time) = (seconds / 86_400, seconds % 86_400);
    let (year, month, day) = civil_from_days(days);
    Some(format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        time / 3600,
        time / 60 % 60,
        time % 60
    ))
}

/// The day of the proleptic Gregorian calendar `days` after 1970-01-01:
/// counted in eras of 400 years (146,097 days), each from 1 March, so that
/// a leap day ends a year.
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let days = days + 719_468; // from 0000-03-01
    let era = days / 146_097;
    let of_era = days % 146_097;
    let year_of_era = (of_era - of_era / 1460 + of_era / 36_524 - of_era / 146_096) / 365;
    let day_of_year = of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = era * 400 + year_of_era + u64::from(month <= 2);
    (year, month, day)
}

/// A PDF date after its `D:`: `YYYYMMDDHHmmSS` and a zone, each part
/// after the year optional.
fn pdf_date(text: &str) -> Option<String> {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    let part = |range: std::ops::Range<usize>| digits.get(range)?.parse::<u32>().ok();
    let year = part(0..4)?;
    let Some(month) = part(4..6) else {
        return Some(format!("{year:04}"));
    };
    let Some(day) = part(6..8) else {
        return (1..=12)
            .contains(&month)
            .then(|| format!("{year:04}-{month:02}"));
    };
    valid(year, month, day)?;
    let date = format!("{year:04}-{month:02}-{day:02}");
    Some(match (part(8..10), part(10..12), part(12..14)) {
        (Some(h), Some(m), s) if h < 24 && m < 60 => {
            format!("{date}T{h:02}:{m:02}:{:02}", s.unwrap_or(0).min(59))
        }
        _ => date,
    })
}

/// `11/02/2025`, `11-02-2025`, `11.02.2025`: day first, as in French.
fn numeric_date(words: &[&str]) -> Option<String> {
    let first = words.first()?;
    let parts: Vec<&str> = first.split(['/', '-', '.']).collect();
    let [day, month, year] = parts.as_slice() else {
        return None;
    };
    let (day, month, year) = (day.parse().ok()?, month.parse().ok()?, year.parse().ok()?);
    let year = match year {
        1000..=9999 => year,
        _ => return None,
    };
    valid(year, month, day)?;
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

/// « mardi 11 février 2025 », « 1er mars 2024 », « février 2025 »,
/// `February 11, 2025`, `Tue, 11 Feb 2025 08:00:00 +0100`: a month by its
/// name, a year, and a day before or after the month when there is one.
fn named_month_date(words: &[&str]) -> Option<String> {
    let month_at = words.iter().position(|w| month(w).is_some())?;
    let month = month(words[month_at])?;
    let number = |w: &str| -> Option<u32> {
        let w = w.strip_suffix("er").unwrap_or(w);
        w.chars()
            .all(|c| c.is_ascii_digit())
            .then(|| w.parse().ok())?
    };
    let year = words[month_at + 1..]
        .iter()
        .filter_map(|w| number(w))
        .find(|n| (1000..=9999).contains(n))?;
    let day = month_at
        .checked_sub(1)
        .and_then(|i| number(words[i]))
        .or_else(|| {
            words
                .get(month_at + 1)
                .and_then(|w| number(w))
                .filter(|&d| d <= 31)
        });
    match day {
        Some(day) => {
            valid(year, month, day)?;
            Some(format!("{year:04}-{month:02}-{day:02}"))
        }
        None => Some(format!("{year:04}-{month:02}")),
    }
}

/// The number of the month `word` names (`février`, `févr.`, `Feb`).
fn month(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    MONTHS
        .iter()
        .find(|(name, _)| *name == word)
        .map(|&(_, n)| n)
}

/// `Some` when day `day` of month `month` exists in year `year`.
fn valid(year: u32, month: u32, day: u32) -> Option<()> {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    (1..=days).contains(&day).then_some(())
}

/// `fields` with the values of its [`DATE_FIELDS`] made ISO 8601 where
/// [`iso_date`] reads them, kept as written otherwise.
pub fn with_iso_dates(mut fields: Vec<(String, String)>) -> Vec<(String, String)> {
    for (name, value) in &mut fields {
        if DATE_FIELDS.contains(&name.as_str()) {
            if let Some(iso) = iso_date(value) {
                *value = iso;
            }
        }
    }
    fields
}

/// The year of an ISO date (`2025-02-11` → `2025`).
pub fn year_of(date: &str) -> Option<&str> {
    let year = date.get(..4)?;
    (year.bytes().all(|b| b.is_ascii_digit()) && date.get(4..5).is_none_or(|s| s == "-"))
        .then_some(year)
}

/// Largest `metadata.csv` read, in bytes.
pub const MAX_METADATA_FILE_BYTES: u64 = 64 << 20;

/// Why a corpus's `metadata.csv` cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum MetadataFileError {
    /// It cannot be read.
    #[error("cannot read {}: {source}", path.display())]
    Unreadable {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// It is larger than [`MAX_METADATA_FILE_BYTES`].
    #[error("{}: {bytes} bytes, over the {max} read at most", path.display())]
    TooLarge {
        /// The file.
        path: std::path::PathBuf,
        /// Its size.
        bytes: u64,
        /// The most read.
        max: u64,
    },
    /// A row cannot be read.
    #[error("{}, line {line}: {reason}", path.display())]
    Bad {
        /// The file.
        path: std::path::PathBuf,
        /// The line (1-based).
        line: u64,
        /// What is wrong.
        reason: String,
    },
}

/// A corpus's `metadata.csv`: for files of the corpus (their path in it),
/// fields that add to or replace what their readers found.
///
/// Its first row names the columns: the first is the file's path in the
/// corpus (`path` or `file`), the others are fields (`date`, `source`,
/// `author`, `tags`…). Commas or semicolons separate the cells (a
/// spreadsheet in French writes semicolons); UTF-8, with or without its
/// mark, else Windows-1252. Dates are made ISO 8601 as readers' are; an
/// empty cell adds nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MetadataFile {
    /// Each file's fields, by its path in the corpus.
    pub files: std::collections::HashMap<String, Vec<(String, String)>>,
    /// Paths named twice: the line of the second, and the path (the
    /// later row wins).
    pub repeated: Vec<(u64, String)>,
}

impl MetadataFile {
    /// Reads the file at `path`.
    pub fn read(path: &std::path::Path) -> Result<MetadataFile, MetadataFileError> {
        let unreadable = |source| MetadataFileError::Unreadable {
            path: path.to_path_buf(),
            source,
        };
        let bytes = std::fs::metadata(path).map_err(unreadable)?.len();
        if bytes > MAX_METADATA_FILE_BYTES {
            return Err(MetadataFileError::TooLarge {
                path: path.to_path_buf(),
                bytes,
                max: MAX_METADATA_FILE_BYTES,
            });
        }
        let bytes = std::fs::read(path).map_err(unreadable)?;
        Self::parse(&bytes).map_err(|(line, reason)| MetadataFileError::Bad {
            path: path.to_path_buf(),
            line,
            reason,
        })
    }

    /// Reads `bytes`, a `metadata.csv`; `Err` gives the line and what is
    /// wrong.
    pub fn parse(bytes: &[u8]) -> Result<MetadataFile, (u64, String)> {
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            // An empty file describes nothing.
            return Ok(MetadataFile::default());
        }
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            // Windows-1252 throughout; a file that is UTF-8 in places is
            // refused rather than read wrong in others.
            Err(e)
                if std::str::from_utf8(&bytes[..e.valid_up_to()]).is_ok_and(|t| !t.is_ascii()) =>
            {
                let line = bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count() as u64
                    + 1;
                return Err((
                    line,
                    "not UTF-8 here, though UTF-8 before: save the file as UTF-8".into(),
                ));
            }
            Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0,
        };
        let header = text.lines().next().unwrap_or_default();
        let delimiter = match (
            header.contains(','),
            header.contains(';'),
            header.contains('\t'),
        ) {
            (false, true, _) => b';',
            (false, false, true) => b'\t',
            _ => b',',
        };
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(text.as_bytes());
        let line_of = |e: &csv::Error| e.position().map_or(1, |p| p.line());
        let columns: Vec<String> = reader
            .headers()
            .map_err(|e| (line_of(&e), e.to_string()))?
            .iter()
            .map(|c| c.trim().to_lowercase().replace(char::is_whitespace, "_"))
            .collect();
        if !matches!(columns.first().map(String::as_str), Some("path" | "file")) {
            return Err((
                1,
                "the first column must be the file's path in the corpus, named `path`".into(),
            ));
        }
        if columns.len() < 2 {
            return Err((1, "no field after the path".into()));
        }
        if let Some(made) = columns[1..]
            .iter()
            .find(|c| MADE_FIELDS.contains(&c.as_str()))
        {
            return Err((
                1,
                format!("column `{made}`: fouille makes it (doc, file and year cannot be set)"),
            ));
        }
        let mut out = MetadataFile::default();
        for record in reader.records() {
            let record = record.map_err(|e| (line_of(&e), e.to_string()))?;
            let line = record.position().map_or(0, |p| p.line());
            if record.len() > columns.len() {
                return Err((
                    line,
                    format!(
                        "{} cells where the header has {}",
                        record.len(),
                        columns.len()
                    ),
                ));
            }
            let Some(file) = record.get(0).map(normal_path).filter(|p| !p.is_empty()) else {
                continue;
            };
            let fields: Vec<(String, String)> = columns[1..]
                .iter()
                .zip(record.iter().skip(1))
                .filter(|(_, value)| !value.trim().is_empty())
                .map(|(name, value)| (name.clone(), value.trim().to_string()))
                .collect();
            if out
                .files
                .insert(file.clone(), with_iso_dates(fields))
                .is_some()
            {
                out.repeated.push((line, file));
            }
        }
        Ok(out)
    }
}

/// Fields fouille makes from a document, which `metadata.csv` cannot set.
const MADE_FIELDS: &[&str] = &["doc", "file", "year"];

impl MetadataFile {
    /// The fields given for the file at `path` in the corpus (its accents
    /// composed or not).
    pub fn fields_of(&self, path: &str) -> Option<&[(String, String)]> {
        self.files.get(&Self::key(path)).map(Vec::as_slice)
    }

    /// The key of the file at `path` in [`MetadataFile::files`].
    pub fn key(path: &str) -> String {
        normal_path(path)
    }
}

/// A path as a corpus lists it: `/` separators, no `./` before it,
/// accents composed (NFC: macOS writes names decomposed).
fn normal_path(path: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let path: String = path.trim().replace('\\', "/").nfc().collect();
    let mut path = path.as_str();
    while let Some(rest) = path.strip_prefix("./") {
        path = rest;
    }
    path.trim_start_matches('/').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_documents_write_them_become_iso() {
        for (written, iso) in [
            ("2025-02-11", "2025-02-11"),
            ("2025-02-11T08:00:00+01:00", "2025-02-11T08:00:00+01:00"),
            ("2025-02-11 08:00", "2025-02-11T08:00"),
            ("2025-02", "2025-02"),
            ("2025", "2025"),
            ("11 février 2025", "2025-02-11"),
            ("Mardi 11 Février 2025", "2025-02-11"),
            ("le 1er mars 2024", "2024-03-01"),
            ("11 fév. 2025", "2025-02-11"),
            ("3 août 2023 à 10h30", "2023-08-03"),
            ("février 2025", "2025-02"),
            ("29/02/2024", "2024-02-29"),
            ("11.02.2025", "2025-02-11"),
            ("D:20250211090000+01'00'", "2025-02-11T09:00:00"),
            ("D:20250211", "2025-02-11"),
            ("Tue, 11 Feb 2025 08:00:00 +0100", "2025-02-11"),
            ("February 11, 2025", "2025-02-11"),
            // Datasets: a day in digits, a Unix time in seconds or ms.
            ("20250211", "2025-02-11"),
            ("1739264400", "2025-02-11T09:00:00Z"),
            ("1739264400123", "2025-02-11T09:00:00Z"),
            ("951782400", "2000-02-29T00:00:00Z"),
            ("0000000000", "1970-01-01T00:00:00Z"),
            ("4107542399", "2100-02-28T23:59:59Z"),
        ] {
            assert_eq!(iso_date(written).as_deref(), Some(iso), "{written}");
        }
    }

    #[test]
    fn what_is_no_date_is_none() {
        for text in [
            "",
            "mardi",
            "31/02/2025",
            "2025-13-01",
            "2025-02-30",
            "32 janvier 2025",
            "mars",
            "page 12",
            "12345",
            "20250230",
            "12345678901",
            "D:",
            "2025-02-11abc",
        ] {
            assert_eq!(iso_date(text), None, "{text}");
        }
    }

    #[test]
    fn a_metadata_file_gives_fields_by_path() {
        let file = MetadataFile::parse(
            "\u{feff}path,source,date,tags\n\
             ./notes/a.md,hcl,11 février 2025,\"santé, opinion\"\n\
             b.txt,,2024,\n"
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(
            file.files["notes/a.md"],
            [
                ("source".to_string(), "hcl".to_string()),
                ("date".to_string(), "2025-02-11".to_string()),
                ("tags".to_string(), "santé, opinion".to_string()),
            ]
        );
        assert_eq!(
            file.files["b.txt"],
            [("date".to_string(), "2024".to_string())]
        );
        // Semicolons, as a French spreadsheet writes; Windows-1252.
        let file = MetadataFile::parse(b"Path;Auteur\nr\xe9sum\xe9.txt;Andr\xe9\n").unwrap();
        assert_eq!(
            file.files["résumé.txt"],
            [("auteur".to_string(), "André".to_string())]
        );
        // Errors say their line.
        assert_eq!(MetadataFile::parse(b"nom,source\n").unwrap_err().0, 1);
        assert_eq!(
            MetadataFile::parse(b"path,source\na.txt,x\nb.txt,y,z\n").unwrap_err(),
            (3, "3 cells where the header has 2".to_string())
        );
        let file = MetadataFile::parse(b"path,source\na.txt,x\na.txt,y\n").unwrap();
        assert_eq!(file.repeated, [(3, "a.txt".to_string())]);
        // Tabs; an empty file; accents decomposed as macOS writes them.
        let file =
            MetadataFile::parse("path\tDate Publication\nre\u{301}union.txt\t2024\n".as_bytes())
                .unwrap();
        assert_eq!(
            file.fields_of("réunion.txt"),
            Some(&[("date_publication".to_string(), "2024".to_string())][..])
        );
        assert_eq!(MetadataFile::parse(b"").unwrap(), MetadataFile::default());
        // UTF-8 with a Windows-1252 byte further on is refused, not misread.
        let mixed =
            MetadataFile::parse("path,source\na.txt,Libération\nb.txt,caf\u{e9}\n".as_bytes());
        assert!(mixed.is_ok());
        let mixed = MetadataFile::parse(b"path,source\na.txt,Lib\xc3\xa9ration\nb.txt,caf\xe9\n");
        assert_eq!(mixed.unwrap_err().0, 3);
        // What fouille makes cannot be set.
        assert!(MetadataFile::parse(b"path,doc\na.txt,x\n")
            .unwrap_err()
            .1
            .contains("fouille makes it"));
    }

    #[test]
    fn the_year_of_an_iso_date() {
        assert_eq!(year_of("2025-02-11"), Some("2025"));
        assert_eq!(year_of("2025"), Some("2025"));
        assert_eq!(year_of("20250"), None);
        assert_eq!(year_of("mars"), None);
    }
}
