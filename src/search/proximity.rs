//! The proximity bonus: a passage where the question's words stand together
//! ("nelegálnej migrácie") answers it better than one where they are scattered.

use tantivy::tokenizer::TextAnalyzer;

/// Words this many positions apart or closer count as together (stop words
/// keep their positions, so "obchodovaním s ľuďmi" is 2 apart).
const WINDOW: usize = 3;

/// Share (0–1) of the question's consecutive word pairs that stand within
/// [`WINDOW`] positions of each other in `text`. `groups[i]` holds the index
/// terms standing for the question's i-th word (empty when it did not match).
pub fn closeness(analyzer: &mut TextAnalyzer, text: &str, groups: &[Vec<&str>]) -> f32 {
    if groups.len() < 2 || groups.iter().filter(|g| !g.is_empty()).count() < 2 {
        return 0.0;
    }
    let mut positions: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        for (group, terms) in groups.iter().enumerate() {
            if terms.contains(&token.text.as_str()) {
                positions[group].push(token.position);
            }
        }
    }
    let close = positions
        .windows(2)
        .filter(|pair| {
            pair[0]
                .iter()
                .any(|p| pair[1].iter().any(|q| p.abs_diff(*q) <= WINDOW))
        })
        .count();
    close as f32 / (groups.len() - 1) as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::analyzer::slovak;

    #[test]
    fn adjacent_words_are_close_scattered_ones_are_not() {
        let mut analyzer = slovak();
        let groups = [vec!["nelegaln"], vec!["migrac"]];
        let together = "riešení otázok nelegálnej migrácie";
        let apart = "nelegálnej práce a potom veľmi dlho nič, len migrácie";
        assert_eq!(closeness(&mut analyzer, together, &groups), 1.0);
        assert_eq!(closeness(&mut analyzer, apart, &groups), 0.0);
        assert_eq!(closeness(&mut analyzer, together, &groups[..1]), 0.0);
    }
}
