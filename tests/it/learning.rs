//! What the bot learns from the questions it is asked, from the command line: `ask` records
//! them, `gaps` lists the unanswered ones, `teach` makes one answered (audited, revertable),
//! `stats` counts, `search --json` and the console offer suggestions on a miss, and two
//! processes recording at once lose nothing. Each test on its own scratch workspace.

use std::io::Write;
use std::process::Stdio;

use crate::support::workspace::{Workspace, stderr, stdout};
use serde_json::{Value, json};

/// A question the shipped knowledge has no answer for.
const UNANSWERED: &str = "Ako si obnovím cestovný pas na ambasáde?";

fn json_of(output: &std::process::Output) -> Value {
    assert!(output.status.success(), "{}", stderr(output));
    serde_json::from_str(stdout(output).trim())
        .unwrap_or_else(|e| panic!("one JSON line ({e}): {}", stdout(output)))
}

fn ask(ws: &Workspace, question: &str) -> String {
    let output = ws.run(&["ask", question], b"");
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output)
}

fn gaps(ws: &Workspace) -> Vec<Value> {
    json_of(&ws.run(&["gaps", "--json"], b""))["gaps"]
        .as_array()
        .cloned()
        .expect("a list of gaps")
}

#[test]
fn an_unanswered_question_is_a_gap_until_it_is_taught() {
    let ws = Workspace::new();
    for question in [UNANSWERED, UNANSWERED, "recept na bryndzové halušky"] {
        assert!(
            ask(&ws, question).starts_with("Nenašiel som nič relevantné"),
            "{question}"
        );
    }
    let listed = gaps(&ws);
    assert_eq!(listed.len(), 2, "{listed:#?}");
    let first = &listed[0];
    assert_eq!(first["question"], json!(UNANSWERED));
    assert_eq!(first["count"], json!(2));
    assert_eq!(first["down_votes"], json!(0));
    assert!(first["closest"].is_array());
    let last = first["last"].as_str().expect("a time");
    assert!(
        last.len() == 20 && last.ends_with('Z') && last.as_bytes()[10] == b'T',
        "RFC 3339, UTC: {last}"
    );
    assert_eq!(listed[1]["question"], json!("recept na bryndzové halušky"));
    assert_eq!(listed[1]["count"], json!(1));
    // The keys in the documented order.
    let text = stdout(&ws.run(&["gaps", "--json"], b""));
    assert!(
        text.starts_with(&format!(
            "{{\"gaps\":[{{\"question\":{},\"count\":2,\"last\":",
            json!(UNANSWERED)
        )),
        "{text}"
    );

    let taught = ws.run(&["teach", UNANSWERED, "strategy-1"], b"");
    assert!(taught.status.success(), "{}", stderr(&taught));
    let said = stdout(&taught);
    assert!(
        said.contains(&format!("+ Stratégia IOM, bod 1 (otázka): {UNANSWERED}"))
            && said.contains("Zmena #1 uložená"),
        "{said}"
    );
    ws.assert_check_passes();
    let entries = ws.audit_entries();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].what, "add-question strategy-1");
    assert_eq!(entries[0].passages, ["strategy-1"]);
    let taught = ws.knowledge_text("strategy.toml");
    let change = entries[0]
        .file("strategy.toml")
        .expect("the strategy changed");
    assert_eq!(change.after, missionbot::store::knowledge::digest(&taught));
    assert!(taught.contains(UNANSWERED));

    // Answered with that point: as asked, without diacritics, inflected.
    for question in [
        UNANSWERED,
        "ako si obnovim cestovny pas na ambasade",
        "obnovenie cestovného pasu na ambasáde",
    ] {
        let answer = ask(&ws, question);
        assert!(
            answer.starts_with("Stratégia IOM, bod 1\n"),
            "{question}: {answer}"
        );
    }
    let listed = gaps(&ws);
    assert_eq!(
        listed.len(),
        1,
        "the taught question left the list: {listed:#?}"
    );
    assert_eq!(listed[0]["question"], json!("recept na bryndzové halušky"));

    // Reverting the change is one more audited change, and the question is unanswered again.
    let reverted = ws.run(&["console", "--moderator"], b"/revert 1\n");
    assert!(
        stdout(&reverted).contains("Zmena #2 uložená"),
        "{}",
        stdout(&reverted)
    );
    assert!(ask(&ws, UNANSWERED).starts_with("Nenašiel som nič relevantné"));
}

