//! Turning a command and the knowledge (or search hits) into a [`Reply`]: the
//! bot's answers, worded in the asker's language and citing what they quote.

use crate::command::{Command, MAX_QUESTION_CHARS, Part, PointNumber};
use crate::knowledge::naming::{find_section, resolve};
use crate::knowledge::{Knowledge, Passage, PassageId, Section, SectionId, labels};
use crate::reply::Lang;
use crate::reply::citation::{citation, mission_title, reads_translation};
use crate::reply::{Citation, Field, Reply, ReplyKind, RichText, Suggestion};
use crate::search::analyzer::is_invisible_format;
use crate::search::{Hit, snippet};
use crate::tr;

/// Characters of a passage shown per line in lists and per extra hit.
const LIST_LINE_CHARS: usize = 110;
const SNIPPET_CHARS: usize = 300;

fn cite(knowledge: &Knowledge, id: PassageId, lang: Lang) -> Citation {
    Citation {
        id,
        label: citation(knowledge, id, lang),
    }
}

/// Headings named in a source line at most; more are "…".
const SOURCE_TITLES: usize = 3;

/// "Zdroj: Poslanie IOM · Stratégia IOM · url": the document's headings,
/// with the organization's name first where no heading holds it.
fn source(knowledge: &Knowledge, lang: Lang) -> String {
    let english = reads_translation(knowledge, lang);
    let mut titles: Vec<String> = Vec::new();
    if knowledge.mission().is_some() || !knowledge.aims().is_empty() {
        titles.push(mission_title(knowledge, lang).to_string());
    }
    let parts: Vec<String> = knowledge
        .parts()
        .map(|s| labels::section_title(knowledge, s, english))
        .collect();
    let more = parts.len() > SOURCE_TITLES;
    titles.extend(parts.into_iter().take(SOURCE_TITLES));
    if more {
        titles.push("…".to_string());
    }
    if !titles.iter().any(|t| t.contains(&knowledge.organization)) {
        titles.insert(0, knowledge.organization.clone());
    }
    let mut source = titles.join(" · ");
    if let Some(url) = &knowledge.source_url {
        source.push_str(" · ");
        source.push_str(url);
    }
    source
}

/// The footer of a reply showing `shown`: the source, and that English
/// text is an unofficial translation where one of them is shown in it.
fn footer(knowledge: &Knowledge, shown: &[&Passage], lang: Lang) -> Option<String> {
    let translated =
        reads_translation(knowledge, lang) && shown.iter().any(|p| p.text_en.is_some());
    passage_footer(knowledge, lang, translated)
}

/// The text of a passage in the asker's language: the English translation
/// for English readers of another language's knowledge when there is one,
/// else the original.
fn passage_text<'p>(knowledge: &Knowledge, passage: &'p Passage, lang: Lang) -> &'p str {
    match &passage.text_en {
        Some(en) if reads_translation(knowledge, lang) => en,
        _ => &passage.text,
    }
}

/// An item's name in the asker's language, if the document names it.
fn passage_name<'p>(knowledge: &Knowledge, passage: &'p Passage, lang: Lang) -> Option<&'p str> {
    match (&passage.name_en, &passage.name) {
        (Some(en), _) if reads_translation(knowledge, lang) => Some(en),
        (_, name) => name.as_deref(),
    }
}

/// A passage as an answer leads with it: in the asker's language, matched words
/// highlighted, and for a translation the original beside it.
fn lead(
    knowledge: &Knowledge,
    passage: &Passage,
    hit: Option<&Hit>,
    lang: Lang,
) -> (RichText, Option<Field>) {
    let none = Vec::new();
    let (original, translated) = match hit {
        Some(hit) => (&hit.highlights, &hit.highlights_en),
        None => (&none, &none),
    };
    match &passage.text_en {
        Some(english) if reads_translation(knowledge, lang) => {
            let original_title = tr!(
                lang,
                "original-title",
                language = knowledge.language.code(),
                title = citation(knowledge, passage.id, knowledge.language.into()),
            );
            (
                RichText::highlighted(english, translated),
                Some(Field {
                    name: original_title,
                    value: RichText::highlighted(&passage.text, original),
                }),
            )
        }
        _ => (RichText::highlighted(&passage.text, original), None),
    }
}

