//! The tracing span each handled command runs in (its name and source now,
//! latency and outcome when done) and the line logged when its reply goes
//! out. Never the question: questions stay private.

use std::time::Instant;

use tracing::field;

use super::commands;
use super::observer::Outcome;
use crate::reply::ReplyKind;

pub fn command_span(command: &'static str, source: &'static str) -> tracing::Span {
    tracing::info_span!(
        "command",
        command,
        source,
        interaction = field::Empty,
        message_id = field::Empty,
        latency_ms = field::Empty,
        outcome = field::Empty
    )
}

/// The span of an interaction's command, naming the interaction (a snowflake,
/// never its text), so its lines (the reply's "answered" above all) can be
/// told from others'.
pub fn interaction_span(command: &'static str, source: &'static str, id: u64) -> tracing::Span {
    let span = command_span(command, source);
    span.record("interaction", id);
    span
}

/// A moderator command's name as a `'static` span field.
pub fn moderator_command(name: &str) -> &'static str {
    commands::find(name)
        .filter(|command| command.audience == commands::Audience::Moderators)
        .map_or("moderator", |command| command.name)
}

/// Records how a reply started at `started` went out, in the current span
/// and in the log; returns it for the observer.
pub fn finish(started: Instant, kind: ReplyKind, result: Result<(), serenity::Error>) -> Outcome {
    let span = tracing::Span::current();
    let latency_ms = started.elapsed().as_millis() as u64;
    span.record("latency_ms", latency_ms);
    match result {
        Ok(()) => {
            span.record("outcome", format!("{kind:?}"));
            tracing::info!(latency_ms, outcome = ?kind, "answered");
            Outcome::Answered(kind)
        }
        Err(error) => {
            span.record("outcome", "not delivered");
            tracing::warn!(
                latency_ms,
                error = super::deliver::describe(&error),
                "the reply could not be delivered"
            );
            Outcome::NotDelivered
        }
    }
}
