//! From the words poppler places on each page to a document's blocks.
//!
//! `pdftotext -bbox-layout` gives, page by page and in reading order (it
//! finds the columns), blocks of lines of words, each word with its box.
//! This module reads that XHTML ([`parse`]) and makes blocks of it
//! ([`blocks`]):
//!
//! - **Running heads** (the same line at the top or bottom of most pages,
//!   page numbers) are furniture, kept apart from the text they
//!   interrupt.
//! - **Paragraphs**: the lines of a poppler block, cut where a line is
//!   indented (a new paragraph's first line), set apart by a wider gap,
//!   starts with a bullet or a number (a list item), changes type size, or
//!   follows a short line that ends a sentence. A paragraph that goes on
//!   over a page or column break (no full stop, a lower-case start) is
//!   joined.
//! - **Words cut at a line end** (`interopé-` / `rabilité`) are joined;
//!   a hyphen that belongs to the word (`start-up`, `peut-on`) is kept: the
//!   document's own words decide, and a pronoun after it keeps it.
//! - **Headings**: the PDF's outline (bookmarks) where it has one; else
//!   lines set larger than the body text, their level from their numbering
//!   (`3.2.1`) or their size.

use std::collections::{HashMap, HashSet};

use quick_xml::events::Event;
use quick_xml::Reader as XmlReader;

use super::super::archive::{attribute, malformed, resolve};
use super::super::html::is_prose;
use super::super::{BlockKind, Furniture, ReadError};
use crate::analysis::{fold, is_stop_word};

/// A word and its box on the page (points, y down).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Word {
    pub(super) x0: f32,
    pub(super) y0: f32,
    pub(super) x1: f32,
    pub(super) y1: f32,
    pub(super) text: String,
    /// Its face, where `pdftohtml` says it (see [`super::faces`]).
    pub(super) face: Face,
}

/// How a word is set, beyond its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Face {
    /// In a bold face.
    pub(super) bold: bool,
    /// In a typewriter face, each letter as wide: code.
    pub(super) mono: bool,
}

/// A line of words, in reading order.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Line {
    pub(super) words: Vec<Word>,
}

impl Line {
    fn x0(&self) -> f32 {
        self.words
            .iter()
            .map(|w| w.x0)
            .fold(f32::INFINITY, f32::min)
    }
    fn x1(&self) -> f32 {
        self.words
            .iter()
            .map(|w| w.x1)
            .fold(f32::NEG_INFINITY, f32::max)
    }
    fn y0(&self) -> f32 {
        self.words
            .iter()
            .map(|w| w.y0)
            .fold(f32::INFINITY, f32::min)
    }
    fn y1(&self) -> f32 {
        self.words
            .iter()
            .map(|w| w.y1)
            .fold(f32::NEG_INFINITY, f32::max)
    }

    /// True when every word of the line is set in a typewriter face: a
    /// line of code, of a command or its output.
    fn mono(&self) -> bool {
        !self.words.is_empty() && self.words.iter().all(|w| w.face.mono)
    }

    /// True when every word of the line is set in bold.
    fn bold(&self) -> bool {
        !self.words.is_empty() && self.words.iter().all(|w| w.face.bold)
    }

    /// The type size of the line: its tallest word (a URL set in a
    /// smaller typewriter face leaves it as it is).
    fn size(&self) -> f32 {
        self.words.iter().map(|w| w.y1 - w.y0).fold(0.0, f32::max)
    }

    /// The line's words, a space between two words unless their boxes
    /// touch: poppler also cuts a word where its font changes (`lib` in one
    /// face, `truc-dev` in another is `libtruc-dev`). Boxes that overlap
    /// are two cells of a tight table, apart.
    fn text(&self) -> String {
        self.joined_words(false)
    }

    /// The line's words as a line of a table row: words further apart than
    /// one and a half times their height are in two cells (poppler gives
    /// a row's cells as one line when they stand close), parted by ` | `.
    fn cells(&self) -> String {
        self.joined_words(true)
    }

    fn joined_words(&self, cells: bool) -> String {
        let mut text = String::new();
        let mut previous: Option<&Word> = None;
        for word in &self.words {
            if let Some(before) = previous {
                let size = (before.y1 - before.y0).min(word.y1 - word.y0).max(1.0);
                let gap = word.x0 - before.x1;
                if cells && gap > size * 1.5 {
                    text.push_str(" | ");
                } else if gap.abs() > size * 0.02 || word.x0 < before.x0 {
                    text.push(' ');
                }
            }
            text.push_str(&word.text);
            previous = Some(word);
        }
        text
    }
}

/// One page: its height and its blocks of lines, in reading order.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Page {
    pub(super) height: f32,
    pub(super) width: f32,
    pub(super) blocks: Vec<Vec<Line>>,
}

/// What `pdftotext -bbox-layout` says of a PDF.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Layout {
    /// The document information's title.
    pub(super) title: Option<String>,
    /// The document information's other fields, as poppler names them
    /// (`Author`, `CreationDate`…).
    pub(super) info: Vec<(String, String)>,
    pub(super) pages: Vec<Page>,
}

