//! Errors that point at a place in a file, so `missionbot check` can say "file:line: what".

use std::fmt;
use std::path::{Path, PathBuf};

/// An error and its sources as one line ("a: b: c"), each said once: a
/// source whose message the one before it already ends with (libraries
/// that repeat their source in their own message) is not said again.
pub fn chain(error: &dyn std::error::Error) -> String {
    let mut parts: Vec<String> = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !parts.last().is_some_and(|last| last.ends_with(&text)) {
            parts.push(text);
        }
        source = cause.source();
    }
    parts.join(": ")
}

/// One problem found in a file the user edits by hand (config or knowledge).
///
/// Line and column are 1-based, as editors show them; they are absent when the
/// problem is about the file as a whole (it is missing, or not UTF-8 at all).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl Diagnostic {
    /// A problem with the whole file.
    pub fn file(path: &Path, message: impl Into<String>) -> Self {
        Self {
            path: path.to_path_buf(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// A problem at a byte offset of the file's text.
    pub fn at(path: &Path, text: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, column) = line_column(text, offset);
        Self {
            path: path.to_path_buf(),
            line: Some(line),
            column: Some(column),
            message: message.into(),
        }
    }

    /// A TOML syntax or shape error, located by the span the parser reports.
    pub fn from_toml(path: &Path, text: &str, error: &toml::de::Error) -> Self {
        let message = error.message().trim().to_string();
        match error.span() {
            Some(span) => Self::at(path, text, span.start, message),
            None => Self::file(path, message),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for Diagnostic {}

/// Several problems at once: `check` reports all of them, not just the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// 1-based line and column (in characters) of a byte offset; offsets past the end
/// or inside a character are clamped to the nearest character boundary before them.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Reads a text file the user edits, turning "not UTF-8" into a located error
/// instead of a bare I/O failure, and dropping a UTF-8 byte-order mark.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let bytes =
        std::fs::read(path).map_err(|e| Diagnostic::file(path, format!("cannot read: {e}")))?;
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            Ok(text)
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]);
            Err(Diagnostic::at(
                path,
                &prefix,
                valid,
                "not valid UTF-8 (save the file as UTF-8)",
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "a = 1\nčšž = 2\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        let offset = text
            .find('=')
            .map(|_| text.rfind('=').unwrap_or(0))
            .unwrap_or(0);
        assert_eq!(line_column(text, offset), (2, 5));
        assert_eq!(line_column(text, 7), (2, 1), "inside 'č' clamps back");
        assert_eq!(line_column(text, 999), (3, 1));
    }

    #[test]
    fn read_text_locates_invalid_utf8() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("bad.toml");
        std::fs::write(&path, b"a = 1\nb = \"\xff\"\n").expect("write");
        let err = read_text(&path).expect_err("invalid UTF-8 must fail");
        assert_eq!((err.line, err.column), (Some(2), Some(6)));
        assert!(err.to_string().contains("UTF-8"), "{err}");
    }

    #[test]
    fn read_text_drops_bom() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("bom.toml");
        std::fs::write(&path, "\u{feff}a = 1\n").expect("write");
        assert_eq!(read_text(&path).expect("reads"), "a = 1\n");
    }
}
