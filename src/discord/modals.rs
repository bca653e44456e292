//! The modals moderators type long text in: one per [`Draft`], titled in the
//! moderator's language and prefilled with the current text, and reading back
//! what was typed in one.

use serenity::all::{
    ActionRowComponent, CreateActionRow, CreateInputText, CreateModal, InputTextStyle,
    ModalInteraction,
};

use super::custom_id::{CustomId, Form};
use crate::knowledge::edit::EditError;
use crate::knowledge::{Knowledge, Language, MAX_TEXT_CHARS, PassageId, SectionId, labels};
use crate::moderation::Draft;
use crate::reply::Lang;
use crate::reply::render;
use crate::tr;

/// Discord's limits for modals.
const MODAL_TITLE_CHARS: usize = 45;
const INPUT_CHARS: u16 = 4000;
/// The modal's text inputs.
const TEXT: &str = "text";
const TEXT_EN: &str = "text_en";

/// The modal for `draft` on `knowledge` as it is now; refused when the draft
/// names a point, aim or position that does not exist.
pub fn open(knowledge: &Knowledge, draft: Draft, lang: Lang) -> Result<CreateModal, EditError> {
    let (title, text, text_en) = match draft {
        Draft::AddPoint { section, at } => {
            let count = knowledge.items(section).len();
            let heading = knowledge
                .section(section)
                .map(|s| labels::section_title(knowledge, s, false))
                .unwrap_or_else(|| section.to_string());
            let strategy = section == SectionId::STRATEGY;
            let title = match at {
                None if strategy => tr!(lang, "mod-modal-add"),
                None => tr!(lang, "mod-modal-add-item", title = heading),
                Some(n) if (1..=count + 1).contains(&(n as usize)) => {
                    if strategy {
                        tr!(lang, "mod-modal-add-at", n = n)
                    } else {
                        tr!(lang, "mod-modal-add-item-at", n = n, title = heading)
                    }
                }
                Some(_) => return Err(EditError::BadPosition { max: count + 1 }),
            };
            // A new item's modal starts empty.
            (title, "", None)
        }
        Draft::EditPoint { section, number } => {
            let id = PassageId::item(section, number);
            let point = knowledge.get(id).ok_or(EditError::NoSuchPoint {
                number,
                count: knowledge.items(section).len(),
            })?;
            let title = if section == SectionId::STRATEGY {
                tr!(lang, "mod-modal-edit-point", n = number)
            } else {
                tr!(
                    lang,
                    "mod-modal-edit-item",
                    label = labels::label(knowledge, id, false)
                )
            };
            (title, point.text.as_str(), point.text_en.as_deref())
        }
        Draft::EditMission => {
            // A document without one gets its statement of purpose written here.
            let mission = knowledge.mission();
            let title = tr!(lang, "mod-modal-mission");
            (
                title,
                mission.map_or("", |m| m.text.as_str()),
                mission.and_then(|m| m.text_en.as_deref()),
            )
        }
        Draft::EditAim { number } => {
            let aim = usize::try_from(number)
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| knowledge.aims().get(i))
                .ok_or(EditError::NoSuchAim {
                    number,
                    count: knowledge.aims().len(),
                })?;
            let title = tr!(lang, "mod-modal-aim", n = number);
            (title, aim.text.as_str(), aim.text_en.as_deref())
        }
    };
    let form = CustomId::Form(Form::new(draft, knowledge));
    // An English knowledge base needs no English translation beside it.
    let translation = (knowledge.language != Language::En).then(|| text_en.unwrap_or_default());
    Ok(modal(
        &form,
        &title,
        text,
        translation,
        knowledge.language,
        lang,
    ))
}

/// The modal for a text and, unless `text_en` is `None`, its translation;
/// labelled in `lang` for a knowledge base in `language`.
fn modal(
    form: &CustomId,
    title: &str,
    text: &str,
    text_en: Option<&str>,
    language: Language,
    lang: Lang,
) -> CreateModal {
    let fits = |t: &str| t.chars().count() <= usize::from(INPUT_CHARS);
    let label = tr!(lang, "mod-text-label", language = language.code());
    let mut main = CreateInputText::new(InputTextStyle::Paragraph, label, TEXT)
        .required(true)
        .min_length(1)
        .max_length(INPUT_CHARS.min(MAX_TEXT_CHARS as u16));
    if !text.is_empty() && fits(text) {
        main = main.value(text);
    }
    let mut rows = vec![CreateActionRow::InputText(main)];
    if let Some(text_en) = text_en {
        let mut english = CreateInputText::new(
            InputTextStyle::Paragraph,
            tr!(lang, "mod-text-en-label"),
            TEXT_EN,
        )
        .required(false)
        .max_length(INPUT_CHARS.min(MAX_TEXT_CHARS as u16))
        .placeholder(tr!(lang, "mod-text-en-hint"));
        if !text_en.is_empty() && fits(text_en) {
            english = english.value(text_en);
        }
        rows.push(CreateActionRow::InputText(english));
    }
    CreateModal::new(form.to_string(), render::cut(title, MODAL_TITLE_CHARS)).components(rows)
}

/// What was typed in a submitted modal: the text, and the English one unless
/// left blank (then the current translation stays).
pub fn typed(interaction: &ModalInteraction) -> (String, Option<String>) {
    let value = |wanted: &str| {
        interaction
            .data
            .components
            .iter()
            .flat_map(|row| &row.components)
            .find_map(|component| match component {
                ActionRowComponent::InputText(input) if input.custom_id == wanted => {
                    input.value.clone()
                }
                _ => None,
            })
            .unwrap_or_default()
    };
    let text_en = Some(value(TEXT_EN)).filter(|t| !t.trim().is_empty());
    (value(TEXT), text_en)
}
