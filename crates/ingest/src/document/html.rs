//! HTML (`.html`, `.htm`, `.xhtml`): the main content of a page, its
//! headings as sections, its title and metadata.
//!
//! The page is tokenized by `html5gum`, a tokenizer that follows the HTML
//! standard (it passes the html5lib tokenizer tests, decodes entities,
//! reads `<script>` and `<style>` as raw text) and gives every token its
//! byte range in the source, which citations need: html5ever, the parser
//! of Servo, builds a tree but forgets where each node was. The reader
//! then follows the elements it cares about itself:
//!
//! - block elements (`p`, `div`, `li`, `h1`…`h6`, `pre`, `blockquote`,
//!   `tr`, `dt`, `dd`…) end a block of text; inline ones (`a`, `em`,
//!   `span`, `code`…) do not; a table row's cells are joined by ` | `;
//! - scripts, styles, controls and hidden elements are never text; a
//!   short block whose words are nearly all link text is a menu or a list
//!   of links;
//! - the rest of the page furniture is judged once the page is read,
//!   against where its prose lies (`leave_out_furniture`): elements named
//!   as furniture (`nav`, a `footer` outside the article, the roles
//!   `navigation`, `banner`, `contentinfo`, `search`, class or id words
//!   `menu`, `breadcrumb`, `cookie`, `share`, `social`, `comment`,
//!   `related`, `toc`, `newsletter`…) go unless the main content is inside
//!   them, `aside` goes outside the main content, and what lies away from
//!   the main content stays only when it is prose (text density and link
//!   density of its region);
//! - the title is the page's `og:title`, else its first `h1`, else its
//!   `<title>` without the site's name; the metadata comes from `<meta>`
//!   (`author`, `description`, `article:published_time`, `date`), the
//!   page's `lang` and its canonical link;
//! - the declared charset is honoured (see `decode_declared`).

use std::sync::OnceLock;

use encoding_rs::Encoding;
use html5gum::{DefaultEmitter, Token, Tokenizer};

use super::block_writer::BlockWriter;
use super::boilerplate::{page_furniture, Furniture as Rule};
use super::decode::{decode_declared, Decoded};
use super::{has_extension, BlockKind, Document, ReadError, Reader};

/// Reads HTML pages.
#[derive(Debug, Clone, Copy, Default)]
pub struct HtmlReader;

impl Reader for HtmlReader {
    fn accepts(&self, rel: &str, head: &[u8]) -> bool {
        if has_extension(rel, &["html", "htm", "xhtml"]) {
            return true;
        }
        // A file without extension that starts as a page does.
        let name = rel.rsplit('/').next().unwrap_or_default();
        if name.contains('.') {
            return false;
        }
        let start = String::from_utf8_lossy(&head[..head.len().min(256)]).to_ascii_lowercase();
        let start = start.trim_start_matches('\u{feff}').trim_start();
        start.starts_with("<!doctype html") || start.starts_with("<html")
    }

    fn read(&self, bytes: Vec<u8>) -> Result<Document, ReadError> {
        let declared = declared_charset(&bytes);
        Ok(read_page(decode_declared(bytes, declared)?, true))
    }
}

/// Elements whose content is never text of the page.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "select", "textarea", "iframe",
    "object", "canvas", "dialog", "title", "head",
];
/// Elements that never hold anything.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];
/// Elements that end a block of text.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];
/// Words of a class or id that name page furniture (compared with each
/// word of the attribute, split at spaces, `-` and `_`; `nav` and `menu`
/// also as a prefix: `navbar`, `navheader`, `menubar`). Not `sidebar`:
/// documentation calls its boxed notes so (DocBook), and a site's side
/// column is an `aside` or a list of links, dropped as such.
const FURNITURE_WORDS: &[&str] = &[
    "nav",
    "menu",
    "footer",
    "breadcrumb",
    "breadcrumbs",
    "cookie",
    "cookies",
    "consent",
    "share",
    "sharing",
    "social",
    "comment",
    "comments",
    "related",
    "toc",
    "advert",
    "advertisement",
    "popup",
    "modal",
    "newsletter",
    "subscribe",
    "skip",
    "pagination",
    "widget",
    // French templates.
    "partage",
    "partager",
    "commentaires",
    "ariane",
    "sommaire",
    "publicite",
    "temoins",
];
/// Names of furniture only as a whole class name or id: `banner` (but not
/// `hero-banner`, an article's lead), `ads` (but not `no-ads`).
const FURNITURE_NAMES: &[&str] = &[
    "banner",
    "ads",
    "header",
    "pied",
    "pied-de-page",
    "fil-d-ariane",
];
/// Roles of page furniture.
const FURNITURE_ROLES: &[&str] = &["navigation", "banner", "contentinfo", "search"];
/// A block of at most this many words whose words are nearly all link text
/// is a menu or a list of links, outside an article.
const MAX_LINK_LIST_WORDS: usize = 12;
/// Only a short block is dropped for a phrase of page furniture (a real
/// sentence about cookies or a newsletter is longer).
const MAX_CUE_BLOCK_WORDS: usize = 12;
/// Share of a page's prose that its main content holds more than (see
/// `leave_out_furniture`). This and the two region thresholds below were
/// chosen by 5-fold cross-validation on the 181 news and blog pages of the
/// article-extraction-benchmark (`benches/extraction/fit.py`): F1 0.917
/// fitted and cross-validated (precision 0.852, recall 0.992), against
/// 0.817 for the rules by name and link density alone.
const MAIN_SHARE: f64 = 0.5;
/// Largest share of a region's letters in links for it to be prose.
const MAX_REGION_LINK_DENSITY: f64 = 0.2;
/// Largest share of links in the letters of a region in the article's
/// flow (beside the main content, in its parent) for it to be kept. Not
/// fitted on news pages (where 0.2 does 0.003 better): generated
/// documentation has sections of links ("see also") beside its main one.
const MAX_FLOW_LINK_DENSITY: f64 = 0.5;
/// Fewest letters of a region beside the main content for it to be prose.
const MIN_REGION_CHARS: usize = 320;
/// Fewest letters of a block alone in its region, away from the main
/// content, for it to be prose.
const MIN_LONE_CHARS: usize = 320;
/// Fewest letters of prose for a page to have a main content.
const MIN_PAGE_CHARS: usize = 200;
/// Deepest nesting of elements followed; deeper ones count as inline.
const MAX_DEPTH: usize = 256;
/// Elements whose content the tokenizer reads as raw text.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "title",
    "textarea",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// An open element.
struct Open {
    name: String,
    /// Its content is skipped.
    skip: bool,
    /// Its index in [`Page::elements`].
    element: u32,
}

