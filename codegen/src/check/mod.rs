//! Stage 2: is the spec set meaningful? Every cross-cutting rule, every problem reported.
//!
//! The checker reads the parsed specs and the `resolve` table, and only reports.
//! Once it finds nothing, `lower` may assume every reference resolves, every
//! name is unique after case conversion and every rule fits its field.
//! Each concern is a small function with its reason beside it: structure
//! here, names in `names`, rules in `rules`, examples in `examples`, what
//! text may hold in `text`, sizes and depths in `limits`.

mod examples;
mod limits;
mod names;
mod rules;
mod text;

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

use names::UniqueNames;

use crate::diagnostic::{Diagnostics, FileReporter, Reads};
use crate::load::PROVIDER_FILE;
use crate::resolve::{ActionEntry, FieldType, ProviderTable, Resolved, ServiceTable, TypeError};
use crate::spec::{
    ActionSpec, ErrorSpec, FieldSpec, Loaded, ProviderSpec, RuleSetSpec, ServiceSpec, SpecSet,
    TypeExpr, TypeSpec,
};

/// A service's table as `resolve` built it, type problems included.
type Table = ServiceTable<Result<FieldType, TypeError>>;

/// Checks a whole spec set, reporting every problem into `sink`; reads every
/// type, Rust name and direction from `resolved` (built from the same set).
pub fn check(set: &SpecSet, resolved: &Resolved, sink: &mut Diagnostics) {
    for ((folder, provider), table) in set.providers.iter().zip(resolved.providers.values()) {
        let mut report = FileReporter::new(&provider.path, &provider.locations, sink);
        text::check_file(&provider.value, &mut report);
        check_provider(folder, (provider, table), &mut report);
    }
    let mut seen_modules = BTreeMap::new();
    let files: BTreeSet<&str> = set.services.iter().map(|s| s.path.as_str()).collect();
    for (service, table) in set.services.iter().zip(&resolved.services) {
        let folder = service.path.split('/').next().unwrap_or_default();
        let provider = set.providers.get(folder).zip(resolved.providers.get(folder));
        let incomplete = provider.is_some_and(|(p, _)| !p.locations.pruned().is_empty());
        let mut report = FileReporter::new(&service.path, &service.locations, sink)
            .with_incomplete_provider(incomplete);
        text::check_file(&service.value, &mut report);
        let Some((provider, provider_names)) = provider else {
            // A provider file that exists but did not load has its own diagnostic;
            // "has no provider.yaml" would be false and bury it.
            if set.unloaded_providers.contains(folder) {
                continue;
            }
            report.error(
                "",
                format!("provider folder `{folder}` has no {PROVIDER_FILE}"),
                format!("add `{folder}/{PROVIDER_FILE}` with the provider's envelope, violation codes and common errors"),
            );
            continue;
        };
        // Two files may not generate the same Rust module. A file whose name
        // says another service or version has that reported instead: the
        // clash follows from it (most often a copy made for a new version
        // whose `version:` was not changed yet).
        let module = (folder, service.value.service.clone(), service.value.version.clone());
        let named = named_after(&service.path, &service.value);
        match seen_modules.entry(module) {
            Entry::Vacant(entry) => {
                entry.insert((&service.path, named));
            }
            Entry::Occupied(entry) => {
                let (other, other_named) = *entry.get();
                if named && other_named {
                    let spec = &service.value;
                    report.error(
                        "version",
                        format!(
                            "service `{}` at version `{}` is already defined by `{other}`",
                            spec.service, spec.version
                        ),
                        format!(
                            "keep one file per version: merge the two, or, if this file holds \
                             another version, write it in `version:` and name the file \
                             `{}-<version>.yaml`",
                            spec.service
                        ),
                    );
                }
            }
        }
        let files = (service, &files);
        check_service(files, table, (&provider.value, provider_names), &mut report);
    }
}

