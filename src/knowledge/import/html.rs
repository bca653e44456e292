//! Reading an HTML page (or the HTML inside a Markdown file) into blocks with
//! html5ever, the HTML5 parsing algorithm browsers use, into scraper's tree.
//! A thin [`TreeSink`] around scraper's records the input lines each node
//! came from, so every block keeps its lines and every other line its reason.
//!
//! What is not the document's text never becomes a block: `<head>`,
//! `<script>`, `<style>`, images (their alt text names a picture, not a
//! passage), forms, and the page's `<nav>`, `<header>` and `<aside>`. The
//! page's `<footer>` is noise too, except a heading with a short plain block
//! under it (a contact, an account number): that is the organization's own
//! data, as a reader of the page sees it.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName};
use scraper::{Html, HtmlTreeSink, Node};

use super::block::{Block, Kind, Noise, Read, Reason, squash, tidy};

type Handle = <HtmlTreeSink as TreeSink>::Handle;
/// A node of scraper's tree.
type NodeRef<'a> = ego_tree::NodeRef<'a, Node>;
/// First and last input line of a node (1-based).
type Spans = HashMap<Handle, (usize, usize)>;

/// scraper's tree sink, recording the line each node was made or last
/// touched on.
struct LineSink {
    inner: HtmlTreeSink,
    line: Cell<u64>,
    spans: RefCell<Spans>,
}

impl LineSink {
    fn mark(&self, handle: Handle) {
        let line = usize::try_from(self.line.get()).unwrap_or(usize::MAX);
        self.spans
            .borrow_mut()
            .entry(handle)
            .and_modify(|span| span.1 = span.1.max(line))
            .or_insert((line, line));
    }

    fn last_child(&self, parent: Handle) -> Option<Handle> {
        let html = self.inner.0.borrow();
        html.tree
            .get(parent)
            .and_then(|node| node.last_child())
            .map(|child| child.id())
    }
}

impl TreeSink for LineSink {
    type Handle = Handle;
    type Output = (Html, Spans);
    type ElemName<'a> = <HtmlTreeSink as TreeSink>::ElemName<'a>;

    fn finish(self) -> Self::Output {
        (self.inner.finish(), self.spans.into_inner())
    }
    fn parse_error(&self, msg: Cow<'static, str>) {
        self.inner.parse_error(msg);
    }
    fn get_document(&self) -> Handle {
        self.inner.get_document()
    }
    fn elem_name<'a>(&'a self, target: &'a Handle) -> Self::ElemName<'a> {
        self.inner.elem_name(target)
    }
    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> Handle {
        let handle = self.inner.create_element(name, attrs, flags);
        self.mark(handle);
        handle
    }
    fn create_comment(&self, text: StrTendril) -> Handle {
        let handle = self.inner.create_comment(text);
        self.mark(handle);
        handle
    }
    fn create_pi(&self, target: StrTendril, data: StrTendril) -> Handle {
        self.inner.create_pi(target, data)
    }
    fn append(&self, parent: &Handle, child: NodeOrText<Handle>) {
        let text = matches!(child, NodeOrText::AppendText(_));
        self.inner.append(parent, child);
        if text && let Some(last) = self.last_child(*parent) {
            self.mark(last);
        }
    }
    fn append_based_on_parent_node(
        &self,
        element: &Handle,
        prev_element: &Handle,
        child: NodeOrText<Handle>,
    ) {
        self.inner
            .append_based_on_parent_node(element, prev_element, child);
    }
    fn append_doctype_to_document(&self, name: StrTendril, public: StrTendril, system: StrTendril) {
        self.inner.append_doctype_to_document(name, public, system);
    }
    fn pop(&self, node: &Handle) {
        self.mark(*node);
        self.inner.pop(node);
    }
    fn get_template_contents(&self, target: &Handle) -> Handle {
        self.inner.get_template_contents(target)
    }
    fn same_node(&self, x: &Handle, y: &Handle) -> bool {
        self.inner.same_node(x, y)
    }
    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode);
    }
    fn append_before_sibling(&self, sibling: &Handle, new_node: NodeOrText<Handle>) {
        self.inner.append_before_sibling(sibling, new_node);
    }
    fn add_attrs_if_missing(&self, target: &Handle, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs);
    }
    fn remove_from_parent(&self, target: &Handle) {
        self.inner.remove_from_parent(target);
    }
    fn reparent_children(&self, node: &Handle, new_parent: &Handle) {
        self.inner.reparent_children(node, new_parent);
    }
    fn set_current_line(&self, line: u64) {
        self.line.set(line);
    }
}

