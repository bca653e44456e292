//! Turning a plain-text mission document (as scraped from a web page) into the
//! knowledge TOML files.
//!
//! The document's shape: a mission paragraph, bullet aims, a heading, and a numbered
//! strategy list. Web noise is dropped: lines that are a lone lower-case tag
//! (`fbpx`, a tracking pixel) or short lines carrying an image or file name (a word
//! with letters glued to digits, `IOMiom02`, or a `.jpg`/`.png` name). The
//! document's own headings name its parts: the last heading before the mission
//! ("Our Mission", "Naše poslání") titles the mission, the one before the
//! numbered list the strategy; a part without one gets a title in the
//! document's language. Other headings before the mission are not passages
//! and are dropped; everything dropped is reported so nothing disappears
//! unseen. The document's language is detected from its text
//! ([`super::language::detect`]) unless given.

use std::collections::HashMap;

use super::{Language, MISSION_FILE, STRATEGY_FILE, Texts, language};

/// A document split into the parts the knowledge base holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub organization: String,
    /// The language the document is written in, detected or given.
    pub language: Language,
    pub mission_title: String,
    pub strategy_title: String,
    pub mission: String,
    pub aims: Vec<String>,
    pub points: Vec<String>,
    /// Lines that are not content (noise, page headings), with their line numbers.
    pub dropped: Vec<(usize, String)>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImportError {
    #[error(
        "line {line}: strategy point {found} follows point {previous}; points must be numbered 1, 2, 3, …"
    )]
    Numbering {
        line: usize,
        previous: u32,
        found: u32,
    },
    #[error("no mission paragraph found before the bullet aims")]
    NoMission,
    #[error("no numbered strategy points found (lines like \"1. …\")")]
    NoPoints,
    #[error(
        "cannot tell the organization's short name (no upper-case abbreviation such as \"IOM\" recurs); pass --organization NAME"
    )]
    NoOrganization,
}

#[derive(Debug)]
enum Line<'a> {
    Blank,
    Bullet(&'a str),
    Numbered(u32, &'a str),
    Text(&'a str),
}

fn classify(line: &str) -> Line<'_> {
    let line = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if line.is_empty() {
        return Line::Blank;
    }
    if let Some(rest) = line.strip_prefix(['•', '·', '▪', '‣', '◦', '●', '*', '-', '–', '—'])
        && rest.starts_with(char::is_whitespace)
    {
        return Line::Bullet(rest.trim());
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=4).contains(&digits) {
        let rest = &line[digits..];
        if let Some(text) = rest.strip_prefix(['.', ')'])
            && text.starts_with(char::is_whitespace)
            && let Ok(number) = line[..digits].parse()
        {
            return Line::Numbered(number, text.trim());
        }
    }
    Line::Text(line)
}

/// Web noise: tracking tags and image or file names, never prose.
pub fn is_noise(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    let lone_tag = words.len() == 1
        && words[0].len() <= 12
        && words[0]
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    let file_name = |w: &str| {
        let lower = w.to_ascii_lowercase();
        let glued_digits = w.char_indices().any(|(i, c)| {
            c.is_ascii_digit() && i > 0 && w[..i].ends_with(|p: char| p.is_alphabetic())
        });
        glued_digits
            || [".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg"]
                .iter()
                .any(|ext| lower.ends_with(ext))
    };
    lone_tag || (words.len() <= 5 && words.iter().any(|w| file_name(w)))
}

/// Prose, as opposed to a heading: long enough or ending like a sentence.
fn is_prose(text: &str) -> bool {
    text.split_whitespace().count() >= 8 || text.ends_with(['.', ':', '!', '?'])
}

/// The organization's short name: the upper-case abbreviation used most often.
fn guess_organization(texts: &[&str]) -> Option<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for text in texts {
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            let letters = word.chars().count();
            if (2..=10).contains(&letters) && word.chars().all(char::is_uppercase) {
                *counts.entry(word).or_default() += 1;
            }
        }
    }
    let mut best: Vec<(&str, usize)> = counts.into_iter().filter(|&(_, n)| n >= 2).collect();
    best.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    best.first().map(|(w, _)| w.to_string())
}

/// Titles for a part the document gives no heading for, in its language.
fn default_titles(language: Language, organization: &str) -> (String, String) {
    match language {
        Language::Sk => (
            format!("Poslanie {organization}"),
            format!("Stratégia {organization}"),
        ),
        Language::Cs => (
            format!("Poslání {organization}"),
            format!("Strategie {organization}"),
        ),
        Language::En => (
            format!("Mission of {organization}"),
            format!("{organization} Strategy"),
        ),
    }
}

