//! Problems found in specs: what, where (file, line:column, YAML path) and how to fix it.
//!
//! Every stage before emission pushes into one [`Diagnostics`] and the pipeline
//! stops only after a whole stage has run, so an author sees every problem of a
//! broken spec set at once.
//!
//! Diagnostics render as rustc renders its own (with `annotate-snippets`, the
//! crate rustc uses): the message, a clickable `path:line:column`, the
//! offending source line with a marker under the span, and the fix. Whatever a
//! message echoes from a spec is made safe to print first ([`sanitize`]): long
//! values are cut and invisible characters shown escaped, since specs are
//! input and may be hostile or just broken.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;
use std::sync::OnceLock;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

/// Line and column (both 1-based) of a YAML node. The column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
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
        self.nearest(path).map(|(_, position)| position)
    }

    /// `path`, or its nearest ancestor that is written, with its position.
    pub fn nearest<'p>(&self, path: &'p str) -> Option<(&'p str, Position)> {
        let mut candidate = path;
        loop {
            if let Some(position) = self.positions.get(candidate) {
                return Some((candidate, *position));
            }
            candidate = parent_path(candidate)?;
        }
    }
}

/// A file's [`LocationIndex`] and line starts, built on first use: a clean run never needs them.
#[derive(Debug, Clone)]
pub struct Locations {
    text: String,
    build: fn(&str) -> LocationIndex,
    index: OnceLock<LocationIndex>,
    lines: OnceLock<Lines>,
    pruned: Pruned,
}

impl Locations {
    /// Locations of `text`, indexed by `build` when first asked.
    pub fn new(text: &str, build: fn(&str) -> LocationIndex) -> Self {
        Self {
            text: text.to_owned(),
            build,
            index: OnceLock::new(),
            lines: OnceLock::new(),
            pruned: Pruned::default(),
        }
    }

    /// The same locations, for a value the loader built with `pruned` left out.
    #[must_use]
    pub fn with_pruned(mut self, pruned: Pruned) -> Self {
        self.pruned = pruned;
        self
    }

    /// What the loader left out of the file's value.
    pub fn pruned(&self) -> &Pruned {
        &self.pruned
    }

    /// The file's text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Position of `path`, or of its nearest ancestor that has one.
    pub fn find(&self, path: &str) -> Option<Position> {
        self.index.get_or_init(|| (self.build)(&self.text)).find(path)
    }

    /// The source line at `position`, cut around it and ready to print.
    pub fn excerpt(&self, position: Position) -> Option<Excerpt> {
        self.lines.get_or_init(|| Lines::new(&self.text)).excerpt(&self.text, position)
    }
}

/// What the loader left out of a file's value because it did not fit the
/// spec format (each is reported where it stands), so that the later checks,
/// which run on the rest, name the file's own paths and report nothing that
/// only follows from what was left out.
///
/// Paths here are the file's. A value's sequence that lost items numbers the
/// rest from 0, so its paths are turned back into the file's ([`Pruned::file_path`]).
#[derive(Debug, Clone, Default)]
pub struct Pruned {
    /// The nodes left out.
    paths: Vec<String>,
    /// For each sequence that lost items, by its path, the indices it lost.
    removed: BTreeMap<String, BTreeSet<usize>>,
}

impl Pruned {
    /// The nodes left out (paths in the file), and for each sequence that
    /// lost items (by its path in the file) the indices it lost.
    pub fn new(paths: Vec<String>, removed: BTreeMap<String, BTreeSet<usize>>) -> Self {
        Self { paths, removed }
    }

    /// True when nothing was left out.
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    /// The nodes left out, as paths in the file.
    pub fn paths(&self) -> &[String] {
        &self.paths
    }

