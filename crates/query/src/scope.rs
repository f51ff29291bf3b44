//! A search's scope beyond its words: the passages a filter keeps, the
//! order a sort asks for, and the facets counted over every match.
//!
//! A filter is tried once per document (once per passage when it names a
//! passage's field), which gives the passages it keeps as a bit per
//! passage ordinal; the search's query then runs wrapped in
//! [`PassagesKept`](crate::passage_filter::PassagesKept), which skips the
//! others as its scorer goes. So a
//! selective filter costs the query's own matching and a test of a bit
//! per match, no more than the search unfiltered, and every count (total
//! hits, facets, `--all`) is of the filtered passages.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::sync::Arc;

use fouille_ingest::{PassageSchema, PassageTable};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentReader};

use crate::error::QueryError;
use crate::fields::DocFields;
use crate::filter::Filter;
use crate::passage_filter::KeepsPassage;

/// What part of the corpus a search covers, how its hits are ordered, and
/// what it counts besides (`--filter`, `--sort`, `--facets`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// A filter on documents' fields, in Meilisearch's syntax (see
    /// [`crate::filter`]).
    pub filter: Option<String>,
    /// `field:asc` or `field:desc`: hits in that order (documents without
    /// the field last), then in corpus order, rather than by relevance.
    pub sort: Option<String>,
    /// Fields whose values are counted over every matching passage.
    pub facets: Vec<String>,
}

/// Facet counts: for each field asked for, passages matching by value.
pub type Facets = BTreeMap<String, BTreeMap<String, u64>>;

/// A sort, read: the field, and whether from the highest value down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sort {
    pub(crate) field: String,
    pub(crate) descending: bool,
}

impl Sort {
    /// Reads `field:asc` / `field:desc` (`field` alone: ascending).
    pub(crate) fn parse(text: &str, fields: &DocFields) -> Result<Sort, QueryError> {
        let bad = |reason: String| QueryError::BadSort {
            sort: text.to_string(),
            reason,
        };
        let (field, order) = text.trim().split_once(':').unwrap_or((text.trim(), "asc"));
        let descending = match order.trim() {
            "asc" => false,
            "desc" => true,
            other => return Err(bad(format!("order \"{other}\": asc or desc"))),
        };
        let field = field.trim().to_lowercase();
        let field = field.as_str();
        if crate::filter::PASSAGE_FIELDS.contains(&field) {
            return Err(bad(format!(
                "\"{field}\" is a field of passages, for filters: sorts order documents' fields"
            )));
        }
        if !fields.knows(field) {
            return Err(bad(format!("unknown field \"{field}\"")));
        }
        Ok(Sort {
            field: field.to_string(),
            descending,
        })
    }

    /// Orders passages (ordinal, document) by the field of their document,
    /// those without it last, ties in corpus order.
    pub(crate) fn order(&self, passages: &mut [(u32, u32)], fields: &DocFields) {
        let date = fouille_ingest::DATE_FIELDS.contains(&self.field.as_str());
        // Each document's key, made once: a total order, so that pages of
        // one sort join up.
        let mut keys: std::collections::HashMap<u32, Option<SortKey>> = Default::default();
        for &(_, doc) in passages.iter() {
            keys.entry(doc)
                .or_insert_with(|| fields.first(doc, &self.field).map(|v| SortKey::of(v, date)));
        }
        passages.sort_by(|&(a, doc_a), &(b, doc_b)| {
            let by_field = match (&keys[&doc_a], &keys[&doc_b]) {
                (Some(x), Some(y)) if self.descending => y.cmp(x),
                (Some(x), Some(y)) => x.cmp(y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            };
            by_field.then(a.cmp(&b))
        });
    }
}

/// A value's place in a sort: numbers (or, for a date field, dates)
/// first, in their order, then other values as text, case and accents
/// folded.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum SortKey {
    /// A number, as bits ordered as the numbers are.
    Number(u64),
    /// An ISO 8601 date.
    Date(String),
    /// Anything else, folded.
    Text(String),
}

impl SortKey {
    fn of(value: &str, date: bool) -> SortKey {
        if date {
            if fouille_ingest::iso_date(value).as_deref() == Some(value) {
                return SortKey::Date(value.to_string());
            }
        } else if let Ok(n) = value.trim().parse::<f64>() {
            if n.is_finite() {
                let bits = n.to_bits();
                let ordered = if bits >> 63 == 1 {
                    !bits
                } else {
                    bits | 1 << 63
                };
                return SortKey::Number(ordered);
            }
        }
        SortKey::Text(fouille_ingest::analysis::fold(value))
    }
}

