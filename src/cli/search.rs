//! Asking from the command line: `ask` (one reply, as the bot gives it),
//! `search` (ranked passages, for scripts), `eval` (a relevance set scored)
//! and `index` (the index rebuilt).

use std::io::{self, BufRead, Write};
use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use super::{CliError, print};
use crate::app;
use crate::command::Command;
use crate::config::Config;
use crate::conversation::Conversation;
use crate::engine::Engine;
use crate::eval;
use crate::learning::{Learning, Source};
use crate::reply::render::{self, Emphasis};
use crate::reply::{Lang, answer, citation};

/// Where `search` reads its questions.
pub enum Input {
    /// The words given on the command line, as one question.
    Words(Vec<String>),
    /// One question per line of stdin; with `conversation`, consecutive
    /// lines are one conversation and an empty line starts the next.
    Stdin { conversation: bool },
}

/// `missionbot ask`: the bot's reply to one question or command, recorded
/// like a question asked at the console.
pub fn ask(config: &Config, lang: Option<Lang>, text: &[String]) -> Result<ExitCode, CliError> {
    let engine = Engine::open(config)?;
    let learning = Learning::open(&config.learning);
    let command = Command::parse(&text.join(" "));
    if let Command::Ask(question) = &command {
        engine.prepare_for(question, app::semantic_wait(config));
    }
    let reply = engine.handle(&command, lang.unwrap_or(engine.language()));
    print(&reply);
    if let Command::Ask(question) = &command {
        learning.record(question, Source::Console, &reply);
    }
    Ok(ExitCode::SUCCESS)
}

/// `missionbot search`: one line per question, as JSON or as text.
pub fn search(
    config: &Config,
    input: Input,
    limit: usize,
    json: bool,
) -> Result<ExitCode, CliError> {
    let engine = Engine::open(config)?;
    let wait = app::semantic_wait(config);
    let lang = engine.language();
    let mut out = io::stdout().lock();
    match input {
        Input::Words(words) => {
            let query = words.join(" ");
            engine.prepare_for(&query, wait);
            print_search(&engine, &query, limit, json, lang, None, &mut out)?
        }
        Input::Stdin { conversation } => {
            let mut line = Vec::new();
            let mut stdin = io::stdin().lock();
            let mut talk = Conversation::new();
            loop {
                line.clear();
                if stdin.read_until(b'\n', &mut line)? == 0 {
                    break;
                }
                let query = String::from_utf8_lossy(&line);
                let query = query.trim_end_matches(['\n', '\r']);
                if conversation && query.trim().is_empty() {
                    // The next member's conversation.
                    talk.clear();
                    continue;
                }
                engine.prepare_for(query, wait);
                let talk = conversation.then_some(&mut talk);
                print_search(&engine, query, limit, json, lang, talk, &mut out)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One question's line of `search --json`, keys in this order.
#[derive(Serialize)]
struct SearchLine<'a> {
    query: &'a str,
    hits: Vec<HitView>,
    /// What it came closest to when nothing answers: a guess, never a hit.
    suggestions: Vec<SuggestionView>,
}

#[derive(Serialize)]
struct HitView {
    id: String,
    /// To three decimals.
    score: f64,
    snippet: String,
    /// Which search found it: words, meaning or both.
    source: &'static str,
    /// Found below the evidence rule by how clearly it led: the reply
    /// hedges. Absent when false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    tentative: bool,
}

#[derive(Serialize)]
struct SuggestionView {
    id: String,
    label: String,
}

fn print_search(
    engine: &Engine,
    query: &str,
    limit: usize,
    json: bool,
    lang: Lang,
    conversation: Option<&mut Conversation>,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let context = conversation.as_ref().and_then(|c| c.context().cloned());
    let found = engine.find_in(query, limit, context.as_ref())?;
    if let (Some(conversation), Some(lead)) = (conversation, found.hits.first()) {
        conversation.remember_lead(lead.id);
    }
    let knowledge = engine.knowledge();
    let line = SearchLine {
        query,
        hits: found
            .hits
            .iter()
            .filter_map(|hit| {
                let passage = knowledge.get(hit.id)?;
                let snippet = answer::excerpt(&passage.text, &hit.highlights);
                Some(HitView {
                    id: hit.id.to_string(),
                    score: (f64::from(hit.score) * 1000.0).round() / 1000.0,
                    snippet: render::plain_text(&snippet, Emphasis::Stars),
                    source: hit.source.name(),
                    tentative: hit.tentative,
                })
            })
            .collect(),
        suggestions: found
            .closest
            .iter()
            .map(|hit| SuggestionView {
                id: hit.id.to_string(),
                label: citation::citation(&knowledge, hit.id, lang),
            })
            .collect(),
    };
    if json {
        serde_json::to_writer(&mut *out, &line)?;
        writeln!(out)?;
    } else if line.hits.is_empty() {
        writeln!(out, "(nothing relevant)")?;
        if !line.suggestions.is_empty() {
            let ids: Vec<&str> = line.suggestions.iter().map(|s| s.id.as_str()).collect();
            writeln!(out, "(closest, not an answer: {})", ids.join(", "))?;
        }
    } else {
        for hit in &line.hits {
            writeln!(out, "{:<12} {:>7}  {}", hit.id, hit.score, hit.snippet)?;
        }
    }
    Ok(())
}

/// `missionbot eval FILE`: hit@1, hit@3 and MRR per kind and overall.
pub fn eval(
    config: &Config,
    file: &Path,
    explain: bool,
    document: Option<&str>,
) -> Result<ExitCode, CliError> {
    let engine = app::engine_ready(config)?;
    let mut set = eval::load_set(file)?;
    if let Some(document) = document {
        set.conversations
            .retain(|c| c.document.as_deref() == Some(document));
    }
    let knowledge = engine.knowledge();
    eval::resolve(&knowledge, &mut set.cases).map_err(CliError::Unresolved)?;
    for conversation in &mut set.conversations {
        eval::resolve(&knowledge, &mut conversation.turns).map_err(CliError::Unresolved)?;
    }
    let mut outcomes = eval::run(&engine, &set.cases)?;
    outcomes.extend(eval::run_conversations(&engine, &set.conversations)?);
    print!("{}", eval::report(&outcomes, explain));
    Ok(ExitCode::SUCCESS)
}

/// `missionbot index`: the index rebuilt, and the passage vectors beside it
/// where semantic search is configured.
pub fn index(config: &Config) -> Result<ExitCode, CliError> {
    let knowledge = Engine::rebuild_index(config)?;
    println!(
        "index rebuilt in {}: {} passages",
        config.index_dir.display(),
        knowledge.passages().len()
    );
    if config.semantic.is_some() {
        let engine = Engine::open(config)?;
        match engine.wait_for_semantic(app::VECTORS_WAIT) {
            Some(true) => println!("passage vectors ready beside the index"),
            _ => return Err(CliError::Vectors),
        }
    }
    Ok(ExitCode::SUCCESS)
}
