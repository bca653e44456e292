//! Reading and validating the knowledge's files: every problem is reported
//! with its file and line, all at once, so one `missionbot check` run shows
//! everything to fix. `docs/knowledge.md` describes the files.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{
    Knowledge, Language, Passage, PassageId, SectionHead, SectionId, Synonym, Texts, Titles,
};
use crate::diagnostic::{Diagnostic, Diagnostics};

/// The document's head: the organization, the language, the statement of
/// purpose with its aims, and the order of the sections.
pub const MISSION_FILE: &str = "mission.toml";
/// The first document's numbered strategy: the section `strategy`.
pub const STRATEGY_FILE: &str = "strategy.toml";
/// Optional: the community's words for what the knowledge says.
pub const SYNONYMS_FILE: &str = "synonyms.toml";

/// Longest passage text accepted: what a Discord modal can edit and an embed
/// description can show in one piece.
pub const MAX_TEXT_CHARS: usize = 4000;

/// Longest question accepted in a passage's `questions`: longer is a
/// paragraph, and would weigh in search like one.
pub const MAX_PASSAGE_QUESTION_CHARS: usize = 300;

/// Longest item name accepted: a name, not a sentence.
const MAX_NAME_CHARS: usize = 200;

/// The file a section is kept in: its id and `.toml`.
pub fn section_file(id: SectionId) -> String {
    format!("{id}.toml")
}

/// Whether a file of the knowledge directory is one of its files: every
/// `.toml` file that is not hidden. (Which of them are sections,
/// `mission.toml` says; one it does not list is reported, never ignored.)
pub fn is_knowledge_file(name: &str) -> bool {
    name.ends_with(".toml")
        && name.len() > ".toml".len()
        && !name.starts_with('.')
        && !name.contains(['/', '\\'])
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MissionFile {
    organization: Spanned<String>,
    language: Option<Spanned<String>>,
    title: Option<Spanned<String>>,
    title_en: Option<Spanned<String>>,
    text: Option<Spanned<String>>,
    text_en: Option<Spanned<String>>,
    #[serde(default)]
    questions: Vec<Spanned<String>>,
    source_url: Option<String>,
    #[serde(default)]
    aim: Vec<Spanned<NumberedFile>>,
    sections: Option<Spanned<Vec<Spanned<String>>>>,
}

/// A section's file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionFile {
    title: Spanned<String>,
    title_en: Option<Spanned<String>>,
    noun: Option<Spanned<String>>,
    noun_en: Option<Spanned<String>>,
    #[serde(default)]
    item: Vec<Spanned<ItemFile>>,
    /// The first document's name for a strategy's items.
    #[serde(default)]
    point: Vec<Spanned<ItemFile>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SynonymsFile {
    #[serde(default)]
    synonym: Vec<SynonymFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SynonymFile {
    words: Vec<Spanned<String>>,
    means: Spanned<String>,
}

/// An aim as written in the file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NumberedFile {
    number: Spanned<i64>,
    text: Spanned<String>,
    text_en: Option<Spanned<String>>,
    #[serde(default)]
    questions: Vec<Spanned<String>>,
}

/// An item of a section as written in the file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemFile {
    number: Option<Spanned<i64>>,
    name: Option<Spanned<String>>,
    name_en: Option<Spanned<String>>,
    text: Spanned<String>,
    text_en: Option<Spanned<String>>,
    #[serde(default)]
    questions: Vec<Spanned<String>>,
}

/// Where a question was first seen: its passage and file:line, so a
/// duplicate names the first one.
type SeenQuestions = HashMap<String, String>;

/// Collects the problems of one file, located in its text.
struct FileCheck<'a> {
    path: &'a Path,
    text: &'a str,
    problems: Vec<Diagnostic>,
}

