//! Getting a [`Reply`] to Discord: the embed (parts from [`render::markdown`],
//! already within Discord's limits), no mentions ever, and sending with a
//! bounded retry, because in proxy mode serenity retries nothing (and its
//! HTTP client never gives up waiting). Every retry is safe: an interaction
//! takes one response only, and channel messages carry an enforced nonce.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};
use serenity::all::{CreateAllowedMentions, CreateEmbed, CreateEmbedFooter, CreateMessage, Nonce};
use serenity::http::HttpError;

use crate::reply::render;
use crate::reply::{Reply, ReplyKind};

/// First pause after a failure; it doubles (plus jitter, so that many
/// replies failing at once do not all come back at the same moment).
/// Discord's `retry_after` for an interaction callback is a fraction of a
/// second, and serenity cannot read it from a 429 in proxy mode (the body has
/// no `code`, so it is not decoded, and the headers are dropped), so this
/// stands in for it.
const FIRST_PAUSE: Duration = Duration::from_millis(250);
/// Longest pause between two attempts.
const MAX_PAUSE: Duration = Duration::from_secs(2);

/// Discord's "Interaction has already been acknowledged": answering again
/// would be wrong, so it ends retrying (and, after an attempt that may have
/// landed, means that attempt did).
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
    embed_linked(reply, None)
}

/// The reply as one embed, each citation linked to its passage on the site
/// at `site` (`[site] url`) when there is one.
pub fn embed_linked(reply: &Reply, site: Option<&str>) -> CreateEmbed {
    let parts = render::markdown_linked(reply, site);
    let mut embed = CreateEmbed::new()
        .title(parts.title)
        .colour(colour(reply.kind));
    if let Some(url) = parts.url {
        embed = embed.url(url);
    }
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

/// Whether Discord answered a failed request with this status and code
/// means sending again may succeed: it rate-limited us (429) or failed on its
/// side (5xx). Sending again never does anything twice, because everything
/// sent through [`with_retry`] is idempotent ([`Target`]); a duplicate
/// interaction response is refused with 40060, which ends retrying.
fn retryable_failure(status: u16, code: isize) -> bool {
    match (status, code) {
        (_, ALREADY_ACKNOWLEDGED) => false,
        (429, _) => true,
        (500..=599, _) => true,
        _ => false,
    }
}

/// How one attempt went wrong.
#[derive(Debug)]
enum Failure {
    /// serenity's error.
    Error(serenity::Error),
    /// No answer within the attempt's time limit (serenity sets none).
    TimedOut(Duration),
}

impl Failure {
    /// Whether another attempt may succeed.
    fn retryable(&self) -> bool {
        match self {
            Self::TimedOut(_) => true,
            Self::Error(serenity::Error::Http(HttpError::Request(_))) => true,
            Self::Error(error) => {
                http_failure(error).is_some_and(|(status, code)| retryable_failure(status, code))
            }
        }
    }

    /// Whether Discord may have acted on the request although it failed: it
    /// was sent, and the answer was an error from Discord's side, or none.
    fn may_have_landed(&self) -> bool {
        match self {
            Self::TimedOut(_) => true,
            Self::Error(serenity::Error::Http(HttpError::Request(request))) => {
                !request.is_connect()
            }
            Self::Error(error) => {
                http_failure(error).is_some_and(|(status, _)| (500..=599).contains(&status))
            }
        }
    }

    fn describe(&self) -> String {
        match self {
            Self::Error(error) => describe(error),
            Self::TimedOut(limit) => {
                format!("Discord did not answer within {} ms", limit.as_millis())
            }
        }
    }

    fn into_error(self) -> serenity::Error {
        match self {
            Self::Error(error) => error,
            Self::TimedOut(_) => serenity::Error::Other("the request to Discord timed out"),
        }
    }
}

/// What is being sent: how many attempts it gets and how long each may take.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// An interaction response: Discord accepts only one per interaction (a
    /// duplicate gets 40060), so a retry can never answer twice. It must
    /// arrive within 3 s of the interaction, so attempts are short and few.
    Interaction,
    /// A channel message built by [`reply_to`]: its nonce is enforced, so
    /// Discord returns the message already posted instead of posting again.
    Message,
}

