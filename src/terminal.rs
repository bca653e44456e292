//! Text on its way to a terminal: what members wrote (a question, a gap)
//! and what the knowledge holds may carry control characters, and a
//! terminal obeys them (an escape sequence clears the screen, retitles the
//! window, plants a link; a bidi override reorders what is shown). Every
//! line the console and the command line print for people passes through
//! [`safe`] once, which shows such characters escaped instead.

use std::borrow::Cow;

/// Whether a terminal could act on `c` rather than show it: the C0
/// controls but a line break and a tab, DEL, the C1 controls, and the
/// Unicode controls that reorder text.
pub fn is_control(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        | '\u{061c}')
}

/// `text` with every control character shown as its escape (`\u{1b}`).
pub fn safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if is_control(c) {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_a_terminal_would_obey_and_nothing_else() {
        assert_eq!(safe("Bod 7: ľudia\na\tb"), "Bod 7: ľudia\na\tb");
        assert_eq!(
            safe("\u{1b}]0;PWNED\u{7}\u{1b}[2J"),
            "\\u{1b}]0;PWNED\\u{7}\\u{1b}[2J"
        );
        assert_eq!(safe("a\u{202e}b\u{9b}c"), "a\\u{202e}b\\u{9b}c");
        assert!(!safe("\u{1b}\u{7}\u{9b}\u{202e}").chars().any(is_control));
    }
}
