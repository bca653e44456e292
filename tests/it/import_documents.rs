//! Importing the real documents of `tests/data/documents/` (see SOURCES.md)
//! without hand edits: the sections and items a reader of the page counts
//! (`expected.toml`), no markup or noise in any title or text, every input
//! line accounted for in the report, and every quote its questions expect
//! inside exactly one passage (how questions map to passage ids).

use std::path::{Path, PathBuf};

use missionbot::knowledge::import::{self, Format, Import, Options, Outcome, Reason};
use serde::Deserialize;

fn documents() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/documents")
}

#[derive(Deserialize)]
struct Expected {
    document: Vec<Doc>,
}

#[derive(Deserialize)]
struct Doc {
    file: String,
    purpose: bool,
    aims: usize,
    /// Items per section, in document order.
    sections: Vec<usize>,
    /// Section ids, where the test pins them.
    #[serde(default)]
    ids: Vec<String>,
    /// Words of the page's menus, header and footer.
    #[serde(default)]
    menu: Vec<String>,
}

#[derive(Deserialize)]
struct Questions {
    #[serde(default)]
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    query: String,
    expect: Vec<String>,
}

fn import_file(file: &str) -> (String, Import) {
    let path = documents().join(file);
    let text = std::fs::read_to_string(&path).expect("the document reads");
    let imported = import::import(&text, Format::of(&path, &text), &Options::default())
        .unwrap_or_else(|e| panic!("{file}: {e}"));
    (text, imported)
}

