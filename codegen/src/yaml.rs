//! The only module that knows YAML: text → spec types, plus where each node sits.
//!
//! `serde_yaml` does the deserializing (it is archived upstream; swapping it for
//! another serde YAML crate is a change to this file alone), through `yaml/prune.rs`,
//! an adapter that collects unknown keys rather than letting serde reject them
//! and can leave out the values that do not fit the spec format, so one run
//! reports all of them ([`parse`]). Positions come from a separate pass over
//! `saphyr-parser` events, because serde deserializers do not expose spans.
//!
//! Specs are input, and the YAML scanner under `serde_yaml` (`unsafe-libyaml`)
//! is superlinear in nesting depth: 100,000 nested `[` (200 KB) took 37 s
//! before it was refused. So every text first goes through [`prescan`], one
//! linear pass over its bytes that refuses a file larger than
//! [`MAX_FILE_BYTES`] or nested deeper than [`MAX_DEPTH`]; only what passes
//! reaches a YAML parser. A file is parsed again for each misfit it holds,
//! within [`MAX_PASSES`] and [`MAX_PASS_BYTES`], so loading stays linear in
//! the input's size.

mod prune;

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fmt::Write as _;

use prune::{Cuts, Pass, Seg};
use saphyr_parser::{Event, Parser};
use serde::de::DeserializeOwned;

use crate::diagnostic::{
    Diagnostic, Diagnostics, Excerpt, FileReporter, LocationIndex, Locations, Position, Pruned,
};
use crate::spec::Loaded;

/// Largest spec file accepted, in bytes (1 MiB). The largest real spec is
/// about 10 KB; a file a hundred times that is a mistake or an attack.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// Deepest nesting accepted: open flow collections (`[`, `{`) plus block
/// indentation levels (a key's value indented under it, a `- ` item) at any
/// point. Real specs nest about 11 deep; `serde_yaml` itself gives up at 128.
pub const MAX_DEPTH: usize = 64;

/// Where the help of a refused file points.
const LIMITS_HELP: &str = "specs/README.md (Limits) states the limits";

/// Most passes over one file. A pass ends at the first value that does not
/// fit the spec format; the next one leaves that value out, so a file with
/// more misfits than this is reported up to here, with a diagnostic saying so.
pub const MAX_PASSES: usize = 64;

/// Most bytes all passes over one file may parse together (8 MiB): each pass
/// parses the whole file again, so a large file gets fewer passes (a 1 MiB
/// file 8, any file up to 128 KiB all [`MAX_PASSES`]) and loading any file
/// costs at most this much parsing, whatever it holds.
pub const MAX_PASS_BYTES: usize = 8 * 1024 * 1024;

/// How many passes a text of `len` bytes gets: at least one.
pub fn passes_for(len: usize) -> usize {
    (MAX_PASS_BYTES / len.max(1)).clamp(1, MAX_PASSES)
}

