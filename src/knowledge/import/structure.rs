//! Finding a document's parts in its blocks: the title, the statement of
//! purpose (under a heading that names it, else the text before the first
//! heading), and the sections, each a heading with what is under it.
//!
//! The rules, in the order they apply:
//! - Headings in a row before any text: the last heads the text, the one
//!   before it is the document's title; a heading above one of higher rank
//!   (a kicker) heads nothing. A lone first heading is the title when it is
//!   of the highest rank (`#`, `<h1>`) or the only one of its rank.
//! - A paragraph that is all bold, and short, is a heading.
//! - The statement of purpose is the text under the first heading that
//!   names it ("Poslanie", "Účel", "Mission statement", "Úvod"), else the
//!   text before the first heading. When its last paragraph ends in a colon
//!   and a bullet list follows, the list is its aims.
//! - A heading whose sub-headings each hold a paragraph or two and nothing
//!   else is one section: the sub-headings name its items.
//! - Under a heading: one list (after a short line ending in a colon that
//!   introduces it) is a section of the list's items; paragraphs alone are
//!   a section of paragraphs; paragraphs and lists together are a section of
//!   both, in order, except a numbered list, which is a section of its own.
//! - Items nested in an item, and a paragraph that goes on with an item's
//!   sentence (it starts in lower case), belong to that item.
//! - A numbered list runs 1, 2, 3, …: a list that starts again at 1 is
//!   another list; a gap is refused with its line.
//! - An item opening in bold that ends like a sentence (or on its own
//!   line) is named by it, when every item of the list is.

use std::collections::HashMap;

use super::ImportError;
use super::block::{Block, Kind, Reason, ends_sentence, squash, words};
use super::parts::{self, PURPOSE};
use crate::knowledge::{Language, language};

/// A document split into the parts the knowledge holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub organization: String,
    pub language: Language,
    /// The document's own title, when it has one.
    pub title: Option<String>,
    pub purpose: Option<Purpose>,
    pub sections: Vec<Section>,
}

/// The statement of purpose with the list that belongs to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purpose {
    pub title: String,
    pub text: String,
    pub aims: Vec<String>,
}

/// A section: the document's heading and what it lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub id: String,
    pub title: String,
    /// What the document calls one item, in the singular.
    pub noun: Option<String>,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub number: Option<u32>,
    pub name: Option<String>,
    pub text: String,
}

impl Section {
    pub fn numbered(&self) -> bool {
        !self.items.is_empty() && self.items.iter().all(|i| i.number.is_some())
    }
}

/// Where a block went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    Mission,
    /// The aim at this index.
    Aim(usize),
    /// Section and item index.
    Item(usize, usize),
    Left(Reason),
}

/// A heading with what is under it.
#[derive(Debug, Default)]
struct Node {
    heading: Option<usize>,
    level: u8,
    /// Whether a thematic break came before this node's heading.
    after_break: bool,
    content: Vec<usize>,
    children: Vec<Node>,
}

struct Builder<'a> {
    blocks: &'a [Block],
    places: Vec<Option<Place>>,
    purpose: Option<(Option<String>, String, Vec<String>)>,
    sections: Vec<Section>,
    /// Sections whose title waits for the document's (closing words).
    untitled: Vec<usize>,
    ids: HashMap<String, usize>,
}

