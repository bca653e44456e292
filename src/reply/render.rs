//! Reply → text. [`markdown`] produces Discord-flavoured parts (escaped passage
//! text, matched words in bold) cut to Discord's limits; [`plain`] produces the
//! console's text.
//!
//! Limits are counted in UTF-16 code units, as Discord counts them, and text is
//! only ever cut between characters, never inside an escape or a bold marker.

use crate::reply::{Reply, RichText};
use crate::terminal;

/// Discord's limits for one embed (and one message, which carries one embed).
pub mod limits {
    pub const TITLE: usize = 256;
    pub const DESCRIPTION: usize = 4096;
    pub const FIELDS: usize = 25;
    pub const FIELD_NAME: usize = 256;
    pub const FIELD_VALUE: usize = 1024;
    pub const FOOTER: usize = 2048;
    pub const EMBED_TOTAL: usize = 6000;
    pub const MESSAGE_CONTENT: usize = 2000;
}

/// A reply as Discord shows it, every part within its limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embed {
    pub title: String,
    pub description: String,
    pub fields: Vec<(String, String)>,
    pub footer: Option<String>,
}

impl Embed {
    /// Length as Discord counts it towards the 6000 total.
    pub fn total_len(&self) -> usize {
        units(&self.title)
            + units(&self.description)
            + self
                .fields
                .iter()
                .map(|(n, v)| units(n) + units(v))
                .sum::<usize>()
            + self.footer.as_deref().map_or(0, units)
    }
}

/// UTF-16 code units: what Discord's limits count.
pub fn units(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

const ELLIPSIS: char = '…';

/// Characters Discord markdown gives a meaning to; escaped in passage text so
/// the organization's words show as written.
fn needs_escape(c: char) -> bool {
    matches!(
        c,
        '\\' | '*'
            | '_'
            | '~'
            | '`'
            | '|'
            | '>'
            | '<'
            | '#'
            | '-'
            | '['
            | ']'
            | '('
            | ')'
            | '@'
            | ':'
    )
}

/// Markdown for rich text within `limit` code units: escaped, matched words in
/// bold, cut with "…" when too long.
pub fn markdown_text(text: &RichText, limit: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for span in &text.spans {
        let marker = if span.highlighted { "**" } else { "" };
        // Room for this span's closing marker and a final ellipsis.
        let reserve = marker.len() + ELLIPSIS.len_utf16();
        if used + marker.len() + reserve > limit {
            out.push(ELLIPSIS);
            return out;
        }
        out.push_str(marker);
        used += marker.len();
        for c in span.text.chars() {
            let piece_len = if needs_escape(c) { 2 } else { c.len_utf16() };
            if used + piece_len + reserve > limit {
                out.push_str(marker);
                out.push(ELLIPSIS);
                return out;
            }
            if needs_escape(c) {
                out.push('\\');
            }
            out.push(c);
            used += piece_len;
        }
        out.push_str(marker);
        used += marker.len();
    }
    out
}

/// Plain text (titles, footers, field names) cut to `limit` code units.
pub fn cut(text: &str, limit: usize) -> String {
    if units(text) <= limit {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        if used + c.len_utf16() + ELLIPSIS.len_utf16() > limit {
            break;
        }
        out.push(c);
        used += c.len_utf16();
    }
    out.push(ELLIPSIS);
    out
}

/// The reply as Discord embed parts within all of Discord's limits.
pub fn markdown(reply: &Reply) -> Embed {
    let mut embed = Embed {
        title: cut(&reply.title, limits::TITLE),
        description: markdown_text(&reply.body, limits::DESCRIPTION),
        fields: reply
            .fields
            .iter()
            .take(limits::FIELDS)
            .map(|f| {
                (
                    cut(&f.name, limits::FIELD_NAME),
                    markdown_text(&f.value, limits::FIELD_VALUE),
                )
            })
            .collect(),
        footer: reply.footer.as_deref().map(|f| cut(f, limits::FOOTER)),
    };
    while embed.total_len() > limits::EMBED_TOTAL && !embed.fields.is_empty() {
        embed.fields.pop();
    }
    if embed.total_len() > limits::EMBED_TOTAL {
        let rest = embed.total_len() - units(&embed.description);
        embed.description = markdown_text(&reply.body, limits::EMBED_TOTAL.saturating_sub(rest));
    }
    embed
}

/// How matched words are marked in plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Emphasis {
    /// Terminal bold (an interactive console).
    Ansi,
    /// `**word**`, readable in logs and pipes.
    Stars,
}

