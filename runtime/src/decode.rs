//! Decoding a request from JSON that reports every problem at once.
//!
//! serde's derive stops at the first problem and names only a line and column.
//! [`DecodeJson`] instead always yields a value: where a field is missing or
//! has the wrong type, a placeholder stands in and one [`Violation`] is pushed
//! into the [`DecodeContext`] at the field's wire path, with the provider's
//! code for a missing or an invalid parameter. The rules of the other fields
//! can then still run on the value, so one round trip reports everything
//! (see [`Operation::decode_request`](crate::Operation::decode_request)).
//!
//! Decoding accepts what the serde derives accept: unknown keys are ignored,
//! integers may arrive as strings of digits ([`crate::lenient`]), and an
//! optional field may be absent or `null`. A context made with
//! [`DecodeContext::for_query`] also takes booleans written as text, as they
//! travel in a flattened query (see [`DecodeContext::for_query`] for why JSON
//! bodies do not).

use std::collections::{HashMap, HashSet};
use std::num::IntErrorKind;

use serde_json::value::RawValue;
use serde_json::{Map, Number, Value};

use crate::validate::check::Shown;
use crate::validate::{FieldPath, Rule, Step, Validate, ValidationErrors, Violation};
use crate::wire::alibaba::is_digits;

/// A type that decodes from a JSON value, reporting problems instead of stopping at them.
///
/// Generated for every request type and every type a request nests; the
/// runtime implements it for `String`, `bool`, `i64`, `serde_json::Value`,
/// `Vec<T>` and `Option<T>`.
pub trait DecodeJson: Sized {
    /// Decodes `value`, located at `at`; pushes one violation into `cx` per
    /// problem and returns a placeholder for what could not be decoded.
    fn decode_json(value: &Value, at: &FieldPath<'_>, cx: &mut DecodeContext) -> Self;

    /// The value standing in for one that could not be decoded. Its rule
    /// violations are never reported: they sit at a path already reported.
    fn placeholder() -> Self;
}

/// The error codes a provider answers with when a parameter is missing or invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ViolationCodes {
    /// For a missing required parameter (`MissingParameter`).
    pub missing: &'static str,
    /// For a value of the wrong type (`InvalidParameterValue`).
    pub invalid: &'static str,
}

/// Collects the violations found while decoding one body.
///
/// The codes travel here rather than in the types' impls because nested types
/// are shared by actions, and an action decides which codes its problems get.
#[derive(Debug)]
pub struct DecodeContext {
    codes: ViolationCodes,
    shown: Shown,
    scalars_as_text: bool,
    violations: Vec<Violation>,
    /// Violations (by index) showing a number parsed to a float, which lost
    /// the digits sent, with where it sits: the body's own text replaces it.
    not_as_sent: Vec<(usize, Vec<Step>)>,
    /// What the decoder looked up, when asked to record it.
    reads: Option<Reads>,
}

/// The names a decoder looked up (present or not), in query form with every
/// item number as `*` (`CustomFields.*.FieldName`): what a request reads.
#[derive(Debug, Default)]
pub(crate) struct Reads {
    names: HashSet<String>,
    /// Free-form `json` fields: whatever lies under one is theirs.
    everything_under: HashSet<String>,
}

impl Reads {
    /// Whether `name` (a query parameter's name, items numbered) is one the
    /// request reads, or lies under a free-form field that takes anything.
    pub(crate) fn covers(&self, name: &str) -> bool {
        let mut prefix = String::with_capacity(name.len());
        for (index, segment) in name.split('.').enumerate() {
            if index > 0 {
                prefix.push('.');
            }
            // Any digits number an item: a bad number is still an item, of
            // a list the request may read.
            prefix.push_str(if is_digits(segment) { "*" } else { segment });
            if self.everything_under.contains(&prefix) {
                return true;
            }
        }
        self.names.contains(&prefix)
    }
}

/// `at` in the form [`Reads`] keeps.
fn read_name(at: &FieldPath<'_>) -> String {
    let steps: Vec<String> = at
        .steps()
        .into_iter()
        .map(|step| match step {
            Step::Field(name) => name.to_owned(),
            Step::Index(_) => "*".to_owned(),
        })
        .collect();
    steps.join(".")
}

