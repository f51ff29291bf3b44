//! A query resolved against the index: which indexed terms each query word
//! stands for, and how much each weighs.
//!
//! Each ranking word of the query becomes a [`Slot`]. A word found in the
//! index stands for itself; a word found nowhere stands for the indexed
//! terms a typo away from it ([`crate::fuzzy`]), with a lower weight. When
//! no word of the query is in the index and one of them has no close term
//! either, the query is out of the corpus's vocabulary and matches nothing:
//! typo tolerance must not turn a query with no answer into a list of
//! unrelated passages.

use fouille_ingest::{FrenchAnalyzer, PassageSchema, Vocabulary};
use serde::Serialize;
use tantivy::query::Bm25StatisticsProvider;

use crate::fuzzy::{allowed_distance, fuzzy_terms, prefix_terms};
use crate::names::Names;
use crate::parse::{AnswerKind, ParsedQuery, Phrase};
use crate::statistics::QueryStatistics;
use crate::synonyms::{SynonymSource, Synonyms};
use crate::weights::{
    name_part_weight, name_phrase_weight, synonym_weight, INCOMPLETE_NAME_WEIGHTS, ONE_EDIT_WEIGHT,
    TWO_EDIT_WEIGHT,
};

/// Most synonyms searched for one query word: a synonyms file's group may
/// be long, and each is one more clause of the search.
pub const MAX_ALTERNATIVES: usize = 32;

/// An indexed term a query word stands for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Expansion {
    /// The indexed term.
    pub term: String,
    /// Edit distance from the query word (0 for the word itself).
    pub distance: u8,
    /// Weight of a match on this term.
    pub weight: f32,
}

/// Another way of saying a query word: a synonym from the corpus's own
/// acronym definitions or from a synonyms file ([`crate::synonyms`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alternative {
    /// As written in the file or the corpus.
    pub text: String,
    /// Its terms: one is searched as a word, several as a phrase.
    pub terms: Vec<String>,
    /// Weight of a match on it ([`SYNONYM_WEIGHT`]) in coverage.
    pub weight: f32,
    /// Weight of its BM25 in the score: `weight` for a synonym; for the
    /// phrase of a name whose words are searched already,
    /// [`name_phrase_weight`].
    pub bm25: f32,
    /// Where it comes from.
    pub source: SynonymSource,
}

/// One ranking word of the query, resolved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Slot {
    /// The word's term, as analysed.
    pub word: String,
    /// Inverse document frequency of the word (of its best expansion for a
    /// misspelt word): rare words weigh more in coverage and proximity.
    pub idf: f32,
    /// The indexed terms it stands for; empty when nothing is close.
    pub expansions: Vec<Expansion>,
    /// Its synonyms (of it alone, or of a run of query words it is one
    /// of: each word of `intelligence artificielle` has `IA`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Alternative>,
    /// For a word to match as typed (`=tours`), the word as compared (see
    /// `crate::parse::surface`): it then has neither close spellings nor
    /// synonyms, and only passages writing it so match it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exact: Option<String>,
}

impl Slot {
    /// A word found in the index as it is, with its idf.
    pub fn exact(word: &str, idf: f32) -> Slot {
        Slot {
            word: word.to_string(),
            idf,
            expansions: vec![Expansion {
                term: word.to_string(),
                distance: 0,
                weight: 1.0,
            }],
            alternatives: Vec::new(),
            exact: None,
        }
    }

    /// True when the word itself is in the index.
    pub fn is_exact(&self) -> bool {
        self.expansions.first().is_some_and(|e| e.distance == 0)
    }

    /// True when nothing in the index stands for the word.
    pub fn is_empty(&self) -> bool {
        self.expansions.is_empty() && self.alternatives.is_empty()
    }
}

/// Fewest passages that must write the words of a query run typed apart
/// as one word (`cdrom` for `cd rom`) for the run to be read as a name:
/// one may be a typo (`pardéfaut`). One is enough for words typed glued
/// (`plate-forme` for `plateforme`).
const MIN_JOINED_PASSAGES: u64 = 2;

