//! How a subject is spread: the occurrences of a query and the passages
//! that hold them, by document, section or any field of documents (source,
//! year, author…), each group with its size in words, so that groups of
//! different sizes compare (occurrences per 10,000 words), and, by
//! document, where the occurrences fall along it (a dispersion plot's
//! points).
//!
//! Occurrences are counted as [`crate::concord`] lists them; a group's
//! words are every word of its passages (page furniture aside unless the
//! search includes it), as the analyzer reads them.

use std::collections::HashMap;

use serde::Serialize;

use crate::engine::Engine;
use crate::error::QueryError;
use crate::scope::Scope;
use crate::SearchOptions;

/// A query's spread over groups of the corpus.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Distribution {
    /// The query as typed.
    pub query: String,
    /// What the groups are: `doc`, `section`, or a field of documents.
    pub by: String,
    /// Over the whole corpus (within the scope's filter).
    pub total: Totals,
    /// One a value, most occurrences per 10,000 words first.
    pub groups: Vec<Group>,
}

/// Counts over all groups.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Totals {
    /// Passages that hold the query.
    pub passages: u64,
    /// Its occurrences.
    pub occurrences: u64,
    /// Words of the corpus searched.
    pub words: u64,
}

/// One group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// The group's value (a document's name, a section's heading, a
    /// field's value; empty for documents without the field).
    pub value: String,
    /// Passages of the group that hold the query.
    pub passages: u64,
    /// Occurrences in the group.
    pub occurrences: u64,
    /// Words of the group.
    pub words: u64,
    /// Occurrences per 10,000 words of the group.
    pub per_10k_words: f64,
    /// By document: where each occurrence falls along it, as the share
    /// of its words before it (0 at its start, 1 at its end).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub positions: Option<Vec<f64>>,
}