/// Finds the parts of a document read into `blocks`.
pub fn structure(
    blocks: &[Block],
    meta_title: Option<&str>,
    organization: Option<&str>,
    language_given: Option<Language>,
) -> Result<(Document, Vec<Place>), ImportError> {
    let blocks: Vec<Block> = blocks.iter().map(bold_heading).collect();
    let mut builder = Builder {
        blocks: &blocks,
        places: vec![None; blocks.len()],
        purpose: None,
        sections: Vec::new(),
        untitled: Vec::new(),
        ids: HashMap::new(),
    };
    let title = builder.title().or_else(|| meta_title.map(str::to_string));
    let root = builder.outline();
    let purpose_node = find_purpose(&root, &blocks);
    builder.emit(&root, purpose_node, title.as_deref(), true)?;

    if builder.purpose.is_none() && builder.sections.is_empty() {
        let line = blocks.last().map_or(1, |b| b.last);
        return Err(ImportError::Unstructured { line });
    }
    let all_text: Vec<&str> = blocks
        .iter()
        .filter(|b| !b.is_heading())
        .map(|b| b.text.as_str())
        .collect();
    let organization = match organization {
        Some(name) => name.trim().to_string(),
        None => {
            guess_organization(&all_text, title.as_deref()).ok_or(ImportError::NoOrganization)?
        }
    };
    let language = language_given.unwrap_or_else(|| language::detect(&all_text.join("\n")));
    let default_title = title
        .clone()
        .unwrap_or_else(|| default_mission_title(language, &organization));
    for &index in &builder.untitled {
        if let Some(section) = builder.sections.get_mut(index)
            && section.title.is_empty()
        {
            section.title = closing_title(language).to_string();
        }
    }
    let purpose = builder.purpose.take().map(|(t, text, aims)| Purpose {
        title: t.unwrap_or(default_title),
        text,
        aims,
    });
    // Ids of sections titled late.
    let mut sections = std::mem::take(&mut builder.sections);
    let mut seen: HashMap<String, usize> = HashMap::new();
    for section in &mut sections {
        if section.id.is_empty() {
            section.id = slug_id(&section.title);
        }
        let count = seen.entry(section.id.clone()).or_default();
        *count += 1;
        if *count > 1 {
            section.id = format!("{}-{count}", section.id);
        }
    }
    let places = builder
        .places
        .into_iter()
        .map(|p| p.unwrap_or(Place::Left(Reason::Markup("nothing"))))
        .collect();
    Ok((
        Document {
            organization,
            language,
            title,
            purpose,
            sections,
        },
        places,
    ))
}

/// A short paragraph all in bold is a heading (of the lowest rank).
fn bold_heading(block: &Block) -> Block {
    let mut block = block.clone();
    if block.kind == Kind::Paragraph
        && block.strong.as_deref() == Some(squash(&block.text).as_str())
        && words(&block.text) <= 12
    {
        block.kind = Kind::Heading { level: 7 };
    }
    block
}

fn slug_id(title: &str) -> String {
    let id = match parts::part(title, false) {
        Some((id, _)) => id.to_string(),
        None => parts::slug(title),
    };
    let id = if id.is_empty() {
        "section".to_string()
    } else {
        id
    };
    if matches!(id.as_str(), "mission" | "synonyms" | "audit") {
        format!("{id}-section")
    } else {
        id
    }
}

fn default_mission_title(language: Language, organization: &str) -> String {
    match language {
        Language::Sk => format!("Poslanie {organization}"),
        Language::Cs => format!("Poslání {organization}"),
        Language::En => format!("Mission of {organization}"),
    }
}

fn closing_title(language: Language) -> &'static str {
    match language {
        Language::Sk => "Záver",
        Language::Cs => "Závěr",
        Language::En => "Closing words",
    }
}

fn level(block: &Block) -> u8 {
    match block.kind {
        Kind::Heading { level } => level,
        // A title line counts as a heading of a text file's rank.
        Kind::Paragraph => 3,
        _ => u8::MAX,
    }
}

/// A short line without a sentence or data: a name, a title.
fn is_title_line(block: &Block) -> bool {
    words(&block.text) <= 5
        && !ends_sentence(&block.text)
        && !block.text.contains('\n')
        && !super::text::has_data(&block.text)
}

/// The first node whose heading names the statement of purpose and whose
/// text opens with a paragraph.
fn find_purpose(root: &Node, blocks: &[Block]) -> Option<usize> {
    fn walk(node: &Node, blocks: &[Block]) -> Option<usize> {
        for child in &node.children {
            if let Some(h) = child.heading
                && parts::names_purpose(&blocks[h].text)
                && (child
                    .content
                    .first()
                    .is_some_and(|&c| blocks[c].kind == Kind::Paragraph)
                    || child.content.len() == 1)
            {
                return Some(h);
            }
            if let Some(found) = walk(child, blocks) {
                return Some(found);
            }
        }
        None
    }
    walk(root, blocks)
}