/// Spacing as a reader sees it.
fn squash(text: &str) -> String {
    text.replace('\u{a0}', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A quote as the questions' author copied it from the source, its markup
/// removed: tags, bold, a link's target.
fn plain_quote(quote: &str) -> String {
    let mut out = String::new();
    let mut rest = quote;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        match rest[start..].find('>') {
            Some(end) => rest = &rest[start + end + 1..],
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    out.push_str(rest);
    let out = out
        .replace("**", "")
        .replace("__", "")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    let mut plain = String::new();
    let mut rest = out.as_str();
    while let Some(i) = rest.find("](") {
        plain.push_str(&rest[..i]);
        rest = rest[i + 2..].split_once(')').map_or("", |(_, after)| after);
    }
    plain.push_str(rest);
    squash(&plain.replace(['[', ']'], ""))
}

/// Every passage's text as searched: (id, name and text).
fn passages(imported: &Import) -> Vec<(String, String)> {
    let doc = &imported.document;
    let mut out = Vec::new();
    if let Some(purpose) = &doc.purpose {
        out.push(("mission".to_string(), squash(&purpose.text)));
        for (i, aim) in purpose.aims.iter().enumerate() {
            out.push((format!("aim-{}", i + 1), squash(aim)));
        }
    }
    for section in &doc.sections {
        for (i, item) in section.items.iter().enumerate() {
            let text = match &item.name {
                Some(name) => format!("{name} {}", item.text),
                None => item.text.clone(),
            };
            out.push((format!("{}-{}", section.id, i + 1), squash(&text)));
        }
    }
    out
}

fn check(doc: &Doc) -> Vec<String> {
    let mut problems = Vec::new();
    let (input, imported) = import_file(&doc.file);
    let d = &imported.document;
    let found: Vec<usize> = d.sections.iter().map(|s| s.items.len()).collect();
    let aims = d.purpose.as_ref().map_or(0, |p| p.aims.len());
    if d.purpose.is_some() != doc.purpose || aims != doc.aims || found != doc.sections {
        problems.push(format!(
            "counts: purpose {} aims {aims} sections {found:?}, expected purpose {} aims {} sections {:?} ({:?})",
            d.purpose.is_some(),
            doc.purpose,
            doc.aims,
            doc.sections,
            d.sections.iter().map(|s| s.id.as_str()).collect::<Vec<_>>()
        ));
    }
    if !doc.ids.is_empty() {
        let ids: Vec<&str> = d.sections.iter().map(|s| s.id.as_str()).collect();
        if ids != doc.ids {
            problems.push(format!("ids {ids:?}, expected {:?}", doc.ids));
        }
    }
    // No markup or noise in any title or text.
    let mut shown: Vec<(String, &str)> = Vec::new();
    if let Some(p) = &d.purpose {
        shown.push(("mission title".into(), &p.title));
        shown.push(("mission".into(), &p.text));
        for aim in &p.aims {
            shown.push(("aim".into(), aim));
        }
    }
    for s in &d.sections {
        shown.push((format!("{} title", s.id), &s.title));
        for (i, item) in s.items.iter().enumerate() {
            shown.push((format!("{}-{}", s.id, i + 1), &item.text));
            if let Some(name) = &item.name {
                shown.push((format!("{}-{} name", s.id, i + 1), name));
            }
        }
    }
    for (what, text) in &shown {
        if text.trim().is_empty() {
            problems.push(format!("{what} is empty"));
        }
        for marker in ["<", "**", "{%", "{{", "---", "](", "\u{fffd}"] {
            if text.contains(marker) {
                problems.push(format!("{what} holds {marker:?}: {text:?}"));
            }
        }
        for word in &doc.menu {
            if text.contains(word.as_str()) {
                problems.push(format!("{what} holds the menu word {word:?}: {text:?}"));
            }
        }
    }
    // Every input line accounted for.
    let lines = input.lines().count();
    if imported.report.lines.len() != lines {
        problems.push(format!(
            "the report has {} lines for {lines}",
            imported.report.lines.len()
        ));
    }
    for line in &imported.report.lines {
        let unexplained =
            matches!(&line.outcome, Outcome::Left(Reason::Markup(why)) if *why == "nothing");
        let text_lost = matches!(&line.outcome, Outcome::Left(Reason::Markup(why)) if *why == "no text of the document")
            && line.text.chars().any(char::is_alphabetic)
            && !line.text.trim_start().starts_with('<');
        if unexplained || text_lost {
            problems.push(format!(
                "line {} unaccounted for: {:?}",
                line.number, line.text
            ));
        }
    }
    // Each expected quote in exactly one passage.
    let stem = doc
        .file
        .rsplit_once('.')
        .map_or(doc.file.as_str(), |(s, _)| s);
    let questions =
        std::fs::read_to_string(documents().join("questions").join(format!("{stem}.toml")))
            .expect("questions file");
    let questions: Questions = toml::from_str(&questions).expect("questions parse");
    let all = passages(&imported);
    for case in &questions.case {
        for quote in &case.expect {
            let quote = plain_quote(quote);
            let holders: Vec<&str> = all
                .iter()
                .filter(|(_, text)| text.contains(&quote))
                .map(|(id, _)| id.as_str())
                .collect();
            if holders.len() != 1 {
                problems.push(format!(
                    "{:?} (asked {:?}) is in {holders:?}",
                    quote, case.query
                ));
            }
        }
    }
    // The files are TOML.
    for (name, text) in imported.texts.iter() {
        if let Err(e) = text.parse::<toml::Table>() {
            problems.push(format!("{name} is not TOML: {e}"));
        }
    }
    problems
}

#[test]
fn real_documents_import_as_a_reader_counts_them() {
    let expected: Expected = toml::from_str(
        &std::fs::read_to_string(documents().join("expected.toml")).expect("expected.toml"),
    )
    .expect("expected.toml parses");
    let mut failures = Vec::new();
    for doc in &expected.document {
        for problem in check(doc) {
            failures.push(format!("{}: {problem}", doc.file));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The same page as Markdown and as its built HTML imports to the same
/// passages: the HTML's page furniture is all left out, and nothing of the
/// text is lost or added by either reader.
#[test]
fn markdown_and_its_built_html_import_to_the_same_passages() {
    let (_, markdown) = import_file("cs-pyvec-kalendar.md");
    let (_, html) = import_file("cs-pyvec-kalendar.html");
    assert_eq!(passages(&markdown), passages(&html));
    let titles = |i: &Import| -> Vec<(String, String)> {
        i.document
            .sections
            .iter()
            .map(|s| (s.id.clone(), s.title.clone()))
            .collect()
    };
    assert_eq!(titles(&markdown), titles(&html));
    assert_eq!(
        markdown.document.purpose.as_ref().map(|p| &p.title),
        html.document.purpose.as_ref().map(|p| &p.title)
    );
    assert!(passages(&markdown).len() >= 5, "{:?}", passages(&markdown));
}

/// Every document's files load as knowledge, with one passage for the
/// statement of purpose, each aim and each item.
#[test]
fn every_document_loads_as_knowledge() {
    let expected: Expected = toml::from_str(
        &std::fs::read_to_string(documents().join("expected.toml")).expect("expected.toml"),
    )
    .expect("expected.toml parses");
    for doc in &expected.document {
        let (_, imported) = import_file(&doc.file);
        let loaded = missionbot::knowledge::from_texts(Path::new("knowledge"), &imported.texts)
            .unwrap_or_else(|e| panic!("{}: {e}", doc.file));
        let passages = usize::from(doc.purpose) + doc.aims + doc.sections.iter().sum::<usize>();
        assert_eq!(loaded.passages().len(), passages, "{}", doc.file);
    }
}

#[test]
fn every_document_is_in_the_table() {
    let expected: Expected = toml::from_str(
        &std::fs::read_to_string(documents().join("expected.toml")).expect("expected.toml"),
    )
    .expect("expected.toml parses");
    let mut files: Vec<String> = std::fs::read_dir(documents())
        .expect("documents")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") || n.ends_with(".html") || n.ends_with(".txt"))
        .filter(|n| n != "SOURCES.md")
        .collect();
    files.sort();
    let mut listed: Vec<String> = expected.document.iter().map(|d| d.file.clone()).collect();
    listed.sort();
    assert_eq!(files, listed);
}

/// An engine over a document's import.
pub(crate) fn engine_of(file: &str) -> missionbot::Engine {
    let (_, imported) = import_file(file);
    let knowledge = missionbot::knowledge::from_texts(Path::new("knowledge"), &imported.texts)
        .unwrap_or_else(|e| panic!("{file}: {e}"));
    missionbot::Engine::in_memory(knowledge, 3).expect("it indexes")
}

/// Everything a reply says, as one text.
fn said(reply: &missionbot::reply::Reply) -> String {
    let mut all = vec![reply.title.clone(), reply.body.to_plain()];
    all.extend(
        reply
            .fields
            .iter()
            .map(|f| format!("{} {}", f.name, f.value.to_plain())),
    );
    all.extend(reply.citations.iter().map(|c| c.label.clone()));
    all.extend(reply.footer.clone());
    all.join("\n")
}

/// A document of principles and rules is named as it names itself: no
/// reply speaks of a strategy or aims it does not have, in any language.
#[test]
fn the_bots_words_name_only_the_parts_a_document_has() {
    use missionbot::Lang;
    use missionbot::command::Command;
    for (file, question) in [
        ("cs-ekultura-eticky-kodex.md", "Jak chráníte soukromí?"),
        (
            "en-carpentries-values.md",
            "How do you value all contributions?",
        ),
        ("sk-pycon-kodex.html", "Čo robiť pri obťažovaní?"),
    ] {
        let engine = engine_of(file);
        let text = std::fs::read_to_string(documents().join(file))
            .expect("reads")
            .to_lowercase();
        let forbidden: Vec<&str> = [
            "stratégi",
            "strategi",
            "ciele",
            "cíle",
            "cieľ",
            "cíl ",
            "aims",
        ]
        .into_iter()
        .filter(|w| !text.contains(w))
        .collect();
        for lang in [Lang::SK, Lang::CS, Lang::EN] {
            for command in [
                Command::Help,
                Command::Ask(question.into()),
                Command::Ask("recept na bryndzové halušky s oštiepkom".into()),
                Command::Ask(String::new()),
                Command::Show(Default::default()),
            ] {
                let reply = engine.handle(&command, lang);
                let words = said(&reply).to_lowercase();
                for word in &forbidden {
                    assert!(
                        !words.contains(word),
                        "{file} {lang:?} {command:?} says {word:?}:\n{words}"
                    );
                }
            }
        }
        // A command for a part it lacks says so plainly, naming what it has.
        for command in [Command::StrategyList, Command::Aims] {
            let reply = engine.handle(&command, Lang::SK);
            assert_eq!(reply.kind, missionbot::reply::ReplyKind::Problem, "{file}");
            assert!(reply.body.to_plain().contains("/show"), "{file}: {reply:?}");
        }
    }
}

/// Every section and item is reachable by a command: `/show` lists the
/// parts, `/show <part>` one's list, `/show <part> N` and its id one item,
/// cited as the document names it.
#[test]
fn every_part_and_item_is_reachable_by_a_command() {
    use missionbot::Lang;
    use missionbot::command::Command;
    let engine = engine_of("cs-ekultura-eticky-kodex.md");
    let knowledge = engine.knowledge();
    let contents = engine.handle(&Command::Show(Default::default()), Lang::CS);
    for section in knowledge.parts() {
        assert!(
            contents
                .body
                .to_plain()
                .contains(&format!("/show {}", section.id)),
            "{}",
            contents.body.to_plain()
        );
        let list = engine.handle(&Command::parse(&format!("/show {}", section.id)), Lang::CS);
        assert_eq!(list.title, section.title);
        for passage in knowledge.items(section.id) {
            let n = passage.id.position().expect("a position");
            for line in [
                format!("/show {} {n}", section.id),
                format!("/show {}", passage.id),
                format!("/{} {n}", section.id),
            ] {
                let reply = engine.handle(&Command::parse(&line), Lang::CS);
                assert_eq!(reply.body.to_plain(), passage.text, "{line}");
                assert_eq!(
                    reply.title,
                    missionbot::knowledge::labels::label(&knowledge, passage.id, false),
                    "{line}"
                );
            }
        }
    }
    // The principles by their noun and the document's words for them.
    let principle = engine.handle(&Command::parse("/principles 2"), Lang::CS);
    assert!(
        principle.title.starts_with("Princip 2"),
        "{}",
        principle.title
    );
    for asked in [
        "druhý princip",
        "princip číslo 2",
        "2. princip",
        "druhého principu",
    ] {
        let reply = engine.handle(&Command::Ask(asked.into()), Lang::CS);
        assert_eq!(reply.title, principle.title, "{asked}");
    }
    // Asked in English: answered in English, as an English reader cites it.
    let english = engine.handle(&Command::Ask("the second principle".into()), Lang::CS);
    assert!(
        english.title.starts_with("Principle 2"),
        "{}",
        english.title
    );
    let last = engine.handle(&Command::Ask("poslední princip".into()), Lang::CS);
    assert!(last.title.starts_with("Princip 5"), "{}", last.title);
    let before_last = engine.handle(&Command::Ask("the principle before last".into()), Lang::EN);
    assert!(before_last.body.to_plain().len() > 10);
    assert_eq!(
        before_last.citations.first().map(|c| c.id.to_string()),
        Some("principles-4".to_string())
    );
}