/// Splits a document into mission, aims and strategy points; `language`
/// overrides the one detected from its text.
pub fn parse(
    text: &str,
    organization: Option<&str>,
    language: Option<Language>,
) -> Result<Document, ImportError> {
    #[derive(PartialEq)]
    enum Part {
        Preamble,
        Mission,
        Aims,
        Heading,
        Points,
    }
    let mut part = Part::Preamble;
    let mut mission: Vec<String> = Vec::new();
    let mut aims: Vec<String> = Vec::new();
    let mut points: Vec<String> = Vec::new();
    let mut strategy_title: Option<String> = None;
    // The last heading before the mission, with its line: the mission's title.
    let mut mission_heading: Option<(usize, String)> = None;
    let mut dropped = Vec::new();
    let mut after_blank = true;

    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let line = classify(raw);
        if let Line::Text(t) = line
            && is_noise(t)
        {
            dropped.push((number, t.to_string()));
            continue;
        }
        match line {
            Line::Blank => {
                after_blank = true;
                continue;
            }
            Line::Bullet(t) if matches!(part, Part::Mission | Part::Aims) => {
                part = Part::Aims;
                aims.push(t.to_string());
            }
            Line::Numbered(n, t) if part != Part::Preamble || n == 1 => {
                let previous = points.len() as u32;
                if n != previous + 1 {
                    return Err(ImportError::Numbering {
                        line: number,
                        previous,
                        found: n,
                    });
                }
                part = Part::Points;
                points.push(t.to_string());
            }
            Line::Text(t) => match part {
                Part::Preamble if !is_prose(t) => {
                    if let Some(earlier) = mission_heading.replace((number, t.to_string())) {
                        dropped.push(earlier);
                    }
                }
                Part::Preamble | Part::Mission => {
                    part = Part::Mission;
                    append(&mut mission, t, after_blank);
                }
                Part::Aims if !after_blank => continue_last(&mut aims, t),
                Part::Aims | Part::Heading => {
                    part = Part::Heading;
                    strategy_title = Some(t.to_string());
                }
                Part::Points if !after_blank => continue_last(&mut points, t),
                Part::Points => dropped.push((number, t.to_string())),
            },
            Line::Bullet(t) | Line::Numbered(_, t) => dropped.push((number, t.to_string())),
        }
        after_blank = false;
    }

    if mission.is_empty() {
        return Err(ImportError::NoMission);
    }
    if points.is_empty() {
        return Err(ImportError::NoPoints);
    }
    let mission = mission.join("\n\n");
    let organization = match organization {
        Some(name) => name.trim().to_string(),
        None => {
            let mut texts = vec![mission.as_str()];
            texts.extend(points.iter().map(String::as_str));
            guess_organization(&texts).ok_or(ImportError::NoOrganization)?
        }
    };
    let language = language.unwrap_or_else(|| {
        let mut all = mission.clone();
        for part in aims.iter().chain(&points) {
            all.push('\n');
            all.push_str(part);
        }
        language::detect(&all)
    });
    let (mission_default, strategy_default) = default_titles(language, &organization);
    Ok(Document {
        mission_title: mission_heading.map_or(mission_default, |(_, t)| t),
        strategy_title: strategy_title.unwrap_or(strategy_default),
        organization,
        language,
        mission,
        aims,
        points,
        dropped,
    })
}

/// Adds a line to the mission: a new paragraph after a blank line, else the
/// continuation of a wrapped line.
fn append(paragraphs: &mut Vec<String>, line: &str, new_paragraph: bool) {
    match paragraphs.last_mut() {
        Some(last) if !new_paragraph => {
            last.push(' ');
            last.push_str(line);
        }
        _ => paragraphs.push(line.to_string()),
    }
}

fn continue_last(items: &mut [String], line: &str) {
    if let Some(last) = items.last_mut() {
        last.push(' ');
        last.push_str(line);
    }
}

