//! Changing the knowledge files the way a moderator asks: add, edit, remove or
//! move an item of any section (a strategy point, a principle, a paragraph),
//! edit the statement of purpose or an aim, only a passage's English
//! translation, a glossary entry, or a question a passage answers.
//!
//! Edits work on the TOML text with `toml_edit`, so comments, key order and
//! layout survive; numbers are rewritten to stay 1..=n in file order. This module
//! only computes new file contents; writing them (atomically) and auditing is
//! the caller's job.

use std::fmt;

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};

use super::load::section_file;
use super::{MISSION_FILE, PassageId, SYNONYMS_FILE, SectionId};

/// One change a moderator can make. Texts are the organization's wording;
/// `text_en` is the unofficial translation (`None` keeps the current one when
/// editing, and adds none when adding).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// A new item of `section`, at the end or at `at` (the items from `at` on
    /// move down one).
    AddPoint {
        section: SectionId,
        at: Option<u32>,
        text: String,
        text_en: Option<String>,
    },
    EditPoint {
        section: SectionId,
        number: u32,
        text: String,
        text_en: Option<String>,
    },
    /// Removes an item; the ones after it move up.
    RemovePoint { section: SectionId, number: u32 },
    /// Moves an item to another place, shifting the ones between.
    MovePoint {
        section: SectionId,
        from: u32,
        to: u32,
    },
    EditMission {
        text: String,
        text_en: Option<String>,
    },
    EditAim {
        number: u32,
        text: String,
        text_en: Option<String>,
    },
    /// A glossary entry: questions using one of `words` also search for `means`.
    AddSynonym { words: Vec<String>, means: String },
    /// Sets a passage's English translation, leaving the original as it is.
    Translate { passage: PassageId, text_en: String },
    /// Adds a question members ask to the passage that answers it (its
    /// `questions`): what a moderator teaches the bot.
    AddQuestion {
        passage: PassageId,
        question: String,
    },
}

impl Edit {
    /// The file this edit changes.
    pub fn file(&self) -> String {
        match self {
            Edit::EditMission { .. } | Edit::EditAim { .. } => MISSION_FILE.to_string(),
            Edit::Translate { passage, .. } | Edit::AddQuestion { passage, .. } => {
                match passage.section() {
                    None | Some(SectionId::AIM) => MISSION_FILE.to_string(),
                    Some(section) => section_file(section),
                }
            }
            Edit::AddSynonym { .. } => SYNONYMS_FILE.to_string(),
            Edit::AddPoint { section, .. }
            | Edit::EditPoint { section, .. }
            | Edit::RemovePoint { section, .. }
            | Edit::MovePoint { section, .. } => section_file(*section),
        }
    }

    /// A short name for logs and the audit log: "edit-point 7" for the
    /// strategy's points, as the first version wrote them, and the
    /// section's id in the others' ("edit-point principles 3").
    pub fn describe(&self) -> String {
        let of = |section: &SectionId| match *section {
            SectionId::STRATEGY => String::new(),
            other => format!("{other} "),
        };
        match self {
            Edit::AddPoint {
                section,
                at: Some(n),
                ..
            } => format!("add-point {}at {n}", of(section)),
            Edit::AddPoint {
                section, at: None, ..
            } => format!("add-point {}at end", of(section)),
            Edit::EditPoint {
                section, number, ..
            } => format!("edit-point {}{number}", of(section)),
            Edit::RemovePoint { section, number } => {
                format!("remove-point {}{number}", of(section))
            }
            Edit::MovePoint { section, from, to } => {
                format!("move-point {}{from} to {to}", of(section))
            }
            Edit::EditMission { .. } => "edit-mission".to_string(),
            Edit::EditAim { number, .. } => format!("edit-aim {number}"),
            Edit::AddSynonym { words, .. } => format!("add-synonym {}", words.join(", ")),
            Edit::Translate { passage, .. } => match passage {
                PassageId::Mission => "edit-mission-en".to_string(),
                PassageId::Aim(n) => format!("edit-aim-en {n}"),
                PassageId::Strategy(n) => format!("edit-point-en {n}"),
                PassageId::Item(section, n) => format!("edit-point-en {section} {n}"),
            },
            Edit::AddQuestion { passage, .. } => format!("add-question {passage}"),
        }
    }
}

