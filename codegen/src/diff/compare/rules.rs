//! A field's rules, every one of them: rules are paired by what they check
//! (kind and parameters), then each pair and each unpaired rule is classified
//! from the table of its family.
//!
//! Pairing: first the rules that check exactly the same thing (same kind, same
//! parameters), then, within a family of bounds (length, items, range), allowed
//! values or patterns, the rules left over, those with the same code and
//! advisory flag first, then in order. So tightening the second length rule of
//! a field is that rule tightened, and no other rule reads as recoded.

use super::patterns::{self, Relation};
use super::props::RULE;
use super::{Recorder, Site};
use crate::diff::change::Kind;
use crate::model::{Rule, RuleKind};

/// What a rule checks, as compared.
#[derive(Debug, Clone, PartialEq)]
enum Check {
    /// Inclusive bounds; none is unbounded.
    Bounds(Option<i128>, Option<i128>),
    /// A regex; whether one regex accepts what another did is not decided.
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
    let bounds = |min: Option<u64>, max: Option<u64>| {
        Check::Bounds(min.map(i128::from), max.map(i128::from))
    };
    match kind {
        RuleKind::Length { min, max } => (&LENGTH, bounds(*min, *max)),
        RuleKind::Items { min, max } => (&ITEMS, bounds(*min, *max)),
        RuleKind::Range { min, max } => {
            (&RANGE, Check::Bounds(min.map(i128::from), max.map(i128::from)))
        }
        RuleKind::Pattern { regex, .. } => (&PATTERN, Check::Pattern(regex.clone())),
        RuleKind::OneOf(values) => {
            (&ONE_OF, Check::Values(values.iter().map(|v| scalar(v)).collect()))
        }
        RuleKind::RequiredIfPresent { wire_name, .. } => {
            (&CONDITION, Check::Sibling(wire_name.clone()))
        }
    }
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

fn bounds_text(check: Option<&Check>) -> String {
    match check {
        Some(Check::Bounds(Some(min), Some(max))) => format!("{min}..={max}"),
        Some(Check::Bounds(Some(min), None)) => format!("≥ {min}"),
        Some(Check::Bounds(None, Some(max))) => format!("≤ {max}"),
        Some(Check::Pattern(regex)) => regex.clone(),
        Some(Check::Values(values)) => values.join(", "),
        Some(Check::Sibling(sibling)) => format!("when {sibling} is sent"),
        Some(Check::Bounds(None, None)) | None => "none".to_owned(),
    }
}

/// The rules of both sides, paired.
struct Pairing<'a> {
    both: Vec<(&'a Rule, &'a Rule)>,
    removed: Vec<&'a Rule>,
    added: Vec<&'a Rule>,
}

fn pair<'a>(old: &'a [Rule], new: &'a [Rule]) -> Pairing<'a> {
    let mut left: Vec<Option<&Rule>> = new.iter().map(Some).collect();
    let mut take = |rule: &Rule, fits: &dyn Fn(&Rule, &Rule) -> bool| {
        let slot = left.iter_mut().find(|slot| slot.is_some_and(|other| fits(rule, other)))?;
        slot.take()
    };
    let mut both = Vec::new();
    let mut unpaired = Vec::new();
    // Identical checks first, so a moved bound never steals an unchanged rule.
    for rule in old {
        match take(rule, &|a, b| a.kind == b.kind) {
            Some(other) => both.push((rule, other)),
            None => unpaired.push(rule),
        }
    }
    let same_family = |a: &Rule, b: &Rule| {
        let (fa, fb) = (family(&a.kind).0, family(&b.kind).0);
        std::ptr::eq(fa, fb) && fa.pairs_leftovers
    };
    let mut removed = Vec::new();
    let mut second = Vec::new();
    for rule in unpaired {
        match take(rule, &|a, b| same_family(a, b) && a.code == b.code && a.advisory == b.advisory)
        {
            Some(other) => both.push((rule, other)),
            None => second.push(rule),
        }
    }
    for rule in second {
        match take(rule, &same_family) {
            Some(other) => both.push((rule, other)),
            None => removed.push(rule),
        }
    }
    let added = left.into_iter().flatten().collect();
    Pairing { both, removed, added }
}

impl Recorder<'_> {
    /// Every rule of a field compared: see the module's documentation.
    pub(super) fn rules(&mut self, site: &Site<'_>, old: &[Rule], new: &[Rule]) {
        let pairing = pair(old, new);
        for (old_rule, new_rule) in pairing.both {
            let (family, old_check) = family(&old_rule.kind);
            let (_, new_check) = self::family(&new_rule.kind);
            let site = site.clone().head(&new_rule.origin);
            self.check(&site, family, &old_check, &new_check);
            self.properties(&site, old_rule, new_rule, RULE);
        }
        for gone in pairing.removed {
            let (family, check) = family(&gone.kind);
            let before = bounds_text(Some(&check));
            let site = site.clone().base(&gone.origin);
            self.record(&site, family.removed, Some(&before), None);
        }
        for added in pairing.added {
            let (family, check) = family(&added.kind);
            let after = bounds_text(Some(&check));
            let site = site.clone().head(&added.origin);
            self.record(&site, family.added, None, Some(&after));
        }
    }

    /// Two checks of one family: narrower, wider (both, when they moved
    /// apart), or for patterns also rewritten or undecided; a pattern's change
    /// comes with a shortest text it newly rejects or accepts.
    fn check(&mut self, site: &Site<'_>, family: &Family, old: &Check, new: &Check) {
        if old == new {
            return;
        }
        let (before, after) = (bounds_text(Some(old)), bounds_text(Some(new)));
        let kinds: Vec<(Kind, Option<String>)> = match (old, new) {
            (Check::Values(old_values), Check::Values(new_values)) => {
                return self.members(
                    site,
                    old_values,
                    new_values,
                    (family.widened, family.narrowed),
                );
            }
            (Check::Bounds(old_min, old_max), Check::Bounds(new_min, new_max)) => {
                let lower = |min: &Option<i128>| min.unwrap_or(i128::MIN);
                let upper = |max: &Option<i128>| max.unwrap_or(i128::MAX);
                let narrower = lower(new_min) > lower(old_min) || upper(new_max) < upper(old_max);
                let wider = lower(new_min) < lower(old_min) || upper(new_max) > upper(old_max);
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
            self.record(&site, kind, Some(&before), Some(&after));
        }
    }
}
