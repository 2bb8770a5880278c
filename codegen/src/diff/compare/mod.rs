//! Model against model: walks both resolved models side by side and records
//! each difference as a classified [`Change`]. YAML layout (anchors, key order,
//! quoting) never reaches the model, so it never shows up here.
//!
//! Every list of the model (services, types, actions, errors, examples, fields,
//! rules) is walked the same way: `Pairs` pairs its items, and `Pairs::walk`
//! hands each pair, each removed and each added item to the code that records
//! it, at its site. The tables of `props` say which properties of a pair are
//! compared and what each difference is; `fields` walks a struct's fields,
//! `rules` a field's rules. Items left over on both sides are paired once more
//! as renames: a service's one version replaced by one other, types by their
//! fields, actions by Rust name (or description and fields), errors by Rust
//! variant (or description), fields by Rust name (or wire name in any case);
//! a renamed item is then compared like any other pair, so a rename never
//! hides the other changes made to it.

mod fields;
mod patterns;
mod props;
mod rules;

use std::collections::BTreeMap;

use super::change::{Change, Direction, Kind, Rust, SpecSide, SpecSite, Wire};
use crate::model::{self, Action, ErrorCode, Example, Model, Origin, Service, Struct};

/// Every change from `base` to `head`, sorted.
pub fn compare(base: &Model, head: &Model) -> Vec<Change> {
    let mut changes = Vec::new();
    for (old, new) in pair_up(&base.providers, &head.providers, |p| &p.name).both {
        // What the provider shares reaches every action of its services (as
        // the head has them): a reviewer sees which ones.
        let actions = new.services.iter().flat_map(|s| s.actions.iter().map(move |a| (s, a)));
        let affects = actions.map(|(s, a)| format!("{} {}", label(s), a.wire_name)).collect();
        let site = Site::new(None, Direction::Output).head(&new.origin);
        // What a provider-wide phrase names (its violation codes are the rules').
        let subject = format!("{}'s rules without a code of their own", new.name);
        let site = Site { subject, ..site };
        let mut recorder = Recorder { affects, ..Recorder::new(&mut changes, new.name.clone()) };
        recorder.properties(&site, old, new, props::PROVIDER);
    }
    let (base_services, head_services) = (services(base), services(head));
    // One version of a service replaced by one other: the spec's version changed.
    let services = pair_up(base_services.values().copied(), head_services.values().copied(), label)
        .rename_by(|s| (s.provider.as_str(), s.name.as_str()));
    let at = |s: &Service| Site::new(None, Direction::Input).head(&s.origin);
    services.walk(at, |site, item| match item {
        Item::Pair(old, new, renamed) => {
            let mut recorder = Recorder::new(&mut changes, label(new));
            if renamed {
                let module = format!("module `{}` → `{}`", old.version_module, new.version_module);
                let at = site.at("version").head(&new.origin.at("version")).items(vec![module]);
                recorder.record(&at, Kind::VersionChanged, Some(&old.version), Some(&new.version));
            }
            recorder.service(&site, old, new);
        }
        Item::Removed(old) => {
            let module = format!("module `{}::{}::{}`", old.provider, old.name, old.version_module);
            let site = site.removing(module);
            let mut recorder = Recorder::new(&mut changes, label(old));
            recorder.record(&site, Kind::ServiceRemoved, Some(&old.version), None);
        }
        Item::Added(new) => {
            let mut recorder = Recorder::new(&mut changes, label(new));
            recorder.record(&site, Kind::ServiceAdded, None, Some(&new.version));
            // A new version of a service that has older ones: what it changes from
            // the closest older version (as the head has it, else as the base had it).
            // (Of two equal maxima `max_by_key` keeps the last: the head's.)
            let previous = [(SpecSide::Base, &base_services), (SpecSide::Head, &head_services)]
                .into_iter()
                .flat_map(|(side, services)| services.values().map(move |s| (side, *s)))
                .filter(|(_, s)| (&s.provider, &s.name) == (&new.provider, &new.name))
                .filter(|(_, s)| s.version < new.version)
                .max_by_key(|(_, s)| &s.version);
            if let Some((side, previous)) = previous {
                recorder.relative_to = Some(label(previous));
                recorder.old_side = side;
                recorder.service(&site, previous, new);
            }
        }
    });
    changes.sort();
    changes.dedup();
    changes
}

