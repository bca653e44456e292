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
    // Lines the reader left out inside a block (a label) stay out.
    let left: std::collections::HashSet<usize> = read.left.iter().map(|(l, _)| *l).collect();
    for (block, place) in read.blocks.iter().zip(places) {
        if matches!(place, Place::Left(_)) {
            continue;
        }
        let last = block.last.min(count);
        for (line, slot) in out.iter_mut().enumerate().take(last + 1).skip(block.first) {
            let blank = read.lines.get(line - 1).is_none_or(|l| l.trim().is_empty());
            if !blank && slot.is_none() && !left.contains(&line) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, format: Format) -> Import {
        let options = Options {
            organization: Some("ORG".into()),
            ..Options::default()
        };
        import(text, format, &options).unwrap_or_else(|e| panic!("{e}"))
    }

    /// An item as the tests compare it: number, name, text.
    type Shown = (Option<u32>, Option<String>, String);

    fn shape(import: &Import) -> Vec<(String, Vec<Shown>)> {
        import
            .document
            .sections
            .iter()
            .map(|s| {
                let items = s
                    .items
                    .iter()
                    .map(|i| (i.number, i.name.clone(), i.text.clone()))
                    .collect();
                (s.id.clone(), items)
            })
            .collect()
    }

    #[test]
    fn a_colon_over_bullets_gives_the_purpose_its_aims() {
        let doc = run(
            "# Our mission\n\nWe help people in many places of the country and beyond it, and so we work:\n\n- to teach,\n- to build.\n\n## Our principles\n\n1. Be open.\n2. Be kind.\n",
            Format::Markdown,
        );
        let purpose = doc.document.purpose.as_ref().expect("purpose");
        assert_eq!(purpose.aims, ["to teach,", "to build."]);
        assert_eq!(purpose.title, "Our mission");
        let section = &doc.document.sections[0];
        assert_eq!(
            (section.id.as_str(), section.noun.as_deref()),
            ("principles", Some("principle"))
        );
        assert!(section.numbered());
        assert_eq!(doc.summary(), "ORG: mission, 2 aims, 2 principles points");
    }

    #[test]
    fn a_short_line_over_a_list_names_it_and_is_not_the_purpose() {
        let doc = run(
            "Our association brings people together to learn from one another every week.\n\nWe follow these principles:\n\n• Openness to everyone who comes.\n• Respect for every opinion.\n",
            Format::Text,
        );
        let purpose = doc.document.purpose.as_ref().expect("purpose");
        assert_eq!(
            purpose.text,
            "Our association brings people together to learn from one another every week."
        );
        assert_eq!(doc.document.sections[0].title, "We follow these principles");
        assert_eq!(doc.document.sections[0].items.len(), 2);
        let line = &doc.report.lines[2];
        assert_eq!(
            line.outcome,
            Outcome::Left(Reason::ListHeading("principles".into()))
        );
        assert_eq!(doc.document.sections[0].noun.as_deref(), Some("principle"));
    }

    #[test]
    fn the_purpose_may_come_after_the_lists_and_lists_may_be_several() {
        let doc = run(
            "# Code\n\n## Rules\n\n1 Arrive on time\n2 Bring a friend\n\n## Guidelines\n\n1. Listen first.\n2. Speak second.\n3. Thank everyone.\n\n## Purpose\n\nWe meet to learn together and to share what we know with everyone.\n",
            Format::Markdown,
        );
        assert_eq!(
            doc.document.purpose.as_ref().map(|p| p.text.as_str()),
            Some("We meet to learn together and to share what we know with everyone.")
        );
        let ids: Vec<(String, usize)> = shape(&doc)
            .into_iter()
            .map(|(id, items)| (id, items.len()))
            .collect();
        assert_eq!(
            ids,
            [("rules".to_string(), 2), ("guidelines".to_string(), 3)]
        );
    }

    #[test]
    fn named_items_under_headings_in_capitals_with_numbers_alone_on_their_line() {
        let doc = run(
            "STANOVY SPOLKU\n\nI. NÁZEV\n1.\n\nSpolek se jmenuje Příklad a sídlí v Praze.\n\n2.\n\nSpolek má tyto orgány:\n\nčlenskou schůzi,\n\nvýbor.\n\nII. ČLENSTVÍ\n1.\n\nČlenství je dobrovolné.\n",
            Format::Text,
        );
        assert_eq!(
            shape(&doc),
            [
                (
                    "nazev".to_string(),
                    vec![
                        (
                            Some(1),
                            None,
                            "Spolek se jmenuje Příklad a sídlí v Praze.".to_string()
                        ),
                        (
                            Some(2),
                            None,
                            "Spolek má tyto orgány:\n• členskou schůzi,\n• výbor.".to_string()
                        ),
                    ]
                ),
                (
                    "clenstvi".to_string(),
                    vec![(Some(1), None, "Členství je dobrovolné.".to_string())]
                ),
            ]
        );
        assert_eq!(doc.document.title.as_deref(), Some("STANOVY SPOLKU"));
    }

    #[test]
    fn bold_names_and_bold_only_lines() {
        let doc = run(
            "**Our values**\n\n1. **Openness.** We share what we do.\n2. **Care.** We look after each other.\n",
            Format::Markdown,
        );
        assert_eq!(
            shape(&doc),
            [(
                "values".to_string(),
                vec![
                    (
                        Some(1),
                        Some("Openness.".to_string()),
                        "We share what we do.".to_string()
                    ),
                    (
                        Some(2),
                        Some("Care.".to_string()),
                        "We look after each other.".to_string()
                    ),
                ]
            )]
        );
    }

    #[test]
    fn a_page_keeps_its_text_and_its_footer_contacts_only() {
        let page = "<html><head><title>ORG</title><script>var x = 1;</script></head><body>\n<nav><a href=\"/\">Home</a> <a href=\"/about\">About</a></nav>\n<h1>Our code</h1>\n<p>We meet to learn together and to share what we know with everyone.</p>\n<h2>Rules</h2>\n<ul><li>Be kind to everyone.</li><li>Be on time for the talks.</li></ul>\n<footer><h3>Contact</h3><p>info@example.org</p><ul><li><a href=\"/x\">Twitter</a></li></ul><form><input name=q><button>Subscribe</button></form></footer>\n</body></html>\n";
        let doc = run(page, Format::Html);
        assert_eq!(doc.document.title.as_deref(), Some("Our code"));
        let all: Vec<String> = shape(&doc)
            .into_iter()
            .flat_map(|(id, items)| items.into_iter().map(move |i| format!("{id}: {}", i.2)))
            .collect();
        assert_eq!(
            all,
            [
                "rules: Be kind to everyone.",
                "rules: Be on time for the talks.",
                "contact: info@example.org"
            ]
        );
        assert!(doc.report.lines[1].outcome == Outcome::Left(Reason::Noise(Noise::Navigation)));
    }

    #[test]
    fn the_first_shape_is_written_as_it_always_was() {
        let doc = run(
            "Mission of ORG is to help people in many places. ORG works:\n\n • aim one,\n\nStrategy ORG\n\n 1. First point.\n 2. Second point.\n",
            Format::Text,
        );
        let mission = doc.texts.get("mission.toml").expect("mission.toml");
        assert!(!mission.contains("sections"), "{mission}");
        let strategy = doc.texts.get("strategy.toml").expect("strategy.toml");
        assert!(
            strategy.contains("[[point]]\nnumber = 2\ntext = \"Second point.\""),
            "{strategy}"
        );
        let other = run(
            "# Principles\n\n- Openness to all.\n- Respect for all.\n",
            Format::Markdown,
        );
        let principles = other.texts.get("principles.toml").expect("principles.toml");
        assert!(
            principles.contains("noun = \"principle\"\n\n[[item]]\ntext = \"Openness to all.\""),
            "{principles}"
        );
        assert!(
            other
                .texts
                .get("mission.toml")
                .is_some_and(|m| m.contains("sections = [\"principles\"]"))
        );
    }

    #[test]
    fn keep_lines_parse() {
        assert_eq!(parse_keep("12,40-44"), Ok(vec![12..=12, 40..=44]));
        assert!(parse_keep("0").is_err());
        assert!(parse_keep("5-3").is_err());
        assert!(parse_keep("a").is_err());
    }

    #[test]
    fn formats_by_name_and_by_content() {
        let p = |name: &str| std::path::PathBuf::from(name);
        assert_eq!(Format::of(&p("a.md"), ""), Format::Markdown);
        assert_eq!(Format::of(&p("a.HTML"), ""), Format::Html);
        assert_eq!(Format::of(&p("a"), "<!DOCTYPE html>\n<html>"), Format::Html);
        assert_eq!(Format::of(&p("a"), "Plain words."), Format::Text);
    }
}
