//! Stage 3: checked specs → the resolved [`Model`].
//!
//! Runs only on a spec set that passed `check`, and reads its types, Rust names
//! (items, fields, variants, modules) and directions from the [`Checked`] table `resolve` built (which exists only
//! when every type resolved), so it lowers without reporting and without a
//! fallback: rules get their error codes, the
//! provider's common errors join each action's own, and everything that has no
//! doc order of its own is sorted, which makes the output deterministic.

use crate::model::{
    Action, Direction, Envelope, ErrorCode, Example, Field, Model, Note, Origin, Provider, Region,
    Rule, RuleKind, Service, Struct, ViolationCodes,
};
use crate::resolve::{ActionEntry, Checked, FieldType, ProviderTable, ServiceTable};
use crate::spec::{
    self, ErrorSpec, FieldSpec, ProviderSpec, RuleCheck, RuleSetSpec, RuleSpec, SpecSet,
};

/// Lowers a checked spec set, with the table `resolve` built for it.
pub fn lower(set: &SpecSet, checked: &Checked) -> Model {
    let mut providers: Vec<Provider> = set
        .providers
        .iter()
        .zip(checked.providers.values())
        .map(|((name, loaded), names)| {
            let origin = Origin::file(&loaded.path);
            let provider = (&loaded.value, names, &origin);
            let mut services: Vec<Service> = set
                .services
                .iter()
                .zip(&checked.services)
                .filter(|(s, _)| s.path.split('/').next() == Some(name.as_str()))
                .map(|(s, table)| lower_service(name, &s.path, &s.value, table, provider))
                .collect();
            services.sort_by(|a, b| (&a.name, &a.version).cmp(&(&b.name, &b.version)));
            let envelope = &loaded.value.envelope;
            Provider {
                name: name.clone(),
                title: loaded.value.title.clone(),
                spec_file: loaded.path.clone(),
                origin: origin.clone(),
                protocol: loaded.value.protocol,
                notes: lower_notes(&loaded.value.notes),
                violation_codes: lower_codes(&loaded.value.violation_codes),
                envelope: Envelope {
                    wrapper: envelope.wrapper.clone(),
                    error_object: envelope.error_object.clone(),
                    code: envelope.code.clone(),
                    message: envelope.message.clone(),
                    request_id: envelope.request_id.clone(),
                    host_id: envelope.host_id.clone(),
                    recommend: envelope.recommend.clone(),
                },
                services,
            }
        })
        .collect();
    providers.sort_by(|a, b| a.name.cmp(&b.name));
    Model { providers }
}

fn lower_service(
    provider: &str,
    path: &str,
    spec: &spec::ServiceSpec,
    table: &ServiceTable<FieldType>,
    (provider_spec, provider_table, provider_origin): (&ProviderSpec, &ProviderTable, &Origin),
) -> Service {
    let origin = Origin::file(path);
    // A type's rules answer in every action using it; their default basis is
    // the first row of the code in the service's doc order, then the provider's.
    let service_errors: Vec<&ErrorSpec> =
        spec.actions.iter().flat_map(|a| &a.errors).chain(&provider_spec.common_errors).collect();
    let sets_origin = origin.at("rule_sets");
    let context = RuleContext {
        codes: &provider_spec.violation_codes,
        sets: (&spec.rule_sets, &sets_origin),
        errors: &service_errors,
    };
    let mut types: Vec<Struct> = spec
        .types
        .iter()
        .zip(&table.types)
        .enumerate()
        .map(|(i, (t, entry))| {
            let origin = origin.at("types").item(i);
            Struct {
                notes: lower_notes(&t.notes),
                direction: entry.direction,
                ..lower_struct(
                    (&entry.rust_name, &t.description, &origin, &origin.at("fields")),
                    (&t.fields, &entry.fields, &entry.field_names),
                    &context,
                )
            }
        })
        .collect();
    types.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
    let mut actions: Vec<Action> = spec
        .actions
        .iter()
        .zip(&table.actions)
        .enumerate()
        .map(|(i, (a, entry))| {
            let provider = (provider_spec, provider_table, provider_origin);
            let sets = (spec.rule_sets.as_slice(), &sets_origin);
            lower_action((a, &origin.at("actions").item(i)), entry, provider, sets)
        })
        .collect();
    actions.sort_by(|a, b| a.name.cmp(&b.name));
    Service {
        provider: provider.to_owned(),
        name: spec.service.clone(),
        title: spec.title.clone(),
        version: spec.version.clone(),
        version_module: table.version_module.clone(),
        endpoints: spec.endpoints.clone(),
        spec_file: path.to_owned(),
        origin,
        document: spec.source.document.clone(),
        last_updated: spec.source.last_updated.clone(),
        notes: lower_notes(&spec.notes),
        types,
        actions,
    }
}

