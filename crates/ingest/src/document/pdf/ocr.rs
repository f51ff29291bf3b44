//! Pages without a text layer (scans), read by optical character
//! recognition when asked for (`fouille index --ocr`).
//!
//! A page is drawn as a grey image by poppler's `pdftoppm`, at 300 dots
//! per inch (less for a page so large that the image would pass
//! [`MAX_PIXELS`] on a side), and read by Tesseract with its French model
//! (`tesseract -l fra … hocr`), which gives each word with its box, grouped
//! in blocks, paragraphs and lines, each line with its type size. Those become a [`Page`] as
//! `pdftotext` gives one, so that the scanned page goes through the same
//! layout rules (paragraphs, hyphenation, running heads, headings) as a
//! page with text.
//!
//! Why Tesseract: it is the OCR engine the field uses (Datashare, Aleph,
//! Recoll, sist2 run it), Debian ships its French model, and it runs as a
//! child process, bounded like poppler's tools. Measured on the Debian
//! FAQ's 75 pages drawn as images (see the README), fouille's passages
//! of the scan hold 92.8 % of the words of the FAQ's text version (of its
//! text layer: 92.6 %), and the FAQ dev questions score 0.458 over the
//! scan (0.521 over the text layer), at about 3 s a page on one core: too
//! slow to run unasked.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::Path;

use quick_xml::events::Event;
use quick_xml::Reader as XmlReader;

use super::super::archive::{attribute, malformed, resolve};
use super::layout::{self, clean_word, Line, Page, Word};
use super::tools;
use crate::document::ReadError;

/// Dots per inch a page is drawn at: Tesseract reads best at 300.
const DPI: f32 = 300.0;
/// Most pixels on a side of a page's image: a poster-sized page is drawn
/// at fewer dots per inch rather than as a gigabyte image.
const MAX_PIXELS: f32 = 5000.0;
/// The language model Tesseract reads with.
const LANGUAGE: &str = "fra";

/// Reads page `number` (1-based) of the PDF at `pdf`, `width` by `height`
/// points, by OCR.
pub(super) fn read_page(
    pdf: &Path,
    number: u32,
    width: f32,
    height: f32,
) -> Result<Page, ReadError> {
    let side = width.max(height).max(1.0) / 72.0;
    let dpi = DPI.min(MAX_PIXELS / side).max(1.0).round();
    let (n, resolution) = (number.to_string(), dpi.to_string());
    let image = tools::run(
        "pdftoppm",
        &[
            "-gray".as_ref(),
            "-r".as_ref(),
            OsStr::new(&resolution),
            "-f".as_ref(),
            OsStr::new(&n),
            "-l".as_ref(),
            OsStr::new(&n),
            "-singlefile".as_ref(),
            pdf.as_os_str(),
        ],
    )?;
    let image = tools::TempFile::new(&image, "pgm")?;
    let read = recognise(&image, &resolution, dpi, None)?;
    // A page read with few words Tesseract is sure of is upside down (or
    // not text): read again with its orientation found first (`--psm 1`,
    // a fifth slower, so only then), and the surer reading kept.
    let read = if read.confidence < TURNED_CONFIDENCE {
        match recognise(&image, &resolution, dpi, Some("1")) {
            Ok(turned) if turned.confidence > read.confidence => turned,
            _ => read,
        }
    } else {
        read
    };
    if read.confidence < JUNK_CONFIDENCE {
        return Err(ReadError::Malformed {
            reason: format!(
                "no text recognised with confidence (Tesseract's mean {:.0} %: an image, or noise)",
                read.confidence
            ),
        });
    }
    let mut page = read.page;
    layout::upright(&mut page);
    Ok(page)
}

/// Mean confidence (per cent) of a page's words under which the page is
/// read again with its orientation found: Tesseract is 92–95 % sure of
/// the words of the FAQ's upright pages, 31 % of the same page upside
/// down.
const TURNED_CONFIDENCE: f32 = 60.0;
/// Mean confidence under which a page's words are taken for noise and
/// left out (the page is said unread).
const JUNK_CONFIDENCE: f32 = 40.0;