fn check_provider(
    folder: &str,
    (provider, table): (&Loaded<ProviderSpec>, &ProviderTable),
    report: &mut FileReporter<'_>,
) {
    let spec = &provider.value;
    if spec.provider != folder {
        report.error(
            "provider",
            format!("provider `{}` does not match its folder `{folder}`", spec.provider),
            format!("write `provider: {folder}` or move the file"),
        );
    }
    names::identifier(&spec.provider, &table.module, "provider", report);
    names::feature_name(&spec.provider, "provider", report);
    check_error_codes((&spec.common_errors, &table.common_errors), "common_errors", report);
    // A violation's code must be one a caller can match on in the error enum.
    let codes: BTreeSet<&str> = spec.common_errors.iter().map(|e| e.code.as_str()).collect();
    for (key, code) in
        [("missing", &spec.violation_codes.missing), ("invalid", &spec.violation_codes.invalid)]
    {
        if !codes.contains(code.as_str()) {
            report.error_reading(
                &format!("violation_codes.{key}"),
                &[Reads::Path("common_errors")],
                format!("violation code `{code}` is not among `common_errors`"),
                "add it to `common_errors` with its description",
            );
        }
    }
}

fn check_service(
    (loaded, files): (&Loaded<ServiceSpec>, &BTreeSet<&str>),
    table: &Table,
    (provider, provider_names): (&ProviderSpec, &ProviderTable),
    report: &mut FileReporter<'_>,
) {
    let spec = &loaded.value;
    if !named_after(&loaded.path, spec) {
        let folder = loaded.path.rsplit_once('/').map_or("", |(folder, _)| folder);
        let taken = |name: &str| files.contains(format!("{folder}/{name}").as_str());
        file_name_mismatch(stem(&loaded.path), spec, &taken, report);
    }
    names::identifier(&spec.service, &table.module, "service", report);
    names::feature_name(&format!("{}-{}", provider.provider, spec.service), "service", report);
    if !is_iso_date(&spec.version) {
        report.error(
            "version",
            format!("version `{}` is not a date `YYYY-MM-DD`", spec.version),
            "write the API version as the doc gives it, e.g. `2019-01-16`",
        );
    }

    let mut type_names = UniqueNames::default();
    for (i, (ty, entry)) in spec.types.iter().zip(&table.types).enumerate() {
        let path = format!("types[{i}]");
        names::type_name((&ty.name, &entry.rust_name), "type", &format!("{path}.name"), report);
        type_names.claim(
            &entry.rust_name,
            &format!("type `{}`", ty.name),
            &format!("{path}.name"),
            report,
        );
        let fields = (ty.fields.as_slice(), entry.fields.as_slice(), entry.field_names.as_slice());
        check_fields(fields, &format!("{path}.fields"), table, &spec.rule_sets, report);
    }
    rules::check_sets(&spec.rule_sets, &used_rule_sets(spec), report);
    check_type_rule_codes(spec, table, provider, report);
    check_recursion(&spec.types, table, report);
    limits::type_chain(&spec.types, table, report);

    let mut action_names = UniqueNames::default();
    for (i, (action, entry)) in spec.actions.iter().zip(&table.actions).enumerate() {
        let path = format!("actions[{i}]");
        let name = (action.name.as_str(), entry.names.operation.as_str());
        names::type_name(name, "action", &format!("{path}.name"), report);
        let unique = action_names.claim(
            &entry.names.operation,
            &format!("action `{}`", action.name),
            &format!("{path}.name"),
            report,
        );
        if unique {
            for (item, what) in entry.names.items() {
                let claimant = format!("the {what} generated for action `{}`", action.name);
                type_names.claim(item, &claimant, &format!("{path}.name"), report);
            }
        }
        let errors = (action.errors.as_slice(), entry.errors.as_slice());
        check_error_codes(errors, &format!("{path}.errors"), report);
        let common = (provider, provider_names.common_errors.as_slice());
        check_against_common_errors(errors, &format!("{path}.errors"), common, report);
        check_action(action, entry, &path, (&spec.types, table), &spec.rule_sets, provider, report);
    }
}

/// The file name of a spec without `.yaml`.
fn stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or_default();
    name.strip_suffix(".yaml").unwrap_or(name)
}

/// Whether a service file is named after what it holds: `<service>.yaml`, or
/// `<service>-<version>.yaml` when several versions live side by side.
fn named_after(path: &str, spec: &ServiceSpec) -> bool {
    let stem = stem(path);
    stem == spec.service || stem == format!("{}-{}", spec.service, spec.version)
}

/// A file stem read as `<service>-<version>` when it ends in a date:
/// `cam-2019-01-16` → (`cam`, `2019-01-16`); `cam` → (`cam`, none).
fn split_stem(stem: &str) -> (&str, Option<&str>) {
    let Some(at) = stem.len().checked_sub(11) else { return (stem, None) };
    match (stem.get(..at), stem.get(at..)) {
        (Some(service), Some(rest)) => match rest.strip_prefix('-') {
            Some(version) if is_iso_date(version) => (service, Some(version)),
            _ => (stem, None),
        },
        _ => (stem, None),
    }
}

