//! Prints what fouille reads of each file named: its title, metadata and
//! blocks (kind, line, heading path, text), as indexing reads it. For
//! checking a reader on real documents:
//!
//! ```text
//! cargo run --release -p fouille-ingest --example read -- page.html
//! cargo run --release -p fouille-ingest --example read -- --text page.html
//! ```
//!
//! `--text` prints only the blocks' text, one per line (headings too), as
//! extraction benchmarks compare it; `--ocr` reads scanned PDF pages by
//! OCR, as `fouille index --ocr` does.

use std::io::{self, Write};
use std::process::ExitCode;

use fouille_ingest::{read_document_with, BlockKind, ReadOptions};

fn main() -> ExitCode {
    match print_documents() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        // A closed pipe (`| head`) ends the listing quietly.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// Prints each file named; false when one could not be read.
fn print_documents() -> io::Result<bool> {
    let mut out = io::stdout().lock();
    let mut text_only = false;
    let mut options = ReadOptions::default();
    let mut failed = false;
    for arg in std::env::args().skip(1) {
        if arg == "--text" {
            text_only = true;
            continue;
        }
        if arg == "--ocr" {
            options.ocr = true;
            continue;
        }
        let bytes = match std::fs::read(&arg) {
            Ok(bytes) => bytes,
            Err(e) => {
                eprintln!("{arg}: {e}");
                failed = true;
                continue;
            }
        };
        let document = match read_document_with(&arg, bytes, &options) {
            Ok(document) => document,
            Err(e) => {
                eprintln!("{arg}: {e}");
                failed = true;
                continue;
            }
        };
        if text_only {
            // What searches return: page furniture left out.
            for block in document.blocks.iter().filter(|b| b.furniture.is_none()) {
                writeln!(out, "{}", document.text_of(block))?;
            }
            continue;
        }
        writeln!(out, "== {arg}")?;
        if let Some(title) = document
            .title
            .as_ref()
            .filter(|_| !document.metadata.iter().any(|(key, _)| key == "title"))
        {
            writeln!(out, "title: {title}")?;
        }
        for (key, value) in &document.metadata {
            writeln!(out, "{key}: {value}")?;
        }
        if let Some(encoding) = document.encoding {
            writeln!(out, "encoding: {encoding}")?;
        }
        writeln!(
            out,
            "page furniture: {} blocks (marked `furniture:RULE`); unread parts: {}",
            document.furniture_blocks(),
            document.left_out
        )?;
        for block in &document.blocks {
            let kind = match block.kind {
                BlockKind::Heading { level } => format!("h{level}"),
                other => format!("{other:?}").to_lowercase(),
            };
            let path = document.heading_path(block).join(" › ");
            let furniture = block
                .furniture
                .map(|rule| format!("furniture:{} ", rule.name()))
                .unwrap_or_default();
            writeln!(
                out,
                "{:>5} {kind:<10} [{path}] {furniture}{}",
                block.line,
                document.text_of(block)
            )?;
        }
    }
    Ok(!failed)
}
