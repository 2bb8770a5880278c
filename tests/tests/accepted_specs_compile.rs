//! Property: every spec set the checker accepts generates a crate that compiles.
//!
//! Cases are derived with proptest strategies by editing valid spec sets (each
//! `tests/fixtures/ok/` set and each provider of `specs/`): renaming types,
//! fields, actions and error codes to odd but possibly valid names (keywords,
//! prelude and runtime names, Unicode letters, digits after a letter, very long
//! names), adding fields of every type and array nesting, adding rules of every
//! kind at edge limits, and writing descriptions with Markdown, HTML, code
//! fences, control and bidi characters and URLs. Whatever `codegen::compile`
//! refuses is dropped (refusing is the checker's right); whatever it accepts
//! must build.
//!
//! Compiling is the expensive part, so the accepted cases are batched: each
//! case gets a provider of its own (`p0`, `p1`, …), a batch of them is one spec
//! set, generated into one scratch crate (`tests/src/scratch.rs`) under
//! `target/accepted-specs/` and checked with one `cargo check`, sharing the
//! fixture crates' target dir (`target/fixture-crates/target`) so the
//! dependencies build once. A batch that fails is checked again case by case,
//! and each failing case is printed whole: its spec files and cargo's errors.
//!
//! Bounds: `COMPILE_PROPERTY_CASES` cases (default [`CI_CASES`], a few seconds
//! of cargo once the dependencies are built), seed `COMPILE_PROPERTY_SEED`
//! (default 0, so CI is deterministic). The full run (README "Fuzzing"):
//!
//! ```text
//! COMPILE_PROPERTY_CASES=500 COMPILE_PROPERTY_SEED=$RANDOM cargo test -p tests --test accepted_specs_compile
//! ```
//!
//! No shrinking: one shrink step would be one cargo run. A failing case is
//! printed whole (its spec files, as generated) with cargo's errors; minimize
//! it by hand into a fixture: under `tests/fixtures/err/` with the diagnostic
//! the checker should give, or under `tests/fixtures/ok/` once the emitter
//! handles it (`fixtures_compile.rs` then compiles it in every run).

use std::collections::BTreeMap;
use std::error::Error;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use codegen::spec::{
    ActionSpec, Bounds, ErrorSpec, FieldSpec, ProviderSpec, Range, RuleSpec, ServiceSpec, TypeExpr,
    TypeSpec,
};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use tests::scratch::{self, Specs};

type TestResult = Result<(), Box<dyn Error>>;

/// Cases in CI (`cargo test --workspace`): one batch, one `cargo check`.
const CI_CASES: usize = 24;

/// Cases per generated crate: one `cargo check` each.
const BATCH: usize = 25;

// ---------------------------------------------------------------------------
// What the strategies pick from.

/// Odd names that may still be valid: keywords, names the generated code or
/// its prelude uses, Unicode letters, digits after a letter, separators.
const NAMES: &[&str] = &[
    // Keywords, reserved words and raw-identifier traps.
    "type",
    "Type",
    "match",
    "self",
    "Self",
    "crate",
    "super",
    "async",
    "await",
    "dyn",
    "gen",
    "try",
    "union",
    "static",
    "macro_rules",
    "abstract",
    "yield",
    "Mod",
    "Fn",
    "Impl",
    "Where",
    "Box",
    "Struct",
    "Enum",
    "Trait",
    "Loop",
    "True",
    "False",
    // Prelude, std and runtime names the generated modules may use.
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Iterator",
    "From",
    "Into",
    "ToString",
    "ToOwned",
    "Debug",
    "Display",
    "Serialize",
    "Deserialize",
    "Validate",
    "Operation",
    "OperationInfo",
    "DecodeJson",
    "Value",
    "Error",
    "Request",
    "Response",
    "Unknown",
    "Service",
    "Http",
    "Malformed",
    "Rule",
    "Violation",
    "ApiError",
    "Map",
    "rt",
    "serde",
    "serde_json",
    "std",
    "core",
    "alloc",
    "cloud_api_runtime",
    "test",
    "str",
    "u8",
    "i64",
    "bool",
    "char",
    "usize",
    "new",
    "validate",
    "from_code",
    "code",
    "fmt",
    "builder",
    "KNOWN_CODES",
    "ENDPOINTS",
    "PROVIDER",
    "ACTION",
    "operations",
    // Unicode letters (wire names may be any text; type names must be ASCII).
    "Ñame",
    "名前",
    "Ωmega",
    "Straße",
    "ǅemo",
    "İd",
    "ﬁle",
    "café",
    "cafe\u{301}",
    "Ⅻ",
    "ⅰx",
    "ΣΑΣ",
    "ʼn",
    "ǈj",
    // Digits after a letter, underscores, separators.
    "a1",
    "A1b2",
    "x9_9",
    "H2O",
    "v2",
    "T1",
    "E1",
    "_1x",
    "_x",
    "x_",
    "Foo__Bar",
    "__init",
    "FOO",
    "fooBAR",
    "Foo.Bar",
    "Foo-Bar",
    "foo bar",
    "Id",
    "ID",
    "IDs",
    "X",
];