/// A page as Tesseract read it, and how sure it was of its words.
struct Reading {
    page: Page,
    /// Mean of the words' `x_wconf` (0–100); 100 for a page without words.
    confidence: f32,
}

/// Reads the page drawn in `image` at `dpi` with Tesseract's French
/// model, with its page segmentation mode `psm` (its default, 3, when
/// `None`).
fn recognise(
    image: &tools::TempFile,
    resolution: &str,
    dpi: f32,
    psm: Option<&str>,
) -> Result<Reading, ReadError> {
    let mut args: Vec<&OsStr> = vec![
        image.path().as_os_str(),
        "stdout".as_ref(),
        "--dpi".as_ref(),
        OsStr::new(resolution),
        "-l".as_ref(),
        LANGUAGE.as_ref(),
    ];
    if let Some(psm) = psm {
        args.extend([OsStr::new("--psm"), OsStr::new(psm)]);
    }
    args.push("hocr".as_ref());
    // One thread each: files are read several at a time already.
    let hocr =
        tools::run_with("tesseract", &args, &[("OMP_THREAD_LIMIT", "1")]).map_err(|e| match e {
            ReadError::Malformed { reason } if reason.contains("traineddata") => ReadError::Tool {
                reason: format!(
                    "Tesseract has no French model ({LANGUAGE}): install tesseract-ocr-fra \
                     (apt install tesseract-ocr-fra)"
                ),
            },
            other => other,
        })?;
    parse_hocr(&String::from_utf8_lossy(&hocr), dpi)
}

/// Most words a page's text layer may hold for the page to be a scan
/// when an image covers it: a stamp, a fax header, a page number added to
/// a scanned page.
const SCAN_MAX_WORDS: usize = 40;
/// Share of a page that images must cover for it to be a scan.
const SCAN_IMAGE_SHARE: f32 = 0.5;

/// True when `page` is a scan to read by OCR: no text or few words on a
/// page that images mostly cover. `image_area` is the area its images
/// cover, in square points, from [`image_area`]: `None` when the page has
/// no image. A page with neither text nor image is blank (LaTeX leaves
/// one before each chapter), and a page with only a smaller image (a
/// cover's logo, a figure) is no scan either.
pub(super) fn is_scan(page: &Page, image_area: Option<f32>) -> bool {
    let words: usize = page.blocks.iter().flatten().map(|l| l.words.len()).sum();
    let area = (page.width * page.height).max(1.0);
    let share = image_area.map(|a| a / area);
    match share {
        None => false,
        // An image whose size `pdfimages` cannot tell: a scan, if the
        // page has no text.
        Some(share) if share <= 0.0 => words == 0,
        Some(share) => words <= SCAN_MAX_WORDS && share >= SCAN_IMAGE_SHARE,
    }
}

/// The area the images of each page (1-based) cover, in square points,
/// from `pdfimages -list` (each image's pixels over its resolution; a
/// stencil, a one-bit image drawn in the fill colour, as some scanners
/// write pages, counts too). A page with an image is in the map, its area
/// 0 when its size cannot be read; a page without is not.
pub(super) fn image_area(pdf: &Path) -> Result<HashMap<u32, f32>, ReadError> {
    let list = tools::run("pdfimages", &["-list".as_ref(), pdf.as_os_str()])?;
    let mut areas: HashMap<u32, f32> = HashMap::new();
    for row in String::from_utf8_lossy(&list).lines().skip(2) {
        let cells: Vec<&str> = row.split_whitespace().collect();
        // page num type width height color comp bpc enc interp object ID x-ppi y-ppi …
        let number = |i: usize| {
            cells
                .get(i)
                .and_then(|c| c.parse::<f32>().ok())
                .filter(|v| v.is_finite() && *v > 0.0)
        };
        if !matches!(cells.get(2), Some(&"image" | &"stencil")) {
            continue;
        }
        let Some(page) = number(0) else {
            continue;
        };
        let covered = areas.entry(page as u32).or_default();
        if let (Some(width), Some(height), Some(x_ppi), Some(y_ppi)) =
            (number(3), number(4), number(12), number(13))
        {
            *covered += (width / x_ppi * 72.0) * (height / y_ppi * 72.0);
        }
    }
    Ok(areas)
}