/// What lowering a rule needs beyond the rule: the default codes, the
/// service's rule sets, and the error rows a rule's code may name (for its basis).
struct RuleContext<'a> {
    codes: &'a spec::ViolationCodes,
    /// The rule sets, and where they are written (`rule_sets`).
    sets: (&'a [RuleSetSpec], &'a Origin),
    errors: &'a [&'a ErrorSpec],
}

fn lower_action(
    (spec, origin): (&spec::ActionSpec, &Origin),
    entry: &ActionEntry<FieldType>,
    (provider, provider_names, provider_origin): (&ProviderSpec, &ProviderTable, &Origin),
    sets: (&[RuleSetSpec], &Origin),
) -> Action {
    let names = &entry.names;
    let codes = &provider.violation_codes;
    // The action's own rows first: its page's wording wins over the common one.
    let rows: Vec<&ErrorSpec> = spec.errors.iter().chain(&provider.common_errors).collect();
    let context = RuleContext { codes, sets, errors: &rows };
    let mut errors: Vec<ErrorCode> = spec
        .errors
        .iter()
        .zip(&entry.errors)
        .enumerate()
        .map(|(i, (e, v))| lower_error(e, v, (origin.at("errors").item(i), false)))
        .collect();
    let common = provider.common_errors.iter().zip(&provider_names.common_errors);
    for (i, (common, variant)) in common.enumerate() {
        if !errors.iter().any(|e| e.code == common.code) {
            let origin = provider_origin.at("common_errors").item(i);
            errors.push(lower_error(common, variant, (origin, true)));
        }
    }
    let region = spec.region.as_ref().map_or_else(Region::default, |r| Region {
        required: r.required,
        supported: r.supported.clone(),
        description: r.description.clone(),
    });
    Action {
        wire_name: spec.name.clone(),
        request: Struct {
            direction: Direction::Request,
            ..lower_struct(
                (&names.request, &spec.description, &origin.at("request"), &origin.at("request")),
                (&spec.request, &entry.request, &entry.request_names),
                &context,
            )
        },
        response: Struct {
            direction: Direction::Response,
            ..lower_struct(
                (
                    &names.response,
                    &format!("Response of `{}`.", spec.name),
                    &origin.at("response"),
                    &origin.at("response"),
                ),
                (&spec.response, &entry.response, &entry.response_names),
                &context,
            )
        },
        name: names.operation.clone(),
        error_type: names.error.clone(),
        description: spec.description.clone(),
        rate_limit_per_second: spec.rate_limit_per_second,
        region,
        errors,
        violation_codes: lower_codes(codes),
        origin: origin.clone(),
        notes: lower_notes(&spec.notes),
        examples: spec
            .examples
            .iter()
            .enumerate()
            .map(|(i, e)| Example {
                origin: origin.at("examples").item(i),
                name: e.name.clone(),
                request: e.request.clone(),
                response: e.response.clone(),
                normalizations: e.normalizations.clone(),
                expected_violations: e
                    .expected_violations
                    .iter()
                    .map(|v| (v.path.clone(), v.code.clone()))
                    .collect(),
            })
            .collect(),
    }
}

fn lower_error(
    spec: &spec::ErrorSpec,
    variant: &str,
    (origin, common): (Origin, bool),
) -> ErrorCode {
    ErrorCode {
        common,
        origin,
        code: spec.code.clone(),
        variant: variant.to_owned(),
        description: spec.description.clone(),
        http_status: spec.http_status,
        retryable: spec.retryable,
    }
}

