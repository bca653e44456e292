//! Every word the bot says on its own behalf, once per language.
//!
//! Templates name their blanks (`{n}`, `{max}`); [`fill`] puts values in. The
//! knowledge's own text is never translated here.

use crate::reply::Lang;

/// The bot's own words in one language.
pub struct Messages {
    /// Citation of a strategy point: "{title}, bod {n}".
    pub point_citation: &'static str,
    /// Citation of an aim: "{title}, cieľ {n}".
    pub aim_citation: &'static str,
    /// Heading of the list of aims: "Ciele {org}".
    pub aims_title: &'static str,
    pub footer_source: &'static str,
    pub no_such_point_title: &'static str,
    /// "{n}" is what was asked for, "{max}" the number of points.
    pub no_such_point: &'static str,
    pub not_a_number: &'static str,
    pub empty_question_title: &'static str,
    pub empty_question: &'static str,
    pub question_too_long_title: &'static str,
    pub question_too_long: &'static str,
    pub nothing_relevant_title: &'static str,
    pub nothing_relevant: &'static str,
    pub more_passages: &'static str,
    pub answer_footer: &'static str,
    pub unknown_command_title: &'static str,
    pub unknown_command: &'static str,
    pub help_title: &'static str,
    pub help: &'static str,
    pub search_failed_title: &'static str,
    pub search_failed: &'static str,
    pub translation_note: &'static str,
    /// Heading of the original beside a translation: "{title}" is its citation.
    pub original_title: &'static str,
    pub mod_preview_title: &'static str,
    pub mod_preview_empty: &'static str,
    pub mod_confirm: &'static str,
    pub mod_saved_title: &'static str,
    pub mod_saved: &'static str,
    pub mod_cancelled: &'static str,
    pub mod_refused_title: &'static str,
    pub mod_stale: &'static str,
    pub mod_write_failed: &'static str,
    pub mod_busy: &'static str,
    pub mod_invalid: &'static str,
    pub mod_read_only: &'static str,
    pub mod_no_such_aim: &'static str,
    pub mod_bad_position: &'static str,
    pub mod_empty_text: &'static str,
    pub mod_too_long: &'static str,
    pub mod_last_point: &'static str,
    pub mod_unknown_change: &'static str,
    pub mod_conflict: &'static str,
    pub mod_history_title: &'static str,
    pub mod_history_empty: &'static str,
    pub mod_not_moderator: &'static str,
    pub mod_console_only: &'static str,
    pub mod_usage: &'static str,
    pub mod_bad_synonym: &'static str,
    /// Titles of the Discord modals (at most 45 characters once filled).
    pub mod_modal_add: &'static str,
    pub mod_modal_add_at: &'static str,
    pub mod_modal_edit_point: &'static str,
    pub mod_modal_mission: &'static str,
    pub mod_modal_aim: &'static str,
    /// Labels (at most 45 characters) and placeholder (100) of the modal's inputs.
    pub mod_text_label: &'static str,
    pub mod_text_en_label: &'static str,
    pub mod_text_en_hint: &'static str,
    pub mod_confirm_button: &'static str,
    pub mod_cancel_button: &'static str,
    /// Footer of a preview on Discord, under its Confirm and Cancel buttons.
    pub mod_confirm_discord: &'static str,
    pub mod_cancelled_title: &'static str,
    pub mod_expired_title: &'static str,
    pub mod_expired: &'static str,
    pub mod_not_yours: &'static str,
    /// Heading of the text a refused modal carried, so it is not lost.
    pub mod_your_text: &'static str,
    /// A user asked again too soon; "{n}" is the seconds left.
    pub cooldown: &'static str,
    /// Label of the button that shows an answer's next passages.
    pub more_button: &'static str,
    pub more_expired_title: &'static str,
    /// The "more" button of an answer too old to remember its question.
    pub more_expired: &'static str,
    pub no_more_title: &'static str,
    pub no_more: &'static str,
}

