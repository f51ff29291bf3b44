//! The index schema: what is stored and searched for each passage.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};

use crate::analysis::TOKENIZER_NAME;
use crate::error::{IngestError, Result};

/// Version of the index layout. Bump it whenever fields change; an index of
/// another version is refused with a message to rebuild.
pub const SCHEMA_VERSION: u32 = 3;

/// The fields of a passage in the index.
#[derive(Debug, Clone)]
pub struct PassageSchema {
    /// The tantivy schema.
    pub schema: Schema,
    /// Passage id, `doc:line` or `doc:line.part` (indexed whole, stored).
    pub id: Field,
    /// Document name: the file's path in the corpus without extension
    /// (indexed whole, stored).
    pub doc: Field,
    /// Order of the passage within its document (fast, indexed, stored).
    pub seq: Field,
    /// Passage text, analysed (searched).
    pub text: Field,
    /// Section heading, analysed (searched).
    pub section: Field,
    /// Article title, analysed (searched).
    pub title: Field,
    /// Words of the passage's cross-references to other sections, analysed
    /// (searched with a low weight; see [`crate::xref`]).
    pub refs: Field,
    /// The passage's distinct words as typed, folded but not stemmed (stop
    /// words and numbers aside): the vocabulary a misspelt query word is
    /// compared with. Indexed without frequencies or positions.
    pub keys: Field,
    /// Passage text as in the source (stored).
    pub text_stored: Field,
    /// Section heading (stored; empty when the passage is under the title).
    pub section_stored: Field,
    /// Article title (stored).
    pub title_stored: Field,
    /// File path relative to the corpus directory (stored).
    pub file: Field,
    /// 1-based line of the passage in its file (stored).
    pub line: Field,
    /// Byte offset of the passage's start in its file (stored).
    pub start: Field,
    /// Byte offset of the passage's end in its file (stored).
    pub end: Field,
    /// Passage kind: paragraph, list_item or table_row (stored).
    pub kind: Field,
    /// The passage's tokens in [`crate::token_store`] form (stored).
    pub tokens: Field,
}

impl PassageSchema {
    /// Builds the schema for a new index.
    pub fn build() -> Self {
        let mut builder = Schema::builder();
        let analysed = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER_NAME)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        builder.add_text_field("id", STRING | STORED);
        builder.add_text_field("doc", STRING | STORED);
        builder.add_u64_field("seq", INDEXED | FAST | STORED);
        builder.add_text_field("text", analysed.clone());
        builder.add_text_field("section", analysed.clone());
        builder.add_text_field("title", analysed.clone());
        builder.add_text_field("refs", analysed);
        builder.add_text_field(
            "keys",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(TOKENIZER_NAME)
                    .set_index_option(IndexRecordOption::Basic),
            ),
        );
        builder.add_text_field("text_stored", STORED);
        builder.add_text_field("section_stored", STORED);
        builder.add_text_field("title_stored", STORED);
        builder.add_text_field("file", STORED);
        builder.add_u64_field("line", STORED);
        builder.add_u64_field("start", STORED);
        builder.add_u64_field("end", STORED);
        builder.add_text_field("kind", STORED);
        builder.add_bytes_field("tokens", STORED);
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
            id: field("id")?,
            doc: field("doc")?,
            seq: field("seq")?,
            text: field("text")?,
            section: field("section")?,
            title: field("title")?,
            refs: field("refs")?,
            keys: field("keys")?,
            text_stored: field("text_stored")?,
            section_stored: field("section_stored")?,
            title_stored: field("title_stored")?,
            file: field("file")?,
            line: field("line")?,
            start: field("start")?,
            end: field("end")?,
            kind: field("kind")?,
            tokens: field("tokens")?,
        })
    }
}