/// Rich text as plain text, matched words marked as `emphasis` says.
pub fn plain_text(text: &RichText, emphasis: Emphasis) -> String {
    let (open, close) = match emphasis {
        Emphasis::Ansi => ("\x1b[1m", "\x1b[0m"),
        Emphasis::Stars => ("**", "**"),
    };
    text.spans
        .iter()
        .map(|s| {
            let shown = terminal::safe(&s.text);
            if s.highlighted {
                format!("{open}{shown}{close}")
            } else {
                shown.into_owned()
            }
        })
        .collect()
}

/// The reply as console text.
pub fn plain(reply: &Reply, emphasis: Emphasis) -> String {
    let mut out = String::new();
    out.push_str(&terminal::safe(&reply.title));
    out.push('\n');
    out.push_str(&"─".repeat(reply.title.chars().count().clamp(3, 60)));
    out.push('\n');
    let body = plain_text(&reply.body, emphasis);
    out.push_str(body.trim_end());
    out.push('\n');
    for field in &reply.fields {
        out.push('\n');
        out.push_str(&format!("▸ {}\n", terminal::safe(&field.name)));
        out.push_str(plain_text(&field.value, emphasis).trim_end());
        out.push('\n');
    }
    if let Some(footer) = &reply.footer {
        out.push('\n');
        out.push_str(&terminal::safe(footer));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::{Field, ReplyKind};

    #[test]
    fn markdown_is_escaped_and_bold() {
        let raw = "a *b* @everyone migrácia_x";
        let at = raw.find("migrácia").expect("present");
        let text = RichText::highlighted(raw, &[at..at + "migrácia".len()]);
        assert_eq!(
            markdown_text(&text, 100),
            "a \\*b\\* \\@everyone **migrácia**\\_x"
        );
    }

    #[test]
    fn cutting_never_splits_escapes_markers_or_characters() {
        let text = RichText::highlighted("ľľľ *** ššš", &[0..6]);
        for limit in 0..40 {
            let out = markdown_text(&text, limit);
            assert!(
                units(&out) <= limit.max(1),
                "limit {limit}: {out:?} is {}",
                units(&out)
            );
            assert_eq!(
                out.matches("**").count() % 2,
                0,
                "limit {limit}: unbalanced {out:?}"
            );
            let trailing_backslashes = out
                .trim_end_matches('…')
                .chars()
                .rev()
                .take_while(|&c| c == '\\')
                .count();
            assert_eq!(
                trailing_backslashes % 2,
                0,
                "limit {limit}: dangling escape {out:?}"
            );
        }
    }

    #[test]
    fn cut_counts_utf16_units() {
        assert_eq!(cut("😀😀😀", 5), "😀😀…");
        assert_eq!(cut("krátke", 6), "krátke");
        assert_eq!(units(&cut(&"č".repeat(300), limits::TITLE)), limits::TITLE);
    }

    #[test]
    fn an_oversized_reply_fits_every_limit() {
        let long = "slovo ".repeat(2000);
        let reply = Reply {
            kind: ReplyKind::Answer,
            title: long.clone(),
            body: RichText::plain(long.clone()),
            fields: (0..40)
                .map(|i| Field {
                    name: format!("{i} {long}"),
                    value: RichText::highlighted(&long, &[0..5]),
                })
                .collect(),
            citations: Vec::new(),
            footer: Some(long),
            suggestions: Vec::new(),
        };
        let embed = markdown(&reply);
        assert!(units(&embed.title) <= limits::TITLE);
        assert!(units(&embed.description) <= limits::DESCRIPTION);
        assert!(embed.fields.len() <= limits::FIELDS);
        for (name, value) in &embed.fields {
            assert!(units(name) <= limits::FIELD_NAME && units(value) <= limits::FIELD_VALUE);
        }
        assert!(
            embed.total_len() <= limits::EMBED_TOTAL,
            "{}",
            embed.total_len()
        );
    }
}
