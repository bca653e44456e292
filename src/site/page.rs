//! `index.html`: the whole document on one page, as the organization wrote
//! it. The statement of purpose and its aims, then every section with its
//! heading; each passage an `<article>` whose `id` is the passage id
//! (`mission`, `aim-2`, `strategy-7`, `principles-3`), the anchor Discord
//! answers link to, headed by the label replies cite it by. The English
//! translation stands beside the original where there is one, marked
//! `lang="en"`. Everything from the knowledge is escaped by the template.

use maud::{Markup, html};

use super::layout;
use crate::knowledge::labels::{self, label, mission_title, section_title};
use crate::knowledge::{Knowledge, Language, Passage, Section, SectionId};
use crate::reply::Lang;
use crate::tr;

/// What the page says beside the knowledge.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// The day of the last recorded change, if any is recorded.
    pub last_change: Option<String>,
    /// The day the page is written.
    pub generated: String,
    /// Whether the statistics page is published beside it (and linked).
    pub stats: bool,
}

/// The `id` of a section's `<section>`: apart from every passage id, which
/// ends in a number or is `mission`.
fn section_anchor(id: SectionId) -> String {
    format!("part-{id}")
}

/// Whether an English translation is shown beside the original: for a
/// knowledge base in another language.
fn translated(knowledge: &Knowledge, passage: &Passage) -> Option<String> {
    if knowledge.language == Language::En {
        return None;
    }
    passage.text_en.clone()
}

/// One passage: its heading (the label replies cite it by, linking to
/// itself so it can be shared) unless `heading` is already said by its
/// section, the text and its translation.
fn article(knowledge: &Knowledge, passage: &Passage, section_title: Option<&str>) -> Markup {
    let id = passage.id.to_string();
    let own = label(knowledge, passage.id, false);
    let english = translated(knowledge, passage);
    html! {
        article id=(id) {
            @if section_title != Some(own.as_str()) {
                h3 { a href=(format!("#{id}")) { (own) } }
            }
            div.pair.translated[english.is_some()] {
                p { (passage.text) }
                @if let Some(english) = &english {
                    div.en lang="en" {
                        p.label { (label(knowledge, passage.id, true)) }
                        p { (english) }
                    }
                }
            }
        }
    }
}

/// A heading with its English title beside it, where there is one.
fn heading(knowledge: &Knowledge, title: &str, english: Option<&str>) -> Markup {
    html! {
        (title)
        @if let Some(english) = english.filter(|e| *e != title && knowledge.language != Language::En) {
            " " span.h-en lang="en" { "(" (english) ")" }
        }
    }
}

/// The statement of purpose and its aims.
fn purpose(knowledge: &Knowledge) -> Markup {
    let title = mission_title(knowledge, false);
    let english = knowledge.titles.mission_en.as_deref();
    html! {
        section id=(section_anchor(SectionId::AIM)) aria-labelledby="h-purpose" {
            h2 id="h-purpose" { (heading(knowledge, title, english)) }
            @if let Some(mission) = knowledge.mission() {
                (article(knowledge, mission, Some(title)))
            }
            @for aim in knowledge.aims() {
                (article(knowledge, aim, None))
            }
        }
    }
}

/// One of the document's sections.
fn part(knowledge: &Knowledge, section: &Section) -> Markup {
    let title = section_title(knowledge, section, false);
    let anchor = section_anchor(section.id);
    let labelled = format!("h-{anchor}");
    html! {
        section id=(anchor) aria-labelledby=(labelled) {
            h2 id=(labelled) { (heading(knowledge, &title, section.title_en.as_deref())) }
            @for item in knowledge.items(section.id) {
                (article(knowledge, item, Some(title.as_str())))
            }
        }
    }
}

