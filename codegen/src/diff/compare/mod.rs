//! Model against model: walks both resolved models side by side and records
//! each difference as a classified [`Change`]. YAML layout (anchors, key order,
//! quoting) never reaches the model, so it never shows up here. Services,
//! actions, errors and examples are compared here; fields and their rules in
//! `fields`.

mod fields;

use std::collections::{BTreeMap, BTreeSet};

use super::change::{Change, Direction, Kind, Rust};
use crate::model::{
    Action, Envelope, ErrorCode, Example, Model, Note, Provider, Region, Service, Struct,
};

/// Every change from `base` to `head`, sorted.
pub fn compare(base: &Model, head: &Model) -> Vec<Change> {
    let mut changes = Vec::new();
    for old in &base.providers {
        if let Some(new) = head.providers.iter().find(|p| p.name == old.name) {
            providers(&mut changes, old, new);
        }
    }
    let base_services = services(base);
    let head_services = services(head);
    // Services present on one side only, grouped by (provider, name).
    let mut removed: BTreeMap<(&str, &str), Vec<&Service>> = BTreeMap::new();
    let mut added: BTreeMap<(&str, &str), Vec<&Service>> = BTreeMap::new();
    for (key, old) in &base_services {
        match head_services.get(key) {
            Some(new) => Recorder::new(&mut changes, new).service(old, new),
            None => removed.entry((key.0, key.1)).or_default().push(old),
        }
    }
    for (key, new) in &head_services {
        if !base_services.contains_key(key) {
            added.entry((key.0, key.1)).or_default().push(new);
        }
    }
    for (key, old_versions) in &removed {
        match (old_versions.as_slice(), added.get(key).map(Vec::as_slice)) {
            // One version replaced by one other: the spec's version changed.
            ([old], Some([new])) => {
                let mut recorder = Recorder::new(&mut changes, new);
                recorder.push(
                    None,
                    "version",
                    Kind::VersionChanged,
                    Direction::Input,
                    Some(&old.version),
                    Some(&new.version),
                );
                recorder.service(old, new);
                added.remove(key);
            }
            _ => {
                for old in old_versions {
                    Recorder::new(&mut changes, old).push(
                        None,
                        "",
                        Kind::ServiceRemoved,
                        Direction::Input,
                        Some(&old.version),
                        None,
                    );
                }
            }
        }
    }
    for new in added.values().flatten() {
        Recorder::new(&mut changes, new).push(
            None,
            "",
            Kind::ServiceAdded,
            Direction::Input,
            None,
            Some(&new.version),
        );
    }
    changes.sort();
    changes.dedup();
    changes
}

/// Provider-level changes: the envelope every response is parsed with, and the title.
fn providers(out: &mut Vec<Change>, old: &Provider, new: &Provider) {
    let mut recorder = Recorder { out, service: new.name.clone() };
    if old.envelope != new.envelope {
        let (before, after) = (envelope_text(&old.envelope), envelope_text(&new.envelope));
        recorder.push(
            None,
            "envelope",
            Kind::EnvelopeChanged,
            Direction::Output,
            Some(&before),
            Some(&after),
        );
    }
    if old.protocol != new.protocol {
        let (before, after) = (format!("{:?}", old.protocol), format!("{:?}", new.protocol));
        recorder.push(
            None,
            "protocol",
            Kind::ProtocolChanged,
            Direction::Input,
            Some(&before),
            Some(&after),
        );
    }
    if old.title != new.title {
        recorder.push(
            None,
            "title",
            Kind::DescriptionChanged,
            Direction::Output,
            Some(&old.title),
            Some(&new.title),
        );
    }
}

fn envelope_text(envelope: &Envelope) -> String {
    let mut keys = Vec::new();
    if let Some(wrapper) = &envelope.wrapper {
        keys.push(format!("wrapper {wrapper}"));
    }
    if let Some(error) = &envelope.error_object {
        keys.push(format!("error {error}"));
    }
    keys.push(format!(
        "code {}, message {}, request ID {}",
        envelope.code, envelope.message, envelope.request_id
    ));
    if let Some(host_id) = &envelope.host_id {
        keys.push(format!("host ID {host_id}"));
    }
    if let Some(recommend) = &envelope.recommend {
        keys.push(format!("recommend {recommend}"));
    }
    keys.join(", ")
}

type ServiceKey<'a> = (&'a str, &'a str, &'a str);

