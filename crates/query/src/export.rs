//! Hits as rows: CSV, TSV and JSON Lines, for `fouille search --format
//! csv|tsv|jsonl`, every match of `fouille search --all`, and the server's
//! `GET /export`.
//!
//! The columns are the citation's, stable and documented in the README:
//! [`COLUMNS`]. CSV follows RFC 4180 (a field with a comma, a quote or a
//! line break is quoted, quotes doubled, lines ended by CRLF) in UTF-8, as
//! spreadsheets open it; TSV has no quoting, so tabs and line breaks in a
//! field become spaces. In both, a field that begins with `=` gets an
//! apostrophe before it: LibreOffice Calc reads such a cell as a formula
//! (quoted or not; `=1+1 est…` shows `Err:509`), and a formula from the
//! corpus must not run in the reader's spreadsheet. JSON Lines rows keep
//! every text as it is.

use std::borrow::Cow;

use std::io::{Result, Write};

use crate::hit::Citation;

/// A table's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowFormat {
    /// Comma-separated values, RFC 4180, a header row first.
    Csv,
    /// Tab-separated values, a header row first.
    Tsv,
    /// One JSON object (the citation) a line.
    Jsonl,
}

impl RowFormat {
    /// The format named `name` (`csv`, `tsv`, `jsonl`).
    pub fn named(name: &str) -> Option<RowFormat> {
        match name {
            "csv" => Some(RowFormat::Csv),
            "tsv" => Some(RowFormat::Tsv),
            "jsonl" => Some(RowFormat::Jsonl),
            _ => None,
        }
    }

    /// Its media type, for HTTP.
    pub fn media_type(self) -> &'static str {
        match self {
            RowFormat::Csv => "text/csv; charset=utf-8; header=present",
            RowFormat::Tsv => "text/tab-separated-values; charset=utf-8",
            RowFormat::Jsonl => "application/jsonl; charset=utf-8",
        }
    }

    /// Writes one record of `fields` in this format (a header row as any
    /// other): CSV or TSV; JSON Lines rows are objects, not records.
    pub fn write_record(self, out: &mut impl Write, fields: &[&str]) -> Result<()> {
        match self {
            RowFormat::Csv => write_csv(out, fields.iter().copied()),
            RowFormat::Tsv => write_tsv(out, fields.iter().copied()),
            RowFormat::Jsonl => Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "JSON Lines rows are objects",
            )),
        }
    }

    /// Its file extension.
    pub fn extension(self) -> &'static str {
        match self {
            RowFormat::Csv => "csv",
            RowFormat::Tsv => "tsv",
            RowFormat::Jsonl => "jsonl",
        }
    }
}

/// The columns of a row, in order.
pub const COLUMNS: [&str; 18] = [
    "id",
    "doc",
    "file",
    "line",
    "start",
    "end",
    "page",
    "line_on_page",
    "kind",
    "title",
    "section",
    "author",
    "date",
    "source",
    "url",
    "lang",
    "ocr",
    "text",
];

/// Writes citations as rows of `format` (CSV, TSV or JSON Lines).
pub struct RowWriter<W: Write> {
    out: W,
    format: RowFormat,
    /// Columns after [`COLUMNS`]: documents' other fields, by name.
    extra: Vec<String>,
}

impl<W: Write> RowWriter<W> {
    /// A writer of rows to `out`; for CSV and TSV, the header row is
    /// written now.
    pub fn new(out: W, format: RowFormat) -> Result<Self> {
        Self::with_fields(out, format, Vec::new())
    }

    /// A writer of rows whose CSV and TSV have, after [`COLUMNS`], a
    /// column for each of `extra` (documents' other fields, as
    /// [`Citation::fields`] has them: `Engine::fields().other_names()`).
    pub fn with_fields(mut out: W, format: RowFormat, extra: Vec<String>) -> Result<Self> {
        let header = COLUMNS
            .iter()
            .copied()
            .chain(extra.iter().map(String::as_str));
        match format {
            RowFormat::Csv => write_csv(&mut out, header)?,
            RowFormat::Tsv => write_tsv(&mut out, header)?,
            RowFormat::Jsonl => {}
        }
        Ok(RowWriter { out, format, extra })
    }

