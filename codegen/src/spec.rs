//! The spec format: plain serde types mirroring the YAML files, one to one.
//!
//! Nothing here knows YAML (that is `yaml.rs`) or Rust (that is `emit/`). These
//! types say what a spec author may write; `check` says whether it makes sense
//! and `lower` turns it into the resolved [`crate::model`]. The JSON Schema that
//! editors use is derived from these types (`codegen schema`).
//!
//! Every struct rejects unknown keys: the loader reports each one with its
//! location instead of silently dropping a misspelt rule.

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `specs/<provider>/provider.yaml`: what every service of one provider shares.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ProviderSpec {
    /// Provider identifier; must equal the folder name (`tencentcloud`).
    pub provider: String,
    /// Human name (`Tencent Cloud`).
    pub title: String,
    /// How requests travel and are signed.
    pub protocol: Protocol,
    /// How responses are wrapped on the wire, and where an error body keeps its code.
    pub envelope: EnvelopeSpec,
    /// The error codes the API answers with when a parameter breaks a rule,
    /// unless a rule names its own `code`.
    pub violation_codes: ViolationCodes,
    /// Error codes every action of this provider can return.
    #[serde(default)]
    pub common_errors: Vec<ErrorSpec>,
    /// Where the provider-level facts come from, and the decisions taken.
    #[serde(default)]
    pub notes: Vec<Note>,
}

/// The response envelope of a provider.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct EnvelopeSpec {
    /// Key wrapping every response body (`Response` for Tencent Cloud); absent for a flat body.
    #[serde(default)]
    pub wrapper: Option<String>,
    /// Key of the object holding the error inside the (unwrapped) body; absent when the
    /// error keys sit at the top level.
    #[serde(default)]
    pub error_object: Option<String>,
    /// Key of the error code.
    pub code: String,
    /// Key of the error message.
    pub message: String,
    /// Key of the request ID.
    pub request_id: String,
    /// Key of the ID of the host that answered an error (Alibaba Cloud's `HostId`), if any.
    #[serde(default)]
    pub host_id: Option<String>,
    /// Key of the service's diagnosis link for an error (Alibaba Cloud's `Recommend`), if any.
    #[serde(default)]
    pub recommend: Option<String>,
}

/// A provider's wire protocol: how a request is encoded, addressed and signed.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum Protocol {
    /// Tencent Cloud API 3.0: `POST /` with a JSON body, `X-TC-*` headers, TC3-HMAC-SHA256.
    #[serde(rename = "tencent-api3")]
    TencentApi3,
    /// Alibaba Cloud RPC style: parameters flattened into the query, `x-acs-*` headers,
    /// ACS3-HMAC-SHA256.
    #[serde(rename = "alibaba-rpc")]
    AlibabaRpc,
}

/// Default error codes for client-side violations.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ViolationCodes {
    /// Code for a missing parameter (conditional requirement, missing region).
    pub missing: String,
    /// Code for a parameter whose value breaks a rule.
    pub invalid: String,
}

/// `specs/<provider>/<service>.yaml`: one service at one API version.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ServiceSpec {
    /// Service identifier; must equal the file stem (`cam`).
    pub service: String,
    /// Human name of the service.
    pub title: String,
    /// API version, `YYYY-MM-DD`.
    pub version: String,
    /// Endpoint host names. Empty when the doc names none.
    #[serde(default)]
    pub endpoints: Vec<String>,
    /// The document this spec encodes.
    pub source: Source,
    /// Gaps and contradictions in the doc, and the decision taken for each.
    #[serde(default)]
    pub notes: Vec<Note>,
    /// Named groups of rules that share one error code, basis and advisory
    /// flag, so a constraint the doc states once is written once; fields use
    /// one with a `use:` entry in their `rules`.
    #[serde(default)]
    pub rule_sets: Vec<RuleSetSpec>,
    /// Named data types shared by the actions.
    #[serde(default)]
    pub types: Vec<TypeSpec>,
    /// The actions (API operations) of the service.
    pub actions: Vec<ActionSpec>,
}

