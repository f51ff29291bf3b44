//! Irregular French forms that a stemmer brings to the wrong word, or to
//! none.
//!
//! Snowball's French stemmer strips suffixes: it brings `contenant` and
//! `contenir` to `conten`, but leaves `contient`, `contiennent` and
//! `contenu` as they are, and makes `noyal` of `noyaux` (as `journal` of
//! `journaux`), apart from `noyau`. A question asks « Quel paquet contient… ? »
//! and the answer says « le paquet contenant… ». It also brings `sais`
//! (`savoir`) and `saisissez` (`saisir`) to the same `sais`.
//!
//! So the forms of the verbs of the families of `tenir` and `venir`
//! (`contenir`, `obtenir`, `appartenir`, `devenir`, `convenir`…), of
//! `savoir`, and a few irregular plurals (`noyaux`, `travaux`, `jeux`,
//! `lieux`) are stemmed as their infinitive or singular is.
//!
//! Measured and left out (see the README): the same for `mettre` (`mis`,
//! `mise`), `prendre` (`pris`), the verbs in `-uire`, `-indre`, `-soudre`,
//! `-cevoir`, `-aître`, `-crire`, `ouvrir`, `offrir`, `lire` and the modal
//! verbs. `mise à jour` then meets every `mettre`, `construit` every
//! `construire`, and the FAQ dev questions lost 0.018 for 0.005 on the
//! help tasks. Forms that are other words too are never mapped: `revenu`
//! (an income, not `revenir`), `prévenu`, `détenu`, `retenue`.

use std::sync::OnceLock;

use crate::fast_hash::FastMap;

/// The word (folded) whose stem a folded key takes, when the key is an
/// irregular form of it.
pub(crate) fn lemma_of(key: &str) -> Option<&'static str> {
    static TABLE: OnceLock<FastMap<String, String>> = OnceLock::new();
    TABLE.get_or_init(table).get(key).map(String::as_str)
}

/// Forms that are other words as well: never mapped.
const NOT_FORMS: &[&str] = &[
    "revenu",
    "revenue",
    "revenus",
    "revenues",
    "prevenu",
    "prevenue",
    "prevenus",
    "prevenues",
    "detenu",
    "detenue",
    "detenus",
    "detenues",
    "retenue",
    "retenues",
];

/// Verbs of the family of `tenir`, by prefix.
const TENIR: &[&str] = &[
    "", "abs", "appar", "con", "de", "entre", "main", "ob", "re", "sou",
];
/// Verbs of the family of `venir`, by prefix.
const VENIR: &[&str] = &[
    "", "ad", "circon", "con", "de", "inter", "par", "pre", "pro", "re", "rede", "sou", "sub",
    "sur",
];
/// Other irregular words, with their forms.
const IRREGULAR: &[(&str, &[&str])] = &[
    (
        "savoir",
        &[
            "sais",
            "sait",
            "savent",
            "savez",
            "savons",
            "savait",
            "savais",
            "savaient",
            "sachant",
            "sache",
            "saches",
            "sachent",
            "sachez",
            "saura",
            "saurai",
            "saurez",
            "sauront",
            "saurait",
            "saurais",
            "sauraient",
        ],
    ),
    // The nouns left out of the verbs above, their plural with them.
    ("revenu", &["revenus"]),
    ("prevenu", &["prevenus"]),
    ("detenu", &["detenus"]),
    // Irregular plurals Snowball does not bring back.
    ("noyau", &["noyaux"]),
    ("tuyau", &["tuyaux"]),
    ("boyau", &["boyaux"]),
    ("joyau", &["joyaux"]),
    ("travail", &["travaux"]),
    ("jeu", &["jeux"]),
    ("feu", &["feux"]),
    ("lieu", &["lieux"]),
    ("cheveu", &["cheveux"]),
    ("oeil", &["yeux"]),
];

/// Every irregular form, with its word.
fn table() -> FastMap<String, String> {
    let mut forms: FastMap<String, String> = FastMap::default();
    for (prefixes, root) in [(TENIR, "t"), (VENIR, "v")] {
        for prefix in prefixes {
            let verb = format!("{prefix}{root}enir");
            for ending in TIEN {
                let form = format!("{prefix}{root}{ending}");
                if !NOT_FORMS.contains(&form.as_str()) {
                    forms.insert(form, verb.clone());
                }
            }
        }
    }
    for (word, word_forms) in IRREGULAR {
        for form in *word_forms {
            forms.insert(form.to_string(), word.to_string());
        }
    }
    forms
}

/// Endings of `tenir` and `venir` after their `t` or `v`.
const TIEN: &[&str] = &[
    "enons",
    "iens",
    "ient",
    "iennent",
    "ienne",
    "iennes",
    "enu",
    "enue",
    "enus",
    "enues",
    "iendra",
    "iendrai",
    "iendras",
    "iendrez",
    "iendrons",
    "iendront",
    "iendrait",
    "iendrais",
    "iendraient",
    "int",
    "inrent",
];
#[cfg(test)]
mod tests {
    use super::super::tests::terms;
    use super::*;

    #[test]
    fn irregular_forms_have_their_verb() {
        for (form, verb) in [
            ("contient", "contenir"),
            ("contiennent", "contenir"),
            ("contenu", "contenir"),
            ("obtient", "obtenir"),
            ("devient", "devenir"),
            ("appartiennent", "appartenir"),
            ("conviendrait", "convenir"),
            ("venons", "venir"),
            ("revenus", "revenu"),
            ("sais", "savoir"),
            ("noyaux", "noyau"),
        ] {
            assert_eq!(lemma_of(form), Some(verb), "{form}");
        }
    }

    #[test]
    fn the_analyzer_gives_a_verb_one_term_and_two_verbs_two() {
        let contenir = terms("contenir");
        for form in ["contient", "contiennent", "contenu", "contenant"] {
            assert_eq!(terms(form), contenir, "{form}");
        }
        assert_eq!(terms("noyaux"), terms("noyau"));
        assert_eq!(terms("sais"), terms("savoir"));
        assert_ne!(terms("sais"), terms("saisissez"));
    }

    #[test]
    fn words_that_are_also_other_words_are_left_alone() {
        for word in [
            "revenu",
            "detenu",
            "retenue",
            "saisissez",
            "contenant",
            "tenir",
            "patient",
            "chretiens",
            "mis",
        ] {
            assert_eq!(lemma_of(word), None, "{word}");
        }
    }
}
