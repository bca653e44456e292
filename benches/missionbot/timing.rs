//! Our own timings beside criterion's: every iteration criterion runs is timed
//! on its own (through `iter_custom`), so each group can print the median and
//! the 99th percentile, which criterion's estimates (means) do not give.

use std::cell::RefCell;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::Bencher;

/// Durations of single operations, in nanoseconds.
#[derive(Default)]
pub struct Samples(RefCell<Vec<u64>>);

impl Samples {
    /// Times `op(i)` once per iteration criterion asks for, recording each
    /// call; `i` counts on across calls so cycling through inputs is fair.
    pub fn iter<O>(&self, b: &mut Bencher, mut op: impl FnMut(usize) -> O) {
        b.iter_custom(|iters| {
            let mut samples = self.0.borrow_mut();
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let i = samples.len();
                let started = Instant::now();
                let out = op(i);
                let took = started.elapsed();
                std::hint::black_box(out);
                samples.push(took.as_nanos() as u64);
                total += took;
            }
            total
        });
    }

    /// Adds another set's samples to this one.
    pub fn extend(&self, other: &Samples) {
        let other = other.0.borrow();
        self.0.borrow_mut().extend_from_slice(&other);
    }

    pub fn stats(&self) -> Option<Stats> {
        Stats::of(&self.0.borrow())
    }
}

/// Median and 99th percentile of a set of samples.
#[derive(Debug, Clone, Copy)]
pub struct Stats {
    pub count: usize,
    pub median_ns: f64,
    pub p99_ns: f64,
}

impl Stats {
    pub fn of(samples: &[u64]) -> Option<Self> {
        if samples.is_empty() {
            return None;
        }
        let mut sorted = samples.to_vec();
        sorted.sort_unstable();
        let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q).round() as usize] as f64;
        Some(Stats {
            count: sorted.len(),
            median_ns: at(0.5),
            p99_ns: at(0.99),
        })
    }
}

/// "12.3 µs", "4.56 ms", "1.23 s".
pub fn human(ns: f64) -> String {
    if ns < 1e3 {
        format!("{ns:.0} ns")
    } else if ns < 1e6 {
        format!("{:.1} µs", ns / 1e3)
    } else if ns < 1e9 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.2} s", ns / 1e9)
    }
}

/// Prints one summary line and remembers it for `summary.csv`.
pub fn report(lines: &mut Vec<String>, group: &str, label: &str, samples: &Samples) {
    let Some(s) = samples.stats() else { return };
    println!(
        "summary {:<36} n={:<8} median {:>10}   p99 {:>10}",
        format!("{group}/{label}"),
        s.count,
        human(s.median_ns),
        human(s.p99_ns)
    );
    lines.push(format!(
        "{group},{label},{},{:.0},{:.0}",
        s.count, s.median_ns, s.p99_ns
    ));
}

/// `target/missionbot-bench/`, where the figures are written for the plot and
/// BENCHMARKS.md: `$CARGO_TARGET_DIR` when set, else the target directory this
/// bench binary was built in.
pub fn output_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            // target/release/deps/missionbot-<hash>
            let exe = std::env::current_exe().ok()?;
            Some(exe.parent()?.parent()?.parent()?.to_path_buf())
        })
        .unwrap_or_else(|| crate::repo_root().join("target"));
    target.join("missionbot-bench")
}

/// Writes `name` under [`output_dir`], saying where.
pub fn write_output(name: &str, contents: &str) {
    let dir = output_dir();
    let path = dir.join(name);
    match std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, contents)) {
        Ok(()) => println!("wrote {}", path.display()),
        Err(e) => eprintln!("cannot write {}: {e}", path.display()),
    }
}