impl Engine {
    /// The spread of `query` over the groups `by` names (`doc`, `section`
    /// or a field of documents), within `scope`'s filter.
    pub fn distribution(
        &self,
        query: &str,
        options: SearchOptions,
        scope: &Scope,
        by: &str,
    ) -> Result<Distribution, QueryError> {
        let by = by.to_lowercase();
        let by_doc = by == "doc";
        let by_section = by == "section";
        if !by_doc && !by_section && !self.fields().knows(&by) {
            return Err(QueryError::BadGroup {
                by: by.clone(),
                reason: "no document has this field".into(),
            });
        }
        if !by_doc && !by_section && crate::filter::PASSAGE_FIELDS.contains(&by.as_str()) {
            return Err(QueryError::BadGroup {
                by: by.clone(),
                reason: "a field of passages: group by doc, section or a field of documents".into(),
            });
        }
        let scope = Scope {
            sort: None,
            facets: Vec::new(),
            ..scope.clone()
        };
        let (found, _) = self.with_occurrences(query, options, &scope)?;
        let table = self.table();
        // The groups of a passage: its section, its document, or the
        // values of its document's field.
        let groups_of = |passage: &fouille_ingest::PassageRef| -> Vec<String> {
            let doc = passage.doc_index();
            if by_doc {
                vec![table
                    .doc(doc)
                    .map(|d| d.name.to_string())
                    .unwrap_or_default()]
            } else if by_section {
                let name = table.doc(doc).map(|d| d.name).unwrap_or_default();
                let heading = passage.section().and_then(|s| s.heading()).unwrap_or("");
                vec![if heading.is_empty() {
                    name.to_string()
                } else {
                    format!("{name} › {heading}")
                }]
            } else {
                let values: Vec<String> =
                    self.fields().values(doc, &by).map(str::to_string).collect();
                if values.is_empty() {
                    vec![String::new()]
                } else {
                    values
                }
            }
        };
        // Words: of every passage of the groups the scope keeps.
        let words = self.passage_words();
        let mut groups: HashMap<String, Group> = HashMap::new();
        // A field's values that differ only by case or accents are one
        // group, as filters and facets see them; documents and sections
        // are grouped as named.
        let key_of = |value: &str| -> String {
            if by_doc || by_section {
                value.to_string()
            } else {
                fouille_ingest::analysis::fold(value)
            }
        };
        let mut spellings: HashMap<String, HashMap<String, u64>> = HashMap::new();
        let mut total_words = 0;
        // Each document's words, for positions along it.
        let mut doc_words: HashMap<u32, u64> = HashMap::new();
        for passage in self.studied_passages(&scope, options.include_furniture)? {
            let n = u64::from(words[passage.ord as usize]);
            *doc_words.entry(passage.doc_index()).or_default() += n;
            total_words += n;
            for value in groups_of(&passage) {
                *spellings
                    .entry(key_of(&value))
                    .or_default()
                    .entry(value.clone())
                    .or_default() += n.max(1);
                groups
                    .entry(key_of(&value))
                    .or_insert_with(|| Group {
                        value,
                        passages: 0,
                        occurrences: 0,
                        words: 0,
                        per_10k_words: 0.0,
                        positions: by_doc.then(Vec::new),
                    })
                    .words += n;
            }
        }
        let mut total = Totals {
            passages: 0,
            occurrences: 0,
            words: total_words,
        };
        // Words before each passage in its document, for positions: the
        // running sum over the document's passages, made once a document.
        let counted = |o: u32| {
            table
                .passage(o)
                .is_some_and(|p| options.include_furniture || p.info.furniture.is_none())
        };
        let mut running: HashMap<u32, Vec<u64>> = HashMap::new();
        let mut words_before = |ord: u32, doc: u32| -> u64 {
            let start = self.doc_start(doc);
            let sums = running.entry(doc).or_insert_with(|| {
                let end = self.doc_start(doc + 1).max(start);
                let mut sum = 0;
                (start..end)
                    .map(|o| {
                        let before = sum;
                        if counted(o) {
                            sum += u64::from(words[o as usize]);
                        }
                        before
                    })
                    .collect()
            });
            sums.get((ord - start) as usize).copied().unwrap_or(0)
        };
        for (passage, ranges) in found {
            let ord = passage.ord;
            total.passages += 1;
            total.occurrences += ranges.len() as u64;
            let doc = passage.doc_index();
            let positions: Vec<f64> = if by_doc {
                let doc_words = doc_words.get(&doc).map_or(1, |&n| n.max(1));
                let first = words_before(ord, doc);
                ranges
                    .iter()
                    .map(|[start, _]| {
                        let within = passage.tokens.iter().filter(|t| t.start < *start).count();
                        ((first + within as u64) as f64 / doc_words as f64).min(1.0)
                    })
                    .collect()
            } else {
                Vec::new()
            };
            for value in groups_of(&passage) {
                if let Some(group) = groups.get_mut(&key_of(&value)) {
                    group.passages += 1;
                    group.occurrences += ranges.len() as u64;
                    if let Some(points) = group.positions.as_mut() {
                        points.extend(&positions);
                    }
                }
            }
        }
        let mut groups: Vec<Group> = groups
            .into_iter()
            .filter(|(_, g)| g.occurrences > 0)
            .map(|(key, mut g)| {
                // Shown as most of its words write it.
                if let Some(best) = spellings.get(&key).and_then(|s| {
                    s.iter()
                        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                        .map(|(v, _)| v.clone())
                }) {
                    g.value = best;
                }
                g.per_10k_words = if g.words == 0 {
                    0.0
                } else {
                    (g.occurrences as f64 * 10_000.0 / g.words as f64 * 100.0).round() / 100.0
                };
                g
            })
            .collect();
        groups.sort_by(|a, b| {
            b.per_10k_words
                .total_cmp(&a.per_10k_words)
                .then(b.occurrences.cmp(&a.occurrences))
                .then(a.value.cmp(&b.value))
        });
        Ok(Distribution {
            query: query.to_string(),
            by,
            total,
            groups,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::tests::engine;

    #[test]
    fn occurrences_by_source_per_ten_thousand_words() {
        let long = "Le budget de la santé augmente. ".to_string() + &"Un mot de plus. ".repeat(24);
        let (_dir, engine) = engine(&[
            ("hcl/a.txt", "La santé des patients et la santé publique.\n"),
            ("hcl/b.txt", "Un texte sans le sujet.\n"),
            ("presse/c.txt", &format!("{long}\n")),
        ]);
        let stats = engine
            .distribution(
                "santé",
                SearchOptions::default(),
                &Scope::default(),
                "source",
            )
            .unwrap();
        assert_eq!((stats.total.passages, stats.total.occurrences), (2, 3));
        let by: HashMap<&str, &Group> =
            stats.groups.iter().map(|g| (g.value.as_str(), g)).collect();
        let hcl = by["hcl"];
        // Two occurrences in 8 + 5 words.
        assert_eq!((hcl.occurrences, hcl.passages, hcl.words), (2, 1, 13));
        assert_eq!(
            hcl.per_10k_words,
            (2.0 * 10_000.0 / 13.0 * 100.0_f64).round() / 100.0
        );
        let presse = by["presse"];
        assert_eq!(presse.occurrences, 1);
        assert!(presse.per_10k_words < hcl.per_10k_words);
        assert_eq!(stats.groups[0].value, "hcl");
        let by_doc = engine
            .distribution("santé", SearchOptions::default(), &Scope::default(), "doc")
            .unwrap();
        let a = by_doc.groups.iter().find(|g| g.value == "hcl/a").unwrap();
        // « La santé des patients et la santé publique »: words 1 and 6 of 8.
        assert_eq!(a.positions.as_deref(), Some(&[1.0 / 8.0, 6.0 / 8.0][..]));
        // « HCL » of metadata.csv and the folder « hcl » are one source.
        let (_dir2, engine2) = crate::engine::tests::engine(&[
            ("hcl/a.txt", "La santé des patients.\n"),
            ("b.txt", "La santé publique et la santé.\n"),
            ("metadata.csv", "path,source\nb.txt,HCL\n"),
        ]);
        let stats2 = engine2
            .distribution(
                "santé",
                SearchOptions::default(),
                &Scope::default(),
                "source",
            )
            .unwrap();
        assert_eq!(stats2.groups.len(), 1, "{stats2:?}");
        assert_eq!(stats2.groups[0].occurrences, 3);
        let error = engine
            .distribution(
                "santé",
                SearchOptions::default(),
                &Scope::default(),
                "sourse",
            )
            .unwrap_err();
        assert!(error.is_usage(), "{error}");
    }
}
