//! Writes a scan: a PDF whose pages are the grey images named (binary
//! PGM, as `pdftoppm -gray` draws pages), without a text layer. For
//! measuring OCR on a real document drawn page by page:
//!
//! ```text
//! pdftoppm -gray -r 200 faq.pdf page
//! cargo run --release -p fouille-ingest --features fixtures --example scan -- faq-scan.pdf page-*.pgm
//! ```

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((out, pages)) = args.split_first() else {
        eprintln!("usage: scan OUT.pdf PAGE.pgm...");
        return ExitCode::from(2);
    };
    let mut images = Vec::new();
    for page in pages {
        match std::fs::read(page) {
            Ok(bytes) => images.push(bytes),
            Err(e) => {
                eprintln!("{page}: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let images: Vec<&[u8]> = images.iter().map(Vec::as_slice).collect();
    let Some(pdf) = fouille_ingest::scan_pdf(&images) else {
        eprintln!("a page is not a binary PGM of 8-bit grey");
        return ExitCode::FAILURE;
    };
    if let Err(e) = std::fs::write(out, pdf) {
        eprintln!("{out}: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
