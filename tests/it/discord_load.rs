//! Load (issue 7, item 5): `/ask` interactions with mixed questions, fired through the fake
//! gateway at the real bot as fast as it takes them, loopback only. Every one must be answered
//! exactly once and within Discord's 3 s deadline (from dispatch to the callback reaching the
//! fake). p50/p99/max latency and peak RSS are printed as a benchmark, not asserted.
//!
//! `cargo test` runs a small count (the debug build is slow); the full run is
//! `MISSIONBOT_LOAD=10000 cargo test --release --test it discord_load:: -- --nocapture`.
//! `MISSIONBOT_LOAD_INFLIGHT` sets how many interactions may await their answer at once
//! (default 64): the next is dispatched as soon as one is answered.
//!
//! By default the bot runs in this process, next to the fake Discord, so the peak RSS printed
//! (VmHWM from /proc/self/status) is the whole test process's, the fake's records of every call
//! and the tests running beside this one included: an upper bound for the bot's own. With `MISSIONBOT_LOAD_PROCESS=1` the bot is the
//! `missionbot run` binary instead (logging at its default level), and the RSS printed is that
//! process's own (/proc/<pid>/status).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use fake_discord::{CALLBACK, FakeDiscord, FakeUser, InteractionOpts, fake, id_of};
use serde_json::json;

use crate::support::bench::{Bench, Setup};
use crate::support::bot_process::BotProcess;
use crate::support::budget::{STEP, within};
use crate::support::exchange::responses_per_interaction;

/// Interactions in a plain `cargo test` run.
const DEFAULT_COUNT: usize = 1000;
const DEFAULT_IN_FLIGHT: usize = 64;
/// Discord's deadline for the first response to an interaction.
const DEADLINE: Duration = Duration::from_secs(3);

const QUESTIONS: &[&str] = &[
    "nelegálna migrácia",
    "nelegalna migracia",
    "obchodovanie s ľuďmi",
    "How does IOM help migrants return home?",
    "humanitárna pomoc pri katastrofách",
    "čo robí IOM pre utečencov?",
    "klimatická zmena a migrácia",
    "integrácia migrantov do spoločnosti",
    "xyzzy qwerty",
    "data and evidence on migration",
    "\"ochrana\" AND (práva OR ľudia) -vojna",
    "🙂 pomoc",
];
const LOCALES: &[&str] = &["cs", "en-US", "de", "en-GB", "pl"];

fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(default)
}

/// VmHWM (peak) and VmRSS (now) of a process (`self` or a pid), in KiB.
fn memory_kib(process: &str) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{process}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

/// The bot under load, and the fake it talks to: in this process, or the `missionbot run`
/// binary.
enum Bot {
    InProcess(Box<Bench>),
    Process(FakeDiscord, Box<BotProcess>),
}

impl Bot {
    async fn start(as_process: bool) -> Self {
        if as_process {
            let fake = fake().await;
            let process = BotProcess::start(&fake, None).await;
            Self::Process(fake, Box::new(process))
        } else {
            Self::InProcess(Box::new(Setup::new().start().await))
        }
    }

    fn fake(&self) -> &FakeDiscord {
        match self {
            Self::InProcess(bench) => &bench.fake,
            Self::Process(fake, _) => fake,
        }
    }

    /// Whose memory is measured, for /proc.
    fn proc_name(&self) -> String {
        match self {
            Self::InProcess(_) => "self".to_string(),
            Self::Process(_, process) => process.pid().to_string(),
        }
    }

