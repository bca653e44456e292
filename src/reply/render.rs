//! Reply → text. [`markdown`] produces Discord-flavoured parts (escaped passage
//! text, matched words in bold) cut to Discord's limits; [`plain`] produces the
//! console's text.
//!
//! Limits are counted in UTF-16 code units, as Discord counts them, and text is
//! only ever cut between characters, never inside an escape or a bold marker.
//!
//! With the site of the knowledge (`[site] url`), [`markdown_linked`] links
//! each citation to its passage's anchor there: the title to the passage it
//! names, a field to the passage it quotes, the others in a line under the
//! description.

use crate::knowledge::PassageId;
use crate::reply::{Citation, Reply, RichText};
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
    /// Where the title links to: the cited passage on the site, when there is one.
    pub url: Option<String>,
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
    markdown_linked(reply, None)
}

/// A passage's address on the site at `site`: its anchor, the passage id.
pub fn anchor(site: &str, id: PassageId) -> String {
    format!("{site}#{id}")
}

/// Most of the description the line of further links may take, so the
/// reply's own text always keeps most of its room.
const LINKS_MAX: usize = 1000;

/// Where each citation of a reply is linked from.
struct Linked {
    /// The title's link.
    title: Option<String>,
    /// Per field (by position), the link appended to its value.
    fields: Vec<Option<String>>,
    /// The line of the other citations' links, under the description.
    line: String,
}

impl Linked {
    fn of(reply: &Reply, site: Option<&str>) -> Self {
        let mut linked = Self {
            title: None,
            fields: vec![None; reply.fields.len()],
            line: String::new(),
        };
        let Some(site) = site else {
            return linked;
        };
        // The title links to the citation it names, else to the first one.
        let titled = reply
            .citations
            .iter()
            .position(|c| c.label == reply.title)
            .or((!reply.citations.is_empty()).then_some(0));
        linked.title = titled.map(|i| anchor(site, reply.citations[i].id));
        let mut rest: Vec<&Citation> = Vec::new();
        for (i, citation) in reply.citations.iter().enumerate() {
            if Some(i) == titled {
                continue;
            }
            let field = (0..reply.fields.len())
                .find(|&f| reply.fields[f].name == citation.label && linked.fields[f].is_none());
            match field {
                Some(field) => {
                    linked.fields[field] = Some(format!(" [↗]({})", anchor(site, citation.id)));
                }
                None => rest.push(citation),
            }
        }
        for citation in rest {
            let label = markdown_text(&RichText::plain(citation.label.as_str()), limits::TITLE);
            let link = format!("[{label}]({})", anchor(site, citation.id));
            let separator = if linked.line.is_empty() {
                "\n\n"
            } else {
                " · "
            };
            if units(&linked.line) + units(separator) + units(&link) > LINKS_MAX {
                break;
            }
            linked.line.push_str(separator);
            linked.line.push_str(&link);
        }
        linked
    }

    /// The description within `limit`, the line of links after it.
    fn description(&self, body: &RichText, limit: usize) -> String {
        let mut description = markdown_text(body, limit.saturating_sub(units(&self.line)));
        description.push_str(&self.line);
        description
    }

    /// A field's value within its limit, its link after it.
    fn field(&self, at: usize, value: &RichText) -> String {
        let link = self.fields.get(at).and_then(Option::as_deref).unwrap_or("");
        let mut out = markdown_text(value, limits::FIELD_VALUE.saturating_sub(units(link)));
        out.push_str(link);
        out
    }
}

/// [`markdown`], each citation linked to its passage on the site at `site`
/// (`[site] url`); without a site, nothing is linked.
pub fn markdown_linked(reply: &Reply, site: Option<&str>) -> Embed {
    let linked = Linked::of(reply, site);
    let mut embed = Embed {
        title: cut(&reply.title, limits::TITLE),
        url: linked.title.clone(),
        description: linked.description(&reply.body, limits::DESCRIPTION),
        fields: reply
            .fields
            .iter()
            .take(limits::FIELDS)
            .enumerate()
            .map(|(at, f)| (cut(&f.name, limits::FIELD_NAME), linked.field(at, &f.value)))
            .collect(),
        footer: reply.footer.as_deref().map(|f| cut(f, limits::FOOTER)),
    };
    while embed.total_len() > limits::EMBED_TOTAL && !embed.fields.is_empty() {
        embed.fields.pop();
    }
    if embed.total_len() > limits::EMBED_TOTAL {
        let rest = embed.total_len() - units(&embed.description);
        embed.description =
            linked.description(&reply.body, limits::EMBED_TOTAL.saturating_sub(rest));
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

    fn cited(title: &str, ids: &[(PassageId, &str)], fields: &[&str]) -> Reply {
        Reply {
            kind: ReplyKind::Answer,
            title: title.into(),
            body: RichText::plain("text"),
            fields: fields
                .iter()
                .map(|name| Field {
                    name: name.to_string(),
                    value: RichText::plain("value"),
                })
                .collect(),
            citations: ids
                .iter()
                .map(|(id, label)| Citation {
                    id: *id,
                    label: label.to_string(),
                })
                .collect(),
            footer: None,
            suggestions: Vec::new(),
        }
    }

    #[test]
    fn citations_link_to_their_anchors_only_with_a_site() {
        let site = "https://example.org/iom/";
        let reply = cited(
            "Stratégia, bod 7",
            &[
                (PassageId::Strategy(7), "Stratégia, bod 7"),
                (PassageId::Strategy(5), "Stratégia, bod 5"),
                (PassageId::Aim(2), "Poslanie [IOM], cieľ 2"),
            ],
            &["Stratégia, bod 5"],
        );
        let plain = markdown(&reply);
        assert_eq!(plain.url, None);
        assert_eq!(plain.description, "text");
        assert_eq!(plain.fields[0].1, "value");

        let linked = markdown_linked(&reply, Some(site));
        assert_eq!(
            linked.url.as_deref(),
            Some("https://example.org/iom/#strategy-7")
        );
        assert_eq!(
            linked.fields[0].1,
            "value [↗](https://example.org/iom/#strategy-5)"
        );
        assert_eq!(
            linked.description,
            "text\n\n[Poslanie \\[IOM\\], cieľ 2](https://example.org/iom/#aim-2)"
        );
        // A title that names no citation links to the first.
        let overview = cited("Ciele", &[(PassageId::Aim(1), "cieľ 1")], &[]);
        assert_eq!(
            markdown_linked(&overview, Some(site)).url.as_deref(),
            Some("https://example.org/iom/#aim-1")
        );
    }

    #[test]
    fn linked_replies_keep_every_limit() {
        let long = "slovo ".repeat(2000);
        let mut reply = cited(
            &long,
            &(1..=30)
                .map(|n| (PassageId::Strategy(n), "Stratégia, bod"))
                .collect::<Vec<_>>(),
            &["Stratégia, bod"; 30],
        );
        reply.body = RichText::plain(long.clone());
        for field in &mut reply.fields {
            field.value = RichText::plain(long.clone());
        }
        let embed = markdown_linked(&reply, Some("https://example.org"));
        assert!(units(&embed.description) <= limits::DESCRIPTION);
        for (_, value) in &embed.fields {
            assert!(units(value) <= limits::FIELD_VALUE, "{value}");
            assert!(value.ends_with(")"), "the link is kept: {value}");
        }
        assert!(embed.total_len() <= limits::EMBED_TOTAL);
    }

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
