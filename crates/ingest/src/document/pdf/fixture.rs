//! PDF files written by the tests, from their own French text: pages of
//! text set at given places in Helvetica (WinAnsi encoding, so accents and
//! typographic quotes come through), the document information, an outline.

/// A run of text on a page: `x`, `y` from the bottom left, in points.
#[derive(Debug, Clone)]
pub struct Text {
    /// From the left of the page, in points.
    pub x: u32,
    /// From the bottom of the page, in points.
    pub y: u32,
    /// Type size, in points.
    pub size: u32,
    /// In Helvetica-Bold rather than Helvetica.
    pub bold: bool,
    /// In Courier, a typewriter face, rather than Helvetica: code.
    pub mono: bool,
    /// The text, in characters Windows-1252 has.
    pub text: String,
}

/// Text at `x`, `y` in regular type of `size`.
pub fn text(x: u32, y: u32, size: u32, words: &str) -> Text {
    Text {
        x,
        y,
        size,
        bold: false,
        mono: false,
        text: words.to_string(),
    }
}

/// Code at `x`, `y` in Courier of `size`.
#[cfg(test)]
pub fn code(x: u32, y: u32, size: u32, words: &str) -> Text {
    Text {
        mono: true,
        ..text(x, y, size, words)
    }
}

/// Text at `x`, `y` in bold type of `size`.
pub fn bold(x: u32, y: u32, size: u32, words: &str) -> Text {
    Text {
        bold: true,
        ..text(x, y, size, words)
    }
}

/// An outline entry: its title, its 1-based page, its entries.
pub struct Entry {
    /// The entry's title.
    pub title: &'static str,
    /// The 1-based page it leads to.
    pub page: usize,
    /// The entries under it.
    pub children: Vec<Entry>,
}

/// A PDF of A4 `pages`, with the document information `info` (`Title`,
/// `Author`, `CreationDate`…) and the outline `outline`.
pub fn pdf(pages: &[Vec<Text>], info: &[(&str, &str)], outline: &[Entry]) -> Vec<u8> {
    let mut objects: Vec<Vec<u8>> = Vec::new();
    let add = |objects: &mut Vec<Vec<u8>>, body: Vec<u8>| {
        objects.push(body);
        objects.len()
    };
    let regular = add(
        &mut objects,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
    );
    let heavy = add(
        &mut objects,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
            .to_vec(),
    );
    let typewriter = add(
        &mut objects,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>".to_vec(),
    );
    let pages_id = add(&mut objects, Vec::new());
    let mut kids = Vec::new();
    for page in pages {
        let mut stream = Vec::new();
        for run in page {
            let (encoded, _, _) = encoding_rs::WINDOWS_1252.encode(&run.text);
            let mut literal = Vec::new();
            for &b in encoded.iter() {
                if matches!(b, b'(' | b')' | b'\\') {
                    literal.push(b'\\');
                }
                literal.push(b);
            }
            let font = match (run.mono, run.bold) {
                (true, _) => 3,
                (false, true) => 2,
                (false, false) => 1,
            };
            stream.extend_from_slice(
                format!("BT /F{font} {} Tf {} {} Td (", run.size, run.x, run.y).as_bytes(),
            );
            stream.extend_from_slice(&literal);
            stream.extend_from_slice(b") Tj ET\n");
        }
        let mut content = format!("<< /Length {} >>\nstream\n", stream.len()).into_bytes();
        content.extend_from_slice(&stream);
        content.extend_from_slice(b"\nendstream");
        let content = add(&mut objects, content);
        let page = format!(
            "<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 595 842] \
             /Resources << /Font << /F1 {regular} 0 R /F2 {heavy} 0 R /F3 {typewriter} 0 R >> >> \
             /Contents {content} 0 R >>"
        );
        kids.push(add(&mut objects, page.into_bytes()));
    }
    let list: Vec<String> = kids.iter().map(|k| format!("{k} 0 R")).collect();
    objects[pages_id - 1] = format!(
        "<< /Type /Pages /Kids [{}] /Count {} >>",
        list.join(" "),
        kids.len()
    )
    .into_bytes();
    let outlines = (!outline.is_empty()).then(|| {
        let root = add(&mut objects, Vec::new());
        let (first, last) = entries(&mut objects, outline, root, &kids);
        objects[root - 1] = format!(
            "<< /Type /Outlines /First {first} 0 R /Last {last} 0 R /Count {} >>",
            outline.len()
        )
        .into_bytes();
        root
    });
    let catalog = add(
        &mut objects,
        match outlines {
            Some(root) => format!(
                "<< /Type /Catalog /Pages {pages_id} 0 R /Outlines {root} 0 R /PageMode /UseOutlines >>"
            ),
            None => format!("<< /Type /Catalog /Pages {pages_id} 0 R >>"),
        }
        .into_bytes(),
    );
    let mut fields = String::from("<<");
    for (name, value) in info {
        fields.push_str(&format!(" /{name} {}", text_string(value)));
    }
    fields.push_str(" >>");
    let info_id = add(&mut objects, fields.into_bytes());
    file(&objects, catalog, Some(info_id))
}

