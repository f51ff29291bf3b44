//! Which words of a PDF are set in bold or in a typewriter face, from the
//! runs of text `pdftohtml -xml` gives with their fonts: `pdftotext
//! -bbox-layout`, which gives the words and their reading order, says
//! nothing of fonts.
//!
//! A line all in a typewriter face (Courier, Liberation Mono, LaTeX's
//! `cmtt`…) is a line of code or of a command's output; a short line all
//! in bold, at the body's size, a heading where the document has no
//! outline (see [`super::layout`]).
//!
//! The runs also mend the words `pdftotext` cuts at the page's edge: it
//! drops the characters past it, and a line that LaTeX could not break
//! (a long path, an address) runs into the margin and past the edge
//! (`/etc/X11/app-defaul` for `/etc/X11/app-defaults/`). `pdftohtml`
//! keeps more of them.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader as XmlReader;

use super::super::archive::{attribute, resolve};
use super::layout::{Face, Layout};

/// A run of text in one font, on a page, in points (y down).
#[derive(Debug, Clone, PartialEq)]
struct Run {
    top: f32,
    left: f32,
    bottom: f32,
    right: f32,
    /// In a typewriter face (the whole run: one font).
    mono: bool,
    /// The characters of its text, and which of them are bold (`<b>`):
    /// a run may set a few words in bold where the regular and bold faces
    /// share a family's name.
    chars: usize,
    bold: Vec<(usize, usize)>,
    /// Its text, kept only for a run that reaches the page's right edge
    /// (see [`Faces::mark`]).
    text: Option<String>,
}

impl Run {
    /// The face at `x`: a character's place in the run is taken in
    /// proportion to its width.
    fn face_at(&self, x: f32) -> Face {
        let width = (self.right - self.left).max(1.0);
        let at = ((x - self.left) / width * self.chars as f32).max(0.0) as usize;
        Face {
            bold: self.bold.iter().any(|&(from, to)| at >= from && at < to),
            mono: self.mono,
        }
    }
}

/// The runs of text of a PDF's pages, by 1-based page number.
#[derive(Debug, Default)]
pub(super) struct Faces {
    pages: HashMap<u32, Vec<Run>>,
}

/// Fonts whose every letter has the same width, by words their names hold
/// (`GYNSJC+LiberationMono`, `Courier-Bold`, `CMTT10`, `SFTT1000`).
const TYPEWRITER: [&str; 11] = [
    "mono",
    "courier",
    "consol",
    "menlo",
    "monaco",
    "typewriter",
    "cmtt",
    "sftt",
    "inconsolata",
    "sourcecode",
    "firacode",
];

/// True when the font named `family` is a typewriter face.
fn is_typewriter(family: &str) -> bool {
    // Without the subset's tag (`GYNSJC+`); `Monotype` is a foundry.
    let name = family.rsplit('+').next().unwrap_or(family).to_lowercase();
    let name = name.replace("monotype", "");
    TYPEWRITER.iter().any(|t| name.contains(t))
}