/// A model's services by provider, name and version.
fn services(model: &Model) -> BTreeMap<(&str, &str, &str), &Service> {
    let services = model.providers.iter().flat_map(|p| &p.services);
    services.map(|s| ((s.provider.as_str(), s.name.as_str(), s.version.as_str()), s)).collect()
}

/// A service as changes name it: `tencentcloud/cam 2019-01-16`.
fn label(service: &Service) -> String {
    format!("{}/{} {}", service.provider, service.name, service.version)
}

/// Where changes are recorded: the action (if any), the location inside the
/// service or action, which way it travels, the generated items a major Rust
/// change there touches, and where the spec writes it.
#[derive(Debug, Clone)]
struct Site {
    action: Option<String>,
    location: String,
    /// What is changed there, as the report's phrases name it (`{name}`):
    /// the last part of the location, or the action.
    subject: String,
    direction: Direction,
    items: Vec<String>,
    spec: Option<SpecSite>,
    /// A value that shows the change (a text a new pattern rejects), quoted:
    /// `{example}` in the report's phrases.
    example: Option<String>,
    /// The model shows the generated items keep their shape here, whatever
    /// the kind's usual Rust effect: a change here is patch in Rust.
    keeps_rust: bool,
    /// The model shows a change here does less on the wire than its kind
    /// usually does: at most this level, and the phrase then said (`{why}` is
    /// the kind's own phrase, filled in).
    cap: Option<(Wire, String)>,
}

impl Site {
    fn new(action: Option<&str>, direction: Direction) -> Self {
        let (action, subject) = (action.map(str::to_owned), action.unwrap_or_default().to_owned());
        let (location, items, spec, example) = (String::new(), Vec::new(), None, None);
        let (keeps_rust, cap) = (false, None);
        Self { action, location, subject, direction, items, spec, example, keeps_rust, cap }
    }

    /// Written at `origin` in the head's specs.
    fn head(self, origin: &Origin) -> Self {
        Self { spec: Some(SpecSite::new(SpecSide::Head, origin)), ..self }
    }

    /// Written there in the base's specs: something the head no longer has.
    fn in_base(self) -> Self {
        Self { spec: self.spec.map(|spec| SpecSite { side: SpecSide::Base, ..spec }), ..self }
    }

    /// A place inside this one (`request` → `request.Name`), named by `part`.
    fn at(&self, part: &str) -> Self {
        let location = match (self.location.is_empty(), part.is_empty()) {
            (_, true) => self.location.clone(),
            (true, false) => part.to_owned(),
            (false, false) => format!("{}.{part}", self.location),
        };
        let subject = if part.is_empty() { self.subject.clone() } else { part.to_owned() };
        Self { location, subject, ..self.clone() }
    }

    fn travelling(self, direction: Direction) -> Self {
        Self { direction, ..self }
    }

    fn items(self, items: Vec<String>) -> Self {
        Self { items, ..self }
    }

    /// A rename of the generated items `old` into `new`, patch in Rust where
    /// they stay the same (only the wire name changed).
    fn renaming(self, old: String, new: String) -> Self {
        Self { keeps_rust: old == new, items: vec![format!("{old} → {new}")], ..self }
    }

    /// A removal of the generated items `old`.
    fn removing(self, old: String) -> Self {
        Self { items: vec![format!("{old} removed")], ..self }
    }

    /// A change here does at most `wire`, and `why` then says why.
    fn capped(self, wire: Wire, why: String) -> Self {
        Self { cap: Some((wire, why)), ..self }
    }
}

/// Records the changes of one service (or provider).
struct Recorder<'a> {
    out: &'a mut Vec<Change>,
    service: String,
    /// The previous version a new version is compared with, if that is what is recorded.
    relative_to: Option<String>,
    /// Every action a change to what a provider shares reaches.
    affects: Vec<String>,
    /// Types of the service renamed, old Rust name → new.
    renames: BTreeMap<String, String>,
    /// The specs the old side of the comparison is written in: the base's,
    /// or the head's for the previous version a new one is compared with.
    old_side: SpecSide,
}

