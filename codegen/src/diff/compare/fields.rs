//! Struct-level comparison: a struct's fields (paired by wire name, then as
//! renames: by Rust name, or by wire name in any case), their types, and the
//! generated Rust items a change touches.

use super::props::{FIELD, STRUCT};
use super::{Item, Recorder, Site, pair_up};
use crate::diff::change::Kind;
use crate::ident::bare;
use crate::model::{Field, Struct, Type};

impl Recorder<'_> {
    /// Compares two versions of a struct (its description aside: see `service`).
    pub(super) fn structure(&mut self, site: &Site, old: &Struct, new: &Struct) {
        self.properties(site, old, new, STRUCT);
        self.order(site, old, new);
        // `UserId` → `UserID`: the same Rust field, another wire name;
        // `Username` → `UserName`: the same name in another case, whose Rust
        // name changes too (`username` → `user_name`).
        let fields = pair_up(&old.fields, &new.fields, |f| &f.wire_name)
            .rename_by(|f| f.rust_name.as_str())
            .rename_by(|f| f.wire_name.to_lowercase());
        let at = |f: &Field| site.at(&f.wire_name).head(&f.origin);
        fields.walk(at, |at, item| match item {
            Item::Pair(old_field, new_field, renamed) => {
                if renamed {
                    let (before, after) = (&old_field.wire_name, &new_field.wire_name);
                    let at = renamed_items(at.clone(), new, old_field, new_field);
                    self.record(&at, Kind::WireNameChanged, Some(before), Some(after));
                }
                let at = at.items(field_items(old, new, Some(old_field), Some(new_field)));
                self.field(&at, old_field, new_field);
            }
            Item::Removed(gone) => {
                let at = at.items(field_items(old, new, Some(gone), None));
                self.record(&at, Kind::FieldRemoved, Some(&gone.ty.to_string()), None);
            }
            Item::Added(added) => {
                let at = at.items(field_items(old, new, None, Some(added)));
                let kind =
                    if added.is_optional() { Kind::FieldAdded } else { Kind::RequiredFieldAdded };
                self.record(&at, kind, None, Some(&added.ty.to_string()));
            }
        });
    }

    /// Fields present on both sides that changed order. For the required
    /// fields of a type callers build, that is the order of `new`'s arguments.
    fn order(&mut self, site: &Site, old: &Struct, new: &Struct) {
        let common = |from: &Struct, other: &Struct, required_only: bool| -> Vec<String> {
            from.fields
                .iter()
                .filter(|f| other.fields.iter().any(|o| o.wire_name == f.wire_name))
                .filter(|f| !required_only || !f.is_optional())
                .map(|f| f.wire_name.clone())
                .collect()
        };
        let (old_required, new_required) = (common(old, new, true), common(new, old, true));
        let required_moved = new.is_input()
            && old_required.len() == new_required.len()
            && old_required != new_required;
        let (old_all, new_all) = (common(old, new, false), common(new, old, false));
        if required_moved {
            let (before, after) = (old_required.join(", "), new_required.join(", "));
            let items = vec![format!(
                "`{0}::new({1})` → `{0}::new({2})`",
                new.rust_name,
                rust_names(old, &old_required),
                rust_names(new, &new_required)
            )];
            let site = site.clone().items(items);
            self.record(&site, Kind::RequiredFieldsReordered, Some(&before), Some(&after));
        } else if old_all != new_all {
            let (before, after) = (old_all.join(", "), new_all.join(", "));
            self.record(site, Kind::OrderChanged, Some(&before), Some(&after));
        }
    }

    fn field(&mut self, site: &Site, old: &Field, new: &Field) {
        // A type renamed (paired by its fields) is the same type on the wire.
        let old_ty = self.renamed(&old.ty);
        if old_ty != new.ty {
            let kind = match (&old_ty, &new.ty) {
                (Type::Json, _) => Kind::FieldTypeRefined,
                (_, Type::Json) => Kind::FieldTypeGeneralized,
                _ => Kind::FieldTypeChanged,
            };
            self.record(site, kind, Some(&old.ty.to_string()), Some(&new.ty.to_string()));
        }
        self.properties(site, old, new, FIELD);
        self.rules(site, &old.rules, &new.rules);
    }

    /// `ty` with the service's renamed types under their new names.
    fn renamed(&self, ty: &Type) -> Type {
        match ty {
            Type::Named(name) => {
                Type::Named(self.renames.get(name).cloned().unwrap_or_else(|| name.clone()))
            }
            Type::Array(item) => Type::Array(Box::new(self.renamed(item))),
            other => other.clone(),
        }
    }
}

