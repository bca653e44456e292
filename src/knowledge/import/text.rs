//! Reading plain text (a document typed as text, or a web page copied from a
//! browser) into blocks. Its structure is in its lines: blank lines part
//! paragraphs; bullets and numbers (`1`, `1.`, `1)`, `(1)`, `1.1.`, Roman
//! `IV.`) start items, on the same line or alone on the line before;
//! headings are lines in capitals, Roman-numbered lines, and short lines
//! without a sentence followed by content. A copy of a page loses its
//! markers, so lines that end like sentences one under another are a list,
//! and lines after a sentence ending in a colon are the items it announces.
//! Short lines without sentences in a row are a menu, unless they hold data
//! (numbers, addresses, e-mails): then they are one block, as on the page.

use std::collections::HashMap;

use super::block::{Block, Kind, Noise, Read, Reason, ends_sentence, is_glyph, squash, words};

/// One input line as the structure sees it.
#[derive(Debug, Clone, PartialEq)]
enum Line {
    Blank,
    Bullet(u8, String),
    Numbered(u32, String),
    /// A number alone: the number of the paragraph that follows.
    Number(u32),
    /// A Roman-numbered heading: `IV. Členství`.
    Roman(String),
    Text(String),
}

const BULLETS: [char; 11] = ['•', '·', '▪', '‣', '◦', '●', '*', '-', '–', '—', '○'];

fn roman(text: &str) -> Option<u32> {
    if text.is_empty() || !text.chars().all(|c| "IVXLC".contains(c)) {
        return None;
    }
    let value = |c| match c {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        'L' => 50,
        _ => 100,
    };
    let digits: Vec<u32> = text.chars().map(value).collect();
    let mut total = 0;
    for (i, d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|next| next > d) {
            total -= *d as i64;
        } else {
            total += *d as i64;
        }
    }
    u32::try_from(total).ok().filter(|n| *n > 0)
}

/// A list number at the start of `text`: the number (its last component)
/// and the rest of the line; `None` when `text` does not open with one.
pub fn number_prefix(text: &str) -> Option<(u32, &str)> {
    let text = text.trim_start();
    let (inner, bracketed) = match text.strip_prefix('(') {
        Some(rest) => (rest, true),
        None => (text, false),
    };
    let end = inner
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(inner.len());
    let numeral = &inner[..end];
    let mut rest = &inner[end..];
    let parts: Vec<&str> = numeral.split('.').filter(|p| !p.is_empty()).collect();
    if parts.is_empty() || parts.iter().any(|p| p.len() > 3) {
        return None;
    }
    if bracketed {
        rest = rest.strip_prefix(')')?;
    } else if let Some(r) = rest.strip_prefix(')') {
        rest = r;
    } else if !numeral.ends_with('.') && parts.len() == 1 {
        // `1 Text` (no dot): only before a capital, not `2024 was…`.
        let next = rest.trim_start().chars().next();
        if !(rest.starts_with(' ') && next.is_some_and(char::is_uppercase)) || numeral.len() > 2 {
            if rest.is_empty() {
                return parts.last()?.parse().ok().map(|n| (n, ""));
            }
            return None;
        }
    }
    if numeral.contains('.') && !numeral.ends_with('.') && parts.len() > 1 {
        // `2.5 km`, `23.1.2024`: a number, not a list's.
        if !rest.is_empty() {
            return None;
        }
    }
    // A date or an amount such as "23. 1. 2024" is not a list.
    let number: u32 = parts.last()?.parse().ok()?;
    Some((number, rest.trim()))
}

fn classify(raw: &str) -> Line {
    let cleaned: String = raw.chars().filter(|c| !is_glyph(*c)).collect();
    let raw = cleaned.as_str();
    let line = raw.trim();
    if line.is_empty() {
        return Line::Blank;
    }
    let indent = raw.len() - raw.trim_start().len();
    if let Some(rest) = line.strip_prefix(BULLETS)
        && rest.starts_with(char::is_whitespace)
        && !rest.trim().is_empty()
    {
        let depth = u8::from(indent >= 4);
        return Line::Bullet(depth, rest.trim().to_string());
    }
    if let Some((head, rest)) = line
        .split_once(". ")
        .or_else(|| line.strip_suffix('.').map(|h| (h, "")))
        && roman(head).is_some()
    {
        return if rest.trim().is_empty() {
            Line::Number(roman(head).unwrap_or(1))
        } else {
            Line::Roman(line.to_string())
        };
    }
    if let Some((number, rest)) = number_prefix(line) {
        if rest.is_empty() {
            return Line::Number(number);
        }
        if !rest.starts_with(|c: char| c.is_ascii_digit()) {
            return Line::Numbered(number, rest.to_string());
        }
    }
    Line::Text(line.to_string())
}