/// The words a French word is derived from or gives, by the regular
/// suffixes of [`DERIVATIONS`], among the words `known` (the corpus's):
/// `réglage` ↔ `régler`, `modification` ↔ `modifier`, `compatibilité` ↔
/// `compatible`, `connexion` ↔ `connecter`, `suppression` ↔ `supprimer`
/// (folded, as `key` is). The stemmer keeps such pairs apart (`réglag`,
/// `regl`). Most candidates are no word; `known` says which are. The
/// longest suffix that gives a known word wins: `impression` is the noun
/// of `imprimer` (`-ession` ↔ `-imer`), not of `impressionner` (`-ion` ↔
/// `-ionner`), and `suppression` not of `suppressionner`.
fn derived_words(key: &str, known: impl Fn(&str) -> bool) -> Vec<String> {
    // Each pair of a table, read both ways.
    let both_ways = |pairs: &'static [(&'static str, &'static str)]| {
        pairs
            .iter()
            .flat_map(|&(one, other)| [(one, other), (other, one)])
    };
    let mut candidates: Vec<(usize, String)> = Vec::new();
    // An irregular pair is surer than any suffix.
    for (from, to) in both_ways(&IRREGULAR_DERIVATIONS) {
        if key == from {
            candidates.push((usize::MAX, to.to_string()));
        }
    }
    for (from, to) in both_ways(&DERIVATIONS) {
        if let Some(base) = key.strip_suffix(from) {
            if base.chars().count() >= 3 {
                candidates.push((from.len(), format!("{base}{to}")));
            }
        }
    }
    candidates.sort_by_key(|c| std::cmp::Reverse(c.0));
    let mut out = Vec::new();
    let mut longest = None;
    for (suffix, word) in candidates {
        if longest.is_some_and(|l| suffix < l) {
            break;
        }
        if known(&word) && !out.contains(&word) {
            longest = Some(suffix);
            out.push(word);
        }
    }
    out
}

/// Regular French derivations, each way (folded): an action noun and its
/// verb (`-ation` ↔ `-er`, and the learned families whose stem changes:
/// `connexion` ↔ `connecter`, `construction` ↔ `construire`,
/// `permission` ↔ `permettre`, `ouverture` ↔ `ouvrir`, `envoi` ↔
/// `envoyer`, `avertissement` ↔ `avertir`, `exécution` ↔ `exécuter`,
/// `navigation` ↔ `naviguer`), a quality and its adjective
/// (`-ibilité` ↔ `-ible`). Families whose pairs the Debian and GNOME
/// corpora show to be false as often as true are left out: `-ance` ↔
/// `-er` (`importance`, `importer`), `-ition` ↔ `-ir` (`partition`,
/// `partir`), `-ure` ↔ `-er` (`figure`, `figer`), agent nouns
/// (`utilisateur` is not `utiliser`).
const DERIVATIONS: [(&str, &str); 30] = [
    ("ication", "ier"),
    ("ation", "er"),
    ("age", "er"),
    ("ement", "er"),
    ("ion", "ionner"),
    ("ibilite", "ible"),
    ("abilite", "able"),
    ("exion", "ecter"),
    ("ection", "ecter"),
    ("ession", "imer"),
    ("uction", "uire"),
    ("ission", "ettre"),
    ("sition", "ser"),
    ("inition", "inir"),
    ("issement", "ir"),
    ("erture", "rir"),
    ("iture", "ire"),
    ("oi", "oyer"),
    ("oiement", "oyer"),
    ("eture", "er"),
    ("ision", "iser"),
    ("lusion", "lure"),
    ("ersion", "ertir"),
    ("ertion", "erer"),
    ("ption", "pter"),
    ("ription", "rire"),
    ("eption", "evoir"),
    ("aissance", "aitre"),
    ("cution", "cuter"),
    ("gation", "guer"),
];

