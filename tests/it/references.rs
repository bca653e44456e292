//! Parts of the knowledge asked for in words ("a čo hovorí bod 9?", "the last
//! strategy point", "aké sú ciele IOM") are answered as the command they stand
//! for, the same way by the engine's replies, its search, and the command line
//! (`ask`, `console`, `search --json`).

use std::sync::OnceLock;

use crate::support::workspace::{Workspace, stderr, stdout};
use missionbot::reply::ReplyKind;
use missionbot::{Command, Engine, Lang};

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(crate::support::shipped::engine)
}

/// Runs the binary on a scratch copy of the shipped config and knowledge,
/// which must succeed; its output.
fn run(ws: &Workspace, args: &[&str], stdin: &str) -> String {
    let output = ws.run(args, stdin.as_bytes());
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    stdout(&output)
}

/// (message, the passage its search leads with, the reply's title)
const CASES: &[(&str, &str, &str)] = &[
    ("a čo hovorí bod 9?", "strategy-9", "Stratégia IOM, bod 9"),
    ("ôsmy bod stratégie", "strategy-8", "Stratégia IOM, bod 8"),
    ("tretí bod", "strategy-3", "Stratégia IOM, bod 3"),
    (
        "poslední bod strategie",
        "strategy-12",
        "Stratégia IOM, bod 12",
    ),
    (
        "the first strategy point",
        "strategy-1",
        "IOM Strategy, point 1",
    ),
    (
        "point 3 of the strategy",
        "strategy-3",
        "IOM Strategy, point 3",
    ),
    ("aké je poslanie IOM", "mission", "Poslanie IOM"),
    ("aké sú ciele IOM", "aim-1", "Ciele IOM"),
];

#[test]
fn search_and_replies_agree_on_named_parts() {
    for (message, first, title) in CASES {
        let hits = engine().search(message, 5).expect("searches");
        assert_eq!(
            hits.first().map(|h| h.id.to_string()).as_deref(),
            Some(*first),
            "{message:?}"
        );
        let reply = engine().handle(&Command::Ask(message.to_string()), Lang::SK);
        assert_eq!(reply.title, *title, "{message:?}");
        assert!(
            matches!(reply.kind, ReplyKind::Passage | ReplyKind::Overview),
            "{message:?}: {:?}",
            reply.kind
        );
    }
    // A point asked for in words gets what `/strategy 9` gets.
    let asked = engine().handle(&Command::Ask("a čo hovorí bod 9?".into()), Lang::SK);
    let command = engine().handle(&Command::parse("/strategy 9"), Lang::SK);
    assert_eq!(asked, command);
}

#[test]
fn a_point_that_does_not_exist_is_searched_and_abstains() {
    for message in ["bod 15", "point 13", "dvadsiaty bod stratégie"] {
        assert!(
            engine().search(message, 5).expect("searches").is_empty(),
            "{message:?}"
        );
        let reply = engine().handle(&Command::Ask(message.to_string()), Lang::SK);
        assert_eq!(reply.kind, ReplyKind::NothingRelevant, "{message:?}");
    }
    // The rest of the message is still searched.
    let hits = engine()
        .search("bod 15 o nelegálnej migrácii", 5)
        .expect("searches");
    assert_eq!(
        hits.first().map(|h| h.id.to_string()).as_deref(),
        Some("strategy-5")
    );
}

#[test]
fn the_command_line_agrees() {
    let ws = Workspace::with_all_knowledge();
    let input: String = CASES.iter().map(|(m, _, _)| format!("{m}\n")).collect();
    let lines = run(&ws, &["search", "--json", "--stdin"], &input);
    let found: Vec<String> = lines
        .lines()
        .map(|line| {
            let json: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            json["hits"][0]["id"].as_str().unwrap_or("").to_string()
        })
        .collect();
    let expected: Vec<&str> = CASES.iter().map(|(_, first, _)| *first).collect();
    assert_eq!(found, expected);

    let asked = run(&ws, &["ask", "a čo hovorí bod 9?"], "");
    assert!(asked.starts_with("Stratégia IOM, bod 9"), "{asked}");
    let console = run(&ws, &["console"], "the last strategy point\n");
    assert!(console.contains("IOM Strategy, point 12"), "{console}");
}
