//! Filters on documents' metadata, in Meilisearch's filter syntax, so that
//! a user who knows one knows the other:
//! `date >= 2024-01-01 AND source = "hcl" AND NOT tags = opinion`,
//! `author IN [Dupont, "Le Gall"]`, `url EXISTS`, `year 2020 TO 2023`,
//! `(lang = fr OR lang NOT EXISTS)`.
//!
//! Conditions: `=`, `!=`, `>`, `>=`, `<`, `<=`, `a TO b`, `IN [...]`,
//! `NOT IN [...]`, `EXISTS`, `NOT EXISTS`; joined by `AND`, `OR` (`AND`
//! binds first), `NOT` and parentheses; keywords in any case. Values are
//! bare words or quoted (`'…'` or `"…"`, `\` escaping the quote).
//!
//! Comparisons: two numbers compare as numbers (`year >= 2020`); a date
//! field (`date`, `modified`, ISO 8601 in the index) compares with a date
//! at the precision written, so that `date <= 2024-02` keeps all of
//! February and `date = 2024` a year; text compares with case and accents
//! folded (`source = HCL` is `source = hcl`). A field of several values
//! (`tags`) meets a condition when one of its values does; `!=` and `NOT
//! IN` keep documents without the field, as in Meilisearch.
//!
//! The fields are those of [`crate::fields`], by document, and three by
//! passage: `section` (one of the headings over the passage), `kind`
//! (`paragraph`, `list_item`, `table_row`…) and `page`. A field no document
//! has is an error that says where: `unknown field "dte" at 1:1`.

use std::cmp::Ordering;

use fouille_ingest::analysis::fold;

/// Longest filter read, in bytes.
pub const MAX_FILTER_BYTES: usize = 4096;
/// Deepest nesting of parentheses and `NOT`s read.
const MAX_DEPTH: usize = 64;

/// Fields that belong to a passage rather than to its document.
pub const PASSAGE_FIELDS: &[&str] = &["section", "kind", "page"];
/// Fields that hold a date, compared at the precision of the date given.
const DATE_FIELDS: &[&str] = fouille_ingest::DATE_FIELDS;

/// Why a filter cannot be read: what, and where (1-based line and
/// column, in characters).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} at {line}:{column}")]
pub struct FilterError {
    /// What is wrong.
    pub message: String,
    /// Line of the filter where it is (1-based).
    pub line: usize,
    /// Column, in characters (1-based).
    pub column: usize,
}

/// A filter, read.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// Every one holds.
    And(Vec<Filter>),
    /// One at least holds.
    Or(Vec<Filter>),
    /// It does not hold.
    Not(Box<Filter>),
    /// A condition on a field.
    Condition {
        /// The field's name.
        field: String,
        /// What its values must meet.
        test: Test,
    },
}

/// What a field's values must meet.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    /// One value compares to the value given as said.
    Compare(Comparison, String),
    /// One value lies between the two, both included.
    Between(String, String),
    /// One value is one of these.
    In(Vec<String>),
    /// The field has a value.
    Exists,
}

/// How a value compares to the one given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// `=`
    Equal,
    /// `!=` (met by documents without the field too)
    NotEqual,
    /// `>`
    Greater,
    /// `>=`
    GreaterOrEqual,
    /// `<`
    Less,
    /// `<=`
    LessOrEqual,
}

impl Filter {
    /// Reads `text`; `known` says whether a field name is one the corpus
    /// has (a field it does not know is an error, with its place).
    pub fn parse(text: &str, known: impl Fn(&str) -> bool) -> Result<Filter, FilterError> {
        if text.len() > MAX_FILTER_BYTES {
            return Err(error_at(
                text,
                0,
                format!(
                    "filter too long ({} bytes; at most {MAX_FILTER_BYTES})",
                    text.len()
                ),
            ));
        }
        let tokens = tokens(text)?;
        let mut parser = Parser {
            text,
            tokens,
            at: 0,
            known: &known,
            depth: 0,
        };
        if parser.tokens.is_empty() {
            return Err(error_at(text, 0, "empty filter".into()));
        }
        let filter = parser.or()?;
        if let Some(token) = parser.tokens.get(parser.at) {
            return Err(parser.unexpected(token, "AND, OR or the end"));
        }
        Ok(with_iso_dates(filter))
    }

