//! Running the bot on a server, end to end through the binary: `init`, `backup` while
//! members ask and a moderator edits then `restore` into an empty directory, `health`,
//! `invite`, the command line's `history`, `revert` and `teach` in the console's order, the
//! moderators' `/help`, and refusals in the asker's language.

use std::path::{Path, PathBuf};
use std::process::Output;

use missionbot::config::Config;
use missionbot::knowledge::{self, Knowledge};
use missionbot::moderation::Entry;
use missionbot::store::files::audit::AuditLog;
use missionbot::store::knowledge::digest;
use missionbot::store::sqlite;
use missionbot::{Lang, tr};

use crate::support::console::Console;
use crate::support::shipped::MISSIONBOT;
use crate::support::workspace::{Workspace, stderr, stdout};

/// `missionbot ARGS` run in `dir`, without a configuration of its own.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    std::process::Command::new(MISSIONBOT)
        .args(args)
        .current_dir(dir)
        .env("RUST_LOG", "warn")
        .output()
        .expect("missionbot runs")
}

/// What a data directory holds: its knowledge, its audit entries and its recorded questions.
struct Data {
    knowledge: Knowledge,
    entries: Vec<Entry>,
    questions: u64,
}

fn data(config: &Path) -> Data {
    let config = Config::load(config, true).expect("the configuration loads");
    let knowledge = knowledge::load(&config.knowledge_dir).expect("the knowledge loads");
    let entries: Vec<Entry> = AuditLog::new(&config.audit_log)
        .since(1)
        .expect("the audit log reads")
        .into_iter()
        .map(|logged| logged.entry)
        .collect();
    // Each knowledge file as the log last recorded it: no change half in the copy.
    let files: std::collections::BTreeSet<&str> = entries
        .iter()
        .flat_map(|e| e.files.iter().map(|f| f.file.as_str()))
        .collect();
    for file in files {
        if let Some(last) = entries.iter().rev().find_map(|e| e.file(file)) {
            let text = std::fs::read_to_string(config.knowledge_dir.join(file)).unwrap_or_default();
            assert_eq!(
                digest(&text),
                last.after,
                "{file} is as its last entry left it"
            );
        }
    }
    let questions =
        sqlite::count_questions(&config.learning.db, std::time::Duration::from_secs(10))
            .expect("the learning store reads");
    Data {
        knowledge,
        entries,
        questions,
    }
}

fn ids(entries: &[Entry]) -> Vec<(u64, String)> {
    entries.iter().map(|e| (e.id, e.what.clone())).collect()
}

fn check_passes(config: &Path) {
    let output = run_in(
        config.parent().expect("a directory"),
        &["--config", &config.display().to_string(), "check"],
    );
    assert!(output.status.success(), "check: {}", stderr(&output));
}