    fn describe(&self) -> &'static str {
        match self {
            Self::InProcess(_) => "VmHWM of the test process: bot + fake + harness + other tests",
            Self::Process(..) => "VmHWM of the missionbot process alone",
        }
    }

    async fn stop(self) {
        match self {
            Self::InProcess(bench) => bench.stop().await,
            Self::Process(_, process) => {
                process.stop().await;
            }
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn interaction_id(route: &str) -> Option<u64> {
    route.split('/').nth(2)?.parse().ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_ask_is_answered_once_within_the_deadline() {
    let count = env_count("MISSIONBOT_LOAD", DEFAULT_COUNT);
    let in_flight = env_count("MISSIONBOT_LOAD_INFLIGHT", DEFAULT_IN_FLIGHT);
    // Bounded in time: generous per interaction, never endless.
    let budget = Duration::from_secs(30) + Duration::from_millis(60 * count as u64);
    within(budget + Duration::from_secs(30), "the whole test", async {
        let bot = Bot::start(std::env::var_os("MISSIONBOT_LOAD_PROCESS").is_some()).await;
        let fake = bot.fake();
        let process = bot.proc_name();
        let (hwm_before, rss_before) = memory_kib(&process);
        let users: Vec<FakeUser> = (0..50)
            .map(|i| FakeUser::new(1_400_000_000_000_000_000 + i, &format!("user{i}")))
            .collect();

        let mark = fake.call_count();
        let mut seen = mark;
        let mut sent_at: HashMap<u64, Instant> = HashMap::with_capacity(count);
        let mut latencies: Vec<Duration> = Vec::with_capacity(count);
        let mut other_statuses: Vec<(u64, u16)> = Vec::new();
        let mut next = 0;
        let started = Instant::now();
        let deadline = started + budget;
        while latencies.len() + other_statuses.len() < count {
            assert!(
                Instant::now() < deadline,
                "load run over its time budget: {} of {count} answered",
                latencies.len()
            );
            while next < count && sent_at.len() < in_flight {
                let opts = InteractionOpts::default()
                    .user(users[next % users.len()].clone())
                    .locale(LOCALES[next % LOCALES.len()]);
                let question = QUESTIONS[next % QUESTIONS.len()];
                let payload = fake.interaction_command(
                    "ask",
                    json!([{"name": "question", "type": 3, "value": question}]),
                    &opts,
                );
                let id = id_of(&payload);
                sent_at.insert(id, Instant::now());
                fake.dispatch("INTERACTION_CREATE", payload);
                next += 1;
            }
            // The next answer (any call after those seen), not a while.
            let _ = fake.wait_for_call(|c| c.seq >= seen, STEP).await;
            let calls = fake.calls_from(seen);
            seen += calls.len();
            for call in calls.iter().filter(|c| c.matches(CALLBACK)) {
                let id = interaction_id(&call.route).expect("callback route has an id");
                let Some(at) = sent_at.remove(&id) else {
                    panic!("a second callback for interaction {id}: {}", call.status);
                };
                if call.status == 204 {
                    latencies.push(call.at.saturating_duration_since(at));
                } else {
                    other_statuses.push((id, call.status));
                }
            }
        }
        let elapsed = started.elapsed();
        assert!(
            other_statuses.is_empty(),
            "callbacks refused: {other_statuses:?}"
        );

        // Answered exactly once: one more interaction, dispatched after every other was
        // answered, is answered, and no other callback came in the meantime.
        let last = fake.interaction_command(
            "ask",
            json!([{"name": "question", "type": 3, "value": QUESTIONS[0]}]),
            &InteractionOpts::default().user(users[0].clone()),
        );
        let last_id = id_of(&last);
        fake.dispatch("INTERACTION_CREATE", last);
        fake.wait_for_call(
            |c| c.seq >= seen && c.matches(&format!("POST /interactions/{last_id}/*/callback")),
            STEP,
        )
        .await
        .expect("the last interaction is answered");
        let late: Vec<String> = fake
            .calls_from(seen)
            .iter()
            .filter(|c| c.matches(CALLBACK) && interaction_id(&c.route) != Some(last_id))
            .map(|c| c.route.clone())
            .collect();
        assert!(late.is_empty(), "second callbacks: {late:?}");
        let responses = responses_per_interaction(fake);
        assert_eq!(responses.len(), count + 1, "one response per interaction");
        assert!(responses.values().all(|n| *n == 1));

        latencies.sort_unstable();
        let (p50, p99) = (percentile(&latencies, 50.0), percentile(&latencies, 99.0));
        let max = latencies.last().copied().unwrap_or_default();
        let (hwm, rss) = memory_kib(&process);
        let late = latencies.iter().filter(|l| **l > DEADLINE).count();
        eprintln!(
            "load: {count} /ask answered once each in {:.1} s ({:.0}/s, {in_flight} in flight, {} build); \
             latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; over 3 s: {late}; \
             peak RSS ({}) {:.1} MiB, {:.1} MiB before the run; \
             RSS now {:.1} MiB, {:.1} MiB before",
            elapsed.as_secs_f64(),
            count as f64 / elapsed.as_secs_f64(),
            if cfg!(debug_assertions) { "debug" } else { "release" },
            p50.as_secs_f64() * 1e3,
            p99.as_secs_f64() * 1e3,
            max.as_secs_f64() * 1e3,
            bot.describe(),
            hwm as f64 / 1024.0,
            hwm_before as f64 / 1024.0,
            rss as f64 / 1024.0,
            rss_before as f64 / 1024.0,
        );
        assert_eq!(late, 0, "every answer within Discord's 3 s (max {max:?})");
        bot.stop().await;
    })
    .await;
}