/// Reports a service file whose name says another service or version than
/// it holds, with the edit that makes them agree. A name ending in a date
/// names a version: with the right service, the file is a copy for that
/// version (specs/README.md, a new API version is a second file), and its
/// `version:` is what is wrong.
///
/// `taken` tells whether a file name is used by another file of the folder,
/// which is then not suggested.
fn file_name_mismatch(
    stem: &str,
    spec: &ServiceSpec,
    taken: &dyn Fn(&str) -> bool,
    report: &mut FileReporter<'_>,
) {
    let versioned = format!("{}-{}.yaml", spec.service, spec.version);
    let (named_service, named_version) = split_stem(stem);
    if let Some(version) = named_version
        && named_service == spec.service
    {
        let write = format!("write `version: \"{version}\"`");
        report.error(
            "version",
            format!(
                "version `{}` does not match the file name `{stem}.yaml`, which names version `{version}`",
                spec.version
            ),
            if taken(&versioned) {
                format!("{write}, the version the file name gives (`{versioned}` is another file)")
            } else {
                format!("{write} if the file holds that version, or name the file `{versioned}`")
            },
        );
        return;
    }
    let mut fixes = Vec::new();
    // Only a name the checker accepts is suggested.
    if names::is_lowercase_identifier(named_service) {
        fixes.push(match named_version {
            Some(version) if version != spec.version => {
                format!("write `service: {named_service}` and `version: \"{version}\"`")
            }
            _ => format!("write `service: {named_service}`"),
        });
    }
    let names: Vec<String> = [format!("{}.yaml", spec.service), versioned]
        .into_iter()
        .filter(|name| !taken(name))
        .map(|name| format!("`{name}`"))
        .collect();
    match names.as_slice() {
        [] => {}
        [one] => fixes.push(format!("name the file {one}")),
        [plain, versioned, ..] => fixes.push(format!("name the file {plain} (or {versioned})")),
    }
    if fixes.is_empty() {
        fixes.push("name the file after the service (specs/README.md, service files)".to_owned());
    }
    report.error(
        "service",
        format!("service `{}` does not match its file name `{stem}.yaml`", spec.service),
        fixes.join(" or "),
    );
}

/// Names of the rule sets some field of the service uses.
fn used_rule_sets(spec: &ServiceSpec) -> BTreeSet<&str> {
    let type_fields = spec.types.iter().flat_map(|t| &t.fields);
    let action_fields = spec.actions.iter().flat_map(|a| a.request.iter().chain(&a.response));
    type_fields
        .chain(action_fields)
        .flat_map(|f| &f.rules)
        .filter_map(|r| r.use_set.as_deref())
        .collect()
}

fn check_action(
    action: &ActionSpec,
    entry: &ActionEntry<Result<FieldType, TypeError>>,
    path: &str,
    (types, table): (&[TypeSpec], &Table),
    sets: &[RuleSetSpec],
    provider: &ProviderSpec,
    report: &mut FileReporter<'_>,
) {
    check_envelope_keys(action, path, provider, report);
    let mut example_names = UniqueNames::default();
    for (i, example) in action.examples.iter().enumerate() {
        let claimant = format!("example `{}`", example.name);
        example_names.claim(
            &example.name,
            &claimant,
            &format!("{path}.examples[{i}].name"),
            report,
        );
    }
    let documented: BTreeSet<&str> =
        action.errors.iter().chain(&provider.common_errors).map(|e| e.code.as_str()).collect();
    for (part, fields, resolved, rust_names) in [
        ("request", &action.request, &entry.request, &entry.request_names),
        ("response", &action.response, &entry.response, &entry.response_names),
    ] {
        let fields_path = format!("{path}.{part}");
        check_fields((fields, resolved, rust_names), &fields_path, table, sets, report);
        let errors_path = format!("{path}.errors");
        let reads = [Reads::Path(&errors_path), Reads::Provider];
        for (i, field) in fields.iter().enumerate() {
            rules::check_codes(
                field,
                &format!("{fields_path}[{i}]"),
                (&documented, &reads),
                &action.name,
                sets,
                report,
            );
        }
    }
    if let Some(region) = &action.region {
        for (i, name) in region.supported.iter().enumerate() {
            if name.trim().is_empty() {
                report.error(
                    &format!("{path}.region.supported[{i}]"),
                    "empty region name",
                    "list region IDs such as `ap-singapore`",
                );
            }
        }
    }
    examples::check(action, entry, path, (types, table), sets, provider, report);
}