/// What an element's name, place, role, class or id say of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Furniture {
    /// Nothing.
    No,
    /// Page furniture (`nav`, a site's footer, `class="share-buttons"`…),
    /// unless the bulk of the page's text is inside it.
    Named,
    /// A box beside the text (`aside`, role `complementary`): furniture
    /// outside the page's main content, a box of the article inside it.
    Aside,
}

/// An element of the page that holds text: its parent (an index in
/// [`Page::elements`], smaller than its own; 0 is the page) and what it
/// is named.
#[derive(Clone, Copy)]
struct Element {
    parent: u32,
    furniture: Furniture,
}

/// A block of text being read.
#[derive(Default)]
struct Pending {
    text: String,
    link_chars: usize,
    /// Bytes of the source it was read from.
    source: Option<(usize, usize)>,
    /// The id of the nearest element at or above its first word.
    anchor: Option<String>,
    /// A `<br>` came after its last words: a second one ends it.
    after_break: bool,
}

/// A block of text kept from a page.
struct PageBlock {
    kind: BlockKind,
    /// Bytes of the decoded page it was read from.
    source: (usize, usize),
    text: String,
    anchor: Option<String>,
    /// The innermost element open when it ended.
    element: u32,
    /// Its letters (characters other than white space), and those of them
    /// that are link text.
    chars: usize,
    link_chars: usize,
    /// The rule that judged it page furniture, if one did.
    furniture: Option<Rule>,
}

/// What the reader gathers from a page.
struct Page {
    blocks: Vec<PageBlock>,
    /// The elements that hold text, in the order they open; the first is
    /// the page itself.
    elements: Vec<Element>,
    title_tag: String,
    og_title: Option<String>,
    /// The site's name (`og:site_name`, `application-name`).
    site_name: Option<String>,
    metadata: Vec<(String, String)>,
}

impl Default for Page {
    fn default() -> Page {
        Page {
            blocks: Vec::new(),
            elements: vec![Element {
                parent: 0,
                furniture: Furniture::No,
            }],
            title_tag: String::new(),
            og_title: None,
            site_name: None,
            metadata: Vec::new(),
        }
    }
}

/// The document of a decoded page. Its title is its `og:title`, else its
/// first `h1` (which is then no section) when `h1_is_title`, else its
/// `<title>`; a chapter of a book keeps its `h1` as a section.
pub(crate) fn read_page(decoded: Decoded, h1_is_title: bool) -> Document {
    let source = decoded.text.as_str();
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    let mut page = Page::default();
    let mut stack: Vec<Open> = Vec::new();
    let mut pending = Pending::default();
    let (mut in_title, mut links) = (false, 0usize);
    // The id of the last element opened, outside skipped content.
    let mut last_id: Option<String> = None;
    let mut tokenizer = Tokenizer::new_with_emitter(source, emitter);
    while let Some(Ok(token)) = tokenizer.next() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                let attr = |key: &str| {
                    tag.attributes
                        .get(key.as_bytes())
                        .map(|v| String::from_utf8_lossy(&v.value).into_owned())
                };
                match name.as_str() {
                    "meta" => read_meta(&mut page, &attr),
                    "link" if attr("rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical")) => {
                        if let Some(href) = attr("href") {
                            page.metadata.push(("url".into(), href));
                        }
                    }
                    "html" => {
                        if let Some(lang) = attr("lang").or_else(|| attr("xml:lang")) {
                            page.metadata.push(("lang".into(), lang));
                        }
                    }
                    // The page's title, not an image's (`<svg><title>`).
                    "title"
                        if !tag.self_closing
                            && !stack.iter().any(|o| o.skip && o.name != "head") =>
                    {
                        in_title = true
                    }
                    _ => {}
                }
                if BLOCKS.contains(&name.as_str()) {
                    if matches!(name.as_str(), "td" | "th")
                        && stack.iter().rev().take_while(|o| o.name != "tr").count() < stack.len()
                        && !pending.text.trim().is_empty()
                    {
                        pending.text.push_str(" | ");
                    } else {
                        flush(&mut page, &stack, &mut pending);
                    }
                }
                if name == "a"
                    && !pending.text.ends_with(char::is_whitespace)
                    && (stack.last().is_some_and(|o| o.name == "sup")
                        || attr("role").is_some_and(|r| r == "doc-noteref")
                        || attr("epub:type").is_some_and(|t| t.contains("noteref")))
                {
                    // A footnote's call is no part of the word it follows
                    // (`nuages<sup><a>1</a></sup>`).
                    pending.text.push(' ');
                }
                if VOID.contains(&name.as_str()) || tag.self_closing {
                    if name == "br" {
                        if in_pre(&stack) {
                            pending.text.push('\n');
                        } else if pending.after_break {
                            // Two breaks in a row part paragraphs (pages
                            // written without `p`); one is a line's end
                            // inside a paragraph (an address, a verse, a
                            // mail's wrapped lines).
                            flush(&mut page, &stack, &mut pending);
                        } else {
                            pending.text.push(' ');
                            pending.after_break = true;
                        }
                    }
                    if tag.self_closing && RAW_TEXT.contains(&name.as_str()) {
                        // XHTML: `<script src="a.js"/>` holds nothing, its
                        // end is not to be looked for.
                        tokenizer.set_state(html5gum::State::Data);
                    }
                    continue;
                }
                if stack.len() >= MAX_DEPTH {
                    // Deeper nesting than any page needs: its elements
                    // count as inline, so that no step costs more than
                    // this depth.
                    continue;
                }
                if name == "a" {
                    links += 1;
                }
                close_implied(&mut stack, &name);
                let furniture = furniture_of(&name, &stack, &attr);
                // Furniture inside a block (`<span class="share">`) goes
                // with its words; a block of furniture is weighed against
                // the page once it is read (`leave_out_furniture`).
                let skip = stack.last().is_some_and(|o| o.skip)
                    || SKIPPED.contains(&name.as_str())
                    || (furniture != Furniture::No && !BLOCKS.contains(&name.as_str()));
                let parent = stack.last().map_or(0, |o| o.element);
                let element = if skip {
                    parent
                } else {
                    // A furniture element's own id is no place in the text.
                    let id = attr("id").or_else(|| attr("name").filter(|_| name == "a"));
                    if let Some(id) = id.filter(|_| furniture == Furniture::No) {
                        last_id = Some(id);
                    }
                    page.elements.push(Element { parent, furniture });
                    (page.elements.len() - 1) as u32
                };
                stack.push(Open {
                    name,
                    skip,
                    element,
                });
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if name == "title" {
                    in_title = false;
                }
                if BLOCKS.contains(&name.as_str()) && !matches!(name.as_str(), "td" | "th") {
                    flush(&mut page, &stack, &mut pending);
                }
                if let Some(at) = stack.iter().rposition(|o| o.name == name) {
                    stack.truncate(at);
                    // Links closed with it, or left open inside it.
                    links = stack.iter().filter(|o| o.name == "a").count();
                }
            }
            Token::String(text) => {
                let value = String::from_utf8_lossy(&text.value);
                if in_title {
                    page.title_tag.push_str(&value);
                    continue;
                }
                if stack.last().is_some_and(|o| o.skip) {
                    continue;
                }
                if !value.trim().is_empty() {
                    pending.after_break = false;
                }
                pending.text.push_str(&value);
                if links > 0 {
                    pending.link_chars += value.chars().filter(|c| !c.is_whitespace()).count();
                }
                let (start, end) = (text.span.start, text.span.end);
                if !value.trim().is_empty() {
                    pending.source = Some(match pending.source {
                        Some((s, _)) => (s, end),
                        None => {
                            pending.anchor = last_id.clone();
                            (start, end)
                        }
                    });
                }
            }
            _ => {}
        }
    }
    flush(&mut page, &stack, &mut pending);
    leave_out_furniture(&mut page);
    build(decoded, page, h1_is_title)
}

