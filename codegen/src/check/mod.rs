//! Stage 2: is the spec set meaningful? Every cross-cutting rule, every problem reported.
//!
//! The checker reads the parsed specs and only reports; it never changes them.
//! Once it finds nothing, `lower` may assume every reference resolves, every
//! name is unique after case conversion and every rule fits its field.
//! Each concern is a small function with its reason beside it:
//! naming here, rules in `rules`, examples in `examples`.

mod examples;
mod rules;

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Diagnostics, FileReporter};
use crate::ident;
use crate::load::PROVIDER_FILE;
use crate::spec::{
    ActionSpec, ErrorSpec, FieldSpec, Loaded, ProviderSpec, ServiceSpec, SpecSet, TypeExpr,
    TypeSpec,
};

/// Checks a whole spec set, reporting every problem into `sink`.
pub fn check(set: &SpecSet, sink: &mut Diagnostics) {
    for (folder, provider) in &set.providers {
        check_provider(
            folder,
            provider,
            &mut FileReporter::new(&provider.path, &provider.locations, sink),
        );
    }
    let mut seen_modules = BTreeMap::new();
    for service in &set.services {
        let mut report = FileReporter::new(&service.path, &service.locations, sink);
        let folder = service.path.split('/').next().unwrap_or_default();
        let Some(provider) = set.providers.get(folder) else {
            report.error(
                "",
                format!("provider folder `{folder}` has no {PROVIDER_FILE}"),
                format!("add `{folder}/{PROVIDER_FILE}` with the provider's envelope, violation codes and common errors"),
            );
            continue;
        };
        // Two files may not generate the same Rust module.
        let module = (
            folder,
            ident::field_name(&service.value.service),
            service.value.version.clone(),
        );
        if let Some(other) = seen_modules.insert(module, &service.path) {
            report.error(
                "service",
                "this service and version are already defined",
                format!("merge it into `{other}`"),
            );
        }
        check_service(service, &provider.value, &mut report);
    }
}

fn check_provider(folder: &str, provider: &Loaded<ProviderSpec>, report: &mut FileReporter<'_>) {
    let spec = &provider.value;
    if spec.provider != folder {
        report.error(
            "provider",
            format!(
                "provider `{}` does not match its folder `{folder}`",
                spec.provider
            ),
            format!("write `provider: {folder}` or move the file"),
        );
    }
    check_identifier(&spec.provider, "provider", report);
    check_error_codes(&spec.common_errors, "common_errors", report);
    // A violation's code must be one a caller can match on in the error enum.
    let codes: BTreeSet<&str> = spec.common_errors.iter().map(|e| e.code.as_str()).collect();
    for (key, code) in [
        ("missing", &spec.violation_codes.missing),
        ("invalid", &spec.violation_codes.invalid),
    ] {
        if !codes.contains(code.as_str()) {
            report.error(
                &format!("violation_codes.{key}"),
                format!("violation code `{code}` is not among `common_errors`"),
                "add it to `common_errors` with its description",
            );
        }
    }
}

fn check_service(
    loaded: &Loaded<ServiceSpec>,
    provider: &ProviderSpec,
    report: &mut FileReporter<'_>,
) {
    let spec = &loaded.value;
    let stem = loaded
        .path
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .trim_end_matches(".yaml");
    if spec.service != stem {
        report.error(
            "service",
            format!(
                "service `{}` does not match its file name `{stem}.yaml`",
                spec.service
            ),
            format!("write `service: {stem}` or rename the file"),
        );
    }
    check_identifier(&spec.service, "service", report);
    if !is_iso_date(&spec.version) {
        report.error(
            "version",
            format!("version `{}` is not a date `YYYY-MM-DD`", spec.version),
            "write the API version as the doc gives it, e.g. `2019-01-16`",
        );
    }

    let types: BTreeMap<&str, &TypeSpec> =
        spec.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut type_names = UniqueNames::new("type");
    for (i, ty) in spec.types.iter().enumerate() {
        let path = format!("types[{i}]");
        type_names.claim(
            &ident::type_name(&ty.name),
            &ty.name,
            &format!("{path}.name"),
            report,
        );
        check_fields(
            &ty.fields,
            &format!("{path}.fields"),
            &types,
            &BTreeSet::new(),
            provider,
            report,
        );
    }
    let mut action_names = UniqueNames::new("action");
    for (i, action) in spec.actions.iter().enumerate() {
        let path = format!("actions[{i}]");
        action_names.claim(
            &ident::type_name(&action.name),
            &action.name,
            &format!("{path}.name"),
            report,
        );
        for suffix in ["Request", "Response", "Error"] {
            let generated = format!("{}{suffix}", ident::type_name(&action.name));
            type_names.claim(&generated, &generated, &format!("{path}.name"), report);
        }
        check_action(action, &path, &types, provider, report);
    }
}

