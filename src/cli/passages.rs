//! `missionbot passages`: the knowledge as it is cited, for scripts and for
//! people checking an import: every passage in document order with its id,
//! its section, its label and its text.

use std::io::{self, Write};
use std::process::ExitCode;

use serde::Serialize;

use super::CliError;
use crate::config::Config;
use crate::engine::EngineError;
use crate::knowledge::{self, Knowledge, labels};
use crate::terminal;

/// `{"passages": [...]}`, keys in this order.
#[derive(Serialize)]
struct Listing<'k> {
    passages: Vec<PassageView<'k>>,
}

/// One passage of `passages --json`.
#[derive(Serialize)]
struct PassageView<'k> {
    id: String,
    /// The section's id (`strategy`, `principles`, `aim`); `mission` for
    /// the statement of purpose.
    section: String,
    /// How replies cite it, in the document's language.
    label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'k str>,
    text: &'k str,
    #[serde(skip_serializing_if = "Option::is_none")]
    text_en: Option<&'k str>,
}

fn views(knowledge: &Knowledge) -> Vec<PassageView<'_>> {
    knowledge
        .passages()
        .iter()
        .map(|p| PassageView {
            id: p.id.to_string(),
            section: p
                .id
                .section()
                .map_or_else(|| "mission".to_string(), |s| s.to_string()),
            label: labels::label(knowledge, p.id, false),
            name: p.name.as_deref(),
            text: &p.text,
            text_en: p.text_en.as_deref(),
        })
        .collect()
}

/// Lists the configured knowledge's passages: one JSON document, or one
/// line each for people (`id  label: text`).
pub fn passages(config: &Config, json: bool) -> Result<ExitCode, CliError> {
    let knowledge = knowledge::load(&config.knowledge_dir)
        .map_err(|problems| CliError::Engine(EngineError::Knowledge(problems)))?;
    let mut out = io::stdout().lock();
    if json {
        serde_json::to_writer(
            &mut out,
            &Listing {
                passages: views(&knowledge),
            },
        )?;
        writeln!(out)?;
    } else {
        for view in views(&knowledge) {
            let line = format!("{:<16} {}: {}", view.id, view.label, view.text);
            writeln!(out, "{}", terminal::safe(&line))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_passage_in_document_order_with_its_section_and_label() {
        let k = crate::knowledge::tests::principles();
        let listed = serde_json::to_value(Listing {
            passages: views(&k),
        })
        .expect("serializes");
        let passages = listed["passages"].as_array().expect("a list");
        assert_eq!(passages.len(), 4);
        assert_eq!(passages[0]["id"], "introduction-1");
        assert_eq!(passages[0]["section"], "introduction");
        assert_eq!(passages[0]["label"], "Úvod");
        assert_eq!(passages[2]["id"], "principles-2");
        assert_eq!(passages[2]["label"], "Princíp 2: Férovosť");
        assert_eq!(passages[2]["name"], "Férovosť");
        let written = serde_json::to_string(&views(&k)[2]).expect("serializes");
        assert!(
            written.starts_with(
                r#"{"id":"principles-2","section":"principles","label":"Princíp 2: Férovosť","name":"#
            ),
            "{written}"
        );
    }
}
