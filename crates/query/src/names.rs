//! The names of several words a corpus writes (`GNU/Linux`, `CD-ROM`,
//! `System V`), as its build found them (`fouille_ingest::analysis`'s
//! `written_names`), looked up by a query's runs of words.
//!
//! The plan weighs a run of query words the corpus writes as a name as one
//! unit (see `crate::plan`): the name stands for its words, as a phrase,
//! and a glued name also for its parts written as one word (`cdrom`,
//! `plateforme`), and that word for the name.

use fouille_ingest::{CorpusName, FastMap};

/// The names of a corpus, by their words' terms and by their joined word.
#[derive(Debug, Clone, Default)]
pub struct Names {
    names: Vec<CorpusName>,
    by_terms: FastMap<Vec<String>, usize>,
    by_joined: FastMap<String, usize>,
}

impl Names {
    /// The names of an index's manifest.
    pub fn new(names: &[CorpusName]) -> Names {
        let mut by_terms = FastMap::default();
        let mut by_joined: FastMap<String, usize> = FastMap::default();
        for (i, name) in names.iter().enumerate() {
            if name.terms.len() < 2 {
                continue;
            }
            by_terms.insert(name.terms.clone(), i);
            if let Some(joined) = &name.joined {
                // Two names may join into one word (`e-mail`, `e/mail`):
                // the more frequent stands for it.
                let best = by_joined.entry(joined.clone()).or_insert(i);
                if names[*best].count < name.count {
                    *best = i;
                }
            }
        }
        Names {
            names: names.to_vec(),
            by_terms,
            by_joined,
        }
    }

    /// The name whose words are `terms`, if the corpus writes one.
    pub fn get(&self, terms: &[String]) -> Option<&CorpusName> {
        self.by_terms.get(terms).map(|&i| &self.names[i])
    }

    /// The glued name whose parts written as one word are `term`
    /// (`plateform` → `plate-forme`).
    pub fn joined(&self, term: &str) -> Option<&CorpusName> {
        self.by_joined.get(term).map(|&i| &self.names[i])
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::tests::{engine, ids};
    use crate::SearchOptions;

    const MANUAL: &str = "Démarrage\n\n\
        Le système lance ses services, puis le système vérifie les disques du système.\n\n\
        Avec System V, les scripts lancent les services un par un.\n\n\
        Le disque dur et la plate-forme matérielle sont testés.\n\n\
        Le lecteur de CD-ROM est monté au démarrage.\n\n\
        Chaque plateforme a ses pilotes.\n\n\
        Le paquet cdrom monte le disque.\n";
    const NOTES: &str = "Notes\n\n\
        Sous System V, chaque niveau a ses liens.\n\n\
        Le lecteur de CD-ROM lit aussi les CD audio.\n\n\
        Une plateforme libre se fonde sur du matériel ouvert.\n\n\
        Un CD audio se lit sur toute plate-forme.\n";

    #[test]
    fn the_names_a_text_meets_are_listed() {
        let (_dir, engine) = engine(&[("manuel.txt", MANUAL), ("notes.txt", NOTES)]);
        let met: Vec<(Vec<String>, String)> = engine
            .names_in("graver un cdrom sous System V, la plate forme")
            .unwrap()
            .into_iter()
            .map(|s| (s.words, s.synonym))
            .collect();
        let words = |w: &[&str]| w.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        assert_eq!(
            met,
            [
                (words(&["cdrom"]), "CD-ROM".to_string()),
                (words(&["system"]), "System V".to_string()),
                (words(&["plat", "form"]), "plate-forme".to_string()),
                (words(&["plat", "form"]), "plateform".to_string()),
            ]
        );
    }

    /// The ids of the hits of `query`, best first.
    fn found(engine: &crate::Engine, query: &str) -> Vec<String> {
        ids(&engine.search(query, SearchOptions::default()).unwrap())
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn the_corpus_names_of_several_words_are_found_however_the_query_writes_them() {
        let (_dir, engine) = engine(&[("manuel.txt", MANUAL), ("notes.txt", NOTES)]);
        let search = |query: &str| found(&engine, query);
        // Written as one word, the name finds it written in parts, and the
        // other way round.
        for query in ["cdrom", "CD ROM", "CD-ROM"] {
            let found = search(query);
            assert!(
                found.contains(&"manuel:9".to_string()),
                "{query}: {found:?}"
            );
            assert!(found.contains(&"notes:5".to_string()), "{query}: {found:?}");
        }
        for query in ["plate forme", "plate-forme", "plateforme"] {
            let found = search(query);
            for id in ["manuel:7", "notes:7", "notes:9"] {
                assert!(found.contains(&id.to_string()), "{query}: {found:?}");
            }
        }
        // `V` alone says nothing, but `System V` is not every `système`:
        // the passages that write the name come before the one that
        // says `système` three times.
        let found = search("System V");
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[2], "manuel:3", "{found:?}");
    }

    #[test]
    fn a_name_required_is_found_however_it_is_written() {
        let (_dir, engine) = engine(&[("manuel.txt", MANUAL), ("notes.txt", NOTES)]);
        let search = |query: &str| found(&engine, query);
        // A requirement finds what the same words find unrequired: `+cdrom`
        // found `cdrom` alone, and `"CD ROM"` never `cdrom`.
        for query in [
            "+cdrom",
            "+CD-ROM",
            "\"CD ROM\"",
            "lecteur AND cdrom",
            "cdrom AND lecteur",
        ] {
            let found = search(query);
            for id in ["manuel:9", "notes:5"] {
                assert!(found.contains(&id.to_string()), "{query}: {found:?}");
            }
        }
        for query in ["+cdrom", "+CD-ROM", "\"CD ROM\""] {
            assert!(search(query).contains(&"manuel:13".to_string()), "{query}");
        }
        for query in ["+plateforme", "+plate-forme"] {
            assert_eq!(search(query).len(), 4, "{query}");
        }
        // As typed, only as typed.
        assert_eq!(search("+=cdrom"), ["manuel:13"]);
    }

    #[test]
    fn a_name_excluded_is_excluded_however_it_is_written() {
        let (_dir, engine) = engine(&[("manuel.txt", MANUAL), ("notes.txt", NOTES)]);
        let search = |query: &str| found(&engine, query);
        // `lecteur` meets the two CD-ROM drives only.
        assert_eq!(search("lecteur").len(), 2);
        for query in ["lecteur -cdrom", "lecteur -CD-ROM", "lecteur -\"CD ROM\""] {
            assert_eq!(search(query), Vec::<String>::new(), "{query}");
        }
        // `cdrom` written as one word is excluded by `-CD-ROM` too.
        assert_eq!(search("paquet -CD-ROM"), Vec::<String>::new());
        assert_eq!(search("paquet"), ["manuel:13"]);
    }

    #[test]
    fn a_word_written_as_one_once_or_with_a_stop_word_makes_no_name() {
        let (_dir, engine) = engine(&[(
            "aide.txt",
            "Aide\n\nLe paramètre vaut zéro par défaut.\n\n\
             La portée est publique pardéfaut.\n\n\
             Un autre paramètre vaut un par défaut.\n",
        )]);
        assert_eq!(engine.names_in("paramètre par défaut").unwrap(), []);
        let explained = engine
            .search(
                "paramètre par défaut",
                SearchOptions {
                    explain: true,
                    ..SearchOptions::default()
                },
            )
            .unwrap();
        for hit in &explained.hits {
            let explain = hit.explain.as_ref().unwrap();
            assert!(explain.matches.iter().all(|m| !m.synonym), "{explain:?}");
        }
    }
}
