//! Scoring the search against a relevance set (`queries.toml`): per kind and
//! overall hit@1, hit@3 and MRR, the figures relevance work is judged by, and
//! abstention apart: how many answerable questions got an answer and how
//! many that should get "nothing relevant" did.
//!
//! A set is `[[case]]`s (one question each) or `[[conversation]]`s (one
//! member's messages in order, each turn read against the answers before
//! it). A case names the passages that answer it by id (`strategy-7`) or by
//! a quote of their text, as someone reading the document copied it (so
//! questions about a document can be written before it is imported).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, read_text};
use crate::engine::Engine;
use crate::knowledge::{Knowledge, PassageId};
use crate::search::{Context, Evidence, Hit, SearchError, Source};

/// Hits looked at per case: MRR counts a first acceptable hit up to rank 10.
const DEPTH: usize = 10;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SetFile {
    #[serde(default)]
    case: Vec<Case>,
    #[serde(default)]
    conversation: Vec<ConversationFile>,
}

/// One member's messages, in order: `[message, [expected…]]` each.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConversationFile {
    #[serde(default)]
    name: Option<String>,
    /// The document it is about, for sets over several documents.
    #[serde(default)]
    document: Option<String>,
    turns: Vec<(String, Vec<String>)>,
}

/// A conversation of a relevance set: its turns as cases, in order.
#[derive(Debug, Clone)]
pub struct Conversation {
    pub name: String,
    pub document: Option<String>,
    /// Kind `opening` for the first turn, `follow-up` for the rest.
    pub turns: Vec<Case>,
}

/// A relevance set: single questions and conversations.
#[derive(Debug, Clone, Default)]
pub struct Set {
    pub cases: Vec<Case>,
    pub conversations: Vec<Conversation>,
}

/// Loads a relevance set of either form.
pub fn load_set(path: &Path) -> Result<Set, Diagnostic> {
    let text = read_text(path)?;
    let file: SetFile =
        toml::from_str(&text).map_err(|e| Diagnostic::from_toml(path, &text, &e))?;
    let conversations = file
        .conversation
        .into_iter()
        .enumerate()
        .map(|(i, c)| Conversation {
            name: c.name.unwrap_or_else(|| format!("conversation {}", i + 1)),
            document: c.document,
            turns: c
                .turns
                .into_iter()
                .enumerate()
                .map(|(t, (query, expect))| Case {
                    query,
                    expect,
                    kind: if t == 0 { "opening" } else { "follow-up" }.to_string(),
                })
                .collect(),
        })
        .collect();
    Ok(Set {
        cases: file.case,
        conversations,
    })
}

/// What a case expects that is no passage id of the knowledge nor a quote
/// of one passage's text.
#[derive(Debug, thiserror::Error)]
#[error("{query:?} expects {expect:?}, which is no passage id and no passage's text holds")]
pub struct Unresolved {
    pub query: String,
    pub expect: String,
}

/// Text as a reader compares it: words only, one space apart, markup and
/// quotes' punctuation aside. A quote copied from a page's source keeps its
/// links (`[text](url)`), tags and entities; the passage has only the text.
fn squash(text: &str) -> String {
    static LINK: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"\[([^\]]*)\]\([^)]*\)").ok());
    static TAG: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"</?[A-Za-z][^>]*>").ok());
    let mut text = text.to_string();
    if let Some(link) = LINK.as_ref() {
        text = link.replace_all(&text, "$1").into_owned();
    }
    if let Some(tag) = TAG.as_ref() {
        text = tag.replace_all(&text, "").into_owned();
    }
    let text = text
        .replace("&nbsp;", " ")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    text.replace(['*', '_', '`', '[', ']'], "")
        .replace('\u{a0}', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Replaces each quote a case expects by the id of the passage whose text
/// (with its name) holds it; ids stay as they are.
pub fn resolve(knowledge: &Knowledge, cases: &mut [Case]) -> Result<(), Unresolved> {
    let texts: Vec<(PassageId, String)> = knowledge
        .passages()
        .iter()
        .map(|p| {
            let named = match &p.name {
                Some(name) => format!("{name} {}", p.text),
                None => p.text.clone(),
            };
            (p.id, squash(&named))
        })
        .collect();
    for case in cases.iter_mut() {
        for expect in case.expect.iter_mut() {
            let is_id = expect
                .parse::<PassageId>()
                .is_ok_and(|id| knowledge.get(id).is_some());
            if is_id {
                continue;
            }
            let quote = squash(expect);
            let Some((id, _)) = texts
                .iter()
                .find(|(_, text)| !quote.is_empty() && text.contains(&quote))
            else {
                return Err(Unresolved {
                    query: case.query.clone(),
                    expect: expect.clone(),
                });
            };
            *expect = id.to_string();
        }
    }
    Ok(())
}

/// One question and the passages that answer it (none: off-topic).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub query: String,
    pub expect: Vec<String>,
    pub kind: String,
}