pub const SK: Messages = Messages {
    point_citation: "{title}, bod {n}",
    aim_citation: "{title}, cieľ {n}",
    aims_title: "Ciele {org}",
    footer_source: "Zdroj: {source}",
    no_such_point_title: "Taký bod neexistuje",
    no_such_point: "Bod {n} neexistuje: stratégia má body 1 až {max}. Skúste napríklad `/strategy 1`, alebo `/strategy` pre zoznam všetkých bodov.",
    not_a_number: "„{n}“ nie je číslo bodu. Napíšte celé číslo od 1 do {max}, napríklad `/strategy 7`, alebo `/strategy` pre zoznam bodov.",
    empty_question_title: "Chýba otázka",
    empty_question: "Napíšte, čo vás zaujíma, napríklad `/ask nelegálna migrácia`. Celé znenie nájdete cez `/mission` a `/strategy`.",
    question_too_long_title: "Otázka je príliš dlhá",
    question_too_long: "Otázka má {n} znakov; skráťte ju na najviac {max} znakov.",
    nothing_relevant_title: "Nenašiel som nič relevantné",
    nothing_relevant: "K tejto otázke v poslaní ani stratégii {org} nie je nič súvisiace. Skúste iné slová, alebo si pozrite `/strategy` (zoznam bodov) a `/mission` (poslanie a ciele).",
    more_passages: "Ďalšie súvisiace pasáže",
    answer_footer: "Najrelevantnejšie pasáže · {source}",
    unknown_command_title: "Neznámy príkaz",
    unknown_command: "Príkaz „{n}“ nepoznám. Skúste `/help`.",
    help_title: "Čo viem",
    help: "`/strategy 7` – bod stratégie v plnom znení\n`/strategy` – zoznam všetkých bodov\n`/mission` – poslanie a jeho ciele\n`/aims` – ciele\n`/ask otázka` – nájde súvisiace pasáže (stačí napísať aj otázku bez lomky)",
    search_failed_title: "Hľadanie zlyhalo",
    search_failed: "Hľadanie sa nepodarilo. Skúste to o chvíľu znova; správca nájde podrobnosti v logu.",
    translation_note: "neoficiálny preklad",
    original_title: "Originál: {title}",
    mod_preview_title: "Náhľad zmeny: {what}",
    mod_preview_empty: "Zmena by nič nezmenila.",
    mod_confirm: "Potvrdiť zmenu? [a/N]",
    mod_saved_title: "Zmena #{id} uložená",
    mod_saved: "Zmena platí hneď: ďalšia otázka ju už vidí. Vrátiť ju možno príkazom `/revert {id}`.",
    mod_cancelled: "Zmena zrušená; nič sa nezmenilo.",
    mod_refused_title: "Zmenu nemožno urobiť",
    mod_stale: "Znalosti sa medzitým zmenili (iný moderátor?). Otvorte úpravu znova nad aktuálnym textom; nič sa nezmenilo.",
    mod_write_failed: "Zmenu sa nepodarilo zapísať ({why}); nič sa nezmenilo.",
    mod_busy: "Znalosti práve mení iný proces (bot alebo konzola na tých istých súboroch) a neskončil včas; nič sa nezmenilo. Skúste to o chvíľu znova.",
    mod_invalid: "Po zmene by znalosti neboli platné, preto sa nezmenilo nič:\n{why}",
    mod_read_only: "Tieto znalosti nie sú uložené na disku a nemožno ich meniť.",
    mod_no_such_aim: "Cieľ {n} neexistuje: ciele sú 1 až {max}.",
    mod_bad_position: "Nový bod môže byť na mieste 1 až {max}.",
    mod_empty_text: "Text je prázdny.",
    mod_too_long: "Text má viac ako {max} znakov.",
    mod_last_point: "Posledný bod nemožno odstrániť: stratégia potrebuje aspoň jeden.",
    mod_unknown_change: "Zmena #{id} neexistuje. Pozrite `/history`.",
    mod_conflict: "Zmenu #{id} nemožno vrátiť samostatne: ten istý text potom zmenili zmeny {later}; vráťte najprv tie.",
    mod_history_title: "Posledné zmeny",
    mod_history_empty: "Zatiaľ žiadne zmeny.",
    mod_not_moderator: "Znalosti môžu meniť len moderátori (rola moderátora alebo oprávnenie Spravovať server). Nič sa nezmenilo.",
    mod_console_only: "Úpravy znalostí sú v konzole dostupné po spustení `missionbot console --moderator`.",
    mod_usage: "`/add text` · `/insert N text` · `/edit N text` · `/edit-en N anglický text` · `/remove N` · `/move Z NA` · `/edit-mission text` · `/edit-mission-en text` · `/edit-aim N text` · `/edit-aim-en N text` · `/synonym slová = význam` · `/history [N]` · `/revert ID`",
    mod_bad_synonym: "Synonymum potrebuje jedno alebo viac jednoslovných výrazov a ich význam, napríklad `/synonym pašovanie, pašerák = prevádzačstvo`.",
    mod_modal_add: "Nový bod stratégie",
    mod_modal_add_at: "Nový bod stratégie na miesto {n}",
    mod_modal_edit_point: "Úprava bodu {n}",
    mod_modal_mission: "Úprava poslania",
    mod_modal_aim: "Úprava cieľa {n}",
    mod_text_label: "Text (slovenský originál)",
    mod_text_en_label: "Anglický preklad (nepovinný)",
    mod_text_en_hint: "Prázdne pole ponechá súčasný preklad.",
    mod_confirm_button: "Potvrdiť",
    mod_cancel_button: "Zrušiť",
    mod_confirm_discord: "Potvrďte zmenu tlačidlom nižšie; náhľad platí 10 minút.",
    mod_cancelled_title: "Zrušené",
    mod_expired_title: "Náhľad už neplatí",
    mod_expired: "Náhľad je starší ako 10 minút alebo bot medzitým reštartoval; nič sa nezmenilo. Spustite príkaz znova.",
    mod_not_yours: "Tento náhľad otvoril iný moderátor; potvrdiť alebo zrušiť ho môže len on. Nič sa nezmenilo.",
    mod_your_text: "Váš text (skopírujte si ho)",
    cooldown: "Počkajte {n} s, kým sa opýtate znova.",
    more_button: "Ďalšie pasáže",
    more_expired_title: "Odpoveď je príliš stará",
    more_expired: "Tlačidlo už nie je platné. Opýtajte sa znova cez `/ask`.",
    no_more_title: "Nič ďalšie",
    no_more: "K tejto otázke už nemám ďalšie súvisiace pasáže. Pozrite si `/strategy` a `/mission`.",
};

