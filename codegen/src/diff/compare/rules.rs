//! A field's rules, every one of them: rules are paired by what they check
//! (kind and parameters), then each pair and each unpaired rule is classified
//! from the table of its family.
//!
//! Pairing: first the rules that check exactly the same thing (same kind, same
//! parameters), then, within a family of bounds (length, items, range), allowed
//! values or patterns, the rules left over, those with the same code and
//! advisory flag first, then in order. So tightening the second length rule of
//! a field is that rule tightened, and no other rule reads as recoded.
//!
//! A bound moved is judged by what the field's enforced rules of its family
//! allow together: one moved while another still holds the field there
//! changes nothing a caller sees.

use super::patterns::{self, Relation};
use super::props::RULE;
use super::{Item, Pairs, Recorder, Site};
use crate::diff::change::{Kind, Wire};
use crate::model::{Rule, RuleKind};

/// What a rule checks, as compared.
#[derive(Debug, Clone, PartialEq)]
enum Check {
    /// Inclusive bounds; none is unbounded.
    Bounds(Option<i128>, Option<i128>),
    /// A regex, compared by the texts it accepts (`patterns`).
    Pattern(String),
    /// Allowed values, each as the scalar it denotes (see `scalar`).
    Values(Vec<String>),
    /// Required when this sibling (wire name) is sent.
    Sibling(String),
}

/// The kinds of one family of rules: the rule appears, disappears, or its
/// parameters narrow or widen (for a pattern: change; for values: a value is
/// added or removed).
struct Family {
    added: Kind,
    removed: Kind,
    narrowed: Kind,
    widened: Kind,
    /// Leftover rules of the family may pair with each other (a bound moved);
    /// conditional requirements pair only when identical.
    pairs_leftovers: bool,
}

impl Family {
    /// A limit: added or narrowed is one kind, dropped or widened the other.
    const fn limit(tighter: Kind, looser: Kind) -> Self {
        Self {
            added: tighter,
            removed: looser,
            narrowed: tighter,
            widened: looser,
            pairs_leftovers: true,
        }
    }
}

const LENGTH: Family = Family::limit(Kind::LengthTightened, Kind::LengthLoosened);
const ITEMS: Family = Family::limit(Kind::ItemsTightened, Kind::ItemsLoosened);
const RANGE: Family = Family::limit(Kind::RangeTightened, Kind::RangeLoosened);
const PATTERN: Family = Family {
    narrowed: Kind::PatternNarrowed,
    widened: Kind::PatternWidened,
    ..Family::limit(Kind::PatternAdded, Kind::PatternRemoved)
};
const ONE_OF: Family = Family {
    narrowed: Kind::AllowedValueRemoved,
    widened: Kind::AllowedValueAdded,
    ..Family::limit(Kind::AllowedValuesRestricted, Kind::AllowedValuesUnrestricted)
};
const CONDITION: Family = Family {
    pairs_leftovers: false,
    ..Family::limit(Kind::ConditionalRequirementAdded, Kind::ConditionalRequirementRemoved)
};

fn family(kind: &RuleKind) -> (&'static Family, Check) {
    match kind {
        RuleKind::Length { min, max } => (&LENGTH, bounds(*min, *max)),
        RuleKind::Items { min, max } => (&ITEMS, bounds(*min, *max)),
        RuleKind::Range { min, max } => (&RANGE, bounds(*min, *max)),
        RuleKind::Pattern { regex, .. } => (&PATTERN, Check::Pattern(regex.clone())),
        RuleKind::OneOf(values) => {
            (&ONE_OF, Check::Values(values.iter().map(|v| scalar(v)).collect()))
        }
        RuleKind::RequiredIfPresent { wire_name, .. } => {
            (&CONDITION, Check::Sibling(wire_name.clone()))
        }
    }
}

/// Bounds of any of the model's integer types, compared as one.
fn bounds<N: Into<i128>>(min: Option<N>, max: Option<N>) -> Check {
    Check::Bounds(min.map(Into::into), max.map(Into::into))
}

/// An allowed value as the scalar it denotes. The model keeps each value as
/// its JSON text (`0`, `"0"`, `true`); two values are equal when they denote
/// the same text once JSON quoting is removed and numbers are written the
/// same way (`1`, `1.0`, `"1"` are one value). That is the value as it travels
/// in a query string, and as the runtime's lenient decoding accepts it in a
/// JSON body; whether it is sent as a JSON number or string is the field's
/// type, compared (and reported) on its own.
fn scalar(text: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::String(text)) => number(&text).unwrap_or(text),
        Ok(serde_json::Value::Number(n)) => number(&n.to_string()).unwrap_or_else(|| n.to_string()),
        Ok(other) => other.to_string(),
        Err(_) => text.to_owned(),
    }
}

