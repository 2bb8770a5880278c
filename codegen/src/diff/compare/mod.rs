//! Model against model: walks both resolved models side by side and records
//! each difference as a classified [`Change`]. YAML layout (anchors, key order,
//! quoting) never reaches the model, so it never shows up here.
//!
//! The walk pairs nodes (services, actions, types, fields, errors, rules) and
//! the tables of `props` say which properties of a pair are compared and what
//! each difference is; `fields` pairs fields, `rules` pairs rules. Nodes left
//! over on both sides are paired once more as renames: types by their fields,
//! actions by Rust name (or description and fields), errors by Rust variant (or
//! description), fields by Rust name; a renamed node is then compared like any
//! other pair, so a rename never hides the other changes made to it.

mod fields;
mod patterns;
mod props;
mod rules;

use std::collections::BTreeMap;

use super::change::{Change, Direction, Kind, Rust, SpecSide, SpecSite};
use crate::model::{self, Action, Example, Model, Origin, Service, Struct};

/// Every change from `base` to `head`, sorted.
pub fn compare(base: &Model, head: &Model) -> Vec<Change> {
    let mut changes = Vec::new();
    for old in &base.providers {
        if let Some(new) = head.providers.iter().find(|p| p.name == old.name) {
            let mut provider_changes = Vec::new();
            let mut recorder = Recorder::labelled(&mut provider_changes, new.name.clone());
            let site = Site::new(None, Direction::Output).head(&new.origin);
            recorder.properties(&site, old, new, props::PROVIDER);
            // What the provider shares reaches every action of its services (as
            // the head has them): a reviewer sees which ones.
            let affects: Vec<String> = new
                .services
                .iter()
                .flat_map(|s| {
                    s.actions.iter().map(move |a| {
                        format!("{}/{} {} {}", s.provider, s.name, s.version, a.wire_name)
                    })
                })
                .collect();
            for mut change in provider_changes {
                change.affects.clone_from(&affects);
                changes.push(change);
            }
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
                let site = Site::new(None, Direction::Input)
                    .at("version")
                    .head(&new.origin.at("version"))
                    .items(vec![format!(
                        "module `{}` → `{}`",
                        old.version_module, new.version_module
                    )]);
                recorder.record(
                    &site,
                    Kind::VersionChanged,
                    Some(&old.version),
                    Some(&new.version),
                );
                recorder.service(old, new);
                added.remove(key);
            }
            _ => {
                for old in old_versions {
                    let site =
                        Site::new(None, Direction::Input).base(&old.origin).items(vec![format!(
                            "module `{}::{}::{}` removed",
                            old.provider, old.name, old.version_module
                        )]);
                    Recorder::new(&mut changes, old).record(
                        &site,
                        Kind::ServiceRemoved,
                        Some(&old.version),
                        None,
                    );
                }
            }
        }
    }
    for new in added.values().flatten() {
        let site = Site::new(None, Direction::Input).head(&new.origin);
        Recorder::new(&mut changes, new).record(
            &site,
            Kind::ServiceAdded,
            None,
            Some(&new.version),
        );
        // A new version of a service that has older ones: what it changes from
        // the closest older version (as the head has it, else as the base had it).
        // (Of two equal maxima `max_by_key` keeps the last: the head's.)
        let sides = [(SpecSide::Base, &base_services), (SpecSide::Head, &head_services)];
        let previous = sides
            .iter()
            .flat_map(|(side, services)| services.iter().map(move |(key, s)| (key, *side, *s)))
            .filter(|(key, _, _)| {
                (key.0, key.1) == (new.provider.as_str(), new.name.as_str())
                    && key.2 < new.version.as_str()
            })
            .max_by_key(|(key, _, _)| key.2);
        if let Some((_, side, previous)) = previous {
            let mut recorder = Recorder::new(&mut changes, new);
            recorder.relative_to = Some(label(previous));
            recorder.old_side = side;
            recorder.service(previous, new);
        }
    }
    changes.sort();
    changes.dedup();
    changes
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

/// A service as changes name it: `tencentcloud/cam 2019-01-16`.
fn label(service: &Service) -> String {
    format!("{}/{} {}", service.provider, service.name, service.version)
}

