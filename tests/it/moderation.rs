//! Moderators' live edits: through the console, refused for non-moderators,
//! serialized, audited, revertable, safe under concurrent questions and
//! against a process killed at any moment.

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::support::workspace::{Workspace, stdout};
use missionbot::knowledge::SectionId;
use missionbot::knowledge::edit::Edit;
use missionbot::moderation::ModerationError;
use missionbot::{Command, Lang, knowledge};

#[test]
fn a_moderator_adds_edits_moves_removes_and_reverts_from_the_console() {
    let ws = Workspace::new();
    let session = ws.run(
        &["console", "--moderator"],
        "/add Chrániť migrantov pred pašerákmi na mori.\na\n/strategy 13\nochrana pred pašerákmi na mori\n".as_bytes(),
    );
    let out = stdout(&session);
    assert!(
        out.contains("+ Stratégia IOM, bod 13: Chrániť migrantov pred pašerákmi na mori."),
        "{out}"
    );
    assert!(out.contains("Zmena #1 uložená"), "{out}");
    assert!(out.contains("Stratégia IOM, bod 13\n"), "{out}");
    assert!(
        out.contains("pred **pašerákmi** na **mori**"),
        "the next question finds it: {out}"
    );
    ws.assert_check_passes();
    assert_eq!(ws.audit_lines(), 1);

    let steps: &[(&str, &str)] = &[
        (
            "/edit 13 Chrániť migrantov na mori.\na\n",
            "Zmena #2 uložená",
        ),
        (
            "/move 13 1\na\n",
            "~ Stratégia IOM, bod 13: → Stratégia IOM, bod 1:",
        ),
        (
            "/remove 2\na\n",
            "- Stratégia IOM, bod 2: Poskytovať bezpečné",
        ),
        ("/revert 4\n", "Zmena #5 uložená"),
        ("/edit-mission Nové poslanie.\nn\n", "Zmena zrušená"),
    ];
    for (i, (input, expected)) in steps.iter().enumerate() {
        let out = stdout(&ws.run(&["console", "--moderator"], input.as_bytes()));
        assert!(out.contains(expected), "step {i}: {out}");
        ws.assert_check_passes();
        assert_eq!(
            ws.audit_lines(),
            (i + 2).min(5),
            "one audit line per change"
        );
    }
    let k = knowledge::load(&ws.path("knowledge")).expect("loads");
    assert_eq!(k.points().len(), 13);
    assert_eq!(
        k.point(1).map(|p| p.text.as_str()),
        Some("Chrániť migrantov na mori.")
    );
    assert!(
        k.point(2)
            .is_some_and(|p| p.text.starts_with("Poskytovať bezpečné")),
        "revert restored point 2"
    );

    let history = stdout(&ws.run(&["console", "--moderator"], b"/history\n/history 2\n"));
    assert!(
        history.contains("#5") && history.contains("vrátenie zmeny #4"),
        "{history}"
    );
    let conflict = stdout(&ws.run(&["console", "--moderator"], b"/revert 2\n"));
    assert!(
        conflict.contains("Zmenu #2 nemožno vrátiť samostatne"),
        "{conflict}"
    );
}

#[test]
fn without_moderator_rights_nothing_changes() {
    let ws = Workspace::new();
    let before = std::fs::read(ws.path("knowledge/strategy.toml")).expect("read");
    let out = stdout(&ws.run(
        &["console"],
        "/add Nový bod.\na\n/remove 1\n/revert 1\n".as_bytes(),
    ));
    assert_eq!(
        out.matches("missionbot console --moderator").count(),
        3,
        "{out}"
    );
    assert_eq!(
        std::fs::read(ws.path("knowledge/strategy.toml")).expect("read"),
        before
    );
    assert_eq!(ws.audit_lines(), 0);
}

#[test]
fn a_change_based_on_a_stale_preview_is_refused() {
    let ws = Workspace::new();
    let editor = ws.editor();
    let edit = |text: &str| Edit::EditPoint {
        section: SectionId::STRATEGY,
        number: 7,
        text: text.to_string(),
        text_en: None,
    };
    let first = editor.preview(&edit("Prvá verzia.")).expect("preview");
    let second = editor.preview(&edit("Druhá verzia.")).expect("preview");
    editor.apply(&first, "test:a").expect("first applies");
    let refused = editor
        .apply(&second, "test:b")
        .expect_err("second is stale");
    assert!(matches!(refused, ModerationError::Stale), "{refused}");
    let reply = editor
        .engine()
        .handle(&Command::parse("/strategy 7"), Lang::SK);
    assert_eq!(reply.body.to_plain(), "Prvá verzia.");
    assert_eq!(ws.audit_lines(), 1);
}

