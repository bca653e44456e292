//! Reading a Markdown document into blocks with pulldown-cmark (CommonMark),
//! after what is not its text is set aside line by line: front matter (YAML
//! `---`, TOML `+++`, a header of `Key: value` lines), MyST/Sphinx labels
//! (`(name)=`), lines that are only a template's tag (`{{< header >}}`,
//! `{% include %}`). Inside the text, template tags are removed, images'
//! alt text left out (it names a picture), HTML read by the HTML reader,
//! directives' options dropped and admonitions (`{note}`) read as text. An
//! indented code block is read as text indented too far: an organization's
//! document holds no code.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::block::{Block, Kind, Read, Reason, squash, tidy};
use super::html;

/// Reads a whole Markdown document.
pub fn read(input: &str) -> Read {
    let mut read = Read::new(input);
    let lines: Vec<&str> = input.lines().collect();
    let mut kept: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    if let Some((end, title)) = front_matter(&lines) {
        for (index, line) in kept.iter_mut().enumerate().take(end) {
            line.clear();
            read.leave(index + 1, Reason::FrontMatter);
        }
        read.title = title;
    }
    for (index, line) in kept.iter_mut().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let why = if is_label(trimmed) {
            Some("a cross-reference label")
        } else if strip_templates(trimmed)
            .trim_start_matches('#')
            .trim()
            .is_empty()
        {
            Some("a template's tag")
        } else {
            None
        };
        if let Some(why) = why {
            line.clear();
            read.leave(index + 1, Reason::Markup(why));
        }
    }
    read_into(&kept.join("\n"), 0, 0, &mut read);
    read
}

/// `(name)=` alone on a line: a MyST target for cross-references.
fn is_label(line: &str) -> bool {
    line.starts_with('(') && line.ends_with(")=") && !line.contains(' ')
}

/// The front matter's last line (1-based, so also the count of its lines)
/// and the title it gives.
fn front_matter(lines: &[&str]) -> Option<(usize, Option<String>)> {
    let first = lines.first()?.trim_start_matches('\u{feff}').trim_end();
    let end = if first == "---" || first == "+++" {
        lines
            .iter()
            .skip(1)
            .position(|l| l.trim_end() == first)
            .map(|p| p + 2)?
    } else if is_header_line(first) {
        // Pelican and MultiMarkdown: `Key: value` lines up to the first blank.
        let count = lines.iter().take_while(|l| !l.trim().is_empty()).count();
        let all = lines[..count]
            .iter()
            .all(|l| is_header_line(l) || l.starts_with([' ', '\t']));
        if !all {
            return None;
        }
        count
    } else {
        return None;
    };
    let title = lines[..end].iter().find_map(|l| {
        let (key, value) = l.split_once([':', '='])?;
        if !key.trim().eq_ignore_ascii_case("title") {
            return None;
        }
        let value = value.trim().trim_matches(['"', '\'']).trim();
        (!value.is_empty()).then(|| value.to_string())
    });
    Some((end, title))
}

/// `Key: value` with a one-word key.
fn is_header_line(line: &str) -> bool {
    let Some((key, value)) = line.split_once(':') else {
        return false;
    };
    !key.is_empty()
        && key.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && (value.starts_with([' ', '\t']) || value.is_empty())
}

/// The text with template tags (`{{ … }}`, `{% … %}`, `{{< … >}}`) removed.
pub fn strip_templates(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let open = [("{{", "}}"), ("{%", "%}")]
            .iter()
            .filter_map(|(o, c)| rest.find(o).map(|i| (i, *o, *c)))
            .min_by_key(|(i, _, _)| *i);
        let Some((start, open, close)) = open else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..start]);
        match rest[start + open.len()..].find(close) {
            Some(end) => rest = &rest[start + open.len() + end + close.len()..],
            None => {
                out.push_str(&rest[start..]);
                return out;
            }
        }
    }
}