pub const EN: Messages = Messages {
    point_citation: "{title}, point {n}",
    aim_citation: "{title}, aim {n}",
    aims_title: "Aims of {org}",
    footer_source: "Source: {source}",
    no_such_point_title: "No such point",
    no_such_point: "There is no point {n}: the strategy has points 1 to {max}. Try `/strategy 1`, or `/strategy` for the list of all points.",
    not_a_number: "“{n}” is not a point number. Give a whole number from 1 to {max}, e.g. `/strategy 7`, or `/strategy` for the list.",
    empty_question_title: "No question",
    empty_question: "Write what you want to know, e.g. `/ask illegal migration`. The full text is under `/mission` and `/strategy`.",
    question_too_long_title: "Question too long",
    question_too_long: "The question has {n} characters; please shorten it to at most {max}.",
    nothing_relevant_title: "Nothing relevant found",
    nothing_relevant: "Nothing in the mission or strategy of {org} relates to this question. Try other words, or see `/strategy` (all points) and `/mission` (mission and aims).",
    more_passages: "More related passages",
    answer_footer: "Most relevant passages · {source}",
    unknown_command_title: "Unknown command",
    unknown_command: "I do not know the command “{n}”. Try `/help`.",
    help_title: "What I can do",
    help: "`/strategy 7` – a strategy point in full\n`/strategy` – the list of all points\n`/mission` – the mission and its aims\n`/aims` – the aims\n`/ask question` – finds related passages (a question without a slash works too)",
    search_failed_title: "Search failed",
    search_failed: "The search did not work. Please try again in a moment; the operator finds details in the log.",
    translation_note: "English: unofficial translation",
    original_title: "Slovak original: {title}",
    mod_preview_title: "Preview: {what}",
    mod_preview_empty: "The change would change nothing.",
    mod_confirm: "Apply this change? [y/N]",
    mod_saved_title: "Change #{id} saved",
    mod_saved: "It applies at once: the next question sees it. Undo it with `/revert {id}`.",
    mod_cancelled: "Cancelled; nothing changed.",
    mod_refused_title: "The change cannot be made",
    mod_stale: "The knowledge changed in the meantime (another moderator?). Open the edit again on the current text; nothing changed.",
    mod_write_failed: "The change could not be written ({why}); nothing changed.",
    mod_busy: "Another process (the bot or a console on the same files) is changing the knowledge and did not finish in time; nothing changed. Please try again in a moment.",
    mod_invalid: "The change would leave the knowledge invalid, so nothing changed:\n{why}",
    mod_read_only: "This knowledge is not stored on disk and cannot be edited.",
    mod_no_such_aim: "There is no aim {n}: the aims are 1 to {max}.",
    mod_bad_position: "A new point can go at 1 to {max}.",
    mod_empty_text: "The text is empty.",
    mod_too_long: "The text is longer than {max} characters.",
    mod_last_point: "The last point cannot be removed: the strategy needs at least one.",
    mod_unknown_change: "There is no change #{id}. See `/history`.",
    mod_conflict: "Change #{id} cannot be reverted alone: changes {later} changed the same text since; revert those first.",
    mod_history_title: "Recent changes",
    mod_history_empty: "No changes yet.",
    mod_not_moderator: "Only moderators (the moderator role or the Manage Server permission) can change the knowledge. Nothing changed.",
    mod_console_only: "Editing the knowledge from the console needs `missionbot console --moderator`.",
    mod_usage: "`/add text` · `/insert N text` · `/edit N text` · `/edit-en N English text` · `/remove N` · `/move FROM TO` · `/edit-mission text` · `/edit-mission-en text` · `/edit-aim N text` · `/edit-aim-en N text` · `/synonym words = meaning` · `/history [N]` · `/revert ID`",
    mod_bad_synonym: "A synonym needs one or more single words and what they mean, e.g. `/synonym smuggling, smuggler = prevádzačstvo`.",
    mod_modal_add: "New strategy point",
    mod_modal_add_at: "New strategy point at {n}",
    mod_modal_edit_point: "Edit point {n}",
    mod_modal_mission: "Edit the mission",
    mod_modal_aim: "Edit aim {n}",
    mod_text_label: "Text (the Slovak original)",
    mod_text_en_label: "English translation (optional)",
    mod_text_en_hint: "Left empty, the current translation stays.",
    mod_confirm_button: "Confirm",
    mod_cancel_button: "Cancel",
    mod_confirm_discord: "Confirm with the button below; this preview is valid for 10 minutes.",
    mod_cancelled_title: "Cancelled",
    mod_expired_title: "This preview has expired",
    mod_expired: "The preview is older than 10 minutes or the bot restarted since; nothing changed. Run the command again.",
    mod_not_yours: "Another moderator opened this preview; only they can confirm or cancel it. Nothing changed.",
    mod_your_text: "Your text (copy it)",
    cooldown: "Please wait {n} s before asking again.",
    more_button: "More passages",
    more_expired_title: "This answer is too old",
    more_expired: "This button has expired. Please ask again with `/ask`.",
    no_more_title: "Nothing more",
    no_more: "I have no further related passages for this question. See `/strategy` and `/mission`.",
};