/// Provenance of a spec.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Source {
    /// File name of the doc page (as kept in the shared seeds).
    pub document: String,
    /// The page's "last updated" stamp, verbatim, where it has one.
    #[serde(default)]
    pub last_updated: Option<String>,
}

/// A gap or contradiction in the doc and what the spec does about it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Note {
    /// What the doc says (or fails to say).
    pub issue: String,
    /// What this spec does about it.
    pub decision: String,
}

/// A named object type (`UserInfo`, `MemberMap`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TypeSpec {
    /// Type name as the doc spells it.
    pub name: String,
    /// Description for rustdoc.
    pub description: String,
    /// Its fields, in doc order.
    pub fields: Vec<FieldSpec>,
    /// Gaps in the doc about this type.
    #[serde(default)]
    pub notes: Vec<Note>,
}

/// A named group of rules (`PasswordPolicy`): the checks, and once for all of
/// them the error code, the basis and whether they are advisory.
///
/// A field's `rules` entry `use: <name>` stands for these rules, each with the
/// set's `code`, `basis` and `advisory`; lowering expands it, so the model is
/// the same as if each rule were written out on the field. Its rules set
/// neither `code`, `basis`, `advisory` nor `use` (sets do not nest, so no
/// expansion can loop).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RuleSetSpec {
    /// The set's name, used by `use:` (`PasswordPolicy`).
    pub name: String,
    /// Error code the API answers with when any of the rules is broken;
    /// defaults to the provider's `violation_codes`.
    #[serde(default)]
    pub code: Option<String>,
    /// Where the rules come from; defaults to the error row of `code`.
    #[serde(default)]
    pub basis: Option<String>,
    /// The API may not enforce these rules for every caller (see [`RuleSpec::advisory`]).
    #[serde(default)]
    pub advisory: bool,
    /// The rules, each with exactly one check key (and `explain` where needed).
    pub rules: Vec<RuleSpec>,
}

/// One operation.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ActionSpec {
    /// Action name (`UpdateUser`).
    pub name: String,
    /// What it does.
    pub description: String,
    /// Request rate limit, per second, where the doc gives one.
    #[serde(default)]
    pub rate_limit_per_second: Option<u32>,
    /// The region rule (Tencent Cloud's common `Region` parameter).
    #[serde(default)]
    pub region: Option<RegionSpec>,
    /// Request parameters, in doc order.
    pub request: Vec<FieldSpec>,
    /// Response fields, in doc order.
    pub response: Vec<FieldSpec>,
    /// Action-specific error codes, in doc order.
    #[serde(default)]
    pub errors: Vec<ErrorSpec>,
    /// The doc's examples, verbatim.
    #[serde(default)]
    pub examples: Vec<ExampleSpec>,
    /// Gaps in the doc about this action.
    #[serde(default)]
    pub notes: Vec<Note>,
}

/// Whether the region must be given, and which regions the action supports.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RegionSpec {
    /// The region must be given.
    #[serde(default)]
    pub required: bool,
    /// The only regions the action supports; empty means any.
    #[serde(default)]
    pub supported: Vec<String>,
    /// The doc's wording.
    pub description: String,
}

/// A request parameter or response field.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct FieldSpec {
    /// Exact wire name.
    pub name: String,
    /// `string`, `integer`, `boolean`, `json` (any JSON value), a type declared
    /// under `types`, or `array<T>` of any of those.
    #[serde(rename = "type")]
    pub ty: String,
    /// The caller must send it (request) or the service always sends it (response).
    #[serde(default)]
    pub required: bool,
    /// The service may send `null` even though the field is always present.
    #[serde(default)]
    pub nullable: bool,
    /// A secret: never shown by `Debug` or in a violation.
    #[serde(default)]
    pub sensitive: bool,
    /// The doc's description.
    pub description: String,
    /// The doc's example value for this field, where its table has one.
    #[serde(default)]
    pub example: Option<String>,
    /// Values the doc names for an open set (documented, not enforced).
    #[serde(default)]
    pub known_values: Vec<String>,
    /// Machine-checked rules the doc states, often only in prose.
    #[serde(default)]
    pub rules: Vec<RuleSpec>,
    /// Gaps in the doc about this field.
    #[serde(default)]
    pub notes: Vec<Note>,
}

