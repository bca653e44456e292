//! Semantic search against a fake embedding service (`support::embedder`): every fault of the
//! service gets the words' answer and one warning per outage; it recovers by itself; the
//! passage vectors are kept beside the index and rebuilt only where something changed; `check`
//! and `search --json` say what semantic search did.

use std::time::{Duration, Instant};

use crate::support::embedder::{FakeEmbedder, Mode};
use crate::support::logs::capture_logs;
use crate::support::shipped::{engine as lexical_engine, knowledge_dir};
use crate::support::workspace::{Workspace, stderr, stdout};
use missionbot::config::{Config, SemanticConfig};
use missionbot::semantic::Semantic;
use missionbot::{Command, Engine, Lang, knowledge};

/// Questions the words do not answer strongly, so semantic search is asked each time.
const QUESTIONS: [&str; 4] = [
    "gangs moving people across borders",
    "pašeráci migrantov",
    "adapting to life abroad",
    "konferencie medzi štátmi o migrácii",
];

const WARNING: &str = "semantic search is unavailable";

fn settings(url: &str) -> SemanticConfig {
    SemanticConfig {
        url: url.to_string(),
        model: "fake-e5".to_string(),
        timeout_ms: 300,
        query_prefix: String::new(),
        passage_prefix: String::new(),
        api_key_env: None,
    }
}

/// The shipped knowledge in memory with semantic search on `url`, its vectors ready.
fn hybrid(url: &str, first_pause: Duration) -> Engine {
    let engine = Engine::in_memory_from(&knowledge_dir(), 3).expect("knowledge loads");
    let semantic = Semantic::start_with(&settings(url), engine.knowledge(), None, first_pause);
    assert!(
        semantic.wait_ready(Duration::from_secs(60)),
        "the passage vectors are built"
    );
    engine.with_semantic(semantic)
}

fn ids(engine: &Engine, question: &str) -> Vec<String> {
    engine
        .search(question, 5)
        .expect("search works")
        .iter()
        .map(|h| h.id.to_string())
        .collect()
}

fn warnings(logs: &str) -> usize {
    logs.lines().filter(|l| l.contains(WARNING)).count()
}

#[test]
fn every_fault_of_the_service_gets_the_words_answer_and_one_warning() {
    let words = lexical_engine();
    let faults = [
        ("slow", Mode::Slow(Duration::from_secs(30))),
        ("HTTP 500", Mode::Status(500)),
        ("HTTP 503", Mode::Status(503)),
        ("HTTP 429", Mode::Status(429)),
        ("not JSON", Mode::NotJson),
        ("wrong dimension", Mode::WrongDimension),
        ("not finite", Mode::NotFinite),
    ];
    for (name, fault) in faults {
        let fake = FakeEmbedder::start();
        // A long pause: every question after the first finds the breaker open.
        let engine = hybrid(&fake.url(), Duration::from_secs(600));
        fake.set(fault);
        let (logs, _guard) = capture_logs("warn");
        for question in QUESTIONS {
            assert_eq!(
                ids(&engine, question),
                ids(&words, question),
                "{name}: {question:?}"
            );
            let reply = engine.handle(&Command::Ask(question.to_string()), Lang::SK);
            let expected = words.handle(&Command::Ask(question.to_string()), Lang::SK);
            assert_eq!(reply, expected, "{name}: {question:?}");
        }
        assert_eq!(warnings(&logs.text()), 1, "{name}: {}", logs.text());
    }
}

#[test]
fn a_service_killed_mid_run_gets_the_words_answer_and_one_warning() {
    let words = lexical_engine();
    let mut fake = FakeEmbedder::start();
    let engine = hybrid(&fake.url(), Duration::from_secs(600));
    let (logs, _guard) = capture_logs("warn");
    assert!(!engine.search(QUESTIONS[1], 5).expect("search").is_empty());
    fake.stop();
    for question in &QUESTIONS[2..] {
        assert_eq!(
            ids(&engine, question),
            ids(&words, question),
            "{question:?}"
        );
    }
    assert_eq!(warnings(&logs.text()), 1, "{}", logs.text());
}

#[test]
fn a_service_that_is_down_from_the_start_leaves_the_words() {
    let words = lexical_engine();
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
        format!("http://{}/v1", listener.local_addr().expect("address"))
    };
    let engine = Engine::in_memory_from(&knowledge_dir(), 3).expect("knowledge loads");
    let semantic = Semantic::start(&settings(&closed), engine.knowledge(), None);
    assert!(!semantic.wait_ready(Duration::from_secs(60)));
    let engine = engine.with_semantic(semantic);
    for question in QUESTIONS {
        assert_eq!(
            ids(&engine, question),
            ids(&words, question),
            "{question:?}"
        );
    }
}

