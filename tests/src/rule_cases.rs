//! Request payloads that break (or just meet) one rule each, derived from a model.
//!
//! For every rule of a request field, and of every field of the types a request
//! nests (in objects, in array items, in arrays of arrays), [`action_cases`]
//! builds a whole request body that breaks that rule and nothing else, and the
//! one violation it must produce: wire path, error code and [`ExpectedRule`].
//! Where a rule has a limit, a second body sits exactly at the limit and must
//! produce no violation at all.
//!
//! Breaking values are searched, not hard-coded: candidates built from
//! character classes (upper, lower, digit, ASCII special, non-ASCII) at every
//! length that matters to the field's rules, from integers around every bound,
//! from arrays of every relevant size, are tried in turn, and the first one that
//! breaks the rule under test while meeting every other rule of the field wins.
//! When no candidate does, the case carries the reason instead of a body, so a
//! runner fails it rather than skipping it. Length cases prefer multi-byte
//! characters, so a validator counting bytes instead of characters is caught.
//!
//! `tests/tests/rules.rs` replays the cases of `specs/` through the generated
//! crate; `tests/tests/fixtures_compile.rs` writes those inside array items of
//! the fixture spec sets into a test of each fixture's standalone crate.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use cloud_api_types::rules;
use codegen::model::{Action, Field, Rule, RuleKind, Struct, Type};
use serde_json::{Map, Value, json};

/// One request body and what validating it must report.
#[derive(Debug, Clone)]
pub struct Case {
    /// `<wire path>::rule<index>::<what>`, or `baseline` for the valid body.
    pub name: String,
    /// Wire path of the value under test (`Items[1].Sku`); empty for the baseline.
    pub path: String,
    /// Error code of the rule under test; empty for passing cases.
    pub code: String,
    /// The rule under test is advisory: its violation must be marked so.
    pub advisory: bool,
    /// The body and the expected violation, or why no body could be built.
    pub check: Result<Check, String>,
}

/// A request body and the single violation it must produce, if any.
#[derive(Debug, Clone)]
pub struct Check {
    /// The whole request body.
    pub payload: Value,
    /// The rule the body breaks; `None`: the body must validate without any violation.
    pub expected: Option<ExpectedRule>,
}

/// The runtime rule a case expects, with its limits and the value's measure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExpectedRule {
    /// `Rule::Length`.
    Length {
        /// Minimum.
        min: Option<u64>,
        /// Maximum.
        max: Option<u64>,
        /// Characters of the breaking value.
        actual: u64,
    },
    /// `Rule::Items`.
    Items {
        /// Minimum.
        min: Option<u64>,
        /// Maximum.
        max: Option<u64>,
        /// Items of the breaking value.
        actual: u64,
    },
    /// `Rule::Pattern`.
    Pattern {
        /// The regex, as in the spec.
        regex: String,
        /// Its explanation.
        explain: String,
    },
    /// `Rule::OneOf`, allowed values as the wire writes them (strings unquoted).
    OneOf {
        /// The allowed values.
        allowed: Vec<String>,
    },
    /// `Rule::Range`.
    Range {
        /// Minimum.
        min: Option<i64>,
        /// Maximum.
        max: Option<i64>,
    },
    /// `Rule::RequiredIfPresent`.
    RequiredIfPresent {
        /// Wire name of the sibling whose presence requires the field.
        other: String,
    },
}