/// Reads the runs of text of `pdftohtml -xml -zoom 1` (coordinates in
/// points): `<page number>`, `<fontspec id family>`, `<text top left
/// width height font>` with `<b>` around bold text. What does not parse is
/// left out: faces are an extra.
pub(super) fn parse(xml: &str) -> Faces {
    let mut reader = XmlReader::from_str(xml);
    let mut faces = Faces::default();
    let mut typewriter: HashMap<String, bool> = HashMap::new();
    let mut page = 0u32;
    let mut width = f32::INFINITY;
    let mut run: Option<Run> = None;
    let mut text = String::new();
    let number = |e: &BytesStart, name: &str| {
        attribute(e, name)
            .and_then(|v| v.parse::<f32>().ok())
            .unwrap_or(0.0)
    };
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "page" => {
                    page = attribute(&e, "number")
                        .and_then(|n| n.parse().ok())
                        .unwrap_or(0);
                    width = attribute(&e, "width")
                        .and_then(|w| w.parse().ok())
                        .unwrap_or(f32::INFINITY);
                }
                "fontspec" => {
                    if let (Some(id), Some(family)) = (attribute(&e, "id"), attribute(&e, "family"))
                    {
                        typewriter.insert(id, is_typewriter(&family));
                    }
                }
                "text" => {
                    let (top, left) = (number(&e, "top"), number(&e, "left"));
                    let mono = attribute(&e, "font")
                        .and_then(|f| typewriter.get(&f).copied())
                        .unwrap_or(false);
                    run = Some(Run {
                        top,
                        left,
                        bottom: top + number(&e, "height"),
                        right: left + number(&e, "width"),
                        mono,
                        chars: 0,
                        bold: Vec::new(),
                        text: None,
                    });
                    text.clear();
                }
                "b" => {
                    if let Some(run) = run.as_mut() {
                        run.bold.push((run.chars, usize::MAX));
                    }
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some(run) = run.as_mut() {
                    run.chars += t.chars().count();
                    text.push_str(&t);
                }
            }
            Event::GeneralRef(r) => {
                if let Some(run) = run.as_mut() {
                    run.chars += 1;
                    text.push_str(&resolve(&r));
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "b" => {
                    if let Some(run) = run.as_mut() {
                        let chars = run.chars;
                        if let Some(open) = run.bold.last_mut().filter(|b| b.1 == usize::MAX) {
                            open.1 = chars;
                        }
                    }
                }
                "text" => {
                    if let Some(mut run) = run.take() {
                        // pdftohtml rounds its boxes to whole points.
                        if run.right + 2.0 >= width {
                            run.text = Some(std::mem::take(&mut text));
                        }
                        faces.pages.entry(page).or_default().push(run);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    for runs in faces.pages.values_mut() {
        runs.sort_by(|a, b| a.top.total_cmp(&b.top));
    }
    faces
}

impl Faces {
    /// Marks the words of `layout`, whose first page is page `first`
    /// (1-based), with the face of the run of text they stand in: the run
    /// whose box holds the word's middle. A word that ends at the page's
    /// right edge, cut there by `pdftotext`, gets the rest of it from
    /// its run (see [`mended`]).
    pub(super) fn mark(&self, layout: &mut Layout, first: u32) {
        // pdftohtml rounds its boxes to whole points.
        const SLACK: f32 = 1.5;
        for (i, page) in layout.pages.iter_mut().enumerate() {
            let Some(runs) = self.pages.get(&(first + i as u32)) else {
                continue;
            };
            let tallest = runs.iter().map(|r| r.bottom - r.top).fold(0.0, f32::max);
            let edge = page.width;
            for word in page.blocks.iter_mut().flatten().flat_map(|l| &mut l.words) {
                let (x, y) = ((word.x0 + word.x1) / 2.0, (word.y0 + word.y1) / 2.0);
                // Runs sorted by their top: those that start low enough
                // to hold the middle.
                let from = runs.partition_point(|r| r.top < y - tallest - SLACK);
                let holding = runs[from..]
                    .iter()
                    .take_while(|r| r.top <= y + SLACK)
                    .find(|r| r.bottom + SLACK >= y && r.left - SLACK <= x && r.right + SLACK >= x);
                if let Some(run) = holding {
                    word.face = run.face_at(x);
                    if word.x1 + 0.5 >= edge {
                        if let Some(whole) = run.text.as_deref().and_then(|t| mended(&word.text, t))
                        {
                            word.text = whole;
                            word.x1 = word.x1.max(run.right);
                        }
                    }
                }
            }
        }
    }
}

/// The whole of `cut`, a word `pdftotext` cut at the page's edge, from
/// the text of its run, which reaches the edge too: the run's last word,
/// when it starts as `cut` does and is longer. `None` otherwise.
fn mended(cut: &str, run: &str) -> Option<String> {
    let last = run.split_whitespace().last()?;
    (!cut.is_empty() && last.len() > cut.len() && last.starts_with(cut)).then(|| last.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typewriter_faces_are_known_by_their_names() {
        for family in [
            "GYNSJC+LiberationMono",
            "Courier-Bold",
            "CMTT10",
            "ABCDEF+DejaVuSansMono",
            "SourceCodePro-Regular",
        ] {
            assert!(is_typewriter(family), "{family}");
        }
        for family in [
            "IVUZKL+LiberationSerif",
            "Helvetica-Bold",
            "CMR10",
            "Arial",
            "ArialUnicodeMS",
            "MonotypeCorsiva",
        ] {
            assert!(!is_typewriter(family), "{family}");
        }
    }

    #[test]
    fn runs_give_their_face_to_the_words_inside_them() {
        let xml = r##"<?xml version="1.0" encoding="UTF-8"?>
<pdf2xml producer="poppler" version="22.12.0">
<page number="3" position="absolute" top="0" left="0" height="841" width="595">
	<fontspec id="0" size="10" family="IVUZKL+LiberationSerif" color="#000000"/>
	<fontspec id="2" size="12" family="EQVMNG+LiberationSans" color="#000000"/>
	<fontspec id="4" size="9" family="GYNSJC+LiberationMono" color="#000000"/>
<text top="81" left="57" width="161" height="11" font="2"><b>Arrêter le système</b></text>
<text top="106" left="57" width="424" height="9" font="0">Depuis la ligne de <a href="x">commandes</a> :</text>
<text top="200" left="57" width="91" height="7" font="4"># shutdown -h now</text>
<text top="300" left="100" width="200" height="9" font="0">Le budget de <b>l’association</b> est voté</text>
</page>
</pdf2xml>"##;
        let faces = parse(xml);
        let word = |x0: f32, y0: f32, x1: f32, y1: f32| super::super::layout::Word {
            x0,
            y0,
            x1,
            y1,
            text: "mot".into(),
            face: Face::default(),
        };
        let mut layout = Layout::default();
        layout.pages.push(Default::default());
        layout.pages[0]
            .blocks
            .push(vec![super::super::layout::Line {
                words: vec![
                    word(57.0, 81.2, 110.0, 92.0),
                    word(60.0, 106.1, 90.0, 115.0),
                    word(57.0, 200.3, 70.0, 207.5),
                    word(300.0, 320.0, 320.0, 329.0),
                    // In a run of 34 characters over 200 points, « Le » and
                    // « l’association » (characters 13 to 26).
                    word(100.0, 300.5, 110.0, 309.0),
                    word(180.0, 300.5, 250.0, 309.0),
                ],
            }]);
        faces.mark(&mut layout, 3);
        let got: Vec<Face> = layout.pages[0].blocks[0][0]
            .words
            .iter()
            .map(|w| w.face)
            .collect();
        let face = |bold, mono| Face { bold, mono };
        assert_eq!(
            got,
            [
                face(true, false),
                face(false, false),
                face(false, true),
                face(false, false),
                face(false, false),
                face(true, false)
            ]
        );
        // Another page's runs mark nothing.
        let mut other = layout.clone();
        for w in other.pages[0].blocks[0][0].words.iter_mut() {
            w.face = Face::default();
        }
        faces.mark(&mut other, 1);
        assert!(other.pages[0].blocks[0][0]
            .words
            .iter()
            .all(|w| w.face == Face::default()));
    }

    #[test]
    fn a_word_cut_at_the_edge_is_mended_from_the_end_of_its_run() {
        let run = "dans le répertoire /etc/X11/app-defaults/";
        assert_eq!(
            mended("/etc/X11/app-defaul", run).as_deref(),
            Some("/etc/X11/app-defaults/")
        );
        // Whole already, or not the run's last word, or empty: as it is.
        assert_eq!(mended("/etc/X11/app-defaults/", run), None);
        assert_eq!(mended("dans", run), None);
        assert_eq!(mended("", run), None);
        assert_eq!(mended("le", ""), None);
    }
}
