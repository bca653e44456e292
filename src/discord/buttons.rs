//! The buttons the bot puts under its messages: "more" under a full page of
//! answers, Confirm and Cancel under a preview.

use serenity::all::{ButtonStyle, CreateActionRow, CreateButton};

use super::custom_id::{CustomId, Page};
use crate::reply::Lang;

pub fn more(page: Page, lang: Lang) -> CreateActionRow {
    CreateActionRow::Buttons(vec![
        CreateButton::new(CustomId::More(page).to_string())
            .label(lang.messages().more_button)
            .style(ButtonStyle::Secondary),
    ])
}

/// Confirm and Cancel for the preview waiting under `key`.
pub fn preview(key: u64, lang: Lang) -> CreateActionRow {
    let m = lang.messages();
    let button = |confirm| CreateButton::new(CustomId::Preview { key, confirm }.to_string());
    CreateActionRow::Buttons(vec![
        button(true)
            .label(m.mod_confirm_button)
            .style(ButtonStyle::Success),
        button(false)
            .label(m.mod_cancel_button)
            .style(ButtonStyle::Secondary),
    ])
}
