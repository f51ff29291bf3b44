//! Synonyms: words a query also stands for. Two sources, both used both
//! ways:
//!
//! - the acronyms the corpus defines itself (« intelligence artificielle
//!   (IA) »), found when it is indexed (`fouille_ingest::Manifest`'s
//!   `definitions`): `IA` also finds « intelligence artificielle », and
//!   the words also find `IA`;
//! - a synonyms file: `synonyms.txt` at the corpus root (left out of the
//!   index), or the one given with `--synonyms FILE`. One group a line,
//!   in the format of Solr's and Elasticsearch's synonym files:
//!
//!   ```text
//!   # a comment
//!   voiture, automobile, véhicule
//!   RGPD, règlement général sur la protection des données
//!   ordinateur portable => portable, laptop
//!   ```
//!
//!   Words separated by commas stand for one another; `a => b, c` makes
//!   `a` stand for `b` and `c` but not the other way round.
//!
//! A synonym of several words is matched as a phrase. Entries are analysed
//! as queries are: case, accents and inflections do not matter, and a
//! query matches an entry when its words (stop words aside) are the
//! entry's, in order. Each match is an alternative of the query words it
//! covers, at [`crate::weights::SYNONYM_WEIGHT`] (see
//! `crate::plan::Slot::alternatives`).

use std::path::{Path, PathBuf};

pub use fouille_ingest::SYNONYMS_FILE;
use fouille_ingest::{AcronymDefinition, FastMap, FrenchAnalyzer};
use serde::Serialize;

use crate::error::QueryError;
use crate::parse::{in_capitals, weighs_nothing};

/// Most words or phrases in one group of a synonyms file: each is an
/// alternative of the query word, searched.
pub const MAX_GROUP: usize = 100;

/// Longest synonyms file read, in bytes.
pub const MAX_SYNONYMS_BYTES: u64 = 4 << 20;

/// Where a group of synonyms comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "from")]
pub enum SynonymSource {
    /// A line of a synonyms file.
    File {
        /// The file.
        path: PathBuf,
        /// The line, from 1.
        line: usize,
    },
    /// An acronym the corpus defines, so many times.
    Corpus {
        /// How many times the corpus gives the definition.
        count: u32,
    },
    /// A name of several words the corpus writes (`CD-ROM`), met as its
    /// parts written as one word (`cdrom`) or the other way round (see
    /// `crate::names`).
    Name {
        /// How many passages write it.
        count: u32,
    },
    /// A word the query's word is derived from, or that is derived from
    /// it, by a regular French suffix (`régler` for `réglage`,
    /// `compatible` for `compatibilité`), that the corpus holds.
    Derived,
}

impl SynonymSource {
    /// True for a derived word: it ranks passages, and finds none.
    pub fn is_derived(&self) -> bool {
        matches!(self, SynonymSource::Derived)
    }
}

/// One way of saying it: a word or several.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// As written in the file or the corpus.
    pub text: String,
    /// Its terms, stop words included: a phrase of several.
    pub terms: Vec<String>,
    /// Its terms but stop words: what a query must hold to match it.
    key: Vec<String>,
}

/// Ways of saying the same thing.
#[derive(Debug, Clone, PartialEq)]
struct Group {
    members: Vec<Member>,
    /// The first member stands for the others, not the other way round.
    one_way: bool,
    /// The first member is an acronym the corpus defines: it stands for
    /// its words only when a query types it in capitals.
    acronym: bool,
    source: SynonymSource,
}

/// A synonym a query's words stand for.
#[derive(Debug, Clone, PartialEq)]
pub struct Found<'a> {
    /// How many query words (stop words aside) it covers.
    pub words: usize,
    /// The synonym.
    pub synonym: &'a Member,
    /// Where the group comes from.
    pub source: &'a SynonymSource,
    /// The query matched an acronym the corpus defines: the synonym holds
    /// only when the query typed it in capitals.
    pub needs_capitals: bool,
}

/// Every synonym group fouille knows for an index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Synonyms {
    groups: Vec<Group>,
    /// First key term → (group, member) of the members whose key begins
    /// with it.
    by_first: FastMap<String, Vec<(usize, usize)>>,
}