/// Reads the XHTML of `pdftotext -bbox-layout`.
pub(super) fn parse(xml: &str) -> Result<Layout, ReadError> {
    let mut reader = XmlReader::from_str(xml);
    let mut layout = Layout::default();
    let mut word: Option<Word> = None;
    let mut in_title = false;
    let mut title = String::new();
    let number = |e: &quick_xml::events::BytesStart, name: &str| {
        attribute(e, name)
            .and_then(|v| v.parse::<f32>().ok())
            .filter(|v| v.is_finite())
            .unwrap_or(0.0)
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| malformed(&format!("pdftotext output: {e}")))?;
        match event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "title" => in_title = true,
                "meta" => {
                    if let (Some(name), Some(content)) =
                        (attribute(&e, "name"), attribute(&e, "content"))
                    {
                        layout.info.push((name, content));
                    }
                }
                "page" => layout.pages.push(Page {
                    height: number(&e, "height"),
                    width: number(&e, "width"),
                    blocks: Vec::new(),
                }),
                "block" => {
                    if let Some(page) = layout.pages.last_mut() {
                        page.blocks.push(Vec::new());
                    }
                }
                "line" => {
                    if let Some(block) = layout.pages.last_mut().and_then(|p| p.blocks.last_mut()) {
                        block.push(Line::default());
                    }
                }
                "word" => {
                    word = Some(Word {
                        x0: number(&e, "xMin"),
                        y0: number(&e, "yMin"),
                        x1: number(&e, "xMax"),
                        y1: number(&e, "yMax"),
                        text: String::new(),
                        face: Face::default(),
                    })
                }
                _ => {}
            },
            Event::Text(_) | Event::GeneralRef(_) => {
                let text = match &event {
                    Event::Text(t) => t.to_string(),
                    Event::GeneralRef(r) => resolve(r),
                    _ => String::new(),
                };
                if let Some(word) = word.as_mut() {
                    word.text.push_str(&text);
                } else if in_title {
                    title.push_str(&text);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "title" => in_title = false,
                "word" => {
                    if let Some(mut w) = word.take() {
                        w.text = clean_word(&w.text);
                        let line = layout
                            .pages
                            .last_mut()
                            .and_then(|p| p.blocks.last_mut())
                            .and_then(|b| b.last_mut());
                        if let (Some(line), false) = (line, w.text.is_empty()) {
                            line.words.push(w);
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    // Lines without words (a word of private-use glyphs alone) are none.
    for page in &mut layout.pages {
        for block in &mut page.blocks {
            block.retain(|l| !l.words.is_empty());
        }
        page.blocks.retain(|b| !b.is_empty());
    }
    for page in &mut layout.pages {
        upright(page);
        join_baselines(page);
    }
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    layout.title = Some(title).filter(|t| !t.is_empty());
    Ok(layout)
}

/// Turns the boxes of a page shown rotated (`/Rotate 90`, 180 or 270)
/// the way the text reads: lines across, from the top down. Poppler gives
/// the words in reading order but their boxes as on the unrotated page,
/// where the lines of a page turned a quarter run down it.
pub(super) fn upright(page: &mut Page) {
    let words = || page.blocks.iter().flatten().flat_map(|l| &l.words);
    let long = words().filter(|w| w.text.chars().count() >= 3);
    let (tall, wide) = long.fold((0, 0), |(t, w), word| {
        if word.y1 - word.y0 > word.x1 - word.x0 {
            (t + 1, w)
        } else {
            (t, w + 1)
        }
    });
    let vertical = tall > wide;
    // Which way the lines go: the median step from a line to the next.
    let mut steps: Vec<f32> = page
        .blocks
        .iter()
        .flat_map(|b| b.windows(2))
        .map(|pair| match vertical {
            true => pair[1].x0() - pair[0].x0(),
            false => pair[1].y0() - pair[0].y0(),
        })
        .filter(|step| *step != 0.0)
        .collect();
    steps.sort_by(f32::total_cmp);
    let backwards = steps.get(steps.len() / 2).is_some_and(|&s| s < 0.0);
    let (width, height) = (page.width, page.height);
    let turn: fn(f32, f32, f32, f32) -> (f32, f32) = match (vertical, backwards) {
        (false, false) => return,
        // Lines step left: the page is turned a quarter clockwise.
        (true, true) => |x, y, w, _| (y, w - x),
        (true, false) => |x, y, _, h| (h - y, x),
        (false, true) => |x, y, w, h| (w - x, h - y),
    };
    for word in page.blocks.iter_mut().flatten().flat_map(|l| &mut l.words) {
        let (ax, ay) = turn(word.x0, word.y0, width, height);
        let (bx, by) = turn(word.x1, word.y1, width, height);
        (word.x0, word.x1) = (ax.min(bx), ax.max(bx));
        (word.y0, word.y1) = (ay.min(by), ay.max(by));
    }
    if vertical {
        (page.width, page.height) = (height, width);
    }
}

/// Joins a line to the one before it in reading order when both stand on
/// the same baseline, close together: poppler makes blocks of a section
/// number and its title, a bullet and its item, the cells of a table row,
/// when a gap parts them.
fn join_baselines(page: &mut Page) {
    section_numbers(page);
    let mut blocks: Vec<Vec<Line>> = Vec::with_capacity(page.blocks.len());
    for block in std::mem::take(&mut page.blocks) {
        // A block whose first line goes on a one-line block before it (a
        // section number) joins that block.
        let joins = blocks.last().is_some_and(|b| b.len() == 1);
        let mut kept: Vec<Line> = if joins {
            blocks.pop().unwrap_or_default()
        } else {
            Vec::new()
        };
        let mut first = true;
        let mut joined = false;
        for line in block {
            if let Some(last) = kept.last_mut().filter(|_| !first || joins) {
                let size = last.size().max(line.size());
                let level = (line.y0() - last.y0()).abs() <= size * 0.25
                    && (line.y1() - last.y1()).abs() <= size * 0.4;
                let gap = line.x0() - last.x1();
                if level && gap >= -1.0 && gap <= size * 3.0 {
                    last.words.extend(line.words);
                    joined |= first;
                    first = false;
                    continue;
                }
            }
            if first && joins && !joined {
                // Not on the same baseline: the one-line block stays apart.
                blocks.push(std::mem::take(&mut kept));
            }
            first = false;
            kept.push(line);
        }
        if !kept.is_empty() {
            blocks.push(kept);
        }
    }
    page.blocks = blocks;
}

/// Puts a section number that poppler gives apart (`1.1.4` at the top
/// of a page, read before the running head's right half) back at the
/// start of its heading: the first line, among the next blocks, that
/// stands on its baseline just right of it.
fn section_numbers(page: &mut Page) {
    let mut i = 0;
    while i < page.blocks.len() {
        let lone = page.blocks[i].len() == 1 && is_section_number(&page.blocks[i][0].text());
        if lone {
            let number = &page.blocks[i][0];
            let (y0, x1, size) = (number.y0(), number.x1(), number.size().max(1.0));
            let heading = (i + 1..page.blocks.len().min(i + 5)).find(|&j| {
                let line = &page.blocks[j][0];
                let gap = line.x0() - x1;
                (line.y0() - y0).abs() <= size * 0.3 && gap >= -1.0 && gap <= size * 3.0
            });
            if let Some(j) = heading {
                let mut number = page.blocks.remove(i).remove(0);
                let line = &mut page.blocks[j - 1][0];
                number.words.append(&mut line.words);
                line.words = number.words;
                continue;
            }
        }
        i += 1;
    }
}

/// True for a section number alone: `3`, `1.1.4`, `2.`.
fn is_section_number(text: &str) -> bool {
    let parts: Vec<&str> = text.trim_end_matches('.').split('.').collect();
    !text.is_empty()
        && parts.len() <= 6
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.chars().all(|c| c.is_ascii_digit()))
}

/// A word as French text: ligatures spelt out (`ﬁ` is `fi`), soft
/// hyphens dropped but at its end (where they mark a cut), typographic
/// hyphens made `-`, private-use glyphs (a font's own bullets) made `•`
/// when they are the whole word and dropped inside one.
pub(super) fn clean_word(word: &str) -> String {
    let private = |c: char| ('\u{E000}'..='\u{F8FF}').contains(&c);
    if !word.is_empty() && word.chars().all(private) {
        return "•".to_string();
    }
    let mut out = String::with_capacity(word.len());
    let count = word.chars().count();
    for (i, c) in word.chars().enumerate() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            '\u{00AD}' if i + 1 == count => out.push('-'),
            '\u{00AD}' => {}
            '\u{2010}' | '\u{2011}' => out.push('-'),
            c if private(c) || c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A block of the document, as this module finds it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct PdfBlock {
    pub(super) kind: BlockKind,
    pub(super) text: String,
    /// Its lines: (byte offset in `text`, 0-based line of the document).
    pub(super) lines: Vec<(usize, u32)>,
    pub(super) furniture: Option<Furniture>,
}

/// An outline entry: its title, its 1-based page and its depth (1 for the
/// top entries).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct OutlineItem {
    pub(super) title: String,
    pub(super) page: u32,
    pub(super) depth: u8,
}

/// A line of the document as the paragraph maker sees it.
struct Placed<'a> {
    line: &'a Line,
    /// 0-based page.
    page: usize,
    /// Poppler's block, counted over the document.
    block: usize,
    /// 0-based line of the document.
    ordinal: u32,
    running: bool,
}

/// The blocks of a PDF and where their lines are.
pub(super) struct Blocks {
    pub(super) blocks: Vec<PdfBlock>,
    /// The first 0-based line of each page.
    pub(super) page_lines: Vec<u32>,
    /// For each line, its 1-based row on its page, top to bottom, lines on
    /// the same baseline (two columns) sharing a row: the line
    /// `pdftotext -layout` prints it on, blank lines aside.
    pub(super) rows: Vec<u32>,
}

/// The rows of a page's lines (see [`Blocks::rows`]), in reading order.
fn rows(page: &Page) -> Vec<u32> {
    let lines: Vec<&Line> = page.blocks.iter().flatten().collect();
    row_numbers(&lines)
}

/// The 1-based row of each of `lines`, top to bottom: lines on one
/// baseline (columns side by side, a mark beside its line) share a row.
fn row_numbers(lines: &[&Line]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..lines.len()).collect();
    order.sort_by(|&a, &b| lines[a].y0().total_cmp(&lines[b].y0()));
    let mut rows = vec![0; lines.len()];
    let (mut row, mut top, mut row_size) = (0u32, f32::NEG_INFINITY, 0.0f32);
    for i in order {
        let line = lines[i];
        let size = line.size().max(row_size).max(1.0);
        // A word's box is about 1.6 of its type size high, and lines are
        // a type size or more apart: a third of a box is less than a
        // line, more than a face's offset on the same line.
        if line.y0() > top + size * 0.3 {
            row += 1;
            top = line.y0();
            row_size = 0.0;
        }
        row_size = row_size.max(line.size());
        rows[i] = row;
    }
    rows
}

/// The blocks of `layout`, and where their lines are.
pub(super) fn blocks(layout: &Layout, outline: &[OutlineItem]) -> Blocks {
    let body = body_size(layout);
    let pitch = line_pitch(layout, body);
    let running = running_heads(layout, pitch);
    let mut placed = Vec::new();
    let mut page_lines = Vec::with_capacity(layout.pages.len());
    let mut page_rows = Vec::new();
    let mut block_count = 0;
    for (p, page) in layout.pages.iter().enumerate() {
        page_lines.push(placed.len() as u32);
        page_rows.extend(rows(page));
        for block in &page.blocks {
            for line in block {
                let ordinal = placed.len() as u32;
                placed.push(Placed {
                    line,
                    page: p,
                    block: block_count,
                    ordinal,
                    running: running.contains(&ordinal),
                });
            }
            block_count += 1;
        }
    }
    let vocabulary = vocabulary(layout);
    // How many lines stand on each row of each page.
    let mut on_row: HashMap<(usize, u32), usize> = HashMap::new();
    for (p, &row) in placed.iter().zip(&page_rows) {
        *on_row.entry((p.page, row)).or_default() += 1;
    }
    let mut paragraphs = paragraphs(&placed, body, pitch);
    let outline_found = outline_headings(&mut paragraphs, &placed, outline);
    let mut out = Vec::with_capacity(paragraphs.len());
    let mut out_pages = Vec::with_capacity(paragraphs.len());
    let mut title_done = false;
    let heading_sizes = heading_sizes(&paragraphs, body);
    for paragraph in &paragraphs {
        let first = &placed[paragraph.lines[0]];
        let (mut text, lines) = joined(paragraph, &placed, &vocabulary);
        let size = paragraph.size;
        let mut kind = paragraph.kind;
        let furniture = if first.running {
            Some(Furniture::RunningHead)
        } else if contents(&text) {
            Some(Furniture::Contents)
        } else {
            None
        };
        if kind == BlockKind::Code && is_prose(&text) {
            // Text in a typewriter face that reads as prose (a mail, a
            // letter kept as typed): a paragraph, ranked as one, its lines
            // joined as a paragraph's.
            kind = BlockKind::Paragraph;
            text = text.replace('\n', " ");
        }
        // All in bold, alone on its rows (not a table's bold header).
        let bold = paragraph
            .lines
            .iter()
            .all(|&l| placed[l].line.bold() && on_row[&(placed[l].page, page_rows[l])] == 1);
        if furniture.is_none()
            && kind == BlockKind::Paragraph
            && outline_found == 0
            && (is_heading(size, body, &text, paragraph.lines.len())
                || bold && is_bold_heading(size, body, &text, paragraph.lines.len()))
        {
            kind = BlockKind::Heading {
                level: heading_level(&text, size, &heading_sizes),
            };
        }
        // The title is the largest text of the first page, when it is
        // larger than any heading after it.
        if !title_done && furniture.is_none() {
            title_done = true;
            let largest = heading_sizes.first().copied().unwrap_or(0.0);
            if first.page == 0
                && size > body * TITLE_SIZE
                && size >= largest
                && text.chars().count() <= MAX_HEADING_CHARS
            {
                kind = BlockKind::Title;
            }
        }
        out.push(PdfBlock {
            kind,
            text,
            lines,
            furniture,
        });
        out_pages.push(first.page);
    }
    contents_pages(&mut out, &out_pages);
    Blocks {
        blocks: out,
        page_lines,
        rows: page_rows,
    }
}

/// A line at least this much larger than the body text is a heading.
const HEADING_SIZE: f32 = 1.12;
/// Text on the first page this much larger than the body is the title.
const TITLE_SIZE: f32 = 1.4;
/// Longest heading.
const MAX_HEADING_CHARS: usize = 300;
/// Most lines of a heading.
const MAX_HEADING_LINES: usize = 4;

/// The type size of most of the document's letters.
fn body_size(layout: &Layout) -> f32 {
    let mut counts: HashMap<u32, usize> = HashMap::new();
    for line in layout.pages.iter().flat_map(|p| p.blocks.iter().flatten()) {
        for word in &line.words {
            let size = ((word.y1 - word.y0) * 2.0).round().max(0.0) as u32;
            *counts.entry(size).or_default() += word.text.chars().count();
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(size, n)| (n, std::cmp::Reverse(size)))
        .map_or(10.0, |(size, _)| size as f32 / 2.0)
        .max(1.0)
}

/// The usual distance between the tops of two lines of body text.
fn line_pitch(layout: &Layout, body: f32) -> f32 {
    let mut gaps: Vec<f32> = Vec::new();
    for block in layout.pages.iter().flat_map(|p| &p.blocks) {
        for pair in block.windows(2) {
            let gap = pair[1].y0() - pair[0].y0();
            if gap > 0.0 && gap < body * 3.0 && same_size(pair[0].size(), pair[1].size(), body) {
                gaps.push(gap);
            }
        }
    }
    gaps.sort_by(f32::total_cmp);
    gaps.get(gaps.len() / 2).copied().unwrap_or(body * 1.2)
}

fn same_size(a: f32, b: f32, body: f32) -> bool {
    (a - b).abs() <= body * 0.1
}

/// The 0-based lines of the document that are running heads: page
/// numbers at the top or bottom of a page, lines repeated there on many
/// pages (digits aside: `Rapport 2024 — page 3`), and lines set apart at
/// the same height at the top or bottom of most pages (a header that
/// names the chapter).
fn running_heads(layout: &Layout, pitch: f32) -> HashSet<u32> {
    struct Edge {
        ordinal: u32,
        key: String,
        y: f32,
        apart: bool,
    }
    let pages = layout.pages.len();
    let mut found = HashSet::new();
    let mut edges: [Vec<Edge>; 2] = [Vec::new(), Vec::new()];
    let mut ordinal = 0u32;
    for page in &layout.pages {
        let lines: Vec<(u32, &Line)> = page
            .blocks
            .iter()
            .flatten()
            .enumerate()
            .map(|(i, l)| (ordinal + i as u32, l))
            .collect();
        ordinal += lines.len() as u32;
        let zone = page.height * 0.12;
        // The band of lines at the very top (bottom) of the page, and
        // whether a gap wider than the body's sets it apart.
        let top = lines
            .iter()
            .map(|(_, l)| l.y0())
            .fold(f32::INFINITY, f32::min);
        let bottom = lines
            .iter()
            .map(|(_, l)| l.y1())
            .fold(f32::NEG_INFINITY, f32::max);
        // A page number stands alone at the top or the bottom: not a
        // number in a table near the edge. LaTeX's default margins set it
        // higher than the edge's band, but apart from the text above it.
        let above_bottom = lines
            .iter()
            .map(|(_, l)| l.y1())
            .filter(|&y| y < bottom - 2.0)
            .fold(f32::NEG_INFINITY, f32::max);
        let bottom_apart = bottom - above_bottom > pitch * 1.8 && bottom > page.height * 0.75;
        for (ordinal, line) in &lines {
            let at_top = line.y0() <= top + 2.0 && line.y0() < zone;
            let at_bottom = line.y1() >= bottom - 2.0
                && (line.y1() > page.height - zone || bottom_apart && lines.len() > 1);
            if (at_top || at_bottom) && is_page_number(&line.text()) {
                found.insert(*ordinal);
            }
        }
        if lines.len() < 2 {
            continue;
        }
        for (side, edge) in edges.iter_mut().enumerate() {
            let in_band = |l: &Line| match side {
                0 => l.y0() <= top + 2.0,
                _ => l.y1() >= bottom - 2.0,
            };
            let (band, rest): (Vec<_>, Vec<_>) = lines.iter().partition(|(_, l)| in_band(l));
            let (y, apart, in_zone) = match side {
                0 => {
                    let next = rest
                        .iter()
                        .map(|(_, l)| l.y0())
                        .fold(f32::INFINITY, f32::min);
                    (top, next - top > pitch * 1.8, top < zone)
                }
                _ => {
                    let next = rest
                        .iter()
                        .map(|(_, l)| l.y1())
                        .fold(f32::NEG_INFINITY, f32::max);
                    (
                        bottom,
                        bottom - next > pitch * 1.8,
                        bottom > page.height - zone,
                    )
                }
            };
            if !in_zone || rest.is_empty() {
                continue;
            }
            for (ordinal, line) in band {
                edge.push(Edge {
                    ordinal,
                    key: line
                        .text()
                        .to_lowercase()
                        .chars()
                        .map(|c| if c.is_ascii_digit() { '#' } else { c })
                        .collect(),
                    y,
                    apart,
                });
            }
        }
    }
    if pages < 3 {
        return found;
    }
    let many = |n: usize| n >= 3 && n * 10 >= pages * 3;
    for side in &edges {
        let mut keys: HashMap<&str, usize> = HashMap::new();
        for edge in side {
            *keys.entry(&edge.key).or_default() += 1;
        }
        for edge in side {
            let same_y = side.iter().filter(|e| (e.y - edge.y).abs() <= 2.0);
            let (n, apart) = same_y.fold((0, 0), |(n, a), e| (n + 1, a + usize::from(e.apart)));
            let band = n >= 3 && n * 2 >= pages && apart * 5 >= n * 4 && edge.apart;
            if many(keys[edge.key.as_str()]) || band {
                found.insert(edge.ordinal);
            }
        }
    }
    found
}

/// Marks the rest of a page of contents as contents: on a page where
/// most blocks (running heads aside) are entries with dot leaders
/// ([`contents`]), an entry that lost its leaders (wrapped, or two entries
/// read as one: `3.1.2 Y aura-t-il… ? 8 3.1.3 La distribution…`) still
/// starts with a section's number, and the column of page numbers reads
/// as a line of numbers (`1 1 1 2 2`). Other blocks of the page (its
/// heading, a paragraph below a short table) are left as they are.
/// `pages` gives each block's 0-based page.
fn contents_pages(blocks: &mut [PdfBlock], pages: &[usize]) {
    let mut start = 0;
    while start < blocks.len() {
        let page = pages[start];
        let end = start + pages[start..].iter().take_while(|&&p| p == page).count();
        let on_page = &mut blocks[start..end];
        let counted = on_page
            .iter()
            .filter(|b| b.furniture != Some(Furniture::RunningHead));
        let (entries, all) = counted.fold((0, 0), |(e, a), b| {
            (
                e + usize::from(b.furniture == Some(Furniture::Contents)),
                a + 1,
            )
        });
        if entries >= 3 && entries * 2 >= all {
            for i in 0..on_page.len() {
                if on_page[i].furniture.is_some() {
                    continue;
                }
                // An entry whose end, with the leaders, is the next block
                // (`3.2.1 Je sais que… est basée sur Debian.` over `Donc
                // après… ? . . . 12`).
                let continued = on_page.get(i + 1).is_some_and(|next| {
                    next.furniture == Some(Furniture::Contents)
                        && !next.text.starts_with(|c: char| c.is_ascii_digit())
                });
                let text = &on_page[i].text;
                let entry = numbered_entry(text) || continued && numbered(text);
                if entry || only_page_numbers(text) {
                    on_page[i].furniture = Some(Furniture::Contents);
                }
            }
        }
        start = end;
    }
}

/// True for text that starts with a section's number and goes on in
/// words, and reads as titles do: `3.1.2 Y aura-t-il…`, `1 Définitions`,
/// `A.2 Annexe`, ending on a page number, a question mark or a word cut
/// short. Not a numbered paragraph of the page (`1. Le présent règlement
/// s'applique…`), which ends its sentence.
fn numbered_entry(text: &str) -> bool {
    let end = text.trim_end();
    let ends_a_sentence = end.ends_with(['.', '!', ';', ':', '»', ')'])
        && !end.ends_with(". .")
        && !end.ends_with("..");
    !ends_a_sentence && text.chars().count() <= MAX_ENTRY_CHARS && numbered(text)
}

/// True for text that starts with a section's number and goes on in
/// words.
fn numbered(text: &str) -> bool {
    let mut words = text.split_whitespace();
    let (Some(number), Some(next)) = (words.next(), words.next()) else {
        return false;
    };
    let number = number.trim_end_matches('.');
    let parts: Vec<&str> = number.split('.').collect();
    let part = |p: &&str| {
        !p.is_empty() && p.len() <= 3 && p.chars().all(|c| c.is_ascii_digit())
            || p.len() == 1 && p.chars().all(|c| c.is_ascii_uppercase())
    };
    parts.iter().all(part) && next.chars().next().is_some_and(char::is_alphabetic)
}

/// Longest entry of contents that lost its leaders: two entries read as
/// one, each up to a heading's length.
const MAX_ENTRY_CHARS: usize = 2 * MAX_HEADING_CHARS;

/// True for a line of page numbers only: `1 1 1 2 2`, `33`, `iii iv`;
/// not years (`2024 2025`).
fn only_page_numbers(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    !words.is_empty() && words.iter().all(|w| page_number_word(w, 3))
}

/// True for a page's number: at most `digits` digits (`12`), or a small
/// roman numeral in lower case (`xiv`).
fn page_number_word(word: &str, digits: usize) -> bool {
    word.chars().all(|c| c.is_ascii_digit()) && word.len() <= digits
        || word.len() <= 6 && word.chars().all(|c| "ivxlc".contains(c))
}

/// True for an entry of a table of contents or an index: dot leaders
/// that end the line or come before a page number (`1.1 Qu'est-ce ? . . .
/// . 9`); not dots inside a command's output (`F.... exim4`).
fn contents(text: &str) -> bool {
    let Some(at) = [". . . .", "....", "…………"]
        .iter()
        .filter_map(|leaders| text.find(leaders))
        .min()
    else {
        return false;
    };
    let after = text[at..].trim_start_matches(['.', ' ', '…']);
    after.is_empty() || after.split_whitespace().all(is_page_number) && after.len() <= 12
}

/// A page number as running heads print it: `12`, `xiv`, `- 12 -`,
/// `Page 12`, `12/75`, `page 12 sur 75`.
fn is_page_number(text: &str) -> bool {
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == '/' || c == '-' || c == '–')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let number = |w: &str| page_number_word(w, 5);
    !words.is_empty()
        && words.len() <= 4
        && words.iter().any(|w| number(w))
        && words
            .iter()
            .all(|w| number(w) || matches!(w.as_str(), "page" | "p." | "sur" | "of"))
}

/// Every word of the document, lower-cased, and every pair of words
/// joined by a hyphen inside a line: what the document writes itself.
fn vocabulary(layout: &Layout) -> HashSet<String> {
    let mut words = HashSet::new();
    for line in layout.pages.iter().flat_map(|p| p.blocks.iter().flatten()) {
        let last = line.words.len().saturating_sub(1);
        for (i, word) in line.words.iter().enumerate() {
            let text = word.text.to_lowercase();
            let text = text.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
            if i == last && text.ends_with('-') {
                continue;
            }
            for part in text.split('-') {
                words.insert(part.to_string());
            }
            words.insert(text.to_string());
        }
    }
    words
}

/// The rows of the tables of a page, which poppler gives column by
/// column: blocks side by side, each a column's cells, are a table when
/// there are three of them, or two of short lines (two columns of prose
/// have long ones). Their lines on one baseline are a row, and a lone line
/// under a row goes on its last cell. Returns each row's cells (indices of
/// placed lines, left to right) by its first line in reading order.
fn table_rows(placed: &[Placed], pitch: f32) -> HashMap<usize, Vec<usize>> {
    struct Column {
        lines: Vec<usize>,
        x0: f32,
        x1: f32,
        y0: f32,
        y1: f32,
    }
    let mut columns: Vec<(usize, Column)> = Vec::new();
    for (i, p) in placed.iter().enumerate() {
        if p.running {
            continue;
        }
        let line = p.line;
        match columns.last_mut() {
            Some((block, column)) if *block == p.block => {
                column.lines.push(i);
                column.x0 = column.x0.min(line.x0());
                column.x1 = column.x1.max(line.x1());
                column.y0 = column.y0.min(line.y0());
                column.y1 = column.y1.max(line.y1());
            }
            _ => columns.push((
                p.block,
                Column {
                    lines: vec![i],
                    x0: line.x0(),
                    x1: line.x1(),
                    y0: line.y0(),
                    y1: line.y1(),
                },
            )),
        }
    }
    // Bands of blocks side by side that are tables: (page, columns, top,
    // bottom).
    let mut bands: Vec<(usize, Vec<usize>, f32, f32)> = Vec::new();
    let mut start = 0;
    while start < columns.len() {
        // A band: blocks of one page side by side, each right of the last.
        let page = placed[columns[start].1.lines[0]].page;
        let (mut y0, mut y1) = (columns[start].1.y0, columns[start].1.y1);
        let mut end = start + 1;
        while let Some((_, next)) = columns.get(end) {
            let prev = &columns[end - 1].1;
            let side_by_side = placed[next.lines[0]].page == page
                && next.y0 < y1
                && next.y1 > y0
                && next.x0 >= prev.x1 - 1.0;
            if !side_by_side {
                break;
            }
            (y0, y1) = (y0.min(next.y0), y1.max(next.y1));
            end += 1;
        }
        let band = &columns[start..end];
        let lines = band.iter().map(|(_, c)| c.lines.len()).sum::<usize>();
        let chars: usize = band
            .iter()
            .flat_map(|(_, c)| &c.lines)
            .map(|&l| placed[l].line.text().chars().count())
            .sum();
        // A table has a column of a word or two a line (names, numbers,
        // keys); columns of prose side by side (a newspaper's) have none.
        let narrow = band.iter().any(|(_, c)| {
            let mut words: Vec<usize> = c
                .lines
                .iter()
                .map(|&l| placed[l].line.words.len())
                .collect();
            words.sort_unstable();
            words[words.len() / 2] <= 3
        });
        if band.len() >= 3 && narrow || band.len() == 2 && chars < lines * 25 {
            bands.push((page, (start..end).collect(), y0, y1));
        }
        start = end;
    }
    // Bands of a page that overlap, or the next a little lower, are one
    // table: its next rows, or columns poppler reads after its first rows.
    bands.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.total_cmp(&b.2)));
    let mut tables: Vec<(usize, Vec<usize>, f32, f32)> = Vec::new();
    for (page, band, y0, y1) in bands {
        match tables.last_mut() {
            Some(table) if table.0 == page && y0 - table.3 < pitch * 2.5 => {
                table.1.extend(band);
                table.3 = table.3.max(y1);
            }
            _ => tables.push((page, band, y0, y1)),
        }
    }
    let mut bands = tables;
    // A column of the page inside a table, beside its cells, is one of
    // its columns that poppler reads apart (a tall one, after the rest).
    let mut taken: HashSet<usize> = bands.iter().flat_map(|t| t.1.iter().copied()).collect();
    for table in &mut bands {
        for (c, (_, column)) in columns.iter().enumerate() {
            if taken.contains(&c) || placed[column.lines[0]].page != table.0 {
                continue;
            }
            let inside = column.y0 >= table.2 - 2.0 && column.y1 <= table.3 + 2.0;
            let beside = table.1.iter().all(|&o| {
                let other = &columns[o].1;
                other.x1 <= column.x0 + 1.0
                    || other.x0 >= column.x1 - 1.0
                    || other.y1 <= column.y0
                    || other.y0 >= column.y1
            });
            if inside && beside {
                table.1.push(c);
                taken.insert(c);
            }
        }
    }
    let mut rows = HashMap::new();
    for (_, table, _, _) in bands {
        let order: Vec<usize> = table
            .iter()
            .flat_map(|&c| columns[c].1.lines.iter().copied())
            .collect();
        // Two short lines side by side are a label and its number (`Index
        // 67`), not a table: two columns need two rows.
        if table.len() < 3 && order.len() < 4 {
            continue;
        }
        // The table's lines by row, top to bottom, each row left to right.
        let lines: Vec<&Line> = order.iter().map(|&l| placed[l].line).collect();
        let numbers = row_numbers(&lines);
        let mut by_row: Vec<Vec<usize>> =
            vec![Vec::new(); numbers.iter().max().map_or(0, |&n| n as usize)];
        for (&l, &n) in order.iter().zip(&numbers) {
            by_row[n as usize - 1].push(l);
        }
        for row in cells_by_row(by_row, placed, pitch) {
            let id = row.iter().copied().min().unwrap_or_default();
            rows.insert(id, row);
        }
    }
    rows
}

