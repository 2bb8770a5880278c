//! The resolved model (IR): what the emitter and the diff read.
//!
//! Independent of YAML and of Rust syntax: every name is resolved (Rust name
//! beside wire name), every type reference points at a declared type, every
//! rule carries the error code it answers with, and everything is in a
//! deterministic order. Built by `lower` from a spec set that passed `check`.

use std::sync::Arc;

/// Where a node of the model is written: its spec file (relative to the specs
/// folder) and its YAML path there (`actions[0].request[3].rules[1]`), for
/// tools that point a reader at the spec (the diff's `file:line`).
///
/// Every origin equals every other: where a node is written is not what it
/// is, so two models compare by content alone (as syn's syntax trees compare
/// without their spans), and a node moved within its file is no change.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// Spec file, relative to the specs folder (`tencentcloud/cam.yaml`).
    pub file: Arc<str>,
    /// YAML path of the node in that file (`actions[0].errors[2]`); empty for the whole file.
    pub path: String,
}

impl Origin {
    /// The whole file.
    pub fn file(file: &str) -> Self {
        Self { file: Arc::from(file), path: String::new() }
    }

    /// A node inside this one: `.key` for a mapping key, `[i]` for an item.
    pub fn at(&self, part: impl std::fmt::Display) -> Self {
        let part = part.to_string();
        let path = if self.path.is_empty() || part.starts_with('[') {
            format!("{}{part}", self.path)
        } else {
            format!("{}.{part}", self.path)
        };
        Self { file: Arc::clone(&self.file), path }
    }

    /// The item at `index` of the sequence this origin is.
    pub fn item(&self, index: usize) -> Self {
        self.at(format!("[{index}]"))
    }
}

impl PartialEq for Origin {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// All providers, sorted by name.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Providers, sorted by name.
    pub providers: Vec<Provider>,
}

/// A cloud provider and its services.
#[derive(Debug, Clone, PartialEq)]
pub struct Provider {
    /// Where it is written (`provider.yaml`).
    pub origin: Origin,
    /// Identifier and module name (`tencentcloud`).
    pub name: String,
    /// Human name.
    pub title: String,
    /// Spec file the provider-level facts came from.
    pub spec_file: String,
    /// How requests travel and are signed.
    pub protocol: crate::spec::Protocol,
    /// The spec's notes on where provider-level facts come from, and the decisions taken.
    pub notes: Vec<Note>,
    /// Codes of client-side violations whose rule names none (each action's
    /// `violation_codes` are these: an action has no codes of its own).
    pub violation_codes: ViolationCodes,
    /// Response envelope.
    pub envelope: Envelope,
    /// Services, sorted by name.
    pub services: Vec<Service>,
}

/// How a provider wraps responses and errors.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    /// Key wrapping the body (`Response`), if any.
    pub wrapper: Option<String>,
    /// Key of the error object inside the body, if errors are nested.
    pub error_object: Option<String>,
    /// Key of the error code.
    pub code: String,
    /// Key of the error message.
    pub message: String,
    /// Key of the request ID.
    pub request_id: String,
    /// Key of the answering host's ID in an error body, if any.
    pub host_id: Option<String>,
    /// Key of the diagnosis link in an error body, if any.
    pub recommend: Option<String>,
}

/// One service at one API version.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Where it is written (the whole spec file).
    pub origin: Origin,
    /// Provider identifier.
    pub provider: String,
    /// Service identifier and module name (`cam`).
    pub name: String,
    /// Human name.
    pub title: String,
    /// API version (`2019-01-16`).
    pub version: String,
    /// Module name of the version (`v20190116`).
    pub version_module: String,
    /// Endpoint hosts.
    pub endpoints: Vec<String>,
    /// Spec file, relative to the specs folder.
    pub spec_file: String,
    /// Source document and its date.
    pub document: String,
    /// The document's "last updated" stamp.
    pub last_updated: Option<String>,
    /// The spec's notes on gaps in the doc about the service.
    pub notes: Vec<Note>,
    /// Named types, sorted by name.
    pub types: Vec<Struct>,
    /// Actions, sorted by name.
    pub actions: Vec<Action>,
}

