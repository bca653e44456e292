//! The static site of the knowledge (`missionbot site`, `[site]`): the page of the shipped
//! knowledge has every passage as an anchor and parses without one error in html5ever's
//! strict mode (no quirks mode, unique ids, nothing loaded from elsewhere); another
//! document's sections render with their ids; the statistics page draws its charts and
//! publishes no question text unless asked; a change rewrites the page (waited on through
//! the editor's hooks, never a sleep); and headless Chromium renders both pages with no
//! console message (skipped with a note where Chromium is missing, unless
//! `MISSIONBOT_REQUIRE_CHROMIUM=1`, as `.ci/run` sets it).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

use html5ever::tendril::TendrilSink;
use html5ever::tokenizer::TokenizerOpts;
use html5ever::tree_builder::{QuirksMode, TreeBuilderOpts};
use missionbot::app::App;
use missionbot::config::Config;
use missionbot::knowledge::SectionId;
use missionbot::knowledge::edit::Edit;
use scraper::{ElementRef, Html, HtmlTreeSink, Selector};
use serde_json::Value;

use crate::support::workspace::{Workspace, stderr, stdout};

/// A question the shipped knowledge has no answer for: a gap, and members' words.
const GAP: &str = "recept na bryndzové halušky";
/// A question it answers.
const ANSWERED: &str = "obchodovanie s ľuďmi";

/// `selector`, parsed.
fn select(selector: &str) -> Selector {
    Selector::parse(selector).unwrap_or_else(|e| panic!("{selector}: {e:?}"))
}

/// Parses `html` as browsers do, every parse error reported exactly, and checks it is a
/// well-formed standalone page: no parse error, a doctype (no quirks mode), unique ids, and
/// nothing loaded from elsewhere.
fn valid(html: &str, page: &str) -> Html {
    let opts = html5ever::ParseOpts {
        tokenizer: TokenizerOpts {
            exact_errors: true,
            ..Default::default()
        },
        tree_builder: TreeBuilderOpts {
            exact_errors: true,
            ..Default::default()
        },
    };
    let doc =
        html5ever::driver::parse_document(HtmlTreeSink::new(Html::new_document()), opts).one(html);
    assert_eq!(
        doc.errors,
        Vec::<std::borrow::Cow<str>>::new(),
        "{page}: parse errors"
    );
    assert_eq!(doc.quirks_mode, QuirksMode::NoQuirks, "{page}: a doctype");
    let mut ids = BTreeSet::new();
    for element in doc.select(&select("[id]")) {
        let id = element.value().attr("id").unwrap_or_default();
        assert!(ids.insert(id.to_string()), "{page}: id {id:?} twice");
    }
    for outside in [
        "script", "link", "img", "iframe", "object", "embed", "[src]",
    ] {
        assert_eq!(doc.select(&select(outside)).count(), 0, "{page}: {outside}");
    }
    for style in doc.select(&select("style")) {
        let css: String = style.text().collect();
        assert!(
            !css.contains("url(") && !css.contains("@import"),
            "{page}: {css}"
        );
    }
    let viewport = doc.select(&select("meta[name=viewport]")).count();
    assert_eq!(viewport, 1, "{page}: readable on a phone");
    doc
}

fn text_of(element: ElementRef<'_>) -> String {
    element.text().collect()
}