/// Descriptions that must come out as inert rustdoc.
const TEXTS: &[&str] = &[
    "Plain words.",
    "*/ /* not a comment */ //! inner doc",
    "```rust\nfn main() { compile_error!(\"doc code must not run\") }\n```",
    "```\nan unclosed fence",
    "<script>alert(1)</script> <details><summary>x</summary>",
    "[link](https://example.com/a_(b)) and https://example.com/?q=1&r=2#frag <https://x.y>",
    "bidi \u{202E}evil\u{202C} and \u{2066}isolate\u{2069}",
    "controls \u{1}\u{7}\u{1b}[31m red \u{7f}",
    "line\r\nbreaks\rand\u{2028}separators\u{2029}",
    "a trailing backslash \\",
    "\"double\" 'single' `tick` ``double tick`` ```",
    "#[doc = \"x\"] #![deny(warnings)] /// doc",
    "# Heading\n\n- list\n  1. nested\n\n| table | x |\n|---|---|",
    "{{}} {0} {name} %s \\n \\u{0}",
    "emoji 🦀 and a zero\u{200B}width space and a \u{FEFF}BOM",
    "",
    "   ",
    "[^note] [broken link] [`Self`] [crate::Foo] [Vec<T>]",
];

/// Regular expressions for `pattern` rules, each valid in the `regex` crate.
const PATTERNS: &[&str] = &[
    "^$",
    "^[a-z]+$",
    "\\\\",
    "\"",
    "\"#",
    "'",
    "^\\p{L}+$",
    "(?i)abc",
    "\u{202E}",
    "^.{0,1000}$",
    "[\\x00-\\x1f]",
    "(a|b)*c",
    "#",
    "}",
    "{",
    "\\{\\}",
    "^\\d{6,15}$",
    "\\u{1F980}",
    "$^",
];

/// Strings for `one_of` rules.
const ONE_OF_STRINGS: &[&str] =
    &["", "a", "\"", "\\", "\"#", "Ñ", "🦀", "\u{202E}", "line\nbreak", "}", "r#\"x\"#", " "];

/// Integers at the edges, for `range` and `one_of`.
const INTEGERS: &[i64] = &[i64::MIN, i64::MIN + 1, -1, 0, 1, 5, i64::MAX - 1, i64::MAX];

/// Counts at the edges, for `length` and `items`.
const COUNTS: &[u64] = &[0, 1, 2, 255, 65_536, u32::MAX as u64, u64::MAX - 1, u64::MAX];

// ---------------------------------------------------------------------------
// Edits.

/// A type for a new field: a built-in or named item type inside `arrays` arrays.
#[derive(Debug, Clone)]
struct TypeShape {
    /// 0 string, 1 integer, 2 boolean, 3 json, 4 a declared type, 5 a new type.
    item: u8,
    /// Index of the declared type (modulo their count).
    pick: usize,
    arrays: u8,
}

