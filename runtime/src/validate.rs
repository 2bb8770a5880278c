//! Client-side validation: the [`Validate`] trait, violations, and the checks
//! generated validators call.
//!
//! Validation is a call of its own, never part of deserialization: a rule that
//! has gone stale must not stop a caller from reading a payload. The entry
//! points that take a request in or send it out call it: `decode_request` and
//! `decode_query` refuse what breaks a blocking rule, and `signed_request`
//! does too unless its `SendConfig` opts out.

use std::fmt;
use std::sync::OnceLock;

use regex::Regex;

/// A value that can check itself against the rules its API documents.
pub trait Validate {
    /// Checks every rule and returns every violation found, not just the first.
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut violations = Vec::new();
        self.collect_violations(&FieldPath::ROOT, &mut violations);
        if violations.is_empty() { Ok(()) } else { Err(ValidationErrors(violations)) }
    }

    /// Appends the violations of `self`, located at `at`, to `out`.
    ///
    /// The default appends none: a type whose API documents no rule for it or
    /// anything it holds implements `Validate` with an empty block
    /// (`impl Validate for Foo {}`), which is how generated code says "no rules".
    fn collect_violations(&self, at: &FieldPath<'_>, out: &mut Vec<Violation>) {
        let _ = (at, out);
    }
}

impl<T: Validate> Validate for [T] {
    fn collect_violations(&self, at: &FieldPath<'_>, out: &mut Vec<Violation>) {
        for (index, item) in self.iter().enumerate() {
            item.collect_violations(&at.index(index), out);
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn collect_violations(&self, at: &FieldPath<'_>, out: &mut Vec<Violation>) {
        self.as_slice().collect_violations(at, out);
    }
}

impl<T: Validate> Validate for Option<T> {
    fn collect_violations(&self, at: &FieldPath<'_>, out: &mut Vec<Violation>) {
        if let Some(value) = self {
            value.collect_violations(at, out);
        }
    }
}

/// The wire path of a value being validated, built without allocating until a
/// violation needs it: `CustomFields[1].Operation`.
#[derive(Debug, Clone, Copy)]
pub struct FieldPath<'a> {
    parent: Option<&'a FieldPath<'a>>,
    segment: Segment,
}

#[derive(Debug, Clone, Copy)]
enum Segment {
    Root,
    Field(&'static str),
    Index(usize),
}

impl<'a> FieldPath<'a> {
    /// The payload itself.
    pub const ROOT: FieldPath<'static> = FieldPath { parent: None, segment: Segment::Root };

    /// The field `wire_name` of this object.
    pub fn field(&'a self, wire_name: &'static str) -> FieldPath<'a> {
        FieldPath { parent: Some(self), segment: Segment::Field(wire_name) }
    }

    /// Item `index` of this array.
    pub fn index(&'a self, index: usize) -> FieldPath<'a> {
        FieldPath { parent: Some(self), segment: Segment::Index(index) }
    }
}

impl FieldPath<'_> {
    /// The fields and items from the root to this value, in order.
    pub(crate) fn steps(&self) -> Vec<Step> {
        let mut steps = Vec::new();
        let mut at = Some(self);
        while let Some(path) = at {
            match path.segment {
                Segment::Root => {}
                Segment::Field(name) => steps.push(Step::Field(name)),
                Segment::Index(index) => steps.push(Step::Index(index)),
            }
            at = path.parent;
        }
        steps.reverse();
        steps
    }
}

/// One step of a [`FieldPath`] from the root: a field of an object, an item of an array.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Step {
    Field(&'static str),
    Index(usize),
}

impl fmt::Display for FieldPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(parent) = self.parent {
            parent.fmt(f)?;
        }
        let at_root = self.parent.is_none_or(|p| matches!(p.segment, Segment::Root));
        match self.segment {
            Segment::Root => Ok(()),
            Segment::Field(name) if at_root => f.write_str(name),
            Segment::Field(name) => write!(f, ".{name}"),
            Segment::Index(index) => write!(f, "[{index}]"),
        }
    }
}

