//! Stage 3: checked specs → the resolved [`Model`].
//!
//! Runs only on a spec set that passed `check`, and reads its types, Rust names
//! (items, fields, variants, modules) and directions from the [`Checked`] table `resolve` built (which exists only
//! when every type resolved), so it lowers without reporting and without a
//! fallback: rules get their error codes, the
//! provider's common errors join each action's own, and everything that has no
//! doc order of its own is sorted, which makes the output deterministic.

use crate::model::{
    Action, Direction, Envelope, ErrorCode, Example, Field, Model, Note, Provider, Region, Rule,
    RuleKind, Service, Struct, ViolationCodes,
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
            let provider = (&loaded.value, names);
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
                protocol: loaded.value.protocol,
                notes: lower_notes(&loaded.value.notes),
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
    (provider_spec, provider_table): (&ProviderSpec, &ProviderTable),
) -> Service {
    // A type's rules answer in every action using it; their default basis is
    // the first row of the code in the service's doc order, then the provider's.
    let service_errors: Vec<&ErrorSpec> =
        spec.actions.iter().flat_map(|a| &a.errors).chain(&provider_spec.common_errors).collect();
    let context = RuleContext {
        codes: &provider_spec.violation_codes,
        sets: &spec.rule_sets,
        errors: &service_errors,
    };
    let mut types: Vec<Struct> = spec
        .types
        .iter()
        .zip(&table.types)
        .map(|(t, entry)| Struct {
            notes: lower_notes(&t.notes),
            direction: entry.direction,
            ..lower_struct(
                &entry.rust_name,
                &t.description,
                (&t.fields, &entry.fields, &entry.field_names),
                &context,
            )
        })
        .collect();
    types.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
    let mut actions: Vec<Action> = spec
        .actions
        .iter()
        .zip(&table.actions)
        .map(|(a, entry)| lower_action(a, entry, (provider_spec, provider_table), &spec.rule_sets))
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
    sets: &'a [RuleSetSpec],
    errors: &'a [&'a ErrorSpec],
}

fn lower_action(
    spec: &spec::ActionSpec,
    entry: &ActionEntry<FieldType>,
    (provider, provider_names): (&ProviderSpec, &ProviderTable),
    sets: &[RuleSetSpec],
) -> Action {
    let names = &entry.names;
    let codes = &provider.violation_codes;
    // The action's own rows first: its page's wording wins over the common one.
    let rows: Vec<&ErrorSpec> = spec.errors.iter().chain(&provider.common_errors).collect();
    let context = RuleContext { codes, sets, errors: &rows };
    let mut errors: Vec<ErrorCode> =
        spec.errors.iter().zip(&entry.errors).map(|(e, v)| lower_error(e, v, false)).collect();
    for (common, variant) in provider.common_errors.iter().zip(&provider_names.common_errors) {
        if !errors.iter().any(|e| e.code == common.code) {
            errors.push(lower_error(common, variant, true));
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
            notes: lower_notes(&spec.notes),
            ..lower_struct(
                &names.request,
                &spec.description,
                (&spec.request, &entry.request, &entry.request_names),
                &context,
            )
        },
        response: Struct {
            direction: Direction::Response,
            ..lower_struct(
                &names.response,
                &format!("Response of `{}`.", spec.name),
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
        violation_codes: ViolationCodes {
            missing: codes.missing.clone(),
            invalid: codes.invalid.clone(),
        },
        examples: spec
            .examples
            .iter()
            .map(|e| Example {
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

fn lower_error(spec: &spec::ErrorSpec, variant: &str, common: bool) -> ErrorCode {
    ErrorCode {
        code: spec.code.clone(),
        variant: variant.to_owned(),
        description: spec.description.clone(),
        http_status: spec.http_status,
        retryable: spec.retryable,
        common,
    }
}

/// A struct of `fields` (with their resolved types and Rust names, parallel);
/// the caller sets its notes and direction.
fn lower_struct(
    rust_name: &str,
    description: &str,
    (fields, types, names): (&[FieldSpec], &[FieldType], &[String]),
    context: &RuleContext<'_>,
) -> Struct {
    Struct {
        notes: Vec::new(),
        direction: Direction::Unused,
        rust_name: rust_name.to_owned(),
        description: description.to_owned(),
        fields: fields
            .iter()
            .zip(types)
            .zip(names)
            .map(|((f, ty), name)| lower_field((f, ty, name), (fields, names), context))
            .collect(),
    }
}

fn lower_notes(notes: &[spec::Note]) -> Vec<Note> {
    notes.iter().map(|n| Note { issue: n.issue.clone(), decision: n.decision.clone() }).collect()
}

/// A field, its siblings (itself included) with their Rust names, parallel.
type Siblings<'a> = (&'a [FieldSpec], &'a [String]);

fn lower_field(
    (spec, ty, rust_name): (&FieldSpec, &FieldType, &str),
    siblings: Siblings<'_>,
    context: &RuleContext<'_>,
) -> Field {
    Field {
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
        // Rule sets expand in place, so a field using one lowers exactly as if
        // its rules were written out.
        rules: spec::expand_rules(&spec.rules, context.sets)
            .iter()
            .filter_map(|r| lower_rule(r, siblings, context))
            .collect(),
    }
}

fn lower_rule(
    spec: &RuleSpec,
    (siblings, names): Siblings<'_>,
    context: &RuleContext<'_>,
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
    Some(Rule { kind, code, advisory: spec.advisory, basis })
}