/// Action nouns of French verbs that no suffix gives (folded): the noun
/// of a task's title (« Choix d’un mot de passe », « Gestion des
/// comptes ») and the verb of its steps (« choisissez », « gérer »).
/// Left out: nouns whose usual sense is another than the verb's
/// (`résolution` of a screen is not `résoudre`, `vue` is a view before it
/// is `voir`, `suite` is not `suivre`, `prise` is a socket as often as
/// `prendre`), and those whose stem is another word's (`vente` is
/// stemmed `vent`, the wind).
const IRREGULAR_DERIVATIONS: [(&str, &str); 26] = [
    ("choix", "choisir"),
    ("gestion", "gerer"),
    ("acces", "acceder"),
    ("lecture", "lire"),
    ("perte", "perdre"),
    ("protection", "proteger"),
    ("description", "decrire"),
    ("extinction", "eteindre"),
    ("achat", "acheter"),
    ("reponse", "repondre"),
    ("essai", "essayer"),
    ("paiement", "payer"),
    ("maintien", "maintenir"),
    ("decouverte", "decouvrir"),
    ("mise", "mettre"),
    ("saisie", "saisir"),
    ("sortie", "sortir"),
    ("attente", "attendre"),
    ("reussite", "reussir"),
    ("redaction", "rediger"),
    ("transfert", "transferer"),
    ("suivi", "suivre"),
    ("retrait", "retirer"),
    ("gravure", "graver"),
    ("blocage", "bloquer"),
    ("deblocage", "debloquer"),
];

/// Weighs each run of query words the corpus writes as a name as one
/// unit (see `crate::names`). Each word of the name that has a slot keeps
/// it, with [`name_part_weight`] for the word alone, and gets the name as
/// an alternative of full weight: as a phrase of its words (whose BM25
/// adds [`name_phrase_weight`] of its own, the parts being scored
/// already) and, for a glued name, as its parts written as one word
/// (`cdrom` for `CD-ROM`). When a word of the name has no slot (`V` of
/// `System V`, a stop word) or is a number (`Windows 10`), the others say
/// less than the name: they get [`INCOMPLETE_NAME_WEIGHTS`], and their
/// idf is raised to the name's. A run is a name when the corpus writes it
/// so in two passages or more, or when its words, each a word of the
/// query, written as one are a word of the corpus ([`MIN_JOINED_PASSAGES`]:
/// `cd rom` for `cdrom`). A query word that is a glued name written as one
/// (`cdrom`) gets the name (`CD-ROM`) as an alternative.
fn weigh_names(
    slots: &mut [Slot],
    parsed: &ParsedQuery,
    names: &Names,
    doc_freq: &impl Fn(&str) -> tantivy::Result<u64>,
    idf: &impl Fn(u64) -> f32,
) -> tantivy::Result<()> {
    // The words already in a name (`Debian GNU/Linux`: `GNU/Linux` first,
    // being glued).
    let mut taken: Vec<&String> = Vec::new();
    for run in &parsed.runs {
        if run.terms.iter().any(|t| taken.contains(&t)) {
            continue;
        }
        let parts: Vec<usize> = slots
            .iter()
            .enumerate()
            .filter(|(_, s)| s.exact.is_none() && run.terms.contains(&s.word))
            .map(|(i, _)| i)
            .collect();
        if parts.is_empty() || parts.iter().any(|&i| !slots[i].is_exact()) {
            continue;
        }
        let known = names.get(&run.terms);
        // Written as one word by two passages or more, its words each a
        // word of the query (not `par défaut` for a typo `pardéfaut`).
        let joined_df = if run.terms.contains(&run.joined) || parts.len() < run.terms.len() {
            0
        } else {
            doc_freq(&run.joined)?
        };
        // Typed glued, the words are one word already (`plate-forme`):
        // once is enough.
        let fewest = if run.glued { 1 } else { MIN_JOINED_PASSAGES };
        let joined_df = if joined_df >= fewest { joined_df } else { 0 };
        if known.is_none() && joined_df == 0 {
            continue;
        }
        taken.extend(&run.terms);
        // A name with a word that says nothing alone (`System V`,
        // `Windows 10`).
        let incomplete = parts.len() < run.terms.len()
            || run
                .terms
                .iter()
                .any(|t| t.bytes().all(|b| b.is_ascii_digit()));
        let (part, phrase) = if incomplete {
            INCOMPLETE_NAME_WEIGHTS
        } else {
            (name_part_weight(), name_phrase_weight())
        };
        let joined_count = u32::try_from(joined_df).unwrap_or(u32::MAX);
        let count = known.map_or(joined_count, |n| n.count);
        let text = known.map_or_else(|| run.typed.clone(), |n| n.text.clone());
        let mut alternatives = vec![Alternative {
            text,
            terms: run.terms.clone(),
            weight: 1.0,
            bm25: phrase,
            source: SynonymSource::Name { count },
        }];
        if joined_df > 0 {
            alternatives.push(Alternative {
                text: run.joined.clone(),
                terms: vec![run.joined.clone()],
                weight: 1.0,
                bm25: 1.0,
                source: SynonymSource::Name {
                    count: joined_count,
                },
            });
        }
        let name_idf = idf(u64::from(count) + joined_df);
        for &i in &parts {
            let slot = &mut slots[i];
            slot.expansions.iter_mut().for_each(|e| e.weight *= part);
            slot.alternatives.extend(alternatives.iter().cloned());
            if incomplete {
                slot.idf = slot.idf.max(name_idf);
            }
        }
    }
    // A word that is a glued name written as one (`cdrom`) also stands for
    // the name (`CD-ROM`).
    for slot in slots.iter_mut() {
        let in_name = slot
            .alternatives
            .iter()
            .any(|a| matches!(a.source, SynonymSource::Name { .. }));
        if in_name || slot.exact.is_some() {
            continue;
        }
        if let Some(name) = names.joined(&slot.word) {
            if !slot.is_exact() {
                // Never written as one word: the name is what it means.
                slot.idf = slot.idf.max(idf(u64::from(name.count)));
            }
            slot.alternatives.push(Alternative {
                text: name.text.clone(),
                terms: name.terms.clone(),
                weight: 1.0,
                bm25: 1.0,
                source: SynonymSource::Name { count: name.count },
            });
        }
    }
    Ok(())
}

