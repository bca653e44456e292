//! The proximity bonus: a passage where the question's words stand together
//! ("nelegálnej migrácie") answers it better than one where they are scattered.

/// Words this many positions apart or closer count as together (stop words
/// keep their positions, so "obchodovaním s ľuďmi" is 2 apart).
const WINDOW: usize = 3;

/// Share (0–1) of the question's consecutive word pairs that stand within
/// [`WINDOW`] positions of each other in a text. `positions[i]` holds where
/// the question's i-th word matched in it (empty when it did not).
pub fn closeness(positions: &[Vec<usize>]) -> f32 {
    if positions.len() < 2 || positions.iter().filter(|p| !p.is_empty()).count() < 2 {
        return 0.0;
    }
    let close = positions
        .windows(2)
        .filter(|pair| {
            pair[0]
                .iter()
                .any(|p| pair[1].iter().any(|q| p.abs_diff(*q) <= WINDOW))
        })
        .count();
    close as f32 / (positions.len() - 1) as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::analyzer::{Analyzers, TextKind, find_terms};

    fn positions(text: &str, groups: &[&[&str]]) -> Vec<Vec<usize>> {
        let mut analyzers = Analyzers::new(crate::knowledge::Language::Sk);
        let terms: Vec<&str> = groups.iter().flat_map(|g| g.iter().copied()).collect();
        let found = find_terms(&mut analyzers, TextKind::Text, text, &terms);
        groups
            .iter()
            .map(|g| {
                found
                    .iter()
                    .filter(|(t, _, _)| g.contains(&terms[*t]))
                    .map(|(_, p, _)| *p)
                    .collect()
            })
            .collect()
    }

    #[test]
    fn adjacent_words_are_close_scattered_ones_are_not() {
        let groups: [&[&str]; 2] = [&["nelegaln"], &["migrac"]];
        let together = "riešení otázok nelegálnej migrácie";
        let apart = "nelegálnej práce a potom veľmi dlho nič, len migrácie";
        assert_eq!(closeness(&positions(together, &groups)), 1.0);
        assert_eq!(closeness(&positions(apart, &groups)), 0.0);
        assert_eq!(closeness(&positions(together, &groups[..1])), 0.0);
    }
}
