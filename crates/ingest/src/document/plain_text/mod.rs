//! Plain text, in UTF-8 or a legacy encoding (`super::decode`): a file
//! written one paragraph a line, or hard-wrapped with blank lines between
//! paragraphs ([`wrap`]).
//!
//! A block is a paragraph, a list item or a table row: one non-blank line
//! of the text, or the lines of one paragraph in a wrapped file. What is
//! not a block:
//! - Markdown table separators (`---|---|`);
//!
//! Page furniture and fragments (`super::boilerplate`: navigation,
//! newsletter boxes, credits, captions, button labels) are blocks too,
//! marked with the rule that judged them ([`Block::furniture`]).
//!
//! A heading ([`heading`]) is a heading block; the first one is the title.
//! Markdown headings (`## …`) lose their marks and keep their level; other
//! headings are of level 1.

mod heading;
mod line;
mod wrap;

use std::borrow::Cow;
use std::collections::HashMap;

use super::block_writer::BlockWriter;
use super::boilerplate::{is_fragment, page_furniture, word_count, Furniture, MAX_KICKER_WORDS};
use super::decode::{decode, Decoded};
use heading::heading_shaped;
use line::{classify_lines, heading_text, is_markdown_heading};
use wrap::{group_lines, group_text, section_number};

#[cfg(doc)]
use super::Block;
use super::{BlockKind, Document, ReadError, Reader};

/// Reads text files, in UTF-8 or any encoding `decode` recognises.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlainTextReader;

impl Reader for PlainTextReader {
    fn accepts(&self, _rel: &str, _head: &[u8]) -> bool {
        true
    }

    fn read(&self, bytes: Vec<u8>) -> Result<Document, ReadError> {
        Ok(read_text(decode(bytes)?))
    }
}

/// What a block turns out to be, given the blocks after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Passage,
    Heading,
    Boilerplate(Furniture),
}

/// The document of a decoded text.
pub(crate) fn read_text(decoded: Decoded) -> Document {
    let source = decoded.text.as_str();
    let lines = classify_lines(source);
    let groups = group_lines(&lines);
    let mut words = None;
    let texts: Vec<Cow<str>> = groups
        .iter()
        .map(|g| group_text(source, &lines, g, &mut words))
        .collect();

    // Whether a block is a heading depends on what follows it: decide from
    // the last block up.
    let mut roles = vec![Role::Passage; groups.len()];
    let mut next_kept: Option<Role> = None;
    // Whether the next heading kept is numbered.
    let mut next_heading_numbered = false;
    for (g, group) in groups.iter().enumerate().rev() {
        let kind = group.kind;
        let text = texts[g].as_ref();
        let next_text = texts.get(g + 1).map(|t| t.as_ref());
        let followed_by_text = matches!(next_kept, Some(Role::Passage | Role::Heading));
        let shaped =
            kind == BlockKind::Paragraph && (heading_shaped(text) || is_markdown_heading(text));
        let before_boilerplate = matches!(roles.get(g + 1), None | Some(Role::Boilerplate(_)));
        let role = if let Some(rule) = page_furniture(text, next_text) {
            Role::Boilerplate(rule)
        } else if shaped && followed_by_text {
            // A kicker stands above an article's title; numbered
            // headings are a document's outline (`2. Installation` above
            // `2.1. …`, a document's title above `1. …`).
            let kicker = next_kept == Some(Role::Heading)
                && word_count(text) <= MAX_KICKER_WORDS
                && !is_markdown_heading(text)
                && section_number(text).is_none()
                && !next_heading_numbered;
            if kicker {
                Role::Boilerplate(Furniture::Kicker)
            } else {
                Role::Heading
            }
        } else if kind == BlockKind::Paragraph && is_fragment(text, shaped, before_boilerplate) {
            Role::Boilerplate(Furniture::Fragment)
        } else {
            Role::Passage
        };
        roles[g] = role;
        if !matches!(role, Role::Boilerplate(_)) {
            next_kept = Some(role);
        }
        if role == Role::Heading {
            next_heading_numbered = section_number(text).is_some();
        }
    }

    // A kicker stands above the title: a short heading above another one
    // further down the text is a heading (an answer "Très bien" above the
    // next question is not page furniture).
    let mut text_before = false;
    for role in roles.iter_mut() {
        match *role {
            Role::Boilerplate(Furniture::Kicker) if text_before => *role = Role::Heading,
            Role::Passage | Role::Heading => text_before = true,
            Role::Boilerplate(_) => {}
        }
    }

    let kinds: Vec<BlockKind> = groups.iter().map(|g| g.kind).collect();
    contents_entries(&texts, &kinds, &mut roles);

    // The document's text is the file's when every block is a line of it
    // as it is; otherwise the blocks' texts, one a line.
    let verbatim = decoded.encoding.is_none() && groups.iter().all(|g| g.first == g.last);
    // A line of ASCII is its bytes in any encoding that writes ASCII as it is.
    let ascii_is_exact = decoded.encoding.is_some_and(|e| e.is_ascii_compatible());
    let mut writer = BlockWriter::new(&decoded, verbatim);
    let mut title = None;
    for (g, group) in groups.iter().enumerate() {
        let text = texts[g].as_ref();
        let (first, last) = (&lines[group.first], &lines[group.last]);
        let one_line = group.first == group.last;
        let exact = |words: &str| {
            one_line && (writer.is_identity() || (ascii_is_exact && words.is_ascii()))
        };
        match roles[g] {
            Role::Heading => {
                let level = markdown_level(text)
                    .or_else(|| section_number(text).map(|(depth, _)| depth))
                    .unwrap_or(1);
                let inner = heading_text(text);
                let skipped = inner.as_ptr() as usize - text.as_ptr() as usize;
                let range = if one_line {
                    first.start + skipped..first.start + skipped + inner.len()
                } else {
                    first.start..last.end
                };
                let exact = exact(inner);
                // The first heading is the title: a passage, but no section.
                let kind = if title.is_none() {
                    title = Some(inner.to_string());
                    BlockKind::Title
                } else {
                    BlockKind::Heading { level }
                };
                writer.push(kind, inner, range, exact, first.number, None);
            }
            Role::Passage | Role::Boilerplate(_) => {
                let exact = exact(text);
                writer.push(
                    group.kind,
                    text,
                    first.start..last.end,
                    exact,
                    first.number,
                    None,
                );
                if let Role::Boilerplate(rule) = roles[g] {
                    writer.mark_furniture(rule);
                }
            }
        }
    }
    let encoding = decoded.encoding_name();
    let (built, out) = writer.finish();
    let text = built.unwrap_or(decoded.text);
    Document {
        text,
        title,
        metadata: Vec::new(),
        blocks: out,
        left_out: 0,
        unread: Vec::new(),
        encoding,
        entries: Vec::new(),
        pages: Vec::new(),
        page_rows: Vec::new(),
    }
}

