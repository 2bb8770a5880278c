//! What a change is: its stable kind identifier, where it happened, and its
//! effect on callers on the wire and on Rust code using the generated crate.

use std::fmt;

use schemars::JsonSchema;
use serde::Serialize;

/// Effect on callers of the API, on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Wire {
    /// Nothing a caller sends or reads changes meaning.
    Info,
    /// Existing callers keep working.
    NonBreaking,
    /// Some existing callers may stop working, depending on what they send or
    /// rely on, and the diff cannot tell which (a pattern replaced by another
    /// too large to compare, an advisory rule the API enforces only for some
    /// accounts).
    MayBreak,
    /// Some existing caller stops working.
    Breaking,
}

/// Effect on the generated crate's public Rust API, in semver terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Rust {
    /// No public signature changes (behaviour or docs only).
    Patch,
    /// Additions only; code written against the old crate still compiles.
    Minor,
    /// Code written against the old crate may no longer compile.
    Major,
}

impl fmt::Display for Wire {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Info => "info",
            Self::NonBreaking => "non-breaking",
            Self::MayBreak => "may-break",
            Self::Breaking => "breaking",
        })
    }
}

impl fmt::Display for Rust {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Patch => "patch",
            Self::Minor => "minor",
            Self::Major => "major",
        })
    }
}

/// Which way the changed thing travels, which decides who a change can break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Sent by callers (request, or a type used in one).
    Input,
    /// Read by callers (response, or a type used in one).
    Output,
    /// A type used in both requests and responses.
    Both,
}

/// The effect of a kind on one side: `either` when sent and read alike,
/// otherwise `sent` (requests, types callers build) then `read` (responses).
macro_rules! effect {
    ($sent:ident; either($wire:ident, $rust:ident, $why:literal)) => {
        (Wire::$wire, Rust::$rust, $why)
    };
    ($sent:ident; sent($w1:ident, $r1:ident, $y1:literal), read($w2:ident, $r2:ident, $y2:literal)) => {
        if $sent { (Wire::$w1, Rust::$r1, $y1) } else { (Wire::$w2, Rust::$r2, $y2) }
    };
}

macro_rules! kinds {
    ($(
        $variant:ident = $id:literal, $doc:literal,
        $side:ident ( $($effect:tt)* ) $(, $other:ident ( $($other_effect:tt)* ) )?;
    )*) => {
        /// Every kind of change, each with a stable identifier (its `id`, used in JSON and CI rules).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
        pub enum Kind {
            $( #[doc = $doc] #[serde(rename = $id)] $variant, )*
        }

        impl Kind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [Kind] = &[$( Kind::$variant ),*];

            /// The stable identifier (`request-field-added`).
            pub fn id(self) -> &'static str {
                match self { $( Kind::$variant => $id, )* }
            }

            /// What the kind means.
            pub fn meaning(self) -> &'static str {
                match self { $( Kind::$variant => $doc, )* }
            }

            /// Effect on the wire and on the Rust API, and who it breaks or
            /// serves and why, for something sent (`true`) or read.
            fn effect(self, sent: bool) -> (Wire, Rust, &'static str) {
                match self {
                    $( Kind::$variant => {
                        effect!(sent; $side($($effect)*) $(, $other($($other_effect)*))?)
                    } )*
                }
            }
        }
    };
}