/// Reads a `<meta>` tag into the page's metadata.
fn read_meta(page: &mut Page, attr: &dyn Fn(&str) -> Option<String>) {
    let (Some(key), Some(content)) = (attr("property").or_else(|| attr("name")), attr("content"))
    else {
        return;
    };
    let content = content.trim().to_string();
    if content.is_empty() {
        return;
    }
    let field = match key.to_ascii_lowercase().as_str() {
        "og:title" => {
            page.og_title = Some(content);
            return;
        }
        "author" | "article:author" => "author",
        "description" | "og:description" => "description",
        "article:published_time" | "date" | "dc.date" | "dcterms.date" | "dcterms.created" => {
            "date"
        }
        "article:modified_time" | "og:updated_time" | "dcterms.modified" | "last-modified" => {
            "modified"
        }
        "keywords" | "news_keywords" | "article:tag" => "tags",
        "og:url" => "url",
        "og:site_name" | "application-name" => {
            page.site_name = Some(content);
            return;
        }
        _ => return,
    };
    // The first of several names for one field is kept; tags (one
    // `article:tag` each) add up.
    if let Some(tags) = page
        .metadata
        .iter_mut()
        .find(|(k, _)| k == field && field == "tags")
    {
        tags.1.push_str(", ");
        tags.1.push_str(&content);
    } else if !page.metadata.iter().any(|(k, _)| k == field) {
        page.metadata.push((field.into(), content));
    }
}

/// Closes the elements a start tag `name` ends without their end tag: a
/// paragraph before a block, an item before the next item, a row or cell
/// before the next.
fn close_implied(stack: &mut Vec<Open>, name: &str) {
    let closes: &[&str] = match name {
        "li" => &["li", "p"],
        "dt" | "dd" => &["dt", "dd", "p"],
        "tr" => &["tr", "td", "th"],
        "td" | "th" => &["td", "th"],
        "option" => &["option"],
        _ if BLOCKS.contains(&name) => &["p"],
        _ => &[],
    };
    while stack
        .last()
        .is_some_and(|o| closes.contains(&o.name.as_str()))
    {
        stack.pop();
    }
}

fn in_pre(stack: &[Open]) -> bool {
    stack.iter().any(|o| o.name == "pre")
}

/// What an element is, as page furniture, by its name and place or by its
/// role, class or id.
fn furniture_of(name: &str, stack: &[Open], attr: &dyn Fn(&str) -> Option<String>) -> Furniture {
    // The content's own containers are never furniture, whatever their
    // classes say (`<main class="container navbar-offset">`).
    if matches!(name, "main" | "article" | "body" | "html") {
        return Furniture::No;
    }
    let role = attr("role").unwrap_or_default().to_ascii_lowercase();
    // Hidden content (a folded answer, a menu for small screens) is kept
    // inside the main content, where `hidden="until-found"` is made to be
    // found, and left out beside it (a dialog, a form's confirmation).
    let style = attr("style").unwrap_or_default().to_ascii_lowercase();
    let hidden = attr("hidden").is_some()
        || attr("aria-hidden").is_some_and(|v| v == "true")
        || style.replace(' ', "").contains("display:none");
    if name == "aside" || role == "complementary" || hidden {
        return Furniture::Aside;
    }
    // A site's footer; a header may hold the article's title.
    let footer = name == "footer"
        && !stack
            .iter()
            .any(|o| o.name == "article" || o.name == "main");
    if name == "nav" || footer || FURNITURE_ROLES.contains(&role.as_str()) {
        return Furniture::Named;
    }
    // Class names and ids of one or two words (`share-buttons`,
    // `cookie-banner`, `navbar`); longer ones are slugs of the content
    // (`comment-se-faire-vacciner`, `menu-du-jour`).
    let names_furniture = |name: &str| {
        let words: Vec<&str> = name.split(['-', '_']).filter(|w| !w.is_empty()).collect();
        let compound = words.len() == 1
            && (name.starts_with("nav") || name.starts_with("menu"))
            && name.len() <= 12;
        FURNITURE_NAMES.contains(&name)
            || (words.len() <= 2 && (compound || words.iter().any(|w| FURNITURE_WORDS.contains(w))))
    };
    let class = attr("class").unwrap_or_default().to_ascii_lowercase();
    let id = attr("id").unwrap_or_default().to_ascii_lowercase();
    if class.split_whitespace().any(names_furniture) || (!id.is_empty() && names_furniture(&id)) {
        Furniture::Named
    } else {
        Furniture::No
    }
}

/// The kind of block that text read now belongs to.
fn kind_of(stack: &[Open]) -> BlockKind {
    for open in stack.iter().rev() {
        return match open.name.as_str() {
            "h1" => BlockKind::Heading { level: 1 },
            "h2" => BlockKind::Heading { level: 2 },
            "h3" => BlockKind::Heading { level: 3 },
            "h4" => BlockKind::Heading { level: 4 },
            "h5" => BlockKind::Heading { level: 5 },
            "h6" => BlockKind::Heading { level: 6 },
            "li" | "dd" => BlockKind::ListItem,
            "pre" => BlockKind::Code,
            "blockquote" => BlockKind::Quotation,
            "tr" => BlockKind::TableRow,
            _ => continue,
        };
    }
    BlockKind::Paragraph
}