/// A rule; the kind that fits the field's type is taken at apply time.
#[derive(Debug, Clone)]
struct RuleShape {
    kind: u8,
    min: Option<usize>,
    max: Option<usize>,
    pattern: usize,
    strings: Vec<usize>,
    integers: Vec<usize>,
    sibling: usize,
    code: u8,
    advisory: bool,
    explain: usize,
}

/// One edit of a service (indices are taken modulo what the service has).
#[derive(Debug, Clone)]
enum Edit {
    RenameType {
        ty: usize,
        name: usize,
    },
    RenameField {
        site: usize,
        field: usize,
        name: usize,
    },
    RenameAction {
        action: usize,
        name: usize,
    },
    RenameError {
        action: usize,
        error: usize,
        name: usize,
    },
    AddError {
        action: usize,
        name: usize,
        text: usize,
        status: Option<u16>,
    },
    AddField {
        site: usize,
        name: usize,
        ty: TypeShape,
        flags: u8,
        text: usize,
        rule: Option<RuleShape>,
    },
    AddRule {
        site: usize,
        field: usize,
        rule: RuleShape,
    },
    Describe {
        site: usize,
        field: Option<usize>,
        text: usize,
    },
    DropExamples,
}

/// A case: a base spec set, the service edited in each edit, and the edits.
#[derive(Debug, Clone)]
struct Case {
    base: usize,
    edits: Vec<(usize, Edit)>,
}

fn type_shape() -> impl Strategy<Value = TypeShape> {
    (0u8..6, any::<usize>(), prop_oneof![3 => Just(0u8), 2 => 1u8..3, 1 => 3u8..6])
        .prop_map(|(item, pick, arrays)| TypeShape { item, pick, arrays })
}

fn rule_shape() -> impl Strategy<Value = RuleShape> {
    let index = || any::<usize>();
    (
        (any::<u8>(), proptest::option::of(index()), proptest::option::of(index()), index()),
        (
            proptest::collection::vec(index(), 1..4),
            proptest::collection::vec(index(), 1..4),
            index(),
            0u8..3,
            any::<bool>(),
            index(),
        ),
    )
        .prop_map(
            |((kind, min, max, pattern), (strings, integers, sibling, code, advisory, explain))| {
                RuleShape {
                    kind,
                    min,
                    max,
                    pattern,
                    strings,
                    integers,
                    sibling,
                    code,
                    advisory,
                    explain,
                }
            },
        )
}

fn edit() -> impl Strategy<Value = Edit> {
    let i = || any::<usize>();
    prop_oneof![
        2 => (i(), i()).prop_map(|(ty, name)| Edit::RenameType { ty, name }),
        3 => (i(), i(), i()).prop_map(|(site, field, name)| Edit::RenameField { site, field, name }),
        2 => (i(), i()).prop_map(|(action, name)| Edit::RenameAction { action, name }),
        2 => (i(), i(), i()).prop_map(|(action, error, name)| Edit::RenameError { action, error, name }),
        1 => (i(), i(), i(), proptest::option::of(prop_oneof![Just(100u16), Just(200), Just(404), Just(599), Just(999)]))
            .prop_map(|(action, name, text, status)| Edit::AddError { action, name, text, status }),
        4 => (i(), i(), type_shape(), any::<u8>(), i(), proptest::option::of(rule_shape()))
            .prop_map(|(site, name, ty, flags, text, rule)| Edit::AddField { site, name, ty, flags, text, rule }),
        3 => (i(), i(), rule_shape()).prop_map(|(site, field, rule)| Edit::AddRule { site, field, rule }),
        3 => (i(), proptest::option::of(i()), i()).prop_map(|(site, field, text)| Edit::Describe { site, field, text }),
        1 => Just(Edit::DropExamples),
    ]
}

fn case(bases: usize) -> impl Strategy<Value = Case> {
    (0..bases, proptest::collection::vec((any::<usize>(), edit()), 1..7))
        .prop_map(|(base, edits)| Case { base, edits })
}

// ---------------------------------------------------------------------------
// Applying edits to parsed specs.