// Each kind: its id, its meaning, and its effect with a phrase saying who it
// breaks or serves and why. In a phrase, `{name}` is the field, type, code or
// action changed, `{before}` and `{after}` its values, `{example}` a value that
// shows the change.
kinds! {
    ServiceAdded = "service-added", "A service (or a new API version of one) was added.",
        either(NonBreaking, Minor, "an addition: nothing existing changes");
    ServiceRemoved = "service-removed", "A service (or an API version of one) was removed.",
        either(Breaking, Major, "callers of it get an unknown-action error; its Rust items are gone");
    EnvelopeChanged = "envelope-changed", "Where a provider's responses keep their body, error code, message or request ID changed.",
        either(Breaking, Patch, "every reader parses answers at other keys");
    ProtocolChanged = "protocol-changed", "How a provider's requests are encoded, addressed or signed changed.",
        either(Breaking, Patch, "every request is encoded or signed differently");
    SourceChanged = "source-changed", "The spec's source document or its date changed.",
        either(Info, Patch, "provenance only");
    VersionChanged = "version-changed", "A service's API version changed (its Rust module path changes).",
        either(Breaking, Major, "requests carry version {after} instead of {before}; the Rust module path changes");
    EndpointAdded = "endpoint-added", "An endpoint host was added.",
        either(NonBreaking, Patch, "one more host to call: {after}");
    EndpointRemoved = "endpoint-removed", "An endpoint host was removed.",
        either(Breaking, Patch, "callers using {before} fail");
    ActionAdded = "action-added", "An action was added.",
        either(NonBreaking, Minor, "an addition: nothing existing changes");
    ActionRemoved = "action-removed", "An action was removed.",
        either(Breaking, Major, "callers of {name} get an unknown-action error; its Rust items are gone");
    ActionRenamed = "action-renamed", "An action's wire name changed (paired by Rust name, or by description and fields); its other changes are listed beside it.",
        either(Breaking, Major, "callers sending {before} get an unknown-action error");
    RateLimitLowered = "rate-limit-lowered", "The documented rate limit was lowered or introduced.",
        either(Breaking, Patch, "callers above {after} are throttled");
    RateLimitRaised = "rate-limit-raised", "The documented rate limit was raised or dropped.",
        either(NonBreaking, Patch, "more requests per second allowed (limit: {after})");
    RegionNowRequired = "region-now-required", "The region parameter became required.",
        either(Breaking, Patch, "callers sending no region are rejected");
    RegionNoLongerRequired = "region-no-longer-required", "The region parameter is no longer required.",
        either(NonBreaking, Patch, "callers may omit the region");
    RegionRestricted = "region-restricted", "Fewer regions are supported.",
        either(Breaking, Patch, "callers in a region outside {after} are rejected");
    RegionRelaxed = "region-relaxed", "More regions are supported.",
        either(NonBreaking, Patch, "callers may use more regions ({after})");
    TypeAdded = "type-added", "A named data type was added.",
        either(NonBreaking, Minor, "an addition: nothing existing changes");
    TypeRemoved = "type-removed", "A named data type was removed.",
        either(Info, Major, "code naming {name} no longer compiles");
    TypeRenamed = "type-renamed", "A named data type was renamed (paired by its fields); wire-identical, its field changes are listed beside it.",
        either(Info, Major, "same wire shape; code naming {before} no longer compiles");
    TypeNowInRequests = "type-now-in-requests", "A response-only type is now also used in requests: callers can build it.",
        either(NonBreaking, Minor, "callers can now build {name} (constructor and setters added)");
    TypeNoLongerInRequests = "type-no-longer-in-requests", "A type is no longer used in requests: its constructor and setters are gone.",
        either(Info, Major, "code building {name} no longer compiles");
    FieldAdded = "field-added", "An optional field was added.",
        either(NonBreaking, Minor, "an addition: nothing existing changes");
    RequiredFieldAdded = "required-field-added", "A required field was added.",
        sent(Breaking, Major, "existing callers do not send {name} and are rejected"),
        read(NonBreaking, Minor, "readers get one more field, {name}");
    FieldRemoved = "field-removed", "A field was removed.",
        sent(Breaking, Major, "callers sending {name} no longer compile, and the API ignores or rejects it"),
        read(Breaking, Major, "readers of {name} get nothing");
    FieldTypeChanged = "field-type-changed", "A field's type changed.",
        either(Breaking, Major, "values of {name} as {before} no longer fit {after}");
    FieldTypeRefined = "field-type-refined", "A field of type `json` got a concrete type.",
        // `json` carries any value; a concrete type accepts less, both from
        // senders (who may have sent other shapes) and in answers, which the
        // client now parses strictly into it.
        sent(MayBreak, Major, "callers that sent other JSON shapes in {name} may be rejected"),
        read(MayBreak, Major, "answers whose {name} does not fit {after} no longer parse");
    FieldTypeGeneralized = "field-type-generalized", "A field of a concrete type became `json`.",
        sent(NonBreaking, Major, "any JSON value is accepted in {name}"),
        read(MayBreak, Major, "readers may get JSON of another shape in {name}");
    // Patch in Rust where the Rust name stays.
    WireNameChanged = "wire-name-changed", "A field's wire name changed: paired by its Rust name (`UserId` to `UserID`), or as the same name in another case (`Username` to `UserName`, `username` to `user_name` in Rust).",
        either(Breaking, Major, "senders and readers of {before} miss the field, now {after}");
    RequiredFieldsReordered = "required-fields-reordered", "Required fields changed order (the order of `new`'s arguments).",
        sent(Info, Major, "`new`'s arguments change order: calls no longer compile or swap values"),
        read(Info, Patch, "order only");
    OrderChanged = "order-changed", "Fields or error codes changed order.",
        either(Info, Patch, "order only");
    FieldNowRequired = "field-now-required", "An optional field became required.",
        sent(Breaking, Major, "callers that omit {name} are rejected"),
        read(NonBreaking, Major, "{name} is always present now");
    FieldNowOptional = "field-now-optional", "A required field became optional.",
        sent(NonBreaking, Major, "callers may omit {name}"),
        read(Breaking, Major, "readers expecting {name} may find it missing");
    FieldNowNullable = "field-now-nullable", "A field may now be null.",
        sent(NonBreaking, Major, "callers may send null in {name}"),
        read(Breaking, Major, "readers may get null in {name}");
    FieldNoLongerNullable = "field-no-longer-nullable", "A field may no longer be null.",
        sent(Breaking, Major, "callers sending null in {name} are rejected"),
        read(NonBreaking, Major, "{name} is never null now");
    SensitivityAdded = "sensitivity-added", "A field became sensitive (redacted).",
        either(Info, Patch, "values of {name} are redacted from now on");
    SensitivityRemoved = "sensitivity-removed", "A field is no longer sensitive.",
        either(Info, Patch, "{name} is no longer redacted: its values can show in Debug output and logs");
    KnownValueAdded = "known-value-added", "A documented value of an open set was added.",
        either(NonBreaking, Patch, "one more documented value of an open set: {after}");
    KnownValueRemoved = "known-value-removed", "A documented value of an open set was removed.",
        either(Info, Patch, "documentation only: the set stays open");
    // Client-side rules bind what callers send: a tighter one rejects some.
    // On what callers read, a tighter rule is a new promise: nobody breaks; a
    // looser one is a promise withdrawn: readers that relied on the old bounds
    // (a closed set matched exhaustively, a column sized to the old length)
    // get values they could not before.
    LengthTightened = "length-tightened", "A length limit was added or narrowed.",
        sent(Breaking, Patch, "callers sending {name} outside the new limit ({after}) are rejected"),
        read(NonBreaking, Patch, "readers get {name} within a narrower limit ({after})");
    LengthLoosened = "length-loosened", "A length limit was removed or widened.",
        sent(NonBreaking, Patch, "{name} is no longer held to {before}"),
        read(Breaking, Patch, "readers that relied on {name} within {before} get values outside it");
    ItemsTightened = "items-tightened", "An item-count limit was added or narrowed.",
        sent(Breaking, Patch, "callers sending {name} outside the new limit ({after}) are rejected"),
        read(NonBreaking, Patch, "readers get {name} within a narrower limit ({after})");
    ItemsLoosened = "items-loosened", "An item-count limit was removed or widened.",
        sent(NonBreaking, Patch, "{name} is no longer held to {before}"),
        read(Breaking, Patch, "readers that relied on {name} within {before} get values outside it");
    RangeTightened = "range-tightened", "A numeric range was added or narrowed.",
        sent(Breaking, Patch, "callers sending {name} outside the new range ({after}) are rejected"),
        read(NonBreaking, Patch, "readers get {name} within a narrower range ({after})");
    RangeLoosened = "range-loosened", "A numeric range was removed or widened.",
        sent(NonBreaking, Patch, "{name} is no longer held to {before}"),
        read(Breaking, Patch, "readers that relied on {name} within {before} get values outside it");
    PatternAdded = "pattern-added", "A pattern the value must match was added.",
        sent(Breaking, Patch, "callers sending {name} not matching {after} are rejected"),
        read(NonBreaking, Patch, "readers get {name} matching {after}");
    PatternRemoved = "pattern-removed", "A pattern the value must match was removed.",
        sent(NonBreaking, Patch, "{name} no longer has to match {before}"),
        read(Breaking, Patch, "readers that relied on {name} matching {before} get values that do not");
    // Patterns replaced are compared as the sets of texts they accept.
    PatternNarrowed = "pattern-narrowed", "A pattern was replaced by one that rejects some texts it accepted (such as the example given).",
        sent(Breaking, Patch, "callers sending {name} such as {example}, which {before} accepted and {after} does not, are rejected"),
        read(NonBreaking, Patch, "readers no longer get {name} such as {example}");
    PatternWidened = "pattern-widened", "A pattern was replaced by one that accepts some texts it did not (such as the example given).",
        sent(NonBreaking, Patch, "{name} also accepts values such as {example}, which {before} did not"),
        read(Breaking, Patch, "readers that relied on {name} matching {before} get values such as {example}");
    PatternRewritten = "pattern-rewritten", "A pattern was rewritten to accept exactly the texts it did.",
        either(Info, Patch, "{name} accepts the same values as before");
    // Neither set of texts is known to include the other.
    PatternChanged = "pattern-changed", "A pattern was replaced by another, and whether one accepts what the other did could not be decided within the diff's bounds.",
        either(MayBreak, Patch, "values of {name} matching {before} may not match {after}");
    AllowedValuesRestricted = "allowed-values-restricted", "A field became limited to a list of values.",
        sent(Breaking, Patch, "callers sending {name} outside {after} are rejected"),
        read(NonBreaking, Patch, "readers get {name} from {after} only");
    AllowedValuesUnrestricted = "allowed-values-unrestricted", "A field's list of allowed values was dropped.",
        sent(NonBreaking, Patch, "{name} accepts values beyond {before}"),
        read(Breaking, Patch, "readers that relied on {name} being one of {before} get other values");
    AllowedValueAdded = "allowed-value-added", "A value was added to a field's allowed values.",
        sent(NonBreaking, Patch, "{name} also accepts {after}"),
        read(Breaking, Patch, "readers matching {name} exhaustively get {after}, a value they did not know");
    AllowedValueRemoved = "allowed-value-removed", "A value was removed from a field's allowed values.",
        sent(Breaking, Patch, "callers sending {before} in {name} are rejected"),
        read(NonBreaking, Patch, "readers no longer get {before} in {name}");
    ConditionalRequirementAdded = "conditional-requirement-added", "A field became required when another is sent.",
        sent(Breaking, Patch, "callers that omit {name} {after} are rejected"),
        read(NonBreaking, Patch, "readers get {name} {after}");
    ConditionalRequirementRemoved = "conditional-requirement-removed", "A conditional requirement was dropped.",
        sent(NonBreaking, Patch, "callers may omit {name} {before}"),
        read(Breaking, Patch, "readers may miss {name} {before}");
    RuleCodeChanged = "rule-code-changed", "A rule answers with a different error code.",
        either(NonBreaking, Patch, "violations on {name} answer {after} instead of {before}");
    RuleMadeAdvisory = "rule-made-advisory", "A rule became advisory: its violations are reported but no longer block a request.",
        sent(NonBreaking, Patch, "violations on {name} are reported but no longer block"),
        read(Info, Patch, "violations on {name} are reported but no longer block");
    RuleEnforced = "rule-enforced", "An advisory rule became enforced: its violations now block a request.",
        sent(Breaking, Patch, "requests breaking the rule on {name} are now blocked"),
        read(Info, Patch, "documentation only on what callers read");
    ErrorCodeAdded = "error-code-added", "An error code was added.",
        either(NonBreaking, Minor, "an addition: nothing existing changes");
    ErrorCodeRemoved = "error-code-removed", "An error code was removed.",
        either(NonBreaking, Major, "code matching its variant no longer compiles");
    // Callers that matched the old code no longer see it.
    ErrorCodeRenamed = "error-code-renamed", "An error code was renamed (paired by Rust variant, or by description).",
        either(Breaking, Major, "callers matching {before} miss it: the API answers {after}");
    ErrorCodeMoved = "error-code-moved", "An error code moved between the action's own codes and the provider's common codes.",
        either(Info, Patch, "{name} is now listed as the {after}");
    ErrorStatusChanged = "error-status-changed", "An error code's HTTP status changed.",
        either(NonBreaking, Patch, "{name} answers with HTTP status {after} instead of {before}");
    ErrorRetryableChanged = "error-retryable-changed", "Whether an error code is retryable changed.",
        either(NonBreaking, Patch, "retrying callers change behaviour on {name}");
    ErrorDescriptionChanged = "error-description-changed", "An error code's description changed.",
        either(Info, Patch, "documentation only");
    ExampleAdded = "example-added", "A doc example was added.",
        either(Info, Patch, "documentation only");
    ExampleRemoved = "example-removed", "A doc example was removed.",
        either(Info, Patch, "documentation only");
    ExampleChanged = "example-changed", "A doc example changed.",
        either(Info, Patch, "documentation only");
    DescriptionChanged = "description-changed", "A description changed.",
        either(Info, Patch, "documentation only");
}