/// Parses one spec file. Problems go to `sink`; the value is returned whenever
/// it could be built at all, so later checks can still report theirs.
///
/// The text is [`prescan`]ned first; a refused text reaches no YAML parser.
///
/// serde stops at the first value that does not fit the spec format (a word
/// where a number belongs, a list where a map does), so the file is read
/// again with each such value left out (`yaml/prune.rs`) until it reads through,
/// at most [`passes_for`] its size times: every misfit and every unknown key of the
/// file is reported in one run. A value left out is the node itself where
/// the type allows its absence, else the map or list item holding it
/// ("missing field" where the key was left out is not reported again). The
/// value returned lacks what was left out; [`Pruned`] in its locations says
/// what, so the later checks report at the file's paths and nothing that
/// only follows from the gap. A key the file's top level lacks has no
/// holder to leave out: a placeholder stands in so the rest of the file is
/// still read, and no value is returned.
pub fn parse<T: DeserializeOwned>(
    path: &str,
    text: &str,
    sink: &mut Diagnostics,
) -> Option<Loaded<T>> {
    let scan = match prescan(text) {
        Ok(scan) => scan,
        Err(refusal) => {
            sink.push(refusal.into_diagnostic(path, text));
            return None;
        }
    };
    let locations = Locations::new(text, index_locations);
    let mut cuts = Cuts::default();
    let mut unknown_keys = BTreeSet::new();
    let mut problems = Vec::new();
    let mut value = None;
    let allowed = passes_for(text.len());
    for passes in 1.. {
        count_parser_run();
        let pass = RefCell::new(Pass::default());
        let result: Result<T, serde_yaml::Error> =
            prune::deserialize(serde_yaml::Deserializer::from_str(text), &cuts, &pass);
        let pass = pass.into_inner();
        unknown_keys.extend(pass.unknown_keys);
        let error = match result {
            Ok(read) => {
                value = Some(read);
                break;
            }
            Err(error) => error,
        };
        let at = pass.error_at.unwrap_or_default();
        let message = message_at(&error, &at);
        let Some(misfit) = Misfit::of(&message) else {
            problems.push(syntax_diagnostic(path, &locations, &scan, &error));
            break;
        };
        // serde_yaml deserializes what it parsed before a syntax error, so a
        // text that is not YAML may first show a misfit its cut made (`key: [`
        // at the end reads as a list): only a whole document is read on.
        if passes == 1 {
            count_parser_run();
            if let Err(syntax) = serde_yaml::from_str::<serde::de::IgnoredAny>(text) {
                problems.push(syntax_diagnostic(path, &locations, &scan, &syntax));
                break;
            }
        }
        let diagnostic = misfit_diagnostic(path, &locations, &error, &at, &message);
        let progressed = match misfit {
            Misfit::Missing(key) => {
                let mut key_path = at.clone();
                key_path.push(Seg::Key(key.to_owned()));
                // The key was there, and left out for its own misfit, reported then.
                if !cuts.is_cut(&key_path) {
                    problems.push(diagnostic.clone());
                }
                if at.is_empty() { cuts.hole(&at, key) } else { cuts.cut(&at) }
            }
            Misfit::Repeated(key) => {
                let message =
                    format!("key `{key}` is given twice in this mapping; the first one is read");
                let help = "remove one of them".to_owned();
                problems.push(Diagnostic { message, help: Some(help), ..diagnostic.clone() });
                let mut key_path = at.clone();
                key_path.push(Seg::Key(key.to_owned()));
                cuts.cut_repeats(&key_path)
            }
            Misfit::Other => {
                problems.push(diagnostic.clone());
                !at.is_empty() && cuts.cut(&at)
            }
        };
        if !progressed {
            break;
        }
        if passes == allowed {
            let message = format!(
                "stopped reading this file after {allowed} values that do not fit the spec format \
                 (each costs a pass over the file); the rest of it is not checked"
            );
            let help = "fix the problems reported above and run again to see the rest";
            problems.push(Diagnostic { message, help: Some(help.to_owned()), ..diagnostic });
            break;
        }
    }
    let mut report = FileReporter::new(path, &locations, sink);
    for key in &unknown_keys {
        let key = prune::render(key);
        let name = key.rsplit('.').next().unwrap_or(&key);
        // serde_yaml reads `<<` as a plain key; merging it would need a
        // detour through untyped values that loses every other position.
        let help = if name == "<<" {
            "merge keys (`<<: *name`) are not supported: alias the whole node (`*name`), or \
             share rules through `rule_sets:` (specs/README.md, Saying things once)"
        } else {
            "remove it or fix its spelling; specs/README.md lists the keys allowed at each level"
        };
        report.error(&key, format!("unknown key `{name}`"), help);
    }
    for problem in problems {
        sink.push(problem);
    }
    let value = value?;
    if cuts.has_holes() {
        return None;
    }
    let (paths, removed) = cuts.collect();
    let locations = locations.with_pruned(Pruned::new(paths, removed));
    Some(Loaded { path: path.to_owned(), value, locations })
}

