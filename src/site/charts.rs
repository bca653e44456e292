//! The statistics page's charts, drawn by hand as inline SVG: a bar per day
//! (answered and not, stacked), the share answered per day as a line, and
//! labelled horizontal bars (passages with their 👍/👎, gaps). Plain
//! elements whose sizes follow from the numbers, so a test reads them back;
//! the colours are the page's style (light and dark), every mark has a
//! `<title>` that says its numbers, and the SVG scales to the screen.

use maud::{Markup, html};

/// Width of every chart, in its own units (it scales to the page).
const WIDTH: f64 = 640.0;
/// Room left of a day chart for the axis's numbers.
const LEFT: f64 = 40.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 10.0;
/// Room under a day chart for the days.
const BOTTOM: f64 = 24.0;
const DAYS_HEIGHT: f64 = 200.0;
/// Characters of a label shown in a row before it is cut (its `<title>`
/// keeps all of it).
const LABEL_CHARS: usize = 70;

/// One day of the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayBar {
    /// `2026-05-01`
    pub day: String,
    pub answered: u64,
    pub unanswered: u64,
    /// What its marks say when pointed at.
    pub tip: String,
}

impl DayBar {
    fn questions(&self) -> u64 {
        self.answered + self.unanswered
    }
}

/// One labelled row of bars.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub label: String,
    /// Where the label links to (a passage on the page of the knowledge).
    pub href: Option<String>,
    /// The numbers, at the row's end ("12× · 👍 3 · 👎 1").
    pub note: String,
    /// Each bar's value and its colour's class.
    pub bars: Vec<(u64, &'static str)>,
}

/// A round number at or above `max` for the top of an axis: 1, 2 or 5
/// times a power of ten.
fn ceiling(max: u64) -> u64 {
    let mut power = 1u64;
    loop {
        for step in [1, 2, 5] {
            let top = step * power;
            if top >= max {
                return top;
            }
        }
        power = power.saturating_mul(10);
        if power == u64::MAX {
            return max;
        }
    }
}

/// A coordinate, to one decimal.
fn at(value: f64) -> String {
    format!("{value:.1}")
}

/// The x of the middle of day `i` of `n`, and the width one day has.
fn slot(i: usize, n: usize) -> (f64, f64) {
    let width = (WIDTH - LEFT - RIGHT) / n.max(1) as f64;
    (LEFT + width * (i as f64 + 0.5), width)
}

/// The y of `value` on an axis from 0 to `top`.
fn height_of(value: f64, top: f64) -> f64 {
    let plot = DAYS_HEIGHT - TOP - BOTTOM;
    DAYS_HEIGHT - BOTTOM - plot * (value / top.max(f64::MIN_POSITIVE))
}

/// Horizontal lines at 0, half and the top, each with its number.
fn grid(ticks: [(f64, String); 3]) -> Markup {
    html! {
        @for (y, text) in ticks {
            line.grid x1=(at(LEFT)) x2=(at(WIDTH - RIGHT)) y1=(at(y)) y2=(at(y)) {}
            text.axis x=(at(LEFT - 6.0)) y=(at(y + 4.0)) text-anchor="end" { (text) }
        }
    }
}

/// The first, middle and last days under the chart.
fn day_axis(days: &[DayBar]) -> Markup {
    let n = days.len();
    let mut shown: Vec<usize> = vec![0, n / 2, n.saturating_sub(1)];
    shown.dedup();
    html! {
        @for i in shown {
            @if let Some(day) = days.get(i) {
                @let anchor = if i == 0 && n > 1 { "start" } else if i + 1 == n && n > 1 { "end" } else { "middle" };
                @let x = if anchor == "start" { LEFT } else if anchor == "end" { WIDTH - RIGHT } else { slot(i, n).0 };
                text.axis x=(at(x)) y=(at(DAYS_HEIGHT - 6.0)) text-anchor=(anchor) { (day.day) }
            }
        }
    }
}

