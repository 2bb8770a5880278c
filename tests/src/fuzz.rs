//! The bodies of the fuzz targets in `fuzz/fuzz_targets/`, shared with the stable replay test.
//!
//! Each `fuzz/fuzz_targets/<target>.rs` is one line calling the function of the
//! same name here, and `tests/tests/fuzz_regressions.rs` runs every file of
//! `fuzz/corpus/<target>/` and `fuzz/regressions/<target>/` through the same
//! function on stable Rust, so CI replays exactly what fuzzing ran, without
//! nightly or cargo-fuzz.
//!
//! The property every target checks is "no panic, no hang": any input, however
//! hostile, must end in a value or in a reported problem. A target panics only
//! where the code under test broke one of its own promises (the emitter must
//! accept whatever the checker accepted).

use std::collections::BTreeMap;

use cloud_api_types::Operation;
use cloud_api_types::http::{HeaderMap, HeaderValue, StatusCode};
use codegen::diagnostic::Diagnostic;

use crate::scratch::Specs;

/// The largest spec file the replay test expects the loader to handle in full.
/// Larger inputs must be refused (the loading limits being added to
/// `codegen/src/yaml.rs` refuse files over 1 MiB before parsing); this bound is
/// what "handled within a generous bound" means without timing anything.
pub const SPEC_INPUT_LIMIT: usize = 1024 * 1024;

/// Separates a provider file from a service file in one `spec_loader` input.
/// NUL never occurs in a spec (YAML forbids it), so the split is unambiguous.
pub const SPEC_SEPARATOR: char = '\0';

/// A provider file used when an input holds only a service file.
/// `{provider}` is replaced by the provider's name.
const STOCK_PROVIDER: &str = "provider: {provider}
title: Fuzz Cloud
protocol: tencent-api3
envelope:
  wrapper: Response
  error_object: Error
  code: Code
  message: Message
  request_id: RequestId
violation_codes:
  missing: MissingParameter
  invalid: InvalidParameter
common_errors:
  - code: MissingParameter
    description: A required parameter is missing.
  - code: InvalidParameter
    description: A parameter is invalid.
";

/// A service file used when an input holds only a provider file.
const STOCK_SERVICE: &str = "service: stock
title: Stock
version: \"2024-01-01\"
source:
  document: stock.txt
actions:
  - name: Ping
    description: Answers.
    request:
      - name: Name
        type: string
        description: A name.
    response:
      - name: RequestId
        type: string
        required: true
        description: Request ID.
";

/// What `spec_loader` did with the spec set built from its input.
#[derive(Debug, Clone)]
pub struct SpecRun {
    /// The spec set compiled (path → text).
    pub specs: Specs,
    /// Accepted (and emitted, and formatted), or every problem reported.
    pub result: Result<(), Vec<Diagnostic>>,
}

impl SpecRun {
    /// Why this run breaks the loader's promise to a refused input: every
    /// refusal names at least one spec file of the set and a line:column in it.
    pub fn refusal_problem(&self) -> Option<String> {
        let Err(diagnostics) = &self.result else { return None };
        if diagnostics.is_empty() {
            return Some("refused without a diagnostic".to_owned());
        }
        let located =
            diagnostics.iter().any(|d| self.specs.contains_key(&d.file) && d.position.is_some());
        if located {
            return None;
        }
        let shown: Vec<String> = diagnostics.iter().take(5).map(ToString::to_string).collect();
        Some(format!(
            "refused, but no diagnostic names a spec file and a position:\n{}",
            shown.join("\n")
        ))
    }
}

/// Target `spec_loader`: bytes → a spec set of two files → `codegen::compile`,
/// and for an accepted set the emitter and the formatter too (the checker
/// promises that whatever it accepts can be emitted).
///
/// The input is read as UTF-8 (lossily) and split at the first NUL into a
/// provider file and a service file. Without a NUL it is one file: a provider
/// file (it has a `provider:` line) paired with a stock service, or a service
/// file paired with a stock provider. Folder and file names are taken from the
/// input's `provider:` and `service:` lines, so a real spec set keeps the names
/// it is checked against.
pub fn spec_loader(data: &[u8]) -> SpecRun {
    let text = String::from_utf8_lossy(data);
    let specs = match text.split_once(SPEC_SEPARATOR) {
        Some((provider, service)) => spec_set(provider, service),
        None if text.lines().any(|line| line.starts_with("provider:")) => {
            spec_set(&text, STOCK_SERVICE)
        }
        None => {
            let provider = STOCK_PROVIDER.replace("{provider}", "fuzz");
            spec_set(&provider, &text)
        }
    };
    compile_and_emit(specs)
}

/// `provider` at `<name>/provider.yaml` and `service` at `<name>/<service>.yaml`.
fn spec_set(provider: &str, service: &str) -> Specs {
    let folder = top_level_value(provider, "provider").unwrap_or("fuzz");
    let stem = top_level_value(service, "service").unwrap_or("service");
    // A service named `provider` would take the provider file's place.
    let stem = if stem == "provider" { "service" } else { stem };
    BTreeMap::from([
        (format!("{folder}/provider.yaml"), provider.to_owned()),
        (format!("{folder}/{stem}.yaml"), service.to_owned()),
    ])
}