/// What kind of misfit an error is, from serde's own wording of it; `None`
/// for what is not a misfit of one value (YAML syntax, an alias bomb), after
/// which nothing more of the file can be read.
enum Misfit<'a> {
    /// A mapping lacks a required key.
    Missing(&'a str),
    /// A mapping has a key twice.
    Repeated(&'a str),
    /// A value of the wrong type, or not one of those allowed.
    Other,
}

impl<'a> Misfit<'a> {
    fn of(message: &'a str) -> Option<Self> {
        let quoted = |prefix: &str| {
            message.strip_prefix(prefix).and_then(|rest| rest.split_once('`')).map(|(key, _)| key)
        };
        if let Some(key) = quoted("missing field `") {
            return Some(Self::Missing(key));
        }
        if let Some(key) = quoted("duplicate field `") {
            return Some(Self::Repeated(key));
        }
        let misfit = ["invalid type: ", "invalid value: ", "invalid length ", "unknown variant `"];
        misfit.iter().any(|prefix| message.starts_with(prefix)).then_some(Self::Other)
    }
}

/// serde_yaml's message without the location it ends with (diagnostics show
/// it separately) and without the path it starts with (`at`, shown separately).
fn message_at(error: &serde_yaml::Error, at: &[Seg]) -> String {
    let mut message = error.to_string();
    if let Some(location) = error.location() {
        let suffix = format!(" at line {} column {}", location.line(), location.column());
        if message.ends_with(&suffix) {
            message.truncate(message.len() - suffix.len());
        }
    }
    let prefix = format!("{}: ", prune::render(at));
    match message.strip_prefix(&prefix) {
        Some(rest) if !at.is_empty() => rest.to_owned(),
        _ => message,
    }
}

/// A misfit where serde_yaml found it (the value itself, or the mapping that
/// lacks a key), labelled with its path.
fn misfit_diagnostic(
    path: &str,
    locations: &Locations,
    error: &serde_yaml::Error,
    at: &[Seg],
    message: &str,
) -> Diagnostic {
    let yaml_path = prune::render(at);
    let position = match error.location() {
        Some(at) => Some(Position { line: at.line(), column: at.column() }),
        None => locations.find(&yaml_path),
    };
    let excerpt = position.and_then(|at| locations.excerpt(at));
    let help = "fix the YAML so it matches the spec format (specs/README.md)";
    Diagnostic::new(path, position, &yaml_path, message, Some(help)).with_excerpt(excerpt)
}

/// What [`prescan`] learnt about a text it let through.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scan {
    /// Byte offset of the first alias (`*name`), where an alias bomb is reported.
    pub first_alias: Option<usize>,
}

/// Why [`prescan`] refused a text: what, and the byte offset where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// Byte offset the diagnostic points at.
    pub offset: usize,
    /// What is wrong; names the limit.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

impl Refusal {
    /// The diagnostic for `path`, positioned at the offset in `text`.
    pub fn into_diagnostic(self, path: &str, text: &str) -> Diagnostic {
        let (position, excerpt) = locate(text, self.offset);
        Diagnostic::new(path, Some(position), "", &self.message, Some(&self.help))
            .with_excerpt(Some(excerpt))
    }
}

/// Line:column of byte `offset` in `text` and its source line, in one pass.
pub fn locate(text: &str, offset: usize) -> (Position, Excerpt) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |at| offset + at);
    let line = text[..line_start].matches('\n').count() + 1;
    let column = text[line_start..offset].chars().count() + 1;
    (Position { line, column }, Excerpt::new(&text[line_start..line_end], offset - line_start))
}

/// One linear pass over `text` that refuses it before any YAML parser sees
/// it: larger than [`MAX_FILE_BYTES`], or nested deeper than [`MAX_DEPTH`].
///
/// It is a scanner, not a parser: it follows quotes, comments, block scalars
/// and flow collections only as far as needed to count nesting without
/// mistaking a `[` inside a string for one, and errs on the side of letting a
/// text through (the parser then reports what is wrong with it).
pub fn prescan(text: &str) -> Result<Scan, Refusal> {
    if text.len() > MAX_FILE_BYTES {
        return Err(Refusal {
            offset: MAX_FILE_BYTES,
            message: format!(
                "file is {} bytes, over the limit of {MAX_FILE_BYTES} bytes (1 MiB); refused before parsing (the limit is crossed here)",
                text.len()
            ),
            help: format!(
                "a spec holds one service's documented actions and is far smaller: check what was written here; {LIMITS_HELP}"
            ),
        });
    }
    Prescan::default().run(text.as_bytes())
}

