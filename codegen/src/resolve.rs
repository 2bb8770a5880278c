//! Stage 1½: the table every later stage reads, built once after loading.
//!
//! This module owns three facts about a spec set, so no other module derives
//! them again:
//!
//! - **Every `type:` string, parsed once** ([`TypeExpr::parse`] is called here
//!   and nowhere else), with its declared name resolved; a type that does not
//!   parse or names no declared type is a [`TypeError`], which `check` reports.
//! - **Every generated Rust item, named once**: a provider's and a service's
//!   module, a service's version module, a declared type's Rust name, each
//!   field's Rust name, each error code's enum variant (an action's own codes
//!   and the provider's common ones), and the four items of an action
//!   ([`ActionNames::of`] is the one place that knows the
//!   `Request`/`Response`/`Error` suffixes). `check` tests these names (valid,
//!   unique, not reserved) and `lower` copies them into the model; neither
//!   calls `ident` to name anything.
//! - **Every named type's direction** (request, response, both, unused), from
//!   one walk of the type graph per action, which also gives the types each
//!   action uses.
//!
//! The table comes in two states: [`Resolved`] holds a `Result` per field type
//! (what `check` reads and reports from), and [`Checked`], built by
//! [`Resolved::into_checked`] only when no field type has a problem, holds the
//! types themselves. `lower` takes a [`Checked`], so it cannot meet a type it
//! cannot lower: it trusts `check` by construction.

use std::collections::{BTreeMap, BTreeSet};

use crate::ident;
use crate::model::{Direction, Type};
use crate::spec::{
    ActionSpec, ErrorSpec, FieldSpec, ProviderSpec, ServiceSpec, SpecSet, TypeExpr, TypeSpec,
};

/// Why a field's `type:` does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeError {
    /// More `array<` than [`crate::limits::ARRAY_NESTING`] allows; not parsed at all.
    TooDeep,
    /// Not a type expression.
    Malformed,
    /// Names a type the service does not declare.
    Unknown(String),
}

/// A field's type, resolved: as the spec writes it (spec names, for
/// diagnostics and for finding the declared type) and as the model holds it
/// (Rust names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldType {
    /// The parsed spec type.
    pub expr: TypeExpr,
    /// The model type: named types by their Rust name.
    pub rust: Type,
}

/// The Rust items generated for one action, named by one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionNames {
    /// The operation type (`UpdateUser`), also the prefix of the others.
    pub operation: String,
    /// The request struct (`UpdateUserRequest`).
    pub request: String,
    /// The response struct (`UpdateUserResponse`).
    pub response: String,
    /// The error enum (`UpdateUserError`).
    pub error: String,
}

impl ActionNames {
    /// The naming rule: the action's wire name in UpperCamelCase, and that
    /// with `Request`, `Response` and `Error` appended.
    pub fn of(wire_name: &str) -> Self {
        let operation = ident::type_name(wire_name);
        Self {
            request: format!("{operation}Request"),
            response: format!("{operation}Response"),
            error: format!("{operation}Error"),
            operation,
        }
    }