/// Questions per day, answered and not stacked: `id` names its title for
/// the figure, `caption` says what it shows.
pub fn days(id: &str, caption: &str, days: &[DayBar]) -> Markup {
    let top = ceiling(days.iter().map(DayBar::questions).max().unwrap_or(0).max(1)) as f64;
    let ticks = [
        (height_of(0.0, top), "0".to_string()),
        (height_of(top / 2.0, top), format!("{}", top / 2.0)),
        (height_of(top, top), format!("{top}")),
    ];
    html! {
        svg viewBox=(format!("0 0 {WIDTH} {DAYS_HEIGHT}")) role="img" aria-labelledby=(id) {
            title id=(id) { (caption) }
            (grid(ticks))
            @for (i, day) in days.iter().enumerate() {
                @let (middle, width) = slot(i, days.len());
                @let bar = (width * 0.8).max(1.0);
                @let x = middle - bar / 2.0;
                @let answered_top = height_of(day.answered as f64, top);
                @let all_top = height_of(day.questions() as f64, top);
                g {
                    title { (day.tip) }
                    @if day.answered > 0 {
                        rect.answered x=(at(x)) y=(at(answered_top)) width=(at(bar))
                            height=(at(height_of(0.0, top) - answered_top)) {}
                    }
                    @if day.unanswered > 0 {
                        rect.unanswered x=(at(x)) y=(at(all_top)) width=(at(bar))
                            height=(at(answered_top - all_top)) {}
                    }
                }
            }
            (day_axis(days))
        }
    }
}

/// The share answered on each day with questions, as a line from 0 to 100 %.
pub fn share(id: &str, caption: &str, days: &[DayBar]) -> Markup {
    let points: Vec<(f64, f64, &DayBar)> = days
        .iter()
        .enumerate()
        .filter(|(_, d)| d.questions() > 0)
        .map(|(i, d)| {
            let share = d.answered as f64 / d.questions() as f64;
            (slot(i, days.len()).0, height_of(share, 1.0), d)
        })
        .collect();
    let line: Vec<String> = points
        .iter()
        .map(|(x, y, _)| format!("{},{}", at(*x), at(*y)))
        .collect();
    let ticks = [
        (height_of(0.0, 1.0), "0 %".to_string()),
        (height_of(0.5, 1.0), "50 %".to_string()),
        (height_of(1.0, 1.0), "100 %".to_string()),
    ];
    html! {
        svg viewBox=(format!("0 0 {WIDTH} {DAYS_HEIGHT}")) role="img" aria-labelledby=(id) {
            title id=(id) { (caption) }
            (grid(ticks))
            @if points.len() > 1 {
                polyline.line points=(line.join(" ")) {}
            }
            @for (x, y, day) in &points {
                circle.dot cx=(at(*x)) cy=(at(*y)) r="3.5" {
                    title { (day.tip) }
                }
            }
            (day_axis(days))
        }
    }
}

