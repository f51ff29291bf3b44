//! Reading a query as people type it.
//!
//! The syntax is small and nothing in it is an error:
//! - plain words: passages with any of them;
//! - `"a quoted phrase"` (or `«…»`, `“…”`): those words in that order, after
//!   analysis, stop words included. Typed straight quotes always make a
//!   required phrase; typographic quotes (`«…»`, `“…”`) inside a sentence are
//!   how French writes a term (`Que dire de « sid » ?`): that phrase then
//!   raises the passages holding it without filtering the others out;
//! - `-word` or `-"phrase"` (or `NOT word`): passages with it are excluded;
//! - `+word` or `+"phrase"`: every hit holds it; `a AND b` requires both
//!   sides, as Lucene reads it;
//! - `word*`: any word of the corpus starting with `word` (accents and case
//!   aside), the most frequent [`crate::plan::MAX_PREFIX_TERMS`] of them;
//! - `=word` or `="phrase"` (or every word and phrase with
//!   [`ParsedQuery::parse_exact`]): the word as typed, case aside, with
//!   its accents, no other inflection, no close spelling and no synonym
//!   (`=tours` does not find `tour`, `=côte` does not find `cote`), and
//!   `=côt*` the words beginning so (`côte`, `côté`, not `cote`);
//! - `OR` between words changes nothing (any word may match); a phrase
//!   beside `OR` is one of the alternatives, not a requirement:
//!   `santé OR "jumeaux virtuels"` finds passages with either, and
//!   `"a b" OR "c d"` passages with one of the phrases;
//! - a quotation mark without its pair is read as if it were not there, and
//!   an apostrophe is never a quotation mark (`l'IA`, `aujourd'hui`).
//!
//! Words go through the same [`FrenchAnalyzer`] as the indexed text.

pub use fouille_ingest::analysis::AnswerKind;
use fouille_ingest::analysis::{
    asks_for_code, fold, glued_runs, is_question_word, is_quote, joined_term, WordSpan,
};
use fouille_ingest::{FrenchAnalyzer, Token};
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::error::QueryError;

/// Longest query accepted, in bytes. Longer input is refused rather than
/// analysed: no one types a query that long, and a pasted document is not a
/// query.
pub const MAX_QUERY_BYTES: usize = 16 * 1024;

/// A query term after analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueryTerm {
    /// The indexed term it looks for.
    pub term: String,
    /// The word as typed, folded (lower case, no accents): what a misspelt
    /// word is measured on.
    pub key: String,
    /// True for a stop word or a question word: it carries no weight.
    pub stop: bool,
    /// For a word to match as typed (`=tours`): the word in lower case, its
    /// accents kept (see `surface`); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exact: Option<String>,
    /// Typed in capitals (`IA`, `SU`): an acronym the corpus defines
    /// stands for its words only when typed so (`su`, the command, is
    /// not « Single UNIX »).
    #[serde(skip)]
    pub capitals: bool,
}

/// Words of the query side by side, glued (`CD-ROM`) or not (`System
/// V`): if the corpus writes them as a name, the plan weighs them as one
/// unit (see `crate::names`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordRun {
    /// The words' terms, stop words included.
    pub terms: Vec<String>,
    /// As typed.
    pub typed: String,
    /// The words written as one, as indexed (`cdrom`).
    pub joined: String,
    /// True when typed glued (`CD-ROM`), not apart (`CD ROM`).
    pub glued: bool,
}

/// The runs of `text` that may be names, `tokens` being its plain words
/// (not quoted, excluded or to match as typed): their glued runs (`GNU/Linux`, at most `MAX_NAME_WORDS` words) and any two
/// words with only blanks between them.
fn word_runs(text: &str, tokens: &[Token]) -> Vec<WordRun> {
    let spans: Vec<WordSpan> = tokens.iter().map(WordSpan::from).collect();
    let run = |range: std::ops::Range<usize>, glued: bool| {
        let words = &tokens[range];
        WordRun {
            terms: words.iter().map(|t| t.term.clone()).collect(),
            typed: text[words[0].start..words[words.len() - 1].end].to_string(),
            joined: joined_term(words.iter().map(|t| &text[t.start..t.end])),
            glued,
        }
    };
    let mut runs: Vec<WordRun> = glued_runs(text, &spans)
        .into_iter()
        .map(|r| run(r, true))
        .collect();
    for i in 1..tokens.len() {
        let between = &text[tokens[i - 1].end..tokens[i].start];
        if !between.is_empty() && between.chars().all(char::is_whitespace) {
            runs.push(run(i - 1..i + 1, false));
        }
    }
    runs
}