/// Where errors sit at the top level of a body (Alibaba Cloud), a response
/// field named like the error code key would make every success look like an error.
fn check_envelope_keys(
    action: &ActionSpec,
    path: &str,
    provider: &ProviderSpec,
    report: &mut FileReporter<'_>,
) {
    if provider.envelope.error_object.is_some() {
        return;
    }
    for (i, field) in action.response.iter().enumerate() {
        if field.name == provider.envelope.code {
            report.error_reading(
                &format!("{path}.response[{i}].name"),
                &[Reads::Provider],
                format!(
                    "response field `{}` is the key provider `{}` keeps error codes in",
                    field.name, provider.provider
                ),
                "check the doc: with a flat envelope a success body cannot carry this key",
            );
        }
    }
}

/// A type may not contain itself except through an array: `Vec<T>` has a
/// size, a struct holding itself directly (or through `Option`) has none.
/// The diagnostic names the fields that close the cycle (`Peer.Next → Peer`),
/// the shortest one, so the author sees which field to make an array.
///
/// Linear in a file without cycles (types that reach no cycle are peeled off
/// first), and a breadth-first search per type left: a hostile file of
/// thousands of chained types costs one pass, not one search per type.
fn check_recursion(types: &[TypeSpec], table: &Table, report: &mut FileReporter<'_>) {
    let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, ty) in types.iter().enumerate() {
        by_name.entry(ty.name.as_str()).or_default().push(i);
    }
    // Each type's fields holding a named type directly: (field name, held type's index).
    let held: Vec<Vec<(&str, usize)>> = (0..types.len())
        .map(|i| {
            let fields = table.types.get(i).map_or(&[][..], |t| &t.fields);
            let specs = types.get(i).map_or(&[][..], |t| &t.fields);
            fields
                .iter()
                .zip(specs)
                .filter_map(|(resolved, spec)| match &resolved.as_ref().ok()?.expr {
                    TypeExpr::Named(name) => {
                        Some((spec.name.as_str(), by_name.get(name.as_str())?))
                    }
                    _ => None,
                })
                .flat_map(|(field, targets)| targets.iter().map(move |&j| (field, j)))
                .collect()
        })
        .collect();
    let on_some_cycle = reaching_a_cycle(&held);
    for (i, ty) in types.iter().enumerate().filter(|(i, _)| on_some_cycle[*i]) {
        let Some(steps) = shortest_cycle(i, &held, &on_some_cycle) else { continue };
        let holder = |at: usize| types.get(at).map_or("", |t| t.name.as_str());
        let mut shown: Vec<String> =
            steps.iter().map(|&(at, field)| format!("{}.{field}", holder(at))).collect();
        // A cycle through thousands of types is named by its ends.
        if shown.len() > CYCLE_SHOWN {
            let hidden = shown.len() - CYCLE_SHOWN;
            shown.splice(
                CYCLE_SHOWN / 2..shown.len() - CYCLE_SHOWN / 2,
                [format!("… {hidden} more …")],
            );
        }
        let fields = match shown.as_slice() {
            [field] => format!("`{field}`"),
            _ => "one of these fields".to_owned(),
        };
        report.error(
            &format!("types[{i}].name"),
            format!("type `{}` contains itself: `{} → {}`", ty.name, shown.join(" → "), ty.name),
            format!(
                "make {fields} an `array<…>` of its type, as the doc's JSON must allow it to end"
            ),
        );
    }
}

/// How many fields of a cycle a diagnostic names, at most.
const CYCLE_SHOWN: usize = 8;

/// Which types reach a cycle (and so may lie on one): the others are peeled
/// off, last holders first, as a topological sort would.
fn reaching_a_cycle(held: &[Vec<(&str, usize)>]) -> Vec<bool> {
    let mut holders: Vec<Vec<usize>> = vec![Vec::new(); held.len()];
    let mut left: Vec<usize> = held.iter().map(Vec::len).collect();
    for (i, fields) in held.iter().enumerate() {
        for &(_, j) in fields {
            if let Some(list) = holders.get_mut(j) {
                list.push(i);
            }
        }
    }
    let mut reaching = vec![true; held.len()];
    let mut done: Vec<usize> = (0..held.len()).filter(|&i| left[i] == 0).collect();
    while let Some(j) = done.pop() {
        reaching[j] = false;
        for &i in holders.get(j).map_or(&[][..], Vec::as_slice) {
            left[i] -= 1;
            if left[i] == 0 {
                done.push(i);
            }
        }
    }
    reaching
}