    /// The file's path of `path`, a path in the value: each index into a
    /// sequence that lost items counts them again.
    pub fn file_path<'p>(&self, path: &'p str) -> Cow<'p, str> {
        if self.removed.is_empty() || !path.contains('[') {
            return Cow::Borrowed(path);
        }
        let mut out = String::with_capacity(path.len() + 4);
        let mut rest = path;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('[') {
                let Some(close) = after.find(']') else {
                    out.push_str(rest);
                    break;
                };
                match after[..close].parse::<usize>() {
                    Ok(mut index) => {
                        for &lost in self.removed.get(&out).into_iter().flatten() {
                            if lost > index {
                                break;
                            }
                            index = index.saturating_add(1);
                        }
                        out.push_str(&format!("[{index}]"));
                    }
                    Err(_) => out.push_str(&rest[..close + 2]),
                }
                rest = &after[close + 1..];
            } else {
                let (dot, key) = match rest.strip_prefix('.') {
                    Some(key) => (".", key),
                    None => ("", rest),
                };
                let end = key.find(['.', '[']).unwrap_or(key.len());
                out.push_str(dot);
                out.push_str(&key[..end]);
                rest = &key[end..];
            }
        }
        Cow::Owned(out)
    }

    /// Whether a problem found at `path` (in the file) may only follow from
    /// what was left out: it is at or inside a node left out, or about a node
    /// that lost a part (the file itself excepted: its problems are about its
    /// place among the files).
    pub fn explains(&self, path: &str) -> bool {
        self.paths
            .iter()
            .any(|cut| is_within(path, cut) || (!path.is_empty() && is_within(cut, path)))
    }

    /// Whether something left out lies in, at or around `path` (in the file),
    /// so that a judgement reading `path` cannot be trusted.
    pub fn touches(&self, path: &str) -> bool {
        self.paths.iter().any(|cut| is_within(path, cut) || is_within(cut, path))
    }
}

/// Whether `path` is `ancestor` or a node inside it (`a.b[2]` is inside `a.b`, `a.bc` is not).
fn is_within(path: &str, ancestor: &str) -> bool {
    ancestor.is_empty()
        || path
            .strip_prefix(ancestor)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
}

/// `a.b[2].c` → `a.b[2]` → `a.b` → `a` → none.
fn parent_path(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    let cut = path.rfind(['.', '[']).unwrap_or(0);
    Some(&path[..cut])
}

/// Where each line of a text starts, and whether it is ASCII (then a column is
/// a byte offset). Built once per file, so that finding the source line of each
/// of many diagnostics costs no rescan of the file.
#[derive(Debug, Clone)]
struct Lines {
    /// Byte offset of each line's start, and whether the line is all ASCII.
    starts: Vec<(usize, bool)>,
}

/// Past this many characters into a non-ASCII line, no source line is shown:
/// finding the column there costs a walk over the line, for every diagnostic on it.
const MAX_COLUMN_WALK: usize = 4096;

impl Lines {
    fn new(text: &str) -> Self {
        let mut starts = Vec::new();
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            starts.push((start, line.is_ascii()));
            start += line.len();
        }
        Self { starts }
    }

    fn excerpt(&self, text: &str, position: Position) -> Option<Excerpt> {
        let index = position.line.checked_sub(1)?;
        // A parser that reached the end of a text ending in a line break points
        // at the empty line after it.
        if index == self.starts.len() && (text.is_empty() || text.ends_with('\n')) {
            return Some(Excerpt::new("", 0));
        }
        let &(start, ascii) = self.starts.get(index)?;
        let end = self.starts.get(position.line).map_or(text.len(), |&(next, _)| next);
        let line = text.get(start..end)?;
        let column = position.column.checked_sub(1)?;
        let at = if ascii {
            column.min(line.len())
        } else if column > MAX_COLUMN_WALK {
            return None;
        } else {
            line.char_indices().nth(column).map_or(line.len(), |(at, _)| at)
        };
        Some(Excerpt::new(line, at))
    }
}

/// One source line, cut around the offending span and with invisible characters
/// escaped, ready to print under a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Excerpt {
    /// The line as shown: at most [`EXCERPT_CONTEXT`] characters either side of
    /// the span, `…` where it was cut, no line break.
    pub line: String,
    /// Byte offset in `line` where the marked span starts.
    pub start: usize,
    /// Byte offset in `line` where the marked span ends (may equal `start` at the end of a line).
    pub end: usize,
}

/// Characters of context kept on each side of a marked span; the span itself
/// is marked over at most [`MAX_ECHO_CHARS`] characters.
pub const EXCERPT_CONTEXT: usize = 40;

impl Excerpt {
    /// The excerpt of `line` (one line of a file, its line break included or
    /// not) marking the token that starts at byte `at`: a key, a scalar up to
    /// `: `, ` #`, a flow indicator or the line's end, or one character.
    /// `at` past the line's end or inside a character is moved back to a boundary.
    pub fn new(line: &str, at: usize) -> Self {
        let line = line.trim_end_matches(['\n', '\r']);
        let at = floor_char_boundary(line, at);
        Self::spanning(line, at, token_end(line, at))
    }

