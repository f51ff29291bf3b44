//! Documents as people have them: web pages with their images, Markdown
//! notes, wrapped text; each read by its reader and cited in its own bytes.

use super::Fouille;

#[test]
fn a_saved_site_is_read_as_pages_and_its_images_are_left_aside() {
    let fouille = Fouille::new();
    let page =
        "<!DOCTYPE html><html lang=\"fr\"><head><title>Le plan santé | Le Journal</title>\
        <meta name=\"author\" content=\"Claire Martin\"></head>\
        <body><nav><a href=\"/\">Accueil</a> <a href=\"/sante\">Santé</a></nav>\
        <article><h1>Le plan santé</h1>\n<p id=\"plan\">Les hôpitaux reçoivent des crédits pour la\n\
        <em>télémédecine</em> et l&#39;interopérabilité.</p></article>\
        <footer>Tous droits réservés</footer></body></html>";
    let corpus = fouille.write_corpus(&[
        ("site/plan.html", page.as_bytes()),
        ("site/images/logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        ("site/style.css", b"body { color: black }"),
        (
            "notes.md",
            "# Notes\n\nLa **télémédecine** progresse.\n".as_bytes(),
        ),
    ]);
    let run = fouille.run(&["index"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("2 file(s) not read, left aside (1 image, 1 stylesheet)"),
        "{}",
        run.stdout
    );
    assert!(!run.stderr.contains("logo.png"), "{}", run.stderr);
    let hits = fouille.run(&["search", "--json", "télémédecine"]).json();
    assert_eq!(hits["total_hits"], 2);
    let page_hit = hits["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["doc"] == "site/plan")
        .expect("the page's paragraph");
    assert_eq!(
        page_hit["text"],
        "Les hôpitaux reçoivent des crédits pour la télémédecine et l'interopérabilité."
    );
    assert_eq!(page_hit["title"], "Le plan santé");
    assert_eq!(page_hit["exact"], false);
    assert_eq!(page_hit["anchor"], "plan");
    assert_eq!(page_hit["author"], "Claire Martin");
    assert_eq!(page_hit["lang"], "fr");
    assert_eq!(page_hit["line"], 2);
    let (start, end) = (
        page_hit["start"].as_u64().unwrap() as usize,
        page_hit["end"].as_u64().unwrap() as usize,
    );
    let file = std::fs::read_to_string(corpus.join("site/plan.html")).unwrap();
    let cited = &file[start..end];
    assert!(
        cited.starts_with("Les hôpitaux") && cited.ends_with("interopérabilité."),
        "{cited}"
    );
    // Page furniture is not text.
    assert_eq!(
        fouille.run(&["search", "--json", "accueil"]).json()["total_hits"],
        0
    );
    assert_eq!(
        fouille.run(&["search", "--json", "droits"]).json()["total_hits"],
        0
    );
}

/// An EPUB of one chapter, as a publisher's tool writes it.
fn epub(paragraph: &str) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let files = [
        ("mimetype", "application/epub+zip".to_string()),
        (
            "META-INF/container.xml",
            r#"<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf"/></rootfiles></container>"#
                .to_string(),
        ),
        (
            "OEBPS/content.opf",
            r#"<package xmlns="http://www.idpf.org/2007/opf"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Chroniques de santé</dc:title><dc:creator>Claire Martin</dc:creator><dc:language>fr</dc:language></metadata><manifest><item id="c1" href="ch1.xhtml"/></manifest><spine><itemref idref="c1"/></spine></package>"#
                .to_string(),
        ),
        (
            "OEBPS/ch1.xhtml",
            format!("<html><body>\n<h1>Les épidémies</h1>\n<p>{paragraph}</p>\n</body></html>"),
        ),
    ];
    for (name, text) in files {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn an_epub_is_read_chapter_by_chapter_and_cited_in_its_entry() {
    let fouille = Fouille::new();
    fouille.write_corpus(&[
        ("livre.epub", &epub("La peste frappe Marseille en 1720.")),
        ("faux.epub", b"ceci n'est pas un livre"),
    ]);
    let run = fouille.run(&["index"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("faux.epub") && run.stderr.contains("not a zip archive"),
        "{}",
        run.stderr
    );
    let hit = &fouille.run(&["search", "--json", "peste Marseille"]).json()["hits"][0];
    assert_eq!(hit["text"], "La peste frappe Marseille en 1720.");
    assert_eq!(hit["title"], "Chroniques de santé");
    assert_eq!(hit["section"], "Les épidémies");
    assert_eq!(hit["part"], "OEBPS/ch1.xhtml");
    assert_eq!(hit["author"], "Claire Martin");
    assert_eq!(hit["line"], 3);
    assert_eq!(hit["id"], "livre!/OEBPS/ch1.xhtml:3");
    let text = fouille.run(&["search", "peste"]).stdout;
    assert!(text.contains("livre.epub!/OEBPS/ch1.xhtml:3"), "{text}");
    let shown = fouille.run(&["show", "--json", "livre!/OEBPS/ch1.xhtml:3"]);
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    assert_eq!(
        shown.json()["passage"]["text"],
        "La peste frappe Marseille en 1720."
    );
}

#[test]
fn a_pdf_is_read_page_by_page_and_cited_by_its_page() {
    let fouille = Fouille::new();
    let report = fouille_ingest::pdf_report();
    // A page that is an image (8 × 8 grey pixels), and a blank page.
    let pgm = [b"P5 8 8 255 ".as_slice(), &[128; 64]].concat();
    let scan = fouille_ingest::scan_pdf(&[&pgm]).expect("a PGM");
    let mut blank = fouille_ingest::write_pdf(&[Vec::new()], &[], &[]);
    blank.extend_from_slice(b"\n");
    let mut cut = report.clone();
    cut.truncate(300);
    fouille.write_corpus(&[
        ("rapport.pdf", &report),
        ("scan.pdf", &scan),
        ("blanc.pdf", &blank),
        ("tronque.pdf", &cut),
        ("notes.txt", "Les nappes baissent encore.\n".as_bytes()),
    ]);
    let run = fouille.run(&["index"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("scan.pdf") && run.stderr.contains("no text layer"),
        "{}",
        run.stderr
    );
    // The summary counts it as a scan, not only among the files skipped.
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(
        said.contains("file(s) skipped (1 scan without a text layer: --ocr reads it)"),
        "{said}"
    );
    assert!(
        run.stderr
            .contains("skipped corpus/blanc.pdf: no text to index"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("tronque.pdf"), "{}", run.stderr);
    let hits = fouille
        .run(&["search", "--json", "interopérabilité"])
        .json();
    let hit = &hits["hits"][0];
    assert_eq!(
        hit["text"].as_str().unwrap().split(". ").nth(1),
        Some("Les captages demandent une interopérabilité des réseaux de mesure, que les start-up du secteur promettent.")
    );
    assert_eq!(hit["title"], "Rapport sur l’eau potable");
    assert_eq!(hit["section"], "1 Les nappes phréatiques");
    assert_eq!(hit["author"], "Claire Martin");
    assert_eq!(hit["page"], 1);
    assert_eq!(hit["line_on_page"], 4);
    // The paragraph that goes on over the page break is one passage, and
    // running heads are no results.
    let over = fouille
        .run(&["search", "--json", "conclure habitants"])
        .json();
    assert_eq!(over["hits"][0]["page"], 1);
    assert!(over["hits"][0]["text"]
        .as_str()
        .unwrap()
        .starts_with("Chaque commune"));
    assert_eq!(
        fouille.run(&["search", "--json", "agence"]).json()["total_hits"],
        0
    );
    let text = fouille.run(&["search", "interopérabilité"]).stdout;
    assert!(text.contains("rapport.pdf#page=1:4"), "{text}");
    let id = hit["id"].as_str().unwrap();
    let shown = fouille.run(&["show", id]);
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    assert!(shown.stdout.contains("p.1:4"), "{}", shown.stdout);
    let columns = fouille.run(&["search", "--json", "canaux Midi"]).json();
    assert_eq!(columns["hits"][0]["page"], 3);
    assert_eq!(
        columns["hits"][0]["text"],
        "La colonne de droite parle des canaux creusés dans le Midi au XVIIe siècle."
    );
}

#[test]
fn a_scan_is_indexed_by_ocr_when_asked_and_reindexed_alike() {
    // The report's first page drawn as an image: a scan, no text layer.
    let fouille = Fouille::new();
    let scan = scanned_report(&fouille, 200);
    let corpus = fouille.write_corpus(&[("scan.pdf", &scan)]);
    let run = fouille.run(&["index"]);
    assert!(
        run.stderr.contains("scan.pdf") && run.stderr.contains("fouille index --ocr"),
        "{}",
        run.stderr
    );
    let run = fouille.run(&["index", "--ocr"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let found = |fouille: &Fouille| {
        let hits = fouille
            .run(&["search", "--json", "interopérabilité"])
            .json();
        let hit = &hits["hits"][0];
        assert_eq!(hit["page"], 1, "{hits:#}");
        assert_eq!(hit["ocr"], true, "{hits:#}");
        assert!(hit["text"]
            .as_str()
            .unwrap()
            .contains("une interopérabilité des réseaux"));
    };
    found(&fouille);
    let text = fouille.run(&["search", "interopérabilité"]).stdout;
    assert!(text.contains("scan.pdf#page=1:4 (OCR)"), "{text}");
    // A changed corpus is indexed again as it was: the scan by OCR.
    std::fs::write(corpus.join("notes.txt"), "Les nappes baissent.\n").unwrap();
    let search = fouille.run(&["search", "nappes"]);
    assert!(search.stderr.contains("re-indexing"), "{}", search.stderr);
    found(&fouille);
}

#[test]
fn without_tesseract_or_its_french_model_ocr_says_so_and_keeps_the_pages_with_text() {
    let fouille = Fouille::new();
    let scan = scanned_report(&fouille, 100);
    // A report with a scanned page (its first) before its pages of text.
    let text = fouille_ingest::write_pdf(
        &[vec![fouille_ingest::pdf_text(
            72,
            700,
            10,
            "Les annexes suivent le rapport.",
        )]],
        &[],
        &[],
    );
    fouille.write_corpus(&[("scan.pdf", &scan), ("texte.pdf", &text)]);
    let mixed = fouille.dir.path().join("corpus/mixte.pdf");
    let united = std::process::Command::new("pdfunite")
        .arg(fouille.dir.path().join("corpus/scan.pdf"))
        .arg(fouille.dir.path().join("corpus/texte.pdf"))
        .arg(&mixed)
        .status()
        .unwrap();
    assert!(united.success());
    // Poppler's tools on the path, not Tesseract.
    let bin = fouille.dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    for tool in ["pdftotext", "pdftohtml", "pdfinfo", "pdftoppm", "pdfimages"] {
        std::os::unix::fs::symlink(format!("/usr/bin/{tool}"), bin.join(tool)).unwrap();
    }
    let run = fouille.run_with_env(&["index", "--ocr"], &[("PATH", bin.as_os_str())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("skipped corpus/scan.pdf: tesseract not found")
            && run.stderr.contains("install tesseract-ocr-fra"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("indexed corpus/mixte.pdf in part: pages without text not read by OCR"),
        "{}",
        run.stderr
    );
    let found = fouille.run(&["search", "--json", "annexes"]).json();
    assert_eq!(
        found["total_hits"], 2,
        "the mixed PDF's page of text is indexed"
    );
    // Tesseract without its French model says what to install.
    let empty = fouille.dir.path().join("tessdata");
    std::fs::create_dir(&empty).unwrap();
    let run = fouille.run_with_env(
        &["index", "--ocr"],
        &[("TESSDATA_PREFIX", empty.as_os_str())],
    );
    assert!(
        run.stderr
            .contains("skipped corpus/scan.pdf: Tesseract has no French model")
            && run.stderr.contains("install tesseract-ocr-fra"),
        "{}",
        run.stderr
    );
    // Without --ocr, the scanned page of the mixed PDF is said unread.
    let run = fouille.run(&["index"]);
    assert!(
        run.stderr
            .contains("indexed corpus/mixte.pdf in part: page 1 without a text layer"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("1 file(s) indexed in part"),
        "{}",
        run.stdout
    );
}

/// The test report's first page drawn as an image at `dpi`, made a PDF
/// without a text layer: a scan.
fn scanned_report(fouille: &Fouille, dpi: u32) -> Vec<u8> {
    let report = fouille.dir.path().join("rapport.pdf");
    std::fs::write(&report, fouille_ingest::pdf_report()).unwrap();
    let drawn = std::process::Command::new("pdftoppm")
        .args(["-gray", "-r", &dpi.to_string(), "-singlefile"])
        .arg(&report)
        .output()
        .expect("pdftoppm (poppler-utils) draws the page");
    fouille_ingest::scan_pdf(&[&drawn.stdout]).unwrap()
}

#[test]
fn a_dataset_is_one_document_a_record_filtered_and_cited_by_its_record() {
    let fouille = Fouille::new();
    let jsonl = "{\"id\": \"d1\", \"titre\": \"Nappes en baisse\", \"texte\": \"Les nappes phréatiques baissent encore.\", \"date\": \"11 février 2025\", \"auteur\": \"Claire Martin\"}\n\
        {\"id\": \"d2\", \"titre\": \"Captages\", \"texte\": \"Les captages d’eau potable sont surveillés.\\nLes nappes remontent au printemps.\", \"date\": \"2023-04-02\", \"auteur\": [\"Paul Petit\", \"Claire Martin\"]}\n";
    let csv = "identifiant;titre;corps;date\n\
        c1;Sécheresse;Les nappes du Sud sont au plus bas;2024-08-30\n";
    fouille.write_corpus(&[
        ("presse/articles.jsonl", jsonl.as_bytes()),
        ("presse/depeches.csv", csv.as_bytes()),
    ]);
    let run = fouille.run(&["index"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = fouille
        .run(&["search", "--json", "nappes", "--facets", "author,year"])
        .json();
    // The texts, and the first record's title (a passage too).
    assert_eq!(json["total_hits"], 4, "{json}");
    let hits = json["hits"].as_array().unwrap();
    let hit = hits
        .iter()
        .find(|h| h["text"] == "Les nappes phréatiques baissent encore.")
        .unwrap();
    // The record is a document: its id, title and fields; the passage
    // cites its field's bytes on its line.
    // The second passage of line 1, after the title.
    assert_eq!(hit["id"], "presse/articles!/d1:1.2");
    assert_eq!(hit["part"], "d1");
    assert_eq!(hit["anchor"], "texte");
    assert_eq!(hit["title"], "Nappes en baisse");
    assert_eq!(hit["date"], "2025-02-11");
    assert_eq!(hit["author"], "Claire Martin");
    assert_eq!(hit["source"], "presse");
    let (start, end) = (
        hit["start"].as_u64().unwrap() as usize,
        hit["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        &jsonl[start..end],
        "Les nappes phréatiques baissent encore."
    );
    assert_eq!(hit["exact"], true);
    let second = hits
        .iter()
        .find(|h| h["text"] == "Les nappes remontent au printemps.")
        .unwrap();
    assert_eq!(
        (second["line"].as_u64(), &second["part"]),
        (Some(2), &"d2".into())
    );
    // Each of a record's authors is cited, in its order.
    assert_eq!(second["author"], "Paul Petit; Claire Martin");
    let row = hits
        .iter()
        .find(|h| h["part"] == "c1")
        .unwrap_or_else(|| panic!("{json}"));
    assert_eq!(row["line"], 2);
    assert_eq!(row["title"], "Sécheresse");
    // Facets and filters count records.
    assert_eq!(json["facets"]["author"]["Claire Martin"], 3, "{json}");
    assert_eq!(json["facets"]["author"]["Paul Petit"], 1, "{json}");
    assert_eq!(json["facets"]["year"]["2024"], 1, "{json}");
    let recent = fouille
        .run(&[
            "search",
            "--json",
            "nappes",
            "--filter",
            "date >= 2024-01-01",
        ])
        .json();
    assert_eq!(recent["total_hits"], 3, "{recent}");
    // `show` finds a record's passage by its id.
    let shown = fouille.run(&["show", "--json", "presse/articles!/d1:1.2"]);
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    assert_eq!(
        shown.json()["passage"]["text"],
        "Les nappes phréatiques baissent encore."
    );
}

#[test]
fn fouille_toml_names_the_fields_of_datasets_and_its_change_is_a_change_of_the_corpus() {
    let fouille = Fouille::new();
    let csv = "num;corps_article\nA-1;Les nappes phréatiques baissent encore.\n";
    fouille.write_corpus(&[
        ("depeches.csv", csv.as_bytes()),
        ("notes.txt", b"Une note.\n"),
    ]);
    let run = fouille.run(&["index"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("depeches.csv") && run.stderr.contains("[records] text"),
        "{}",
        run.stderr
    );
    fouille.write_corpus(&[(
        "fouille.toml",
        b"[records]\ntext = \"corps article\"\nid = \"num\"\n",
    )]);
    // The settings changed: the index is rebuilt before the search.
    let run = fouille.run(&["search", "--json", "nappes"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.json()["hits"][0]["id"],
        "depeches!/A-1:2",
        "{}",
        run.stdout
    );
    // A key fouille does not know is an error that says where.
    fouille.write_corpus(&[("fouille.toml", b"[records]\ntxt = \"corps\"\n")]);
    let run = fouille.run(&["index"]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("fouille.toml") && run.stderr.contains("line 2"),
        "{}",
        run.stderr
    );
}
