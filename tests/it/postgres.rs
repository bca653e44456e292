//! Past one process, on one machine: the knowledge and learning in a real PostgreSQL (a
//! throw-away cluster per test, `support::pg`), several `missionbot` processes on it, the fake
//! Discord with shards, and Discord's HTTP interactions endpoint with signed requests. Skipped
//! with a word where PostgreSQL is not installed, unless `MISSIONBOT_REQUIRE_POSTGRES=1`.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ed25519_dalek::{Signer, SigningKey};
use fake_discord::{ComponentKind, FakeDiscord, InteractionOpts, MessageOpts, id_of};
use serde_json::json;
use tokio::io::AsyncReadExt;
use tokio::process::{Child, Command};

use crate::support::console::{Console, Stream};
use crate::support::pg::Cluster;
use crate::support::shipped::MISSIONBOT;
use crate::support::workspace::{Workspace, stderr, stdout};

/// A workspace whose knowledge and learning are in the database at `url`, imported there.
fn stored(url: &str, extra: &str) -> Workspace {
    let ws = Workspace::new();
    let config = std::fs::read_to_string(ws.path("config.toml")).expect("config");
    let config = config.replace("shards = \"auto\"", "shards = \"0-0\"\nshard_total = 1");
    std::fs::write(
        ws.path("config.toml"),
        format!("{config}\n[store]\nurl = {url:?}\npoll_secs = 2\n{extra}"),
    )
    .expect("config");
    ws
}

fn run_ok(ws: &Workspace, args: &[&str]) -> String {
    let output = ws.run(args, b"");
    assert!(
        output.status.success(),
        "{args:?}: {}{}",
        stdout(&output),
        stderr(&output)
    );
    stdout(&output)
}

const POINT_ONE: &str = "Poskytovať bezpečné";

#[test]
fn migrate_twice_import_and_an_edit_in_one_console_is_answered_by_another() {
    let Some(mut cluster) = Cluster::start_or_skip("postgres::edit_seen") else {
        return;
    };
    let url = cluster.database();
    let ws = stored(&url, "");
    assert!(run_ok(&ws, &["store", "migrate"]).contains("migrated the schema"));
    assert!(run_ok(&ws, &["store", "migrate"]).contains("up to date"));
    let knowledge = ws.path("knowledge");
    run_ok(
        &ws,
        &["store", "import", knowledge.to_str().expect("UTF-8")],
    );
    assert!(run_ok(&ws, &["check"]).contains("PostgreSQL: mission"));

    let mut editor = Console::start(&ws, &["--moderator"], &[]);
    let mut other = Console::start(&ws, &["--moderator"], &[]);
    other.ask("/strategy 1", POINT_ONE);
    editor.send("/edit 1 Pomáhať ľuďom v núdzi rýchlo a spoľahlivo.");
    editor.ask("a", "uložená");
    let took = other.ask_until("/strategy 1", "Pomáhať ľuďom v núdzi", POINT_ONE);
    eprintln!("the edit answered by the other console {took:?} after it was saved");
    assert!(took < Duration::from_secs(2), "seen after {took:?}");
    // The audit log: the import, then the edit, numbered in commit order.
    assert_eq!(
        cluster.query(
            &url,
            "SELECT string_agg(id::text, ',' ORDER BY id) FROM knowledge_audit"
        ),
        "1,2"
    );
    assert_eq!(
        cluster.query(&url, "SELECT version FROM knowledge_head"),
        "2"
    );
    let out = run_ok(&ws, &["ask", "/strategy 1"]);
    assert!(out.contains("Pomáhať ľuďom v núdzi"), "{out}");
    let exported = tempfile::tempdir().expect("temp dir");
    run_ok(
        &ws,
        &["store", "export", exported.path().to_str().expect("UTF-8")],
    );
    let strategy =
        std::fs::read_to_string(exported.path().join("strategy.toml")).expect("exported");
    assert!(strategy.contains("Pomáhať ľuďom v núdzi"), "{strategy}");
    drop(editor);
    drop(other);
}