/// A struct of `fields` (with their resolved types and Rust names, parallel),
/// written at `origin` with its fields at `fields_origin`; the caller sets its
/// notes and direction.
fn lower_struct(
    (rust_name, description, origin, fields_origin): (&str, &str, &Origin, &Origin),
    (fields, types, names): (&[FieldSpec], &[FieldType], &[String]),
    context: &RuleContext<'_>,
) -> Struct {
    Struct {
        origin: origin.clone(),
        notes: Vec::new(),
        direction: Direction::Unused,
        rust_name: rust_name.to_owned(),
        description: description.to_owned(),
        fields: fields
            .iter()
            .zip(types)
            .zip(names)
            .enumerate()
            .map(|(i, ((f, ty), name))| {
                lower_field((f, ty, name, fields_origin.item(i)), (fields, names), context)
            })
            .collect(),
    }
}

fn lower_codes(codes: &spec::ViolationCodes) -> ViolationCodes {
    ViolationCodes { missing: codes.missing.clone(), invalid: codes.invalid.clone() }
}

fn lower_notes(notes: &[spec::Note]) -> Vec<Note> {
    notes.iter().map(|n| Note { issue: n.issue.clone(), decision: n.decision.clone() }).collect()
}

/// A field, its siblings (itself included) with their Rust names, parallel.
type Siblings<'a> = (&'a [FieldSpec], &'a [String]);

fn lower_field(
    (spec, ty, rust_name, origin): (&FieldSpec, &FieldType, &str, Origin),
    siblings: Siblings<'_>,
    context: &RuleContext<'_>,
) -> Field {
    // Rule sets expand in place, so a field using one lowers exactly as if its
    // rules were written out; each rule keeps the entry it came from.
    let rules = spec
        .rules
        .iter()
        .enumerate()
        .flat_map(|(i, entry)| {
            let (sets, sets_origin) = context.sets;
            // A rule from a set is written in the set, as its member.
            let origins: Vec<Origin> = match &entry.use_set {
                None => vec![origin.at("rules").item(i)],
                Some(name) => sets
                    .iter()
                    .position(|set| &set.name == name)
                    .map(|m| {
                        let members = sets_origin.item(m).at("rules");
                        (0..sets[m].rules.len()).map(|n| members.item(n)).collect()
                    })
                    .unwrap_or_default(),
            };
            spec::expand_rules(std::slice::from_ref(entry), sets)
                .into_iter()
                .zip(origins)
                .filter_map(move |(r, origin)| lower_rule(&r, siblings, context, origin))
        })
        .collect();
    Field {
        origin,
        rules,
        wire_name: spec.name.clone(),
        rust_name: rust_name.to_owned(),
        ty: ty.rust.clone(),
        required: spec.required,
        nullable: spec.nullable,
        sensitive: spec.sensitive,
        description: spec.description.clone(),
        known_values: spec.known_values.clone(),
        example: spec.example.clone(),
        notes: lower_notes(&spec.notes),
    }
}

fn lower_rule(
    spec: &RuleSpec,
    (siblings, names): Siblings<'_>,
    context: &RuleContext<'_>,
    origin: Origin,
) -> Option<Rule> {
    let codes = context.codes;
    let (kind, default_code) = match spec.check()? {
        RuleCheck::Length(b) => (RuleKind::Length { min: b.min, max: b.max }, &codes.invalid),
        RuleCheck::Items(b) => (RuleKind::Items { min: b.min, max: b.max }, &codes.invalid),
        RuleCheck::Pattern(regex) => (
            RuleKind::Pattern {
                regex: regex.to_owned(),
                explain: spec.explain.clone().unwrap_or_default(),
            },
            &codes.invalid,
        ),
        RuleCheck::OneOf(values) => {
            (RuleKind::OneOf(values.iter().map(|v| v.to_string()).collect()), &codes.invalid)
        }
        RuleCheck::Range(r) => (RuleKind::Range { min: r.min, max: r.max }, &codes.invalid),
        RuleCheck::RequiredIfPresent(other) => {
            let (sibling, rust_name) = siblings.iter().zip(names).find(|(s, _)| s.name == other)?;
            let kind = RuleKind::RequiredIfPresent {
                wire_name: sibling.name.clone(),
                rust_name: rust_name.clone(),
            };
            (kind, &codes.missing)
        }
    };
    let code = spec.code.clone().unwrap_or_else(|| default_code.clone());
    let basis = spec.resolved_basis(context.errors.iter().copied());
    Some(Rule { kind, code, advisory: spec.advisory, basis, origin })
}