/// The rows of a table from its lines by baseline (`by_row`, top to
/// bottom); a lone line is a line of a cell that wraps. A table that
/// centres its cells on their row (a wrapped cell's lines above and below
/// the row's other cells, as LaTeX sets them) gives a lone line half a
/// line from its row: there a line of several cells is a row, and so is a
/// line of the first column well apart from them (its other cells on its
/// baseline, read as one line), and a lone line is part of the row
/// nearest it; lone lines half a line apart with no row near them are one
/// row (a heading of two lines beside one of one). A table that sets its
/// cells at the top (as office suites do) starts each row in its first
/// column, and a lone line is part of the row above it. Each row is its
/// cells left to right, a cell's lines top to bottom.
fn cells_by_row(by_row: Vec<Vec<usize>>, placed: &[Placed], pitch: f32) -> Vec<Vec<usize>> {
    let top = |row: &[usize]| {
        row.iter()
            .map(|&l| placed[l].line.y0())
            .fold(f32::INFINITY, f32::min)
    };
    // The table's columns: where its lines start, a new column after a
    // gap between starts.
    let mut starts: Vec<f32> = by_row
        .iter()
        .flatten()
        .map(|&l| placed[l].line.x0())
        .collect();
    starts.sort_by(f32::total_cmp);
    let column = |l: usize| {
        let x0 = placed[l].line.x0();
        starts
            .windows(2)
            .take_while(|w| w[1] <= x0)
            .filter(|w| w[1] - w[0] > pitch * 0.5)
            .count()
    };
    let mut rows: Vec<Vec<usize>> = Vec::new();
    for row in by_row.into_iter().filter(|r| !r.is_empty()) {
        match rows.last_mut() {
            Some(last)
                if last.len() == 1 && row.len() == 1 && top(&row) - top(last) < pitch * 0.7 =>
            {
                last.extend(row)
            }
            _ => rows.push(row),
        }
    }
    let distance = |a: &[usize], b: &[usize]| (top(a) - top(b)).abs();
    let several: Vec<usize> = (0..rows.len()).filter(|&r| rows[r].len() > 1).collect();
    let anchors: Vec<usize> = (0..rows.len())
        .filter(|&r| {
            rows[r].len() > 1
                || column(rows[r][0]) == 0
                    && several
                        .iter()
                        .all(|&a| distance(&rows[r], &rows[a]) > pitch * 1.2)
        })
        .collect();
    let nearest = |r: usize| {
        anchors
            .iter()
            .map(|&a| distance(&rows[r], &rows[a]))
            .fold(f32::INFINITY, f32::min)
    };
    let centred = (0..rows.len())
        .filter(|r| !anchors.contains(r))
        .any(|r| (pitch * 0.3..pitch * 0.7).contains(&nearest(r)));
    // A table that sets its cells at the top starts each row in its first
    // column: a line there with cells beside it, or one that spans the
    // columns. A lone line under a row is the rest of one of its cells
    // (several wrapped cells give several lines on one baseline).
    let second = starts
        .windows(2)
        .find(|w| w[1] - w[0] > pitch * 0.5)
        .map_or(f32::INFINITY, |w| w[1]);
    let starts_row = |row: &[usize]| {
        row.iter().any(|&l| {
            column(l) == 0 && (row.len() > 1 || placed[l].line.x1() > second + pitch * 0.5)
        })
    };
    let top_rows: Vec<usize> = (0..rows.len()).filter(|&r| starts_row(&rows[r])).collect();
    let anchors = if !centred && top_rows.len() >= 2 {
        top_rows
    } else {
        anchors
    };
    let mut cells: Vec<Vec<usize>> = rows.iter().map(|_| Vec::new()).collect();
    for (r, lines) in rows.iter().enumerate() {
        let above = anchors.iter().rev().find(|&&a| a <= r).copied();
        let below = anchors.iter().find(|&&a| a > r).copied();
        let to = match (above, below) {
            (Some(a), _) if a == r => r,
            (Some(a), Some(b)) if centred => {
                let (up, down) = (distance(lines, &rows[a]), distance(lines, &rows[b]));
                if down <= up + pitch * 0.2 {
                    b
                } else {
                    a
                }
            }
            (Some(a), _) => a,
            // Above the first row: a cell's line only half a line over it.
            (None, Some(b)) if centred && distance(lines, &rows[b]) < pitch * 0.7 => b,
            _ => r,
        };
        cells[to].extend(lines);
    }
    cells.retain(|row| !row.is_empty());
    for row in &mut cells {
        row.sort_by(|&a, &b| {
            column(a)
                .cmp(&column(b))
                .then(placed[a].line.y0().total_cmp(&placed[b].line.y0()))
        });
    }
    cells
}