/// Fewest entries in a row that make a table of contents.
const MIN_CONTENTS_ENTRIES: usize = 3;
/// Words an entry of contents and its heading share to be matched: the
/// section's number and the first words of its title.
const CONTENTS_KEY_WORDS: usize = 4;

/// Marks a table of contents as page furniture: a run of numbered blocks
/// (at least [`MIN_CONTENTS_ENTRIES`], nothing else between them), each
/// the start of a later heading, word for word (`2.3. Où et comment
/// puis-je obtenir les images d'installation de Debian ?`), or of a
/// numbered paragraph (a heading that did not read as one: `2.5.
/// Pourquoi… ? Je pensais… !`), never of an item of a list. Read as
/// headings, its entries were passages that outranked the sections they
/// name. Only text written again further down is left out: a summary
/// whose items say more than the headings after it, or steps that come
/// again in a later procedure, stay.
fn contents_entries(texts: &[Cow<str>], kinds: &[BlockKind], roles: &mut [Role]) {
    // The words of a block, a chapter's heading without the word it
    // starts with (`1. Définitions` for `Chapitre 1. Définitions`).
    let words = |text: &str, heading: bool| {
        let mut words: Vec<&str> = text.split_whitespace().collect();
        let named = heading
            && words.first().is_some_and(|w| {
                [
                    "chapitre", "chapter", "partie", "part", "annexe", "appendix",
                ]
                .contains(&w.to_lowercase().as_str())
            });
        if named && words.len() > 1 {
            words.remove(0);
        }
        words.join(" ")
    };
    let key = |words: &str| {
        words
            .split(' ')
            .take(CONTENTS_KEY_WORDS)
            .collect::<Vec<_>>()
            .join(" ")
    };
    // Text compared without its spaces: the wrap may cut a word after a
    // slash in one place and not the other (`Ubuntu/ …`, `GNU/ Linux`).
    let bare = |words: &str| words.replace(' ', "");
    // The blocks that may be named, by their first words.
    let mut named: HashMap<String, Vec<(usize, String)>> = HashMap::new();
    for (g, text) in texts.iter().enumerate() {
        let numbered_paragraph = roles[g] == Role::Passage
            && kinds[g] == BlockKind::Paragraph
            && section_number(text).is_some();
        if roles[g] == Role::Heading || numbered_paragraph {
            let words = words(text, true);
            named
                .entry(key(&words))
                .or_default()
                .push((g, bare(&words)));
        }
    }
    // The block each entry names: a later one that starts with it. An
    // entry may stand behind a bullet, as `lynx` lists contents (`* 1.
    // Préparer…`, `+ 2.1. Choisir…`).
    fn unbulleted(text: &str) -> &str {
        let trimmed = text.trim_start();
        match trimmed.split_once(' ') {
            Some((bullet, rest)) if ["*", "+", "-", "o", "•", "◦"].contains(&bullet) => {
                rest.trim_start()
            }
            _ => trimmed,
        }
    }
    let target: Vec<Option<&str>> = (0..texts.len())
        .map(|g| {
            let text = unbulleted(&texts[g]);
            if matches!(roles[g], Role::Boilerplate(_)) || section_number(text).is_none() {
                return None;
            }
            let entry = words(text, false);
            let whole = bare(&entry);
            named.get(&key(&entry))?.iter().find_map(|(h, heading)| {
                (*h > g && heading.starts_with(whole.as_str())).then_some(heading.as_str())
            })
        })
        .collect();
    let contents = Role::Boilerplate(Furniture::Contents);
    let mut g = 0;
    while g < texts.len() {
        let run = target[g..].iter().take_while(|t| t.is_some()).count();
        if run >= MIN_CONTENTS_ENTRIES {
            for role in &mut roles[g..g + run] {
                *role = contents;
            }
        }
        g += run.max(1);
    }
    // The end of an entry that wrapped apart from it (`Qu'entendez-vous
    // par là ?` under `3.1.6. Vous parlez de cas où testing est
    // cassée.`), between two entries: when the heading goes on so.
    for g in 1..roles.len().saturating_sub(1) {
        let whole = target[g - 1].is_some_and(|heading| {
            let entry = bare(&words(&format!("{} {}", texts[g - 1], texts[g]), false));
            heading.starts_with(entry.as_str())
        });
        if roles[g - 1] == contents
            && roles[g + 1] == contents
            && section_number(&texts[g]).is_none()
            && !matches!(roles[g], Role::Boilerplate(_))
            && whole
        {
            roles[g] = contents;
        }
    }
}