impl Synonyms {
    /// The synonyms of a file's text (see the module's documentation for
    /// the format); `path` names the file in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Synonyms, QueryError> {
        let mut synonyms = Synonyms::default();
        for (i, line) in text.lines().enumerate() {
            let line_number = i + 1;
            let bad = |reason: &str| QueryError::BadSynonyms {
                path: path.to_path_buf(),
                line: line_number,
                reason: reason.to_string(),
            };
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (left, right, one_way) = match line.split_once("=>") {
                Some((_, right)) if right.contains("=>") => return Err(bad("`=>` more than once")),
                Some((left, right)) => (left, right, true),
                None => (line, "", false),
            };
            let mut members = Vec::new();
            for text in left.split(',').chain(right.split(',').filter(|_| one_way)) {
                let member = Member::new(text.trim()).ok_or_else(|| {
                    let shown: String = text.trim().chars().take(40).collect();
                    if shown.is_empty() {
                        bad("an empty word or phrase (two commas in a row, or one at an end)")
                    } else {
                        bad(&format!("{:?} has no word to search", shown))
                    }
                })?;
                members.push(member);
            }
            if one_way && left.contains(',') {
                return Err(bad("only one word or phrase may stand before `=>`"));
            }
            if members.len() < 2 {
                return Err(bad(
                    "a group needs two words or phrases at least, separated by commas",
                ));
            }
            if members.len() > MAX_GROUP {
                return Err(bad(&format!(
                    "{} words or phrases in one group, over the {MAX_GROUP} read at most",
                    members.len()
                )));
            }
            synonyms.push(Group {
                members,
                one_way,
                acronym: false,
                source: SynonymSource::File {
                    path: path.to_path_buf(),
                    line: line_number,
                },
            });
        }
        Ok(synonyms)
    }

    /// Reads a synonyms file.
    pub fn read(path: &Path) -> Result<Synonyms, QueryError> {
        let io = |source: std::io::Error| QueryError::SynonymsUnreadable {
            path: path.to_path_buf(),
            source,
        };
        let len = std::fs::metadata(path).map_err(io)?.len();
        if len > MAX_SYNONYMS_BYTES {
            return Err(QueryError::SynonymsTooLarge {
                path: path.to_path_buf(),
                bytes: len,
                max: MAX_SYNONYMS_BYTES,
            });
        }
        let bytes = std::fs::read(path).map_err(io)?;
        let text = String::from_utf8(bytes).map_err(|e| QueryError::BadSynonyms {
            path: path.to_path_buf(),
            line: 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count(),
            reason: "not UTF-8 text".into(),
        })?;
        Synonyms::parse(&text, path)
    }

    /// The acronyms a corpus defines, each with its words.
    pub fn from_definitions(definitions: &[AcronymDefinition]) -> Synonyms {
        let mut synonyms = Synonyms::default();
        for d in definitions {
            let (Some(acronym), Some(words)) = (Member::new(&d.acronym), Member::new(&d.expansion))
            else {
                continue;
            };
            synonyms.push(Group {
                members: vec![acronym, words],
                one_way: false,
                acronym: true,
                source: SynonymSource::Corpus { count: d.count },
            });
        }
        synonyms
    }

    /// Adds the groups of `other`.
    pub fn extend(&mut self, other: Synonyms) {
        for group in other.groups {
            self.push(group);
        }
    }

    /// Number of groups.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    fn push(&mut self, group: Group) {
        let index = self.groups.len();
        for (m, member) in group.members.iter().enumerate() {
            if let Some(first) = member.key.first() {
                self.by_first
                    .entry(first.clone())
                    .or_default()
                    .push((index, m));
            }
        }
        self.groups.push(group);
    }

    /// The synonyms that the query words `words` (terms, stop words aside)
    /// beginning at `at` stand for: for the longest entry they match, every
    /// other way of saying it (but the left side of a one-way group).
    pub fn at(&self, words: &[&str], at: usize) -> Vec<Found<'_>> {
        let Some(candidates) = words.get(at).and_then(|w| self.by_first.get(*w)) else {
            return Vec::new();
        };
        let matches = |&&(g, m): &&(usize, usize)| {
            let key = &self.groups[g].members[m].key;
            words.len() - at >= key.len() && key.iter().zip(&words[at..]).all(|(k, w)| k == w)
        };
        let Some(longest) = candidates
            .iter()
            .filter(matches)
            .map(|&(g, m)| self.groups[g].members[m].key.len())
            .max()
        else {
            return Vec::new();
        };
        let mut found: Vec<Found<'_>> = Vec::new();
        for &(g, m) in candidates
            .iter()
            .filter(matches)
            .filter(|(g, m)| self.groups[*g].members[*m].key.len() == longest)
        {
            let group = &self.groups[g];
            if group.one_way && m != 0 {
                continue;
            }
            for (other, synonym) in group.members.iter().enumerate() {
                let known = found.iter().any(|f| f.synonym.terms == synonym.terms);
                if other != m && !known && synonym.key != group.members[m].key {
                    found.push(Found {
                        words: longest,
                        synonym,
                        source: &group.source,
                        needs_capitals: group.acronym && m == 0,
                    });
                }
            }
        }
        found
    }
}