    /// The excerpt of `line` marking the bytes `at..token_end` (moved back to
    /// character boundaries, and cut to [`MAX_ECHO_CHARS`] characters).
    pub fn spanning(line: &str, at: usize, token_end: usize) -> Self {
        let line = line.trim_end_matches(['\n', '\r']);
        let at = floor_char_boundary(line, at);
        let token_end = floor_char_boundary(line, token_end.max(at));
        let token_end = line[at..token_end]
            .char_indices()
            .nth(MAX_ECHO_CHARS)
            .map_or(token_end, |(i, _)| at + i);
        let window_start =
            line[..at].char_indices().rev().nth(EXCERPT_CONTEXT - 1).map_or(0, |(i, _)| i);
        let window_end = line[token_end..]
            .char_indices()
            .nth(EXCERPT_CONTEXT)
            .map_or(line.len(), |(i, _)| token_end + i);
        let mut shown = String::new();
        if window_start > 0 {
            shown.push('…');
        }
        shown.push_str(&escape_invisible(&line[window_start..at]));
        let start = shown.len();
        shown.push_str(&escape_invisible(&line[at..token_end]));
        let end = shown.len();
        shown.push_str(&escape_invisible(line[token_end..window_end].trim_end()));
        if window_end < line.len() {
            shown.push('…');
        }
        Self { line: shown, start, end }
    }
}

/// `at`, moved back to the nearest character boundary of `text` (and into it).
fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// End of the token starting at `at`: a quoted scalar to its closing quote, a
/// plain one to the first YAML indicator that ends it, at most
/// [`MAX_ECHO_CHARS`] characters, at least one when the line has one.
fn token_end(line: &str, at: usize) -> usize {
    let rest = &line[at..];
    let mut chars = rest.char_indices().take(MAX_ECHO_CHARS).peekable();
    let Some((_, first)) = chars.next() else { return at };
    let mut end = first.len_utf8();
    // An indicator is marked alone: `:` of `key: value`, `[` of a flow sequence.
    if matches!(first, ':' | ',' | '[' | ']' | '{' | '}' | '-' | '?' | '|' | '>') {
        return at + end;
    }
    if first == '"' || first == '\'' {
        for (i, c) in chars {
            end = i + c.len_utf8();
            if c == first {
                break;
            }
        }
        return at + end;
    }
    let mut previous = first;
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, c)| c);
        let ends = matches!(c, ',' | ']' | '}')
            || (c == ':' && next.is_none_or(char::is_whitespace))
            || (c == '#' && previous.is_whitespace());
        if ends {
            break;
        }
        end = i + c.len_utf8();
        previous = c;
    }
    at + rest[..end].trim_end().len().max(first.len_utf8())
}

/// The longest value a message echoes whole, in characters; longer ones are
/// cut with `…` and their full length (a spec may hold a 1 MB string).
pub const MAX_ECHO_CHARS: usize = 80;

/// Makes text from a spec safe to print in a message: every quoted part
/// (between backticks or double quotes) longer than [`MAX_ECHO_CHARS`] is cut
/// with `…` and followed by its full length, then invisible and control
/// characters are escaped (`\u{feff}`), so a BOM inside a key shows.
pub fn sanitize(text: &str) -> String {
    escape_invisible(&cut_quoted(text))
}

/// `text` cut to `max` characters, with `…` when it was longer.
fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

fn cut_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(4 * MAX_ECHO_CHARS));
    let mut rest = text;
    while let Some(open) = rest.find(['`', '"']) {
        let quote = &rest[open..=open];
        out.push_str(&rest[..=open]);
        rest = &rest[open + 1..];
        let Some(close) = rest.find(quote) else { break };
        let quoted = &rest[..close];
        let length = quoted.chars().count();
        if length > MAX_ECHO_CHARS {
            out.extend(quoted.chars().take(MAX_ECHO_CHARS));
            out.push('…');
            out.push_str(quote);
            out.push_str(&format!(" ({length} characters)"));
        } else {
            out.push_str(quoted);
            out.push_str(quote);
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// Whether `c` prints as nothing, as a space that is not one, or moves the cursor:
/// controls, format characters (BOM, zero-width, bidirectional overrides) and
/// unusual spaces. The plain space is the one whitespace left as it is.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(
            c,
            '\u{00ad}'
                | '\u{034f}'
                | '\u{061c}'
                | '\u{115f}'
                | '\u{1160}'
                | '\u{17b4}'
                | '\u{17b5}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{3164}'
                | '\u{fe00}'..='\u{fe0f}'
                | '\u{feff}'
                | '\u{ffa0}'
                | '\u{fff9}'..='\u{fffb}'
                | '\u{e0000}'..='\u{e007f}'
        )
}

