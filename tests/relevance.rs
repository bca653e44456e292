//! Relevance regression: the public set (a copy in `tests/data/eval/`) and the project's
//! own cases must keep their figures.

mod support;

use std::path::Path;

use missionbot::eval::{self, Outcome, Scores};
use support::shipped::{engine, root};

fn outcomes(file: &Path) -> Vec<Outcome> {
    let cases = eval::load_cases(file).expect("relevance cases parse");
    assert!(!cases.is_empty(), "{} has no cases", file.display());
    eval::run(&engine(), &cases).expect("search works")
}

fn misses(outcomes: &[&Outcome]) -> String {
    outcomes
        .iter()
        .filter(|o| !o.hit_at(1))
        .map(|o| {
            let top: Vec<String> = o.top.iter().map(|h| h.id.to_string()).collect();
            format!(
                "  [{}] {:?} expected {:?}, got {:?}",
                o.case.kind, o.case.query, o.case.expect, top
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Checks hit@1 and MRR over all cases (English included) and that every
/// off-topic case abstains.
fn check(outcomes: &[Outcome], min_hit1: f64, min_mrr: f64) {
    let all: Vec<&Outcome> = outcomes.iter().collect();
    let scores = Scores::of(all.iter().copied());
    println!("{}", eval::report(outcomes, false));
    assert!(
        scores.hit1 >= min_hit1 && scores.mrr >= min_mrr,
        "hit@1 {:.3} (want {min_hit1}), MRR {:.3} (want {min_mrr}) over {} cases; misses:\n{}",
        scores.hit1,
        scores.mrr,
        scores.cases,
        misses(&all)
    );
    let off_topic: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.case.kind == "off-topic")
        .collect();
    assert!(!off_topic.is_empty(), "the set has off-topic cases");
    let answered: Vec<&Outcome> = off_topic.iter().copied().filter(|o| !o.hit_at(1)).collect();
    assert!(
        answered.is_empty(),
        "off-topic questions answered:\n{}",
        misses(&answered)
    );
    let english: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.case.kind == "english")
        .collect();
    assert!(!english.is_empty(), "the set has English cases");
}

#[test]
fn public_relevance_set_holds_its_figures() {
    let file = root().join("tests/data/eval/queries.toml");
    check(&outcomes(&file), 0.95, 0.97);
}

#[test]
fn own_relevance_cases_hold_their_figures() {
    let file = root().join("tests/relevance/extra.toml");
    check(&outcomes(&file), 0.93, 0.95);
}