/// Descriptions of the Discord slash commands and their options (1–100
/// characters each). Names are not translated: users type them as they are.
pub struct CommandTexts {
    pub strategy: &'static str,
    pub strategy_number: &'static str,
    pub mission: &'static str,
    pub aims: &'static str,
    pub ask: &'static str,
    pub ask_question: &'static str,
    pub public: &'static str,
    /// The moderators' commands.
    pub point_add: &'static str,
    pub point_add_number: &'static str,
    pub point_edit: &'static str,
    pub point_remove: &'static str,
    pub point_move: &'static str,
    pub point_number: &'static str,
    pub move_from: &'static str,
    pub move_to: &'static str,
    pub mission_edit: &'static str,
    pub aim_edit: &'static str,
    pub aim_number: &'static str,
    pub history: &'static str,
    pub history_number: &'static str,
    pub revert: &'static str,
    pub revert_change: &'static str,
}

/// Slovak: the default descriptions (Discord has no Slovak locale to key them by).
pub const COMMANDS_SK: CommandTexts = CommandTexts {
    strategy: "Bod stratégie v plnom znení, alebo zoznam všetkých bodov",
    strategy_number: "Číslo bodu (začnite písať číslo alebo slovo)",
    mission: "Poslanie organizácie a jeho ciele",
    aims: "Ciele organizácie",
    ask: "Nájde pasáže poslania a stratégie, ktoré súvisia s otázkou",
    ask_question: "Otázka alebo kľúčové slová",
    public: "Zverejniť odpoveď v kanáli (inak ju uvidíte len vy)",
    point_add: "Moderátori: pridá bod stratégie (na koniec alebo na dané miesto)",
    point_add_number: "Miesto nového bodu; body od neho sa posunú (inak na koniec)",
    point_edit: "Moderátori: upraví text bodu stratégie",
    point_remove: "Moderátori: odstráni bod stratégie; ďalšie sa prečíslujú",
    point_move: "Moderátori: presunie bod stratégie na iné číslo",
    point_number: "Číslo bodu",
    move_from: "Číslo bodu, ktorý sa presúva",
    move_to: "Nové číslo bodu",
    mission_edit: "Moderátori: upraví text poslania",
    aim_edit: "Moderátori: upraví text cieľa",
    aim_number: "Číslo cieľa",
    history: "Moderátori: posledné zmeny znalostí",
    history_number: "Len zmeny tohto bodu stratégie",
    revert: "Moderátori: vráti zmenu (stav pred ňou)",
    revert_change: "Číslo zmeny z /history",
};

