//! Documents' fields as filters, facets, sorts and citations see them: what
//! each document's reader found (title, author, date, url, lang, tags…),
//! with the corpus's `metadata.csv` over it, and fields made from those:
//! `source` (the first folder of the file's path when nothing names
//! one), `year` (of `date`), `doc` and `file`.
//!
//! Made once when an index is opened, for every document: a few strings
//! each.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use serde::Serialize;

use fouille_ingest::PassageTable;
use fouille_ingest::{iso_date, year_of, MetadataFile, DATE_FIELDS};

use crate::filter::PASSAGE_FIELDS;

/// Fields every index knows, whether or not a document has them.
pub const BUILT_IN_FIELDS: &[&str] = &[
    "doc", "file", "title", "author", "date", "year", "source", "url", "lang", "tags",
];

/// Fields a citation has a place of its own for (or that name the
/// document it cites).
pub const CITED_FIELDS: &[&str] = &[
    "doc", "file", "title", "author", "date", "year", "source", "url", "lang",
];

/// Fields whose value is a list (`tags: santé, opinion`): each item is a
/// value of its own.
const LIST_FIELDS: &[&str] = &["tags", "keywords"];

/// One field of documents in [`DocFields::summary`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldSummary {
    /// The field's name, as filters, facets and `by` take it.
    pub name: String,
    /// Documents that have it.
    pub documents: u64,
    /// Its distinct values (each item of a list field a value).
    pub values: u64,
}

/// The fields of every document of an index.
#[derive(Debug, Default)]
pub struct DocFields {
    /// For each document (by its number in the table), its fields in
    /// order, a list field giving one pair for each item.
    docs: Vec<Vec<(Arc<str>, Box<str>)>>,
    /// Every field's name some document has, and the built-in ones.
    names: BTreeSet<String>,
    /// Paths of `metadata.csv` that no document of the index has.
    unknown_paths: Vec<String>,
    /// Paths `metadata.csv` names twice: the line of the later row, which
    /// wins, and the path.
    repeated_paths: Vec<(u64, String)>,
}

impl DocFields {
    /// The fields of `table`'s documents, with `overlay` (a
    /// `metadata.csv`) over them.
    pub fn new(table: &PassageTable, overlay: Option<&MetadataFile>) -> DocFields {
        let mut interned: HashMap<String, Arc<str>> = HashMap::new();
        // Looked up before it is stored: a name is made a `String` once,
        // not once a document.
        let mut intern = |name: &str| -> Arc<str> {
            if let Some(known) = interned.get(name) {
                return known.clone();
            }
            let new: Arc<str> = Arc::from(name);
            interned.insert(name.to_string(), new.clone());
            new
        };
        let mut used_paths = std::collections::HashSet::new();
        let mut docs = Vec::with_capacity(table.doc_count());
        for index in 0..table.doc_count() as u32 {
            let Some(doc) = table.doc(index) else {
                docs.push(Vec::new());
                continue;
            };
            let mut fields: Vec<(String, String)> = vec![
                ("doc".into(), doc.name.to_string()),
                ("file".into(), doc.file.to_string()),
            ];
            if !doc.title.is_empty() {
                fields.push(("title".into(), doc.title.to_string()));
            }
            fields.extend(
                doc.metadata()
                    .filter(|(n, _)| *n != fouille_ingest::OCR_PAGES)
                    .map(|(n, v)| (n.to_string(), v.to_string())),
            );
            if let Some(extra) = overlay.and_then(|o| o.fields_of(doc.file)) {
                used_paths.insert(MetadataFile::key(doc.file));
                for (name, value) in extra {
                    fields.retain(|(n, _)| n != name);
                    fields.push((name.clone(), value.clone()));
                }
            }
            if !fields.iter().any(|(n, _)| n == "source") {
                if let Some((folder, _)) = doc.file.split_once('/') {
                    fields.push(("source".into(), folder.to_string()));
                }
            }
            // A field a reader gives twice alike (a front matter's title
            // is the document's title) is one value.
            // (A few fields: compared in place, nothing stored.)
            let mut at = 0;
            while at < fields.len() {
                if fields[..at].contains(&fields[at]) {
                    fields.remove(at);
                } else {
                    at += 1;
                }
            }
            let mut out = Vec::with_capacity(fields.len() + 2);
            for (name, value) in fields {
                let (value, iso) = if DATE_FIELDS.contains(&name.as_str()) {
                    match iso_date(&value) {
                        Some(iso) => (iso, true),
                        None => (value, false),
                    }
                } else {
                    (value, false)
                };
                if name == "date" && iso {
                    if let Some(year) = year_of(&value) {
                        out.push((intern("year"), Box::from(year)));
                    }
                }
                if LIST_FIELDS.contains(&name.as_str()) {
                    let name = intern(&name);
                    for item in value
                        .split([',', ';'])
                        .map(str::trim)
                        .filter(|i| !i.is_empty())
                    {
                        out.push((name.clone(), Box::from(item)));
                    }
                } else {
                    out.push((intern(&name), value.into_boxed_str()));
                }
            }
            docs.push(out);
        }
        let mut names: BTreeSet<String> = interned.into_keys().collect();
        names.extend(BUILT_IN_FIELDS.iter().map(|s| s.to_string()));
        let mut unknown_paths: Vec<String> = overlay
            .map(|o| {
                o.files
                    .keys()
                    .filter(|p| !used_paths.contains(*p))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        unknown_paths.sort();
        DocFields {
            docs,
            names,
            unknown_paths,
            repeated_paths: overlay.map(|o| o.repeated.clone()).unwrap_or_default(),
        }
    }

    /// The values of field `name` of document `doc`.
    pub fn values<'a, 'n>(
        &'a self,
        doc: u32,
        name: &'n str,
    ) -> impl Iterator<Item = &'a str> + use<'a, 'n>
    where
        'a: 'n,
    {
        self.docs
            .get(doc as usize)
            .into_iter()
            .flatten()
            .filter(move |(n, _)| &**n == name)
            .map(|(_, v)| &**v)
    }

    /// The first value of field `name` of document `doc`.
    pub fn first<'a>(&'a self, doc: u32, name: &str) -> Option<&'a str> {
        self.values(doc, name).next()
    }