/// Holds data a reader may look for: an e-mail, a web address, a number of
/// three digits or more, a `key: value`.
pub fn has_data(text: &str) -> bool {
    text.contains('@')
        || text.contains("://")
        || text.chars().filter(char::is_ascii_digit).count() >= 3
        || text
            .split_once(": ")
            .is_some_and(|(k, v)| words(k) <= 4 && !v.trim().is_empty())
}

/// Short, and no sentence: a heading's shape (a title in capitals may be
/// longer), unless it holds data.
fn is_short(text: &str) -> bool {
    let n = words(text);
    !ends_sentence(text) && !has_data(text) && (n <= 8 || (n <= 14 && title_case(text)))
}

/// A short question: a heading ("Aké projekty organizujeme?").
fn is_question(text: &str) -> bool {
    text.ends_with('?') && words(text) <= 6
}

/// Most words capitalized: "If You Witness or Are Subject to It".
fn title_case(text: &str) -> bool {
    let all: Vec<&str> = text.split_whitespace().collect();
    let capital = all
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    capital * 3 >= all.len() * 2
}

/// Reads a plain-text document.
pub fn read(input: &str) -> Read {
    let mut read = Read::new(input);
    let lines: Vec<Line> = input.lines().map(classify).collect();
    // Chunks: runs of non-blank lines, with their first line index.
    let mut chunks: Vec<(usize, Vec<Line>)> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        if *line == Line::Blank {
            read.leave(index + 1, Reason::Empty);
            continue;
        }
        match chunks.last_mut() {
            Some((start, run)) if *start + run.len() == index => run.push(line.clone()),
            _ => chunks.push((index, vec![line.clone()])),
        }
    }
    // A short line repeated through the document labels what follows it
    // ("Poznámka", "Note"), it names no part.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (_, run) in &chunks {
        if let [Line::Text(t)] = run.as_slice()
            && is_short(t)
        {
            *seen.entry(t.clone()).or_default() += 1;
        }
    }
    let is_label = |t: &str| seen.get(t).is_some_and(|n| *n >= 3);

    let mut out = Reader {
        blocks: Vec::new(),
        left: Vec::new(),
    };
    // A copyright line ends the document: it, what follows it and the lone
    // short lines just before it are the page's footer.
    if let Some(at) = chunks.iter().position(|(_, run)| match run.first() {
        Some(Line::Text(t)) => is_copyright(t),
        _ => false,
    }) {
        let mut from = at;
        while from > 0 && lone_short(&chunks[from - 1].1).is_some() {
            from -= 1;
        }
        for (start, run) in chunks.drain(from..) {
            for k in 0..run.len() {
                out.left
                    .push((start + k + 1, Reason::Noise(Noise::Copyright)));
            }
        }
    }
    let mut index = 0;
    while index < chunks.len() {
        let (start, run) = &chunks[index];
        let next = chunks.get(index + 1).map(|(_, r)| r.as_slice());
        let line_no = start + 1;
        if is_menu_chunk(run) {
            for k in 0..run.len() {
                out.left.push((line_no + k, Reason::Noise(Noise::Menu)));
            }
            index += 1;
            continue;
        }
        if let Some(taken) = out.card(&chunks[index..]) {
            index += taken;
            continue;
        }
        if let [head @ .., Line::Number(n)] = run.as_slice()
            && !head.is_empty()
            && next.is_some_and(starts_with_text)
        {
            // A heading and the number of the paragraph under it.
            out.chunk(*start, head, None);
            let n = *n;
            index =
                out.numbered_paragraph(n, start + head.len() + 1, &chunks, index + 1, &is_label);
            continue;
        }
        match run.as_slice() {
            [Line::Text(t)] if is_label(t) => out.left.push((line_no, Reason::Label)),
            [Line::Number(n)] if next.is_some_and(starts_with_text) => {
                // A paragraph number alone: the paragraph and all that
                // belongs to it, to the next number or heading.
                index = out.numbered_paragraph(*n, line_no, &chunks, index + 1, &is_label);
                continue;
            }
            _ => out.chunk(*start, run, next),
        }
        index += 1;
    }
    // A page copied as text repeats its title (menu, breadcrumb, heading):
    // the short line seen most often, three times or more.
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for (index, line) in lines.iter().enumerate() {
        if let Line::Text(t) = line
            && words(t) <= 8
            && !t.ends_with([':', ',', ';', '!', '?'])
            && !is_label(t)
        {
            counts.entry(t.as_str()).or_insert((0, index + 1)).0 += 1;
        }
    }
    let mut repeated: Vec<(&str, (usize, usize))> =
        counts.into_iter().filter(|(_, (n, _))| *n >= 3).collect();
    repeated.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.1.1.cmp(&b.1.1)));
    read.title = repeated.first().map(|(t, _)| t.to_string());
    // A line repeating a line of a menu is the menu's again.
    let menu: HashMap<String, usize> = out
        .left
        .iter()
        .filter(|(_, r)| *r == Reason::Noise(Noise::Menu))
        .filter_map(|(line, _)| match &lines[line - 1] {
            Line::Text(t) => Some((t.clone(), *line)),
            _ => None,
        })
        .collect();
    let mut blocks = Vec::new();
    for block in out.blocks {
        match menu.get(&block.text) {
            Some(&line) if block.first == block.last => {
                out.left.push((block.first, Reason::Duplicate(line)));
            }
            _ => blocks.push(block),
        }
    }
    read.blocks = blocks;
    read.left.extend(out.left);
    read
}