/// A TOML basic string holding exactly `text`.
fn quote(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

const HEADER: &str = "\
# Part of the knowledge base: the source of truth the bot answers from.
# `text` is the organization's exact wording. Edit by hand or with the moderator
# commands, then run `missionbot check`; the index rebuilds itself on start.
";

/// The two knowledge files for a document: (mission.toml, strategy.toml).
pub fn to_toml(doc: &Document) -> (String, String) {
    let mut mission = format!(
        "{HEADER}\norganization = {}\nlanguage = {}\ntitle = {}\ntext = {}\n",
        quote(&doc.organization),
        quote(doc.language.code()),
        quote(&doc.mission_title),
        quote(&doc.mission)
    );
    for (i, aim) in doc.aims.iter().enumerate() {
        mission.push_str(&format!(
            "\n[[aim]]\nnumber = {}\ntext = {}\n",
            i + 1,
            quote(aim)
        ));
    }
    let mut strategy = format!("{HEADER}\ntitle = {}\n", quote(&doc.strategy_title));
    for (i, point) in doc.points.iter().enumerate() {
        strategy.push_str(&format!(
            "\n[[point]]\nnumber = {}\ntext = {}\n",
            i + 1,
            quote(point)
        ));
    }
    (mission, strategy)
}

/// The knowledge files for a document, as texts to store.
pub fn to_texts(doc: &Document) -> Texts {
    let (mission, strategy) = to_toml(doc);
    let mut texts = Texts::new();
    texts.insert(MISSION_FILE, mission);
    texts.insert(STRATEGY_FILE, strategy);
    texts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_is_recognized() {
        for noise in ["fbpx", "Poslanie IOMiom02", "img_2041.jpg", "gtag"] {
            assert!(is_noise(noise), "{noise}");
        }
        for content in [
            "Stratégia IOM",
            "Poslanie",
            "IOM",
            "Ciele na roky 2020 až 2025 sú tieto.",
            "podporovať sociálny a ekonomický rozvoj prostredníctvom migrácie,",
        ] {
            assert!(!is_noise(content), "{content}");
        }
    }

    const DOC: &str = "fbpx\n\nTitle\n\nMission of ORG is to help people in many places. ORG works:\n\n • aim one,\n • aim two\n   continued.\n\nStrategy ORG\n\n 1. First point.\n 2. Second point\nwrapped here.\n";

    #[test]
    fn a_document_splits_into_parts() {
        let doc = parse(DOC, None, None).expect("parses");
        assert_eq!(doc.organization, "ORG");
        assert_eq!(doc.language, Language::En);
        assert_eq!(doc.mission_title, "Title");
        assert_eq!(
            doc.mission,
            "Mission of ORG is to help people in many places. ORG works:"
        );
        assert_eq!(doc.aims, ["aim one,", "aim two continued."]);
        assert_eq!(doc.strategy_title, "Strategy ORG");
        assert_eq!(doc.points, ["First point.", "Second point wrapped here."]);
        assert_eq!(doc.dropped, [(1, "fbpx".to_string())]);
    }

    #[test]
    fn the_last_heading_before_the_mission_titles_it() {
        let doc =
            parse(&DOC.replace("Title\n", "Site\n\nOur Mission\n"), None, None).expect("parses");
        assert_eq!(doc.mission_title, "Our Mission");
        assert_eq!(
            doc.dropped,
            [(1, "fbpx".to_string()), (3, "Site".to_string())]
        );
    }

    #[test]
    fn titles_the_document_lacks_are_in_its_language() {
        let bare = "Mission of ORG is to help people in many places. ORG works:\n\n • aim one,\n\n 1. First point.\n";
        for (language, mission, strategy) in [
            (Language::Sk, "Poslanie ORG", "Stratégia ORG"),
            (Language::Cs, "Poslání ORG", "Strategie ORG"),
            (Language::En, "Mission of ORG", "ORG Strategy"),
        ] {
            let doc = parse(bare, None, Some(language)).expect("parses");
            assert_eq!(doc.language, language);
            assert_eq!(
                (doc.mission_title.as_str(), doc.strategy_title.as_str()),
                (mission, strategy)
            );
        }
        let czech = "Posláním spolku ORG je pomáhat lidem, kteří to potřebují. ORG proto:\n\n • podporuje sousedy,\n\n 1. Pořádat sbírky potravin.\n";
        let doc = parse(czech, None, None).expect("parses");
        assert_eq!(doc.language, Language::Cs);
        assert_eq!(doc.mission_title, "Poslání ORG");
        let (mission, _) = to_toml(&doc);
        assert!(mission.contains("language = \"cs\"\n"), "{mission}");
    }

    #[test]
    fn broken_numbering_is_refused_with_its_line() {
        let doc = DOC.replace(" 2. Second", " 3. Second");
        assert_eq!(
            parse(&doc, None, None),
            Err(ImportError::Numbering {
                line: 14,
                previous: 1,
                found: 3
            })
        );
    }

    #[test]
    fn toml_round_trips_exact_text() {
        let mut doc = parse(DOC, None, None).expect("parses");
        doc.points[0] = "Quotes \" and \\ backslashes\nand ľudia.".to_string();
        let dir = tempfile::tempdir().expect("temp dir");
        let knowledge = crate::knowledge::from_texts(dir.path(), &to_texts(&doc)).expect("loads");
        assert_eq!(
            knowledge.point(1).map(|p| p.text.as_str()),
            Some(doc.points[0].as_str())
        );
        assert_eq!(knowledge.mission().text, doc.mission);
        assert_eq!(knowledge.language, doc.language);
    }
}
