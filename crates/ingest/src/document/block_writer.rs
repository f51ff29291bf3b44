//! The part every reader shares: a document's text and blocks written as
//! the reader finds them.

use std::cell::OnceCell;
use std::ops::Range;

use super::decode::{Decoded, SourceMap};
use super::{Block, BlockKind};

/// Writes a document's text and blocks: each block's words appended to the
/// text (unless the text is the file's own, `verbatim`), its place in the
/// file through the decoding's source map, and the heading it stands under
/// by heading levels.
pub(crate) struct BlockWriter<'a> {
    /// The decoded file.
    source: &'a str,
    map: SourceMap<'a>,
    /// The document's text is the decoded file itself: blocks point into
    /// it, and nothing is written.
    verbatim: bool,
    /// Where the lines of `source` start, found when first asked for.
    line_starts: OnceCell<Vec<usize>>,
    text: String,
    blocks: Vec<Block>,
    /// The headings the next block stands under: (level, block index).
    open_headings: Vec<(u8, u32)>,
}

impl<'a> BlockWriter<'a> {
    /// A writer for the blocks of `decoded`.
    pub(crate) fn new(decoded: &'a Decoded, verbatim: bool) -> Self {
        BlockWriter {
            source: &decoded.text,
            map: decoded.source_map(),
            verbatim,
            line_starts: OnceCell::new(),
            text: String::new(),
            blocks: Vec::new(),
            open_headings: Vec::new(),
        }
    }

    /// True when offsets of the decoded text are offsets of the file.
    pub(crate) fn is_identity(&self) -> bool {
        self.map.is_identity()
    }

    /// The 1-based line of the decoded text's byte `at`: lines end with
    /// `\n`, `\r\n` or a lone `\r`.
    pub(crate) fn line_of(&self, at: usize) -> u32 {
        let starts = self.line_starts.get_or_init(|| {
            let bytes = self.source.as_bytes();
            std::iter::once(0)
                .chain((0..bytes.len()).filter_map(|i| match bytes[i] {
                    b'\n' => Some(i + 1),
                    b'\r' if bytes.get(i + 1) != Some(&b'\n') => Some(i + 1),
                    _ => None,
                }))
                .collect()
        });
        starts.partition_point(|&s| s <= at) as u32
    }

    /// Adds a block of `kind` whose words are `words`, read from `range` of
    /// the decoded text starting on `line`; `exact` when the file's bytes
    /// there are `words` themselves.
    pub(crate) fn push(
        &mut self,
        kind: BlockKind,
        words: &str,
        range: Range<usize>,
        exact: bool,
        line: u32,
        anchor: Option<String>,
    ) {
        if let BlockKind::Heading { level } = kind {
            while self.open_headings.last().is_some_and(|&(l, _)| l >= level) {
                self.open_headings.pop();
            }
        }
        let source = self.map.file_offset(range.start)..self.map.file_offset(range.end);
        let (start, end) = if self.verbatim {
            (range.start, range.end)
        } else {
            let start = self.text.len();
            self.text.push_str(words);
            let end = self.text.len();
            self.text.push('\n');
            (start, end)
        };
        self.blocks.push(Block {
            kind,
            start,
            end,
            source,
            exact,
            line,
            parent: self.open_headings.last().map(|&(_, b)| b),
            anchor,
            entry: 0,
        });
        if let BlockKind::Heading { level } = kind {
            self.open_headings
                .push((level, self.blocks.len() as u32 - 1));
        }
    }

    /// The blocks, and the text they point into (`None` when verbatim:
    /// the decoded text).
    pub(crate) fn finish(self) -> (Option<String>, Vec<Block>) {
        ((!self.verbatim).then_some(self.text), self.blocks)
    }
}
