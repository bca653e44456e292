//! The common stream every input format is read into: blocks of text (headings,
//! paragraphs, list items) with the input lines they came from, and the lines
//! left out with the reason why. Readers of plain text, Markdown and HTML make
//! it; the noise rules and the structure read it, so they hold for every format.

use std::fmt;

/// What a block is in the document's own structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A heading: `level` 1 is the highest.
    Heading {
        level: u8,
    },
    Paragraph,
    /// A list item at nesting `depth` (0 = top level); `number` when the
    /// document numbers it (its last component: `5.3.` is 3, `IV.` is 4).
    Item {
        depth: u8,
        number: Option<u32>,
    },
    /// A thematic break (`---`, `<hr>`): the end of what came before.
    Break,
}

/// One block of the document, its markup removed.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: Kind,
    /// The text as written: inline markup removed, line breaks the document
    /// makes (`<br>`, a hard break, a line of an address) kept as `\n`.
    pub text: String,
    /// The text the block opens with in bold, when it does (a candidate name).
    pub strong: Option<String>,
    /// The share of the text that is the text of links to other pages.
    pub links: f32,
    /// The first and last input line (1-based) the block was read from.
    pub first: usize,
    pub last: usize,
}

impl Block {
    pub fn new(kind: Kind, text: impl Into<String>, first: usize, last: usize) -> Self {
        Self {
            kind,
            text: text.into(),
            strong: None,
            links: 0.0,
            first,
            last: last.max(first),
        }
    }

    pub fn is_heading(&self) -> bool {
        matches!(self.kind, Kind::Heading { .. })
    }

    pub fn is_item(&self) -> bool {
        matches!(self.kind, Kind::Item { .. })
    }
}

/// A rule that tells web noise from content; each holds across sites.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Noise {
    /// Inside `<nav>`.
    Navigation,
    /// Inside the page's `<header>`.
    PageHeader,
    /// Inside the page's `<footer>`, not a headed contact block.
    PageFooter,
    /// Inside `<aside>`.
    Aside,
    /// A form: inputs, buttons, their labels.
    Form,
    /// A block that is mostly the text of links to other pages.
    Links,
    /// Short lines without a sentence, several in a row: a menu.
    Menu,
    /// A line that repeats a heading further down: a table of contents.
    TableOfContents,
    /// A number with no text after it.
    BareNumber,
    /// A copyright line and what follows it: the page's footer.
    Copyright,
    /// A tracking tag or an image or file name.
    FileName,
    /// A short line with no sentence that belongs to nothing.
    NoSentence,
    /// Sharing, printing or editing the page (a link or button of the site).
    PageAction,
}

impl Noise {
    pub fn describe(self) -> &'static str {
        match self {
            Noise::Navigation => "navigation (<nav>)",
            Noise::PageHeader => "the page's header",
            Noise::PageFooter => "the page's footer",
            Noise::Aside => "a side box (<aside>)",
            Noise::Form => "a form",
            Noise::Links => "mostly links to other pages",
            Noise::Menu => "short lines of link text in a row (a menu)",
            Noise::TableOfContents => "a table of contents (repeats a later heading)",
            Noise::BareNumber => "a number with no text",
            Noise::Copyright => "the page's footer (a copyright line and what follows)",
            Noise::FileName => "a tracking tag or a file name",
            Noise::NoSentence => "a short line with no sentence",
            Noise::PageAction => "a link of the site, not of the document",
        }
    }
}

/// Why an input line is in no passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    Empty,
    FrontMatter,
    /// Markup only: tags, a template's tags, directives, labels, comments.
    Markup(&'static str),
    Noise(Noise),
    /// Repeats the text of an earlier line.
    Duplicate(usize),
    /// The document's title (it titles the statement of purpose or the
    /// document's first section).
    Title,
    /// A heading: it names section `0` (or the statement of purpose).
    Heading(String),
    /// A heading with nothing under it.
    EmptyHeading,
    /// A heading over sections of its own, with no text of its own.
    GroupHeading,
    /// A short line that introduces a list: it names section `0`.
    ListHeading(String),
    /// A label repeated through the document ("Note"); what it labels is kept.
    Label,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Empty => write!(f, "empty"),
            Reason::FrontMatter => write!(f, "front matter"),
            Reason::Markup(what) => write!(f, "markup: {what}"),
            Reason::Noise(rule) => write!(f, "noise: {}", rule.describe()),
            Reason::Duplicate(line) => write!(f, "duplicate of line {line}"),
            Reason::Title => write!(f, "the document's title"),
            Reason::Heading(section) if section == "mission" => {
                write!(f, "the heading of the statement of purpose")
            }
            Reason::Heading(section) => write!(f, "a heading that names section {section}"),
            Reason::EmptyHeading => write!(f, "a heading with nothing under it"),
            Reason::GroupHeading => write!(f, "a heading over the sections that follow"),
            Reason::ListHeading(section) => {
                write!(f, "a line that introduces the list of section {section}")
            }
            Reason::Label => write!(f, "a label repeated through the document"),
        }
    }
}

/// A document read into blocks: what every reader makes.
#[derive(Debug, Clone, Default)]
pub struct Read {
    pub blocks: Vec<Block>,
    /// Lines left out while reading, with why (a block's lines are its own).
    pub left: Vec<(usize, Reason)>,
    /// The title the document's metadata gives (`<title>`, front matter).
    pub title: Option<String>,
    /// The input's lines, as read (for the report).
    pub lines: Vec<String>,
}

impl Read {
    pub fn new(input: &str) -> Self {
        Self {
            lines: input.lines().map(str::to_string).collect(),
            ..Self::default()
        }
    }

    pub fn leave(&mut self, line: usize, reason: Reason) {
        self.left.push((line, reason));
    }

    pub fn leave_range(&mut self, first: usize, last: usize, reason: Reason) {
        for line in first..=last {
            self.left.push((line, reason.clone()));
        }
    }
}

/// Whitespace collapsed to single spaces, ends trimmed; characters that
/// are never text left out (see [`is_glyph`]).
pub fn squash(text: &str) -> String {
    text.split_whitespace()
        .map(|w| w.chars().filter(|c| !is_glyph(*c)).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A character that is not text: an icon font's glyph (the private use
/// area: a page's link and menu icons copied with its text), a zero-width
/// space or joiner, a soft hyphen, a byte order mark.
pub fn is_glyph(c: char) -> bool {
    matches!(c, '\u{e000}'..='\u{f8ff}' | '\u{200b}'..='\u{200d}' | '\u{feff}' | '\u{ad}')
}

/// Each line's whitespace collapsed, empty lines removed: the form a block's
/// text is kept in (`\n` where the document breaks a line).
pub fn tidy(text: &str) -> String {
    text.lines()
        .map(squash)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Ends like a sentence or a clause of a list.
pub fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .trim_end_matches(['"', '\'', '”', '“', '»', ')', '*', '_'])
        .ends_with(['.', '!', '?', ':', ';', ',', '…'])
}

/// The number of words.
pub fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_tidied_line_by_line() {
        assert_eq!(tidy("  a  b \n\n c\u{a0}d "), "a b\nc d");
        assert!(ends_sentence("Be open.**"));
        assert!(ends_sentence("aims include:"));
        assert!(!ends_sentence("Our values"));
    }
}
