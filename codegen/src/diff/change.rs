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
    /// rely on, and the specs cannot tell which (a pattern replaced by another).
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

macro_rules! kinds {
    ($( $variant:ident = $id:literal: $doc:literal ),* $(,)?) => {
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
        }
    };
}

kinds! {
    ServiceAdded = "service-added": "A service (or a new API version of one) was added.",
    ServiceRemoved = "service-removed": "A service (or an API version of one) was removed.",
    EnvelopeChanged = "envelope-changed": "Where a provider's responses keep their body, error code, message or request ID changed.",
    ProtocolChanged = "protocol-changed": "How a provider's requests are encoded, addressed or signed changed.",
    SourceChanged = "source-changed": "The spec's source document or its date changed.",
    VersionChanged = "version-changed": "A service's API version changed (its Rust module path changes).",
    EndpointAdded = "endpoint-added": "An endpoint host was added.",
    EndpointRemoved = "endpoint-removed": "An endpoint host was removed.",
    ActionAdded = "action-added": "An action was added.",
    ActionRemoved = "action-removed": "An action was removed.",
    ActionRenamed = "action-renamed": "An action's wire name changed (paired by Rust name, or by description and fields); its other changes are listed beside it.",
    RateLimitLowered = "rate-limit-lowered": "The documented rate limit was lowered or introduced.",
    RateLimitRaised = "rate-limit-raised": "The documented rate limit was raised or dropped.",
    RegionNowRequired = "region-now-required": "The region parameter became required.",
    RegionNoLongerRequired = "region-no-longer-required": "The region parameter is no longer required.",
    RegionRestricted = "region-restricted": "Fewer regions are supported.",
    RegionRelaxed = "region-relaxed": "More regions are supported.",
    TypeAdded = "type-added": "A named data type was added.",
    TypeRemoved = "type-removed": "A named data type was removed.",
    TypeRenamed = "type-renamed": "A named data type was renamed (paired by its fields); wire-identical, its field changes are listed beside it.",
    TypeNowInRequests = "type-now-in-requests": "A response-only type is now also used in requests: callers can build it.",
    TypeNoLongerInRequests = "type-no-longer-in-requests": "A type is no longer used in requests: its constructor and setters are gone.",
    FieldAdded = "field-added": "An optional field was added.",
    RequiredFieldAdded = "required-field-added": "A required field was added.",
    FieldRemoved = "field-removed": "A field was removed.",
    FieldTypeChanged = "field-type-changed": "A field's type changed.",
    FieldTypeRefined = "field-type-refined": "A field of type `json` got a concrete type.",
    FieldTypeGeneralized = "field-type-generalized": "A field of a concrete type became `json`.",
    WireNameChanged = "wire-name-changed": "A field's wire name changed while its Rust name stayed (a change of case: `UserId` to `UserID`).",
    RequiredFieldsReordered = "required-fields-reordered": "Required fields changed order (the order of `new`'s arguments).",
    OrderChanged = "order-changed": "Fields or error codes changed order.",
    FieldNowRequired = "field-now-required": "An optional field became required.",
    FieldNowOptional = "field-now-optional": "A required field became optional.",
    FieldNowNullable = "field-now-nullable": "A field may now be null.",
    FieldNoLongerNullable = "field-no-longer-nullable": "A field may no longer be null.",
    SensitivityAdded = "sensitivity-added": "A field became sensitive (redacted).",
    SensitivityRemoved = "sensitivity-removed": "A field is no longer sensitive.",
    KnownValueAdded = "known-value-added": "A documented value of an open set was added.",
    KnownValueRemoved = "known-value-removed": "A documented value of an open set was removed.",
    LengthTightened = "length-tightened": "A length limit was added or narrowed.",
    LengthLoosened = "length-loosened": "A length limit was removed or widened.",
    ItemsTightened = "items-tightened": "An item-count limit was added or narrowed.",
    ItemsLoosened = "items-loosened": "An item-count limit was removed or widened.",
    RangeTightened = "range-tightened": "A numeric range was added or narrowed.",
    RangeLoosened = "range-loosened": "A numeric range was removed or widened.",
    PatternAdded = "pattern-added": "A pattern the value must match was added.",
    PatternRemoved = "pattern-removed": "A pattern the value must match was removed.",
    PatternChanged = "pattern-changed": "A pattern was replaced by another; whether one accepts what the other did cannot be decided.",
    AllowedValuesRestricted = "allowed-values-restricted": "A field became limited to a list of values.",
    AllowedValuesUnrestricted = "allowed-values-unrestricted": "A field's list of allowed values was dropped.",
    AllowedValueAdded = "allowed-value-added": "A value was added to a field's allowed values.",
    AllowedValueRemoved = "allowed-value-removed": "A value was removed from a field's allowed values.",
    ConditionalRequirementAdded = "conditional-requirement-added": "A field became required when another is sent.",
    ConditionalRequirementRemoved = "conditional-requirement-removed": "A conditional requirement was dropped.",
    RuleCodeChanged = "rule-code-changed": "A rule answers with a different error code.",
    RuleMadeAdvisory = "rule-made-advisory": "A rule became advisory: its violations are reported but no longer block a request.",
    RuleEnforced = "rule-enforced": "An advisory rule became enforced: its violations now block a request.",
    ErrorCodeAdded = "error-code-added": "An error code was added.",
    ErrorCodeRemoved = "error-code-removed": "An error code was removed.",
    ErrorCodeRenamed = "error-code-renamed": "An error code was renamed (paired by Rust variant, or by description).",
    ErrorCodeMoved = "error-code-moved": "An error code moved between the action's own codes and the provider's common codes.",
    ErrorStatusChanged = "error-status-changed": "An error code's HTTP status changed.",
    ErrorRetryableChanged = "error-retryable-changed": "Whether an error code is retryable changed.",
    ErrorDescriptionChanged = "error-description-changed": "An error code's description changed.",
    ExampleAdded = "example-added": "A doc example was added.",
    ExampleRemoved = "example-removed": "A doc example was removed.",
    ExampleChanged = "example-changed": "A doc example changed.",
    DescriptionChanged = "description-changed": "A description changed.",
}