/// A question as compared for duplicates: case, spacing and a final
/// question mark do not make two questions different.
fn question_key(question: &str) -> String {
    question
        .trim()
        .trim_end_matches(['?', '.', '!'])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl FileCheck<'_> {
    fn error(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.problems
            .push(Diagnostic::at(self.path, self.text, span.start, message));
    }

    /// A passage text must say something and fit what Discord can show.
    fn text(&mut self, text: &Spanned<String>, what: &str) -> String {
        let value = text.get_ref();
        if value.trim().is_empty() {
            self.error(text.span(), format!("{what}: the text is empty"));
        } else if value.chars().count() > MAX_TEXT_CHARS {
            self.error(
                text.span(),
                format!("{what}: the text is longer than {MAX_TEXT_CHARS} characters"),
            );
        }
        value.clone()
    }

    fn optional_text(&mut self, text: Option<&Spanned<String>>, what: &str) -> Option<String> {
        text.map(|t| self.text(t, what))
    }

    /// A passage's questions: none empty or overlong, none asked twice in the
    /// whole knowledge (a question answered by two passages answers neither).
    fn questions(
        &mut self,
        questions: &[Spanned<String>],
        what: &str,
        seen: &mut SeenQuestions,
    ) -> Vec<String> {
        let mut out = Vec::with_capacity(questions.len());
        for question in questions {
            let value = question.get_ref().trim();
            if value.is_empty() {
                self.error(question.span(), format!("{what}: a question is empty"));
                continue;
            }
            if value.chars().count() > MAX_PASSAGE_QUESTION_CHARS {
                self.error(
                    question.span(),
                    format!(
                        "{what}: a question is longer than {MAX_PASSAGE_QUESTION_CHARS} characters"
                    ),
                );
                continue;
            }
            let (line, _) = crate::diagnostic::line_column(self.text, question.span().start);
            let file = self
                .path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            let here = format!("{what}, {file} line {line}");
            if let Some(first) = seen.get(&question_key(value)) {
                self.error(
                    question.span(),
                    format!("{what}: the question {value:?} is already asked ({first})"),
                );
                continue;
            }
            seen.insert(question_key(value), here);
            out.push(value.to_string());
        }
        out
    }

    /// Numbers must run 1..=n in the file's order, so "point 7" always means the
    /// seventh entry and nobody wonders which of two "7"s is meant.
    fn numbered(
        &mut self,
        items: &[Spanned<NumberedFile>],
        noun: &str,
        seen: &mut SeenQuestions,
    ) -> Vec<(u32, Passage, Vec<String>)> {
        let mut numbers: HashMap<i64, usize> = HashMap::new();
        let mut out = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let item = item.get_ref();
            let number = *item.number.get_ref();
            let what = format!("{noun} {number}");
            let text = self.text(&item.text, &what);
            let text_en = self.optional_text(item.text_en.as_ref(), &what);
            let questions = self.questions(&item.questions, &what, seen);
            if let Some(first) = numbers.insert(number, item.number.span().start) {
                let (line, _) = crate::diagnostic::line_column(self.text, first);
                self.error(
                    item.number.span(),
                    format!("{noun} number {number} appears twice (first on line {line})"),
                );
                continue;
            }
            let expected = index as i64 + 1;
            if number != expected {
                let message = if number < 1 {
                    format!("{noun} numbers start at 1, not {number}")
                } else {
                    format!(
                        "{noun} number {number} is out of order: expected {expected} \
                         ({noun}s are numbered 1, 2, 3, … in the order they appear; is {expected} missing?)"
                    )
                };
                self.error(item.number.span(), message);
                continue;
            }
            let Ok(n) = u32::try_from(number) else {
                self.error(
                    item.number.span(),
                    format!("{noun} number {number} is too large"),
                );
                continue;
            };
            out.push((n, Passage::new(PassageId::Mission, text), questions));
            if let Some((_, passage, _)) = out.last_mut() {
                passage.text_en = text_en;
            }
        }
        out
    }

    /// A section's items: numbered all or none (numbers running 1..=n in the
    /// file's order), each with a text, an optional name and questions.
    fn items(
        &mut self,
        items: &[Spanned<ItemFile>],
        noun: &str,
        seen: &mut SeenQuestions,
    ) -> (bool, Vec<(Passage, Vec<String>)>) {
        let numbered = items.iter().any(|i| i.get_ref().number.is_some());
        let mut numbers: HashMap<i64, usize> = HashMap::new();
        let mut out = Vec::with_capacity(items.len());
        for (index, spanned) in items.iter().enumerate() {
            let item = spanned.get_ref();
            let position = index as i64 + 1;
            let what = format!("{noun} {position}");
            match (&item.number, numbered) {
                (Some(number), _) => {
                    let n = *number.get_ref();
                    if let Some(first) = numbers.insert(n, number.span().start) {
                        let (line, _) = crate::diagnostic::line_column(self.text, first);
                        self.error(
                            number.span(),
                            format!("{noun} number {n} appears twice (first on line {line})"),
                        );
                    } else if n != position {
                        let message = if n < 1 {
                            format!("{noun} numbers start at 1, not {n}")
                        } else {
                            format!(
                                "{noun} number {n} is out of order: expected {position} \
                                 ({noun}s are numbered 1, 2, 3, … in the order they appear; is {position} missing?)"
                            )
                        };
                        self.error(number.span(), message);
                    }
                }
                (None, true) => self.error(
                    spanned.span(),
                    format!("{what} has no `number`: number every item of the section, or none"),
                ),
                (None, false) => {}
            }
            let text = self.text(&item.text, &what);
            let text_en = self.optional_text(item.text_en.as_ref(), &what);
            let name = item.name.as_ref().map(|n| self.name(n, &what));
            let name_en = item.name_en.as_ref().map(|n| self.name(n, &what));
            let questions = self.questions(&item.questions, &what, seen);
            out.push((
                Passage {
                    id: PassageId::Mission,
                    text,
                    text_en,
                    name,
                    name_en,
                },
                questions,
            ));
        }
        (numbered, out)
    }

    fn name(&mut self, value: &Spanned<String>, what: &str) -> String {
        let name = value.get_ref().trim();
        if name.is_empty() {
            self.error(value.span(), format!("{what}: the name is empty"));
        } else if name.chars().count() > MAX_NAME_CHARS {
            self.error(
                value.span(),
                format!("{what}: the name is longer than {MAX_NAME_CHARS} characters"),
            );
        }
        name.to_string()
    }

    fn heading(&mut self, value: &Spanned<String>, key: &str) -> String {
        if value.get_ref().trim().is_empty() {
            self.error(value.span(), format!("`{key}` is empty"));
        }
        value.get_ref().trim().to_string()
    }
}