/// Footer naming the source, and that English text is an unofficial translation.
fn passage_footer(knowledge: &Knowledge, lang: Lang, translated: bool) -> Option<String> {
    let mut footer = tr!(lang, "footer-source", source = source(knowledge, lang));
    if translated {
        footer.push_str(" · ");
        footer.push_str(&tr!(lang, "translation-note"));
    }
    Some(footer)
}

/// The first `max` characters of a text, cut at a word boundary with "…".
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let end = text.char_indices().nth(max).map_or(text.len(), |(i, _)| i);
    let cut = text[..end]
        .rfind(char::is_whitespace)
        .filter(|&i| i > 0)
        .unwrap_or(end);
    let kept = text[..cut].trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == ';');
    format!("{kept}…")
}

/// The reply to any command except questions (which need a search first).
pub fn overview(knowledge: &Knowledge, command: &Command, lang: Lang) -> Reply {
    match command {
        Command::Strategy(number) => match knowledge.section(SectionId::STRATEGY) {
            Some(_) => point(knowledge, number, lang),
            None => absent(knowledge, "/strategy", lang),
        },
        Command::StrategyList => match knowledge.section(SectionId::STRATEGY) {
            Some(section) => list(knowledge, section, lang),
            None => absent(knowledge, "/strategy", lang),
        },
        Command::Mission => {
            if knowledge.mission().is_none() && knowledge.aims().is_empty() {
                return absent(knowledge, "/mission", lang);
            }
            mission(knowledge, lang)
        }
        Command::Aims => match knowledge.section(SectionId::AIM) {
            Some(section) => list(knowledge, section, lang),
            None => absent(knowledge, "/aims", lang),
        },
        Command::Show(part) => show(knowledge, part, lang),
        Command::Help => help(knowledge, lang),
        Command::Unknown { name, argument } => {
            match find_section(knowledge, name) {
                // `/principles 3`, `/zasady`: a section named as a command.
                Some(section) if !name.trim_start_matches(['/', '!']).is_empty() => {
                    let part = Part::parse(argument);
                    let number = part.number.or_else(|| {
                        (!argument.trim().is_empty()).then(|| PointNumber::parse(argument))
                    });
                    section_part(knowledge, section, number.as_ref(), lang)
                }
                _ => Reply::notice(
                    ReplyKind::Problem,
                    tr!(lang, "unknown-command-title"),
                    tr!(lang, "unknown-command", command = name),
                ),
            }
        }
        Command::Ask(question) => {
            question_problem(question, lang).unwrap_or_else(|| empty_question(lang))
        }
    }
}

/// `/mission`: the statement of purpose and its aims.
fn mission(knowledge: &Knowledge, lang: Lang) -> Reply {
    let mut body = RichText::default();
    let mut citations = Vec::new();
    let mut shown = Vec::new();
    if let Some(mission) = knowledge.mission() {
        body.push(passage_text(knowledge, mission, lang), false);
        body.push("\n", false);
        citations.push(cite(knowledge, PassageId::Mission, lang));
        shown.push(mission);
    }
    for aim in knowledge.aims() {
        let text = passage_text(knowledge, aim, lang);
        body.push(&format!("• {text}\n"), false);
        citations.push(cite(knowledge, aim.id, lang));
        shown.push(aim);
    }
    Reply {
        kind: ReplyKind::Overview,
        title: mission_title(knowledge, lang).to_string(),
        body,
        fields: Vec::new(),
        citations,
        footer: footer(knowledge, &shown, lang),
        suggestions: Vec::new(),
    }
}

/// The command that shows a section: `/strategy`, `/aims`, `/show principles`.
pub fn section_command(id: SectionId) -> String {
    match id {
        SectionId::STRATEGY => "/strategy".to_string(),
        SectionId::AIM => "/aims".to_string(),
        other => format!("/show {other}"),
    }
}

