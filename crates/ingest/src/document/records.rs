//! Record files: datasets as people export them, JSON Lines (`.jsonl`,
//! `.ndjson`), JSON (`.json`: an array of objects, an object holding
//! arrays of them (its longest is read), or one object) and CSV or TSV
//! (`.csv`, `.tsv`, a header row first).
//!
//! Each record is a document of its own: an entry of the file
//! ([`Document::entries`]) with its title and fields. Its fields are found
//! by their names, in English or French, case, accents and separators
//! aside ([`Role::of`]): the text (`text`, `texte`, `content`, `contenu`,
//! `body`…; failing those, every field of several words that is no other
//! role's), the title, the date, the address, the author and the record's
//! id. Each line of a text field is a paragraph; other short fields are
//! the record's metadata, under their names (`source`, `tags`, `lang`…).
//!
//! **Citations.** An entry is named by the record's id when it has one
//! (unique in the file, without blanks or `:`), else by its line (JSON
//! Lines, CSV) or its number (JSON, from 1). A passage's anchor is the
//! field it comes from, its line the line where its words are, and its
//! bytes the field's own where the file writes the words as they are (no
//! escape, no doubled quote), the record's otherwise.

use std::collections::HashSet;
use std::ops::Range;

use serde_json::Value;

use super::block_writer::BlockWriter;
use super::decode::{decode, Decoded};
use super::{has_extension, BlockKind, Document, Entry, ReadError, ReadOptions, Reader};
use crate::analysis::fold;
use crate::settings::RecordFields;

/// Reads JSON Lines files: one JSON object a line.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonLinesReader;

/// Reads JSON files of records.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonReader;

/// Reads CSV and TSV files: a header row, then one record a row.
#[derive(Debug, Clone, Copy, Default)]
pub struct CsvReader;

impl Reader for JsonLinesReader {
    fn accepts(&self, rel: &str, _head: &[u8]) -> bool {
        has_extension(rel, &["jsonl", "ndjson"])
    }

    fn read(&self, bytes: Vec<u8>) -> Result<Document, ReadError> {
        self.read_with(bytes, &ReadOptions::default())
    }

    fn read_with(&self, bytes: Vec<u8>, options: &ReadOptions) -> Result<Document, ReadError> {
        json_lines(&decode(bytes)?, options)
    }
}

/// The records of a text of JSON objects, one a line.
fn json_lines(decoded: &Decoded, options: &ReadOptions) -> Result<Document, ReadError> {
    let mut records = Vec::new();
    let mut unread = Vec::new();
    let mut at = 0;
    for (i, line) in decoded.text.split_inclusive('\n').enumerate() {
        let span = at..at + line.trim_end().len();
        at += line.len();
        let trimmed = line.trim().trim_start_matches('\u{feff}');
        if trimmed.is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(trimmed) {
            Ok(Value::Object(object)) => records.push(Record {
                fields: fields_of(object),
                span,
                number: None,
            }),
            Ok(_) => unread.push(format!("line {}: not a JSON object", i + 1)),
            Err(e) => unread.push(format!("line {}: not JSON ({e})", i + 1)),
        }
    }
    if records.is_empty() {
        return Err(ReadError::Malformed {
            reason: match unread.first() {
                Some(first) => format!("no JSON record ({first})"),
                None => "no JSON record".into(),
            },
        });
    }
    document_of(decoded, records, unread, &options.records)
}

impl Reader for JsonReader {
    fn accepts(&self, rel: &str, _head: &[u8]) -> bool {
        has_extension(rel, &["json"])
    }

    fn read(&self, bytes: Vec<u8>) -> Result<Document, ReadError> {
        self.read_with(bytes, &ReadOptions::default())
    }