/// `text` cut to [`LABEL_CHARS`] characters, with "…" where cut.
fn shortened(text: &str) -> String {
    if text.chars().count() <= LABEL_CHARS {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(LABEL_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// A row's label, at the row's top.
fn row_label(top: f64, label: &str) -> Markup {
    html! {
        text x="0" y=(at(top + 12.0)) { (shortened(label)) }
    }
}

/// Labelled rows of horizontal bars, each bar as long as its value against
/// the largest value of all rows.
pub fn rows(id: &str, caption: &str, rows: &[Row]) -> Markup {
    const LABEL: f64 = 16.0;
    const BAR: f64 = 7.0;
    const GAP: f64 = 3.0;
    const AFTER: f64 = 12.0;
    let max = rows
        .iter()
        .flat_map(|r| r.bars.iter().map(|(v, _)| *v))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let row_height = |row: &Row| LABEL + row.bars.len() as f64 * (BAR + GAP) + AFTER;
    let height: f64 = rows.iter().map(row_height).sum::<f64>() + 4.0;
    let mut y = 0.0;
    let placed: Vec<(f64, &Row)> = rows
        .iter()
        .map(|row| {
            let top = y;
            y += row_height(row);
            (top, row)
        })
        .collect();
    html! {
        svg viewBox=(format!("0 0 {WIDTH} {}", at(height))) role="img" aria-labelledby=(id) {
            title id=(id) { (caption) }
            @for (top, row) in placed {
                g {
                    title { (row.label) " — " (row.note) }
                    @match &row.href {
                        Some(href) => { a href=(href) { (row_label(top, &row.label)) } }
                        None => { (row_label(top, &row.label)) }
                    }
                    text.axis x=(at(WIDTH)) y=(at(top + 12.0)) text-anchor="end" { (row.note) }
                    @for (j, (value, class)) in row.bars.iter().enumerate() {
                        @let width = (*value as f64 / max) * WIDTH;
                        rect class=(class) x="0" y=(at(top + LABEL + j as f64 * (BAR + GAP)))
                            width=(at(width)) height=(at(BAR)) {}
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(day: &str, answered: u64, unanswered: u64) -> DayBar {
        DayBar {
            day: day.into(),
            answered,
            unanswered,
            tip: format!("{day}: {answered}/{unanswered}"),
        }
    }

    #[test]
    fn axes_end_at_round_numbers() {
        assert_eq!(
            [0, 1, 2, 3, 7, 10, 11, 48, 120].map(ceiling),
            [1, 1, 2, 5, 10, 10, 20, 50, 200]
        );
    }

    #[test]
    fn bars_are_as_tall_as_their_counts() {
        let svg = days(
            "t",
            "Otázky",
            &[
                day("2026-05-01", 2, 2),
                day("2026-05-02", 0, 0),
                day("2026-05-03", 4, 1),
            ],
        )
        .into_string();
        // The axis ends at 5; the plot is 166 units tall: 4 answered are 132.8.
        assert!(svg.contains("height=\"132.8\""), "{svg}");
        assert_eq!(svg.matches("<rect class=\"answered\"").count(), 2, "{svg}");
        assert_eq!(
            svg.matches("<rect class=\"unanswered\"").count(),
            2,
            "{svg}"
        );
        assert!(svg.contains("<title>2026-05-03: 4/1</title>"), "{svg}");
        assert!(svg.contains(">2026-05-01</text>") && svg.contains(">2026-05-03</text>"));
    }

    #[test]
    fn the_share_is_drawn_for_days_with_questions() {
        let svg = share(
            "s",
            "Podiel",
            &[
                day("2026-05-01", 1, 1),
                day("2026-05-02", 0, 0),
                day("2026-05-03", 2, 0),
            ],
        )
        .into_string();
        assert_eq!(svg.matches("<circle").count(), 2, "{svg}");
        // 50 % sits halfway up the plot, 100 % at its top.
        assert!(
            svg.contains(&format!("cy=\"{}\"", at(height_of(0.5, 1.0)))),
            "{svg}"
        );
        assert!(svg.contains(&format!("cy=\"{}\"", at(TOP))), "{svg}");
        assert!(svg.contains("<polyline class=\"line\""), "{svg}");
    }

    #[test]
    fn rows_scale_to_the_largest_value_and_escape_labels() {
        let svg = rows(
            "r",
            "Pasáže",
            &[
                Row {
                    label: "Bod <7> & \"iné\"".into(),
                    href: Some("index.html#strategy-7".into()),
                    note: "4×".into(),
                    bars: vec![(4, "shown"), (2, "up"), (0, "down")],
                },
                Row {
                    label: "x".repeat(100),
                    href: None,
                    note: "1×".into(),
                    bars: vec![(1, "shown")],
                },
            ],
        )
        .into_string();
        assert!(svg.contains("Bod &lt;7&gt; &amp; &quot;iné&quot;"), "{svg}");
        assert!(svg.contains("<a href=\"index.html#strategy-7\">"), "{svg}");
        assert!(
            svg.contains(&format!("width=\"{}\"", at(WIDTH))),
            "the largest is full: {svg}"
        );
        assert!(
            svg.contains(&format!("width=\"{}\"", at(WIDTH / 2.0))),
            "{svg}"
        );
        assert!(
            svg.contains(&format!("{}…", "x".repeat(LABEL_CHARS - 1))),
            "{svg}"
        );
    }
}