impl<'a> Recorder<'a> {
    fn new(out: &'a mut Vec<Change>, service: String) -> Self {
        let (relative_to, affects, renames) = (None, Vec::new(), BTreeMap::new());
        Self { out, service, relative_to, affects, renames, old_side: SpecSide::Base }
    }

    /// Records one change; its effect is the kind's for the site's direction
    /// (the Rust effect patch where the site keeps the Rust items' shape).
    fn record(&mut self, site: &Site, kind: Kind, before: Option<&str>, after: Option<&str>) {
        let (wire, rust) = kind.impact(site.direction);
        let rust = if site.keeps_rust { Rust::Patch } else { rust };
        let mut why = fill(
            kind.why(site.direction),
            &[
                ("name", &site.subject),
                ("before", before.unwrap_or("nothing")),
                ("after", after.unwrap_or("nothing")),
                ("example", site.example.as_deref().unwrap_or("nothing")),
            ],
        );
        let wire = match &site.cap {
            Some((cap, capped)) if wire > *cap => {
                why = fill(capped, &[("why", &why), ("name", &site.subject)]);
                *cap
            }
            _ => wire,
        };
        self.out.push(Change {
            service: self.service.clone(),
            relative_to: self.relative_to.clone(),
            action: site.action.clone(),
            location: site.location.clone(),
            kind,
            before: before.map(str::to_owned),
            after: after.map(str::to_owned),
            wire,
            rust,
            why,
            rust_items: if rust == Rust::Major { site.items.clone() } else { Vec::new() },
            affects: self.affects.clone(),
            spec: site.spec.clone().map(|spec| match spec.side {
                SpecSide::Base => SpecSite { side: self.old_side, ..spec },
                SpecSide::Head => spec,
            }),
        });
    }

    fn service(&mut self, site: &Site, old: &Service, new: &Service) {
        self.properties(site, old, new, props::SERVICE);

        let types = pair_up(&old.types, &new.types, |t| &t.rust_name).rename_by(|t| {
            let mut names: Vec<&str> = t.fields.iter().map(|f| f.wire_name.as_str()).collect();
            names.sort_unstable();
            // A type without fields is like any other without fields: no pairing.
            names.join(",")
        });
        let renamed = types.renamed.iter();
        self.renames = renamed.map(|(o, n)| (o.rust_name.clone(), n.rust_name.clone())).collect();
        let at = |t: &Struct| {
            let site = Site::new(None, travels(t).unwrap_or(Direction::Output));
            site.at("types").at(&t.rust_name).head(&t.origin)
        };
        let rust = |t: &Struct| format!("`{}`", t.rust_name);
        types.walk(at, |site, item| match item {
            Item::Pair(old, new, renamed) => {
                if renamed {
                    let at = site.clone().renaming(rust(old), rust(new));
                    self.record(&at, Kind::TypeRenamed, Some(&old.rust_name), Some(&new.rust_name));
                }
                // Whether a type is sent or read is judged from the base, for the
                // callers there are; a type the base does not use is judged from
                // the head, for the callers it will have. Each model's directions
                // come from `resolve`.
                let site = Site { direction: travels(old).unwrap_or(site.direction), ..site };
                // A type's description is its own; a request's is the action's and
                // a response's is made from the action's name, each compared there.
                self.properties(&site, old, new, props::DESCRIBED);
                let setters = format!("`{}::new` and its `with_*` setters removed", new.rust_name);
                let mut items = vec![];
                if old.is_input() && !new.is_input() {
                    items.push(setters);
                    if old.derives_default() {
                        items.push(fields::default_removed(new));
                    }
                }
                self.structure(&site.items(items), old, new);
            }
            Item::Removed(gone) => {
                self.record(&site.removing(rust(gone)), Kind::TypeRemoved, None, None)
            }
            Item::Added(_) => self.record(&site, Kind::TypeAdded, None, None),
        });

        // A wire name whose case changed keeps its Rust items (patch);
        // otherwise the same description, or else the same fields, make a
        // rename (the Rust names change). Either key alone, so a rename may
        // come with other changes, each listed.
        let names = |s: &Struct| s.fields.iter().map(|f| f.wire_name.clone()).collect::<Vec<_>>();
        let actions = pair_up(&old.actions, &new.actions, |a| &a.wire_name)
            .rename_by(|a| a.name.as_str())
            .rename_by(|a| a.description.as_str())
            .rename_by(|a| format!("{:?}\n{:?}", names(&a.request), names(&a.response)));
        let at = |a: &Action| Site::new(Some(&a.wire_name), Direction::Input).head(&a.origin);
        actions.walk(at, |site, item| match item {
            Item::Pair(old, new, renamed) => {
                if renamed {
                    let at = site.clone().head(&new.origin.at("name"));
                    let at = at.renaming(items(old), items(new));
                    let (before, after) = (&old.wire_name, &new.wire_name);
                    self.record(&at, Kind::ActionRenamed, Some(before), Some(after));
                }
                self.action(&site, old, new);
            }
            Item::Removed(gone) => {
                self.record(&site.removing(items(gone)), Kind::ActionRemoved, None, None)
            }
            Item::Added(_) => self.record(&site, Kind::ActionAdded, None, None),
        });
    }