/// True when `next` is a line of the same cell of a table row as `prev`:
/// it starts where `prev` starts, below it.
fn same_cell(prev: &Line, next: &Line) -> bool {
    (next.x0() - prev.x0()).abs() < prev.size() && next.y0() > prev.y0()
}

/// The marks a line that ends a sentence ends with.
const SENTENCE_ENDS: [char; 7] = ['.', '!', '?', ':', ';', '»', '…'];

/// A paragraph being made: its lines (indices of placed lines).
struct Paragraph {
    lines: Vec<usize>,
    kind: BlockKind,
    size: f32,
    /// Where the text of a list item's first line starts, after its mark.
    text_x0: f32,
}

/// Pronouns and particles that follow a hyphen of the word itself
/// (`peut-on`, `celle-ci`, `est-ce`): a hyphen before them at a line end
/// is kept.
const AFTER_HYPHEN: &[&str] = &[
    "je", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "t", "ce", "ci", "là", "même",
    "mêmes", "moi", "toi", "lui", "leur", "y", "en",
];

fn paragraphs(placed: &[Placed], body: f32, pitch: f32) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    // The right edge of the column of each poppler block: the widest line
    // of the page that starts near the block's left edge. A line that
    // stops well short of it ends a paragraph.
    let mut left: HashMap<usize, (usize, f32)> = HashMap::new();
    for p in placed {
        let l = left.entry(p.block).or_insert((p.page, f32::INFINITY));
        l.1 = l.1.min(p.line.x0());
    }
    let mut by_page: HashMap<usize, Vec<&Placed>> = HashMap::new();
    for p in placed.iter().filter(|p| !p.running) {
        by_page.entry(p.page).or_default().push(p);
    }
    let right: HashMap<usize, f32> = left
        .iter()
        .map(|(&block, &(page, x0))| {
            let edge = by_page
                .get(&page)
                .into_iter()
                .flatten()
                .filter(|q| q.line.x0() >= x0 - body * 2.0 && q.line.x0() <= x0 + body * 4.0)
                .map(|q| q.line.x1())
                .fold(f32::NEG_INFINITY, f32::max);
            (block, edge)
        })
        .collect();
    // The last line of running text and the paragraph it is in: running
    // heads between two pages make paragraphs of their own and leave the
    // paragraph they interrupt open.
    let mut previous: Option<(&Placed, usize)> = None;
    // The last line of body-size text and its paragraph.
    let mut body_open: Option<(&Placed, usize)> = None;
    let tables = table_rows(placed, pitch);
    let in_table: HashSet<usize> = tables.values().flatten().copied().collect();
    for (i, p) in placed.iter().enumerate() {
        let line = p.line;
        let size = line.size();
        if let Some(cells) = tables.get(&i) {
            out.push(Paragraph {
                lines: cells.clone(),
                kind: BlockKind::TableRow,
                size,
                text_x0: line.x0(),
            });
            previous = None;
            body_open = None;
            continue;
        }
        if in_table.contains(&i) {
            continue;
        }
        let text = line.text();
        // A number set larger than the body, or all in bold, numbers a
        // heading (`1. Introduction`), not a list's item.
        let marker = list_marker(&text).filter(|m| {
            let numbered = m.starts_with(|c: char| c.is_ascii_digit());
            !(numbered && (size > body * HEADING_SIZE || line.bold()))
        });
        let code = line.mono();
        let continues = match previous {
            // The lines of a listing go on while they are code, one under
            // the other, or over a page break.
            Some((prev, open)) if !p.running && out[open].kind == BlockKind::Code => {
                let gap = line.y0() - prev.line.y0();
                code && (prev.page == p.page && gap > 0.0 && gap <= pitch * 1.6
                    || prev.page + 1 == p.page)
            }
            // A line of code after a sentence's end starts a listing; one
            // inside a sentence is a word of it (a command, an address).
            Some((prev, _))
                if code && {
                    let prev_text = prev.line.text();
                    prev_text.trim_end().ends_with(SENTENCE_ENDS)
                        && !glued_at_line_end(&prev_text, &text)
                } =>
            {
                false
            }
            Some((prev, open)) if !p.running => {
                let current = &out[open];
                let prev_text = prev.line.text();
                // Lines of the same type, or both of body text (a line in
                // a smaller face, code or a URL, goes on the paragraph).
                let heading_size = |s: f32| s > body * HEADING_SIZE;
                let same = same_size(size, current.size, body)
                    || !heading_size(size) && !heading_size(current.size) && size > body * 0.6;
                // A sentence ends there (not an address cut at `https:`).
                let ends = prev_text.trim_end().ends_with(SENTENCE_ENDS)
                    && !glued_at_line_end(&prev_text, &text);
                let lower = text.chars().next().is_some_and(char::is_lowercase);
                if prev.block == p.block {
                    let gap = line.y0() - prev.line.y0();
                    let indent = line.x0() - prev.line.x0();
                    let list_text = current.kind == BlockKind::ListItem
                        && (line.x0() - current.text_x0).abs() <= body * 0.6;
                    // A short line ends a paragraph of body text; headings
                    // are short lines.
                    let short =
                        prev.line.x1() < right[&p.block] - body * 3.0 && !heading_size(size);
                    // Larger type is set with more space between lines.
                    let spaced = pitch * (size / body).max(1.0) * 1.45;
                    // An indent starts a paragraph after a line that ends
                    // one, with a capital; after a full line, or before a
                    // lower-case word, it is a hanging indent.
                    let indented = indent > body * 0.8 && !list_text && !lower && (short || ends);
                    // The last line of an entry of a table of contents, its
                    // dot leaders, goes on the entry's first lines.
                    let leaders = contents(&text);
                    // A line all in bold after a short one or a sentence's
                    // end that is not, or the other way round, is a
                    // heading's edge; a bold line inside a paragraph goes
                    // on a sentence (`… les principes du` / **Debian Free
                    // Software Guidelines**).
                    let mid_sentence = prev_text
                        .rsplit(' ')
                        .next()
                        .is_some_and(|w| is_stop_word(&fold(w)));
                    let bold_edge = prev.line.bold() != line.bold()
                        && (short || ends)
                        && !mid_sentence
                        && !lower;
                    same && !bold_edge
                        && marker.is_none()
                        && !contents(&prev_text)
                        && gap > 0.0
                        && gap <= spaced
                        && (!indented || leaders)
                        && (!(short && ends && !lower) || leaders)
                } else {
                    // Over a page or column break: the sentence goes on,
                    // in the same type.
                    same_size(size, current.size, body)
                        && marker.is_none()
                        && !contents(&prev_text)
                        && (lower || prev_text.ends_with('-'))
                        && !ends
                }
            }
            _ => false,
        };
        // Over a page break with a footnote at the bottom of the page (a
        // paragraph in smaller type in between), the sentence goes on in
        // the last paragraph of body text.
        let resumes = match (previous, body_open) {
            (Some((prev, _)), Some((last, open))) if !continues && !p.running => {
                let last_text = last.line.text();
                // Only over a page break, past small type at the bottom of
                // the page (a footnote), not past a line of code.
                last.page + 1 == p.page
                    && prev.page == last.page
                    && prev.line.y0() > last.line.y0()
                    && prev.block != p.block
                    && last.block != p.block
                    && !same_size(prev.line.size(), body, body)
                    && same_size(size, body, body)
                    && same_size(out[open].size, body, body)
                    && marker.is_none()
                    && text.chars().next().is_some_and(char::is_lowercase)
                    && !last_text.trim_end().ends_with(SENTENCE_ENDS)
            }
            _ => false,
        };
        let continued = match (previous, body_open) {
            (Some((_, open)), _) if continues => Some(open),
            (_, Some((_, open))) if resumes => Some(open),
            _ => None,
        };
        if !p.running && same_size(size, body, body) {
            body_open = Some((p, continued.unwrap_or(out.len())));
        }
        match continued {
            Some(open) => {
                out[open].lines.push(i);
                previous = Some((p, open));
            }
            _ => {
                let text_x0 = match marker {
                    Some(_) => line.words.get(1).map_or(line.x0(), |w| w.x0),
                    None => line.x0(),
                };
                out.push(Paragraph {
                    lines: vec![i],
                    kind: if code {
                        BlockKind::Code
                    } else if marker.is_some() {
                        BlockKind::ListItem
                    } else {
                        BlockKind::Paragraph
                    },
                    size,
                    text_x0,
                });
                if !p.running {
                    previous = Some((p, out.len() - 1));
                }
            }
        }
    }
    out
}