/// The fields of a shortest cycle from `start` back to it, as (holder, field)
/// steps, searching only types that reach a cycle.
fn shortest_cycle<'a>(
    start: usize,
    held: &[Vec<(&'a str, usize)>],
    searched: &[bool],
) -> Option<Vec<(usize, &'a str)>> {
    // Each type reached, with the step it was first reached by.
    let mut came_from: Vec<Option<(usize, &str)>> = vec![None; held.len()];
    let mut pending = std::collections::VecDeque::from([start]);
    while let Some(at) = pending.pop_front() {
        for &(field, next) in held.get(at).map_or(&[][..], Vec::as_slice) {
            if next == start {
                let mut steps = vec![(at, field)];
                let mut back = at;
                while back != start {
                    let (from, field) = came_from.get(back).copied().flatten()?;
                    steps.push((from, field));
                    back = from;
                }
                steps.reverse();
                return Some(steps);
            }
            if searched.get(next) == Some(&true) && came_from.get(next) == Some(&None) {
                came_from[next] = Some((at, field));
                pending.push_back(next);
            }
        }
    }
    None
}

/// A rule inside a named type answers with its code in every action that
/// uses the type, so each of those actions must document the code.
fn check_type_rule_codes(
    spec: &ServiceSpec,
    table: &Table,
    provider: &ProviderSpec,
    report: &mut FileReporter<'_>,
) {
    for (a, (action, entry)) in spec.actions.iter().zip(&table.actions).enumerate() {
        let documented: BTreeSet<&str> =
            action.errors.iter().chain(&provider.common_errors).map(|e| e.code.as_str()).collect();
        let errors_path = format!("actions[{a}].errors");
        let reads = [Reads::Path(&errors_path), Reads::Provider];
        let used = &entry.uses;
        for (i, ty) in spec.types.iter().enumerate().filter(|(_, t)| used.contains(&t.name)) {
            for (j, field) in ty.fields.iter().enumerate() {
                let path = format!("types[{i}].fields[{j}]");
                rules::check_codes(
                    field,
                    &path,
                    (&documented, &reads),
                    &action.name,
                    &spec.rule_sets,
                    report,
                );
            }
        }
    }
}

/// An action's codes join the provider's common codes in one enum. An action
/// may list a common code again (its page's wording then wins for it), but no
/// other code may share a common code's variant name.
fn check_against_common_errors(
    (errors, variants): (&[ErrorSpec], &[String]),
    path: &str,
    (provider, common_variants): (&ProviderSpec, &[String]),
    report: &mut FileReporter<'_>,
) {
    for (i, (error, variant)) in errors.iter().zip(variants).enumerate() {
        if !names::is_rust_identifier(variant) {
            continue; // reported by `check_error_codes`: no variant, so nothing to clash
        }
        let clash = provider
            .common_errors
            .iter()
            .zip(common_variants)
            .find(|(c, v)| c.code != error.code && *v == variant);
        if let Some((common, _)) = clash {
            report.error(
                &format!("{path}[{i}].code"),
                format!("error code `{}` collides with the common code `{}`: both are `{variant}` in Rust", error.code, common.code),
                "check the spelling against the doc; two codes cannot share a variant",
            );
        }
    }
}

/// Checks a list of fields: names, resolvable types, rules that fit.
fn check_fields(
    (fields, resolved, field_names): (&[FieldSpec], &[Result<FieldType, TypeError>], &[String]),
    path: &str,
    table: &Table,
    sets: &[RuleSetSpec],
    report: &mut FileReporter<'_>,
) {
    limits::field_count(fields.len(), path, report);
    let mut wire_names = UniqueNames::default();
    let mut rust_names = UniqueNames::default();
    for (i, field) in fields.iter().enumerate() {
        let field_path = format!("{path}[{i}]");
        let name_path = format!("{field_path}.name");
        let rust_name = field_names.get(i).map_or("", String::as_str);
        let named = names::field_name(&field.name, rust_name, &name_path, report);
        let claimant = format!("field `{}`", field.name);
        // A field without a usable Rust name has no Rust name to clash over.
        if wire_names.claim(&field.name, &claimant, &name_path, report) && named {
            rust_names.claim(rust_name, &claimant, &name_path, report);
        }
        let Some(resolved) = resolved.get(i) else { continue };
        let type_path = format!("{field_path}.type");
        let Some(ty) = check_type(resolved, &field.ty, &type_path, table, report) else {
            continue;
        };
        if !field.known_values.is_empty() && *ty != TypeExpr::String {
            report.error(
                &format!("{field_path}.known_values"),
                "`known_values` only applies to `string` fields",
                "remove it, or use a `one_of` rule to enforce values",
            );
        }
        rules::check(field, ty, &field_path, fields, sets, report);
    }
}

/// Reports why a `type:` did not resolve; returns the type when it did.
fn check_type<'a>(
    resolved: &'a Result<FieldType, TypeError>,
    text: &str,
    path: &str,
    table: &Table,
    report: &mut FileReporter<'_>,
) -> Option<&'a TypeExpr> {
    match resolved {
        Ok(ty) => Some(&ty.expr),
        Err(TypeError::TooDeep) => {
            limits::array_nesting(text, path, report);
            None
        }
        Err(TypeError::Malformed) => {
            report.error(
                path,
                format!("malformed type {text:?}"),
                format!("expected one of {} or a type declared under `types:`", TypeExpr::BUILTINS),
            );
            None
        }
        Err(TypeError::Unknown(name)) => {
            let declared: Vec<&str> = table.declared().collect();
            let choices = if declared.is_empty() {
                TypeExpr::BUILTINS.to_owned()
            } else {
                format!("{}, {}", TypeExpr::BUILTINS, declared.join(", "))
            };
            report.error_reading(
                path,
                &[Reads::Path("types")],
                format!("unknown type `{name}`"),
                format!("declare `{name}` under `types:`, or use one of {choices}"),
            );
            None
        }
    }
}