#[test]
fn questions_during_edits_never_fail() {
    let ws = Workspace::new();
    let editor = ws.editor();
    let engine = editor.engine().clone();
    let done = Arc::new(AtomicBool::new(false));
    let answered = Arc::new(AtomicUsize::new(0));
    let askers: Vec<_> = (0..3)
        .map(|i| {
            let (engine, done, answered) = (engine.clone(), done.clone(), answered.clone());
            std::thread::spawn(move || {
                let questions = [
                    "nelegálna migrácia",
                    "obchodovanie s ľuďmi",
                    "/strategy 7",
                    "pokusný bod",
                ];
                let mut errors = 0;
                while !done.load(Ordering::Relaxed) {
                    let q = questions[(answered.load(Ordering::Relaxed) + i) % questions.len()];
                    if engine.search(q, 3).is_err() {
                        errors += 1;
                    }
                    let _ = engine.handle(&Command::parse(q), Lang::SK);
                    answered.fetch_add(1, Ordering::Relaxed);
                }
                errors
            })
        })
        .collect();
    for n in 0..15 {
        let edit = Edit::AddPoint {
            section: SectionId::STRATEGY,
            at: Some(1 + n % 5),
            text: format!("Pokusný bod číslo {n}."),
            text_en: None,
        };
        let preview = editor.preview(&edit).expect("preview");
        editor.apply(&preview, "test").expect("apply");
    }
    done.store(true, Ordering::Relaxed);
    let errors: usize = askers
        .into_iter()
        .map(|t| t.join().expect("asker thread"))
        .sum();
    assert_eq!(errors, 0);
    assert!(
        answered.load(Ordering::Relaxed) > 15,
        "questions ran during the edits"
    );
    assert_eq!(engine.knowledge().points().len(), 27);
    let hits = engine.search("pokusný", 30).expect("search");
    assert_eq!(hits.len(), 15, "every added point is searchable");
}

/// Letters-only code for a number, so each marker is one searchable word.
fn marker(n: usize) -> String {
    let mut code = String::from("pokus");
    let mut n = n;
    for _ in 0..3 {
        code.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
    }
    code
}