/// The bytes of a PDF file of `objects` (numbered from 1), whose catalog
/// is object `root` and document information object `info`.
fn file(objects: &[Vec<u8>], root: usize, info: Option<usize>) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    let info = info.map(|i| format!(" /Info {i} 0 R")).unwrap_or_default();
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root {root} 0 R{info} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A PDF of A4 pages that are images and nothing else, as a scanner
/// makes: each grey image of `pages` (binary PGM, `P5`, as `pdftoppm
/// -gray` draws a page) over a whole page. `None` when one is no such
/// image.
pub fn scan(pages: &[&[u8]]) -> Option<Vec<u8>> {
    scan_stamped(pages, "")
}

/// [`scan`], with `stamp` (unless empty) written as text at the foot of
/// each page, as a scanner's software or a clerk adds a page number or a
/// reference: a text layer of a few words over an image.
pub fn scan_stamped(pages: &[&[u8]], stamp: &str) -> Option<Vec<u8>> {
    let pages: Vec<(&[u8], &str)> = pages.iter().map(|&pgm| (pgm, stamp)).collect();
    scan_pages(&pages)
}

/// Pages each of an image (a binary PGM; none when empty) with text (none
/// when empty) at its foot: scanned pages among pages of text.
pub fn scan_pages(pages: &[(&[u8], &str)]) -> Option<Vec<u8>> {
    let mut objects: Vec<Vec<u8>> = vec![Vec::new(), Vec::new()];
    objects.push(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
    );
    let font = objects.len();
    let mut kids = Vec::new();
    for &(pgm, stamp) in pages {
        let mut draw = Vec::new();
        let mut resources = format!("/Font << /F1 {font} 0 R >>");
        if !pgm.is_empty() {
            let (width, height, pixels) = grey_image(pgm)?;
            let mut image = format!(
                "<< /Type /XObject /Subtype /Image /Width {width} /Height {height} \
             /ColorSpace /DeviceGray /BitsPerComponent 8 /Length {} >>\nstream\n",
                pixels.len()
            )
            .into_bytes();
            image.extend_from_slice(pixels);
            image.extend_from_slice(b"\nendstream");
            objects.push(image);
            resources.push_str(&format!(" /XObject << /Im1 {} 0 R >>", objects.len()));
            draw.extend_from_slice(b"q 595 0 0 842 0 0 cm /Im1 Do Q");
        }
        if !stamp.is_empty() {
            let (encoded, _, _) = encoding_rs::WINDOWS_1252.encode(stamp);
            draw.extend_from_slice(b"\nBT /F1 8 Tf 40 20 Td (");
            draw.extend(encoded.iter().filter(|b| !matches!(b, b'(' | b')' | b'\\')));
            draw.extend_from_slice(b") Tj ET");
        }
        let mut content = format!("<< /Length {} >>\nstream\n", draw.len()).into_bytes();
        content.extend_from_slice(&draw);
        content.extend_from_slice(b"\nendstream");
        objects.push(content);
        let content = objects.len();
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
                 /Resources << {resources} >> /Contents {content} 0 R >>"
            )
            .into_bytes(),
        );
        kids.push(format!("{} 0 R", objects.len()));
    }
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>".to_vec();
    objects[1] = format!(
        "<< /Type /Pages /Kids [{}] /Count {} >>",
        kids.join(" "),
        kids.len()
    )
    .into_bytes();
    Some(file(&objects, 1, None))
}

/// The width, height and pixels of a binary PGM of 8-bit grey.
fn grey_image(pgm: &[u8]) -> Option<(usize, usize, &[u8])> {
    // The header: P5, width, height, largest value, each after white
    // space, then one byte of white space and the pixels.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while pgm.get(at)?.is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !pgm.get(at)?.is_ascii_whitespace() {
            at += 1;
        }
        fields.push(std::str::from_utf8(&pgm[start..at]).ok()?);
    }
    let pixels = pgm.get(at + 1..)?;
    let (width, height) = (
        fields[1].parse::<usize>().ok()?,
        fields[2].parse::<usize>().ok()?,
    );
    if fields[0] != "P5" || fields[3] != "255" || pixels.len() < width.checked_mul(height)? {
        return None;
    }
    Some((width, height, &pixels[..width * height]))
}

