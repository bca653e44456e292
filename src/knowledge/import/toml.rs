//! Writing a document in the knowledge format (`docs/knowledge.md`):
//! `mission.toml` as its head and one `<section>.toml` per section. A
//! document of the first document's shape (a statement of purpose and one
//! numbered section, `strategy`, without names) is written exactly as that
//! shape has always been: no `sections`, `[[point]]`.

use super::structure::{Document, Item, Section};
use crate::knowledge::{MISSION_FILE, Texts};

/// A TOML basic string holding exactly `text`.
fn quote(text: &str) -> String {
    ::toml::Value::String(text.to_string()).to_string()
}

const HEADER: &str = "\
# Part of the knowledge base: the source of truth the bot answers from.
# `text` is the organization's exact wording. Edit by hand or with the moderator
# commands, then run `missionbot check`; the index rebuilds itself on start.
";

/// Whether the document is the first document's shape.
pub fn is_first_shape(doc: &Document) -> bool {
    doc.purpose.is_some()
        && matches!(doc.sections.as_slice(), [only] if only.id == "strategy"
            && only.numbered()
            && only.noun.is_none()
            && only.items.iter().all(|i| i.name.is_none()))
}

/// The file a section is kept in.
pub fn file_of(section: &Section) -> String {
    format!("{}.toml", section.id)
}

/// `mission.toml`.
pub fn mission(doc: &Document) -> String {
    let mut out = format!(
        "{HEADER}\norganization = {}\nlanguage = {}\n",
        quote(&doc.organization),
        quote(doc.language.code())
    );
    if let Some(purpose) = &doc.purpose {
        out.push_str(&format!(
            "title = {}\ntext = {}\n",
            quote(&purpose.title),
            quote(&purpose.text)
        ));
    }
    if !is_first_shape(doc) {
        let ids: Vec<String> = doc.sections.iter().map(|s| quote(&s.id)).collect();
        out.push_str(&format!("sections = [{}]\n", ids.join(", ")));
    }
    if let Some(purpose) = &doc.purpose {
        for (i, aim) in purpose.aims.iter().enumerate() {
            out.push_str(&format!(
                "\n[[aim]]\nnumber = {}\ntext = {}\n",
                i + 1,
                quote(aim)
            ));
        }
    }
    out
}

/// One section's file.
pub fn section(section: &Section, first_shape: bool) -> String {
    let mut out = format!("{HEADER}\ntitle = {}\n", quote(&section.title));
    if let Some(noun) = &section.noun {
        out.push_str(&format!("noun = {}\n", quote(noun)));
        // The same part's English noun, for English readers' labels.
        if let Some(english) = super::parts::english_noun(&section.id).filter(|e| e != noun) {
            out.push_str(&format!("noun_en = {}\n", quote(english)));
        }
    }
    let table = if first_shape { "point" } else { "item" };
    for Item { number, name, text } in &section.items {
        out.push_str(&format!("\n[[{table}]]\n"));
        if let Some(n) = number {
            out.push_str(&format!("number = {n}\n"));
        }
        if let Some(name) = name {
            out.push_str(&format!("name = {}\n", quote(name)));
        }
        out.push_str(&format!("text = {}\n", quote(text)));
    }
    out
}

/// The knowledge files for a document.
pub fn texts(doc: &Document) -> Texts {
    let first_shape = is_first_shape(doc);
    let mut texts = Texts::new();
    texts.insert(MISSION_FILE, mission(doc));
    for s in &doc.sections {
        texts.insert(&file_of(s), section(s, first_shape));
    }
    texts
}