    fn read_with(&self, bytes: Vec<u8>, options: &ReadOptions) -> Result<Document, ReadError> {
        let decoded = decode(bytes)?;
        let text = decoded.text.trim_start_matches('\u{feff}');
        let bom = decoded.text.len() - text.len();
        let value: Value = match serde_json::from_str(text) {
            Ok(value) => value,
            Err(e) if e.classify() == serde_json::error::Category::Eof => {
                // An array cut short (an export interrupted): the records
                // before the cut, the rest said.
                return match cut_array(&decoded, text, bom, &e, options) {
                    Some(document) => Ok(document),
                    None => Err(ReadError::Malformed {
                        reason: format!("not JSON: {e}"),
                    }),
                };
            }
            Err(e) => {
                // Objects one a line, named `.json`: JSON Lines.
                let lines = (e.line() > 1).then(|| json_lines(&decoded, options));
                return match lines {
                    Some(Ok(document)) => Ok(document),
                    _ => Err(ReadError::Malformed {
                        reason: format!("not JSON: {e}"),
                    }),
                };
            }
        };
        // An array of records, an object holding one (`{"articles": […]}`),
        // or one record.
        let (items, spans) = match value {
            Value::Array(items) => (items, element_spans(text, None)),
            Value::Object(mut object) => {
                // Its longest array of objects.
                let list = object
                    .iter()
                    .filter_map(|(name, v)| match v {
                        Value::Array(items) => {
                            Some((items.iter().filter(|i| i.is_object()).count(), name))
                        }
                        _ => None,
                    })
                    .filter(|&(objects, _)| objects > 0)
                    .max_by_key(|&(objects, _)| objects)
                    .map(|(_, name)| name.clone());
                let spans = list
                    .as_deref()
                    .map(|name| element_spans(text, Some(name)))
                    .unwrap_or_default();
                match list.and_then(|name| object.remove(&name)) {
                    Some(Value::Array(items)) => (items, spans),
                    _ => (vec![Value::Object(object)], vec![Some(0..text.len())]),
                }
            }
            _ => (Vec::new(), Vec::new()),
        };
        let records = array_records(items, &spans, bom, decoded.text.len());
        if records.is_empty() {
            return Err(ReadError::Malformed {
                reason: "no JSON object to read as a record".into(),
            });
        }
        document_of(&decoded, records, Vec::new(), &options.records)
    }
}

/// The records of an array's `items`, the objects among them, numbered
/// from 1 as the array holds them, each citing its bytes in `spans`
/// (after a byte order mark of `bom` bytes), or the whole file's
/// (`file_len`) where they cannot be told.
fn array_records(
    items: impl IntoIterator<Item = Value>,
    spans: &[Option<Range<usize>>],
    bom: usize,
    file_len: usize,
) -> Vec<Record> {
    items
        .into_iter()
        .enumerate()
        .filter_map(|(i, item)| match item {
            Value::Object(object) => Some(Record {
                fields: fields_of(object),
                span: match spans.get(i).cloned().flatten() {
                    Some(span) => bom + span.start..bom + span.end,
                    None => 0..file_len,
                },
                number: Some(i + 1),
            }),
            _ => None,
        })
        .collect()
}

/// The records of a JSON array cut short (`text` ends inside it, as
/// `error` says): each whole object before the cut, the cut said in the
/// document's `unread`. None when `text` is no array or holds no whole
/// object.
fn cut_array(
    decoded: &Decoded,
    text: &str,
    bom: usize,
    error: &serde_json::Error,
    options: &ReadOptions,
) -> Option<Document> {
    if !text.trim_start().starts_with('[') {
        return None;
    }
    // Each element the scan closed, read on its own; the cut one is none.
    let spans = element_spans(text, None);
    let items = spans.iter().map(|span| {
        span.clone()
            .and_then(|span| serde_json::from_str(&text[span]).ok())
            .unwrap_or(Value::Null)
    });
    let records = array_records(items, &spans, bom, decoded.text.len());
    if records.is_empty() {
        return None;
    }
    let unread = vec![format!(
        "the file ends inside its array at line {} ({error}): the {} records before are read",
        error.line(),
        records.len()
    )];
    document_of(decoded, records, unread, &options.records).ok()
}

impl Reader for CsvReader {
    fn accepts(&self, rel: &str, _head: &[u8]) -> bool {
        has_extension(rel, &["csv", "tsv"])
    }

    fn read(&self, bytes: Vec<u8>) -> Result<Document, ReadError> {
        self.read_with(bytes, &ReadOptions::default())
    }

    fn read_with(&self, bytes: Vec<u8>, options: &ReadOptions) -> Result<Document, ReadError> {
        let decoded = decode(bytes)?;
        let text = &decoded.text;
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let header = text[bom..].lines().next().unwrap_or_default();
        // The separator the header uses most outside quotes: tab, `;` (as
        // French spreadsheets write CSV) or `,`; a header of one column
        // has none, and its rows' commas are text.
        let unquoted: Vec<u8> = header.split('"').step_by(2).flat_map(str::bytes).collect();
        let count = |d: u8| unquoted.iter().filter(|&&b| b == d).count();
        let delimiter = [b'\t', b';', b',']
            .into_iter()
            .filter(|&d| count(d) > 0)
            .max_by_key(|&d| count(d))
            .unwrap_or(b'\x1f');
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(&text.as_bytes()[bom..]);
        let names: Vec<String> = reader
            .headers()
            .map_err(|e| ReadError::Malformed {
                reason: format!("CSV header: {e}"),
            })?
            .iter()
            .map(str::to_string)
            .collect();
        let mut records: Vec<Record> = Vec::new();
        let mut unread = Vec::new();
        let mut longer = Vec::new();
        for row in reader.records() {
            let row = match row {
                Ok(row) => row,
                Err(e) => {
                    unread.push(format!("a row not read: {e}"));
                    break;
                }
            };
            let Some(position) = row.position() else {
                continue;
            };
            if row.len() > names.len() {
                longer.push(position.line());
            }
            let fields = names
                .iter()
                .zip(row.iter())
                .filter(|(_, value)| !value.trim().is_empty())
                .map(|(name, value)| (name.clone(), Field::Text(value.to_string())))
                .collect();
            // After a `\r\n`, the csv crate places the row at its `\n`.
            let mut start = bom + position.byte() as usize;
            while text[start..].starts_with(['\r', '\n']) {
                start += 1;
            }
            records.push(Record {
                fields,
                span: start..start,
                number: None,
            });
        }
        if let Some(first) = longer.first() {
            unread.push(format!(
                "{} row{} with more cells than the header (the first on line {first}): \
                 the cells past the header's left out",
                longer.len(),
                if longer.len() == 1 { "" } else { "s" }
            ));
        }
        // A row ends where the next starts.
        let mut end = text.len();
        for record in records.iter_mut().rev() {
            record.span.end = end.max(record.span.start);
            end = record.span.start;
        }
        if records.is_empty() {
            return Err(ReadError::NoText);
        }
        document_of(&decoded, records, unread, &options.records)
    }
}