/// Three or more lines, none a sentence, most short and without data: a
/// menu copied with the page.
fn is_menu_chunk(run: &[Line]) -> bool {
    let texts: Vec<&str> = run
        .iter()
        .map(|l| match l {
            Line::Text(t) | Line::Roman(t) | Line::Bullet(_, t) | Line::Numbered(_, t) => {
                t.as_str()
            }
            _ => "",
        })
        .collect();
    let short = texts.iter().filter(|t| words(t) <= 5).count();
    let data = texts.iter().filter(|t| has_data(t)).count();
    let sentences = texts
        .iter()
        .filter(|t| words(t) >= 4 && t.ends_with(['.', '!', '?', ':', ';']))
        .count();
    texts.len() >= 3 && sentences == 0 && short * 3 >= texts.len() * 2 && data * 2 < texts.len()
}

/// A lone short line, no sentence.
fn lone_short(run: &[Line]) -> Option<&str> {
    match run {
        [Line::Text(t)] if words(t) <= 6 && !ends_sentence(t) => Some(t.as_str()),
        _ => None,
    }
}

/// A copyright notice.
pub fn is_copyright(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with('©')
        || t.starts_with("(c) ")
        || t.starts_with("(C) ")
        || (t.starts_with("Copyright") && t.chars().any(|c| c.is_ascii_digit()))
}

/// Closes a card: an e-mail, a web address, a phone number.
fn is_contact(text: &str) -> bool {
    text.contains('@')
        || text.contains("://")
        || text.chars().filter(char::is_ascii_digit).count() >= 6
}

fn starts_with_text(run: &[Line]) -> bool {
    matches!(run.first(), Some(Line::Text(_)))
}

struct Reader {
    blocks: Vec<Block>,
    left: Vec<(usize, Reason)>,
}