/// True when preformatted text reads as prose (a mail, a letter kept as
/// typed) rather than code or a command: at least a sentence, mostly
/// letters, hardly any of the signs code is written with, no prompt.
pub(super) fn is_prose(text: &str) -> bool {
    let words = text.split_whitespace().count();
    let signs = text.chars().filter(|c| "{}<>=;$\\|`".contains(*c)).count();
    let marks = text.chars().filter(|c| !c.is_whitespace()).count();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let sentences = text
        .split_whitespace()
        .filter(|w| {
            w.ends_with(['.', '?', '!']) && w.chars().filter(|c| c.is_alphabetic()).count() > 1
        })
        .count();
    let prompt = text
        .lines()
        .any(|l| l.trim_start().starts_with(['$', '#', '>', '%']));
    words >= MIN_PROSE_WORDS
        && signs * 100 <= marks
        && letters * 5 >= marks * 4
        && sentences >= 2
        && sentences * WORDS_PER_SENTENCE >= words
        && !prompt
}

/// Fewest words of preformatted text read as prose.
const MIN_PROSE_WORDS: usize = 12;
/// Most words per sentence, on average, of preformatted text read as
/// prose (French sentences average about 20).
const WORDS_PER_SENTENCE: usize = 25;

/// Ends the block being read, keeping it unless it is furniture.
fn flush(page: &mut Page, stack: &[Open], pending: &mut Pending) {
    let Pending {
        text,
        link_chars,
        source,
        anchor,
        ..
    } = std::mem::take(pending);
    let Some(source) = source else {
        return;
    };
    let mut kind = kind_of(stack);
    if kind == BlockKind::Code && is_prose(&text) {
        // Text kept as typed (a mail, a letter) rather than code: a
        // paragraph, ranked as one.
        kind = BlockKind::Paragraph;
    }
    let text = match kind {
        BlockKind::Code => text.trim_matches('\n').to_string(),
        // White space of the markup collapses; no-break spaces are text.
        _ => text
            .split(|c: char| c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
    };
    let mut text = text.trim_end_matches(" |").trim().to_string();
    if let BlockKind::Heading { .. } = kind {
        // The permalink sign documentation generators put after a heading.
        text = text
            .trim_end_matches(['¶', '#', '§', '🔗'])
            .trim_end()
            .to_string();
    }
    if text.trim_matches(crate::analysis::is_blank_char).is_empty() {
        return;
    }
    let chars = text.chars().filter(|c| !c.is_whitespace()).count();
    let words = text.split_whitespace().count();
    let in_article = stack
        .iter()
        .any(|o| o.name == "article" || o.name == "main");
    let link_list = link_chars * 10 >= chars * 9 && words <= MAX_LINK_LIST_WORDS && !in_article;
    let cue = (kind == BlockKind::Paragraph && words <= MAX_CUE_BLOCK_WORDS)
        .then(|| page_furniture(&text, None))
        .flatten();
    let furniture = match kind {
        BlockKind::Heading { .. } => None,
        _ if link_list => Some(Rule::LinkList),
        _ => cue,
    };
    page.blocks.push(PageBlock {
        kind,
        source,
        text,
        anchor,
        element: stack.last().map_or(0, |o| o.element),
        chars,
        link_chars,
        furniture,
    });
}

/// The thresholds of `leave_out_furniture`.
#[derive(Clone, Copy)]
struct Thresholds {
    main_share: f64,
    max_links: f64,
    min_region: usize,
    min_lone: usize,
    max_flow_links: f64,
}

/// The furniture thresholds: the constants above, or for fitting them
/// (`benches/extraction/fit.py`) the values of `FOUILLE_MAIN_SHARE`,
/// `FOUILLE_REGION_LINKS`, `FOUILLE_REGION_CHARS` and `FOUILLE_LONE_CHARS`,
/// read once.
fn thresholds() -> Thresholds {
    static THRESHOLDS: OnceLock<Thresholds> = OnceLock::new();
    *THRESHOLDS.get_or_init(|| {
        let knob = |name: &str, default: f64| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.parse::<f64>().ok())
                .filter(|v| v.is_finite() && *v >= 0.0)
                .unwrap_or(default)
        };
        Thresholds {
            main_share: knob("FOUILLE_MAIN_SHARE", MAIN_SHARE),
            max_links: knob("FOUILLE_REGION_LINKS", MAX_REGION_LINK_DENSITY),
            min_region: knob("FOUILLE_REGION_CHARS", MIN_REGION_CHARS as f64) as usize,
            min_lone: knob("FOUILLE_LONE_CHARS", MIN_LONE_CHARS as f64) as usize,
            max_flow_links: knob("FOUILLE_FLOW_LINKS", MAX_FLOW_LINK_DENSITY),
        }
    })
}

