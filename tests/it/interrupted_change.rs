//! A process killed (SIGKILL) in the one moment a crash could leave the audit log ahead of the
//! files: after a change's audit entry is written and fsynced, before its file is put in place.
//! The next start loses nothing that was acknowledged and leaves no change without an entry: the
//! interrupted change, never acknowledged, is recorded as not made, and reverting that record
//! makes it after all.

use crate::support::console::{Console, Stream};
use crate::support::workspace::{Workspace, stdout};
use missionbot::moderation::{PAUSE_VAR, PAUSED};

const POINT_7: &str = "Nový text siedmeho bodu, ktorý sa nestihol zapísať.";

#[test]
fn a_kill_between_the_audit_entry_and_the_file_loses_nothing() {
    let ws = Workspace::new();
    // One acknowledged change first: it must survive whatever follows.
    let first = stdout(&ws.run(
        &["console", "--moderator"],
        "/edit 6 Potvrdený text šiesteho bodu.\na\n".as_bytes(),
    ));
    assert!(first.contains("Zmena #1 uložená"), "{first}");
    let strategy_before = ws.knowledge_text("strategy.toml");

    let mut console = Console::start(&ws, &["--moderator"], &[(PAUSE_VAR, "after-audit")]);
    console.send(&format!("/edit 7 {POINT_7}"));
    console.send("a");
    console.wait_for(Stream::Stderr, |l| l.contains(PAUSED));
    // The moment of the kill: the entry is in the log, the file not yet replaced, the new text
    // staged beside it; the moderator has not been told anything was saved.
    let pid = console.pid();
    assert!(
        !console.transcript().contains("Zmena #2 uložená"),
        "not acknowledged"
    );
    console.kill();
    let entries = ws.audit_entries();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[1].what, "edit-point 7");
    assert_eq!(ws.knowledge_text("strategy.toml"), strategy_before);
    let staged = ws.path(&format!("knowledge/.strategy.toml.tmp-{pid}"));
    assert!(staged.exists(), "the staged file is left behind");

    // The next start reconciles before anything else.
    let next = stdout(&ws.run(
        &["console", "--moderator"],
        b"/history\n/strategy 7\n/strategy 6\n",
    ));
    assert!(
        next.contains("missionbot · not made: change 2 was interrupted"),
        "{next}"
    );
    let (_, point_7) = next
        .split_once("Stratégia IOM, bod 7\n")
        .expect("/strategy 7 answered");
    let point_7 = point_7.split("Zdroj:").next().unwrap_or_default();
    assert!(
        point_7.contains("Podporovať regionálny a globálny dialóg") && !point_7.contains(POINT_7),
        "the interrupted change is not live: {next}"
    );
    assert!(next.contains("Potvrdený text šiesteho bodu."), "{next}");
    assert!(!staged.exists(), "the staged file is cleaned up");
    let entries = ws.audit_entries();
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[2].reverts, Some(2));
    assert_eq!(entries[2].who, "missionbot");
    ws.assert_disk_matches_audit();
    ws.assert_check_passes();

    // Another start finds nothing more to record; reverting the record makes the change.
    let again = stdout(&ws.run(&["console", "--moderator"], b"/revert 3\n/strategy 7\n"));
    assert!(again.contains("Zmena #4 uložená"), "{again}");
    assert!(again.contains(POINT_7), "{again}");
    assert_eq!(ws.audit_entries().len(), 4);
    ws.assert_disk_matches_audit();
}
