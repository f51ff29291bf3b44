//! Properties that must hold for any input, checked on generated text
//! (proptest): analysis and passage segmentation never panic, and every
//! byte range they give lies inside the text, on character boundaries, in
//! order, and at the line it claims.
//!
//! Texts are drawn from a French-heavy mix (letters with and without
//! accents, apostrophes of every kind, digits, punctuation, spaces of every
//! width, line ends of every system, combining marks, emoji, Arabic and CJK)
//! and from any Unicode string at all. `PROPTEST_CASES` sets how many cases
//! each property runs (256 by default, 2,000 in `.ci/run`).

use proptest::prelude::*;

use crate::analysis::{
    acronym_definitions, fold, is_blank_char, joined_term, written_names, FrenchAnalyzer,
    WordCollector, WordSpan,
};
use crate::document::{
    CsvReader, DocxReader, EpubReader, HtmlReader, JsonLinesReader, JsonReader, MarkdownReader,
    OdtReader, PlainTextReader, Reader,
};
use crate::passage::cut;

/// Text that looks like French prose and its typography, and breaks it.
fn frenchish() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        4 => "[a-zA-Z]{1,12}",
        3 => "[éèêàâçôûîïœÉÈÀÇŒæ]{1,3}",
        2 => prop::sample::select(vec![
            " ", " ", "\u{a0}", "\u{202f}", "\t", "\n", "\n\n", "\r\n", "\r", "\u{2028}",
        ])
        .prop_map(str::to_string),
        2 => prop::sample::select(vec![
            "'", "’", "‘", "ʼ", "«", "»", "“", "”", "\"", "-", "—", "…", ".", ",", ";", ":",
            "!", "?", "(", ")", "·", "#", "*", "|", "/", "_", "•",
        ])
        .prop_map(str::to_string),
        1 => "[0-9]{1,5}([.,][0-9]{1,3})?",
        1 => prop::sample::select(vec![
            "\u{0301}", "\u{200b}", "\u{ad}", "\u{feff}", "👍🏽", "🙂", "ﬁ", "ß", "İ",
            "الصحة", "健康", "Ω", "\u{0}",
        ])
        .prop_map(str::to_string),
        1 => prop::sample::select(vec!["Section 12.1, « Titre »", "Partie 2 “x”", "l’", "qu’", "aujourd’hui"])
            .prop_map(str::to_string),
    ];
    prop::collection::vec(pieces, 0..80).prop_map(|p| p.concat())
}

/// Text hard-wrapped at 50 to 90 columns: paragraphs and hanging list
/// items of French-looking words, blank lines between them, some words cut
/// at a line end with a hyphen, some lines with the typography of
/// `frenchish`.
fn wrapped() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        6 => "[a-zéèàçô]{1,10}",
        1 => "[A-Z][a-zé]{2,8}",
        1 => prop::sample::select(vec!["start-up", "l’interopérabilité", "12,5", "«", "»", "—", "Section 12.1,"])
            .prop_map(str::to_string),
    ];
    let paragraph = (
        prop::collection::vec(word, 1..60),
        prop::sample::select(vec!["", "    ", "      * ", "1. ", "\t"]),
        any::<bool>(),
    );
    (
        50usize..90,
        prop::collection::vec(paragraph, 1..6),
        frenchish(),
    )
        .prop_map(|(width, paragraphs, noise)| {
            let mut out = String::new();
            for (words, lead, cut_words) in paragraphs {
                let hanging = " ".repeat(lead.chars().count());
                let mut line = lead.to_string();
                for word in words {
                    if line.chars().count() + 1 + word.chars().count() > width {
                        let long = word.chars().count() > 5;
                        if cut_words && long {
                            let half: String = word.chars().take(3).collect();
                            let rest: String = word.chars().skip(3).collect();
                            out.push_str(&format!("{line} {half}-\n"));
                            line = format!("{hanging}{rest}");
                            continue;
                        }
                        out.push_str(&line);
                        out.push('\n');
                        line = hanging.clone();
                    } else if !line.trim().is_empty() {
                        line.push(' ');
                    }
                    line.push_str(&word);
                }
                out.push_str(&line);
                out.push_str("\n\n");
            }
            out.push_str(&noise);
            out
        })
}