    /// Each item with what it is, in the order a diagnostic lists them.
    pub fn items(&self) -> [(&str, &'static str); 4] {
        [
            (&self.operation, "operation type"),
            (&self.request, "request type"),
            (&self.response, "response type"),
            (&self.error, "error enum"),
        ]
    }
}

/// A declared type of a service, resolved.
#[derive(Debug, Clone)]
pub struct TypeEntry<T> {
    /// Its Rust name.
    pub rust_name: String,
    /// The type of each field, in doc order (parallel to the spec's fields).
    pub fields: Vec<T>,
    /// The Rust name of each field (parallel to the spec's fields).
    pub field_names: Vec<String>,
    /// Which way it travels, over all actions of the service.
    pub direction: Direction,
}

/// An action of a service, resolved.
#[derive(Debug, Clone)]
pub struct ActionEntry<T> {
    /// Its Rust items.
    pub names: ActionNames,
    /// The type of each request field (parallel to the spec's request).
    pub request: Vec<T>,
    /// The Rust name of each request field (parallel to the spec's request).
    pub request_names: Vec<String>,
    /// The type of each response field (parallel to the spec's response).
    pub response: Vec<T>,
    /// The Rust name of each response field (parallel to the spec's response).
    pub response_names: Vec<String>,
    /// The enum variant of each of its own error codes (parallel to the spec's errors).
    pub errors: Vec<String>,
    /// Spec names of the declared types its request or response holds, at any depth.
    pub uses: BTreeSet<String>,
}

/// One provider file, resolved.
#[derive(Debug, Clone)]
pub struct ProviderTable {
    /// The module (and cargo feature) the provider becomes.
    pub module: String,
    /// The enum variant of each common error code (parallel to the spec's `common_errors`).
    pub common_errors: Vec<String>,
}

/// One service file, resolved (parallel to the spec's `types` and `actions`).
#[derive(Debug, Clone)]
pub struct ServiceTable<T> {
    /// The module the service becomes.
    pub module: String,
    /// The module of its version (`v20190116`).
    pub version_module: String,
    /// Its declared types, in doc order.
    pub types: Vec<TypeEntry<T>>,
    /// Its actions, in doc order.
    pub actions: Vec<ActionEntry<T>>,
    /// Index of each declared type by spec name (the first, if a name repeats).
    index: BTreeMap<String, usize>,
}

impl<T> ServiceTable<T> {
    /// The index of the declared type `name` (a spec name).
    pub fn type_index(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// The spec names of the declared types, sorted, each once.
    pub fn declared(&self) -> impl Iterator<Item = &str> {
        self.index.keys().map(String::as_str)
    }

    fn try_map<U>(self, f: &mut impl FnMut(T) -> Option<U>) -> Option<ServiceTable<U>> {
        let mut all = |fields: Vec<T>| fields.into_iter().map(&mut *f).collect::<Option<Vec<U>>>();
        let mut types = Vec::with_capacity(self.types.len());
        for t in self.types {
            types.push(TypeEntry {
                rust_name: t.rust_name,
                fields: all(t.fields)?,
                field_names: t.field_names,
                direction: t.direction,
            });
        }
        let mut actions = Vec::with_capacity(self.actions.len());
        for a in self.actions {
            actions.push(ActionEntry {
                names: a.names,
                request: all(a.request)?,
                request_names: a.request_names,
                response: all(a.response)?,
                response_names: a.response_names,
                errors: a.errors,
                uses: a.uses,
            });
        }
        Some(ServiceTable {
            module: self.module,
            version_module: self.version_module,
            types,
            actions,
            index: self.index,
        })
    }
}

/// Every service of a spec set with each field type as parsed, problems included.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// By provider name: the same keys as [`SpecSet::providers`], so the two zip.
    pub providers: BTreeMap<String, ProviderTable>,
    /// Parallel to [`SpecSet::services`].
    pub services: Vec<ServiceTable<Result<FieldType, TypeError>>>,
}

/// Every service of a spec set whose field types all resolved: what `lower` reads.
#[derive(Debug, Clone)]
pub struct Checked {
    /// By provider name: the same keys as [`SpecSet::providers`], so the two zip.
    pub providers: BTreeMap<String, ProviderTable>,
    /// Parallel to [`SpecSet::services`].
    pub services: Vec<ServiceTable<FieldType>>,
}

impl Resolved {
    /// The table without problems, or `None` when any field type has one
    /// (which `check` has then reported).
    pub fn into_checked(self) -> Option<Checked> {
        let mut ok = |t: Result<FieldType, TypeError>| t.ok();
        let services =
            self.services.into_iter().map(|s| s.try_map(&mut ok)).collect::<Option<Vec<_>>>()?;
        Some(Checked { providers: self.providers, services })
    }
}

/// Resolves every service of `set`.
pub fn resolve(set: &SpecSet) -> Resolved {
    Resolved {
        providers: set.providers.iter().map(|(k, p)| (k.clone(), provider(&p.value))).collect(),
        services: set.services.iter().map(|s| service(&s.value)).collect(),
    }
}

fn provider(spec: &ProviderSpec) -> ProviderTable {
    ProviderTable {
        module: ident::field_name(&spec.provider),
        common_errors: variants(&spec.common_errors),
    }
}

fn service(spec: &ServiceSpec) -> ServiceTable<Result<FieldType, TypeError>> {
    table((&spec.service, &spec.version), &spec.types, &spec.actions)
}

/// The enum variant of each error code.
fn variants(errors: &[ErrorSpec]) -> Vec<String> {
    errors.iter().map(|e| ident::type_name(&e.code)).collect()
}

/// The Rust name of each field.
fn field_names(fields: &[FieldSpec]) -> Vec<String> {
    fields.iter().map(|f| ident::field_name(&f.name)).collect()
}

/// The table of a service (`service`, `version`) with these declared types and actions.
pub(crate) fn table(
    (service, version): (&str, &str),
    declared: &[TypeSpec],
    spec_actions: &[ActionSpec],
) -> ServiceTable<Result<FieldType, TypeError>> {
    let mut index = BTreeMap::new();
    for (i, ty) in declared.iter().enumerate() {
        index.entry(ty.name.clone()).or_insert(i);
    }
    let rust_names: Vec<String> = declared.iter().map(|t| ident::type_name(&t.name)).collect();
    let field_types = |fields: &[FieldSpec]| -> Vec<Result<FieldType, TypeError>> {
        fields.iter().map(|f| field_type(&f.ty, &rust_names, &index)).collect()
    };
    let types: Vec<_> = declared.iter().map(|t| field_types(&t.fields)).collect();
    // One walk per action over the resolved types gives what the action uses
    // and, summed over actions, each type's direction.
    let held = |at: &[Result<FieldType, TypeError>]| -> Vec<usize> {
        at.iter()
            .filter_map(|t| match t.as_ref().ok()?.expr.innermost() {
                TypeExpr::Named(name) => index.get(name).copied(),
                _ => None,
            })
            .collect()
    };
    let reach = |roots: Vec<usize>| -> BTreeSet<usize> {
        let mut seen = BTreeSet::new();
        let mut pending = roots;
        while let Some(i) = pending.pop() {
            if seen.insert(i) {
                pending.extend(types.get(i).map(|fields| held(fields)).unwrap_or_default());
            }
        }
        seen
    };
    let mut requested = BTreeSet::new();
    let mut responded = BTreeSet::new();
    let actions: Vec<_> = spec_actions
        .iter()
        .map(|a| {
            let request = field_types(&a.request);
            let response = field_types(&a.response);
            let sent = reach(held(&request));
            let read = reach(held(&response));
            let uses =
                sent.union(&read).filter_map(|&i| Some(declared.get(i)?.name.clone())).collect();
            requested.extend(sent);
            responded.extend(read);
            ActionEntry {
                names: ActionNames::of(&a.name),
                request,
                request_names: field_names(&a.request),
                response,
                response_names: field_names(&a.response),
                errors: variants(&a.errors),
                uses,
            }
        })
        .collect();
    let types = rust_names
        .into_iter()
        .zip(types)
        .zip(declared)
        .enumerate()
        .map(|(i, ((rust_name, fields), spec))| TypeEntry {
            rust_name,
            fields,
            field_names: field_names(&spec.fields),
            direction: Direction::of(requested.contains(&i), responded.contains(&i)),
        })
        .collect();
    ServiceTable {
        module: ident::field_name(service),
        version_module: ident::version_module(version),
        types,
        actions,
        index,
    }
}

/// The one parse of a `type:` string, and the one resolution of the name it holds.
fn field_type(
    text: &str,
    rust_names: &[String],
    index: &BTreeMap<String, usize>,
) -> Result<FieldType, TypeError> {
    if TypeExpr::array_depth(text) > crate::limits::ARRAY_NESTING {
        return Err(TypeError::TooDeep);
    }
    let expr = TypeExpr::parse(text).ok_or(TypeError::Malformed)?;
    let rust = rust_type(&expr, rust_names, index)?;
    Ok(FieldType { expr, rust })
}

fn rust_type(
    expr: &TypeExpr,
    rust_names: &[String],
    index: &BTreeMap<String, usize>,
) -> Result<Type, TypeError> {
    Ok(match expr {
        TypeExpr::String => Type::String,
        TypeExpr::Integer => Type::Integer,
        TypeExpr::Boolean => Type::Boolean,
        TypeExpr::Json => Type::Json,
        TypeExpr::Named(name) => match index.get(name).and_then(|&i| rust_names.get(i)) {
            Some(rust_name) => Type::Named(rust_name.clone()),
            None => return Err(TypeError::Unknown(name.clone())),
        },
        TypeExpr::Array(item) => Type::Array(Box::new(rust_type(item, rust_names, index)?)),
    })
}