/// The byte ranges of the elements of the JSON `text`'s array of
/// records: its top-level array, or the array under `key` of its
/// top-level object; `None` for an element that is no object. Read as
/// JSON is written (strings and their escapes, nesting), on a text that
/// parses.
fn element_spans(text: &str, key: Option<&str>) -> Vec<Option<Range<usize>>> {
    let mut spans = Vec::new();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    // The last string of the top-level object (a key before its value).
    let (mut string_start, mut last_string) = (0, 0..0);
    // The depth inside the array of records, once it is open.
    let mut records: Option<usize> = None;
    // The element of the array begun: an object's start, or another value.
    let (mut object, mut other) = (None, false);
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
                if depth == 1 {
                    last_string = string_start + 1..i;
                }
            }
            continue;
        }
        let at_records = records == Some(depth);
        match b {
            b'"' => {
                in_string = true;
                string_start = i;
                other |= at_records;
            }
            b'{' | b'[' => {
                if at_records && b == b'{' && !other {
                    object = Some(i);
                } else {
                    other |= at_records;
                }
                depth += 1;
                let opens_records = match key {
                    None => depth == 1,
                    Some(key) => depth == 2 && text.get(last_string.clone()) == Some(key),
                };
                if records.is_none() && b == b'[' && opens_records {
                    records = Some(depth);
                }
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if records == Some(depth + 1) && b == b']' {
                    if other {
                        spans.push(None);
                    }
                    return spans;
                }
                if records == Some(depth) && b == b'}' {
                    if let Some(start) = object.take() {
                        spans.push(Some(start..i + 1));
                    }
                }
            }
            b',' if at_records => {
                if other {
                    spans.push(None);
                }
                other = false;
            }
            b if at_records && !b.is_ascii_whitespace() => other = true,
            _ => {}
        }
    }
    spans
}

/// A field's value.
#[derive(Debug, Clone, PartialEq)]
enum Field {
    Text(String),
    /// A list of values (`"tags": ["santé", "IA"]`).
    List(Vec<String>),
}

/// One record, before it is a document.
struct Record {
    /// Its fields, in the order found.
    fields: Vec<(String, Field)>,
    /// Where it is in the decoded text (for JSON, the whole file).
    span: Range<usize>,
    /// Its number from 1 in a JSON array; `None` in a file of one record
    /// a line or a row (JSON Lines, CSV), where its line, read from its
    /// span, is its number.
    number: Option<usize>,
}

/// The fields of a JSON object: text, numbers and booleans as text, lists
/// of them as lists, an object's fields under `name.field`; `null` left
/// out.
fn fields_of(object: serde_json::Map<String, Value>) -> Vec<(String, Field)> {
    let mut fields = Vec::new();
    for (name, value) in object {
        match value {
            Value::Null => {}
            Value::String(s) => fields.push((name, Field::Text(s))),
            Value::Number(n) => fields.push((name, Field::Text(n.to_string()))),
            Value::Bool(b) => fields.push((name, Field::Text(b.to_string()))),
            Value::Array(items) => {
                let values: Vec<String> = items
                    .into_iter()
                    .filter_map(|v| match v {
                        Value::String(s) => Some(s),
                        Value::Number(n) => Some(n.to_string()),
                        Value::Bool(b) => Some(b.to_string()),
                        _ => None,
                    })
                    .collect();
                if !values.is_empty() {
                    fields.push((name, Field::List(values)));
                }
            }
            Value::Object(inner) => {
                for (field, value) in fields_of(inner) {
                    fields.push((format!("{name}.{field}"), value));
                }
            }
        }
    }
    fields
}

/// What a field of a record is for, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Text,
    Title,
    Date,
    Url,
    Author,
    Id,
    /// Any other field: metadata under its name.
    Other,
}

