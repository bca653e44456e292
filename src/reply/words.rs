//! The bot's own words, from the locale files (`locales/<tag>.ftl`): each
//! language's Fluent bundle, made at first use, and [`tr`] (through the
//! [`tr!`](crate::tr) macro in the code), the one way to get a message.
//!
//! Plural forms are the files' business: a count is passed as a number, and
//! `{ $n -> [one] … [few] … *[other] … }` picks the form by CLDR's rules for
//! the file's language. Placeables are not wrapped in Unicode isolation marks
//! (U+2068, U+2069): replies go to Discord and terminals, which show them.
//!
//! A message asked for with an argument it does not take, or without one it
//! uses, or one no file has, is the code's mistake: debug builds and tests
//! panic; a release build logs it once per message and still replies, with
//! what Fluent made of it.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::{LazyLock, Mutex};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use fluent_syntax::ast;

pub use fluent_bundle::FluentValue;

use super::Lang;

/// `tr!(lang, "no-such-point", n = asked, max = count)`: the message `id`
/// (or `"id.attribute"`) in `lang`, each argument named as the variable it
/// fills. Counts are numbers, so the message can pick a plural form.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::reply::words::tr(
            $lang,
            $id,
            &[$((stringify!($name), $crate::reply::words::FluentValue::from($value))),*],
        )
    };
}

/// The variables of every message ("id") and attribute ("id.attribute") of
/// one locale file.
pub(crate) type Signatures = BTreeMap<String, BTreeSet<String>>;

/// One language's words.
struct Locale {
    lang: Lang,
    bundle: FluentBundle<FluentResource>,
    signatures: Signatures,
}

impl Locale {
    fn new(lang: Lang) -> Self {
        let resource = FluentResource::try_new(lang.source().to_string()).unwrap_or_else(
            |(resource, errors)| {
                // The unit tests parse every file: this is for a release
                // build of a broken file, which keeps what parses.
                for error in errors {
                    tracing::error!(%lang, %error, "a locale file does not parse");
                }
                resource
            },
        );
        let signatures = signatures(resource.entries());
        let tag = lang.code().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![tag]);
        bundle.set_use_isolating(false);
        if let Err(error) = bundle.add_builtins() {
            tracing::error!(%lang, %error, "Fluent's built-in functions are missing");
        }
        if let Err(errors) = bundle.add_resource(resource) {
            for error in errors {
                tracing::error!(%lang, %error, "a locale file repeats a message");
            }
        }
        Self {
            lang,
            bundle,
            signatures,
        }
    }

    fn pattern(&self, id: &str) -> Option<&ast::Pattern<&str>> {
        let (message, attribute) = match id.split_once('.') {
            Some((message, attribute)) => (message, Some(attribute)),
            None => (id, None),
        };
        let message = self.bundle.get_message(message)?;
        match attribute {
            Some(attribute) => Some(message.get_attribute(attribute)?.value()),
            None => message.value(),
        }
    }
}

static LOCALES: LazyLock<Vec<Locale>> = LazyLock::new(|| Lang::all().map(Locale::new).collect());

/// The message `id` (or `"id.attribute"`) in `lang`, its variables filled
/// from `args`. The code calls it through [`tr!`](crate::tr).
pub fn tr(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let found = [lang, Lang::SK].into_iter().find_map(|lang| {
        let locale = LOCALES.iter().find(|l| l.lang == lang)?;
        Some((locale, locale.pattern(id)?))
    });
    let Some((locale, pattern)) = found else {
        mistake(lang, id, "no locale file has this message");
        return id.to_string();
    };
    if locale.lang != lang {
        mistake(lang, id, "this language's file lacks the message");
    }
    let mut filled = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        filled.set(*name, value.clone());
    }
    let mut errors = Vec::new();
    let text = locale
        .bundle
        .format_pattern(pattern, Some(&filled), &mut errors)
        .into_owned();
    // Errors name variables, never their values (a question is one).
    if !errors.is_empty() {
        mistake(lang, id, &format!("{errors:?}"));
    }
    let takes = locale.signatures.get(id);
    let unknown: Vec<&str> = args
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| !takes.is_some_and(|t| t.contains(*name)))
        .collect();
    if !unknown.is_empty() {
        mistake(
            lang,
            id,
            &format!("arguments it does not take: {unknown:?}"),
        );
    }
    text
}

