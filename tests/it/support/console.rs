//! A `missionbot console` kept running on a workspace: lines written to its stdin, and its
//! stdout and stderr read as they come, so a test waits for what it printed (or, where the log
//! is what it checks, logged), each wait bounded and failing with everything seen so far,
//! instead of for a while.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use super::workspace::Workspace;

/// Upper bound for one awaited line (they take milliseconds; a loaded machine, seconds).
pub const LINE_WAIT: Duration = Duration::from_secs(30);

/// Which of the console's outputs a line came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// The running console. Dropping it kills the process.
pub struct Console {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<(Stream, String)>,
    /// Everything read so far, in order.
    pub seen: Vec<(Stream, String)>,
}

impl Console {
    /// Starts `missionbot console ARGS` on `ws`, logging at info, with `envs` set.
    pub fn start(ws: &Workspace, args: &[&str], envs: &[(&str, &str)]) -> Self {
        let mut command = ws.command(&[&["console"], args].concat());
        for (name, value) in envs {
            command.env(name, value);
        }
        Self::spawn(command)
    }

    /// Starts this test binary's test `name` (an ignored test that runs a console of its own,
    /// built by the test with what it injects) as a process, with `envs` set.
    pub fn start_test(name: &str, envs: &[(&str, &str)]) -> Self {
        let exe = std::env::current_exe().expect("the test binary");
        let mut command = std::process::Command::new(exe);
        command.args([
            "--exact",
            name,
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ]);
        for (name, value) in envs {
            command.env(name, value);
        }
        Self::spawn(command)
    }

    fn spawn(mut command: std::process::Command) -> Self {
        command
            .env("RUST_LOG", "info")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("the console starts");
        let (tx, lines) = channel();
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        for (stream, pipe) in [
            (
                Stream::Stdout,
                Box::new(stdout) as Box<dyn std::io::Read + Send>,
            ),
            (Stream::Stderr, Box::new(stderr)),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    if tx.send((stream, line)).is_err() {
                        break;
                    }
                }
            });
        }
        let stdin = child.stdin.take();
        Self {
            child,
            stdin,
            lines,
            seen: Vec::new(),
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Writes one line to the console's stdin.
    pub fn send(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("stdin still open");
        writeln!(stdin, "{line}").expect("write to the console");
        stdin.flush().expect("flush");
    }

    /// Waits for a line of `stream` matching `wanted`, returns it and how long it took.
    pub fn wait_for(
        &mut self,
        stream: Stream,
        wanted: impl Fn(&str) -> bool,
    ) -> (String, Duration) {
        let started = Instant::now();
        let deadline = started + LINE_WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok((from, line)) => {
                    self.seen.push((from, line.clone()));
                    if from == stream && wanted(&line) {
                        return (line, started.elapsed());
                    }
                }
                Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => {
                    panic!(
                        "no such {stream:?} line within {LINE_WAIT:?}; seen:\n{}",
                        self.transcript()
                    )
                }
            }
        }
    }

    /// Waits for a printed line containing `text`.
    pub fn wait_printed(&mut self, text: &str) -> String {
        self.wait_for(Stream::Stdout, |l| l.contains(text)).0
    }

    /// Sends `line` and waits for its printed answer, a line containing `answer`. Once the
    /// console answers, it watches the knowledge on disk: it starts watching before it reads
    /// its first line.
    pub fn ask(&mut self, line: &str, answer: &str) -> String {
        self.send(line);
        self.wait_printed(answer)
    }

    /// Sends `line` until its printed answer shows `wanted` rather than `stale` (each answer
    /// shows one of them), as it does once the console took in an edit made on disk; returns
    /// how long that took from the first send. Fails after [`LINE_WAIT`].
    pub fn ask_until(&mut self, line: &str, wanted: &str, stale: &str) -> Duration {
        let started = Instant::now();
        loop {
            self.send(line);
            let (answer, _) =
                self.wait_for(Stream::Stdout, |l| l.contains(wanted) || l.contains(stale));
            if answer.contains(wanted) {
                return started.elapsed();
            }
            assert!(
                started.elapsed() < LINE_WAIT,
                "{line:?} still answers {stale:?} after {LINE_WAIT:?}; seen:\n{}",
                self.transcript()
            );
        }
    }

    /// Everything read so far.
    pub fn transcript(&self) -> String {
        self.seen
            .iter()
            .map(|(s, l)| format!("{s:?}: {l}\n"))
            .collect()
    }

    /// Closes stdin (the console ends), waits for the process, and returns everything it
    /// printed and logged; asserts it exited successfully.
    pub fn finish(mut self) -> String {
        drop(self.stdin.take());
        let status = self.child.wait().expect("the console ends");
        // The pipes close with the process: read them to their end.
        while let Ok(line) = self.lines.recv_timeout(LINE_WAIT) {
            self.seen.push(line);
        }
        let transcript = self.transcript();
        assert!(status.success(), "{status:?}\n{transcript}");
        transcript
    }

    /// Kills the process (SIGKILL) and reaps it.
    pub fn kill(mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reaped");
    }
}

impl Drop for Console {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