/// The rule a value broke, with its limits.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rule {
    /// The field must be sent because `other` is.
    RequiredIfPresent {
        /// Wire name of the field whose presence requires this one.
        other: &'static str,
    },
    /// Length in characters (Unicode scalar values), not bytes.
    Length {
        /// Fewest characters allowed.
        min: Option<u64>,
        /// Most characters allowed.
        max: Option<u64>,
        /// Characters the value has.
        actual: u64,
    },
    /// Number of array items.
    Items {
        /// Fewest items allowed.
        min: Option<u64>,
        /// Most items allowed.
        max: Option<u64>,
        /// Items the array has.
        actual: u64,
    },
    /// The value must match a regular expression.
    Pattern {
        /// The expression.
        regex: &'static str,
        /// What it requires, in words.
        explain: &'static str,
    },
    /// The value must be one of these.
    OneOf {
        /// The allowed values.
        allowed: &'static [&'static str],
    },
    /// Inclusive integer range: a documented rule, or (decoding only) the
    /// bounds of `i64` for an integer sent beyond what it holds.
    Range {
        /// Smallest allowed value.
        min: Option<i64>,
        /// Largest allowed value.
        max: Option<i64>,
    },
    /// The region must be given.
    RegionRequired,
    /// The field is required and was not sent (decoding only).
    Required,
    /// The value has the wrong JSON type (decoding only).
    Type {
        /// What the field takes: `a string`, `a boolean`, `an integer`, `an array`, `an object`.
        expected: &'static str,
        /// What was sent: `null`, `a boolean`, `a number`, `a string`, `an array`, `an object`.
        found: &'static str,
    },
    /// The body is not JSON at all (decoding only).
    Json {
        /// The parser's reason, with line and column.
        error: String,
    },
    /// The action is only available in these regions.
    Region {
        /// Supported region IDs.
        supported: &'static [&'static str],
    },
    /// A parameter of a flattened query that does not fit into one request
    /// (decoding a query only; the path is the parameter's name as sent).
    Query {
        /// What is wrong with it.
        problem: QueryProblem,
    },
}

/// What is wrong with a parameter of a flattened query ([`Rule::Query`]):
/// its name as sent does not say where in the request its value goes.
///
/// Alibaba Cloud RPC flattens a request into `name=value` pairs, objects
/// joined with `.` and array items numbered from 1 (`CustomFields.1.FieldName`);
/// see [`crate::wire::alibaba::unflatten`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum QueryProblem {
    /// The name or the value is not UTF-8 once percent-decoded.
    NotUtf8,
    /// The name is empty, or has an empty segment: a `.` at either end of it
    /// or two in a row (`Tags..Key`).
    EmptySegment,
    /// The name has more `.`-separated segments than any request nests.
    TooDeep {
        /// Most segments allowed.
        max: usize,
    },
    /// The name is given more than once.
    Repeated,
    /// The name is given a value and is also the parent of other names (`A=1&A.B=2`).
    ValueAndParent {
        /// One of the names under it (`A.B`).
        child: String,
    },
    /// An item number that is `0`, starts with `0` or is too large: items
    /// are numbered 1, 2, 3, …
    BadIndex,
    /// A name that is not an item number beside names that are (`Tags.x`
    /// beside `Tags.1`), so its parent is a list.
    NotAnIndex {
        /// An item number beside it (`Tags.1`).
        item: String,
    },
    /// A list item that is missing although a later one is given (`Tags.2`
    /// when `Tags.1` and `Tags.3` are).
    MissingItem {
        /// The next item that is given (`Tags.3`).
        next: String,
    },
}

impl fmt::Display for QueryProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotUtf8 => f.write_str("must be percent-encoded UTF-8"),
            Self::EmptySegment => f.write_str(
                "must not have an empty name or segment (a `.` at either end of a name, or two in a row)",
            ),
            Self::TooDeep { max } => write!(f, "must have at most {max} `.`-separated segments"),
            Self::Repeated => f.write_str("must be given only once"),
            Self::ValueAndParent { child } => {
                write!(f, "must be either a value or the parent of other names, not both (`{child}` is given too)")
            }
            Self::BadIndex => {
                f.write_str("must be an item number: 1, 2, 3, … without leading zeros")
            }
            Self::NotAnIndex { item } => {
                write!(f, "must be an item number, as `{item}` makes its parent a list")
            }
            Self::MissingItem { next } => {
                write!(f, "is required: list items are numbered from 1 without gaps, and `{next}` is given")
            }
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::RequiredIfPresent { other } => {
                write!(f, "is required when `{other}` is specified")
            }
            Self::Length { min, max, actual } => {
                write!(f, "must be {} characters long (has {actual})", bounds(*min, *max))
            }
            Self::Items { min, max, actual } => {
                write!(f, "must have {} items (has {actual})", bounds(*min, *max))
            }
            Self::Pattern { regex, explain } => {
                write!(f, "must satisfy: {explain} (pattern `{regex}`)")
            }
            Self::OneOf { allowed } => write!(f, "must be one of: {}", allowed.join(", ")),
            Self::Range { min, max } => write!(f, "must be {}", bounds(*min, *max)),
            Self::RegionRequired => f.write_str("is required for this action"),
            Self::Required => f.write_str("is required"),
            Self::Type { expected, found } => write!(f, "must be {expected}, not {found}"),
            Self::Json { error } => write!(f, "must be JSON ({error})"),
            Self::Region { supported } => {
                write!(f, "must be one of the supported regions: {}", supported.join(", "))
            }
            Self::Query { problem } => problem.fmt(f),
        }
    }
}