/// A synonym a text would be searched with, as `fouille analyze` and the
/// server's `/analyze` show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextSynonym {
    /// The text's words it stands for, as analysed.
    pub words: Vec<String>,
    /// The synonym, as written.
    pub synonym: String,
    /// Its terms: searched as a phrase when several.
    pub terms: Vec<String>,
    /// Where it comes from.
    #[serde(flatten)]
    pub source: SynonymSource,
}

impl Synonyms {
    /// The synonyms `text`, read as a query, would be searched with.
    pub fn in_text(&self, text: &str) -> Vec<TextSynonym> {
        let tokens = FrenchAnalyzer::new().analyze(text);
        let content: Vec<_> = tokens
            .iter()
            .filter(|t| !weighs_nothing(t, &text[t.start..t.end]))
            .collect();
        let words: Vec<&str> = content.iter().map(|t| t.term.as_str()).collect();
        let capitals: Vec<bool> = content
            .iter()
            .map(|t| in_capitals(&text[t.start..t.end]))
            .collect();
        (0..words.len())
            .flat_map(|at| {
                let words = &words;
                let typed_so = capitals[at];
                self.at(words, at)
                    .into_iter()
                    .filter(move |found| typed_so || !found.needs_capitals)
                    .map(move |found| TextSynonym {
                        words: words[at..at + found.words]
                            .iter()
                            .map(|w| w.to_string())
                            .collect(),
                        synonym: found.synonym.text.clone(),
                        terms: found.synonym.terms.clone(),
                        source: found.source.clone(),
                    })
            })
            .collect()
    }
}