/// The value of a top-level `key: value` line, when it is a plain name usable
/// as a path segment (letters, digits, `-`, `_`, at most 64 of them); one linear
/// pass over the lines.
fn top_level_value<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines().find_map(|line| {
        let value = line.strip_prefix(key)?.strip_prefix(':')?.trim().trim_matches(['"', '\'']);
        let plain = !value.is_empty()
            && value.len() <= 64
            && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        plain.then_some(value)
    })
}

fn compile_and_emit(specs: Specs) -> SpecRun {
    let result = codegen::compile(&specs).map(|model| {
        let emitted = codegen::emit::emit(&model);
        for file in &emitted.files {
            // Formatting parses the emitted tokens with syn: it panics on invalid Rust.
            let _ = codegen::files::render(file);
        }
    });
    SpecRun { specs, result }
}

/// Runs `f` for each of the five generated actions of `cloud-api-types`.
macro_rules! each_action {
    ($f:ident($($arg:expr),*)) => {{
        use cloud_api_types::alibabacloud::{cloudsso::v20210515 as cloudsso, eiam::v20211201 as eiam};
        use cloud_api_types::tencentcloud::{
            cam::v20190116 as cam, ciam::v20220331 as ciam, organization::v20210331 as organization,
        };
        $f::<cam::UpdateUser>($($arg),*);
        $f::<ciam::UpdateUser>($($arg),*);
        $f::<organization::UpdateUser>($($arg),*);
        $f::<cloudsso::UpdateUser>($($arg),*);
        $f::<eiam::UpdateUser>($($arg),*);
    }};
}

/// Target `request_decode`: bytes → `decode_request` of each generated action,
/// and the same bytes (read as UTF-8, lossily) as a flattened query through
/// `decode_query`; for UTF-8 input also the registry's `replay_request`, which
/// also decodes with the serde derive and compares, and `replay_query`. The
/// results are formatted, so `Debug` and `Display` of requests and violations
/// run on hostile values too.
pub fn request_decode(data: &[u8]) {
    fn one<O: Operation>(data: &[u8], query: &str) {
        for decoded in [O::decode_request(data), O::decode_query(query)] {
            let _ = format!("{decoded:?}");
            if let Err(errors) = decoded {
                let _ = errors.to_string();
            }
        }
    }
    let query = String::from_utf8_lossy(data);
    each_action!(one(data, &query));
    if let Ok(text) = std::str::from_utf8(data) {
        for operation in cloud_api_types::operations() {
            let _ = format!("{:?}", (operation.replay_request)(text));
            let _ = format!("{:?}", (operation.replay_query)(text));
        }
    }
}

/// Common statuses, picked by a first byte below their count.
const STATUSES: [u16; 16] =
    [200, 201, 204, 301, 304, 400, 401, 403, 404, 409, 429, 500, 502, 503, 504, 599];

/// Target `response_parse`: the first byte picks an HTTP status (one of
/// [`STATUSES`], or `100 + 2 × byte`) and, when odd, adds an
/// `x-acs-request-id` header; the rest is the body, parsed by each generated
/// action's `parse_http_response` and (for UTF-8) `parse_response`.
pub fn response_parse(data: &[u8]) {
    let Some((&first, body)) = data.split_first() else { return };
    let code = STATUSES.get(usize::from(first)).copied().unwrap_or(100 + 2 * u16::from(first));
    // 100..=610 are all valid status codes; the fallback only keeps this total.
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::OK);
    let mut headers = HeaderMap::new();
    if first % 2 == 1 {
        headers.insert("x-acs-request-id", HeaderValue::from_static("fuzz-request-id"));
    }
    fn one<O: Operation>(status: StatusCode, headers: &HeaderMap, body: &[u8]) {
        let parsed = O::parse_http_response(status, headers, body);
        let _ = format!("{parsed:?}");
        if let Err(error) = parsed {
            let _ = error.to_string();
        }
        if let Ok(text) = std::str::from_utf8(body) {
            let _ = format!("{:?}", O::parse_response(text));
        }
    }
    each_action!(one(status, &headers, body));
    if let Ok(text) = std::str::from_utf8(body) {
        for operation in cloud_api_types::operations() {
            let _ = format!("{:?}", (operation.replay_response)(text));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_split_into_named_files() {
        let run = spec_loader(b"provider: acme\0service: widgets\n");
        let paths: Vec<&String> = run.specs.keys().collect();
        assert_eq!(paths, ["acme/provider.yaml", "acme/widgets.yaml"]);
        let run = spec_loader(b"service: \"cam\"\n");
        let paths: Vec<&String> = run.specs.keys().collect();
        assert_eq!(paths, ["fuzz/cam.yaml", "fuzz/provider.yaml"]);
        // A provider name that is no plain path segment falls back to `fuzz`.
        let run = spec_loader(b"provider: a/b\n");
        let paths: Vec<&String> = run.specs.keys().collect();
        assert_eq!(paths, ["fuzz/provider.yaml", "fuzz/stock.yaml"]);
    }

    #[test]
    fn the_stock_files_compile_together() {
        let run = spec_loader(STOCK_PROVIDER.replace("{provider}", "fuzz").as_bytes());
        assert!(run.result.is_ok(), "{:?}", run.result);
    }
}
