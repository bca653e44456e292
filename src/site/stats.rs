//! `stats.html`: what members asked over the last days, as charts:
//! questions per day (answered and not), the share answered, the passages
//! answers showed most with their 👍/👎, and the top gaps. Gaps are shown by
//! their count and the passage they came closest to; their texts, which are
//! members' words, only when asked for (`include_questions`).

use std::collections::BTreeMap;
use std::str::FromStr;
use std::time::{Duration, SystemTime};

use maud::{Markup, html};

use super::charts::{self, DayBar, Row};
use super::{day, layout};
use crate::knowledge::labels::label;
use crate::knowledge::{Knowledge, PassageId};
use crate::learning::{Gap, Stats};
use crate::reply::Lang;
use crate::tr;

const DAY: Duration = Duration::from_secs(86_400);

/// A passage recorded by its id: its label and its anchor on the page of
/// the knowledge, while the knowledge still has it.
fn passage(knowledge: &Knowledge, id: &str) -> (String, Option<String>) {
    match PassageId::from_str(id)
        .ok()
        .filter(|p| knowledge.get(*p).is_some())
    {
        Some(found) => (
            label(knowledge, found, false),
            Some(format!("{}#{found}", super::INDEX)),
        ),
        None => (id.to_string(), None),
    }
}

/// Every day of the window ending on `now`'s, each with its questions
/// (days before the window that the statistics still hold included).
fn window(stats: &Stats, now: SystemTime, lang: Lang) -> Vec<DayBar> {
    let mut days: BTreeMap<String, (u64, u64)> = (0..stats.days)
        .filter_map(|back| now.checked_sub(DAY * back))
        .filter(|at| *at >= SystemTime::UNIX_EPOCH)
        .map(|at| (day(at), (0, 0)))
        .collect();
    for counted in &stats.per_day {
        days.insert(counted.day.clone(), (counted.questions, counted.answered));
    }
    days.into_iter()
        .map(|(day, (questions, answered))| DayBar {
            tip: tr!(
                lang,
                "stats-day",
                day = day.as_str(),
                questions = questions,
                answered = answered
            ),
            day,
            answered: answered.min(questions),
            unanswered: questions.saturating_sub(answered),
        })
        .collect()
}

/// A gap's row: its text when questions are published, else its number and
/// the passage it came closest to.
fn gap_row(knowledge: &Knowledge, n: usize, gap: &Gap, questions: bool, lang: Lang) -> Row {
    let closest = gap.closest.first().map(|id| passage(knowledge, id));
    let (label, href) = match (questions, closest) {
        (true, closest) => (gap.question.clone(), closest.and_then(|(_, href)| href)),
        (false, Some((passage, href))) => (
            tr!(lang, "site-gap-closest", n = n, passage = passage),
            href,
        ),
        (false, None) => (tr!(lang, "site-gap", n = n), None),
    };
    let mut note = format!("{}×", gap.count);
    if gap.down_votes > 0 {
        note.push_str(&format!(" · 👎 {}", gap.down_votes));
    }
    Row {
        label,
        href,
        note,
        bars: vec![(gap.count, "gap")],
    }
}

/// A chart under its heading, or "nothing yet" where there is nothing to draw.
fn chart(title: &str, empty: bool, lang: Lang, figure: impl FnOnce() -> Markup) -> Markup {
    html! {
        section {
            h2 { (title) }
            @if empty {
                p { (tr!(lang, "stats-none")) }
            } @else {
                figure { (figure()) }
            }
        }
    }
}