/// Why an edit cannot be made; the message is shown to the moderator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("there is no item {number}: the section has items 1–{count}")]
    NoSuchPoint { number: u32, count: usize },
    #[error("there is no aim {number}: there are aims 1–{count}")]
    NoSuchAim { number: u32, count: usize },
    #[error("a new point can go at 1–{max}")]
    BadPosition { max: usize },
    #[error("the text is empty")]
    EmptyText,
    #[error("the text is longer than {max} characters")]
    TooLong { max: usize },
    #[error("the last item cannot be removed: a section needs at least one")]
    LastPoint,
    #[error("a synonym needs one or more single words and what they mean")]
    BadSynonym,
    #[error("{file} cannot be edited: {why}")]
    Unreadable { file: String, why: String },
}

fn checked(text: &str) -> Result<&str, EditError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(EditError::EmptyText);
    }
    if text.chars().count() > super::load::MAX_TEXT_CHARS {
        return Err(EditError::TooLong {
            max: super::load::MAX_TEXT_CHARS,
        });
    }
    Ok(text)
}

/// Applies `edit` to the text of the file it concerns, returning the new text.
pub fn apply(edit: &Edit, file_text: &str) -> Result<String, EditError> {
    let file = edit.file();
    let file = file.as_str();
    let mut doc: DocumentMut =
        file_text
            .parse()
            .map_err(|e: toml_edit::TomlError| EditError::Unreadable {
                file: file.to_string(),
                why: e.message().to_string(),
            })?;
    match edit {
        Edit::EditMission { text, text_en } => {
            set_texts(doc.as_table_mut(), checked(text)?, text_en.as_deref())?;
        }
        Edit::EditAim {
            number,
            text,
            text_en,
        } => {
            let aims = entries(&mut doc, "aim", file)?;
            let count = aims.len();
            let aim = index(*number, count).and_then(|i| aims.get_mut(i)).ok_or(
                EditError::NoSuchAim {
                    number: *number,
                    count,
                },
            )?;
            set_texts(aim, checked(text)?, text_en.as_deref())?;
        }
        Edit::EditPoint {
            number,
            text,
            text_en,
            ..
        } => {
            let points = items(&mut doc, file)?;
            let count = points.len();
            let point = index(*number, count)
                .and_then(|i| points.get_mut(i))
                .ok_or(EditError::NoSuchPoint {
                    number: *number,
                    count,
                })?;
            set_texts(point, checked(text)?, text_en.as_deref())?;
        }
        Edit::AddPoint {
            at, text, text_en, ..
        } => {
            let text = checked(text)?;
            let points = items(&mut doc, file)?;
            let count = points.len();
            let position = match at {
                None => count,
                Some(n) => index(*n, count + 1).ok_or(EditError::BadPosition { max: count + 1 })?,
            };
            let numbered = is_numbered(points);
            let mut table = Table::new();
            if numbered {
                table["number"] = value(0);
            }
            table["text"] = value(text);
            if let Some(en) = text_en {
                table["text_en"] = value(checked(en)?);
            }
            table.decor_mut().set_prefix("\n");
            points.insert(position, table);
            renumber(points);
        }
        Edit::RemovePoint { number, .. } => {
            let points = items(&mut doc, file)?;
            let count = points.len();
            let i = index(*number, count).ok_or(EditError::NoSuchPoint {
                number: *number,
                count,
            })?;
            if count == 1 {
                return Err(EditError::LastPoint);
            }
            points.remove(i);
            renumber(points);
        }
        Edit::AddSynonym { words, means } => {
            let words: Vec<&str> = words
                .iter()
                .map(|w| w.trim())
                .filter(|w| !w.is_empty())
                .collect();
            let means = means.trim();
            if words.is_empty()
                || means.is_empty()
                || words.iter().any(|w| w.contains(char::is_whitespace))
            {
                return Err(EditError::BadSynonym);
            }
            if doc.get("synonym").is_none() {
                doc["synonym"] = Item::ArrayOfTables(ArrayOfTables::new());
            }
            let entries = entries(&mut doc, "synonym", file)?;
            let mut table = Table::new();
            table["words"] = value(toml_edit::Array::from_iter(words));
            table["means"] = value(means);
            table.decor_mut().set_prefix("\n");
            entries.push(table);
        }
        Edit::Translate { passage, text_en } => {
            let text_en = checked(text_en)?;
            passage_table(&mut doc, *passage, file)?["text_en"] = value(text_en);
        }
        Edit::AddQuestion { passage, question } => {
            let question = question.trim();
            if question.is_empty() {
                return Err(EditError::EmptyText);
            }
            let max = super::MAX_PASSAGE_QUESTION_CHARS;
            if question.chars().count() > max {
                return Err(EditError::TooLong { max });
            }
            let table = passage_table(&mut doc, *passage, file)?;
            match table.get_mut("questions").and_then(Item::as_array_mut) {
                Some(questions) => {
                    // One per line, as the shipped files have them.
                    let mut line = toml_edit::Value::from(question);
                    let indent = questions
                        .iter()
                        .next()
                        .and_then(|v| v.decor().prefix())
                        .and_then(|p| p.as_str())
                        .unwrap_or(" ")
                        .to_string();
                    line.decor_mut().set_prefix(indent);
                    questions.push_formatted(line);
                }
                None => {
                    table["questions"] = value(toml_edit::Array::from_iter([question]));
                }
            }
        }
        Edit::MovePoint { from, to, .. } => {
            let points = items(&mut doc, file)?;
            let count = points.len();
            let no_such = |number| EditError::NoSuchPoint { number, count };
            let i = index(*from, count).ok_or(no_such(*from))?;
            let j = index(*to, count).ok_or(no_such(*to))?;
            let moved = points.remove(i);
            points.insert(j, moved);
            renumber(points);
        }
    }
    Ok(doc.to_string())
}