/// Loads a relevance set of single questions.
pub fn load_cases(path: &Path) -> Result<Vec<Case>, Diagnostic> {
    Ok(load_set(path)?.cases)
}

/// What the engine answered for one case.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub case: Case,
    /// Rank (1-based) of the first acceptable hit; for off-topic cases, 1 when
    /// the engine abstained.
    pub rank: Option<usize>,
    /// The top hits: id and matched terms.
    pub top: Vec<TopHit>,
    /// When nothing answered: the passage the question came closest to.
    pub closest: Option<TopHit>,
}

impl Outcome {
    pub fn hit_at(&self, k: usize) -> bool {
        self.rank.is_some_and(|r| r <= k)
    }

    pub fn reciprocal_rank(&self) -> f64 {
        self.rank.map_or(0.0, |r| 1.0 / r as f64)
    }
}

/// One of a case's top hits, with why it matched.
#[derive(Debug, Clone)]
pub struct TopHit {
    pub id: PassageId,
    pub score: f32,
    pub coverage: f32,
    pub evidence: Evidence,
    pub matched_terms: Vec<String>,
    pub source: Source,
}

impl From<Hit> for TopHit {
    fn from(h: Hit) -> Self {
        TopHit {
            id: h.id,
            score: h.score,
            coverage: h.coverage,
            evidence: h.evidence,
            matched_terms: h.matched_terms,
            source: h.source,
        }
    }
}

/// Averages over a group of outcomes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    pub cases: usize,
    pub hit1: f64,
    pub hit3: f64,
    pub mrr: f64,
    /// Share of the cases that have an answer which got one (whether right
    /// or not); `None` when the group has no such case.
    pub answered: Option<f64>,
    /// Share of the cases that should get "nothing relevant" which did.
    pub abstained: Option<f64>,
}

impl Scores {
    pub fn of<'a>(outcomes: impl IntoIterator<Item = &'a Outcome>) -> Self {
        let (mut n, mut h1, mut h3, mut rr) = (0usize, 0.0, 0.0, 0.0);
        let (mut answerable, mut answered, mut off, mut abstained) =
            (0usize, 0usize, 0usize, 0usize);
        for o in outcomes {
            n += 1;
            h1 += f64::from(u8::from(o.hit_at(1)));
            h3 += f64::from(u8::from(o.hit_at(3)));
            rr += o.reciprocal_rank();
            if o.case.expect.is_empty() {
                off += 1;
                abstained += usize::from(o.top.is_empty());
            } else {
                answerable += 1;
                answered += usize::from(!o.top.is_empty());
            }
        }
        let d = n.max(1) as f64;
        let share = |part: usize, of: usize| (of > 0).then(|| part as f64 / of as f64);
        Scores {
            cases: n,
            hit1: h1 / d,
            hit3: h3 / d,
            mrr: rr / d,
            answered: share(answered, answerable),
            abstained: share(abstained, off),
        }
    }
}

/// Runs every case through the engine's search.
pub fn run(engine: &Engine, cases: &[Case]) -> Result<Vec<Outcome>, SearchError> {
    cases
        .iter()
        .map(|case| outcome(engine, case, None))
        .collect()
}