impl Reader {
    /// Lone short lines one after another, each between blank lines (a
    /// name, a role, an e-mail): one card, closed by its contact. Returns
    /// how many chunks it took.
    fn card(&mut self, chunks: &[(usize, Vec<Line>)]) -> Option<usize> {
        let first = lone_short(&chunks.first()?.1)?;
        if is_contact(first) {
            return None;
        }
        let second = match chunks.get(1).map(|(_, r)| r.as_slice()) {
            Some([Line::Text(t)]) if words(t) <= 6 && !t.ends_with('.') => t,
            _ => return None,
        };
        let _ = second;
        let mut lines: Vec<&str> = Vec::new();
        let mut taken = 0;
        for (_, run) in chunks {
            let Some(t) = (match run.as_slice() {
                [Line::Text(t)] if words(t) <= 6 && !t.ends_with('.') => Some(t.as_str()),
                _ => None,
            }) else {
                break;
            };
            lines.push(t);
            taken += 1;
            if is_contact(t) {
                break;
            }
        }
        if taken < 2 || !lines.iter().any(|l| is_contact(l)) {
            return None;
        }
        let first_line = chunks[0].0 + 1;
        let last_line = chunks[taken - 1].0 + 1;
        self.blocks.push(Block::new(
            Kind::Paragraph,
            lines.join("\n"),
            first_line,
            last_line,
        ));
        Some(taken)
    }

    fn push(&mut self, kind: Kind, text: &str, first: usize, last: usize) {
        self.blocks
            .push(Block::new(kind, squash(text), first, last));
    }

    /// One chunk of consecutive lines; `next` is the chunk after it.
    fn chunk(&mut self, start: usize, run: &[Line], next: Option<&[Line]>) {
        let mut i = 0;
        while i < run.len() {
            let line_no = start + i + 1;
            match &run[i] {
                Line::Roman(t) => self.push(Kind::Heading { level: 2 }, t, line_no, line_no),
                Line::Number(_) => self.left.push((line_no, Reason::Noise(Noise::BareNumber))),
                Line::Bullet(depth, t) => {
                    self.push(
                        Kind::Item {
                            depth: *depth,
                            number: None,
                        },
                        t,
                        line_no,
                        line_no,
                    );
                }
                Line::Numbered(n, t) => {
                    self.push(
                        Kind::Item {
                            depth: 0,
                            number: Some(*n),
                        },
                        t,
                        line_no,
                        line_no,
                    );
                }
                Line::Text(t) => {
                    let rest = &run[i + 1..];
                    let texts: Vec<&str> = rest
                        .iter()
                        .map_while(|l| match l {
                            Line::Text(t) => Some(t.as_str()),
                            _ => None,
                        })
                        .collect();
                    if is_caps_heading(t) {
                        self.push(Kind::Heading { level: 2 }, t, line_no, line_no);
                    } else if is_short(t) && rest.is_empty() {
                        // A line alone: a heading if content follows, or
                        // under a heading of its own chunk.
                        let under_heading = i > 0
                            && self
                                .blocks
                                .last()
                                .is_some_and(|b| b.is_heading() && b.last == line_no - 1);
                        let heading = next.is_some_and(|n| match n.first() {
                            Some(Line::Text(f)) => under_heading || !(n.len() == 1 && is_short(f)),
                            Some(Line::Blank) | None => false,
                            Some(_) => true,
                        });
                        let kind = if heading {
                            Kind::Heading { level: 3 }
                        } else {
                            Kind::Paragraph
                        };
                        self.push(kind, t, line_no, line_no);
                    } else if (is_short(t) || is_question(t))
                        && !texts.is_empty()
                        && !lines_block(&run[i..])
                    {
                        // A heading right above its content; above
                        // another heading, a heading of higher rank.
                        let above_heading =
                            texts.first().is_some_and(|n| is_short(n) || is_question(n));
                        let level = if above_heading { 2 } else { 3 };
                        self.push(Kind::Heading { level }, t, line_no, line_no);
                    } else if lines_block(&run[i..]) {
                        // Short lines holding data (an address): one block.
                        let count = texts.len() + 1;
                        if is_menu(&run[i..i + count]) {
                            for k in 0..count {
                                self.left.push((line_no + k, Reason::Noise(Noise::Menu)));
                            }
                        } else {
                            let joined = run[i..i + count]
                                .iter()
                                .filter_map(|l| match l {
                                    Line::Text(t) => Some(t.as_str()),
                                    _ => None,
                                })
                                .collect::<Vec<_>>()
                                .join("\n");
                            self.blocks.push(Block::new(
                                Kind::Paragraph,
                                joined,
                                line_no,
                                line_no + count - 1,
                            ));
                        }
                        i += count;
                        continue;
                    } else if !texts.is_empty() && is_list(t, &texts) {
                        // Sentences one under another: the items of a list
                        // whose markers the copy lost; a short line among
                        // them heads what follows it.
                        for (k, item) in std::iter::once(t.as_str())
                            .chain(texts.iter().copied())
                            .enumerate()
                        {
                            let heading = |t: &str| is_short(t) || is_question(t);
                            let kind = if heading(item) {
                                let above = texts.get(k).is_some_and(|n| heading(n));
                                Kind::Heading {
                                    level: if above { 2 } else { 3 },
                                }
                            } else {
                                Kind::Item {
                                    depth: 0,
                                    number: None,
                                }
                            };
                            self.push(kind, item, line_no + k, line_no + k);
                        }
                        i += texts.len() + 1;
                        continue;
                    } else {
                        // A paragraph wrapped over lines.
                        let joined = std::iter::once(t.as_str())
                            .chain(texts.iter().copied())
                            .collect::<Vec<_>>()
                            .join(" ");
                        self.push(Kind::Paragraph, &joined, line_no, line_no + texts.len());
                        i += texts.len() + 1;
                        continue;
                    }
                }
                Line::Blank => {}
            }
            i += 1;
        }
    }