fn check_action(
    action: &ActionSpec,
    path: &str,
    types: &BTreeMap<&str, &TypeSpec>,
    provider: &ProviderSpec,
    report: &mut FileReporter<'_>,
) {
    check_error_codes(&action.errors, &format!("{path}.errors"), report);
    let documented: BTreeSet<&str> = action
        .errors
        .iter()
        .chain(&provider.common_errors)
        .map(|e| e.code.as_str())
        .collect();
    check_fields(
        &action.request,
        &format!("{path}.request"),
        types,
        &documented,
        provider,
        report,
    );
    check_fields(
        &action.response,
        &format!("{path}.response"),
        types,
        &documented,
        provider,
        report,
    );
    // Rules inside named types answer with codes too; they must exist for every action using them.
    for (i, ty) in types.values().enumerate() {
        for (j, field) in ty.fields.iter().enumerate() {
            rules::check_codes(
                field,
                &format!("types[{i}].fields[{j}]"),
                &documented,
                report,
            );
        }
    }
    if let Some(region) = &action.region
        && region.supported.iter().any(|r| r.trim().is_empty())
    {
        report.error(
            &format!("{path}.region.supported"),
            "empty region name",
            "list region IDs such as `ap-singapore`",
        );
    }
    examples::check(action, path, types, provider, report);
}

/// Checks a list of fields: unique names, resolvable types, rules that fit.
fn check_fields(
    fields: &[FieldSpec],
    path: &str,
    types: &BTreeMap<&str, &TypeSpec>,
    documented_codes: &BTreeSet<&str>,
    provider: &ProviderSpec,
    report: &mut FileReporter<'_>,
) {
    let _ = provider;
    let mut wire_names = UniqueNames::new("field");
    let mut rust_names = UniqueNames::new("field");
    for (i, field) in fields.iter().enumerate() {
        let field_path = format!("{path}[{i}]");
        wire_names.claim(
            &field.name,
            &field.name,
            &format!("{field_path}.name"),
            report,
        );
        rust_names.claim(
            &ident::field_name(&field.name),
            &field.name,
            &format!("{field_path}.name"),
            report,
        );
        let Some(ty) = check_type(&field.ty, &format!("{field_path}.type"), types, report) else {
            continue;
        };
        if !field.known_values.is_empty() && ty != TypeExpr::String {
            report.error(
                &format!("{field_path}.known_values"),
                "`known_values` only applies to `string` fields",
                "remove it, or use a `one_of` rule to enforce values",
            );
        }
        rules::check(field, &ty, &field_path, fields, report);
        if !documented_codes.is_empty() {
            rules::check_codes(field, &field_path, documented_codes, report);
        }
    }
}

/// Parses and resolves a `type:`; reports and returns `None` when it cannot.
fn check_type(
    text: &str,
    path: &str,
    types: &BTreeMap<&str, &TypeSpec>,
    report: &mut FileReporter<'_>,
) -> Option<TypeExpr> {
    let Some(ty) = TypeExpr::parse(text) else {
        report.error(
            path,
            format!("malformed type `{text}`"),
            format!(
                "expected one of {} or a type declared under `types:`",
                TypeExpr::BUILTINS
            ),
        );
        return None;
    };
    if let TypeExpr::Named(name) = ty.innermost()
        && !types.contains_key(name.as_str())
    {
        let declared: Vec<&str> = types.keys().copied().collect();
        report.error(
            path,
            format!("unknown type `{name}`"),
            format!(
                "declare `{name}` under `types:`, or use one of {}{}{}",
                TypeExpr::BUILTINS,
                if declared.is_empty() { "" } else { ", " },
                declared.join(", ")
            ),
        );
        return None;
    }
    Some(ty)
}

fn check_error_codes(errors: &[ErrorSpec], path: &str, report: &mut FileReporter<'_>) {
    let mut codes = UniqueNames::new("error code");
    let mut variants = UniqueNames::new("error variant");
    for (i, error) in errors.iter().enumerate() {
        let code_path = format!("{path}[{i}].code");
        if error.code.is_empty()
            || !error
                .code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
        {
            report.error(
                &code_path,
                format!(
                    "error code `{}` has characters an API code never has",
                    error.code
                ),
                "copy the code exactly as the doc lists it",
            );
        }
        codes.claim(&error.code, &error.code, &code_path, report);
        variants.claim(
            &ident::type_name(&error.code),
            &error.code,
            &code_path,
            report,
        );
        if let Some(status) = error.http_status
            && !(100..=599).contains(&status)
        {
            report.error(
                &format!("{path}[{i}].http_status"),
                format!("HTTP status {status} is out of range"),
                "use the status the doc gives (100–599)",
            );
        }
    }
}

fn check_identifier(name: &str, path: &str, report: &mut FileReporter<'_>) {
    let valid = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if !valid {
        report.error(
            path,
            format!("`{name}` is not a lowercase identifier"),
            "use lowercase letters and digits only; it becomes a module and a cargo feature name",
        );
    }
}

fn is_iso_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

/// Detects names that collide, also after case conversion (`UserId` vs `UserID`).
struct UniqueNames<'a> {
    what: &'a str,
    seen: BTreeMap<String, String>,
}

impl<'a> UniqueNames<'a> {
    fn new(what: &'a str) -> Self {
        Self {
            what,
            seen: BTreeMap::new(),
        }
    }

    fn claim(&mut self, key: &str, original: &str, path: &str, report: &mut FileReporter<'_>) {
        if let Some(first) = self.seen.get(key) {
            let message = if first == original {
                format!("duplicate {} `{original}`", self.what)
            } else {
                format!(
                    "{} `{original}` collides with `{first}`: both become `{key}` in Rust",
                    self.what
                )
            };
            report.error(path, message, "rename or remove one of them");
        } else {
            self.seen.insert(key.to_owned(), original.to_owned());
        }
    }
}