    /// The fields of document `doc` that a citation has no place of its
    /// own for (see [`CITED_FIELDS`]), a list's items joined by `, `.
    pub fn others(&self, doc: u32) -> std::collections::BTreeMap<String, String> {
        let mut out: std::collections::BTreeMap<String, String> = Default::default();
        for (name, value) in self.docs.get(doc as usize).into_iter().flatten() {
            if CITED_FIELDS.contains(&&**name) {
                continue;
            }
            out.entry(name.to_string())
                .and_modify(|v| {
                    v.push_str(", ");
                    v.push_str(value);
                })
                .or_insert_with(|| value.to_string());
        }
        out
    }

    /// The names of the fields some document has beyond those a citation
    /// has a place of its own for: the extra columns of a table of
    /// citations, sorted.
    pub fn other_names(&self) -> Vec<String> {
        self.docs
            .iter()
            .flatten()
            .map(|(n, _)| &**n)
            .filter(|n| !CITED_FIELDS.contains(n))
            .collect::<BTreeSet<&str>>()
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    /// True when some document has field `name`, or it is built in or a
    /// passage's.
    pub fn knows(&self, name: &str) -> bool {
        self.names.contains(name) || PASSAGE_FIELDS.contains(&name)
    }

    /// The names of the fields documents have, and the built-in ones.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }

    /// Every field some document has, by name: how many documents have
    /// it and how many values it takes. A page or a script learns from it
    /// which fields are worth counting (a facet of a handful of values)
    /// and which name each document apart (`url`, `doc`).
    pub fn summary(&self) -> Vec<FieldSummary> {
        let mut fields: BTreeMap<&str, (u64, HashSet<&str>)> = BTreeMap::new();
        for doc in &self.docs {
            for (at, (name, value)) in doc.iter().enumerate() {
                let (documents, values) = fields.entry(&**name).or_default();
                // A list field gives a pair per item: its document counts once.
                if !doc[..at].iter().any(|(n, _)| n == name) {
                    *documents += 1;
                }
                values.insert(&**value);
            }
        }
        fields
            .into_iter()
            .map(|(name, (documents, values))| FieldSummary {
                name: name.to_string(),
                documents,
                values: values.len() as u64,
            })
            .collect()
    }

    /// Paths of the corpus's `metadata.csv` that name no document.
    pub fn unknown_paths(&self) -> &[String] {
        &self.unknown_paths
    }

    /// Paths the corpus's `metadata.csv` names twice: the line of the
    /// later row (which wins) and the path.
    pub fn repeated_paths(&self) -> &[(u64, String)] {
        &self.repeated_paths
    }
}