    /// A numbered paragraph from chunk `from` on: its text, the
    /// paragraphs after it up to the next number or heading, the lines a
    /// sentence ending in a colon announces as its items. Returns the index
    /// of the first chunk not taken.
    fn numbered_paragraph(
        &mut self,
        number: u32,
        number_line: usize,
        chunks: &[(usize, Vec<Line>)],
        from: usize,
        is_label: &dyn Fn(&str) -> bool,
    ) -> usize {
        let mut text = String::new();
        let mut last = number_line;
        let mut index = from;
        let mut in_list = false;
        let mut after_label = false;
        while let Some((start, run)) = chunks.get(index) {
            let ends = match run.first() {
                Some(Line::Number(_) | Line::Roman(_)) => true,
                Some(Line::Text(t)) if is_caps_heading(t) => true,
                _ => false,
            };
            if ends {
                break;
            }
            for (k, line) in run.iter().enumerate() {
                let line_no = start + k + 1;
                let t = match line {
                    Line::Text(t) | Line::Bullet(_, t) | Line::Numbered(_, t) => t,
                    _ => continue,
                };
                if is_label(t) {
                    self.left.push((line_no, Reason::Label));
                    after_label = true;
                    last = line_no;
                    continue;
                }
                let clause =
                    t.ends_with([',', ';']) || (in_list && t.starts_with(char::is_lowercase));
                if text.is_empty() {
                    text.push_str(t);
                } else if std::mem::take(&mut after_label) {
                    // A labelled note belongs where it stands, even inside
                    // a list, which goes on after it.
                    text.push('\n');
                    text.push_str(t);
                    last = line_no;
                    continue;
                } else if in_list
                    && (clause || t.ends_with('.'))
                    && t.starts_with(char::is_lowercase)
                {
                    text.push_str("\n• ");
                    text.push_str(t);
                    // The item ending in a full stop is the list's last.
                    in_list = !t.ends_with('.');
                } else {
                    in_list = false;
                    text.push_str("\n\n");
                    text.push_str(t);
                }
                if t.ends_with(':') {
                    in_list = true;
                }
                last = line_no;
            }
            index += 1;
        }
        if !text.is_empty() {
            let mut block = Block::new(
                Kind::Item {
                    depth: 0,
                    number: Some(number),
                },
                "",
                number_line,
                last,
            );
            block.text = text
                .split("\n\n")
                .map(|p| p.lines().map(squash).collect::<Vec<_>>().join("\n"))
                .collect::<Vec<_>>()
                .join("\n\n");
            self.blocks.push(block);
        }
        index
    }
}

/// A heading in capitals: `ZÁVĚREČNÉ USTANOVENÍ`.
fn is_caps_heading(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 4
        && !has_data(text)
        && letters.iter().all(|c| !c.is_lowercase())
        && words(text) <= 12
        && !text.ends_with(['.', ','])
}

