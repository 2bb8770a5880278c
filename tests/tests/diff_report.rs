//! The semantic diff of a realistic spec change, as a reviewer sees it.
//!
//! The change, made in memory on the real `specs/`: CAM's `UpdateUser` gains an
//! optional `Nickname` parameter and the error code that goes with it, and EIAM
//! lowers `DisplayName`'s length limit from 128 to 64 characters (the doc's
//! description says so too). The Markdown (as posted on a pull request), the
//! plain text and the generated-code diff are kept as snapshots in
//! `tests/tests/snapshots/diff/`; the JSON is checked field by field and against
//! the documented schema `docs/diff-report.schema.json`.
//!
//! Accept intended changes with `INSTA_UPDATE=always cargo test -p tests --test diff_report`
//! and review the `.snap` files.

use std::collections::BTreeMap;
use std::error::Error;
use std::path::{Path, PathBuf};

use codegen::diff::render::{Format, render};
use codegen::diff::{Report, Rust, Wire};
use serde_json::Value;

type TestResult = Result<(), Box<dyn Error>>;
type Specs = BTreeMap<String, String>;
/// (service, action, location, kind id, wire, rust).
type Row<'a> = (&'a str, Option<&'a str>, &'a str, &'a str, Wire, Rust);

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The real specs (base) and the realistic change (head).
fn sides() -> Result<(Specs, Specs), Box<dyn Error>> {
    let base = codegen::load::read_dir(&tests::specs_dir())?;
    let mut head = base.clone();
    let cam = "tencentcloud/cam.yaml";
    tests::replace_once(
        &mut head,
        cam,
        "        description: Email\n    response:\n",
        "        description: Email\n      - name: Nickname\n        type: string\n        description: Sub-user nickname\n    response:\n",
    )?;
    tests::replace_once(
        &mut head,
        cam,
        "        description: Invalid username.\n",
        "        description: Invalid username.\n      - code: InvalidParameter.NicknameIllegal\n        description: Invalid nickname.\n",
    )?;
    let eiam = "alibabacloud/eiam.yaml";
    tests::replace_once(
        &mut head,
        eiam,
        "The maximum length is 128 characters.",
        "The maximum length is 64 characters.",
    )?;
    tests::replace_once(
        &mut head,
        eiam,
        "          - length: { max: 128 }\n",
        "          - length: { max: 64 }\n",
    )?;
    Ok((base, head))
}

fn compile(specs: &Specs) -> Result<codegen::model::Model, String> {
    codegen::compile(specs).map_err(|problems| codegen::diagnostic::render(&problems))
}

/// The realistic change's report, with each change's spec line (as the CLI prints it).
fn report() -> Result<Report, Box<dyn Error>> {
    let (base, head) = sides()?;
    let mut report = codegen::diff::diff(&compile(&base)?, &compile(&head)?);
    report.locate(&base, &head);
    Ok(report)
}

macro_rules! snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({
            snapshot_path => "snapshots/diff",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!($name, $value);
        })
    };
}

#[test]
fn the_realistic_change_is_classified() -> TestResult {
    let report = report()?;
    // Sorted by service, action, location, then kind (in `Kind` declaration order).
    let found: Vec<Row<'_>> = report
        .changes
        .iter()
        .map(|c| {
            (
                c.service.as_str(),
                c.action.as_deref(),
                c.location.as_str(),
                c.kind.id(),
                c.wire,
                c.rust,
            )
        })
        .collect();
    let eiam = "alibabacloud/eiam 2021-12-01";
    let cam = "tencentcloud/cam 2019-01-16";
    let action = Some("UpdateUser");
    assert_eq!(
        found,
        [
            (eiam, action, "request.DisplayName", "length-tightened", Wire::Breaking, Rust::Patch),
            (eiam, action, "request.DisplayName", "description-changed", Wire::Info, Rust::Patch),
            (
                cam,
                action,
                "errors.InvalidParameter.NicknameIllegal",
                "error-code-added",
                Wire::NonBreaking,
                Rust::Minor
            ),
            (cam, action, "request.Nickname", "field-added", Wire::NonBreaking, Rust::Minor),
        ]
    );
    Ok(())
}