impl Builder<'_> {
    fn place(&mut self, block: usize, place: Place) {
        if self.places[block].is_none() {
            self.places[block] = Some(place);
        }
    }

    /// The title from the headings before the first text; the headings that
    /// head nothing are placed.
    fn title(&mut self) -> Option<String> {
        // Headings before any text, and short lines without a sentence
        // among them (a site's name over the page's first heading).
        let mut leading: Vec<usize> = Vec::new();
        for (i, block) in self.blocks.iter().enumerate() {
            match block.kind {
                Kind::Heading { .. } => leading.push(i),
                Kind::Break => {}
                Kind::Paragraph if is_title_line(block) => leading.push(i),
                _ => break,
            }
        }
        while leading
            .last()
            .is_some_and(|&i| !self.blocks[i].is_heading())
        {
            leading.pop();
        }
        // A heading above one of higher rank heads nothing.
        let mut kept: Vec<usize> = Vec::new();
        for (k, &i) in leading.iter().enumerate() {
            let outranked = leading[k + 1..]
                .iter()
                .any(|&j| level(&self.blocks[j]) < level(&self.blocks[i]));
            if outranked {
                self.place(i, Place::Left(Reason::EmptyHeading));
            } else {
                kept.push(i);
            }
        }
        let title = match kept.as_slice() {
            [] => return None,
            [only] => {
                let l = level(&self.blocks[*only]);
                let same_rank = self
                    .blocks
                    .iter()
                    .filter(|b| b.is_heading() && level(b) == l)
                    .count();
                let nothing_after = *only + 1 >= self.blocks.len();
                if (l == 1 || same_rank == 1 || nothing_after)
                    && !parts::names_purpose(&self.blocks[*only].text)
                {
                    *only
                } else {
                    return None;
                }
            }
            [.., title, _] => {
                let title = *title;
                for &i in &kept {
                    if i < title {
                        self.place(i, Place::Left(Reason::EmptyHeading));
                    }
                }
                title
            }
        };
        self.place(title, Place::Left(Reason::Title));
        Some(self.blocks[title].text.replace('\n', " "))
    }

    /// Headings and what is under them, skipping the blocks already placed.
    fn outline(&mut self) -> Node {
        let mut stack: Vec<Node> = vec![Node::default()];
        let mut broken = false;
        let mut after_break = false;
        for (i, block) in self.blocks.iter().enumerate() {
            if self.places[i].is_some() {
                continue;
            }
            match block.kind {
                Kind::Heading { level } => {
                    while stack.len() > 1 && stack.last().is_some_and(|n| n.level >= level) {
                        close(&mut stack);
                    }
                    stack.push(Node {
                        heading: Some(i),
                        level,
                        after_break: broken || after_break,
                        ..Node::default()
                    });
                    broken = false;
                    after_break = false;
                }
                Kind::Break => {
                    self.places[i] = Some(Place::Left(Reason::Markup("a thematic break")));
                    after_break = true;
                    if stack.len() > 1 {
                        broken = true;
                    }
                }
                _ => {
                    if broken {
                        // Text after a break with no heading of its own:
                        // closing words.
                        while stack.len() > 1 {
                            close(&mut stack);
                        }
                        stack.push(Node {
                            heading: None,
                            level: 1,
                            ..Node::default()
                        });
                        broken = false;
                    }
                    if let Some(top) = stack.last_mut() {
                        top.content.push(i);
                    }
                }
            }
        }
        while stack.len() > 1 {
            close(&mut stack);
        }
        stack.pop().unwrap_or_default()
    }

    fn emit(
        &mut self,
        node: &Node,
        purpose_heading: Option<usize>,
        title: Option<&str>,
        root: bool,
    ) -> Result<(), ImportError> {
        let heading_text = node.heading.map(|h| self.blocks[h].text.replace('\n', " "));
        let is_purpose = match (node.heading, purpose_heading) {
            (Some(h), Some(p)) => h == p,
            (None, None) => {
                root && self.purpose.is_none()
                    && node
                        .content
                        .first()
                        .is_some_and(|&c| self.blocks[c].kind == Kind::Paragraph)
            }
            _ => false,
        };
        let named = self.named_items(node);
        let lead = named.as_ref().and_then(|(lead, _)| *lead);
        let own_content: Vec<usize> = node
            .content
            .iter()
            .copied()
            .filter(|c| Some(*c) != lead)
            .collect();
        let mut content: &[usize] = &own_content;
        if is_purpose && self.purpose.is_none() {
            if let Some(h) = node.heading {
                self.place(h, Place::Left(Reason::Heading(PURPOSE.to_string())));
            }
            let used = self.purpose_from(heading_text.clone(), &own_content);
            content = &own_content[used..];
        }
        if let Some((lead, children)) = named {
            if !content.is_empty() {
                self.section(
                    node.heading,
                    heading_text.clone().or(title.map(str::to_string)),
                    content,
                )?;
            }
            let count = children.len();
            self.named_section(node, lead, &children, heading_text);
            for child in &node.children[count..] {
                self.emit(child, purpose_heading, title, false)?;
            }
            return Ok(());
        }
        if !content.is_empty() {
            let section_title = heading_text.clone().or_else(|| {
                if root {
                    title.map(str::to_string)
                } else {
                    None
                }
            });
            self.section(node.heading, section_title, content)?;
        } else if let Some(h) = node.heading
            && !is_purpose
        {
            let reason = if node.children.is_empty() {
                Reason::EmptyHeading
            } else {
                Reason::GroupHeading
            };
            self.place(h, Place::Left(reason));
        }
        for child in &node.children {
            self.emit(child, purpose_heading, title, false)?;
        }
        Ok(())
    }

    /// The statement of purpose from the start of `content`; returns how
    /// many blocks it took.
    fn purpose_from(&mut self, title: Option<String>, content: &[usize]) -> usize {
        let mut paragraphs: Vec<usize> = Vec::new();
        let mut used = 0;
        // One numbered paragraph alone under the heading (an article of
        // statutes) is a paragraph.
        let alone = content.len() == 1;
        for &c in content {
            if self.blocks[c].kind == Kind::Paragraph || alone {
                paragraphs.push(c);
                used += 1;
            } else {
                break;
            }
        }
        // A short line ending in a colon over a list is the list's own
        // heading, not the end of the statement.
        if paragraphs.len() >= 2
            && let Some(&last) = paragraphs.last()
            && is_lead(&self.blocks[last])
            && content.get(used).is_some_and(|&c| self.blocks[c].is_item())
        {
            paragraphs.pop();
            used -= 1;
        }
        let mut text: Vec<String> = paragraphs
            .iter()
            .map(|&p| self.blocks[p].text.clone())
            .collect();
        for &p in &paragraphs {
            self.place(p, Place::Mission);
        }
        let mut aims: Vec<String> = Vec::new();
        let announces = text.last().is_some_and(|t| t.trim_end().ends_with(':'));
        let list: Vec<usize> = content[used..]
            .iter()
            .copied()
            .take_while(|&c| matches!(self.blocks[c].kind, Kind::Item { .. }))
            .collect();
        let bullets = list.iter().all(|&c| {
            matches!(
                self.blocks[c].kind,
                Kind::Item { number: None, .. } | Kind::Item { depth: 1.., .. }
            )
        });
        if announces && !list.is_empty() && bullets {
            for &c in &list {
                let block = &self.blocks[c];
                match block.kind {
                    Kind::Item { depth: 0, .. } => {
                        aims.push(block.text.clone());
                        self.place(c, Place::Aim(aims.len() - 1));
                    }
                    _ => {
                        if let Some(last) = aims.last_mut() {
                            last.push_str("\n• ");
                            last.push_str(&block.text);
                            self.place(c, Place::Aim(aims.len() - 1));
                        }
                    }
                }
            }
            used += list.len();
            // Paragraphs after the aims: a sentence going on (lower case)
            // ends the last aim; others go on with the statement.
            while let Some(&c) = content.get(used) {
                let block = &self.blocks[c];
                if block.kind != Kind::Paragraph {
                    break;
                }
                if block.text.starts_with(char::is_lowercase) {
                    if let Some(last) = aims.last_mut() {
                        last.push('\n');
                        last.push_str(&block.text);
                    }
                    self.place(c, Place::Aim(aims.len() - 1));
                } else {
                    text.push(block.text.clone());
                    self.place(c, Place::Mission);
                }
                used += 1;
            }
        }
        self.purpose = Some((title, text.join("\n\n"), aims));
        used
    }

    /// Sub-headings that each hold a paragraph or two and nothing else: the
    /// names of the node's items. Returns the node's last block when it is
    /// a short line introducing them, and the children.
    fn named_items<'n>(&self, node: &'n Node) -> Option<(Option<usize>, Vec<&'n Node>)> {
        let short_leaf = |child: &Node| {
            child.children.is_empty()
                && !child.content.is_empty()
                && child.content.len() <= 3
                && child
                    .content
                    .iter()
                    .all(|&c| self.blocks[c].kind == Kind::Paragraph)
                && child
                    .content
                    .iter()
                    .map(|&c| words(&self.blocks[c].text))
                    .sum::<usize>()
                    <= 200
        };
        // The first children, up to a break (a page's footer after the
        // text) or a child that is more than a name and a paragraph or two.
        let group: Vec<&Node> = node
            .children
            .iter()
            .enumerate()
            .take_while(|(k, child)| short_leaf(child) && (*k == 0 || !child.after_break))
            .map(|(_, child)| child)
            .collect();
        if group.len() < 2 {
            return None;
        }
        let lead = node
            .content
            .last()
            .copied()
            .filter(|&c| is_lead(&self.blocks[c]));
        Some((lead, group))
    }

    fn named_section(
        &mut self,
        node: &Node,
        lead: Option<usize>,
        children: &[&Node],
        heading: Option<String>,
    ) {
        let title = lead
            .map(|l| {
                self.blocks[l]
                    .text
                    .trim_end()
                    .trim_end_matches(':')
                    .to_string()
            })
            .or(heading)
            .unwrap_or_default();
        let (id, noun) = self.id_for(&title);
        let index = self.sections.len();
        if let Some(h) = node.heading {
            self.place(h, Place::Left(Reason::Heading(id.clone())));
        }
        if let Some(l) = lead {
            self.place(l, Place::Left(Reason::ListHeading(id.clone())));
        }
        let mut items = Vec::new();
        for (k, child) in children.iter().enumerate() {
            let Some(h) = child.heading else { continue };
            let name = self.blocks[h].text.replace('\n', " ");
            let text = child
                .content
                .iter()
                .map(|&c| self.blocks[c].text.clone())
                .collect::<Vec<_>>()
                .join("\n\n");
            self.place(h, Place::Item(index, k));
            for &c in &child.content {
                self.place(c, Place::Item(index, k));
            }
            let (number, name) = match super::text::number_prefix(&name) {
                Some((n, rest)) if !rest.is_empty() => (Some(n), rest.to_string()),
                _ => (None, name),
            };
            items.push(Item {
                number,
                name: Some(name),
                text,
            });
        }
        if !items.iter().all(|i| i.number.is_some()) {
            for item in &mut items {
                if let (Some(n), Some(name)) = (item.number.take(), item.name.as_mut()) {
                    *name = format!("{n}. {name}");
                }
            }
        }
        if title.is_empty() {
            self.untitled.push(index);
        }
        self.sections.push(Section {
            id,
            title,
            noun,
            items,
        });
    }

    /// The id and noun for a section titled `title`; empty for a title not
    /// known yet.
    fn id_for(&mut self, title: &str) -> (String, Option<String>) {
        if title.is_empty() {
            return (String::new(), None);
        }
        let noun = parts::part(title, false)
            .and_then(|(_, n)| n)
            .map(str::to_string);
        let id = slug_id(title);
        let count = self.ids.entry(id.clone()).or_default();
        *count += 1;
        // Duplicates are numbered when the document is complete.
        (id, noun)
    }

    /// The section(s) made of `content` under `heading`.
    fn section(
        &mut self,
        heading: Option<usize>,
        title: Option<String>,
        content: &[usize],
    ) -> Result<(), ImportError> {
        let mut content: Vec<usize> = content.to_vec();
        let mut title = title.unwrap_or_default();
        let mut lead: Option<usize> = None;
        if content.len() >= 2 {
            let first = &self.blocks[content[0]];
            let second = &self.blocks[content[1]];
            if is_lead(first) && second.is_item() {
                lead = Some(content.remove(0));
                if title.is_empty() {
                    title = self.blocks[lead.unwrap_or_default()]
                        .text
                        .trim_end()
                        .trim_end_matches(':')
                        .to_string();
                }
            }
        }
        // Runs: lists and paragraphs.
        let runs = self.runs(&content);
        let lists = runs.iter().filter(|r| r.list).count();
        let paragraphs = runs.len() - lists;
        let mut extra: Vec<(Option<usize>, Run)> = Vec::new();
        let mut plain: Vec<Run> = Vec::new();
        if lists == 1 && paragraphs == 0 {
            plain = runs;
        } else {
            let mut previous: Option<usize> = None;
            for run in runs {
                let numbered = run.list
                    && run
                        .blocks
                        .iter()
                        .filter(|&&b| matches!(self.blocks[b].kind, Kind::Item { depth: 0, .. }))
                        .count()
                        >= 2
                    && run.blocks.iter().all(|&b| {
                        !matches!(
                            self.blocks[b].kind,
                            Kind::Item {
                                depth: 0,
                                number: None
                            }
                        )
                    });
                if numbered && lists + paragraphs > 1 {
                    // A numbered list among paragraphs is a section of its
                    // own, titled by the short line that introduces it.
                    let intro = previous.filter(|&p| is_lead(&self.blocks[p]));
                    if let (Some(intro), Some(last)) = (intro, plain.last_mut()) {
                        last.blocks.retain(|&b| b != intro);
                    }
                    plain.retain(|r| !r.blocks.is_empty());
                    extra.push((intro, run));
                } else {
                    previous = if run.list {
                        None
                    } else {
                        run.blocks.last().copied()
                    };
                    plain.push(run);
                }
            }
        }
        if !plain.is_empty() {
            self.items_section(heading, lead, &title, &plain)?;
        } else if let Some(h) = heading {
            self.place(h, Place::Left(Reason::GroupHeading));
        }
        for (intro, run) in extra {
            let sub_title = intro
                .map(|i| {
                    self.blocks[i]
                        .text
                        .trim_end()
                        .trim_end_matches(':')
                        .to_string()
                })
                .unwrap_or_else(|| title.clone());
            self.items_section(None, intro, &sub_title, &[run])?;
        }
        Ok(())
    }

    /// Splits content into runs of list items and of paragraphs; a
    /// paragraph going on with an item's sentence joins the list.
    fn runs(&self, content: &[usize]) -> Vec<Run> {
        let mut runs: Vec<Run> = Vec::new();
        for &c in content {
            let block = &self.blocks[c];
            let is_item = block.is_item();
            let restart = matches!(
                block.kind,
                Kind::Item {
                    depth: 0,
                    number: Some(1)
                }
            );
            match runs.last_mut() {
                Some(run)
                    if run.list
                        && (is_item && !(restart && run.has_numbered(self.blocks))
                            || (!is_item && block.text.starts_with(char::is_lowercase))) =>
                {
                    run.blocks.push(c);
                }
                Some(run) if !run.list && !is_item => run.blocks.push(c),
                _ => runs.push(Run {
                    list: is_item,
                    blocks: vec![c],
                    continued: false,
                }),
            }
            // A numbered list that goes on after text set in it (a code
            // block, a note) is still one list: what stood between belongs
            // to the item before.
            if let Kind::Item {
                depth: 0,
                number: Some(n),
            } = block.kind
                && n > 1
                && runs.len() >= 3
                && runs.last().is_some_and(|r| r.blocks == [c])
            {
                let earlier = runs[..runs.len() - 1].iter().rposition(|r| r.list);
                let continues =
                    earlier.is_some_and(|k| runs[k].last_number(self.blocks) == Some(n - 1));
                if let (Some(k), true) = (earlier, continues) {
                    let merged: Vec<usize> = runs.drain(k + 1..).flat_map(|r| r.blocks).collect();
                    runs[k].blocks.extend(merged);
                    runs[k].continued = true;
                }
            }
        }
        runs
    }

    /// One section of the items of `runs` (a list's items, paragraphs, or
    /// both in order).
    fn items_section(
        &mut self,
        heading: Option<usize>,
        lead: Option<usize>,
        title: &str,
        runs: &[Run],
    ) -> Result<(), ImportError> {
        let (id, noun) = self.id_for(title);
        let index = self.sections.len();
        if let Some(h) = heading {
            self.place(h, Place::Left(Reason::Heading(id.clone())));
        }
        if let Some(l) = lead {
            self.place(l, Place::Left(Reason::ListHeading(id.clone())));
        }
        let mut items: Vec<Item> = Vec::new();
        let mut strongs: Vec<Option<String>> = Vec::new();
        let mut lines: Vec<usize> = Vec::new();
        for run in runs {
            for &c in &run.blocks {
                let block = &self.blocks[c];
                let top = match block.kind {
                    Kind::Item { depth, .. } => depth == 0 || items.is_empty(),
                    _ => !run.list || items.is_empty(),
                };
                if top {
                    let number = match block.kind {
                        Kind::Item { number, .. } => number,
                        _ => None,
                    };
                    items.push(Item {
                        number,
                        name: None,
                        text: block.text.clone(),
                    });
                    strongs.push(name_of(block));
                    lines.push(block.first);
                } else if let Some(last) = items.last_mut() {
                    match block.kind {
                        Kind::Item {
                            number: Some(n), ..
                        } => {
                            last.text.push_str(&format!("\n{n}) {}", block.text));
                        }
                        Kind::Item { .. } => {
                            last.text.push_str("\n• ");
                            last.text.push_str(&block.text);
                        }
                        _ => {
                            last.text.push('\n');
                            last.text.push_str(&block.text);
                        }
                    }
                }
                self.place(c, Place::Item(index, items.len().saturating_sub(1)));
            }
        }
        // Names: when every item opens with one.
        if items.len() >= 2 && strongs.iter().all(Option::is_some) {
            for (item, strong) in items.iter_mut().zip(&strongs) {
                if let Some(name) = strong {
                    let rest = item.text
                        [item.text.find(name.as_str()).map_or(0, |i| i + name.len())..]
                        .trim_start_matches(['*', '_'])
                        .trim()
                        .to_string();
                    if !rest.is_empty() {
                        item.name = Some(name.clone());
                        item.text = rest;
                    }
                }
            }
        }
        // Numbers: all or none, 1, 2, 3, … in order.
        if items.iter().all(|i| i.number.is_some()) {
            for (k, item) in items.iter().enumerate() {
                let expected = k as u32 + 1;
                if k == 0 && item.number != Some(1) {
                    return Err(ImportError::NumberingStart {
                        line: lines[k],
                        found: item.number.unwrap_or_default(),
                    });
                }
                if item.number != Some(expected) {
                    return Err(ImportError::Numbering {
                        line: lines[k],
                        previous: expected - 1,
                        found: item.number.unwrap_or_default(),
                    });
                }
            }
        } else {
            for item in &mut items {
                if let Some(n) = item.number.take() {
                    item.text = format!("{n}. {}", item.text);
                }
            }
        }
        if title.is_empty() {
            self.untitled.push(index);
        }
        self.sections.push(Section {
            id,
            title: title.to_string(),
            noun,
            items,
        });
        Ok(())
    }
}

