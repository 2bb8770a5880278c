//! The only module that knows YAML: text → spec types, plus where each node sits.
//!
//! `serde_yaml` does the deserializing (it is archived upstream; swapping it for
//! another serde YAML crate is a change to this file alone). Unknown keys are
//! collected with `serde_ignored` rather than rejected by serde, so one run
//! reports all of them. Positions come from a separate pass over
//! `saphyr-parser` events, because serde deserializers do not expose spans.

use std::fmt::Write as _;

use saphyr_parser::{Event, Parser};
use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostics, FileReporter, LocationIndex, Locations, Position};
use crate::spec::Loaded;

/// Parses one spec file. Problems go to `sink`; the value is returned whenever
/// it could be built at all, so later checks can still report theirs.
pub fn parse<T: DeserializeOwned>(
    path: &str,
    text: &str,
    sink: &mut Diagnostics,
) -> Option<Loaded<T>> {
    let locations = Locations::new(text, index_locations);
    let mut unknown_keys = Vec::new();
    let result: Result<T, serde_yaml::Error> =
        serde_ignored::deserialize(serde_yaml::Deserializer::from_str(text), |key| {
            unknown_keys.push(yaml_path(&key));
        });
    let mut report = FileReporter::new(path, &locations, sink);
    for key in &unknown_keys {
        let name = key.rsplit('.').next().unwrap_or(key);
        report.error(
            key,
            format!("unknown key `{name}`"),
            "remove it or fix its spelling; specs/README.md lists the keys allowed at each level",
        );
    }
    match result {
        Ok(value) => Some(Loaded { path: path.to_owned(), value, locations }),
        Err(error) => {
            sink.push(syntax_diagnostic(path, &error));
            None
        }
    }
}

fn syntax_diagnostic(path: &str, error: &serde_yaml::Error) -> crate::diagnostic::Diagnostic {
    let position = error.location().map(|at| Position { line: at.line(), column: at.column() });
    // serde_yaml ends its message with the location, which is shown separately;
    // any earlier location ("while scanning a quoted scalar at line 8") stays.
    let mut message = error.to_string();
    if let (Some(at), Some(position)) = (message.rfind(" at line "), position)
        && message[at..] == format!(" at line {} column {}", position.line, position.column)
    {
        message.truncate(at);
    }
    let (yaml_path, message) = match message.split_once(": ") {
        Some((prefix, rest)) if !prefix.contains(' ') => (prefix.to_owned(), rest.to_owned()),
        _ => (String::new(), message),
    };
    crate::diagnostic::Diagnostic {
        file: path.to_owned(),
        position,
        yaml_path,
        message,
        help: Some("fix the YAML so it matches the spec format (specs/README.md)".to_owned()),
    }
}

/// `serde_ignored`'s path in the notation diagnostics use: `actions[0].request[2].foo`.
fn yaml_path(path: &serde_ignored::Path<'_>) -> String {
    use serde_ignored::Path;
    match path {
        Path::Root => String::new(),
        Path::Seq { parent, index } => format!("{}[{index}]", yaml_path(parent)),
        Path::Map { parent, key } => join(&yaml_path(parent), key),
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => yaml_path(parent),
    }
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
    use super::*;

    #[test]
    fn indexes_keys_and_sequence_items() {
        let index =
            index_locations("service: cam\nactions:\n  - name: A\n    request:\n      - name: B\n");
        assert_eq!(index.find("service"), Some(Position { line: 1, column: 1 }));
        assert_eq!(index.find("actions[0]"), Some(Position { line: 3, column: 5 }));
        assert_eq!(index.find("actions[0].request[0].name"), Some(Position { line: 5, column: 9 }));
    }
}