/// Writes each invisible character as `\u{…}`, so it can be seen and searched for.
pub fn escape_invisible(text: &str) -> String {
    if !text.chars().any(is_invisible) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_invisible(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// One problem in one spec file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Spec file, relative to the specs folder (`/`-separated); renderers join
    /// it to the specs folder as the user gave it ([`render_with`]).
    pub file: String,
    /// Where in the file, when known.
    pub position: Option<Position>,
    /// YAML path of the offending node (`actions[0].request[2].rules[0]`); empty for the file.
    pub yaml_path: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The source line at `position`, when the file's text was at hand.
    pub excerpt: Option<Excerpt>,
}

impl Diagnostic {
    /// A diagnostic whose message, help and YAML path are [`sanitize`]d, so
    /// nothing echoed from the spec is too long or invisible.
    pub fn new(
        file: &str,
        position: Option<Position>,
        yaml_path: &str,
        message: &str,
        help: Option<&str>,
    ) -> Self {
        Self {
            file: file.to_owned(),
            position,
            yaml_path: escape_invisible(&cut(yaml_path, 2 * MAX_ECHO_CHARS)),
            message: sanitize(message),
            help: help.map(sanitize),
            excerpt: None,
        }
    }

    /// Adds the source line `excerpt` shows.
    #[must_use]
    pub fn with_excerpt(mut self, excerpt: Option<Excerpt>) -> Self {
        self.excerpt = excerpt;
        self
    }

    /// Sorts a provider's own file before its services, so that an error in
    /// `provider.yaml`, which the services depend on, is read first.
    fn sort_key(&self) -> (&str, bool, &str, Option<Position>) {
        let (folder, name) = self.file.split_once('/').unwrap_or(("", &self.file));
        (folder, name != crate::load::PROVIDER_FILE, &self.file, self.position)
    }
}

impl fmt::Display for Diagnostic {
    /// The diagnostic as [`render`] shows it, without colour, its file relative to the specs folder.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&render_one(self, None, &Renderer::plain()))
    }
}

/// Collects diagnostics across a whole stage.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a problem (its text was [`sanitize`]d when it was made).
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// True when nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Ends a stage: `Ok` when it found nothing, otherwise every problem, sorted
    /// by provider folder (its `provider.yaml` first), file and position.
    pub fn into_result(mut self) -> Result<(), Vec<Diagnostic>> {
        if self.items.is_empty() {
            return Ok(());
        }
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()).then_with(|| a.cmp(b)));
        self.items.dedup();
        Err(self.items)
    }
}

/// What a problem is judged from besides its own node, for [`FileReporter::error_reading`].
#[derive(Debug, Clone, Copy)]
pub enum Reads<'a> {
    /// A node of the same file, and everything in it (a path in the value).
    Path(&'a str),
    /// The service's provider file.
    Provider,
}

/// Reports problems about one loaded file, looking up positions from its YAML paths.
///
/// The paths it is given are the value's; where the loader left parts of the
/// file out ([`Pruned`]), it reports at the file's paths and drops what may
/// only follow from what was left out.
pub struct FileReporter<'a> {
    file: &'a str,
    locations: &'a Locations,
    sink: &'a mut Diagnostics,
    provider_incomplete: bool,
}

impl<'a> FileReporter<'a> {
    /// A reporter for `file` whose positions come from `locations`.
    pub fn new(file: &'a str, locations: &'a Locations, sink: &'a mut Diagnostics) -> Self {
        Self { file, locations, sink, provider_incomplete: false }
    }

    /// The same reporter, told whether the loader left parts of the service's
    /// provider file out (then what is judged from it is not reported).
    #[must_use]
    pub fn with_incomplete_provider(mut self, incomplete: bool) -> Self {
        self.provider_incomplete = incomplete;
        self
    }

    /// The file's path of `path`, a path in the value (as messages quote it).
    pub fn file_path(&self, path: &str) -> String {
        self.locations.pruned().file_path(path).into_owned()
    }

    /// Reports `message` at `yaml_path`, with a hint how to fix it.
    pub fn error(&mut self, yaml_path: &str, message: impl Into<String>, help: impl Into<String>) {
        let locations = self.locations;
        let pruned = locations.pruned();
        let yaml_path = pruned.file_path(yaml_path);
        if pruned.explains(&yaml_path) {
            return;
        }
        self.push(&yaml_path, message.into(), help.into());
    }