/// Whether a name is an abbreviation ("IOM", "OSF"), which stands after a
/// noun as it is in any language; a full name would need declining.
fn is_abbreviation(name: &str) -> bool {
    !name.is_empty()
        && name.chars().count() <= 10
        && !name.chars().any(char::is_whitespace)
        && name.chars().filter(|c| c.is_uppercase()).count() >= 2
        && !name.chars().any(char::is_lowercase)
}

/// A section's heading as a list's title; the aims as the bot's word for
/// them ("Ciele IOM"), since the document heads them with its purpose.
fn section_heading(knowledge: &Knowledge, section: &Section, lang: Lang) -> String {
    if section.id == SectionId::AIM {
        return if is_abbreviation(&knowledge.organization) {
            tr!(lang, "aims-title-of", org = &knowledge.organization)
        } else {
            tr!(lang, "aims-title")
        };
    }
    labels::section_title(knowledge, section, reads_translation(knowledge, lang))
}

/// A section as a list: one line per item, its number or name first; the
/// aims as the bullets the statement of purpose lists them with. Every item
/// is cited: what was shown (for the statistics, and what a follow-up such
/// as "a ten druhý?" is read against).
fn list(knowledge: &Knowledge, section: &Section, lang: Lang) -> Reply {
    let mut body = RichText::default();
    let mut shown = Vec::new();
    let mut citations = Vec::new();
    for passage in knowledge.items(section.id) {
        if section.id == SectionId::AIM {
            let text = passage_text(knowledge, passage, lang);
            body.push(&format!("• {text}\n"), false);
            citations.push(cite(knowledge, passage.id, lang));
            shown.push(passage);
            continue;
        }
        let position = passage.id.position().unwrap_or_default();
        let text = shorten(passage_text(knowledge, passage, lang), LIST_LINE_CHARS);
        citations.push(cite(knowledge, passage.id, lang));
        match (section.numbered, passage_name(knowledge, passage, lang)) {
            (true, Some(name)) => {
                body.push(&format!("{position}. {name}"), true);
                body.push(&format!(" — {text}\n"), false);
            }
            (true, None) => {
                body.push(&format!("{position}."), true);
                body.push(&format!(" {text}\n"), false);
            }
            (false, Some(name)) => {
                body.push(name, true);
                body.push(&format!(" — {text}\n"), false);
            }
            (false, None) => body.push(&format!("• {text}\n"), false),
        }
        shown.push(passage);
    }
    Reply {
        kind: ReplyKind::Overview,
        title: section_heading(knowledge, section, lang),
        body,
        fields: Vec::new(),
        citations,
        footer: footer(knowledge, &shown, lang),
        suggestions: Vec::new(),
    }
}

/// `/show`: what the document holds, each part with the command that shows it.
fn contents(knowledge: &Knowledge, lang: Lang) -> Reply {
    let mut body = RichText::default();
    if knowledge.mission().is_some() {
        body.push(mission_title(knowledge, lang), true);
        body.push(" · `/mission`\n", false);
    }
    for section in knowledge.sections() {
        body.push(&section_heading(knowledge, section, lang), true);
        body.push(
            &format!(" ({}) · `{}`\n", section.len(), section_command(section.id)),
            false,
        );
    }
    Reply {
        kind: ReplyKind::Overview,
        title: tr!(lang, "contents-title"),
        body,
        fields: Vec::new(),
        citations: Vec::new(),
        footer: passage_footer(knowledge, lang, false),
        suggestions: Vec::new(),
    }
}