/// A message asked for wrongly: loud in debug builds, logged once in release.
fn mistake(lang: Lang, id: &str, what: &str) {
    if cfg!(debug_assertions) {
        panic!("the bot's words, {lang} {id}: {what}");
    }
    static LOGGED: LazyLock<Mutex<HashSet<String>>> = LazyLock::new(Mutex::default);
    let first = LOGGED
        .lock()
        .map(|mut logged| logged.insert(format!("{lang} {id}")))
        .unwrap_or(false);
    if first {
        tracing::error!(%lang, id, what, "a message of the bot's words was asked for wrongly");
    }
}

/// Every piece of text of a language's messages, each variant's included:
/// what the language's words are, for checking that no reply mixes in
/// another language's.
pub fn texts(lang: Lang) -> Vec<&'static str> {
    let resource = fluent_syntax::parser::parse(lang.source()).unwrap_or_else(|(r, _)| r);
    let mut texts = Vec::new();
    for (_, pattern) in patterns(&resource.body) {
        walk(pattern, &mut |text| texts.push(text), &mut |_| {});
    }
    texts
}

/// Each message's value and attributes with their ids ("id", "id.attribute").
fn patterns<'r, 's>(
    entries: impl IntoIterator<Item = &'r ast::Entry<&'s str>>,
) -> Vec<(String, &'r ast::Pattern<&'s str>)>
where
    's: 'r,
{
    let mut found = Vec::new();
    for entry in entries {
        if let ast::Entry::Message(message) = entry {
            let id = message.id.name;
            if let Some(value) = &message.value {
                found.push((id.to_string(), value));
            }
            for attribute in &message.attributes {
                found.push((format!("{id}.{}", attribute.id.name), &attribute.value));
            }
        }
    }
    found
}

/// The variables of every message and attribute in `entries`.
pub(crate) fn signatures<'r, 's: 'r>(
    entries: impl IntoIterator<Item = &'r ast::Entry<&'s str>>,
) -> Signatures {
    patterns(entries)
        .into_iter()
        .map(|(id, pattern)| {
            let mut variables = BTreeSet::new();
            walk(pattern, &mut |_| {}, &mut |name| {
                variables.insert(name.to_string());
            });
            (id, variables)
        })
        .collect()
}

/// Calls `text` on every text element of `pattern` and `variable` on every
/// variable it uses, through selectors, variants and function arguments.
/// (A reference to another message or a term adds none: the files use none
/// with variables.)
fn walk<'s>(
    pattern: &ast::Pattern<&'s str>,
    text: &mut impl FnMut(&'s str),
    variable: &mut impl FnMut(&'s str),
) {
    for element in &pattern.elements {
        match element {
            ast::PatternElement::TextElement { value } => text(value),
            ast::PatternElement::Placeable { expression } => {
                walk_expression(expression, text, variable)
            }
        }
    }
}

fn walk_expression<'s>(
    expression: &ast::Expression<&'s str>,
    text: &mut impl FnMut(&'s str),
    variable: &mut impl FnMut(&'s str),
) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            walk_inline(selector, text, variable);
            for variant in variants {
                walk(&variant.value, text, variable);
            }
        }
        ast::Expression::Inline(inline) => walk_inline(inline, text, variable),
    }
}