/// Reads `text` as a filter over the fields of `fields`.
pub(crate) fn parse_filter(text: &str, fields: &DocFields) -> Result<Filter, QueryError> {
    Filter::parse(text, |name| fields.knows(name)).map_err(QueryError::BadFilter)
}

/// The passages a filter keeps: a bit per passage ordinal.
#[derive(Debug)]
pub(crate) struct Kept {
    bits: Vec<u64>,
}

impl Kept {
    /// The passages of `table` that `filter` keeps; `starts` gives the
    /// first passage of each document (see [`ByDocument::starts`]).
    pub(crate) fn new(
        filter: &Filter,
        table: &PassageTable,
        starts: &[u32],
        fields: &DocFields,
    ) -> Kept {
        let mut bits = vec![0u64; table.len() / 64 + 1];
        let mut keep = |ord: u32| bits[ord as usize / 64] |= 1 << (ord % 64);
        if filter.by_passage() {
            for ord in 0..table.len() as u32 {
                let Some(passage) = table.passage(ord) else {
                    continue;
                };
                let doc = passage.doc_index();
                let heading = passage.section().and_then(|s| s.heading()).unwrap_or("");
                let page = passage.info.page.map(|(page, _)| page.to_string());
                let kind = passage.info.kind.name();
                let values = |name: &str| -> std::vec::IntoIter<&str> {
                    match name {
                        "section" => std::iter::once(heading)
                            .chain(heading.split(" › "))
                            .collect::<Vec<_>>()
                            .into_iter(),
                        "kind" => vec![kind].into_iter(),
                        "page" => page.as_deref().into_iter().collect::<Vec<_>>().into_iter(),
                        _ => fields.values(doc, name).collect::<Vec<_>>().into_iter(),
                    }
                };
                if filter.holds(&values) {
                    keep(ord);
                }
            }
        } else {
            for doc in 0..starts.len().saturating_sub(1) as u32 {
                let values = |name: &str| fields.values(doc, name).collect::<Vec<_>>().into_iter();
                if filter.holds(&values) {
                    let (from, to) = (starts[doc as usize], starts[doc as usize + 1]);
                    for ord in from..to {
                        keep(ord);
                    }
                }
            }
        }
        Kept { bits }
    }

    pub(crate) fn keeps(&self, ord: u64) -> bool {
        self.bits
            .get((ord / 64) as usize)
            .is_some_and(|word| word & (1 << (ord % 64)) != 0)
    }
}

impl KeepsPassage for Arc<Kept> {
    fn keeps(&self, ord: u64) -> bool {
        Kept::keeps(self, ord)
    }
}

/// Counts matching passages by document: what facets are made of.
pub(crate) struct ByDocument {
    /// The first ordinal of each document, then the count of passages: a
    /// passage's document is found by binary search.
    pub(crate) starts: Arc<Vec<u32>>,
}

impl ByDocument {
    /// The first ordinal of each document of `table`, then its count of
    /// passages, for [`ByDocument::starts`].
    pub(crate) fn starts(table: &PassageTable) -> Vec<u32> {
        let mut starts: Vec<u32> = (0..table.doc_count() as u32)
            .map(|doc| table.doc_passages(doc).start)
            .collect();
        starts.push(table.len() as u32);
        starts
    }

    fn docs(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }
}

impl Collector for ByDocument {
    type Fruit = Vec<u64>;
    type Child = ByDocumentSegment;