    fn action(&mut self, site: &Site, old: &Action, new: &Action) {
        self.properties(site, old, new, props::ACTION);
        let request = site.at("request").head(&new.request.origin);
        self.structure(&request, &old.request, &new.request);
        let response = site.at("response").head(&new.response.origin).travelling(Direction::Output);
        self.structure(&response, &old.response, &new.response);
        let errors = site.at("errors").head(&new.origin.at("errors"));
        self.errors(&errors.travelling(Direction::Output), old, new);
        let examples = site.clone().travelling(Direction::Output);
        let at = |e: &Example| examples.at(&format!("examples.{}", e.name)).head(&e.origin);
        pair_up(&old.examples, &new.examples, |e| &e.name).walk(at, |site, item| {
            let kind = match item {
                Item::Pair(old, new, _) if old == new => return,
                Item::Pair(..) => Kind::ExampleChanged,
                Item::Removed(_) => Kind::ExampleRemoved,
                Item::Added(_) => Kind::ExampleAdded,
            };
            self.record(&site, kind, None, None);
        });
    }

    fn errors(&mut self, site: &Site, old_action: &Action, new_action: &Action) {
        // The same variant (the code's case or punctuation changed), then the same words.
        let errors = pair_up(&old_action.errors, &new_action.errors, |e| &e.code)
            .rename_by(|e| e.variant.as_str())
            .rename_by(|e| e.description.as_str());
        let old_order: Vec<&str> = errors.both.iter().map(|(o, _)| o.code.as_str()).collect();
        let new_codes = new_action.errors.iter().map(|e| e.code.as_str());
        let new_order: Vec<&str> = new_codes.filter(|code| old_order.contains(code)).collect();
        if old_order != new_order {
            let (before, after) = (old_order.join(", "), new_order.join(", "));
            self.record(site, Kind::OrderChanged, Some(&before), Some(&after));
        }
        let variant = |e: &ErrorCode| format!("`{}::{}`", new_action.error_type, e.variant);
        let at = |e: &ErrorCode| site.at(&e.code).head(&e.origin);
        errors.walk(at, |site, item| match item {
            Item::Pair(old, new, renamed) => {
                if renamed {
                    let at = site.clone().renaming(variant(old), variant(new));
                    self.record(&at, Kind::ErrorCodeRenamed, Some(&old.code), Some(&new.code));
                }
                self.properties(&site, old, new, props::ERROR);
            }
            Item::Removed(gone) => {
                self.record(&site.removing(variant(gone)), Kind::ErrorCodeRemoved, None, None);
            }
            Item::Added(new) => {
                self.record(&site, Kind::ErrorCodeAdded, None, Some(&new.description))
            }
        });
    }
}

/// `template` with each `{key}` replaced by its value, in one pass (a value
/// that itself reads `{after}` stays as it is).
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some((text, tail)) = rest.split_once('{') {
        out.push_str(text);
        let (name, after) = tail.split_once('}').unwrap_or((tail, ""));
        let value = values.iter().find(|(key, _)| *key == name);
        out.push_str(value.map_or("{", |(_, value)| value));
        rest = if value.is_some() { after } else { tail };
    }
    out.push_str(rest);
    out
}

/// The items of two lists, paired.
struct Pairs<'a, T> {
    /// On both sides, matched by key (in the old side's order).
    both: Vec<(&'a T, &'a T)>,
    /// On both sides, matched as renames (`rename_by`).
    renamed: Vec<(&'a T, &'a T)>,
    /// Only on the old side.
    removed: Vec<&'a T>,
    /// Only on the new side.
    added: Vec<&'a T>,
}