/// The plain text of a line of Markdown (for text found inside HTML).
pub fn inline_text(text: &str) -> String {
    text.lines()
        .map(|line| {
            let line = strip_templates(line);
            let mut out = String::new();
            for event in Parser::new(&line) {
                match event {
                    Event::Text(t) | Event::Code(t) => out.push_str(&t),
                    Event::SoftBreak | Event::HardBreak => out.push(' '),
                    _ => {}
                }
            }
            squash(&strip_templates(&out))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Byte offset → line (1-based), for one text.
struct LineIndex {
    starts: Vec<usize>,
    offset: usize,
}

impl LineIndex {
    fn new(text: &str, offset: usize) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { starts, offset }
    }

    fn line(&self, byte: usize) -> usize {
        self.starts.partition_point(|&s| s <= byte) + self.offset
    }
}

/// The inline text gathered for the next block.
#[derive(Default)]
struct Inline {
    text: String,
    first: Option<usize>,
    last: usize,
    strong_from: Option<usize>,
    strong: Option<String>,
    strong_open: bool,
}

impl Inline {
    fn touch(&mut self, first: usize, last: usize) {
        self.first = Some(self.first.map_or(first, |f| f.min(first)));
        self.last = self.last.max(last);
    }
}

/// Reads Markdown `text` whose first line is input line `offset + 1`.
/// Items are nested `depth` deeper (text re-read from inside a list item).
fn read_into(text: &str, offset: usize, depth: u8, read: &mut Read) {
    let depth_base = depth;
    let index = LineIndex::new(text, offset);
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut inline = Inline::default();
    let mut pending = Kind::Paragraph;
    let mut lists: Vec<Option<u32>> = Vec::new();
    let mut image = 0usize;
    let mut html_block: Option<(String, usize)> = None;
    let mut code: Option<(String, usize, Option<String>)> = None;
    let mut in_item = 0usize;

    let flush = |inline: &mut Inline, pending: &mut Kind, read: &mut Read| {
        let taken = std::mem::take(inline);
        let kind = std::mem::replace(pending, Kind::Paragraph);
        if kind == Kind::Paragraph
            && let Some(first) = taken.first
            && numbered_lines(&taken.text, first, read)
        {
            return;
        }
        let joined = taken.text.replace(SOFT_BREAK, " ");
        let text = tidy(&strip_templates(&joined).replace('\u{a0}', " "));
        if let Some(first) = taken.first
            && !text.is_empty()
        {
            let mut block = Block::new(kind, text, first, taken.last);
            block.strong = taken.strong;
            read.blocks.push(block);
        }
    };

    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        let first = index.line(range.start);
        let last = index.line(range.end.saturating_sub(1).max(range.start));
        if let Some((buffer, _, _)) = code.as_mut() {
            match event {
                Event::Text(t) => buffer.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    if let Some((buffer, start, info)) = code.take() {
                        let nested = u8::try_from(lists.len())
                            .unwrap_or(u8::MAX)
                            .saturating_add(depth_base);
                        code_block(&buffer, start, info.as_deref(), last, nested, read);
                    }
                }
                _ => {}
            }
            continue;
        }
        if let Some((buffer, _)) = html_block.as_mut() {
            match event {
                Event::Html(t) | Event::Text(t) => buffer.push_str(&t),
                Event::End(TagEnd::HtmlBlock) => {
                    if let Some((buffer, start)) = html_block.take() {
                        html_in_markdown(&buffer, start, last, read);
                    }
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut inline, &mut pending, read);
                pending = Kind::Heading {
                    level: heading_level(level),
                };
                inline.touch(first, first);
            }
            Event::End(TagEnd::Heading(_)) => flush(&mut inline, &mut pending, read),
            Event::Start(Tag::Paragraph) => {
                if in_item == 0 || !matches!(pending, Kind::Item { .. }) {
                    flush(&mut inline, &mut pending, read);
                } else if !inline.text.trim().is_empty() {
                    inline.text.push('\n');
                }
                inline.touch(first, first);
            }
            Event::End(TagEnd::Paragraph)
                if (in_item == 0 || !matches!(pending, Kind::Item { .. })) =>
            {
                flush(&mut inline, &mut pending, read);
            }
            Event::Start(Tag::List(start)) => {
                flush(&mut inline, &mut pending, read);
                lists.push(start.map(|n| u32::try_from(n).unwrap_or(u32::MAX)));
            }
            Event::End(TagEnd::List(_)) => {
                flush(&mut inline, &mut pending, read);
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                flush(&mut inline, &mut pending, read);
                in_item += 1;
                let depth = u8::try_from(lists.len().saturating_sub(1))
                    .unwrap_or(u8::MAX)
                    .saturating_add(depth_base);
                let number = match lists.last_mut() {
                    Some(Some(next)) => {
                        let n = *next;
                        *next = next.saturating_add(1);
                        Some(n)
                    }
                    _ => None,
                };
                pending = Kind::Item { depth, number };
                inline.touch(first, first);
            }
            Event::End(TagEnd::Item) => {
                in_item = in_item.saturating_sub(1);
                flush(&mut inline, &mut pending, read);
            }
            Event::Start(Tag::BlockQuote(_))
            | Event::End(TagEnd::BlockQuote(_))
            | Event::Start(Tag::TableRow)
            | Event::Start(Tag::TableHead)
            | Event::End(TagEnd::TableRow)
            | Event::End(TagEnd::TableHead) => flush(&mut inline, &mut pending, read),
            Event::Start(Tag::TableCell) if !inline.text.trim().is_empty() => {
                inline.text.push_str(" – ");
            }
            Event::Start(Tag::Image { .. }) => image += 1,
            Event::End(TagEnd::Image) => {
                image = image.saturating_sub(1);
                read.leave_range(first, last, Reason::Markup("an image"));
            }
            Event::Start(Tag::Strong)
                if inline.text.trim().is_empty() && inline.strong.is_none() =>
            {
                inline.strong_from = Some(inline.text.len());
                inline.strong_open = true;
            }
            Event::End(TagEnd::Strong) if inline.strong_open => {
                inline.strong_open = false;
                if let Some(from) = inline.strong_from.take() {
                    let strong = squash(&strip_templates(&inline.text[from..]));
                    if !strong.is_empty() {
                        inline.strong = Some(strong);
                    }
                }
            }
            Event::Start(Tag::HtmlBlock) => {
                flush(&mut inline, &mut pending, read);
                html_block = Some((String::new(), first));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                flush(&mut inline, &mut pending, read);
                match kind {
                    CodeBlockKind::Fenced(info) => {
                        code = Some((String::new(), first + 1, Some(info.to_string())));
                    }
                    CodeBlockKind::Indented => code = Some((String::new(), first, None)),
                }
            }
            Event::Rule => {
                flush(&mut inline, &mut pending, read);
                read.blocks.push(Block::new(Kind::Break, "", first, last));
            }
            Event::Text(t) if image == 0 => {
                inline.text.push_str(&t);
                inline.touch(first, last);
            }
            Event::Code(t) if image == 0 => {
                role(&mut inline.text, &t);
                inline.touch(first, last);
            }
            Event::InlineHtml(tag) => {
                let tag = tag.trim().to_ascii_lowercase();
                if tag.starts_with("<br") {
                    inline.text.push('\n');
                }
            }
            Event::Html(t) => {
                // Raw HTML outside an HTML block: read it as a fragment.
                flush(&mut inline, &mut pending, read);
                html_in_markdown(&t, first, last, read);
            }
            Event::SoftBreak => inline.text.push(SOFT_BREAK),
            Event::HardBreak => inline.text.push('\n'),
            _ => {}
        }
    }
    flush(&mut inline, &mut pending, read);
}

