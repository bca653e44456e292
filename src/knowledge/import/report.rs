//! The import's report: every input line, with the passage it went into
//! (its id and label) or why it was left out, so nothing disappears unseen.

use std::fmt;

use super::block::Reason;
use super::structure::{Document, Place};
use crate::knowledge::{Language, labels};

/// What became of one input line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// In a passage; `kept` when `--keep` brought it in.
    Passage {
        id: String,
        label: String,
        kept: bool,
    },
    Left(Reason),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub number: usize,
    pub text: String,
    pub outcome: Outcome,
}

/// Every input line, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub lines: Vec<Line>,
}

impl Report {
    /// The lines that went into passage `id`.
    pub fn lines_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Line> + 'a {
        self.lines
            .iter()
            .filter(move |l| matches!(&l.outcome, Outcome::Passage { id: i, .. } if i == id))
    }

    /// The lines left out (blank lines aside).
    pub fn left_out(&self) -> impl Iterator<Item = &Line> {
        self.lines
            .iter()
            .filter(|l| matches!(&l.outcome, Outcome::Left(r) if *r != Reason::Empty))
    }
}

/// How much of a line the report shows.
fn shown(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() > 70 {
        let cut: String = text.chars().take(67).collect();
        format!("{cut}…")
    } else {
        text.to_string()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for line in &self.lines {
            let text = shown(&line.text);
            match &line.outcome {
                Outcome::Passage { id, label, kept } => {
                    let kept = if *kept {
                        " (kept by --keep: appended to this passage)"
                    } else {
                        ""
                    };
                    writeln!(f, "{:>5} → {id} [{label}]{kept}: {text}", line.number)?;
                }
                Outcome::Left(Reason::Empty) => writeln!(f, "{:>5}   (empty)", line.number)?,
                Outcome::Left(reason @ Reason::Noise(_)) => {
                    writeln!(
                        f,
                        "{:>5}   dropped (not content): {text} [{reason}]",
                        line.number
                    )?;
                }
                Outcome::Left(reason) => {
                    writeln!(f, "{:>5}   left out ({reason}): {text}", line.number)?;
                }
            }
        }
        Ok(())
    }
}

/// The id and label of the passage a block went into.
pub fn passage(doc: &Document, place: &Place) -> Option<(String, String)> {
    let language = doc.language;
    match place {
        Place::Mission => Some(("mission".into(), doc.purpose.as_ref()?.title.clone())),
        Place::Aim(i) => Some((
            format!("aim-{}", i + 1),
            format!(
                "{}, {} {}",
                doc.purpose.as_ref()?.title,
                language.aim_word(),
                i + 1
            ),
        )),
        Place::Item(s, i) => {
            let section = doc.sections.get(*s)?;
            let item = section.items.get(*i)?;
            Some((
                format!("{}-{}", section.id, i + 1),
                label(section, item, *i, language),
            ))
        }
        Place::Left(_) => None,
    }
}

/// How an item is cited, as `docs/knowledge.md` says: the rule replies
/// use ([`labels::item_label`]), so the report shows what replies will say.
pub fn label(
    section: &super::structure::Section,
    item: &super::structure::Item,
    index: usize,
    language: Language,
) -> String {
    let heading = labels::Heading {
        title: &section.title,
        noun: section.noun.as_deref(),
        numbered: item.number.is_some(),
        language,
    };
    let position = item.number.unwrap_or(index as u32 + 1);
    labels::item_label(
        &heading,
        position,
        item.name.as_deref(),
        section.items.len(),
    )
}