/// `/show …`: the contents, a section's list or one item.
fn show(knowledge: &Knowledge, part: &Part, lang: Lang) -> Reply {
    let Some(name) = &part.name else {
        return match (&part.number, knowledge.main_list()) {
            (None, _) => contents(knowledge, lang),
            (Some(number), Some(main)) => section_part(knowledge, main.id, Some(number), lang),
            (Some(_), None) => contents(knowledge, lang),
        };
    };
    let folded = name.trim().to_lowercase();
    if matches!(
        folded.as_str(),
        "mission" | "poslanie" | "poslání" | "purpose"
    ) {
        return overview(knowledge, &Command::Mission, lang);
    }
    // `principles-3`, as autocomplete gives it.
    if part.number.is_none()
        && let Ok(id) = folded.parse::<PassageId>()
        && knowledge.get(id).is_some()
    {
        return passage(knowledge, id, lang);
    }
    match resolve(knowledge, name) {
        Some(section) => section_part(knowledge, section, part.number.as_ref(), lang),
        None => absent(knowledge, name, lang),
    }
}

/// A section's list, or its item with that number.
fn section_part(
    knowledge: &Knowledge,
    id: SectionId,
    number: Option<&PointNumber>,
    lang: Lang,
) -> Reply {
    let Some(section) = knowledge.section(id) else {
        return absent(knowledge, id.as_str(), lang);
    };
    let Some(number) = number else {
        return list(knowledge, section, lang);
    };
    let found = match number {
        PointNumber::Number(n) => u32::try_from(*n)
            .ok()
            .and_then(|n| knowledge.get(PassageId::item(id, n))),
        PointNumber::Invalid(_) => None,
    };
    if let Some(passage) = found {
        return in_full(knowledge, passage, lang);
    }
    let title = section_heading(knowledge, section, lang);
    let command = section_command(id);
    let max = section.len();
    let body = match number {
        PointNumber::Number(n) => tr!(
            lang,
            "no-such-item",
            n = n.to_string(),
            title = title,
            max = max,
            command = command
        ),
        PointNumber::Invalid(text) => tr!(
            lang,
            "not-an-item-number",
            typed = shorten(text, 40),
            max = max,
            command = command
        ),
    };
    Reply::notice(ReplyKind::Problem, tr!(lang, "no-such-item-title"), body)
}

/// A command for a part the document does not have: said plainly, with
/// the parts it has.
fn absent(knowledge: &Knowledge, asked: &str, lang: Lang) -> Reply {
    let mut parts: Vec<String> = Vec::new();
    if knowledge.mission().is_some() {
        parts.push(format!("{} (`/mission`)", mission_title(knowledge, lang)));
    }
    for section in knowledge.sections() {
        parts.push(format!(
            "{} (`{}`)",
            section_heading(knowledge, section, lang),
            section_command(section.id)
        ));
    }
    Reply::notice(
        ReplyKind::Problem,
        tr!(lang, "no-such-part-title"),
        tr!(
            lang,
            "no-such-part",
            part = shorten(asked.trim(), 40),
            parts = parts.join(", ")
        ),
    )
}

/// `/help`: the commands this document answers, named as it names its parts.
fn help(knowledge: &Knowledge, lang: Lang) -> Reply {
    let mut lines: Vec<String> = Vec::new();
    if knowledge.mission().is_some() {
        lines.push(tr!(
            lang,
            "help-mission",
            title = mission_title(knowledge, lang)
        ));
    }
    if let Some(aims) = knowledge.section(SectionId::AIM) {
        lines.push(tr!(
            lang,
            "help-list",
            command = "/aims",
            title = section_heading(knowledge, aims, lang)
        ));
    }
    for section in knowledge.parts() {
        let command = section_command(section.id);
        let example = (section.len() as u32).min(if section.id == SectionId::STRATEGY {
            7
        } else {
            2
        });
        lines.push(tr!(
            lang,
            "help-item",
            command = format!("{command} {example}"),
            label = citation(knowledge, PassageId::item(section.id, example), lang)
        ));
        lines.push(tr!(
            lang,
            "help-list",
            command = command,
            title = section_heading(knowledge, section, lang)
        ));
    }
    lines.push(tr!(lang, "help-contents"));
    lines.push(tr!(lang, "help-ask"));
    Reply::notice(
        ReplyKind::Overview,
        tr!(lang, "help-title"),
        lines.join("\n"),
    )
}

