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
    RateLimitLowered = "rate-limit-lowered": "The documented rate limit was lowered or introduced.",
    RateLimitRaised = "rate-limit-raised": "The documented rate limit was raised or dropped.",
    RegionNowRequired = "region-now-required": "The region parameter became required.",
    RegionNoLongerRequired = "region-no-longer-required": "The region parameter is no longer required.",
    RegionRestricted = "region-restricted": "Fewer regions are supported.",
    RegionRelaxed = "region-relaxed": "More regions are supported.",
    TypeAdded = "type-added": "A named data type was added.",
    TypeRemoved = "type-removed": "A named data type was removed.",
    FieldAdded = "field-added": "An optional field was added.",
    RequiredFieldAdded = "required-field-added": "A required field was added.",
    FieldRemoved = "field-removed": "A field was removed.",
    FieldTypeChanged = "field-type-changed": "A field's type changed.",
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
    ErrorStatusChanged = "error-status-changed": "An error code's HTTP status changed.",
    ErrorRetryableChanged = "error-retryable-changed": "Whether an error code is retryable changed.",
    ErrorDescriptionChanged = "error-description-changed": "An error code's description changed.",
    ExampleAdded = "example-added": "A doc example was added.",
    ExampleRemoved = "example-removed": "A doc example was removed.",
    ExampleChanged = "example-changed": "A doc example changed.",
    DescriptionChanged = "description-changed": "A description changed.",
}

impl Kind {
    /// The effect of this kind of change on something travelling in `direction`.
    pub fn impact(self, direction: Direction) -> (Wire, Rust) {
        use Direction::{Both, Input, Output};
        use Kind::*;
        use Rust::{Major, Minor, Patch};
        use Wire::{Breaking, Info, NonBreaking};
        if direction == Both {
            let (input, output) = (self.impact(Input), self.impact(Output));
            return (input.0.max(output.0), input.1.max(output.1));
        }
        let input = direction == Input;
        match self {
            ServiceAdded | ActionAdded | TypeAdded | ErrorCodeAdded => (NonBreaking, Minor),
            ServiceRemoved | ActionRemoved | VersionChanged => (Breaking, Major),
            EnvelopeChanged | ProtocolChanged => (Breaking, Patch),
            RequiredFieldsReordered if input => (Info, Major),
            TypeRemoved => (Info, Major),
            ErrorCodeRemoved => (NonBreaking, Major),
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
            FieldNowRequired if input => (Breaking, Major),
            FieldNowRequired | FieldNoLongerNullable => (NonBreaking, Major),
            FieldNowOptional | FieldNowNullable if input => (NonBreaking, Major),
            FieldNowOptional | FieldNowNullable => (Breaking, Major),
            // Client-side rules bind what callers send. On what callers read they only
            // document, but a looser rule there means values readers never saw before.
            LengthTightened
            | ItemsTightened
            | RangeTightened
            | PatternAdded
            | AllowedValuesRestricted
            | AllowedValueRemoved
            | ConditionalRequirementAdded
            | RuleEnforced => {
                if input {
                    (Breaking, Patch)
                } else {
                    (Info, Patch)
                }
            }
            LengthLoosened
            | ItemsLoosened
            | RangeLoosened
            | PatternRemoved
            | AllowedValuesUnrestricted
            | AllowedValueAdded
            | ConditionalRequirementRemoved
            | RuleMadeAdvisory => (NonBreaking, Patch),
            KnownValueAdded | RuleCodeChanged | ErrorRetryableChanged | ErrorStatusChanged => {
                (NonBreaking, Patch)
            }
            SensitivityAdded
            | SensitivityRemoved
            | KnownValueRemoved
            | SourceChanged
            | RequiredFieldsReordered
            | OrderChanged
            | ErrorDescriptionChanged
            | ExampleAdded
            | ExampleRemoved
            | ExampleChanged
            | DescriptionChanged => (Info, Patch),
        }
    }
}

/// One classified change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Change {
    /// Service it belongs to: `tencentcloud/cam 2019-01-16`.
    pub service: String,
    /// Action it belongs to, if any (changes to shared types have none).
    pub action: Option<String>,
    /// Where in the service or action: `request.Password`, `types.MemberMap.Name`, `errors.X`.
    pub location: String,
    /// What kind of change.
    pub kind: Kind,
    /// Value before, when meaningful.
    pub before: Option<String>,
    /// Value after, when meaningful.
    pub after: Option<String>,
    /// Effect on callers on the wire.
    pub wire: Wire,
    /// Effect on Rust code using the generated crate.
    pub rust: Rust,
}