/// The mark a list item starts with (`•`, `–`, `1.`, `a)`), if the line
/// starts with one.
fn list_marker(text: &str) -> Option<&str> {
    let (first, rest) = text.split_once(' ')?;
    if rest.trim().is_empty() {
        return None;
    }
    let bullet = matches!(
        first,
        "•" | "◦"
            | "▪"
            | "▫"
            | "■"
            | "□"
            | "●"
            | "○"
            | "–"
            | "—"
            | "-"
            | "*"
            | "►"
            | "➢"
            | "✓"
            | "·"
    );
    let number = first.strip_suffix(['.', ')']).is_some_and(|n| {
        !n.is_empty() && n.len() <= 3 && n.chars().all(|c| c.is_ascii_digit())
            || n.len() == 1 && n.chars().all(|c| c.is_ascii_lowercase())
    });
    (bullet || number).then_some(first)
}

/// Marks as headings the paragraphs that the outline names, on the page
/// it gives, at its depth; returns how many it found.
fn outline_headings(
    paragraphs: &mut Vec<Paragraph>,
    placed: &[Placed],
    outline: &[OutlineItem],
) -> usize {
    let mut found = 0;
    let mut from = 0;
    // The first lines of a paragraph that are the title (numbering aside):
    // how many, when some are.
    let title_lines = |lines: &[usize], wanted: &str| {
        let mut text = String::new();
        for (n, &l) in lines.iter().enumerate().take(MAX_HEADING_LINES) {
            text.push_str(&folded(&placed[l].line.text()));
            if text.trim_start_matches(|c: char| c.is_ascii_digit()) == wanted {
                return Some(n + 1);
            }
        }
        None
    };
    for item in outline {
        let wanted = folded(&item.title);
        if wanted.is_empty() {
            continue;
        }
        let page = item.page as usize;
        let on_page = |i: usize| {
            let first = &placed[paragraphs[i].lines[0]];
            first.page + 1 == page && !first.running
        };
        let whole = |i: usize| {
            title_lines(&paragraphs[i].lines, &wanted) == Some(paragraphs[i].lines.len())
        };
        // The lines of a paragraph and of the next ones: a title the
        // paragraph maker cut in two (`3.2.3 J'utilise … utiliser Debian.`
        // over `Comment puis-je migrer ?`).
        let from_here = |i: usize| -> Vec<usize> {
            paragraphs[i..]
                .iter()
                .flat_map(|p| p.lines.iter().copied())
                .take(MAX_HEADING_LINES)
                .collect()
        };
        // The paragraph that is the title; else one that starts with it, a
        // heading set in the body's type without a gap under it, or that
        // the next ones end.
        let hit = (from..paragraphs.len())
            .find(|&i| on_page(i) && whole(i))
            .map(|i| (i, paragraphs[i].lines.len()))
            .or_else(|| {
                (from..paragraphs.len())
                    .filter(|&i| on_page(i))
                    .find_map(|i| Some((i, title_lines(&from_here(i), &wanted)?)))
            });
        if let Some((i, lines)) = hit {
            // The title's lines in the paragraphs after it join it.
            while paragraphs[i].lines.len() < lines && i + 1 < paragraphs.len() {
                let wanting = lines - paragraphs[i].lines.len();
                let next = &mut paragraphs[i + 1].lines;
                if next.len() <= wanting {
                    let taken = paragraphs.remove(i + 1).lines;
                    paragraphs[i].lines.extend(taken);
                } else {
                    let rest = next.split_off(wanting);
                    let taken = std::mem::replace(next, rest);
                    paragraphs[i].lines.extend(taken);
                }
            }
            if lines < paragraphs[i].lines.len() {
                let rest = paragraphs[i].lines.split_off(lines);
                let first = placed[rest[0]].line;
                paragraphs.insert(
                    i + 1,
                    Paragraph {
                        kind: BlockKind::Paragraph,
                        size: first.size(),
                        text_x0: first.x0(),
                        lines: rest,
                    },
                );
            }
            paragraphs[i].kind = BlockKind::Heading {
                level: item.depth.clamp(1, 6),
            };
            found += 1;
            from = i + 1;
        }
    }
    found
}

/// A heading's words for matching: letters and digits, lower-cased.
fn folded(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The distinct sizes of text set larger than the body, largest first.
fn heading_sizes(paragraphs: &[Paragraph], body: f32) -> Vec<f32> {
    let mut sizes: Vec<f32> = paragraphs
        .iter()
        .map(|p| p.size)
        .filter(|&s| s > body * HEADING_SIZE)
        .collect();
    sizes.sort_by(|a, b| b.total_cmp(a));
    sizes.dedup_by(|a, b| (*a - *b).abs() <= body * 0.05);
    sizes
}

fn is_heading(size: f32, body: f32, text: &str, lines: usize) -> bool {
    size > body * HEADING_SIZE
        && lines <= MAX_HEADING_LINES
        && text.chars().count() <= MAX_HEADING_CHARS
        && text.chars().any(char::is_alphabetic)
}

/// True when a paragraph all in bold, at least the body's size, is a
/// heading: a line or two, a title rather than a sentence (it starts with
/// a capital or a number, ends without a full stop or a comma). Reports
/// set their headings so as often as larger.
fn is_bold_heading(size: f32, body: f32, text: &str, lines: usize) -> bool {
    let trimmed = text.trim_end();
    size >= body * 0.95
        && lines <= 2
        && trimmed.chars().count() <= MAX_BOLD_HEADING_CHARS
        && trimmed
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && !trimmed.ends_with(['.', ',', ';', '!'])
        && text.chars().any(char::is_alphabetic)
}

/// Longest heading set in bold at the body's size.
const MAX_BOLD_HEADING_CHARS: usize = 150;

/// A heading's level: the depth of its numbering (`3.2.1 Titre` is 3),
/// else the rank of its size among the headings' sizes.
fn heading_level(text: &str, size: f32, sizes: &[f32]) -> u8 {
    let number = text.split(' ').next().unwrap_or_default();
    let parts: Vec<&str> = number.trim_end_matches('.').split('.').collect();
    if text.contains(' ')
        && !number.is_empty()
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.chars().all(|c| c.is_ascii_digit()))
    {
        return parts.len().clamp(1, 6) as u8;
    }
    let rank = sizes
        .iter()
        .position(|&s| size >= s - 0.01)
        .unwrap_or(sizes.len());
    (rank + 1).clamp(1, 6) as u8
}

/// A paragraph's text, its lines joined, and where each line starts in
/// it. A word cut at a line end is joined, unless the document writes it
/// with its hyphen or a pronoun follows.
fn joined(
    paragraph: &Paragraph,
    placed: &[Placed],
    vocabulary: &HashSet<String>,
) -> (String, Vec<(usize, u32)>) {
    let mut text = String::new();
    let mut lines = Vec::with_capacity(paragraph.lines.len());
    let row = paragraph.kind == BlockKind::TableRow;
    let mut prev: Option<&Line> = None;
    for &l in &paragraph.lines {
        let line = if row {
            placed[l].line.cells()
        } else {
            placed[l].line.text()
        };
        // A row's cells are joined by ` | `, the lines of a cell as a
        // paragraph's.
        let new_cell = row && prev.is_some_and(|p| !same_cell(p, placed[l].line));
        prev = Some(placed[l].line);
        let start = if text.is_empty() {
            0
        } else if new_cell {
            text.push_str(" | ");
            text.len()
        } else if paragraph.kind == BlockKind::Code {
            // A listing keeps its lines, and their indents: in a
            // typewriter face, every letter is as wide.
            text.push('\n');
            let this = placed[l].line;
            let letter = (this.x1() - this.x0()) / line.chars().count().max(1) as f32;
            let indent = (this.x0() - paragraph.text_x0) / letter.max(1.0);
            text.extend(std::iter::repeat_n(
                ' ',
                indent.round().clamp(0.0, 40.0) as usize,
            ));
            text.len()
        } else if let Some(stem) = cut_word(&text) {
            let next: String = line.chars().take_while(|c| c.is_alphanumeric()).collect();
            let next_lower = next.to_lowercase();
            let whole = format!("{stem}{next_lower}");
            let known = |w: &str| w.chars().count() >= 3 && vocabulary.contains(w);
            // The document's own spelling first; then a hyphen between two
            // words it writes (`non-free`, `sous-chaîne`, `apt-file`) is
            // the word's; else the word was cut (`interopé-rabilité`).
            let keep = next.chars().next().is_some_and(char::is_uppercase)
                || next.is_empty()
                || AFTER_HYPHEN.contains(&next_lower.as_str())
                || !vocabulary.contains(&whole)
                    && (vocabulary.contains(&format!("{stem}-{next_lower}"))
                        || known(&stem) && known(&next_lower));
            if !keep {
                text.pop();
            }
            text.len()
        } else if glued_at_line_end(&text, &line) {
            text.len()
        } else {
            text.push(' ');
            text.len()
        };
        text.push_str(&line);
        lines.push((start, placed[l].ordinal));
    }
    (text, lines)
}

/// True when a line end cuts an address or a path, not between two words:
/// `(https:` / `//www…`, `/etc/` / `apt/`, `//www.debian.` / `org`, and
/// after a character no address ends with (`social_` / `contract`,
/// `contract#` / `guidelines`, `?q=` / `apt`).
fn glued_at_line_end(text: &str, next: &str) -> bool {
    let last = text.rsplit(' ').next().unwrap_or_default();
    let path = |w: &str| w.contains("://") || w.matches('/').count() >= 2 || w.starts_with('/');
    // The next line goes on the address: its first word holds a `/` or
    // a `.` of its own (`apt/sources.list`, `org/info/)`), not a word.
    let first = next.split(' ').next().unwrap_or_default();
    let goes_on = first
        .trim_end_matches(['.', ',', ';', ')'])
        .contains(['/', '.']);
    let starts_a_word = next
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    next.starts_with("//") && last.ends_with(':')
        || last.ends_with(['_', '#', '?', '=', '&', '~', '%']) && path(last) && starts_a_word
        || (last.ends_with('/') || last.ends_with('.'))
            && path(last)
            && goes_on
            && next
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric())
}

/// The lower-cased last word of `text` when it ends with a hyphen after
/// a letter: a word cut at the line end.
fn cut_word(text: &str) -> Option<String> {
    let before = text.strip_suffix('-')?;
    let stem: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '-')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let stem = stem.rsplit('-').next().unwrap_or_default().to_lowercase();
    (!stem.is_empty()).then_some(stem)
}

