//! Stage 3: checked specs → the resolved [`Model`].
//!
//! Runs only on a spec set that passed `check`, so it resolves without
//! reporting: names get their Rust form, rules get their error codes, the
//! provider's common errors join each action's own, and everything that has no
//! doc order of its own is sorted, which makes the output deterministic.

use crate::ident;
use crate::model::{
    Action, Envelope, ErrorCode, Example, Field, Model, Note, Provider, Region, Rule, RuleKind,
    Service, Struct, Type, ViolationCodes,
};
use crate::spec::{
    self, ErrorSpec, FieldSpec, ProviderSpec, RuleCheck, RuleSetSpec, RuleSpec, SpecSet, TypeExpr,
};

/// Lowers a checked spec set.
pub fn lower(set: &SpecSet) -> Model {
    let mut providers: Vec<Provider> = set
        .providers
        .iter()
        .map(|(name, loaded)| {
            let mut services: Vec<Service> = set
                .services
                .iter()
                .filter(|s| s.path.split('/').next() == Some(name.as_str()))
                .map(|s| lower_service(name, &s.path, &s.value, &loaded.value))
                .collect();
            services.sort_by(|a, b| (&a.name, &a.version).cmp(&(&b.name, &b.version)));
            let envelope = &loaded.value.envelope;
            Provider {
                name: name.clone(),
                title: loaded.value.title.clone(),
                spec_file: loaded.path.clone(),
                protocol: loaded.value.protocol,
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
    provider_spec: &ProviderSpec,
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
        .map(|t| Struct {
            notes: lower_notes(&t.notes),
            ..lower_struct(&ident::type_name(&t.name), &t.description, &t.fields, &context)
        })
        .collect();
    types.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
    mark_inputs(&mut types, spec.actions.iter().flat_map(|a| &a.request));
    let mut actions: Vec<Action> =
        spec.actions.iter().map(|a| lower_action(a, provider_spec, &spec.rule_sets)).collect();
    actions.sort_by(|a, b| a.name.cmp(&b.name));
    Service {
        provider: provider.to_owned(),
        name: spec.service.clone(),
        title: spec.title.clone(),
        version: spec.version.clone(),
        version_module: ident::version_module(&spec.version),
        endpoints: spec.endpoints.clone(),
        spec_file: path.to_owned(),
        document: spec.source.document.clone(),
        last_updated: spec.source.last_updated.clone(),
        notes: lower_notes(&spec.notes),
        types,
        actions,
    }
}

/// Marks the types reachable from request fields as inputs.
fn mark_inputs<'a>(types: &mut [Struct], request_fields: impl Iterator<Item = &'a FieldSpec>) {
    let mut pending: Vec<String> = request_fields.filter_map(|f| named_type(&f.ty)).collect();
    while let Some(name) = pending.pop() {
        let Some(ty) = types.iter_mut().find(|t| t.rust_name == name) else {
            continue;
        };
        if ty.is_input {
            continue;
        }
        ty.is_input = true;
        pending.extend(ty.fields.iter().filter_map(|f| f.ty.named().map(str::to_owned)));
    }
}

fn named_type(text: &str) -> Option<String> {
    match TypeExpr::parse(text)?.innermost() {
        TypeExpr::Named(name) => Some(ident::type_name(name)),
        _ => None,
    }
}

/// What lowering a rule needs beyond the rule: the default codes, the
/// service's rule sets, and the error rows a rule's code may name (for its basis).
struct RuleContext<'a> {
    codes: &'a spec::ViolationCodes,
    sets: &'a [RuleSetSpec],
    errors: &'a [&'a ErrorSpec],
}

fn lower_action(spec: &spec::ActionSpec, provider: &ProviderSpec, sets: &[RuleSetSpec]) -> Action {
    let name = ident::type_name(&spec.name);
    let codes = &provider.violation_codes;
    // The action's own rows first: its page's wording wins over the common one.
    let rows: Vec<&ErrorSpec> = spec.errors.iter().chain(&provider.common_errors).collect();
    let context = RuleContext { codes, sets, errors: &rows };
    let mut errors: Vec<ErrorCode> = spec.errors.iter().map(|e| lower_error(e, false)).collect();
    for common in &provider.common_errors {
        if !errors.iter().any(|e| e.code == common.code) {
            errors.push(lower_error(common, true));
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
            is_input: true,
            notes: lower_notes(&spec.notes),
            ..lower_struct(&format!("{name}Request"), &spec.description, &spec.request, &context)
        },
        response: lower_struct(
            &format!("{name}Response"),
            &format!("Response of `{}`.", spec.name),
            &spec.response,
            &context,
        ),
        name,
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

fn lower_error(spec: &spec::ErrorSpec, common: bool) -> ErrorCode {
    ErrorCode {
        code: spec.code.clone(),
        variant: ident::type_name(&spec.code),
        description: spec.description.clone(),
        http_status: spec.http_status,
        retryable: spec.retryable,
        common,
    }
}

fn lower_struct(
    rust_name: &str,
    description: &str,
    fields: &[FieldSpec],
    context: &RuleContext<'_>,
) -> Struct {
    Struct {
        notes: Vec::new(),
        is_input: false,
        rust_name: rust_name.to_owned(),
        description: description.to_owned(),
        fields: fields.iter().map(|f| lower_field(f, fields, context)).collect(),
    }
}

fn lower_notes(notes: &[spec::Note]) -> Vec<Note> {
    notes.iter().map(|n| Note { issue: n.issue.clone(), decision: n.decision.clone() }).collect()
}

fn lower_field(spec: &FieldSpec, siblings: &[FieldSpec], context: &RuleContext<'_>) -> Field {
    Field {
        wire_name: spec.name.clone(),
        rust_name: ident::field_name(&spec.name),
        ty: TypeExpr::parse(&spec.ty).map_or(Type::Json, |t| lower_type(&t)),
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

fn lower_type(ty: &TypeExpr) -> Type {
    match ty {
        TypeExpr::String => Type::String,
        TypeExpr::Integer => Type::Integer,
        TypeExpr::Boolean => Type::Boolean,
        TypeExpr::Json => Type::Json,
        TypeExpr::Named(name) => Type::Named(ident::type_name(name)),
        TypeExpr::Array(item) => Type::Array(Box::new(lower_type(item))),
    }
}

fn lower_rule(spec: &RuleSpec, siblings: &[FieldSpec], context: &RuleContext<'_>) -> Option<Rule> {
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
            let sibling = siblings.iter().find(|s| s.name == other)?;
            let kind = RuleKind::RequiredIfPresent {
                wire_name: sibling.name.clone(),
                rust_name: ident::field_name(&sibling.name),
            };
            (kind, &codes.missing)
        }
    };
    let code = spec.code.clone().unwrap_or_else(|| default_code.clone());
    let basis = spec.resolved_basis(context.errors.iter().copied());
    Some(Rule { kind, code, advisory: spec.advisory, basis })
}