/// A field's name as roles compare it: folded, letters and digits only.
fn name_key(name: &str) -> String {
    fold(name).chars().filter(|c| c.is_alphanumeric()).collect()
}

impl Role {
    /// The role of the field `name` (case, accents and separators aside):
    /// the one whose names the corpus's settings give (`named`), else the
    /// one fouille knows it for, unless the settings name that role's
    /// fields.
    fn of(name: &str, named: &RecordFields) -> Role {
        let key = name_key(name);
        let settings = [
            (&named.text, Role::Text),
            (&named.title, Role::Title),
            (&named.date, Role::Date),
            (&named.url, Role::Url),
            (&named.author, Role::Author),
            (&named.id, Role::Id),
        ];
        if let Some(&(_, role)) = settings
            .iter()
            .find(|(names, _)| names.iter().any(|n| name_key(n) == key))
        {
            return role;
        }
        let known = Role::known(&key);
        if settings
            .iter()
            .any(|(names, role)| *role == known && !names.is_empty())
        {
            return Role::Other;
        }
        known
    }

    /// The role fouille knows the field of name `key` (see [`name_key`])
    /// for.
    fn known(key: &str) -> Role {
        let is = |names: &[&str]| names.contains(&key);
        if is(&[
            "text",
            "texte",
            "content",
            "contenu",
            "body",
            "corps",
            "article",
            "fulltext",
            "textecomplet",
            "message",
            "description",
            "abstract",
            "resume",
            "summary",
            "chapo",
            "chapeau",
            "lead",
            "extrait",
            "excerpt",
            "comment",
            "commentaire",
            "tweet",
            "post",
            "transcript",
            "transcription",
            "question",
            "reponse",
            "answer",
        ]) {
            Role::Text
        } else if is(&[
            "title", "titre", "headline", "subject", "sujet", "objet", "intitule", "libelle",
        ]) {
            Role::Title
        } else if is(&[
            "date",
            "published",
            "publishedat",
            "publicationdate",
            "datepublication",
            "datepublished",
            "datedepublication",
            "pubdate",
            "created",
            "createdat",
            "datecreation",
            "datetime",
            "timestamp",
            "jour",
        ]) {
            Role::Date
        } else if is(&["url", "link", "lien", "href", "permalink", "uri", "adresse"]) {
            Role::Url
        } else if is(&[
            "author",
            "auteur",
            "authors",
            "auteurs",
            "byline",
            "creator",
            "createur",
            "signature",
            "writer",
            "redacteur",
        ]) {
            Role::Author
        } else if is(&[
            "id",
            "identifier",
            "identifiant",
            "uuid",
            "guid",
            "recordid",
        ]) {
            Role::Id
        } else {
            Role::Other
        }
    }
}

/// Fewest words of a field that is no other role's for it to be text when
/// no field of the record is named as text.
const MIN_TEXT_WORDS: usize = 8;
/// Longest value kept as metadata, in characters: a longer one is text.
const MAX_FIELD_CHARS: usize = 200;
/// Farthest, in bytes, past the last field found that a field's words are
/// looked for: a record's fields are near one another.
const SEARCH_WINDOW: usize = 64 * 1024;
/// Names a record's field cannot give, being the document's own.
const RESERVED: [&str; 4] = ["doc", "file", "year", "path"];