/// Markdown: headings, lists, quotes, tables, code, emphasis, front
/// matter, around French-looking text.
/// Text that looks like a record file, CSV or JSON Lines: field names,
/// separators, quotes, escapes and French words.
fn recordish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => frenchish(),
        2 => prop::sample::select(vec![
            "texte;titre;date\n", "id,body\n", "texte\tsource\n", ";", ",", "\t", "\"", "\"\"",
            "\n", "\r\n", "{\"texte\": \"", "\", \"id\": \"", "\"}\n", "\\n", "\\u00e9", "\\\"",
            "[", "]", "{", "}", ": ", "null", "2025-02-11",
        ])
        .prop_map(str::to_string),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|p| p.concat())
}

fn markdownish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => frenchish(),
        1 => prop::sample::select(vec![
            "\n# ", "\n## ", "\n- ", "\n  - ", "\n1. ", "\n> ", "\n| a | b |\n|---|---|\n| ",
            "\n```\n", "**", "_", "`", "[lien](http://x)", "![img](a.png)", "<div>", "\n---\n",
            "\n\n", "Titre\n=====\n", "---\ntitle: T\ntags: [a, b]\n---\n",
        ])
        .prop_map(str::to_string),
    ];
    prop::collection::vec(piece, 0..30).prop_map(|p| p.concat())
}

/// HTML: tags of every kind, opened and closed or not, attributes,
/// entities, comments, scripts, around French-looking text.
fn htmlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => frenchish(),
        2 => prop::sample::select(vec![
            "<p>", "</p>", "<div class=\"nav\">", "</div>", "<li>", "<ul>", "</ul>", "<h1>",
            "</h1>", "<h2 id=\"x\">", "<table><tr><td>", "</td><td>", "</tr>", "<pre>", "</pre>",
            "<br>", "<a href=\"#\">", "</a>", "&eacute;", "&#233;", "&amp", "<!-- c -->",
            "<script>if (a < b) {}</script>", "<style>p{}</style>", "<title>T | S</title>",
            "<meta charset=\"iso-8859-1\">", "<blockquote>", "<nav>", "</nav>", "<", ">", "</",
            "<![CDATA[x]]>", "<?xml version=\"1.0\"?>", "<em>", "</em>", "<footer>",
            "<aside>", "</aside>", "<article>", "</article>", "<span class=\"share\">",
            "</span>", "<div hidden>", "<main>",
        ])
        .prop_map(str::to_string),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|p| p.concat())
}

/// Any text: French-looking, wrapped, or any Unicode at all.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![3 => frenchish(), 2 => wrapped(), 1 => any::<String>()]
}

/// 1-based line of the byte at `at`: line ends are `\n`, `\r\n` and `\r`.
fn line_of(text: &str, at: usize) -> usize {
    let before = &text.as_bytes()[..at];
    let mut line = 1;
    let mut i = 0;
    while i < before.len() {
        match before[i] {
            b'\r' if before.get(i + 1) == Some(&b'\n') => {
                line += 1;
                i += 1;
            }
            // A `\r\n` split at `at` still ends the line at the `\r`.
            b'\r' | b'\n' => line += 1,
            _ => {}
        }
        i += 1;
    }
    line
}

/// `reader` reads `text` (or refuses it for a NUL byte), and every block
/// it gives has words, cites a byte range of `text` on character
/// boundaries, at its line, equal to its words when exact; every passage
/// cut from them cites bytes of `text`.
fn blocks_cite_bytes_of_the_source(reader: &dyn Reader, text: &str) -> Result<(), TestCaseError> {
    let Ok(document) = reader.read(text.as_bytes().to_vec()) else {
        prop_assert!(text.contains('\0'));
        return Ok(());
    };
    for block in &document.blocks {
        let (start, end) = (block.source.start as usize, block.source.end as usize);
        prop_assert!(start <= end && end <= text.len(), "{block:?}");
        prop_assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "{block:?}"
        );
        prop_assert_eq!(block.line as usize, line_of(text, start), "{:?}", block);
        let words = document.text_of(block);
        prop_assert!(!words.trim().is_empty(), "{block:?}");
        if block.exact {
            prop_assert_eq!(&text[start..end], words);
        }
    }
    for passage in &cut(&document) {
        prop_assert!(passage.source.end as usize <= text.len());
    }
    Ok(())
}