/// A base spec set: one provider and its services, parsed.
#[derive(Debug, Clone)]
struct Base {
    label: String,
    provider: ProviderSpec,
    /// File stem → service.
    services: Vec<(String, ServiceSpec)>,
}

/// Each provider folder of each `tests/fixtures/ok/` set and of `specs/`.
fn bases() -> Result<Vec<Base>, Box<dyn Error>> {
    let mut folders = vec![("specs".to_owned(), tests::specs_dir())];
    folders.extend(tests::fixture_cases("ok")?);
    let mut bases = Vec::new();
    for (label, dir) in folders {
        let mut providers: Vec<PathBuf> = std::fs::read_dir(&dir)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.join("provider.yaml").is_file())
            .collect();
        providers.sort();
        for folder in providers {
            let provider: ProviderSpec =
                serde_yaml::from_str(&std::fs::read_to_string(folder.join("provider.yaml"))?)?;
            let mut services = Vec::new();
            let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
                .filter(|p| !p.ends_with("provider.yaml"))
                .collect();
            files.sort();
            for file in files {
                let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned());
                let spec: ServiceSpec = serde_yaml::from_str(&std::fs::read_to_string(&file)?)?;
                services.push((stem.unwrap_or_default(), spec));
            }
            let name = folder.file_name().map(|n| n.to_string_lossy().into_owned());
            bases.push(Base {
                label: format!("{label}/{}", name.unwrap_or_default()),
                provider,
                services,
            });
        }
    }
    Ok(bases)
}

fn pick<T: Copy>(list: &[T], index: usize) -> T {
    list[index % list.len()]
}

/// The field lists of a service: each type's fields, each action's request and response.
fn sites(service: &mut ServiceSpec) -> Vec<&mut Vec<FieldSpec>> {
    let mut sites: Vec<&mut Vec<FieldSpec>> =
        service.types.iter_mut().map(|t| &mut t.fields).collect();
    for action in &mut service.actions {
        sites.push(&mut action.request);
        sites.push(&mut action.response);
    }
    sites
}

fn field(name: &str, ty: String, description: &str) -> FieldSpec {
    FieldSpec {
        name: name.to_owned(),
        ty,
        required: false,
        nullable: false,
        sensitive: false,
        description: description.to_owned(),
        example: None,
        known_values: Vec::new(),
        rules: Vec::new(),
        notes: Vec::new(),
    }
}

/// The rule of `shape` that fits a field of type `ty` among `siblings`.
fn rule(shape: &RuleShape, ty: &str, siblings: &[String], codes: &[String]) -> RuleSpec {
    let bounds = || {
        let (min, max) = (shape.min.map(|i| pick(COUNTS, i)), shape.max.map(|i| pick(COUNTS, i)));
        match (min, max) {
            (Some(a), Some(b)) => Bounds { min: Some(a.min(b)), max: Some(a.max(b)) },
            _ => Bounds { min, max },
        }
    };
    let mut rule = RuleSpec { advisory: shape.advisory, ..RuleSpec::default() };
    let parsed = TypeExpr::parse(ty);
    let kinds: &[&str] = match &parsed {
        Some(TypeExpr::String) => &["length", "pattern", "one_of", "required_if_present"],
        Some(TypeExpr::Integer) => &["range", "one_of", "required_if_present"],
        Some(TypeExpr::Boolean) => &["one_of", "required_if_present"],
        Some(TypeExpr::Array(_)) => &["items", "required_if_present"],
        _ => &["required_if_present"],
    };
    match pick(kinds, usize::from(shape.kind)) {
        "length" => rule.length = Some(bounds()),
        "items" => rule.items = Some(bounds()),
        "pattern" => {
            rule.pattern = Some(pick(PATTERNS, shape.pattern).to_owned());
            rule.explain = Some(pick(TEXTS, shape.explain).to_owned());
        }
        "range" => {
            let (min, max) =
                (shape.min.map(|i| pick(INTEGERS, i)), shape.max.map(|i| pick(INTEGERS, i)));
            rule.range = Some(match (min, max) {
                (Some(a), Some(b)) => Range { min: Some(a.min(b)), max: Some(a.max(b)) },
                _ => Range { min, max },
            });
        }
        "one_of" => {
            let values: Vec<serde_json::Value> = match parsed {
                Some(TypeExpr::String) => {
                    shape.strings.iter().map(|&i| pick(ONE_OF_STRINGS, i).into()).collect()
                }
                Some(TypeExpr::Integer) => {
                    shape.integers.iter().map(|&i| pick(INTEGERS, i).into()).collect()
                }
                _ => vec![true.into(), false.into()],
            };
            let mut unique = Vec::new();
            for value in values {
                if !unique.contains(&value) {
                    unique.push(value);
                }
            }
            rule.one_of = Some(unique);
        }
        _ => {
            rule.required_if_present = Some(
                siblings.get(shape.sibling % siblings.len().max(1)).cloned().unwrap_or_default(),
            );
        }
    }
    if shape.code == 1 && !codes.is_empty() {
        rule.code = Some(pick_owned(codes, shape.sibling));
    }
    rule
}

