//! The index schema: what is stored and searched for each passage.

use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST};

use crate::error::{IngestError, Result};
use crate::pre_analysed::PRE_ANALYSED;

/// Version of the index layout. Bump it whenever fields change; an index of
/// another version is refused with a message to rebuild.
pub const SCHEMA_VERSION: u32 = 7;

/// The fields of a passage in the index. tantivy stores nothing: what a
/// hit shows and cites is read from the passage table ([`crate::table`]),
/// found by the `ord` fast field.
#[derive(Debug, Clone)]
pub struct PassageSchema {
    /// The tantivy schema.
    pub schema: Schema,
    /// The passage's ordinal in the passage table (fast).
    pub ord: Field,
    /// Passage text, analysed (searched).
    pub text: Field,
    /// Section heading, analysed (searched).
    pub section: Field,
    /// Article title, analysed (searched).
    pub title: Field,
    /// Words of the passage's cross-references to other sections, analysed
    /// (searched with a low weight; see [`crate::xref`]).
    pub refs: Field,
}

impl PassageSchema {
    /// Builds the schema for a new index.
    pub fn build() -> Self {
        let mut builder = Schema::builder();
        let analysed = |record| {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(PRE_ANALYSED)
                    .set_index_option(record),
            )
        };
        // Phrases are searched in the text and (to exclude them) in section
        // headings: only these need positions.
        let with_positions = analysed(IndexRecordOption::WithFreqsAndPositions);
        let without_positions = analysed(IndexRecordOption::WithFreqs);
        builder.add_u64_field("ord", FAST);
        builder.add_text_field("text", with_positions.clone());
        builder.add_text_field("section", with_positions);
        builder.add_text_field("title", without_positions.clone());
        builder.add_text_field("refs", without_positions);
        Self::from_schema(&builder.build()).expect("the schema just built has every field")
    }

    /// Finds the fields in the schema of an existing index.
    pub fn from_schema(schema: &Schema) -> Result<Self> {
        let field = |name: &str| {
            schema
                .get_field(name)
                .map_err(|_| IngestError::IncompatibleIndex {
                    path: Default::default(),
                    found: format!("a schema without field `{name}`"),
                    expected: format!("schema {SCHEMA_VERSION}"),
                    corpus: None,
                })
        };
        Ok(PassageSchema {
            schema: schema.clone(),
            ord: field("ord")?,
            text: field("text")?,
            section: field("section")?,
            title: field("title")?,
            refs: field("refs")?,
        })
    }
}