/// Writes the outline entries `items` under `parent`; returns the first
/// and last entries' objects.
fn entries(
    objects: &mut Vec<Vec<u8>>,
    items: &[Entry],
    parent: usize,
    kids: &[usize],
) -> (usize, usize) {
    let first = objects.len() + 1;
    let ids: Vec<usize> = (0..items.len()).map(|i| first + i).collect();
    objects.extend(items.iter().map(|_| Vec::new()));
    for (i, item) in items.iter().enumerate() {
        let mut body = format!(
            "<< /Title {} /Parent {parent} 0 R /Dest [{} 0 R /XYZ null null null]",
            text_string(item.title),
            kids[item.page - 1]
        );
        if i > 0 {
            body.push_str(&format!(" /Prev {} 0 R", ids[i - 1]));
        }
        if let Some(next) = ids.get(i + 1) {
            body.push_str(&format!(" /Next {next} 0 R"));
        }
        if !item.children.is_empty() {
            let (f, l) = entries(objects, &item.children, ids[i], kids);
            body.push_str(&format!(
                " /First {f} 0 R /Last {l} 0 R /Count {}",
                item.children.len()
            ));
        }
        body.push_str(" >>");
        objects[ids[i] - 1] = body.into_bytes();
    }
    (first, first + items.len() - 1)
}

/// A PDF text string: UTF-16 with its byte order mark, in hexadecimal.
fn text_string(value: &str) -> String {
    let mut hex = String::from("<FEFF");
    for unit in value.encode_utf16() {
        hex.push_str(&format!("{unit:04X}"));
    }
    hex.push('>');
    hex
}

/// A three-page report: a running head and a page number on each
/// page, a title, numbered headings in the outline, words cut at line
/// ends, a paragraph that goes on over a page break, a list, and two
/// columns written row by row.
pub fn report() -> Vec<u8> {
    let head = |n: usize| {
        vec![
            text(72, 810, 8, "Agence de l’eau — Rapport 2025"),
            text(290, 40, 9, &n.to_string()),
        ]
    };
    let body = |x: u32, y: u32, words: &str| text(x, y, 10, words);
    let mut one = head(1);
    one.extend([
        bold(72, 740, 20, "Rapport sur l’eau potable"),
        bold(72, 690, 14, "1 Les nappes phréatiques"),
        body(
            90,
            660,
            "Les nappes phréatiques fournissent les deux tiers de l’eau du pays, et",
        ),
        body(
            72,
            647,
            "leur niveau baisse depuis dix ans. Les captages demandent une interopé-",
        ),
        body(
            72,
            634,
            "rabilité des réseaux de mesure, que les start-up du secteur promettent.",
        ),
        body(
            90,
            621,
            "Chaque commune publie ses relevés ; les outils des jeunes pousses, start-",
        ),
        body(
            72,
            608,
            "up comprises, lisent ces relevés que la préfecture rassemble chaque mois",
        ),
        body(
            72,
            595,
            "et qui se poursuivent sur la page suivante sans point final ni pause",
        ),
    ]);
    let mut two = head(2);
    two.extend([
        body(
            72,
            760,
            "avant de conclure sur la qualité de l’eau distribuée aux habitants.",
        ),
        bold(72, 720, 14, "2 Les rivières"),
        body(
            72,
            695,
            "• les rivières du nord, qui débordent au printemps ;",
        ),
        body(72, 682, "• les rivières du sud."),
    ]);
    let mut three = head(3);
    three.push(bold(72, 760, 14, "3 Deux colonnes"));
    for (i, (left, right)) in [
        (
            "La colonne de gauche parle des barrages",
            "La colonne de droite parle des canaux",
        ),
        (
            "construits dans les Alpes depuis 1950.",
            "creusés dans le Midi au XVIIe siècle.",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let y = 730 - 13 * i as u32;
        three.push(body(72, y, left));
        three.push(body(330, y, right));
    }
    let entry = |title, page| Entry {
        title,
        page,
        children: Vec::new(),
    };
    pdf(
        &[one, two, three],
        &[
            ("Title", "Rapport sur l’eau potable"),
            ("Author", "Claire Martin"),
            ("CreationDate", "D:20250211080000+01'00'"),
            ("Keywords", "eau, nappes"),
        ],
        &[
            entry("Les nappes phréatiques", 1),
            entry("Les rivières", 2),
            entry("Deux colonnes", 3),
        ],
    )
}