    /// True when a field of this filter belongs to passages
    /// ([`PASSAGE_FIELDS`]): the filter must then be tried on each
    /// passage, not once for its document.
    pub fn by_passage(&self) -> bool {
        match self {
            Filter::And(all) | Filter::Or(all) => all.iter().any(Filter::by_passage),
            Filter::Not(inner) => inner.by_passage(),
            Filter::Condition { field, .. } => PASSAGE_FIELDS.contains(&field.as_str()),
        }
    }

    /// True when the values `values` gives for each field meet the filter.
    pub fn holds<'a, I>(&self, values: &impl Fn(&str) -> I) -> bool
    where
        I: Iterator<Item = &'a str>,
    {
        match self {
            Filter::And(all) => all.iter().all(|f| f.holds(values)),
            Filter::Or(all) => all.iter().any(|f| f.holds(values)),
            Filter::Not(inner) => !inner.holds(values),
            Filter::Condition { field, test } => {
                let date = DATE_FIELDS.contains(&field.as_str());
                let mut found = values(field).filter(|v| !v.is_empty()).peekable();
                match test {
                    Test::Exists => found.peek().is_some(),
                    Test::Compare(Comparison::NotEqual, given) => {
                        !found.any(|v| compare(v, given, date) == Some(Ordering::Equal))
                    }
                    Test::Compare(comparison, given) => found.any(|v| {
                        let Some(order) = compare(v, given, date) else {
                            return false;
                        };
                        match comparison {
                            Comparison::Equal => order == Ordering::Equal,
                            Comparison::NotEqual => order != Ordering::Equal,
                            Comparison::Greater => order == Ordering::Greater,
                            Comparison::GreaterOrEqual => order != Ordering::Less,
                            Comparison::Less => order == Ordering::Less,
                            Comparison::LessOrEqual => order != Ordering::Greater,
                        }
                    }),
                    Test::Between(low, high) => found.any(|v| {
                        compare(v, low, date).is_some_and(|o| o != Ordering::Less)
                            && compare(v, high, date).is_some_and(|o| o != Ordering::Greater)
                    }),
                    Test::In(given) => found.any(|v| {
                        given
                            .iter()
                            .any(|g| compare(v, g, date) == Some(Ordering::Equal))
                    }),
                }
            }
        }
    }
}

/// How a field's `value` compares to `given`, `None` when they do not
/// compare: to a number, only numbers compare (`cote < 3` does not keep
/// `12bis`); in a date field, to a date only dates, at `given`'s precision
/// (`date > 1950` does not keep « vers 1900 »); other values compare as
/// text, case and accents folded.
pub fn compare(value: &str, given: &str, date: bool) -> Option<Ordering> {
    if date && is_iso_date(given) {
        if !is_iso_date(value) {
            return None;
        }
        let cut = value.get(..given.len()).unwrap_or(value);
        return Some(cut.cmp(given));
    }
    if let Ok(b) = given.trim().parse::<f64>() {
        if b.is_finite() {
            let a = value.trim().parse::<f64>().ok().filter(|a| a.is_finite())?;
            return Some(a.total_cmp(&b));
        }
    }
    if value.is_ascii() && given.is_ascii() {
        // Folding ASCII is lowering its case: compared without a copy.
        return Some(
            value
                .bytes()
                .map(|b| b.to_ascii_lowercase())
                .cmp(given.bytes().map(|b| b.to_ascii_lowercase())),
        );
    }
    Some(fold(value).cmp(&fold(given)))
}

/// True when `text` is an ISO 8601 date as the index keeps dates.
fn is_iso_date(text: &str) -> bool {
    text.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && fouille_ingest::iso_date(text).as_deref() == Some(text)
}

/// `filter` with the dates it gives in a date field made ISO 8601 as the
/// index's are (`date >= "1er mars 1950"` is `date >= 1950-03-01`).
fn with_iso_dates(filter: Filter) -> Filter {
    let iso = |v: String| fouille_ingest::iso_date(&v).unwrap_or(v);
    match filter {
        Filter::And(all) => Filter::And(all.into_iter().map(with_iso_dates).collect()),
        Filter::Or(all) => Filter::Or(all.into_iter().map(with_iso_dates).collect()),
        Filter::Not(inner) => Filter::Not(Box::new(with_iso_dates(*inner))),
        Filter::Condition { field, test } if DATE_FIELDS.contains(&field.as_str()) => {
            let test = match test {
                Test::Compare(c, v) => Test::Compare(c, iso(v)),
                Test::Between(low, high) => Test::Between(iso(low), iso(high)),
                Test::In(values) => Test::In(values.into_iter().map(iso).collect()),
                Test::Exists => Test::Exists,
            };
            Filter::Condition { field, test }
        }
        condition => condition,
    }
}