/// A number's one spelling (`1.0` → `1`), if `text` is one.
fn number(text: &str) -> Option<String> {
    if let Ok(int) = text.parse::<i128>() {
        return Some(int.to_string());
    }
    let float = text.parse::<f64>().ok().filter(|f| f.is_finite())?;
    // An integral float prints as an integer (`1.0` → `1`), so it meets `1`.
    Some(if float.fract() == 0.0 && float.abs() < 1e15 {
        format!("{float:.0}")
    } else {
        float.to_string()
    })
}

/// A check as a change shows it (`1..=64`, `≤ 64`, the regex, the values).
fn shown(check: &Check) -> String {
    match check {
        Check::Bounds(Some(min), Some(max)) => format!("{min}..={max}"),
        Check::Bounds(Some(min), None) => format!("≥ {min}"),
        Check::Bounds(None, Some(max)) => format!("≤ {max}"),
        Check::Bounds(None, None) => "none".to_owned(),
        Check::Pattern(regex) => regex.clone(),
        Check::Values(values) => values.join(", "),
        Check::Sibling(sibling) => format!("when {sibling} is sent"),
    }
}

/// Whether bounds moved from `old` to `new`: (narrower, wider), both when
/// they moved apart; neither for checks other than bounds.
fn moved(old: &Check, new: &Check) -> (bool, bool) {
    let (Check::Bounds(old_min, old_max), Check::Bounds(new_min, new_max)) = (old, new) else {
        return (false, false);
    };
    let lower = |min: &Option<i128>| min.unwrap_or(i128::MIN);
    let upper = |max: &Option<i128>| max.unwrap_or(i128::MAX);
    let narrower = lower(new_min) > lower(old_min) || upper(new_max) < upper(old_max);
    let wider = lower(new_min) < lower(old_min) || upper(new_max) > upper(old_max);
    (narrower, wider)
}

/// What a field's enforced rules of one family of bounds hold it to
/// together (the bounds every one of them allows), from old to new.
struct Held {
    /// The family's kinds for a rule that narrows, and for one that widens.
    kinds: (Kind, Kind),
    narrower: bool,
    wider: bool,
    /// The bounds now, shown.
    now: String,
}