#[test]
fn teach_refuses_what_cannot_be_taught_and_changes_nothing() {
    let ws = Workspace::new();
    // The lock file the editor makes aside, the knowledge as it is.
    let knowledge = |ws: &Workspace| {
        let mut files = ws.snapshot();
        files.remove(".missionbot.lock");
        files
    };
    let before = knowledge(&ws);
    for (args, why) in [
        (
            vec!["teach", UNANSWERED, "strategy-13"],
            "Bod 13 neexistuje",
        ),
        (vec!["teach", "   ", "strategy-1"], "Text je prázdny"),
        // Already asked about point 1 in the shipped knowledge.
        (
            vec!["teach", "Aké služby ponúka IOM migrantom?", "strategy-2"],
            "already asked",
        ),
    ] {
        let output = ws.run(&args, b"");
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&output).contains(why),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    let usage = ws.run(&["teach", UNANSWERED, "bod 1"], b"");
    assert_eq!(usage.status.code(), Some(2), "{}", stderr(&usage));
    let none = ws.run(&["teach", UNANSWERED, "bod-1"], b"");
    assert_eq!(none.status.code(), Some(1), "{}", stderr(&none));
    assert!(
        stderr(&none).contains("the knowledge has no passage bod-1"),
        "{}",
        stderr(&none)
    );
    assert_eq!(knowledge(&ws), before, "knowledge/ is byte-identical");
    assert_eq!(ws.audit_lines(), 0);
}

#[test]
fn a_miss_offers_suggestions_in_search_json_and_the_console() {
    let ws = Workspace::new();
    let found = json_of(&ws.run(&["search", "--json", "spoľahlivé auto na predaj"], b""));
    assert_eq!(found["hits"], json!([]));
    assert_eq!(
        found["suggestions"][0],
        json!({"id": "strategy-1", "label": "Stratégia IOM, bod 1"})
    );
    assert!(found["suggestions"].as_array().expect("a list").len() <= 3);
    let answered = json_of(&ws.run(&["search", "--json", "nelegálna migrácia"], b""));
    assert_eq!(answered["hits"][0]["id"], json!("strategy-5"));
    assert_eq!(
        answered["suggestions"],
        json!([]),
        "no guesses beside an answer"
    );

    let console = ws.run(&["console"], "spoľahlivé auto na predaj\n".as_bytes());
    let said = stdout(&console);
    assert!(
        said.contains("▸ Možno ste mysleli (nie som si istý)\n**bod 1** — Poskytovať bezpečné"),
        "{said}"
    );
}