/// The table of one passage: the mission file's top level, an `[[aim]]` or a
/// `[[point]]`.
fn passage_table<'d>(
    doc: &'d mut DocumentMut,
    passage: PassageId,
    file: &str,
) -> Result<&'d mut Table, EditError> {
    Ok(match passage {
        PassageId::Mission => doc.as_table_mut(),
        PassageId::Aim(number) => {
            let aims = entries(doc, "aim", file)?;
            let count = aims.len();
            index(number, count)
                .and_then(|i| aims.get_mut(i))
                .ok_or(EditError::NoSuchAim { number, count })?
        }
        PassageId::Strategy(number) | PassageId::Item(_, number) => {
            let points = items(doc, file)?;
            let count = points.len();
            index(number, count)
                .and_then(|i| points.get_mut(i))
                .ok_or(EditError::NoSuchPoint { number, count })?
        }
    })
}

/// A section's items: its `[[item]]` tables, or `[[point]]` in a file
/// written the first document's way.
fn items<'d>(doc: &'d mut DocumentMut, file: &str) -> Result<&'d mut ArrayOfTables, EditError> {
    let key = if doc.get("point").is_some() && doc.get("item").is_none() {
        "point"
    } else {
        "item"
    };
    entries(doc, key, file)
}

/// Whether a section's items carry numbers (all or none do).
fn is_numbered(items: &ArrayOfTables) -> bool {
    items.iter().any(|t| t.contains_key("number"))
}

/// 0-based index of a 1-based number, if it is within `count`.
fn index(number: u32, count: usize) -> Option<usize> {
    let i = usize::try_from(number).ok()?.checked_sub(1)?;
    (i < count).then_some(i)
}