impl ExpectedRule {
    /// Whether the runtime `rule` is this one, limits and measure included.
    pub fn matches(&self, rule: &cloud_api_types::Rule) -> bool {
        use cloud_api_types::Rule as R;
        match (self, rule) {
            (
                Self::Length { min, max, actual },
                R::Length { min: rmin, max: rmax, actual: ractual },
            )
            | (
                Self::Items { min, max, actual },
                R::Items { min: rmin, max: rmax, actual: ractual },
            ) => (min, max, actual) == (rmin, rmax, ractual),
            (Self::Pattern { regex, explain }, R::Pattern { regex: rregex, explain: rexplain }) => {
                regex == rregex && explain == rexplain
            }
            (Self::OneOf { allowed }, R::OneOf { allowed: rallowed }) => allowed == rallowed,
            (Self::Range { min, max }, R::Range { min: rmin, max: rmax }) => {
                (min, max) == (rmin, rmax)
            }
            (Self::RequiredIfPresent { other }, R::RequiredIfPresent { other: rother }) => {
                other == rother
            }
            _ => false,
        }
    }

    /// A Rust expression of type `cloud_api_types::Rule` equal to this rule.
    pub fn to_rust(&self) -> String {
        let rule = "cloud_api_types::Rule";
        match self {
            Self::Length { min, max, actual } => {
                format!("{rule}::Length {{ min: {min:?}, max: {max:?}, actual: {actual} }}")
            }
            Self::Items { min, max, actual } => {
                format!("{rule}::Items {{ min: {min:?}, max: {max:?}, actual: {actual} }}")
            }
            Self::Pattern { regex, explain } => {
                format!("{rule}::Pattern {{ regex: {regex:?}, explain: {explain:?} }}")
            }
            Self::OneOf { allowed } => format!("{rule}::OneOf {{ allowed: &{allowed:?} }}"),
            Self::Range { min, max } => format!("{rule}::Range {{ min: {min:?}, max: {max:?} }}"),
            Self::RequiredIfPresent { other } => {
                format!("{rule}::RequiredIfPresent {{ other: {other:?} }}")
            }
        }
    }
}

/// Judges what validating `check.payload` reported: exactly the expected
/// violation at `path` with `code` and nothing else, or nothing at all.
pub fn verdict(
    case: &Case,
    check: &Check,
    violations: &[cloud_api_types::Violation],
) -> Result<(), String> {
    let found = || {
        if violations.is_empty() {
            "no violation".to_owned()
        } else {
            let listed: Vec<String> =
                violations.iter().map(|v| format!("{v} {:?}", v.rule)).collect();
            listed.join("; ")
        }
    };
    match &check.expected {
        None if violations.is_empty() => Ok(()),
        None => Err(format!("expected no violation for {}; got {}", check.payload, found())),
        Some(expected) => match violations {
            [only]
                if only.path == case.path
                    && only.code == case.code
                    && only.advisory == case.advisory
                    && expected.matches(&only.rule) =>
            {
                Ok(())
            }
            _ => Err(format!(
                "expected exactly one violation, at `{}` [{}] {expected:?}{}, for {}; got {}",
                case.path,
                case.code,
                if case.advisory { " (advisory)" } else { "" },
                check.payload,
                found()
            )),
        },
    }
}

/// Every case of `action` (whose service declares `types`), the valid baseline first.
pub fn action_cases(action: &Action, types: &[Struct]) -> Vec<Case> {
    let builder = Builder { types };
    let baseline = Case {
        name: "baseline".to_owned(),
        path: String::new(),
        code: String::new(),
        advisory: false,
        check: builder
            .valid_object(&action.request)
            .map(|payload| Check { payload, expected: None }),
    };
    let mut cases = vec![baseline];
    cases.extend(builder.struct_cases(&action.request, &mut Vec::new()));
    cases
}