/// The page of the whole knowledge, in its language.
pub fn index(knowledge: &Knowledge, facts: &Facts) -> String {
    let lang = Lang::from(knowledge.language);
    let has_purpose = knowledge.mission().is_some() || !knowledge.aims().is_empty();
    let any_translation = knowledge
        .passages()
        .iter()
        .any(|p| translated(knowledge, p).is_some());
    let contents: Vec<(String, String)> = has_purpose
        .then(|| {
            (
                section_anchor(SectionId::AIM),
                mission_title(knowledge, false).to_string(),
            )
        })
        .into_iter()
        .chain(knowledge.parts().map(|s| {
            (
                section_anchor(s.id),
                labels::section_title(knowledge, s, false),
            )
        }))
        .collect();
    let header = html! {
        h1 { (knowledge.organization) }
        p.meta {
            @if let Some(day) = &facts.last_change {
                (tr!(lang, "site-last-change", date = day.as_str()))
            }
            @if let Some(url) = &knowledge.source_url {
                @if facts.last_change.is_some() { " · " }
                (tr!(lang, "site-source")) ": " a href=(url) { (url) }
            }
            @if facts.stats {
                @if facts.last_change.is_some() || knowledge.source_url.is_some() { " · " }
                a href=(super::STATS) { (tr!(lang, "stats-title")) }
            }
        }
        @if any_translation {
            p.meta { span.h-en lang="en" { "EN" } " · " (tr!(lang, "site-translation")) }
        }
        nav aria-label=(tr!(lang, "site-contents")) {
            ul {
                @for (anchor, title) in &contents {
                    li { a href=(format!("#{anchor}")) { (title) } }
                }
            }
        }
    };
    let main = html! {
        @if has_purpose { (purpose(knowledge)) }
        @for section in knowledge.parts() { (part(knowledge, section)) }
    };
    let title = match knowledge.mission() {
        Some(_) => format!(
            "{} · {}",
            mission_title(knowledge, false),
            knowledge.organization
        ),
        None => knowledge.organization.clone(),
    };
    layout::page(lang, &title, header, main, &facts.generated)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::PassageId;
    use crate::knowledge::tests::{edit_passage, principles, sample};

    fn facts() -> Facts {
        Facts {
            last_change: Some("2026-05-01".into()),
            generated: "2026-05-02".into(),
            stats: false,
        }
    }

    #[test]
    fn every_passage_is_an_article_with_its_id() {
        let k = sample();
        let html = index(&k, &facts());
        for passage in k.passages() {
            assert!(
                html.contains(&format!("<article id=\"{}\">", passage.id)),
                "{}: {html}",
                passage.id
            );
        }
        assert!(
            html.starts_with("<!DOCTYPE html><html lang=\"sk\">"),
            "{html}"
        );
        assert!(html.contains("Posledná zmena: 2026-05-01"), "{html}");
        assert!(html.contains("<a href=\"#strategy-2\">Stratégia ORG, bod 2</a>"));
        assert!(!html.contains("stats.html"), "no statistics, no link");
        assert!(!html.contains("<script"), "no script");
    }

    #[test]
    fn text_from_the_knowledge_is_escaped_and_translations_marked() {
        let mut k = sample();
        edit_passage(&mut k, PassageId::Strategy(1), |p| {
            p.text = "<script>alert(1)</script> & \"quoted\"".into();
            p.text_en = Some("Support <b>education</b>.".into());
        });
        k.source_url = Some("https://example.org/?a=1&b=\"2\"".into());
        let html = index(
            &k,
            &Facts {
                stats: true,
                ..facts()
            },
        );
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;"));
        assert!(html.contains("<div class=\"en\" lang=\"en\">"), "{html}");
        assert!(
            html.contains("Support &lt;b&gt;education&lt;/b&gt;."),
            "{html}"
        );
        assert!(html.contains("href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\""));
        assert!(html.contains("<a href=\"stats.html\">Štatistika otázok</a>"));
    }

    #[test]
    fn another_documents_sections_and_names() {
        let k = principles();
        let html = index(&k, &Facts::default());
        assert!(html.contains("<section id=\"part-principles\""), "{html}");
        assert!(html.contains("<article id=\"principles-2\">"), "{html}");
        assert!(html.contains("Princíp 2: Férovosť"), "{html}");
        assert!(html.contains("(Our principles)"), "{html}");
        assert!(!html.contains("id=\"mission\""), "no statement of purpose");
        // A lone paragraph under its heading is not headed twice.
        assert_eq!(
            html.matches(">Úvod<").count(),
            1,
            "in the contents only: {html}"
        );
    }
}