/// The level of a Markdown heading (its number of `#`).
fn markdown_level(text: &str) -> Option<u8> {
    is_markdown_heading(text).then(|| (text.len() - text.trim_start_matches('#').len()) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(source: &str) -> Document {
        PlainTextReader.read(source.as_bytes().to_vec()).unwrap()
    }

    /// The texts of the blocks left out as a table of contents.
    fn contents_of(document: &Document) -> Vec<&str> {
        document
            .blocks
            .iter()
            .filter(|b| b.furniture == Some(Furniture::Contents))
            .map(|b| document.text_of(b))
            .collect()
    }

    #[test]
    fn a_numbered_outline_keeps_its_levels_and_wrapped_headings() {
        let source = "Guide d'utilisation

1. Installation

1.1. Qu'est-ce que la fondation qui soutient le projet et comment
     est-elle financée ?

   La fondation est une association à but non lucratif, créée par des
   hôpitaux et des collectivités territoriales il y a maintenant dix
   ans, et financée par leurs cotisations annuelles.

2. Configuration

2.1. Où se trouve le fichier de configuration ?

   Il se trouve dans le répertoire personnel de chaque utilisateur, sous
   le nom de fichier orchidee.conf, et peut être modifié avec n'importe
   quel éditeur de texte, comme tous les fichiers de configuration.
";
        let document = read(source);
        assert_eq!(document.title.as_deref(), Some("Guide d'utilisation"));
        let paths: Vec<(String, Vec<&str>)> = document
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Paragraph)
            .map(|b| {
                (
                    document.text_of(b).chars().take(12).collect(),
                    document.heading_path(b),
                )
            })
            .collect();
        assert_eq!(
            paths,
            [
                (
                    "La fondation".to_string(),
                    vec![
                        "1. Installation",
                        "1.1. Qu'est-ce que la fondation qui soutient le projet et comment est-elle financée ?"
                    ]
                ),
                (
                    "Il se trouve".to_string(),
                    vec!["2. Configuration", "2.1. Où se trouve le fichier de configuration ?"]
                ),
            ]
        );
        assert_eq!(document.furniture_blocks(), 0);
    }

    #[test]
    fn a_table_of_contents_is_furniture_and_its_headings_stand_below() {
        // As `lynx` renders an FAQ: a table of contents whose entries wrap,
        // headings with a no-break space after their number, a long
        // question over two lines, a command's output in columns.
        let source = "Questions sur le service des eaux

Table des matières

1. Généralités
    1.1. Qu'est-ce que le service des eaux ?
    1.2. Vous parlez de nappes phréatiques.
    Qu'entendez-vous par là ?
    1.3. Combien de communes sont desservies ?
2. Factures
    2.1. Comment lire ma facture ?

Chapitre 1. Généralités

1.1.\u{a0} Qu'est-ce que le service des eaux ?

    Le service des eaux est une régie publique qui capte, traite et
    distribue l'eau potable de vingt-deux communes du département.

1.2.\u{a0} Vous parlez de nappes phréatiques. Qu'entendez-vous par
là\u{a0}?

    Une nappe phréatique est une réserve d'eau souterraine, que les
    forages du service atteignent à une trentaine de mètres de fond.
    La commande suivante donne l'état des forages du service :

    $ etat-forages --tous
    Forage:     Les Aulnes
    Niveau:     normal

1.3.\u{a0} Combien de communes sont desservies ?

    Vingt-deux communes, soit quarante mille habitants environ, sont
    desservies par le réseau du service, qui compte six cents
    kilomètres de canalisations entretenues par ses agents.

Chapitre 2. Factures

2.1.\u{a0} Comment lire ma facture ?

    La facture détaille le volume consommé, l'abonnement et les taxes
    reversées à l'agence de l'eau, semestre par semestre, commune par
    commune, avec le prix du mètre cube de chaque période.
";
        let document = read(source);
        let contents = contents_of(&document);
        assert_eq!(
            contents,
            [
                "1. Généralités",
                "1.1. Qu'est-ce que le service des eaux ?",
                "1.2. Vous parlez de nappes phréatiques.",
                "Qu'entendez-vous par là ?",
                "1.3. Combien de communes sont desservies ?",
                "2. Factures",
                "2.1. Comment lire ma facture ?",
            ]
        );
        let paths: Vec<(String, Vec<&str>)> = document
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Paragraph && b.furniture.is_none())
            // The command and its output aside.
            .filter(|b| {
                let text = document.text_of(b);
                !text.starts_with('$') && !text.contains("  ")
            })
            .map(|b| {
                (
                    document.text_of(b).chars().take(14).collect(),
                    document.heading_path(b),
                )
            })
            .collect();
        let question =
            "1.2.\u{a0} Vous parlez de nappes phréatiques. Qu'entendez-vous par là\u{a0}?";
        assert_eq!(
            paths,
            [
                (
                    "Le service des".to_string(),
                    vec![
                        "Chapitre 1. Généralités",
                        "1.1.\u{a0} Qu'est-ce que le service des eaux ?"
                    ]
                ),
                (
                    "Une nappe phré".to_string(),
                    vec!["Chapitre 1. Généralités", question]
                ),
                (
                    "Vingt-deux com".to_string(),
                    vec![
                        "Chapitre 1. Généralités",
                        "1.3.\u{a0} Combien de communes sont desservies ?"
                    ]
                ),
                (
                    "La facture dét".to_string(),
                    vec![
                        "Chapitre 2. Factures",
                        "2.1.\u{a0} Comment lire ma facture ?"
                    ]
                ),
            ]
        );
        // The output in columns is no heading.
        assert!(document
            .blocks
            .iter()
            .all(|b| !matches!(b.kind, BlockKind::Heading { .. })
                || !document.text_of(b).contains("Niveau")));
    }

    #[test]
    fn one_unwrapped_line_does_not_unwrap_a_short_file() {
        let long = "4.2. Pourquoi la connexion au VPN échoue-t-elle systématiquement lorsque \
                    l'on utilise le client fourni par la distribution, alors que le client \
                    officiel fonctionne bien sur les mêmes machines ?";
        let source = format!(
            "Questions VPN

   Ce document rassemble les questions les plus fréquentes posées au
   service informatique de l'université depuis la rentrée de
   septembre.

{long}

   Le client de la distribution ne gère pas l'authentification à deux
   facteurs de notre passerelle, il faut donc installer le client
   officiel.

4.3. Et ensuite ?

   Rien de plus, la connexion devrait alors fonctionner sans
   difficulté pour tout le monde.
"
        );
        let document = read(&source);
        let texts: Vec<&str> = places(&document).iter().map(|p| p.0).collect();
        assert_eq!(
            texts,
            [
                "Ce document rassemble les questions les plus fréquentes posées au service \
                 informatique de l'université depuis la rentrée de septembre.",
                "Le client de la distribution ne gère pas l'authentification à deux facteurs de \
                 notre passerelle, il faut donc installer le client officiel.",
                "Rien de plus, la connexion devrait alors fonctionner sans difficulté pour tout \
                 le monde.",
            ]
        );
    }

    #[test]
    fn contents_behind_bullets_are_contents() {
        let source = "Manuel de l'installation

Table des matières

     * 1. Préparer le système
     * 2. Télécharger l'image
          + 2.1. Choisir le bon miroir
     * 3. Lancer l'installateur

1. Préparer le système

   Avant toute chose, sauvegardez vos données personnelles sur un
   disque externe, car l'installation peut effacer le disque principal
   de la machine, et notez la configuration du réseau local.

2. Télécharger l'image

   L'image se trouve sur le site officiel du projet, en plusieurs
   variantes selon l'architecture du processeur de votre machine, et
   pèse un peu moins d'un gigaoctet pour la plus courante d'entre elles.

2.1. Choisir le bon miroir

   Un miroir proche de chez vous accélère le téléchargement de façon
   sensible, surtout aux heures où le réseau de l'université est chargé
   par les cours en ligne et les sauvegardes de nuit des laboratoires.

3. Lancer l'installateur

   Démarrez sur la clé et choisissez l'installation graphique dans le
   menu, puis laissez-vous guider jusqu'au partitionnement du disque et
   au choix des logiciels à installer sur la machine.
";
        let document = read(source);
        let hidden = contents_of(&document);
        assert_eq!(
            hidden,
            [
                "* 1. Préparer le système",
                "* 2. Télécharger l'image",
                "+ 2.1. Choisir le bon miroir",
                "* 3. Lancer l'installateur",
            ]
        );
    }

    #[test]
    fn a_summary_that_says_more_than_the_headings_after_it_is_no_contents() {
        let source = "Migration du serveur de courrier

1. Arrêter le service postfix avant de copier quoi que ce soit
2. Copier les boîtes aux lettres vers le nouveau serveur de la mairie
3. Relancer le service postfix sur le nouveau serveur et vérifier

1. Arrêter le service postfix

    Sans cet arrêt, les courriels reçus pendant la copie seraient
    corrompus, et il faudrait les demander de nouveau aux expéditeurs.

2. Copier les boîtes aux lettres

    La copie se fait avec rsync, dossier par dossier, en gardant les
    droits et les dates de chaque message, pendant environ une heure.

3. Relancer le service postfix

    Le service relancé, un courriel de test part vers chaque boîte, et
    l'administrateur vérifie qu'il arrive bien dans les cinq minutes.
";
        let document = read(source);
        let hidden = contents_of(&document);
        assert!(hidden.is_empty(), "{hidden:?}");
    }

    #[test]
    fn steps_that_come_again_in_a_later_procedure_are_no_contents() {
        let source = "Gestion des paquets

    Mettre à niveau le système se fait en quatre étapes, que l'outil
    enchaîne de lui-même sans rien demander à l'administrateur :

      1. Choisir la version candidate de chaque paquet installé

      2. Résoudre les dépendances entre les paquets choisis

      3. Dépaqueter les paquets binaires téléchargés

      4. Lancer le script de configuration de chaque paquet

    Installer un paquet se fait de la même façon, à partir de la liste
    des paquets demandés sur la ligne de commande par l'administrateur :

      1. Choisir les paquets demandés sur la ligne de commande

      2. Résoudre les dépendances entre les paquets choisis

      3. Dépaqueter les paquets binaires téléchargés

      4. Lancer le script de configuration de chaque paquet
";
        let document = read(source);
        assert!(
            document
                .blocks
                .iter()
                .all(|b| b.furniture != Some(Furniture::Contents)),
            "{:#?}",
            document.blocks
        );
    }

    /// The texts of the blocks that are not headings, with their places.
    fn places(document: &Document) -> Vec<(&str, u32, std::ops::Range<u64>, bool)> {
        document
            .blocks
            .iter()
            .filter(|b| {
                !matches!(b.kind, BlockKind::Heading { .. } | BlockKind::Title)
                    && b.furniture.is_none()
            })
            .map(|b| (document.text_of(b), b.line, b.source.clone(), b.exact))
            .collect()
    }

    /// The texts of the blocks that are neither headings nor furniture.
    fn texts(document: &Document) -> Vec<&str> {
        document
            .blocks
            .iter()
            .filter(|b| {
                !matches!(b.kind, BlockKind::Heading { .. } | BlockKind::Title)
                    && b.furniture.is_none()
            })
            .map(|b| document.text_of(b))
            .collect()
    }

    #[test]
    fn lines_are_blocks_and_headings_are_sections() {
        let document =
            read("Titre de l’article\nPremier paragraphe.\nUne section\n- un item : oui.\nA | B |\n---|---|\nx | y |\n");
        assert_eq!(document.title.as_deref(), Some("Titre de l’article"));
        assert_eq!(
            texts(&document),
            [
                "Premier paragraphe.",
                "- un item : oui.",
                "A | B |",
                "x | y |"
            ]
        );
        let kinds: Vec<BlockKind> = document.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Title,
                BlockKind::Paragraph,
                BlockKind::Heading { level: 1 },
                BlockKind::ListItem,
                BlockKind::TableRow,
                BlockKind::TableRow
            ]
        );
        assert_eq!(document.text_of(&document.blocks[0]), "Titre de l’article");
        let first = &document.blocks[1];
        assert_eq!(document.heading_of(first), None);
        assert_eq!(
            document.heading_of(&document.blocks[3]),
            Some("Une section")
        );
        let lines: Vec<u32> = document.blocks.iter().map(|b| b.line).collect();
        assert_eq!(lines, [1, 2, 3, 4, 5, 7]);
    }

    #[test]
    fn question_headings_and_blank_line_separated_paragraphs() {
        let document = read(
            "Chapitre 1. Vue d'ensemble\n\nQuel est le sens de ce mot ?\n\nLe nom est prononcé ainsi.\n",
        );
        assert_eq!(
            document.title.as_deref(),
            Some("Chapitre 1. Vue d'ensemble")
        );
        assert_eq!(texts(&document), ["Le nom est prononcé ainsi."]);
        let block = &document.blocks[2];
        assert_eq!(
            document.heading_of(block),
            Some("Quel est le sens de ce mot ?")
        );
        assert_eq!(block.line, 5);
    }

    #[test]
    fn page_furniture_is_left_out() {
        let document = read(
            "Texte Centré\n\n\
            IA en santé : un état des lieux\n\n\
            Le rapport dresse un panorama des avancées.\n\n\
            Dans la même catégorie\n\
            Bouton retour en haut de la page\n\
            1s\n\
            Une fois par mois, recevez l’essentiel, sans spam ni surplus.\n\
            Une newsletter totalement gratuite\n\
            Overlay Image",
        );
        assert_eq!(
            document.title.as_deref(),
            Some("IA en santé : un état des lieux")
        );
        assert_eq!(
            texts(&document),
            ["Le rapport dresse un panorama des avancées."]
        );
        // Kept, marked with their rules, in their place.
        let furniture: Vec<(&str, Furniture, u32)> = document
            .blocks
            .iter()
            .filter_map(|b| Some((document.text_of(b), b.furniture?, b.line)))
            .collect();
        assert_eq!(
            furniture,
            [
                ("Texte Centré", Furniture::Kicker, 1),
                ("Dans la même catégorie", Furniture::WebCue, 7),
                ("Bouton retour en haut de la page", Furniture::WebCue, 8),
                ("1s", Furniture::Fragment, 9),
                (
                    "Une fois par mois, recevez l’essentiel, sans spam ni surplus.",
                    Furniture::WebCue,
                    10
                ),
                ("Une newsletter totalement gratuite", Furniture::WebCue, 11),
                ("Overlay Image", Furniture::Fragment, 12),
            ]
        );
        // Furniture opens no section: the kicker is no heading.
        assert!(document
            .blocks
            .iter()
            .filter(|b| b.furniture.is_some())
            .all(|b| b.kind == BlockKind::Paragraph && b.parent.is_none()));
    }

    #[test]
    fn a_kicker_stands_above_the_title_only() {
        let document = read(
            "Entretien avec une maraîchère\n\n\
             Comment se passe la saison ?\n\n\
             Très bien\n\n\
             Et la grêle ?\n\n\
             Elle a épargné nos serres cette année, heureusement pour nous.\n",
        );
        assert_eq!(document.furniture_blocks(), 0, "{:#?}", document.blocks);
        assert!(document
            .blocks
            .iter()
            .any(|b| document.text_of(b) == "Très bien"));
    }

    #[test]
    fn breadcrumbs_and_credits_are_left_out() {
        let document = read(
            "You are currently viewing Intelligence artificielle : des défis\n\n\
            Intelligence artificielle : des défis\n\n\
            • Post category:\n\
            L’IA révolutionne le secteur de la santé.\n\
            Le ministre a profité du sommet. (Crédit : Ministère de la Santé)\n\
            Antonin Tabard",
        );
        assert_eq!(
            document.title.as_deref(),
            Some("Intelligence artificielle : des défis")
        );
        assert_eq!(
            texts(&document),
            ["L’IA révolutionne le secteur de la santé."]
        );
    }

    #[test]
    fn sentences_cut_short_stay_blocks() {
        let document = read("Titre\n\nAvec apt, vous pouvez conserver un paquet en faisant\n\net enlever le drapeau avec\n\nPour connaître l'état des paquets exécutez la commande\n\nCela affiche un résumé.\n");
        assert_eq!(
            texts(&document),
            [
                "Avec apt, vous pouvez conserver un paquet en faisant",
                "et enlever le drapeau avec",
                "Pour connaître l'état des paquets exécutez la commande",
                "Cela affiche un résumé."
            ]
        );
    }

    #[test]
    fn a_byline_above_its_bio_is_a_section() {
        let document =
            read("Titre\nTexte.\nYasmine Achour\nYasmine Achour est rédactrice en chef.\n");
        let bio = document.blocks.last().unwrap();
        assert_eq!(document.heading_of(bio), Some("Yasmine Achour"));
    }

    #[test]
    fn markdown_headings_lose_their_marks() {
        let document = read("# Le titre\n\n## Une section, longue : oui\n\nTexte.\n");
        assert_eq!(document.title.as_deref(), Some("Le titre"));
        let text = document.blocks.last().unwrap();
        assert_eq!(document.heading_of(text), Some("Une section, longue : oui"));
        assert_eq!(document.blocks[0].kind, BlockKind::Title);
        assert_eq!(document.blocks[1].kind, BlockKind::Heading { level: 2 });
    }

    /// A text wrapped at 64 columns, as `fmt` or a text dump of a
    /// documentation writes it: numbered headings (one over two lines),
    /// indented paragraphs, hanging list items, a word cut at a line end.
    const WRAPPED: &str = "\
                  Le guide de la santé numérique