impl Kind {
    /// The effect of this kind of change on something travelling in `direction`,
    /// when the Rust items it touches change shape. The comparison lowers the Rust
    /// effect to patch where the model shows they keep it (see `compare`).
    pub fn impact(self, direction: Direction) -> (Wire, Rust) {
        use Direction::{Both, Input, Output};
        use Kind::*;
        use Rust::{Major, Minor, Patch};
        use Wire::{Breaking, Info, MayBreak, NonBreaking};
        if direction == Both {
            let (input, output) = (self.impact(Input), self.impact(Output));
            return (input.0.max(output.0), input.1.max(output.1));
        }
        let input = direction == Input;
        match self {
            ServiceAdded | ActionAdded | TypeAdded | ErrorCodeAdded | TypeNowInRequests => {
                (NonBreaking, Minor)
            }
            ServiceRemoved | ActionRemoved | ActionRenamed | VersionChanged => (Breaking, Major),
            EnvelopeChanged | ProtocolChanged => (Breaking, Patch),
            RequiredFieldsReordered if input => (Info, Major),
            TypeRemoved | TypeRenamed | TypeNoLongerInRequests => (Info, Major),
            ErrorCodeRemoved => (NonBreaking, Major),
            // Callers that matched the old code no longer see it.
            ErrorCodeRenamed => (Breaking, Major),
            EndpointAdded | RateLimitRaised | RegionNoLongerRequired | RegionRelaxed => {
                (NonBreaking, Patch)
            }
            EndpointRemoved | RateLimitLowered | RegionNowRequired | RegionRestricted => {
                (Breaking, Patch)
            }
            FieldAdded => (NonBreaking, Minor),
            RequiredFieldAdded if input => (Breaking, Major),
            RequiredFieldAdded => (NonBreaking, Minor),
            FieldRemoved | FieldTypeChanged => (Breaking, Major),
            // `json` carries any value: a concrete type accepts less than it from
            // senders (who may have sent other shapes) but reads the same JSON.
            FieldTypeRefined if input => (MayBreak, Major),
            FieldTypeRefined => (NonBreaking, Major),
            FieldTypeGeneralized if input => (NonBreaking, Major),
            FieldTypeGeneralized => (MayBreak, Major),
            WireNameChanged => (Breaking, Patch),
            FieldNowRequired | FieldNoLongerNullable if input => (Breaking, Major),
            FieldNowRequired | FieldNoLongerNullable => (NonBreaking, Major),
            FieldNowOptional | FieldNowNullable if input => (NonBreaking, Major),
            FieldNowOptional | FieldNowNullable => (Breaking, Major),
            // Client-side rules bind what callers send: a tighter one rejects some.
            LengthTightened
            | ItemsTightened
            | RangeTightened
            | PatternAdded
            | AllowedValuesRestricted
            | AllowedValueRemoved
            | ConditionalRequirementAdded
            | RuleEnforced
                if input =>
            {
                (Breaking, Patch)
            }
            // On what callers read, a tighter rule only narrows what they get.
            LengthTightened
            | ItemsTightened
            | RangeTightened
            | PatternAdded
            | AllowedValuesRestricted
            | AllowedValueRemoved
            | ConditionalRequirementAdded
            | RuleEnforced => (Info, Patch),
            LengthLoosened
            | ItemsLoosened
            | RangeLoosened
            | PatternRemoved
            | AllowedValuesUnrestricted
            | AllowedValueAdded
            | ConditionalRequirementRemoved
            | RuleMadeAdvisory
                if input =>
            {
                (NonBreaking, Patch)
            }
            // A looser rule on what callers read is a promise withdrawn: readers
            // that relied on the old bounds (a closed set matched exhaustively, a
            // column sized to the old length) get values they could not before.
            LengthLoosened
            | ItemsLoosened
            | RangeLoosened
            | PatternRemoved
            | AllowedValuesUnrestricted
            | AllowedValueAdded
            | ConditionalRequirementRemoved => (Breaking, Patch),
            RuleMadeAdvisory => (Info, Patch),
            // Neither set of values is known to include the other.
            PatternChanged => (MayBreak, Patch),
            KnownValueAdded | RuleCodeChanged | ErrorRetryableChanged | ErrorStatusChanged => {
                (NonBreaking, Patch)
            }
            SensitivityAdded
            | SensitivityRemoved
            | KnownValueRemoved
            | SourceChanged
            | RequiredFieldsReordered
            | OrderChanged
            | ErrorCodeMoved
            | ErrorDescriptionChanged
            | ExampleAdded
            | ExampleRemoved
            | ExampleChanged
            | DescriptionChanged => (Info, Patch),
        }
    }