/// Parses `html` as a whole page (`fragment` false) or as a fragment of a
/// body (HTML inside Markdown); lines are counted from `first_line`.
fn parse(html: &str, fragment: bool) -> (Html, Spans) {
    let sink = LineSink {
        inner: HtmlTreeSink::new(if fragment {
            Html::new_fragment()
        } else {
            Html::new_document()
        }),
        line: Cell::new(1),
        spans: RefCell::new(HashMap::new()),
    };
    if fragment {
        html5ever::driver::parse_fragment(
            sink,
            Default::default(),
            QualName::new(None, html5ever::ns!(html), html5ever::local_name!("body")),
            Vec::new(),
            false,
        )
        .one(html)
    } else {
        html5ever::driver::parse_document(sink, Default::default()).one(html)
    }
}

/// Reads a whole HTML page.
pub fn read(input: &str) -> Read {
    let mut read = Read::new(input);
    let (html, spans) = parse(input, false);
    let mut walker = Walker::new(&spans, 0);
    walker.walk(html.tree.root());
    read.title = walker.title.take();
    walker.finish(&mut read);
    read
}

/// Reads HTML found inside another document (a Markdown file's HTML block)
/// whose first line is input line `first_line`; its blocks and its left
/// lines are added to `read`.
pub fn read_fragment(html: &str, first_line: usize, read: &mut Read) {
    let (tree, spans) = parse(html, true);
    let mut walker = Walker::new(&spans, first_line.saturating_sub(1));
    walker.walk(tree.tree.root());
    walker.finish(read);
}

/// Where in the page a node is: what its text would be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    Content,
    Footer,
    Noise(Noise),
}

/// The inline text being gathered for the next block.
#[derive(Default)]
struct Inline {
    text: String,
    link_chars: usize,
    first: Option<usize>,
    last: usize,
    /// Where the text stood when a leading `<strong>` opened, if it did.
    strong_from: Option<usize>,
    strong: Option<String>,
}

struct Walker<'a> {
    spans: &'a Spans,
    offset: usize,
    blocks: Vec<(Block, Context)>,
    /// Elements' lines with the reason they would be left out, outermost first.
    painted: Vec<(usize, usize, Reason)>,
    inline: Inline,
    /// The kind the gathered inline text will be flushed as.
    pending: Kind,
    lists: Vec<Option<u32>>,
    context: Vec<Context>,
    in_link: usize,
    title: Option<String>,
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "body"
            | "html"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "table"
            | "thead"
            | "tbody"
            | "tr"
            | "td"
            | "th"
            | "hr"
            | "header"
            | "footer"
            | "nav"
            | "aside"
            | "form"
            | "fieldset"
            | "figure"
            | "figcaption"
            | "pre"
            | "address"
            | "center"
    )
}

/// Elements whose content is never the document's text, with why.
fn markup_only(name: &str) -> Option<&'static str> {
    Some(match name {
        "head" => "the page's head",
        "script" | "noscript" => "a script",
        "style" => "a style sheet",
        "template" => "a template",
        "img" | "svg" | "picture" | "video" | "audio" | "iframe" | "canvas" | "object"
        | "embed" | "map" => "an image or embedded media",
        "meta" | "link" | "base" | "title" => "the page's head",
        _ => return None,
    })
}

impl<'a> Walker<'a> {
    fn new(spans: &'a Spans, offset: usize) -> Self {
        Self {
            spans,
            offset,
            blocks: Vec::new(),
            painted: Vec::new(),
            inline: Inline::default(),
            pending: Kind::Paragraph,
            lists: Vec::new(),
            context: vec![Context::Content],
            in_link: 0,
            title: None,
        }
    }

    fn span(&self, handle: Handle) -> Option<(usize, usize)> {
        self.spans
            .get(&handle)
            .map(|&(a, b)| (a + self.offset, b + self.offset))
    }

    fn context(&self) -> Context {
        self.context.last().copied().unwrap_or(Context::Content)
    }

    fn paint(&mut self, handle: Handle, reason: Reason) {
        if let Some((first, last)) = self.span(handle) {
            self.painted.push((first, last, reason));
        }
    }

    fn walk(&mut self, node: NodeRef<'_>) {
        for child in node.children() {
            self.visit(child);
        }
    }

