//! The learning store as an operator meets it from the command line: a path that cannot
//! hold a store is refused by `check` (and at start) without a file made beside it, a file of
//! another program is named with what to do and no SQL, and `gaps --purge` keeps a copy of
//! what it deletes and says where. Each test on its own scratch workspace.

use std::path::Path;

use crate::support::workspace::{Workspace, stderr, stdout};
use serde_json::{Value, json};

/// A question the shipped knowledge has no answer for.
const UNANSWERED: &str = "Ako si obnovím cestovný pas na ambasáde?";

/// Sets `learning.db` in the workspace's config (as shipped otherwise).
fn store_at(ws: &Workspace, shipped: &str, db: &str) {
    let from = "db = \"learning.sqlite\"";
    assert!(shipped.contains(from), "the shipped config has {from:?}");
    let config = shipped.replace(from, &format!("db = {db:?}"));
    std::fs::write(ws.path("config.toml"), config).expect("write");
}

#[test]
fn a_device_or_a_directory_is_refused_by_check_and_at_start() {
    let ws = Workspace::new();
    std::fs::create_dir(ws.path("store")).expect("a directory");
    let shipped = std::fs::read_to_string(ws.path("config.toml")).expect("config");
    for db in ["/dev/null", "store"] {
        store_at(&ws, &shipped, db);
        for args in [&["check"][..], &["ask", UNANSWERED][..]] {
            let output = ws.run(args, b"");
            assert_eq!(output.status.code(), Some(1), "{db}: {args:?}");
            assert!(
                stderr(&output).contains("is not a regular file: name a file"),
                "{db}: {args:?}: {}",
                stderr(&output)
            );
        }
    }
    assert!(!Path::new("/dev/null-journal").exists());
    assert!(!ws.path("store-journal").exists());
}

#[test]
fn another_programs_database_is_named_with_what_to_do_and_no_sql() {
    let ws = Workspace::new();
    let conn = rusqlite::Connection::open(ws.path("learning.sqlite")).expect("a database");
    conn.execute_batch("CREATE TABLE questions (id INTEGER PRIMARY KEY, asked TEXT);")
        .expect("a table");
    conn.pragma_update(None, "user_version", 2)
        .expect("a version");
    drop(conn);
    let output = ws.run(&["gaps", "--json"], b"");
    assert_eq!(output.status.code(), Some(1));
    let said = stderr(&output);
    assert!(
        said.contains("is not a learning store of this missionbot")
            && said.contains("learning.sqlite")
            && said.contains("move the file away"),
        "{said}"
    );
    assert!(
        !said.contains("CREATE") && !said.contains("SELECT"),
        "{said}"
    );
}

#[test]
fn purge_keeps_a_copy_of_what_it_deletes_and_says_where() {
    let ws = Workspace::new();
    for question in [UNANSWERED, "recept na bryndzové halušky"] {
        assert!(ws.run(&["ask", question], b"").status.success());
    }
    let purged = ws.run(&["gaps", "--purge", "--yes"], b"");
    assert!(purged.status.success(), "{}", stderr(&purged));
    let said = stdout(&purged);
    let (before, copy) = said
        .trim_end()
        .split_once("; a copy of them is in ")
        .unwrap_or_else(|| panic!("names the copy: {said}"));
    assert!(before.ends_with("2 recorded questions deleted"), "{said}");
    let copy = copy
        .strip_suffix(" (delete it once it is not needed)")
        .unwrap_or_else(|| panic!("says what to do with it: {said}"));
    let copy = Path::new(copy);
    assert_eq!(
        copy.parent(),
        Some(ws.path("").as_path()),
        "beside the store"
    );
    let kept = rusqlite::Connection::open(copy).expect("the copy opens");
    let questions: i64 = kept
        .query_row("SELECT count(*) FROM questions", [], |r| r.get(0))
        .expect("counts");
    assert_eq!(questions, 2);
    let listed: Value =
        serde_json::from_str(stdout(&ws.run(&["gaps", "--json"], b"")).trim()).expect("JSON");
    assert_eq!(listed, json!({"gaps": []}));
    // Nothing left to copy: nothing named.
    let again = ws.run(&["gaps", "--purge", "--yes"], b"");
    assert_eq!(
        stdout(&again).trim_end(),
        format!(
            "purged {}: 0 recorded questions deleted",
            ws.path("learning.sqlite").display()
        )
    );
    let usage = ws.run(&["gaps", "--yes"], b"");
    assert_eq!(usage.status.code(), Some(2), "--yes only with --purge");
}
