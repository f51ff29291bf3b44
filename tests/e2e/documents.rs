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
            .contains("2 file(s) that are no documents left aside (1 image, 1 stylesheet)"),
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
