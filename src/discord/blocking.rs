//! The editor's calls (they read and write files, commit the index) run off
//! the async threads; a change that takes long gets its interaction deferred,
//! as Discord wants an answer within 3 s.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use super::deliver::{self, Target};
use super::respond;
use crate::moderation::{Editor, ModerationError};

/// How long a change may take before its interaction is deferred.
const DEFER_AFTER: Duration = Duration::from_secs(2);

type Joined<T> = Result<Result<T, ModerationError>, tokio::task::JoinError>;

fn flatten<T>(joined: Joined<T>) -> Result<T, ModerationError> {
    joined.unwrap_or_else(|error| {
        Err(ModerationError::Write(std::io::Error::other(format!(
            "the change was interrupted: {error}"
        ))))
    })
}

/// Runs a blocking core call; without an editor it is refused as read-only.
pub async fn blocking<T: Send + 'static>(
    editor: Option<&Arc<Editor>>,
    call: impl FnOnce(&Editor) -> Result<T, ModerationError> + Send + 'static,
) -> Result<T, ModerationError> {
    let editor = editor.ok_or(ModerationError::ReadOnly)?.clone();
    flatten(tokio::task::spawn_blocking(move || call(&editor)).await)
}

/// Runs a change (a blocking core call); if it takes longer than
/// [`DEFER_AFTER`], acknowledges the interaction with `defer` meanwhile.
/// Returns its result and whether the interaction was deferred (then the
/// answer is an edit of the response).
pub async fn change<T, D, DF>(
    editor: Option<&Arc<Editor>>,
    call: impl FnOnce(&Editor) -> Result<T, ModerationError> + Send + 'static,
    defer: D,
) -> (Result<T, ModerationError>, bool)
where
    T: Send + 'static,
    D: FnMut() -> DF,
    DF: Future<Output = Result<(), serenity::Error>>,
{
    let Some(editor) = editor.cloned() else {
        return (Err(ModerationError::ReadOnly), false);
    };
    let mut task = tokio::task::spawn_blocking(move || call(&editor));
    match tokio::time::timeout(DEFER_AFTER, &mut task).await {
        Ok(joined) => (flatten(joined), false),
        Err(_) => {
            tracing::info!("the change takes a while; the reply is deferred");
            let deferral = deliver::with_retry(Target::Interaction, defer).await;
            respond::log_failure("deferral", deferral);
            (flatten(task.await), true)
        }
    }
}