fn bounds<T: fmt::Display>(min: Option<T>, max: Option<T>) -> String {
    match (min, max) {
        (Some(min), Some(max)) => format!("between {min} and {max}"),
        (Some(min), None) => format!("at least {min}"),
        (None, Some(max)) => format!("at most {max}"),
        (None, None) => "unbounded".to_owned(),
    }
}

/// One broken rule, located by wire path, with the code the API itself would return.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Violation {
    /// Wire path of the value (`CustomFields[1].Operation`); for a decoded
    /// query, the parameter's name as flattened (`CustomFields.2.Operation`).
    pub path: String,
    /// The rule and its limits.
    pub rule: Rule,
    /// The error code the API answers with for this (`InvalidParameterValue`).
    pub code: &'static str,
    /// The offending value as sent; `None` when absent or sensitive.
    pub actual: Option<String>,
    /// The rule is advisory: the API may not enforce it for every caller (a
    /// default policy an account can change), so this violation is reported
    /// but blocks neither decoding nor sending.
    pub advisory: bool,
}

impl Violation {
    /// A blocking violation.
    pub(crate) fn new(
        path: String,
        rule: Rule,
        code: &'static str,
        actual: Option<String>,
    ) -> Self {
        Self { path, rule, code, actual, advisory: false }
    }

    /// A readable sentence: `DisplayName must be at most 128 characters long (has 130)`.
    /// At the root (a body that is not JSON, or not an object) the subject is
    /// `the body`; for a query's empty name, `the query`.
    pub fn message(&self) -> String {
        let subject = match (self.path.is_empty(), &self.rule) {
            (false, _) => &self.path,
            (true, Rule::Query { .. }) => "the query",
            (true, _) => "the body",
        };
        match &self.actual {
            Some(actual) => format!("{subject} {} (got {actual:?})", self.rule),
            None => format!("{subject} {}", self.rule),
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]", self.message(), self.code)?;
        if self.advisory {
            f.write_str(" (advisory: the API may not enforce this rule for every account)")?;
        }
        Ok(())
    }
}

/// Every violation found in one payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationErrors(pub Vec<Violation>);

impl ValidationErrors {
    /// The violations, in the order the fields are declared.
    pub fn iter(&self) -> std::slice::Iter<'_, Violation> {
        self.0.iter()
    }

    /// Number of violations.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is no violation (never, for one `validate` returned).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether any violation blocks the request (is not advisory).
    pub fn is_blocking(&self) -> bool {
        self.0.iter().any(|v| !v.advisory)
    }
}