/// Consecutive short lines, each without a sentence: a block of data or a
/// menu (two or more lines).
fn lines_block(run: &[Line]) -> bool {
    let texts: Vec<&str> = run
        .iter()
        .map_while(|l| match l {
            Line::Text(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    texts.len() >= 2
        && texts
            .iter()
            .all(|t| words(t) <= 8 && !(t.ends_with('.') && words(t) > 3))
        && texts.iter().filter(|t| !ends_sentence(t)).count() * 3 >= texts.len() * 2
        && (texts.len() >= 3 || texts.iter().any(|t| has_data(t)))
}

/// Short lines in a row, most of them holding no data: a menu.
fn is_menu(run: &[Line]) -> bool {
    let texts: Vec<&str> = run
        .iter()
        .filter_map(|l| match l {
            Line::Text(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    texts.len() >= 3 && texts.iter().filter(|t| has_data(t)).count() * 2 < texts.len()
}

/// Sentences one under another: most lines end like sentences.
fn is_list(first: &str, rest: &[&str]) -> bool {
    let all: Vec<&str> = std::iter::once(first).chain(rest.iter().copied()).collect();
    all.iter().filter(|t| ends_sentence(t)).count() * 3 >= all.len() * 2
        && all.iter().all(|t| words(t) >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_every_form() {
        assert_eq!(number_prefix("1. First"), Some((1, "First")));
        assert_eq!(number_prefix("1.First"), Some((1, "First")));
        assert_eq!(number_prefix("2) Second"), Some((2, "Second")));
        assert_eq!(number_prefix("(3) Third"), Some((3, "Third")));
        assert_eq!(number_prefix("5.3. Fifth"), Some((3, "Fifth")));
        assert_eq!(number_prefix("4 Four"), Some((4, "Four")));
        assert_eq!(number_prefix("1.1."), Some((1, "")));
        assert_eq!(number_prefix("2024 was a year"), None);
        assert_eq!(classify("IV. Členství"), Line::Roman("IV. Členství".into()));
        assert_eq!(classify("XII."), Line::Number(12));
        assert_eq!(classify(" • aim,"), Line::Bullet(0, "aim,".into()));
    }

    #[test]
    fn a_number_alone_numbers_the_paragraph_after_it() {
        let doc = read(
            "I. Název\n1.1.\n\nSpolek je spolek.\n\nPoznámka\n\nJen poznámka.\n\n1.2.\n\nMá právo:\n\nvolit,\n\nbýt volen.\n\nPoznámka\n\nx.\n\nPoznámka\n\ny.\n",
        );
        let texts: Vec<(Kind, &str)> = doc
            .blocks
            .iter()
            .map(|b| (b.kind, b.text.as_str()))
            .collect();
        assert_eq!(
            texts,
            [
                (Kind::Heading { level: 2 }, "I. Název"),
                (
                    Kind::Item {
                        depth: 0,
                        number: Some(1)
                    },
                    "Spolek je spolek.\nJen poznámka."
                ),
                (
                    Kind::Item {
                        depth: 0,
                        number: Some(2)
                    },
                    "Má právo:\n• volit,\n• být volen.\nx.\ny."
                ),
            ]
        );
    }

    #[test]
    fn headings_lists_menus_and_addresses() {
        let doc = read(
            "Blog\nNávody\nProjekty\n\nExpected Behavior\nBe kind to others.\nUse inclusive language.\n\nAddress\n\nPyvec, z.s.\nKorunní 2569/108\n101 00 Prague 10\n",
        );
        let texts: Vec<(Kind, &str)> = doc
            .blocks
            .iter()
            .map(|b| (b.kind, b.text.as_str()))
            .collect();
        assert_eq!(
            texts,
            [
                (Kind::Heading { level: 3 }, "Expected Behavior"),
                (
                    Kind::Item {
                        depth: 0,
                        number: None
                    },
                    "Be kind to others."
                ),
                (
                    Kind::Item {
                        depth: 0,
                        number: None
                    },
                    "Use inclusive language."
                ),
                (Kind::Heading { level: 3 }, "Address"),
                (
                    Kind::Paragraph,
                    "Pyvec, z.s.\nKorunní 2569/108\n101 00 Prague 10"
                ),
            ]
        );
        assert!(doc.left.contains(&(1, Reason::Noise(Noise::Menu))));
    }
}