/// Whether `value` meets `rule` (rules on presence always hold for a sent
/// value). Which JSON values a rule applies to is decided here; what the rule
/// allows is the runtime's own predicate (`rules`), the one the generated
/// validators call, so the oracle judges by the same semantics.
pub fn satisfies(rule: &RuleKind, value: &Value) -> bool {
    match (rule, value) {
        (RuleKind::Length { min, max }, Value::String(s)) => rules::length_ok(s, (*min, *max)),
        (RuleKind::Items { min, max }, Value::Array(items)) => {
            rules::items_ok(items.len(), (*min, *max))
        }
        (RuleKind::Pattern { regex, .. }, Value::String(s)) => matches_regex(regex, s),
        (RuleKind::OneOf(allowed), value) => {
            // The model keeps each allowed value as JSON text; compare as the wire writes them.
            let allowed: Vec<Value> =
                allowed.iter().filter_map(|a| serde_json::from_str(a).ok()).collect();
            let allowed: Vec<_> = allowed.iter().filter_map(rules::wire_text).collect();
            let allowed: Vec<&str> = allowed.iter().map(|a| a.as_ref()).collect();
            rules::wire_text(value).is_some_and(|text| rules::one_of_ok(&text, &allowed))
        }
        (RuleKind::Range { min, max }, Value::Number(n)) => {
            n.as_i64().is_some_and(|n| rules::range_ok(n, (*min, *max)))
        }
        (RuleKind::RequiredIfPresent { .. }, _) => true,
        _ => false,
    }
}

/// Whether `text` matches `regex` (false when it does not compile); each regex is compiled once.
fn matches_regex(regex: &str, text: &str) -> bool {
    thread_local! {
        static COMPILED: RefCell<HashMap<String, Option<regex::Regex>>> = RefCell::default();
    }
    COMPILED.with(|compiled| {
        compiled
            .borrow_mut()
            .entry(regex.to_owned())
            .or_insert_with(|| regex::Regex::new(regex).ok())
            .as_ref()
            .is_some_and(|r| rules::matches_pattern(r, text))
    })
}

/// Character classes a string candidate is made of: upper, lower, digit,
/// ASCII special, non-ASCII (two bytes in UTF-8).
const CLASSES: [char; 5] = ['A', 'a', '1', '!', 'é'];

/// What a case's value must do.
struct Want<'a> {
    /// The rule under test.
    rule: &'a Rule,
    /// Break it (`true`) or meet it (`false`).
    breaks: bool,
    /// Character or item count the value must have.
    count: Option<u64>,
    /// Integer the value must be.
    number: Option<i64>,
    /// UTF-8 bytes the value should have at least (preferred, not required).
    bytes_at_least: Option<u64>,
}

impl<'a> Want<'a> {
    fn new(rule: &'a Rule, breaks: bool) -> Self {
        Self { rule, breaks, count: None, number: None, bytes_at_least: None }
    }
    fn count(self, count: u64) -> Self {
        Self { count: Some(count), ..self }
    }
    fn number(self, number: i64) -> Self {
        Self { number: Some(number), ..self }
    }
    fn bytes_at_least(self, bytes: u64) -> Self {
        Self { bytes_at_least: Some(bytes), ..self }
    }
}

struct Builder<'a> {
    types: &'a [Struct],
}