fn walk_inline<'s>(
    inline: &ast::InlineExpression<&'s str>,
    text: &mut impl FnMut(&'s str),
    variable: &mut impl FnMut(&'s str),
) {
    match inline {
        ast::InlineExpression::VariableReference { id } => variable(id.name),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for argument in arguments
                .positional
                .iter()
                .chain(arguments.named.iter().map(|named| &named.value))
            {
                walk_inline(argument, text, variable);
            }
        }
        ast::InlineExpression::Placeable { expression } => {
            walk_expression(expression, text, variable)
        }
        ast::InlineExpression::StringLiteral { .. }
        | ast::InlineExpression::NumberLiteral { .. }
        | ast::InlineExpression::MessageReference { .. }
        | ast::InlineExpression::TermReference { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every locale file, parsed by fluent-syntax.
    fn files() -> Vec<(Lang, Signatures)> {
        Lang::all()
            .map(|lang| {
                let resource = match fluent_syntax::parser::parse(lang.source()) {
                    Ok(resource) => resource,
                    Err((_, errors)) => panic!("{lang}.ftl does not parse: {errors:?}"),
                };
                let junk = resource
                    .body
                    .iter()
                    .any(|e| matches!(e, ast::Entry::Junk { .. }));
                assert!(!junk, "{lang}.ftl has junk");
                (lang, signatures(&resource.body))
            })
            .collect()
    }

    /// What one locale has that another lacks: a message, an attribute, or a
    /// variable of one.
    fn differences(files: &[(String, Signatures)]) -> Vec<String> {
        let mut every: Signatures = BTreeMap::new();
        for (_, signatures) in files {
            for (id, variables) in signatures {
                every
                    .entry(id.clone())
                    .or_default()
                    .extend(variables.iter().cloned());
            }
        }
        let mut problems = Vec::new();
        for (name, signatures) in files {
            for (id, variables) in &every {
                match signatures.get(id) {
                    None => problems.push(format!("{name} lacks {id}")),
                    Some(own) => {
                        for missing in variables.difference(own) {
                            problems.push(format!("{name}: {id} lacks {{ ${missing} }}"));
                        }
                    }
                }
            }
        }
        problems
    }

    fn parsed(text: &str) -> Signatures {
        signatures(&fluent_syntax::parser::parse(text).expect("parses").body)
    }

    #[test]
    fn every_locale_has_the_same_messages_attributes_and_variables() {
        let files: Vec<(String, Signatures)> = files()
            .into_iter()
            .map(|(lang, signatures)| (lang.to_string(), signatures))
            .collect();
        assert!(files[0].1.len() > 100, "Slovak has every message");
        assert_eq!(differences(&files), Vec::<String>::new());
    }

    #[test]
    fn the_locale_check_finds_what_one_file_lacks() {
        let a = "a = { $n } bod\n    .label = { $x }\nb = B\n";
        let b = "a = body\n    .label = x\nc = C\n";
        let found = differences(&[("a".into(), parsed(a)), ("b".into(), parsed(b))]);
        assert_eq!(
            found,
            [
                "a lacks c",
                "b: a lacks { $n }",
                "b: a.label lacks { $x }",
                "b lacks b"
            ],
        );
    }

    #[test]
    fn variables_are_found_in_selectors_variants_and_functions() {
        let found = parsed(
            "a = { NUMBER($n, minimumFractionDigits: 1) ->\n  [one] { $x }\n *[other] { $y }\n}\n",
        );
        let names: Vec<&str> = found["a"].iter().map(String::as_str).collect();
        assert_eq!(names, ["n", "x", "y"]);
    }

    /// Sample arguments for every variable: the same value, a number or a text.
    fn samples<'a>(variables: &'a BTreeSet<String>, value: FluentValue<'static>) -> FluentArgs<'a> {
        let mut args = FluentArgs::new();
        for name in variables {
            args.set(name.as_str(), value.clone());
        }
        args
    }

    #[test]
    fn every_message_formats_in_every_language_without_errors_or_isolation_marks() {
        for locale in LOCALES.iter() {
            assert!(locale.signatures.len() > 100, "{}", locale.lang);
            for (id, variables) in &locale.signatures {
                let pattern = locale.pattern(id).expect("the bundle has it");
                let values = [0, 1, 2, 3, 5, 21, 1000]
                    .map(FluentValue::from)
                    .into_iter()
                    .chain([FluentValue::from("x"), FluentValue::from("sk")]);
                for value in values {
                    let args = samples(variables, value);
                    let mut errors = Vec::new();
                    let text = locale
                        .bundle
                        .format_pattern(pattern, Some(&args), &mut errors);
                    let lang = locale.lang;
                    assert!(errors.is_empty(), "{lang} {id}: {errors:?}");
                    assert!(!text.trim().is_empty(), "{lang} {id}");
                    assert!(!text.contains(['\u{2068}', '\u{2069}']), "{lang} {id}");
                    assert!(!text.contains("{$"), "{lang} {id}: {text}");
                }
            }
        }
    }

    #[test]
    fn counts_take_the_plural_form_of_the_language() {
        let summary = |lang, questions: u32, days: u32| {
            tr!(
                lang,
                "stats-summary",
                questions = questions,
                days = days,
                share = "50"
            )
        };
        for (lang, questions, days, expected) in [
            (
                Lang::SK,
                1,
                1,
                "1 otázka za posledný deň, zodpovedaných 50 %.",
            ),
            (
                Lang::SK,
                2,
                3,
                "2 otázky za posledné 3 dni, zodpovedaných 50 %.",
            ),
            (
                Lang::SK,
                5,
                90,
                "5 otázok za posledných 90 dní, zodpovedaných 50 %.",
            ),
            (
                Lang::CS,
                1,
                1,
                "1 otázka za poslední den, zodpovězeno 50 %.",
            ),
            (
                Lang::CS,
                4,
                2,
                "4 otázky za poslední 2 dny, zodpovězeno 50 %.",
            ),
            (
                Lang::CS,
                0,
                7,
                "0 otázek za posledních 7 dní, zodpovězeno 50 %.",
            ),
            (Lang::EN, 1, 1, "1 question in the last day, 50 % answered."),
            (
                Lang::EN,
                2,
                30,
                "2 questions in the last 30 days, 50 % answered.",
            ),
        ] {
            assert_eq!(summary(lang, questions, days), expected);
        }
    }

    #[test]
    fn messages_keep_their_words_and_lines() {
        assert_eq!(
            tr!(Lang::SK, "no-such-point", n = 13, max = 12),
            "Bod 13 neexistuje: stratégia má body 1 až 12. Skúste napríklad `/strategy 1`, alebo `/strategy` pre zoznam všetkých bodov."
        );
        assert_eq!(
            tr!(
                Lang::EN,
                "original-title",
                language = "cs",
                title = "T, point 2"
            ),
            "Czech original: T, point 2"
        );
        assert_eq!(
            tr!(Lang::EN, "command-strategy.number"),
            "The point's number (start typing a number or a word)"
        );
        assert_eq!(
            tr!(
                Lang::CS,
                "help-item",
                command = "/strategy 7",
                label = "Strategie, bod 7"
            ),
            "`/strategy 7` – Strategie, bod 7 v plném znění"
        );
    }

    #[test]
    #[should_panic(expected = "does not take")]
    fn an_argument_the_message_does_not_take_is_caught() {
        tr!(Lang::SK, "no-such-point", n = 13, max = 12, maximum = 12);
    }

    #[test]
    #[should_panic(expected = "max")]
    fn a_missing_argument_is_caught() {
        tr!(Lang::EN, "no-such-point", n = 13);
    }

    #[test]
    #[should_panic(expected = "no locale file")]
    fn an_unknown_message_is_caught() {
        tr!(Lang::CS, "no-such-message");
    }

    #[test]
    fn czech_has_no_slovak_letter() {
        let czech = Lang::CS.source();
        let slovak = ['ä', 'ľ', 'ĺ', 'ŕ', 'ô'];
        for (number, line) in czech.lines().enumerate() {
            assert!(
                !line.contains(slovak),
                "cs.ftl:{}: a Slovak letter in {line:?}",
                number + 1
            );
        }
        // The same check finds them in Slovak.
        assert!(Lang::SK.source().contains(slovak));
    }

    #[test]
    fn no_locale_file_names_a_topic_of_one_document() {
        // The first knowledge base is about migration: its topics must not
        // leak into the bot's words, which serve any organization.
        let topics = regex::Regex::new(
            r"(?i)migr|utečen|uprchl|refugee|obchodovan|traffick|pašov|pašer|smuggl|prevádza|převaděč|diasp|azyl|asylum",
        )
        .expect("a valid pattern");
        for lang in Lang::all() {
            for (number, line) in lang.source().lines().enumerate() {
                assert!(
                    !topics.is_match(line),
                    "{lang}.ftl:{}: {line:?}",
                    number + 1
                );
            }
        }
        assert!(topics.is_match("/ask nelegálna migrácia"));
    }

    /// The calls of `tr!` in `text` before its tests: each one's message id
    /// and argument names.
    fn calls(text: &str) -> Vec<(String, BTreeSet<String>)> {
        let tests = concat!("#[cfg", "(test)]");
        let code: String = text
            .split(tests)
            .next()
            .unwrap_or_default()
            .lines()
            .map(|line| {
                if line.trim_start().starts_with("//") {
                    ""
                } else {
                    line
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let opening = concat!("tr", "!(");
        let mut found = Vec::new();
        for (at, _) in code.match_indices(opening) {
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let arguments = top_level_arguments(&code[at + opening.len()..]);
            let id = arguments
                .get(1)
                .and_then(|a| a.trim().strip_prefix('"')?.strip_suffix('"'))
                .unwrap_or_else(|| panic!("a literal message id: {arguments:?}"));
            let names = arguments[2..]
                .iter()
                .filter_map(|a| Some(a.split_once('=')?.0.trim().to_string()))
                .collect();
            found.push((id.to_string(), names));
        }
        found
    }

    /// The comma-separated arguments up to the call's closing parenthesis,
    /// nested brackets and string literals kept whole.
    fn top_level_arguments(after: &str) -> Vec<String> {
        let (mut depth, mut quoted, mut escaped) = (0usize, false, false);
        let (mut arguments, mut current) = (Vec::new(), String::new());
        for c in after.chars() {
            if quoted {
                quoted = escaped || c != '"';
                escaped = !escaped && c == '\\';
            } else {
                match c {
                    '"' => quoted = true,
                    '(' | '[' | '{' => depth += 1,
                    ')' | ']' | '}' if depth == 0 => break,
                    ')' | ']' | '}' => depth -= 1,
                    ',' if depth == 0 => {
                        arguments.push(std::mem::take(&mut current));
                        continue;
                    }
                    _ => {}
                }
            }
            current.push(c);
        }
        if !current.trim().is_empty() {
            arguments.push(current);
        }
        arguments
    }

    fn rust_files(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("src/ reads") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                rust_files(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }

    #[test]
    fn every_call_in_the_code_names_a_message_and_exactly_its_variables() {
        let slovak = &LOCALES[0].signatures;
        let mut paths = Vec::new();
        rust_files(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut paths,
        );
        let mut checked = 0;
        let mut problems = Vec::new();
        for path in paths {
            let text = std::fs::read_to_string(&path).expect("a source file reads");
            for (id, names) in calls(&text) {
                checked += 1;
                match slovak.get(&id) {
                    None => problems.push(format!("{}: no message {id}", path.display())),
                    Some(variables) if *variables != names => problems.push(format!(
                        "{}: {id} takes {variables:?}, given {names:?}",
                        path.display()
                    )),
                    Some(_) => {}
                }
            }
        }
        assert_eq!(problems, Vec::<String>::new());
        assert!(checked > 100, "only {checked} calls found");
    }

    #[test]
    fn the_call_scan_reads_arguments_as_the_macro_does() {
        let code = concat!(
            "let a = tr",
            "!(lang, \"gaps-line\", count = f(a, b), last = \"x, y\", down = v[0]);\n",
            "// tr",
            "!(lang, \"commented-out\")\n",
            "let b = tr",
            "!(Lang::SK, \"help-contents\");\n",
        );
        let found = calls(code);
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        assert_eq!(
            found,
            [
                ("gaps-line".to_string(), names(&["count", "last", "down"])),
                ("help-contents".to_string(), names(&[])),
            ]
        );
    }
}