impl Target {
    fn attempts(self) -> usize {
        match self {
            Self::Interaction => 4,
            Self::Message => 5,
        }
    }

    /// How long one attempt may wait for Discord. serenity's HTTP client has
    /// no timeout: without this, a request Discord never answers would hold
    /// its task forever.
    fn attempt_limit(self) -> Duration {
        match self {
            // After 3 s Discord no longer takes the response anyway.
            Self::Interaction => Duration::from_secs(3),
            Self::Message => Duration::from_secs(10),
        }
    }
}

/// A reply in the channel of `question`, referring to it, pinging nobody,
/// with the question's id as an enforced nonce: sending it again (a retry
/// after an error that may have hidden success) cannot post it twice.
pub fn reply_to(question: &serenity::all::Message) -> CreateMessage {
    CreateMessage::new()
        .reference_message(question)
        .allowed_mentions(no_mentions())
        .nonce(Nonce::String(question.id.to_string()))
        .enforce_nonce(true)
}

/// Runs `send` until it succeeds, at most [`Target::attempts`] times, each
/// attempt bounded by [`Target::attempt_limit`], pausing between tries with
/// exponential backoff; logs each retry. An interaction refused as already
/// acknowledged after an attempt that may have landed counts as delivered:
/// that attempt did land, and answering again would answer twice.
pub async fn with_retry<F, Fut>(target: Target, mut send: F) -> Result<(), serenity::Error>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<(), serenity::Error>>,
{
    let limit = target.attempt_limit();
    let landed = AtomicBool::new(false);
    let landed = &landed;
    let attempt = || {
        let sent = send();
        async move {
            let failure = match tokio::time::timeout(limit, sent).await {
                Ok(Ok(())) => return Ok(()),
                Ok(Err(error)) => Failure::Error(error),
                Err(_) => Failure::TimedOut(limit),
            };
            let acknowledged = matches!(
                &failure,
                Failure::Error(error)
                    if http_failure(error).is_some_and(|(_, code)| code == ALREADY_ACKNOWLEDGED)
            );
            if acknowledged && landed.load(Ordering::SeqCst) {
                tracing::info!(
                    ?target,
                    "an earlier attempt had reached Discord; not answering twice"
                );
                return Ok(());
            }
            if failure.may_have_landed() {
                landed.store(true, Ordering::SeqCst);
            }
            Err(failure)
        }
    };
    attempt
        .retry(
            ExponentialBuilder::new()
                .with_min_delay(FIRST_PAUSE)
                .with_max_delay(MAX_PAUSE)
                .with_jitter()
                .with_max_times(target.attempts() - 1),
        )
        .when(Failure::retryable)
        .notify(|failure, pause| {
            let status = match failure {
                Failure::Error(error) => http_failure(error).map(|(status, _)| status),
                Failure::TimedOut(_) => None,
            };
            tracing::warn!(
                ?target,
                ?status,
                error = failure.describe(),
                pause_ms = pause.as_millis() as u64,
                "sending the reply failed; retrying"
            );
        })
        .await
        .map_err(Failure::into_error)
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
        for (status, code, expected) in [
            (429, -1, true),
            (500, 0, true),
            (503, 0, true),
            (400, ALREADY_ACKNOWLEDGED, false),
            (400, 50035, false),
            (404, 10062, false),
            (401, 0, false),
        ] {
            assert_eq!(retryable_failure(status, code), expected, "{status} {code}");
        }
        let timed_out = Failure::TimedOut(Duration::from_secs(3));
        assert!(timed_out.retryable() && timed_out.may_have_landed());
        assert!(timed_out.describe().contains("3000 ms"));
    }

    #[tokio::test]
    async fn errors_other_than_http_are_not_retried() {
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
