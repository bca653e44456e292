//! Bad input, row by row: every input gets a clear answer of a known kind, the
//! process exits as scripts expect, and nothing panics.

use crate::support::console::Console;
use crate::support::workspace::{Workspace, stderr, stdout};

/// Feeds one console line and checks the reply contains `expected`.
fn chat(ws: &Workspace, input: &[u8], expected: &str) {
    let mut line = input.to_vec();
    line.push(b'\n');
    let output = ws.run(&["console"], &line);
    let shown = String::from_utf8_lossy(input);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{shown:?}: {}",
        stderr(&output)
    );
    assert!(
        !stderr(&output).contains("panicked"),
        "{shown:?}: {}",
        stderr(&output)
    );
    let out = stdout(&output);
    assert!(
        out.contains(expected),
        "{shown:?}: expected {expected:?} in:\n{out}"
    );
}

const EMPTY: &str = "Chýba otázka";
const NOTHING: &str = "Nenašiel som nič relevantné";
const TOO_LONG: &str = "Otázka je príliš dlhá";
const NO_POINT: &str = "stratégia má body 1 až 12";
const NOT_NUMBER: &str = "nie je číslo bodu";
const POINT_5: &str = "Stratégia IOM, bod 5";

#[test]
fn chat_input_table() {
    let ws = Workspace::new();
    let long = "migrácia ".repeat(700);
    let rows: &[(&[u8], &str)] = &[
        (b"", EMPTY),
        (b"   \t ", EMPTY),
        (b"/ask", EMPTY),
        (long.as_bytes(), TOO_LONG),
        (b"?!.,;:--", EMPTY),
        (b"\" : ( ) * ~ ^ AND OR NOT -", NOTHING),
        (b"nelegalna migracia AND (\"*", POINT_5),
        ("🙂🙂🙂".as_bytes(), EMPTY),
        ("nelegálna migrácia 🙂".as_bytes(), POINT_5),
        ("nelega\u{301}lna migra\u{301}cia".as_bytes(), POINT_5),
        ("مرحبا بالعالم".as_bytes(), NOTHING),
        (
            "nele\u{200b}gálna mig\u{200d}rácia\u{200f}".as_bytes(),
            POINT_5,
        ),
        ("\u{200b}\u{feff}".as_bytes(), EMPTY),
        (b"\0\0", EMPTY),
        (b"nelegalna\0migracia", POINT_5),
        (b"\xff\xfe\xfd", EMPTY),
        (b"nelegalna migr\xe1cia \xff", NOTHING),
        (b"/strategy 0", NO_POINT),
        (b"/strategy -1", NO_POINT),
        (b"/strategy 13", NO_POINT),
        (b"/strategy 9223372036854775808", NO_POINT),
        (
            b"/strategy 99999999999999999999999999999999999999999999",
            NO_POINT,
        ),
        (b"/strategy 7.5", NOT_NUMBER),
        (b"/strategy sedem", NOT_NUMBER),
        (b"/strategy \xff", NOT_NUMBER),
        (b"/nonsense", "Neznámy príkaz"),
    ];
    for (input, expected) in rows {
        chat(&ws, input, expected);
    }
}

/// Runs `check` after `mutate` changed the workspace, and checks the exit code
/// and that stderr names the problem (file and line).
fn files(mutate: impl FnOnce(&Workspace), code: i32, expected: &str) {
    let ws = Workspace::new();
    mutate(&ws);
    let output = ws.run(&["check"], b"");
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
    assert_eq!(
        output.status.code(),
        Some(code),
        "{expected}: {}",
        stderr(&output)
    );
    let all = format!("{}{}", stdout(&output), stderr(&output));
    assert!(all.contains(expected), "expected {expected:?} in:\n{all}");
}

fn rewrite(ws: &Workspace, file: &str, edit: impl FnOnce(String) -> String) {
    let path = ws.path(file);
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, edit(text)).expect("write");
}