impl DecodeContext {
    /// An empty context answering with `codes`, for a JSON body.
    pub fn new(codes: ViolationCodes) -> Self {
        Self {
            codes,
            shown: Shown::Value,
            scalars_as_text: false,
            violations: Vec::new(),
            not_as_sent: Vec::new(),
            reads: None,
        }
    }

    /// An empty context answering with `codes`, for values that all arrived
    /// as text: a flattened query (Alibaba Cloud RPC), unflattened into JSON
    /// strings by [`crate::wire::alibaba::unflatten`].
    ///
    /// Such a context also takes the booleans `"true"` and `"false"`, exactly
    /// those two words, as [`crate::wire::alibaba::flatten`] and the official
    /// SDKs write them. Integers need nothing more: every context takes a
    /// string of digits for one ([`crate::lenient`]).
    ///
    /// A JSON body ([`DecodeContext::new`]) keeps booleans strict. Integers as
    /// strings are accepted there because Tencent Cloud's own doc example
    /// sends them and its API takes them; nothing shows a JSON API taking
    /// `"true"` for a boolean, and a body has a type for booleans, so a string
    /// there is reported as the type error it is. In a query there is no other
    /// way to write a boolean, so the same text is the value itself.
    pub fn for_query(codes: ViolationCodes) -> Self {
        Self { scalars_as_text: true, ..Self::new(codes) }
    }

    /// This context, recording every name the decoder looks up ([`Reads`]).
    pub(crate) fn recording_reads(mut self) -> Self {
        self.reads = Some(Reads::default());
        self
    }

    /// What the decoder looked up, if recorded.
    pub(crate) fn into_reads(self) -> Reads {
        self.reads.unwrap_or_default()
    }

    /// Records that the value at `at` is looked up (when recording).
    fn read(&mut self, at: &FieldPath<'_>) {
        if let Some(reads) = &mut self.reads {
            reads.names.insert(read_name(at));
        }
    }

    /// Records that whatever lies under `at` is taken as it is (when recording).
    fn read_everything_under(&mut self, at: &FieldPath<'_>) {
        if let Some(reads) = &mut self.reads {
            reads.everything_under.insert(read_name(at));
        }
    }

    /// Whether scalars arrived as text (a query), so a boolean may be `"true"` or `"false"`.
    pub fn scalars_as_text(&self) -> bool {
        self.scalars_as_text
    }