/// A token of a filter, with its byte offset.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// A bare word: a field, a keyword or a value.
    Word(String),
    /// A quoted value (or field).
    Quoted(String),
    /// `=`, `!=`, `>`, `>=`, `<`, `<=`, `(`, `)`, `[`, `]`, `,`.
    Sign(&'static str),
}

fn tokens(text: &str) -> Result<Vec<(usize, Token)>, FilterError> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(at, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let sign = match c {
            '(' => Some("("),
            ')' => Some(")"),
            '[' => Some("["),
            ']' => Some("]"),
            ',' => Some(","),
            '=' => Some("="),
            _ => None,
        };
        if let Some(sign) = sign {
            chars.next();
            out.push((at, Token::Sign(sign)));
            continue;
        }
        if matches!(c, '!' | '<' | '>') {
            chars.next();
            let equals = chars.peek().is_some_and(|&(_, n)| n == '=');
            if equals {
                chars.next();
            }
            let sign = match (c, equals) {
                ('!', true) => "!=",
                ('<', true) => "<=",
                ('>', true) => ">=",
                ('<', false) => "<",
                ('>', false) => ">",
                _ => return Err(error_at(text, at, "`!` without `=` (use NOT or !=)".into())),
            };
            out.push((at, Token::Sign(sign)));
            continue;
        }
        if c == '"' || c == '\'' {
            chars.next();
            let mut value = String::new();
            let mut closed = false;
            while let Some((_, n)) = chars.next() {
                match n {
                    '\\' => {
                        if let Some((_, escaped)) = chars.next() {
                            value.push(escaped);
                        }
                    }
                    n if n == c => {
                        closed = true;
                        break;
                    }
                    n => value.push(n),
                }
            }
            if !closed {
                return Err(error_at(text, at, format!("unclosed quote {c}")));
            }
            out.push((at, Token::Quoted(value)));
            continue;
        }
        let mut word = String::new();
        while let Some(&(_, n)) = chars.peek() {
            if n.is_whitespace() || "()[],=!<>\"'".contains(n) {
                break;
            }
            word.push(n);
            chars.next();
        }
        out.push((at, Token::Word(word)));
    }
    Ok(out)
}

/// The error `message` at byte `at` of `text`.
fn error_at(text: &str, at: usize, message: String) -> FilterError {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    FilterError {
        message,
        line,
        column,
    }
}

struct Parser<'a, K: Fn(&str) -> bool> {
    text: &'a str,
    tokens: Vec<(usize, Token)>,
    at: usize,
    known: &'a K,
    depth: usize,
}