/// One rule. Exactly one of the rule keys (`length`, `items`, `pattern`,
/// `one_of`, `range`, `required_if_present`) is set, or, in a field's
/// `rules` only, `use` alone.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RuleSpec {
    /// The name of a rule set of the service (`rule_sets:`) whose rules apply
    /// here; alone in its entry. Not allowed inside a rule set.
    #[serde(default, rename = "use")]
    pub use_set: Option<String>,
    /// String length in characters (Unicode scalar values).
    #[serde(default)]
    pub length: Option<Bounds>,
    /// Number of items of an array.
    #[serde(default)]
    pub items: Option<Bounds>,
    /// A regular expression (Rust `regex` syntax) the value must match somewhere;
    /// anchor it with `^…$` to match the whole value.
    #[serde(default)]
    pub pattern: Option<String>,
    /// The only values allowed (scalars written as the wire would carry them).
    #[serde(default)]
    pub one_of: Option<Vec<serde_json::Value>>,
    /// Inclusive integer range.
    #[serde(default)]
    pub range: Option<Range>,
    /// Wire name of a sibling field: when that field is sent, this one must be too.
    #[serde(default)]
    pub required_if_present: Option<String>,
    /// What the rule means, in words (required with `pattern`).
    #[serde(default)]
    pub explain: Option<String>,
    /// Error code the API answers with when the rule is broken; defaults to the
    /// provider's `violation_codes`.
    #[serde(default)]
    pub code: Option<String>,
    /// Where the rule comes from when it is not the field's own description;
    /// defaults to the error row of `code` (see [`RuleSpec::resolved_basis`]).
    #[serde(default)]
    pub basis: Option<String>,
    /// The API may not enforce the rule for every caller (a default policy an
    /// account can change, an account setting): a violation is reported, but
    /// never stops a request from being decoded or sent.
    #[serde(default)]
    pub advisory: bool,
}

/// The check a rule names: one of the rule keys, with its value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RuleCheck<'a> {
    /// `length`
    Length(Bounds),
    /// `items`
    Items(Bounds),
    /// `pattern`
    Pattern(&'a str),
    /// `one_of`
    OneOf(&'a [serde_json::Value]),
    /// `range`
    Range(Range),
    /// `required_if_present`
    RequiredIfPresent(&'a str),
}

impl RuleCheck<'_> {
    /// The rule keys, in the order diagnostics list them.
    pub const KEYS: &'static str = "length, items, pattern, one_of, range, required_if_present";

    /// The key that sets this check.
    pub fn key(&self) -> &'static str {
        match self {
            Self::Length(_) => "length",
            Self::Items(_) => "items",
            Self::Pattern(_) => "pattern",
            Self::OneOf(_) => "one_of",
            Self::Range(_) => "range",
            Self::RequiredIfPresent(_) => "required_if_present",
        }
    }
}

