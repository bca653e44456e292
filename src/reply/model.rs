//! What the bot says, independent of where it is said: the console prints a
//! [`Reply`] as text, the Discord adapter turns it into an embed.

use std::ops::Range;

use crate::knowledge::PassageId;

/// Text with some parts marked as matched words (shown in bold).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RichText {
    pub spans: Vec<Span>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub highlighted: bool,
}

impl RichText {
    pub fn plain(text: impl Into<String>) -> Self {
        let text = text.into();
        if text.is_empty() {
            return Self::default();
        }
        Self {
            spans: vec![Span {
                text,
                highlighted: false,
            }],
        }
    }

    /// `text` with the given byte ranges highlighted; ranges that overlap,
    /// are out of order or do not fall on character boundaries are ignored.
    pub fn highlighted(text: &str, ranges: &[Range<usize>]) -> Self {
        let mut out = Self::default();
        let mut at = 0;
        for range in ranges {
            let valid = range.start >= at
                && range.start < range.end
                && range.end <= text.len()
                && text.is_char_boundary(range.start)
                && text.is_char_boundary(range.end);
            if !valid {
                continue;
            }
            out.push(&text[at..range.start], false);
            out.push(&text[range.clone()], true);
            at = range.end;
        }
        out.push(&text[at..], false);
        out
    }

    /// Appends text, merging with the previous span when it looks the same.
    pub fn push(&mut self, text: &str, highlighted: bool) {
        if text.is_empty() {
            return;
        }
        match self.spans.last_mut() {
            Some(last) if last.highlighted == highlighted => last.text.push_str(text),
            _ => self.spans.push(Span {
                text: text.to_string(),
                highlighted,
            }),
        }
    }

    pub fn append(&mut self, other: RichText) {
        for span in other.spans {
            self.push(&span.text, span.highlighted);
        }
    }

    /// The text without marks.
    pub fn to_plain(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

/// What a reply is, so adapters can style it (colour, ephemeral notices, buttons).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyKind {
    /// One passage shown in full (`/strategy 7`).
    Passage,
    /// An overview (`/strategy`, `/mission`, `/aims`, help).
    Overview,
    /// The passages answering a question.
    Answer,
    /// A question nothing in the knowledge answers.
    NothingRelevant,
    /// The user asked for something impossible (point 13, not a number, empty).
    Problem,
}

/// A named part of a reply (an embed field on Discord).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub value: RichText,
}

/// A passage a reply quotes, and how it is cited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub id: PassageId,
    /// "Stratégia IOM, bod 7"
    pub label: String,
}

/// A passage offered when nothing answered a question: what it came
/// closest to, clearly not an answer ("Možno ste mysleli: bod 5 — …").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub id: PassageId,
    /// Its short name: "bod 5", "cieľ 2", "poslanie".
    pub name: String,
    /// The beginning of its text, in the reply's language.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub kind: ReplyKind,
    pub title: String,
    pub body: RichText,
    pub fields: Vec<Field>,
    pub citations: Vec<Citation>,
    pub footer: Option<String>,
    /// For "nothing relevant": the passages the question came closest to.
    pub suggestions: Vec<Suggestion>,
}

impl Reply {
    /// A short reply without fields or citations.
    pub fn notice(kind: ReplyKind, title: impl Into<String>, body: impl Into<String>) -> Self {
        Self {
            kind,
            title: title.into(),
            body: RichText::plain(body),
            fields: Vec::new(),
            citations: Vec::new(),
            footer: None,
            suggestions: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlighted_splits_text_into_spans() {
        let raw = "ľudské práva migrantov";
        let m = raw.find("migrantov").expect("present");
        let t = RichText::highlighted(raw, &[0.."ľudské".len(), m..raw.len()]);
        let parts: Vec<(&str, bool)> = t
            .spans
            .iter()
            .map(|s| (s.text.as_str(), s.highlighted))
            .collect();
        assert_eq!(
            parts,
            [("ľudské", true), (" práva ", false), ("migrantov", true)]
        );
        assert_eq!(t.to_plain(), "ľudské práva migrantov");
    }

    #[test]
    fn bad_ranges_are_ignored() {
        let t = RichText::highlighted(
            "ľudia",
            &[1..2, 0..99, std::ops::Range { start: 3, end: 1 }],
        );
        assert_eq!(t.spans.len(), 1);
        assert!(!t.spans[0].highlighted);
    }
}