/// Texts that stand in for files of the knowledge directory: an edit is
/// validated as the knowledge it would make before anything is written.
type Overrides<'a> = &'a [(&'a str, &'a str)];

/// Parses one file's text into `T`, or says where it is broken.
fn parse<T: for<'de> Deserialize<'de>>(
    path: &Path,
    texts: &Texts,
) -> Result<(String, T), Diagnostic> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let Some(text) = texts.get(name).map(str::to_string) else {
        return Err(Diagnostic::file(
            path,
            "missing (create it, or run `missionbot import FILE` to make the knowledge base from a document)",
        ));
    };
    let value = toml::from_str(&text).map_err(|e| Diagnostic::from_toml(path, &text, &e))?;
    Ok((text, value))
}

/// Loads `knowledge/` and validates it; all problems come back together.
pub fn load(dir: &Path) -> Result<Knowledge, Diagnostics> {
    load_with(dir, &[])
}

/// Loads `knowledge/` as it would be with some files' texts replaced
/// (`(file name, text)`), without writing anything.
pub fn load_with(dir: &Path, overrides: Overrides) -> Result<Knowledge, Diagnostics> {
    let mut texts = Texts::read(dir)?;
    for (file, text) in overrides {
        texts.insert(file, (*text).to_string());
    }
    from_texts(dir, &texts)
}

/// The knowledge the `texts` make, validated; `dir` is where they are said
/// to be in problems (file:line:column), nothing is read from it. Files that
/// could not be read are reported first, then everything else found.
pub fn from_texts(dir: &Path, texts: &Texts) -> Result<Knowledge, Diagnostics> {
    match (parse_texts(dir, texts), texts.unreadable()) {
        (loaded, []) => loaded,
        (loaded, unreadable) => {
            let mut problems = unreadable.to_vec();
            if let Err(Diagnostics(others)) = loaded {
                problems.extend(
                    others
                        .into_iter()
                        .filter(|p| !unreadable.iter().any(|u| u.path == p.path)),
                );
            }
            Err(Diagnostics(problems))
        }
    }
}

