//! Detection as data: for each node of the model (provider, service, action,
//! struct, field, error, rule) a table of the properties compared and the kinds
//! of change each difference is. Adding a compared property is a row here, not
//! a new branch in the walk.

use super::{Recorder, Site};
use crate::diff::change::{Direction, Kind};
use crate::model::{Action, ErrorCode, Field, Note, Provider, Rule, RuleKind, Service, Struct};

/// A property's value, as compared and as shown.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value {
    /// Compared as text, shown as is.
    Text(String),
    /// Text that may be absent (shown as nothing when absent).
    Maybe(Option<String>),
    /// Yes or no, shown with the label of each state (`[when false, when true]`).
    Flag(bool, [&'static str; 2]),
    /// A set of members: order does not matter, each member is one change.
    Set(Vec<String>),
    /// A set where empty means any (supported regions).
    Scope(Vec<String>),
    /// A number where none means unlimited (a rate limit).
    Limit(Option<u32>),
}

impl Value {
    fn show(&self) -> Option<String> {
        match self {
            Self::Text(text) => Some(text.clone()),
            Self::Maybe(text) => text.clone(),
            Self::Flag(on, labels) => Some(labels[usize::from(*on)].to_owned()),
            Self::Set(members) => Some(members.join(", ")),
            Self::Scope(members) if members.is_empty() => Some("any".to_owned()),
            Self::Scope(members) => Some(members.join(", ")),
            Self::Limit(limit) => {
                Some(limit.map_or_else(|| "none".to_owned(), |l| format!("{l}/s")))
            }
        }
    }

    /// (narrower, wider) from `self` to `new`; both when it moved.
    fn narrowed(&self, new: &Self) -> (bool, bool) {
        match (self, new) {
            (Self::Limit(old), Self::Limit(new)) => {
                let limit = |l: &Option<u32>| l.map_or(u64::MAX, u64::from);
                (limit(new) < limit(old), limit(new) > limit(old))
            }
            (Self::Scope(old), Self::Scope(new)) => {
                let within = |a: &[String], b: &[String]| a.iter().all(|x| b.contains(x));
                let restricted = !new.is_empty() && (old.is_empty() || !within(old, new));
                let relaxed = !old.is_empty() && (new.is_empty() || !within(new, old));
                (restricted, relaxed)
            }
            _ => (false, false),
        }
    }
}

/// How a difference of one property is classified.
#[derive(Debug, Clone, Copy)]
pub(super) enum How {
    /// Any difference is this kind.
    Changed(Kind),
    /// False to true is the first kind, true to false the second.
    Flag(Kind, Kind),
    /// Each member only in the head is the first kind, each only in the base the second.
    Members(Kind, Kind),
    /// Narrower is the first kind, wider the second (both when it moved).
    Narrowed(Kind, Kind),
}

/// One compared property of a node `T`.
pub(super) struct Prop<T> {
    /// Appended to the node's location (`example` → `request.Name.example`).
    pub at: &'static str,
    /// The spec's key for the property, to point at its line (`at` when empty).
    pub key: &'static str,
    /// Where the property travels, when not where its node does.
    pub direction: Option<Direction>,
    /// The property's value.
    pub read: fn(&T) -> Value,
    /// What a difference is.
    pub how: How,
    /// Whether the generated Rust items keep their shape despite a difference
    /// (then the Rust effect is patch, whatever the kind's usual effect).
    pub keeps_rust: fn(&T, &T) -> bool,
}

/// A property at a place of its own (`at`, also its key in the spec).
const fn prop<T>(at: &'static str, read: fn(&T) -> Value, how: How) -> Prop<T> {
    Prop { at, key: "", direction: None, read, how, keeps_rust: |_, _| false }
}

/// A property reported at its node's place, written under `key` in the spec
/// (on the node's own line when empty).
const fn keyed<T>(key: &'static str, read: fn(&T) -> Value, how: How) -> Prop<T> {
    Prop { key, ..prop("", read, how) }
}

impl<T> Prop<T> {
    const fn travels(self, direction: Direction) -> Self {
        Self { direction: Some(direction), ..self }
    }

    const fn keeps_rust(self, keeps_rust: fn(&T, &T) -> bool) -> Self {
        Self { keeps_rust, ..self }
    }

    const fn key(self, key: &'static str) -> Self {
        Self { key, ..self }
    }
}

use Direction::{Input, Output};
use How::{Changed, Flag, Members, Narrowed};
use Kind::*;

fn text(text: &str) -> Value {
    Value::Text(text.to_owned())
}

fn notes(notes: &[Note]) -> Value {
    Value::Text(
        notes.iter().map(|n| format!("{} {}", n.issue, n.decision)).collect::<Vec<_>>().join(" "),
    )
}

/// A required and nullable field is an `Option` either way, and `new` takes
/// only the fields that are not: the Rust shape follows `is_optional`.
fn same_shape(old: &Field, new: &Field) -> bool {
    old.is_optional() == new.is_optional()
}

// The tables are laid out by hand, a row per property (wrapped once where it
// is long): rustfmt would spread most rows over five lines or more.

/// What a provider shares with all its services.
#[rustfmt::skip]
pub(super) const PROVIDER: &[Prop<Provider>] = &[
    prop::<Provider>("envelope", |p| Value::Text(envelope_text(p)),
        Changed(EnvelopeChanged)).travels(Output),
    prop::<Provider>("protocol", |p| Value::Text(format!("{:?}", p.protocol)),
        Changed(ProtocolChanged)).travels(Input),
    prop("title", |p| text(&p.title), Changed(DescriptionChanged)),
    prop("notes", |p| notes(&p.notes), Changed(DescriptionChanged)),
    // Actions have no codes of their own: theirs are these.
    prop("violation_codes.missing", |p| text(&p.violation_codes.missing), Changed(RuleCodeChanged)),
    prop("violation_codes.invalid", |p| text(&p.violation_codes.invalid), Changed(RuleCodeChanged)),
];

/// A service's own facts (its types and actions are walked separately).
#[rustfmt::skip]
pub(super) const SERVICE: &[Prop<Service>] = &[
    prop("source",
        |s| text(&format!("{} ({})", s.document, s.last_updated.as_deref().unwrap_or("undated"))),
        Changed(SourceChanged)),
    prop("notes", |s| notes(&s.notes), Changed(DescriptionChanged)),
    prop("title", |s| text(&s.title), Changed(DescriptionChanged)),
    prop::<Service>("endpoints", |s| Value::Set(s.endpoints.clone()),
        Members(EndpointAdded, EndpointRemoved)).travels(Input),
];

/// An action's own facts (request, response, errors and examples are walked separately).
#[rustfmt::skip]
pub(super) const ACTION: &[Prop<Action>] = &[
    prop("description", |a| text(&a.description), Changed(DescriptionChanged)),
    prop("notes", |a| notes(&a.notes), Changed(DescriptionChanged)),
    prop::<Action>("rate_limit", |a| Value::Limit(a.rate_limit_per_second),
        Narrowed(RateLimitLowered, RateLimitRaised)).key("rate_limit_per_second"),
    prop::<Action>("region", |a| Value::Flag(a.region.required, ["optional", "required"]),
        Flag(RegionNowRequired, RegionNoLongerRequired)).key("region.required"),
    prop("region.supported", |a| Value::Scope(a.region.supported.clone()),
        Narrowed(RegionRestricted, RegionRelaxed)),
    prop("region.description", |a| text(&a.region.description), Changed(DescriptionChanged)),
];

/// Any struct: a named type, or an action's request or response.
#[rustfmt::skip]
pub(super) const STRUCT: &[Prop<Struct>] = &[
    prop("notes", |s| notes(&s.notes), Changed(DescriptionChanged)),
    // Only request-side types get `new` and `with_*`.
    keyed("", |s| Value::Flag(s.is_input(), ["not used in requests", "used in requests"]),
        Flag(TypeNowInRequests, TypeNoLongerInRequests)),
];

/// A named type's description (a request's is the action's, a response's is
/// made from the action's name).
pub(super) const DESCRIBED: &[Prop<Struct>] =
    &[keyed("description", |s| text(&s.description), Changed(DescriptionChanged))];

/// A field's facts besides its type (which needs the service's type renames).
#[rustfmt::skip]
pub(super) const FIELD: &[Prop<Field>] = &[
    keyed::<Field>("required", |f| Value::Flag(f.required, ["optional", "required"]),
        Flag(FieldNowRequired, FieldNowOptional)).keeps_rust(same_shape),
    keyed::<Field>("nullable", |f| Value::Flag(f.nullable, ["not nullable", "nullable"]),
        Flag(FieldNowNullable, FieldNoLongerNullable)).keeps_rust(same_shape),
    prop("example", |f| Value::Maybe(f.example.clone()), Changed(DescriptionChanged)),
    prop("notes", |f| notes(&f.notes), Changed(DescriptionChanged)),
    keyed("sensitive", |f| Value::Flag(f.sensitive, ["not sensitive", "sensitive"]),
        Flag(SensitivityAdded, SensitivityRemoved)),
    keyed("description", |f| text(&f.description), Changed(DescriptionChanged)),
    keyed("known_values", |f| Value::Set(f.known_values.clone()),
        Members(KnownValueAdded, KnownValueRemoved)),
];

/// An error code's facts; errors travel in answers.
#[rustfmt::skip]
pub(super) const ERROR: &[Prop<ErrorCode>] = &[
    keyed("description", |e| text(&e.description), Changed(ErrorDescriptionChanged)),
    keyed("http_status",
        |e| text(&e.http_status.map_or_else(|| "none".to_owned(), |s| s.to_string())),
        Changed(ErrorStatusChanged)),
    keyed("", |e| Value::Flag(e.common, ["action's own code", "provider's common code"]),
        Changed(ErrorCodeMoved)),
    keyed("retryable", |e| Value::Flag(e.retryable, ["false", "true"]),
        Changed(ErrorRetryableChanged)),
];

/// A rule's facts besides what it checks (paired rules check the same kind of thing).
#[rustfmt::skip]
pub(super) const RULE: &[Prop<Rule>] = &[
    keyed("advisory", |r| Value::Flag(r.advisory, ["enforced", "advisory"]),
        Flag(RuleMadeAdvisory, RuleEnforced)),
    keyed("code", |r| text(&r.code), Changed(RuleCodeChanged)),
    prop("explain", |r| match &r.kind {
        RuleKind::Pattern { explain, .. } => text(explain),
        _ => Value::Maybe(None),
    }, Changed(DescriptionChanged)),
    // Where a rule comes from is prose for readers: no caller sees it.
    prop("basis", |r| Value::Maybe(r.basis.clone()), Changed(DescriptionChanged)),
];

fn envelope_text(provider: &Provider) -> String {
    let envelope = &provider.envelope;
    let key = |name: &str, key: &Option<String>| key.as_ref().map(|key| format!("{name} {key}"));
    let (code, message, id) = (&envelope.code, &envelope.message, &envelope.request_id);
    let keys = [
        key("wrapper", &envelope.wrapper),
        key("error", &envelope.error_object),
        Some(format!("code {code}, message {message}, request ID {id}")),
        key("host ID", &envelope.host_id),
        key("recommend", &envelope.recommend),
    ];
    keys.into_iter().flatten().collect::<Vec<_>>().join(", ")
}

impl Recorder<'_> {
    /// Compares `old` and `new` property by property, as `table` says.
    pub(super) fn properties<T>(&mut self, site: &Site, old: &T, new: &T, table: &[Prop<T>]) {
        for prop in table {
            let (before, after) = ((prop.read)(old), (prop.read)(new));
            if before == after {
                continue;
            }
            // A property is a place of its own, but the change is still its node's.
            let mut site = Site { subject: site.subject.clone(), ..site.at(prop.at) };
            if let Some(direction) = prop.direction {
                site.direction = direction;
            }
            // The property's own line, where the spec writes it.
            let key = if prop.key.is_empty() { prop.at } else { prop.key };
            if !key.is_empty() {
                site.spec = site.spec.map(|spec| spec.at(key));
            }
            site.keeps_rust = (prop.keeps_rust)(old, new);
            let (shown_before, shown_after) = (before.show(), after.show());
            let (shown_before, shown_after) = (shown_before.as_deref(), shown_after.as_deref());
            match prop.how {
                Changed(kind) => self.record(&site, kind, shown_before, shown_after),
                Flag(on, off) => {
                    let kind = if matches!(after, Value::Flag(true, _)) { on } else { off };
                    self.record(&site, kind, shown_before, shown_after);
                }
                Members(added, removed) => {
                    let (Value::Set(old_members), Value::Set(new_members)) = (&before, &after)
                    else {
                        continue;
                    };
                    self.members(&site, old_members, new_members, (added, removed));
                }
                Narrowed(narrower, wider) => {
                    let (narrowed, widened) = before.narrowed(&after);
                    for (happened, kind) in [(narrowed, narrower), (widened, wider)] {
                        if happened {
                            self.record(&site, kind, shown_before, shown_after);
                        }
                    }
                }
            }
        }
    }

    /// Each member only in `new` is `added`, each only in `old` is `removed`.
    pub(super) fn members(
        &mut self,
        site: &Site,
        old: &[String],
        new: &[String],
        (added, removed): (Kind, Kind),
    ) {
        for value in new.iter().filter(|v| !old.contains(v)) {
            self.record(site, added, None, Some(value));
        }
        for value in old.iter().filter(|v| !new.contains(v)) {
            self.record(site, removed, Some(value), None);
        }
    }
}