#[test]
fn two_overlapping_edits_one_is_applied_and_the_other_refused() {
    use missionbot::app::App;
    use missionbot::config::Config;
    use missionbot::knowledge::edit::Edit;
    use missionbot::moderation::ModerationError;
    let Some(mut cluster) = Cluster::start_or_skip("postgres::overlapping") else {
        return;
    };
    let url = cluster.database();
    let ws = stored(&url, "");
    let knowledge = ws.path("knowledge");
    run_ok(
        &ws,
        &["store", "import", knowledge.to_str().expect("UTF-8")],
    );
    let config = Config::load(&ws.path("config.toml"), true).expect("config");
    let (a, b) = (
        App::open(&config).expect("opens"),
        App::open(&config).expect("opens"),
    );
    let edit = |text: &str| Edit::EditPoint {
        section: missionbot::knowledge::SectionId::STRATEGY,
        number: 2,
        text: text.to_string(),
        text_en: None,
    };
    // Both previewed on one version; then applied at once, from two threads.
    let first = a
        .editor
        .preview(&edit("Prvá verzia bodu dva."))
        .expect("preview");
    let second = b
        .editor
        .preview(&edit("Druhá verzia bodu dva."))
        .expect("preview");
    let (one, two) = std::thread::scope(|scope| {
        let one = scope.spawn(|| a.editor.apply(&first, "console:a"));
        let two = scope.spawn(|| b.editor.apply(&second, "console:b"));
        (one.join().expect("no panic"), two.join().expect("no panic"))
    });
    let applied = [&one, &two].iter().filter(|r| r.is_ok()).count();
    assert_eq!(applied, 1, "{one:?} {two:?}");
    let refused = if one.is_err() { one } else { two };
    assert!(
        matches!(refused, Err(ModerationError::Stale)),
        "{refused:?}"
    );
    assert_eq!(
        cluster.query(&url, "SELECT count(*) FROM knowledge_audit"),
        "2"
    );
    assert_eq!(
        cluster.query(&url, "SELECT version FROM knowledge_head"),
        "2"
    );
}

#[test]
fn postgresql_killed_and_restarted_mid_run_loses_nothing_acknowledged() {
    let Some(mut cluster) = Cluster::start_or_skip("postgres::killed") else {
        return;
    };
    let url = cluster.database();
    let ws = stored(&url, "acquire_timeout_ms = 1000\n");
    let knowledge = ws.path("knowledge");
    run_ok(
        &ws,
        &["store", "import", knowledge.to_str().expect("UTF-8")],
    );
    let mut editor = Console::start(&ws, &["--moderator"], &[]);
    let mut other = Console::start(&ws, &["--moderator"], &[]);
    editor.send("/edit 3 Zmena pred pádom databázy.");
    editor.ask("a", "uložená");
    other.ask_until("/strategy 3", "pred pádom databázy", "Poskytovať odborné");
    for question in ["otázka pred pádom", "ďalšia otázka pred pádom"] {
        editor.ask(question, "");
    }

    cluster.crash();
    // Answers go on from the knowledge loaded; so does a process started now.
    other.ask("/strategy 3", "pred pádom databázy");
    let out = run_ok(&ws, &["ask", "/strategy 3"]);
    assert!(
        out.contains("pred pádom databázy"),
        "from the local copy: {out}"
    );
    for question in ["otázka počas výpadku", "ďalšia otázka počas výpadku"] {
        other.ask(question, "");
    }
    // A change is refused, with a word, within 3 s.
    let started = Instant::now();
    editor.send("/edit 3 Zmena počas výpadku.");
    let (refusal, _) = editor.wait_for(Stream::Stdout, |l| l.contains("nedostupná"));
    let took = started.elapsed();
    eprintln!("with PostgreSQL down, a change refused after {took:?}: {refusal}");
    assert!(
        took < Duration::from_secs(3),
        "refused after {took:?}: {refusal}"
    );
    // Without a local copy a process does not start.
    let bare = stored(&url, "cache_dir = \"elsewhere\"\n");
    let output = bare.run(&["ask", "/strategy 3"], b"");
    assert!(!output.status.success(), "{}", stdout(&output));
    assert!(
        stderr(&output).contains("no copy of the knowledge"),
        "{}",
        stderr(&output)
    );

    cluster.restart();
    editor.send("/edit 3 Zmena po návrate databázy.");
    editor.ask("a", "uložená");
    let took = other.ask_until("/strategy 3", "po návrate databázy", "pred pádom databázy");
    eprintln!("after the restart, a change answered by the other console after {took:?}");
    assert!(took < Duration::from_secs(4), "seen after {took:?}");
    assert_eq!(
        cluster.query(&url, "SELECT version FROM knowledge_head"),
        "3"
    );
    // The questions asked meanwhile were kept in the queue and written.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let asked = cluster.query(
            &url,
            "SELECT count(*) FROM questions WHERE text LIKE '%otázka%'",
        );
        if asked == "4" {
            break;
        }
        assert!(Instant::now() < deadline, "questions recorded: {asked}");
        std::thread::sleep(Duration::from_millis(200));
    }
    editor.finish();
    other.finish();
}

