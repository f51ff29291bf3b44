//! A passage with its neighbours in its document, as `fouille show` and
//! `/passages/{id}` give it.

use crate::engine::Engine;
use crate::error::QueryError;
use crate::hit::{Citation, PassageContext};

impl Engine {
    /// The passage `id` with up to `context` passages of its document on
    /// each side.
    pub fn passage(&self, id: &str, context: usize) -> Result<PassageContext, QueryError> {
        let table = self.table();
        let Some(passage) = table.find(id) else {
            return Err(QueryError::UnknownPassage { id: id.to_string() });
        };
        let same_doc = |ord: u32| {
            table
                .passage(ord)
                .filter(|p| p.doc_index() == passage.doc_index())
        };
        let citer = self.citer();
        let context = u32::try_from(context).unwrap_or(u32::MAX);
        let before = (passage.ord.saturating_sub(context)..passage.ord)
            .filter_map(same_doc)
            .map(|p| citer.citation(&p))
            .collect::<Result<_, _>>()?;
        let after = (passage.ord.saturating_add(1)..=passage.ord.saturating_add(context))
            .map_while(same_doc)
            .map(|p| citer.citation(&p))
            .collect::<Result<_, _>>()?;
        Ok(PassageContext {
            passage: citer.citation(&passage)?,
            before,
            after,
        })
    }

    /// Every passage judged page furniture, in corpus order, each citation
    /// naming its rule (`Citation::furniture`): what searches leave out
    /// unless asked, listed by `fouille index --list-skipped`.
    pub fn furniture(&self) -> impl Iterator<Item = Result<Citation, QueryError>> + '_ {
        let table = self.table();
        (0..table.len() as u32)
            .filter_map(|ord| table.passage(ord))
            .filter(|p| p.info.furniture.is_some())
            .map(|p| self.citer().citation(&p))
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::tests::{engine, ARTICLE};
    use crate::error::QueryError;

    #[test]
    fn a_passage_with_its_context() {
        let (_dir, engine) = engine(&[("a.txt", ARTICLE), ("b.txt", "Autre\nTexte de b.\n")]);
        let context = engine.passage("a:3", 1).unwrap();
        assert_eq!(context.passage.id, "a:3");
        let before: Vec<&str> = context.before.iter().map(|c| c.id.as_str()).collect();
        let after: Vec<&str> = context.after.iter().map(|c| c.id.as_str()).collect();
        // The heading between two passages is in their context.
        assert_eq!((before, after), (vec!["a:2"], vec!["a:4"]));
        assert_eq!(context.after[0].kind, "heading");
        assert_eq!(context.after[0].text, "Une section");
        let edge = engine.passage("a:6", 5).unwrap();
        // The title (line 1) is a passage too.
        assert_eq!(edge.before.len(), 5);
        assert!(edge.after.is_empty());
        assert!(matches!(
            engine.passage("a:99", 1),
            Err(QueryError::UnknownPassage { .. })
        ));
    }
}