fn services(model: &Model) -> BTreeMap<ServiceKey<'_>, &Service> {
    model
        .providers
        .iter()
        .flat_map(|p| &p.services)
        .map(|s| ((s.provider.as_str(), s.name.as_str(), s.version.as_str()), s))
        .collect()
}

/// Records changes of one service.
struct Recorder<'a> {
    out: &'a mut Vec<Change>,
    service: String,
}

impl<'a> Recorder<'a> {
    fn new(out: &'a mut Vec<Change>, service: &Service) -> Self {
        Self { out, service: format!("{}/{} {}", service.provider, service.name, service.version) }
    }

    fn push(
        &mut self,
        action: Option<&str>,
        location: &str,
        kind: Kind,
        direction: Direction,
        before: Option<&str>,
        after: Option<&str>,
    ) {
        let (wire, rust) = kind.impact(direction);
        self.out.push(Change {
            service: self.service.clone(),
            action: action.map(str::to_owned),
            location: location.to_owned(),
            kind,
            before: before.map(str::to_owned),
            after: after.map(str::to_owned),
            wire,
            rust,
        });
    }

    /// Overrides the Rust effect of the change just recorded, where the field's
    /// shape says more than its kind (see `field`).
    fn set_last_rust(&mut self, rust: Rust) {
        if let Some(change) = self.out.last_mut() {
            change.rust = rust;
        }
    }

    fn service(&mut self, old: &Service, new: &Service) {
        let source = |s: &Service| {
            format!("{} ({})", s.document, s.last_updated.as_deref().unwrap_or("undated"))
        };
        if source(old) != source(new) {
            self.push(
                None,
                "source",
                Kind::SourceChanged,
                Direction::Output,
                Some(&source(old)),
                Some(&source(new)),
            );
        }
        let (old_notes, new_notes) = (notes_text(&old.notes), notes_text(&new.notes));
        if old_notes != new_notes {
            self.push(
                None,
                "notes",
                Kind::DescriptionChanged,
                Direction::Output,
                Some(&old_notes),
                Some(&new_notes),
            );
        }
        if old.title != new.title {
            self.push(
                None,
                "title",
                Kind::DescriptionChanged,
                Direction::Output,
                Some(&old.title),
                Some(&new.title),
            );
        }
        self.added_removed(
            None,
            "endpoints",
            &old.endpoints,
            &new.endpoints,
            (Kind::EndpointAdded, Kind::EndpointRemoved),
            Direction::Input,
        );

        let (directions, old_directions) = (TypeDirections::of(new), TypeDirections::of(old));
        let types = pair_up(&old.types, &new.types, |t| t.rust_name.clone());
        for (old_type, new_type) in types.both {
            let (location, direction) =
                (format!("types.{}", new_type.rust_name), directions.of_type(&new_type.rust_name));
            self.structure(None, &location, old_type, new_type, direction);
        }
        for gone in types.removed {
            let direction = old_directions.of_type(&gone.rust_name);
            self.push(
                None,
                &format!("types.{}", gone.rust_name),
                Kind::TypeRemoved,
                direction,
                None,
                None,
            );
        }
        for added in types.added {
            let direction = directions.of_type(&added.rust_name);
            self.push(
                None,
                &format!("types.{}", added.rust_name),
                Kind::TypeAdded,
                direction,
                None,
                None,
            );
        }

        let actions = pair_up(&old.actions, &new.actions, |a| a.wire_name.clone());
        for (old_action, new_action) in actions.both {
            self.action(old_action, new_action);
        }
        for gone in actions.removed {
            self.push(Some(&gone.wire_name), "", Kind::ActionRemoved, Direction::Input, None, None);
        }
        for added in actions.added {
            self.push(Some(&added.wire_name), "", Kind::ActionAdded, Direction::Input, None, None);
        }
    }