    /// Who this kind of change breaks or serves, and why, in a few words, for
    /// something travelling in `direction` (a type used both ways: the side the
    /// change is worse for).
    pub fn why(self, direction: Direction) -> &'static str {
        use Direction::{Both, Input, Output};
        use Kind::*;
        if direction == Both {
            let side = if self.impact(Input) >= self.impact(Output) { Input } else { Output };
            return self.why(side);
        }
        let input = direction == Input;
        match self {
            ServiceAdded | ActionAdded | TypeAdded | ErrorCodeAdded | FieldAdded => {
                "an addition: nothing existing changes"
            }
            ServiceRemoved | ActionRemoved => {
                "callers of it get an unknown-action error; its Rust items are gone"
            }
            ActionRenamed => "callers sending the old name get an unknown-action error",
            VersionChanged => "requests carry the new version; the Rust module path changes",
            EnvelopeChanged => "every reader parses answers at other keys",
            ProtocolChanged => "every request is encoded or signed differently",
            SourceChanged => "provenance only",
            EndpointAdded => "one more host to call",
            EndpointRemoved => "callers using that host fail",
            RateLimitLowered => "callers above the new limit are throttled",
            RateLimitRaised => "more requests per second allowed",
            RegionNowRequired => "callers sending no region are rejected",
            RegionNoLongerRequired => "callers may omit the region",
            RegionRestricted => "callers in a dropped region are rejected",
            RegionRelaxed => "callers may use more regions",
            TypeRemoved => "code naming the type no longer compiles",
            TypeRenamed => "same wire shape; code naming the old type no longer compiles",
            TypeNowInRequests => "callers can now build it (constructor and setters added)",
            TypeNoLongerInRequests => "code building it no longer compiles",
            RequiredFieldAdded if input => "existing callers do not send it and are rejected",
            RequiredFieldAdded => "readers get one more field",
            FieldRemoved if input => {
                "callers sending it no longer compile, and the API ignores or rejects it"
            }
            FieldRemoved => "readers of it get nothing",
            FieldTypeChanged => "values of the old type no longer fit",
            FieldTypeRefined if input => "callers that sent other JSON shapes may be rejected",
            FieldTypeRefined => "the same JSON, read through a typed struct",
            FieldTypeGeneralized if input => "any JSON value is accepted",
            FieldTypeGeneralized => "readers may get JSON of another shape",
            WireNameChanged => "senders and readers of the old wire name miss the field",
            RequiredFieldsReordered if input => {
                "`new`'s arguments change order: calls no longer compile or swap values"
            }
            RequiredFieldsReordered | OrderChanged => "order only",
            FieldNowRequired if input => "callers that omit it are rejected",
            FieldNowRequired => "always present now",
            FieldNowOptional if input => "callers may omit it",
            FieldNowOptional => "readers expecting it may find it missing",
            FieldNowNullable if input => "callers may send null",
            FieldNowNullable => "readers may get null",
            FieldNoLongerNullable if input => "callers sending null are rejected",
            FieldNoLongerNullable => "never null now",
            SensitivityAdded => "its values are redacted from now on",
            SensitivityRemoved => {
                "no longer redacted: its values can show in Debug output and logs"
            }
            KnownValueAdded => "one more documented value of an open set",
            KnownValueRemoved => "documentation only: the set stays open",
            LengthTightened
            | ItemsTightened
            | RangeTightened
            | PatternAdded
            | AllowedValuesRestricted
            | AllowedValueRemoved
                if input =>
            {
                "callers sending values outside the new limit are rejected"
            }
            LengthTightened
            | ItemsTightened
            | RangeTightened
            | PatternAdded
            | AllowedValuesRestricted
            | AllowedValueRemoved => "readers get narrower values",
            LengthLoosened
            | ItemsLoosened
            | RangeLoosened
            | PatternRemoved
            | AllowedValuesUnrestricted
            | AllowedValueAdded
                if input =>
            {
                "more values accepted"
            }
            LengthLoosened
            | ItemsLoosened
            | RangeLoosened
            | PatternRemoved
            | AllowedValuesUnrestricted
            | AllowedValueAdded => "readers that relied on the old bounds get values outside them",
            PatternChanged => "values matching the old pattern may not match the new one",
            ConditionalRequirementAdded if input => {
                "callers sending the other field without this one are rejected"
            }
            ConditionalRequirementAdded => "documents when the field is present",
            ConditionalRequirementRemoved if input => "callers may omit it",
            ConditionalRequirementRemoved => "readers may miss a field that came with another",
            RuleCodeChanged => "violations answer with another error code",
            RuleMadeAdvisory => "violations are reported but no longer block",
            RuleEnforced if input => "requests breaking the rule are now blocked",
            RuleEnforced => "documentation only on what callers read",
            ErrorCodeRemoved => "code matching its variant no longer compiles",
            ErrorCodeRenamed => "callers matching the old code miss it",
            ErrorCodeMoved => "listed with the provider's common codes or the action's own",
            ErrorStatusChanged => "the same error answers with another HTTP status",
            ErrorRetryableChanged => "retrying callers change behaviour",
            ErrorDescriptionChanged
            | ExampleAdded
            | ExampleRemoved
            | ExampleChanged
            | DescriptionChanged => "documentation only",
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
    /// envelope, protocol, title or notes), every action it touches, as
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
    /// YAML path in that file (`actions[0].request[3].rules[1]`).
    pub path: String,
    /// 1-based line of that path (or of its nearest written ancestor, for a
    /// value left at its default); none when the spec text was not at hand.
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
