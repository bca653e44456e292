//! The languages of the bot's own words (below every layer that speaks:
//! the configuration names one, replies are worded in one): one per locale file found at build
//! time (`locales/<tag>.ftl`, see `build.rs`), so adding a language is adding
//! a file; and which of them a Discord locale, `--lang` or `[answers]
//! language` asks for.
//!
//! Not the language a knowledge base is written in
//! ([`crate::knowledge::Language`]: sk, cs or en, which picks the analyzers):
//! the bot can speak German about a Slovak document once `de.ftl` exists.

use std::fmt;

use crate::knowledge::Language;

mod files {
    include!(concat!(env!("OUT_DIR"), "/locales.rs"));
}

/// A language the bot speaks: the tag of its locale file ("sk", "cs", "en",
/// "pt-BR"). Only the tags of files found at build time are ever made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Lang(&'static str);

impl Lang {
    /// Slovak: the shipped knowledge's language, the Discord commands' default
    /// descriptions, and the bot's words when nothing else says.
    pub const SK: Lang = Lang("sk");
    pub const CS: Lang = Lang("cs");
    /// English: for a question asked in English, and for readers of the
    /// knowledge's English translation.
    pub const EN: Lang = Lang("en");

    /// Every language the bot speaks: Slovak first, then by tag.
    pub fn all() -> impl Iterator<Item = Lang> {
        std::iter::once(Lang::SK).chain(
            files::FILES
                .iter()
                .map(|(tag, _)| Lang(tag))
                .filter(|lang| *lang != Lang::SK),
        )
    }

    /// The locale file's tag: "sk", "pt-BR".
    pub fn code(self) -> &'static str {
        self.0
    }

    /// The text of this language's locale file.
    pub(crate) fn source(self) -> &'static str {
        files::FILES
            .iter()
            .find(|(tag, _)| *tag == self.0)
            .map_or("", |(_, text)| text)
    }

    /// The language a locale (Discord's `en-US`, `cs`, `de`, a command
    /// line's `en_GB`) asks for, if the bot speaks it: a locale file with
    /// that very tag, else the first with the same primary language (`en-US`
    /// → `en`, `de-AT` → `de`). Discord has no Slovak locale, so its users
    /// get Czech, English or whatever else has a file, and the rest the bot's
    /// default language.
    pub fn from_locale(locale: &str) -> Option<Self> {
        let wanted = locale.trim().replace('_', "-");
        let primary = |tag: &str| {
            tag.split('-')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase()
        };
        if wanted.is_empty() {
            return None;
        }
        Lang::all()
            .find(|lang| lang.0.eq_ignore_ascii_case(&wanted))
            .or_else(|| Lang::all().find(|lang| primary(lang.0) == primary(&wanted)))
    }
}

/// Slovak, as [`Language`]'s default is.
impl Default for Lang {
    fn default() -> Self {
        Lang::SK
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// The bot speaks the language of the knowledge: `build.rs` requires a file
/// for each.
impl From<Language> for Lang {
    fn from(language: Language) -> Self {
        match language {
            Language::Sk => Lang::SK,
            Language::Cs => Lang::CS,
            Language::En => Lang::EN,
        }
    }
}

/// `--lang` and `[answers] language`: a tag as [`Lang::from_locale`] reads
/// it, or a knowledge language's name ("slovak", "čeština").
impl std::str::FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Ok(language) = s.parse::<Language>() {
            return Ok(language.into());
        }
        Lang::from_locale(s).ok_or_else(|| {
            let codes: Vec<String> = Lang::all().map(|lang| format!("{:?}", lang.0)).collect();
            let listed = match codes.split_last() {
                Some((last, [])) => last.clone(),
                Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
                None => String::new(),
            };
            format!(
                "unknown language {:?}: use {listed}",
                s.trim().to_lowercase()
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_pick_a_file_by_tag_then_by_primary_language() {
        for (locale, lang) in [
            ("en-US", Some(Lang::EN)),
            ("en-GB", Some(Lang::EN)),
            ("en_GB", Some(Lang::EN)),
            ("EN", Some(Lang::EN)),
            ("cs", Some(Lang::CS)),
            ("cs-CZ", Some(Lang::CS)),
            ("sk", Some(Lang::SK)),
            ("de", None),
            ("pl", None),
            ("", None),
            ("-", None),
        ] {
            assert_eq!(Lang::from_locale(locale), lang, "{locale}");
        }
    }

    #[test]
    fn every_file_is_a_language_and_slovak_comes_first() {
        let all: Vec<Lang> = Lang::all().collect();
        assert_eq!(all[0], Lang::SK);
        for lang in [Lang::SK, Lang::CS, Lang::EN] {
            assert!(all.contains(&lang), "{lang}");
        }
        for lang in &all {
            assert!(!lang.source().is_empty(), "{lang}");
            assert_eq!(Lang::from_locale(lang.code()), Some(*lang));
            assert!(
                lang.code()
                    .parse::<unic_langid::LanguageIdentifier>()
                    .is_ok(),
                "{lang} is a language tag"
            );
        }
    }

    #[test]
    fn names_and_codes_parse_and_others_are_refused_with_the_list() {
        assert_eq!("Czech".parse::<Lang>(), Ok(Lang::CS));
        assert_eq!("slovenčina".parse::<Lang>(), Ok(Lang::SK));
        assert_eq!("en-US".parse::<Lang>(), Ok(Lang::EN));
        assert_eq!(Lang::from(Language::En), Lang::EN);
        let refused = "xx".parse::<Lang>().expect_err("no such file");
        let listed: Vec<String> = Lang::all().map(|l| format!("\"{l}\"")).collect();
        assert!(
            refused.starts_with("unknown language \"xx\": use \"sk\", "),
            "{refused}"
        );
        for code in listed {
            assert!(refused.contains(&code), "{refused}");
        }
    }
}
