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
    let before_noise = read.blocks.clone();
    noise::clean(&mut read);
    let kept = keep(&mut read, &before_noise, &options.keep);
    let (document, places) = structure::structure(
        &read.blocks,
        read.title.as_deref(),
        options.organization.as_deref(),
        options.language,
    )?;
    let report = report_of(&read, &document, &places, &kept);
    let texts = toml::texts(&document);
    Ok(Import {
        document,
        texts,
        report,
    })
}

/// Brings back the lines `--keep` names: a block noise removed comes back
/// whole; any other line comes back as a paragraph of its own, placed
/// where it stands. Returns the lines kept.
fn keep(
    read: &mut block::Read,
    before_noise: &[block::Block],
    keep: &[RangeInclusive<usize>],
) -> Vec<usize> {
    let wanted = |line: usize| keep.iter().any(|r| r.contains(&line));
    let mut kept = Vec::new();
    let in_block = |blocks: &[block::Block], line: usize| {
        blocks.iter().any(|b| (b.first..=b.last).contains(&line))
    };
    for line in 1..=read.lines.len() {
        if !wanted(line) || in_block(&read.blocks, line) {
            continue;
        }
        if let Some(b) = before_noise
            .iter()
            .find(|b| (b.first..=b.last).contains(&line))
        {
            let b = b.clone();
            kept.extend(b.first..=b.last);
            read.blocks.push(b);
        } else if let Some(text) = read.lines.get(line - 1) {
            let text = block::squash(&markdown::strip_templates(text));
            if text.is_empty() {
                continue;
            }
            kept.push(line);
            read.blocks
                .push(block::Block::new(block::Kind::Paragraph, text, line, line));
        }
    }
    read.blocks.sort_by_key(|b| b.first);
    read.left.retain(|(line, _)| !kept.contains(line));
    kept
}

fn report_of(read: &block::Read, doc: &Document, places: &[Place], kept: &[usize]) -> Report {
    let count = read.lines.len();
    let mut outcomes: Vec<Option<Outcome>> = vec![None; count + 1];
    for (block, place) in read.blocks.iter().zip(places) {
        let outcome = match report::passage(doc, place) {
            Some((id, label)) => Outcome::Passage {
                id,
                label,
                kept: false,
            },
            None => match place {
                Place::Left(reason) => Outcome::Left(reason.clone()),
                _ => continue,
            },
        };
        let last = block.last.min(count);
        for (line, slot) in outcomes
            .iter_mut()
            .enumerate()
            .take(last + 1)
            .skip(block.first)
        {
            let blank = read.lines.get(line - 1).is_none_or(|l| l.trim().is_empty());
            if blank {
                continue;
            }
            let outcome = match &outcome {
                Outcome::Passage { id, label, .. } => Outcome::Passage {
                    id: id.clone(),
                    label: label.clone(),
                    kept: kept.contains(&line),
                },
                other => other.clone(),
            };
            if slot.is_none() {
                *slot = Some(outcome);
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
