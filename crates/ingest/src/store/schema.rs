//! The index schema: what is stored and searched for each passage.

use tantivy::columnar::Column;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STRING,
};
use tantivy::SegmentReader;

use crate::error::{IngestError, Result};
use crate::store::pre_analysed::PRE_ANALYSED;
use crate::store::FORMAT;

/// The name of the fast field that holds a passage's ordinal.
const ORD: &str = "ord";

/// The fields of a passage in the index; bump `FORMAT.schema_version`
/// whenever they change. tantivy stores nothing: what a hit shows and
/// cites is read from the passage table (`crate::store::table`), found
/// by the `ord` fast field.
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
    /// (searched with a low weight; see
    /// `crate::analysis::cross_reference_spans`).
    pub refs: Field,
    /// Marks of a passage, one untokenized term each: [`FURNITURE_MARK`]
    /// for page furniture, which searches leave out unless asked.
    pub marks: Field,
}

/// The term of the `marks` field of a passage of page furniture.
pub const FURNITURE_MARK: &str = "furniture";

impl PassageSchema {
    /// Builds the schema for a new index.
    pub(crate) fn build() -> Self {
        let mut builder = Schema::builder();
        let analysed = |record| {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(PRE_ANALYSED)
                    .set_index_option(record),
            )
        };
        // Phrases are searched in the text, the section heading and the
        // title: these need positions; cross-references do not.
        let with_positions = analysed(IndexRecordOption::WithFreqsAndPositions);
        let without_positions = analysed(IndexRecordOption::WithFreqs);
        builder.add_u64_field(ORD, FAST);
        builder.add_text_field("text", with_positions.clone());
        builder.add_text_field("section", with_positions.clone());
        builder.add_text_field("title", with_positions);
        builder.add_text_field("refs", without_positions);
        builder.add_text_field("marks", STRING);
        Self::from_schema(&builder.build()).expect("the schema just built has every field")
    }

    /// Finds the fields in the schema of an existing index.
    pub(crate) fn from_schema(schema: &Schema) -> Result<Self> {
        let field = |name: &str| {
            schema
                .get_field(name)
                .map_err(|_| IngestError::IncompatibleIndex {
                    path: Default::default(),
                    found: format!("a schema without field `{name}`"),
                    expected: format!("schema {}", FORMAT.schema_version),
                    corpus: None,
                })
        };
        Ok(PassageSchema {
            schema: schema.clone(),
            ord: field(ORD)?,
            text: field("text")?,
            section: field("section")?,
            title: field("title")?,
            refs: field("refs")?,
            marks: field("marks")?,
        })
    }

    /// The name of the fast field of passage ordinals (see
    /// [`PassageSchema::ord_column`]).
    pub const ORD: &'static str = ORD;

    /// The passage ordinals of a segment's documents: a hit's place in the
    /// passage table.
    pub fn ord_column(&self, segment: &SegmentReader) -> tantivy::Result<Column<u64>> {
        segment.fast_fields().u64(ORD)
    }
}