/// A phrase: terms that must follow one another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Phrase {
    /// The terms, in order; the index of a term is its position in the
    /// phrase.
    pub terms: Vec<String>,
    /// For a phrase to match as typed (`="les tours"`): each word in lower
    /// case, accents kept (see `surface`); empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exact: Vec<String>,
}

impl Phrase {
    /// The phrase of `terms`, matched by their terms (not as typed).
    pub fn of(terms: Vec<String>) -> Phrase {
        Phrase {
            terms,
            exact: Vec::new(),
        }
    }
}

/// A word as exact matching compares it: in lower case, accents kept,
/// typographic apostrophes as `'`, the ligatures of typesetting (`ﬁ`,
/// `ﬂ`: one glyph for two letters, as PDFs write them) as their letters
/// (not `œ` and `æ`, letters of their own), soft hyphens and zero-width
/// characters dropped, accents composed (NFC: `e` and a combining acute
/// accent are the `é` typed).
pub fn surface(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.nfc() {
        match c {
            'ﬀ' => out.push_str("ff"),
            'ﬁ' => out.push_str("fi"),
            'ﬂ' => out.push_str("fl"),
            'ﬃ' => out.push_str("ffi"),
            'ﬄ' => out.push_str("ffl"),
            'ﬅ' | 'ﬆ' => out.push_str("st"),
            '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' => {}
            c if is_apostrophe_like(c) => out.push('\''),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// True for a query word that carries no weight: a stop word (but an
/// acronym typed in capitals, `AI Act`, even when its letters spell one),
/// a question word (`comment`, `savoir`), a single letter. `token` is the
/// word's token, `typed` the word as typed. Synonyms' keys leave out the
/// same words, so that a query meets them.
pub(crate) fn weighs_nothing(token: &Token, typed: &str) -> bool {
    let key = fold(typed);
    (token.stop && !in_capitals(typed))
        || is_question_word(&key)
        || (key.chars().count() == 1 && !key.as_bytes()[0].is_ascii_digit())
}

/// True for a word typed in capitals, as an acronym is (`IA`, `SU`): two
/// letters at least, every one a capital.
pub(crate) fn in_capitals(word: &str) -> bool {
    word.chars().count() >= 2 && word.chars().all(char::is_uppercase)
}

fn is_apostrophe_like(c: char) -> bool {
    matches!(c, '’' | '‘' | 'ʼ' | '′' | '`' | '´')
}

/// A query, read and analysed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ParsedQuery {
    /// Plain words, in query order, without repeats.
    pub words: Vec<QueryTerm>,
    /// Quoted phrases, which every hit must contain.
    pub phrases: Vec<Phrase>,
    /// Quoted phrases beside `OR`: a passage holding one matches, as a
    /// passage holding a plain word does (left out of the JSON when
    /// none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub either: Vec<Phrase>,
    /// The plain words beside `OR`, each a phrase of one: with a
    /// requirement elsewhere (`"a b" c OR "d e"`), a hit holds one of
    /// them or of `either`.
    #[serde(skip)]
    pub either_words: Vec<Phrase>,
    /// Phrases in typographic quotes inside a sentence: passages holding
    /// them rank higher, but others still match on the words.
    pub boosted: Vec<Phrase>,
    /// Excluded words and phrases: no hit contains any of them.
    pub excluded: Vec<Phrase>,
    /// What the question asks for, if its interrogative says so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<AnswerKind>,
    /// Word beginnings typed with a `*`: each stands for the corpus's
    /// words that start with it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub prefixes: Vec<Prefix>,
    /// Excluded word beginnings (`-intell*`, `NOT intell*`): no hit holds
    /// a word beginning so.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub excluded_prefixes: Vec<Prefix>,
    /// True when the query asks for code or a command (see
    /// `fouille_ingest::analysis::asks_for_code`): code passages then rank
    /// as others do (left out of the JSON when false).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub code: bool,
    /// Word beginnings typed with a `*` but shorter than
    /// [`MIN_PREFIX_LETTERS`] (`i*`): searched as the word itself, with a
    /// note saying so (see `Note::PrefixTooShort`).
    #[serde(skip)]
    pub short_prefixes: Vec<String>,
    /// Runs of plain words that may be names (see [`WordRun`]), in query
    /// order.
    #[serde(skip)]
    pub runs: Vec<WordRun>,
    /// How many of `phrases` are required words (`+mot`, a side of `AND`)
    /// rather than quoted phrases: a query that finds nothing says which.
    #[serde(skip)]
    pub required_words: usize,
}

/// A word beginning typed with `*` (`intell*`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Prefix {
    /// As typed, with its `*`.
    pub typed: String,
    /// Folded (lower case, no accents): what the corpus's words are
    /// matched on.
    pub key: String,
    /// For a beginning to match as typed (`=côt*`, or with `--exact`):
    /// the beginning as [`surface`] writes it, with its `*` (see
    /// `crate::exact`); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exact: Option<String>,
    /// `+intell*`, or a side of `AND`: every hit holds a word beginning
    /// so (left out of the JSON when false).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
}

/// Shortest word beginning a `*` may follow, in letters: `a*` would stand
/// for a large part of the language.
pub const MIN_PREFIX_LETTERS: usize = 2;

/// One clause of the raw query, before analysis.
#[derive(Debug, PartialEq, Eq)]
struct Clause<'a> {
    text: &'a str,
    quoted: bool,
    /// Quoted with straight ASCII quotes, the search syntax.
    typed_quotes: bool,
    negated: bool,
    /// `+word`, or a side of `AND`: every hit holds it.
    required: bool,
    /// `word*`.
    prefix: bool,
    /// `=word`, `="phrase"`: as typed.
    exact: bool,
    /// Beside `OR`: the chain of alternatives (`a OR b OR c`) it is one
    /// of, numbered in the query.
    chain: Option<usize>,
}