/// A parsed query resolved against an index.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct QueryPlan {
    /// The ranking words, in query order.
    pub slots: Vec<Slot>,
    /// Required phrases.
    pub phrases: Vec<Phrase>,
    /// Phrases beside `OR`: each finds passages as a word does.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub either: Vec<Phrase>,
    /// Groups of which every hit holds one: the terms of a required word
    /// beginning (`+côt*`, `côt* AND école`); with a required phrase or
    /// word, the alternatives of `OR` (`"a b" c OR "d e"`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub required_any: Vec<Vec<Phrase>>,
    /// Phrases that raise the passages holding them.
    pub boosted: Vec<Phrase>,
    /// Excluded words and phrases.
    pub excluded: Vec<Phrase>,
    /// What the question asks for, if it says.
    pub answer: Option<AnswerKind>,
    /// The query asks for code: code passages rank as others do.
    pub code: bool,
    /// Word beginnings (`intell*`) that stand for more terms than are
    /// searched (the most frequent are).
    pub cut_prefixes: Vec<String>,
}

/// The same words as `phrase` written as the corpus also writes them, as
/// one word or as several (`cdrom` for `CD-ROM`, `plate forme` for
/// `plateforme`); none for a phrase to match as typed.
fn spelled_otherwise(phrase: &Phrase, names: &Names) -> Option<Phrase> {
    if !phrase.exact.is_empty() {
        return None;
    }
    let other = match phrase.terms.as_slice() {
        [word] => names.joined(word).map(|name| name.terms.clone()),
        terms => names
            .get(terms)
            .and_then(|n| n.joined.clone())
            .map(|j| vec![j]),
    };
    other.filter(|t| *t != phrase.terms).map(Phrase::of)
}

/// What else a required phrase matches: its other spellings
/// ([`spelled_otherwise`]), and what its words' ranking slots find
/// passages by: for one word, the close spellings of a word the corpus
/// lacks; the names and synonyms of the phrase's words, together and
/// alone (`CD-ROM`'s `cdrom`, not `chemin de fer`'s `train` for `fer`);
/// not derived words, which only rank.
fn other_forms(phrase: &Phrase, slots: &[Slot], names: &Names) -> Vec<Phrase> {
    if !phrase.exact.is_empty() {
        return Vec::new();
    }
    let mut forms: Vec<Phrase> = spelled_otherwise(phrase, names).into_iter().collect();
    let slot_of = |term: &String| slots.iter().find(|s| s.word == *term && s.exact.is_none());
    let of_phrase: Vec<&Slot> = phrase.terms.iter().filter_map(slot_of).collect();
    if of_phrase.len() == phrase.terms.len() {
        if let [slot] = of_phrase.as_slice() {
            forms.extend(
                slot.expansions
                    .iter()
                    .map(|e| Phrase::of(vec![e.term.clone()])),
            );
        }
        // An alternative the phrase's words share, and no other word.
        let stands_for_phrase = |a: &Alternative| {
            slots.iter().all(|s| {
                let has = s.alternatives.iter().any(|b| b.terms == a.terms);
                has == of_phrase.iter().any(|p| std::ptr::eq(*p, s))
            })
        };
        if let Some(first) = of_phrase.first() {
            forms.extend(
                first
                    .alternatives
                    .iter()
                    .filter(|a| a.bm25 > 0.0 && !a.source.is_derived() && stands_for_phrase(a))
                    .map(|a| Phrase::of(a.terms.clone())),
            );
        }
    }
    let mut seen = vec![phrase.terms.clone()];
    forms.retain(|f| {
        let new = !seen.contains(&f.terms);
        seen.push(f.terms.clone());
        new
    });
    forms
}