impl Kind {
    /// The effect of this kind of change on something travelling in `direction`,
    /// when the Rust items it touches change shape (a type used both ways: the
    /// worst of each side). The comparison lowers the Rust effect to patch where
    /// the model shows they keep it (see `compare`).
    pub fn impact(self, direction: Direction) -> (Wire, Rust) {
        let (wire, rust, _) = self.side_effect(direction);
        (wire, rust)
    }

    /// Who this kind of change breaks or serves, and why: a phrase with
    /// `{name}`, `{before}` and `{after}` to fill in, for something travelling
    /// in `direction` (a type used both ways: the side the change is worse for).
    pub fn why(self, direction: Direction) -> &'static str {
        self.side_effect(direction).2
    }

    fn side_effect(self, direction: Direction) -> (Wire, Rust, &'static str) {
        match direction {
            Direction::Input => self.effect(true),
            Direction::Output => self.effect(false),
            Direction::Both => {
                let (sent, read) = (self.effect(true), self.effect(false));
                let why = if (sent.0, sent.1) >= (read.0, read.1) { sent.2 } else { read.2 };
                (sent.0.max(read.0), sent.1.max(read.1), why)
            }
        }
    }
}

/// One classified change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Change {
    /// Service it belongs to: `tencentcloud/cam 2019-01-16`.
    pub service: String,
    /// For a change that says what a new version of a service changes from its
    /// previous version, that version (`tencentcloud/cam 2019-01-16`); such a
    /// change breaks no existing caller (the previous version stays), so it is
    /// not counted in the summary. None for every other change.
    pub relative_to: Option<String>,
    /// Action it belongs to, if any (changes to shared types have none).
    pub action: Option<String>,
    /// Where in the service or action: `request.Password`, `types.MemberMap.Name`, `errors.X`.
    pub location: String,
    /// What kind of change.
    pub kind: Kind,
    /// Value before, when meaningful, in full.
    pub before: Option<String>,
    /// Value after, when meaningful, in full.
    pub after: Option<String>,
    /// Effect on callers on the wire.
    pub wire: Wire,
    /// Effect on Rust code using the generated crate.
    pub rust: Rust,
    /// Who the change breaks or serves, and why, in a few words.
    pub why: String,
    /// For a major Rust change, the generated items it changes and how
    /// (`UpdateUserRequest::new: 2 → 3 arguments`); empty otherwise.
    pub rust_items: Vec<String>,
    /// For a change to what a provider shares with all its services (its
    /// envelope, protocol, violation codes, title or notes), every action it touches, as
    /// `service action` labels (`tencentcloud/cam 2019-01-16 UpdateUser`);
    /// empty otherwise (a change inside an action names it in `action`).
    pub affects: Vec<String>,
    /// Where the change is written: in the head's specs, or in the base's
    /// for something the head no longer has.
    pub spec: Option<SpecSite>,
}