impl ParsedQuery {
    /// Reads `input`. Fails only on an empty (or blank) query and one longer
    /// than [`MAX_QUERY_BYTES`]; a query whose words all vanish in analysis
    /// (punctuation, emoji) parses to a query that matches nothing.
    pub fn parse(input: &str) -> Result<ParsedQuery, QueryError> {
        ParsedQuery::parse_with(input, false)
    }

    /// Reads `input` as [`ParsedQuery::parse`] does, every word and phrase
    /// matched as typed (`--exact`): as if each were written `=word`.
    pub fn parse_exact(input: &str) -> Result<ParsedQuery, QueryError> {
        ParsedQuery::parse_with(input, true)
    }

    fn parse_with(input: &str, exact_all: bool) -> Result<ParsedQuery, QueryError> {
        if input.trim().is_empty() {
            return Err(QueryError::EmptyQuery);
        }
        if input.len() > MAX_QUERY_BYTES {
            return Err(QueryError::QueryTooLong {
                bytes: input.len(),
                max: MAX_QUERY_BYTES,
            });
        }
        let analyzer = FrenchAnalyzer::new();
        let mut query = ParsedQuery::default();
        let analyzed: Vec<(Clause, Vec<Token>)> = clauses(input)
            .into_iter()
            .map(|c| {
                let tokens = analyzer.analyze(c.text);
                (c, tokens)
            })
            .collect();
        let plain_clauses = analyzed
            .iter()
            .filter(|(c, tokens)| !c.quoted && !c.negated && !tokens.is_empty())
            .count();
        let has_plain_words = plain_clauses > 0;
        // Chains of `OR` with a required side (`a OR b AND c`): their other
        // sides are optional, as Lucene reads them (`a +b +c`).
        let anchored: Vec<usize> = analyzed
            .iter()
            .filter(|(c, _)| c.required)
            .filter_map(|(c, _)| c.chain)
            .collect();
        // The tokens of plain words, their byte ranges in `input`.
        let mut plain: Vec<Token> = Vec::new();
        for (clause, tokens) in analyzed {
            if clause.prefix {
                // After an elision (`l'intell*`), the word begins.
                let typed = clause
                    .text
                    .rsplit(['\'', '’'])
                    .next()
                    .unwrap_or(clause.text);
                let key = fold(typed);
                let list = if clause.negated {
                    &mut query.excluded_prefixes
                } else {
                    &mut query.prefixes
                };
                if key.chars().filter(|c| c.is_alphanumeric()).count() >= MIN_PREFIX_LETTERS {
                    if !list.iter().any(|p| p.key == key) {
                        list.push(Prefix {
                            typed: format!("{typed}*"),
                            key,
                            exact: (clause.exact || exact_all)
                                .then(|| format!("{}*", surface(typed))),
                            required: clause.required && !clause.negated,
                        });
                    }
                    continue;
                }
                query.short_prefixes.push(format!("{typed}*"));
            }
            if !clause.negated {
                query.code |= clause
                    .text
                    .split_whitespace()
                    .any(|typed| asks_for_code(typed, &fold(typed)));
            }
            if tokens.is_empty() {
                continue;
            }
            let exact = clause.exact || exact_all;
            let typed = |t: &Token| &clause.text[t.start..t.end];
            let terms = || Phrase {
                terms: tokens.iter().map(|t| t.term.clone()).collect(),
                exact: if exact {
                    tokens.iter().map(|t| surface(typed(t))).collect()
                } else {
                    Vec::new()
                },
            };
            if clause.required && !clause.negated && !clause.quoted {
                // Required, and ranked as the other words are.
                query.phrases.push(terms());
                query.required_words += 1;
            }
            // One of the alternatives of a chain of `OR` that has no
            // required side.
            let either = clause.chain.is_some_and(|c| !anchored.contains(&c))
                && !clause.negated
                && !clause.required;
            if either && clause.quoted {
                query.either.push(terms());
                continue;
            }
            if either {
                query
                    .either_words
                    .extend(tokens.iter().filter(|t| !t.stop).map(|t| Phrase {
                        terms: vec![t.term.clone()],
                        exact: exact.then(|| surface(typed(t))).into_iter().collect(),
                    }));
            }
            let soft = clause.quoted
                && (!clause.typed_quotes && has_plain_words || clause.chain.is_some())
                && !clause.required;
            if soft {
                query.boosted.push(terms());
            }
            match (clause.negated, clause.quoted && !soft) {
                (true, _) => query.excluded.push(terms()),
                (false, true) => query.phrases.push(terms()),
                // A word of several as typed (`=sources.list`, `=e-mail`,
                // `=aujourd'hui`) is a phrase: its parts, in order, as
                // typed; required when the query has nothing else.
                (false, false) if exact && tokens.len() > 1 => {
                    if clause.required {
                        // Pushed as a required phrase above.
                    } else if plain_clauses == 1 {
                        query.phrases.push(terms());
                    } else {
                        query.boosted.push(terms());
                    }
                }
                (false, false) => {
                    if !exact {
                        // Where the clause stands in the query: a run may
                        // span clauses (`System V` is two).
                        let at = clause.text.as_ptr() as usize - input.as_ptr() as usize;
                        plain.extend(tokens.iter().map(|t| Token {
                            start: t.start + at,
                            end: t.end + at,
                            ..t.clone()
                        }));
                    }
                    for token in &tokens {
                        let as_typed = exact.then(|| surface(typed(token)));
                        if !query
                            .words
                            .iter()
                            .any(|w| w.term == token.term && w.exact == as_typed)
                        {
                            let typed = typed(token);
                            let key = fold(typed);
                            let acronym = in_capitals(typed);
                            let weightless = weighs_nothing(token, typed);
                            if query.answer.is_none() {
                                query.answer = AnswerKind::asked_by(&key);
                            }
                            query.words.push(QueryTerm {
                                term: token.term.clone(),
                                stop: weightless,
                                key,
                                exact: as_typed,
                                capitals: acronym,
                            });
                        }
                    }
                }
            }
        }
        query.runs = word_runs(input, &plain);
        Ok(query)
    }