/// Leaves out the blocks of page furniture, judged against the whole page
/// once it is read.
///
/// The page's main content is the deepest element that holds more than
/// [`MAIN_SHARE`] of its prose (letters outside links, in blocks that are
/// not mostly links): the article's body on a news page, the chapter in
/// generated documentation. Then:
/// - an element named as furniture (see `furniture_of`) is left out, unless
///   the main content is inside it: a name can never take the bulk of a
///   page away (`<div class="widget">` around a blog's post,
///   `class="article modal-enabled"`);
/// - a box (`aside`) is left out beside the main content, kept inside it;
/// - beside the main content, what is left is judged by region (the
///   largest element around a block that does not hold the main content: a
///   side column, a header, a row of teasers): kept when it is prose (at
///   most [`MAX_REGION_LINK_DENSITY`] of its letters in links, and at least
///   [`MIN_REGION_CHARS`] letters), left out when it is links or scraps
///   (a menu, teasers, "197 partages", "cliquez pour copier").
///
/// A page with less prose than [`MIN_PAGE_CHARS`] has no main content to
/// judge against: only furniture by name leaves it.
fn leave_out_furniture(page: &mut Page) {
    let Thresholds {
        main_share: share,
        max_links,
        min_region,
        min_lone,
        max_flow_links,
    } = thresholds();
    let elements = &page.elements;
    let n = elements.len();
    let parent = |e: usize| elements[e].parent as usize;
    let mut prose = vec![0usize; n];
    for block in page.blocks.iter().filter(|b| b.furniture.is_none()) {
        if block.link_chars * 2 < block.chars {
            prose[block.element as usize] += block.chars - block.link_chars;
        }
    }
    // Parents open before their children: one pass from the last sums
    // every element's prose into its ancestors'.
    for e in (1..n).rev() {
        prose[parent(e)] += prose[e];
    }
    let total = prose[0];
    let main = if total < MIN_PAGE_CHARS {
        0
    } else {
        // Elements holding more than half the prose form a chain from the
        // page down; the last opened is the deepest.
        (0..n)
            .rev()
            .find(|&e| prose[e] as f64 > share * total as f64)
            .unwrap_or(0)
    };
    // The main content and its ancestors.
    let mut holds_main = vec![false; n];
    let mut e = main;
    loop {
        holds_main[e] = true;
        if e == 0 {
            break;
        }
        e = parent(e);
    }
    let mut inside = vec![false; n];
    let mut dropped = vec![false; n];
    // For an element beside the main content, the region it is in.
    let mut region = vec![usize::MAX; n];
    inside[main] = true;
    for e in 1..n {
        let p = parent(e);
        inside[e] |= inside[p];
        if !inside[e] && !holds_main[e] {
            region[e] = if holds_main[p] { e } else { region[p] };
        }
        let named = match elements[e].furniture {
            Furniture::No => false,
            Furniture::Named => !holds_main[e],
            Furniture::Aside => !inside[e],
        };
        dropped[e] = dropped[p] || named;
    }
    // Letters and link letters of each region.
    let mut letters = vec![(0usize, 0usize, 0usize); n];
    for block in page.blocks.iter().filter(|b| b.furniture.is_none()) {
        let e = block.element as usize;
        if !dropped[e] && region[e] != usize::MAX {
            let r = &mut letters[region[e]];
            r.0 += block.chars;
            r.1 += block.link_chars;
            r.2 += 1;
        }
    }
    // The rule that leaves a block out, if any.
    let rule = |block: &PageBlock| {
        let e = block.element as usize;
        if dropped[e] {
            return Some(Rule::Element);
        }
        if inside[e] || main == 0 {
            return None;
        }
        // Text right inside an element that holds the main content is a
        // region of its own.
        let (root, (chars, links, blocks)) = match region[e] {
            usize::MAX => (e, (block.chars, block.link_chars, 1)),
            r => (r, letters[r]),
        };
        // Beside the main content, in its parent: the article's flow (its
        // header and lead, the sections around the main one in a chapter,
        // a box between them); it is kept whatever its length, unless it
        // is mostly links.
        let in_flow = root == parent(main) || parent(root) == parent(main);
        let max_links = if in_flow { max_flow_links } else { max_links };
        let prose = links as f64 <= max_links * chars as f64;
        let min = match blocks {
            _ if in_flow => 0,
            // A heading alone, or a paragraph alone, further away: a
            // section's title, a chapter's abstract.
            1 if matches!(block.kind, BlockKind::Heading { .. }) => 0,
            1 => min_lone,
            _ => min_region,
        };
        (!(prose && chars >= min)).then_some(Rule::Region)
    };
    let rules: Vec<Option<Rule>> = page
        .blocks
        .iter()
        .map(|b| b.furniture.or_else(|| rule(b)))
        .collect();
    for (block, rule) in page.blocks.iter_mut().zip(rules) {
        block.furniture = rule;
    }
}

/// The document of a page read.
fn build(decoded: Decoded, page: Page, h1_is_title: bool) -> Document {
    let source = decoded.text.as_str();
    let mut metadata = page.metadata;
    let mut blocks = page.blocks;
    let first_h1 = blocks
        .iter()
        .position(|b| b.kind == BlockKind::Heading { level: 1 } && b.furniture.is_none())
        .filter(|_| h1_is_title);
    let title = match (page.og_title, first_h1) {
        (Some(title), _) => Some(title),
        (None, Some(i)) => {
            // The first `h1` is the title: a passage, but no section.
            blocks[i].kind = BlockKind::Title;
            Some(blocks[i].text.clone())
        }
        (None, None) => {
            let url = metadata
                .iter()
                .find(|(k, _)| k == "url")
                .map(|(_, v)| v.as_str());
            site_name_removed(&page.title_tag, page.site_name.as_deref(), url)
        }
    };
    if let Some(title) = &title {
        metadata.insert(0, ("title".into(), title.clone()));
    }
    let mut writer = BlockWriter::new(&decoded, false);
    for PageBlock {
        kind,
        source: (start, end),
        text: words,
        anchor,
        furniture,
        ..
    } in blocks
    {
        let exact = writer.is_identity() && source.get(start..end) == Some(words.as_str());
        let line = writer.line_of(start);
        // Furniture opens no section: a heading of it is a paragraph.
        let kind = match kind {
            BlockKind::Heading { .. } if furniture.is_some() => BlockKind::Paragraph,
            kind => kind,
        };
        writer.push(kind, &words, start..end, exact, line, anchor);
        if let Some(rule) = furniture {
            writer.mark_furniture(rule);
        }
    }
    let (text, blocks) = writer.finish();
    Document {
        text: text.unwrap_or_default(),
        title,
        metadata,
        blocks,
        left_out: 0,
        unread: Vec::new(),
        encoding: decoded.encoding_name(),
        entries: Vec::new(),
        pages: Vec::new(),
        page_rows: Vec::new(),
    }
}

/// A `<title>` without the site's name: of its parts around ` | `, ` - `,
/// ` — `, ` · ` or ` :: `, the longest that is not the site's name (as
/// `og:site_name` gives it, or as the page's address spells it:
/// « Amis du Vieux Lyon - Histoire » at amisduvieuxlyon.fr).
fn site_name_removed(title: &str, site: Option<&str>, url: Option<&str>) -> Option<String> {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let letters = |text: &str| -> String {
        crate::analysis::fold(text)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect()
    };
    let host = url
        .and_then(|u| u.split("//").nth(1))
        .and_then(|rest| rest.split('/').next())
        .map(letters)
        .unwrap_or_default();
    let site = site.map(letters).unwrap_or_default();
    let names_the_site = |part: &str| {
        let part = letters(part);
        !part.is_empty() && (part == site || (part.len() >= 4 && host.contains(&part)))
    };
    let best = [" | ", " - ", " — ", " · ", " :: "]
        .iter()
        .find(|sep| title.contains(**sep))
        .map_or(title.as_str(), |sep| {
            let parts: Vec<&str> = title.split(*sep).collect();
            let by_length = |part: &&&str| part.chars().count();
            parts
                .iter()
                .filter(|p| !names_the_site(p))
                .max_by_key(by_length)
                .or_else(|| parts.iter().max_by_key(by_length))
                .copied()
                .unwrap_or_default()
        });
    let best = best.trim();
    (!best.is_empty()).then(|| best.to_string())
}