/// `/strategy N`: the point in full, or the valid range.
fn point(knowledge: &Knowledge, number: &PointNumber, lang: Lang) -> Reply {
    let max = knowledge.points().len();
    let found = match number {
        PointNumber::Number(n) => u64::try_from(*n).ok().and_then(|n| knowledge.point(n)),
        PointNumber::Invalid(_) => None,
    };
    let Some(passage) = found else {
        let body = match number {
            // As typed, however large: the number names no point either way.
            PointNumber::Number(n) => tr!(lang, "no-such-point", n = n.to_string(), max = max),
            PointNumber::Invalid(text) => {
                tr!(lang, "not-a-number", typed = shorten(text, 40), max = max)
            }
        };
        return Reply::notice(ReplyKind::Problem, tr!(lang, "no-such-point-title"), body);
    };
    in_full(knowledge, passage, lang)
}

/// One passage in full, as `/strategy N` shows a point.
fn in_full(knowledge: &Knowledge, passage: &Passage, lang: Lang) -> Reply {
    let (body, original) = lead(knowledge, passage, None, lang);
    Reply {
        kind: ReplyKind::Passage,
        title: citation(knowledge, passage.id, lang),
        body,
        footer: passage_footer(knowledge, lang, original.is_some()),
        fields: original.into_iter().collect(),
        citations: vec![cite(knowledge, passage.id, lang)],
        suggestions: Vec::new(),
    }
}

/// Any passage in full (a suggestion pressed), or why it is not there any more.
pub fn passage(knowledge: &Knowledge, id: PassageId, lang: Lang) -> Reply {
    match knowledge.get(id) {
        Some(passage) => in_full(knowledge, passage, lang),
        None => Reply::notice(
            ReplyKind::Problem,
            tr!(lang, "suggestion-gone-title"),
            tr!(lang, "suggestion-gone"),
        ),
    }
}

/// A passage's short name where the knowledge is not at hand: "bod 5",
/// "cieľ 2", "poslanie"; another section's item by its id ("principles-3").
pub fn short_name(id: PassageId, lang: Lang) -> String {
    match id {
        PassageId::Mission => tr!(lang, "passage-mission"),
        PassageId::Aim(n) => tr!(lang, "passage-aim", n = n),
        PassageId::Strategy(n) => tr!(lang, "passage-point", n = n),
        PassageId::Item(..) => id.to_string(),
    }
}

/// A passage's short name from the document: "bod 5", "cieľ 2",
/// "poslanie"; another section's item as the document cites it ("Princíp
/// 3", "Otvorenosť").
pub fn short_label(knowledge: &Knowledge, id: PassageId, lang: Lang) -> String {
    match id {
        PassageId::Item(..) => citation(knowledge, id, lang),
        other => short_name(other, lang),
    }
}

/// Characters of a passage a suggestion shows.
const SUGGESTION_CHARS: usize = 60;

/// "Nothing relevant" with the passages the question came closest to,
/// offered as what the asker may have meant, marked uncertain.
pub fn with_suggestions(
    mut reply: Reply,
    knowledge: &Knowledge,
    closest: &[Hit],
    lang: Lang,
) -> Reply {
    if reply.kind != ReplyKind::NothingRelevant {
        return reply;
    }
    reply.suggestions = closest
        .iter()
        .filter_map(|hit| {
            let passage = knowledge.get(hit.id)?;
            Some(Suggestion {
                id: hit.id,
                name: short_label(knowledge, hit.id, lang),
                text: shorten(passage_text(knowledge, passage, lang), SUGGESTION_CHARS),
            })
        })
        .collect();
    if !reply.suggestions.is_empty() {
        let mut value = RichText::default();
        for suggestion in &reply.suggestions {
            value.push(&suggestion.name, true);
            value.push(&format!(" — {}\n", suggestion.text), false);
        }
        reply.fields.push(Field {
            name: tr!(lang, "suggestions-title"),
            value,
        });
    }
    reply
}