/// The statistics page for the knowledge's organization, written at `now`;
/// with `questions`, the gaps' texts are shown.
pub fn page(knowledge: &Knowledge, stats: &Stats, now: SystemTime, questions: bool) -> String {
    let lang = Lang::from(knowledge.language);
    let days = window(stats, now, lang);
    let share = format!("{:.0}", stats.answered_share() * 100.0);
    let title = tr!(lang, "stats-title");
    let header = html! {
        p.org { a href=(super::INDEX) { (knowledge.organization) } }
        h1 { (title) }
        p {
            (tr!(lang, "stats-summary", questions = stats.questions, days = stats.days, share = share.as_str()))
        }
        @if !questions {
            p.meta { (tr!(lang, "site-privacy")) }
        }
    };
    let passages: Vec<Row> = stats
        .passages
        .iter()
        .map(|shown| {
            let (label, href) = passage(knowledge, &shown.id);
            Row {
                label,
                href,
                note: format!("{}× · 👍 {} · 👎 {}", shown.shown, shown.up, shown.down),
                bars: vec![
                    (shown.shown, "shown"),
                    (shown.up, "up"),
                    (shown.down, "down"),
                ],
            }
        })
        .collect();
    let gaps: Vec<Row> = stats
        .gaps
        .iter()
        .enumerate()
        .map(|(i, gap)| gap_row(knowledge, i + 1, gap, questions, lang))
        .collect();
    let per_day = tr!(lang, "stats-per-day");
    let answered = tr!(lang, "site-chart-answered");
    let shown = tr!(lang, "stats-passages");
    let gaps_title = tr!(lang, "stats-gaps");
    let none = stats.questions == 0;
    let main = html! {
        (chart(&per_day, none, lang, || html! {
            (charts::days("chart-days", &per_day, &days))
            figcaption { (layout::legend(&[
                ("accent", tr!(lang, "site-answered")),
                ("soft", tr!(lang, "site-unanswered")),
            ])) }
        }))
        (chart(&answered, none, lang, || charts::share("chart-share", &answered, &days)))
        (chart(&shown, passages.is_empty(), lang, || html! {
            (charts::rows("chart-passages", &shown, &passages))
            figcaption { (layout::legend(&[
                ("accent", tr!(lang, "site-shown")),
                ("ok", "👍".to_string()),
                ("bad", "👎".to_string()),
            ])) }
        }))
        (chart(&gaps_title, gaps.is_empty(), lang, || charts::rows("chart-gaps", &gaps_title, &gaps)))
    };
    let page_title = format!("{title} · {}", knowledge.organization);
    let back = html! {
        (header)
        p.meta { a href=(super::INDEX) { (tr!(lang, "site-back")) } }
    };
    layout::page(lang, &page_title, back, main, &day(now))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::tests::sample;
    use crate::learning::stats::{Day, Shown};

    fn stats() -> Stats {
        Stats {
            days: 3,
            questions: 5,
            answered: 3,
            per_day: vec![
                Day {
                    day: "1970-01-02".into(),
                    questions: 2,
                    answered: 1,
                },
                Day {
                    day: "1970-01-03".into(),
                    questions: 3,
                    answered: 2,
                },
            ],
            passages: vec![Shown {
                id: "strategy-2".into(),
                shown: 3,
                up: 2,
                down: 1,
            }],
            gaps: vec![Gap {
                question: "Kde je <tajná> otázka?".into(),
                normalized: "kde je tajna otazka".into(),
                count: 2,
                last: 0,
                down_votes: 0,
                closest: vec!["strategy-1".into()],
            }],
        }
    }

    fn now() -> SystemTime {
        SystemTime::UNIX_EPOCH + DAY * 2 + Duration::from_secs(600)
    }

    #[test]
    fn the_charts_show_the_numbers_and_no_question_unless_asked() {
        let k = sample();
        let html = page(&k, &stats(), now(), false);
        for id in ["chart-days", "chart-share", "chart-passages", "chart-gaps"] {
            assert!(
                html.contains(&format!("aria-labelledby=\"{id}\"")),
                "{id}: {html}"
            );
        }
        assert!(
            html.contains(">1970-01-01</text>"),
            "the window's first day: {html}"
        );
        assert!(html.contains("1970-01-03: 3 (zodpovedaných 2)"), "{html}");
        assert!(html.contains("3× · 👍 2 · 👎 1"), "{html}");
        assert!(
            html.contains("Otázka 1 · najbližšie: Stratégia ORG, bod 1"),
            "{html}"
        );
        assert!(html.contains("href=\"index.html#strategy-2\""), "{html}");
        assert!(!html.contains("tajn"), "no question text: {html}");
        let with = page(&k, &stats(), now(), true);
        assert!(with.contains("Kde je &lt;tajná&gt; otázka?"), "{with}");
    }

    #[test]
    fn nothing_recorded_says_so() {
        let empty = Stats {
            days: 30,
            questions: 0,
            answered: 0,
            per_day: Vec::new(),
            passages: Vec::new(),
            gaps: Vec::new(),
        };
        let html = page(&sample(), &empty, now(), false);
        assert_eq!(html.matches("Zatiaľ nič.").count(), 4, "{html}");
        assert!(!html.contains("<svg"), "{html}");
    }
}