/// The charset a page declares in its first kilobyte (`<meta charset>` or
/// `http-equiv` content, or an XML declaration).
pub(crate) fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    for key in ["charset=", "encoding="] {
        let Some(at) = head.find(key) else {
            continue;
        };
        let label: String = head[at + key.len()..]
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
            .collect();
        if let Some(encoding) = Encoding::for_label(label.as_bytes()) {
            return Some(encoding);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A news page with its site furniture around the article.
    const PAGE: &str = r##"<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Télémédecine : les hôpitaux s'équipent | Le Journal de la Santé</title>
<meta name="author" content="Claire Martin">
<meta property="article:published_time" content="2025-02-11T08:00:00+01:00">
<link rel="canonical" href="https://exemple.fr/telemedecine">
<style>body { color: red }</style>
</head>
<body>
<header class="site-header"><a href="/">Le Journal de la Santé</a>
<nav><ul><li><a href="/">Accueil</a></li><li><a href="/sante">Santé</a></li></ul></nav></header>
<div id="cookie-banner">Nous utilisons des cookies. <button>Accepter</button></div>
<main>
<article>
<h1>Télémédecine : les hôpitaux s&#39;équipent</h1>
<p>Les hôpitaux de la région ont reçu 12&nbsp;millions d’euros pour la <a href="/tele">télémédecine</a>.
Les consultations à distance ont doublé en un an.</p>
<h2 id="chantiers">Les chantiers</h2>
<ul><li>Les identifiants nationaux de santé ;</li><li>la messagerie <em>sécurisée</em>.</li></ul>
<table><tr><th>Chantier</th><th>Échéance</th></tr><tr><td>INS</td><td>2025</td></tr></table>
<pre>apt-get install fouille</pre>
<div class="share-buttons"><a href="#">Partager sur X</a></div>
</article>
<aside><h3>À lire aussi</h3><p>Un autre article.</p></aside>
</main>
<ul class="tags"><li><a href="/t/ia">IA</a></li><li><a href="/t/sante">santé</a></li></ul>
<footer><p>© 2025 Le Journal de la Santé. Tous droits réservés.</p></footer>
<script>var x = "<p>pas du texte</p>";</script>
</body>
</html>
"##;

    fn read(source: &str) -> Document {
        HtmlReader.read(source.as_bytes().to_vec()).unwrap()
    }

    /// The texts of the blocks that are not page furniture.
    fn texts(document: &Document) -> Vec<&str> {
        document
            .blocks
            .iter()
            .filter(|b| b.furniture.is_none() && b.kind != BlockKind::Title)
            .map(|b| document.text_of(b))
            .collect()
    }

    #[test]
    fn the_article_without_its_page() {
        let document = read(PAGE);
        assert_eq!(
            document.title.as_deref(),
            Some("Télémédecine : les hôpitaux s'équipent")
        );
        // The h1 is the title, and a block of its own (a passage).
        assert_eq!(
            document
                .blocks
                .iter()
                .filter(|b| b.kind == BlockKind::Title)
                .map(|b| document.text_of(b))
                .collect::<Vec<_>>(),
            ["Télémédecine : les hôpitaux s'équipent"]
        );
        let blocks: Vec<(BlockKind, &str)> = document
            .blocks
            .iter()
            .filter(|b| b.furniture.is_none() && b.kind != BlockKind::Title)
            .map(|b| (b.kind, document.text_of(b)))
            .collect();
        // The site around the article is kept, marked with the rule that
        // judged it furniture, and opens no section.
        let furniture: Vec<(&str, Rule)> = document
            .blocks
            .iter()
            .filter_map(|b| Some((document.text_of(b), b.furniture?)))
            .collect();
        for (text, rule) in [
            ("Accueil", Rule::LinkList),
            ("Partager sur X", Rule::WebCue),
            ("À lire aussi", Rule::Element),
            ("Un autre article.", Rule::Element),
            (
                "© 2025 Le Journal de la Santé. Tous droits réservés.",
                Rule::WebCue,
            ),
        ] {
            assert!(
                furniture.contains(&(text, rule)),
                "{text} {rule:?} not in {furniture:?}"
            );
        }
        assert!(document
            .blocks
            .iter()
            .filter(|b| b.furniture.is_some())
            .all(|b| !matches!(b.kind, BlockKind::Heading { .. })));
        assert_eq!(
            blocks,
            [
                (
                    BlockKind::Paragraph,
                    "Les hôpitaux de la région ont reçu 12\u{a0}millions d’euros pour la télémédecine. \
                     Les consultations à distance ont doublé en un an."
                ),
                (BlockKind::Heading { level: 2 }, "Les chantiers"),
                (BlockKind::ListItem, "Les identifiants nationaux de santé ;"),
                (BlockKind::ListItem, "la messagerie sécurisée."),
                (BlockKind::TableRow, "Chantier | Échéance"),
                (BlockKind::TableRow, "INS | 2025"),
                (BlockKind::Code, "apt-get install fouille"),
            ]
        );
        let meta = |key: &str| {
            document
                .metadata
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(meta("author"), Some("Claire Martin"));
        assert_eq!(meta("date"), Some("2025-02-11T08:00:00+01:00"));
        assert_eq!(meta("lang"), Some("fr"));
        assert_eq!(meta("url"), Some("https://exemple.fr/telemedecine"));
        // Each block cites the bytes of the page that hold its words.
        for block in &document.blocks {
            let cited = &PAGE[block.source.start as usize..block.source.end as usize];
            let first = document.text_of(block).split(' ').next().unwrap();
            assert!(cited.starts_with(first), "{cited}");
            let line = PAGE[..block.source.start as usize].matches('\n').count() as u32 + 1;
            assert_eq!(block.line, line);
        }
        let kept: Vec<&crate::document::Block> = document
            .blocks
            .iter()
            .filter(|b| b.furniture.is_none() && b.kind != BlockKind::Title)
            .collect();
        let item = kept[2];
        assert_eq!(document.heading_of(item), Some("Les chantiers"));
        // The nearest id at or above a block is its anchor.
        assert_eq!(item.anchor.as_deref(), Some("chantiers"));
        assert_eq!(kept[0].anchor, None);
        assert!(kept[6].exact);
    }

    #[test]
    fn tags_and_the_date_modified_come_from_their_meta_tags() {
        let document = read(
            "<html><head><meta property=\"article:modified_time\" content=\"2025-03-01\">\
             <meta property=\"article:tag\" content=\"santé\">\
             <meta property=\"article:tag\" content=\"hôpital\">\
             </head><body><p>Les hôpitaux recrutent.</p></body></html>",
        );
        let meta = |key: &str| {
            document
                .metadata
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        };
        assert_eq!(meta("modified").as_deref(), Some("2025-03-01"));
        assert_eq!(meta("tags").as_deref(), Some("santé, hôpital"));
    }

    #[test]
    fn the_title_without_the_site_name_and_a_declared_charset() {
        let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">\
                    <title>Le Journal - Les données de santé en 2025</title></head>\
                    <body><p>Les données de santé sont protégées par le règlement.</p></body></html>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(page);
        let document = HtmlReader.read(bytes.to_vec()).unwrap();
        assert_eq!(
            document.title.as_deref(),
            Some("Les données de santé en 2025")
        );
        assert_eq!(document.encoding, Some("windows-1252"));
        assert_eq!(
            document.text_of(&document.blocks[0]),
            "Les données de santé sont protégées par le règlement."
        );
        // A page declared in one charset and written in UTF-8 is read as
        // UTF-8.
        let lying = page.replace("iso-8859-1", "windows-1252");
        let document = HtmlReader.read(lying.into_bytes()).unwrap();
        assert_eq!(document.encoding, None);
        assert_eq!(
            document.title.as_deref(),
            Some("Les données de santé en 2025")
        );
    }

    #[test]
    fn the_site_name_is_known_by_its_meta_or_its_address() {
        let page = |head: &str| {
            format!("<html><head>{head}</head><body><p>Les traboules du quartier Saint-Jean relient les rues par les cours des immeubles.</p></body></html>")
        };
        let titled = read(&page(
            r#"<title>Amis du Vieux Lyon - Histoire</title><link rel="canonical" href="https://www.amisduvieuxlyon.fr/histoire">"#,
        ));
        assert_eq!(titled.title.as_deref(), Some("Histoire"));
        let titled = read(&page(
            r#"<title>La Gazette du Rhône — Les traboules</title><meta property="og:site_name" content="La Gazette du Rhône">"#,
        ));
        assert_eq!(titled.title.as_deref(), Some("Les traboules"));
    }

    #[test]
    fn preformatted_prose_is_a_paragraph_and_code_stays_code() {
        let page = "<html><body><pre>Bonjour à tous,\n\nLa réunion du conseil est reportée au jeudi 12 juin, faute de quorum.\nMerci de confirmer votre présence.\n</pre>\n\
<pre>$ sudo apt-get install fouille\n$ fouille index --corpus notes</pre>\n\
<pre>fn main() {\n    let x = 1;\n    println!(\"{x}\");\n}</pre></body></html>";
        let document = read(page);
        let kinds: Vec<BlockKind> = document.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [BlockKind::Paragraph, BlockKind::Code, BlockKind::Code]
        );
        assert!(document
            .text_of(&document.blocks[0])
            .starts_with("Bonjour à tous, La réunion"));
    }

    #[test]
    fn content_named_like_furniture_stays() {
        let page = r##"<html><head><title/><script src="a.js"/></head><body><form id="form1">
<header><h1>Vaccination : le calendrier 2025</h1><p class="chapo">Ce qui change cette année pour les enfants.</p></header>
<main class="container navbar-offset">
<div class="hero-banner"><p>Les rappels sont avancés à six ans pour tous les enfants.</p></div>
<h2 id="comment-se-faire-vacciner">Comment se faire vacciner<a class="headerlink" href="#x">¶</a></h2>
<section id="comment-ca-marche"><p><a id="page7"/>Le médecin traitant prescrit le vaccin.</p>
<p>La pharmacie le délivre.</p></section>
<div class="article-body no-ads"><p>Les <a href="/tarifs">tarifs</a> sont remboursés.</p></div>
<div class="menu-du-jour"><p>Un menu équilibré aide les enfants.</p></div>
<svg><title>Icône loupe</title></svg>
</main></form></body></html>"##;
        let document = read(page);
        let texts = texts(&document);
        assert_eq!(
            texts,
            [
                "Ce qui change cette année pour les enfants.",
                "Les rappels sont avancés à six ans pour tous les enfants.",
                "Comment se faire vacciner",
                "Le médecin traitant prescrit le vaccin.",
                "La pharmacie le délivre.",
                "Les tarifs sont remboursés.",
                "Un menu équilibré aide les enfants.",
            ]
        );
        assert_eq!(
            document.title.as_deref(),
            Some("Vaccination : le calendrier 2025")
        );
    }

    /// A news page whose template names nothing: a header of links, a
    /// column of headlines, a box of scraps, all plain `div`s.
    const UNNAMED_TEMPLATE: &str = r##"<html><body>
<div class="top"><div class="logo"><a href="/">La Gazette du Rhône</a></div>
<div class="links"><a href="/a">Actualités</a> <a href="/b">Économie</a> <a href="/c">Culture</a></div></div>
<div class="grid">
<div class="col-8">
<div class="entete"><h1>Les urgences de Lyon débordées par l'épidémie de grippe</h1>
<p class="chapo">Trois hôpitaux ont déclenché le plan blanc.</p>
<p>197 partages</p></div>
<div class="corps">
<p>Les services d'urgence des Hospices civils de Lyon ont accueilli plus de 900 patients lundi, un record depuis l'hiver 2019, selon la direction de l'établissement.</p>
<p>Les soignants décrivent des couloirs remplis de brancards et des délais d'attente de plus de huit heures pour les cas les moins graves.</p>
<p>L'agence régionale de santé appelle les habitants à se faire vacciner et à appeler le 15 avant de se déplacer aux urgences.</p>
<p>Les opérations non urgentes sont reportées d'une semaine dans les trois établissements concernés par le plan blanc.</p>
</div>
<div class="signature">Par Claire Martin</div>
</div>
<div class="col-4">
<h3>Les plus lus</h3>
<div class="item"><a href="/1">Le tribunal administratif annule la fermeture de la piscine municipale de Villeurbanne après trois ans de procédure</a></div>
<div class="item"><a href="/2">Les prix de l'immobilier reculent pour la première fois depuis dix ans dans la métropole lyonnaise selon les notaires</a></div>
<div class="pub"><p>Publicité</p><p>Offre spéciale : 1 € le premier mois</p></div>
</div>
</div>
</body></html>"##;

    #[test]
    fn furniture_by_density_where_nothing_is_named() {
        let document = read(UNNAMED_TEMPLATE);
        let texts = texts(&document);
        // The article's flow stays: its lead and its byline beside its
        // body; the headlines column and the advertisement go.
        assert!(
            texts.contains(&"Trois hôpitaux ont déclenché le plan blanc."),
            "{texts:?}"
        );
        assert!(texts.contains(&"Par Claire Martin"), "{texts:?}");
        assert_eq!(
            texts.iter().filter(|t| t.starts_with("Les ")).count(),
            3,
            "{texts:?}"
        );
        for furniture in [
            "Les plus lus",
            "Le tribunal administratif",
            "Les prix de l'immobilier",
            "Publicité",
            "Offre spéciale",
            "Actualités",
        ] {
            assert!(
                !texts.iter().any(|t| t.contains(furniture)),
                "{furniture} in {texts:?}"
            );
        }
        assert!(
            document.furniture_blocks() >= 5,
            "{}",
            document.furniture_blocks()
        );
    }

    #[test]
    fn a_name_never_takes_the_bulk_of_a_page_away() {
        // Page builders and blog templates wrap the post in elements whose
        // classes read as furniture.
        for wrapper in [
            r#"<div class="elementor-widget-container">"#,
            r#"<div class="widget Blog">"#,
            r#"<div class="article modal-enabled">"#,
            r#"<div id="comments-and-post">"#,
        ] {
            let page = format!(
                "<html><body><div class=\"menu\"><a href=\"/\">Accueil</a></div>{wrapper}\
                 <p>Les vendanges ont commencé avec deux semaines d'avance dans le Beaujolais, après un été sec et chaud.</p>\
                 <p>Les vignerons craignent une récolte faible en volume mais de bonne qualité, comme en 2003.</p>\
                 <p>Les saisonniers sont moins nombreux que l'an passé, faute de logements proches des domaines.</p>\
                 </div><div class=\"share\"><a href=\"#\">Partager</a></div></body></html>"
            );
            let document = read(&page);
            let texts = texts(&document);
            assert_eq!(texts.len(), 3, "{wrapper}: {texts:?}");
            assert!(
                texts[0].starts_with("Les vendanges"),
                "{wrapper}: {texts:?}"
            );
        }
    }

    #[test]
    fn generated_documentation_keeps_every_section() {
        // A chapter where one section holds most of the text: the
        // chapter's introduction, its short sections, a box and a section
        // of links to other pages are all content.
        let long = "La commande apt-get installe un paquet et ses dépendances depuis les dépôts configurés. ".repeat(12);
        let page = format!(
            r#"<html><body><div class="navheader"><a href="a.html">Précédent</a> <a href="c.html">Suivant</a></div>
<div class="chapter"><div class="titlepage"><h2>Chapitre 6. Maintenance</h2></div>
<div class="para">Ce chapitre présente les outils.</div>
<div class="section"><h3>6.1. Installer</h3><p>{long}</p><p>{long}</p></div>
<div class="section"><h3>6.2. Retirer</h3><p>La commande apt-get remove retire un paquet.</p>
<div class="sidebar"><p class="title">ASTUCE</p><p>Voir aussi <a href="x.html">aptitude</a>.</p></div></div>
<div class="section"><h3>6.3. Pour aller plus loin</h3><p>Voir <a href="apt.html">le manuel d'apt</a> et <a href="dpkg.html">celui de dpkg</a>.</p></div>
</div></body></html>"#
        );
        let document = read(&page);
        let texts = texts(&document);
        for content in [
            "Chapitre 6. Maintenance",
            "Ce chapitre présente les outils.",
            "6.2. Retirer",
            "La commande apt-get remove retire un paquet.",
            "ASTUCE",
            "Voir aussi aptitude.",
            "6.3. Pour aller plus loin",
        ] {
            assert!(texts.contains(&content), "{content} missing from {texts:?}");
        }
        assert!(!texts.contains(&"Précédent Suivant"));
    }

    #[test]
    fn a_box_inside_the_article_is_content_beside_it_furniture() {
        let body = "<p>Le conseil municipal a voté le budget primitif de la commune pour l'année prochaine, en hausse de trois pour cent.</p>".repeat(4);
        let page = format!(
            "<html><body><article>{body}<aside><p>Le budget en chiffres : 12 millions d'euros.</p></aside></article>\
             <aside><p>Météo : grand soleil sur toute la région ce week-end.</p></aside></body></html>"
        );
        let document = read(&page);
        let texts = texts(&document);
        assert!(
            texts.contains(&"Le budget en chiffres : 12 millions d'euros."),
            "{texts:?}"
        );
        assert!(!texts.iter().any(|t| t.starts_with("Météo")), "{texts:?}");
    }

    #[test]
    fn line_breaks_footnote_calls_folded_answers_and_french_template_names() {
        let body = "<p>Le jardin partagé du quartier ouvre ses parcelles aux habitants chaque printemps, sur inscription auprès de l'association.</p>".repeat(3);
        let page = format!(
            r##"<html><body><div class="fil-ariane"><a href="/">Accueil</a> › Jardins</div>
<main><h1>Le jardin partagé</h1>{body}
<p>Association des jardiniers<br>
12 rue des Lilas<br>69003 Lyon</p>
<p>Premier courriel.<br><br>Second courriel.</p>
<p>Les nuages<sup><a href="#n1">1</a></sup> passent.</p>
<button class="question">Comment s'inscrire ?</button>
<div hidden="until-found"><p>Réponse repliée : par courriel à l'association.</p></div>
<div class="partage"><a href="#">Facebook</a> <a href="#">X</a></div>
<div class="commentaires"><p>Super article, merci !</p></div>
</main><div id="pied-de-page"><p>Mentions légales et plan du site de la mairie</p></div>
<div class="pied"><p>Le Jardin du Quartier – Tous droits réservés – Mentions légales – Nous contacter – Plan du site</p></div></body></html>"##
        );
        let document = read(&page);
        let texts = texts(&document);
        for kept in [
            "Association des jardiniers 12 rue des Lilas 69003 Lyon",
            "Premier courriel.",
            "Second courriel.",
            "Les nuages 1 passent.",
            "Comment s'inscrire ?",
            "Réponse repliée : par courriel à l'association.",
        ] {
            assert!(texts.contains(&kept), "{kept} missing from {texts:?}");
        }
        for gone in [
            "Accueil",
            "Facebook",
            "Super article",
            "Mentions légales",
            "Plan du site",
        ] {
            assert!(
                !texts.iter().any(|t| t.contains(gone)),
                "{gone} in {texts:?}"
            );
        }
    }

    #[test]
    fn deep_nesting_and_an_unclosed_link() {
        let deep = format!(
            "{}<p>Au fond du texte.</p>{}",
            "<span>".repeat(20_000),
            "</span>".repeat(20_000)
        );
        let document = read(&deep);
        assert_eq!(document.text_of(&document.blocks[0]), "Au fond du texte.");
        let unclosed =
            "<div><p>Voir <a href=\"/x\">la page</p></div><p>Un paragraphe court ici.</p>";
        let document = read(unclosed);
        let texts = texts(&document);
        assert_eq!(texts, ["Voir la page", "Un paragraphe court ici."]);
    }

    #[test]
    fn truncated_and_unclosed_markup_still_reads() {
        let document =
            read("<p>Premier paragraphe sur la santé<p>Second paragraphe<li>un item<div><b>gras");
        let texts = texts(&document);
        assert_eq!(
            texts,
            [
                "Premier paragraphe sur la santé",
                "Second paragraphe",
                "un item",
                "gras"
            ]
        );
        assert!(read("").blocks.is_empty());
        assert!(read("<script>x").blocks.is_empty());
    }

    #[test]
    fn pages_are_told_by_extension_or_content() {
        assert!(HtmlReader.accepts("a.html", b""));
        assert!(HtmlReader.accepts("b/c.XHTML", b""));
        assert!(HtmlReader.accepts("page", b"\n<!DOCTYPE html><html>"));
        assert!(!HtmlReader.accepts("notes.txt", b"<html>"));
        assert!(!HtmlReader.accepts("page", b"Du texte."));
    }
}
