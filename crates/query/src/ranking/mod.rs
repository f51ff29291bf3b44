//! Ranking: the order of the candidates retrieval found, and the
//! explanation of each score. Every weight and threshold it uses is in
//! [`crate::weights`], with the score's formula.
//!
//! - [`rerank`]: the signals of a candidate (coverage, proximity, answer)
//!   and its score, computed once;
//! - [`explain`]: `--explain`, read from those same signals;
//! - [`dedup`]: near-duplicate passages, folded into one hit.
//!
//! [`rank_and_fold`] puts them together for a page of results.

pub mod dedup;
pub mod explain;
pub mod rerank;

use fouille_ingest::{FastMap, PassageKind, PassageRef};
use tantivy::DocAddress;

use crate::weights::{lead_max_passages, rerank_depth};
use dedup::{near_duplicates, Fingerprint};
use rerank::{RankSignals, Ranker};

/// A hit as ranking leaves it.
pub(crate) struct RankedHit<L> {
    /// Why it ranks where it does.
    pub(crate) signals: RankSignals,
    /// Its place among the candidates.
    pub(crate) candidate: usize,
    /// The other places of the corpus folded into it, as `location` of
    /// [`rank_and_fold`] gives them.
    pub(crate) also_at: Vec<L>,
}

/// How many of `passages` (candidates in BM25 order) the re-ranking window
/// takes: up to the first past [`RERANK_DEPTH`] passages besides headings.
/// Short, headings often lead by BM25 and fall once weighed; they would
/// otherwise push passages out of the window they belong in. `None` when
/// the candidates end first: more of them would fill it.
pub(crate) fn rerank_window(passages: &[PassageRef]) -> Option<usize> {
    let mut others = 0;
    passages.iter().position(|p| {
        others += usize::from(p.info.kind != PassageKind::Heading);
        others > rerank_depth()
    })
}

/// Orders candidates (in BM25 order) for display: the first
/// [`RERANK_DEPTH`] (headings aside) re-ranked, the others after them in BM25 order, so
/// that fetching more candidates never reorders the first ones and
/// pages join up. Then near duplicates fold into the better ranked of
/// them, showing the fuller text of the two (or the one that is not page
/// furniture), the other listed in its `also_at` (located by `location`).
/// Returns the first `wanted` hits, best first: once they are found, the
/// other candidates are only looked at as duplicates of one of them (each
/// candidate is compared with the hits before it: folding all of them
/// would cost the square of their number).
pub(crate) fn rank_and_fold<L>(
    ranker: &Ranker,
    top: &[(f32, DocAddress)],
    passages: &[PassageRef],
    wanted: usize,
    location: impl Fn(&PassageRef) -> L,
) -> Vec<RankedHit<L>> {
    let mut order: Vec<(RankSignals, usize)> = top
        .iter()
        .zip(passages)
        .enumerate()
        .map(|(i, (&(bm25, _), p))| {
            let text = if ranker.reads_text() {
                p.text().unwrap_or_default()
            } else {
                ""
            };
            let signals = ranker.signals(bm25, p.tokens, text, p.section(), p.info.kind);
            (signals, i)
        })
        .collect();
    let reranked = rerank_window(passages).unwrap_or(order.len());
    in_context(&mut order[..reranked], passages);
    order[..reranked].sort_by(|a, b| ranker.compare(&a.0, &b.0));
    let prints: Vec<Fingerprint> = passages.iter().map(|p| Fingerprint::of(p.tokens)).collect();
    let mut kept: Vec<RankedHit<L>> = Vec::new();
    for (signals, i) in order {
        let original = kept
            .iter()
            .position(|hit| near_duplicates(&prints[i], &prints[hit.candidate]));
        // The hit shows the fuller text of the two, unless it is page
        // furniture: a caption never stands for the paragraph it repeats.
        let shows_i = |k: usize| {
            let (new, shown) = (&passages[i], &passages[kept[k].candidate]);
            match (new.info.furniture.is_some(), shown.info.furniture.is_some()) {
                (false, true) => true,
                (true, false) => false,
                _ => prints[i].len() > prints[kept[k].candidate].len(),
            }
        };
        match original {
            Some(k) if shows_i(k) => {
                let shorter = std::mem::replace(&mut kept[k].candidate, i);
                kept[k].also_at.push(location(&passages[shorter]));
            }
            Some(k) => kept[k].also_at.push(location(&passages[i])),
            None if kept.len() >= wanted => {}
            None => kept.push(RankedHit {
                signals,
                candidate: i,
                also_at: Vec::new(),
            }),
        }
    }
    kept
}

/// A paragraph or a quotation: a list item or a table row is a sibling
/// of the passages around it, with a subject of its own; a heading and
/// code have a role of their own.
fn prose(p: &PassageRef) -> bool {
    matches!(p.info.kind, PassageKind::Paragraph | PassageKind::Quotation)
}