/// English, for the `en-US` and `en-GB` locales.
pub const COMMANDS_EN: CommandTexts = CommandTexts {
    strategy: "A strategy point in full, or the list of all points",
    strategy_number: "The point's number (start typing a number or a word)",
    mission: "The organization's mission and its aims",
    aims: "The organization's aims",
    ask: "Finds the passages of the mission and strategy related to a question",
    ask_question: "A question or keywords",
    public: "Post the answer in the channel (otherwise only you see it)",
    point_add: "Moderators: adds a strategy point (at the end or at a given number)",
    point_add_number: "Where the new point goes; the points from there move down (else at the end)",
    point_edit: "Moderators: edits a strategy point's text",
    point_remove: "Moderators: removes a strategy point; the rest are renumbered",
    point_move: "Moderators: moves a strategy point to another number",
    point_number: "The point's number",
    move_from: "The number of the point to move",
    move_to: "The point's new number",
    mission_edit: "Moderators: edits the mission statement",
    aim_edit: "Moderators: edits an aim",
    aim_number: "The aim's number",
    history: "Moderators: recent changes to the knowledge",
    history_number: "Only the changes of this strategy point",
    revert: "Moderators: undoes a change (restores the state before it)",
    revert_change: "The change's number from /history",
};

/// Czech, for the `cs` locale: many Slovak users run Discord in Czech.
pub const COMMANDS_CS: CommandTexts = CommandTexts {
    strategy: "Bod strategie v plném znění, nebo seznam všech bodů",
    strategy_number: "Číslo bodu (začněte psát číslo nebo slovo)",
    mission: "Poslání organizace a jeho cíle",
    aims: "Cíle organizace",
    ask: "Najde pasáže poslání a strategie, které souvisejí s otázkou",
    ask_question: "Otázka nebo klíčová slova",
    public: "Zveřejnit odpověď v kanálu (jinak ji uvidíte jen vy)",
    point_add: "Moderátoři: přidá bod strategie (na konec nebo na dané místo)",
    point_add_number: "Místo nového bodu; body od něj se posunou (jinak na konec)",
    point_edit: "Moderátoři: upraví text bodu strategie",
    point_remove: "Moderátoři: odstraní bod strategie; další se přečíslují",
    point_move: "Moderátoři: přesune bod strategie na jiné číslo",
    point_number: "Číslo bodu",
    move_from: "Číslo bodu, který se přesouvá",
    move_to: "Nové číslo bodu",
    mission_edit: "Moderátoři: upraví text poslání",
    aim_edit: "Moderátoři: upraví text cíle",
    aim_number: "Číslo cíle",
    history: "Moderátoři: poslední změny znalostí",
    history_number: "Jen změny tohoto bodu strategie",
    revert: "Moderátoři: vrátí změnu (stav před ní)",
    revert_change: "Číslo změny z /history",
};

impl Lang {
    pub fn messages(self) -> &'static Messages {
        match self {
            Lang::Sk => &SK,
            Lang::En => &EN,
        }
    }
}

/// Fills the `{name}` blanks of a template.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_every_blank() {
        let filled = fill(SK.no_such_point, &[("n", "13"), ("max", "12")]);
        assert!(
            filled.contains("Bod 13 neexistuje: stratégia má body 1 až 12"),
            "{filled}"
        );
    }

    #[test]
    fn both_languages_leave_no_blank_unfilled() {
        for m in [&SK, &EN] {
            let filled = fill(
                m.no_such_point,
                &[
                    ("n", "1"),
                    ("max", "2"),
                    ("org", "X"),
                    ("title", "T"),
                    ("source", "S"),
                ],
            );
            assert!(!filled.contains('{'), "{filled}");
        }
    }
}