impl<K: Fn(&str) -> bool> Parser<'_, K> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at).map(|(_, t)| t)
    }

    /// True, and the keyword taken, when the next token is `keyword`.
    fn keyword(&mut self, keyword: &str) -> bool {
        let found = matches!(self.peek(), Some(Token::Word(w)) if w.eq_ignore_ascii_case(keyword));
        if found {
            self.at += 1;
        }
        found
    }

    fn sign(&mut self, sign: &str) -> bool {
        let found = matches!(self.peek(), Some(Token::Sign(s)) if *s == sign);
        if found {
            self.at += 1;
        }
        found
    }

    fn here(&self) -> usize {
        self.tokens
            .get(self.at)
            .map_or(self.text.len(), |(at, _)| *at)
    }

    fn unexpected(&self, token: &(usize, Token), wanted: &str) -> FilterError {
        let what = match &token.1 {
            Token::Word(w) | Token::Quoted(w) => format!("\"{w}\""),
            Token::Sign(s) => format!("`{s}`"),
        };
        error_at(
            self.text,
            token.0,
            format!("expected {wanted}, found {what}"),
        )
    }

    fn expected(&self, wanted: &str) -> FilterError {
        match self.tokens.get(self.at) {
            Some(token) => self.unexpected(token, wanted),
            None => error_at(
                self.text,
                self.text.len(),
                format!("expected {wanted}, found the end"),
            ),
        }
    }

    fn or(&mut self) -> Result<Filter, FilterError> {
        let mut all = vec![self.and()?];
        while self.keyword("OR") {
            all.push(self.and()?);
        }
        Ok(if all.len() == 1 {
            all.remove(0)
        } else {
            Filter::Or(all)
        })
    }

    fn and(&mut self) -> Result<Filter, FilterError> {
        let mut all = vec![self.not()?];
        while self.keyword("AND") {
            all.push(self.not()?);
        }
        Ok(if all.len() == 1 {
            all.remove(0)
        } else {
            Filter::And(all)
        })
    }

    fn not(&mut self) -> Result<Filter, FilterError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(error_at(
                self.text,
                self.here(),
                format!("nested more than {MAX_DEPTH} deep"),
            ));
        }
        let filter = if self.keyword("NOT") {
            Filter::Not(Box::new(self.not()?))
        } else if self.sign("(") {
            let inner = self.or()?;
            if !self.sign(")") {
                return Err(self.expected("`)`"));
            }
            inner
        } else {
            self.condition()?
        };
        self.depth -= 1;
        Ok(filter)
    }

    /// A value: a bare word that is no keyword, or a quoted one.
    fn value(&mut self) -> Result<String, FilterError> {
        match self.peek() {
            Some(Token::Quoted(v)) => {
                let v = v.clone();
                self.at += 1;
                Ok(v)
            }
            Some(Token::Word(w)) if !is_keyword(w) => {
                let w = w.clone();
                self.at += 1;
                Ok(w)
            }
            _ => Err(self.expected("a value")),
        }
    }

    fn condition(&mut self) -> Result<Filter, FilterError> {
        let at = self.here();
        // Field names are in lower case, as readers and metadata.csv
        // give them.
        let field = match self.peek() {
            Some(Token::Word(w)) if !is_keyword(w) => w.to_lowercase(),
            Some(Token::Quoted(w)) => w.to_lowercase(),
            _ => return Err(self.expected("a field")),
        };
        if !(self.known)(&field) {
            return Err(error_at(
                self.text,
                at,
                format!("unknown field \"{field}\""),
            ));
        }
        self.at += 1;
        let condition = |test| Filter::Condition {
            field: field.clone(),
            test,
        };
        if self.keyword("EXISTS") {
            return Ok(condition(Test::Exists));
        }
        if self.keyword("IN") {
            return Ok(condition(Test::In(self.list()?)));
        }
        if self.keyword("NOT") {
            if self.keyword("EXISTS") {
                return Ok(Filter::Not(Box::new(condition(Test::Exists))));
            }
            if self.keyword("IN") {
                return Ok(Filter::Not(Box::new(condition(Test::In(self.list()?)))));
            }
            return Err(self.expected("EXISTS or IN after NOT"));
        }
        if matches!(self.peek(), Some(Token::Word(w)) if w.eq_ignore_ascii_case("IS")) {
            return Err(error_at(
                self.text,
                self.here(),
                "IS NULL and IS EMPTY are not supported: use NOT EXISTS".into(),
            ));
        }
        let comparison = match self.peek() {
            Some(Token::Sign("=")) => Some(Comparison::Equal),
            Some(Token::Sign("!=")) => Some(Comparison::NotEqual),
            Some(Token::Sign(">")) => Some(Comparison::Greater),
            Some(Token::Sign(">=")) => Some(Comparison::GreaterOrEqual),
            Some(Token::Sign("<")) => Some(Comparison::Less),
            Some(Token::Sign("<=")) => Some(Comparison::LessOrEqual),
            _ => None,
        };
        if let Some(comparison) = comparison {
            self.at += 1;
            return Ok(condition(Test::Compare(comparison, self.value()?)));
        }
        // `field low TO high`
        let low = self
            .value()
            .map_err(|_| self.expected("=, !=, >, >=, <, <=, TO, IN or EXISTS"))?;
        if !self.keyword("TO") {
            return Err(self.expected("TO"));
        }
        Ok(condition(Test::Between(low, self.value()?)))
    }

    fn list(&mut self) -> Result<Vec<String>, FilterError> {
        if !self.sign("[") {
            return Err(self.expected("`[`"));
        }
        let mut values = Vec::new();
        if self.sign("]") {
            return Ok(values);
        }
        loop {
            values.push(self.value()?);
            if self.sign("]") {
                return Ok(values);
            }
            if !self.sign(",") {
                return Err(self.expected("`,` or `]`"));
            }
        }
    }
}