    /// Writes one citation's row.
    pub fn row(&mut self, c: &Citation) -> Result<()> {
        if let RowFormat::Jsonl = self.format {
            serde_json::to_writer(&mut self.out, c).map_err(std::io::Error::other)?;
            self.out.write_all(b"\n")?;
            return Ok(());
        }
        let number = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
        let text = |s: &Option<String>| s.clone().unwrap_or_default();
        let fields = [
            c.id.clone(),
            c.doc.clone(),
            c.file.clone(),
            c.line.to_string(),
            c.start.to_string(),
            c.end.to_string(),
            number(c.page),
            number(c.line_on_page),
            c.kind.clone(),
            c.title.clone(),
            c.section.clone(),
            text(&c.author),
            text(&c.date),
            text(&c.source),
            text(&c.url),
            text(&c.lang),
            if c.ocr { "true".into() } else { String::new() },
            c.text.clone(),
        ];
        let extra = self
            .extra
            .iter()
            .map(|name| c.fields.get(name).map_or("", String::as_str));
        let fields = fields.iter().map(String::as_str).chain(extra);
        match self.format {
            RowFormat::Tsv => write_tsv(&mut self.out, fields),
            _ => write_csv(&mut self.out, fields),
        }
    }

    /// Flushes what is written, and gives the writer back.
    pub fn finish(mut self) -> Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }

    /// The writer rows go to.
    pub fn get_mut(&mut self) -> &mut W {
        &mut self.out
    }
}

/// `field` as a spreadsheet reads it as text: with an apostrophe before a
/// leading `=`.
fn as_text(field: &str) -> Cow<'_, str> {
    if field.starts_with('=') {
        Cow::Owned(format!("'{field}"))
    } else {
        Cow::Borrowed(field)
    }
}

/// One CSV record of `fields`, per RFC 4180.
fn write_csv<'a>(out: &mut impl Write, fields: impl Iterator<Item = &'a str>) -> Result<()> {
    for (i, field) in fields.enumerate() {
        let field = as_text(field);
        if i > 0 {
            out.write_all(b",")?;
        }
        if field.contains([',', '"', '\n', '\r']) {
            out.write_all(b"\"")?;
            out.write_all(field.replace('"', "\"\"").as_bytes())?;
            out.write_all(b"\"")?;
        } else {
            out.write_all(field.as_bytes())?;
        }
    }
    out.write_all(b"\r\n")?;
    Ok(())
}

/// One TSV record of `fields`: tabs and line breaks in a field become
/// spaces.
fn write_tsv<'a>(out: &mut impl Write, fields: impl Iterator<Item = &'a str>) -> Result<()> {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.write_all(b"\t")?;
        }
        out.write_all(as_text(field).replace(['\t', '\n', '\r'], " ").as_bytes())?;
    }
    out.write_all(b"\n")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(fields: &[&str]) -> String {
        let mut out = Vec::new();
        write_csv(&mut out, fields.iter().copied()).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn csv_quotes_what_rfc_4180_says_and_only_that() {
        assert_eq!(csv(&["a", "b c", "é"]), "a,b c,é\r\n");
        assert_eq!(
            csv(&["un, deux", "il dit \"oui\"", "ligne\nsuivante", ""]),
            "\"un, deux\",\"il dit \"\"oui\"\"\",\"ligne\nsuivante\",\r\n"
        );
    }

    #[test]
    fn a_field_a_spreadsheet_would_run_as_a_formula_is_text() {
        assert_eq!(
            csv(&[
                "=1+1 est une formule",
                "a = b",
                "-2 degrés",
                "=HYPERLINK(\"x\")"
            ]),
            "'=1+1 est une formule,a = b,-2 degrés,\"'=HYPERLINK(\"\"x\"\")\"\r\n"
        );
        let mut out = Vec::new();
        write_tsv(&mut out, ["=SOMME(A1:A3)", "b"].into_iter()).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "'=SOMME(A1:A3)\tb\n");
    }

    #[test]
    fn tsv_fields_hold_no_tab_nor_line_break() {
        let mut out = Vec::new();
        write_tsv(&mut out, ["a\tb", "c\nd", "e"].into_iter()).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "a b\tc d\te\n");
    }
}