/// A question that cannot be searched: empty or too long.
pub fn question_problem(question: &str, lang: Lang) -> Option<Reply> {
    let length = question.chars().count();
    // No letter or digit at all (blank, punctuation, emoji, invisible
    // characters): there is nothing to search for.
    if !question
        .chars()
        .any(|c| c.is_alphanumeric() && !is_invisible_format(c))
    {
        return Some(empty_question(lang));
    }
    if length > MAX_QUESTION_CHARS {
        return Some(Reply::notice(
            ReplyKind::Problem,
            tr!(lang, "question-too-long-title"),
            tr!(
                lang,
                "question-too-long",
                length = length,
                max = MAX_QUESTION_CHARS
            ),
        ));
    }
    None
}

/// The search did not work (the index failed, or was interrupted).
pub fn search_failed(lang: Lang) -> Reply {
    Reply::notice(
        ReplyKind::Problem,
        tr!(lang, "search-failed-title"),
        tr!(lang, "search-failed"),
    )
}

/// The reply to a question with nothing in it.
fn empty_question(lang: Lang) -> Reply {
    Reply::notice(
        ReplyKind::Problem,
        tr!(lang, "empty-question-title"),
        tr!(lang, "empty-question"),
    )
}

/// The answer to a question from its search hits (at most `passages` shown).
pub fn answer(knowledge: &Knowledge, hits: &[Hit], passages: usize, lang: Lang) -> Reply {
    let Some(best) = hits.first() else {
        return Reply {
            kind: ReplyKind::NothingRelevant,
            title: tr!(lang, "nothing-relevant-title"),
            body: RichText::plain(tr!(lang, "nothing-relevant")),
            fields: Vec::new(),
            citations: Vec::new(),
            footer: None,
            suggestions: Vec::new(),
        };
    };
    let mut citations = Vec::new();
    let mut fields = Vec::new();
    let mut body = RichText::default();
    let mut translated = false;
    for (rank, hit) in hits.iter().take(passages.max(1)).enumerate() {
        let Some(passage) = knowledge.get(hit.id) else {
            continue;
        };
        citations.push(cite(knowledge, hit.id, lang));
        if rank == 0 {
            let (lead_text, original) = lead(knowledge, passage, Some(hit), lang);
            if hit.tentative {
                // Found by how clearly it led, not by the evidence rule:
                // offered, never stated as the answer.
                body = RichText::plain(tr!(lang, "answer-tentative"));
                body.push("\n", false);
                body.append(lead_text);
            } else {
                body = lead_text;
            }
            translated = original.is_some();
            fields.extend(original);
            continue;
        }
        let (text, highlights) = match &passage.text_en {
            Some(english) if reads_translation(knowledge, lang) => {
                (english.as_str(), &hit.highlights_en)
            }
            _ => (passage.text.as_str(), &hit.highlights),
        };
        fields.push(Field {
            name: citation(knowledge, hit.id, lang),
            value: excerpt(text, highlights),
        });
    }
    let mut footer = tr!(lang, "answer-footer", source = source(knowledge, lang));
    if translated {
        footer.push_str(" · ");
        footer.push_str(&tr!(lang, "translation-note"));
    }
    Reply {
        kind: ReplyKind::Answer,
        title: citation(knowledge, best.id, lang),
        body,
        fields,
        citations,
        footer: Some(footer),
        suggestions: Vec::new(),
    }
}