#[test]
fn the_service_recovers_by_itself_and_the_log_says_so() {
    let fake = FakeEmbedder::start();
    let engine = hybrid(&fake.url(), Duration::from_millis(50));
    let (logs, _guard) = capture_logs("info");
    fake.set(Mode::Status(503));
    engine.search(QUESTIONS[0], 5).expect("search");
    fake.set(Mode::Works);
    // Waits for the event: a question after the pause reaches the service again (the fake
    // records it before it answers, so the search that got through has returned).
    let queries = |fake: &FakeEmbedder| {
        fake.asked()
            .iter()
            .filter(|a| a.input_type == "query")
            .count()
    };
    let before = queries(&fake);
    let deadline = Instant::now() + Duration::from_secs(60);
    while queries(&fake) == before {
        assert!(Instant::now() < deadline, "no recovery: {}", logs.text());
        engine.search(QUESTIONS[0], 5).expect("search");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        logs.text().contains("semantic search is back"),
        "{}",
        logs.text()
    );
    assert_eq!(warnings(&logs.text()), 1, "{}", logs.text());
    // A new outage is a new warning.
    fake.set(Mode::NotJson);
    engine.search(QUESTIONS[1], 5).expect("search");
    assert_eq!(warnings(&logs.text()), 2, "{}", logs.text());
}

#[test]
fn questions_go_as_queries_and_passages_as_passages_without_the_organization() {
    let fake = FakeEmbedder::start();
    let engine = hybrid(&fake.url(), Duration::from_secs(600));
    engine
        .search("Čo robí IOM pre obete obchodovania?", 5)
        .expect("search");
    let asked = fake.asked();
    let passages: Vec<&String> = asked
        .iter()
        .filter(|a| a.input_type == "passage")
        .flat_map(|a| &a.input)
        .collect();
    let knowledge = engine.knowledge();
    let texts = knowledge.passages().len()
        + knowledge
            .passages()
            .iter()
            .filter(|p| p.text_en.is_some())
            .count()
        + knowledge
            .passages()
            .iter()
            .map(|p| knowledge.questions(p.id).len())
            .sum::<usize>();
    assert_eq!(passages.len(), texts, "text, text_en and every question");
    assert!(passages.iter().all(|t| !t.contains("IOM")), "{passages:?}");
    let last = asked.last().expect("the question was embedded");
    assert_eq!(last.input_type, "query");
    assert_eq!(last.input, ["Čo robí pre obete obchodovania?"]);
    // Asked again, the question's vector comes from the cache.
    let before = fake.asked().len();
    engine
        .search("Čo robí IOM pre obete obchodovania?", 5)
        .expect("search");
    assert_eq!(fake.asked().len(), before);
}

#[test]
fn strong_words_and_parts_asked_by_name_embed_nothing() {
    let fake = FakeEmbedder::start();
    let engine = hybrid(&fake.url(), Duration::from_secs(600));
    let before = fake.asked().len();
    for question in [
        "bod 9",
        "aké sú ciele IOM",
        "Koľko zamestnancov má IOM?",
        "dobrovoľný návrat a reintegrácia utečencov",
    ] {
        engine.search(question, 5).expect("search");
    }
    assert_eq!(fake.asked().len(), before, "{:?}", fake.asked().last());
}

fn semantic_workspace(url: &str, model: &str) -> Workspace {
    let ws = Workspace::with_all_knowledge();
    let config = std::fs::read_to_string(ws.path("config.toml")).expect("config");
    std::fs::write(
        ws.path("config.toml"),
        format!("{config}\n[semantic]\nurl = \"{url}\"\nmodel = \"{model}\"\ntimeout_ms = 2000\n"),
    )
    .expect("write config");
    ws
}

fn open(ws: &Workspace) -> Engine {
    let config = Config::load(&ws.path("config.toml"), true).expect("config loads");
    let engine = Engine::open(&config).expect("engine opens");
    assert_eq!(
        engine.wait_for_semantic(Duration::from_secs(60)),
        Some(true)
    );
    engine
}

#[test]
fn vectors_are_kept_beside_the_index_and_rebuilt_only_where_something_changed() {
    let fake = FakeEmbedder::start();
    let ws = semantic_workspace(&fake.url(), "fake-e5");
    let first = fake.passages_embedded();
    let engine = open(&ws);
    let all = fake.passages_embedded() - first;
    assert!(all > 100, "every text embedded: {all}");
    assert!(ws.path("index/vectors.bin").is_file());
    drop(engine);

    // Opened again: the vectors are read, nothing is embedded.
    let engine = open(&ws);
    assert_eq!(fake.passages_embedded() - first, all);

    // A moderator's change to one point: only its text is embedded again.
    let strategy = ws.path("knowledge/strategy.toml");
    let text = std::fs::read_to_string(&strategy).expect("read");
    let changed = text.replacen(
        "Podporovať úsilie štátov v oblasti pracovnej migrácie",
        "Podporovať snahy štátov v oblasti pracovnej migrácie",
        1,
    );
    assert_ne!(text, changed);
    std::fs::write(&strategy, changed).expect("write");
    let knowledge = knowledge::load(&ws.path("knowledge")).expect("knowledge loads");
    engine.replace_knowledge(knowledge).expect("replaced");
    assert_eq!(
        engine.wait_for_semantic(Duration::from_secs(60)),
        Some(true)
    );
    assert_eq!(fake.passages_embedded() - first, all + 1);
    drop(engine);

    // The stamp names the model: another model embeds everything again.
    let ws2 = semantic_workspace(&fake.url(), "another-model");
    std::fs::remove_dir_all(ws2.path("knowledge")).expect("clear");
    std::fs::create_dir(ws2.path("knowledge")).expect("knowledge dir");
    for name in ["mission.toml", "strategy.toml", "synonyms.toml"] {
        std::fs::copy(
            ws.path(&format!("knowledge/{name}")),
            ws2.path(&format!("knowledge/{name}")),
        )
        .expect("copy");
    }
    std::fs::create_dir_all(ws2.path("index")).expect("index dir");
    std::fs::copy(ws.path("index/vectors.bin"), ws2.path("index/vectors.bin")).expect("copy");
    let before = fake.passages_embedded();
    let _engine = open(&ws2);
    assert_eq!(fake.passages_embedded() - before, all);
}