impl Builder<'_> {
    fn named(&self, name: &str) -> Option<&Struct> {
        self.types.iter().find(|t| t.rust_name == name)
    }

    /// Cases for `owner`'s fields and the types they nest; bodies are `owner`
    /// objects and paths are relative to it. `visiting` guards recursive types.
    fn struct_cases(&self, owner: &Struct, visiting: &mut Vec<String>) -> Vec<Case> {
        let mut out = Vec::new();
        for field in &owner.fields {
            for (index, rule) in field.rules.iter().enumerate() {
                for (what, check) in self.rule_checks(owner, field, rule) {
                    out.push(Case {
                        name: format!("{}::rule{index}::{what}", field.wire_name),
                        path: field.wire_name.clone(),
                        code: if matches!(check, Ok(Check { expected: None, .. })) {
                            String::new()
                        } else {
                            rule.code.clone()
                        },
                        advisory: rule.advisory,
                        check,
                    });
                }
            }
            let Some((nested, indexes)) = self.nested(&field.ty) else {
                continue;
            };
            if visiting.contains(&nested.rust_name) {
                continue;
            }
            visiting.push(nested.rust_name.clone());
            let inner_cases = self.struct_cases(nested, visiting);
            visiting.pop();
            let prefix = format!("{}{}", field.wire_name, "[1]".repeat(indexes));
            for inner in inner_cases {
                let check = inner.check.and_then(|inner_check| {
                    let value = self.place(&field.ty, inner_check.payload)?;
                    Ok(Check {
                        payload: self.object_with(owner, field, value)?,
                        expected: inner_check.expected,
                    })
                });
                out.push(Case {
                    name: format!("{prefix}.{}", inner.name),
                    path: format!("{prefix}.{}", inner.path),
                    code: inner.code,
                    advisory: inner.advisory,
                    check,
                });
            }
        }
        out
    }

    /// The named type `ty` holds and how many array levels wrap it.
    fn nested(&self, ty: &Type) -> Option<(&Struct, usize)> {
        match ty {
            Type::Named(name) => self.named(name).map(|t| (t, 0)),
            Type::Array(item) => self.nested(item).map(|(t, n)| (t, n + 1)),
            _ => None,
        }
    }

    /// `value` (an object of the named type inside `ty`) put where `ty` holds
    /// it: as itself, or as the second item of each array level.
    fn place(&self, ty: &Type, value: Value) -> Result<Value, String> {
        match ty {
            Type::Array(item) => Ok(json!([self.valid_value(item)?, self.place(item, value)?])),
            _ => Ok(value),
        }
    }

    /// A valid `owner` object with `field` set to `value`, and every sibling
    /// that is required when `field` is sent set as well.
    fn object_with(&self, owner: &Struct, field: &Field, value: Value) -> Result<Value, String> {
        let mut object = self.valid_object(owner)?;
        set(&mut object, &field.wire_name, value);
        self.add_dependents(&mut object, owner, &field.wire_name, None)?;
        Ok(object)
    }

    /// Sets every field of `owner` that is required because `sent` is (and,
    /// in turn, those required by them), except `except`.
    fn add_dependents(
        &self,
        object: &mut Value,
        owner: &Struct,
        sent: &str,
        except: Option<&str>,
    ) -> Result<(), String> {
        let mut pending = vec![sent.to_owned()];
        while let Some(sent) = pending.pop() {
            for dependent in &owner.fields {
                let required_by_sent = dependent.rules.iter().any(
                    |r| matches!(&r.kind, RuleKind::RequiredIfPresent { wire_name, .. } if *wire_name == sent),
                );
                if required_by_sent
                    && Some(dependent.wire_name.as_str()) != except
                    && object.get(&dependent.wire_name).is_none()
                {
                    set(object, &dependent.wire_name, self.valid_field(dependent)?);
                    pending.push(dependent.wire_name.clone());
                }
            }
        }
        Ok(())
    }

    /// An object with every required field (and those they make required) set to a valid value.
    fn valid_object(&self, ty: &Struct) -> Result<Value, String> {
        let mut object = Value::Object(Map::new());
        for field in ty.fields.iter().filter(|f| f.required) {
            set(&mut object, &field.wire_name, self.valid_field(field)?);
        }
        for field in ty.fields.iter().filter(|f| f.required) {
            self.add_dependents(&mut object, ty, &field.wire_name, None)?;
        }
        Ok(object)
    }

    /// A value of `ty` with no rules of its own to meet.
    fn valid_value(&self, ty: &Type) -> Result<Value, String> {
        match ty {
            Type::String => Ok(json!("x")),
            Type::Integer => Ok(json!(1)),
            Type::Boolean => Ok(json!(true)),
            Type::Json => Ok(json!({})),
            Type::Array(_) => Ok(json!([])),
            Type::Named(name) => match self.named(name) {
                Some(t) => self.valid_object(t),
                None => Err(format!("unknown type `{name}`")),
            },
        }
    }

    /// A value of `field` meeting all of its rules.
    fn valid_field(&self, field: &Field) -> Result<Value, String> {
        if field.rules.iter().all(|r| is_presence(&r.kind)) {
            return self.valid_value(&field.ty);
        }
        self.candidates(field)?
            .into_iter()
            .find(|v| field.rules.iter().all(|r| satisfies(&r.kind, v)))
            .ok_or_else(|| {
                format!("no candidate value of `{}` meets all its rules", field.wire_name)
            })
    }

    /// A value of `field` that does what `want` says to the rule under test
    /// and meets every other rule of the field.
    fn find(&self, field: &Field, want: &Want<'_>) -> Result<Value, String> {
        let fits = |value: &Value| {
            satisfies(&want.rule.kind, value) != want.breaks
                && field
                    .rules
                    .iter()
                    .filter(|r| !std::ptr::eq(*r, want.rule))
                    .all(|r| satisfies(&r.kind, value))
                && want.count.is_none_or(|n| measure(value) == Some(n))
                && want.number.is_none_or(|n| value.as_i64() == Some(n))
        };
        let preferred = |value: &Value| {
            want.bytes_at_least.is_none_or(|n| value.as_str().is_some_and(|s| s.len() as u64 >= n))
        };
        let mut first_fit = None;
        for value in self.candidates(field)? {
            if fits(&value) {
                if preferred(&value) {
                    return Ok(value);
                }
                first_fit.get_or_insert(value);
            }
        }
        first_fit.ok_or_else(|| {
            format!(
                "no candidate value of `{}` {} {:?} while meeting its other rules{}{}",
                field.wire_name,
                if want.breaks { "breaks" } else { "meets" },
                want.rule.kind,
                want.count.map(|n| format!(" with {n} characters or items")).unwrap_or_default(),
                want.number.map(|n| format!(" as {n}")).unwrap_or_default(),
            )
        })
    }

    /// Candidate values of `field`'s type, in the order they are tried.
    fn candidates(&self, field: &Field) -> Result<Vec<Value>, String> {
        let mut counts = BTreeSet::from([0u64, 1, 2, 3, 6, 8, 15, 16, 32]);
        let mut numbers = BTreeSet::from([0i64, 1, -1]);
        let mut literals = Vec::new();
        for rule in &field.rules {
            match &rule.kind {
                RuleKind::Length { min, max } | RuleKind::Items { min, max } => {
                    for bound in [*min, *max].into_iter().flatten() {
                        counts.extend([bound.saturating_sub(1), bound, bound.saturating_add(1)]);
                    }
                }
                RuleKind::Range { min, max } => {
                    for bound in [*min, *max].into_iter().flatten() {
                        numbers.extend(
                            [bound.checked_sub(1), Some(bound), bound.checked_add(1)]
                                .into_iter()
                                .flatten(),
                        );
                    }
                }
                RuleKind::OneOf(allowed) => {
                    for value in allowed {
                        let value: Value = serde_json::from_str(value)
                            .map_err(|e| format!("allowed value {value}: {e}"))?;
                        if let Some(n) = value.as_i64() {
                            numbers
                                .extend([n.checked_sub(1), n.checked_add(1)].into_iter().flatten());
                        }
                        literals.push(value);
                    }
                }
                RuleKind::Pattern { .. } | RuleKind::RequiredIfPresent { .. } => {}
            }
        }
        for text in field.example.iter().chain(&field.known_values) {
            literals.push(json!(text));
            if let Ok(n) = text.parse::<i64>() {
                numbers.insert(n);
            }
        }
        Ok(match &field.ty {
            Type::String => {
                let mut values: Vec<Value> =
                    literals.into_iter().filter(Value::is_string).collect();
                values.extend(string_candidates(&counts).into_iter().map(Value::String));
                values
            }
            Type::Integer => {
                let mut values: Vec<Value> = literals.into_iter().filter(Value::is_i64).collect();
                values.extend(numbers.into_iter().map(|n| json!(n)));
                values
            }
            Type::Boolean => vec![json!(true), json!(false)],
            Type::Array(item) => {
                let item = self.valid_value(item)?;
                counts
                    .into_iter()
                    .filter(|n| *n <= 10_000)
                    .map(|n| Value::Array(vec![item.clone(); n as usize]))
                    .collect()
            }
            Type::Json | Type::Named(_) => vec![self.valid_value(&field.ty)?],
        })
    }

    /// (what, check) for each case of `rule` on `field` of `owner`.
    fn rule_checks(
        &self,
        owner: &Struct,
        field: &Field,
        rule: &Rule,
    ) -> Vec<(&'static str, Result<Check, String>)> {
        let breaking = |want: Want<'_>, expected: &dyn Fn(&Value) -> ExpectedRule| {
            let value = self.find(field, &want)?;
            let expected = expected(&value);
            Ok(Check { payload: self.object_with(owner, field, value)?, expected: Some(expected) })
        };
        let passing = |want: Want<'_>| {
            let value = self.find(field, &want)?;
            Ok(Check { payload: self.object_with(owner, field, value)?, expected: None })
        };
        let mut checks = Vec::new();
        match &rule.kind {
            RuleKind::Length { min, max } => {
                let expected = |value: &Value| ExpectedRule::Length {
                    min: *min,
                    max: *max,
                    actual: measure(value).unwrap_or_default(),
                };
                if let Some(max) = *max {
                    // Past the limit in characters; at it in characters but past it in bytes.
                    let too_long = Want::new(rule, true).count(max.saturating_add(1));
                    checks.push(("too_long", breaking(too_long, &expected)));
                    let at_max =
                        Want::new(rule, false).count(max).bytes_at_least(max.saturating_add(1));
                    checks.push(("at_max", passing(at_max)));
                }
                if let Some(min) = min.filter(|m| *m > 0) {
                    // Short in characters, long enough in bytes.
                    let too_short = Want::new(rule, true).count(min - 1).bytes_at_least(min);
                    checks.push(("too_short", breaking(too_short, &expected)));
                    checks.push(("at_min", passing(Want::new(rule, false).count(min))));
                }
            }
            RuleKind::Items { min, max } => {
                let expected = |value: &Value| ExpectedRule::Items {
                    min: *min,
                    max: *max,
                    actual: measure(value).unwrap_or_default(),
                };
                if let Some(max) = *max {
                    let too_many = Want::new(rule, true).count(max.saturating_add(1));
                    checks.push(("too_many", breaking(too_many, &expected)));
                    checks.push(("at_max", passing(Want::new(rule, false).count(max))));
                }
                if let Some(min) = min.filter(|m| *m > 0) {
                    let too_few = Want::new(rule, true).count(min - 1);
                    checks.push(("too_few", breaking(too_few, &expected)));
                    checks.push(("at_min", passing(Want::new(rule, false).count(min))));
                }
            }
            RuleKind::Pattern { regex, explain } => {
                let expected = |_: &Value| ExpectedRule::Pattern {
                    regex: regex.clone(),
                    explain: explain.clone(),
                };
                checks.push(("mismatch", breaking(Want::new(rule, true), &expected)));
                checks.push(("matches", passing(Want::new(rule, false))));
            }
            RuleKind::OneOf(allowed) => {
                let expected = |_: &Value| ExpectedRule::OneOf {
                    allowed: allowed.iter().map(|a| wire_text(a)).collect(),
                };
                checks.push(("not_allowed", breaking(Want::new(rule, true), &expected)));
                checks.push(("allowed", passing(Want::new(rule, false))));
            }
            RuleKind::Range { min, max } => {
                let expected = |_: &Value| ExpectedRule::Range { min: *min, max: *max };
                let beyond = |bound: Option<i64>| {
                    bound.ok_or_else(|| format!("{:?} cannot be broken", rule.kind))
                };
                if let Some(max) = *max {
                    let above = beyond(max.checked_add(1))
                        .and_then(|n| breaking(Want::new(rule, true).number(n), &expected));
                    checks.push(("above", above));
                    checks.push(("at_max", passing(Want::new(rule, false).number(max))));
                }
                if let Some(min) = *min {
                    let below = beyond(min.checked_sub(1))
                        .and_then(|n| breaking(Want::new(rule, true).number(n), &expected));
                    checks.push(("below", below));
                    checks.push(("at_min", passing(Want::new(rule, false).number(min))));
                }
            }
            RuleKind::RequiredIfPresent { wire_name, .. } => {
                let other = owner.fields.iter().find(|f| &f.wire_name == wire_name);
                // The sibling sent (with what it makes required, but this
                // field only when `this` is given), this field as given.
                let with_other = |this: Option<Value>| -> Result<Value, String> {
                    let other = other.ok_or_else(|| format!("no sibling field `{wire_name}`"))?;
                    let mut object = self.valid_object(owner)?;
                    set(&mut object, wire_name, self.valid_field(other)?);
                    if let Value::Object(map) = &mut object {
                        map.remove(&field.wire_name);
                    }
                    if let Some(this) = this {
                        set(&mut object, &field.wire_name, this);
                        self.add_dependents(&mut object, owner, &field.wire_name, None)?;
                    }
                    self.add_dependents(&mut object, owner, wire_name, Some(&field.wire_name))?;
                    Ok(object)
                };
                let missing = with_other(None).map(|payload| Check {
                    payload,
                    expected: Some(ExpectedRule::RequiredIfPresent { other: wire_name.clone() }),
                });
                checks.push(("missing", missing));
                let both = self
                    .valid_field(field)
                    .and_then(|this| with_other(Some(this)))
                    .map(|payload| Check { payload, expected: None });
                checks.push(("both_sent", both));
            }
        }
        checks
    }
}