impl RuleSpec {
    /// Every check the rule sets; a valid spec sets exactly one.
    pub fn checks(&self) -> Vec<RuleCheck<'_>> {
        let mut checks = Vec::new();
        checks.extend(self.length.map(RuleCheck::Length));
        checks.extend(self.items.map(RuleCheck::Items));
        checks.extend(self.pattern.as_deref().map(RuleCheck::Pattern));
        checks.extend(self.one_of.as_deref().map(RuleCheck::OneOf));
        checks.extend(self.range.map(RuleCheck::Range));
        checks.extend(self.required_if_present.as_deref().map(RuleCheck::RequiredIfPresent));
        checks
    }

    /// The rule's check, once `check` has made sure there is exactly one.
    pub fn check(&self) -> Option<RuleCheck<'_>> {
        self.checks().first().copied()
    }

    /// Where the rule comes from: its `basis`, or else, when it names a
    /// `code`, that code's row in `errors` (the first row with the code), as
    /// `Error code <code>: "<description>"`. `None`: the field's own
    /// description is the basis.
    pub fn resolved_basis<'e>(
        &self,
        errors: impl IntoIterator<Item = &'e ErrorSpec>,
    ) -> Option<String> {
        if let Some(basis) = &self.basis {
            return Some(basis.clone());
        }
        let code = self.code.as_deref()?;
        let row = errors.into_iter().find(|e| e.code == code)?;
        Some(error_row_basis(&row.code, &row.description))
    }
}

/// The basis a rule with a `code` and no `basis` gets: the error row it names.
pub fn error_row_basis(code: &str, description: &str) -> String {
    format!("Error code {code}: \"{description}\"")
}

/// A field's rules with every `use:` entry replaced by the rules of the set it
/// names, each carrying the set's `code`, `basis` and `advisory`.
///
/// One level only: a rule inside a set is taken as written, so a set that
/// (wrongly) uses another cannot make this loop. An unknown set name expands
/// to nothing; `check` reports it before anything relies on the result.
pub fn expand_rules<'a>(rules: &'a [RuleSpec], sets: &'a [RuleSetSpec]) -> Vec<Cow<'a, RuleSpec>> {
    let mut expanded = Vec::with_capacity(rules.len());
    for rule in rules {
        let Some(name) = &rule.use_set else {
            expanded.push(Cow::Borrowed(rule));
            continue;
        };
        let Some(set) = sets.iter().find(|s| &s.name == name) else {
            continue;
        };
        expanded.extend(set.rules.iter().map(|member| {
            Cow::Owned(RuleSpec {
                use_set: None,
                code: member.code.clone().or_else(|| set.code.clone()),
                basis: member.basis.clone().or_else(|| set.basis.clone()),
                advisory: member.advisory || set.advisory,
                ..member.clone()
            })
        }));
    }
    expanded
}

/// Inclusive bounds on a count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Bounds {
    /// Smallest allowed count.
    #[serde(default)]
    pub min: Option<u64>,
    /// Largest allowed count.
    #[serde(default)]
    pub max: Option<u64>,
}

/// Inclusive bounds on an integer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Range {
    /// Smallest allowed value.
    #[serde(default)]
    pub min: Option<i64>,
    /// Largest allowed value.
    #[serde(default)]
    pub max: Option<i64>,
}

/// A documented error code.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ErrorSpec {
    /// The code exactly as the API returns it.
    pub code: String,
    /// The doc's description.
    pub description: String,
    /// HTTP status, where the doc gives one.
    #[serde(default)]
    pub http_status: Option<u16>,
    /// Retrying the same request later may succeed.
    #[serde(default)]
    pub retryable: bool,
}

/// One of the doc's examples.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ExampleSpec {
    /// The example's title in the doc.
    pub name: String,
    /// The request body, verbatim JSON.
    #[serde(default)]
    pub request: Option<String>,
    /// The full response body, verbatim JSON (including any envelope).
    #[serde(default)]
    pub response: Option<String>,
    /// Differences between the doc's payload and what the generated types send
    /// back, each accepted on purpose.
    #[serde(default)]
    pub normalizations: Vec<Normalization>,
    /// Violations the request is known to produce (the doc's example breaks a
    /// documented rule). Empty: the request must validate.
    #[serde(default)]
    pub expected_violations: Vec<ExpectedViolation>,
}

/// A difference between a doc payload and its re-serialized form that the spec accepts.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Normalization {
    /// The doc sends integers as JSON strings (`"0"`); they are sent back as numbers.
    IntegersAsStrings,
}