/// A window of a passage around its first matched word, with "…" where cut.
pub fn excerpt(text: &str, highlights: &[std::ops::Range<usize>]) -> RichText {
    let window = snippet(text, highlights, SNIPPET_CHARS);
    let mut value = RichText::default();
    if window.start > 0 {
        value.push("…", false);
    }
    let shifted: Vec<_> = highlights
        .iter()
        .filter(|r| r.start >= window.start && r.end <= window.end)
        .map(|r| r.start - window.start..r.end - window.start)
        .collect();
    value.append(RichText::highlighted(&text[window.clone()], &shifted));
    if window.end < text.len() {
        value.push("…", false);
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::tests::sample;

    #[test]
    fn points_and_their_range() {
        let k = sample();
        let reply = overview(&k, &Command::Strategy(PointNumber::Number(2)), Lang::SK);
        assert_eq!(reply.kind, ReplyKind::Passage);
        assert_eq!(reply.title, "Stratégia ORG, bod 2");
        assert_eq!(reply.body.to_plain(), "Chrániť prírodu a lesy.");
        for bad in [
            PointNumber::Number(0),
            PointNumber::Number(-1),
            PointNumber::Number(3),
            PointNumber::Number(i128::MAX),
            PointNumber::Invalid("abc".into()),
        ] {
            let reply = overview(&k, &Command::Strategy(bad.clone()), Lang::SK);
            assert_eq!(reply.kind, ReplyKind::Problem, "{bad:?}");
            assert!(
                reply.body.to_plain().contains("1 až 2")
                    || reply.body.to_plain().contains("od 1 do 2"),
                "{bad:?}: {}",
                reply.body.to_plain()
            );
        }
    }

    #[test]
    fn empty_and_invisible_questions_are_problems() {
        for q in ["", "   ", "\u{200b}\u{200b}", "\t\n", "?!", "🙂🙂", "\0"] {
            assert!(question_problem(q, Lang::SK).is_some(), "{q:?}");
        }
        assert!(question_problem(&"a".repeat(MAX_QUESTION_CHARS + 1), Lang::EN).is_some());
        assert!(question_problem("migrácia", Lang::SK).is_none());
    }

    #[test]
    fn suggestions_name_the_passages_and_are_marked_uncertain() {
        let k = sample();
        let nothing = answer(&k, &[], 3, Lang::SK);
        let hit = |id| Hit {
            id,
            score: 1.0,
            coverage: 0.5,
            evidence: Default::default(),
            highlights: Vec::new(),
            highlights_en: Vec::new(),
            english_only: false,
            matched_terms: Vec::new(),
            source: crate::search::Source::Lexical,
            tentative: false,
        };
        let closest = [hit(PassageId::Strategy(2)), hit(PassageId::Aim(1))];
        let reply = with_suggestions(nothing.clone(), &k, &closest, Lang::SK);
        assert_eq!(reply.kind, ReplyKind::NothingRelevant);
        let names: Vec<&str> = reply.suggestions.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["bod 2", "cieľ 1"]);
        assert_eq!(reply.suggestions[0].text, "Chrániť prírodu a lesy.");
        let field = &reply.fields[0];
        assert_eq!(field.name, "Možno ste mysleli (nie som si istý)");
        assert!(
            field
                .value
                .to_plain()
                .starts_with("bod 2 — Chrániť prírodu")
        );
        assert_eq!(
            with_suggestions(nothing.clone(), &k, &[], Lang::SK),
            nothing
        );
        let answered = answer(&k, &closest, 3, Lang::SK);
        assert_eq!(
            with_suggestions(answered.clone(), &k, &closest, Lang::SK),
            answered
        );
        let english = with_suggestions(nothing, &k, &closest[..1], Lang::EN);
        assert_eq!(english.suggestions[0].name, "point 2");
        assert_eq!(
            passage(&k, PassageId::Aim(1), Lang::SK).body.to_plain(),
            "zlepšovať život,"
        );
        assert_eq!(
            passage(&k, PassageId::Aim(9), Lang::SK).kind,
            ReplyKind::Problem
        );
    }

    #[test]
    fn shorten_cuts_at_words() {
        assert_eq!(shorten("krátke", 10), "krátke");
        assert_eq!(shorten("jedna dva tri štyri", 12), "jedna dva…");
        // Any whitespace is a word boundary, and none is left before the "…".
        assert_eq!(
            shorten("jedna\u{a0}dva\u{3000}tri štyri", 12),
            "jedna\u{a0}dva…"
        );
        assert_eq!(shorten("jedna,\u{2009}\u{2009}dva tri", 9), "jedna…");
    }
}