/// Where changes are recorded: the action (if any), the location inside the
/// service or action, which way it travels, the generated items a major Rust
/// change there touches, and where the spec writes it.
#[derive(Debug, Clone)]
struct Site<'a> {
    action: Option<&'a str>,
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
}

impl<'a> Site<'a> {
    fn new(action: Option<&'a str>, direction: Direction) -> Self {
        let (location, subject) = (String::new(), action.unwrap_or_default().to_owned());
        let (items, spec, example, keeps_rust) = (Vec::new(), None, None, false);
        Self { action, location, subject, direction, items, spec, example, keeps_rust }
    }

    /// Written at `origin` in the head's specs.
    fn head(self, origin: &Origin) -> Self {
        Self { spec: Some(SpecSite::new(SpecSide::Head, origin)), ..self }
    }

    /// Written at `origin` in the base's specs (something the head no longer has).
    fn base(self, origin: &Origin) -> Self {
        Self { spec: Some(SpecSite::new(SpecSide::Base, origin)), ..self }
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

    fn keeping_rust(self, keeps_rust: bool) -> Self {
        Self { keeps_rust, ..self }
    }
}

/// Records the changes of one service (or provider).
struct Recorder<'a> {
    out: &'a mut Vec<Change>,
    service: String,
    /// The previous version a new version is compared with, if that is what is recorded.
    relative_to: Option<String>,
    /// Types of the service renamed, old Rust name → new.
    renames: BTreeMap<String, String>,
    /// The specs the old side of the comparison is written in: the base's,
    /// or the head's for the previous version a new one is compared with.
    old_side: SpecSide,
}

impl<'a> Recorder<'a> {
    fn new(out: &'a mut Vec<Change>, service: &Service) -> Self {
        Self::labelled(out, label(service))
    }

    fn labelled(out: &'a mut Vec<Change>, service: String) -> Self {
        Self { out, service, relative_to: None, renames: BTreeMap::new(), old_side: SpecSide::Base }
    }

    /// Records one change; its effect is the kind's for the site's direction
    /// (the Rust effect patch where the site keeps the Rust items' shape).
    fn record(&mut self, site: &Site<'_>, kind: Kind, before: Option<&str>, after: Option<&str>) {
        let (wire, rust) = kind.impact(site.direction);
        let rust = if site.keeps_rust { Rust::Patch } else { rust };
        let why = fill(
            kind.why(site.direction),
            &[
                ("name", &site.subject),
                ("before", before.unwrap_or("nothing")),
                ("after", after.unwrap_or("nothing")),
                ("example", site.example.as_deref().unwrap_or("nothing")),
            ],
        );
        self.out.push(Change {
            service: self.service.clone(),
            relative_to: self.relative_to.clone(),
            action: site.action.map(str::to_owned),
            location: site.location.clone(),
            kind,
            before: before.map(str::to_owned),
            after: after.map(str::to_owned),
            wire,
            rust,
            why,
            rust_items: if rust == Rust::Major { site.items.clone() } else { Vec::new() },
            affects: Vec::new(),
            spec: site.spec.clone().map(|spec| match spec.side {
                SpecSide::Base => SpecSite { side: self.old_side, ..spec },
                SpecSide::Head => spec,
            }),
        });
    }