    /// The words that drive ranking: the words that are not stop words, or
    /// all of them when every word is a stop word (`"le la les"` still
    /// searches for something).
    pub fn ranking_words(&self) -> Vec<&str> {
        self.ranking_terms()
            .into_iter()
            .map(|w| w.term.as_str())
            .collect()
    }

    /// The query words that drive ranking (see [`Self::ranking_words`]),
    /// with their folded keys.
    pub fn ranking_terms(&self) -> Vec<&QueryTerm> {
        let content: Vec<&QueryTerm> = self.words.iter().filter(|w| !w.stop).collect();
        if content.is_empty()
            && self.phrases.is_empty()
            && self.either.is_empty()
            && self.prefixes.is_empty()
        {
            self.words.iter().collect()
        } else {
            content
        }
    }

    /// True when nothing in the query can match a passage.
    pub fn is_void(&self) -> bool {
        self.ranking_words().is_empty()
            && self.phrases.is_empty()
            && self.either.is_empty()
            && self.prefixes.is_empty()
    }
}

/// Splits the raw query into word runs and quoted phrases.
fn clauses(input: &str) -> Vec<Clause<'_>> {
    let mut out: Vec<Clause<'_>> = Vec::new();
    let mut rest = input;
    // `AND` makes the clause before it and the one after it required;
    // `NOT` excludes the clause after it.
    let (mut require_next, mut negate_next) = (false, false);
    // The chain of `OR` the next clause is one of, and chains so far.
    let (mut chain_next, mut chains) = (None, 0);
    loop {
        rest = rest.trim_start();
        let Some(first) = rest.chars().next() else {
            break;
        };
        // `-word` excludes, `+word` requires; `--option` and short options
        // (`-x`, `-xf`) after a command name are words to find, not
        // exclusions; an acronym in capitals (`-IP`, `-UE`) is excluded.
        let word_len = rest
            .find(|c: char| c.is_whitespace() || is_quote(c))
            .unwrap_or(rest.len());
        let acronym = first == '-' && in_capitals(&rest[1..word_len.max(1)]);
        let option = first == '-'
            && (rest.starts_with("--")
                || (word_len <= 3 && !acronym && !rest[1..].starts_with(is_quote)));
        let dash = first == '-' && rest.len() > 1 && !option;
        let negated = dash || negate_next;
        let plus = first == '+' && rest.len() > 1 && !rest[1..].starts_with(['+', ' ']);
        let required = plus || require_next;
        let body = if dash || plus { &rest[1..] } else { rest };
        // `=word`, `="phrase"`, also after `-` or `+`.
        let exact = body.len() > 1
            && body.starts_with('=')
            && !body[1..].starts_with(|c: char| c == '=' || c.is_whitespace());
        let body = if exact { &body[1..] } else { body };
        let opening = body.chars().next().filter(|&c| is_quote(c));
        if let Some(open) = opening {
            let inner = &body[open.len_utf8()..];
            if let Some(close) = inner.find(is_quote) {
                out.push(Clause {
                    text: &inner[..close],
                    quoted: true,
                    typed_quotes: open == '"',
                    negated,
                    required,
                    prefix: false,
                    exact,
                    chain: chain_next,
                });
                (require_next, negate_next, chain_next) = (false, false, None);
                let close_len = inner[close..].chars().next().map_or(1, char::len_utf8);
                rest = &inner[close + close_len..];
                continue;
            }
            // An unbalanced quotation mark: read the rest as plain words.
            rest = inner;
            continue;
        }
        let end = body
            .find(|c: char| c.is_whitespace() || is_quote(c))
            .unwrap_or(body.len());
        let word = &body[..end];
        rest = &body[end..];
        match word {
            "OR" => {
                let mut new_chain = || {
                    chains += 1;
                    chains
                };
                chain_next = Some(match out.last_mut() {
                    Some(previous) => *previous.chain.get_or_insert_with(new_chain),
                    None => new_chain(),
                });
                continue;
            }
            "AND" => {
                if let Some(previous) = out.last_mut().filter(|c| !c.negated) {
                    previous.required = true;
                }
                require_next = true;
                continue;
            }
            "NOT" => {
                negate_next = true;
                continue;
            }
            _ => {}
        }
        // `intell**` is `intell*`.
        let stem = word.trim_end_matches('*');
        let (text, prefix) = if stem.len() < word.len() && !stem.is_empty() {
            (stem, true)
        } else {
            (word, false)
        };
        out.push(Clause {
            text,
            quoted: false,
            typed_quotes: false,
            negated: negated && !text.is_empty(),
            required: required && !negated,
            prefix,
            exact,
            chain: chain_next,
        });
        (require_next, negate_next, chain_next) = (false, false, None);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(q: &ParsedQuery) -> Vec<&str> {
        q.words.iter().map(|w| w.term.as_str()).collect()
    }

    #[test]
    fn plus_and_and_require_not_and_minus_exclude() {
        let q = ParsedQuery::parse("santé AND données").unwrap();
        assert_eq!(words(&q), ["sant", "don"]);
        let required: Vec<_> = q.phrases.iter().map(|p| p.terms.join(" ")).collect();
        assert_eq!(required, ["sant", "don"]);
        let q = ParsedQuery::parse("+santé numérique").unwrap();
        assert_eq!(q.phrases.len(), 1);
        assert_eq!(words(&q), ["sant", "numer"]);
        let q = ParsedQuery::parse("+\"jumeaux virtuels\" santé").unwrap();
        assert_eq!(q.phrases[0].terms, ["jumeau", "virtuel"]);
        assert!(q.boosted.is_empty());
        for input in ["santé NOT données", "santé -données"] {
            let q = ParsedQuery::parse(input).unwrap();
            assert_eq!(words(&q), ["sant"], "{input}");
            assert_eq!(q.excluded[0].terms, ["don"], "{input}");
            assert!(q.phrases.is_empty(), "{input}");
        }
        // Lower case, they are words; a lone `+` or `C++` is no syntax.
        let q = ParsedQuery::parse("santé and données").unwrap();
        assert!(q.phrases.is_empty());
        let q = ParsedQuery::parse("C++ + santé").unwrap();
        assert!(q.phrases.is_empty());
    }

    #[test]
    fn a_star_makes_a_word_beginning() {
        let q = ParsedQuery::parse("intell* l'interop* santé").unwrap();
        let keys: Vec<_> = q.prefixes.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["intell", "interop"]);
        assert_eq!(q.prefixes[0].typed, "intell*");
        assert_eq!(words(&q), ["sant"]);
        let q = ParsedQuery::parse("Intéll*").unwrap();
        assert_eq!(q.prefixes[0].key, "intell");
        assert!(!q.is_void());
        // Too short to stand for words: the letter itself.
        assert!(ParsedQuery::parse("a*").unwrap().prefixes.is_empty());
        assert_eq!(ParsedQuery::parse("a*").unwrap().short_prefixes, ["a*"]);
        assert_eq!(
            ParsedQuery::parse("intell**").unwrap().prefixes[0].key,
            "intell"
        );
    }

    #[test]
    fn plain_words_are_analysed() {
        let q = ParsedQuery::parse("L'interopérabilité des systèmes").unwrap();
        assert_eq!(words(&q), ["interoper", "des", "system"]);
        assert_eq!(q.ranking_words(), ["interoper", "system"]);
        assert!(q.phrases.is_empty() && q.excluded.is_empty());
    }

    #[test]
    fn quoted_phrases_with_any_quotation_marks() {
        for input in [
            "\"jumeaux virtuels\"",
            "«jumeaux virtuels»",
            "« jumeaux virtuels »",
            "“jumeaux virtuels”",
        ] {
            let q = ParsedQuery::parse(input).unwrap();
            assert_eq!(q.phrases.len(), 1, "{input}");
            assert_eq!(q.phrases[0].terms, ["jumeau", "virtuel"], "{input}");
            assert!(q.words.is_empty());
        }
    }

    #[test]
    fn typographic_quotes_in_a_sentence_raise_without_filtering() {
        let q = ParsedQuery::parse("Que dire de « sid » ?").unwrap();
        assert!(q.phrases.is_empty());
        assert_eq!(q.boosted[0].terms, ["sid"]);
        assert!(q.ranking_words().contains(&"sid"));
        // Straight quotes are the search syntax: always required.
        let q = ParsedQuery::parse("Que dire de \"sid\" ?").unwrap();
        assert_eq!(q.phrases[0].terms, ["sid"]);
        // Alone, a phrase in any quotes is required.
        let q = ParsedQuery::parse("« jumeaux virtuels »").unwrap();
        assert_eq!(q.phrases[0].terms, ["jumeau", "virtuel"]);
        assert!(q.boosted.is_empty());
    }

    #[test]
    fn stop_words_stay_in_phrases() {
        let q = ParsedQuery::parse("\"interopérabilité des systèmes\"").unwrap();
        assert_eq!(q.phrases[0].terms, ["interoper", "des", "system"]);
    }

    #[test]
    fn an_unbalanced_quote_is_plain_words() {
        let q = ParsedQuery::parse("\"jumeaux virtuels").unwrap();
        assert!(q.phrases.is_empty());
        assert_eq!(words(&q), ["jumeau", "virtuel"]);
        let q = ParsedQuery::parse("jumeaux « virtuels").unwrap();
        assert_eq!(words(&q), ["jumeau", "virtuel"]);
    }

    #[test]
    fn apostrophes_are_never_quotes() {
        let q = ParsedQuery::parse("Combien d'argent pour former les soignants à l'IA ?").unwrap();
        assert!(q.phrases.is_empty());
        assert!(words(&q).contains(&"ia"));
        assert!(words(&q).contains(&"argent"));
        let q = ParsedQuery::parse("aujourd'hui l’IA").unwrap();
        assert_eq!(words(&q), ["aujourd", "hui", "ia"]);
    }

    #[test]
    fn exclusions_and_or() {
        let q = ParsedQuery::parse("santé -radiologues OR imagerie -\"deep learning\"").unwrap();
        assert_eq!(words(&q), ["sant", "imager"]);
        let excluded: Vec<Vec<String>> = q.excluded.iter().map(|p| p.terms.clone()).collect();
        assert_eq!(excluded, [vec!["radiologu"], vec!["deep", "learning"]]);
    }

    #[test]
    fn command_options_are_words_not_exclusions() {
        let q = ParsedQuery::parse("dpkg --purge").unwrap();
        assert!(q.excluded.is_empty());
        assert_eq!(words(&q), ["dpkg", "purg"]);
        let q = ParsedQuery::parse("tar -xf").unwrap();
        assert!(q.excluded.is_empty());
        let q = ParsedQuery::parse("santé -ia").unwrap();
        assert!(q.excluded.is_empty(), "a two-letter option");
        let q = ParsedQuery::parse("adresse -IP").unwrap();
        assert_eq!(q.excluded.len(), 1, "an acronym in capitals: {q:?}");
        assert_eq!(words(&q), ["adress"]);
        let q = ParsedQuery::parse("santé -radiologie").unwrap();
        assert_eq!(q.excluded.len(), 1);
    }

    #[test]
    fn acronyms_in_capitals_and_single_letters() {
        let q = ParsedQuery::parse("AI Act").unwrap();
        assert_eq!(q.ranking_words(), ["ai", "act"]);
        let q = ParsedQuery::parse("ai act").unwrap();
        assert_eq!(q.ranking_words(), ["act"]);
        let q = ParsedQuery::parse("e-santé").unwrap();
        assert_eq!(q.ranking_words(), ["sant"]);
    }

    #[test]
    fn a_lone_dash_or_punctuation_runs_and_matches_nothing() {
        for input in ["-", "?!", "…", "🙂", "- -"] {
            let q = ParsedQuery::parse(input).unwrap();
            assert!(q.is_void(), "{input}");
        }
    }

    #[test]
    fn question_words_carry_no_weight() {
        let q = ParsedQuery::parse("Combien d'argent pour former les soignants à l'IA ?").unwrap();
        assert_eq!(q.ranking_words(), ["argent", "form", "soign", "ia"]);
        let q = ParsedQuery::parse("Comment puis-je migrer ?").unwrap();
        assert_eq!(q.ranking_words(), ["migr"]);
        let q = ParsedQuery::parse("comment").unwrap();
        assert_eq!(q.ranking_words(), ["comment"]);
        // « How do I know whether… »: knowing is not the subject.
        let q = ParsedQuery::parse("Comment savoir si un paquet est installé ?").unwrap();
        assert_eq!(q.ranking_words(), ["paquet", "install"]);
    }

    #[test]
    fn interrogatives_say_what_is_asked() {
        let q = ParsedQuery::parse("Combien d'argent pour former les soignants ?").unwrap();
        assert_eq!(q.answer, Some(AnswerKind::Quantity));
        let q = ParsedQuery::parse("Quand le sommet a-t-il eu lieu ?").unwrap();
        assert_eq!(q.answer, Some(AnswerKind::Date));
        assert_eq!(
            ParsedQuery::parse("formation des soignants")
                .unwrap()
                .answer,
            None
        );
    }

    #[test]
    fn stop_words_alone_still_search() {
        let q = ParsedQuery::parse("le la les").unwrap();
        assert_eq!(q.ranking_words(), ["le", "la", "les"]);
    }

    #[test]
    fn no_input_makes_the_parser_panic() {
        // Every string of up to four characters from a set of troublemakers.
        let alphabet = ['-', '"', '«', '»', 'a', ' ', 'é', '…', '\'', 'O', 'R'];
        let mut input = String::new();
        let mut stack = vec![0usize; 0];
        loop {
            input.clear();
            input.extend(stack.iter().map(|&i| alphabet[i]));
            let _ = ParsedQuery::parse(&input);
            // Next combination, like counting in base alphabet.len().
            let mut i = stack.len();
            loop {
                if i == 0 {
                    if stack.len() == 4 {
                        return;
                    }
                    stack = vec![0; stack.len() + 1];
                    break;
                }
                i -= 1;
                stack[i] += 1;
                if stack[i] < alphabet.len() {
                    break;
                }
                stack[i] = 0;
            }
        }
    }

    #[test]
    fn empty_and_huge_queries_are_refused() {
        assert!(matches!(
            ParsedQuery::parse("  "),
            Err(QueryError::EmptyQuery)
        ));
        let huge = "mot ".repeat(MAX_QUERY_BYTES);
        assert!(matches!(
            ParsedQuery::parse(&huge),
            Err(QueryError::QueryTooLong { .. })
        ));
    }

    #[test]
    fn an_equals_sign_takes_a_word_or_a_phrase_as_typed() {
        let q = ParsedQuery::parse("=Tours château -=tour +=\"la Côte\"").unwrap();
        let tours = &q.words[0];
        assert_eq!(
            (tours.term.as_str(), tours.exact.as_deref()),
            ("tour", Some("tours"))
        );
        assert_eq!(q.words[1].exact, None);
        assert_eq!(q.excluded[0].exact, ["tour"]);
        assert_eq!(q.phrases[0].exact, ["la", "côte"]);
        // `tour` as typed and any inflection of `tour` are two words.
        let both = ParsedQuery::parse("=tours tours").unwrap();
        assert_eq!(both.words.len(), 2);
        // A lone `=`, `==`, and `=` inside a word are no marks.
        for query in ["= tours", "==tours", "a=b"] {
            let q = ParsedQuery::parse(query).unwrap();
            assert!(q.words.iter().all(|w| w.exact.is_none()), "{query}");
        }
        let all = ParsedQuery::parse_exact("Côtes \"l’IA\"").unwrap();
        assert_eq!(all.words[0].exact.as_deref(), Some("côtes"));
        assert_eq!(all.phrases[0].exact, ["ia"]);
    }

    #[test]
    fn a_word_of_several_as_typed_is_a_phrase() {
        let q = ParsedQuery::parse("=sources.list").unwrap();
        assert_eq!(q.phrases[0].exact, ["sources", "list"]);
        assert!(q.words.is_empty());
        let q = ParsedQuery::parse("=e-mail adresse").unwrap();
        assert_eq!(q.boosted[0].exact, ["e", "mail"]);
        assert_eq!(q.words.len(), 1);
        assert_eq!(surface("ﬁchier\u{ad}s"), "fichiers");
        assert_eq!(surface("Cœur"), "cœur");
    }
}
