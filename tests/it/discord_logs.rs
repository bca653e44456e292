//! Logs of `missionbot run` (issue 7, item 6): one span per command with its name, source,
//! latency and outcome; no token and no question text at info level, serenity's own info lines
//! included; `RUST_LOG` honoured. Runs the binary against the fake Discord.

use std::time::Duration;

use fake_discord::{FakeDiscord, InteractionOpts, fake};

use crate::support::bot_process::BotProcess;
use crate::support::budget::within;
use crate::support::exchange::{ask_by_mention, slash};

const BUDGET: Duration = Duration::from_secs(20);
const SECRET_ASK: &str = "tajna otazka pre slash";
const SECRET_MENTION: &str = "tajna otazka v sprave";

/// Runs `missionbot run` with `RUST_LOG` (unset for `None`), asks one `/ask` and one mention
/// with secret words, stops it with SIGTERM and returns its stderr.
async fn logs_of_a_run(rust_log: Option<&str>) -> (String, String) {
    logs_of_a_run_on(fake().await, rust_log).await
}

/// [`logs_of_a_run`] against `fake`.
async fn logs_of_a_run_on(fake: FakeDiscord, rust_log: Option<&str>) -> (String, String) {
    let bot = BotProcess::start(&fake, rust_log).await;

    slash(
        &fake,
        &format!("/ask question:{SECRET_ASK}"),
        &InteractionOpts::default().locale("cs"),
    )
    .await;
    ask_by_mention(&fake, SECRET_MENTION).await;
    (bot.stop().await, fake.token())
}

/// Every way a log line may render `secret`'s bytes: as text, as hex (either case), and as a
/// list of decimal bytes (with or without spaces), as frame traces print payloads.
fn renderings(secret: &str) -> Vec<String> {
    let bytes = secret.as_bytes();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let decimal: Vec<String> = bytes.iter().map(u8::to_string).collect();
    vec![
        secret.to_string(),
        hex.clone(),
        hex.to_uppercase(),
        decimal.join(", "),
        decimal.join(","),
    ]
}

fn assert_private(logs: &str, token: &str) {
    // The whole token, and each of its three parts long enough to be telling.
    for part in std::iter::once(token).chain(token.split('.').filter(|p| p.len() > 6)) {
        for rendering in renderings(part) {
            assert!(
                !logs.contains(&rendering),
                "the token is logged (as {rendering:?}):\n{logs}"
            );
        }
    }
    for secret in [SECRET_ASK, SECRET_MENTION, "tajna"] {
        assert!(!logs.contains(secret), "question text is logged:\n{logs}");
    }
}

#[tokio::test]
async fn by_default_each_command_logs_its_name_latency_and_outcome_and_nothing_private() {
    within(BUDGET, "the whole test", async {
        let (logs, token) = logs_of_a_run(None).await;
        assert_private(&logs, &token);
        let answered: Vec<&str> = logs.lines().filter(|l| l.contains("answered")).collect();
        assert_eq!(answered.len(), 2, "one line per command:\n{logs}");
        for (line, source) in answered.iter().zip(["slash", "message"]) {
            for field in [
                "command{command=\"ask\"",
                &format!("source=\"{source}\""),
                "latency_ms=",
                "outcome=",
                " INFO ",
            ] {
                assert!(line.contains(field), "{field} in {line}");
            }
        }
        assert!(logs.contains("connected to Discord"), "{logs}");
        assert!(!logs.contains('\x1b'), "no colour codes in a pipe:\n{logs}");
    })
    .await;
}

#[tokio::test]
async fn rust_log_info_keeps_questions_private_even_in_serenitys_lines() {
    within(BUDGET, "the whole test", async {
        let (logs, token) = logs_of_a_run(Some("info")).await;
        assert_private(&logs, &token);
        assert!(logs.contains("answered"), "{logs}");
    })
    .await;
}

#[tokio::test]
async fn rust_log_trace_shows_no_token_and_no_question_in_any_rendering() {
    within(BUDGET, "the whole test", async {
        // A token of Discord's shape whose every part is its own: none of it can occur in
        // a log line by chance, so finding it means it leaked.
        let fake = FakeDiscord::builder()
            .token("MTE4NzM2OTQ1NTIwMTIzMjkxMg.Gq7XkR.vT9wqZp3LmN8cYbH2dFsJ6uKeA1oRiWx4gE0")
            .start()
            .await
            .expect("fake discord starts");
        let (logs, token) = logs_of_a_run_on(fake, Some("trace")).await;
        assert!(
            logs.contains("TRACE") || logs.contains("DEBUG"),
            "trace was asked for:\n{logs}"
        );
        assert_private(&logs, &token);
    })
    .await;
}

#[tokio::test]
async fn rust_log_is_honoured() {
    within(BUDGET, "the whole test", async {
        let (logs, token) = logs_of_a_run(Some("warn")).await;
        assert_private(&logs, &token);
        assert!(
            !logs.contains(" INFO ") && !logs.contains("answered"),
            "warn hides info lines:\n{logs}"
        );

        let (logs, _) = logs_of_a_run(Some("off")).await;
        assert_eq!(logs, "", "off is silent");
    })
    .await;
}