    fn action(&mut self, old: &Action, new: &Action) {
        let action = Some(new.wire_name.as_str());
        if old.description != new.description {
            self.push(
                action,
                "description",
                Kind::DescriptionChanged,
                Direction::Input,
                Some(&old.description),
                Some(&new.description),
            );
        }
        self.rate_limit(action, old.rate_limit_per_second, new.rate_limit_per_second);
        self.region(action, &old.region, &new.region);
        if old.region.description != new.region.description {
            let (before, after) = (&old.region.description, &new.region.description);
            self.push(
                action,
                "region.description",
                Kind::DescriptionChanged,
                Direction::Input,
                Some(before),
                Some(after),
            );
        }
        for (what, before, after) in [
            ("missing", &old.violation_codes.missing, &new.violation_codes.missing),
            ("invalid", &old.violation_codes.invalid, &new.violation_codes.invalid),
        ] {
            if before != after {
                let at = format!("violation_codes.{what}");
                self.push(
                    action,
                    &at,
                    Kind::RuleCodeChanged,
                    Direction::Input,
                    Some(before),
                    Some(after),
                );
            }
        }
        self.structure(action, "request", &old.request, &new.request, Direction::Input);
        self.structure(action, "response", &old.response, &new.response, Direction::Output);
        self.errors(action, &old.errors, &new.errors);
        self.examples(action, &old.examples, &new.examples);
    }

    fn rate_limit(&mut self, action: Option<&str>, old: Option<u32>, new: Option<u32>) {
        let kind = match (old, new) {
            (Some(old), Some(new)) if new < old => Kind::RateLimitLowered,
            (None, Some(_)) => Kind::RateLimitLowered,
            (Some(old), Some(new)) if new > old => Kind::RateLimitRaised,
            (Some(_), None) => Kind::RateLimitRaised,
            _ => return,
        };
        let text = |v: Option<u32>| v.map_or_else(|| "none".to_owned(), |v| format!("{v}/s"));
        self.push(action, "rate_limit", kind, Direction::Input, Some(&text(old)), Some(&text(new)));
    }

    fn region(&mut self, action: Option<&str>, old: &Region, new: &Region) {
        match (old.required, new.required) {
            (false, true) => {
                self.push(action, "region", Kind::RegionNowRequired, Direction::Input, None, None)
            }
            (true, false) => self.push(
                action,
                "region",
                Kind::RegionNoLongerRequired,
                Direction::Input,
                None,
                None,
            ),
            _ => {}
        }
        let list = |r: &Region| {
            if r.supported.is_empty() { "any".to_owned() } else { r.supported.join(", ") }
        };
        let (old_any, new_any) = (old.supported.is_empty(), new.supported.is_empty());
        let old_set: BTreeSet<&String> = old.supported.iter().collect();
        let new_set: BTreeSet<&String> = new.supported.iter().collect();
        let restricted = !new_any && (old_any || !old_set.is_subset(&new_set));
        let relaxed = !old_any && (new_any || !new_set.is_subset(&old_set));
        let (before, after) = (list(old), list(new));
        if restricted {
            self.push(
                action,
                "region.supported",
                Kind::RegionRestricted,
                Direction::Input,
                Some(&before),
                Some(&after),
            );
        }
        if relaxed {
            self.push(
                action,
                "region.supported",
                Kind::RegionRelaxed,
                Direction::Input,
                Some(&before),
                Some(&after),
            );
        }
    }

    fn errors(&mut self, action: Option<&str>, old: &[ErrorCode], new: &[ErrorCode]) {
        let errors = pair_up(old, new, |e| e.code.clone());
        let old_order: Vec<&str> = errors.both.iter().map(|(o, _)| o.code.as_str()).collect();
        let new_order: Vec<&str> =
            new.iter().map(|e| e.code.as_str()).filter(|code| old_order.contains(code)).collect();
        if old_order != new_order {
            let (before, after) = (old_order.join(", "), new_order.join(", "));
            self.push(
                action,
                "errors",
                Kind::OrderChanged,
                Direction::Output,
                Some(&before),
                Some(&after),
            );
        }
        for gone in &errors.removed {
            let at = format!("errors.{}", gone.code);
            self.push(action, &at, Kind::ErrorCodeRemoved, Direction::Output, None, None);
        }
        for added in &errors.added {
            let at = format!("errors.{}", added.code);
            self.push(
                action,
                &at,
                Kind::ErrorCodeAdded,
                Direction::Output,
                None,
                Some(&added.description),
            );
        }
        for (old_error, new_error) in errors.both {
            let at = format!("errors.{}", new_error.code);
            if old_error.description != new_error.description {
                self.push(
                    action,
                    &at,
                    Kind::ErrorDescriptionChanged,
                    Direction::Output,
                    Some(&old_error.description),
                    Some(&new_error.description),
                );
            }
            if old_error.http_status != new_error.http_status {
                let text = |s: Option<u16>| s.map_or_else(|| "none".to_owned(), |s| s.to_string());
                self.push(
                    action,
                    &at,
                    Kind::ErrorStatusChanged,
                    Direction::Output,
                    Some(&text(old_error.http_status)),
                    Some(&text(new_error.http_status)),
                );
            }
            if old_error.common != new_error.common {
                let text = |common: bool| {
                    if common { "provider's common code" } else { "action's own code" }
                };
                let (before, after) = (text(old_error.common), text(new_error.common));
                self.push(
                    action,
                    &at,
                    Kind::DescriptionChanged,
                    Direction::Output,
                    Some(before),
                    Some(after),
                );
            }
            if old_error.retryable != new_error.retryable {
                let text = |r: bool| r.to_string();
                self.push(
                    action,
                    &at,
                    Kind::ErrorRetryableChanged,
                    Direction::Output,
                    Some(&text(old_error.retryable)),
                    Some(&text(new_error.retryable)),
                );
            }
        }
    }