/// A violation an example is expected to produce.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ExpectedViolation {
    /// Wire path (`CustomFields[0].Operation`).
    pub path: String,
    /// Error code.
    pub code: String,
}

/// Everything loaded from a specs folder: providers and their services.
#[derive(Debug, Clone, Default)]
pub struct SpecSet {
    /// Provider files by provider name.
    pub providers: BTreeMap<String, Loaded<ProviderSpec>>,
    /// Service files, sorted by path.
    pub services: Vec<Loaded<ServiceSpec>>,
    /// Provider folders whose `provider.yaml` exists but could not be loaded.
    /// Its own diagnostics say why; the folder's services are not checked
    /// against a provider (nor reported as lacking one) until it loads.
    pub unloaded_providers: std::collections::BTreeSet<String>,
}

/// A parsed file with what is needed to point back into it.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    /// Path relative to the specs folder, with `/` separators (`tencentcloud/cam.yaml`).
    pub path: String,
    /// The parsed content.
    pub value: T,
    /// Where each YAML path starts in the file.
    pub locations: crate::diagnostic::Locations,
}

/// A parsed `type:` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeExpr {
    /// `string`
    String,
    /// `integer`
    Integer,
    /// `boolean`
    Boolean,
    /// `json`
    Json,
    /// A declared type's name.
    Named(String),
    /// `array<T>`
    Array(Box<TypeExpr>),
}

impl std::fmt::Display for TypeExpr {
    /// As a spec writes it: `array<MemberMap>`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::String => f.write_str("string"),
            Self::Integer => f.write_str("integer"),
            Self::Boolean => f.write_str("boolean"),
            Self::Json => f.write_str("json"),
            Self::Named(name) => f.write_str(name),
            Self::Array(item) => write!(f, "array<{item}>"),
        }
    }
}

impl TypeExpr {
    /// The built-in type names, as listed in diagnostics.
    pub const BUILTINS: &'static str = "string, integer, boolean, json, array<T>";

    /// Parses `string`, `array<MemberMap>`, …; `None` when malformed or when
    /// arrays nest deeper than [`crate::limits::ARRAY_NESTING`] (see [`Self::array_depth`]).
    pub fn parse(text: &str) -> Option<Self> {
        // A loop, not recursion, and a ceiling: a hostile `array<` nested
        // thousands deep must neither overflow the stack here nor build a
        // value whose drop would.
        let mut text = text.trim();
        let mut depth = 0;
        while let Some(inner) = text.strip_prefix("array<").and_then(|rest| rest.strip_suffix('>'))
        {
            depth += 1;
            if depth > crate::limits::ARRAY_NESTING {
                return None;
            }
            text = inner.trim();
        }
        let mut ty = Self::parse_item(text)?;
        for _ in 0..depth {
            ty = Self::Array(Box::new(ty));
        }
        Some(ty)
    }

    /// How many `array<` a type expression opens, counted without parsing it.
    pub fn array_depth(text: &str) -> usize {
        let mut text = text.trim();
        let mut depth = 0;
        while let Some(inner) = text.strip_prefix("array<") {
            depth += 1;
            text = inner.trim();
        }
        depth
    }

    /// A type that is not an array.
    fn parse_item(text: &str) -> Option<Self> {
        Some(match text {
            "string" => Self::String,
            "integer" => Self::Integer,
            "boolean" => Self::Boolean,
            "json" => Self::Json,
            name if !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                Self::Named(name.to_owned())
            }
            _ => return None,
        })
    }

    /// How many arrays wrap the item type (`array<array<T>>`: 2).
    pub fn arrays(&self) -> usize {
        match self {
            Self::Array(inner) => 1 + inner.arrays(),
            _ => 0,
        }
    }

    /// The item type, through any number of arrays.
    pub fn innermost(&self) -> &Self {
        match self {
            Self::Array(inner) => inner.innermost(),
            other => other,
        }
    }
}