    fn visit(&mut self, node: NodeRef<'_>) {
        match node.value() {
            Node::Text(text) => {
                if self.context() == Context::Noise(Noise::Form) {
                    return;
                }
                let line = self.span(node.id()).map(|s| (s.0, s.1));
                self.push_text(text, line);
            }
            Node::Comment(_) => self.paint(node.id(), Reason::Markup("a comment")),
            Node::Element(element) => {
                let name = element.name();
                if let Some(why) = markup_only(name) {
                    if name == "title" && self.title.is_none() {
                        let title = squash(&node_text(node));
                        if !title.is_empty() {
                            self.title = Some(title);
                        }
                    }
                    self.paint(node.id(), Reason::Markup(why));
                    return;
                }
                // ARIA landmarks say the same as the elements.
                let role = element.attr("role").unwrap_or("");
                let context = match (name, role) {
                    (_, "navigation") => Some(Context::Noise(Noise::Navigation)),
                    (_, "banner") => Some(Context::Noise(Noise::PageHeader)),
                    (_, "complementary") => Some(Context::Noise(Noise::Aside)),
                    (_, "search") => Some(Context::Noise(Noise::Form)),
                    (_, "contentinfo") if self.context() == Context::Content => {
                        Some(Context::Footer)
                    }
                    _ => None,
                }
                .or(match name {
                    "nav" => Some(Context::Noise(Noise::Navigation)),
                    "header" if self.context() == Context::Content => {
                        Some(Context::Noise(Noise::PageHeader))
                    }
                    "aside" => Some(Context::Noise(Noise::Aside)),
                    "form" | "button" | "input" | "select" | "textarea" | "label" | "fieldset" => {
                        Some(Context::Noise(Noise::Form))
                    }
                    "footer" if self.context() == Context::Content => Some(Context::Footer),
                    _ => None,
                });
                let reason = match context {
                    Some(Context::Noise(rule)) => Reason::Noise(rule),
                    Some(Context::Footer) => Reason::Noise(Noise::PageFooter),
                    _ => Reason::Markup("tags"),
                };
                self.paint(node.id(), reason);
                if let Some(context) = context {
                    self.flush();
                    if context == Context::Footer
                        && let Some((first, _)) = self.span(node.id())
                    {
                        // The page's footer is not the text above it.
                        self.blocks
                            .push((Block::new(Kind::Break, "", first, first), Context::Content));
                    }
                    self.context.push(context);
                }
                self.element(node, name, element.attr("href"), element.attr("start"));
                if context.is_some() {
                    self.flush();
                    self.context.pop();
                }
            }
            _ => self.walk(node),
        }
    }

    fn element(&mut self, node: NodeRef<'_>, name: &str, href: Option<&str>, start: Option<&str>) {
        match name {
            "br" => {
                self.inline.text.push('\n');
            }
            "hr" => {
                self.flush();
                if let Some((first, last)) = self.span(node.id()) {
                    let context = self.context();
                    self.blocks
                        .push((Block::new(Kind::Break, "", first, last), context));
                }
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                let level = name[1..].parse().unwrap_or(6);
                self.pending = Kind::Heading { level };
                self.walk(node);
                self.flush();
            }
            "ul" | "ol" => {
                self.flush();
                let first = start.and_then(|s| s.trim().parse().ok()).unwrap_or(1);
                self.lists.push((name == "ol").then_some(first));
                self.walk(node);
                self.flush();
                self.lists.pop();
            }
            "li" => {
                self.flush();
                let depth = u8::try_from(self.lists.len().saturating_sub(1)).unwrap_or(u8::MAX);
                let number = match self.lists.last_mut() {
                    Some(Some(next)) => {
                        let n = *next;
                        *next += 1;
                        Some(n)
                    }
                    _ => None,
                };
                self.pending = Kind::Item { depth, number };
                self.walk(node);
                self.flush();
            }
            "a" => {
                let navigation = href.is_some_and(|h| {
                    let h = h.trim();
                    !(h.starts_with("mailto:") || h.starts_with("tel:") || h.starts_with('#'))
                });
                if navigation {
                    self.in_link += 1;
                }
                self.walk(node);
                if navigation {
                    self.in_link -= 1;
                }
            }
            "strong" | "b" => {
                let leading = self.inline.text.trim().is_empty() && self.inline.strong.is_none();
                if leading {
                    self.inline.strong_from = Some(self.inline.text.len());
                }
                self.walk(node);
                if leading && let Some(from) = self.inline.strong_from.take() {
                    let strong = squash(&self.inline.text[from..]);
                    if !strong.is_empty() {
                        self.inline.strong = Some(strong);
                    }
                }
            }
            _ if is_block(name) => {
                self.flush();
                self.walk(node);
                self.flush();
            }
            _ => self.walk(node),
        }
    }