/// The document of `records`, read from `decoded`.
fn document_of(
    decoded: &Decoded,
    records: Vec<Record>,
    unread: Vec<String>,
    named: &RecordFields,
) -> Result<Document, ReadError> {
    let mut writer = BlockWriter::new(decoded, false);
    let identity = writer.is_identity();
    let mut entries = Vec::with_capacity(records.len());
    let mut left_out = 0;
    let ids: Vec<Option<String>> = records.iter().map(|r| record_id(r, named)).collect();
    let mut seen = HashSet::new();
    let repeated: HashSet<&str> = ids
        .iter()
        .flatten()
        .filter(|id| !seen.insert(id.as_str()))
        .map(String::as_str)
        .collect();
    // Where the next field's words are looked for: fields are found in
    // file order (a JSON object's fields come sorted by name, so each is
    // looked for from its record's start, and not before the last found).
    let mut cursor = 0;
    // Names taken: the unique ids first, which lines give way to.
    let mut used: HashSet<String> = ids
        .iter()
        .flatten()
        .filter(|id| !repeated.contains(id.as_str()))
        .cloned()
        .collect();
    for (record, id) in records.iter().zip(&ids) {
        let roles: Vec<Role> = record
            .fields
            .iter()
            .map(|(n, _)| Role::of(n, named))
            .collect();
        let named_text = roles.contains(&Role::Text);
        let mut texts: Vec<(&str, &str)> = Vec::new();
        let mut title = None;
        let mut metadata = Vec::new();
        for ((name, value), &role) in record.fields.iter().zip(&roles) {
            let values: Vec<&str> = match value {
                Field::Text(v) => vec![v.as_str()],
                Field::List(vs) => vs.iter().map(String::as_str).collect(),
            };
            let long = values.iter().any(|v| v.chars().count() > MAX_FIELD_CHARS);
            let words = values
                .iter()
                .map(|v| v.split_whitespace().count())
                .sum::<usize>();
            match role {
                Role::Text => texts.extend(values.iter().map(|v| (name.as_str(), *v))),
                Role::Title if title.is_none() => title = values.first().map(|v| v.trim()),
                Role::Other if long || !named_text && words >= MIN_TEXT_WORDS => {
                    texts.extend(values.iter().map(|v| (name.as_str(), *v)))
                }
                Role::Date => metadata.push(("date".to_string(), values.join(" "))),
                Role::Url => metadata.push(("url".to_string(), values.join(" "))),
                Role::Author => {
                    metadata.extend(values.iter().map(|v| ("author".to_string(), v.to_string())))
                }
                Role::Id => metadata.push(("record_id".to_string(), values.join(" "))),
                Role::Title | Role::Other => {
                    let key = fold(name).replace([' ', '-'], "_");
                    if !RESERVED.contains(&key.as_str()) {
                        metadata.extend(values.iter().map(|v| (key.clone(), v.to_string())));
                    }
                }
            }
        }
        let title = title.filter(|t| !t.is_empty());
        if texts.iter().all(|(_, t)| t.trim().is_empty()) && title.is_none() {
            left_out += 1;
            continue;
        }
        // A line's or a number's name, where a record has no id of its own
        // (as JSON Lines and CSV are cited: by line).
        let number = record
            .number
            .unwrap_or_else(|| writer.line_of(record.span.start) as usize);
        let name = match id {
            Some(id) if !repeated.contains(id.as_str()) => id.clone(),
            _ if !used.contains(&number.to_string()) => number.to_string(),
            // An id took the number (`"id": "4"` beside line 4).
            _ => match record.number {
                None => format!("line-{number}"),
                Some(_) => format!("record-{number}"),
            },
        };
        used.insert(name.clone());
        writer.enter(entries.len() as u32);
        cursor = cursor.max(record.span.start);
        // Where `words` are written as they are, after `from` and not far
        // past it, within the record.
        let find = |from: usize, words: &str| -> Option<usize> {
            let mut end = record.span.end.min(from + words.len() + SEARCH_WINDOW);
            while !decoded.text.is_char_boundary(end) {
                end -= 1;
            }
            Some(from + decoded.text.get(from..end)?.find(words)?)
        };
        let mut place = |words: &str| -> (Range<usize>, bool) {
            // After the last field found (fields come in file order), else
            // anywhere in the record (a title after the text).
            match find(cursor, words).or_else(|| find(record.span.start, words)) {
                Some(start) => {
                    cursor = cursor.max(start + words.len());
                    (start..start + words.len(), identity)
                }
                // Written otherwise (escaped, quotes doubled): the record's
                // bytes.
                None => (record.span.clone(), false),
            }
        };
        if let Some(title) = title {
            let (range, exact) = place(title);
            let line = writer.line_of(range.start);
            writer.push(BlockKind::Title, title, range, exact, line, None);
        }
        for (field, text) in texts {
            for paragraph in text.lines().map(str::trim).filter(|p| !p.is_empty()) {
                let (range, exact) = place(paragraph);
                let line = writer.line_of(range.start);
                writer.push(
                    BlockKind::Paragraph,
                    paragraph,
                    range,
                    exact,
                    line,
                    Some(field.to_string()),
                );
            }
        }
        if record.number.is_none() {
            metadata.push(("record_line".to_string(), number.to_string()));
        }
        entries.push(Entry {
            name,
            title: title.map(str::to_string),
            metadata,
        });
    }
    if entries.is_empty() {
        let mut fields: Vec<&str> = Vec::new();
        for (name, _) in records.iter().flat_map(|r| &r.fields) {
            if !fields.contains(&name.as_str()) {
                fields.push(name);
            }
        }
        return Err(ReadError::NoRecordText {
            fields: fields.join(", "),
        });
    }
    let (text, blocks) = writer.finish();
    Ok(Document {
        text: text.unwrap_or_default(),
        title: None,
        metadata: Vec::new(),
        blocks,
        left_out,
        unread,
        encoding: decoded.encoding_name(),
        entries,
        pages: Vec::new(),
        page_rows: Vec::new(),
    })
}