impl<'a> IntoIterator for &'a ValidationErrors {
    type Item = &'a Violation;
    type IntoIter = std::slice::Iter<'a, Violation>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} violation{}", self.0.len(), if self.0.len() == 1 { "" } else { "s" })?;
        for violation in &self.0 {
            write!(f, "\n  {violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

/// A regular expression compiled on first use.
pub struct Pattern {
    source: &'static str,
    explain: &'static str,
    compiled: OnceLock<Regex>,
}

impl Pattern {
    /// A pattern; `source` was checked to compile when the specs were.
    pub const fn new(source: &'static str, explain: &'static str) -> Self {
        Self { source, explain, compiled: OnceLock::new() }
    }

    fn is_match(&self, text: &str) -> bool {
        let regex = self.compiled.get_or_init(|| {
            Regex::new(self.source).expect("codegen rejects specs whose patterns do not compile")
        });
        crate::rules::matches_pattern(regex, text)
    }
}

/// The checks generated validators call, one per rule kind; what each rule
/// allows is decided by [`crate::rules`], these only record violations.
pub mod check {
    use super::{FieldPath, Pattern, Rule, Violation};
    use crate::rules;

    /// Whether a violation may show the offending value.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Shown {
        /// Show it.
        Value,
        /// Never: the field is sensitive.
        Redacted,
    }

    fn push(
        out: &mut Vec<Violation>,
        at: &FieldPath<'_>,
        rule: Rule,
        code: &'static str,
        actual: Option<String>,
    ) {
        out.push(Violation::new(at.to_string(), rule, code, actual));
    }

    fn shown(value: &str, shown: Shown) -> Option<String> {
        (shown == Shown::Value).then(|| value.to_owned())
    }

    /// Runs `check` for an advisory rule: what it reports is marked advisory,
    /// so it is shown to the caller but never blocks a request.
    pub fn advisory(out: &mut Vec<Violation>, check: impl FnOnce(&mut Vec<Violation>)) {
        let before = out.len();
        check(out);
        for violation in &mut out[before..] {
            violation.advisory = true;
        }
    }

    /// Length in characters.
    pub fn length(
        out: &mut Vec<Violation>,
        at: &FieldPath<'_>,
        value: &str,
        (min, max): (Option<u64>, Option<u64>),
        code: &'static str,
        show: Shown,
    ) {
        if !rules::length_ok(value, (min, max)) {
            let actual = rules::char_count(value);
            push(out, at, Rule::Length { min, max, actual }, code, shown(value, show));
        }
    }

    /// Number of array items.
    pub fn items(
        out: &mut Vec<Violation>,
        at: &FieldPath<'_>,
        count: usize,
        (min, max): (Option<u64>, Option<u64>),
        code: &'static str,
    ) {
        if !rules::items_ok(count, (min, max)) {
            push(out, at, Rule::Items { min, max, actual: count as u64 }, code, None);
        }
    }

    /// A regular expression that must match.
    pub fn pattern(
        out: &mut Vec<Violation>,
        at: &FieldPath<'_>,
        value: &str,
        pattern: &Pattern,
        code: &'static str,
        show: Shown,
    ) {
        if !pattern.is_match(value) {
            push(
                out,
                at,
                Rule::Pattern { regex: pattern.source, explain: pattern.explain },
                code,
                shown(value, show),
            );
        }
    }

    /// One of the allowed values, compared as the wire writes them.
    pub fn one_of(
        out: &mut Vec<Violation>,
        at: &FieldPath<'_>,
        value: &str,
        allowed: &'static [&'static str],
        code: &'static str,
        show: Shown,
    ) {
        if !rules::one_of_ok(value, allowed) {
            push(out, at, Rule::OneOf { allowed }, code, shown(value, show));
        }
    }

    /// An inclusive range.
    pub fn range(
        out: &mut Vec<Violation>,
        at: &FieldPath<'_>,
        value: i64,
        (min, max): (Option<i64>, Option<i64>),
        code: &'static str,
        show: Shown,
    ) {
        if !rules::range_ok(value, (min, max)) {
            push(out, at, Rule::Range { min, max }, code, shown(&value.to_string(), show));
        }
    }

    /// A field that must be sent when `other` is.
    pub fn required_if_present(
        out: &mut Vec<Violation>,
        at: &FieldPath<'_>,
        present: bool,
        other_present: bool,
        other: &'static str,
        code: &'static str,
    ) {
        if !rules::required_if_present_ok(present, other_present) {
            push(out, at, Rule::RequiredIfPresent { other }, code, None);
        }
    }

    /// The region rule of an action.
    pub fn region(
        out: &mut Vec<Violation>,
        region: Option<&str>,
        required: bool,
        supported: &'static [&'static str],
        (missing_code, invalid_code): (&'static str, &'static str),
    ) {
        let at = FieldPath::ROOT;
        let at = at.field("Region");
        match region {
            None if required => push(out, &at, Rule::RegionRequired, missing_code, None),
            Some(region) if !supported.is_empty() && !supported.contains(&region) => {
                push(out, &at, Rule::Region { supported }, invalid_code, Some(region.to_owned()));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_like_the_wire() {
        let root = FieldPath::ROOT;
        let list = root.field("CustomFields");
        let item = list.index(1);
        assert_eq!(item.field("Operation").to_string(), "CustomFields[1].Operation");
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        let mut out = Vec::new();
        check::length(
            &mut out,
            &FieldPath::ROOT.field("Name"),
            "ééé",
            (None, Some(3)),
            "X",
            check::Shown::Value,
        );
        assert!(out.is_empty());
        check::length(
            &mut out,
            &FieldPath::ROOT.field("Name"),
            "éééé",
            (None, Some(3)),
            "X",
            check::Shown::Redacted,
        );
        assert_eq!(out[0].rule, Rule::Length { min: None, max: Some(3), actual: 4 });
        assert_eq!(out[0].actual, None);
        assert_eq!(out[0].to_string(), "Name must be at most 3 characters long (has 4) [X]");
    }
}
