//! The `gaps` group: grouping gaps by meaning, the moderators' `/gaps` and
//! `gaps --json` with semantic search on, over 2,000 and 16,000 distinct
//! questions with a fake embedder: deterministic unit vectors of dimension
//! 384, crowded around one direction as a model's are (any two at cosine
//! about 0.75, none reaching the bar of 0.92, so every question is a gap of
//! its own: the worst case, one group per question).
//!
//! `after/N`: grouping as the bot does it (an index over the vectors);
//! `before/2000`: asking about every pair, as it did before (the same
//! grouping through a similarity that gives no vectors); `before/16000` is
//! timed once, outside criterion (a minute or two). Then how many of 8,000
//! pairs of wordings at a given cosine the index joins (the hashing may miss
//! a pair near the bar; comparing every pair would join them all).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode};
use missionbot::learning::Similarity;
use missionbot::learning::gaps::{self, GapRow};

use crate::timing::{Samples, human, report};
use crate::{selected, write_csv};

const SIZES: [usize; 2] = [2_000, 16_000];
const DIMENSION: usize = 384;
/// `meaning::SAME_QUESTION`.
const BAR: f32 = 0.92;

/// Vectors looked up by normalized text, as `ByMeaning` keeps them.
struct FakeMeaning {
    vectors: HashMap<String, Arc<Vec<f32>>>,
}

impl Similarity for FakeMeaning {
    fn similar(&self, a: &str, b: &str) -> bool {
        match (self.vectors.get(a), self.vectors.get(b)) {
            (Some(a), Some(b)) => a.iter().zip(b.iter()).map(|(x, y)| x * y).sum::<f32>() >= BAR,
            _ => false,
        }
    }

    fn cosine_bar(&self) -> Option<f32> {
        Some(BAR)
    }

    fn vector(&self, normalized: &str) -> Option<Arc<Vec<f32>>> {
        self.vectors.get(normalized).cloned()
    }
}

/// The same similarity without its vectors: every pair is asked, as before.
struct PairsOnly<'a>(&'a FakeMeaning);

impl Similarity for PairsOnly<'_> {
    fn similar(&self, a: &str, b: &str) -> bool {
        self.0.similar(a, b)
    }
}

fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn unit(v: Vec<f32>) -> Vec<f32> {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    v.into_iter().map(|x| x / norm).collect()
}

fn random_unit(seed: u64) -> Vec<f32> {
    let mut state = seed;
    unit(
        (0..DIMENSION)
            .map(|_| (splitmix(&mut state) >> 11) as f32 / (1u64 << 53) as f32 * 2.0 - 1.0)
            .collect(),
    )
}

/// A question's vector: its own direction, crowded towards a common one.
fn crowded(common: &[f32], seed: u64) -> Vec<f32> {
    let (a, b) = (0.75f32.sqrt(), 0.25f32.sqrt());
    let own = random_unit(seed);
    unit(
        common
            .iter()
            .zip(&own)
            .map(|(c, o)| a * c + b * o)
            .collect(),
    )
}

fn row(i: usize) -> GapRow {
    GapRow {
        id: i as i64 + 1,
        text: format!("Otázka číslo {i} o niečom inom?"),
        normalized: format!("otazka cislo {i} o niecom inom"),
        at: 1_777_636_800_000 + i as i64,
        down: 0,
        passages: vec!["strategy-1".to_string(), format!("strategy-{}", i % 12 + 1)],
    }
}

/// `n` distinct gap rows, oldest first, and their fake vectors.
fn fixture(n: usize) -> (Vec<GapRow>, FakeMeaning) {
    let common = random_unit(u64::MAX);
    let rows: Vec<GapRow> = (0..n).map(row).collect();
    let vectors = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.normalized.clone(), Arc::new(crowded(&common, i as u64))))
        .collect();
    (rows, FakeMeaning { vectors })
}

/// The share of `pairs` pairs of wordings at `cosine` that grouping joins.
fn joined(pairs: usize, cosine: f32) -> f32 {
    let common = random_unit(u64::MAX);
    let rows: Vec<GapRow> = (0..2 * pairs).map(row).collect();
    let mut vectors = HashMap::new();
    for i in 0..pairs {
        let first = crowded(&common, i as u64);
        // A direction at right angles to the first, for its partner.
        let other = random_unit(u64::MAX - 1 - i as u64);
        let along: f32 = other.iter().zip(&first).map(|(x, y)| x * y).sum();
        let across = unit(
            other
                .iter()
                .zip(&first)
                .map(|(o, f)| o - along * f)
                .collect(),
        );
        let sine = (1.0 - cosine * cosine).sqrt();
        let partner = unit(
            first
                .iter()
                .zip(&across)
                .map(|(f, a)| cosine * f + sine * a)
                .collect(),
        );
        vectors.insert(rows[2 * i].normalized.clone(), Arc::new(first));
        vectors.insert(rows[2 * i + 1].normalized.clone(), Arc::new(partner));
    }
    let listed = gaps::group(rows, Some(&FakeMeaning { vectors }));
    (2 * pairs - listed.len()) as f32 / pairs as f32
}

pub fn gaps(c: &mut Criterion) {
    if !selected("gaps") {
        return;
    }
    let mut lines = Vec::new();
    let mut group = c.benchmark_group("gaps");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(200))
        .sampling_mode(SamplingMode::Flat);
    for size in SIZES {
        let (rows, meaning) = fixture(size);
        let after = Samples::default();
        group.bench_function(format!("after/{size}"), |b| {
            after.iter(b, |_| {
                let listed = gaps::group(rows.iter().cloned(), Some(&meaning));
                assert_eq!(listed.len(), size, "every question a gap of its own");
                listed
            })
        });
        report(&mut lines, "gaps", &format!("after/{size}"), &after);
        let pairs = PairsOnly(&meaning);
        if size <= 2_000 {
            let before = Samples::default();
            group.bench_function(format!("before/{size}"), |b| {
                before.iter(b, |_| gaps::group(rows.iter().cloned(), Some(&pairs)))
            });
            report(&mut lines, "gaps", &format!("before/{size}"), &before);
        } else if selected(&format!("gaps/before/{size}")) {
            let started = Instant::now();
            let listed = gaps::group(rows.iter().cloned(), Some(&pairs));
            let took = started.elapsed();
            assert_eq!(listed.len(), size);
            println!(
                "gaps: before/{size} (once): {}",
                human(took.as_nanos() as f64)
            );
            lines.push(format!("gaps,before/{size},1,{0},{0}", took.as_nanos()));
        }
    }
    group.finish();
    write_csv("gaps", &lines);
    for cosine in [0.925, 0.94, 0.96, 0.98] {
        println!(
            "gaps: pairs of wordings at cosine {cosine} joined: {:.1} % of 8,000",
            100.0 * joined(8_000, cosine)
        );
    }
}