impl Member {
    /// A member of `text`, analysed as a query is; `None` when it holds no
    /// word that weighs (see `crate::parse::weighs_nothing`).
    fn new(text: &str) -> Option<Member> {
        let tokens = FrenchAnalyzer::new().analyze(text);
        let key: Vec<String> = tokens
            .iter()
            .filter(|t| !weighs_nothing(t, &text[t.start..t.end]))
            .map(|t| t.term.clone())
            .collect();
        (!key.is_empty()).then(|| Member {
            text: text.to_string(),
            terms: tokens.into_iter().map(|t| t.term).collect(),
            key,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Synonyms, QueryError> {
        Synonyms::parse(text, Path::new("synonyms.txt"))
    }

    fn found(synonyms: &Synonyms, query: &str) -> Vec<(usize, String)> {
        synonyms
            .in_text(query)
            .into_iter()
            .map(|f| (f.words.len(), f.synonym))
            .collect()
    }

    #[test]
    fn a_group_works_every_way_and_a_one_way_group_one_way() {
        let synonyms = parse(
            "# voitures\n\nvoiture, automobile, véhicule\n\
             ordinateur portable => laptop\n",
        )
        .unwrap();
        assert_eq!(synonyms.len(), 2);
        assert_eq!(
            found(&synonyms, "Automobiles"),
            [(1, "voiture".into()), (1, "véhicule".into())]
        );
        assert_eq!(
            found(&synonyms, "les ordinateurs portables"),
            [(2, "laptop".into())]
        );
        assert_eq!(found(&synonyms, "laptop"), []);
        assert_eq!(found(&synonyms, "ordinateur"), []);
    }

    #[test]
    fn acronyms_of_the_corpus_work_both_ways_and_the_longest_entry_wins() {
        let definitions = [
            AcronymDefinition {
                acronym: "IA".into(),
                expansion: "intelligence artificielle".into(),
                count: 3,
            },
            AcronymDefinition {
                acronym: "I".into(),
                expansion: "intelligence".into(),
                count: 1,
            },
        ];
        let synonyms = Synonyms::from_definitions(&definitions);
        assert_eq!(
            found(&synonyms, "l’IA"),
            [(1, "intelligence artificielle".into())]
        );
        assert_eq!(
            found(&synonyms, "Intelligences artificielles en santé"),
            [(2, "IA".into())]
        );
        // An acronym stands for its words only typed in capitals: `ia`,
        // `Ia` may be words of their own.
        assert_eq!(found(&synonyms, "ia"), []);
    }

    #[test]
    fn a_synonym_holding_a_word_a_query_does_not_weigh_is_met() {
        // `sans` weighs nothing in a query: the group's key leaves it out
        // too, or the query `connexion sans fil` never meets it.
        let synonyms = parse("wifi, connexion sans fil\n").unwrap();
        assert_eq!(
            found(&synonyms, "connexion sans fil"),
            [(2, "wifi".to_string())]
        );
        let (_dir, engine) = crate::engine::tests::engine(&[
            ("a.txt", "Réseau\n\nActivez le wifi du portable.\n"),
            ("synonyms.txt", "wifi, connexion sans fil\n"),
        ]);
        let hits = engine
            .search("connexion sans fil", crate::SearchOptions::default())
            .unwrap();
        assert_eq!(crate::engine::tests::ids(&hits), ["a:3"]);
    }

    #[test]
    fn a_bad_line_is_refused_with_its_number() {
        for (text, line) in [
            ("voiture, automobile\nvoiture\n", 2),
            ("a => b => c", 1),
            ("voiture, , automobile", 1),
            ("# ok\nvoiture, le\n", 2),
            ("voiture, auto => véhicule", 1),
            (
                format!("# long\n{}", vec!["mot"; MAX_GROUP + 1].join(", ")).as_str(),
                2,
            ),
        ] {
            match parse(text) {
                Err(QueryError::BadSynonyms { line: l, .. }) => assert_eq!(l, line, "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
    }
}

#[cfg(test)]
mod engine_tests {
    use crate::engine::tests::{engine, ids};
    use crate::{QueryError, SearchOptions};
    use fouille_ingest::{build_index, IndexDir};

    const REPORT: &str = "Rapport\n\nL’intelligence artificielle (IA) aide les médecins.\n\n\
        L’IA lit les radios.\n\nLes intelligences artificielles apprennent vite.\n";

    #[test]
    fn a_query_finds_what_the_corpus_and_its_synonyms_file_say_in_other_words() {
        let (_dir, engine) = engine(&[
            ("a.txt", REPORT),
            ("b.txt", "Garage\n\nUne automobile ancienne attend.\n"),
            ("synonyms.txt", "# au garage\nvoiture, automobile\n"),
        ]);
        let search = |query: &str| engine.search(query, SearchOptions::default()).unwrap();
        // The acronym finds the words it stands for, as a phrase, and
        // the words find the acronym.
        let acronym = search("IA");
        assert!(ids(&acronym).contains(&"a:7"), "{:?}", ids(&acronym));
        let spelt_out = acronym
            .hits
            .iter()
            .find(|h| h.citation.id == "a:7")
            .unwrap();
        assert_eq!(
            spelt_out.highlights,
            [[4, "Les intelligences artificielles".len()]]
        );
        assert!(ids(&search("intelligence artificielle")).contains(&"a:5"));
        // Typed in lower case, an acronym is a word like another.
        assert!(!ids(&search("ia")).contains(&"a:7"));
        // The file's group, both ways; the file is no document.
        let explained = engine
            .search(
                "voiture",
                SearchOptions {
                    explain: true,
                    ..SearchOptions::default()
                },
            )
            .unwrap();
        assert_eq!(ids(&explained), ["b:3"]);
        let m = &explained.hits[0].explain.as_ref().unwrap().matches[0];
        assert!(m.synonym && m.term == "automobile", "{m:?}");
        assert!(search("garage au")
            .hits
            .iter()
            .all(|h| h.citation.doc != "synonyms"));
        assert_eq!(engine.passage_count(), 6);
    }

    #[test]
    fn a_required_word_finds_what_it_finds_unrequired() {
        let (_dir, engine) = engine(&[
            ("a.txt", REPORT),
            ("b.txt", "Garage\n\nUne automobile ancienne attend.\n"),
            (
                "c.txt",
                "Transports\n\nLe train arrive à l’heure.\n\nLe chemin de fer relie les villes.\n",
            ),
            (
                "synonyms.txt",
                "voiture, automobile\ntrain, chemin de fer\n",
            ),
        ]);
        let search = |query: &str| {
            let mut found = ids(&engine.search(query, SearchOptions::default()).unwrap())
                .into_iter()
                .map(str::to_string)
                .collect::<Vec<_>>();
            found.sort();
            found
        };
        // Its synonyms: the file's, and the acronym's words the corpus
        // defines it by.
        assert_eq!(search("+voiture"), search("voiture"));
        assert_eq!(search("+voiture"), ["b:3"]);
        assert_eq!(search("IA AND médecins"), ["a:3"]);
        assert_eq!(search("+IA"), search("IA"));
        assert!(search("+IA").contains(&"a:7".to_string()));
        // A word the corpus never writes: its close spellings.
        assert_eq!(search("+automobille"), ["b:3"]);
        assert_eq!(search("ancienne AND automobille"), ["b:3"]);
        // A synonym of several words stands for them together, not for
        // one of them: `chemin +fer` requires « fer », which « train » is
        // not.
        assert_eq!(search("+train"), ["c:3", "c:5"]);
        assert_eq!(search("chemin +fer"), ["c:5"]);
        // A document's title finds no passage, required or not (every
        // passage of the document shares it): its heading line does.
        assert_eq!(search("+transports"), search("transports"));
        assert_eq!(search("+transports"), ["c:1"]);
        // As typed, only as typed.
        assert_eq!(search("+=voiture"), Vec::<String>::new());
        // A requirement nothing holds says so, as a required word.
        let none = engine
            .search("voiture AND radios", SearchOptions::default())
            .unwrap();
        assert_eq!(none.notes, [crate::Note::RequiredNotFound]);
        // Unless an exclusion may have left out what holds them.
        let excluded = engine
            .search("+voiture -automobile", SearchOptions::default())
            .unwrap();
        assert_eq!(excluded.total_hits, 0);
        assert_eq!(excluded.notes, []);
    }

    #[test]
    fn a_bad_synonyms_file_is_refused_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).unwrap();
        std::fs::write(corpus.join("a.txt"), REPORT).unwrap();
        std::fs::write(
            corpus.join("synonyms.txt"),
            "voiture, automobile\nvoiture\n",
        )
        .unwrap();
        let index = IndexDir::new(dir.path().join("index"));
        build_index(&corpus, &index, &Default::default(), |_| {}).unwrap();
        match crate::Engine::open(&index) {
            Err(QueryError::BadSynonyms { line, .. }) => assert_eq!(line, 2),
            Err(other) => panic!("{other}"),
            Ok(_) => panic!("a bad synonyms file was taken"),
        }
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any text is read as a synonyms file without a panic: groups, or
        /// the number of a line of it with what is wrong.
        #[test]
        fn any_file_is_read_or_refused_with_a_line(
            text in prop_oneof![".*", "([a-zé ]{0,12}(,|=>|#|\n)){0,12}"]
        ) {
            match Synonyms::parse(&text, Path::new("s.txt")) {
                Ok(synonyms) => {
                    let words: Vec<&str> = text.split_whitespace().collect();
                    for at in 0..words.len() {
                        let _ = synonyms.at(&words, at);
                    }
                }
                Err(QueryError::BadSynonyms { line, .. }) => {
                    prop_assert!(line >= 1 && line <= text.lines().count());
                }
                Err(other) => prop_assert!(false, "{other}"),
            }
        }
    }
}
