//! Locating matched words in a passage's text, and cutting a snippet around them.

use std::ops::Range;

/// Byte ranges of matched words, in text order, with those separated only
/// by spaces joined into one.
pub fn merge(text: &str, words: impl IntoIterator<Item = Range<usize>>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for range in words {
        match out.last_mut() {
            Some(last) if text[last.end..range.start].chars().all(|c| c == ' ') => {
                last.end = range.end
            }
            _ => out.push(range),
        }
    }
    out
}

/// A window of about `max_chars` characters of `text` around its first
/// highlighted word, cut at word boundaries, with the highlights shifted into
/// it. Returns (start byte, end byte) of the window in `text`.
pub fn snippet(text: &str, highlights: &[Range<usize>], max_chars: usize) -> Range<usize> {
    if text.chars().count() <= max_chars {
        return 0..text.len();
    }
    // A highlight that is not a position in `text` is no place to focus on.
    let focus = highlights
        .first()
        .map(|r| r.start)
        .filter(|&at| text.is_char_boundary(at))
        .unwrap_or(0);
    // Start a little before the first match so it reads in context.
    let lead = max_chars / 4;
    let mut start = text[..focus]
        .char_indices()
        .rev()
        .nth(lead)
        .map_or(0, |(i, _)| i);
    if start > 0 {
        // After the first whitespace character, however many bytes it takes
        // (a no-break space is two, an ideographic space three).
        start = text[start..]
            .char_indices()
            .find(|(_, c)| c.is_whitespace())
            .map_or(start, |(i, c)| start + i + c.len_utf8())
            .min(focus);
    }
    let end = text[start..]
        .char_indices()
        .nth(max_chars)
        .map_or(text.len(), |(i, _)| start + i);
    let end = if end < text.len() {
        text[start..end]
            .rfind(char::is_whitespace)
            .map_or(end, |i| start + i)
    } else {
        end
    };
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::analyzer::{Analyzers, TextKind, find_terms};

    #[test]
    fn adjacent_matches_merge() {
        let mut analyzers = Analyzers::new(crate::knowledge::Language::Sk);
        let text = "riešení otázok nelegálnej migrácie, napr. migrácie";
        let words = find_terms(
            &mut analyzers,
            TextKind::Text,
            text,
            &["nelegaln", "migrac"],
        );
        let found: Vec<&str> = merge(text, words.into_iter().map(|(_, _, r)| r))
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(found, ["nelegálnej migrácie", "migrácie"]);
    }

    #[test]
    fn short_text_is_its_own_snippet() {
        assert_eq!(snippet("krátky text", &[], 50), 0.."krátky text".len());
    }

    #[test]
    fn snippet_starts_after_any_whitespace_character() {
        for space in [
            '\u{a0}', '\u{2009}', '\u{202f}', '\u{3000}', '\u{2028}', '\u{1680}',
        ] {
            let text = format!("slovo{space}").repeat(40) + "migrácia " + &"ďalšie ".repeat(40);
            let at = text.find("migrácia").expect("present");
            let window = snippet(&text, &[at..at + "migrácia".len()], 60);
            assert!(
                text.is_char_boundary(window.start) && text.is_char_boundary(window.end),
                "{space:?}: {window:?}"
            );
            assert!(text[window].contains("migrácia"), "{space:?}");
        }
        // A highlight inside a character is ignored rather than trusted.
        let text = "ľ".repeat(100);
        let window = snippet(&text, &[1..3], 10);
        assert!(text.is_char_boundary(window.start) && text.is_char_boundary(window.end));
    }

    #[test]
    fn snippet_surrounds_the_first_match_on_word_boundaries() {
        let text = "slovo ".repeat(40) + "migrácia " + &"ďalšie ".repeat(40);
        let at = text.find("migrácia").expect("present");
        let window = snippet(&text, &[at..at + "migrácia".len()], 60);
        let cut = &text[window.clone()];
        assert!(cut.contains("migrácia"), "{cut}");
        assert!(cut.chars().count() <= 60);
        assert!(!cut.starts_with(' ') && !cut.ends_with(' '), "{cut:?}");
        assert!(text.is_char_boundary(window.start) && text.is_char_boundary(window.end));
    }
}
