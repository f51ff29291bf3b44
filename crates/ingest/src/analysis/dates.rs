//! Dates: the names of the months as the analyzer stems them, and years.
//! A passage that holds one may answer a question asking "when".

/// True for a month's name as the analyzer stems it (`janvier` → `janvi`,
/// `mars` → `mar`, `août` → `aout`).
pub fn is_month_stem(term: &str) -> bool {
    matches!(
        term,
        "janvi"
            | "fevri"
            | "mar"
            | "avril"
            | "mai"
            | "juin"
            | "juillet"
            | "aout"
            | "septembr"
            | "octobr"
            | "novembr"
            | "decembr"
    )
}

/// True for a term that is a year: four digits, 1000 to 2999.
pub fn is_year(term: &str) -> bool {
    term.len() == 4
        && term.bytes().all(|b| b.is_ascii_digit())
        && matches!(term.as_bytes()[0], b'1' | b'2')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::FrenchAnalyzer;

    #[test]
    fn every_month_name_stems_to_a_month_stem() {
        let months = "janvier février mars avril mai juin juillet août septembre octobre \
                      novembre décembre JANVIER Fevrier aout";
        let tokens = FrenchAnalyzer::new().analyze(months);
        assert_eq!(tokens.len(), 15);
        for token in tokens {
            assert!(is_month_stem(&token.term), "{}", token.term);
        }
        assert!(!is_month_stem("mois"));
        assert!(is_year("2030") && is_year("1789"));
        assert!(!is_year("3000") && !is_year("203") && !is_year("20300"));
    }
}