fn pick_owned(list: &[String], index: usize) -> String {
    list[index % list.len()].clone()
}

/// Renames the named type `from` to `to` in every field type of `service`.
fn rename_type_refs(service: &mut ServiceSpec, from: &str, to: &str) {
    for site in sites(service) {
        for field in site.iter_mut() {
            if let Some(expr) = TypeExpr::parse(&field.ty)
                && *expr.innermost() == TypeExpr::Named(from.to_owned())
            {
                field.ty = field.ty.replace(from, to);
            }
        }
    }
}

/// Applies `edit`; `provider` gives the codes rules may name.
fn apply(service: &mut ServiceSpec, provider: &ProviderSpec, edit: &Edit) {
    let name = |i: usize| pick(NAMES, i).to_owned();
    let text = |i: usize| pick(TEXTS, i).to_owned();
    let action_count = service.actions.len();
    match *edit {
        Edit::RenameType { ty, name: n } if !service.types.is_empty() => {
            let count = service.types.len();
            let old = std::mem::replace(&mut service.types[ty % count].name, name(n));
            rename_type_refs(service, &old, &name(n));
        }
        Edit::RenameField { site, field, name: n } => {
            let mut sites = sites(service);
            let count = sites.len();
            if count == 0 {
                return;
            }
            let fields = &mut sites[site % count];
            if fields.is_empty() {
                return;
            }
            let index = field % fields.len();
            let old = std::mem::replace(&mut fields[index].name, name(n));
            for sibling in fields.iter_mut() {
                for rule in &mut sibling.rules {
                    if rule.required_if_present.as_deref() == Some(&old) {
                        rule.required_if_present = Some(name(n));
                    }
                }
            }
            // Examples name wire fields; they would no longer match.
            drop(sites);
            service.actions.iter_mut().for_each(|a| a.examples.clear());
        }
        Edit::RenameAction { action, name: n } if action_count > 0 => {
            service.actions[action % action_count].name = name(n);
        }
        Edit::RenameError { action, error, name: n } if action_count > 0 => {
            let action: &mut ActionSpec = &mut service.actions[action % action_count];
            if action.errors.is_empty() {
                return;
            }
            let index = error % action.errors.len();
            let old = std::mem::replace(&mut action.errors[index].code, name(n));
            for field in &mut action.request {
                for rule in &mut field.rules {
                    if rule.code.as_deref() == Some(&old) {
                        rule.code = Some(name(n));
                    }
                }
            }
        }
        Edit::AddError { action, name: n, text: t, status } if action_count > 0 => {
            service.actions[action % action_count].errors.push(ErrorSpec {
                code: name(n),
                description: text(t),
                http_status: status,
                retryable: n % 2 == 0,
            });
        }
        Edit::AddField { site, name: n, ref ty, flags, text: t, rule: ref shape } => {
            let type_count = service.types.len();
            let item = match ty.item {
                0 => "string".to_owned(),
                1 => "integer".to_owned(),
                2 => "boolean".to_owned(),
                3 => "json".to_owned(),
                4 if type_count > 0 => service.types[ty.pick % type_count].name.clone(),
                4 => "string".to_owned(),
                _ => {
                    let new_name = format!("Added{}", service.types.len());
                    let mut inner = field("Inner", "string".to_owned(), &text(t));
                    inner.required = flags & 8 != 0;
                    service.types.push(TypeSpec {
                        name: new_name.clone(),
                        description: text(t + 1),
                        fields: vec![inner],
                        notes: Vec::new(),
                    });
                    new_name
                }
            };
            let ty = (0..ty.arrays).fold(item, |inner, _| format!("array<{inner}>"));
            let codes: Vec<String> =
                provider.common_errors.iter().map(|e| e.code.clone()).collect();
            let mut sites = sites(service);
            let count = sites.len();
            let fields = &mut sites[site % count.max(1)];
            let siblings: Vec<String> = fields.iter().map(|f| f.name.clone()).collect();
            let mut new = field(&name(n), ty.clone(), &text(t));
            // Required only when no example must then carry it.
            new.nullable = flags & 2 != 0;
            new.sensitive = flags & 4 != 0;
            new.rules.extend(shape.as_ref().map(|s| rule(s, &ty, &siblings, &codes)));
            fields.push(new);
            if flags & 1 != 0 {
                if let Some(last) = fields.last_mut() {
                    last.required = true;
                }
                drop(sites);
                service.actions.iter_mut().for_each(|a| a.examples.clear());
            }
        }
        Edit::AddRule { site, field, rule: ref shape } => {
            let codes: Vec<String> =
                provider.common_errors.iter().map(|e| e.code.clone()).collect();
            let mut sites = sites(service);
            let count = sites.len();
            if count == 0 {
                return;
            }
            let fields = &mut sites[site % count];
            if fields.is_empty() {
                return;
            }
            let siblings: Vec<String> = fields.iter().map(|f| f.name.clone()).collect();
            let index = field % fields.len();
            let new = rule(shape, &fields[index].ty, &siblings, &codes);
            fields[index].rules.push(new);
            // Examples may break the new rule.
            drop(sites);
            service.actions.iter_mut().for_each(|a| a.examples.clear());
        }
        Edit::Describe { site, field, text: t } => {
            let description = text(t);
            match field {
                None if action_count > 0 => {
                    service.actions[site % action_count].description = description;
                }
                None => service.title = description,
                Some(field) => {
                    let mut sites = sites(service);
                    let count = sites.len();
                    if count == 0 {
                        return;
                    }
                    let fields = &mut sites[site % count];
                    if !fields.is_empty() {
                        let index = field % fields.len();
                        fields[index].description = description;
                    }
                }
            }
        }
        Edit::DropExamples => service.actions.iter_mut().for_each(|a| a.examples.clear()),
        _ => {}
    }
}