#[derive(Debug, Clone, Default)]
struct Run {
    list: bool,
    blocks: Vec<usize>,
    /// Paragraphs inside the list belong to the item before them.
    continued: bool,
}

impl Run {
    fn last_number(&self, blocks: &[Block]) -> Option<u32> {
        self.blocks
            .iter()
            .rev()
            .find_map(|&b| match blocks[b].kind {
                Kind::Item {
                    depth: 0,
                    number: Some(n),
                } => Some(n),
                _ => None,
            })
    }

    fn has_numbered(&self, blocks: &[Block]) -> bool {
        self.blocks.iter().any(|&b| {
            matches!(
                blocks[b].kind,
                Kind::Item {
                    depth: 0,
                    number: Some(_)
                }
            )
        })
    }
}

/// The name an item opens with: its bold start, when it ends like a
/// sentence or stands on its own line.
fn name_of(block: &Block) -> Option<String> {
    let strong = block.strong.as_deref()?.trim();
    let own_line = block
        .text
        .lines()
        .next()
        .is_some_and(|first| squash(first) == strong && block.text.contains('\n'));
    let sentence = strong.ends_with(['.', '!', '?']);
    (own_line || sentence).then(|| strong.to_string())
}

/// A short line ending in a colon: what introduces a list.
fn is_lead(block: &Block) -> bool {
    block.kind == Kind::Paragraph
        && block.text.trim_end().ends_with(':')
        && words(&block.text) <= 10
        && !block.text.contains('\n')
}