#[test]
fn stats_count_questions_answers_and_passages_and_purge_deletes_them() {
    let ws = Workspace::new();
    let lines = "nelegálna migrácia\nnelegalna migracia\nrecept na halušky\n/strategy 7\n\
                 /gaps\n/stats\n";
    let console = ws.run(&["console"], lines.as_bytes());
    assert!(
        stdout(&console).contains("missionbot console --moderator"),
        "/gaps and /stats need --moderator: {}",
        stdout(&console)
    );
    let stats = json_of(&ws.run(&["stats", "--json"], b""));
    assert_eq!(stats["questions"], json!(3), "questions only: {stats}");
    assert_eq!(stats["answered"], json!(2));
    assert_eq!(stats["answered_share"], json!(0.667));
    assert_eq!(stats["per_day"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        stats["passages"][0],
        json!({"id": "strategy-5", "shown": 2, "up": 0, "down": 0})
    );
    assert_eq!(stats["gaps"][0]["question"], json!("recept na halušky"));

    let moderator = ws.run(&["console", "--moderator"], b"/stats\n/gaps\n");
    let said = stdout(&moderator);
    assert!(
        said.contains("3 otázky za posledných 90 dní, zodpovedaných 67 %"),
        "{said}"
    );
    assert!(said.contains("**1.** „recept na halušky“"), "{said}");

    let purged = ws.run(&["gaps", "--purge"], b"");
    assert!(purged.status.success(), "{}", stderr(&purged));
    assert!(
        stdout(&purged).contains("3 recorded questions deleted"),
        "{}",
        stdout(&purged)
    );
    assert_eq!(
        json_of(&ws.run(&["stats", "--json"], b""))["questions"],
        json!(0)
    );
    assert_eq!(gaps(&ws), Vec::<Value>::new());
}

#[test]
fn nothing_is_recorded_with_record_off_and_the_store_stays_out_of_the_knowledge() {
    let ws = Workspace::new();
    let config = ws.path("config.toml");
    let shipped = std::fs::read_to_string(&config).expect("config");
    let set = |from: &str, to: &str| {
        assert!(shipped.contains(from), "the shipped config has {from:?}");
        std::fs::write(&config, shipped.replace(from, to)).expect("write");
    };
    set("record = true", "record = false");
    ask(&ws, UNANSWERED);
    assert!(!ws.path("learning.sqlite").exists(), "no store is made");
    let output = ws.run(&["gaps", "--json"], b"");
    assert!(output.status.success());
    assert!(
        stderr(&output).contains("record = false"),
        "{}",
        stderr(&output)
    );

    set(
        "db = \"learning.sqlite\"",
        "db = \"knowledge/learning.sqlite\"",
    );
    let check = ws.run(&["check"], b"");
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stderr(&check).contains("learning.db must not be inside the knowledge directory"),
        "{}",
        stderr(&check)
    );
}

/// Two consoles on one workspace, each answering (and recording) 1,000 questions at once.
#[test]
fn two_processes_recording_at_once_lose_nothing() {
    const EACH: usize = 1000;
    let ws = Workspace::new();
    // The index first, so neither process builds its own in memory meanwhile.
    assert!(ws.run(&["index"], b"").status.success());
    let questions = |who: usize| -> Vec<u8> {
        (0..EACH)
            .map(|i| match i % 4 {
                0 => format!("nelegálna migrácia {who}\n"),
                1 => format!("recept na halušky číslo {i} od {who}\n"),
                2 => "dobrovoľný návrat\n".to_string(),
                _ => format!("otázka {i}\n"),
            })
            .collect::<String>()
            .into_bytes()
    };
    let consoles: Vec<_> = (0..2)
        .map(|who| {
            let mut child = ws
                .command(&["console"])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("missionbot console starts");
            let mut stdin = child.stdin.take().expect("stdin");
            let input = questions(who);
            let writer = std::thread::spawn(move || stdin.write_all(&input));
            (child, writer)
        })
        .collect();
    for (child, writer) in consoles {
        writer.join().expect("writer").expect("stdin written");
        let output = child.wait_with_output().expect("the console ends");
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(
            !stderr(&output).contains("could not record"),
            "{}",
            stderr(&output)
        );
    }
    let stats = json_of(&ws.run(&["stats", "--json"], b""));
    assert_eq!(stats["questions"], json!(2 * EACH), "{stats}");
}

#[test]
fn a_members_escape_codes_never_reach_the_operators_terminal() {
    let ws = Workspace::new();
    let question = "\u{1b}]0;PWNED\u{7}\u{1b}[2J ako si obnovím pas? \u{202e}\u{9b}31m";
    ask(&ws, question);
    let outputs = [
        ws.run(&["gaps"], b""),
        ws.run(&["stats"], b""),
        ws.run(
            &["console", "--moderator"],
            b"/gaps\n/stats\n/dismiss x\x1b[2J\n",
        ),
    ];
    for output in &outputs {
        assert!(output.status.success(), "{}", stderr(output));
        let printed = [output.stdout.as_slice(), output.stderr.as_slice()].concat();
        for control in [b'\x1b', b'\x07'] {
            assert!(
                !printed.contains(&control),
                "a control byte {control:#x} reached the terminal:\n{}",
                String::from_utf8_lossy(&printed)
            );
        }
        let text = String::from_utf8_lossy(&printed);
        assert!(
            !text.contains('\u{202e}') && !text.contains('\u{9b}'),
            "{text}"
        );
    }
    assert!(stdout(&outputs[0]).contains("PWNED"), "shown, escaped");
}