fn is_keyword(word: &str) -> bool {
    ["AND", "OR", "NOT", "TO", "IN", "EXISTS"]
        .iter()
        .any(|k| word.eq_ignore_ascii_case(k))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Filter, FilterError> {
        Filter::parse(text, |f| {
            ["date", "source", "tags", "author", "year", "section", "url"].contains(&f)
        })
    }

    /// Whether the filter holds for a document of these fields.
    fn holds(text: &str, fields: &[(&str, &str)]) -> bool {
        let filter = parse(text).unwrap();
        filter.holds(&|name: &str| {
            fields
                .iter()
                .filter(move |(n, _)| *n == name)
                .map(|(_, v)| *v)
                .collect::<Vec<_>>()
                .into_iter()
        })
    }

    #[test]
    fn meilisearch_filters_read_and_hold_as_there() {
        let doc = [
            ("date", "2024-02-10"),
            ("year", "2024"),
            ("source", "HCL"),
            ("tags", "santé"),
            ("tags", "opinion"),
            ("author", "Le Gall"),
        ];
        for (filter, expected) in [
            ("date >= 2024-01-01 AND source = \"hcl\"", true),
            (
                "date >= 2024-01-01 AND source = hcl AND NOT tags = opinion",
                false,
            ),
            ("tags = sante", true),
            ("date <= 2024-02", true),
            ("date < 2024-02", false),
            ("date > 2024-02", false),
            ("date = 2024", true),
            ("date 2024-01-01 TO 2024-02-10", true),
            ("year 2020 TO 2023", false),
            ("year > 999", true),
            ("author IN [Dupont, 'Le Gall']", true),
            ("author NOT IN [Dupont, 'Le Gall']", false),
            ("url EXISTS", false),
            ("url NOT EXISTS", true),
            ("url != x", true),
            ("source != hcl", false),
            ("(source = x OR tags = opinion) and year = 2024", true),
            ("NOT (source = x OR tags = opinion)", false),
            ("source = x OR source = y AND year = 2024", false),
        ] {
            assert_eq!(holds(filter, &doc), expected, "{filter}");
        }
    }

    #[test]
    fn numbers_and_dates_compare_only_with_their_own_kind() {
        let holds_for = |filter: &str, field: &str, value: &str| holds(filter, &[(field, value)]);
        // What is no date is neither before nor after one.
        for value in ["s.d.", "vers 1900", "XIXe siècle", "2024-02-30"] {
            assert!(!holds_for("date > 1950", "date", value), "{value}");
            assert!(!holds_for("date < 2100", "date", value), "{value}");
        }
        // A date in the filter is read as the index reads dates.
        assert!(holds_for("date >= \"1er mars 1950\"", "date", "1960-06-03"));
        assert!(holds_for(
            "date = \"11 février 2025\"",
            "date",
            "2025-02-11"
        ));
        assert!(holds_for("date = \"s.d.\"", "date", "s.d."));
        // A shelfmark is no number.
        assert!(!holds_for("year < 3", "year", "12bis"));
        assert!(holds_for("year < 3", "year", "2"));
        assert!(holds_for("year = 12", "year", "12.0"));
        // Field names in any case.
        assert!(holds_for("YEAR = 12", "year", "12"));
    }

    #[test]
    fn a_filter_with_an_error_says_where() {
        let error = |text: &str| parse(text).unwrap_err().to_string();
        assert_eq!(error("dte >= 2024"), "unknown field \"dte\" at 1:1");
        assert_eq!(
            error("date >= 2024 AND\n  sourse = x"),
            "unknown field \"sourse\" at 2:3"
        );
        assert_eq!(error("date >="), "expected a value, found the end at 1:8");
        assert_eq!(error("source = 'hcl"), "unclosed quote ' at 1:10");
        assert_eq!(
            error("source = x y"),
            "expected AND, OR or the end, found \"y\" at 1:12"
        );
        assert_eq!(error("(source = x"), "expected `)`, found the end at 1:12");
        assert_eq!(
            error("tags IN [a b]"),
            "expected `,` or `]`, found \"b\" at 1:12"
        );
        assert_eq!(error(""), "empty filter at 1:1");
        assert!(error("source IS NULL").contains("NOT EXISTS"));
        assert!(error(&"NOT ".repeat(100)).contains("nested"));
        assert!(error(&"x".repeat(5000)).contains("too long"));
    }

    #[test]
    fn section_is_a_field_of_passages() {
        assert!(parse("section = Installation").unwrap().by_passage());
        assert!(!parse("source = x").unwrap().by_passage());
    }
}