/// A place in a spec file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SpecSite {
    /// Which side's specs.
    pub side: SpecSide,
    /// Spec file, relative to the specs folder (`tencentcloud/cam.yaml`).
    pub file: String,
    /// YAML path in that file (`actions[0].request[3].rules[1]`): where that
    /// side writes the change, or, for a key it does not write (a value left
    /// at its default, a key removed), the nearest node it does write.
    pub path: String,
    /// 1-based line of that path; none when the spec text was not at hand.
    pub line: Option<usize>,
}

impl SpecSite {
    /// Where `origin` is written on `side`.
    pub fn new(side: SpecSide, origin: &crate::model::Origin) -> Self {
        Self { side, file: origin.file.to_string(), path: origin.path.clone(), line: None }
    }

    /// A key inside this place (`description`, `region.supported`).
    pub fn at(&self, key: &str) -> Self {
        let path =
            if self.path.is_empty() { key.to_owned() } else { format!("{}.{key}", self.path) };
        Self { path, ..self.clone() }
    }
}

impl fmt::Display for SpecSite {
    /// `tencentcloud/cam.yaml:57`, with ` (base)` for the base's specs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if self.side == SpecSide::Base {
            f.write_str(" (base)")?;
        }
        Ok(())
    }
}

/// The side of a diff a place belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SpecSide {
    /// The specs compared against.
    Base,
    /// The specs under review.
    Head,
}