/// The spec set of `case`, its provider named `provider`.
fn spec_set(base: &Base, case: &Case, provider: &str) -> Result<Specs, Box<dyn Error>> {
    let mut services = base.services.clone();
    for (which, edit) in &case.edits {
        let count = services.len();
        if count > 0 {
            apply(&mut services[which % count].1, &base.provider, edit);
        }
    }
    let mut provider_spec = base.provider.clone();
    provider_spec.provider = provider.to_owned();
    let mut specs = Specs::new();
    specs.insert(format!("{provider}/provider.yaml"), serde_yaml::to_string(&provider_spec)?);
    for (stem, service) in services {
        specs.insert(format!("{provider}/{stem}.yaml"), serde_yaml::to_string(&service)?);
    }
    Ok(specs)
}

// ---------------------------------------------------------------------------
// The run.

fn env_number(name: &str, default: u64) -> Result<u64, Box<dyn Error>> {
    match std::env::var(name) {
        Ok(value) => Ok(value.trim().parse().map_err(|e| format!("{name}={value}: {e}"))?),
        Err(_) => Ok(default),
    }
}

/// A case that was accepted, with its spec set and how it was derived.
struct Accepted {
    provider: String,
    label: String,
    specs: Specs,
}

impl Accepted {
    fn show(&self) -> String {
        let mut out =
            format!("case {} (edited from {}), its spec set:\n", self.provider, self.label);
        for (path, text) in &self.specs {
            let _ = write!(out, "--- {path}\n{text}\n");
        }
        out
    }
}