#[test]
fn killing_the_process_mid_edit_loses_nothing_acknowledged() {
    let ws = Workspace::new();
    let mut acknowledged: Vec<String> = Vec::new();
    let mut next = 0usize;
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let started = Instant::now();
    let kills = 50;
    for round in 0..kills {
        let mut child = ws
            .command(&["console", "--moderator"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("child starts");
        let mut input = child.stdin.take().expect("stdin");
        let mut script = String::new();
        let first = next;
        for k in first..first + 40 {
            script.push_str(&format!("/add Skúšobný bod {}.\na\n", marker(k)));
        }
        next += 40;
        // The writer may hit a closed pipe once the child is killed: that is fine.
        let writer = std::thread::spawn(move || {
            let _ = input.write_all(script.as_bytes());
        });
        let reader = BufReader::new(child.stdout.take().expect("stdout"));
        let (tx, rx) = std::sync::mpsc::channel();
        let reading = std::thread::spawn(move || {
            for line in reader.lines().map_while(Result::ok) {
                if line.starts_with("Nový bod na koniec stratégie") {
                    let _ = tx.send(());
                }
            }
        });
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // Kill after 0-2 confirmed edits plus 0-400 ms: wherever the next
        // edit happens to be (writing the file, the audit line, the index),
        // whatever the machine's speed.
        let mut confirmed = 0;
        for _ in 0..seed % 3 {
            if rx.recv_timeout(Duration::from_secs(30)).is_ok() {
                confirmed += 1;
            }
        }
        std::thread::sleep(Duration::from_millis((seed >> 8) % 400));
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        let _ = writer.join();
        let _ = reading.join();
        // Every "saved" confirmation came after the change was durable.
        let acks = confirmed + rx.try_iter().count();
        acknowledged.extend((first..first + acks).map(marker));

        let k = knowledge::load(&ws.path("knowledge"))
            .unwrap_or_else(|e| panic!("round {round}: knowledge broken after a kill:\n{e}"));
        let texts: Vec<&str> = k.points().iter().map(|p| p.text.as_str()).collect();
        for word in &acknowledged {
            let text = format!("Skúšobný bod {word}.");
            assert!(
                texts.contains(&text.as_str()),
                "round {round}: acknowledged {word} lost"
            );
        }
    }
    assert!(
        acknowledged.len() >= kills / 2 && !acknowledged.is_empty(),
        "edits were acknowledged between kills ({})",
        acknowledged.len()
    );
    // The index rebuilds (or is reused) to match the knowledge on disk.
    let editor = ws.editor();
    let on_disk = knowledge::load(&ws.path("knowledge")).expect("loads");
    assert_eq!(
        editor.engine().knowledge().points().len(),
        on_disk.points().len()
    );
    let last = acknowledged.last().expect("some edits");
    let hits = editor.engine().search(last, 3).expect("search");
    assert!(
        hits.first()
            .is_some_and(|h| h.id.to_string().starts_with("strategy-")),
        "{last} is searchable"
    );
    println!(
        "{kills} kills, {} acknowledged edits, {} points, {:?}",
        acknowledged.len(),
        on_disk.points().len(),
        started.elapsed()
    );
}

#[test]
fn a_synonym_added_by_a_moderator_takes_effect_at_once() {
    let ws = Workspace::new();
    let session = ws.run(
        &["console", "--moderator"],
        "pašovanie\n/synonym pašovanie, pašerák = prevádzačstvo\na\npašovania\n/synonym dve slová = x\n"
            .as_bytes(),
    );
    let out = stdout(&session);
    let (before, after) = out
        .split_once("Zmena #1 uložená")
        .expect("the synonym is saved");
    assert!(before.contains("Nenašiel som nič relevantné"), "{before}");
    assert!(
        before.contains("+ synonym: pašovanie, pašerák → prevádzačstvo"),
        "{before}"
    );
    assert!(
        after.contains("Stratégia IOM, bod 11"),
        "the next question uses it: {after}"
    );
    assert!(
        after.contains("Synonymum potrebuje jedno alebo viac jednoslovných"),
        "{after}"
    );
    ws.assert_check_passes();
    assert_eq!(ws.audit_lines(), 1);
}

#[test]
fn a_change_of_the_english_text_alone_is_previewed_and_saved() {
    let ws = Workspace::new();
    let editor = ws.editor();
    // As Discord's form sends it: the original unchanged, a new translation.
    let original = editor
        .engine()
        .knowledge()
        .point(7)
        .map(|p| p.text.clone())
        .expect("point 7");
    let preview = editor
        .preview(&Edit::EditPoint {
            section: SectionId::STRATEGY,
            number: 7,
            text: original,
            text_en: Some("Support regional and global dialogue on migration.".into()),
        })
        .expect("preview");
    let shown = preview.diff.to_string();
    assert!(
        shown.contains("- Stratégia IOM, bod 7 (EN): Promote regional and global dialogue")
            && shown.contains(
                "+ Stratégia IOM, bod 7 (EN): Support regional and global dialogue on migration.\n"
            ),
        "{shown}"
    );
    let saved = editor.apply(&preview, "test:moderator").expect("applies");
    assert_eq!(saved.passages, ["strategy-7"]);

    // The console sets a translation alone with /edit-en.
    let out = stdout(&ws.run(
        &["console", "--moderator", "--lang", "en"],
        "/edit-en 7 Promote dialogue on migration.\na\n/strategy 7\n".as_bytes(),
    ));
    assert!(
        out.contains("+ Stratégia IOM, bod 7 (EN): Promote dialogue on migration."),
        "{out}"
    );
    assert!(out.contains("Change #2 saved"), "{out}");
    assert!(out.contains("Promote dialogue on migration."), "{out}");
    ws.assert_check_passes();
}

/// A knowledge base of `points` strategy points, in the workspace's knowledge.
fn large_strategy(ws: &Workspace, points: usize) {
    let mut text = String::from("title = \"Stratégia IOM\"\ntitle_en = \"IOM Strategy\"\n");
    for n in 1..=points {
        text.push_str(&format!(
            "\n[[point]]\nnumber = {n}\ntext = \"Bod číslo {n}: podporovať spoluprácu partnerov v oblasti {n}.\"\n"
        ));
    }
    std::fs::write(ws.path("knowledge/strategy.toml"), text).expect("write");
}

#[test]
fn the_audit_log_grows_by_what_a_change_changes_not_by_whole_files() {
    let ws = Workspace::new();
    large_strategy(&ws, 10_000);
    let editor = ws.editor();
    let log = ws.path("knowledge/audit.jsonl");
    let size = || std::fs::metadata(&log).map_or(0, |m| m.len());
    let edits = [
        Edit::EditPoint {
            section: SectionId::STRATEGY,
            number: 5_000,
            text: "Nový text bodu päťtisíc.".into(),
            text_en: None,
        },
        Edit::AddQuestion {
            passage: missionbot::knowledge::PassageId::Strategy(9_999),
            question: "Čo hovorí predposledný bod?".into(),
        },
        Edit::RemovePoint {
            section: SectionId::STRATEGY,
            number: 10_000,
        },
    ];
    let before = ws.knowledge_text("strategy.toml");
    for edit in edits {
        let grown = size();
        let preview = editor.preview(&edit).expect("preview");
        editor.apply(&preview, "console:test").expect("applied");
        let added = size() - grown;
        assert!(
            added < 10_000,
            "{edit:?} added {added} bytes to the audit log"
        );
    }
    // The patches restore exactly: the three reverted, newest first.
    for id in [3, 2, 1] {
        editor.revert(id, "console:test").expect("reverted");
    }
    assert_eq!(ws.knowledge_text("strategy.toml"), before);
    ws.assert_disk_matches_audit();
}
