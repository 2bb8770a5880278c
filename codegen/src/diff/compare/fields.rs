//! Field-level comparison: a struct's fields, their shape, and their rules.

use super::{Recorder, notes_text, pair_up};
use crate::diff::change::{Direction, Kind, Rust};
use crate::model::{Field, Rule, RuleKind, Struct};

impl Recorder<'_> {
    pub(super) fn structure(
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
            if new_rule.advisory != old_rule.advisory {
                let (kind, before, after) = if new_rule.advisory {
                    (Kind::RuleMadeAdvisory, "enforced", "advisory")
                } else {
                    (Kind::RuleEnforced, "advisory", "enforced")
                };
                self.push(action, at, kind, direction, Some(before), Some(after));
            }
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
            // Where a rule comes from is prose for readers: no caller sees it.
            if new_rule.basis != old_rule.basis {
                self.push(
                    action,
                    &format!("{at}.basis"),
                    Kind::DescriptionChanged,
                    direction,
                    old_rule.basis.as_deref(),
                    new_rule.basis.as_deref(),
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
