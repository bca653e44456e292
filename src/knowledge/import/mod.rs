//! Importing an organization's document as it is published (plain text, a
//! Markdown file from its repository, an HTML page) into the knowledge
//! format: the readers make one stream of blocks with their input lines
//! (`text`, `markdown`, `html` → `block`), `noise` drops what is not the
//! document, `structure` finds the statement of purpose and the sections,
//! `toml` writes them, and `report` says where every input line went.
//!
//! The importer makes [`Texts`]; writing them (locked, audited) is the
//! moderation layer's (`Editor::import`).

mod block;
mod html;
mod markdown;
mod noise;
mod parts;
mod report;
mod structure;
mod text;
mod toml;

use std::ops::RangeInclusive;
use std::path::Path;

pub use block::{Noise, Reason};
pub use noise::is_noise;
pub use report::{Line, Outcome, Report};
pub use structure::{Document, Item, Purpose, Section};

use super::{Language, Texts};
use structure::Place;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImportError {
    #[error(
        "line {line}: item {found} follows item {previous}; a numbered list must run 1, 2, 3, … \
         (a list that starts again at 1 is another list)"
    )]
    Numbering {
        line: usize,
        previous: u32,
        found: u32,
    },
    #[error(
        "line {line}: a numbered list starts at {found}; a list must be numbered 1, 2, 3, … \
         (fix the document's numbers, or check that no item above it was lost)"
    )]
    NumberingStart { line: usize, found: u32 },
    #[error(
        "found no statement of purpose and no section: expected paragraphs, headings or lists \
         of text; gave up at line {line} (every line was left out: see the report)"
    )]
    Unstructured { line: usize },
    #[error(
        "cannot tell the organization's short name (no abbreviation such as \"IOM\" or name \
         recurs, and the document has no title); pass --organization NAME"
    )]
    NoOrganization,
    #[error("--keep {0:?}: expected line numbers and ranges such as 12,40-44")]
    Keep(String),
}

/// How the input is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
}

impl Format {
    /// The format of a file: by its extension, else by its first line.
    pub fn of(path: &Path, text: &str) -> Self {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("md" | "markdown" | "mdown" | "mkd" | "myst") => Format::Markdown,
            Some("html" | "htm" | "xhtml") => Format::Html,
            Some("txt" | "text") => Format::Text,
            _ => {
                let start = text.trim_start().to_ascii_lowercase();
                if start.starts_with("<!doctype html") || start.starts_with("<html") {
                    Format::Html
                } else if start.starts_with("---\n") || start.starts_with("# ") {
                    Format::Markdown
                } else {
                    Format::Text
                }
            }
        }
    }
}

/// What the command line may say about an import.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The organization's short name, when the document does not make it clear.
    pub organization: Option<String>,
    /// The document's language, when detecting it would get it wrong.
    pub language: Option<Language>,
    /// Lines to keep although the rules leave them out.
    pub keep: Vec<RangeInclusive<usize>>,
}

/// The lines `--keep` names, as one command-line value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keep(pub Vec<RangeInclusive<usize>>);

impl std::str::FromStr for Keep {
    type Err = ImportError;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        parse_keep(spec).map(Keep)
    }
}

/// Parses `--keep 12,40-44`.
pub fn parse_keep(spec: &str) -> Result<Vec<RangeInclusive<usize>>, ImportError> {
    let bad = || ImportError::Keep(spec.to_string());
    spec.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|part| {
            let (a, b) = part.split_once('-').unwrap_or((part, part));
            let a: usize = a.trim().parse().map_err(|_| bad())?;
            let b: usize = b.trim().parse().map_err(|_| bad())?;
            if a == 0 || b < a {
                return Err(bad());
            }
            Ok(a..=b)
        })
        .collect()
}

/// An imported document: its parts, the knowledge files, the report.
#[derive(Debug, Clone)]
pub struct Import {
    pub document: Document,
    pub texts: Texts,
    pub report: Report,
}

impl Import {
    /// One line saying what was made: "IOM: mission, 4 aims, 12 strategy points".
    pub fn summary(&self) -> String {
        let doc = &self.document;
        let mut parts: Vec<String> = Vec::new();
        if let Some(purpose) = &doc.purpose {
            parts.push("mission".into());
            parts.push(format!("{} aims", purpose.aims.len()));
        }
        for section in &doc.sections {
            let kind = if section.numbered() {
                "points"
            } else {
                "items"
            };
            parts.push(format!("{} {} {kind}", section.items.len(), section.id));
        }
        format!("{}: {}", doc.organization, parts.join(", "))
    }
}