/// The Rust names of the fields with these wire names, comma-separated.
fn rust_names(ty: &Struct, wire_names: &[String]) -> String {
    wire_names
        .iter()
        .filter_map(|w| ty.fields.iter().find(|f| &f.wire_name == w))
        .map(|f| f.rust_name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The field's Rust type as generated (`Option<Vec<Tag>>`).
fn rust_type(field: &Field) -> String {
    fn base(ty: &Type) -> String {
        match ty {
            Type::String => "String".to_owned(),
            Type::Integer => "i64".to_owned(),
            Type::Boolean => "bool".to_owned(),
            Type::Json => "serde_json::Value".to_owned(),
            Type::Named(name) => name.clone(),
            Type::Array(item) => format!("Vec<{}>", base(item)),
        }
    }
    if field.is_optional() { format!("Option<{}>", base(&field.ty)) } else { base(&field.ty) }
}

/// A field renamed: its Rust field and, on a type callers build, its setter,
/// renamed too unless the Rust name stayed (then the Rust items keep their shape).
fn renamed_items(site: Site, ty: &Struct, old: &Field, new: &Field) -> Site {
    let item = |name: &str| format!("`{}::{name}`", ty.rust_name);
    let site = site.renaming(item(&old.rust_name), item(&new.rust_name));
    if !ty.is_input() || !new.is_optional() || site.keeps_rust {
        return site;
    }
    let setter = |f: &Field| item(&format!("with_{}", bare(&f.rust_name)));
    let items = [site.items.clone(), vec![format!("{} → {}", setter(old), setter(new))]].concat();
    site.items(items)
}

/// The generated items a change of one field touches, for the report of a
/// major change: the field's Rust type, and `new`'s arguments of a type callers
/// build when the field joins or leaves them.
fn field_items(
    old_struct: &Struct,
    new_struct: &Struct,
    old: Option<&Field>,
    new: Option<&Field>,
) -> Vec<String> {
    let name = &new_struct.rust_name;
    let mut items = Vec::new();
    match (old, new) {
        (Some(old), Some(new)) if rust_type(old) != rust_type(new) => {
            items.push(format!(
                "`{name}::{}`: `{}` → `{}`",
                new.rust_name,
                rust_type(old),
                rust_type(new)
            ));
        }
        (Some(old), None) => {
            items.push(format!("`{name}::{}` removed", old.rust_name));
            if old_struct.is_input() && old.is_optional() {
                items.push(format!("`{name}::with_{}` removed", bare(&old.rust_name)));
            }
        }
        _ => {}
    }
    let argument = |f: Option<&Field>| f.is_some_and(|f| !f.is_optional());
    if old_struct.is_input() && new_struct.is_input() && argument(old) != argument(new) {
        let count = |s: &Struct| s.fields.iter().filter(|f| !f.is_optional()).count();
        let (before, after) = (count(old_struct), count(new_struct));
        let plural = |n: usize| if n == 1 { "argument" } else { "arguments" };
        items.push(format!("`{name}::new`: {before} → {after} {}", plural(after)));
        // The first argument of `new` ends its `Default`.
        if old_struct.derives_default() && !new_struct.derives_default() && argument(new) {
            items.push(default_removed(new_struct));
        }
    }
    items
}

/// `Default` of `ty` (as the head names it) removed.
pub(super) fn default_removed(ty: &Struct) -> String {
    format!("`{}: Default` removed", ty.rust_name)
}
