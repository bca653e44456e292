//! Faults against the fake Discord (issue 7, item 4): the gateway dropping mid-session, a READY
//! that comes late or never, HTTP 500s and 429s on interaction callbacks and channel messages, a
//! slow callback endpoint, heartbeat ACKs stopping. The bot retries with backoff, keeps answering
//! once the fake recovers, and never answers an interaction twice. Every test is bounded in time,
//! and decides on events (what the fake recorded, what the bot told its observer), never on how
//! long something took; what the bot logged is checked, not waited for.

use std::time::{Duration, Instant};

use fake_discord::{CALLBACK, FakeDiscord, FakeFault, InteractionOpts, MessageOpts, id_of};
use missionbot::discord::{DiscordError, Event, Outcome, Timing};
use serde_json::{Value, json};

use crate::support::bench::{Bench, Setup, timing};
use crate::support::budget::{STEP, within};
use crate::support::exchange::{
    assert_never_answered_twice, callbacks_for, statuses, wait_answered,
};
use crate::support::logs::capture_logs;

/// Upper bound for a whole test.
const BUDGET: Duration = Duration::from_secs(30);
const LOGS: &str = "info,serenity=warn";

/// Dispatches `/strategy n` and returns the interaction id.
fn ask_point(fake: &FakeDiscord, n: u64) -> u64 {
    let payload = fake.interaction_typed(
        &format!("/strategy number:{n}"),
        &InteractionOpts::default().locale("cs"),
    );
    let id = id_of(&payload);
    fake.dispatch("INTERACTION_CREATE", payload);
    id
}

/// The interaction got its answer, the bot says it is done with it (so no attempt follows),
/// and no interaction was ever answered twice.
async fn assert_answered_once(bench: &Bench, id: u64) {
    let fake = &bench.fake;
    assert!(
        wait_answered(fake, id, STEP).await,
        "interaction {id} answered: {:?}",
        statuses(&callbacks_for(fake, id))
    );
    let outcome = bench.outcome(Event::Interaction(id)).await;
    assert!(matches!(outcome, Outcome::Answered(_)), "{id}: {outcome:?}");
    assert_never_answered_twice(fake);
}

