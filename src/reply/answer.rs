//! Turning a command and the knowledge (or search hits) into a [`Reply`]: the
//! bot's answers, worded in the asker's language and citing what they quote.

use crate::command::{Command, MAX_QUESTION_CHARS, PointNumber};
use crate::knowledge::{Knowledge, Passage, PassageId};
use crate::reply::Lang;
use crate::reply::citation::{citation, mission_title, reads_translation, strategy_title};
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

/// "Zdroj: Poslanie IOM · Stratégia IOM (url)"
fn source(knowledge: &Knowledge) -> String {
    let t = &knowledge.titles;
    let mut source = format!("{} · {}", t.mission, t.strategy);
    if let Some(url) = &knowledge.source_url {
        source.push_str(" · ");
        source.push_str(url);
    }
    source
}

fn footer(knowledge: &Knowledge, lang: Lang) -> Option<String> {
    let translated = reads_translation(knowledge, lang) && knowledge.mission().text_en.is_some();
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
    let mut footer = tr!(lang, "footer-source", source = source(knowledge));
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
        Command::Strategy(number) => point(knowledge, number, lang),
        Command::StrategyList => {
            let mut body = RichText::default();
            for passage in knowledge.points() {
                if let PassageId::Strategy(n) = passage.id {
                    body.push(&format!("{n}."), true);
                    let text = passage_text(knowledge, passage, lang);
                    body.push(&format!(" {}\n", shorten(text, LIST_LINE_CHARS)), false);
                }
            }
            Reply {
                kind: ReplyKind::Overview,
                title: strategy_title(knowledge, lang).to_string(),
                body,
                fields: Vec::new(),
                citations: Vec::new(),
                footer: footer(knowledge, lang),
                suggestions: Vec::new(),
            }
        }
        Command::Mission | Command::Aims => {
            let mission = matches!(command, Command::Mission);
            let mut body = RichText::default();
            let mut citations = Vec::new();
            if mission {
                let text = passage_text(knowledge, knowledge.mission(), lang);
                body.push(text, false);
                body.push("\n", false);
                citations.push(cite(knowledge, PassageId::Mission, lang));
            }
            for aim in knowledge.aims() {
                let text = passage_text(knowledge, aim, lang);
                body.push(&format!("• {text}\n"), false);
                citations.push(cite(knowledge, aim.id, lang));
            }
            let title = if mission {
                mission_title(knowledge, lang).to_string()
            } else {
                tr!(lang, "aims-title", org = &knowledge.organization)
            };
            Reply {
                kind: ReplyKind::Overview,
                title,
                body,
                fields: Vec::new(),
                citations,
                footer: footer(knowledge, lang),
                suggestions: Vec::new(),
            }
        }
        Command::Help => Reply::notice(
            ReplyKind::Overview,
            tr!(lang, "help-title"),
            tr!(lang, "help"),
        ),
        Command::Unknown(name) => Reply::notice(
            ReplyKind::Problem,
            tr!(lang, "unknown-command-title"),
            tr!(lang, "unknown-command", command = name),
        ),
        Command::Ask(question) => {
            question_problem(question, lang).unwrap_or_else(|| empty_question(lang))
        }
    }
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

/// A passage's short name: "bod 5", "cieľ 2", "poslanie".
pub fn short_name(id: PassageId, lang: Lang) -> String {
    match id {
        PassageId::Mission => tr!(lang, "passage-mission"),
        PassageId::Aim(n) => tr!(lang, "passage-aim", n = n),
        PassageId::Strategy(n) => tr!(lang, "passage-point", n = n),
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
                name: short_name(hit.id, lang),
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
            body: RichText::plain(tr!(lang, "nothing-relevant", org = &knowledge.organization)),
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
            body = lead_text;
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
    let mut footer = tr!(lang, "answer-footer", source = source(knowledge));
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