/// Reads the outline of `pdftohtml -xml`: nested `<outline>` lists of
/// `<item page="N">title</item>`.
pub(super) fn parse_outline(xml: &str) -> Vec<OutlineItem> {
    let mut reader = XmlReader::from_str(xml);
    let mut depth = 0u8;
    let mut items = Vec::new();
    let mut current: Option<OutlineItem> = None;
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "outline" => depth = depth.saturating_add(1),
                "item" if depth > 0 => {
                    let page = attribute(&e, "page").and_then(|p| p.parse().ok());
                    current = page.map(|page| OutlineItem {
                        title: String::new(),
                        page,
                        depth,
                    });
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some(item) = current.as_mut() {
                    item.title.push_str(&t);
                }
            }
            Event::GeneralRef(r) => {
                if let Some(item) = current.as_mut() {
                    item.title.push_str(&resolve(&r));
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "outline" => depth = depth.saturating_sub(1),
                "item" => items.extend(current.take()),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(x0: f32, y0: f32, size: f32, text: &str) -> Word {
        Word {
            x0,
            y0,
            x1: x0 + 6.0 * text.chars().count() as f32,
            y1: y0 + size,
            text: text.to_string(),
            face: Face::default(),
        }
    }

    /// A line of `text` at `x`, `y`, in type of `size`.
    fn line(x: f32, y: f32, size: f32, text: &str) -> Line {
        let mut words = Vec::new();
        let mut at = x;
        for w in text.split(' ') {
            let w = word(at, y, size, w);
            at = w.x1 + 3.0;
            words.push(w);
        }
        Line { words }
    }

    fn page(blocks: Vec<Vec<Line>>) -> Page {
        Page {
            height: 842.0,
            width: 595.0,
            blocks,
        }
    }

    fn layout_of(pages: Vec<Page>) -> Layout {
        Layout {
            pages,
            ..Layout::default()
        }
    }

    fn texts(layout: &Layout, outline: &[OutlineItem]) -> Vec<(BlockKind, String, bool)> {
        blocks(layout, outline)
            .blocks
            .into_iter()
            .map(|b| (b.kind, b.text, b.furniture.is_some()))
            .collect()
    }

    fn kinds_and_texts(layout: &Layout, outline: &[OutlineItem]) -> Vec<(BlockKind, String)> {
        texts(layout, outline)
            .into_iter()
            .map(|t| (t.0, t.1))
            .collect()
    }

    #[test]
    fn words_are_cleaned_of_ligatures_soft_hyphens_and_private_glyphs() {
        assert_eq!(clean_word("e\u{FB03}cace"), "efficace");
        assert_eq!(clean_word("inter\u{AD}op"), "interop");
        assert_eq!(clean_word("interopé\u{AD}"), "interopé-");
        assert_eq!(clean_word("\u{F0B7}"), "•");
        assert_eq!(clean_word("a\u{F0B7}b"), "ab");
        assert_eq!(clean_word("non\u{2011}lieu"), "non-lieu");
    }

    #[test]
    fn lines_make_paragraphs_cut_at_indents_and_gaps() {
        let layout = Layout {
            pages: vec![page(vec![vec![
                line(
                    85.0,
                    100.0,
                    10.0,
                    "Le premier paragraphe commence ici et va",
                ),
                line(70.0, 112.0, 10.0, "jusqu'au bout de la ligne suivante."),
                line(
                    85.0,
                    124.0,
                    10.0,
                    "Un second paragraphe commence en retrait",
                ),
                line(70.0, 136.0, 10.0, "et finit."),
                line(70.0, 160.0, 10.0, "Un troisième, après un blanc."),
            ]])],
            ..Layout::default()
        };
        let got: Vec<String> = texts(&layout, &[]).into_iter().map(|t| t.1).collect();
        assert_eq!(
            got,
            [
                "Le premier paragraphe commence ici et va jusqu'au bout de la ligne suivante.",
                "Un second paragraphe commence en retrait et finit.",
                "Un troisième, après un blanc.",
            ]
        );
    }

    #[test]
    fn a_word_cut_at_a_line_end_is_joined_and_a_compound_kept() {
        let layout = Layout {
            pages: vec![page(vec![vec![
                line(70.0, 100.0, 10.0, "L'interopé-"),
                line(70.0, 112.0, 10.0, "rabilité des start-"),
                line(70.0, 124.0, 10.0, "up et des start-up ; peut-"),
                line(70.0, 136.0, 10.0, "on le dire ?"),
            ]])],
            ..Layout::default()
        };
        let got = texts(&layout, &[]);
        assert_eq!(
            got[0].1,
            "L'interopérabilité des start-up et des start-up ; peut-on le dire ?"
        );
    }

    #[test]
    fn list_items_keep_their_lines_and_headings_come_from_size_and_numbers() {
        let layout = Layout {
            pages: vec![page(vec![
                vec![line(70.0, 60.0, 20.0, "Rapport sur l'eau")],
                vec![line(70.0, 100.0, 14.0, "1 Les nappes")],
                vec![line(70.0, 130.0, 12.0, "1.1 Les sources")],
                vec![
                    line(
                        70.0,
                        160.0,
                        10.0,
                        "Du texte courant pour le corps du rapport.",
                    ),
                    line(70.0, 172.0, 10.0, "• une source vive qui coule toute"),
                    line(80.0, 184.0, 10.0, "l'année sans faiblir ;"),
                    line(70.0, 196.0, 10.0, "• une autre."),
                ],
            ])],
            ..Layout::default()
        };
        let got = texts(&layout, &[]);
        let kinds: Vec<BlockKind> = got.iter().map(|g| g.0).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Title,
                BlockKind::Heading { level: 1 },
                BlockKind::Heading { level: 2 },
                BlockKind::Paragraph,
                BlockKind::ListItem,
                BlockKind::ListItem,
            ]
        );
        assert_eq!(
            got[4].1,
            "• une source vive qui coule toute l'année sans faiblir ;"
        );
    }

    #[test]
    fn running_heads_and_page_numbers_are_furniture_and_paragraphs_go_on_over_pages() {
        let pages = (1..=4)
            .map(|n| {
                page(vec![
                    vec![line(
                        70.0,
                        30.0,
                        9.0,
                        &format!("CHAPITRE {n}. L'EAU EN FRANCE"),
                    )],
                    vec![
                        line(
                            70.0,
                            100.0,
                            10.0,
                            &format!("Page {n} : un texte qui se poursuit"),
                        ),
                        line(
                            70.0,
                            112.0,
                            10.0,
                            "sur la page suivante sans point final et",
                        ),
                    ],
                    vec![line(300.0, 800.0, 10.0, &n.to_string())],
                ])
            })
            .collect();
        let layout = layout_of(pages);
        let got = texts(&layout, &[]);
        let text: Vec<&str> = got.iter().filter(|g| !g.2).map(|g| g.1.as_str()).collect();
        assert_eq!(text.len(), 4, "{got:?}");
        assert!(got.iter().filter(|g| g.2).count() == 8, "{got:?}");
        assert!(!text.iter().any(|t| t.contains("CHAPITRE")), "{text:?}");
    }

    #[test]
    fn the_outline_names_the_headings_and_their_depth() {
        let layout = Layout {
            pages: vec![
                page(vec![vec![line(
                    70.0,
                    100.0,
                    10.0,
                    "Avant-propos sans titre.",
                )]]),
                page(vec![
                    vec![line(70.0, 100.0, 10.0, "2 Les rivières")],
                    vec![line(70.0, 130.0, 10.0, "Le texte des rivières.")],
                ]),
            ],
            ..Layout::default()
        };
        let outline = [OutlineItem {
            title: "Les rivières".into(),
            page: 2,
            depth: 1,
        }];
        let got = texts(&layout, &outline);
        assert_eq!(got[1].0, BlockKind::Heading { level: 1 });
        assert_eq!(got[2].0, BlockKind::Paragraph);
        let xml = r#"<pdf2xml><outline><item page="9">Définitions</item><outline><item page="9">Qu'est-ce ?</item></outline></outline></pdf2xml>"#;
        assert_eq!(
            parse_outline(xml),
            [
                OutlineItem {
                    title: "Définitions".into(),
                    page: 9,
                    depth: 1
                },
                OutlineItem {
                    title: "Qu'est-ce ?".into(),
                    page: 9,
                    depth: 2
                },
            ]
        );
    }

    /// The layout of one page of `blocks`, as `parse` leaves it.
    fn read_page(blocks: Vec<Vec<Line>>) -> Layout {
        let mut page = page(blocks);
        upright(&mut page);
        join_baselines(&mut page);
        Layout {
            pages: vec![page],
            ..Layout::default()
        }
    }

    fn body_texts(layout: &Layout) -> Vec<String> {
        texts(layout, &[])
            .into_iter()
            .filter(|t| !t.2)
            .map(|t| t.1)
            .collect()
    }

    #[test]
    fn a_page_turned_a_quarter_reads_as_an_upright_one() {
        let lines = [
            "Le premier paragraphe commence ici et va",
            "jusqu'au bout de la ligne suivante sans",
            "s'arrêter avant la fin de la phrase.",
        ];
        let upright_page = read_page(vec![lines
            .iter()
            .enumerate()
            .map(|(i, l)| line(70.0, 100.0 + 12.0 * i as f32, 10.0, l))
            .collect()]);
        // Turned a quarter: the lines run down the page, each left of the
        // one before.
        let turned: Vec<Line> = lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let mut line = line(70.0, 100.0, 10.0, l);
                for w in &mut line.words {
                    let (x0, x1) = (w.x0, w.x1);
                    let x = 700.0 - 12.0 * i as f32;
                    (w.x0, w.x1, w.y0, w.y1) = (x, x + 10.0, x0, x1);
                }
                line
            })
            .collect();
        let turned = read_page(vec![turned]);
        assert_eq!(body_texts(&turned), body_texts(&upright_page));
        assert_eq!(body_texts(&turned).len(), 1);
        let rows = blocks(&turned, &[]).rows;
        assert_eq!(rows, [1, 2, 3]);
    }

    #[test]
    fn a_section_number_set_apart_goes_back_to_its_heading() {
        let layout = read_page(vec![
            vec![line(70.0, 40.0, 14.0, "1.1.4")],
            vec![line(300.0, 20.0, 8.0, "CHAPITRE 1. L'EAU")],
            vec![line(110.0, 40.0, 14.0, "Invite de commande")],
            vec![line(70.0, 80.0, 10.0, "Le texte de la section est ici.")],
        ]);
        let got = texts(&layout, &[]);
        assert!(
            got.iter().any(|t| t.1 == "1.1.4 Invite de commande"),
            "{got:?}"
        );
        assert!(!got.iter().any(|t| t.1 == "1.1.4"), "{got:?}");
    }

    #[test]
    fn a_line_in_a_smaller_face_and_a_two_line_heading_stay_whole() {
        let mut code = line(70.0, 124.5, 7.0, "/usr/local/etc/.");
        code.words[0].x1 = 150.0;
        let layout = read_page(vec![
            vec![
                line(
                    70.0,
                    60.0,
                    14.0,
                    "3.1.11 Puis-je changer pour testing ou unstable ?",
                ),
                line(70.0, 78.0, 14.0, "Si oui, comment ?"),
            ],
            vec![
                line(
                    70.0,
                    100.0,
                    10.0,
                    "Les fichiers de configuration locaux se trouvent dans le",
                ),
                line(
                    70.0,
                    112.0,
                    10.0,
                    "répertoire des programmes installés à la main, soit dans",
                ),
                code,
                line(
                    70.0,
                    136.0,
                    10.0,
                    "Ils ne sont jamais touchés par les mises à jour du système.",
                ),
            ],
        ]);
        let got = texts(&layout, &[]);
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[0].0, BlockKind::Heading { level: 3 });
        assert!(got[1].1.ends_with("soit dans /usr/local/etc/."), "{got:?}");
    }

    #[test]
    fn a_line_in_a_smaller_face_has_a_row_of_its_own() {
        // As in the Debian FAQ: boxes 16.3 high 12 apart, and a path in a
        // typewriter face whose box starts 4 below its line's.
        let mut path = line(70.0, 637.6, 10.0, "/usr/local/etc/.");
        path.words[0].x1 = 150.0;
        let page = page(vec![vec![
            line(
                70.0,
                621.7,
                16.3,
                "répertoire des programmes installés à la main, soit dans",
            ),
            path,
            line(
                70.0,
                645.7,
                16.3,
                "Si vos programmes doivent vraiment être placés ailleurs.",
            ),
        ]]);
        assert_eq!(rows(&page), [1, 2, 3]);
    }

    #[test]
    fn one_line_paragraphs_of_a_column_stay_apart() {
        let layout = read_page(vec![
            vec![line(
                70.0,
                50.0,
                10.0,
                "Une ligne pleine qui va jusqu'au bord droit de la colonne de texte.",
            )],
            vec![
                line(90.0, 100.0, 10.0, "Le champ « Architecture » dit où."),
                line(90.0, 112.0, 10.0, "Le champ « Depends » dit quoi."),
            ],
        ]);
        assert_eq!(body_texts(&layout).len(), 3, "{:?}", body_texts(&layout));
    }

    #[test]
    fn a_number_of_a_table_near_the_edge_is_no_page_number() {
        let pages = (1..=3)
            .map(|n| {
                page(vec![
                    vec![line(70.0, 30.0, 9.0, "Rapport annuel")],
                    vec![
                        line(70.0, 60.0, 10.0, "Un tableau en haut de page :"),
                        line(70.0, 72.0, 10.0, "5989"),
                    ],
                    vec![line(300.0, 800.0, 10.0, &n.to_string())],
                ])
            })
            .collect();
        let layout = layout_of(pages);
        let got = texts(&layout, &[]);
        assert!(got.iter().any(|t| t.1.contains("5989") && !t.2), "{got:?}");
    }

    #[test]
    fn words_and_addresses_cut_at_a_line_end_are_joined_as_written() {
        let mut gl = line(70.0, 160.0, 10.0, "lib truc-dev ; voir (https:");
        // `lib` and `truc-dev` touch: poppler cut them at a change of face.
        let x1 = gl.words[0].x1;
        gl.words[1].x0 = x1;
        let layout = read_page(vec![vec![
            line(
                70.0,
                100.0,
                10.0,
                "Les paquets non-free et apt-file ; les paquets non-",
            ),
            line(70.0, 112.0, 10.0, "free, apt-"),
            line(70.0, 124.0, 10.0, "file, kfreebsd-amd64 et kfreebsd-"),
            line(70.0, 136.0, 10.0, "amd64 ; des modules in-"),
            line(70.0, 148.0, 10.0, "ternes et"),
            gl,
            line(70.0, 172.0, 10.0, "//www.debian.org/ et /etc/"),
            line(
                70.0,
                184.0,
                10.0,
                "apt/sources.list). Le contrat (https://www.debian.org/social_",
            ),
            line(
                70.0,
                196.0,
                10.0,
                "contract) et ses principes (https://www.debian.org/social_contract#",
            ),
            line(
                70.0,
                208.0,
                10.0,
                "guidelines) ; une recherche (https://www.debian.org/search?q=",
            ),
            line(70.0, 220.0, 10.0, "apt&lang=fr)."),
        ]]);
        let got = body_texts(&layout);
        assert_eq!(
            got,
            [
                "Les paquets non-free et apt-file ; les paquets non-free, apt-file, \
              kfreebsd-amd64 et kfreebsd-amd64 ; des modules internes et libtruc-dev ; \
              voir (https://www.debian.org/ et /etc/apt/sources.list). Le contrat \
              (https://www.debian.org/social_contract) et ses principes \
              (https://www.debian.org/social_contract#guidelines) ; une recherche \
              (https://www.debian.org/search?q=apt&lang=fr)."
            ]
        );
    }

    #[test]
    fn the_rest_of_a_page_of_contents_is_contents() {
        let block = |text: &str, furniture: Option<Furniture>| PdfBlock {
            kind: BlockKind::Paragraph,
            text: text.to_string(),
            lines: vec![(0, 0)],
            furniture,
        };
        let leaders = |text: &str| {
            let furniture = contents(text).then_some(Furniture::Contents);
            assert!(furniture.is_some(), "{text}");
            block(text, furniture)
        };
        let mut blocks = vec![
            // A page of contents: entries with leaders, entries that lost
            // them, the column of page numbers, and the page's heading.
            block("Table des matières", None),
            block("1 Définitions et vue d’ensemble", None),
            leaders("1.1 Qu’est-ce que cette FAQ ? . . . . . . . . . 1"),
            leaders("1.2 Qu’est-ce que Debian ? . . . . . . . . . . . 1"),
            block(
                "3.1.2 Y aura-t-il des différences de versions ? 8 3.1.3 La distribution stable",
                None,
            ),
            leaders("3.1.4 Et si je désire changer ? . . . . . . . . 8"),
            leaders("3.1.5 Faut-il installer stable ? . . . . . . . . 8"),
            leaders("3.1.6 Qu’entendez-vous par là ? . . . . . . . . 9"),
            block("1 1 1 2 2", None),
            leaders("3.1.7 Pourquoi testing est-elle cassée ? . . . . . 9"),
            leaders("3.1.8 Que faire alors ? . . . . . . . . . . . . . 10"),
            block(
                "1. Le présent règlement s’applique à toutes les salles de lecture.",
                None,
            ),
            block("2024 2025", None),
            // A page of text under a numbered heading.
            block("2 Obtenir et installer Debian", None),
            leaders("2.1 Voir aussi . . . . . . . . . . . . . . . . 5"),
            block("La dernière version se trouve sur le site.", None),
            block("Les images se téléchargent depuis un miroir.", None),
            block("3 Choisir une distribution", None),
        ];
        let pages = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
        contents_pages(&mut blocks, &pages);
        let marked: Vec<bool> = blocks
            .iter()
            .map(|b| b.furniture == Some(Furniture::Contents))
            .collect();
        assert_eq!(
            marked,
            [
                false, true, true, true, true, true, true, true, true, // contents
                true, true, false, false, // a paragraph and years
                false, true, false, false, false // text
            ]
        );
    }

    #[test]
    fn dot_leaders_make_contents_and_other_dots_do_not() {
        assert!(contents("1.1 Qu’est-ce que cette FAQ ? . . . . . . . 9"));
        assert!(contents("2.5 Pourquoi le CD-ROM officiel . . . . . ."));
        assert!(contents("Annexe A ........ xiv"));
        assert!(!contents("Debian-exim 3379 F.... exim4"));
        assert!(!contents("Attendez.... puis relancez la commande."));
    }

    #[test]
    fn a_paragraph_goes_on_over_a_page_break_past_a_footnote() {
        let layout = layout_of(vec![
            page(vec![
                vec![
                    line(
                        70.0,
                        100.0,
                        10.0,
                        "Le texte principal commence ici et va jusqu'au",
                    ),
                    line(
                        70.0,
                        112.0,
                        10.0,
                        "bout de la page sans finir sa phrase, car elle",
                    ),
                ],
                vec![line(
                    70.0,
                    700.0,
                    7.0,
                    "1. Une note de bas de page, en petits caractères.",
                )],
            ]),
            page(vec![vec![line(
                70.0,
                100.0,
                10.0,
                "continue sur la page suivante.",
            )]]),
        ]);
        assert_eq!(
            body_texts(&layout),
            [
                "Le texte principal commence ici et va jusqu'au bout de la page sans finir sa \
                 phrase, car elle continue sur la page suivante.",
                "1. Une note de bas de page, en petits caractères.",
            ]
        );
    }

    #[test]
    fn a_table_read_column_by_column_makes_rows() {
        let layout = read_page(vec![
            vec![line(
                70.0,
                40.0,
                10.0,
                "Installez ces paquets pour commencer :",
            )],
            vec![
                line(70.0, 60.0, 10.0, "paquet"),
                line(70.0, 72.0, 10.0, "mc"),
                line(70.0, 84.0, 10.0, "sudo"),
            ],
            vec![
                line(170.0, 60.0, 10.0, "popcon"),
                line(170.0, 72.0, 10.0, "V:54, I:226"),
                line(170.0, 84.0, 10.0, "V:638, I:823"),
            ],
            vec![
                line(270.0, 60.0, 10.0, "description"),
                line(270.0, 72.0, 10.0, "gestionnaire de fichiers"),
                line(270.0, 84.0, 10.0, "droits du superutilisateur"),
                line(270.0, 96.0, 10.0, "pour une commande"),
            ],
            vec![line(
                70.0,
                130.0,
                10.0,
                "Le texte reprend après le tableau.",
            )],
        ]);
        let got = texts(&layout, &[]);
        let rows: Vec<(BlockKind, &str)> = got.iter().map(|t| (t.0, t.1.as_str())).collect();
        assert_eq!(
            rows,
            [
                (
                    BlockKind::Paragraph,
                    "Installez ces paquets pour commencer :"
                ),
                (BlockKind::TableRow, "paquet | popcon | description"),
                (
                    BlockKind::TableRow,
                    "mc | V:54, I:226 | gestionnaire de fichiers"
                ),
                (
                    BlockKind::TableRow,
                    "sudo | V:638, I:823 | droits du superutilisateur pour une commande"
                ),
                (BlockKind::Paragraph, "Le texte reprend après le tableau."),
            ]
        );
    }

    #[test]
    fn a_table_read_row_by_row_with_a_column_after_makes_the_same_rows() {
        // Its rows one band each and its last column read after them all,
        // as poppler gives the Debian reference's lists of packages.
        let layout = read_page(vec![
            vec![line(70.0, 60.0, 10.0, "paquet")],
            vec![line(170.0, 60.0, 10.0, "popcon")],
            vec![line(70.0, 72.0, 10.0, "mc")],
            vec![line(170.0, 72.0, 10.0, "V:54, I:226")],
            vec![line(70.0, 84.0, 10.0, "sudo")],
            vec![line(170.0, 84.0, 10.0, "V:638, I:823")],
            vec![
                line(270.0, 60.0, 10.0, "description"),
                line(270.0, 72.0, 10.0, "gestionnaire de fichiers"),
                line(270.0, 84.0, 10.0, "droits du superutilisateur"),
            ],
        ]);
        let got: Vec<String> = texts(&layout, &[]).into_iter().map(|t| t.1).collect();
        assert_eq!(
            got,
            [
                "paquet | popcon | description",
                "mc | V:54, I:226 | gestionnaire de fichiers",
                "sudo | V:638, I:823 | droits du superutilisateur",
            ]
        );
    }

    #[test]
    fn a_table_that_centres_its_rows_on_their_wrapped_cells_keeps_each_row_whole() {
        // As LaTeX sets the Debian reference's lists of packages: a wrapped
        // description's lines stand half a line above and below its row's
        // other cells; a long name stands above its row; poppler gives a
        // row's first cells, close together, as one line.
        let mut joined = line(70.0, 149.0, 10.0, "debian-faq");
        joined.words.push(word(210.0, 149.0, 10.0, "I:850"));
        let layout = read_page(vec![
            vec![line(70.0, 40.0, 10.0, "Quelques paquets utiles :")],
            vec![
                line(70.0, 60.0, 10.0, "paquet"),
                line(70.0, 72.0, 10.0, "mc"),
                line(70.0, 90.0, 10.0, "sudo"),
                line(70.0, 114.0, 10.0, "vim"),
                line(70.0, 132.0, 10.0, "developers-reference"),
            ],
            vec![
                line(210.0, 60.0, 10.0, "popcon"),
                line(210.0, 72.0, 10.0, "V:54"),
                line(210.0, 90.0, 10.0, "V:638"),
                line(210.0, 114.0, 10.0, "V:97"),
                line(210.0, 137.0, 10.0, "V:0"),
            ],
            vec![
                line(300.0, 60.0, 10.0, "description"),
                line(300.0, 72.0, 10.0, "gestionnaire de fichiers"),
                line(300.0, 84.0, 10.0, "programme donnant aux utilisateurs"),
                line(300.0, 96.0, 10.0, "des droits limités"),
                line(300.0, 108.0, 10.0, "éditeur de texte"),
                line(300.0, 120.0, 10.0, "pour programmeurs"),
                line(300.0, 137.0, 10.0, "Guides pour les responsables"),
            ],
            vec![joined],
            vec![line(300.0, 149.0, 10.0, "FAQ Debian")],
            vec![line(
                70.0,
                190.0,
                10.0,
                "Le texte reprend après le tableau.",
            )],
        ]);
        let got: Vec<String> = texts(&layout, &[]).into_iter().map(|t| t.1).collect();
        assert_eq!(
            got,
            [
                "Quelques paquets utiles :",
                "paquet | popcon | description",
                "mc | V:54 | gestionnaire de fichiers",
                "sudo | V:638 | programme donnant aux utilisateurs des droits limités",
                "vim | V:97 | éditeur de texte pour programmeurs",
                "developers-reference | V:0 | Guides pour les responsables",
                "debian-faq | I:850 | FAQ Debian",
                "Le texte reprend après le tableau.",
            ]
        );
    }

    #[test]
    fn a_table_that_sets_its_cells_at_the_top_keeps_wrapped_lines_in_their_row() {
        // As office suites set tables: a cell's lines under its row's
        // first line, the third closer to the next row than to its own;
        // two cells wrapping on one baseline.
        let layout = read_page(vec![
            vec![line(70.0, 40.0, 10.0, "Les serveurs web :")],
            vec![
                line(70.0, 60.0, 10.0, "apache2"),
                line(70.0, 96.0, 10.0, "nginx"),
                line(70.0, 132.0, 10.0, "lighttpd"),
            ],
            vec![
                line(200.0, 60.0, 10.0, "serveur très utilisé"),
                line(200.0, 72.0, 10.0, "avec une longue"),
                line(200.0, 84.0, 10.0, "description"),
                line(200.0, 96.0, 10.0, "serveur léger"),
                line(200.0, 132.0, 10.0, "minimaliste"),
            ],
            vec![
                line(360.0, 60.0, 10.0, "recommandé pour"),
                line(360.0, 72.0, 10.0, "la production"),
                line(360.0, 96.0, 10.0, "une remarque qui"),
                line(360.0, 108.0, 10.0, "tient sur deux lignes"),
                line(360.0, 132.0, 10.0, "court"),
            ],
            vec![line(
                70.0,
                160.0,
                10.0,
                "Le texte reprend après le tableau.",
            )],
        ]);
        let got: Vec<String> = texts(&layout, &[]).into_iter().map(|t| t.1).collect();
        assert_eq!(
            got,
            [
                "Les serveurs web :",
                "apache2 | serveur très utilisé avec une longue description | recommandé pour la production",
                "nginx | serveur léger | une remarque qui tient sur deux lignes",
                "lighttpd | minimaliste | court",
                "Le texte reprend après le tableau.",
            ]
        );
    }

    /// `line` set all in bold.
    fn bold_line(x: f32, y: f32, size: f32, text: &str) -> Line {
        let mut line = line(x, y, size, text);
        for word in &mut line.words {
            word.face.bold = true;
        }
        line
    }

    #[test]
    fn bold_lines_are_headings_only_alone_and_outside_a_sentence() {
        let layout = read_page(vec![vec![
            bold_line(70.0, 40.0, 10.0, "Installation"),
            line(
                70.0,
                56.0,
                10.0,
                "Le paquet s’installe en une commande, et les principes du",
            ),
            bold_line(70.0, 68.0, 10.0, "Debian Free Software Guidelines"),
            line(
                70.0,
                80.0,
                10.0,
                "restent ceux du projet depuis toujours, sans exception.",
            ),
            bold_line(70.0, 100.0, 10.0, "Ne coupez jamais le courant !"),
            line(
                70.0,
                116.0,
                10.0,
                "Une coupure rendrait la carte inutilisable.",
            ),
        ]]);
        // Headers of a table poppler does not read as one, side by side.
        let mut page = layout.pages[0].clone();
        page.blocks
            .push(vec![bold_line(70.0, 140.0, 10.0, "Option")]);
        page.blocks
            .push(vec![bold_line(200.0, 140.0, 10.0, "Défaut")]);
        let layout = layout_of(vec![page]);
        let got = kinds_and_texts(&layout, &[]);
        let h1 = BlockKind::Heading { level: 1 };
        let paragraph = BlockKind::Paragraph;
        assert_eq!(
            got,
            [
                (h1, "Installation".to_string()),
                (
                    paragraph,
                    "Le paquet s’installe en une commande, et les principes du Debian Free \
                     Software Guidelines restent ceux du projet depuis toujours, sans exception."
                        .to_string()
                ),
                (paragraph, "Ne coupez jamais le courant !".to_string()),
                (
                    paragraph,
                    "Une coupure rendrait la carte inutilisable.".to_string()
                ),
                (paragraph, "Option".to_string()),
                (paragraph, "Défaut".to_string()),
            ]
        );
    }

    #[test]
    fn a_page_number_above_a_wide_bottom_margin_is_furniture() {
        // LaTeX's default margins on A4 set the number at about 700 of 842
        // points, above the band at the page's edge, but apart.
        let pages: Vec<Page> = (1..=3)
            .map(|n| {
                page(vec![
                    vec![
                        line(70.0, 100.0, 10.0, "Une ligne de texte qui remplit la page."),
                        line(
                            70.0,
                            112.0,
                            10.0,
                            "Une autre ligne, qui finit le paragraphe.",
                        ),
                    ],
                    vec![line(300.0, 700.0, 10.0, &n.to_string())],
                ])
            })
            .collect();
        let got = texts(&layout_of(pages), &[]);
        let numbers: Vec<bool> = got.iter().filter(|t| t.1.len() == 1).map(|t| t.2).collect();
        assert_eq!(numbers, [true, true, true], "{got:?}");
    }

    #[test]
    fn three_columns_of_prose_are_three_paragraphs_not_a_table() {
        // A newspaper's page: three columns side by side, each a short
        // article, poppler giving each as a block.
        let column = |x: f32, lines: &[&str]| -> Vec<Line> {
            lines
                .iter()
                .enumerate()
                .map(|(i, text)| line(x, 100.0 + 11.0 * i as f32, 9.0, text))
                .collect()
        };
        let layout = read_page(vec![
            column(
                40.0,
                &[
                    "La mairie annonce la",
                    "rénovation de la grande",
                    "médiathèque du village.",
                ],
            ),
            column(
                220.0,
                &[
                    "Le club de football des",
                    "jeunes a remporté le",
                    "tournoi régional hier.",
                ],
            ),
            column(
                400.0,
                &[
                    "Le marché de Noël se",
                    "tiendra sur la place de",
                    "l’église en décembre.",
                ],
            ),
        ]);
        let got = kinds_and_texts(&layout, &[]);
        let paragraph = |text: &str| (BlockKind::Paragraph, text.to_string());
        assert_eq!(
            got,
            [
                paragraph("La mairie annonce la rénovation de la grande médiathèque du village."),
                paragraph("Le club de football des jeunes a remporté le tournoi régional hier."),
                paragraph("Le marché de Noël se tiendra sur la place de l’église en décembre."),
            ]
        );
    }

    #[test]
    fn a_number_in_heading_type_numbers_a_heading_not_an_item() {
        let layout = read_page(vec![vec![
            line(70.0, 40.0, 14.0, "1. Ouverture de la séance"),
            line(
                70.0,
                64.0,
                10.0,
                "Le conseil examine le budget de la commune.",
            ),
            bold_line(70.0, 88.0, 10.0, "2. Projets d’équipement"),
            line(70.0, 104.0, 10.0, "Les élus débattent de la médiathèque."),
            line(70.0, 120.0, 10.0, "1. un premier point ;"),
            line(70.0, 132.0, 10.0, "2. un second point."),
        ]]);
        let kinds = kinds_and_texts(&layout, &[]);
        let h1 = BlockKind::Heading { level: 1 };
        assert_eq!(
            kinds,
            [
                (h1, "1. Ouverture de la séance".to_string()),
                (
                    BlockKind::Paragraph,
                    "Le conseil examine le budget de la commune.".to_string()
                ),
                (h1, "2. Projets d’équipement".to_string()),
                (
                    BlockKind::Paragraph,
                    "Les élus débattent de la médiathèque.".to_string()
                ),
                (BlockKind::ListItem, "1. un premier point ;".to_string()),
                (BlockKind::ListItem, "2. un second point.".to_string()),
            ]
        );
    }

    #[test]
    fn a_bookmarked_heading_in_the_body_type_is_parted_from_its_paragraph() {
        // Minutes set their headings as any line, without a gap under them:
        // the outline says where they are.
        let layout = read_page(vec![vec![
            line(70.0, 40.0, 10.0, "Budget primitif"),
            line(
                70.0,
                52.0,
                10.0,
                "Le conseil examine le budget primitif de la commune, qui",
            ),
            line(70.0, 64.0, 10.0, "prévoit la rénovation du gymnase."),
        ]]);
        let outline = [OutlineItem {
            title: "Budget primitif".into(),
            page: 1,
            depth: 1,
        }];
        let got = kinds_and_texts(&layout, &outline);
        assert_eq!(
            got,
            [
                (
                    BlockKind::Heading { level: 1 },
                    "Budget primitif".to_string()
                ),
                (
                    BlockKind::Paragraph,
                    "Le conseil examine le budget primitif de la commune, qui prévoit la \
                     rénovation du gymnase."
                        .to_string()
                ),
            ]
        );
    }

    #[test]
    fn a_bookmarked_heading_read_apart_is_one_heading() {
        // The heading's two lines come apart (poppler gives them as two
        // blocks, the first ending a sentence); the outline names both.
        let layout = read_page(vec![
            vec![line(
                70.0,
                40.0,
                12.0,
                "3.2.3 J’ai quitté une autre distribution pour Debian.",
            )],
            vec![line(70.0, 56.0, 12.0, "Comment garder mes réglages ?")],
            vec![
                line(
                    70.0,
                    76.0,
                    10.0,
                    "Copiez votre dossier personnel sur un disque externe, puis",
                ),
                line(
                    70.0,
                    88.0,
                    10.0,
                    "remettez-le en place après l’installation.",
                ),
            ],
        ]);
        let outline = [OutlineItem {
            title: "J’ai quitté une autre distribution pour Debian. Comment garder mes réglages ?"
                .into(),
            page: 1,
            depth: 3,
        }];
        let got = kinds_and_texts(&layout, &outline);
        assert_eq!(
            got,
            [
                (
                    BlockKind::Heading { level: 3 },
                    "3.2.3 J’ai quitté une autre distribution pour Debian. Comment garder mes \
                     réglages ?"
                        .to_string()
                ),
                (
                    BlockKind::Paragraph,
                    "Copiez votre dossier personnel sur un disque externe, puis remettez-le en \
                     place après l’installation."
                        .to_string()
                ),
            ]
        );
    }

    #[test]
    fn an_entry_of_contents_over_two_lines_is_one_entry() {
        let layout = read_page(vec![vec![
            line(
                70.0,
                100.0,
                10.0,
                "3.1.1 Vous m’avez demandé d’installer stable, mais rien ne va.",
            ),
            line(
                90.0,
                112.0,
                10.0,
                "Que dois-je faire ? . . . . . . . . . . . . 15",
            ),
            line(
                70.0,
                124.0,
                10.0,
                "3.1.2 Et ensuite ? . . . . . . . . . . . . . . . 16",
            ),
        ]]);
        let got = texts(&layout, &[]);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got.iter().all(|t| t.2), "{got:?}");
    }

    #[test]
    fn a_sentence_around_a_line_of_code_is_not_stitched_over_it() {
        let layout = read_page(vec![
            vec![line(70.0, 100.0, 10.0, "Mettez le paquet en attente avec")],
            vec![line(90.0, 118.0, 7.0, "# apt-mark hold toto")],
            vec![line(70.0, 136.0, 10.0, "puis vérifiez son état.")],
        ]);
        assert_eq!(
            body_texts(&layout),
            [
                "Mettez le paquet en attente avec",
                "# apt-mark hold toto",
                "puis vérifiez son état."
            ]
        );
    }

    #[test]
    fn an_address_then_a_word_and_cells_that_touch_keep_their_space() {
        let mut cells = line(70.0, 124.0, 10.0, "apt-get installer");
        cells.words[1].x0 = cells.words[0].x1 - 1.0;
        let layout = read_page(vec![vec![
            line(70.0, 100.0, 10.0, "Le miroir http://deb.debian.org/"),
            line(70.0, 112.0, 10.0, "comme les autres, et la commande"),
            cells,
        ]]);
        assert_eq!(
            body_texts(&layout),
            ["Le miroir http://deb.debian.org/ comme les autres, et la commande apt-get installer"]
        );
    }

    #[test]
    fn a_small_mark_beside_a_line_shares_its_row_and_numbers_are_text() {
        let page = page(vec![
            vec![line(70.0, 100.0, 16.3, "une ligne de code coupée")],
            vec![line(500.0, 103.0, 6.0, "←-")],
            vec![line(70.0, 112.0, 16.3, "997184 976928 20256")],
        ]);
        assert_eq!(rows(&page), [1, 1, 2]);
        let layout = layout_of(vec![page]);
        assert!(body_texts(&layout)
            .iter()
            .any(|t| t == "997184 976928 20256"));
    }

    #[test]
    fn a_label_beside_its_number_is_no_table() {
        let layout = read_page(vec![
            vec![line(70.0, 100.0, 10.0, "Index")],
            vec![line(500.0, 100.0, 10.0, "67")],
        ]);
        let got = texts(&layout, &[]);
        assert!(got.iter().all(|t| t.0 != BlockKind::TableRow), "{got:?}");
    }

    #[test]
    fn page_numbers_are_known() {
        for yes in ["12", "xiv", "- 12 -", "Page 12", "12/75", "page 3 sur 75"] {
            assert!(is_page_number(yes), "{yes}");
        }
        for no in ["12 pommes", "Chapitre", "2024 : un bilan"] {
            assert!(!is_page_number(no), "{no}");
        }
    }
}