#[tokio::test]
async fn the_gateway_dropping_mid_session_loses_no_interaction() {
    within(BUDGET, "the whole test", async {
        let bench = Setup::new().start().await;
        let fake = &bench.fake;
        let first = ask_point(fake, 1);
        assert_answered_once(&bench, first).await;

        // Dropped with a resumable code; an interaction arrives while the bot is away and is
        // replayed on RESUME.
        assert!(fake.close_connection(4000), "a connection was open");
        let while_away = ask_point(fake, 2);
        assert!(
            fake.wait_gateway(|g| g.connections >= 2 && g.live, STEP)
                .await,
            "reconnected after the close"
        );
        assert_answered_once(&bench, while_away).await;

        // Discord asks for a reconnect (op 7).
        assert!(fake.request_reconnect(), "op 7 sent");
        assert!(
            fake.wait_gateway(|g| g.connections >= 3 && g.live, STEP)
                .await,
            "reconnected after op 7"
        );
        let after = ask_point(fake, 3);
        assert_answered_once(&bench, after).await;

        let stats = fake.gateway_stats();
        assert_eq!(stats.identifies, 1, "resumed, not re-identified: {stats:?}");
        assert_eq!(stats.resumes, 2, "{stats:?}");
        bench.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_late_ready_gets_the_shard_restarted_and_the_bot_answers() {
    within(BUDGET, "the whole test", async {
        let (logs, _guard) = capture_logs(LOGS);
        let mut bench = Setup::new()
            .fake(FakeDiscord::builder().withhold_ready(1))
            .timing(Timing {
                ready_timeout: Duration::from_secs(3),
                startup_timeout: Duration::from_secs(20),
                ..timing()
            })
            .prepare()
            .await;
        let started = Instant::now();
        bench.launch().await;
        let fake = &bench.fake;
        // serenity's queuer waits 5 s between two connections; then READY comes.
        assert!(
            fake.wait_ready(Duration::from_secs(15)).await,
            "live after a restart: {:?}",
            fake.gateway_stats()
        );
        let waited = started.elapsed();
        let stats = fake.gateway_stats();
        assert_eq!(stats.withheld_readies, 1, "{stats:?}");
        assert_eq!(stats.identifies, 2, "{stats:?}");
        let log = logs.text();
        assert!(
            log.contains("no READY from Discord yet; reconnecting"),
            "a log line says why it waits:\n{log}"
        );
        fake.wait_for_call(|c| c.matches("PUT /applications/**"), STEP)
            .await
            .expect("commands registered after the late READY");
        let id = ask_point(fake, 7);
        assert_answered_once(&bench, id).await;
        eprintln!("late READY: live after {} ms", waited.as_millis());
        bench.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_ready_that_never_comes_stops_the_bot_with_a_clear_error() {
    within(BUDGET, "the whole test", async {
        let (logs, _guard) = capture_logs(LOGS);
        let mut bench = Setup::new()
            .fake(FakeDiscord::builder().withhold_ready(1000))
            .timing(Timing {
                ready_timeout: Duration::from_secs(1),
                startup_timeout: Duration::from_secs(3),
                ..timing()
            })
            .prepare()
            .await;
        let started = Instant::now();
        bench.launch().await;
        let error = within(
            Duration::from_secs(15),
            "the bot giving up",
            bench.bot().stopped(),
        )
        .await
        .expect_err("no READY is an error");
        let took = started.elapsed();
        assert!(matches!(error, DiscordError::NoReady { .. }), "{error:?}");
        let message = error.to_string();
        assert!(
            message.contains("no READY within 3 s") && message.contains("discordstatus"),
            "{message}"
        );
        let log = logs.text();
        assert!(
            log.contains("no READY from Discord yet; reconnecting"),
            "{log}"
        );
        assert!(log.contains("Discord sent no READY; giving up"), "{log}");
        assert!(bench.fake.gateway_stats().withheld_readies >= 1);
        // Nothing keeps connecting after the bot gave up: no shard is left running or queued
        // (the bot waits for a restart's queued shard before it stops them all), and the last
        // connection is closed.
        assert_eq!(bench.bot().running_shards().await, 0);
        assert!(
            bench.fake.wait_gateway(|g| !g.live, STEP).await,
            "{:?}",
            bench.fake.gateway_stats()
        );
        // Nothing left to stop.
        bench.stop().await;
        eprintln!("no READY: gave up after {} ms", took.as_millis());
    })
    .await;
}

#[tokio::test]
async fn server_errors_and_rate_limits_on_callbacks_are_retried_and_answered_once() {
    within(BUDGET, "the whole test", async {
        let (logs, _guard) = capture_logs(LOGS);
        let bench = Setup::new().start().await;
        let fake = &bench.fake;

        // 500, 429, 503, then success: four attempts, pauses growing.
        fake.fail_next(CALLBACK, 1, FakeFault::ServerError(500));
        fake.fail_next(
            CALLBACK,
            1,
            FakeFault::RateLimited {
                retry_after_secs: 0.3,
            },
        );
        fake.fail_next(CALLBACK, 1, FakeFault::ServerError(503));
        let id = ask_point(fake, 7);
        assert_answered_once(&bench, id).await;
        let calls = callbacks_for(fake, id);
        assert_eq!(statuses(&calls), [500, 429, 503, 204]);
        let pauses: Vec<Duration> = calls.windows(2).map(|w| w[1].at - w[0].at).collect();
        for (pause, least) in pauses.iter().zip([250, 500, 1000]) {
            assert!(
                *pause >= Duration::from_millis(least),
                "backoff: {pauses:?}"
            );
        }
        assert!(pauses[1] >= Duration::from_millis(300), "retry_after kept");
        eprintln!("callback 500/429/503 → 204, pauses {pauses:?}");

        // Discord acts on the callback but answers 500: the retry is refused as already
        // acknowledged, which means the first attempt landed; nothing is sent twice.
        fake.fail_next(CALLBACK, 1, FakeFault::ServerErrorAfterEffect(500));
        let id = ask_point(fake, 8);
        fake.wait_for_call(
            |c| c.matches(&format!("POST /interactions/{id}/*/callback")) && c.status == 400,
            STEP,
        )
        .await
        .expect("retried once");
        assert_answered_once(&bench, id).await;
        assert_eq!(statuses(&callbacks_for(fake, id)), [500, 400]);

        // A callback that keeps failing is given up after four attempts.
        fake.fail_next(CALLBACK, 10, FakeFault::ServerError(503));
        let id = ask_point(fake, 9);
        // The bot tells its observer when it gives up; no attempt comes after that.
        assert_eq!(
            bench.outcome(Event::Interaction(id)).await,
            Outcome::NotDelivered
        );
        assert_eq!(statuses(&callbacks_for(fake, id)), [503, 503, 503, 503]);

        let log = logs.text();
        assert!(log.contains("sending the reply failed; retrying"), "{log}");
        assert!(
            log.contains("an earlier attempt had reached Discord; not answering twice"),
            "{log}"
        );
        assert_eq!(
            log.matches("the reply could not be delivered").count(),
            1,
            "only the interaction that kept failing: {log}"
        );
        assert_never_answered_twice(fake);
        bench.stop().await;
    })
    .await;
}

#[tokio::test]
async fn server_errors_and_rate_limits_on_channel_messages_are_retried_and_posted_once() {
    within(BUDGET, "the whole test", async {
        let bench = Setup::new().start().await;
        let fake = &bench.fake;
        let route = format!("POST /channels/{}/messages", fake.channel_id());
        let ask = |text: &str| {
            let question = fake.mention_create(text, MessageOpts::default());
            let id = id_of(&question);
            fake.dispatch("MESSAGE_CREATE", question)
                .expect("delivered");
            id
        };
        let replies_to = |question: u64| -> Vec<Value> {
            fake.bot_messages()
                .into_iter()
                .filter(|m| m["message_reference"]["message_id"] == json!(question.to_string()))
                .collect()
        };
        let attempts_for = |question: u64| -> Vec<u16> {
            fake.calls()
                .iter()
                .filter(|c| {
                    c.matches(&route)
                        && c.body["message_reference"]["message_id"] == json!(question.to_string())
                })
                .map(|c| c.status)
                .collect()
        };

        fake.fail_next(&route, 1, FakeFault::ServerError(500));
        fake.fail_next(
            &route,
            1,
            FakeFault::RateLimited {
                retry_after_secs: 0.2,
            },
        );
        let question = ask("nelegalna migracia");
        fake.wait_for_call(|c| c.matches(&route) && c.status == 200, STEP)
            .await
            .expect("posted after two retries");
        assert_eq!(attempts_for(question), [500, 429, 200]);
        assert_eq!(replies_to(question).len(), 1);
        let sent = fake
            .calls()
            .into_iter()
            .rfind(|c| c.matches(&route))
            .expect("a message call");
        assert_eq!(sent.body["nonce"], json!(question.to_string()));
        assert_eq!(sent.body["enforce_nonce"], json!(true));

        // Posted, but Discord answered 502: the retry carries the same nonce, and Discord
        // returns the message it already has instead of posting it again.
        let mark = fake.call_count();
        fake.fail_next(&route, 1, FakeFault::ServerErrorAfterEffect(502));
        let question = ask("obchodovanie s ludmi");
        fake.wait_for_call(
            |c| c.seq >= mark && c.matches(&route) && c.status == 200,
            STEP,
        )
        .await
        .expect("retried");
        assert!(
            matches!(
                bench.outcome(Event::Message(question)).await,
                Outcome::Answered(_)
            ),
            "the bot is done with the question, its reply delivered"
        );
        assert_eq!(attempts_for(question), [502, 200]);
        assert_eq!(replies_to(question).len(), 1, "posted once");
        bench.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_slow_callback_is_not_answered_twice_and_blocks_nothing() {
    within(BUDGET, "the whole test", async {
        let (logs, _guard) = capture_logs(LOGS);
        let bench = Setup::new().start().await;
        let fake = &bench.fake;
        // Discord takes the first callback but does not answer it until the test says so:
        // longer than the bot's 3 s limit for one attempt (serenity sets none).
        fake.fail_next(CALLBACK, 1, FakeFault::Hold);
        let slow = ask_point(fake, 4);
        assert!(wait_answered(fake, slow, STEP).await, "the slow one landed");

        // Others are answered meanwhile: the slow callback is still held.
        let other = ask_point(fake, 5);
        assert_answered_once(&bench, other).await;
        assert_eq!(
            statuses(&callbacks_for(fake, slow)),
            [204],
            "not held up by the slow callback"
        );

        // The bot gives up waiting after 3 s, tries again, is told the interaction is already
        // acknowledged, and takes that as delivered.
        let retried = fake
            .wait_for_call(
                |c| c.matches(&format!("POST /interactions/{slow}/*/callback")) && c.status == 400,
                Duration::from_secs(6),
            )
            .await
            .expect("one retry after the time limit");
        let waited = retried.at - callbacks_for(fake, slow)[0].at;
        assert!(waited >= Duration::from_secs(3), "{waited:?}");
        fake.release_held();
        assert_answered_once(&bench, slow).await;
        assert_eq!(statuses(&callbacks_for(fake, slow)), [204, 400]);
        let log = logs.text();
        assert!(log.contains("did not answer within 3000 ms"), "{log}");
        assert!(
            log.contains("an earlier attempt had reached Discord; not answering twice"),
            "{log}"
        );
        assert!(!log.contains("the reply could not be delivered"), "{log}");
        eprintln!("slow callback: retry after {} ms", waited.as_millis());
        bench.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_zombie_connection_is_replaced_and_the_bot_answers() {
    within(BUDGET, "the whole test", async {
        let bench = Setup::new()
            .fake(FakeDiscord::builder().heartbeat_interval(Duration::from_millis(300)))
            .start()
            .await;
        let fake = &bench.fake;
        let id = ask_point(fake, 1);
        assert_answered_once(&bench, id).await;

        // The connection stays open but its heartbeats are no longer acknowledged.
        let started = Instant::now();
        assert!(fake.zombify_connection(), "a connection was open");
        assert!(
            fake.wait_gateway(|g| g.connections >= 2 && g.live, Duration::from_secs(15))
                .await,
            "serenity noticed the missing ACKs and connected again: {:?}",
            fake.gateway_stats()
        );
        let took = started.elapsed();
        let id = ask_point(fake, 2);
        assert_answered_once(&bench, id).await;
        eprintln!(
            "zombie: new connection after {} ms, {:?}",
            took.as_millis(),
            fake.gateway_stats()
        );
        bench.stop().await;
    })
    .await;
}

#[tokio::test]
async fn an_api_that_never_answers_at_startup_fails_start_clearly() {
    within(BUDGET, "the whole test", async {
        let mut bench = Setup::new()
            .timing(Timing {
                connect_timeout: Duration::from_secs(1),
                ..timing()
            })
            .prepare()
            .await;
        let fake = &bench.fake;
        // Held for good: only the bot's own time limit can end the wait.
        fake.fail_next("GET /gateway", 1, FakeFault::Hold);
        let result = bench.try_launch().await;
        let fake = &bench.fake;
        let Err(error) = result else {
            panic!("start must fail when the API does not answer");
        };
        assert!(
            matches!(error, DiscordError::Unreachable { .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains(&fake.api_base()), "{error}");
        assert_eq!(fake.identify_count(), 0, "never connected the gateway");
    })
    .await;
}

/// A front on 127.0.0.1 for `target`: it cuts the first `refuse` connections as they arrive
/// (a machine whose network is not up yet), telling `refused` of each, then passes every
/// connection through to `target`.
async fn flaky_front(
    target: std::net::SocketAddr,
    refuse: usize,
) -> (String, tokio::sync::mpsc::UnboundedReceiver<usize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let (refused, seen) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut cut = 0;
        while let Ok((mut inbound, _)) = listener.accept().await {
            if cut < refuse {
                cut += 1;
                drop(inbound);
                let _ = refused.send(cut);
                continue;
            }
            tokio::spawn(async move {
                if let Ok(mut outbound) = tokio::net::TcpStream::connect(target).await {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    });
    (base, seen)
}

#[tokio::test]
async fn run_waits_out_a_discord_it_cannot_reach_yet_and_then_answers() {
    within(Duration::from_secs(60), "the whole test", async {
        let fake = fake_discord::fake().await;
        let target: std::net::SocketAddr = fake
            .api_base()
            .trim_start_matches("http://")
            .parse()
            .expect("the fake's address");
        let (front, mut refused) = flaky_front(target, 2).await;
        let bot = crate::support::bot_process::BotProcess::spawn(&fake, &front, None);
        for attempt in 1..=2 {
            assert_eq!(refused.recv().await, Some(attempt), "attempt {attempt} cut");
        }
        crate::support::exchange::wait_started(&fake, 0, 0).await;
        let logs = bot.stop().await;
        let retries: Vec<&str> = logs
            .lines()
            .filter(|l| l.contains("cannot reach Discord yet"))
            .collect();
        assert_eq!(retries.len(), 2, "one line per attempt:\n{logs}");
        for line in retries {
            let said = line.split("error=").nth(1).unwrap_or_default();
            let first = said.split(": ").next().unwrap_or_default();
            assert_eq!(
                said.matches(first).count(),
                1,
                "each cause said once: {line}"
            );
        }
    })
    .await;
}
