//! The command line as a user runs it: import, check, index rebuild, console,
//! ask and search, each on a copy of the shipped files in a temporary directory.

use crate::support::shipped::root;
use crate::support::workspace::{Workspace, stderr, stdout};

const SEED: &str = "tests/data/seed/000_514e00f36a959862.txt";

#[test]
fn import_reproduces_the_shipped_knowledge() {
    let ws = Workspace::new();
    let out = ws.path("imported");
    let output = ws.run(
        &[
            "import",
            root().join(SEED).to_str().expect("utf-8 path"),
            "--out",
            out.to_str().expect("path"),
        ],
        b"",
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("IOM: mission, 4 aims, 12 strategy points"),
        "{}",
        stdout(&output)
    );
    assert!(stderr(&output).contains("dropped (not content): fbpx"));
    assert!(stderr(&output).contains("Poslanie IOMiom02"));
    // The shipped knowledge is the import plus English translations.
    let made = missionbot::knowledge::load(&out).expect("the import loads");
    let shipped = missionbot::knowledge::load(&root().join("knowledge")).expect("shipped loads");
    let texts = |k: &missionbot::knowledge::Knowledge| -> Vec<(String, String)> {
        k.passages()
            .iter()
            .map(|p| (p.id.to_string(), p.text.clone()))
            .collect()
    };
    assert_eq!(texts(&made), texts(&shipped));
    assert_eq!(made.organization, shipped.organization);
    let strategy = |k: &missionbot::knowledge::Knowledge| {
        k.section(missionbot::knowledge::SectionId::STRATEGY)
            .map(|s| s.title.clone())
    };
    assert_eq!(strategy(&made), strategy(&shipped));
    let again = ws.run(
        &[
            "import",
            root().join(SEED).to_str().expect("path"),
            "--out",
            out.to_str().expect("path"),
        ],
        b"",
    );
    assert!(
        !again.status.success(),
        "import must not overwrite without --force"
    );
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
}

