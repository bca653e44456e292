//! Knowledge edited on disk while a console runs: the next answer shows it without a restart;
//! the edit is in the audit log (who: disk) so `/history` lists it and `/revert` undoes it; an
//! invalid edit keeps the old knowledge and logs each problem at file:line:column; and a
//! moderator's next change does not carry a hand edit outside its own diff.

use crate::support::console::{Console, Stream};
use crate::support::workspace::Workspace;
use missionbot::knowledge::SectionId;
use missionbot::knowledge::edit::Edit;
use missionbot::moderation::ModerationError;

const POINT_12: &str = "Podporovať úsilie štátov v oblasti pracovnej migrácie";
const REWORDED: &str = "Pomáhať štátom pri pracovnej migrácii, najmä krátkodobej a cirkulárnej.";

/// The shipped strategy with point 12 reworded, as someone replacing the file would write it.
fn strategy_with_point_12_reworded(ws: &Workspace) -> String {
    let text = ws.knowledge_text("strategy.toml");
    let start = text.find(POINT_12).expect("point 12");
    let end = start + text[start..].find('"').expect("end of the text");
    format!("{}{REWORDED}{}", &text[..start], &text[end..])
}

#[test]
fn a_strategy_file_replaced_on_disk_is_answered_from_at_once() {
    let ws = Workspace::new();
    let mut console = Console::start(&ws, &[], &[]);
    console.ask("/strategy 12", POINT_12);

    // Replaced whole (written beside it and renamed over it, as git and most editors do).
    let replaced = strategy_with_point_12_reworded(&ws);
    let staged = ws.path("knowledge/strategy.toml.new");
    std::fs::write(&staged, &replaced).expect("write");
    std::fs::rename(&staged, ws.path("knowledge/strategy.toml")).expect("rename");
    let took = console.ask_until("/strategy 12", REWORDED, POINT_12);
    eprintln!(
        "the replaced file was answered from {} ms after the rename",
        took.as_millis()
    );

    let entries = ws.audit_entries();
    assert_eq!(entries.len(), 1, "{entries:#?}");
    let entry = &entries[0];
    assert_eq!(
        (entry.who.as_str(), entry.what.as_str()),
        ("disk", "edit on disk: strategy.toml")
    );
    assert_eq!(entry.passages, ["strategy-12"]);
    assert!(
        entry
            .diff
            .iter()
            .any(|l| l.starts_with("- Stratégia IOM, bod 12: ") && l.contains(POINT_12))
            && entry
                .diff
                .contains(&format!("+ Stratégia IOM, bod 12: {REWORDED}")),
        "{:?}",
        entry.diff
    );
    console.finish();
    ws.assert_check_passes();
}

#[test]
fn an_edit_on_disk_is_listed_and_reverted_like_any_change() {
    let ws = Workspace::new();
    let mut bot = Console::start(&ws, &[], &[]);
    bot.ask("/strategy 12", POINT_12);
    ws.edit_knowledge("strategy.toml", &strategy_with_point_12_reworded(&ws));
    // Taken in, so recorded: the engine takes an edit made on disk once it is in the audit log.
    bot.ask_until("/strategy 12", REWORDED, POINT_12);

    // A moderator in another process sees it in the history and reverts it.
    let mut moderator = Console::start(&ws, &["--moderator"], &[]);
    moderator.send("/history 12");
    moderator.wait_printed("disk · úprava súboru strategy.toml na disku");
    moderator.send("/revert 1");
    moderator.wait_printed("Zmena #2 uložená");
    moderator.finish();

    // The first process takes the revert in as well.
    bot.ask_until("/strategy 12", POINT_12, REWORDED);
    bot.finish();
    let entries = ws.audit_entries();
    assert_eq!(
        entries.len(),
        2,
        "the revert is recorded once, not again as a disk edit"
    );
    assert_eq!(entries[1].reverts, Some(1));
    ws.assert_disk_matches_audit();
}