/// The sections `mission.toml` lists, in order (the first document's
/// `strategy` when it lists none), each checked.
fn section_ids(mission: Option<&MissionFile>, check: &mut FileCheck) -> Vec<SectionId> {
    let Some(listed) = mission.and_then(|m| m.sections.as_ref()) else {
        return vec![SectionId::STRATEGY];
    };
    let mut ids = Vec::new();
    for name in listed.get_ref() {
        match SectionId::new(name.get_ref().trim()) {
            Some(SectionId::AIM) | None => check.error(
                name.span(),
                format!(
                    "{:?} is not a section id: lower-case letters, digits and hyphens \
                     (the name of its file without `.toml`), not `mission`, `aim` or `synonyms`",
                    name.get_ref()
                ),
            ),
            Some(id) if ids.contains(&id) => {
                check.error(name.span(), format!("the section {id} is listed twice"));
            }
            Some(id) => ids.push(id),
        }
    }
    ids
}

fn parse_texts(dir: &Path, texts: &Texts) -> Result<Knowledge, Diagnostics> {
    let mission_path = dir.join(MISSION_FILE);
    let mut problems = Vec::new();
    let mission = match parse::<MissionFile>(&mission_path, texts) {
        Ok(parsed) => Some(parsed),
        Err(problem) => {
            problems.push(problem);
            None
        }
    };
    let mission_text = mission.as_ref().map_or(String::new(), |(t, _)| t.clone());
    let mut check = FileCheck {
        path: &mission_path,
        text: &mission_text,
        problems: Vec::new(),
    };
    let ids = section_ids(mission.as_ref().map(|(_, m)| m), &mut check);
    let mut seen = SeenQuestions::new();
    let mut questions: Vec<(PassageId, Vec<String>)> = Vec::new();

    // The head: the organization, the language, the statement of purpose.
    let mut head = None;
    if let Some((_, mission)) = &mission {
        let organization = check.heading(&mission.organization, "organization");
        let language = match &mission.language {
            None => Language::default(),
            Some(code) => code.get_ref().parse().unwrap_or_else(|why: String| {
                check.error(code.span(), format!("`language`: {why}"));
                Language::default()
            }),
        };
        let needs_title = mission.text.is_some() || !mission.aim.is_empty();
        let title = match &mission.title {
            Some(title) => check.heading(title, "title"),
            None => {
                if needs_title {
                    check.problems.push(Diagnostic::file(
                        &mission_path,
                        "the statement of purpose (`text`, `[[aim]]`) needs its `title`",
                    ));
                }
                String::new()
            }
        };
        let title_en = mission
            .title_en
            .as_ref()
            .map(|t| check.heading(t, "title_en"));
        let purpose = mission.text.as_ref().map(|text| {
            let mut passage = Passage::new(PassageId::Mission, check.text(text, "the mission"));
            passage.text_en = check.optional_text(mission.text_en.as_ref(), "the mission");
            passage
        });
        if purpose.is_some() {
            questions.push((
                PassageId::Mission,
                check.questions(&mission.questions, "the mission", &mut seen),
            ));
        } else if let Some(first) = mission.questions.first() {
            check.error(
                first.span(),
                "`questions` belong to the statement of purpose (`text`), which is missing",
            );
        }
        let aims: Vec<Passage> = check
            .numbered(&mission.aim, "aim", &mut seen)
            .into_iter()
            .map(|(n, p, asked)| {
                questions.push((PassageId::Aim(n), asked));
                p
            })
            .collect();
        head = Some((
            organization,
            language,
            Titles {
                mission: title,
                mission_en: title_en,
            },
            mission.source_url.clone(),
            purpose,
            aims,
        ));
    }
    problems.extend(check.problems);

    // The sections, in the order the head lists them.
    let mut sections = Vec::new();
    for id in &ids {
        let path = dir.join(section_file(*id));
        let (text, file) = match parse::<SectionFile>(&path, texts) {
            Ok(parsed) => parsed,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let mut check = FileCheck {
            path: &path,
            text: &text,
            problems: Vec::new(),
        };
        let title = check.heading(&file.title, "title");
        let title_en = file.title_en.as_ref().map(|t| check.heading(t, "title_en"));
        let noun = file.noun.as_ref().map(|n| check.heading(n, "noun"));
        let noun_en = file.noun_en.as_ref().map(|n| check.heading(n, "noun_en"));
        let (key, items) = match (file.item.is_empty(), file.point.is_empty()) {
            (false, false) => {
                check.problems.push(Diagnostic::file(
                    &path,
                    "both [[item]] and [[point]] tables: use one of them",
                ));
                ("item", &file.item)
            }
            (true, false) => ("point", &file.point),
            _ => ("item", &file.item),
        };
        if items.is_empty() {
            let message = if *id == SectionId::STRATEGY {
                "no strategy points ([[point]] tables)".to_string()
            } else {
                "no items ([[item]] tables)".to_string()
            };
            check.problems.push(Diagnostic::file(&path, message));
        }
        let noun_in_messages = if key == "point" { "point" } else { "item" };
        let (numbered, items) = check.items(items, noun_in_messages, &mut seen);
        if key == "point" && !numbered && !items.is_empty() {
            check.problems.push(Diagnostic::file(
                &path,
                "[[point]] tables need their `number`",
            ));
        }
        let passages: Vec<Passage> = items
            .into_iter()
            .enumerate()
            .map(|(i, (passage, asked))| {
                questions.push((PassageId::item(*id, i as u32 + 1), asked));
                passage
            })
            .collect();
        problems.extend(check.problems);
        sections.push((
            SectionHead {
                id: *id,
                title,
                title_en,
                noun,
                noun_en,
                numbered,
            },
            passages,
        ));
    }

    // Files that are neither the head, the glossary nor a listed section.
    let listed: BTreeSet<String> = ids.iter().map(|id| section_file(*id)).collect();
    for (name, _) in texts.iter() {
        if name != MISSION_FILE && name != SYNONYMS_FILE && !listed.contains(name) {
            problems.push(Diagnostic::file(
                &dir.join(name),
                "not a section mission.toml lists: add its name (without `.toml`) to \
                 `sections` there, or move the file out of the knowledge directory",
            ));
        }
    }

    let synonyms = match load_synonyms(&dir.join(SYNONYMS_FILE), texts) {
        Ok(synonyms) => synonyms,
        Err(found) => {
            problems.extend(found);
            Vec::new()
        }
    };

    let Some((organization, language, titles, source_url, purpose, aims)) = head else {
        return Err(Diagnostics(problems));
    };
    if purpose.is_none() && aims.is_empty() && sections.iter().all(|(_, i)| i.is_empty()) {
        problems.push(Diagnostic::file(
            &mission_path,
            "the knowledge holds no passage: a statement of purpose (`text`) or a section with items",
        ));
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    let mut knowledge =
        Knowledge::from_parts(organization, titles, source_url, purpose, aims, sections);
    knowledge.synonyms = synonyms;
    knowledge.language = language;
    for (id, asked) in questions {
        knowledge.set_questions(id, asked);
    }
    Ok(knowledge)
}

/// Reads `synonyms.toml` if there is one: every entry needs words and a meaning.
fn load_synonyms(path: &Path, texts: &Texts) -> Result<Vec<Synonym>, Vec<Diagnostic>> {
    if texts.get(SYNONYMS_FILE).is_none() {
        return Ok(Vec::new());
    }
    let (text, file) = parse::<SynonymsFile>(path, texts).map_err(|d| vec![d])?;
    let mut check = FileCheck {
        path,
        text: &text,
        problems: Vec::new(),
    };
    let mut synonyms = Vec::with_capacity(file.synonym.len());
    for entry in file.synonym {
        let means = check.heading(&entry.means, "means");
        let words: Vec<String> = entry
            .words
            .iter()
            .map(|w| check.heading(w, "words"))
            .collect();
        for word in &entry.words {
            if word.get_ref().trim().contains(char::is_whitespace) {
                check.error(
                    word.span(),
                    "one word per entry in `words` (the question's words are matched one by one)",
                );
            }
        }
        if words.is_empty() {
            check.error(
                entry.means.span(),
                "a synonym needs at least one word in `words`",
            );
        }
        synonyms.push(Synonym { words, means });
    }
    if check.problems.is_empty() {
        Ok(synonyms)
    } else {
        Err(check.problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MISSION: &str = "organization = \"ORG\"\ntitle = \"Poslanie ORG\"\ntext = \"Pomáhať.\"\n\n[[aim]]\nnumber = 1\ntext = \"zlepšovať,\"\n";
    const STRATEGY: &str = "title = \"Stratégia ORG\"\n\n[[point]]\nnumber = 1\ntext = \"Jeden.\"\n\n[[point]]\nnumber = 2\ntext = \"Dva.\"\n";

    fn load_files(mission: &str, strategy: &str) -> Result<Knowledge, Diagnostics> {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join(MISSION_FILE), mission).expect("write");
        std::fs::write(dir.path().join(STRATEGY_FILE), strategy).expect("write");
        load(dir.path())
    }

    /// Asserts that loading fails with a problem in `file` at `line` whose
    /// message contains `needle`.
    fn check_error(mission: &str, strategy: &str, file: &str, line: usize, needle: &str) {
        let errors = load_files(mission, strategy).expect_err("must fail").0;
        assert!(
            errors.iter().any(|d| d.path.ends_with(file)
                && d.line == Some(line)
                && d.message.contains(needle)),
            "expected {file}:{line} {needle:?}, got:\n{}",
            Diagnostics(errors.clone())
        );
    }

    #[test]
    fn valid_files_load() {
        let k = load_files(MISSION, STRATEGY).expect("valid");
        assert_eq!(k.points().len(), 2);
        assert_eq!(k.aims()[0].id, PassageId::Aim(1));
        assert_eq!(k.point(2).map(|p| p.text.as_str()), Some("Dva."));
    }

    #[test]
    fn problems_are_located() {
        let dup = STRATEGY.replace("number = 2", "number = 1");
        check_error(
            MISSION,
            &dup,
            STRATEGY_FILE,
            8,
            "appears twice (first on line 4)",
        );
        let gap = STRATEGY.replace("number = 2", "number = 3");
        check_error(MISSION, &gap, STRATEGY_FILE, 8, "is 2 missing");
        let empty = STRATEGY.replace("\"Dva.\"", "\"  \"");
        check_error(
            MISSION,
            &empty,
            STRATEGY_FILE,
            9,
            "point 2: the text is empty",
        );
        let unknown = STRATEGY.replace("number = 2", "number = 2\ncolour = \"red\"");
        check_error(MISSION, &unknown, STRATEGY_FILE, 9, "colour");
        let broken = STRATEGY.replace("text = \"Dva.\"", "text = \"Dva.");
        check_error(MISSION, &broken, STRATEGY_FILE, 9, "");
        let zero = MISSION.replace("number = 1", "number = 0");
        check_error(&zero, STRATEGY, MISSION_FILE, 6, "start at 1");
    }

    #[test]
    fn synonyms_are_optional_and_validated() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join(MISSION_FILE), MISSION).expect("write");
        std::fs::write(dir.path().join(STRATEGY_FILE), STRATEGY).expect("write");
        assert!(
            load(dir.path())
                .expect("no synonyms file")
                .synonyms
                .is_empty()
        );
        let synonyms = dir.path().join(SYNONYMS_FILE);
        std::fs::write(
            &synonyms,
            "[[synonym]]\nwords = [\"a\", \"b\"]\nmeans = \"Jeden\"\n",
        )
        .expect("write");
        let k = load(dir.path()).expect("valid synonyms");
        assert_eq!(k.synonyms[0].words, ["a", "b"]);
        std::fs::write(&synonyms, "[[synonym]]\nwords = []\nmeans = \"x\"\n\n[[synonym]]\nwords = [\"y\"]\nmeans = \"\"\nextra = 1\n").expect("write");
        let errors = load(dir.path()).expect_err("invalid").0;
        assert!(
            errors[0]
                .to_string()
                .contains("synonyms.toml:8:1: unknown field `extra`"),
            "{}",
            errors[0]
        );
        std::fs::write(&synonyms, "[[synonym]]\nwords = []\nmeans = \"x\"\n").expect("write");
        let errors = load(dir.path()).expect_err("no words").0;
        assert!(
            errors[0]
                .to_string()
                .contains("synonyms.toml:3:9: a synonym needs"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn questions_are_loaded_and_validated() {
        let asked = STRATEGY.replace(
            "text = \"Dva.\"\n",
            "text = \"Dva.\"\nquestions = [\"Čo je dva?\", \"What is two?\"]\n",
        );
        let k = load_files(MISSION, &asked).expect("valid questions");
        assert_eq!(
            k.questions(PassageId::Strategy(2)),
            ["Čo je dva?", "What is two?"]
        );
        assert!(k.questions(PassageId::Strategy(1)).is_empty());

        let empty = STRATEGY.replace(
            "text = \"Dva.\"\n",
            "text = \"Dva.\"\nquestions = [\"Čo je dva?\", \"  \"]\n",
        );
        check_error(
            MISSION,
            &empty,
            STRATEGY_FILE,
            10,
            "point 2: a question is empty",
        );
        let long = STRATEGY.replace(
            "text = \"Dva.\"\n",
            &format!("text = \"Dva.\"\nquestions = [\"{}\"]\n", "a".repeat(301)),
        );
        check_error(
            MISSION,
            &long,
            STRATEGY_FILE,
            10,
            "longer than 300 characters",
        );
        let twice = STRATEGY.replace(
            "text = \"Dva.\"\n",
            "text = \"Dva.\"\nquestions = [\"Čo je dva?\", \"čo je  DVA\"]\n",
        );
        check_error(
            MISSION,
            &twice,
            STRATEGY_FILE,
            10,
            "already asked (point 2, strategy.toml line 10)",
        );
        let mission = MISSION.replace(
            "text = \"zlepšovať,\"\n",
            "text = \"zlepšovať,\"\nquestions = [\"Čo je dva?\"]\n",
        );
        check_error(
            &mission,
            &asked,
            STRATEGY_FILE,
            10,
            "already asked (aim 1, mission.toml line 8)",
        );
        let errors = load_files(MISSION, &empty).expect_err("invalid").0;
        assert!(
            errors[0].to_string().contains("strategy.toml:10:28:"),
            "located by column: {}",
            errors[0]
        );
    }

    #[test]
    fn the_language_is_slovak_unless_declared_and_validated() {
        let k = load_files(MISSION, STRATEGY).expect("valid");
        assert_eq!(k.language, Language::Sk);
        for (code, language) in [
            ("sk", Language::Sk),
            ("cs", Language::Cs),
            ("en", Language::En),
        ] {
            let declared = MISSION.replace("title = ", &format!("language = \"{code}\"\ntitle = "));
            let k = load_files(&declared, STRATEGY).expect("valid language");
            assert_eq!(k.language, language);
        }
        let wrong = MISSION.replace("title = ", "language = \"de\"\ntitle = ");
        check_error(
            &wrong,
            STRATEGY,
            MISSION_FILE,
            2,
            "`language`: unknown language \"de\"",
        );
    }

    #[test]
    fn crlf_and_bom_are_accepted() {
        let crlf = format!("\u{feff}{}", STRATEGY.replace('\n', "\r\n"));
        let k = load_files(MISSION, &crlf).expect("CRLF and BOM are fine");
        assert_eq!(k.points().len(), 2);
    }

    #[test]
    fn missing_directory_and_files_are_explained() {
        let errors = load(Path::new("/nonexistent/knowledge"))
            .expect_err("missing")
            .0;
        assert!(errors[0].message.contains("does not exist"));
        let dir = tempfile::tempdir().expect("temp dir");
        let errors = load(dir.path()).expect_err("empty dir").0;
        assert_eq!(errors.len(), 2, "both files reported");
        assert!(
            errors
                .iter()
                .all(|d| d.message.contains("missionbot import"))
        );
    }
}