fn close(stack: &mut Vec<Node>) {
    if let Some(node) = stack.pop()
        && let Some(parent) = stack.last_mut()
    {
        parent.children.push(node);
    }
}

/// Legal forms an association's name is written with in Slovak, Czech and
/// English ("Pyvec, z.s.", "SPy o.z."): the words before one name it.
const LEGAL_FORMS: [&str; 6] = ["z.s.", "z. s.", "o.z.", "o. z.", "Inc.", "e.V."];

/// The name written before a legal form, the one written most often.
fn legal_name(texts: &[&str]) -> Option<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for text in texts {
        for form in LEGAL_FORMS {
            for (at, _) in text.match_indices(form) {
                let before = text[..at].trim_end().trim_end_matches(',');
                let words: Vec<&str> = before
                    .rsplit(char::is_whitespace)
                    .take_while(|w| {
                        !w.ends_with([':', '.', ';', ')'])
                            && w.chars().find(|c| c.is_alphabetic()).is_some_and(|c| {
                                c.is_uppercase() || w.chars().any(char::is_uppercase)
                            })
                    })
                    .take(3)
                    .collect();
                if !words.is_empty() {
                    let name: Vec<&str> = words.into_iter().rev().collect();
                    *counts.entry(name.join(" ")).or_default() += 1;
                }
            }
        }
    }
    let mut all: Vec<(String, usize)> = counts.into_iter().collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    all.into_iter().next().map(|(name, _)| name)
}

