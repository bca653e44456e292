//! Another organization's document in English or Czech, imported as a new user would
//! (`missionbot import FILE --organization NAME`): the knowledge declares its language, keeps
//! the document's headings, and the bot's replies on it are in that language with no Slovak
//! word in them.

use std::collections::BTreeSet;

use crate::support::workspace::{Workspace, stderr, stdout};
use missionbot::Lang;
use missionbot::reply::words::texts;

/// The words of a text, lower case, letters only.
fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
        .collect()
}

fn words_of(lang: Lang) -> BTreeSet<String> {
    texts(lang).iter().flat_map(|t| words(t)).collect()
}

/// What counts as a Slovak word in a reply on knowledge written in another language: a
/// word of the bot's Slovak messages, or of the titles the importer gives a Slovak document
/// ("Poslanie", "Stratégia", "cieľ"), that neither the reply language's messages nor the
/// document itself use ("bod", "Zdroj" and "neexistuje" are Czech too).
fn slovak_words(reply_language: Lang, document: &str) -> BTreeSet<String> {
    let mut slovak = words_of(Lang::SK);
    slovak.extend(words("Poslanie Stratégia cieľ bod"));
    let allowed: BTreeSet<String> = words_of(reply_language)
        .into_iter()
        .chain(words(document))
        .collect();
    slovak.retain(|w| !allowed.contains(w));
    slovak
}

/// The Slovak words in `reply`.
fn slovak_in(reply: &str, slovak: &BTreeSet<String>) -> Vec<String> {
    words(reply).intersection(slovak).cloned().collect()
}

/// The console's replies to these lines, piped.
fn console(ws: &Workspace, lines: &[&str]) -> String {
    let input = lines.join("\n") + "\n";
    let output = ws.run(&["console"], input.as_bytes());
    assert!(output.status.success());
    stdout(&output)
}

fn document(name: &str) -> String {
    std::fs::read_to_string(
        crate::support::shipped::root()
            .join("tests/data/orgs")
            .join(name),
    )
    .expect("the document")
}

#[test]
fn the_import_declares_the_language_and_keeps_the_documents_headings() {
    for (file, organization, language, mission, strategy) in [
        (
            "en-open-shelf.txt",
            "Open Shelf",
            "en",
            "Our Mission",
            "Our Strategy",
        ),
        (
            "cs-dobry-soused.txt",
            "Dobrý soused",
            "cs",
            "Naše poslání",
            "Naše strategie",
        ),
    ] {
        let ws = Workspace::importing(file, organization);
        let knowledge = missionbot::knowledge::load(&ws.path("knowledge")).expect("it loads");
        assert_eq!(knowledge.language.code(), language, "{file}");
        assert_eq!(knowledge.titles.mission, mission, "{file}");
        assert_eq!(
            knowledge
                .section(missionbot::knowledge::SectionId::STRATEGY)
                .map(|s| s.title.as_str()),
            Some(strategy),
            "{file}"
        );
        assert_eq!((knowledge.aims().len(), knowledge.points().len()), (4, 10));
        let written = std::fs::read_to_string(ws.path("knowledge/mission.toml")).expect("read");
        assert!(
            written.contains(&format!("language = \"{language}\"\n")),
            "{written}"
        );
        ws.assert_check_passes();
    }
}

#[test]
fn replies_on_an_english_document_are_english_with_no_slovak_word() {
    let ws = Workspace::importing("en-open-shelf.txt", "Open Shelf");
    let slovak = slovak_words(Lang::EN, &document("en-open-shelf.txt"));
    let replies = console(
        &ws,
        &[
            "/strategy 3",
            "/mission",
            "do you run reading clubs for kids in the summer?",
            "hi, how are you?",
        ],
    );
    assert!(replies.contains("Our Strategy, point 3"), "{replies}");
    assert!(replies.contains("Our Mission\n"), "{replies}");
    assert!(replies.contains("Our Strategy, point 2"), "{replies}");
    assert!(replies.contains("Nothing relevant found"), "{replies}");
    // The text is English already: no translation framing.
    assert!(!replies.contains("translation"), "{replies}");
    assert!(!replies.contains("original"), "{replies}");
    assert_eq!(
        slovak_in(&replies, &slovak),
        Vec::<String>::new(),
        "{replies}"
    );
}