/// The state of [`prescan`] between bytes.
#[derive(Default)]
struct Prescan {
    /// Open flow collections.
    flow: usize,
    /// Indentation of each open block level.
    indents: Vec<usize>,
    /// Indentation of the line that opened a block scalar (`|`, `>`); lines
    /// indented deeper are its content.
    block_scalar: Option<usize>,
    /// The quote of the quoted scalar being read.
    quote: Option<u8>,
    /// True where a node may start: there `[` opens a collection and a quote a string.
    at_node: bool,
    scan: Scan,
}

impl Prescan {
    fn run(mut self, bytes: &[u8]) -> Result<Scan, Refusal> {
        let mut line_start = 0;
        while line_start < bytes.len() {
            let line_end = bytes[line_start..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |at| line_start + at);
            self.line(bytes, line_start, line_end)?;
            line_start = line_end + 1;
        }
        Ok(self.scan)
    }

    /// Scans the line `bytes[start..end]`, carrying quotes and flow collections over.
    fn line(&mut self, bytes: &[u8], start: usize, end: usize) -> Result<(), Refusal> {
        let line = &bytes[start..end];
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        let mut at = 0;
        if self.quote.is_none() && self.flow == 0 {
            let rest = &line[indent..];
            if rest.iter().all(u8::is_ascii_whitespace) || rest.first() == Some(&b'#') {
                return Ok(());
            }
            match self.block_scalar {
                Some(parent) if indent > parent => return Ok(()),
                _ => self.block_scalar = None,
            }
            while self.indents.last().is_some_and(|&open| open > indent) {
                self.indents.pop();
            }
            if self.indents.last() != Some(&indent) {
                self.indents.push(indent);
                self.check_depth(start + indent)?;
            }
            at = indent;
            self.at_node = true;
        }
        while at < line.len() {
            let byte = line[at];
            let next = line.get(at + 1).copied();
            if let Some(quote) = self.quote {
                if quote == b'"' && byte == b'\\' {
                    at += 2;
                    continue;
                }
                if byte == quote {
                    if quote == b'\'' && next == Some(b'\'') {
                        at += 2;
                        continue;
                    }
                    self.quote = None;
                    self.at_node = false;
                }
                at += 1;
                continue;
            }
            let ends_token = next.is_none_or(|b| matches!(b, b' ' | b'\t' | b'\r'));
            match byte {
                b' ' | b'\t' | b'\r' => {}
                b'#' if at == 0 || matches!(line[at - 1], b' ' | b'\t') => break,
                b'[' | b'{' if self.at_node || self.flow > 0 => {
                    self.flow += 1;
                    self.at_node = true;
                    self.check_depth(start + at)?;
                }
                b']' | b'}' if self.flow > 0 => {
                    self.flow -= 1;
                    self.at_node = false;
                }
                b',' if self.flow > 0 => self.at_node = true,
                b':' if ends_token
                    || (self.flow > 0 && matches!(next, Some(b',' | b']' | b'}'))) =>
                {
                    self.at_node = true;
                }
                b'-' | b'?' if self.at_node && self.flow == 0 && ends_token => {
                    // `- - x` nests on one line: each indicator opens a level.
                    self.indents.push(at + 1);
                    self.check_depth(start + at)?;
                }
                b'\'' | b'"' if self.at_node => self.quote = Some(byte),
                b'|' | b'>' if self.at_node && self.flow == 0 => {
                    self.block_scalar = Some(indent);
                    break;
                }
                b'*' if self.at_node => {
                    self.scan.first_alias.get_or_insert(start + at);
                    self.at_node = false;
                }
                // An anchor or a tag stands before the node it names.
                b'&' | b'!' if self.at_node => {
                    while at < line.len() && !matches!(line[at], b' ' | b'\t') {
                        at += 1;
                    }
                    continue;
                }
                _ => self.at_node = false,
            }
            at += 1;
        }
        Ok(())
    }