/// `cargo check` of the crate generated from `cases` in `dir`: `None` when it builds.
fn check(
    cases: &[&Accepted],
    dir: &Path,
    target_dir: &Path,
) -> Result<Option<String>, Box<dyn Error>> {
    let mut specs = Specs::new();
    for case in cases {
        specs.extend(case.specs.clone());
    }
    if let Err(diagnostics) = codegen::compile(&specs) {
        return Ok(Some(format!(
            "accepted one by one but refused together:\n{}",
            codegen::diagnostic::render(&diagnostics)
        )));
    }
    let crate_dir = scratch::generate(&specs, dir)?;
    scratch::copy_lockfile(&crate_dir)?;
    let run =
        scratch::cargo(&crate_dir, target_dir, &["check", "--quiet", "--message-format=short"])?;
    Ok((!run.ok).then_some(run.stderr))
}

#[test]
fn every_accepted_spec_set_generates_a_crate_that_compiles() -> TestResult {
    let cases = env_number("COMPILE_PROPERTY_CASES", CI_CASES as u64)?;
    let seed = env_number("COMPILE_PROPERTY_SEED", 0)?;
    let bases = bases()?;
    let started = Instant::now();
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes),
    );
    let strategy = case(bases.len());
    let mut accepted = Vec::new();
    let mut refused = BTreeMap::<String, usize>::new();
    for index in 0..cases {
        let case = strategy.new_tree(&mut runner).map_err(|e| e.to_string())?.current();
        let provider = format!("p{index}");
        let base = &bases[case.base];
        let specs = spec_set(base, &case, &provider)?;
        match codegen::compile(&specs) {
            Err(diagnostics) => {
                // The first message, numbers and names cut, to show what the checker refuses most.
                let first = diagnostics.first().map(|d| d.message.clone()).unwrap_or_default();
                let kind: String = first.split('`').step_by(2).collect::<Vec<_>>().join("…");
                *refused.entry(kind).or_default() += 1;
            }
            Ok(_) => accepted.push(Accepted { provider, label: base.label.clone(), specs }),
        }
    }
    eprintln!(
        "seed {seed}: {cases} cases, {} accepted, {} refused by the checker",
        accepted.len(),
        refused.values().sum::<usize>()
    );
    for (kind, count) in &refused {
        eprintln!("  refused {count}×: {kind}");
    }
    let root = scratch::workspace().join("target/accepted-specs");
    let target_dir = scratch::workspace().join("target/fixture-crates/target");
    let mut failures = Vec::new();
    for (number, batch) in accepted.chunks(BATCH).enumerate() {
        let batch: Vec<&Accepted> = batch.iter().collect();
        let batch_started = Instant::now();
        let Some(batch_errors) = check(&batch, &root.join(format!("batch{number}")), &target_dir)?
        else {
            eprintln!(
                "batch {number}: {} cases build, in {:.1?}",
                batch.len(),
                batch_started.elapsed()
            );
            continue;
        };
        // Find the cases that fail on their own.
        let before = failures.len();
        for case in &batch {
            if let Some(errors) = check(&[case], &root.join("single"), &target_dir)? {
                failures.push(format!("{}\ncargo check:\n{}", case.show(), errors.trim_end()));
            }
        }
        if failures.len() == before {
            let shown: Vec<String> = batch.iter().map(|case| case.show()).collect();
            failures.push(format!(
                "batch {number} fails though each of its cases builds alone:\n{}\ncargo check:\n{}",
                shown.join("\n"),
                batch_errors.trim_end()
            ));
        }
    }
    eprintln!("{} accepted cases checked in {:.1?}", accepted.len(), started.elapsed());
    assert!(
        failures.is_empty(),
        "{} accepted spec set(s) generate code that does not compile (seed {seed}):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(
        !accepted.is_empty() || cases == 0,
        "no case was accepted: the edits are too hostile to test anything"
    );
    Ok(())
}