#[test]
fn replies_on_a_czech_document_are_czech_with_no_slovak_word() {
    let ws = Workspace::importing("cs-dobry-soused.txt", "Dobrý soused");
    let slovak = slovak_words(Lang::CS, &document("cs-dobry-soused.txt"));
    let replies = console(
        &ws,
        &[
            "/strategy 3",
            "/mission",
            "pomáháte seniorům s formuláři na úřadech?",
            "ahoj, jak se máš?",
            "/aims",
            "/strategy 11",
        ],
    );
    assert!(replies.contains("Naše strategie, bod 3"), "{replies}");
    assert!(replies.contains("Naše poslání\n"), "{replies}");
    assert!(replies.contains("Naše strategie, bod 4"), "{replies}");
    assert!(
        replies.contains("Nenašel jsem nic relevantního"),
        "{replies}"
    );
    assert!(replies.contains("strategie má body 1 až 10"), "{replies}");
    assert!(
        !replies.contains(['ä', 'ľ', 'ĺ', 'ŕ', 'ô']),
        "a Slovak letter: {replies}"
    );
    assert_eq!(
        slovak_in(&replies, &slovak),
        Vec::<String>::new(),
        "{replies}"
    );
}

#[test]
fn the_slovak_word_check_finds_slovak_replies() {
    // The same check on Slovak replies: it must be able to fail.
    let ws = Workspace::new();
    let slovak = slovak_words(Lang::CS, &document("cs-dobry-soused.txt"));
    let replies = console(&ws, &["/strategy 3", "recept na bryndzové halušky"]);
    let found = slovak_in(&replies, &slovak);
    assert!(
        found.contains(&"stratégia".to_string()) && found.contains(&"nenašiel".to_string()),
        "{found:?}"
    );
}

#[test]
fn the_console_greets_in_the_knowledges_language_and_lang_overrides() {
    for (file, organization, greeting) in [
        (
            "en-open-shelf.txt",
            "Open Shelf",
            "missionbot · Open Shelf: ask a question",
        ),
        (
            "cs-dobry-soused.txt",
            "Dobrý soused",
            "missionbot · Dobrý soused: napište otázku",
        ),
    ] {
        let ws = Workspace::importing(file, organization);
        let engine = std::sync::Arc::new(ws.engine());
        let lang = engine.language();
        let learning = std::sync::Arc::new(missionbot::Learning::off());
        let desk = missionbot::desk::Desk::new(engine.clone(), None, learning);
        let mut output = Vec::new();
        missionbot::console::run(
            (&engine, &desk),
            lang,
            &mut &b""[..],
            &mut output,
            true,
            None,
        )
        .expect("the console runs");
        let shown = String::from_utf8(output).expect("UTF-8");
        assert!(shown.starts_with(greeting), "{shown}");
    }
    // An explicit --lang wins over the knowledge's language.
    let ws = Workspace::importing("cs-dobry-soused.txt", "Dobrý soused");
    let output = ws.run(&["console", "--lang", "en"], b"/strategy 99\n");
    let shown = stdout(&output);
    assert!(shown.contains("the strategy has points 1 to 10"), "{shown}");
}

/// An English question over a Czech document without an English translation is answered
/// through the language resources (`lang/`): its words translated by the English–Czech
/// dictionary into the document's own words, the table of them kept beside the index. With
/// the resources turned off in the configuration, the same questions find nothing.
#[test]
fn english_questions_over_a_czech_document_are_answered_through_the_dictionary() {
    let ws = Workspace::importing("cs-dobry-soused.txt", "Dobrý soused");
    let knowledge = missionbot::knowledge::load(&ws.path("knowledge")).expect("it loads");
    assert!(knowledge.passages().iter().all(|p| p.text_en.is_none()));
    let asked = [
        (
            "do you bring lunches and medicine?",
            "dovoz nákupů, **léků** a **obědů**",
        ),
        ("who insures the volunteers?", "**pojišťovat dobrovolníky**"),
        (
            "is there a telephone line I can call?",
            "telefonickou **linku**",
        ),
    ];
    let answer = |question: &str| {
        let output = ws.run(&["ask", question], b"");
        assert!(output.status.success(), "{question}: {}", stderr(&output));
        stdout(&output)
    };
    for (question, passage) in asked {
        let reply = answer(question);
        assert!(reply.contains(passage), "{question}: {reply}");
    }
    assert!(ws.path("index/expansions.json").is_file());
    let config = std::fs::read_to_string(ws.path("config.toml")).expect("config");
    let off = config.replace("# resources = \"lang\"", "resources = \"\"");
    assert_ne!(off, config, "the shipped config.toml names the setting");
    std::fs::write(ws.path("config.toml"), off).expect("write config");
    for (question, passage) in asked {
        let reply = answer(question);
        let words: Vec<&str> = passage
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| w.chars().count() > 3)
            .collect();
        assert!(
            !words.iter().any(|w| reply.contains(w)),
            "{question} without the resources: {reply}"
        );
    }
}