fn entries<'d>(
    doc: &'d mut DocumentMut,
    key: &str,
    file: &str,
) -> Result<&'d mut ArrayOfTables, EditError> {
    doc.get_mut(key)
        .and_then(Item::as_array_of_tables_mut)
        .ok_or_else(|| EditError::Unreadable {
            file: file.to_string(),
            why: format!("no [[{key}]] tables"),
        })
}

fn set_texts(table: &mut Table, text: &str, text_en: Option<&str>) -> Result<(), EditError> {
    table["text"] = value(text);
    if let Some(en) = text_en {
        table["text_en"] = value(checked(en)?);
    }
    Ok(())
}

/// Numbers follow file order (in a numbered section), and the tables are
/// written in that order (toml_edit otherwise keeps each table's original
/// place in the file).
fn renumber(points: &mut ArrayOfTables) {
    let numbered = is_numbered(points);
    let base = points.iter().filter_map(Table::position).min().unwrap_or(0);
    for (i, table) in points.iter_mut().enumerate() {
        if numbered {
            table["number"] = value(i as i64 + 1);
        }
        table.set_position(Some(base + i as isize));
    }
}

/// A line-by-line view of what an edit changes, for the preview a moderator
/// confirms: passages removed, added, and moved to another number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    pub lines: Vec<DiffLine>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffLine {
    Removed(String),
    Added(String),
    /// (old label, new label, text)
    Moved(String, String, String),
}

impl fmt::Display for Diff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for line in &self.lines {
            match line {
                DiffLine::Removed(text) => writeln!(f, "- {text}")?,
                DiffLine::Added(text) => writeln!(f, "+ {text}")?,
                DiffLine::Moved(from, to, text) => writeln!(f, "~ {from} → {to} {text}")?,
            }
        }
        Ok(())
    }
}

