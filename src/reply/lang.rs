//! The languages the bot speaks: those a knowledge base can be written in
//! (Slovak, Czech, English), and which one a Discord user's locale asks for.

pub use crate::knowledge::Language as Lang;

impl Lang {
    /// The language a Discord locale (`en-US`, `cs`, `de`, …) asks for, if
    /// the bot speaks it: `cs` is Czech, `en-*` English. Discord has no Slovak
    /// locale, so any other locale gets the bot's default language (the
    /// configured one, else the knowledge's).
    pub fn from_locale(locale: &str) -> Option<Self> {
        let lower = locale.trim().to_ascii_lowercase();
        if lower == "en" || lower.starts_with("en-") || lower.starts_with("en_") {
            Some(Lang::En)
        } else if lower == "cs" || lower.starts_with("cs-") || lower.starts_with("cs_") {
            Some(Lang::Cs)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discord_locales_pick_czech_english_or_the_default() {
        for (locale, lang) in [
            ("en-US", Some(Lang::En)),
            ("en-GB", Some(Lang::En)),
            ("cs", Some(Lang::Cs)),
            ("de", None),
            ("pl", None),
            ("", None),
        ] {
            assert_eq!(Lang::from_locale(locale), lang, "{locale}");
        }
    }
}
