//! `missionbot check`: the configuration, the knowledge, the embedding
//! service and the site, each reported, all problems at once.

use std::process::ExitCode;

use std::error::Error;

use crate::config::Config;
use crate::knowledge;
use crate::knowledge::Knowledge;
use crate::semantic::Semantic;
use crate::semantic::vectors::VectorSet;
use crate::store::files::audit::AuditLog;
use crate::terminal;

/// Validates the knowledge and asks the embedding service (when
/// configured) for one vector; both are reported whatever the other's state.
pub fn check(config: &Config) -> ExitCode {
    let discord_ok = match config.check_for_discord() {
        Ok(()) => true,
        Err(problem) => {
            eprintln!("{problem}");
            false
        }
    };
    let (loaded, shown) = match &config.store {
        Some(_) => (stored(config), "PostgreSQL".to_string()),
        None => (
            knowledge::load(&config.knowledge_dir),
            config.knowledge_dir.display().to_string(),
        ),
    };
    let knowledge_ok = match loaded {
        Ok(k) => {
            let config_name = config
                .path
                .as_deref()
                .map_or("built-in defaults".to_string(), |p| p.display().to_string());
            println!("ok: {config_name}; {shown}: {}", k.summary());
            warn_controls(&k);
            true
        }
        Err(problems) => {
            eprintln!("{problems}");
            eprintln!("{} problem(s) found", problems.0.len());
            false
        }
    };
    let audit_ok = match AuditLog::new(&config.audit_log).check() {
        // The audit log is in PostgreSQL with the knowledge.
        _ if config.store.is_some() => true,
        Ok(()) => true,
        Err(error) => {
            eprintln!(
                "{error}: {}",
                error.source().map_or(String::new(), |s| s.to_string())
            );
            false
        }
    };
    let semantic_ok = check_semantic(config);
    let site_ok = check_site(config);
    if discord_ok && knowledge_ok && audit_ok && semantic_ok && site_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The knowledge in PostgreSQL (`[store]`), read there (never from a
/// local copy: `check` says whether the database answers).
fn stored(config: &Config) -> Result<Knowledge, crate::diagnostic::Diagnostics> {
    let store = crate::store::knowledge(config).map_err(|error| {
        crate::diagnostic::Diagnostics(vec![crate::diagnostic::Diagnostic::file(
            &config.knowledge_dir,
            crate::diagnostic::chain(&error),
        )])
    })?;
    let texts = store.read()?;
    if texts.iter().next().is_none() {
        return Err(crate::diagnostic::Diagnostics(vec![
            crate::diagnostic::Diagnostic::file(
                store.location(),
                "holds no knowledge yet: `missionbot store import DIR` takes a knowledge \
                 directory in",
            ),
        ]));
    }
    knowledge::from_texts(store.location(), &texts)
}

/// Warns of control characters in the knowledge's texts: a terminal the
/// console runs in would act on them (they are shown escaped there, and
/// Discord ignores them), and they are rarely what the organization meant.
fn warn_controls(knowledge: &Knowledge) {
    for passage in knowledge.passages() {
        let texts = std::iter::once(&passage.text)
            .chain(passage.text_en.iter())
            .chain(knowledge.questions(passage.id));
        for text in texts {
            if let Some(c) = text.chars().find(|c| terminal::is_control(*c)) {
                println!(
                    "warning: {} holds a control character ({}); check its text",
                    passage.id,
                    c.escape_unicode()
                );
            }
        }
    }
}

/// The site (`[site]`): where answers link and where it is written; a
/// place to write that is not a directory is a problem.
fn check_site(config: &Config) -> bool {
    let site = &config.site;
    if let Some(url) = &site.url {
        println!("ok: answers on Discord link their citations to {url}#<passage id>");
    }
    let Some(out) = &site.out else {
        if site.url.is_none() {
            println!(
                "the site is not written by the bot (no [site] out): `missionbot site --out DIR` writes it"
            );
        }
        return true;
    };
    if out.exists() && !out.is_dir() {
        eprintln!(
            "site.out ({}) is not a directory: name a directory for the site's pages",
            out.display()
        );
        return false;
    }
    let stats = if site.stats {
        format!(", and stats.html (the last {} days) once a day", site.days)
    } else {
        String::new()
    };
    println!(
        "ok: the site is written into {}: index.html after every change{stats}",
        out.display()
    );
    true
}

/// The embedding service asked for one vector: what it serves, or what is wrong.
fn check_semantic(config: &Config) -> bool {
    let Some(settings) = &config.semantic else {
        println!("semantic search is off (no [semantic] in the configuration): words only");
        return true;
    };
    match Semantic::probe(settings) {
        Ok(probe) => {
            let kept = VectorSet::stamp_in(&config.index_dir)
                .filter(|stamp| stamp.model == probe.model && stamp.dimension != probe.dimension);
            if let Some(kept) = kept {
                eprintln!(
                    "semantic search: {} at {} answers with vectors of dimension {}, but the \
                     passage vectors beside the index have dimension {}: the model changed \
                     under its name; run `missionbot index` to embed the passages again",
                    probe.model, settings.url, probe.dimension, kept.dimension
                );
                return false;
            }
            println!(
                "ok: semantic search: {} at {}, dimension {}, round trip {} ms",
                probe.model,
                settings.url,
                probe.dimension,
                probe.round_trip.as_millis()
            );
            true
        }
        Err(error) => {
            eprintln!(
                "semantic search: {} at {}: {error}",
                settings.model, settings.url
            );
            false
        }
    }
}