/// Imports a document written in `format`.
pub fn import(input: &str, format: Format, options: &Options) -> Result<Import, ImportError> {
    let mut read = match format {
        Format::Text => text::read(input),
        Format::Markdown => markdown::read(input),
        Format::Html => html::read(input),
    };
    noise::clean(&mut read);
    let (mut document, places) = structure::structure(
        &read.blocks,
        read.title.as_deref(),
        options.organization.as_deref(),
        options.language,
    )
    .map_err(|e| match e {
        // It read the whole input before giving up.
        ImportError::Unstructured { .. } => ImportError::Unstructured {
            line: read.lines.len().max(1),
        },
        other => other,
    })?;
    let mut line_places = line_places(&read, &places);
    let kept = keep(
        &read,
        format,
        &mut document,
        &mut line_places,
        &options.keep,
    );
    let report = report_of(&read, &document, &places, &line_places, &kept);
    let texts = toml::texts(&document);
    Ok(Import {
        document,
        texts,
        report,
    })
}

/// The passage each input line went into, by line (index 0 unused).
fn line_places(read: &block::Read, places: &[Place]) -> Vec<Option<Place>> {
    let count = read.lines.len();
    let mut out: Vec<Option<Place>> = vec![None; count + 1];
    for (block, place) in read.blocks.iter().zip(places) {
        if matches!(place, Place::Left(_)) {
            continue;
        }
        let last = block.last.min(count);
        for (line, slot) in out.iter_mut().enumerate().take(last + 1).skip(block.first) {
            let blank = read.lines.get(line - 1).is_none_or(|l| l.trim().is_empty());
            if !blank && slot.is_none() {
                *slot = Some(place.clone());
            }
        }
    }
    out
}

/// Keeps the lines `--keep` names that went into no passage: each is
/// appended, as a line of its own, to the passage of the nearest line
/// before it that went into one (the first passage, for lines before any).
/// Returns the lines kept.
fn keep(
    read: &block::Read,
    format: Format,
    doc: &mut Document,
    line_places: &mut [Option<Place>],
    keep: &[RangeInclusive<usize>],
) -> Vec<usize> {
    let mut kept = Vec::new();
    for line in 1..line_places.len() {
        if !keep.iter().any(|r| r.contains(&line)) || line_places[line].is_some() {
            continue;
        }
        let Some(raw) = read.lines.get(line - 1) else {
            continue;
        };
        let text = match format {
            Format::Html => {
                let mut fragment = block::Read::default();
                html::read_fragment(raw, 1, &mut fragment);
                fragment
                    .blocks
                    .iter()
                    .map(|b| b.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            }
            Format::Markdown => markdown::inline_text(raw),
            Format::Text => block::squash(raw),
        };
        if text.trim().is_empty() {
            continue;
        }
        let target = line_places[..line]
            .iter()
            .rev()
            .flatten()
            .next()
            .or_else(|| line_places[line..].iter().flatten().next())
            .cloned();
        let Some(target) = target else { continue };
        let Some(passage) = passage_text(doc, &target) else {
            continue;
        };
        passage.push('\n');
        passage.push_str(&text);
        line_places[line] = Some(target);
        kept.push(line);
    }
    kept
}

/// The text of the passage a place names.
fn passage_text<'d>(doc: &'d mut Document, place: &Place) -> Option<&'d mut String> {
    match place {
        Place::Mission => doc.purpose.as_mut().map(|p| &mut p.text),
        Place::Aim(i) => doc.purpose.as_mut()?.aims.get_mut(*i),
        Place::Item(s, i) => Some(&mut doc.sections.get_mut(*s)?.items.get_mut(*i)?.text),
        Place::Left(_) => None,
    }
}

fn report_of(
    read: &block::Read,
    doc: &Document,
    places: &[Place],
    line_places: &[Option<Place>],
    kept: &[usize],
) -> Report {
    let count = read.lines.len();
    let mut outcomes: Vec<Option<Outcome>> = vec![None; count + 1];
    for (line, place) in line_places.iter().enumerate() {
        if let Some(place) = place
            && let Some((id, label)) = report::passage(doc, place)
        {
            outcomes[line] = Some(Outcome::Passage {
                id,
                label,
                kept: kept.contains(&line),
            });
        }
    }
    for (block, place) in read.blocks.iter().zip(places) {
        let Place::Left(reason) = place else { continue };
        let last = block.last.min(count);
        for (line, slot) in outcomes
            .iter_mut()
            .enumerate()
            .take(last + 1)
            .skip(block.first)
        {
            let blank = read.lines.get(line - 1).is_none_or(|l| l.trim().is_empty());
            if !blank && slot.is_none() {
                *slot = Some(Outcome::Left(reason.clone()));
            }
        }
    }
    for (line, reason) in &read.left {
        if *line >= 1 && *line <= count && outcomes[*line].is_none() {
            outcomes[*line] = Some(Outcome::Left(reason.clone()));
        }
    }
    let lines = (1..=count)
        .map(|number| {
            let text = read.lines[number - 1].clone();
            let outcome = outcomes[number].clone().unwrap_or_else(|| {
                if text.trim().is_empty() {
                    Outcome::Left(Reason::Empty)
                } else {
                    Outcome::Left(Reason::Markup("no text of the document"))
                }
            });
            Line {
                number,
                text,
                outcome,
            }
        })
        .collect();
    Report { lines }
}