1. Les dossiers de santé partagés

1.1. Qu'est-ce que l'interopérabilité des systèmes d'information
de santé ?

    L'interopérabilité désigne la capacité des systèmes à échanger
    des données sans perte de sens. Elle suppose des standards
    communs, une gouvernance claire et des start-up qui les
    respectent. Sans elle, un dossier de santé ne suit pas le
    patient d'un établissement à l'autre, et l'interopé-
    rabilité reste un vœu pieux pour les soignants comme pour les
    patients eux-mêmes.

    Trois chantiers sont ouverts :

      * les identifiants nationaux de santé, qui permettent de
        rapprocher les données d'un même patient ;

      * les terminologies de référence, partagées par tous les
        logiciels du secteur ;

      * la messagerie sécurisée de santé.
";

    #[test]
    fn a_web_address_cut_by_the_wrap_reads_whole() {
        let document = read(
            "                  Le guide de l'usager

    Le guide de l'usager se télécharge sur le site de la mairie
    (https://www.exemple.fr/guide) ou se consulte sur la page des
    services de la ville, qui le met à jour chaque mois. Les
    formulaires se trouvent sur le site de la préfecture (https://
    www.exemple.gouv.fr/formulaires) et sur la page des services
    en ligne de la ville de Saint-Martin (https://www.exemple.fr
    /services) de la ville, mise à jour chaque mois par ses agents.

    Le guide se lit aussi en mairie, aux heures d'ouverture, dans
    la salle du conseil municipal ou à l'accueil des services.
",
        );
        let texts: Vec<&str> = places(&document).iter().map(|p| p.0).collect();
        assert!(
            texts.iter().any(
                |t| t.contains("(https://www.exemple.gouv.fr/formulaires) et")
                    && t.contains("(https://www.exemple.fr/services) de la ville")
            ),
            "{texts:#?}"
        );
    }

    #[test]
    fn wrapped_paragraphs_are_one_block_and_cite_their_lines() {
        let document = read(WRAPPED);
        assert_eq!(
            document.title.as_deref(),
            Some("Le guide de la santé numérique")
        );
        let places = places(&document);
        let texts: Vec<&str> = places.iter().map(|p| p.0).collect();
        assert_eq!(texts.len(), 5, "{texts:#?}");
        assert!(texts[0].starts_with(
            "L'interopérabilité désigne la capacité des systèmes à échanger des données"
        ));
        // The wrap's hyphen goes, the word's own stays.
        assert!(
            texts[0].contains("et l'interopérabilité reste un vœu pieux"),
            "{}",
            texts[0]
        );
        assert!(
            texts[0].contains("des start-up qui les respectent"),
            "{}",
            texts[0]
        );
        assert!(texts[0].ends_with("pour les patients eux-mêmes."));
        assert_eq!(texts[1], "Trois chantiers sont ouverts :");
        assert_eq!(
            texts[2],
            "* les identifiants nationaux de santé, qui permettent de rapprocher les données d'un même patient ;"
        );
        assert_eq!(texts[4], "* la messagerie sécurisée de santé.");
        // Each cites the lines it was read from, from its first word to its
        // last; a block of one line is those bytes exactly.
        for (text, line, source, exact) in &places {
            let cited = &WRAPPED[source.start as usize..source.end as usize];
            let (first, last) = (
                text.split(' ').next().unwrap(),
                text.split(' ').next_back().unwrap(),
            );
            assert!(cited.starts_with(first) && cited.ends_with(last), "{cited}");
            let line_of = WRAPPED[..source.start as usize].matches('\n').count() as u32 + 1;
            assert_eq!(*line, line_of);
            assert_eq!(*exact, cited == *text, "{text}");
        }
        assert!(!places[0].3 && places[1].3 && !places[2].3 && places[4].3);
        // Headings, the second over two lines, are sections.
        let first = &document
            .blocks
            .iter()
            .find(|b| b.kind == BlockKind::Paragraph)
            .unwrap();
        assert_eq!(
            document.heading_of(first),
            Some("1.1. Qu'est-ce que l'interopérabilité des systèmes d'information de santé ?")
        );
        let item = document
            .blocks
            .iter()
            .find(|b| b.kind == BlockKind::ListItem)
            .unwrap();
        assert_eq!(item.line, 18);
    }

    #[test]
    fn indented_first_lines_asides_years_and_headings_without_blank_lines() {
        let source = "\
Chapitre premier

    Le docteur Martin arriva à l'hôpital de bonne heure, comme chaque
lundi, et trouva l'équipe de nuit déjà rassemblée dans la salle de
soins, autour de l'aide-soignante qui tenait le registre du service
depuis la fermeture de la maternité, survenue en novembre de l'année
2019. Elle lui tendit le dossier du patient de la chambre douze, celui
— disait-on — qui ne dormait plus depuis trois nuits entières.
    La journée commençait mal, et le docteur Martin le savait depuis
longtemps : les lundis de garde ne ressemblaient à aucun autre jour.
Les enjeux éthiques
Le consentement des patients reste au cœur de toutes les décisions de
l'équipe soignante, qui doit en garder la trace écrite dans chaque
dossier, même lorsque la famille du patient n'est pas encore arrivée.
";
        let document = read(source);
        let texts: Vec<&str> = places(&document).into_iter().map(|p| p.0).collect();
        assert_eq!(texts.len(), 3, "{texts:#?}");
        assert!(texts[0].starts_with("Le docteur Martin arriva"));
        assert!(
            texts[0].contains("de l'année 2019. Elle lui tendit"),
            "{}",
            texts[0]
        );
        assert!(
            texts[0].contains("celui — disait-on — qui ne dormait"),
            "{}",
            texts[0]
        );
        assert!(texts[1].starts_with("La journée commençait mal"));
        let last = document.blocks.last().unwrap();
        assert_eq!(document.heading_of(last), Some("Les enjeux éthiques"));
        assert_eq!(document.title.as_deref(), Some("Chapitre premier"));
    }

    #[test]
    fn logs_and_tables_of_data_are_not_wrapped_text() {
        let mut log = String::new();
        for i in 0..50 {
            log.push_str(&format!(
                "2025-02-{:02} 08:{:02}:13 INFO serveur-sante requête {i} traitée en 12 ms pour le client\n",
                i % 28 + 1,
                i % 60
            ));
        }
        // Each line stays a block of its own (headings or passages, by the
        // rules of short lines), none joined to another.
        let document = read(&log);
        let one_each = |document: &Document, mark: &str| {
            // The first line is the title, a block too.
            document.blocks.len() == document.text.matches(mark).count()
                && document
                    .blocks
                    .iter()
                    .all(|b| document.text_of(b).matches(mark).count() == 1)
        };
        assert!(one_each(&document, " INFO "), "{:#?}", document.blocks);
        let csv: String = (0..40)
            .map(|i| {
                format!("Dupont;Jean;{i};Paris;consultation de médecine générale;remboursée\n")
            })
            .collect();
        assert!(one_each(&read(&csv), "Dupont;"));
    }

    #[test]
    fn a_file_written_a_paragraph_a_line_is_read_line_by_line() {
        // Short lines, one paragraph each, none cut by a wrap.
        let source = "Titre du bulletin\n\
            La réunion a lieu lundi.\n\
            Les résultats seront publiés en ligne dès la fin des analyses.\n\
            Merci à toutes les équipes pour leur travail de cette année.\n\
            Le prochain bulletin paraîtra en mars, avec le bilan complet.\n";
        let document = read(source);
        assert_eq!(places(&document).len(), 4);
        assert!(places(&document).iter().all(|p| p.3));
    }

    #[test]
    fn a_windows_1252_file_is_decoded_and_cites_its_own_bytes() {
        let text = "Compte rendu\r\nLes hôpitaux de la région ont reçu 12 millions d’euros.\r\n\
                    The budget is voted in March.\r\n";
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
        assert!(!unmappable);
        let document = PlainTextReader.read(bytes.to_vec()).unwrap();
        assert_eq!(document.encoding, Some("windows-1252"));
        let places = places(&document);
        assert_eq!(
            places[0].0,
            "Les hôpitaux de la région ont reçu 12 millions d’euros."
        );
        let cited = &bytes[places[0].2.start as usize..places[0].2.end as usize];
        assert_eq!(cited, &encoding_rs::WINDOWS_1252.encode(places[0].0).0[..]);
        assert!(!places[0].3, "decoded, not the file's bytes");
        // A line of ASCII is the file's bytes.
        assert_eq!(places[1].0, "The budget is voted in March.");
        assert!(places[1].3);
        assert_eq!(
            &bytes[places[1].2.start as usize..places[1].2.end as usize],
            b"The budget is voted in March."
        );
    }

    #[test]
    fn what_is_not_text_is_refused() {
        assert_eq!(
            PlainTextReader.read(b"ab\0c".to_vec()),
            Err(ReadError::Binary { offset: 2 })
        );
        assert!(read("").has_no_text());
        assert!(read("\n \n\t\n").has_no_text());
    }
}