    fn service(&mut self, old: &Service, new: &Service) {
        let site = Site::new(None, Direction::Output).head(&new.origin);
        self.properties(&site, old, new, props::SERVICE);

        // Whether a type is sent or read is judged from the base, for the callers
        // there are; a type the base does not use is judged from the head, for
        // the callers it will have. Each model's directions come from `resolve`.
        let mut types = pair_up(&old.types, &new.types, |t| t.rust_name.clone());
        let renamed = types.pair_more(|t| {
            let mut names: Vec<&str> = t.fields.iter().map(|f| f.wire_name.as_str()).collect();
            names.sort_unstable();
            // A type without fields is like any other without fields: no pairing.
            if names.is_empty() { String::new() } else { names.join(",") }
        });
        self.renames =
            renamed.iter().map(|(o, n)| (o.rust_name.clone(), n.rust_name.clone())).collect();
        let direction = |old_type: &Struct, new_type: &Struct| {
            travels(old_type).or_else(|| travels(new_type)).unwrap_or(Direction::Output)
        };
        for (old_type, new_type) in &renamed {
            let site = Site::new(None, direction(old_type, new_type))
                .at("types")
                .at(&new_type.rust_name)
                .head(&new_type.origin)
                .items(vec![format!("`{}` → `{}`", old_type.rust_name, new_type.rust_name)]);
            self.record(
                &site,
                Kind::TypeRenamed,
                Some(&old_type.rust_name),
                Some(&new_type.rust_name),
            );
        }
        for (old_type, new_type) in types.both.into_iter().chain(renamed) {
            let site = Site::new(None, direction(old_type, new_type))
                .at("types")
                .at(&new_type.rust_name)
                .head(&new_type.origin);
            let items = if old_type.is_input() && !new_type.is_input() {
                vec![format!("`{}::new` and its `with_*` setters removed", new_type.rust_name)]
            } else {
                Vec::new()
            };
            // A type's description is its own; a request's is the action's and
            // a response's is made from the action's name, each compared there.
            self.properties(&site, old_type, new_type, props::DESCRIBED);
            self.structure(&site.items(items), old_type, new_type);
        }
        for gone in types.removed {
            let direction = travels(gone).unwrap_or(Direction::Output);
            let site = Site::new(None, direction)
                .at("types")
                .at(&gone.rust_name)
                .base(&gone.origin)
                .items(vec![format!("`{}` removed", gone.rust_name)]);
            self.record(&site, Kind::TypeRemoved, None, None);
        }
        for added in types.added {
            let direction = travels(added).unwrap_or(Direction::Output);
            let site =
                Site::new(None, direction).at("types").at(&added.rust_name).head(&added.origin);
            self.record(&site, Kind::TypeAdded, None, None);
        }

        let mut actions = pair_up(&old.actions, &new.actions, |a| a.wire_name.clone());
        // A wire name whose case changed keeps its Rust name (patch); otherwise
        // the same description, or else the same fields, make a rename (the
        // Rust names change). Either key alone, so a rename may come with
        // other changes, each listed.
        let recased = actions.pair_more(|a| a.name.clone());
        let mut renamed = actions.pair_more(|a| a.description.clone());
        renamed.extend(actions.pair_more(|a| {
            let names =
                |s: &Struct| s.fields.iter().map(|f| f.wire_name.clone()).collect::<Vec<_>>();
            format!("{:?}\n{:?}", names(&a.request), names(&a.response))
        }));
        for (old_action, new_action) in recased.iter().chain(&renamed) {
            let site = Site::new(Some(&new_action.wire_name), Direction::Input)
                .head(&new_action.origin.at("name"))
                .items(vec![format!("{} → {}", items(old_action), items(new_action))])
                .keeping_rust(old_action.name == new_action.name);
            self.record(
                &site,
                Kind::ActionRenamed,
                Some(&old_action.wire_name),
                Some(&new_action.wire_name),
            );
        }
        for (old_action, new_action) in actions.both.into_iter().chain(recased).chain(renamed) {
            self.action(old_action, new_action);
        }
        for gone in actions.removed {
            let site = Site::new(Some(&gone.wire_name), Direction::Input)
                .base(&gone.origin)
                .items(vec![format!("{} removed", items(gone))]);
            self.record(&site, Kind::ActionRemoved, None, None);
        }
        for added in actions.added {
            self.record(
                &Site::new(Some(&added.wire_name), Direction::Input).head(&added.origin),
                Kind::ActionAdded,
                None,
                None,
            );
        }
    }

    fn action(&mut self, old: &Action, new: &Action) {
        let site = Site::new(Some(new.wire_name.as_str()), Direction::Input).head(&new.origin);
        self.properties(&site, old, new, props::ACTION);
        let request = site.at("request").head(&new.request.origin);
        self.structure(&request, &old.request, &new.request);
        let response = site.at("response").head(&new.response.origin).travelling(Direction::Output);
        self.structure(&response, &old.response, &new.response);
        let errors = site.at("errors").head(&new.origin.at("errors"));
        self.errors(&errors.travelling(Direction::Output), old, new);
        self.examples(&site.travelling(Direction::Output), &old.examples, &new.examples);
    }