impl Service {
    /// Cargo feature that enables this service (`tencentcloud-cam`).
    pub fn feature(&self) -> String {
        format!("{}-{}", self.provider, self.name)
    }
}

/// One operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// Where it is written (`actions[0]`).
    pub origin: Origin,
    /// Rust name (`UpdateUser`), also the prefix of its types.
    pub name: String,
    /// Action name as sent on the wire (`UpdateUser`, `GetSAMLProvider`).
    pub wire_name: String,
    /// Description.
    pub description: String,
    /// Requests per second, where documented.
    pub rate_limit_per_second: Option<u32>,
    /// Region rule.
    pub region: Region,
    /// Request type (`UpdateUserRequest`).
    pub request: Struct,
    /// Response type (`UpdateUserResponse`).
    pub response: Struct,
    /// Name of the generated error enum (`UpdateUserError`).
    pub error_type: String,
    /// Error codes: the action's own first, then the provider's common ones it does not repeat.
    pub errors: Vec<ErrorCode>,
    /// Error codes used for client-side violations with no code of their own:
    /// the provider's.
    pub violation_codes: ViolationCodes,
    /// The doc's examples.
    pub examples: Vec<Example>,
    /// The spec's notes on gaps in the doc about the action (shown on its request type).
    pub notes: Vec<Note>,
}

/// Default codes for client-side violations.
#[derive(Debug, Clone, PartialEq)]
pub struct ViolationCodes {
    /// For a missing parameter.
    pub missing: String,
    /// For an invalid value.
    pub invalid: String,
}

/// Region rule of an action.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Region {
    /// Must be given.
    pub required: bool,
    /// Only these regions are supported (empty: any).
    pub supported: Vec<String>,
    /// The doc's wording.
    pub description: String,
}

/// An object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Where it is written (`types[0]`, `actions[0].request`).
    pub origin: Origin,
    /// Rust type name.
    pub rust_name: String,
    /// Description.
    pub description: String,
    /// Fields, in doc order.
    pub fields: Vec<Field>,
    /// The spec's notes on gaps in the doc about this type.
    pub notes: Vec<Note>,
    /// Which way it travels: a request or response itself, or, for a named
    /// type, whether requests, responses or both hold it (from `resolve`).
    pub direction: Direction,
}

impl Struct {
    /// Part of a request, so callers build it (with `new` and `with_*`);
    /// response-only types are only ever decoded.
    pub fn is_input(&self) -> bool {
        matches!(self.direction, Direction::Request | Direction::Both)
    }

    /// Its generated type derives `Default`: one callers build (see
    /// `is_input`) whose `new` takes no argument, every field being optional.
    pub fn derives_default(&self) -> bool {
        self.is_input() && self.fields.iter().all(Field::is_optional)
    }
}

/// Which way a struct travels between caller and API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// No action holds it (a declared type no request or response uses).
    Unused,
    /// Sent: a request, or a type some request holds and no response does.
    Request,
    /// Read: a response, or a type some response holds and no request does.
    Response,
    /// A type held by some request and some response.
    Both,
}

impl Direction {
    /// The direction of a type held by a request (`sent`) and/or a response (`read`).
    pub fn of(sent: bool, read: bool) -> Self {
        match (sent, read) {
            (true, true) => Self::Both,
            (true, false) => Self::Request,
            (false, true) => Self::Response,
            (false, false) => Self::Unused,
        }
    }
}

/// One field of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Where it is written (`actions[0].request[2]`).
    pub origin: Origin,
    /// Exact wire name.
    pub wire_name: String,
    /// Rust field name (snake case, keyword-safe).
    pub rust_name: String,
    /// Type.
    pub ty: Type,
    /// Always present.
    pub required: bool,
    /// May be `null` although present.
    pub nullable: bool,
    /// A secret.
    pub sensitive: bool,
    /// Description.
    pub description: String,
    /// Documented values of an open set.
    pub known_values: Vec<String>,
    /// Example value from the doc's table.
    pub example: Option<String>,
    /// Checked rules.
    pub rules: Vec<Rule>,
    /// The spec's notes on gaps in the doc about this field.
    pub notes: Vec<Note>,
}