#[test]
fn a_backup_taken_while_members_ask_and_a_moderator_edits_restores_everything() {
    let ws = Workspace::with_all_knowledge();
    let config = ws.path("config.toml");
    let mut member = Console::start(&ws, &[], &[]);
    let mut moderator = Console::start(&ws, &["--moderator"], &[]);
    let questions = [
        "obchodovanie s ludmi",
        "recept na bryndzové halušky",
        "dobrovoľný návrat",
        "What is the best pizza in town?",
    ];
    for question in questions {
        member.send(question);
    }
    moderator.send("/edit 3 Nový text tretieho bodu.");
    moderator.wait_printed("Potvrdiť zmenu?");
    moderator.send("a");
    moderator.wait_printed("Zmena #1 uložená");

    // The backup runs while both go on.
    let archive = ws.path("during.tar.gz");
    let backup = ws
        .command(&["backup", &archive.display().to_string()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the backup starts");
    for question in questions {
        member.send(question);
    }
    moderator.send("/edit-aim 2 Spoľahlivé informácie pre každého.");
    moderator.send("a");
    moderator.send("/revert 1");
    moderator.send("a");
    let during = backup.wait_with_output().expect("the backup ends");
    assert!(during.status.success(), "backup: {}", stderr(&during));
    moderator.wait_printed("Zmena #3 uložená");
    moderator.finish();
    member.finish();

    // Restored into an empty directory: consistent, and what the manifest counted.
    let empty = tempfile::tempdir().expect("temp dir");
    let into = empty.path().join("data");
    let restored = run_in(
        empty.path(),
        &["restore", &archive.display().to_string(), "--into", "data"],
    );
    assert!(restored.status.success(), "restore: {}", stderr(&restored));
    let new_config = into.join("config.toml");
    check_passes(&new_config);
    let copy = data(&new_config);
    let now = data(&config);
    assert!(
        now.entries.starts_with(&copy.entries),
        "the copy's audit entries are the log's first ones: {:?} of {:?}",
        ids(&copy.entries),
        ids(&now.entries)
    );
    assert!(
        !copy.entries.is_empty(),
        "change 1 was made before the backup began"
    );
    assert!(copy.questions <= now.questions);

    // Once everything is written, a backup restores exactly what is there.
    let after = ws.path("after.tar.gz");
    let taken = ws.run(&["backup", &after.display().to_string()], b"");
    assert!(taken.status.success(), "backup: {}", stderr(&taken));
    let again = empty.path().join("again");
    let restored = run_in(
        empty.path(),
        &["restore", &after.display().to_string(), "--into", "again"],
    );
    assert!(restored.status.success(), "restore: {}", stderr(&restored));
    check_passes(&again.join("config.toml"));
    let copy = data(&again.join("config.toml"));
    assert_eq!(copy.knowledge, now.knowledge, "every passage");
    assert_eq!(ids(&copy.entries), ids(&now.entries), "every audit entry");
    assert_eq!(now.entries.len(), 3);
    assert_eq!(copy.questions, now.questions, "every recorded question");
    assert_eq!(now.questions, 2 * questions.len() as u64);
    let said = stdout(&restored);
    assert!(
        said.contains("3 audit entries, 8 recorded questions"),
        "{said}"
    );

    // Over data that is there, only with --force.
    let refused = run_in(
        empty.path(),
        &["restore", &after.display().to_string(), "--into", "again"],
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("--force"), "{}", stderr(&refused));
    let refused = ws.run(&["restore", &after.display().to_string()], b"");
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("--force"), "{}", stderr(&refused));
    let forced = ws.run(&["restore", &after.display().to_string(), "--force"], b"");
    assert!(forced.status.success(), "{}", stderr(&forced));
    ws.assert_check_passes();
}

#[test]
fn a_damaged_backup_is_refused_and_nothing_is_written() {
    let ws = Workspace::new();
    let archive = ws.path("backup.tar.gz");
    let taken = ws.run(&["backup", &archive.display().to_string()], b"");
    assert!(taken.status.success(), "{}", stderr(&taken));
    let again = ws.run(&["backup", &archive.display().to_string()], b"");
    assert_eq!(again.status.code(), Some(1), "an existing file is kept");
    let mut bytes = std::fs::read(&archive).expect("read");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&archive, bytes).expect("write");
    let empty = tempfile::tempdir().expect("temp dir");
    let refused = run_in(
        empty.path(),
        &["restore", &archive.display().to_string(), "--into", "data"],
    );
    assert_eq!(refused.status.code(), Some(1), "{}", stdout(&refused));
    assert!(
        !empty.path().join("data/knowledge").exists(),
        "nothing written"
    );
}

#[test]
fn init_makes_a_data_directory_apart_from_the_code() {
    let empty = tempfile::tempdir().expect("temp dir");
    let made = run_in(empty.path(), &["init", "data"]);
    assert!(made.status.success(), "{}", stderr(&made));
    let config = empty.path().join("data/config.toml");
    check_passes(&config);
    let loaded = Config::load(&config, true).expect("loads");
    let dir = empty.path().join("data");
    assert_eq!(loaded.knowledge_dir, dir.join("knowledge"));
    assert_eq!(loaded.audit_log, dir.join("audit.jsonl"));
    assert_eq!(loaded.learning.db, dir.join("learning.sqlite"));
    let asked = run_in(
        empty.path(),
        &["--config", "data/config.toml", "ask", "/strategy 7"],
    );
    assert!(
        stdout(&asked).starts_with("Stratégia IOM, bod 7"),
        "{}",
        stdout(&asked)
    );
    let again = run_in(empty.path(), &["init", "data"]);
    assert_eq!(
        again.status.code(),
        Some(1),
        "an existing directory is kept"
    );

    // From a document instead of the shipped knowledge.
    let document: PathBuf =
        crate::support::shipped::root().join("tests/data/orgs/en-open-shelf.txt");
    let imported = run_in(
        empty.path(),
        &["init", "other", "--import", &document.display().to_string()],
    );
    assert!(imported.status.success(), "{}", stderr(&imported));
    check_passes(&empty.path().join("other/config.toml"));
}