    /// `value` as an object, or `None` after reporting a type error.
    pub fn object<'v>(
        &mut self,
        value: &'v Value,
        at: &FieldPath<'_>,
    ) -> Option<&'v Map<String, Value>> {
        let object = value.as_object();
        if object.is_none() {
            self.type_error(value, at, "an object");
        }
        object
    }

    /// The required field `wire_name` of `object`; reported when absent.
    ///
    /// `null` is handed to `T`, so it is a type error unless `T` accepts it: a
    /// nullable required field is an `Option<T>` that must still be present.
    pub fn required<T: DecodeJson>(
        &mut self,
        object: &Map<String, Value>,
        at: &FieldPath<'_>,
        wire_name: &'static str,
    ) -> T {
        let at = at.field(wire_name);
        self.read(&at);
        match object.get(wire_name) {
            Some(value) => T::decode_json(value, &at, self),
            None => {
                self.violations.push(Violation::new(
                    at.to_string(),
                    Rule::Required,
                    self.codes.missing,
                    None,
                ));
                T::placeholder()
            }
        }
    }

    /// The optional field `wire_name` of `object`: `None` when absent or `null`.
    ///
    /// A value that is sent stays `Some` even where parts of it failed, so the
    /// rules inside it still run (and presence rules see it was sent).
    pub fn optional<T: DecodeJson>(
        &mut self,
        object: &Map<String, Value>,
        at: &FieldPath<'_>,
        wire_name: &'static str,
    ) -> Option<T> {
        let at = at.field(wire_name);
        self.read(&at);
        let value = object.get(wire_name).filter(|value| !value.is_null())?;
        Some(T::decode_json(value, &at, self))
    }

    /// The same lookups for a sensitive field: its violations never show its value.
    pub fn sensitive(&mut self) -> Sensitive<'_> {
        Sensitive(self)
    }

    /// Reports that `value`, at `at`, is not `expected` ("a string").
    pub fn type_error(&mut self, value: &Value, at: &FieldPath<'_>, expected: &'static str) {
        // Arrays and objects are never shown: they can be large, and may hold
        // a sensitive field of a nested type.
        let actual = match value {
            _ if self.shown == Shown::Redacted => None,
            Value::String(text) => Some(text.clone()),
            Value::Null | Value::Bool(_) | Value::Number(_) => Some(value.to_string()),
            Value::Array(_) | Value::Object(_) => None,
        };
        self.violations.push(Violation::new(
            at.to_string(),
            Rule::Type { expected, found: kind(value) },
            self.codes.invalid,
            actual,
        ));
    }

    /// Reports that `value`, at `at`, is an integer beyond what an `i64`
    /// holds (a number, or text of digits in a query).
    fn out_of_range(&mut self, value: &Value, at: &FieldPath<'_>) {
        let actual = match value {
            _ if self.shown == Shown::Redacted => None,
            Value::String(text) => Some(text.clone()),
            other => Some(other.to_string()),
        };
        if actual.is_some() && value.as_number().is_some_and(Number::is_f64) {
            self.not_as_sent.push((self.violations.len(), at.steps()));
        }
        self.violations.push(Violation::new(
            at.to_string(),
            Rule::Range { min: Some(i64::MIN), max: Some(i64::MAX) },
            self.codes.invalid,
            actual,
        ));
    }

    /// The violations pushed so far, in the order they were found.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// The violations, in the order they were found.
    pub fn into_violations(self) -> Vec<Violation> {
        self.violations
    }

    /// Runs `decode` with values hidden from violations, restoring the setting after.
    fn redacted<R>(&mut self, decode: impl FnOnce(&mut Self) -> R) -> R {
        let outer = std::mem::replace(&mut self.shown, Shown::Redacted);
        let result = decode(self);
        self.shown = outer;
        result
    }
}

/// [`DecodeContext`]'s field lookups for a sensitive field (see [`DecodeContext::sensitive`]).
#[derive(Debug)]
pub struct Sensitive<'c>(&'c mut DecodeContext);

impl Sensitive<'_> {
    /// [`DecodeContext::required`], never showing the value.
    pub fn required<T: DecodeJson>(
        self,
        object: &Map<String, Value>,
        at: &FieldPath<'_>,
        wire_name: &'static str,
    ) -> T {
        self.0.redacted(|cx| cx.required(object, at, wire_name))
    }

    /// [`DecodeContext::optional`], never showing the value.
    pub fn optional<T: DecodeJson>(
        self,
        object: &Map<String, Value>,
        at: &FieldPath<'_>,
        wire_name: &'static str,
    ) -> Option<T> {
        self.0.redacted(|cx| cx.optional(object, at, wire_name))
    }
}

/// What a JSON value is, in the words of [`Rule::Type`].
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl DecodeJson for String {
    fn decode_json(value: &Value, at: &FieldPath<'_>, cx: &mut DecodeContext) -> Self {
        match value {
            Value::String(text) => text.clone(),
            other => {
                cx.type_error(other, at, "a string");
                Self::placeholder()
            }
        }
    }

    fn placeholder() -> Self {
        Self::new()
    }
}

impl DecodeJson for bool {
    /// A JSON boolean; from a query ([`DecodeContext::for_query`]) also the
    /// text `true` or `false`.
    fn decode_json(value: &Value, at: &FieldPath<'_>, cx: &mut DecodeContext) -> Self {
        match value {
            Value::Bool(flag) => *flag,
            Value::String(text)
                if cx.scalars_as_text() && matches!(text.as_str(), "true" | "false") =>
            {
                text == "true"
            }
            other => {
                cx.type_error(other, at, "a boolean");
                Self::placeholder()
            }
        }
    }