/// The record's id, when it has one that can name it in a passage id:
/// not empty, at most 64 characters, without blanks, `:` or `/`.
fn record_id(record: &Record, named: &RecordFields) -> Option<String> {
    record.fields.iter().find_map(|(name, value)| match value {
        Field::Text(id) if Role::of(name, named) == Role::Id => {
            let id = id.trim();
            (!id.is_empty()
                && id.chars().count() <= 64
                && !id.contains(|c: char| c.is_whitespace() || c == ':' || c == '/'))
            .then(|| id.to_string())
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(document: &Document) -> Vec<(u32, &str)> {
        document
            .blocks
            .iter()
            .map(|b| (b.entry, document.text_of(b)))
            .collect()
    }

    #[test]
    fn json_lines_are_one_record_a_line_with_their_fields() {
        let file = "{\"id\": \"a1\", \"titre\": \"Les nappes\", \"texte\": \"Les nappes baissent.\\nLes captages aussi.\", \"date\": \"11/02/2025\", \"auteur\": \"Claire Martin\", \"tags\": [\"eau\", \"climat\"]}\n\
            \n\
            pas du JSON\n\
            {\"contenu\": \"La santé numérique progresse.\", \"source\": \"hcl\"}\n";
        let document = JsonLinesReader.read(file.as_bytes().to_vec()).unwrap();
        assert_eq!(
            texts(&document),
            [
                (0, "Les nappes"),
                (0, "Les nappes baissent."),
                (0, "Les captages aussi."),
                (1, "La santé numérique progresse.")
            ]
        );
        let names: Vec<&str> = document.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["a1", "4"]);
        let first = &document.entries[0];
        assert_eq!(first.title.as_deref(), Some("Les nappes"));
        for field in [
            ("date", "11/02/2025"),
            ("author", "Claire Martin"),
            ("tags", "eau"),
            ("tags", "climat"),
            ("record_id", "a1"),
            ("record_line", "1"),
        ] {
            assert!(
                first.metadata.contains(&(field.0.into(), field.1.into())),
                "{field:?} {:?}",
                first.metadata
            );
        }
        assert!(document.entries[1]
            .metadata
            .contains(&("source".into(), "hcl".into())));
        // The field's own bytes, on its line; the bad line said.
        let block = &document.blocks[3];
        assert!(block.exact);
        assert_eq!(
            &file[block.source.start as usize..block.source.end as usize],
            "La santé numérique progresse."
        );
        assert_eq!((block.line, block.anchor.as_deref()), (4, Some("contenu")));
        assert_eq!(document.unread.len(), 1, "{:?}", document.unread);
        assert!(document.unread[0].starts_with("line 3: not JSON"));
    }

    #[test]
    fn an_escaped_field_cites_its_record() {
        let file = "{\"texte\": \"Il dit \\u00ab bonjour \\u00bb.\"}\n";
        let document = JsonLinesReader.read(file.as_bytes().to_vec()).unwrap();
        let block = &document.blocks[0];
        assert_eq!(document.text_of(block), "Il dit « bonjour ».");
        assert!(!block.exact);
        assert_eq!(block.source, 0..file.trim_end().len() as u64);
    }

    #[test]
    fn a_json_array_or_an_object_holding_one_is_records() {
        let array = r#"[{"title": "Un", "body": "Premier texte."}, 3, {"body": "Second texte."}]"#;
        let document = JsonReader.read(array.as_bytes().to_vec()).unwrap();
        assert_eq!(
            texts(&document),
            [(0, "Un"), (0, "Premier texte."), (1, "Second texte.")]
        );
        let names: Vec<&str> = document.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["1", "3"]);
        // Each record cites its object's bytes, on its line.
        let array = "[\n  {\"body\": \"Un \\\"mot\\\".\"},\n  [1],\n  {\"body\": \"Deux.\"}\n]";
        let document = JsonReader.read(array.as_bytes().to_vec()).unwrap();
        let cited: Vec<(&str, u32)> = document
            .blocks
            .iter()
            .map(|b| {
                (
                    &array[b.source.start as usize..b.source.end as usize],
                    b.line,
                )
            })
            .collect();
        assert_eq!(
            cited,
            [("{\"body\": \"Un \\\"mot\\\".\"}", 2), ("Deux.", 4)]
        );
        let held = r#"{"meta": {"n": 2}, "articles": [{"texte": "Un article."}]}"#;
        let document = JsonReader.read(held.as_bytes().to_vec()).unwrap();
        assert_eq!(texts(&document), [(0, "Un article.")]);
        assert!(JsonReader.read(b"[1, 2]".to_vec()).is_err());
        assert!(JsonReader.read(b"{\"a\": ".to_vec()).is_err());
    }

    #[test]
    fn a_json_array_cut_short_gives_its_whole_records_and_says_so() {
        let cut = "[{\"body\": \"Premier texte.\"},\n {\"body\": \"Second texte.\"},\n {\"body\": \"Trois";
        let document = JsonReader.read(cut.as_bytes().to_vec()).unwrap();
        assert_eq!(
            texts(&document),
            [(0, "Premier texte."), (1, "Second texte.")]
        );
        assert_eq!(document.unread.len(), 1, "{:?}", document.unread);
        assert!(
            document.unread[0].starts_with("the file ends inside its array at line 3"),
            "{:?}",
            document.unread
        );
        // Cut before any whole record, or not an array: no record to give.
        assert!(JsonReader.read(b"[{\"body\": \"Un".to_vec()).is_err());
        assert!(JsonReader
            .read(b"{\"articles\": [{\"body\": \"Un\"}".to_vec())
            .is_err());
    }

    #[test]
    fn csv_rows_are_records_whatever_the_separator_and_encoding() {
        let file = "id;Titre;Texte;Date de publication\n\
            r1;Les nappes;\"Les nappes baissent;\nles captages aussi.\";2025-02-11\n\
            r2;La santé;\"Il dit \"\"non\"\".\";2024-05-01\n";
        let document = CsvReader.read(file.as_bytes().to_vec()).unwrap();
        assert_eq!(
            texts(&document),
            [
                (0, "Les nappes"),
                (0, "Les nappes baissent;"),
                (0, "les captages aussi."),
                (1, "La santé"),
                (1, "Il dit \"non\".")
            ]
        );
        let names: Vec<&str> = document.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["r1", "r2"]);
        assert!(document.entries[1]
            .metadata
            .contains(&("date".into(), "2024-05-01".into())));
        // A row's second line is its own line of the file; a doubled quote
        // cites its row.
        assert_eq!(document.blocks[2].line, 3);
        assert!(document.blocks[2].exact);
        assert!(!document.blocks[4].exact);
        // Tabs, and Windows-1252.
        let tsv = encoding_rs::WINDOWS_1252
            .encode("texte\tsource\nUne économie fragile.\tinsee\n")
            .0
            .into_owned();
        let document = CsvReader.read(tsv).unwrap();
        assert_eq!(texts(&document), [(0, "Une économie fragile.")]);
        assert_eq!(document.entries[0].name, "2");
        assert!(document.entries[0]
            .metadata
            .contains(&("source".into(), "insee".into())));
    }

    #[test]
    fn without_a_text_field_long_fields_are_the_text() {
        let file = "nom,remarque\nDupont,\"Le rapport souligne une baisse nette des nappes cette année.\"\nMartin,court\n";
        let document = CsvReader.read(file.as_bytes().to_vec()).unwrap();
        assert_eq!(
            texts(&document),
            [(
                0,
                "Le rapport souligne une baisse nette des nappes cette année."
            )]
        );
        // The record without text is left out, and counted.
        assert_eq!(document.left_out, 1);
        assert!(document.entries[0]
            .metadata
            .contains(&("nom".into(), "Dupont".into())));
    }

    proptest::proptest! {
        /// Each object of an array of records is found at its bytes,
        /// whatever its strings hold; other elements are none.
        #[test]
        fn element_spans_hold_their_objects(
            items in proptest::collection::vec(("[a-z{}\\[\\]\"\\\\:, ]{0,12}", 0..3u8), 0..6),
            pretty in proptest::prelude::any::<bool>(),
            held in proptest::prelude::any::<bool>(),
        ) {
            let values: Vec<Value> = items
                .iter()
                .map(|(s, kind)| match kind {
                    0 => serde_json::json!({ "t": s, "n": [s, {"x": s}] }),
                    1 => Value::String(s.clone()),
                    _ => serde_json::json!([s]),
                })
                .collect();
            let root = if held {
                serde_json::json!({ "meta": [{"t": "x"}], "articles": values })
            } else {
                Value::Array(values.clone())
            };
            let text = if pretty {
                serde_json::to_string_pretty(&root).unwrap()
            } else {
                serde_json::to_string(&root).unwrap()
            };
            let spans = element_spans(&text, held.then_some("articles"));
            proptest::prop_assert_eq!(spans.len(), values.len(), "{}", text);
            for (span, value) in spans.iter().zip(&values) {
                match span {
                    Some(span) => {
                        let read: Value = serde_json::from_str(&text[span.clone()]).unwrap();
                        proptest::prop_assert_eq!(&read, value);
                    }
                    None => proptest::prop_assert!(!value.is_object()),
                }
            }
        }
    }

    #[test]
    fn the_corpus_settings_name_fields_no_list_knows() {
        let file = "num;intitulé;corps_article;chapo\nA-1;Les nappes;Les nappes baissent.;Un chapeau court\n";
        let options = ReadOptions {
            records: RecordFields {
                text: vec!["Corps article".into()],
                title: vec!["Intitule".into()],
                id: vec!["num".into()],
                ..RecordFields::default()
            },
            ..ReadOptions::default()
        };
        let document = CsvReader
            .read_with(file.as_bytes().to_vec(), &options)
            .unwrap();
        // `chapo`, text by the names fouille knows, is not when the
        // settings name the text: a field of metadata.
        assert_eq!(
            texts(&document),
            [(0, "Les nappes"), (0, "Les nappes baissent.")]
        );
        assert_eq!(document.entries[0].name, "A-1");
        assert!(document.entries[0]
            .metadata
            .contains(&("chapo".into(), "Un chapeau court".into())));
        // Without them, `chapo` is the text.
        let document = CsvReader.read(file.as_bytes().to_vec()).unwrap();
        assert_eq!(
            texts(&document),
            [(0, "Les nappes"), (0, "Un chapeau court")]
        );
    }

    #[test]
    fn ids_name_records_only_when_unique() {
        let file = "{\"id\": \"x\", \"texte\": \"Un.\"}\n{\"id\": \"x\", \"texte\": \"Deux.\"}\n{\"id\": \"a b\", \"texte\": \"Trois.\"}\n";
        let document = JsonLinesReader.read(file.as_bytes().to_vec()).unwrap();
        let names: Vec<&str> = document.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["1", "2", "3"]);
    }

    #[test]
    fn fields_in_any_order_cite_their_own_bytes() {
        let file = "{\"id\": \"o1\", \"texte\": \"Le texte vient avant le titre.\", \"titre\": \"Titre après\", \"resume\": \"Un r\\u00e9sum\\u00e9.\"}\n";
        let document = JsonLinesReader.read(file.as_bytes().to_vec()).unwrap();
        let cited: Vec<(&str, bool)> = document
            .blocks
            .iter()
            .map(|b| {
                (
                    &file[b.source.start as usize..b.source.end as usize],
                    b.exact,
                )
            })
            .collect();
        assert_eq!(
            cited,
            [
                ("Titre après", true),
                // Escaped: the whole record.
                (file.trim_end(), false),
                ("Le texte vient avant le titre.", true),
            ]
        );
    }

    #[test]
    fn record_names_are_unique_and_lines_are_the_files() {
        // Ids 3 twice (named by line) and 4 (which line 4 would be).
        let file = "id,texte\r\n1,Un.\r\n2,Deux.\r\n3,Trois.\r\n3,Trois bis.\r\n4,Quatre.\r\n";
        let document = CsvReader.read(file.as_bytes().to_vec()).unwrap();
        let names: Vec<&str> = document.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["1", "2", "line-4", "5", "4"]);
        assert!(document.entries[2]
            .metadata
            .contains(&("record_line".into(), "4".into())));
        let lines: Vec<u32> = document.blocks.iter().map(|b| b.line).collect();
        assert_eq!(lines, [2, 3, 4, 5, 6]);
    }

    #[test]
    fn a_long_address_stays_a_field() {
        let url = format!("https://exemple.fr/?{}", "x".repeat(250));
        let file = format!("{{\"texte\": \"Un texte.\", \"url\": \"{url}\"}}\n");
        let document = JsonLinesReader.read(file.into_bytes()).unwrap();
        assert!(document.entries[0].metadata.contains(&("url".into(), url)));
    }

    #[test]
    fn csv_separators_are_read_outside_quotes_and_extra_cells_said() {
        let file = "\"Auteur, nom\";texte\nDupont;Les nappes, dit-il, baissent.\n";
        let document = CsvReader.read(file.as_bytes().to_vec()).unwrap();
        assert_eq!(texts(&document), [(0, "Les nappes, dit-il, baissent.")]);
        // One column: its commas are text.
        let file = "texte\nUne seule colonne, avec une virgule.\n";
        let document = CsvReader.read(file.as_bytes().to_vec()).unwrap();
        assert_eq!(
            texts(&document),
            [(0, "Une seule colonne, avec une virgule.")]
        );
        let file = "id,texte\nr1,Un texte,de trop\n";
        let document = CsvReader.read(file.as_bytes().to_vec()).unwrap();
        assert_eq!(document.unread.len(), 1, "{:?}", document.unread);
        assert!(
            document.unread[0].contains("line 2"),
            "{:?}",
            document.unread
        );
    }

    #[test]
    fn a_json_file_of_json_lines_is_read_as_such() {
        let file = "{\"texte\": \"Un.\"}\n{\"texte\": \"Deux.\"}\n";
        let document = JsonReader.read(file.as_bytes().to_vec()).unwrap();
        assert_eq!(texts(&document), [(0, "Un."), (1, "Deux.")]);
    }

    #[test]
    fn records_without_text_say_which_fields_they_have() {
        let file = "num;corps_article\nA-1;Les nappes baissent.\n";
        let error = CsvReader.read(file.as_bytes().to_vec()).unwrap_err();
        assert_eq!(
            error,
            ReadError::NoRecordText {
                fields: "num, corps_article".into()
            }
        );
        assert!(error.to_string().contains("fouille.toml"), "{error}");
    }
}