#[test]
fn knowledge_and_config_file_table() {
    files(
        |ws| {
            rewrite(ws, "knowledge/strategy.toml", |t| {
                t.replacen("[[point]]", "[[point]", 1)
            })
        },
        1,
        "strategy.toml:9:9: unclosed array table",
    );
    files(
        |ws| {
            rewrite(ws, "knowledge/strategy.toml", |t| {
                t.replacen("number = 3", "number = 2", 1)
            })
        },
        1,
        "point number 2 appears twice",
    );
    files(
        |ws| {
            rewrite(ws, "knowledge/strategy.toml", |t| {
                t.replacen("number = 3", "number = 4", 1)
            })
        },
        1,
        "is 3 missing?",
    );
    files(
        |ws| {
            rewrite(ws, "knowledge/mission.toml", |t| {
                let start = t.find("\ntext = \"").expect("mission text") + 9;
                let end = start + t[start..].find('"').expect("end quote");
                format!("{}{}", &t[..start], &t[end..])
            })
        },
        1,
        "mission.toml:9:8: the mission: the text is empty",
    );
    files(
        |ws| rewrite(ws, "knowledge/strategy.toml", |t| format!("\u{feff}{t}")),
        0,
        "12 strategy points",
    );
    files(
        |ws| rewrite(ws, "knowledge/strategy.toml", |t| t.replace('\n', "\r\n")),
        0,
        "12 strategy points",
    );
    files(
        |ws| {
            rewrite(ws, "config.toml", |t| {
                format!("{t}\n[answers]\ncolour = 1\n")
            })
        },
        1,
        "config.toml",
    );
    files(
        |ws| {
            rewrite(ws, "config.toml", |t| {
                t.replace("passages = 3", "passages = 3\ncolour = 1")
            })
        },
        1,
        "unknown field `colour`",
    );
    files(
        |ws| {
            rewrite(ws, "config.toml", |t| {
                t.replace("knowledge = \"knowledge\"", "knowledge = \"nowhere\"")
            })
        },
        1,
        "the knowledge directory does not exist",
    );
    files(
        |ws| std::fs::remove_file(ws.path("knowledge/strategy.toml")).expect("remove"),
        1,
        "strategy.toml: missing",
    );
    // An audit log that is a directory (or a device, /dev/zero) is never read.
    files(
        |ws| {
            std::fs::create_dir(ws.path("a-directory")).expect("dir");
            rewrite(ws, "config.toml", |t| {
                t.replace(
                    "audit_log = \"knowledge/audit.jsonl\"",
                    "audit_log = \"a-directory\"",
                )
            })
        },
        1,
        "not a regular file",
    );
}

#[test]
fn usage_errors_exit_2_and_runtime_errors_exit_1() {
    let ws = Workspace::new();
    assert_eq!(ws.run(&["frobnicate"], b"").status.code(), Some(2));
    assert_eq!(
        ws.run(&["search", "--limit", "0", "x"], b"").status.code(),
        Some(2)
    );
    assert_eq!(
        ws.run(&["eval", "/nonexistent/queries.toml"], b"")
            .status
            .code(),
        Some(1)
    );
    std::fs::remove_dir_all(ws.path("knowledge")).expect("remove knowledge");
    let output = ws.run(&["ask", "migrácia"], b"");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("knowledge directory does not exist"),
        "{}",
        stderr(&output)
    );
}

/// Cuts every `.term` and `.idx` file of the index in `dir` in half, then writes bytes over
/// the start of what is left, in place: what a disk, a backup tool or a mistake can do to the
/// files of a running process.
fn damage_index(dir: &std::path::Path) -> usize {
    use std::io::{Seek, SeekFrom, Write};
    let mut damaged = 0;
    for entry in std::fs::read_dir(dir).expect("the index directory") {
        let path = entry.expect("an entry").path();
        if !path.extension().is_some_and(|e| e == "term" || e == "idx") {
            continue;
        }
        let length = std::fs::metadata(&path).expect("metadata").len();
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .expect("opens for writing");
        file.set_len(length / 2).expect("truncated");
        file.seek(SeekFrom::Start(0)).expect("seek");
        file.write_all(&[0xA5; 64]).expect("overwritten");
        damaged += 1;
    }
    damaged
}

#[test]
fn a_damaged_index_under_a_running_console_never_takes_it_down() {
    let ws = Workspace::new();
    let mut console = Console::start(&ws, &[], &[]);
    let point_5 = "Stratégia IOM, bod 5";
    console.ask("boj proti nelegálnej migrácii", point_5);
    assert!(
        damage_index(&ws.path("index")) >= 2,
        "the index has terms and postings"
    );
    console.ask("nelegálna migrácia", point_5);
    console.ask("a čo obchodovanie s ľuďmi?", "Stratégia IOM, bod 11");
    let transcript = console.finish();
    assert!(!transcript.contains("panicked"), "{transcript}");

    // Damaged before a start: found by the checksums and rebuilt.
    assert!(damage_index(&ws.path("index")) >= 2);
    let output = ws.run(&["ask", "nelegálna migrácia"], b"");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains(point_5), "{}", stdout(&output));
    assert!(
        stderr(&output).contains("rebuilt the search index"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_index_directory_that_is_not_the_bots_is_refused_and_left_alone() {
    let ws = Workspace::new();
    let theirs = ws.path("theirs");
    std::fs::create_dir(&theirs).expect("a directory of someone else's");
    let files = [
        ("meta.json", "{\"mine\": true}"),
        ("0123456789abcdef0123456789abcdef.idx", "my data"),
        ("notes.txt", "my notes"),
    ];
    for (name, text) in files {
        std::fs::write(theirs.join(name), text).expect("write");
    }
    rewrite(&ws, "config.toml", |t| {
        t.replacen("index = \"index\"", "index = \"theirs\"", 1)
    });
    let output = ws.run(&["ask", "bod 7"], b"");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("holds files that are not missionbot's index"),
        "{}",
        stderr(&output)
    );
    assert!(!stderr(&output).contains("my data"), "{}", stderr(&output));
    for (name, text) in files {
        assert_eq!(
            std::fs::read_to_string(theirs.join(name)).expect("still there"),
            text
        );
    }
    let left: Vec<_> = std::fs::read_dir(&theirs).expect("reads").collect();
    assert_eq!(left.len(), files.len(), "nothing added either");
}
