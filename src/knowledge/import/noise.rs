//! Telling web noise from content by rules that hold across sites, never by
//! words of one page: file names and tracking tags, blocks that are mostly
//! links, a table of contents (lines that repeat headings further down),
//! text repeated on the page, a copyright line and what follows it, and
//! short lines without a sentence left at the end. (What the page's
//! structure says — `<nav>`, `<header>`, `<footer>`, forms — the HTML reader
//! applies; a menu copied as text, the text reader.)

use std::collections::HashMap;

#[cfg(test)]
use super::block::Block;
use super::block::{Kind, Noise, Read, Reason, ends_sentence, squash, words};

/// Web noise: tracking tags and image or file names, never prose.
pub fn is_noise(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    let lone_tag = words.len() == 1
        && words[0].len() <= 12
        && words[0]
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    let file_name = |w: &str| {
        let lower = w.to_ascii_lowercase();
        // `IOMiom02`, `sousede2023`: three letters or more, a lower-case
        // one among them, then digits to the end (an image's name);
        // `CZ50…`, `t94cfya`, `ISO26000` are codes, not names.
        let letters = w.chars().take_while(|c| c.is_alphabetic()).count();
        let rest = &w[w.char_indices().nth(letters).map_or(w.len(), |(i, _)| i)..];
        let glued_digits = letters >= 3
            && w.chars().take(letters).any(char::is_lowercase)
            && rest.len() >= 2
            && rest.chars().all(|c| c.is_ascii_digit());
        glued_digits
            || [".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg"]
                .iter()
                .any(|ext| lower.ends_with(ext))
    };
    lone_tag || (words.len() <= 5 && words.iter().any(|w| file_name(w)))
}

/// Text as compared for repetition: case and spacing aside.
fn key(text: &str) -> String {
    squash(text).to_lowercase()
}

/// Removes the noise from `read.blocks`, recording each noisy block's
/// lines in `read.left` with its rule.
pub fn clean(read: &mut Read) {
    let blocks = std::mem::take(&mut read.blocks);
    let mut verdict: Vec<Option<Reason>> = vec![None; blocks.len()];

    for (i, block) in blocks.iter().enumerate() {
        let short = words(&block.text) <= 5;
        if block.kind != Kind::Break && short && is_noise(&block.text) {
            verdict[i] = Some(Reason::Noise(Noise::FileName));
        } else if block.links >= 0.6 && words(&block.text) <= 15 {
            verdict[i] = Some(Reason::Noise(Noise::Links));
        }
    }

    // A copyright line ends the document: it and all after it are the
    // page's footer, with the short lines just before it.
    if let Some(at) = blocks
        .iter()
        .position(|b| super::text::is_copyright(&b.text))
    {
        let mut from = at;
        while from > 0 {
            let before = &blocks[from - 1];
            if before.kind == Kind::Paragraph
                && words(&before.text) <= 4
                && !ends_sentence(&before.text)
            {
                from -= 1;
            } else {
                break;
            }
        }
        for v in verdict.iter_mut().skip(from) {
            *v = Some(Reason::Noise(Noise::Copyright));
        }
    }

    // A table of contents: a heading (or a short line) with no content
    // under it whose text is a heading further down.
    let mut later_headings: HashMap<String, usize> = HashMap::new();
    for (i, block) in blocks.iter().enumerate() {
        if block.is_heading() {
            later_headings.insert(key(&block.text), i);
        }
    }
    for (i, block) in blocks.iter().enumerate() {
        if verdict[i].is_some() || !(block.is_heading() || block.kind == Kind::Paragraph) {
            continue;
        }
        let Some(&last) = later_headings.get(&key(&block.text)) else {
            continue;
        };
        let next_is_heading = blocks[i + 1..]
            .iter()
            .zip(&verdict[i + 1..])
            .find(|(_, v)| v.is_none())
            .is_none_or(|(b, _)| b.is_heading());
        if last > i + 1 && next_is_heading {
            verdict[i] = Some(Reason::Noise(Noise::TableOfContents));
        }
    }

    // Text repeated on the page: the first stays.
    let mut first_seen: HashMap<String, usize> = HashMap::new();
    for (i, block) in blocks.iter().enumerate() {
        if verdict[i].is_some() || block.kind == Kind::Break {
            continue;
        }
        let k = key(&block.text);
        if words(&k) < 2 && !block.is_heading() {
            continue;
        }
        match first_seen.get(&k) {
            Some(&line) => verdict[i] = Some(Reason::Duplicate(line)),
            None => {
                first_seen.insert(k, block.first);
            }
        }
    }

    // Short lines without a sentence at the very end belong to nothing.
    for i in (0..blocks.len()).rev() {
        if verdict[i].is_some() {
            continue;
        }
        let b = &blocks[i];
        if b.kind == Kind::Paragraph
            && words(&b.text) <= 4
            && !ends_sentence(&b.text)
            && !b.text.contains('\n')
            && !super::text::has_data(&b.text)
        {
            verdict[i] = Some(Reason::Noise(Noise::NoSentence));
        } else {
            break;
        }
    }

    for (block, verdict) in blocks.into_iter().zip(verdict) {
        match verdict {
            Some(reason) => read.leave_range(block.first, block.last, reason),
            None => read.blocks.push(block),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_is_recognized() {
        for noise in [
            "fbpx",
            "Poslanie IOMiom02",
            "img_2041.jpg",
            "gtag",
            "Foto sousede2023",
        ] {
            assert!(is_noise(noise), "{noise}");
        }
        for content in [
            "Stratégia IOM",
            "Poslanie",
            "IOM",
            "Ciele na roky 2020 až 2025 sú tieto.",
            "Datová schránka: t94cfya",
            "IBAN: CZ5020100000002600260438",
            "podporovať sociálny a ekonomický rozvoj regiónu,",
        ] {
            assert!(!is_noise(content), "{content}");
        }
    }

    fn block(kind: Kind, text: &str, line: usize) -> Block {
        Block::new(kind, text, line, line)
    }

    #[test]
    fn tables_of_contents_repeats_and_footers_go() {
        let h = Kind::Heading { level: 2 };
        let mut read = Read {
            blocks: Vec::new(),
            ..Read::default()
        };
        read.blocks.extend([
            block(h, "I. Name", 1),
            block(h, "II. Purpose", 2),
            block(h, "I. Name", 3),
            block(Kind::Paragraph, "The association is a legal person.", 4),
            block(h, "II. Purpose", 5),
            block(Kind::Paragraph, "The association is a legal person.", 6),
            block(Kind::Paragraph, "Previous Next", 7),
            block(Kind::Paragraph, "© Copyright 2025, Org.", 8),
            block(Kind::Paragraph, "Built with a generator.", 9),
        ]);
        clean(&mut read);
        let kept: Vec<usize> = read.blocks.iter().map(|b| b.first).collect();
        assert_eq!(kept, [3, 4, 5]);
        assert!(
            read.left
                .contains(&(1, Reason::Noise(Noise::TableOfContents)))
        );
        assert!(read.left.contains(&(6, Reason::Duplicate(4))));
        assert!(read.left.contains(&(7, Reason::Noise(Noise::Copyright))));
        assert!(read.left.contains(&(9, Reason::Noise(Noise::Copyright))));
    }
}