/// Runs each conversation's turns in order, each read against what the
/// turns before it were answered with, as one member in one channel.
pub fn run_conversations(
    engine: &Engine,
    conversations: &[Conversation],
) -> Result<Vec<Outcome>, SearchError> {
    let mut outcomes = Vec::new();
    for conversation in conversations {
        let mut talk = crate::conversation::Conversation::new();
        for turn in &conversation.turns {
            let context = talk.context().cloned();
            let outcome = outcome(engine, turn, context.as_ref())?;
            if let Some(lead) = outcome.top.first() {
                talk.remember_lead(lead.id);
            }
            outcomes.push(outcome);
        }
    }
    Ok(outcomes)
}

/// One case asked of the engine, in a conversation when `context` is set.
fn outcome(
    engine: &Engine,
    case: &Case,
    context: Option<&Context>,
) -> Result<Outcome, SearchError> {
    let found = engine.find_in(&case.query, DEPTH, context)?;
    let hits = found.hits;
    let rank = if case.expect.is_empty() {
        hits.is_empty().then_some(1)
    } else {
        hits.iter()
            .position(|h| case.expect.iter().any(|e| *e == h.id.to_string()))
            .map(|p| p + 1)
    };
    Ok(Outcome {
        case: case.clone(),
        rank,
        top: hits.into_iter().take(3).map(TopHit::from).collect(),
        closest: found.closest.into_iter().next().map(TopHit::from),
    })
}

/// Scores per kind, in name order.
pub fn by_kind(outcomes: &[Outcome]) -> BTreeMap<String, Scores> {
    let mut kinds: BTreeMap<String, Vec<&Outcome>> = BTreeMap::new();
    for o in outcomes {
        kinds.entry(o.case.kind.clone()).or_default().push(o);
    }
    kinds
        .into_iter()
        .map(|(kind, os)| (kind, Scores::of(os)))
        .collect()
}

/// The report `missionbot eval` prints.
pub fn report(outcomes: &[Outcome], explain: bool) -> String {
    let mut out = String::new();
    if explain {
        for o in outcomes {
            let mark = if o.hit_at(1) { "ok " } else { "MISS" };
            out.push_str(&format!(
                "{mark} [{}] {:?} expect {:?}\n",
                o.case.kind, o.case.query, o.case.expect
            ));
            if o.top.is_empty() {
                out.push_str("     (nothing relevant)\n");
            }
            let closest = o.closest.iter().map(|hit| (hit, "closest "));
            for (hit, label) in o.top.iter().map(|hit| (hit, "")).chain(closest) {
                if hit.evidence.reference {
                    out.push_str(&format!(
                        "     {:<12} asked for by name\n",
                        hit.id.to_string()
                    ));
                    continue;
                }
                let meaning = hit
                    .evidence
                    .semantic
                    .map(|s| format!(" meaning {s:+.3} ({})", hit.source.name()))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "     {label}{:<12} score {:6.3} evidence {:4.2} foreign {:.1}{meaning}  words: {}  matched: {}\n",
                    hit.id.to_string(),
                    hit.score,
                    hit.evidence.weight,
                    hit.evidence.foreign,
                    hit.evidence.words.join(" "),
                    hit.matched_terms.join(" ")
                ));
            }
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "{:<16} {:>5} {:>6} {:>6} {:>6} {:>8} {:>9}\n",
        "kind", "cases", "hit@1", "hit@3", "MRR", "answered", "abstained"
    ));
    let share = |s: Option<f64>| s.map_or_else(|| "-".to_string(), |s| format!("{s:.3}"));
    let line = |name: &str, s: Scores| {
        format!(
            "{name:<16} {:>5} {:>6.3} {:>6.3} {:>6.3} {:>8} {:>9}\n",
            s.cases,
            s.hit1,
            s.hit3,
            s.mrr,
            share(s.answered),
            share(s.abstained)
        )
    };
    for (kind, scores) in by_kind(outcomes) {
        out.push_str(&line(&kind, scores));
    }
    out.push_str(&line("overall", Scores::of(outcomes)));
    let non_english: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.case.kind != "english")
        .collect();
    if non_english.len() != outcomes.len() {
        out.push_str(&line("overall-no-en", Scores::of(non_english)));
    }
    out
}