/// `missionbot site ARGS` in `ws`, succeeding.
fn site(ws: &Workspace, args: &[&str]) -> String {
    let output = ws.run(&[&["site"], args].concat(), b"");
    assert!(
        output.status.success(),
        "site {args:?}: {}",
        stderr(&output)
    );
    stdout(&output)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every passage `missionbot passages --json` lists: its id, text and English text.
fn passages(ws: &Workspace) -> Vec<(String, String, Option<String>)> {
    let output = ws.run(&["passages", "--json"], b"");
    assert!(output.status.success(), "{}", stderr(&output));
    let json: Value = serde_json::from_str(stdout(&output).trim()).expect("JSON");
    json["passages"]
        .as_array()
        .expect("passages")
        .iter()
        .map(|p| {
            (
                p["id"].as_str().expect("an id").to_string(),
                p["text"].as_str().expect("a text").to_string(),
                p["text_en"].as_str().map(str::to_string),
            )
        })
        .collect()
}

/// The page holds every passage as an `<article>` with its id, its text, and its English
/// translation marked `lang="en"` where it has one.
fn assert_every_passage(doc: &Html, passages: &[(String, String, Option<String>)]) {
    for (id, text, english) in passages {
        let article = doc
            .select(&select(&format!("article[id=\"{id}\"]")))
            .next()
            .unwrap_or_else(|| panic!("no article {id}"));
        let shown = text_of(article);
        assert!(shown.contains(text.as_str()), "{id}: {shown}");
        if let Some(english) = english {
            let en = article
                .select(&select("[lang=en]"))
                .map(text_of)
                .collect::<String>();
            assert!(en.contains(english.as_str()), "{id}: {en}");
        }
    }
}

#[test]
fn the_shipped_knowledge_is_one_valid_page_with_every_passage_an_anchor() {
    let ws = Workspace::with_all_knowledge();
    let out = ws.path("public");
    let said = site(&ws, &["--out", out.to_str().expect("UTF-8")]);
    assert!(said.contains("index.html (17 passages)"), "{said}");
    let html = read(&out.join("index.html"));
    let doc = valid(&html, "index.html");
    let passages = passages(&ws);
    assert_eq!(passages.len(), 17, "the mission, 4 aims and 12 points");
    assert_every_passage(&doc, &passages);
    let root = doc.select(&select("html")).next().expect("html");
    assert_eq!(root.value().attr("lang"), Some("sk"));
    for landmark in ["header", "main", "footer", "nav", "h1", "section h2"] {
        assert!(doc.select(&select(landmark)).next().is_some(), "{landmark}");
    }
    let h1 = doc.select(&select("h1")).next().map(text_of);
    assert_eq!(h1.as_deref(), Some("IOM"));
    assert!(
        html.contains("Stránku vytvoril missionbot"),
        "the bot's words"
    );
    assert!(
        !out.join("stats.html").exists(),
        "no statistics unless asked"
    );
    assert!(!html.contains("stats.html"), "nor a link to them");
    // Nothing is left beside the pages.
    let names: Vec<_> = std::fs::read_dir(&out).expect("out").collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn another_documents_sections_render_with_their_ids() {
    let ws = Workspace::new();
    for file in ["mission.toml", "strategy.toml"] {
        std::fs::remove_file(ws.path("knowledge").join(file)).expect("the shipped file goes");
    }
    let document = crate::support::shipped::root().join("tests/data/documents/sk-spy-o-nas.txt");
    let imported = ws.run(
        &[
            "import",
            document.to_str().expect("UTF-8"),
            "--organization",
            "SPy",
        ],
        b"",
    );
    assert!(imported.status.success(), "{}", stderr(&imported));
    let out = ws.path("public");
    site(&ws, &["--out", out.to_str().expect("UTF-8")]);
    let doc = valid(&read(&out.join("index.html")), "index.html");
    let passages = passages(&ws);
    assert!(passages.iter().all(|(id, ..)| !id.starts_with("strategy-")));
    assert_every_passage(&doc, &passages);
    // Each section of the document is a <section> with its heading, its items inside it.
    let config = Config::load(&ws.path("config.toml"), true).expect("config");
    let knowledge = missionbot::knowledge::load(&config.knowledge_dir).expect("loads");
    assert!(knowledge.parts().count() >= 3, "{}", knowledge.summary());
    for part in knowledge.parts() {
        let section = doc
            .select(&select(&format!("section[id=\"part-{}\"]", part.id)))
            .next()
            .unwrap_or_else(|| panic!("no section {}", part.id));
        let heading = section.select(&select("h2")).next().map(text_of);
        assert!(
            heading
                .as_deref()
                .is_some_and(|h| h.starts_with(&part.title)),
            "{}: {heading:?}",
            part.id
        );
        for item in knowledge.items(part.id) {
            let inside = format!("article[id=\"{}\"]", item.id);
            assert!(
                section.select(&select(&inside)).next().is_some(),
                "{inside}"
            );
        }
    }
    let h1 = doc.select(&select("h1")).next().map(text_of);
    assert_eq!(h1.as_deref(), Some("SPy"));
}

/// A workspace whose learning store holds answered and unanswered questions.
fn asked() -> Workspace {
    let ws = Workspace::new();
    for question in [ANSWERED, ANSWERED, GAP, GAP, GAP, "nelegálna migrácia"] {
        let output = ws.run(&["ask", question], b"");
        assert!(output.status.success(), "{}", stderr(&output));
    }
    ws
}

#[test]
fn the_statistics_are_charts_without_members_words_unless_asked() {
    let ws = asked();
    let out = ws.path("public");
    let out = out.to_str().expect("UTF-8");
    let said = site(&ws, &["--out", out, "--stats", "--days", "7"]);
    assert!(said.contains("stats.html (the last 7 days)"), "{said}");
    let html = read(&ws.path("public/stats.html"));
    let doc = valid(&html, "stats.html");
    let charts: Vec<String> = doc
        .select(&select("figure svg[role=img]"))
        .filter_map(|svg| svg.value().attr("aria-labelledby").map(str::to_string))
        .collect();
    assert_eq!(
        charts,
        ["chart-days", "chart-share", "chart-passages", "chart-gaps"]
    );
    // Today's bar: 6 questions, 3 answered (the axis ends at 10).
    let bars = doc.select(&select("rect.answered")).count();
    let missed = doc.select(&select("rect.unanswered")).count();
    assert_eq!((bars, missed), (1, 1), "one day with questions");
    assert!(html.contains(": 6 (zodpovedaných 3)"), "{html}");
    assert!(
        html.contains("6 otázok za posledných 7 dní, zodpovedaných 50 %"),
        "{html}"
    );
    let gap = doc
        .select(&select("#chart-gaps ~ g title"))
        .next()
        .map(text_of);
    assert!(
        gap.as_deref()
            .is_some_and(|g| g.starts_with("Otázka 1") && g.ends_with("3×")),
        "{gap:?}"
    );
    assert!(!html.to_lowercase().contains("halušky"), "no question text");
    assert!(!html.contains("obchodovanie"), "no question text");
    let index = read(&ws.path("public/index.html"));
    assert!(
        index.contains("href=\"stats.html\""),
        "the page links to them"
    );

    site(&ws, &["--out", out, "--stats", "--include-questions"]);
    let with = read(&ws.path("public/stats.html"));
    valid(&with, "stats.html with questions");
    assert!(with.contains(GAP), "asked for: the gaps' texts");
}

#[test]
fn include_questions_needs_the_statistics_and_the_site_an_out() {
    let ws = Workspace::new();
    let output = ws.run(&["site", "--out", "x", "--include-questions"], b"");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let output = ws.run(&["site"], b"");
    assert!(!output.status.success());
    assert!(stderr(&output).contains("--out DIR"), "{}", stderr(&output));
}

/// The workspace's config with `[site] out = "public"`, loaded.
fn publishing(ws: &Workspace) -> Config {
    let path = ws.path("config.toml");
    let mut config = read(&path);
    config.push_str("\n[site]\nout = \"public\"\n");
    std::fs::write(&path, config).expect("write config");
    Config::load(&path, true).expect("config loads")
}

#[test]
fn a_change_rewrites_the_page_made_here_or_on_disk() {
    let ws = Workspace::with_all_knowledge();
    let config = publishing(&ws);
    let app = App::open(&config).expect("opens").watch();
    let page = ws.path("public/index.html");
    assert!(
        !page.exists(),
        "nothing is written before a change or `publish`"
    );

    // A moderator's change: the page is rewritten before the change is acknowledged.
    let edit = Edit::EditPoint {
        section: SectionId::STRATEGY,
        number: 7,
        text: "Podporovať dialóg <všetkých> o všetkom.".into(),
        text_en: None,
    };
    let preview = app.desk.preview(&edit).expect("preview");
    let entry = app.desk.apply(&preview, "console:test").expect("applied");
    let html = read(&page);
    let doc = valid(&html, "index.html after a change");
    let point = doc
        .select(&select("article#strategy-7"))
        .next()
        .map(text_of)
        .unwrap_or_default();
    assert!(
        point.contains("Podporovať dialóg <všetkých> o všetkom."),
        "{point}"
    );
    let day = &entry.at[..10];
    assert!(html.contains(&format!("Posledná zmena: {day}")), "{html}");

    // An edit made on disk: taken in by the watcher, then the page; heard from the
    // editor's hook, which runs after the site's.
    let (heard, swapped) = mpsc::channel();
    app.editor.after_swap(Box::new(move || {
        let _ = heard.send(());
    }));
    let strategy = ws.knowledge_text("strategy.toml");
    let old = doc
        .select(&select("article#strategy-1 .pair > p"))
        .next()
        .map(text_of)
        .expect("point 1");
    ws.edit_knowledge(
        "strategy.toml",
        &strategy.replacen(&old, "Prvý bod, upravený na disku.", 1),
    );
    swapped
        .recv_timeout(Duration::from_secs(60))
        .expect("the edit on disk is taken in");
    let html = read(&page);
    assert!(html.contains("Prvý bod, upravený na disku."), "{html}");
    assert!(!html.contains(&old), "the old text is gone");
    drop(app);
}

#[test]
fn the_console_publishes_on_start() {
    let ws = Workspace::with_all_knowledge();
    publishing(&ws);
    let mut console = crate::support::console::Console::start(&ws, &[], &[]);
    // The page is written before the console reads its first line.
    console.ask("/strategy 7", "Stratégia IOM, bod 7");
    let page = ws.path("public/index.html");
    assert!(page.exists(), "written when the console started");
    console.finish();
    valid(&read(&page), "index.html from the console");
}

/// Chromium, where it is installed.
fn chromium() -> Option<PathBuf> {
    let found = Command::new("chromium")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    found.then(|| PathBuf::from("chromium"))
}

/// Renders `page` headless into `shot`; returns what Chromium logged.
fn render(browser: &Path, page: &Path, shot: &Path, profile: &Path) -> String {
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=420,1600",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    let logged = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{}: {logged}", page.display());
    logged
}

#[test]
fn chromium_renders_both_pages_without_a_console_message() {
    let Some(browser) = chromium() else {
        if std::env::var("MISSIONBOT_REQUIRE_CHROMIUM").is_ok_and(|v| v == "1") {
            panic!("chromium is not installed, and MISSIONBOT_REQUIRE_CHROMIUM=1 requires it");
        }
        eprintln!("skipped: chromium is not installed (apt-get install chromium)");
        return;
    };
    let ws = asked();
    let out = ws.path("public");
    site(&ws, &["--out", out.to_str().expect("UTF-8"), "--stats"]);
    let profile = tempfile::tempdir().expect("a profile");
    for page in ["index.html", "stats.html"] {
        let shot = ws.path(&format!("{page}.png"));
        let logged = render(&browser, &out.join(page), &shot, profile.path());
        let console: Vec<&str> = logged
            .lines()
            .filter(|l| l.contains("INFO:CONSOLE"))
            .collect();
        assert!(console.is_empty(), "{page}: {console:#?}");
        let png = std::fs::read(&shot).expect("a screenshot");
        assert!(
            png.starts_with(b"\x89PNG") && png.len() > 10_000,
            "{page}: {} bytes",
            png.len()
        );
    }
}