fn check_error_codes(
    (errors, variant_names): (&[ErrorSpec], &[String]),
    path: &str,
    report: &mut FileReporter<'_>,
) {
    let mut codes = UniqueNames::default();
    let mut variants = UniqueNames::default();
    for (i, (error, variant)) in errors.iter().zip(variant_names).enumerate() {
        let code_path = format!("{path}[{i}].code");
        let mut has_variant = true;
        if error.code.is_empty() {
            report.error(
                &code_path,
                "empty error code",
                "copy the code exactly as the doc lists it",
            );
        } else if !error.code.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_') {
            report.error(
                &code_path,
                format!("error code `{}` has characters an API code never has", error.code),
                "copy the code exactly as the doc lists it (letters, digits, `.` and `_`)",
            );
        } else {
            has_variant = names::variant_name(&error.code, variant, &code_path, report);
        }
        if variant == "Unknown" {
            report.error(
                &code_path,
                format!("error code `{}` would be the variant `Unknown`, which keeps undocumented codes", error.code),
                "the generator cannot emit this code yet; report it",
            );
        }
        let claimant = format!("`{}`", error.code);
        if codes.claim(&error.code, &claimant, &code_path, report) && has_variant {
            variants.claim(variant, &claimant, &code_path, report);
        }
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

fn is_iso_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_types_that_reach_a_cycle_are_searched() {
        // 0 → 1 → 2 (a chain), 3 → 4 → 3 (a ring), 5 → 3 (into the ring).
        let held: Vec<Vec<(&str, usize)>> = vec![
            vec![("A", 1)],
            vec![("B", 2)],
            vec![],
            vec![("C", 4)],
            vec![("D", 3)],
            vec![("E", 3)],
        ];
        assert_eq!(reaching_a_cycle(&held), [false, false, false, true, true, true]);
        assert_eq!(
            shortest_cycle(3, &held, &reaching_a_cycle(&held)),
            Some(vec![(3, "C"), (4, "D")])
        );
        assert_eq!(shortest_cycle(5, &held, &reaching_a_cycle(&held)), None);
    }

    #[test]
    fn the_shortest_cycle_is_named() {
        // 0 → 1 → 2 → 0 and 0 → 0 through another field: the field itself.
        let held: Vec<Vec<(&str, usize)>> =
            vec![vec![("Long", 1), ("Own", 0)], vec![("B", 2)], vec![("C", 0)]];
        assert_eq!(shortest_cycle(0, &held, &[true; 3]), Some(vec![(0, "Own")]));
        assert_eq!(
            shortest_cycle(1, &held, &[true; 3]),
            Some(vec![(1, "B"), (2, "C"), (0, "Long")])
        );
    }
}