impl QueryPlan {
    /// Resolves `parsed` against the index `stats` are of, whose corpus
    /// words are `vocabulary`.
    pub fn resolve(
        parsed: &ParsedQuery,
        stats: &QueryStatistics,
        schema: &PassageSchema,
        vocabulary: &Vocabulary,
        synonyms: &Synonyms,
        names: &Names,
    ) -> tantivy::Result<QueryPlan> {
        let total = stats.total_num_docs()?.max(1) as f32;
        let idf = |df: u64| {
            let df = df as f32;
            (1.0 + (total - df + 0.5) / (df + 0.5)).ln()
        };
        let doc_freq = |term: &str| -> tantivy::Result<u64> {
            Ok(stats.doc_freq_of(schema.text, term)? + stats.doc_freq_of(schema.section, term)?)
        };
        let mut slots = Vec::new();
        // Which words were typed in capitals: an acronym the corpus
        // defines stands for its words only when typed so.
        let mut capitals = Vec::new();
        for word in parsed.ranking_terms() {
            capitals.push(word.capitals);
            let df = doc_freq(&word.term)?;
            let slot = if df > 0 {
                Slot {
                    exact: word.exact.clone(),
                    ..Slot::exact(&word.term, idf(df))
                }
            } else if word.exact.is_some() {
                // As typed or not at all.
                Slot {
                    word: word.term.clone(),
                    idf: 0.0,
                    expansions: Vec::new(),
                    alternatives: Vec::new(),
                    exact: word.exact.clone(),
                }
            } else {
                let close = match allowed_distance(&word.key) {
                    Some(distance) => {
                        fuzzy_terms(vocabulary, stats, schema.text, &word.key, distance)?
                    }
                    None => Vec::new(),
                };
                Slot {
                    word: word.term.clone(),
                    idf: close.first().map_or(0.0, |c| idf(c.doc_freq)),
                    expansions: close
                        .into_iter()
                        .map(|c| Expansion {
                            weight: if c.distance <= 1 {
                                ONE_EDIT_WEIGHT
                            } else {
                                TWO_EDIT_WEIGHT
                            },
                            term: c.term,
                            distance: c.distance,
                        })
                        .collect(),
                    alternatives: Vec::new(),
                    exact: None,
                }
            };
            slots.push(slot);
        }
        // Task titles name an action by its noun (« Réglage du contraste »)
        // where the text says the verb (« réglez », « régler »): the
        // stemmer keeps some pairs apart.
        let derived = crate::weights::derived_weight();
        if derived > 0.0 {
            let analyzer = FrenchAnalyzer::new();
            for (slot, word) in slots.iter_mut().zip(parsed.ranking_terms()) {
                // A word to match as typed has no other form.
                if slot.exact.is_some() {
                    continue;
                }
                // Only words the corpus writes: `partage` gives `parter`,
                // no word, whose stem (`part`) is one.
                for related in derived_words(&word.key, |w| vocabulary.contains(w)) {
                    let Some(term) = analyzer
                        .analyze(&related)
                        .into_iter()
                        .next()
                        .map(|t| t.term)
                    else {
                        continue;
                    };
                    let df = doc_freq(&term)?;
                    if term == slot.word
                        || df == 0
                        || slot
                            .alternatives
                            .iter()
                            .any(|a| a.terms == std::slice::from_ref(&term))
                    {
                        continue;
                    }
                    // A word the corpus lacks weighs as its derived one.
                    if slot.expansions.is_empty() {
                        slot.idf = slot.idf.max(idf(df));
                    }
                    slot.alternatives.push(Alternative {
                        text: related,
                        terms: vec![term],
                        weight: derived,
                        bm25: derived,
                        source: SynonymSource::Derived,
                    });
                }
            }
        }
        if name_part_weight() <= 1.0 {
            weigh_names(&mut slots, parsed, names, &doc_freq, &idf)?;
        }
        // Synonyms of a word, or of a run of words, are alternatives of
        // each word of the run; one the index does not hold is left out.
        let owned: Vec<String> = slots.iter().map(|s| s.word.clone()).collect();
        let words: Vec<&str> = owned.iter().map(String::as_str).collect();
        for at in 0..words.len() {
            for found in synonyms.at(&words, at) {
                let as_typed = slots[at..at + found.words]
                    .iter()
                    .any(|s| s.exact.is_some());
                if as_typed || (found.needs_capitals && !capitals[at]) {
                    continue;
                }
                let mut rarest = u64::MAX;
                for term in &found.synonym.terms {
                    rarest = rarest.min(doc_freq(term)?);
                }
                if rarest == 0 {
                    continue;
                }
                for slot in &mut slots[at..at + found.words] {
                    if slot.alternatives.len() >= MAX_ALTERNATIVES {
                        continue;
                    }
                    if slot.expansions.is_empty() {
                        slot.idf = slot.idf.max(idf(rarest));
                    }
                    slot.alternatives.push(Alternative {
                        text: found.synonym.text.clone(),
                        terms: found.synonym.terms.clone(),
                        weight: synonym_weight(),
                        bm25: synonym_weight(),
                        source: found.source.clone(),
                    });
                }
            }
        }
        let mut cut_prefixes = Vec::new();
        let mut required_any = Vec::new();
        if !parsed.phrases.is_empty() && !parsed.either.is_empty() {
            required_any.push([&parsed.either[..], &parsed.either_words[..]].concat());
        }
        for prefix in &parsed.prefixes {
            let (terms, cut) = prefix_terms(vocabulary, stats, schema.text, &prefix.key)?;
            if cut {
                cut_prefixes.push(prefix.typed.clone());
            }
            if prefix.required {
                required_any.push(
                    terms
                        .iter()
                        .map(|t| Phrase {
                            terms: vec![t.term.clone()],
                            exact: prefix.exact.iter().cloned().collect(),
                        })
                        .collect(),
                );
            }
            slots.push(Slot {
                word: prefix.typed.clone(),
                idf: terms.first().map_or(0.0, |t| idf(t.doc_freq)),
                expansions: terms
                    .into_iter()
                    .map(|t| Expansion {
                        term: t.term,
                        distance: 0,
                        weight: 1.0,
                    })
                    .collect(),
                alternatives: Vec::new(),
                exact: prefix.exact.clone(),
            });
        }
        let mut excluded = parsed.excluded.clone();
        // A word excluded is excluded however the corpus writes it: `-cdrom`
        // is no `CD-ROM` either, nor `-CD-ROM` a `cdrom`.
        for phrase in &parsed.excluded {
            excluded.extend(spelled_otherwise(phrase, names));
        }
        for prefix in &parsed.excluded_prefixes {
            let (terms, cut) = prefix_terms(vocabulary, stats, schema.text, &prefix.key)?;
            if cut {
                cut_prefixes.push(format!("-{}", prefix.typed));
            }
            excluded.extend(terms.into_iter().map(|t| Phrase {
                terms: vec![t.term],
                exact: prefix.exact.iter().cloned().collect(),
            }));
        }
        let out_of_vocabulary = !slots.is_empty()
            && !slots
                .iter()
                .any(|s| s.is_exact() || !s.alternatives.is_empty())
            && slots.iter().any(Slot::is_empty);
        if out_of_vocabulary {
            slots.iter_mut().for_each(|s| s.expansions.clear());
        }
        // A requirement finds what its words find unrequired: `+cdrom` a
        // passage writing `CD-ROM`, `"CD ROM"` one writing `cdrom`, a
        // required word the corpus never writes its close spellings, a
        // required `IA` the words the corpus defines it by. Only a word to
        // match as typed (`=mot`) is its typed spelling alone.
        let mut phrases = Vec::new();
        for phrase in &parsed.phrases {
            let forms = other_forms(phrase, &slots, names);
            if forms.is_empty() {
                phrases.push(phrase.clone());
            } else {
                required_any.push(std::iter::once(phrase.clone()).chain(forms).collect());
            }
        }
        Ok(QueryPlan {
            slots,
            phrases,
            either: parsed.either.clone(),
            required_any,
            boosted: parsed.boosted.clone(),
            excluded,
            answer: parsed.answer,
            code: parsed.code,
            cut_prefixes,
        })
    }