    fn for_segment(
        &self,
        _segment: tantivy::SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<ByDocumentSegment> {
        Ok(ByDocumentSegment {
            ords: reader.fast_fields().u64(PassageSchema::ORD)?,
            docs: self.starts.clone(),
            counts: vec![0; self.docs()],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<u64>>) -> tantivy::Result<Vec<u64>> {
        let mut total = vec![0; self.docs()];
        for fruit in fruits {
            for (t, c) in total.iter_mut().zip(fruit) {
                *t += c;
            }
        }
        Ok(total)
    }
}

pub(crate) struct ByDocumentSegment {
    ords: Column<u64>,
    docs: Arc<Vec<u32>>,
    counts: Vec<u64>,
}

impl SegmentCollector for ByDocumentSegment {
    type Fruit = Vec<u64>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let Some(ord) = self.ords.first(doc) else {
            return;
        };
        // The last document whose first passage is at or before `ord`.
        let at = self.docs.partition_point(|&start| u64::from(start) <= ord);
        if let Some(count) = at.checked_sub(1).and_then(|d| self.counts.get_mut(d)) {
            *count += 1;
        }
    }

    fn harvest(self) -> Vec<u64> {
        self.counts
    }
}

/// The facets of `names` from the matching passages of each document
/// (`by_doc`, indexed by document number). Values that differ only by
/// case or accents are one value, as filters see them, shown as most of
/// its passages write it.
pub(crate) fn facets(names: &[String], by_doc: &[u64], fields: &DocFields) -> Facets {
    let mut out = Facets::new();
    for name in names {
        let mut by_key: std::collections::HashMap<String, BTreeMap<&str, u64>> = Default::default();
        for (doc, &passages) in by_doc.iter().enumerate() {
            if passages == 0 {
                continue;
            }
            for value in fields.values(doc as u32, name) {
                let spellings = by_key
                    .entry(fouille_ingest::analysis::fold(value))
                    .or_default();
                *spellings.entry(value).or_default() += passages;
            }
        }
        let counts = out.entry(name.clone()).or_default();
        for spellings in by_key.into_values() {
            let total = spellings.values().sum();
            let shown = spellings
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(v, _)| v.to_string())
                .unwrap_or_default();
            counts.insert(shown, total);
        }
    }
    out
}

/// Checks facet names against the fields documents have.
pub(crate) fn check_facets(names: &[String], fields: &DocFields) -> Result<(), QueryError> {
    for name in names {
        let reason = if crate::filter::PASSAGE_FIELDS.contains(&name.as_str()) {
            "a field of passages, for filters: facets count documents' fields"
        } else if !fields.knows(name) {
            "no document has this field"
        } else {
            continue;
        };
        return Err(QueryError::BadFacet {
            facet: name.clone(),
            reason: reason.into(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::engine::tests::engine;
    use crate::{Scope, SearchOptions};

    /// Three sources (two folders and a `metadata.csv` row), dates written
    /// three ways, tags, headings.
    const CORPUS: &[(&str, &str)] = &[
        (
            "hcl/urgences.md",
            "---\ntitle: Les urgences\ndate: 11 février 2025\nauthor: Le Gall\n\
             tags: santé, opinion\n---\n\nLes urgences de Lyon manquent de lits.\n\n\
             La santé des patients reste la priorité.\n",
        ),
        (
            "lemonde/budget.md",
            "---\ntitle: Budget\ndate: 2024-03-05\nauthor: Dupont\n---\n\n# Budget\n\n\
             Le budget de la santé augmente.\n\n## Hôpitaux\n\n\
             Les hôpitaux recrutent pour la santé de tous.\n",
        ),
        (
            "lemonde/grippe.md",
            "---\ntitle: Grippe\ndate: 05/01/2023\n---\n\nLa grippe pèse sur la santé.\n",
        ),
        ("note.txt", "Une note sans date sur la santé à Lyon.\n"),
        (
            "metadata.csv",
            "path;source;date\nnote.txt;archives;1er mars 2022\n",
        ),
    ];

    fn scope(filter: Option<&str>, sort: Option<&str>, facets: &[&str]) -> Scope {
        Scope {
            filter: filter.map(str::to_string),
            sort: sort.map(str::to_string),
            facets: facets.iter().map(|f| f.to_string()).collect(),
        }
    }

    fn files(results: &crate::SearchResults) -> Vec<String> {
        results
            .hits
            .iter()
            .map(|h| h.citation.path.clone())
            .collect()
    }

    #[test]
    fn a_facets_count_is_the_hit_count_under_its_filter() {
        let (_dir, engine) = engine(CORPUS);
        let options = SearchOptions::default();
        let all = engine
            .search_in(
                "santé",
                options,
                &scope(None, None, &["source", "year", "tags", "title", "Author"]),
            )
            .unwrap();
        let facets = all.facets.clone().unwrap();
        assert_eq!(
            facets["source"],
            [("archives", 1), ("hcl", 1), ("lemonde", 3)]
                .map(|(v, n)| (v.to_string(), n))
                .into()
        );
        assert_eq!(
            facets["year"].keys().collect::<Vec<_>>(),
            ["2022", "2023", "2024", "2025"]
        );
        for (field, values) in &facets {
            for (value, count) in values {
                let filter = format!("{field} = \"{value}\"");
                let filtered = engine
                    .search_in("santé", options, &scope(Some(&filter), None, &[]))
                    .unwrap();
                assert_eq!(filtered.total_hits as u64, *count, "{filter}");
                let exported = engine
                    .matches_in("santé", options, &scope(Some(&filter), None, &[]))
                    .unwrap()
                    .count();
                assert_eq!(exported as u64, *count, "{filter}");
            }
        }
    }

    #[test]
    fn filters_keep_documents_and_passages_by_their_fields() {
        let (_dir, engine) = engine(CORPUS);
        let options = SearchOptions::default();
        let search = |filter: &str| {
            engine
                .search_in("santé", options, &scope(Some(filter), None, &[]))
                .unwrap()
        };
        let mut found = files(&search("date >= 2024-01-01 AND NOT tags = opinion"));
        found.sort();
        assert_eq!(found, ["lemonde/budget.md", "lemonde/budget.md"]);
        assert_eq!(
            files(&search("date <= 2023-01")),
            ["note.txt", "lemonde/grippe.md"]
        );
        let section = search("section = Hôpitaux");
        assert_eq!(section.hits.len(), 1);
        assert!(section.hits[0].citation.text.starts_with("Les hôpitaux"));
        // metadata.csv over the file: its date, made ISO, is cited.
        let note = search("source = archives");
        assert_eq!(note.hits[0].citation.date.as_deref(), Some("2022-03-01"));
        assert_eq!(search("author = nobody").total_hits, 0);
    }

    #[test]
    fn a_sort_orders_every_match_by_a_field() {
        let (_dir, engine) = engine(CORPUS);
        let options = SearchOptions {
            limit: 3,
            ..SearchOptions::default()
        };
        let sorted = engine
            .search_in("santé", options, &scope(None, Some("date:desc"), &[]))
            .unwrap();
        assert_eq!(sorted.total_hits, 5);
        assert_eq!(
            files(&sorted),
            ["hcl/urgences.md", "lemonde/budget.md", "lemonde/budget.md"]
        );
        let next = SearchOptions {
            offset: 3,
            ..options
        };
        let sorted = engine
            .search_in("santé", next, &scope(None, Some("date:desc"), &[]))
            .unwrap();
        assert_eq!(files(&sorted), ["lemonde/grippe.md", "note.txt"]);
        let rows: Vec<String> = engine
            .matches_in("santé", options, &scope(None, Some("date:asc"), &[]))
            .unwrap()
            .map(|c| c.unwrap().path)
            .collect();
        assert_eq!(rows.first().map(String::as_str), Some("note.txt"));
    }

    #[test]
    fn a_sort_over_numbers_and_text_is_one_order_and_its_pages_join_up() {
        // Shelfmarks: numbers, and numbers with letters.
        let cotes = ["12", "12bis", "3", "102", "10a", "1012", "7", "Z", "1"];
        let mut files: Vec<(String, String)> = cotes
            .iter()
            .enumerate()
            .map(|(i, _)| (format!("f{i}.txt"), "La santé publique.\n".to_string()))
            .collect();
        let mut csv = String::from("path,cote\n");
        for (i, cote) in cotes.iter().enumerate() {
            csv.push_str(&format!("f{i}.txt,{cote}\n"));
        }
        files.push(("metadata.csv".into(), csv));
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let (_dir, engine) = engine(&files);
        let cote_of = |c: &crate::Citation| {
            let i: usize = c.path[1..c.path.len() - 4].parse().unwrap();
            cotes[i]
        };
        let mut paged = Vec::new();
        for offset in (0..cotes.len()).step_by(2) {
            let options = SearchOptions {
                limit: 2,
                offset,
                ..SearchOptions::default()
            };
            let page = engine
                .search_in("santé", options, &scope(None, Some("cote:asc"), &[]))
                .unwrap();
            paged.extend(page.hits.iter().map(|h| cote_of(&h.citation)));
        }
        assert_eq!(
            paged,
            ["1", "3", "7", "12", "102", "1012", "10a", "12bis", "Z"]
        );
        let rows: Vec<&str> = engine
            .matches_in(
                "santé",
                SearchOptions::default(),
                &scope(None, Some("cote:desc"), &[]),
            )
            .unwrap()
            .map(|c| cote_of(&c.unwrap()))
            .collect();
        assert_eq!(
            rows,
            ["Z", "12bis", "10a", "1012", "102", "12", "7", "3", "1"]
        );
    }

    #[test]
    fn a_bad_filter_sort_or_facet_is_a_usage_error_that_says_what() {
        let (_dir, engine) = engine(CORPUS);
        let error = |scope: Scope| {
            let e = engine
                .search_in("santé", SearchOptions::default(), &scope)
                .unwrap_err();
            assert!(e.is_usage(), "{e}");
            e.to_string()
        };
        assert_eq!(
            error(scope(Some("dte >= 2024"), None, &[])),
            "filter: unknown field \"dte\" at 1:1"
        );
        assert_eq!(
            error(scope(None, Some("date:down"), &[])),
            "sort \"date:down\": order \"down\": asc or desc"
        );
        assert_eq!(
            error(scope(None, None, &["sourse"])),
            "facet \"sourse\": no document has this field"
        );
    }
}
