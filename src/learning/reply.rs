//! What moderators see of the learning store, in either language, as
//! transport-independent [`Reply`] values: a page of gaps, the statistics,
//! and why there is nothing to show.

use super::{Gap, LearningError, Stats, rfc3339};
use crate::knowledge::PassageId;
use crate::reply::answer::short_name;
use crate::reply::{Field, Lang, Reply, ReplyKind, RichText};
use crate::tr;

/// Days listed in the statistics at most (the most recent).
const DAYS_SHOWN: usize = 14;

/// A passage id from the store by its short name ("bod 5"); an id that no
/// longer parses as it is.
fn name(id: &str, lang: Lang) -> String {
    id.parse::<PassageId>()
        .map_or_else(|_| id.to_string(), |id| short_name(id, lang))
}

fn names(ids: &[String], lang: Lang) -> String {
    ids.iter()
        .map(|id| name(id, lang))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One gap's lines: its number and question, then how it went.
fn gap_lines(body: &mut RichText, number: usize, gap: &Gap, lang: Lang) {
    body.push(&format!("{number}."), true);
    body.push(&format!(" „{}“\n", gap.question), false);
    let mut line = tr!(
        lang,
        "gaps-line",
        count = gap.count,
        last = rfc3339(gap.last).get(..10).unwrap_or_default(),
        down = gap.down_votes
    );
    if !gap.closest.is_empty() {
        line.push_str(" · ");
        line.push_str(&tr!(
            lang,
            "gaps-closest",
            passages = names(&gap.closest, lang)
        ));
    }
    body.push(&format!("   {line}\n"), false);
}

/// The gaps `gaps` (numbered from `first`), with an optional footer.
pub fn gaps(gaps: &[Gap], first: usize, footer: Option<String>, lang: Lang) -> Reply {
    let mut body = RichText::default();
    if gaps.is_empty() {
        body.push(&tr!(lang, "gaps-empty"), false);
    }
    for (i, gap) in gaps.iter().enumerate() {
        gap_lines(&mut body, first + i, gap, lang);
    }
    let mut reply = Reply::notice(ReplyKind::Overview, tr!(lang, "gaps-title"), "");
    reply.body = body;
    reply.footer = footer;
    reply
}

/// The statistics: the totals, then per day, the passages shown most, and
/// the top gaps.
pub fn stats(stats: &Stats, lang: Lang) -> Reply {
    // A whole percentage, passed as text: "67", never "66.66…".
    let share = format!("{:.0}", stats.answered_share() * 100.0);
    let summary = tr!(
        lang,
        "stats-summary",
        questions = stats.questions,
        days = stats.days,
        share = share
    );
    let mut reply = Reply::notice(ReplyKind::Overview, tr!(lang, "stats-title"), summary);
    let none = || RichText::plain(tr!(lang, "stats-none"));
    let lines = |lines: Vec<String>| {
        if lines.is_empty() {
            none()
        } else {
            RichText::plain(lines.join("\n"))
        }
    };
    let skip = stats.per_day.len().saturating_sub(DAYS_SHOWN);
    let days = stats.per_day[skip..]
        .iter()
        .map(|d| {
            tr!(
                lang,
                "stats-day",
                day = &d.day,
                questions = d.questions,
                answered = d.answered
            )
        })
        .collect();
    let passages = stats
        .passages
        .iter()
        .map(|p| {
            tr!(
                lang,
                "stats-passage",
                passage = name(&p.id, lang),
                shown = p.shown,
                up = p.up,
                down = p.down
            )
        })
        .collect();
    let mut top = RichText::default();
    for (i, gap) in stats.gaps.iter().enumerate() {
        gap_lines(&mut top, i + 1, gap, lang);
    }
    if top.is_empty() {
        top = none();
    }
    reply.fields = vec![
        Field {
            name: tr!(lang, "stats-per-day"),
            value: lines(days),
        },
        Field {
            name: tr!(lang, "stats-passages"),
            value: lines(passages),
        },
        Field {
            name: tr!(lang, "stats-gaps"),
            value: top,
        },
    ];
    reply
}

/// Why the store has nothing to show: recording is off, or it failed.
pub fn unavailable(error: &LearningError, lang: Lang) -> Reply {
    let body = match error {
        LearningError::Off => tr!(lang, "learning-off"),
        other => tr!(lang, "learning-failed", why = other.to_string()),
    };
    Reply::notice(ReplyKind::Problem, tr!(lang, "learning-title"), body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gap_reads_with_its_counts_and_closest_passages() {
        let gap = Gap {
            question: "Kde je víza?".into(),
            normalized: "viza".into(),
            count: 2,
            last: 1_777_636_800_000,
            down_votes: 1,
            closest: vec!["strategy-5".into(), "aim-2".into()],
        };
        let reply = gaps(&[gap], 1, None, Lang::SK);
        assert_eq!(
            reply.body.to_plain(),
            "1. „Kde je víza?“\n   2× · naposledy 2026-05-01 · 👎 1 · najbližšie: bod 5, cieľ 2\n"
        );
        let empty = gaps(&[], 1, None, Lang::EN);
        assert!(empty.body.to_plain().starts_with("None yet"));
    }
}