/// Compares two lists of labelled passages (`("Stratégia IOM, bod 7:", text)`).
///
/// Text that disappeared is removed, text that appeared is added, and text that
/// changed place is moved — except the passages that only shifted along with
/// the rest (every point after an insertion moves down one), which would bury
/// the change in noise.
pub fn diff(before: &[(String, String)], after: &[(String, String)]) -> Diff {
    let mut lines = Vec::new();
    for (label, text) in before {
        if !after.iter().any(|(_, t)| t == text) {
            lines.push(DiffLine::Removed(format!("{label} {text}")));
        }
    }
    for (label, text) in after {
        if !before.iter().any(|(_, t)| t == text) {
            lines.push(DiffLine::Added(format!("{label} {text}")));
        }
    }
    // Same text, other place: (old index, new index).
    let moved: Vec<(usize, usize)> = before
        .iter()
        .enumerate()
        .filter_map(|(i, (label, text))| {
            let j = after.iter().position(|(_, t)| t == text)?;
            (after[j].0 != *label).then_some((i, j))
        })
        .collect();
    let shift = |&(i, j): &(usize, usize)| j as isize - i as isize;
    let common = moved
        .iter()
        .map(shift)
        .max_by_key(|d| moved.iter().filter(|m| shift(m) == *d).count());
    for m @ (i, j) in &moved {
        if moved.len() == 1 || Some(shift(m)) != common {
            lines.push(DiffLine::Moved(
                before[*i].0.clone(),
                after[*j].0.clone(),
                before[*i].1.clone(),
            ));
        }
    }
    Diff { lines }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STRATEGY: &str = "# Strategy file\ntitle = \"S\"\n\n[[point]]\nnumber = 1\ntext = \"Jeden.\"\n\n# about two\n[[point]]\nnumber = 2\ntext = \"Dva.\"\ntext_en = \"Two.\"\n\n[[point]]\nnumber = 3\ntext = \"Tri.\"\n";

    fn texts(file: &str) -> Vec<(i64, String)> {
        let doc: DocumentMut = file.parse().expect("valid TOML");
        doc["point"]
            .as_array_of_tables()
            .expect("points")
            .iter()
            .map(|t| {
                (
                    t["number"].as_integer().expect("number"),
                    t["text"].as_str().expect("text").to_string(),
                )
            })
            .collect()
    }

    fn check(edit: Edit, expected: &[&str]) -> String {
        let out = apply(&edit, STRATEGY).expect("applies");
        let got = texts(&out);
        let want: Vec<(i64, String)> = expected
            .iter()
            .enumerate()
            .map(|(i, t)| (i as i64 + 1, t.to_string()))
            .collect();
        assert_eq!(got, want, "{edit:?}\n{out}");
        assert!(
            out.starts_with("# Strategy file\n"),
            "header comment kept:\n{out}"
        );
        out
    }

    #[test]
    fn points_are_added_edited_removed_and_moved_in_order() {
        check(
            Edit::AddPoint {
                section: SectionId::STRATEGY,
                at: None,
                text: "Štyri.".into(),
                text_en: None,
            },
            &["Jeden.", "Dva.", "Tri.", "Štyri."],
        );
        check(
            Edit::AddPoint {
                section: SectionId::STRATEGY,
                at: Some(1),
                text: "Nula.".into(),
                text_en: Some("Zero.".into()),
            },
            &["Nula.", "Jeden.", "Dva.", "Tri."],
        );
        let out = check(
            Edit::EditPoint {
                section: SectionId::STRATEGY,
                number: 2,
                text: " Dva, nové. ".into(),
                text_en: None,
            },
            &["Jeden.", "Dva, nové.", "Tri."],
        );
        assert!(
            out.contains("text_en = \"Two.\""),
            "translation kept:\n{out}"
        );
        assert!(out.contains("# about two"), "comment kept:\n{out}");
        check(
            Edit::RemovePoint {
                section: SectionId::STRATEGY,
                number: 1,
            },
            &["Dva.", "Tri."],
        );
        check(
            Edit::MovePoint {
                section: SectionId::STRATEGY,
                from: 3,
                to: 1,
            },
            &["Tri.", "Jeden.", "Dva."],
        );
        check(
            Edit::MovePoint {
                section: SectionId::STRATEGY,
                from: 1,
                to: 3,
            },
            &["Dva.", "Tri.", "Jeden."],
        );
    }

    /// The questions of each point, in file order.
    fn questions(file: &str) -> Vec<Vec<String>> {
        let doc: DocumentMut = file.parse().expect("valid TOML");
        doc["point"]
            .as_array_of_tables()
            .expect("points")
            .iter()
            .map(|t| {
                t.get("questions")
                    .and_then(Item::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|v| v.as_str().map(String::from))
                            .collect()
                    })
                    .unwrap_or_default()
            })
            .collect()
    }

    #[test]
    fn questions_stay_with_their_point() {
        let asked = STRATEGY.replace(
            "text_en = \"Two.\"\n",
            "text_en = \"Two.\"\nquestions = [\"Čo je dva?\", \"What is two?\"]\n",
        );
        let two = vec!["Čo je dva?".to_string(), "What is two?".to_string()];
        let none = Vec::<String>::new();
        let edited = apply(
            &Edit::EditPoint {
                section: SectionId::STRATEGY,
                number: 2,
                text: "Dva, nové.".into(),
                text_en: Some("Two, new.".into()),
            },
            &asked,
        )
        .expect("edits");
        assert_eq!(
            questions(&edited),
            [none.clone(), two.clone(), none.clone()]
        );
        let moved = apply(
            &Edit::MovePoint {
                section: SectionId::STRATEGY,
                from: 2,
                to: 3,
            },
            &asked,
        )
        .expect("moves");
        assert_eq!(texts(&moved)[2].1, "Dva.");
        assert_eq!(questions(&moved), [none.clone(), none.clone(), two.clone()]);
        let inserted = apply(
            &Edit::AddPoint {
                section: SectionId::STRATEGY,
                at: Some(1),
                text: "Nula.".into(),
                text_en: None,
            },
            &asked,
        )
        .expect("adds");
        assert_eq!(
            questions(&inserted),
            [none.clone(), none.clone(), two.clone(), none.clone()]
        );
        let removed = apply(
            &Edit::RemovePoint {
                section: SectionId::STRATEGY,
                number: 2,
            },
            &asked,
        )
        .expect("removes");
        assert_eq!(questions(&removed), [none.clone(), none.clone()]);
        assert!(!removed.contains("What is two?"), "{removed}");
        let mission = "organization = \"O\"\ntitle = \"M\"\ntext = \"x\"\nquestions = [\"Prečo?\"]\n\n[[aim]]\nnumber = 1\ntext = \"a\"\nquestions = [\"Ako?\"]\n";
        let edited = apply(
            &Edit::EditMission {
                text: "y".into(),
                text_en: None,
            },
            mission,
        )
        .expect("edits the mission");
        let edited = apply(
            &Edit::EditAim {
                number: 1,
                text: "b".into(),
                text_en: None,
            },
            &edited,
        )
        .expect("edits the aim");
        assert!(
            edited.contains("questions = [\"Prečo?\"]")
                && edited.contains("questions = [\"Ako?\"]"),
            "{edited}"
        );
    }

    #[test]
    fn a_translation_is_set_alone() {
        let translate = |number, text: &str| Edit::Translate {
            passage: PassageId::Strategy(number),
            text_en: text.to_string(),
        };
        let out = check(translate(2, " Two, new. "), &["Jeden.", "Dva.", "Tri."]);
        assert!(out.contains("text_en = \"Two, new.\""), "{out}");
        let out = check(translate(1, "One."), &["Jeden.", "Dva.", "Tri."]);
        assert!(
            out.contains("text = \"Jeden.\"\ntext_en = \"One.\""),
            "{out}"
        );
        assert_eq!(
            apply(&translate(4, "x"), STRATEGY),
            Err(EditError::NoSuchPoint {
                number: 4,
                count: 3
            })
        );
        assert_eq!(
            apply(&translate(1, " "), STRATEGY),
            Err(EditError::EmptyText)
        );
        assert_eq!(translate(3, "x").describe(), "edit-point-en 3");
    }

    #[test]
    fn a_question_is_added_to_its_passage_alone() {
        let teach = |passage, question: &str| Edit::AddQuestion {
            passage,
            question: question.to_string(),
        };
        let asked = STRATEGY.replace(
            "text_en = \"Two.\"\n",
            "text_en = \"Two.\"\nquestions = [\n    \"Čo je dva?\",\n]\n",
        );
        let out = apply(&teach(PassageId::Strategy(2), " Prečo dva? "), &asked).expect("adds");
        assert_eq!(
            questions(&out),
            [
                Vec::<String>::new(),
                vec!["Čo je dva?".to_string(), "Prečo dva?".to_string()],
                Vec::new()
            ]
        );
        assert!(
            out.contains("    \"Čo je dva?\",\n    \"Prečo dva?\""),
            "one question a line:\n{out}"
        );
        let out = apply(&teach(PassageId::Strategy(3), "A tri?"), STRATEGY).expect("a first one");
        assert_eq!(questions(&out)[2], ["A tri?"]);
        assert_eq!(texts(&out), texts(STRATEGY), "the texts stay as they were");
        let mission = "organization = \"O\"\ntitle = \"M\"\ntext = \"x\"\n\n[[aim]]\nnumber = 1\ntext = \"a\"\n";
        let out = apply(&teach(PassageId::Aim(1), "Ako?"), mission).expect("an aim's");
        assert!(
            out.contains("text = \"a\"\nquestions = [\"Ako?\"]"),
            "{out}"
        );
        let out = apply(&teach(PassageId::Mission, "Prečo?"), mission).expect("the mission's");
        assert!(
            out.contains("text = \"x\"\nquestions = [\"Prečo?\"]"),
            "{out}"
        );
        assert_eq!(
            apply(&teach(PassageId::Strategy(4), "x"), STRATEGY),
            Err(EditError::NoSuchPoint {
                number: 4,
                count: 3
            })
        );
        assert_eq!(
            apply(&teach(PassageId::Strategy(1), "  "), STRATEGY),
            Err(EditError::EmptyText)
        );
        assert_eq!(
            apply(&teach(PassageId::Strategy(1), &"a".repeat(301)), STRATEGY),
            Err(EditError::TooLong { max: 300 })
        );
        let described = teach(PassageId::Aim(2), "x");
        assert_eq!(described.describe(), "add-question aim-2");
        assert_eq!(described.file(), MISSION_FILE);
    }

    #[test]
    fn synonyms_are_appended_to_a_new_or_existing_glossary() {
        let add = |words: &[&str], means: &str| Edit::AddSynonym {
            words: words.iter().map(|w| w.to_string()).collect(),
            means: means.to_string(),
        };
        let first = apply(&add(&["pašovanie", "pašerák"], "prevádzačstvo"), "").expect("new file");
        let second = apply(&add(&["azyl"], "utečencov"), &first).expect("appends");
        let doc: DocumentMut = second.parse().expect("valid TOML");
        let entries = doc["synonym"].as_array_of_tables().expect("entries");
        assert_eq!(entries.len(), 2);
        assert_eq!(
            entries.get(0).and_then(|t| t["means"].as_str()),
            Some("prevádzačstvo")
        );
        assert_eq!(
            apply(&add(&["dve slová"], "x"), ""),
            Err(EditError::BadSynonym)
        );
        assert_eq!(apply(&add(&[], "x"), ""), Err(EditError::BadSynonym));
    }

    #[test]
    fn impossible_edits_are_refused() {
        let no_point = |number| EditError::NoSuchPoint { number, count: 3 };
        let cases = [
            (
                Edit::RemovePoint {
                    section: SectionId::STRATEGY,
                    number: 4,
                },
                no_point(4),
            ),
            (
                Edit::RemovePoint {
                    section: SectionId::STRATEGY,
                    number: 0,
                },
                no_point(0),
            ),
            (
                Edit::MovePoint {
                    section: SectionId::STRATEGY,
                    from: 1,
                    to: 9,
                },
                no_point(9),
            ),
            (
                Edit::EditPoint {
                    section: SectionId::STRATEGY,
                    number: 2,
                    text: "  ".into(),
                    text_en: None,
                },
                EditError::EmptyText,
            ),
            (
                Edit::AddPoint {
                    section: SectionId::STRATEGY,
                    at: Some(5),
                    text: "x".into(),
                    text_en: None,
                },
                EditError::BadPosition { max: 4 },
            ),
        ];
        for (edit, error) in cases {
            assert_eq!(apply(&edit, STRATEGY), Err(error), "{edit:?}");
        }
        let single = "title = \"S\"\n[[point]]\nnumber = 1\ntext = \"x\"\n";
        assert_eq!(
            apply(
                &Edit::RemovePoint {
                    section: SectionId::STRATEGY,
                    number: 1
                },
                single
            ),
            Err(EditError::LastPoint)
        );
    }

    fn labelled(texts: &[&str]) -> Vec<(String, String)> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| (format!("{}.", i + 1), t.to_string()))
            .collect()
    }

    #[test]
    fn diff_shows_what_changed_not_what_shifted() {
        let check = |before: &[&str], after: &[&str], expected: &str| {
            assert_eq!(
                diff(&labelled(before), &labelled(after)).to_string(),
                expected
            );
        };
        check(&["a", "b"], &["a", "B"], "- 2. b\n+ 2. B\n");
        check(&["a", "b", "c"], &["x", "a", "b", "c"], "+ 1. x\n");
        check(&["a", "b", "c"], &["b", "c"], "- 1. a\n");
        check(
            &["a", "b", "c", "d"],
            &["d", "a", "b", "c"],
            "~ 4. → 1. d\n",
        );
        check(
            &["a", "b", "c", "d"],
            &["b", "c", "a", "d"],
            "~ 1. → 3. a\n",
        );
        check(&["a", "b"], &["b", "a"], "~ 1. → 2. a\n");
    }
}