/// The endpoint's signing key (fixed bytes) and its public key as the portal shows it.
fn key(seed: u8) -> (SigningKey, String) {
    let key = SigningKey::from_bytes(&[seed; 32]);
    let public = key
        .verifying_key()
        .to_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    (key, public)
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// POSTs `body` to the endpoint with the signature headers (when given); its status and body.
fn post(port: u16, body: &[u8], signed: Option<(&SigningKey, u64)>) -> (u16, String) {
    let mut request = format!(
        "POST /interactions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    if let Some((key, at)) = signed {
        let timestamp = at.to_string();
        let signature = key.sign(&[timestamp.as_bytes(), body].concat());
        request.push_str(&format!(
            "X-Signature-Ed25519: {}\r\nX-Signature-Timestamp: {timestamp}\r\n",
            hex(&signature.to_bytes())
        ));
    }
    request.push_str("\r\n");
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("the endpoint listens");
    stream.write_all(request.as_bytes()).expect("request");
    stream.write_all(body).expect("body");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("answer");
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = answer
        .split("\r\n\r\n")
        .nth(1)
        .unwrap_or_default()
        .to_string();
    (status, body)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("a free port")
        .local_addr()
        .expect("address")
        .port()
}

/// `missionbot run` on `ws` (its config already written), logs read while it runs.
struct Bot {
    child: Child,
    logs: tokio::task::JoinHandle<Vec<u8>>,
}

impl Bot {
    fn start(ws: &Workspace, fake: &FakeDiscord) -> Self {
        let mut child = Command::new(MISSIONBOT)
            .arg("--config")
            .arg(ws.path("config.toml"))
            .arg("run")
            .env("DISCORD_TOKEN", fake.token())
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("missionbot starts");
        let mut pipe = child.stderr.take().expect("stderr");
        let logs = tokio::spawn(async move {
            let mut logs = Vec::new();
            let _ = pipe.read_to_end(&mut logs).await;
            logs
        });
        Self { child, logs }
    }

    /// Waits for it to end by itself; its status and logs.
    async fn ended(mut self) -> (std::process::ExitStatus, String) {
        let status = tokio::time::timeout(Duration::from_secs(60), self.child.wait())
            .await
            .expect("it ends")
            .expect("status");
        let logs = self.logs.await.expect("logs");
        (status, String::from_utf8_lossy(&logs).into_owned())
    }
}

/// A bot's config for the fake Discord, with `discord` and `rest` added.
fn bot_workspace(fake: &FakeDiscord, url: &str, discord: &str, rest: &str) -> Workspace {
    let ws = Workspace::new();
    std::fs::write(
        ws.path("config.toml"),
        format!(
            "knowledge = \"knowledge\"\n\n[discord]\nguilds = [{}]\napi_base = {:?}\n\
             cooldown_secs = 0.0\n{discord}\n\n[store]\nurl = {url:?}\npoll_secs = 2\n{rest}",
            fake.guild_id(),
            fake.api_base()
        ),
    )
    .expect("config");
    ws
}

async fn wait_until(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !done() {
        assert!(Instant::now() < deadline, "{what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_endpoint_verifies_every_request_and_any_replica_takes_a_press() {
    let Some(mut cluster) = Cluster::start_or_skip("postgres::endpoint") else {
        return;
    };
    let url = cluster.database();
    let fake = FakeDiscord::start().await.expect("fake discord");
    let (signing, public) = key(7);
    let (other_key, _) = key(8);
    let ports = [free_port(), free_port()];
    let replica = |port: u16| {
        bot_workspace(
            &fake,
            &url,
            "gateway = false\n",
            &format!("\n[interactions]\nlisten = \"127.0.0.1:{port}\"\npublic_key = {public:?}\n"),
        )
    };
    let workspaces = [replica(ports[0]), replica(ports[1])];
    let knowledge = workspaces[0].path("knowledge");
    run_ok(
        &workspaces[0],
        &["store", "import", knowledge.to_str().expect("UTF-8")],
    );
    // No gateway, so no READY to register on: `missionbot register` does it.
    let registered = workspaces[0]
        .command(&["register"])
        .env("DISCORD_TOKEN", fake.token())
        .output()
        .expect("register runs");
    assert!(registered.status.success(), "{}", stderr(&registered));
    let _bots: Vec<Bot> = workspaces.iter().map(|ws| Bot::start(ws, &fake)).collect();
    let ping = br#"{"type":1,"id":"1","application_id":"2","token":"t","version":1}"#;
    for port in ports {
        wait_until("the endpoint listens", Duration::from_secs(60), || {
            TcpStream::connect(("127.0.0.1", port)).is_ok()
        })
        .await;
    }
    let port = ports[0];
    let (status, body) = post(port, ping, Some((&signing, now())));
    assert_eq!((status, body.as_str()), (200, r#"{"type":1}"#));
    let mut changed = ping.to_vec();
    changed[9] = b'2';
    let forged = {
        // Signed for `ping`, sent with another body.
        let at = now();
        let timestamp = at.to_string();
        let signature = signing.sign(&[timestamp.as_bytes(), &ping[..]].concat());
        let mut request = format!(
            "POST /interactions HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\nConnection: close\r\n\
             X-Signature-Ed25519: {}\r\nX-Signature-Timestamp: {timestamp}\r\n\r\n",
            changed.len(),
            hex(&signature.to_bytes())
        )
        .into_bytes();
        request.extend_from_slice(&changed);
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
        stream.write_all(&request).expect("writes");
        let mut answer = String::new();
        stream.read_to_string(&mut answer).expect("reads");
        answer
    };
    assert!(
        forged.starts_with("HTTP/1.1 401"),
        "a changed body: {forged}"
    );
    assert_eq!(
        post(port, ping, Some((&other_key, now()))).0,
        401,
        "another key"
    );
    assert_eq!(
        post(port, ping, Some((&signing, now() - 3600))).0,
        401,
        "an hour old"
    );
    assert_eq!(post(port, ping, None).0, 401, "unsigned");

    // A question on one replica; its "more" pressed on the other.
    let asked = fake.interaction_typed(
        "/ask question:pomoc ľuďom v núdzi",
        &InteractionOpts::default().locale("cs"),
    );
    fake.expect_http_interaction(&asked);
    let body = serde_json::to_vec(&asked).expect("json");
    assert_eq!(post(ports[0], &body, Some((&signing, now()))).0, 202);
    let route = format!("POST /interactions/{}/*/callback", id_of(&asked));
    let answer = fake
        .wait_for_call(
            |c| c.matches(&route) && c.status == 204,
            Duration::from_secs(30),
        )
        .await
        .expect("answered through the callback");
    let more = answer.body["data"]["components"][0]["components"]
        .as_array()
        .into_iter()
        .flatten()
        .find_map(|b| b["custom_id"].as_str().filter(|id| id.starts_with("more:")))
        .expect("a more button")
        .to_string();
    let token = asked["token"].as_str().expect("token");
    let message = fake.original_response(token).expect("the answer is stored");
    let press = fake.interaction_component(
        &more,
        ComponentKind::Button,
        message,
        &InteractionOpts::default().locale("cs"),
    );
    fake.expect_http_interaction(&press);
    let body = serde_json::to_vec(&press).expect("json");
    assert_eq!(post(ports[1], &body, Some((&signing, now()))).0, 202);
    let route = format!("POST /interactions/{}/*/callback", id_of(&press));
    let next = fake
        .wait_for_call(
            |c| c.matches(&route) && c.status == 204,
            Duration::from_secs(30),
        )
        .await
        .expect("the other replica answers the press");
    let shown = next.body.to_string();
    assert!(
        !shown.contains("more-expired")
            && next.body["data"]["embeds"][0]["title"] != answer.body["data"]["embeds"][0]["title"],
        "the next page, not 'expired': {shown}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shard_ranges_across_processes_answer_each_guild_once() {
    let Some(mut cluster) = Cluster::start_or_skip("postgres::shards") else {
        return;
    };
    let url = cluster.database();
    let fake = FakeDiscord::start().await.expect("fake discord");
    fake.set_sharding(3, 1);
    let range = |shard: u32| format!("shards = \"{shard}-{shard}\"\nshard_total = 3\n");
    let workspaces: Vec<Workspace> = (0..3)
        .map(|shard| bot_workspace(&fake, &url, &range(shard), ""))
        .collect();
    let knowledge = workspaces[0].path("knowledge");
    run_ok(
        &workspaces[0],
        &["store", "import", knowledge.to_str().expect("UTF-8")],
    );
    let bots: Vec<Bot> = workspaces.iter().map(|ws| Bot::start(ws, &fake)).collect();
    wait_until("three shards identify", Duration::from_secs(90), || {
        fake.identified_shards().len() >= 3
    })
    .await;
    let identified = fake.identified_shards();
    let mut shards: Vec<Option<u32>> = identified.iter().map(|(_, s)| *s).collect();
    shards.sort();
    assert_eq!(shards, [Some(0), Some(1), Some(2)], "{identified:?}");
    for pair in identified.windows(2) {
        assert!(
            pair[1].0 - pair[0].0 >= Duration::from_secs(5),
            "identifies at least 5 s apart: {identified:?}"
        );
    }
    assert_eq!(fake.rate_limited_identifies(), 0);
    eprintln!("identifies (since the first, shard): {identified:?}");

    // A fourth process with a range another runs refuses to start.
    let fourth = bot_workspace(&fake, &url, &range(1), "");
    let (status, logs) = Bot::start(&fourth, &fake).ended().await;
    assert!(!status.success(), "{logs}");
    assert!(logs.contains("shard 1 already runs"), "{logs}");

    // One guild per shard: each message answered once.
    let channel = fake.channel_id();
    for shard in 0..3u64 {
        let guild = ((999 + shard) << 22) | 7;
        assert_eq!((guild >> 22) % 3, shard);
        let mut message = fake.mention_create("pomoc ľuďom v núdzi", MessageOpts::default());
        message["guild_id"] = json!(guild.to_string());
        let id = message["id"].clone();
        fake.dispatch_to_guild(Some(guild), "MESSAGE_CREATE", message)
            .expect("the shard has a session");
        let replied = |calls: &[fake_discord::Call]| {
            calls
                .iter()
                .filter(|c| {
                    c.matches(&format!("POST /channels/{channel}/messages"))
                        && c.body["message_reference"]["message_id"] == id
                })
                .count()
        };
        wait_until("the message is answered", Duration::from_secs(30), || {
            replied(&fake.calls()) == 1
        })
        .await;
    }
    // Every message answered once: no process answers another shard's.
    let answers = fake
        .calls()
        .iter()
        .filter(|c| c.matches(&format!("POST /channels/{channel}/messages")))
        .count();
    assert_eq!(answers, 3, "one answer per message");
    drop(bots);
}
