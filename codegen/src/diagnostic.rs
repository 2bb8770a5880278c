//! Problems found in specs: what, where (file, line:column, YAML path) and how to fix it.
//!
//! Every stage before emission pushes into one [`Diagnostics`] and the pipeline
//! stops only after a whole stage has run, so an author sees every problem of a
//! broken spec set at once.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

/// Line and column (both 1-based) of a YAML node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// Where each YAML path (`actions[0].request[3].type`) starts in one file.
#[derive(Debug, Clone, Default)]
pub struct LocationIndex {
    positions: BTreeMap<String, Position>,
}

impl LocationIndex {
    /// Records where `path` starts.
    pub fn insert(&mut self, path: String, position: Position) {
        self.positions.entry(path).or_insert(position);
    }

    /// Position of `path`, or of its nearest ancestor that has one.
    pub fn find(&self, path: &str) -> Option<Position> {
        let mut candidate = path;
        loop {
            if let Some(position) = self.positions.get(candidate) {
                return Some(*position);
            }
            candidate = parent_path(candidate)?;
        }
    }
}

/// A file's [`LocationIndex`], built on first use: a clean run never needs it.
#[derive(Debug, Clone)]
pub struct Locations {
    text: String,
    build: fn(&str) -> LocationIndex,
    index: OnceLock<LocationIndex>,
}

impl Locations {
    /// Locations of `text`, indexed by `build` when first asked.
    pub fn new(text: &str, build: fn(&str) -> LocationIndex) -> Self {
        Self { text: text.to_owned(), build, index: OnceLock::new() }
    }

    /// Position of `path`, or of its nearest ancestor that has one.
    pub fn find(&self, path: &str) -> Option<Position> {
        self.index.get_or_init(|| (self.build)(&self.text)).find(path)
    }
}

/// `a.b[2].c` → `a.b[2]` → `a.b` → `a` → none.
fn parent_path(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    let cut = path.rfind(['.', '[']).unwrap_or(0);
    Some(&path[..cut])
}

/// One problem in one spec file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Spec file, relative to the specs folder.
    pub file: String,
    /// Where in the file, when known.
    pub position: Option<Position>,
    /// YAML path of the offending node (`actions[0].request[2].rules[0]`); empty for the file.
    pub yaml_path: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        write!(f, "  --> {}", self.file)?;
        if let Some(Position { line, column }) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        if !self.yaml_path.is_empty() {
            write!(f, " at `{}`", self.yaml_path)?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// Collects diagnostics across a whole stage.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a problem, its message and help made [`inert`].
    pub fn push(&mut self, mut diagnostic: Diagnostic) {
        diagnostic.message = inert(&diagnostic.message);
        diagnostic.help = diagnostic.help.as_deref().map(inert);
        self.items.push(diagnostic);
    }

    /// True when nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Ends a stage: `Ok` when it found nothing, otherwise every problem, sorted by file and position.
    pub fn into_result(mut self) -> Result<(), Vec<Diagnostic>> {
        if self.items.is_empty() {
            return Ok(());
        }
        self.items.sort();
        self.items.dedup();
        Err(self.items)
    }
}

/// Reports problems about one loaded file, looking up positions from its YAML paths.
pub struct FileReporter<'a> {
    file: &'a str,
    locations: &'a Locations,
    sink: &'a mut Diagnostics,
}

impl<'a> FileReporter<'a> {
    /// A reporter for `file` whose positions come from `locations`.
    pub fn new(file: &'a str, locations: &'a Locations, sink: &'a mut Diagnostics) -> Self {
        Self { file, locations, sink }
    }

    /// Reports `message` at `yaml_path`, with a hint how to fix it.
    pub fn error(&mut self, yaml_path: &str, message: impl Into<String>, help: impl Into<String>) {
        let help = help.into();
        self.sink.push(Diagnostic {
            file: self.file.to_owned(),
            position: self.locations.find(yaml_path),
            yaml_path: yaml_path.to_owned(),
            message: message.into(),
            help: (!help.is_empty()).then_some(help),
        });
    }
}

/// Longest spec value a message quotes in full, in characters.
pub const ECHO_CHARS: usize = 64;

/// `text` (a message or help) safe to print and short enough to read: the
/// characters spec text may not hold (`crate::limits::is_allowed_char`: ESC,
/// CR, bidirectional controls…) written as `\u{1b}`, so an echoed spec value
/// cannot drive a terminal, and each `` `…` `` span (every check quotes the
/// spec values it echoes that way) cut to [`ECHO_CHARS`] characters.
pub fn inert(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(1024));
    let parts: Vec<&str> = text.split('`').collect();
    for (i, &part) in parts.iter().enumerate() {
        if i > 0 {
            out.push('`');
        }
        // Odd parts are quoted values, unless the closing backtick is missing.
        let quoted = i % 2 == 1 && i + 1 < parts.len();
        let shown = if quoted { cut(part) } else { part.into() };
        for c in shown.chars() {
            if crate::limits::is_allowed_char(c) {
                out.push(c);
            } else {
                out.extend(c.escape_unicode());
            }
        }
    }
    out
}

/// `value` cut to [`ECHO_CHARS`] characters, ending in `…` when cut.
pub fn cut(value: &str) -> std::borrow::Cow<'_, str> {
    match value.char_indices().nth(ECHO_CHARS) {
        None => value.into(),
        Some(_) => {
            let kept: String = value.chars().take(ECHO_CHARS - 1).collect();
            format!("{kept}…").into()
        }
    }
}

/// Renders diagnostics as the CLI prints them, followed by a count.
pub fn render(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&diagnostic.to_string());
        out.push_str("\n\n");
    }
    let files: std::collections::BTreeSet<&str> =
        diagnostics.iter().map(|d| d.file.as_str()).collect();
    out.push_str(&format!(
        "{} problem{} in {} file{}\n",
        diagnostics.len(),
        if diagnostics.len() == 1 { "" } else { "s" },
        files.len(),
        if files.len() == 1 { "" } else { "s" },
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echoed_values_are_cut_and_escaped() {
        let long = "x".repeat(200);
        let message = inert(&format!("field `{long}` and `a\u{1b}[2Jb\u{202e}` stay short"));
        assert_eq!(
            message,
            format!("field `{}…` and `a\\u{{1b}}[2Jb\\u{{202e}}` stay short", "x".repeat(63))
        );
        assert_eq!(inert("an odd ` backtick"), "an odd ` backtick");
        assert_eq!(cut("short"), "short");
    }

    #[test]
    fn find_falls_back_to_the_nearest_ancestor() {
        let mut index = LocationIndex::default();
        index.insert("actions".into(), Position { line: 3, column: 1 });
        index.insert("actions[0]".into(), Position { line: 4, column: 5 });
        assert_eq!(index.find("actions[0].request[2].type"), Some(Position { line: 4, column: 5 }));
        assert_eq!(index.find("service"), None);
    }
}
