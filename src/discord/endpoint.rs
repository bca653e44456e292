//! Discord's HTTP interactions endpoint (`[interactions]`): every request
//! verified before anything reads it — an Ed25519 signature over the
//! timestamp and the body with the application's public key, and a
//! timestamp no further from now than `max_age_secs` (a replayed request) —
//! else `401` and nothing more, as Discord requires (it sends bad
//! signatures on purpose). A PING gets its PONG; everything else is decoded
//! as the gateway's interactions are and answered by the same handler,
//! through Discord's callback, while the request gets `202`.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serenity::all::{Http, Interaction};
use serenity::interactions_endpoint::Verifier;

use super::DiscordError;
use super::handler::Handler;
use crate::config::InteractionsConfig;

/// What every request is checked and answered with.
#[derive(Clone)]
struct Endpoint {
    verifier: Verifier,
    max_age_secs: u64,
    handler: Arc<Handler>,
    http: Arc<Http>,
}

/// Serves the endpoint until `stop` is notified.
pub async fn serve(
    config: &InteractionsConfig,
    handler: Arc<Handler>,
    http: Arc<Http>,
    stop: Arc<tokio::sync::Notify>,
) -> Result<(), DiscordError> {
    let key = parse_key(&config.public_key).ok_or_else(|| DiscordError::Endpoint {
        addr: config.listen,
        source: std::io::Error::other("interactions.public_key is not a valid Ed25519 key"),
    })?;
    let endpoint = Endpoint {
        verifier: key,
        max_age_secs: config.max_age_secs,
        handler,
        http,
    };
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| DiscordError::Endpoint {
            addr: config.listen,
            source,
        })?;
    let router = axum::Router::new()
        .route(&config.path, axum::routing::post(receive))
        .with_state(endpoint);
    let addr = config.listen;
    tracing::info!(%addr, path = %config.path, "serving Discord's interactions endpoint");
    tokio::spawn(async move {
        let served = axum::serve(listener, router)
            .with_graceful_shutdown(async move { stop.notified().await })
            .await;
        if let Err(error) = served {
            tracing::error!(%error, %addr, "the interactions endpoint stopped");
        }
    });
    Ok(())
}

/// The portal's hex key as a verifier.
fn parse_key(hex: &str) -> Option<Verifier> {
    if hex.len() != 64 {
        return None;
    }
    let mut bytes = [0u8; 32];
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Verifier::try_new(bytes).ok()
}

/// Whether the request is Discord's, signed now: the headers there, the
/// timestamp fresh, the signature good. Nothing else is read before.
fn verified(endpoint: &Endpoint, headers: &HeaderMap, body: &[u8]) -> bool {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let (Some(signature), Some(timestamp)) = (
        header("x-signature-ed25519"),
        header("x-signature-timestamp"),
    ) else {
        return false;
    };
    let Ok(signed_at) = timestamp.parse::<u64>() else {
        return false;
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    if now.abs_diff(signed_at) > endpoint.max_age_secs {
        return false;
    }
    endpoint.verifier.verify(signature, timestamp, body).is_ok()
}

async fn receive(State(endpoint): State<Endpoint>, headers: HeaderMap, body: Bytes) -> Response {
    if !verified(&endpoint, &headers, &body) {
        tracing::debug!("an interactions request failed verification");
        return StatusCode::UNAUTHORIZED.into_response();
    }
    #[derive(serde::Deserialize)]
    struct Kind {
        #[serde(rename = "type")]
        kind: u8,
    }
    match serde_json::from_slice::<Kind>(&body) {
        Ok(Kind { kind: 1 }) => {
            return (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/json")],
                r#"{"type":1}"#,
            )
                .into_response();
        }
        Ok(_) => {}
        Err(_) => return StatusCode::BAD_REQUEST.into_response(),
    }
    let interaction = match serde_json::from_slice::<Interaction>(&body) {
        Ok(interaction) => interaction,
        Err(error) => {
            tracing::warn!(%error, "an interaction the bot cannot read");
            return StatusCode::BAD_REQUEST.into_response();
        }
    };
    // Answered through the callback, as on the gateway; the request is
    // acknowledged at once.
    tokio::spawn(async move {
        endpoint
            .handler
            .on_interaction(&endpoint.http, interaction)
            .await;
    });
    StatusCode::ACCEPTED.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_whole_valid_key_is_taken() {
        let key = "67c6bd767ca099e79efac9fcce4d2022a63bf7dea780e7f3d813f694c1597089";
        assert!(parse_key(key).is_some());
        assert!(parse_key(&key[..62]).is_none());
        assert!(parse_key(&key.replace('6', "x")).is_none());
    }
}