/// How the enforced rules of `family` among `old` and `new` hold a field,
/// if they are bounds.
fn held(old: &[Rule], new: &[Rule], family: &Family) -> Option<Held> {
    let together = |rules: &[Rule]| {
        let of_family = rules.iter().filter(|r| !r.advisory).map(|r| self::family(&r.kind));
        let mut bounds = (None::<i128>, None::<i128>);
        for (_, check) in of_family.filter(|(f, _)| std::ptr::eq(*f, family)) {
            let Check::Bounds(min, max) = check else { return None };
            bounds.0 = bounds.0.max(min);
            bounds.1 = match (bounds.1, max) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        Some(Check::Bounds(bounds.0, bounds.1))
    };
    let (before, after) = (together(old)?, together(new)?);
    let (narrower, wider) = moved(&before, &after);
    let kinds = (family.narrowed, family.widened);
    Some(Held { kinds, narrower, wider, now: shown(&after) })
}

impl Site {
    /// At a change of `kind` to an enforced rule of bounds that leaves what
    /// the field's rules hold it to together unmoved that way: another rule
    /// still holds it, so no caller sees a difference.
    fn held(self, kind: Kind, held: Option<&Held>) -> Self {
        let Some(held) = held else { return self };
        let moved = [(held.kinds.0, held.narrower), (held.kinds.1, held.wider)];
        if moved.contains(&(kind, false)) {
            let why = format!("another rule still holds {{name}} to {}", held.now);
            return self.capped(Wire::Info, why);
        }
        self
    }

    /// At a rule the head makes or keeps advisory, or one removed or added as
    /// advisory: it never blocks a request, and the API enforces it only for
    /// some callers (an account on the default policy), so what it newly
    /// rejects may break some callers, never surely.
    fn advisory(self, advisory: bool) -> Self {
        if !advisory {
            return self;
        }
        let why = "{why} where the API enforces this advisory rule".to_owned();
        self.capped(Wire::MayBreak, why)
    }
}

impl Recorder<'_> {
    /// Every rule of a field compared: see the module's documentation.
    pub(super) fn rules(&mut self, site: &Site, old: &[Rule], new: &[Rule]) {
        let same_family = |a: &Rule, b: &Rule| {
            let (fa, fb) = (family(&a.kind).0, family(&b.kind).0);
            std::ptr::eq(fa, fb) && fa.pairs_leftovers
        };
        // Identical checks first, so a moved bound never steals an unchanged rule.
        let rules = Pairs::unpaired(old.iter().collect(), new.iter().collect())
            .pair_in_order(|a, b| a.kind == b.kind)
            .pair_in_order(|a, b| same_family(a, b) && a.code == b.code && a.advisory == b.advisory)
            .pair_in_order(same_family);
        // What the field's enforced rules of a family hold it to together, for
        // a change to an enforced one (an advisory rule holds nobody: its
        // changes are judged as advisory).
        let (old_rules, new_rules) = (old, new);
        let held_by = |family: &Family, enforced: bool| {
            enforced.then(|| held(old_rules, new_rules, family)).flatten()
        };
        let at = |rule: &Rule| site.clone().head(&rule.origin);
        rules.walk(at, |site, item| match item {
            Item::Pair(old, new, _) => {
                // What the new rule rejects is judged by the new rule: made
                // advisory, it is rejected only where the API enforces it.
                let site = site.advisory(new.advisory);
                let ((family, old_check), new_check) = (family(&old.kind), family(&new.kind).1);
                let held = held_by(family, !old.advisory && !new.advisory);
                self.check(&site, (family, held.as_ref()), &old_check, &new_check);
                self.properties(&site, old, new, RULE);
            }
            Item::Removed(gone) => {
                let (family, check) = family(&gone.kind);
                let held = held_by(family, !gone.advisory);
                let site = site.advisory(gone.advisory).held(family.removed, held.as_ref());
                self.record(&site, family.removed, Some(&shown(&check)), None);
            }
            Item::Added(added) => {
                let (family, check) = family(&added.kind);
                let held = held_by(family, !added.advisory);
                let site = site.advisory(added.advisory).held(family.added, held.as_ref());
                self.record(&site, family.added, None, Some(&shown(&check)));
            }
        });
    }

    /// Two checks of one family: narrower, wider (both, when they moved
    /// apart), or for patterns also rewritten or undecided; a pattern's change
    /// comes with a shortest text it newly rejects or accepts. `held`: what
    /// the field's enforced bounds of the family do meanwhile.
    fn check(
        &mut self,
        site: &Site,
        (family, held): (&Family, Option<&Held>),
        old: &Check,
        new: &Check,
    ) {
        if let (Check::Values(old_values), Check::Values(new_values)) = (old, new) {
            return self.members(site, old_values, new_values, (family.widened, family.narrowed));
        }
        if old == new {
            return;
        }
        let (before, after) = (shown(old), shown(new));
        let kinds: Vec<(Kind, Option<String>)> = match (old, new) {
            (Check::Bounds(..), Check::Bounds(..)) => {
                let (narrower, wider) = moved(old, new);
                [(narrower, family.narrowed), (wider, family.widened)]
                    .into_iter()
                    .filter_map(|(happened, kind)| happened.then_some((kind, None)))
                    .collect()
            }
            // Patterns compare as the sets of texts they accept.
            (Check::Pattern(old_regex), Check::Pattern(new_regex)) => {
                match patterns::relation(old_regex, new_regex) {
                    Relation::Known { lost: None, gained: None } => {
                        vec![(Kind::PatternRewritten, None)]
                    }
                    Relation::Known { lost, gained } => {
                        [(family.narrowed, lost), (family.widened, gained)]
                            .into_iter()
                            .filter_map(|(kind, text)| Some((kind, Some(text?))))
                            .collect()
                    }
                    Relation::Unknown => vec![(Kind::PatternChanged, None)],
                }
            }
            // Anything else of a family that moved.
            _ => vec![(family.narrowed, None)],
        };
        for (kind, example) in kinds {
            let site = Site { example: example.map(|text| format!("{text:?}")), ..site.clone() };
            self.record(&site.held(kind, held), kind, Some(&before), Some(&after));
        }
    }
}