    fn errors(&mut self, site: &Site<'_>, old_action: &Action, new_action: &Action) {
        let (old, new) = (&old_action.errors, &new_action.errors);
        let enum_name = new_action.error_type.clone();
        let mut errors = pair_up(old, new, |e| e.code.clone());
        // The same variant (the code's case or punctuation changed), then the same words.
        let same_variant = errors.pair_more(|e| e.variant.clone());
        let same_words = errors.pair_more(|e| e.description.clone());
        let old_order: Vec<&str> = errors.both.iter().map(|(o, _)| o.code.as_str()).collect();
        let new_order: Vec<&str> =
            new.iter().map(|e| e.code.as_str()).filter(|code| old_order.contains(code)).collect();
        if old_order != new_order {
            let (before, after) = (old_order.join(", "), new_order.join(", "));
            self.record(site, Kind::OrderChanged, Some(&before), Some(&after));
        }
        for (old_error, new_error) in same_variant.iter().chain(&same_words) {
            let at = site.at(&new_error.code).head(&new_error.origin).items(vec![format!(
                "`{enum_name}::{}` → `{enum_name}::{}`",
                old_error.variant, new_error.variant
            )]);
            let at = at.keeping_rust(old_error.variant == new_error.variant);
            self.record(&at, Kind::ErrorCodeRenamed, Some(&old_error.code), Some(&new_error.code));
        }
        for (old_error, new_error) in errors.both.into_iter().chain(same_variant).chain(same_words)
        {
            let at = site.at(&new_error.code).head(&new_error.origin);
            self.properties(&at, old_error, new_error, props::ERROR);
        }
        for gone in &errors.removed {
            let at = site
                .at(&gone.code)
                .base(&gone.origin)
                .items(vec![format!("`{enum_name}::{}` removed", gone.variant)]);
            self.record(&at, Kind::ErrorCodeRemoved, None, None);
        }
        for added in &errors.added {
            self.record(
                &site.at(&added.code).head(&added.origin),
                Kind::ErrorCodeAdded,
                None,
                Some(&added.description),
            );
        }
    }

    fn examples(&mut self, site: &Site<'_>, old: &[Example], new: &[Example]) {
        let at = |example: &Example| site.at(&format!("examples.{}", example.name));
        let examples = pair_up(old, new, |e| e.name.clone());
        for (old_example, new_example) in examples.both {
            if old_example != new_example {
                let site = at(new_example).head(&new_example.origin);
                self.record(&site, Kind::ExampleChanged, None, None);
            }
        }
        for gone in examples.removed {
            self.record(&at(gone).base(&gone.origin), Kind::ExampleRemoved, None, None);
        }
        for added in examples.added {
            self.record(&at(added).head(&added.origin), Kind::ExampleAdded, None, None);
        }
    }
}

/// `template` with each `{key}` replaced by its value, in one pass (a value
/// that itself reads `{after}` stays as it is).
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let tail = &rest[open + 1..];
        let close = tail.find('}').unwrap_or(tail.len());
        match values.iter().find(|(key, _)| *key == &tail[..close]) {
            Some((_, value)) => {
                out.push_str(value);
                rest = tail.get(close + 1..).unwrap_or_default();
            }
            None => {
                out.push('{');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
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

impl<'a, T> Pairs<'a, T> {
    /// Pairs the leftovers of both sides by another key, where it is unique
    /// among the leftovers of each side (an empty key pairs nothing), and returns
    /// the new pairs, which leave `removed` and `added`.
    fn pair_more(&mut self, key: impl Fn(&T) -> String) -> Vec<(&'a T, &'a T)> {
        let unique = |items: &[&'a T], k: &str| items.iter().filter(|i| key(i) == k).count() == 1;
        let mut pairs = Vec::new();
        for old in self.removed.clone() {
            let k = key(old);
            if k.is_empty() || !unique(&self.removed, &k) || !unique(&self.added, &k) {
                continue;
            }
            if let Some(new) = self.added.iter().copied().find(|n| key(n) == k) {
                pairs.push((old, new));
            }
        }
        self.removed.retain(|o| !pairs.iter().any(|(p, _)| std::ptr::eq(*p, *o)));
        self.added.retain(|n| !pairs.iter().any(|(_, p)| std::ptr::eq(*p, *n)));
        pairs
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
    format!(
        "`{}`, `{}`, `{}`, `{}`",
        action.name, action.request.rust_name, action.response.rust_name, action.error_type
    )
}