    fn push_text(&mut self, text: &str, lines: Option<(usize, usize)>) {
        let collapsed: String = text
            .chars()
            .map(|c| {
                if c.is_whitespace() && c != '\u{a0}' {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        if collapsed.trim().is_empty() {
            if !self.inline.text.is_empty() && !self.inline.text.ends_with([' ', '\n']) {
                self.inline.text.push(' ');
            }
            return;
        }
        if self.in_link > 0 {
            self.inline.link_chars += collapsed.trim().chars().count();
        }
        self.inline.text.push_str(&collapsed);
        if let Some((first, last)) = lines {
            self.inline.first = Some(self.inline.first.map_or(first, |f| f.min(first)));
            self.inline.last = self.inline.last.max(last);
        }
    }

    /// Makes a block of the inline text gathered so far.
    fn flush(&mut self) {
        let inline = std::mem::take(&mut self.inline);
        let kind = std::mem::replace(&mut self.pending, Kind::Paragraph);
        let text = tidy(&inline.text.replace('\u{a0}', " "));
        let Some(first) = inline.first else {
            return;
        };
        if text.is_empty() {
            return;
        }
        let total = text.chars().filter(|c| !c.is_whitespace()).count().max(1);
        let mut block = Block::new(kind, text, first, inline.last);
        block.links = (inline.link_chars as f32 / total as f32).min(1.0);
        block.strong = inline.strong;
        let context = self.context();
        self.blocks.push((block, context));
    }

    /// Hands the blocks to `read`: content as blocks, the footer's headed
    /// short blocks too, the rest of the footer and all other noise as
    /// left lines with their rule; lines of no block get the reason of the
    /// innermost element they are in.
    fn finish(mut self, read: &mut Read) {
        self.flush();
        let blocks = std::mem::take(&mut self.blocks);
        let keep_in_footer = footer_contacts(&blocks);
        let mut covered: HashMap<usize, ()> = HashMap::new();
        for (index, (block, context)) in blocks.into_iter().enumerate() {
            let kept = match context {
                Context::Content => true,
                Context::Footer => keep_in_footer.contains(&index),
                Context::Noise(_) => false,
            };
            for line in block.first..=block.last {
                covered.insert(line, ());
            }
            if kept {
                read.blocks.push(block);
            } else {
                let rule = match context {
                    Context::Noise(rule) => rule,
                    _ => Noise::PageFooter,
                };
                read.leave_range(block.first, block.last, Reason::Noise(rule));
            }
        }
        // Innermost element wins: later (deeper) paint overrides earlier.
        let mut by_line: HashMap<usize, Reason> = HashMap::new();
        for (first, last, reason) in self.painted {
            for line in first..=last {
                by_line.insert(line, reason.clone());
            }
        }
        let mut lines: Vec<(usize, Reason)> = by_line
            .into_iter()
            .filter(|(line, _)| !covered.contains_key(line))
            .collect();
        lines.sort_by_key(|(line, _)| *line);
        read.left.extend(lines);
    }
}

/// In the page's footer, the blocks to keep: a heading directly over one to
/// three short blocks that are not links (an address, an e-mail, a phone
/// number, an account); the heading is kept with them.
fn footer_contacts(blocks: &[(Block, Context)]) -> Vec<usize> {
    let mut keep = Vec::new();
    let mut index = 0;
    while index < blocks.len() {
        let (block, context) = &blocks[index];
        if *context == Context::Footer && block.is_heading() {
            let plain = |i: usize| {
                let b = &blocks[i].0;
                blocks[i].1 == Context::Footer
                    && !b.is_heading()
                    && b.kind != Kind::Break
                    && b.links < 0.5
                    && b.text.split_whitespace().count() <= 12
            };
            // The plain blocks right under the heading; links after them
            // (social icons, a menu) stay out.
            let under: Vec<usize> = (index + 1..blocks.len())
                .take_while(|&i| plain(i))
                .collect();
            if (1..=3).contains(&under.len()) {
                keep.push(index);
                keep.extend(under.iter().copied());
            }
            index += under.len() + 1;
        } else {
            index += 1;
        }
    }
    keep
}

/// All text under a node.
fn node_text(node: NodeRef<'_>) -> String {
    let mut out = String::new();
    for descendant in node.descendants() {
        if let Node::Text(text) = descendant.value() {
            out.push_str(text);
        }
    }
    out
}