fn is_presence(rule: &RuleKind) -> bool {
    matches!(rule, RuleKind::RequiredIfPresent { .. })
}

/// Characters of a string, items of an array.
fn measure(value: &Value) -> Option<u64> {
    match value {
        Value::String(s) => Some(s.chars().count() as u64),
        Value::Array(items) => Some(items.len() as u64),
        _ => None,
    }
}

/// An allowed value as the wire writes it: strings without their JSON quotes.
fn wire_text(json: &str) -> String {
    serde_json::from_str::<String>(json).unwrap_or_else(|_| json.to_owned())
}

/// Strings of every length in `counts` (shortest first, the empty one last): for each non-empty subset of
/// [`CLASSES`] (largest first), its characters in turn; then, for each
/// ordered pair of classes, one character of the first followed by the second.
fn string_candidates(counts: &BTreeSet<u64>) -> Vec<String> {
    let mut subsets: Vec<Vec<char>> = (1u32..1 << CLASSES.len())
        .map(|mask| {
            CLASSES
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, c)| *c)
                .collect()
        })
        .collect();
    subsets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let mut out = Vec::new();
    // The empty string last: a value that breaks or meets a rule reads better with characters.
    let counts = counts
        .iter()
        .filter(|n| (1..=100_000).contains(*n))
        .chain(counts.contains(&0).then_some(&0));
    for &count in counts {
        let count = count as usize;
        for subset in &subsets {
            out.push(subset.iter().cycle().take(count).collect());
        }
        for first in CLASSES {
            for rest in CLASSES {
                if count > 0 {
                    out.push(
                        std::iter::once(first)
                            .chain(std::iter::repeat_n(rest, count - 1))
                            .collect(),
                    );
                }
            }
        }
    }
    out.dedup();
    out
}

fn set(object: &mut Value, key: &str, value: Value) {
    if let Value::Object(map) = object {
        map.insert(key.to_owned(), value);
    }
}