/// A gap or contradiction in the doc, and the decision the spec took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// What the doc says or fails to say.
    pub issue: String,
    /// What the spec does about it.
    pub decision: String,
}

impl Field {
    /// The Rust value is an `Option`: not always present, or may be null.
    pub fn is_optional(&self) -> bool {
        !self.required || self.nullable
    }
}

/// A field type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    /// UTF-8 string.
    String,
    /// 64-bit signed integer.
    Integer,
    /// Boolean.
    Boolean,
    /// Any JSON value.
    Json,
    /// A named struct of the same service (its Rust name).
    Named(String),
    /// Array of items.
    Array(Box<Type>),
}

impl Type {
    /// The struct this type holds, through any arrays (`array<MemberMap>` → `MemberMap`).
    pub fn named(&self) -> Option<&str> {
        match self {
            Self::Named(name) => Some(name),
            Self::Array(item) => item.named(),
            _ => None,
        }
    }
}

impl std::fmt::Display for Type {
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

/// A checked rule with the code the API answers when it is broken.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Where it is written (`…request[2].rules[0]`; a rule from a rule set: its `use` entry).
    pub origin: Origin,
    /// What is checked.
    pub kind: RuleKind,
    /// Error code for a violation.
    pub code: String,
    /// Reported, never blocking: the API may not enforce it for every caller.
    pub advisory: bool,
    /// Where the rule comes from, for readers of the generated docs: the
    /// spec's `basis` (directly or from its rule set), or else the error row
    /// its explicit code names (`Error code <code>: "<description>"`). `None`
    /// when the field's own description states the rule.
    pub basis: Option<String>,
}

/// What a rule checks.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleKind {
    /// String length in characters.
    Length {
        /// Minimum.
        min: Option<u64>,
        /// Maximum.
        max: Option<u64>,
    },
    /// Number of array items.
    Items {
        /// Minimum.
        min: Option<u64>,
        /// Maximum.
        max: Option<u64>,
    },
    /// Regex that must match.
    Pattern {
        /// The regex.
        regex: String,
        /// Its meaning in words.
        explain: String,
    },
    /// Allowed values, as they appear on the wire (JSON text of each scalar).
    OneOf(Vec<String>),
    /// Inclusive integer range.
    Range {
        /// Minimum.
        min: Option<i64>,
        /// Maximum.
        max: Option<i64>,
    },
    /// Required when a sibling field is sent.
    RequiredIfPresent {
        /// The sibling's wire name.
        wire_name: String,
        /// The sibling's Rust name.
        rust_name: String,
    },
}

/// A documented error code.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorCode {
    /// Where it is written (`actions[0].errors[1]`, or the provider's `common_errors[3]`).
    pub origin: Origin,
    /// The code as returned (`FailedOperation.UserNotFound`).
    pub code: String,
    /// Variant name (`FailedOperationUserNotFound`).
    pub variant: String,
    /// Description.
    pub description: String,
    /// HTTP status, where documented.
    pub http_status: Option<u16>,
    /// Worth retrying.
    pub retryable: bool,
    /// Comes from the provider's common codes.
    pub common: bool,
}

/// One of the doc's examples.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Where it is written (`actions[0].examples[0]`).
    pub origin: Origin,
    /// Title.
    pub name: String,
    /// Request body JSON.
    pub request: Option<String>,
    /// Full response body JSON.
    pub response: Option<String>,
    /// Accepted normalizations.
    pub normalizations: Vec<crate::spec::Normalization>,
    /// Violations the request is expected to produce (path, code).
    pub expected_violations: Vec<(String, String)>,
}