/// The page Tesseract's hOCR output describes, read at `dpi`: its words
/// with their boxes in points, lines grouped by paragraph (`ocr_par`: a
/// block for the layout rules, which cut it further where its lines say
/// so). A word's box spans its line's type, from the line's baseline and
/// type size (`x_size`, `x_descenders`), not the word's own ink: poppler
/// gives each word its type's height, which the layout rules read as the
/// type size, where the ink of `mise` is lower than that of `publique`.
///
/// A line Tesseract read turned (`textangle 90`, 180 or 270, with `--psm
/// 1`) keeps its boxes as on the image, each word as wide or high as its
/// line across the text, for [`layout::upright`] to turn the page.
fn parse_hocr(hocr: &str, dpi: f32) -> Result<Reading, ReadError> {
    let scale = 72.0 / dpi;
    let mut reader = XmlReader::from_str(hocr);
    let mut page = Page::default();
    // The current line's type (pixels): top and bottom, or left and right
    // for a line turned a quarter; and the word read.
    let mut line: Option<Across> = None;
    let mut word: Option<Word> = None;
    let (mut sure, mut words) = (0.0f32, 0usize);
    loop {
        let event = reader
            .read_event()
            .map_err(|e| malformed(&format!("tesseract output: {e}")))?;
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let class = attribute(&e, "class").unwrap_or_default();
                let title = attribute(&e, "title").unwrap_or_default();
                let field = |name: &str| properties(&title, name);
                match class.as_str() {
                    "ocr_page" => {
                        if let Some([_, _, x1, y1]) = field("bbox").and_then(four) {
                            page.width = x1 * scale;
                            page.height = y1 * scale;
                        }
                    }
                    "ocr_par" => page.blocks.push(Vec::new()),
                    "ocr_line" | "ocr_caption" | "ocr_header" | "ocr_textfloat" => {
                        let bottom = field("bbox").and_then(four).map(|b| b[3]);
                        let offset = field("baseline").and_then(|b| b.get(1).copied());
                        let size = field("x_size").and_then(|s| s.first().copied());
                        let descent = field("x_descenders").and_then(|s| s.first().copied());
                        let angle = field("textangle").and_then(|a| a.first().copied());
                        let bbox = field("bbox").and_then(four);
                        // A turned line (`textangle`, or running down the
                        // page, as Tesseract reads a page turned a quarter)
                        // has no baseline: its type is taken as centred
                        // in its box, across the text.
                        let turned = |[x0, y0, x1, y1]: [f32; 4]| {
                            let down = y1 - y0 > (x1 - x0).max(2.0 * size.unwrap_or(f32::MAX));
                            (angle.is_some_and(|a| a != 0.0) || down).then(|| {
                                let across = |from: f32, to: f32| match size {
                                    Some(s) if s > 0.0 => {
                                        ((from + to - s) / 2.0, (from + to + s) / 2.0)
                                    }
                                    _ => (from, to),
                                };
                                let quarter = angle.map_or(down, |a| a == 90.0 || a == 270.0);
                                match quarter {
                                    true => Across::Horizontal(across(x0, x1)),
                                    false => Across::Vertical(across(y0, y1)),
                                }
                            })
                        };
                        line = match (bbox.and_then(turned), bottom, size) {
                            (Some(across), ..) => Some(across),
                            (None, Some(bottom), Some(size)) if size > 0.0 => {
                                let baseline = bottom + offset.unwrap_or(0.0);
                                let below = descent.unwrap_or(0.0).clamp(0.0, size);
                                Some(Across::Vertical((
                                    baseline + below - size,
                                    baseline + below,
                                )))
                            }
                            _ => None,
                        };
                        if page.blocks.is_empty() {
                            page.blocks.push(Vec::new());
                        }
                        if let Some(block) = page.blocks.last_mut() {
                            block.push(Line::default());
                        }
                    }
                    "ocrx_word" => {
                        if let Some(c) = field("x_wconf").and_then(|c| c.first().copied()) {
                            sure += c.clamp(0.0, 100.0);
                            words += 1;
                        }
                        word = field("bbox").and_then(four).map(|[x0, y0, x1, y1]| {
                            let ((x0, x1), (y0, y1)) = match line {
                                Some(Across::Vertical(span)) => ((x0, x1), span),
                                Some(Across::Horizontal(span)) => (span, (y0, y1)),
                                None => ((x0, x1), (y0, y1)),
                            };
                            Word {
                                x0: x0 * scale,
                                y0: y0 * scale,
                                x1: x1 * scale,
                                y1: y1 * scale,
                                text: String::new(),
                                face: Default::default(),
                            }
                        })
                    }
                    _ => {}
                }
            }
            Event::Text(_) | Event::GeneralRef(_) => {
                if let Some(word) = word.as_mut() {
                    match &event {
                        Event::Text(t) => word.text.push_str(t),
                        Event::GeneralRef(r) => word.text.push_str(&resolve(r)),
                        _ => {}
                    }
                }
            }
            Event::End(e) if e.local_name().as_ref() == "span" => {
                // A word's span ends before its line's; an inner span
                // (none today) would end the word early, harmlessly.
                if let Some(mut w) = word.take() {
                    w.text = clean_word(w.text.trim());
                    let current = page.blocks.last_mut().and_then(|b| b.last_mut());
                    if let (Some(current), false) = (current, w.text.is_empty()) {
                        current.words.push(w);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    for block in &mut page.blocks {
        block.retain(|l| !l.words.is_empty());
    }
    page.blocks.retain(|b| !b.is_empty());
    let confidence = if words == 0 {
        100.0
    } else {
        sure / words as f32
    };
    Ok(Reading { page, confidence })
}

/// The extent of a line's type across its text, in pixels.
#[derive(Clone, Copy)]
enum Across {
    /// Top and bottom, for a line across the page (upright or upside down).
    Vertical((f32, f32)),
    /// Left and right, for a line down the page (turned a quarter).
    Horizontal((f32, f32)),
}

/// The numbers of the property `name` of an hOCR `title`
/// (`bbox 0 0 10 20; x_size 26`): `[0, 0, 10, 20]` for `bbox`; `None`
/// when it has none, or one that is not a number.
fn properties(title: &str, name: &str) -> Option<Vec<f32>> {
    title.split(';').find_map(|property| {
        let mut parts = property.split_whitespace();
        (parts.next()? == name).then(|| {
            parts
                .map(|n| n.parse::<f32>().ok().filter(|v| v.is_finite()))
                .collect::<Option<Vec<f32>>>()
        })?
    })
}

/// Four numbers, as a box is.
fn four(numbers: Vec<f32>) -> Option<[f32; 4]> {
    numbers.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_without_text_is_a_scan_only_under_an_image_of_the_page() {
        let page = Page {
            width: 595.0,
            height: 842.0,
            blocks: Vec::new(),
        };
        // Blank.
        assert!(!is_scan(&page, None));
        // A cover's logo, 400 × 527 points.
        assert!(!is_scan(&page, Some(400.0 * 527.0)));
        // The page's image, or one whose size is unknown.
        assert!(is_scan(&page, Some(595.0 * 842.0)));
        assert!(is_scan(&page, Some(0.0)));
    }

    const HOCR: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
        <!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\"\n    \
        \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n\
        <html xmlns=\"http://www.w3.org/1999/xhtml\"><body>\n\
        <div class='ocr_page' id='page_1' title='image \"p.pgm\"; bbox 0 0 2480 3508; ppageno 0'>\n\
        <div class='ocr_carea' id='block_1_1' title=\"bbox 300 300 1200 400\">\n\
        <p class='ocr_par' id='par_1_1' lang='fra' title=\"bbox 300 300 1200 400\">\n\
        <span class='ocr_line' id='line_1_1' title=\"bbox 300 296 920 344; baseline 0 -8; x_size 40; x_descenders 8; x_ascenders 10\">\n\
        <span class='ocrx_word' id='word_1_1' title='bbox 300 300 500 336; x_wconf 96'>La</span>\n\
        <span class='ocrx_word' id='word_1_2' title='bbox 520 296 820 344; x_wconf 91'>ﬁscalité</span>\n\
        </span>\n\
        <span class='ocr_line' id='line_1_2' title=\"bbox 300 360 550 400; baseline 0 -8; x_size 40; x_descenders 8\">\n\
        <span class='ocrx_word' id='word_1_3' title='bbox 300 360 550 392; x_wconf 90'>R&amp;D.</span>\n\
        </span></p>\n\
        <p class='ocr_par' id='par_1_2' title=\"bbox 300 500 550 540\">\n\
        <span class='ocr_line' id='line_1_3' title=\"bbox 300 500 550 540\">\n\
        <span class='ocrx_word' id='word_1_4' title='bbox 300 500 550 540; x_wconf 12'> </span>\n\
        <span class='ocrx_word' id='word_1_5' title='bbox 300 500 550 540; x_wconf 88'>Suite</span>\n\
        </span></p></div></div></body></html>";

    #[test]
    fn tesseract_words_become_lines_of_paragraphs_in_points() {
        let page = parse_hocr(HOCR, 300.0).unwrap().page;
        assert!((page.width - 595.2).abs() < 0.1 && (page.height - 841.92).abs() < 0.1);
        let text: Vec<Vec<String>> = page
            .blocks
            .iter()
            .map(|b| {
                b.iter()
                    .map(|l| {
                        let words: Vec<&str> = l.words.iter().map(|w| w.text.as_str()).collect();
                        words.join(" ")
                    })
                    .collect()
            })
            .collect();
        assert_eq!(text, [vec!["La fiscalité", "R&D."], vec!["Suite"]]);
        // Each word as high as its line's type: from 40 px above the
        // baseline's descent (344 - 8 + 8 = 344) to it, whatever its ink.
        for word in &page.blocks[0][0].words {
            assert_eq!((word.y0, word.y1), (304.0 * 0.24, 344.0 * 0.24));
        }
        assert_eq!(page.blocks[0][0].words[0].x0, 72.0);
        // A line without its type keeps the word's own box.
        assert_eq!(page.blocks[1][0].words[0].y0, 500.0 * 0.24);
    }

    #[test]
    fn any_output_gives_a_page_or_an_error() {
        for hocr in [
            "",
            "<div class='ocr_page' title='bbox x'>",
            "<span class='ocrx_word' title='bbox 1 2 3 4'>mot</span>",
            "<span class='ocr_line' title='bbox 1 2 3 NaN; x_size inf'><span class='ocrx_word' title='bbox 1 2 3'>a</span>",
            "<p class='ocr_par'><span",
        ] {
            let _ = parse_hocr(hocr, 300.0);
        }
    }

    #[test]
    fn hocr_properties_are_read_by_name() {
        let title = "bbox 1 2 3 4; baseline 0.001 -8; x_size 26.5";
        assert_eq!(properties(title, "bbox"), Some(vec![1.0, 2.0, 3.0, 4.0]));
        assert_eq!(properties(title, "x_size"), Some(vec![26.5]));
        assert_eq!(properties(title, "baseline"), Some(vec![0.001, -8.0]));
        assert_eq!(properties(title, "x_wconf"), None);
        assert_eq!(properties("bbox 1 x 3 4", "bbox"), None);
    }
}