    fn check_depth(&self, offset: usize) -> Result<(), Refusal> {
        // The first block level is the document itself, not a nesting.
        let depth = self.flow + self.indents.len().saturating_sub(1);
        if depth <= MAX_DEPTH {
            return Ok(());
        }
        Err(Refusal {
            offset,
            message: format!(
                "nesting deeper than {MAX_DEPTH} levels (flow `[`/`{{` and block indentation); refused before parsing"
            ),
            help: format!(
                "flatten it: declare nested structures under `types:` and refer to them by name; {LIMITS_HELP}"
            ),
        })
    }
}

/// Counts runs of a YAML parser on this thread, so tests can prove a refused
/// text reached none. Compiled out of non-test builds.
#[cfg(test)]
fn count_parser_run() {
    tests::PARSER_RUNS.with(|runs| runs.set(runs.get() + 1));
}

#[cfg(not(test))]
fn count_parser_run() {}

fn syntax_diagnostic(
    path: &str,
    locations: &Locations,
    scan: &Scan,
    error: &serde_yaml::Error,
) -> Diagnostic {
    let mut position = error.location().map(|at| Position { line: at.line(), column: at.column() });
    // serde_yaml ends its message with the location, which is shown separately;
    // any earlier location ("while scanning a quoted scalar at line 8") stays.
    let mut message = error.to_string();
    if let (Some(at), Some(position)) = (message.rfind(" at line "), position)
        && message[at..] == format!(" at line {} column {}", position.line, position.column)
    {
        message.truncate(at);
    }
    let mut help = "fix the YAML so it matches the spec format (specs/README.md)";
    if position.is_none() && message.contains("repetition limit exceeded") {
        // serde_yaml gives no location when aliases expand past its limit;
        // the expansion starts at the first alias.
        position = Some(locate(locations.text(), scan.first_alias.unwrap_or(0)).0);
        message =
            "aliases expand to too many nodes (repetition limit exceeded); the first alias is here"
                .to_owned();
        help = "an alias repeats the node its anchor names, and aliases of aliases multiply: write the values out, or nest fewer aliases";
    }
    let (yaml_path, message) = match message.split_once(": ") {
        Some((prefix, rest)) if !prefix.contains(' ') => (prefix.to_owned(), rest.to_owned()),
        _ => (String::new(), message),
    };
    let excerpt = position.and_then(|at| locations.excerpt(at));
    Diagnostic::new(path, position, &yaml_path, &message, Some(help)).with_excerpt(excerpt)
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() { key.to_owned() } else { format!("{parent}.{key}") }
}

enum Frame {
    Mapping { path: String, pending_key: Option<String> },
    Sequence { path: String, next_index: usize },
}