    /// A plan that takes every query word as it is, without looking at an
    /// index (each word exact, idf 1): for tests of what follows planning.
    #[cfg(test)]
    pub fn exact(parsed: &ParsedQuery) -> QueryPlan {
        QueryPlan {
            slots: parsed
                .ranking_words()
                .into_iter()
                .map(|w| Slot::exact(w, 1.0))
                .collect(),
            phrases: parsed.phrases.clone(),
            either: parsed.either.clone(),
            required_any: Vec::new(),
            boosted: parsed.boosted.clone(),
            excluded: parsed.excluded.clone(),
            answer: parsed.answer,
            code: parsed.code,
            cut_prefixes: Vec::new(),
        }
    }

    /// True when nothing in the plan can match a passage.
    pub fn is_void(&self) -> bool {
        self.phrases.is_empty()
            && self.either.is_empty()
            && self.required_any.iter().all(Vec::is_empty)
            && self.slots.iter().all(Slot::is_empty)
    }

    /// True when some query word is in the index as typed.
    pub fn has_exact(&self) -> bool {
        self.slots.iter().any(Slot::is_exact)
    }
}

#[cfg(test)]
mod tests {
    use super::derived_words;

    #[test]
    fn action_nouns_and_their_verbs_derive_each_other() {
        let derives = |word: &str, other: &str| derived_words(word, |w| w == other) == [other];
        for (one, other) in [
            ("reglage", "regler"),
            ("modification", "modifier"),
            ("deplacement", "deplacer"),
            ("activation", "activer"),
            ("selection", "selectionner"),
            ("compatibilite", "compatible"),
            ("disponibilite", "disponible"),
            ("connexion", "connecter"),
            ("deconnexion", "deconnecter"),
            ("detection", "detecter"),
            ("suppression", "supprimer"),
            ("impression", "imprimer"),
            ("construction", "construire"),
            ("transmission", "transmettre"),
            ("composition", "composer"),
            ("definition", "definir"),
            ("rafraichissement", "rafraichir"),
            ("ouverture", "ouvrir"),
            ("ecriture", "ecrire"),
            ("envoi", "envoyer"),
            ("deploiement", "deployer"),
            ("fermeture", "fermer"),
            ("division", "diviser"),
            ("exclusion", "exclure"),
            ("conversion", "convertir"),
            ("insertion", "inserer"),
            ("adoption", "adopter"),
            ("inscription", "inscrire"),
            ("reception", "recevoir"),
            ("connaissance", "connaitre"),
            ("choix", "choisir"),
            ("gestion", "gerer"),
            ("acces", "acceder"),
            ("mise", "mettre"),
            ("execution", "executer"),
            ("navigation", "naviguer"),
            ("redaction", "rediger"),
            ("blocage", "bloquer"),
        ] {
            assert!(derives(one, other), "{one} -> {other}");
            assert!(derives(other, one), "{other} -> {one}");
        }
        // Too short a base to tell: nothing; no suffix: nothing.
        let any = |_: &str| true;
        assert!(derived_words("age", any).is_empty());
        assert!(derived_words("mer", any).is_empty());
        assert!(derived_words("contraste", any).is_empty());
        // Only words the corpus knows.
        assert!(derived_words("connexion", |_| false).is_empty());
    }

    #[test]
    fn the_longest_suffix_that_gives_a_word_wins() {
        let corpus = [
            "imprimer",
            "impressionner",
            "positionner",
            "connecter",
            "connection",
        ];
        let known = |w: &str| corpus.contains(&w);
        // `-ession` ↔ `-imer` before `-ion` ↔ `-ionner`.
        assert_eq!(derived_words("impression", known), ["imprimer"]);
        // No longer suffix gives a word (`poser` has too short a base):
        // the shorter one holds.
        assert_eq!(derived_words("position", known), ["positionner"]);
        // Two suffixes of one length give each a word: both.
        let mut both = derived_words("connecter", |w| ["connexion", "connection"].contains(&w));
        both.sort();
        assert_eq!(both, ["connection", "connexion"]);
    }
}