#[test]
fn health_reads_the_heartbeat_without_calling_discord() {
    let ws = Workspace::new();
    let down = ws.run(&["health"], b"");
    assert_eq!(down.status.code(), Some(1));
    assert!(stderr(&down).contains("not running"), "{}", stderr(&down));
    missionbot::health::beat(&ws.path("missionbot.heartbeat")).expect("a beat");
    let up = ws.run(&["health"], b"");
    assert!(up.status.success(), "{}", stderr(&up));
    std::fs::write(ws.path("missionbot.heartbeat"), "1 1000\n").expect("an old beat");
    let stale = ws.run(&["health"], b"");
    assert_eq!(stale.status.code(), Some(1), "{}", stdout(&stale));
}

#[test]
fn invite_grants_every_permission_the_features_need() {
    let empty = tempfile::tempdir().expect("temp dir");
    let output = run_in(empty.path(), &["invite", "--application-id", "123"]);
    if !cfg!(feature = "discord") {
        assert_eq!(output.status.code(), Some(1));
        return;
    }
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stdout(&output);
    let url = said.lines().next().unwrap_or_default();
    assert!(url.contains("client_id=123"), "{url}");
    assert!(url.contains("scope=bot+applications.commands"), "{url}");
    let bits: u64 = url
        .rsplit("permissions=")
        .next()
        .and_then(|b| b.parse().ok())
        .unwrap_or(0);
    for needed in [1024u64, 2048, 16384, 65536, 274_877_906_944] {
        assert_eq!(bits & needed, needed, "{needed} in {url}");
        assert!(said.contains(&needed.to_string()), "{needed} explained");
    }
}

#[test]
fn an_english_question_nothing_answers_is_refused_in_english() {
    let ws = Workspace::new();
    let output = ws.run(&["ask", "What is the best pizza in town?"], b"");
    assert!(output.status.success());
    assert!(
        stdout(&output).starts_with(&tr!(Lang::EN, "nothing-relevant-title")),
        "{}",
        stdout(&output)
    );
    let output = ws.run(&["ask", "recept na bryndzové halušky"], b"");
    assert!(
        stdout(&output).starts_with(&tr!(Lang::SK, "nothing-relevant-title")),
        "{}",
        stdout(&output)
    );
}

#[test]
fn the_command_line_teaches_lists_and_reverts_like_the_console() {
    let ws = Workspace::new();
    let question = "Ako si obnovím cestovný pas na ambasáde?";
    let taught = ws.run(&["teach", "strategy-1", question], b"");
    assert!(taught.status.success(), "{}", stderr(&taught));
    assert!(stdout(&taught).contains("Zmena #1 uložená"));
    let history = ws.run(&["history"], b"");
    assert!(stdout(&history).contains("#1"), "{}", stdout(&history));
    let reverted = ws.run(&["revert", "1"], b"");
    assert!(reverted.status.success(), "{}", stderr(&reverted));
    let said = stdout(&reverted);
    assert!(
        said.contains("vrátenie zmeny #1") && said.contains("Zmena #2 uložená"),
        "previewed, then made: {said}"
    );
    assert!(!ws.knowledge_text("strategy.toml").contains(question));
    let unknown = ws.run(&["revert", "9"], b"");
    assert_eq!(unknown.status.code(), Some(1));
    assert_eq!(ws.audit_lines(), 2);
    ws.assert_disk_matches_audit();
}

#[test]
fn help_lists_the_moderator_commands_to_moderators_only() {
    let ws = Workspace::new();
    let theirs = tr!(Lang::SK, "mod-help-title");
    let moderator = stdout(&ws.run(&["console", "--moderator"], b"/help\n/add\n"));
    assert!(moderator.contains(&theirs), "{moderator}");
    for line in ["/dismiss QUESTION", "/revert ID", "/teach PASSAGE QUESTION"] {
        assert!(moderator.contains(line), "{line}: {moderator}");
    }
    assert!(
        moderator.contains(&tr!(Lang::SK, "mod-usage-title", command = "/add")),
        "a malformed command gets its own syntax: {moderator}"
    );
    let member = stdout(&ws.run(&["console"], b"/help\n/gaps\n"));
    assert!(!member.contains(&theirs), "{member}");
    assert!(
        member.contains(&tr!(Lang::SK, "mod-only-title")) && member.contains("`/gaps`"),
        "a member asking for a moderator command is told it is for moderators: {member}"
    );
    assert!(!member.contains(&tr!(Lang::SK, "mod-refused-title")));
}