#[test]
fn import_dry_run_shows_the_files_and_every_line_and_writes_nothing() {
    let ws = Workspace::new();
    let out = ws.path("imported");
    let output = ws.run(
        &[
            "import",
            root().join(SEED).to_str().expect("utf-8 path"),
            "--out",
            out.to_str().expect("path"),
            "--dry-run",
        ],
        b"",
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let shown = stdout(&output);
    for expected in [
        "── mission.toml ──",
        "── strategy.toml ──",
        "[[point]]",
        "    1   dropped (not content): fbpx [noise: a tracking tag or a file name]",
        "    3   dropped (not content): Poslanie IOMiom02",
        "    7 → aim-1 [Poslanie IOM, cieľ 1]",
        "   12   left out (a heading that names section strategy): Stratégia IOM",
        "   20 → strategy-7 [Stratégia IOM, bod 7]",
        "IOM: mission, 4 aims, 12 strategy points (dry run: nothing written)",
    ] {
        assert!(shown.contains(expected), "{expected:?} in\n{shown}");
    }
    let seed_lines = std::fs::read_to_string(root().join(SEED))
        .expect("seed")
        .lines()
        .count();
    let report_lines = shown
        .lines()
        .skip_while(|l| !l.starts_with("── report"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .count();
    assert_eq!(report_lines, seed_lines, "one report line per input line");
    assert!(!out.exists(), "a dry run writes nothing");
}

#[test]
fn import_keeps_the_lines_named_and_says_where_they_went() {
    let ws = Workspace::new();
    let doc = ws.path("doc.txt");
    std::fs::write(
        &doc,
        "Our Mission\n\nORG helps people in many places every single day of the year. ORG works:\n\n \
         • to help,\n • to teach.\n\nStrategy ORG\n\n 1. First point.\n 2. Second point.\n\nShare this page\n",
    )
    .expect("write");
    let left = ws.run(&["import", doc.to_str().expect("path"), "--dry-run"], b"");
    assert!(left.status.success(), "{}", stderr(&left));
    assert!(
        stdout(&left).contains(
            "   13   dropped (not content): Share this page [noise: a short line with no sentence]"
        ),
        "{}",
        stdout(&left)
    );
    let kept = ws.run(
        &[
            "import",
            doc.to_str().expect("path"),
            "--dry-run",
            "--keep",
            "13",
        ],
        b"",
    );
    assert!(kept.status.success(), "{}", stderr(&kept));
    let shown = stdout(&kept);
    assert!(
        shown.contains(
            "   13 → strategy-2 [Strategy ORG, point 2] (kept by --keep: appended to this passage): Share this page"
        ),
        "{shown}"
    );
    assert!(
        shown.contains("text = \"\"\"\nSecond point.\nShare this page\"\"\""),
        "{shown}"
    );
    let bad = ws.run(
        &["import", doc.to_str().expect("path"), "--keep", "12-x"],
        b"",
    );
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("12,40-44"), "{}", stderr(&bad));
}

#[test]
fn import_says_where_it_gave_up_and_what_it_expected() {
    let ws = Workspace::new();
    let noise = ws.path("noise.txt");
    std::fs::write(&noise, "fbpx\n\nimg_2041.jpg\n").expect("write");
    let output = ws.run(&["import", noise.to_str().expect("path"), "--dry-run"], b"");
    assert!(!output.status.success());
    let said = stderr(&output);
    assert!(said.contains("gave up at line 3"), "{said}");
    assert!(
        said.contains("expected paragraphs, headings or lists"),
        "{said}"
    );

    let gap = ws.path("gap.md");
    std::fs::write(
        &gap,
        "# Our principles\n\n1. Be open.\n\nSome words between.\n\n3. Be kind.\n4. Be brave.\n",
    )
    .expect("write");
    let output = ws.run(
        &[
            "import",
            gap.to_str().expect("path"),
            "--dry-run",
            "--organization",
            "ORG",
        ],
        b"",
    );
    assert!(!output.status.success(), "{}", stdout(&output));
    assert!(
        stderr(&output).contains("line 7: a numbered list starts at 3"),
        "{}",
        stderr(&output)
    );
}

/// Imports a document of another shape and loads it.
#[test]
fn import_writes_any_document_the_loader_reads() {
    let ws = Workspace::new();
    let out = ws.path("imported");
    let doc = root().join("tests/data/documents/en-awu-mission.md");
    let output = ws.run(
        &[
            "import",
            doc.to_str().expect("path"),
            "--out",
            out.to_str().expect("path"),
            "--organization",
            "AWU",
        ],
        b"",
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(out.join("values.toml").exists());
    let loaded = missionbot::knowledge::load(&out).expect("the import loads");
    assert_eq!(loaded.organization, "AWU");
    // The statement of purpose and the seven values.
    assert_eq!(loaded.passages().len(), 8);
}

/// `passages --json` lists the shipped document's 17 passages in order,
/// with the ids they have always had.
#[test]
fn passages_lists_every_passage_with_its_id_and_label() {
    let ws = Workspace::new();
    let output = ws.run(&["passages", "--json"], b"");
    assert!(output.status.success(), "{}", stderr(&output));
    let listed: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    let passages = listed["passages"].as_array().expect("a list");
    let ids: Vec<&str> = passages.iter().filter_map(|p| p["id"].as_str()).collect();
    let mut expected = vec!["mission".to_string()];
    expected.extend((1..=4).map(|n| format!("aim-{n}")));
    expected.extend((1..=12).map(|n| format!("strategy-{n}")));
    assert_eq!(ids, expected);
    assert_eq!(passages[5]["section"], "strategy");
    assert_eq!(passages[5]["label"], "Stratégia IOM, bod 1");
    assert_eq!(passages[1]["label"], "Poslanie IOM, cieľ 1");
    assert_eq!(passages[0]["section"], "mission");
    assert!(
        passages
            .iter()
            .all(|p| p["text"].as_str().is_some_and(|t| !t.is_empty()))
    );
    let people = ws.run(&["passages"], b"");
    assert!(stdout(&people).contains("strategy-7       Stratégia IOM, bod 7: "));
}

#[test]
fn check_accepts_the_shipped_knowledge_and_locates_problems() {
    let ws = Workspace::new();
    let ok = ws.run(&["check"], b"");
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert!(stdout(&ok).contains("12 strategy points"));

    let strategy = ws.path("knowledge/strategy.toml");
    let text = std::fs::read_to_string(&strategy).expect("read");
    let line_of = |needle: &str| text.lines().position(|l| l == needle).expect("present") + 1;
    let (seven, eight) = (line_of("number = 7"), line_of("number = 8"));
    std::fs::write(&strategy, text.replacen("number = 8", "number = 7", 1)).expect("write");
    let bad = ws.run(&["check"], b"");
    assert_eq!(bad.status.code(), Some(1));
    let err = stderr(&bad);
    let expected =
        format!("strategy.toml:{eight}:10: point number 7 appears twice (first on line {seven})");
    assert!(err.contains(&expected), "{err}");

    std::fs::write(
        &strategy,
        b"title = \"x\"\n[[point]]\nnumber = 1\ntext = \"\xff\"\n",
    )
    .expect("write");
    let err = stderr(&ws.run(&["check"], b""));
    assert!(err.contains("strategy.toml:4:9: not valid UTF-8"), "{err}");

    std::fs::write(
        ws.path("config.toml"),
        "knowledge = \"knowledge\"\nindexx = \"i\"\n",
    )
    .expect("write");
    let err = stderr(&ws.run(&["check"], b""));
    assert!(
        err.contains("config.toml:2:1") && err.contains("indexx"),
        "{err}"
    );
}

#[test]
fn console_prints_points_and_clear_messages() {
    let ws = Workspace::new();
    let output = ws.run(
        &["console"],
        b"/strategy 7\n/strategy 13\n/strategy -1\n/strategy abc\n\n/ask\n",
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(out.contains("Stratégia IOM, bod 7"));
    assert!(out.contains("(International Dialogue on Migration) s cieľom posilniť pochopenie príležitostí a výziev, ktoré migrácia prináša, a prispieť k tvorbe efektívnych politík s cieľom reagovať na tieto príležitosti a výzvy, ako aj identifikovať komplexné prístupy a opatrenia na podporu medzinárodnej spolupráce."));
    assert!(
        out.contains("Bod 13 neexistuje: stratégia má body 1 až 12"),
        "{out}"
    );
    assert!(out.contains("Bod -1 neexistuje"), "{out}");
    assert!(out.contains("„abc“ nie je číslo bodu"), "{out}");
    assert_eq!(out.matches("Chýba otázka").count(), 2, "{out}");
}

#[test]
fn english_console_leads_with_the_translation_beside_the_original() {
    let ws = Workspace::new();
    let output = ws.run(
        &["console", "--lang", "en"],
        b"/strategy 11\nvoluntary return\n",
    );
    let out = stdout(&output);
    assert!(out.contains("IOM Strategy, point 11"), "{out}");
    assert!(
        out.contains("Assist states in designing and carrying out programmes"),
        "{out}"
    );
    assert!(
        out.contains("Slovak original: Stratégia IOM, bod 11"),
        "{out}"
    );
    assert!(out.contains("Asistovať štátom pri navrhovaní"), "{out}");
    assert!(out.contains("unofficial translation"), "{out}");
    assert!(out.contains("enable the **voluntary return**"), "{out}");

    let slovak = stdout(&ws.run(&["console", "--lang", "sk"], b"/strategy 11\n"));
    assert!(
        slovak.contains("Stratégia IOM, bod 11") && !slovak.contains("Assist states"),
        "{slovak}"
    );

    // A question in English gets English even from a Slovak console.
    let asked = stdout(&ws.run(&["ask", "human trafficking of women and children"], b""));
    assert!(asked.starts_with("IOM Strategy, point 11"), "{asked}");
}

#[test]
fn a_synonym_added_to_the_glossary_takes_effect_on_the_next_start() {
    let ws = Workspace::new();
    let before = stdout(&ws.run(&["search", "--json", "pašovanie"], b""));
    assert!(before.contains("\"hits\":[]"), "no glossary yet: {before}");
    std::fs::write(
        ws.path("knowledge/synonyms.toml"),
        "[[synonym]]\nwords = [\"pašovanie\"]\nmeans = \"prevádzačstvo\"\n",
    )
    .expect("write glossary");
    let check = ws.run(&["check"], b"");
    assert!(check.status.success(), "{}", stderr(&check));
    let after = stdout(&ws.run(&["search", "--json", "pašovania"], b""));
    assert!(after.contains("\"id\":\"strategy-11\""), "{after}");

    std::fs::write(
        ws.path("knowledge/synonyms.toml"),
        "[[synonym]]\nwords = [\"dve slová\"]\nmeans = \"x\"\n",
    )
    .expect("write");
    let err = stderr(&ws.run(&["check"], b""));
    assert!(
        err.contains("synonyms.toml:2:10: one word per entry"),
        "{err}"
    );
}

#[test]
fn console_survives_invalid_utf8_and_answers_the_next_line() {
    let ws = Workspace::new();
    let output = ws.run(&["console"], b"\xff\xfe migr\xe1cia\nnelegalna migracia\n");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("Stratégia IOM, bod 5"));
}

/// `search --conversation`: consecutive lines are one member's
/// conversation, an empty line starts the next; the console keeps one.
#[test]
fn follow_ups_are_read_in_a_conversation_for_scripts_and_at_the_console() {
    let ws = Workspace::new();
    let output = ws.run(
        &["search", "--json", "--stdin", "--conversation"],
        "bod 7\na ten ďalší?\nin English please\n\na ten ďalší?\n".as_bytes(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let firsts: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("JSON line"))
        .map(|line| line["hits"][0]["id"].clone())
        .collect();
    assert_eq!(
        firsts,
        [
            serde_json::json!("strategy-7"),
            serde_json::json!("strategy-8"),
            serde_json::json!("strategy-8"),
            serde_json::Value::Null,
        ],
        "a new conversation after the empty line"
    );
    // Without --conversation every line stands alone.
    let alone = ws.run(
        &["search", "--json", "--stdin"],
        "bod 7\na ten ďalší?\n".as_bytes(),
    );
    let last = stdout(&alone)
        .lines()
        .last()
        .map(str::to_string)
        .unwrap_or_default();
    assert!(last.contains("\"hits\":[]"), "{last}");

    let console = ws.run(&["console"], "bod 7\na ten ďalší?\n".as_bytes());
    let said = stdout(&console);
    assert!(said.contains("Stratégia IOM, bod 8"), "{said}");
}

#[test]
fn search_json_never_fails_on_query_syntax() {
    let ws = Workspace::new();
    let output = ws.run(&["search", "--json", "migrácia AND (\"*"], b"");
    assert!(output.status.success(), "{}", stderr(&output));
    let line: serde_json::Value =
        serde_json::from_str(stdout(&output).trim()).expect("one JSON line");
    assert_eq!(line["query"], "migrácia AND (\"*");
    assert!(line["hits"].is_array());

    let output = ws.run(
        &["search", "--json", "--stdin", "--limit", "2"],
        "nelegálna migrácia\nrecept na bryndzové halušky\n:\n".as_bytes(),
    );
    let lines: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["hits"][0]["id"], "strategy-5");
    assert!(
        lines[0]["hits"][0]["snippet"]
            .as_str()
            .expect("snippet")
            .contains("**nelegálnej migrácie**")
    );
    assert!(lines[0]["hits"].as_array().expect("hits").len() <= 2);
    assert_eq!(lines[1]["hits"], serde_json::json!([]));
    assert_eq!(lines[2]["hits"], serde_json::json!([]));
}

#[test]
fn a_missing_or_damaged_index_is_rebuilt_and_still_answers() {
    let ws = Workspace::new();
    let ask = |ws: &Workspace| ws.run(&["ask", "Ako IOM rieši nelegálnu migráciu?"], b"");

    let first = ask(&ws);
    assert!(
        stdout(&first).contains("Stratégia IOM, bod 5"),
        "{}",
        stdout(&first)
    );
    assert!(
        stderr(&first).contains("rebuilt the search index")
            && stderr(&first).contains("no index yet"),
        "{}",
        stderr(&first)
    );

    let second = ask(&ws);
    assert!(
        !stderr(&second).contains("rebuilt"),
        "a good index is reused: {}",
        stderr(&second)
    );

    for entry in std::fs::read_dir(ws.path("index")).expect("index dir") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "term" || e == "idx") {
            std::fs::write(&path, b"garbage").expect("damage");
        }
    }
    let damaged = ask(&ws);
    assert!(
        stdout(&damaged).contains("Stratégia IOM, bod 5"),
        "{}",
        stdout(&damaged)
    );
    assert!(stderr(&damaged).contains("damaged"), "{}", stderr(&damaged));

    std::fs::remove_dir_all(ws.path("index")).expect("delete index");
    let deleted = ask(&ws);
    assert!(stdout(&deleted).contains("Stratégia IOM, bod 5"));
    assert!(stderr(&deleted).contains("no index yet"));

    let strategy = ws.path("knowledge/strategy.toml");
    let text = std::fs::read_to_string(&strategy).expect("read");
    std::fs::write(
        &strategy,
        text.replace("nelegálnej migrácie", "nelegálnej migrácie a pašovania"),
    )
    .expect("edit");
    let edited = ws.run(&["ask", "pašovanie"], b"");
    assert!(
        stderr(&edited).contains("knowledge changed"),
        "{}",
        stderr(&edited)
    );
    assert!(
        stdout(&edited).contains("Stratégia IOM, bod 5"),
        "{}",
        stdout(&edited)
    );

    let rebuilt = ws.run(&["index"], b"");
    assert!(
        stdout(&rebuilt).contains("17 passages"),
        "{}",
        stdout(&rebuilt)
    );
}

#[test]
fn an_unwritable_index_location_still_answers() {
    // A file where the index directory should be cannot be written even by
    // root (CI runs as root, where permission bits would not stop a write).
    let ws = Workspace::new();
    std::fs::write(ws.path("index"), b"not a directory").expect("block the index path");
    let output = ws.run(&["ask", "nelegálna migrácia"], b"");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("Stratégia IOM, bod 5"),
        "{}",
        stdout(&output)
    );
    assert!(
        stderr(&output).contains("keeping the index in memory"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read(ws.path("index")).expect("still there"),
        b"not a directory"
    );
}

/// A build without Discord says so, rather than "unknown command".
#[cfg(not(feature = "discord"))]
#[test]
fn run_without_the_discord_feature_names_it() {
    let ws = Workspace::new();
    let output = ws.run(&["run"], b"");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("`discord` feature"), "{stderr}");
}