    fn placeholder() -> Self {
        false
    }
}

impl DecodeJson for i64 {
    /// A JSON integer, or a string of digits as [`crate::lenient`] accepts
    /// (Tencent Cloud's own examples send `"1"`). An integer beyond the
    /// `i64` range is reported as such ([`Rule::Range`] with `i64`'s bounds),
    /// showing its digits as sent.
    fn decode_json(value: &Value, at: &FieldPath<'_>, cx: &mut DecodeContext) -> Self {
        let out_of_range = match value {
            Value::Number(number) => match number.as_i64() {
                Some(number) => return number,
                None => beyond_i64(number),
            },
            // As `crate::lenient` reads it, so both decoders take the same
            // text: Rust's integer syntax, whitespace around it a type error.
            Value::String(text) => match text.parse() {
                Ok(number) => return number,
                Err(e) => matches!(e.kind(), IntErrorKind::PosOverflow | IntErrorKind::NegOverflow),
            },
            _ => false,
        };
        if out_of_range {
            cx.out_of_range(value, at);
        } else {
            cx.type_error(value, at, "an integer");
        }
        Self::placeholder()
    }

    fn placeholder() -> Self {
        0
    }
}

impl DecodeJson for Value {
    /// Any value, `null` included, as the serde derive takes it.
    fn decode_json(value: &Value, at: &FieldPath<'_>, cx: &mut DecodeContext) -> Self {
        cx.read_everything_under(at);
        value.clone()
    }

    fn placeholder() -> Self {
        Self::Null
    }
}

impl<T: DecodeJson> DecodeJson for Vec<T> {
    /// Every item, each at its index (`CustomFields[0]`), all reported.
    fn decode_json(value: &Value, at: &FieldPath<'_>, cx: &mut DecodeContext) -> Self {
        match value {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(index, item)| {
                    let at = at.index(index);
                    cx.read(&at);
                    T::decode_json(item, &at, cx)
                })
                .collect(),
            other => {
                cx.type_error(other, at, "an array");
                Self::placeholder()
            }
        }
    }

    fn placeholder() -> Self {
        Self::new()
    }
}

impl<T: DecodeJson> DecodeJson for Option<T> {
    /// `null` is `None`: the value of a field that is always present but may be null.
    fn decode_json(value: &Value, at: &FieldPath<'_>, cx: &mut DecodeContext) -> Self {
        match value {
            Value::Null => None,
            other => Some(T::decode_json(other, at, cx)),
        }
    }

    fn placeholder() -> Self {
        None
    }
}

/// A body decoded with [`DecodeJson`] and validated.
#[derive(Debug)]
pub(crate) struct Decoded<T> {
    /// The value, placeholders standing in for what failed to decode.
    pub(crate) value: T,
    /// Missing fields, type errors and a body that is not JSON (or a query
    /// whose names do not fit together).
    pub(crate) problems: Vec<Violation>,
    /// What `Validate` reported, less what sits at or below a problem's path.
    pub(crate) rules: Vec<Violation>,
}

impl<T> Decoded<T> {
    /// The value, or every problem and broken rule when one of them blocks:
    /// advisory rules alone do not.
    pub(crate) fn into_result(self) -> Result<T, ValidationErrors> {
        let mut violations = self.problems;
        violations.extend(self.rules);
        let errors = ValidationErrors(violations);
        if errors.is_blocking() { Err(errors) } else { Ok(self.value) }
    }
}

/// Whether a number that is no `i64` is an integer beyond its range: a
/// `u64` above `i64::MAX`, or a float as large as `2^63` (serde_json parses
/// an integer beyond `u64` to one; every float that large is a whole number).
fn beyond_i64(number: &Number) -> bool {
    const TWO_TO_63: f64 = 9_223_372_036_854_775_808.0;
    number.is_u64() || number.as_f64().is_some_and(|float| float.abs() >= TWO_TO_63)
}