/// Where a paragraph's source lines break (a soft break): a space, unless
/// every line opens with a number.
const SOFT_BREAK: char = '\u{1}';

/// A paragraph whose every line opens with a number (`1 Arrive on time`,
/// which CommonMark does not take for a list): the items of a numbered
/// list, one a line. Returns whether it was one.
fn numbered_lines(text: &str, first: usize, read: &mut Read) -> bool {
    let lines: Vec<&str> = text.split(SOFT_BREAK).collect();
    if lines.len() < 2 {
        return false;
    }
    let numbered: Vec<(u32, &str)> = lines
        .iter()
        .filter_map(|l| super::text::number_prefix(l.trim()))
        .filter(|(_, rest)| !rest.is_empty())
        .collect();
    if numbered.len() != lines.len() {
        return false;
    }
    for (k, (number, rest)) in numbered.into_iter().enumerate() {
        let line = first + k;
        read.blocks.push(Block::new(
            Kind::Item {
                depth: 0,
                number: Some(number),
            },
            tidy(&strip_templates(rest)),
            line,
            line,
        ));
    }
    true
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A code span, or a MyST role written as `{ref}` before it: the role's
/// text (`` {ref}`the text <target>` `` is "the text"), else the span's.
fn role(text: &mut String, code: &str) {
    let role_start = text
        .rfind('{')
        .filter(|&i| text.ends_with('}') && !text[i + 1..text.len() - 1].contains(' '));
    match role_start {
        Some(start) => {
            text.truncate(start);
            let shown = match code.rsplit_once('<') {
                Some((shown, _)) if !shown.trim().is_empty() => shown.trim(),
                _ => code.trim(),
            };
            text.push_str(shown);
        }
        None => text.push_str(code),
    }
}

/// A fenced or indented code block: a directive (`{note}` read as text,
/// `{image}` left out) or text indented too far (read again as Markdown).
fn code_block(
    content: &str,
    start: usize,
    info: Option<&str>,
    last: usize,
    depth: u8,
    read: &mut Read,
) {
    let directive = info
        .map(str::trim)
        .filter(|i| i.starts_with('{'))
        .map(|i| i.trim_start_matches('{').split('}').next().unwrap_or(""));
    match (info, directive) {
        (_, Some("image" | "figure" | "raw" | "toctree" | "include")) => {
            read.leave_range(start.saturating_sub(1), last, Reason::Markup("a directive"));
        }
        (_, Some(_)) => {
            read.leave(start.saturating_sub(1), Reason::Markup("a directive"));
            read.leave(last, Reason::Markup("a directive"));
            let lines: Vec<String> = content
                .lines()
                .enumerate()
                .map(|(i, l)| {
                    if l.trim_start().starts_with(':') && l.trim_end().len() > 1 {
                        read.leave(start + i, Reason::Markup("a directive's option"));
                        String::new()
                    } else {
                        l.to_string()
                    }
                })
                .collect();
            read_into(&lines.join("\n"), start - 1, depth, read);
        }
        (None, None) => read_into(content, start - 1, depth, read),
        (Some(_), None) => {
            read.leave(start.saturating_sub(1), Reason::Markup("a code fence"));
            read.leave(last, Reason::Markup("a code fence"));
            let text = tidy(content);
            if !text.is_empty() {
                read.blocks.push(Block::new(
                    Kind::Paragraph,
                    text,
                    start,
                    start + content.lines().count().saturating_sub(1),
                ));
            }
        }
    }
}

/// HTML inside Markdown, from input line `first` to `last`: a comment is
/// left out; anything else is read by the HTML reader, the Markdown inside
/// its text read too.
fn html_in_markdown(raw: &str, first: usize, last: usize, read: &mut Read) {
    let trimmed = raw.trim();
    if trimmed.starts_with("<!--") && trimmed.ends_with("-->") {
        read.leave_range(first, last, Reason::Markup("a comment"));
        return;
    }
    let before = read.blocks.len();
    html::read_fragment(raw, first, read);
    for block in &mut read.blocks[before..] {
        block.text = inline_text(&block.text);
    }
    read.blocks
        .retain(|b| b.kind == Kind::Break || !b.text.is_empty());
    for line in first..=last {
        if !read.blocks[before.min(read.blocks.len())..]
            .iter()
            .any(|b| (b.first..=b.last).contains(&line))
        {
            read.leave(line, Reason::Markup("HTML tags"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_of_every_kind_is_set_aside() {
        let yaml = read("---\ntitle: \"Values\"\nlayout: page\n---\n\nText here.\n");
        assert_eq!(yaml.title.as_deref(), Some("Values"));
        assert_eq!(yaml.blocks.len(), 1);
        assert_eq!(yaml.blocks[0].first, 6);
        let pelican =
            read("Title:     Code of Conduct\nlicense: https://x\n\n# {{title}}\n\nText.\n");
        assert_eq!(pelican.title.as_deref(), Some("Code of Conduct"));
        assert_eq!(pelican.blocks.len(), 1, "{:?}", pelican.blocks);
        let toml = read("+++\ntitle = \"T\"\n+++\nText.\n");
        assert_eq!(toml.title.as_deref(), Some("T"));
    }

    #[test]
    fn lists_headings_and_inline_markup() {
        let doc = read(
            "# Title\n\nWe strive to:\n\n1. __Be open.__ We invite <u>anyone</u>.\n2. **Be kind.**  \n   Always.\n   * nested [link](x)\n\n(label)=\n```{note}\n:class: x\nA note.\n```\n",
        );
        let kinds: Vec<(Kind, &str)> = doc
            .blocks
            .iter()
            .map(|b| (b.kind, b.text.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (Kind::Heading { level: 1 }, "Title"),
                (Kind::Paragraph, "We strive to:"),
                (
                    Kind::Item {
                        depth: 0,
                        number: Some(1)
                    },
                    "Be open. We invite anyone."
                ),
                (
                    Kind::Item {
                        depth: 0,
                        number: Some(2)
                    },
                    "Be kind.\nAlways."
                ),
                (
                    Kind::Item {
                        depth: 1,
                        number: None
                    },
                    "nested link"
                ),
                (Kind::Paragraph, "A note."),
            ]
        );
        assert_eq!(doc.blocks[2].strong.as_deref(), Some("Be open."));
        assert_eq!(doc.blocks[5].first, 13);
    }

    #[test]
    fn roles_and_templates() {
        let mut text = "viz {ref}".to_string();
        role(&mut text, "the guide <srazy-x>");
        assert_eq!(text, "viz the guide");
        assert_eq!(strip_templates("a {{ site.x }} b {% if %}c"), "a  b c");
    }
}