/// Gives each candidate of the re-ranking window its context: how
/// strongly its article holds the query, the own score of the better
/// of its neighbours, and for the lead of a short document the best own
/// score of that document (see [`RankSignals::article`],
/// [`RankSignals::neighbours`] and [`RankSignals::lead`]), all drawn from
/// the window. An answer often leans on its article and on the paragraph
/// before it for its subject ("Pour le modifier, ouvrez…"); the passage
/// that names the subject keeps its own score on top, so it still comes
/// first. A short page says what it is about in its first passage.
fn in_context(window: &mut [(RankSignals, usize)], passages: &[PassageRef]) {
    // Own score of each candidate by ordinal, with whether it is prose
    // (see `prose`): only prose lends to prose; a heading and code are
    // weighed by their kind, which borrowing would undo.
    let mut by_ord: FastMap<u32, (u32, f32, bool)> = FastMap::default();
    let mut by_doc: FastMap<u32, f32> = FastMap::default();
    let mut best = 0f32;
    for (signals, i) in window.iter() {
        let p = &passages[*i];
        if p.info.kind == PassageKind::Heading {
            continue;
        }
        let own = signals.passage;
        by_ord.insert(p.ord, (p.doc_index(), own, prose(p)));
        let doc = by_doc.entry(p.doc_index()).or_insert(0.0);
        *doc = doc.max(own);
        best = best.max(own);
    }
    if best <= 0.0 {
        return;
    }
    for (signals, i) in window.iter_mut() {
        let p = &passages[*i];
        let doc = p.doc_index();
        let lent = |ord: Option<u32>| match ord.and_then(|o| by_ord.get(&o)) {
            Some(&(d, own, true)) if d == doc && prose(p) => own,
            _ => 0.0,
        };
        let neighbours = lent(p.ord.checked_sub(1)).max(lent(p.ord.checked_add(1)));
        let doc_best = by_doc.get(&doc).copied().unwrap_or(0.0);
        let lead = if lead_of_short_document(p) {
            doc_best * signals.coverage * signals.length_factor
        } else {
            0.0
        };
        *signals = signals
            .clone()
            .in_context(doc_best / best, neighbours, lead);
    }
}

