//! Several processes on one knowledge directory: three moderators' consoles started at once,
//! each adding points with confirmation, lose no acknowledged change, refuse what they cannot
//! make with a message, and leave valid knowledge whose audit log matches the disk; an edit
//! made on disk while two processes watch is recorded exactly once.

use std::collections::BTreeSet;
use std::process::Stdio;

use crate::support::console::Console;
use crate::support::workspace::{Workspace, stderr, stdout};
use missionbot::knowledge;

const PROCESSES: usize = 3;
const POINTS_EACH: usize = 15;

/// The text process `p` adds as its `k`-th point.
fn point_text(p: usize, k: usize) -> String {
    format!("Súbežný bod procesu {p}, pokus {k}.")
}

#[test]
fn three_moderators_at_once_lose_no_acknowledged_change() {
    let ws = Workspace::new();
    // All three start before any has read the knowledge or built the index.
    let children: Vec<_> = (0..PROCESSES)
        .map(|p| {
            let mut script = String::new();
            for k in 0..POINTS_EACH {
                script.push_str(&format!("/add {}\na\n", point_text(p, k)));
            }
            let mut child = ws
                .command(&["console", "--moderator"])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("console starts");
            let mut stdin = child.stdin.take().expect("stdin");
            std::thread::spawn(move || {
                use std::io::Write;
                stdin.write_all(script.as_bytes()).expect("script written");
            });
            child
        })
        .collect();
    let outputs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().expect("console ends"))
        .collect();

    let mut acknowledged = BTreeSet::new();
    let mut refused = 0;
    for (p, output) in outputs.iter().enumerate() {
        let out = stdout(output);
        assert!(
            output.status.success(),
            "process {p} failed:\n{}",
            stderr(output)
        );
        let acks: Vec<u64> = out
            .lines()
            .filter_map(|l| l.strip_prefix("Zmena #"))
            .filter_map(|l| l.strip_suffix(" uložená"))
            .map(|n| n.parse().expect("a change number"))
            .collect();
        // Every attempt is either acknowledged or refused with a reason.
        let refusals = out.matches("Zmenu nemožno urobiť").count();
        let reasons = out.matches("Znalosti sa medzitým zmenili").count()
            + out.matches("Znalosti práve mení iný proces").count();
        assert_eq!(
            refusals, reasons,
            "process {p}: every refusal says why:\n{out}"
        );
        assert_eq!(acks.len() + refusals, POINTS_EACH, "process {p}:\n{out}");
        eprintln!(
            "process {p}: {} acknowledged, {refusals} refused",
            acks.len()
        );
        acknowledged.extend(acks);
        refused += refusals;
    }

    // Acknowledged = in the audit log = on disk, one for one.
    let entries = ws.audit_entries();
    let audited: BTreeSet<u64> = entries.iter().map(|e| e.id).collect();
    assert_eq!(
        acknowledged, audited,
        "acknowledged changes are the audited ones"
    );
    ws.assert_disk_matches_audit();
    let on_disk = knowledge::load(&ws.path("knowledge")).expect("valid knowledge");
    assert_eq!(on_disk.points().len(), 12 + acknowledged.len());
    let texts: Vec<&str> = on_disk.points().iter().map(|p| p.text.as_str()).collect();
    for entry in &entries {
        let added = entry
            .diff
            .iter()
            .find_map(|l| l.split_once(": ").filter(|_| l.starts_with('+')))
            .map(|(_, text)| text)
            .expect("an added point");
        assert!(texts.contains(&added), "#{} is on disk: {added}", entry.id);
    }
    assert!(
        !acknowledged.is_empty(),
        "some changes were made: {refused} refused"
    );
    ws.assert_check_passes();
    eprintln!(
        "{PROCESSES} processes × {POINTS_EACH}: {} acknowledged and audited and on disk, {refused} refused",
        acknowledged.len()
    );
}

#[test]
fn an_edit_on_disk_watched_by_two_processes_is_recorded_once() {
    let ws = Workspace::new();
    let mut consoles: Vec<Console> = (0..2)
        .map(|_| Console::start(&ws, &["--moderator"], &[]))
        .collect();
    for console in &mut consoles {
        console.ask("/strategy 5", "pri riešení otázok nelegálnej migrácie");
    }
    let before = ws.knowledge_text("strategy.toml");
    let edited = before.replacen(
        "pri riešení otázok nelegálnej migrácie",
        "pri ručne upravenom riešení otázok nelegálnej migrácie",
        1,
    );
    assert_ne!(before, edited, "the edit changes a point");
    ws.edit_knowledge("strategy.toml", &edited);
    // Both took the edit in, so whichever recorded it, neither will again.
    for console in &mut consoles {
        console.ask_until(
            "/strategy 5",
            "pri ručne upravenom riešení",
            "pri riešení otázok nelegálnej migrácie",
        );
    }
    let entries = ws.audit_entries();
    assert_eq!(entries.len(), 1, "recorded once: {entries:#?}");
    assert_eq!(entries[0].who, "disk");
    // The change recorded from the text before to the edited one.
    let change = entries[0]
        .file("strategy.toml")
        .expect("the strategy changed");
    assert_eq!(change.undo(&edited).as_deref(), Some(before.as_str()));
    for mut console in consoles {
        console.send("/history");
        console.wait_printed("úprava súboru strategy.toml na disku");
        console.finish();
    }
    assert_eq!(ws.audit_entries().len(), 1, "and not again on exit");
    ws.assert_disk_matches_audit();
}