/// Reads `file` with bytes flipped (`flips`) and cut (`keep`): an error
/// or a document whose blocks lie in its text and entries, never a panic.
fn read_damaged(
    reader: &dyn Reader,
    mut file: Vec<u8>,
    flips: Vec<(prop::sample::Index, u8)>,
    keep: prop::sample::Index,
) -> Result<(), TestCaseError> {
    for (at, byte) in flips {
        let at = at.index(file.len());
        file[at] ^= byte;
    }
    file.truncate(keep.index(file.len() + 1).max(1));
    if let Ok(document) = reader.read(file) {
        for block in &document.blocks {
            prop_assert!((block.entry as usize) < document.entries.len());
            prop_assert!(block.start <= block.end && block.end <= document.text.len());
        }
        let _ = cut(&document);
    }
    Ok(())
}

proptest! {
    /// Names of several words are found in any text without a panic, each
    /// a run of two words or more of the text, in order and apart.
    #[test]
    fn names_are_runs_of_the_text_words(
        text in prop_oneof![frenchish(), ".*", "([A-Za-zé]{1,6}[-/. ]){1,6}[A-Z0-9]{0,3}"]
    ) {
        let words: Vec<WordSpan> = FrenchAnalyzer::new()
            .analyze(&text)
            .iter()
            .map(WordSpan::from)
            .collect();
        let mut last = 0;
        for run in written_names(&text, &words) {
            prop_assert!(run.len() >= 2 && run.end <= words.len());
            prop_assert!(run.start >= last);
            last = run.start;
            let parts = words[run].iter().map(|w| &text[w.start..w.end]);
            joined_term(parts);
        }
    }

    /// Acronym definitions are found in any text without a panic, each
    /// acronym and its words taken from the text as written.
    #[test]
    fn acronym_definitions_come_from_the_text(
        text in prop_oneof![
            frenchish(),
            ".*",
            "([A-Za-zéÉ]{1,8} ){0,6}\\([A-ZÉ]{1,6}\\)( [a-z]{1,5}){0,3}",
        ]
    ) {
        for d in acronym_definitions(&text) {
            prop_assert!(text.contains(d.acronym));
            prop_assert!(text.contains(d.expansion));
            prop_assert!(!d.expansion.is_empty());
        }
    }

    #[test]
    fn analysis_gives_ordered_ranges_inside_the_text(text in any_text()) {
        let tokens = FrenchAnalyzer::new().analyze(&text);
        let mut last_end = 0;
        for (i, token) in tokens.iter().enumerate() {
            prop_assert!(token.start < token.end, "{token:?}");
            prop_assert!(token.end <= text.len(), "{token:?}");
            prop_assert!(text.is_char_boundary(token.start) && text.is_char_boundary(token.end), "{token:?}");
            prop_assert!(token.start >= last_end, "overlap at {token:?}");
            prop_assert_eq!(token.position as usize, i);
            prop_assert!(!token.term.is_empty());
            last_end = token.end;
        }
    }

    #[test]
    fn collected_words_are_the_texts_words(texts in prop::collection::vec(any_text(), 1..4)) {
        // Every word of the texts, folded, that is no stop word and holds
        // no digit: given once per collector and thread, whatever else the
        // thread analysed before or in between.
        let analyzer = FrenchAnalyzer::new();
        let mut expected = std::collections::BTreeSet::new();
        for text in &texts {
            for token in analyzer.analyze(text) {
                if !token.stop && !token.term.bytes().any(|b| b.is_ascii_digit()) {
                    expected.insert(fold(&text[token.start..token.end]));
                }
            }
        }
        let first = WordCollector::new();
        let mut given = Vec::new();
        for text in &texts {
            let mut collector = first.sibling();
            analyzer.for_each_term_collecting(text, &mut collector, |_| {});
            given.extend(collector.take());
        }
        let distinct: std::collections::BTreeSet<String> = given.iter().cloned().collect();
        prop_assert_eq!(distinct.len(), given.len(), "a word given twice");
        prop_assert_eq!(&distinct, &expected);
        // A new collector is given every word again.
        let mut again = WordCollector::new();
        for text in &texts {
            analyzer.for_each_term_collecting(text, &mut again, |_| {});
        }
        let again: std::collections::BTreeSet<String> = again.take().into_iter().collect();
        prop_assert_eq!(again, expected);
    }

    #[test]
    fn a_damaged_epub_is_an_error_or_a_document_never_a_panic(
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
        keep in any::<prop::sample::Index>(),
    ) {
        use crate::document::epub::tests::{chapter, epub};
        let book = epub(&[
            ("ch1.xhtml", &chapter("Les épidémies", "La peste frappe Marseille en 1720.")),
            ("ch2.xhtml", &chapter("Les hôpitaux", "Les hôpitaux généraux naissent.")),
        ]);
        read_damaged(&EpubReader, book, flips, keep)?;
    }

    #[test]
    fn a_damaged_office_document_is_an_error_or_a_document_never_a_panic(
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
        keep in any::<prop::sample::Index>(),
        word in any::<bool>(),
    ) {
        use crate::document::office::tests::{docx, odt};
        let (file, reader): (Vec<u8>, &dyn Reader) =
            if word { (docx(), &DocxReader) } else { (odt(), &OdtReader) };
        read_damaged(reader, file, flips, keep)?;
    }

    #[test]
    fn any_bytes_named_docx_or_odt_are_an_error_or_a_document(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = DocxReader.read(bytes.clone());
        let _ = OdtReader.read(bytes);
    }

    #[test]
    fn html_blocks_cite_bytes_of_the_page(text in prop_oneof![3 => htmlish(), 1 => any_text()]) {
        blocks_cite_bytes_of_the_source(&HtmlReader, &text)?;
    }

    #[test]
    fn record_blocks_cite_bytes_of_the_file(text in prop_oneof![3 => recordish(), 1 => any_text()]) {
        for reader in [&JsonLinesReader as &dyn Reader, &JsonReader, &CsvReader] {
            if let Ok(document) = reader.read(text.clone().into_bytes()) {
                for block in &document.blocks {
                    prop_assert!((block.entry as usize) < document.entries.len());
                }
                blocks_cite_bytes_of_the_source(reader, &text)?;
            }
        }
    }

    #[test]
    fn markdown_blocks_cite_bytes_of_the_source(text in prop_oneof![3 => markdownish(), 1 => any_text()]) {
        blocks_cite_bytes_of_the_source(&MarkdownReader, &text)?;
    }

    #[test]
    fn passages_cite_the_bytes_that_hold_them(text in any_text()) {
        let Ok(document) = PlainTextReader.read(text.clone().into_bytes()) else {
            // A NUL byte: not text.
            prop_assert!(text.contains('\0'));
            return Ok(());
        };
        let mut last_end = 0;
        for passage in &cut(&document) {
            let words = &document.text[passage.start..passage.end];
            let (start, end) = (passage.source.start as usize, passage.source.end as usize);
            prop_assert!(start < end, "{passage:?}");
            prop_assert!(end <= text.len(), "{passage:?}");
            prop_assert!(text.is_char_boundary(start) && text.is_char_boundary(end), "{passage:?}");
            prop_assert!(start >= last_end, "overlap at {passage:?}");
            prop_assert_eq!(passage.line as usize, line_of(&text, start), "{:?}", passage);
            let cited = &text[start..end];
            if passage.exact {
                prop_assert_eq!(cited, words);
                prop_assert!(!cited.contains(['\n', '\r']), "{passage:?}");
            } else {
                // Lines joined: the same characters but for white space,
                // invisible characters and the hyphens of the wrap.
                let bare = |s: &str| -> String {
                    s.chars().filter(|&c| !is_blank_char(c) && c != '-').collect()
                };
                prop_assert_eq!(bare(cited), bare(words), "{:?}", passage);
            }
            // The parts of one block share its bytes; blocks do not.
            if passage.exact || passage.part == 1 {
                last_end = end;
            }
        }
    }
}