/// Decodes `body` into `T` reporting every problem, then runs `T`'s rules.
pub(crate) fn decode_body<T: DecodeJson + Validate>(
    body: &[u8],
    codes: ViolationCodes,
) -> Decoded<T> {
    match serde_json::from_slice::<Value>(body) {
        Ok(json) => decode_value_from(&json, DecodeContext::new(codes), Some(body)),
        Err(error) => {
            let problem = Violation::new(
                String::new(),
                Rule::Json { error: error.to_string() },
                codes.invalid,
                None,
            );
            // Every rule of the placeholder sits at or below the root.
            Decoded { value: T::placeholder(), problems: vec![problem], rules: Vec::new() }
        }
    }
}

/// Decodes `json` into `T` with `cx`, reporting every problem, then runs `T`'s
/// rules: the one path of JSON bodies and (unflattened) queries alike.
pub(crate) fn decode_value<T: DecodeJson + Validate>(
    json: &Value,
    cx: DecodeContext,
) -> Decoded<T> {
    decode_value_from(json, cx, None)
}

/// [`decode_value`] of the JSON text `source`, when there is one: a value
/// shown in a violation is then the text sent, where `json` lost it.
fn decode_value_from<T: DecodeJson + Validate>(
    json: &Value,
    mut cx: DecodeContext,
    source: Option<&[u8]>,
) -> Decoded<T> {
    let value = T::decode_json(json, &FieldPath::ROOT, &mut cx);
    let not_as_sent = std::mem::take(&mut cx.not_as_sent);
    let mut problems = cx.into_violations();
    if let Some(source) = source.filter(|_| !not_as_sent.is_empty()) {
        let paths: Vec<&[Step]> = not_as_sent.iter().map(|(_, steps)| steps.as_slice()).collect();
        for ((index, _), text) in not_as_sent.iter().zip(texts_as_sent(source, &paths)) {
            if let (Some(problem), Some(text)) = (problems.get_mut(*index), text) {
                problem.actual = Some(text);
            }
        }
    }
    let mut rules = Vec::new();
    value.collect_violations(&FieldPath::ROOT, &mut rules);
    // A placeholder breaks rules of its own (an empty name is too short); the
    // problem that put it there is the one to report, once.
    rules.retain(|rule| !problems.iter().any(|problem| covers(&problem.path, &rule.path)));
    Decoded { value, problems, rules }
}

/// The text of the value at each of `paths` in the JSON `source`, as written
/// there; `None` where there is none.
///
/// Each object or array on the way is read once for all the paths through
/// it, so many such values cost one pass per level, not one per value.
/// Duplicate keys resolve as `serde_json::Value` resolves them: the last wins.
fn texts_as_sent(source: &[u8], paths: &[&[Step]]) -> Vec<Option<String>> {
    let mut texts = vec![None; paths.len()];
    let root = std::str::from_utf8(source).ok().and_then(|text| serde_json::from_str(text).ok());
    if let Some(root) = root {
        fill_texts(root, paths.iter().copied().enumerate().collect(), &mut texts);
    }
    texts
}

fn fill_texts<'s>(raw: &'s RawValue, wanted: Vec<(usize, &[Step])>, texts: &mut [Option<String>]) {
    let mut fields: HashMap<&str, Vec<(usize, &[Step])>> = HashMap::new();
    let mut items: HashMap<usize, Vec<(usize, &[Step])>> = HashMap::new();
    for (slot, steps) in wanted {
        match steps.split_first() {
            None => {
                if let Some(text) = texts.get_mut(slot) {
                    *text = Some(raw.get().to_owned());
                }
            }
            Some((Step::Field(name), rest)) => fields.entry(name).or_default().push((slot, rest)),
            Some((Step::Index(index), rest)) => items.entry(*index).or_default().push((slot, rest)),
        }
    }
    if !fields.is_empty() {
        let members: HashMap<String, &'s RawValue> =
            serde_json::from_str(raw.get()).unwrap_or_default();
        for (name, wanted) in fields {
            if let Some(member) = members.get(name) {
                fill_texts(member, wanted, texts);
            }
        }
    }
    if !items.is_empty() {
        let elements: Vec<&'s RawValue> = serde_json::from_str(raw.get()).unwrap_or_default();
        for (index, wanted) in items {
            if let Some(element) = elements.get(index) {
                fill_texts(element, wanted, texts);
            }
        }
    }
}