/// The organization's name: the name written with a legal form, else the
/// abbreviation used most often (at least twice), else a capitalized word
/// inside sentences used at least three times, else the document's title.
fn guess_organization(texts: &[&str], title: Option<&str>) -> Option<String> {
    if let Some(name) = legal_name(texts) {
        return Some(name);
    }
    let mut abbreviations: HashMap<&str, usize> = HashMap::new();
    let mut names: HashMap<&str, usize> = HashMap::new();
    for text in texts {
        let mut sentence_start = true;
        for word in text.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
            if word.is_empty() {
                continue;
            }
            let letters = word.chars().count();
            let upper = word.chars().filter(|c| c.is_uppercase()).count();
            let roman = word.chars().all(|c| "IVXLC".contains(c));
            if (2..=10).contains(&letters)
                && upper >= 2
                && word.chars().all(char::is_alphabetic)
                && !roman
                && upper * 2 >= letters
            {
                *abbreviations.entry(word).or_default() += 1;
            } else if !sentence_start
                && word.chars().next().is_some_and(char::is_uppercase)
                && letters >= 3
                && word.chars().all(char::is_alphabetic)
            {
                *names.entry(word).or_default() += 1;
            }
            sentence_start = false;
        }
        let _ = ends_sentence;
    }
    let best = |counts: HashMap<&str, usize>, min: usize| {
        let mut all: Vec<(&str, usize)> = counts.into_iter().filter(|&(_, n)| n >= min).collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        all.first().map(|(w, _)| w.to_string())
    };
    best(abbreviations, 2)
        .or_else(|| best(names, 3))
        .or_else(|| title.map(str::to_string))
}
