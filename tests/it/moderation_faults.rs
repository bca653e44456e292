//! A moderator's edit when the disk fails (issue 7, item 4): a full disk, a knowledge directory
//! that cannot take a new file, an audit log that cannot be written. Each is refused with a
//! message for the moderator, the knowledge files stay byte for byte as they were, no audit line
//! is written, and the bot keeps answering from the old knowledge.
//!
//! No mount and no root needed: `write_atomic` writes `.<file>.tmp-<pid>` next to the file, so
//! the test puts something in that name's way (a symlink to /dev/full, a directory).

use std::io;

use crate::support::workspace::Workspace;
use missionbot::knowledge::SectionId;
use missionbot::knowledge::edit::Edit;
use missionbot::moderation::{ModerationError, reply};
use missionbot::{Command, Engine, Lang};

fn edit_point_7() -> Edit {
    Edit::EditPoint {
        section: SectionId::STRATEGY,
        number: 7,
        text: "Nový text siedmeho bodu.".to_string(),
        text_en: None,
    }
}

/// The temporary file `write_atomic` creates for `file` in this process.
fn temporary_for(ws: &Workspace, file: &str) -> std::path::PathBuf {
    ws.path("knowledge")
        .join(format!(".{file}.tmp-{}", std::process::id()))
}

fn point_7(engine: &Engine) -> String {
    engine
        .handle(&Command::parse("/strategy 7"), Lang::SK)
        .body
        .to_plain()
}

/// The refusal as the moderator reads it, in both languages.
fn refusal(error: &ModerationError) -> (String, String) {
    let text = |lang| {
        let reply = reply::refused(error, lang);
        format!("{}\n{}", reply.title, reply.body.to_plain())
    };
    (text(Lang::SK), text(Lang::EN))
}

/// /dev/full: every write fails with ENOSPC.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_refuses_the_edit_and_leaves_every_file_as_it_was() {
    let ws = Workspace::new();
    let editor = ws.editor();
    let before_text = point_7(editor.engine());
    let edit = edit_point_7();
    let preview = editor.preview(&edit).expect("preview");
    let before = ws.snapshot();

    // Every write to the temporary file fails with ENOSPC, as on a full disk.
    let tmp = temporary_for(&ws, &edit.file());
    std::os::unix::fs::symlink("/dev/full", &tmp).expect("symlink to /dev/full");
    let error = editor
        .apply(&preview, "test:moderator")
        .expect_err("a full disk refuses the edit");
    let ModerationError::Write(why) = &error else {
        panic!("a write error: {error:?}");
    };
    assert_eq!(why.raw_os_error(), Some(28), "ENOSPC: {why}");
    let (sk, en) = refusal(&error);
    assert!(
        sk.contains("Zmenu sa nepodarilo zapísať") && sk.contains("nič sa nezmenilo"),
        "{sk}"
    );
    assert!(
        en.contains("could not be written") && en.contains("No space left on device"),
        "{en}"
    );

    assert!(!tmp.exists(), "the temporary file is cleaned up");
    assert_eq!(ws.snapshot(), before, "byte-identical");
    assert!(!ws.path("knowledge/audit.jsonl").exists(), "no audit line");
    assert_eq!(
        point_7(editor.engine()),
        before_text,
        "still the old knowledge"
    );

    // Space again: the same preview applies.
    let entry = editor
        .apply(&preview, "test:moderator")
        .expect("applies once the disk has room");
    assert_eq!(entry.id, 1);
    assert_eq!(point_7(editor.engine()), "Nový text siedmeho bodu.");
}

#[cfg(unix)]
#[test]
fn a_knowledge_directory_that_takes_no_new_file_refuses_the_edit() {
    let ws = Workspace::new();
    let editor = ws.editor();
    let before_text = point_7(editor.engine());
    let edit = edit_point_7();
    let preview = editor.preview(&edit).expect("preview");

    // The temporary file cannot be created: its name is taken by a directory.
    let tmp = temporary_for(&ws, &edit.file());
    std::fs::create_dir(&tmp).expect("directory in the way");
    let before = ws.snapshot();
    let error = editor
        .apply(&preview, "test:moderator")
        .expect_err("refused");
    let ModerationError::Write(why) = &error else {
        panic!("a write error: {error:?}");
    };
    assert_eq!(why.kind(), io::ErrorKind::IsADirectory, "{why}");
    let (_, en) = refusal(&error);
    assert!(en.contains("nothing changed"), "{en}");
    assert_eq!(ws.snapshot(), before, "byte-identical");
    assert!(!ws.path("knowledge/audit.jsonl").exists(), "no audit line");
    assert_eq!(point_7(editor.engine()), before_text);
    std::fs::remove_dir(&tmp).expect("clean up");
}

/// A read-only directory stops everyone but root (who ignores permissions); as root this test
/// checks only that the probe says so, and the two tests above cover the refusal.
#[cfg(unix)]
#[test]
fn a_read_only_knowledge_directory_refuses_the_edit() {
    use std::os::unix::fs::PermissionsExt;
    let ws = Workspace::new();
    let editor = ws.editor();
    let preview = editor.preview(&edit_point_7()).expect("preview");
    let knowledge = ws.path("knowledge");
    let before = ws.snapshot();
    std::fs::set_permissions(&knowledge, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let probe = knowledge.join(".probe");
    let permissions_bind = std::fs::File::create(&probe).is_err();
    let _ = std::fs::remove_file(&probe);
    if permissions_bind {
        let error = editor
            .apply(&preview, "test:moderator")
            .expect_err("refused");
        assert!(matches!(error, ModerationError::Write(_)), "{error:?}");
        assert_eq!(ws.snapshot(), before, "byte-identical");
    } else {
        eprintln!("running as root: a read-only mode does not stop writes; skipped");
    }
    std::fs::set_permissions(&knowledge, std::fs::Permissions::from_mode(0o755))
        .expect("chmod back");
}

#[test]
fn an_audit_log_that_cannot_be_written_undoes_the_change() {
    let ws = Workspace::new();
    let editor = ws.editor();
    let before_text = point_7(editor.engine());
    let preview = editor.preview(&edit_point_7()).expect("preview");
    // The knowledge file is written, then recording fails: the change must be undone.
    std::fs::create_dir(ws.path("knowledge/audit.jsonl")).expect("audit log in the way");
    let before = ws.snapshot();
    let error = editor
        .apply(&preview, "test:moderator")
        .expect_err("an unrecorded change is not made");
    assert!(matches!(error, ModerationError::Store(_)), "{error:?}");
    let (sk, en) = refusal(&error);
    assert!(sk.contains("nič sa nezmenilo"), "{sk}");
    assert!(en.contains("nothing changed"), "{en}");
    assert_eq!(ws.snapshot(), before, "byte-identical");
    assert_eq!(point_7(editor.engine()), before_text);
}
