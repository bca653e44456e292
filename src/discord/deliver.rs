//! Getting a [`Reply`] to Discord: the embed (parts from [`render::markdown`],
//! already within Discord's limits), no mentions ever, and sending with a
//! bounded retry, because in proxy mode serenity retries nothing.

use std::future::Future;
use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};
use serenity::all::{CreateAllowedMentions, CreateEmbed, CreateEmbedFooter};
use serenity::http::HttpError;

use crate::render;
use crate::reply::{Reply, ReplyKind};

/// Attempts for one message before giving up (the first try and two retries).
const ATTEMPTS: usize = 3;
/// First pause after a failure; it doubles. Discord's `retry_after` for an
/// interaction callback is a fraction of a second, and serenity cannot read
/// it from a 429 in proxy mode, so this stands in for it.
const FIRST_PAUSE: Duration = Duration::from_millis(250);

/// Discord's "Interaction has already been acknowledged": answering again
/// would be wrong, so it ends retrying.
const ALREADY_ACKNOWLEDGED: isize = 40060;

/// A colour per kind, so a problem looks different from an answer at a glance.
fn colour(kind: ReplyKind) -> u32 {
    match kind {
        ReplyKind::Passage => 0x2b6cb0,
        ReplyKind::Overview => 0x2f855a,
        ReplyKind::Answer => 0x6b46c1,
        ReplyKind::NothingRelevant => 0x718096,
        ReplyKind::Problem => 0xc05621,
    }
}

/// The reply as one embed.
pub fn embed(reply: &Reply) -> CreateEmbed {
    let parts = render::markdown(reply);
    let mut embed = CreateEmbed::new()
        .title(parts.title)
        .colour(colour(reply.kind));
    if !parts.description.is_empty() {
        embed = embed.description(parts.description);
    }
    for (name, value) in parts.fields {
        embed = embed.field(name, value, false);
    }
    if let Some(footer) = parts.footer {
        embed = embed.footer(CreateEmbedFooter::new(footer));
    }
    embed
}

/// Nobody is pinged by anything the bot sends: not `@everyone`, not a role,
/// not a user, not even the author of a message it replies to.
pub fn no_mentions() -> CreateAllowedMentions {
    CreateAllowedMentions::new().replied_user(false)
}

/// An error for the log. A failed request's URL is left out: an interaction
/// callback's URL holds the interaction's token.
pub fn describe(error: &serenity::Error) -> String {
    match error {
        serenity::Error::Http(HttpError::Request(request)) => {
            let what = if request.is_timeout() {
                "the request to Discord timed out"
            } else if request.is_connect() {
                "cannot connect to Discord"
            } else {
                "the request to Discord failed"
            };
            match request.status() {
                Some(status) => format!("{what} ({status})"),
                None => what.to_string(),
            }
        }
        other => other.to_string(),
    }
}

/// The HTTP status and Discord error code of a failed request, if it was one.
fn http_failure(error: &serenity::Error) -> Option<(u16, isize)> {
    match error {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(response)) => {
            Some((response.status_code.as_u16(), response.error.code))
        }
        _ => None,
    }
}

/// Whether sending again may succeed without doing anything twice: Discord
/// rate-limited us (429, no side effect) or failed on its side (5xx). For a
/// channel message a 5xx may have been posted anyway, so only 429 counts.
fn retryable(error: &serenity::Error, idempotent: bool) -> bool {
    http_failure(error).is_some_and(|(status, code)| retryable_failure(status, code, idempotent))
}

fn retryable_failure(status: u16, code: isize, idempotent: bool) -> bool {
    match (status, code) {
        (_, ALREADY_ACKNOWLEDGED) => false,
        (429, _) => true,
        (500..=599, _) => idempotent,
        _ => false,
    }
}

/// What is being sent, for the retry log line.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// An interaction response: Discord accepts only one per interaction, so a
    /// retry can never post twice (a duplicate gets 40060).
    Interaction,
    /// A channel message.
    Message,
}

/// Runs `send` until it succeeds, at most [`ATTEMPTS`] times, pausing
/// between tries; logs each retry.
pub async fn with_retry<F, Fut>(target: Target, send: F) -> Result<(), serenity::Error>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<(), serenity::Error>>,
{
    let idempotent = matches!(target, Target::Interaction);
    send.retry(
        ExponentialBuilder::new()
            .with_min_delay(FIRST_PAUSE)
            .with_max_delay(Duration::from_secs(2))
            .with_max_times(ATTEMPTS - 1),
    )
    .when(|error| retryable(error, idempotent))
    .notify(|error, pause| {
        let status = http_failure(error).map(|(status, _)| status);
        tracing::warn!(
            ?target,
            ?status,
            error = describe(error),
            pause_ms = pause.as_millis() as u64,
            "sending the reply failed; retrying"
        );
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::RichText;

    #[test]
    fn every_kind_has_its_colour_and_embeds_serialize() {
        let reply = Reply::notice(ReplyKind::Problem, "Taký bod neexistuje", "Bod 13 …");
        let json = serde_json::to_value(embed(&reply)).expect("serializes");
        assert_eq!(json["title"], "Taký bod neexistuje");
        assert_eq!(json["color"], colour(ReplyKind::Problem));
        let empty = Reply {
            body: RichText::default(),
            ..reply
        };
        let json = serde_json::to_value(embed(&empty)).expect("serializes");
        assert!(json.get("description").is_none(), "{json}");
    }

    #[test]
    fn no_mentions_parses_nothing() {
        let json = serde_json::to_value(no_mentions()).expect("serializes");
        assert_eq!(json["parse"], serde_json::json!([]));
        assert_eq!(json["replied_user"], false);
    }

    #[test]
    fn only_rate_limits_and_server_errors_are_retried() {
        for (status, code, idempotent, expected) in [
            (429, -1, true, true),
            (429, -1, false, true),
            (503, 0, true, true),
            (503, 0, false, false),
            (400, ALREADY_ACKNOWLEDGED, true, false),
            (400, 50035, true, false),
            (404, 10062, true, false),
            (401, 0, true, false),
        ] {
            assert_eq!(
                retryable_failure(status, code, idempotent),
                expected,
                "{status} {code} idempotent={idempotent}"
            );
        }
    }

    #[tokio::test]
    async fn gives_up_after_three_attempts_and_not_on_other_errors() {
        let mut tries = 0;
        let result = with_retry(Target::Interaction, || {
            tries += 1;
            async { Err(serenity::Error::Other("not HTTP")) }
        })
        .await;
        assert!(result.is_err());
        assert_eq!(tries, 1, "only HTTP 429/5xx are retried");
    }
}