#[test]
fn an_invalid_edit_keeps_the_old_knowledge_and_says_where_it_is_wrong() {
    let ws = Workspace::new();
    let mut console = Console::start(&ws, &[], &[]);
    console.ask("/strategy 12", POINT_12);
    let valid = ws.knowledge_text("strategy.toml");
    // Point 12's number repeated: line 65 ("number = 12") becomes "number = 11".
    let line = valid[..valid.find("number = 12").expect("point 12")]
        .lines()
        .count()
        + 1;
    let broken = valid.replacen("number = 12", "number = 11", 1);
    ws.edit_knowledge("strategy.toml", &broken);
    // The logged problem is what this checks, and nothing else shows the edit was seen.
    let (problem, _) = console.wait_for(Stream::Stderr, |l| {
        l.contains("the knowledge on disk is invalid") && l.contains("appears twice")
    });
    assert!(
        problem.contains(&format!(
            "strategy.toml:{line}:10: point number 11 appears twice"
        )),
        "{problem}"
    );
    console.send("/strategy 12");
    console.wait_printed(POINT_12);
    assert!(
        ws.audit_entries().is_empty(),
        "an invalid edit is not recorded"
    );

    // Fixed: recorded from the last valid state, as one edit.
    ws.edit_knowledge(
        "strategy.toml",
        &strategy_with_point_12_reworded(&ws).replacen(
            "number = 11\ntext = \"Pomáhať",
            "number = 12\ntext = \"Pomáhať",
            1,
        ),
    );
    console.ask_until("/strategy 12", REWORDED, POINT_12);
    console.finish();
    let entries = ws.audit_entries();
    assert_eq!(entries.len(), 1, "{entries:#?}");
    let change = entries[0]
        .file("strategy.toml")
        .expect("the strategy changed");
    let fixed = ws.knowledge_text("strategy.toml");
    assert_eq!(change.undo(&fixed).as_deref(), Some(valid.as_str()));
    ws.assert_check_passes();
}

#[test]
fn a_moderators_change_never_carries_a_hand_edit_outside_its_diff() {
    let ws = Workspace::new();
    let editor = ws.editor();
    let preview = editor
        .preview(&Edit::EditPoint {
            section: SectionId::STRATEGY,
            number: 7,
            text: "Nový text siedmeho bodu.".into(),
            text_en: None,
        })
        .expect("preview");
    // Point 12 edited by hand after the preview, before the confirmation, with no watcher
    // running to notice it first.
    ws.edit_knowledge("strategy.toml", &strategy_with_point_12_reworded(&ws));
    let refused = editor.apply(&preview, "test:moderator").expect_err("stale");
    assert!(matches!(refused, ModerationError::Stale), "{refused}");
    // The hand edit got its own entry; the moderator's change, previewed again, only its own.
    let entries = ws.audit_entries();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].who, "disk");
    let preview = editor
        .preview(&Edit::EditPoint {
            section: SectionId::STRATEGY,
            number: 7,
            text: "Nový text siedmeho bodu.".into(),
            text_en: None,
        })
        .expect("preview again");
    let saved = editor.apply(&preview, "test:moderator").expect("applies");
    assert_eq!(saved.id, 2);
    assert!(
        saved.diff.iter().all(|l| l.contains("bod 7:")),
        "only point 7: {:?}",
        saved.diff
    );
    ws.assert_disk_matches_audit();
}

#[test]
fn an_invalid_edit_is_reported_once_per_content_however_often_it_is_found() {
    let ws = Workspace::new();
    let editor = ws.editor();
    let valid = ws.knowledge_text("strategy.toml");
    let (logs, _guard) = crate::support::logs::capture_logs("warn");
    let problems = || {
        logs.text()
            .matches("the knowledge on disk is invalid")
            .count()
    };
    ws.edit_knowledge(
        "strategy.toml",
        &valid.replacen("number = 12", "number = 11", 1),
    );
    // Found again by every transaction (each change, each watch event) until fixed.
    for _ in 0..3 {
        editor.sync().expect("reconciled");
    }
    assert_eq!(problems(), 1, "{}", logs.text());
    // Another invalid content is news: reported once as well.
    ws.edit_knowledge(
        "strategy.toml",
        &valid.replacen("number = 12", "number = 10", 1),
    );
    for _ in 0..2 {
        editor.sync().expect("reconciled");
    }
    assert_eq!(problems(), 2, "{}", logs.text());
    // Fixed, then broken the first way again: reported again.
    ws.edit_knowledge("strategy.toml", &valid);
    editor.sync().expect("reconciled");
    ws.edit_knowledge(
        "strategy.toml",
        &valid.replacen("number = 12", "number = 11", 1),
    );
    editor.sync().expect("reconciled");
    assert_eq!(problems(), 3, "{}", logs.text());
}