    fn examples(&mut self, action: Option<&str>, old: &[Example], new: &[Example]) {
        let at = |example: &Example| format!("examples.{}", example.name);
        let examples = pair_up(old, new, |e| e.name.clone());
        for (old_example, new_example) in examples.both {
            if old_example != new_example {
                self.push(
                    action,
                    &at(new_example),
                    Kind::ExampleChanged,
                    Direction::Output,
                    None,
                    None,
                );
            }
        }
        for gone in examples.removed {
            self.push(action, &at(gone), Kind::ExampleRemoved, Direction::Output, None, None);
        }
        for added in examples.added {
            self.push(action, &at(added), Kind::ExampleAdded, Direction::Output, None, None);
        }
    }

    /// Records each value only in `new` as `added` and each only in `old` as `removed`.
    fn added_removed(
        &mut self,
        action: Option<&str>,
        at: &str,
        old: &[String],
        new: &[String],
        (added, removed): (Kind, Kind),
        direction: Direction,
    ) {
        for value in new.iter().filter(|v| !old.contains(v)) {
            self.push(action, at, added, direction, None, Some(value));
        }
        for value in old.iter().filter(|v| !new.contains(v)) {
            self.push(action, at, removed, direction, Some(value), None);
        }
    }
}

fn notes_text(notes: &[Note]) -> String {
    notes.iter().map(|n| format!("{} {}", n.issue, n.decision)).collect::<Vec<_>>().join(" ")
}

/// The items of two sides matched by key.
struct Pairs<'a, T> {
    /// On both sides (in the old side's order).
    both: Vec<(&'a T, &'a T)>,
    /// Only on the old side.
    removed: Vec<&'a T>,
    /// Only on the new side.
    added: Vec<&'a T>,
}

fn pair_up<'a, T, K: PartialEq>(old: &'a [T], new: &'a [T], key: impl Fn(&T) -> K) -> Pairs<'a, T> {
    let mut pairs = Pairs { both: Vec::new(), removed: Vec::new(), added: Vec::new() };
    for item in old {
        match new.iter().find(|n| key(n) == key(item)) {
            Some(counterpart) => pairs.both.push((item, counterpart)),
            None => pairs.removed.push(item),
        }
    }
    pairs.added = new.iter().filter(|n| !old.iter().any(|o| key(o) == key(n))).collect();
    pairs
}

/// Whether each named type of a service travels in requests, responses or both.
struct TypeDirections {
    inputs: BTreeSet<String>,
    outputs: BTreeSet<String>,
}

impl TypeDirections {
    fn of(service: &Service) -> Self {
        let reach = |roots: Vec<&Struct>| {
            let mut seen = BTreeSet::new();
            let mut pending: Vec<&Struct> = roots;
            while let Some(ty) = pending.pop() {
                for field in &ty.fields {
                    if let Some(name) = field.ty.named()
                        && seen.insert(name.to_owned())
                    {
                        pending.extend(service.types.iter().filter(|t| t.rust_name == name));
                    }
                }
            }
            seen
        };
        Self {
            inputs: reach(service.actions.iter().map(|a| &a.request).collect()),
            outputs: reach(service.actions.iter().map(|a| &a.response).collect()),
        }
    }

    fn of_type(&self, name: &str) -> Direction {
        match (self.inputs.contains(name), self.outputs.contains(name)) {
            (true, true) => Direction::Both,
            (true, false) => Direction::Input,
            // Unused types are treated as outputs: nobody sends them.
            (false, _) => Direction::Output,
        }
    }
}
