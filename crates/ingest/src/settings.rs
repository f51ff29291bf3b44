//! The corpus's settings: [`SETTINGS_FILE`] at its root, in TOML, read at
//! each build (a change of it makes the index stale, as a change of a
//! document does).
//!
//! ```toml
//! [records]
//! text = ["chapeau", "corps"]
//! title = "intitulé"
//! date = "jour"
//! ```
//!
//! `[records]` names the fields of the corpus's datasets (JSON Lines, JSON,
//! CSV) that hold each record's text, title, date, address, author and
//! id, where their names are none of those fouille knows (see
//! `document::records`). A role named here is found by these names only,
//! case and accents aside; the others by the names fouille knows. A key
//! fouille does not know is an error: a typo must not pass unseen.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The settings file at the corpus root.
pub const SETTINGS_FILE: &str = "fouille.toml";

/// What [`SETTINGS_FILE`] says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The fields of datasets' records.
    #[serde(default)]
    pub records: RecordFields,
}

/// The names of the fields of records that play each role (empty: the
/// names fouille knows). Each is a name or a list of names in the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordFields {
    /// Fields of text, each line a paragraph.
    #[serde(default, deserialize_with = "one_or_many")]
    pub text: Vec<String>,
    /// The record's title.
    #[serde(default, deserialize_with = "one_or_many")]
    pub title: Vec<String>,
    /// Its date.
    #[serde(default, deserialize_with = "one_or_many")]
    pub date: Vec<String>,
    /// Its address.
    #[serde(default, deserialize_with = "one_or_many")]
    pub url: Vec<String>,
    /// Its author or authors.
    #[serde(default, deserialize_with = "one_or_many")]
    pub author: Vec<String>,
    /// Its id, which names it in passage ids when unique.
    #[serde(default, deserialize_with = "one_or_many")]
    pub id: Vec<String>,
}

/// A settings file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct SettingsError {
    /// The file.
    pub path: PathBuf,
    /// Why, and where in it.
    pub reason: String,
}

impl Settings {
    /// The settings of the corpus at `root`: the defaults when it has no
    /// [`SETTINGS_FILE`].
    pub fn read(root: &Path) -> Result<Settings, SettingsError> {
        let path = root.join(SETTINGS_FILE);
        let error = |reason: String| SettingsError {
            path: path.clone(),
            reason,
        };
        let text = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes)
                .map_err(|_| error("not UTF-8 (TOML is written in UTF-8)".into()))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
            Err(e) => return Err(error(e.to_string())),
        };
        Settings::parse(&text).map_err(error)
    }

    /// Reads settings written in TOML; the error says what and where.
    pub fn parse(text: &str) -> Result<Settings, String> {
        toml::from_str(text).map_err(|e| e.to_string().trim_end().replace('\n', " "))
    }
}

/// A name, or a list of names.
fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Names {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Names::deserialize(d)? {
        Names::One(name) => vec![name],
        Names::Many(names) => names,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_one_or_many_and_unknown_keys_are_refused() {
        let settings =
            Settings::parse("[records]\ntext = [\"chapeau\", \"corps\"]\ntitle = \"intitulé\"\n")
                .unwrap();
        assert_eq!(settings.records.text, ["chapeau", "corps"]);
        assert_eq!(settings.records.title, ["intitulé"]);
        assert!(settings.records.date.is_empty());
        assert_eq!(Settings::parse("").unwrap(), Settings::default());
        let typo = Settings::parse("[records]\ntxt = \"corps\"\n").unwrap_err();
        assert!(typo.contains("txt") && typo.contains("line 2"), "{typo}");
        assert!(Settings::parse("[record]\n").is_err());
        assert!(Settings::parse("[records]\ntext = 3\n").is_err());
        assert!(Settings::parse("[records\n").is_err());
    }
}
