//! The part every reader shares: a document's text and blocks written as
//! the reader finds them.

use std::cell::OnceCell;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::decode::{Decoded, SourceMap};
use super::{Block, BlockKind, Furniture, SourceMark, MAX_PASSAGE_CHARS};

/// Bytes of a long block's text between two of its marks, at least.
const MARK_EVERY: usize = 64;
/// Farthest, in bytes of the source, that the next word of a block is
/// looked for past the last one found.
const MARK_WINDOW: usize = 4096;

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
    /// The entry of a container the next blocks are of.
    entry: u32,
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
            entry: 0,
        }
    }

    /// Makes the next blocks the entry `entry`'s (a record of a dataset),
    /// under no heading.
    pub(crate) fn enter(&mut self, entry: u32) {
        self.entry = entry;
        self.open_headings.clear();
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
        // File offsets are asked for in increasing order: the source map
        // of a decoded file walks forward.
        let source_start = self.map.file_offset(range.start);
        let marks = if exact || words.len() <= MAX_PASSAGE_CHARS {
            Vec::new()
        } else {
            self.marks(words, range.clone())
        };
        let source = source_start..self.map.file_offset(range.end);
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
            entry: self.entry,
            marks,
            furniture: None,
        });
        if let BlockKind::Heading { level } = kind {
            self.open_headings
                .push((level, self.blocks.len() as u32 - 1));
        }
    }

    /// Marks the block just added as page furniture judged by `rule`.
    /// Furniture opens no section: a heading of furniture is added as a
    /// paragraph.
    pub(crate) fn mark_furniture(&mut self, rule: Furniture) {
        if let Some(block) = self.blocks.last_mut() {
            debug_assert!(!matches!(block.kind, BlockKind::Heading { .. }));
            block.furniture = Some(rule);
        }
    }

    /// Where the words of `words` (a block's text, made from `range` of
    /// the decoded text) are in the file: a mark every [`MARK_EVERY`]
    /// bytes of text, and at the first word of every sentence. Each word of three letters or more is looked for in
    /// order, at most [`MARK_WINDOW`] bytes past the last one found (markup
    /// and line ends lie between); a word not found there (an entity, a
    /// joined hyphenation) is passed over.
    fn marks(&mut self, words: &str, range: Range<usize>) -> Vec<SourceMark> {
        let source = &self.source[range.clone()];
        let mut marks = Vec::new();
        let mut cursor = 0;
        let mut last_mark: Option<usize> = None;
        // Passages are cut at sentences: the first word of each is marked,
        // so that a passage's line is the line it starts on.
        let mut sentences = words
            .split_sentence_bound_indices()
            .map(|(at, _)| at)
            .peekable();
        for (at, word) in words.split_word_bound_indices() {
            let mut starts_sentence = false;
            while sentences.next_if(|&s| s <= at).is_some() {
                starts_sentence = true;
            }
            if word.chars().filter(|c| c.is_alphanumeric()).count() < 3 {
                continue;
            }
            let mut window = (cursor + MARK_WINDOW).min(source.len());
            while !source.is_char_boundary(window) {
                window -= 1;
            }
            let Some(found) = source[cursor..window].find(word) else {
                continue;
            };
            let position = cursor + found;
            cursor = position + word.len();
            if !starts_sentence && last_mark.is_some_and(|last| at < last + MARK_EVERY) {
                continue;
            }
            last_mark = Some(at);
            let decoded = range.start + position;
            marks.push(SourceMark {
                text: at as u32,
                source: self.map.file_offset(decoded),
                line: self.line_of(decoded),
            });
        }
        marks
    }

    /// The blocks, and the text they point into (`None` when verbatim:
    /// the decoded text).
    pub(crate) fn finish(self) -> (Option<String>, Vec<Block>) {
        ((!self.verbatim).then_some(self.text), self.blocks)
    }
}
