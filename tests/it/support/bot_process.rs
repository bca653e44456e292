//! `missionbot run` as an operator starts it, against the fake Discord: config from a file, token
//! from the environment; stopped with SIGTERM, its exit and its logs read back.

use std::path::Path;
use std::process::Stdio;

use tokio::io::AsyncReadExt;
use tokio::process::{Child, Command};
use tokio::task::JoinHandle;

use fake_discord::FakeDiscord;

use super::budget::{STEP, within};
use super::exchange::wait_started;
use super::shipped::{self, MISSIONBOT};

/// The running binary. Dropping it kills the process.
pub struct BotProcess {
    child: Child,
    /// Its stderr, read while it runs so a busy bot never blocks on a full pipe.
    stderr: JoinHandle<Vec<u8>>,
    _dir: tempfile::TempDir,
}

impl BotProcess {
    /// Starts `missionbot run` with `RUST_LOG` set to `rust_log` (unset for `None`) and waits
    /// until its session is live and its commands registered.
    pub async fn start(fake: &FakeDiscord, rust_log: Option<&str>) -> Self {
        let process = Self::spawn(fake, &fake.api_base(), rust_log);
        wait_started(fake, 0, 0).await;
        process
    }

    /// Starts `missionbot run` reaching `fake` through `api_base` (a proxy in front of it),
    /// without waiting for anything.
    pub fn spawn(fake: &FakeDiscord, api_base: &str, rust_log: Option<&str>) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut command = Command::new(MISSIONBOT);
        command
            .arg("--config")
            .arg(write_config(fake, api_base, dir.path()))
            .arg("run")
            .env("DISCORD_TOKEN", fake.token())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        match rust_log {
            Some(filter) => command.env("RUST_LOG", filter),
            None => command.env_remove("RUST_LOG"),
        };
        let mut child = command.spawn().expect("missionbot starts");
        let mut pipe = child.stderr.take().expect("stderr is piped");
        let stderr = tokio::spawn(async move {
            let mut logs = Vec::new();
            let _ = pipe.read_to_end(&mut logs).await;
            logs
        });
        Self {
            child,
            stderr,
            _dir: dir,
        }
    }

    /// The process id, for /proc.
    pub fn pid(&self) -> u32 {
        self.child.id().expect("running")
    }

    /// Sends SIGTERM, waits for the process to end, asserts it exited successfully and returns
    /// what it logged.
    pub async fn stop(mut self) -> String {
        let killed = std::process::Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status()
            .expect("kill runs");
        assert!(killed.success());
        let status = within(STEP, "missionbot stopping on SIGTERM", self.child.wait())
            .await
            .expect("missionbot ends");
        let logs = self.stderr.await.expect("stderr read to its end");
        let logs = String::from_utf8_lossy(&logs).into_owned();
        assert!(status.success(), "{status:?}\n{logs}");
        logs
    }
}

/// Writes a `config.toml` into `dir` that points `missionbot run` at `fake` through
/// `api_base` (commands in its guild, one shard, no cooldown) and uses the crate's shipped
/// knowledge; returns its path.
fn write_config(fake: &FakeDiscord, api_base: &str, dir: &Path) -> std::path::PathBuf {
    let config = dir.join("config.toml");
    std::fs::write(
        &config,
        format!(
            "knowledge = {:?}\nindex = \"index\"\n\n[discord]\nguilds = [{}]\n\
             api_base = {:?}\nshards = 1\ncooldown_secs = 0.0\n",
            shipped::knowledge_dir().display().to_string(),
            fake.guild_id(),
            api_base
        ),
    )
    .expect("write config");
    config
}
