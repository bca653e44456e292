//! The languages the bot speaks: Slovak (the community's, the default) and English.

use serde::Deserialize;

/// A language for the bot's own words and for which text leads an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Sk,
    En,
}

impl Lang {
    /// Maps a Discord locale (`en-US`, `cs`, `de`, …) or a console `--lang` value.
    ///
    /// Discord has no Slovak locale, so everything but English reads Slovak: Czech
    /// readers read Slovak, and Slovak is the community's language.
    pub fn from_locale(locale: &str) -> Self {
        let lower = locale.trim().to_ascii_lowercase();
        if lower == "en" || lower.starts_with("en-") || lower.starts_with("en_") {
            Lang::En
        } else {
            Lang::Sk
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Sk => "sk",
            Lang::En => "en",
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "sk" | "slovak" | "slovensky" => Ok(Lang::Sk),
            "en" | "english" => Ok(Lang::En),
            other => Err(format!("unknown language {other:?}: use \"sk\" or \"en\"")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discord_locales_map_to_english_or_slovak() {
        for (locale, lang) in [
            ("en-US", Lang::En),
            ("en-GB", Lang::En),
            ("cs", Lang::Sk),
            ("de", Lang::Sk),
            ("", Lang::Sk),
        ] {
            assert_eq!(Lang::from_locale(locale), lang, "{locale}");
        }
    }
}
