//! A throw-away PostgreSQL cluster for one test, started through the repository's script
//! (`tests/pg/cluster.sh`: Debian's `postgresql` package, its own port from 55432, its own
//! socket directory), crashed and restarted on demand, stopped and removed on drop. Without
//! PostgreSQL installed a test says it is skipped, and fails when `MISSIONBOT_REQUIRE_POSTGRES=1`
//! (as CI sets it).

use std::path::PathBuf;
use std::process::Command;

use super::shipped::root;

/// A running cluster. Dropping it stops and removes it.
pub struct Cluster {
    dir: tempfile::TempDir,
    url: String,
    databases: usize,
}

fn script() -> PathBuf {
    root().join("tests/pg/cluster.sh")
}

fn installed() -> bool {
    std::fs::read_dir("/usr/lib/postgresql")
        .map(|versions| {
            versions
                .filter_map(Result::ok)
                .any(|v| v.path().join("bin/pg_ctl").is_file())
        })
        .unwrap_or(false)
}

impl Cluster {
    /// Starts one, or says why the test cannot run: a failure when CI requires PostgreSQL,
    /// else `None` after printing why it is skipped.
    pub fn start_or_skip(test: &str) -> Option<Self> {
        if !installed() {
            let why = "PostgreSQL is not installed (apt-get install postgresql)";
            if std::env::var("MISSIONBOT_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
                panic!("{test}: {why}, and MISSIONBOT_REQUIRE_POSTGRES=1 requires it");
            }
            eprintln!("skipped: {test}: {why}");
            return None;
        }
        let dir = tempfile::Builder::new()
            .prefix("missionbot-pg-")
            .tempdir()
            .expect("temp dir");
        let output = Command::new("bash")
            .arg(script())
            .arg(dir.path())
            .arg("start")
            .output()
            .expect("the cluster script runs");
        assert!(
            output.status.success(),
            "the cluster did not start: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let url = String::from_utf8_lossy(&output.stdout).trim().to_string();
        Some(Self {
            dir,
            url,
            databases: 0,
        })
    }

    fn script(&self, action: &str) {
        let status = Command::new("bash")
            .arg(script())
            .arg(self.dir.path())
            .arg(action)
            .status()
            .expect("the cluster script runs");
        assert!(status.success(), "cluster {action}");
    }

    /// A new, empty database; its URL.
    pub fn database(&mut self) -> String {
        self.databases += 1;
        let name = format!("bot{}", self.databases);
        let status = Command::new("psql")
            .arg(format!("{}/postgres", self.url))
            .args(["-qc", &format!("CREATE DATABASE {name}")])
            .status()
            .expect("psql runs");
        assert!(status.success(), "create database {name}");
        format!("{}/{name}", self.url)
    }

    /// One value from `sql` in the database at `url`, as psql prints it.
    pub fn query(&self, url: &str, sql: &str) -> String {
        let output = Command::new("psql")
            .arg(url)
            .args(["-tAc", sql])
            .output()
            .expect("psql runs");
        assert!(
            output.status.success(),
            "{sql}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    }

    /// Stops the server at once, as a killed one (committed rows stay).
    pub fn crash(&self) {
        self.script("crash");
    }

    /// Starts it again on the same port.
    pub fn restart(&self) {
        self.script("restart");
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(script())
            .arg(self.dir.path())
            .arg("stop")
            .status();
    }
}