#[test]
fn check_reports_the_service_and_search_marks_each_hit_s_source() {
    let mut fake = FakeEmbedder::start();
    let ws = semantic_workspace(&fake.url(), "fake-e5");
    let ok = ws.run(&["check"], b"");
    assert!(ok.status.success(), "{}", stderr(&ok));
    let out = stdout(&ok);
    assert!(
        out.contains("ok: semantic search: fake-e5 at http://127.0.0.1:")
            && out.contains("dimension 16, round trip"),
        "{out}"
    );

    let search = ws.run(&["search", "--json", "pašeráci migrantov"], b"");
    assert!(search.status.success(), "{}", stderr(&search));
    let line: serde_json::Value =
        serde_json::from_str(stdout(&search).trim()).expect("one JSON line");
    let hits = line["hits"].as_array().expect("hits");
    assert!(!hits.is_empty());
    for hit in hits {
        let source = hit["source"].as_str().expect("a source");
        assert!(["lexical", "semantic", "both"].contains(&source), "{hit}");
    }

    fake.stop();
    let down = ws.run(&["check"], b"");
    assert_eq!(down.status.code(), Some(1));
    assert!(
        stdout(&down).contains("12 strategy points"),
        "the rest is still checked"
    );
    assert!(
        stderr(&down).contains("semantic search: fake-e5 at http://127.0.0.1:")
            && stderr(&down).contains("cannot be reached"),
        "{}",
        stderr(&down)
    );

    let words = Workspace::with_all_knowledge();
    let off = words.run(&["check"], b"");
    assert!(off.status.success());
    assert!(
        stdout(&off).contains("semantic search is off"),
        "{}",
        stdout(&off)
    );
}

#[test]
fn an_api_key_is_sent_from_the_environment_variable_it_names() {
    let fake = FakeEmbedder::start();
    let mut config = settings(&fake.url());
    config.api_key_env = Some("MISSIONBOT_TEST_NO_SUCH_KEY".to_string());
    let error = Semantic::probe(&config).expect_err("the variable is not set");
    assert!(
        error.to_string().contains("MISSIONBOT_TEST_NO_SUCH_KEY"),
        "{error}"
    );
    assert!(fake.asked().is_empty(), "nothing sent without the key");
}

/// Runs `missionbot ARGS` on `ws` and returns its output, failing if it has not ended within
/// `budget` (it is killed then): a bound on a hang, not a measurement.
fn run_within(ws: &Workspace, args: &[&str], budget: Duration) -> std::process::Output {
    let mut child = ws
        .command(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("missionbot starts");
    let deadline = Instant::now() + budget;
    while child.try_wait().expect("waits").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("missionbot {args:?} still ran after {budget:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("its output")
}

#[test]
fn a_service_that_never_answers_costs_a_one_shot_command_its_timeout_at_most() {
    // A service that takes connections and never answers them.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let url = format!("http://{}/v1", listener.local_addr().expect("address"));
    std::thread::spawn(move || {
        let held: Vec<_> = listener.incoming().collect();
        drop(held);
    });
    let ws = semantic_workspace(&url, "never-answers");
    let config = std::fs::read_to_string(ws.path("config.toml")).expect("config");
    std::fs::write(
        ws.path("config.toml"),
        config.replace("timeout_ms = 2000", "timeout_ms = 300"),
    )
    .expect("config");
    // Far below the 120 s a passage build waits for the service.
    let budget = Duration::from_secs(20);
    // The words decide: answered without waiting for the service at all.
    let decided = run_within(&ws, &["ask", "nelegalna migracia"], budget);
    assert!(decided.status.success(), "{}", stderr(&decided));
    assert!(
        stdout(&decided).contains("Stratégia IOM, bod 5"),
        "{}",
        stdout(&decided)
    );
    // Words alone are not enough: answered by them once the timeout has passed.
    for args in [
        vec!["ask", "čo robíte pre ľudí, čo sa chcú vrátiť domov?"],
        vec!["search", "--json", "ako sa mám zorientovať v novej krajine"],
        vec!["gaps"],
        vec!["stats"],
    ] {
        let output = run_within(&ws, &args, budget);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    }
}
