//! The words of French questions that say nothing of their subject.
//!
//! In a query, interrogatives and the modal verbs of "can I", "must I",
//! "how do I" carry no weight, like stop words (`Combien d'argent pour
//! former les soignants ?` is about money, training and carers). The
//! analyzer does not drop them: in the indexed text they are ordinary
//! words. Two of them also say what kind of answer is wanted.

use serde::Serialize;

/// Words that weigh nothing in a query, folded (lower case, no accents).
#[rustfmt::skip]
const QUESTION_WORDS: &[&str] = &[
    "comment", "combien", "devez", "dois", "doit", "doivent", "faut", "lequel", "lesquelles",
    "lesquels", "laquelle", "peut", "peuvent", "peux", "pourquoi", "pouvez", "pouvons", "puis",
    "quand", "quoi",
    // Function words beyond the analyzer's stop list: adverbs, determiners
    // and prepositions that questions are full of.
    "ainsi", "alors", "aussi", "autre", "autres", "avoir", "ca", "car", "ceci", "cela", "cet", "dire",
    "cette", "chaque", "chez", "deja", "depuis", "donc", "encore", "entre", "etre", "ici",
    "maintenant", "moins", "plus", "plusieurs", "quelque", "quelques", "sans", "seulement", "si",
    "sous", "toujours", "tous", "tout", "toute", "toutes", "tres", "trop", "vers",
    "aujourd", "hui", "parce", "or", "voudrais", "voudrait", "aimerais", "aimerait", "savoir",
    "sais", "sait", "savez",
];

/// True for a word (folded) that weighs nothing in a query.
pub fn is_question_word(key: &str) -> bool {
    QUESTION_WORDS.contains(&key)
}

/// Words (folded) of a query that asks for code or a command.
const CODE_WORDS: &[&str] = &[
    "code",
    "commande",
    "commandes",
    "script",
    "scripts",
    "syntaxe",
];

/// True when a query word (as typed) asks for code: a word of code or a
/// command (`commande`, `script`, `syntaxe`), or a word written as code is
/// (`/etc/fstab`, `sources.list`, `--purge`, `$HOME`, `dpkg_options`,
/// `a=b`). Not a name written with a slash (`GNU/Linux`, `TCP/IP`), nor a
/// number (`12.5`), nor a compound (`start-up`, which `apt-get` looks
/// like).
pub fn asks_for_code(typed: &str, key: &str) -> bool {
    if CODE_WORDS.contains(&key) {
        return true;
    }
    let inner = typed.trim_matches(|c: char| !c.is_alphanumeric());
    let dotted = inner.split('.').filter(|part| !part.is_empty()).count() > 1
        && inner.chars().any(|c| c.is_alphabetic());
    let path = inner.contains('/') && (dotted || inner.chars().all(|c| !c.is_uppercase()));
    typed.starts_with("--")
        || typed.starts_with(['$', '/', '~'])
        || inner.contains(['_', '=', '$', '{', '<', '>'])
        || dotted
        || path
}

/// What a question asks for, when its interrogative says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerKind {
    /// `combien` (how much, how many): an amount, a number.
    Quantity,
    /// `quand` (when): a date or a year.
    Date,
}

impl AnswerKind {
    /// The kind of answer the interrogative `key` (folded) asks for.
    pub fn asked_by(key: &str) -> Option<AnswerKind> {
        match key {
            "combien" => Some(AnswerKind::Quantity),
            "quand" => Some(AnswerKind::Date),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_that_ask_for_code() {
        for (typed, key) in [
            ("commande", "commande"),
            ("/etc/fstab", "/etc/fstab"),
            ("etc/apt", "etc/apt"),
            ("sources.list", "sources.list"),
            ("--purge", "--purge"),
            ("$HOME", "$home"),
        ] {
            assert!(asks_for_code(typed, key), "{typed}");
        }
        for (typed, key) in [
            ("santé", "sante"),
            ("12.5", "12.5"),
            ("peut-être", "peut-etre"),
            ("start-up", "start-up"),
            ("GNU/Linux", "gnu/linux"),
            ("TCP/IP", "tcp/ip"),
            ("l'IA", "l'ia"),
            ("santé.", "sante."),
        ] {
            assert!(!asks_for_code(typed, key), "{typed}");
        }
    }

    #[test]
    fn interrogatives_weigh_nothing_and_two_ask_for_a_kind() {
        assert!(is_question_word("comment") && is_question_word("pourquoi"));
        assert!(!is_question_word("sante"));
        assert_eq!(AnswerKind::asked_by("combien"), Some(AnswerKind::Quantity));
        assert_eq!(AnswerKind::asked_by("quand"), Some(AnswerKind::Date));
        assert_eq!(AnswerKind::asked_by("comment"), None);
    }
}