/// True when `p` is the first passage of its document, and prose (a
/// paragraph or a quotation: a list, a table or code does not sum up a
/// page), and the document has at most
/// [`LEAD_MAX_PASSAGES`](crate::weights::LEAD_MAX_PASSAGES) passages,
/// headings and page furniture aside (neither is a lead, and a page's
/// menus do not make it long). Reads the passages around `p` in
/// the table, a bounded number of them: a document with many headings or
/// much furniture is taken as long.
fn lead_of_short_document(p: &PassageRef) -> bool {
    let text = |q: &PassageRef| q.info.kind != PassageKind::Heading && q.info.furniture.is_none();
    let max = lead_max_passages();
    if !prose(p) || !text(p) || max == 0 {
        return false;
    }
    // Passages read at most, on either side.
    let reach = 4 * max as i64;
    let mut delta = -1;
    loop {
        match p.beside(delta) {
            Some(q) if q.doc_index() == p.doc_index() => {
                if text(&q) || delta <= -reach {
                    return false;
                }
            }
            _ => break,
        }
        delta -= 1;
    }
    let mut count = 1;
    for delta in 1..=reach {
        match p.beside(delta) {
            Some(q) if q.doc_index() == p.doc_index() => {
                count += usize::from(text(&q));
                if count > max {
                    return false;
                }
            }
            _ => return true,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use crate::engine::tests::{engine, ids};
    use crate::{SearchOptions, SearchResults};

    fn explained(engine: &crate::Engine, query: &str) -> SearchResults {
        let options = SearchOptions {
            explain: true,
            ..SearchOptions::default()
        };
        engine.search(query, options).unwrap()
    }

    #[test]
    fn an_answer_that_does_not_name_its_subject_is_found_through_the_paragraph_before_it() {
        // The answer (a:5) says "la configurer" and leans on a:3 for what
        // "la" is; b:3 meets "configurer" by chance and by BM25 alone
        // ranks above the answer (shorter, the word twice).
        let (_dir, engine) = engine(&[
            (
                "a.txt",
                "Imprimantes\n\nUne imprimante réseau se partage entre tous les postes \
                 du bureau, pour peu qu’elle soit bien installée.\n\nPour la configurer, \
                 ouvrez les paramètres, choisissez Ajouter, puis saisissez l’adresse \
                 indiquée sur l’étiquette de l’appareil.\n",
            ),
            (
                "b.txt",
                "Routeur\n\nConfigurer le routeur : configurer d’abord le mot de passe \
                 choisi à l’installation.\n",
            ),
        ]);
        let results = explained(&engine, "configurer une imprimante réseau");
        let order = ids(&results);
        assert_eq!(order[..2], ["a:3", "a:5"], "{results:#?}");
        let chance = order.iter().position(|&id| id == "b:3").unwrap();
        let answer = results.hits[1].explain.as_ref().unwrap();
        let chance = results.hits[chance].explain.as_ref().unwrap();
        assert!(answer.own < chance.own, "BM25 alone puts the answer lower");
        assert!(answer.from_neighbours > 0.0 && chance.from_neighbours == 0.0);
    }

    #[test]
    fn a_passage_of_the_article_on_the_subject_comes_before_a_chance_meeting_elsewhere() {
        // a is about backups: its second passage on them (a:7), apart from
        // the first, holds the word less well than b:5 (twice), which
        // meets it in an article about something else.
        let (_dir, engine) = engine(&[
            (
                "a.txt",
                "Sauvegardes\n\nLa sauvegarde chiffrée des dossiers personnels se règle \
                 dans l’outil de sauvegarde, qui chiffre chaque archive avant de \
                 l’envoyer.\n\nLe calendrier se choisit dans un autre onglet de la \
                 fenêtre principale.\n\nUne sauvegarde se restaure depuis le même outil, \
                 dossier par dossier ou fichier par fichier, à la date voulue parmi \
                 celles que propose la liste.\n",
            ),
            (
                "b.txt",
                "Jardinage\n\nArroser le soir limite l’évaporation.\n\nLa sauvegarde \
                 des semences, une sauvegarde annuelle, se note au carnet avec la date \
                 et le lieu de chaque sachet.\n",
            ),
        ]);
        let results = explained(&engine, "sauvegarde chiffrée");
        let order = ids(&results);
        let (article, chance) = (
            order.iter().position(|&id| id == "a:7").unwrap(),
            order.iter().position(|&id| id == "b:5").unwrap(),
        );
        assert_eq!(order[0], "a:3");
        let own = |i: usize| results.hits[i].explain.as_ref().unwrap().own;
        assert!(own(article) < own(chance), "{results:#?}");
        assert!(article < chance, "{order:?}");
        let explanation = results.hits[article].explain.as_ref().unwrap();
        assert_eq!(
            (explanation.article, explanation.from_neighbours),
            (1.0, 0.0)
        );
    }

    #[test]
    fn the_lead_of_a_short_page_on_the_subject_comes_first() {
        // A help page whose title does not say its subject: its first
        // paragraph says what it is about (a:3), with the query's words
        // less often than the step after it (a:5), which BM25 alone ranks
        // first.
        // A long document's first paragraph (b:3) is not its lead. (The
        // step says « Envoyer », not « Publier », a word derived from
        // the query's, that would make it the better match.)
        let mut long =
            String::from("Journal\n\nLa publication de l’agenda du club a lieu chaque lundi.\n");
        for i in 0..20 {
            long.push_str(&format!(
                "\nLe point {i} de la réunion porte sur le budget.\n"
            ));
        }
        let (_dir, engine) = engine(&[
            (
                "a.txt",
                "Aide\n\nLa publication d’un agenda le rend visible par d’autres \
                 personnes : il est envoyé vers un serveur Web, à chaque \
                 modification ou à la fréquence choisie.\n\nPour la publication, \
                 choisissez Envoyer dans le menu Actions, puis l’agenda à envoyer, le \
                 serveur qui reçoit l’agenda et la fréquence de la publication.\n\nLa publication se fait ensuite à chaque modification.\n",
            ),
            ("b.txt", long.as_str()),
        ]);
        let results = explained(&engine, "publication d’agenda");
        let hit = |id: &str| {
            let hit = results.hits.iter().find(|h| h.citation.id == id);
            hit.unwrap().explain.clone().unwrap()
        };
        assert!(hit("a:3").own < hit("a:5").own, "{results:#?}");
        assert_eq!(ids(&results)[0], "a:3", "{results:#?}");
        assert!(hit("a:3").lead > 0.0 && hit("a:5").lead == 0.0);
        assert_eq!(hit("b:3").lead, 0.0, "a long document has no lead");
    }

    #[test]
    fn a_list_item_lends_nothing_to_its_neighbours() {
        // Items of a list are siblings, each with its subject: a:5 is
        // between the item that names the subject and the paragraph that
        // names it again, and gets nothing from either, where a:9, after
        // that paragraph, does.
        let (_dir, engine) = engine(&[(
            "a.txt",
            "Défis\n\nLes défis :\n- La confidentialité des données des patients, \
             sensible.\n- Le coût des données et des serveurs.\n\nLa confidentialité \
             des données des patients doit être garantie.\n\nLe coût des données \
             pèse aussi sur les budgets.\n",
        )]);
        let results = explained(&engine, "confidentialité des données patients");
        let neighbours = |id: &str| {
            let hit = results.hits.iter().find(|h| h.citation.id == id).unwrap();
            hit.explain.as_ref().unwrap().neighbours
        };
        assert_eq!(neighbours("a:5"), 0.0, "{results:#?}");
        assert!(neighbours("a:9") > 0.0, "{results:#?}");
    }
}