/// One item of a paired list, as `Pairs::walk` hands it over.
enum Item<'a, T> {
    /// On both sides (old, new); `true` for a rename.
    Pair(&'a T, &'a T, bool),
    /// Only on the old side.
    Removed(&'a T),
    /// Only on the new side.
    Added(&'a T),
}

/// The items of two lists matched by key.
fn pair_up<'a, T: 'a, K: PartialEq>(
    old: impl IntoIterator<Item = &'a T>,
    new: impl IntoIterator<Item = &'a T>,
    key: impl Fn(&'a T) -> K,
) -> Pairs<'a, T> {
    let (old, new): (Vec<&T>, Vec<&T>) = (old.into_iter().collect(), new.into_iter().collect());
    let mut pairs = Pairs::unpaired(Vec::new(), Vec::new());
    for item in old.iter().copied() {
        match new.iter().find(|n| key(n) == key(item)) {
            Some(counterpart) => pairs.both.push((item, counterpart)),
            None => pairs.removed.push(item),
        }
    }
    pairs.added = new.into_iter().filter(|n| !old.iter().any(|o| key(o) == key(n))).collect();
    pairs
}

impl<'a, T> Pairs<'a, T> {
    /// Nothing paired yet.
    fn unpaired(removed: Vec<&'a T>, added: Vec<&'a T>) -> Self {
        Self { both: Vec::new(), renamed: Vec::new(), removed, added }
    }

    /// Pairs the leftovers of both sides by another key, where it is unique
    /// among the leftovers of each side (an empty key pairs nothing), as renames.
    fn rename_by<K: PartialEq + Default>(mut self, key: impl Fn(&'a T) -> K) -> Self {
        let unique = |items: &[&'a T], k: &K| items.iter().filter(|i| key(i) == *k).count() == 1;
        let mut pairs = Vec::new();
        for old in self.removed.iter().copied() {
            let k = key(old);
            if k == K::default() || !unique(&self.removed, &k) || !unique(&self.added, &k) {
                continue;
            }
            if let Some(new) = self.added.iter().copied().find(|n| key(n) == k) {
                pairs.push((old, new));
            }
        }
        self.removed.retain(|o| !pairs.iter().any(|(p, _)| std::ptr::eq(*p, *o)));
        self.added.retain(|n| !pairs.iter().any(|(_, p)| std::ptr::eq(*p, *n)));
        self.renamed.extend(pairs);
        self
    }

    /// Pairs the leftovers in order: each old one with the first new one left that `fits` it.
    fn pair_in_order(mut self, fits: impl Fn(&T, &T) -> bool) -> Self {
        let mut removed = Vec::new();
        for old in std::mem::take(&mut self.removed) {
            match self.added.iter().position(|new| fits(old, new)) {
                Some(found) => self.both.push((old, self.added.remove(found))),
                None => removed.push(old),
            }
        }
        self.removed = removed;
        self
    }

    /// Hands every item to `each` with its site: `at` the item, written
    /// where the head has it, or where the base had it for one removed.
    fn walk(self, at: impl Fn(&'a T) -> Site, mut each: impl FnMut(Site, Item<'a, T>)) {
        for (renamed, pairs) in [(false, self.both), (true, self.renamed)] {
            for (old, new) in pairs {
                each(at(new), Item::Pair(old, new, renamed));
            }
        }
        for old in self.removed {
            each(at(old).in_base(), Item::Removed(old));
        }
        for new in self.added {
            each(at(new), Item::Added(new));
        }
    }
}

/// Where a type travels, as the diff names it; none when no action uses it.
fn travels(ty: &Struct) -> Option<Direction> {
    match ty.direction {
        model::Direction::Request => Some(Direction::Input),
        model::Direction::Response => Some(Direction::Output),
        model::Direction::Both => Some(Direction::Both),
        model::Direction::Unused => None,
    }
}

/// An action's generated items, as a change lists them.
fn items(action: &Action) -> String {
    let (request, response) = (&action.request.rust_name, &action.response.rust_name);
    [&action.name, request, response, &action.error_type].map(|item| format!("`{item}`")).join(", ")
}
