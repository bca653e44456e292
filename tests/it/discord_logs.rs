//! Logs of `missionbot run` (issue 7, item 6): one span per command with its name, source,
//! latency and outcome; no token and no question text at info level, serenity's own info lines
//! included; `RUST_LOG` honoured. Runs the binary against the fake Discord.

use std::time::Duration;

use fake_discord::{InteractionOpts, fake};

use crate::support::bot_process::BotProcess;
use crate::support::budget::within;
use crate::support::exchange::{ask_by_mention, slash};

const BUDGET: Duration = Duration::from_secs(20);
const SECRET_ASK: &str = "tajna otazka pre slash";
const SECRET_MENTION: &str = "tajna otazka v sprave";

/// Runs `missionbot run` with `RUST_LOG` (unset for `None`), asks one `/ask` and one mention
/// with secret words, stops it with SIGTERM and returns its stderr.
async fn logs_of_a_run(rust_log: Option<&str>) -> (String, String) {
    let fake = fake().await;
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

fn assert_private(logs: &str, token: &str) {
    assert!(!logs.contains(token), "the token is logged:\n{logs}");
    let token_parts: Vec<&str> = token.split('.').collect();
    assert!(
        !token_parts
            .iter()
            .any(|part| part.len() > 6 && logs.contains(part)),
        "part of the token is logged:\n{logs}"
    );
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
