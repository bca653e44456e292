//! Draws an answer embed as Discord shows it, from the bot's own reply model,
//! into an SVG picture for the README:
//! `cargo run --example embed_svg -- "ľudské práva migrantov" > docs/answer-embed.svg`.
//!
//! The picture is a mock-up (no Discord is reachable here): the layout imitates
//! Discord's dark theme; the text is exactly what the bot sends.

use std::fmt::Write as _;
use std::path::Path;

use missionbot::reply::render::{self, Embed};
use missionbot::{Command, Engine, Lang};

const WIDTH: usize = 760;
const WRAP: usize = 70;
const LINE: usize = 20;

fn main() -> anyhow::Result<()> {
    let question = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "ľudské práva migrantov".into());
    let knowledge = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    let engine = Engine::in_memory_from(&knowledge, 3)?;
    let embed = render::markdown(&engine.handle(&Command::Ask(question.clone()), Lang::SK));
    print!("{}", svg(&question, &embed));
    Ok(())
}

/// Splits Discord markdown into (text, bold) runs, dropping escapes.
fn runs(markdown: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut bold = false;
    let mut current = String::new();
    let mut chars = markdown.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                out.push((std::mem::take(&mut current), bold));
                bold = !bold;
            }
            _ => current.push(c),
        }
    }
    out.push((current, bold));
    out
}

/// Wraps runs into lines of at most `WRAP` characters, keeping boldness.
fn wrap(markdown: &str) -> Vec<Vec<(String, bool)>> {
    let mut lines = vec![Vec::new()];
    let mut width = 0;
    for (text, bold) in runs(markdown) {
        for (i, paragraph) in text.split('\n').enumerate() {
            if i > 0 {
                lines.push(Vec::new());
                width = 0;
            }
            for word in paragraph.split_inclusive(' ') {
                let n = word.chars().count();
                if width + n > WRAP && width > 0 {
                    lines.push(Vec::new());
                    width = 0;
                }
                if let Some(line) = lines.last_mut() {
                    line.push((word.to_string(), bold));
                }
                width += n;
            }
        }
    }
    lines
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn text_line(
    out: &mut String,
    x: usize,
    y: usize,
    size: usize,
    fill: &str,
    runs: &[(String, bool)],
) {
    let _ = write!(
        out,
        r#"<text x="{x}" y="{y}" font-size="{size}" fill="{fill}" xml:space="preserve">"#
    );
    for (text, bold) in runs {
        let weight = if *bold { "700" } else { "400" };
        let _ = write!(
            out,
            r#"<tspan font-weight="{weight}">{}</tspan>"#,
            escape(text)
        );
    }
    out.push_str("</text>\n");
}

fn svg(question: &str, embed: &Embed) -> String {
    let mut body = String::new();
    let mut y = 112;
    text_line(
        &mut body,
        92,
        y,
        17,
        "#ffffff",
        &[(embed.title.clone(), true)],
    );
    y += 30;
    for line in wrap(&embed.description) {
        text_line(&mut body, 92, y, 15, "#dbdee1", &line);
        y += LINE;
    }
    for (name, value) in &embed.fields {
        y += 14;
        text_line(&mut body, 92, y, 15, "#ffffff", &[(name.clone(), true)]);
        y += LINE;
        for line in wrap(value) {
            text_line(&mut body, 92, y, 15, "#dbdee1", &line);
            y += LINE;
        }
    }
    if let Some(footer) = &embed.footer {
        y += 14;
        text_line(&mut body, 92, y, 12, "#b5bac1", &[(footer.clone(), false)]);
    }
    let height = y + 36;
    let card = height - 100;
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">
<rect width="100%" height="100%" fill="#313338"/>
<circle cx="36" cy="34" r="18" fill="#5865f2"/>
<text x="66" y="30" font-size="15" font-weight="700" fill="#ffffff">missionbot <tspan font-size="11" fill="#ffffff" font-weight="700">BOT</tspan></text>
<text x="66" y="50" font-size="14" fill="#b5bac1" xml:space="preserve">/ask question: {q}</text>
<text x="{note_x}" y="30" font-size="11" fill="#80848e" text-anchor="end">mock-up rendered from the reply model</text>
<rect x="66" y="76" width="{card_w}" height="{card}" rx="4" fill="#2b2d31"/>
<rect x="66" y="76" width="4" height="{card}" rx="2" fill="#5865f2"/>
{body}</svg>
"##,
        q = escape(question),
        note_x = WIDTH - 16,
        card_w = WIDTH - 90,
    )
}