#[test]
fn markdown_report_snapshot() -> TestResult {
    let markdown = render(&report()?, Format::Markdown, false);
    snapshot!("realistic_change_markdown", markdown);
    Ok(())
}

#[test]
fn text_report_snapshot() -> TestResult {
    let text = render(&report()?, Format::Text, false);
    assert!(!text.contains('\u{1b}'), "no colour when not asked for");
    snapshot!("realistic_change_text", text);
    Ok(())
}

#[test]
fn coloured_text_report_differs_only_by_ansi_styles() -> TestResult {
    let report = report()?;
    let coloured = render(&report, Format::Text, true);
    assert!(coloured.contains("\u{1b}["), "colour when asked for");
    let plain = render(&report, Format::Text, false);
    assert_eq!(strip_ansi(&coloured), plain);
    Ok(())
}

fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: ESC [ parameters final-byte (a letter).
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn code_diff_snapshot() -> TestResult {
    let (base, head) = sides()?;
    let code = codegen::diff::code::code_diff(&compile(&base)?, &compile(&head)?);
    snapshot!("realistic_change_code", code);
    Ok(())
}

#[test]
fn json_report_has_the_summary_and_every_change() -> TestResult {
    let json: Value = serde_json::from_str(&render(&report()?, Format::Json, false))?;
    assert_eq!(json["format_version"], codegen::diff::REPORT_FORMAT_VERSION);
    let summary = &json["summary"];
    assert_eq!(summary["breaking"], 1);
    assert_eq!(summary["may_break"], 0);
    assert_eq!(summary["non_breaking"], 2);
    assert_eq!(summary["info"], 1);
    assert_eq!(summary["wire"], "breaking");
    assert_eq!(summary["rust"], "minor");
    assert_eq!(summary["suggested_bump"], "minor");
    let changes = json["changes"].as_array().ok_or("changes is an array")?;
    assert_eq!(changes.len(), 4);
    let tightened = changes
        .iter()
        .find(|c| c["kind"] == "length-tightened")
        .ok_or("a length-tightened change")?;
    assert_eq!(tightened["service"], "alibabacloud/eiam 2021-12-01");
    assert_eq!(tightened["action"], "UpdateUser");
    assert_eq!(tightened["location"], "request.DisplayName");
    assert_eq!(tightened["before"], "≤ 128");
    assert_eq!(tightened["after"], "≤ 64");
    assert_eq!(tightened["wire"], "breaking");
    assert_eq!(tightened["rust"], "patch");
    let added =
        changes.iter().find(|c| c["kind"] == "field-added").ok_or("a field-added change")?;
    assert_eq!(added["location"], "request.Nickname");
    assert_eq!(added["before"], Value::Null);
    assert_eq!(added["after"], "string");
    Ok(())
}

#[test]
fn the_report_schema_file_is_fresh() -> TestResult {
    let path = root().join("docs/diff-report.schema.json");
    let on_disk = std::fs::read_to_string(&path)?;
    assert!(
        on_disk == codegen::diff::report_schema(),
        "{} is stale; run `cargo run -p codegen -- schema --diff-report > docs/diff-report.schema.json`",
        path.display()
    );
    Ok(())
}

#[test]
fn json_reports_validate_against_the_schema() -> TestResult {
    let schema: Value = serde_json::from_str(&codegen::diff::report_schema())?;
    let (base, head) = sides()?;
    let (old, new) = (compile(&base)?, compile(&head)?);
    // The realistic change, no change at all, and the change undone (other kinds).
    for (name, report) in [
        ("realistic", report()?),
        ("empty", codegen::diff::diff(&old, &old)),
        ("reverse", codegen::diff::diff(&new, &old)),
    ] {
        let json: Value = serde_json::from_str(&render(&report, Format::Json, false))?;
        let mut problems = Vec::new();
        validate(&schema, &schema, &json, "$", &mut problems);
        assert!(problems.is_empty(), "{name}: {problems:#?}");
    }
    // The validator does catch a report that breaks the schema.
    let mut bad: Value =
        serde_json::from_str(&render(&codegen::diff::diff(&old, &new), Format::Json, false))?;
    bad["changes"][0]["kind"] = "renamed".into();
    bad["summary"]["undocumented"] = 1.into();
    let mut problems = Vec::new();
    validate(&schema, &schema, &bad, "$", &mut problems);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    Ok(())
}

/// A small JSON Schema validator for the keywords the report schema uses
/// (`$ref`, `type`, `properties`, `required`, `items`, `oneOf`, `anyOf`,
/// `const`, `minimum`), stricter in one way: every key of an object must be
/// documented in its `properties`.
fn validate(root: &Value, schema: &Value, value: &Value, at: &str, problems: &mut Vec<String>) {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.trim_start_matches("#/$defs/");
        validate(root, &root["$defs"][name], value, at, problems);
    }
    if let Some(expected) = schema.get("type") {
        let types: Vec<&str> = match expected {
            Value::String(one) => vec![one.as_str()],
            Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let actual = match value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        };
        if !types.contains(&actual) {
            problems.push(format!("{at}: {actual} is not {types:?}"));
            return;
        }
    }
    if let Some(constant) = schema.get("const")
        && constant != value
    {
        problems.push(format!("{at}: {value} is not {constant}"));
    }
    if let (Some(minimum), Some(number)) = (schema["minimum"].as_f64(), value.as_f64())
        && number < minimum
    {
        problems.push(format!("{at}: {number} is below {minimum}"));
    }
    for (keyword, exactly_one) in [("oneOf", true), ("anyOf", false)] {
        if let Some(options) = schema[keyword].as_array() {
            let matching = options
                .iter()
                .filter(|option| {
                    let mut inner = Vec::new();
                    validate(root, option, value, at, &mut inner);
                    inner.is_empty()
                })
                .count();
            if matching == 0 || (exactly_one && matching > 1) {
                problems.push(format!("{at}: {value} matches {matching} of {keyword}"));
            }
        }
    }
    if let Some(object) = value.as_object() {
        let properties = schema["properties"].as_object();
        for required in schema["required"].as_array().into_iter().flatten() {
            if let Some(key) = required.as_str()
                && !object.contains_key(key)
            {
                problems.push(format!("{at}: missing `{key}`"));
            }
        }
        if let Some(properties) = properties {
            for (key, item) in object {
                match properties.get(key) {
                    Some(property) => {
                        validate(root, property, item, &format!("{at}.{key}"), problems);
                    }
                    None => problems.push(format!("{at}: undocumented key `{key}`")),
                }
            }
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
        for (i, item) in array.iter().enumerate() {
            validate(root, items, item, &format!("{at}[{i}]"), problems);
        }
    }
}

/// The command-line shape of the same change: the Markdown a CI job would post.
#[test]
fn markdown_reads_as_a_pull_request_comment() -> TestResult {
    let markdown = render(&report()?, Format::Markdown, false);
    let lines: Vec<&str> = markdown.lines().collect();
    assert_eq!(lines.first(), Some(&"## Spec changes"));
    // Summary table first, then one section per service and action.
    let summary = markdown.find("Suggested version bump").ok_or("summary")?;
    let first_section = markdown.find("### ").ok_or("sections")?;
    assert!(summary < first_section);
    assert!(markdown.contains("### `alibabacloud/eiam 2021-12-01` · `UpdateUser`"));
    assert!(markdown.contains("### `tencentcloud/cam 2019-01-16` · `UpdateUser`"));
    // Every table row has as many cells as its header.
    for line in lines.iter().filter(|l| l.starts_with('|')) {
        let pipes = line.matches('|').count() - line.matches("\\|").count();
        assert!(pipes == 6 || pipes == 7, "odd row: {line}");
    }
    Ok(())
}

/// Two runs over the same two revisions give the same report, byte for byte.
#[test]
fn the_report_is_deterministic() -> TestResult {
    let renders = |report: &Report| {
        [Format::Text, Format::Markdown, Format::Json].map(|f| render(report, f, false))
    };
    let (first, second) = (report()?, report()?);
    assert_eq!(first, second);
    assert_eq!(renders(&first), renders(&second));
    let (base, head) = sides()?;
    let code = || -> Result<String, String> {
        Ok(codegen::diff::code::code_diff(&compile(&base)?, &compile(&head)?))
    };
    assert_eq!(code()?, code()?);
    Ok(())
}