/// Whether `path` is `reported` or lies inside it (`Item.Parts[0]` inside `Item`).
fn covers(reported: &str, path: &str) -> bool {
    reported.is_empty()
        || path
            .strip_prefix(reported)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const CODES: ViolationCodes = ViolationCodes { missing: "Missing", invalid: "Invalid" };

    fn decode<T: DecodeJson>(value: Value) -> (T, Vec<Violation>) {
        let mut cx = DecodeContext::new(CODES);
        let root = FieldPath::ROOT;
        let decoded = T::decode_json(&value, &root.field("Field"), &mut cx);
        (decoded, cx.into_violations())
    }

    fn only(violations: &[Violation]) -> (&str, &Rule, &str, Option<&str>) {
        assert_eq!(violations.len(), 1, "{violations:?}");
        let v = &violations[0];
        (&v.path, &v.rule, v.code, v.actual.as_deref())
    }

    #[test]
    fn strings_and_booleans_take_only_their_own_type() {
        assert_eq!(decode::<String>(json!("x")), ("x".to_owned(), vec![]));
        assert_eq!(decode::<bool>(json!(true)), (true, vec![]));
        let (value, violations) = decode::<String>(json!(5));
        assert_eq!(value, "");
        let rule = Rule::Type { expected: "a string", found: "a number" };
        assert_eq!(only(&violations), ("Field", &rule, "Invalid", Some("5")));
        let (_, violations) = decode::<bool>(json!("yes"));
        let rule = Rule::Type { expected: "a boolean", found: "a string" };
        assert_eq!(only(&violations), ("Field", &rule, "Invalid", Some("yes")));
        assert_eq!(
            violations[0].to_string(),
            r#"Field must be a boolean, not a string (got "yes") [Invalid]"#
        );
    }

    #[test]
    fn integers_may_arrive_as_strings_of_digits() {
        assert_eq!(decode::<i64>(json!(-3)), (-3, vec![]));
        assert_eq!(decode::<i64>(json!("42")), (42, vec![]));
        assert_eq!(decode::<i64>(json!("+7")), (7, vec![]));
        assert_eq!(decode::<i64>(json!("-007")), (-7, vec![]));
        for bad in [
            json!("yes"),
            json!(" 7 "),
            json!("7\n"),
            json!(""),
            json!(1.5),
            json!(1e3),
            json!(null),
            json!([1]),
        ] {
            let (value, violations) = decode::<i64>(bad.clone());
            assert_eq!(value, 0, "{bad}");
            assert!(
                matches!(
                    violations[..],
                    [Violation { rule: Rule::Type { expected: "an integer", .. }, .. }]
                ),
                "{bad}: {violations:?}"
            );
        }
    }

    #[test]
    fn integers_beyond_the_i64_range_are_out_of_range_not_of_the_wrong_type() {
        let range = Rule::Range { min: Some(i64::MIN), max: Some(i64::MAX) };
        for (value, shown) in [
            (json!(u64::MAX), "18446744073709551615"),
            (json!(9_223_372_036_854_775_808_u64), "9223372036854775808"),
            // Text, as a query carries every value: shown as sent.
            (json!("99999999999999999999"), "99999999999999999999"),
            (json!("-9223372036854775809"), "-9223372036854775809"),
            (json!("+99999999999999999999"), "+99999999999999999999"),
        ] {
            let (decoded, violations) = decode::<i64>(value.clone());
            assert_eq!(decoded, 0, "{value}");
            assert_eq!(only(&violations), ("Field", &range, "Invalid", Some(shown)), "{value}");
        }
        assert_eq!(
            decode::<i64>(json!("99999999999999999999")).1[0].to_string(),
            r#"Field must be between -9223372036854775808 and 9223372036854775807 (got "99999999999999999999") [Invalid]"#
        );
        // A float that large is a whole number beyond the range too.
        let (_, violations) = decode::<i64>(json!(-1e30));
        assert_eq!(violations[0].rule, range);
        // The bounds themselves fit.
        assert_eq!(decode::<i64>(json!(i64::MIN)), (i64::MIN, vec![]));
        assert_eq!(decode::<i64>(json!("9223372036854775807")), (i64::MAX, vec![]));
    }

    /// A request with integer fields, one of them sensitive.
    struct Counts;

    impl DecodeJson for Counts {
        fn decode_json(value: &Value, at: &FieldPath<'_>, cx: &mut DecodeContext) -> Self {
            if let Some(object) = cx.object(value, at) {
                let _: Option<i64> = cx.optional(object, at, "N");
                let _: Option<Vec<Vec<i64>>> = cx.optional(object, at, "Grid");
                let _: Option<i64> = cx.sensitive().optional(object, at, "Pin");
            }
            Self
        }

        fn placeholder() -> Self {
            Self
        }
    }

    impl Validate for Counts {}

    #[test]
    fn an_integer_beyond_u64_in_a_body_is_shown_as_sent_not_as_the_float_it_parsed_to() {
        // serde_json parses each of these to a float (`1e20`…): the body has the digits.
        let body = br#"{
            "N": 1, "N": 99999999999999999999,
            "Grid": [[1], [2, -99999999999999999999, 123456789012345678901234567890], [1e300]],
            "Other": [99999999999999999999],
            "Pin": 99999999999999999999
        }"#;
        let decoded = decode_body::<Counts>(body, CODES);
        let found: Vec<(&str, Option<&str>)> =
            decoded.problems.iter().map(|v| (v.path.as_str(), v.actual.as_deref())).collect();
        assert_eq!(
            found,
            [
                ("N", Some("99999999999999999999")),
                ("Grid[1][1]", Some("-99999999999999999999")),
                ("Grid[1][2]", Some("123456789012345678901234567890")),
                ("Grid[2][0]", Some("1e300")),
                ("Pin", None),
            ]
        );
        let range = Rule::Range { min: Some(i64::MIN), max: Some(i64::MAX) };
        assert!(decoded.problems.iter().all(|v| v.rule == range), "{:?}", decoded.problems);
    }

    #[test]
    fn json_values_take_anything_even_null() {
        assert_eq!(decode::<Value>(json!(null)), (Value::Null, vec![]));
        assert_eq!(decode::<Value>(json!({"a": [1]})), (json!({"a": [1]}), vec![]));
    }

    #[test]
    fn array_items_are_reported_at_their_index_all_of_them() {
        let (value, violations) = decode::<Vec<String>>(json!(["a", 1, "c", false]));
        assert_eq!(value, ["a", "", "c", ""]);
        let paths: Vec<&str> = violations.iter().map(|v| v.path.as_str()).collect();
        assert_eq!(paths, ["Field[1]", "Field[3]"]);
        let (_, violations) = decode::<Vec<Vec<i64>>>(json!([[1], [2, "x"]]));
        assert_eq!(violations[0].path, "Field[1][1]");
        let (_, violations) = decode::<Vec<String>>(json!({"a": 1}));
        let rule = Rule::Type { expected: "an array", found: "an object" };
        assert_eq!(only(&violations), ("Field", &rule, "Invalid", None));
    }

    #[test]
    fn required_optional_and_nullable_fields() {
        let object = json!({"Name": "n", "Null": null, "Bad": 3});
        let object = object.as_object().cloned().unwrap_or_default();
        let mut cx = DecodeContext::new(CODES);
        let root = FieldPath::ROOT;
        let item = root.field("Items");
        let at = item.index(2);
        assert_eq!(cx.required::<String>(&object, &at, "Name"), "n");
        assert_eq!(cx.optional::<String>(&object, &at, "Null"), None);
        assert_eq!(cx.optional::<String>(&object, &at, "Absent"), None);
        assert!(cx.violations().is_empty());
        // A nullable required field: `null` is a value, absence is not.
        assert_eq!(cx.required::<Option<String>>(&object, &at, "Null"), None);
        assert_eq!(cx.required::<Option<String>>(&object, &at, "Gone"), None);
        // `null` for a required field that is not nullable is a type error.
        assert_eq!(cx.required::<String>(&object, &at, "Null"), "");
        // A mistyped optional field is reported; a placeholder stands in.
        assert_eq!(cx.optional::<String>(&object, &at, "Bad"), Some(String::new()));
        let found: Vec<(String, Rule, &str)> =
            cx.into_violations().into_iter().map(|v| (v.path, v.rule, v.code)).collect();
        assert_eq!(
            found,
            [
                ("Items[2].Gone".to_owned(), Rule::Required, "Missing"),
                (
                    "Items[2].Null".to_owned(),
                    Rule::Type { expected: "a string", found: "null" },
                    "Invalid"
                ),
                (
                    "Items[2].Bad".to_owned(),
                    Rule::Type { expected: "a string", found: "a number" },
                    "Invalid"
                ),
            ]
        );
    }

    #[test]
    fn sensitive_values_are_never_shown_even_inside_arrays() {
        let object = json!({"Secret": 12345, "Secrets": ["ok", 67890], "Plain": 1});
        let object = object.as_object().cloned().unwrap_or_default();
        let mut cx = DecodeContext::new(CODES);
        let at = FieldPath::ROOT;
        let _: String = cx.sensitive().required(&object, &at, "Secret");
        let _: Option<Vec<String>> = cx.sensitive().optional(&object, &at, "Secrets");
        let _: String = cx.required(&object, &at, "Plain");
        let actual: Vec<Option<String>> =
            cx.into_violations().into_iter().map(|v| v.actual).collect();
        assert_eq!(actual, [None, None, Some("1".to_owned())]);
    }

    #[test]
    fn a_reported_path_covers_itself_and_what_it_holds() {
        assert!(covers("", "Anything"));
        assert!(covers("Item", "Item"));
        assert!(covers("Item", "Item.Parts[0].Sku"));
        assert!(covers("Item", "Item[3]"));
        assert!(!covers("Item", "ItemName"));
        assert!(!covers("Item.Name", "Item"));
    }

    /// A root that breaks a rule only when its field is a placeholder.
    struct Named(String);

    impl DecodeJson for Named {
        fn decode_json(value: &Value, at: &FieldPath<'_>, cx: &mut DecodeContext) -> Self {
            match cx.object(value, at) {
                Some(object) => Self(cx.required(object, at, "Name")),
                None => Self::placeholder(),
            }
        }

        fn placeholder() -> Self {
            Self(String::new())
        }
    }

    impl Validate for Named {
        fn collect_violations(&self, at: &FieldPath<'_>, out: &mut Vec<Violation>) {
            let path = at.field("Name");
            crate::validate::check::length(
                out,
                &path,
                &self.0,
                (Some(1), None),
                "Short",
                Shown::Value,
            );
        }
    }

    #[test]
    fn bodies_report_syntax_root_types_and_each_problem_once() {
        let decoded = decode_body::<Named>(b"{\"Name\": ", CODES);
        assert!(matches!(
            decoded.problems[..],
            [Violation { rule: Rule::Json { .. }, code: "Invalid", .. }]
        ));
        assert!(decoded.rules.is_empty());
        assert!(decoded.problems[0].message().starts_with("the body must be JSON"));

        let decoded = decode_body::<Named>(b"[]", CODES);
        let rule = Rule::Type { expected: "an object", found: "an array" };
        assert_eq!(only(&decoded.problems), ("", &rule, "Invalid", None));
        assert!(decoded.rules.is_empty());

        // Missing: reported as missing, not also as too short.
        let decoded = decode_body::<Named>(b"{}", CODES);
        assert_eq!(only(&decoded.problems), ("Name", &Rule::Required, "Missing", None));
        assert!(decoded.rules.is_empty());

        // Present but breaking a rule: only the rule.
        let decoded = decode_body::<Named>(br#"{"Name": "", "Other": 1}"#, CODES);
        assert!(decoded.problems.is_empty());
        assert_eq!(decoded.rules.len(), 1);
        assert_eq!(decoded.rules[0].code, "Short");
    }
}