/// Maps each node's YAML path to the position of its key (in a mapping) or of
/// the node itself (in a sequence). A file that does not parse yields what was
/// indexed before the error; the serde pass reports the error itself.
pub fn index_locations(text: &str) -> LocationIndex {
    count_parser_run();
    let mut index = LocationIndex::default();
    let mut stack: Vec<Frame> = Vec::new();
    for item in Parser::new_from_str(text) {
        let Ok((event, span)) = item else { break };
        let position = Position { line: span.start.line(), column: span.start.col() + 1 };
        match event {
            Event::Scalar(value, ..) => {
                if let Some(Frame::Mapping { path, pending_key: pending_key @ None }) =
                    stack.last_mut()
                {
                    index.insert(join(path, &value), position);
                    *pending_key = Some(value.into_owned());
                } else {
                    index.insert(next_value_path(&mut stack), position);
                }
            }
            Event::Alias(_) => index.insert(next_value_path(&mut stack), position),
            Event::MappingStart(..) => {
                let path = next_value_path(&mut stack);
                index.insert(path.clone(), position);
                stack.push(Frame::Mapping { path, pending_key: None });
            }
            Event::SequenceStart(..) => {
                let path = next_value_path(&mut stack);
                index.insert(path.clone(), position);
                stack.push(Frame::Sequence { path, next_index: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
            }
            _ => {}
        }
    }
    index
}

fn next_value_path(stack: &mut [Frame]) -> String {
    match stack.last_mut() {
        None => String::new(),
        Some(Frame::Mapping { path, pending_key }) => {
            join(path, &pending_key.take().unwrap_or_default())
        }
        Some(Frame::Sequence { path, next_index }) => {
            let mut item = path.clone();
            let _ = write!(item, "[{next_index}]");
            *next_index += 1;
            item
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;
    use crate::spec::ServiceSpec;

    thread_local! {
        /// YAML parser runs on this thread (`count_parser_run`).
        pub(super) static PARSER_RUNS: Cell<usize> = const { Cell::new(0) };
    }

    /// Parses `text` as a service; its diagnostics and how many parser runs it took.
    fn parse_counted(text: &str) -> (Vec<Diagnostic>, usize) {
        PARSER_RUNS.with(|runs| runs.set(0));
        let mut sink = Diagnostics::default();
        let loaded = parse::<ServiceSpec>("acme/widgets.yaml", text, &mut sink);
        assert!(loaded.is_none(), "a hostile text was loaded");
        let diagnostics = sink.into_result().err().unwrap_or_default();
        // Rendering must not index the file either.
        let _ = crate::diagnostic::render(&diagnostics);
        (diagnostics, PARSER_RUNS.with(Cell::get))
    }

    #[test]
    fn deep_flow_nesting_is_refused_by_the_prescan_alone() {
        let (diagnostics, runs) = parse_counted(&"[".repeat(100_000));
        assert_eq!(runs, 0, "a YAML parser ran on a refused text");
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert!(diagnostics[0].message.contains("nesting deeper than 64 levels"));
        assert!(diagnostics[0].message.contains("refused before parsing"));
        assert_eq!(diagnostics[0].position, Some(Position { line: 1, column: MAX_DEPTH + 1 }));
    }

    #[test]
    fn deep_block_nesting_is_refused_by_the_prescan_alone() {
        let mut text = String::new();
        for depth in 0..1_000 {
            let _ = writeln!(text, "{}k{depth}:", " ".repeat(depth));
        }
        let (diagnostics, runs) = parse_counted(&text);
        assert_eq!(runs, 0, "a YAML parser ran on a refused text");
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert!(diagnostics[0].message.contains("nesting deeper than 64 levels"));
        let deepest = MAX_DEPTH + 2;
        assert_eq!(diagnostics[0].position, Some(Position { line: deepest, column: deepest }));

        let (diagnostics, runs) = parse_counted(&"- ".repeat(100_000));
        assert_eq!(runs, 0, "a YAML parser ran on a refused text");
        assert!(diagnostics[0].message.contains("nesting deeper than 64 levels"));
    }

    #[test]
    fn an_oversize_file_is_refused_by_the_prescan_alone() {
        let text = format!("service: widgets\ndescription: {}\n", "x".repeat(MAX_FILE_BYTES));
        let (diagnostics, runs) = parse_counted(&text);
        assert_eq!(runs, 0, "a YAML parser ran on a refused text");
        assert!(diagnostics[0].message.starts_with(&format!("file is {} bytes", text.len())));
        assert_eq!(diagnostics[0].position.map(|p| p.line), Some(2));
    }

    #[test]
    fn the_prescan_lets_real_yaml_through() {
        let nested = "[".repeat(MAX_DEPTH);
        let ok = [
            "a: [1, [2, {b: \"[[[[\"}], '[{''']\nc: |\n  [[[[[[\n  {{{{\nd: ^[a-z]{1,3}$ # [[\n",
            "- - - x\n    - y\n- z\n",
            "e: it's [fine\nf: \"a\\\"[\"\n",
            &nested,
        ];
        for text in ok {
            assert_eq!(prescan(text).map(|_| ()), Ok(()), "{text}");
        }
        assert!(prescan(&"[".repeat(MAX_DEPTH + 1)).is_err());
        let specs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
        let texts = crate::load::read_dir(&specs).unwrap_or_default();
        assert!(!texts.is_empty());
        for (path, text) in texts {
            assert!(prescan(&text).is_ok(), "{path}");
        }
    }

    /// A service whose one `one_of` list is an alias bomb: ten aliases of
    /// ten aliases of … ten scalars, which serde_yaml expands while building the values.
    pub(crate) fn alias_bomb() -> String {
        let mut lists = vec!["&a [x, x, x, x, x, x, x, x, x, x]".to_owned()];
        for level in b'b'..=b'j' {
            let (previous, level) = (char::from(level - 1), char::from(level));
            lists.push(format!("&{level} [{}]", vec![format!("*{previous}"); 10].join(", ")));
        }
        format!(
            "service: widgets\nactions:\n  - name: A\n    request:\n      - name: B\n        rules:\n          - one_of: [{}]\n",
            lists.join(", ")
        )
    }

    #[test]
    fn an_alias_bomb_is_reported_at_its_first_alias() {
        let text = alias_bomb();
        let (diagnostics, _) = parse_counted(&text);
        let bomb = diagnostics
            .iter()
            .find(|d| d.message.contains("repetition limit exceeded"))
            .unwrap_or_else(|| panic!("no alias diagnostic: {diagnostics:?}"));
        let line = text.lines().nth(6).unwrap_or_default();
        let column = line.find("*a").map(|at| at + 1);
        assert_eq!(bomb.position.map(|p| (p.line, Some(p.column))), Some((7, column)));
    }

    /// A service whose action lists `count` fields, each with `required: nope`.
    fn misfits(count: usize) -> String {
        let mut text = "service: widgets\ntitle: W\nversion: \"2024-01-15\"\nsource:\n  document: w.txt\nactions:\n  - name: A\n    description: d\n    response: []\n    request:\n".to_owned();
        for i in 0..count {
            let _ = writeln!(
                text,
                "      - {{name: F{i}, type: string, description: d, required: nope}}"
            );
        }
        text
    }

    fn parse_service(text: &str) -> (Option<Loaded<ServiceSpec>>, Vec<Diagnostic>) {
        PARSER_RUNS.with(|runs| runs.set(0));
        let mut sink = Diagnostics::default();
        let loaded = parse::<ServiceSpec>("acme/widgets.yaml", text, &mut sink);
        (loaded, sink.into_result().err().unwrap_or_default())
    }

    #[test]
    fn every_misfit_is_reported_where_it_stands_and_left_out() {
        let text = misfits(3).replace("F1, type: string", "F1, type: [string]");
        let (loaded, diagnostics) = parse_service(&text);
        let found: Vec<(String, Option<Position>)> =
            diagnostics.iter().map(|d| (d.yaml_path.clone(), d.position)).collect();
        let at = |line, column| Some(Position { line, column });
        assert_eq!(
            found,
            [
                ("actions[0].request[0].required".to_owned(), at(11, 60)),
                ("actions[0].request[1].type".to_owned(), at(12, 26)),
                ("actions[0].request[1].required".to_owned(), at(12, 62)),
                ("actions[0].request[2].required".to_owned(), at(13, 60)),
            ],
            "{}",
            crate::diagnostic::render(&diagnostics)
        );
        // `type` is required: its field is left out, and not also reported as lacking it.
        let loaded = loaded.unwrap_or_else(|| panic!("no value"));
        let names: Vec<&str> =
            loaded.value.actions[0].request.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["F0", "F2"]);
        let pruned = loaded.locations.pruned();
        assert_eq!(
            pruned.paths(),
            [
                "actions[0].request[0].required",
                "actions[0].request[1]",
                "actions[0].request[2].required"
            ]
        );
        assert_eq!(pruned.file_path("actions[0].request[1].name"), "actions[0].request[2].name");
        // A pass per misfit and one for the missing `type`, one to read
        // through, and one to make sure the file is whole YAML.
        assert_eq!(PARSER_RUNS.with(Cell::get), 7);
    }

    #[test]
    fn passes_are_bounded_and_the_bound_is_reported() {
        let (loaded, diagnostics) = parse_service(&misfits(100));
        assert!(loaded.is_none());
        assert_eq!(PARSER_RUNS.with(Cell::get), MAX_PASSES + 1);
        assert_eq!(diagnostics.len(), MAX_PASSES + 1);
        let last = &diagnostics[MAX_PASSES];
        assert!(last.message.starts_with("stopped reading this file after 64 values"), "{last}");
        assert_eq!(last.yaml_path, "actions[0].request[63].required");
        // A larger file gets fewer passes: all of them parse at most MAX_PASS_BYTES.
        assert_eq!(passes_for(MAX_FILE_BYTES), 8);
        assert_eq!(passes_for(0), MAX_PASSES);
        assert_eq!(passes_for(usize::MAX), 1);
    }

    #[test]
    fn every_missing_top_level_key_is_reported_and_no_value_returned() {
        let (loaded, diagnostics) = parse_service("service: widgets\nextra: 1\n");
        assert!(loaded.is_none());
        let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "missing field `actions`",
                "missing field `source`",
                "missing field `title`",
                "missing field `version`",
                "unknown key `extra`",
            ]
        );
    }

    #[test]
    fn a_misfit_at_the_top_ends_the_file() {
        for text in ["- a\n", "just text\n"] {
            let (loaded, diagnostics) = parse_service(text);
            assert!(loaded.is_none());
            assert_eq!(diagnostics.len(), 1, "{text}: {diagnostics:?}");
        }
    }

    #[test]
    fn a_text_that_is_not_yaml_shows_its_syntax_error_alone() {
        // serde_yaml hands the deserializer the prefix before the error, in
        // which `service` is a list: that misfit is the cut's, not the author's.
        let text = "service: [\ntitle: x\n";
        let (loaded, diagnostics) = parse_service(text);
        assert!(loaded.is_none());
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert!(diagnostics[0].message.contains("while parsing a flow"), "{diagnostics:?}");
    }

    /// The wrapper that leaves misfits out must read a file with none exactly
    /// as serde_yaml alone does (`example: 86` is the string "86", anchors
    /// expand, `<<` is a plain key).
    #[test]
    fn a_file_without_misfits_reads_as_serde_yaml_reads_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut dirs = vec![root.join("specs")];
        for kind in ["ok", "err"] {
            let cases = std::fs::read_dir(root.join("tests/fixtures").join(kind));
            dirs.extend(cases.into_iter().flatten().flatten().map(|case| case.path()));
        }
        let mut compared = 0;
        for dir in dirs {
            for (path, text) in crate::load::read_dir(&dir).unwrap_or_default() {
                let plain = serde_yaml::from_str::<ServiceSpec>(&text).ok();
                if path.ends_with(crate::load::PROVIDER_FILE) || prescan(&text).is_err() {
                    continue;
                }
                let Some(plain) = plain else { continue };
                let (loaded, _) = parse_service(&text);
                let loaded = loaded.unwrap_or_else(|| panic!("{path} did not load"));
                assert!(loaded.locations.pruned().is_empty(), "{path}");
                let json = |v: &ServiceSpec| serde_json::to_value(v).ok();
                assert_eq!(json(&loaded.value), json(&plain), "{}: {path}", dir.display());
                compared += 1;
            }
        }
        assert!(compared > 40, "only {compared} files compared");
    }

    #[test]
    fn indexes_keys_and_sequence_items() {
        let index =
            index_locations("service: cam\nactions:\n  - name: A\n    request:\n      - name: B\n");
        assert_eq!(index.find("service"), Some(Position { line: 1, column: 1 }));
        assert_eq!(index.find("actions[0]"), Some(Position { line: 3, column: 5 }));
        assert_eq!(index.find("actions[0].request[0].name"), Some(Position { line: 5, column: 9 }));
    }
}
