//! The components the bot puts under its messages: under an answer "more"
//! (a full page) and 👍/👎, under "nothing relevant" the suggestions, under a
//! preview Confirm and Cancel, under `/gaps` a select menu per gap and the
//! pages. Discord allows 5 rows of 5 buttons, or of one select menu each.

use serenity::all::{
    ButtonStyle, CreateActionRow, CreateButton, CreateSelectMenu, CreateSelectMenuKind,
    CreateSelectMenuOption,
};

use super::custom_id::{CustomId, Page};
use crate::learning::AnswerKey;
use crate::reply::render::cut;
use crate::reply::{Lang, Suggestion};
use crate::tr;

/// Discord's longest button label.
const LABEL: usize = 80;
/// Discord's longest select option label, value and description, and placeholder.
const OPTION: usize = 100;
const PLACEHOLDER: usize = 150;
/// Discord's most options in one select menu.
pub const MAX_OPTIONS: usize = 25;

fn more_button(page: Page, lang: Lang) -> CreateButton {
    CreateButton::new(CustomId::More(page).to_string())
        .label(tr!(lang, "more-button"))
        .style(ButtonStyle::Secondary)
}

/// The buttons under a reply to a question: "more" and the votes in one row,
/// the suggestions in another.
pub fn answer(
    more: Option<Page>,
    vote: Option<AnswerKey>,
    suggestions: &[Suggestion],
    lang: Lang,
) -> Vec<CreateActionRow> {
    let mut first: Vec<CreateButton> = more
        .map(|page| more_button(page, lang))
        .into_iter()
        .collect();
    if let Some(AnswerKey(key)) = vote {
        for (up, label) in [
            (true, tr!(lang, "vote-up")),
            (false, tr!(lang, "vote-down")),
        ] {
            first.push(
                CreateButton::new(CustomId::Vote { key, up }.to_string())
                    .label(label)
                    .style(ButtonStyle::Secondary),
            );
        }
    }
    let offered: Vec<CreateButton> = suggestions
        .iter()
        .take(5)
        .map(|s| {
            CreateButton::new(CustomId::Suggestion(s.id).to_string())
                .label(cut(&format!("{} — {}", s.name, s.text), LABEL))
                .style(ButtonStyle::Secondary)
        })
        .collect();
    [first, offered]
        .into_iter()
        .filter(|row| !row.is_empty())
        .map(CreateActionRow::Buttons)
        .collect()
}

/// An option of a gap's select menu: a passage (`value` its id) or dismissing.
pub struct GapOption {
    pub label: String,
    pub value: String,
    pub description: Option<String>,
}

/// A gap's select menu, its question waiting under `key`.
pub fn gap(key: u64, placeholder: &str, options: Vec<GapOption>) -> CreateActionRow {
    let options = options
        .into_iter()
        .take(MAX_OPTIONS)
        .map(|o| {
            let option = CreateSelectMenuOption::new(cut(&o.label, OPTION), o.value);
            match o.description {
                Some(d) => option.description(cut(&d, OPTION)),
                None => option,
            }
        })
        .collect();
    CreateActionRow::SelectMenu(
        CreateSelectMenu::new(
            CustomId::Gap { key }.to_string(),
            CreateSelectMenuKind::String { options },
        )
        .placeholder(cut(placeholder, PLACEHOLDER)),
    )
}

/// Previous and next under a page of `/gaps` (`page` of `pages`, from 0).
pub fn gaps_pages(page: usize, pages: usize, lang: Lang) -> CreateActionRow {
    let button = |to: usize, label: String, enabled: bool| {
        CreateButton::new(CustomId::GapsPage(to).to_string())
            .label(label)
            .style(ButtonStyle::Secondary)
            .disabled(!enabled)
    };
    CreateActionRow::Buttons(vec![
        button(page.saturating_sub(1), tr!(lang, "gaps-previous"), page > 0),
        button(page + 1, tr!(lang, "gaps-next"), page + 1 < pages),
    ])
}

/// Confirm and Cancel for the preview waiting under `key`.
pub fn preview(key: u64, lang: Lang) -> CreateActionRow {
    let button = |confirm| CreateButton::new(CustomId::Preview { key, confirm }.to_string());
    CreateActionRow::Buttons(vec![
        button(true)
            .label(tr!(lang, "mod-confirm-button"))
            .style(ButtonStyle::Success),
        button(false)
            .label(tr!(lang, "mod-cancel-button"))
            .style(ButtonStyle::Secondary),
    ])
}
