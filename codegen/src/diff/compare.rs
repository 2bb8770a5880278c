//! Model against model: walks both resolved models side by side and records
//! each difference as a classified [`Change`]. YAML layout (anchors, key order,
//! quoting) never reaches the model, so it never shows up here.

use std::collections::{BTreeMap, BTreeSet};

use super::change::{Change, Direction, Kind, Rust};
use crate::model::{
    Action, Envelope, ErrorCode, Example, Field, Model, Note, Provider, Region, Rule, RuleKind,
    Service, Struct,
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

    fn structure(
        &mut self,
        action: Option<&str>,
        at: &str,
        old: &Struct,
        new: &Struct,
        direction: Direction,
    ) {
        if old.description != new.description && !at.starts_with("request") {
            self.push(
                action,
                at,
                Kind::DescriptionChanged,
                direction,
                Some(&old.description),
                Some(&new.description),
            );
        }
        let (old_notes, new_notes) = (notes_text(&old.notes), notes_text(&new.notes));
        if old_notes != new_notes {
            let location = format!("{at}.notes");
            self.push(
                action,
                &location,
                Kind::DescriptionChanged,
                direction,
                Some(&old_notes),
                Some(&new_notes),
            );
        }
        self.order(action, at, old, new, direction);
        let fields = pair_up(&old.fields, &new.fields, |f| f.wire_name.clone());
        for (old_field, new_field) in fields.both {
            self.field(
                action,
                &format!("{at}.{}", new_field.wire_name),
                old_field,
                new_field,
                direction,
            );
        }
        for gone in fields.removed {
            let location = format!("{at}.{}", gone.wire_name);
            self.push(
                action,
                &location,
                Kind::FieldRemoved,
                direction,
                Some(&gone.ty.to_string()),
                None,
            );
        }
        for added in fields.added {
            let location = format!("{at}.{}", added.wire_name);
            let kind =
                if added.is_optional() { Kind::FieldAdded } else { Kind::RequiredFieldAdded };
            self.push(action, &location, kind, direction, None, Some(&added.ty.to_string()));
        }
    }

    /// Fields present on both sides that changed order. For the required
    /// fields of a type callers build, that is the order of `new`'s arguments.
    fn order(
        &mut self,
        action: Option<&str>,
        at: &str,
        old: &Struct,
        new: &Struct,
        direction: Direction,
    ) {
        let common = |from: &Struct, other: &Struct, required_only: bool| -> Vec<String> {
            from.fields
                .iter()
                .filter(|f| other.fields.iter().any(|o| o.wire_name == f.wire_name))
                .filter(|f| !required_only || !f.is_optional())
                .map(|f| f.wire_name.clone())
                .collect()
        };
        let (old_required, new_required) = (common(old, new, true), common(new, old, true));
        let required_moved = new.is_input
            && old_required.len() == new_required.len()
            && old_required != new_required;
        let (old_all, new_all) = (common(old, new, false), common(new, old, false));
        if required_moved {
            let (before, after) = (old_required.join(", "), new_required.join(", "));
            self.push(
                action,
                at,
                Kind::RequiredFieldsReordered,
                direction,
                Some(&before),
                Some(&after),
            );
        } else if old_all != new_all {
            let (before, after) = (old_all.join(", "), new_all.join(", "));
            self.push(action, at, Kind::OrderChanged, direction, Some(&before), Some(&after));
        }
    }

    fn field(
        &mut self,
        action: Option<&str>,
        at: &str,
        old: &Field,
        new: &Field,
        direction: Direction,
    ) {
        if old.ty != new.ty {
            self.push(
                action,
                at,
                Kind::FieldTypeChanged,
                direction,
                Some(&old.ty.to_string()),
                Some(&new.ty.to_string()),
            );
        }
        match (old.required, new.required) {
            (false, true) => self.push(
                action,
                at,
                Kind::FieldNowRequired,
                direction,
                Some("optional"),
                Some("required"),
            ),
            (true, false) => self.push(
                action,
                at,
                Kind::FieldNowOptional,
                direction,
                Some("required"),
                Some("optional"),
            ),
            _ => {}
        }
        // A nullable field is an `Option` either way: no Rust signature changes.
        if old.required != new.required && old.is_optional() == new.is_optional() {
            self.set_last_rust(Rust::Patch);
        }
        for (what, before, after) in [
            ("example", old.example.as_deref(), new.example.as_deref()),
            (
                "notes",
                Some(notes_text(&old.notes)).as_deref(),
                Some(notes_text(&new.notes)).as_deref(),
            ),
        ] {
            if before != after {
                self.push(
                    action,
                    &format!("{at}.{what}"),
                    Kind::DescriptionChanged,
                    direction,
                    before,
                    after,
                );
            }
        }
        if old.required && new.required {
            match (old.nullable, new.nullable) {
                (false, true) => {
                    self.push(action, at, Kind::FieldNowNullable, direction, None, None)
                }
                (true, false) => {
                    self.push(action, at, Kind::FieldNoLongerNullable, direction, None, None)
                }
                _ => {}
            }
        }
        match (old.sensitive, new.sensitive) {
            (false, true) => self.push(action, at, Kind::SensitivityAdded, direction, None, None),
            (true, false) => self.push(action, at, Kind::SensitivityRemoved, direction, None, None),
            _ => {}
        }
        if old.description != new.description {
            self.push(
                action,
                at,
                Kind::DescriptionChanged,
                direction,
                Some(&old.description),
                Some(&new.description),
            );
        }
        self.added_removed(
            action,
            at,
            &old.known_values,
            &new.known_values,
            (Kind::KnownValueAdded, Kind::KnownValueRemoved),
            direction,
        );
        self.rules(action, at, &old.rules, &new.rules, direction);
    }

    fn rules(
        &mut self,
        action: Option<&str>,
        at: &str,
        old: &[Rule],
        new: &[Rule],
        direction: Direction,
    ) {
        let bounds = |rules: &[Rule], items: bool| {
            rules.iter().find_map(|r| match r.kind {
                RuleKind::Length { min, max } if !items => {
                    Some((min.map(i128::from), max.map(i128::from)))
                }
                RuleKind::Items { min, max } if items => {
                    Some((min.map(i128::from), max.map(i128::from)))
                }
                _ => None,
            })
        };
        let range = |rules: &[Rule]| {
            rules.iter().find_map(|r| match r.kind {
                RuleKind::Range { min, max } => Some((min.map(i128::from), max.map(i128::from))),
                _ => None,
            })
        };
        self.bounds(
            action,
            at,
            bounds(old, false),
            bounds(new, false),
            (Kind::LengthTightened, Kind::LengthLoosened),
            direction,
        );
        self.bounds(
            action,
            at,
            bounds(old, true),
            bounds(new, true),
            (Kind::ItemsTightened, Kind::ItemsLoosened),
            direction,
        );
        self.bounds(
            action,
            at,
            range(old),
            range(new),
            (Kind::RangeTightened, Kind::RangeLoosened),
            direction,
        );

        let patterns = |rules: &[Rule]| {
            parameters(rules, |kind| match kind {
                RuleKind::Pattern { regex, .. } => Some(regex.clone()),
                _ => None,
            })
        };
        self.added_removed(
            action,
            at,
            &patterns(old),
            &patterns(new),
            (Kind::PatternAdded, Kind::PatternRemoved),
            direction,
        );

        let allowed = |rules: &[Rule]| {
            rules.iter().find_map(|r| match &r.kind {
                RuleKind::OneOf(values) => Some(values.clone()),
                _ => None,
            })
        };
        match (allowed(old), allowed(new)) {
            (None, Some(values)) => self.push(
                action,
                at,
                Kind::AllowedValuesRestricted,
                direction,
                None,
                Some(&values.join(", ")),
            ),
            (Some(values), None) => self.push(
                action,
                at,
                Kind::AllowedValuesUnrestricted,
                direction,
                Some(&values.join(", ")),
                None,
            ),
            (Some(old_values), Some(new_values)) => {
                self.added_removed(
                    action,
                    at,
                    &old_values,
                    &new_values,
                    (Kind::AllowedValueAdded, Kind::AllowedValueRemoved),
                    direction,
                );
            }
            (None, None) => {}
        }

        let conditions = |rules: &[Rule]| {
            parameters(rules, |kind| match kind {
                RuleKind::RequiredIfPresent { wire_name, .. } => Some(wire_name.clone()),
                _ => None,
            })
        };
        self.added_removed(
            action,
            at,
            &conditions(old),
            &conditions(new),
            (Kind::ConditionalRequirementAdded, Kind::ConditionalRequirementRemoved),
            direction,
        );

        // The same check answering with another code, or explained in other words.
        for old_rule in old {
            let Some(new_rule) = new.iter().find(|r| same_check(&r.kind, &old_rule.kind)) else {
                continue;
            };
            if new_rule.code != old_rule.code {
                self.push(
                    action,
                    at,
                    Kind::RuleCodeChanged,
                    direction,
                    Some(&old_rule.code),
                    Some(&new_rule.code),
                );
            }
            if let (
                RuleKind::Pattern { explain: before, .. },
                RuleKind::Pattern { explain: after, .. },
            ) = (&old_rule.kind, &new_rule.kind)
                && before != after
            {
                self.push(
                    action,
                    &format!("{at}.explain"),
                    Kind::DescriptionChanged,
                    direction,
                    Some(before),
                    Some(after),
                );
            }
        }
    }

    /// Compares optional (min, max) bounds: narrower is tightened, wider loosened, both is both.
    fn bounds(
        &mut self,
        action: Option<&str>,
        at: &str,
        old: Option<(Option<i128>, Option<i128>)>,
        new: Option<(Option<i128>, Option<i128>)>,
        (tightened, loosened): (Kind, Kind),
        direction: Direction,
    ) {
        if old == new {
            return;
        }
        let (old_min, old_max) = old.unwrap_or((None, None));
        let (new_min, new_max) = new.unwrap_or((None, None));
        let lower = |min: Option<i128>| min.unwrap_or(i128::MIN);
        let upper = |max: Option<i128>| max.unwrap_or(i128::MAX);
        let narrower = lower(new_min) > lower(old_min) || upper(new_max) < upper(old_max);
        let wider = lower(new_min) < lower(old_min) || upper(new_max) > upper(old_max);
        let (before, after) = (bounds_text(old), bounds_text(new));
        if narrower {
            self.push(action, at, tightened, direction, Some(&before), Some(&after));
        }
        if wider {
            self.push(action, at, loosened, direction, Some(&before), Some(&after));
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

/// The parameter of each rule of one kind (the regex of each pattern, say).
fn parameters(rules: &[Rule], pick: impl Fn(&RuleKind) -> Option<String>) -> Vec<String> {
    rules.iter().filter_map(|rule| pick(&rule.kind)).collect()
}

fn same_check(a: &RuleKind, b: &RuleKind) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
        && match (a, b) {
            (RuleKind::Pattern { regex: x, .. }, RuleKind::Pattern { regex: y, .. }) => x == y,
            (
                RuleKind::RequiredIfPresent { wire_name: x, .. },
                RuleKind::RequiredIfPresent { wire_name: y, .. },
            ) => x == y,
            _ => true,
        }
}

fn bounds_text(bounds: Option<(Option<i128>, Option<i128>)>) -> String {
    match bounds {
        None | Some((None, None)) => "none".to_owned(),
        Some((Some(min), Some(max))) => format!("{min}..={max}"),
        Some((Some(min), None)) => format!("≥ {min}"),
        Some((None, Some(max))) => format!("≤ {max}"),
    }
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