    /// Reports `message` at `yaml_path`, a problem judged also from what
    /// `reads` names (a reference to a declaration elsewhere, a whole example
    /// against its action's fields): not when the loader left out part of
    /// what it reads, where the judgement could only be wrong.
    pub fn error_reading(
        &mut self,
        yaml_path: &str,
        reads: &[Reads<'_>],
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let locations = self.locations;
        let pruned = locations.pruned();
        let doubtful = reads.iter().any(|read| match read {
            Reads::Path(path) => pruned.touches(&pruned.file_path(path)),
            Reads::Provider => self.provider_incomplete,
        });
        if !doubtful {
            self.error(yaml_path, message, help);
        }
    }

    fn push(&mut self, yaml_path: &str, message: String, help: String) {
        let position = self.locations.find(yaml_path);
        let excerpt = position.and_then(|at| self.locations.excerpt(at));
        self.sink.push(
            Diagnostic::new(
                self.file,
                position,
                yaml_path,
                &message,
                (!help.is_empty()).then_some(help.as_str()),
            )
            .with_excerpt(excerpt),
        );
    }
}

/// Renders diagnostics without colour, files relative to the specs folder,
/// followed by a count (what the snapshot tests compare).
pub fn render(diagnostics: &[Diagnostic]) -> String {
    render_with(diagnostics, None, false)
}

/// Renders diagnostics as the CLI prints them, followed by a count. Each file
/// is shown joined to `specs_dir` (the specs folder as the user named it), so
/// `path:line:column` opens in an editor from where the command ran. `color`
/// adds ANSI styles; print through `anstream` so they are dropped off a terminal.
pub fn render_with(diagnostics: &[Diagnostic], specs_dir: Option<&Path>, color: bool) -> String {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    // The excerpt is already cut to fit, so the renderer must not cut it again.
    let renderer = renderer.term_width(usize::MAX / 4);
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&render_one(diagnostic, specs_dir, &renderer));
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

fn render_one(diagnostic: &Diagnostic, specs_dir: Option<&Path>, renderer: &Renderer) -> String {
    let path = match specs_dir {
        Some(dir) => dir.join(&diagnostic.file).display().to_string(),
        None => diagnostic.file.clone(),
    };
    let at = (!diagnostic.yaml_path.is_empty()).then(|| format!("at `{}`", diagnostic.yaml_path));
    let mut group = Group::with_title(Level::ERROR.primary_title(diagnostic.message.as_str()));
    let mut shown_column = None;
    match (diagnostic.position, &diagnostic.excerpt) {
        (Some(position), Some(excerpt)) if valid_span(excerpt) => {
            let span = AnnotationKind::Primary.span(excerpt.start..excerpt.end);
            let span = match &at {
                Some(at) => span.label(at.as_str()),
                None => span,
            };
            group = group.element(
                Snippet::source(excerpt.line.as_str())
                    .line_start(position.line)
                    .path(path.as_str())
                    .annotation(span),
            );
            shown_column = Some(excerpt.line[..excerpt.start].chars().count() + 1);
        }
        (position, _) => {
            let origin = Origin::path(path.as_str());
            group = group.element(match position {
                Some(at) => origin.line(at.line).char_column(at.column),
                None => origin,
            });
            if let Some(at) = &at {
                group = group.element(Level::NOTE.message(at.as_str()));
            }
        }
    }
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let rendered = renderer.render(&[group]);
    // The renderer computes the column from the excerpt, which was cut and
    // escaped; the header must carry the column in the file itself.
    match (diagnostic.position, shown_column) {
        (Some(position), Some(shown)) if shown != position.column => {
            let path = annotate_snippets::normalize_untrusted_str(&path);
            rendered.replacen(
                &format!("{path}:{}:{shown}", position.line),
                &format!("{path}:{}:{}", position.line, position.column),
                1,
            )
        }
        _ => rendered,
    }
}

/// The renderer panics on a span outside its source or inside a character;
/// an [`Excerpt`] built by [`Excerpt::new`] never has one, a hand-made one might.
fn valid_span(excerpt: &Excerpt) -> bool {
    excerpt.start <= excerpt.end
        && excerpt.line.is_char_boundary(excerpt.start)
        && excerpt.line.is_char_boundary(excerpt.end)
        && !excerpt.line.contains(['\n', '\r'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_falls_back_to_the_nearest_ancestor() {
        let mut index = LocationIndex::default();
        index.insert("actions".into(), Position { line: 3, column: 1 });
        index.insert("actions[0]".into(), Position { line: 4, column: 5 });
        assert_eq!(index.find("actions[0].request[2].type"), Some(Position { line: 4, column: 5 }));
        assert_eq!(index.find("service"), None);
    }

    #[test]
    fn pruned_paths_map_back_to_the_file_and_judge_what_follows() {
        let removed = BTreeMap::from([
            ("actions".to_owned(), BTreeSet::from([0])),
            ("actions[1].request".to_owned(), BTreeSet::from([1, 2, 5])),
        ]);
        let paths = vec![
            "actions[0]".to_owned(),
            "actions[1].request[1]".to_owned(),
            "actions[1].request[2]".to_owned(),
            "actions[1].request[5]".to_owned(),
            "actions[1].region.required".to_owned(),
        ];
        let pruned = Pruned::new(paths, removed);
        assert_eq!(pruned.file_path("actions[0].request[0].name"), "actions[1].request[0].name");
        assert_eq!(pruned.file_path("actions[0].request[1].name"), "actions[1].request[3].name");
        assert_eq!(pruned.file_path("actions[0].request[3]"), "actions[1].request[6]");
        assert_eq!(pruned.file_path("types[0].fields[1]"), "types[0].fields[1]");
        assert_eq!(pruned.file_path("a.[x]..b[9"), "a.[x]..b[9");
        // At, inside or around a node left out; the file itself is not about it.
        assert!(pruned.explains("actions[1].region.required"));
        assert!(pruned.explains("actions[1].region"));
        assert!(pruned.explains("actions[0].name"));
        assert!(!pruned.explains("actions[1].region.supported"));
        assert!(!pruned.explains("actions[1].requests"));
        assert!(!pruned.explains(""));
        assert!(pruned.touches("actions[1].request"));
        assert!(pruned.touches(""));
        assert!(!pruned.touches("actions[1].errors"));
        assert!(!Pruned::default().touches(""));
    }

    #[test]
    fn long_quoted_values_are_cut_with_their_length() {
        let long = "a".repeat(1_000_000);
        let message = sanitize(&format!("version `{long}` is not a date"));
        let expected = format!("version `{}…` (1000000 characters) is not a date", "a".repeat(80));
        assert_eq!(message, expected);
        assert_eq!(sanitize("`short` and \"also\""), "`short` and \"also\"");
    }

    #[test]
    fn invisible_characters_are_escaped() {
        assert_eq!(sanitize("unknown key `\u{feff}service`"), "unknown key `\\u{feff}service`");
        assert_eq!(sanitize("a\tb\u{202e}c\u{a0}d"), "a\\u{9}b\\u{202e}c\\u{a0}d");
        assert_eq!(sanitize("plain text, `é` stays"), "plain text, `é` stays");
    }

    #[test]
    fn excerpts_mark_the_token_and_cut_long_lines() {
        let excerpt = Excerpt::new("  status: 200\n", 2);
        assert_eq!(&excerpt.line[excerpt.start..excerpt.end], "status");
        let line = format!("version: {}", "9".repeat(10_000));
        let excerpt = Excerpt::new(&line, 9);
        assert!(excerpt.line.ends_with('…') && excerpt.line.chars().count() < 200);
        let excerpt = Excerpt::new(&format!("{}x", "é".repeat(100)), 200);
        assert!(excerpt.line.starts_with('…'));
        assert_eq!(&excerpt.line[excerpt.start..excerpt.end], "x");
        let excerpt = Excerpt::new("key: \u{feff}x", 5);
        assert_eq!(&excerpt.line[excerpt.start..excerpt.end], "\\u{feff}x");
        let excerpt = Excerpt::new("é", 1);
        assert!(valid_span(&excerpt));
    }

    #[test]
    fn the_header_keeps_the_column_of_the_file() {
        let line = format!("{}: x", "k".repeat(300));
        let diagnostic =
            Diagnostic::new("a/b.yaml", Some(Position { line: 2, column: 301 }), "", "m", None)
                .with_excerpt(Some(Excerpt::new(&line, 300)));
        let rendered = render_with(&[diagnostic], Some(Path::new("specs")), false);
        assert!(rendered.contains("specs/a/b.yaml:2:301"), "{rendered}");
    }
}
