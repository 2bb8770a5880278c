//! Names: identifiers that become modules and features, and Rust names that
//! must exist and stay unique after case conversion. The Rust names are the
//! ones `resolve` gave; this module only tests them.
//!
//! A type may take any name, `Option` or `Into` included: generated code
//! reaches the standard items it uses as `rt::Option`, `rt::Into`… (see
//! `emit`), and no spec name can become `rt`.

use std::collections::BTreeMap;

use crate::diagnostic::FileReporter;
use crate::files::RESERVED_FEATURES;
use crate::ident;

/// Checks a provider or service identifier: it becomes a module and a cargo
/// feature, so `module` (the Rust name `resolve` gave it) must be the name itself.
pub(super) fn identifier(name: &str, module: &str, path: &str, report: &mut FileReporter<'_>) {
    if !is_lowercase_identifier(name) {
        report.error(
            path,
            format!("`{name}` is not a lowercase identifier"),
            "use lowercase letters and digits only; it becomes a module and a cargo feature name",
        );
    } else if module != name {
        report.error(
            path,
            format!("`{name}` is a Rust keyword"),
            "choose another name; it becomes a module name",
        );
    }
}

/// Whether `name` may name a provider or service: a lowercase letter, then
/// lowercase letters and digits.
pub(super) fn is_lowercase_identifier(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

/// Checks that the cargo feature a provider or service becomes (`<provider>`,
/// `<provider>-<service>`) is not one the crate's manifest keeps for itself.
pub(super) fn feature_name(feature: &str, path: &str, report: &mut FileReporter<'_>) {
    if RESERVED_FEATURES.contains(&feature) {
        report.error(
            path,
            format!("the cargo feature `{feature}` is reserved"),
            format!(
                "choose another name; the features {} belong to the crate's manifest",
                RESERVED_FEATURES.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ")
            ),
        );
    }
}

/// Checks that a spec name yields a Rust type name (`rust_name`) that generated code can use.
pub(super) fn type_name(
    (name, rust_name): (&str, &str),
    what: &str,
    path: &str,
    report: &mut FileReporter<'_>,
) {
    if !ident::has_rust_name(name) {
        report.error(
            path,
            format!("{what} name `{name}` has no letter or digit to make a Rust name from"),
            "use the name the doc gives",
        );
    } else if !is_rust_identifier(rust_name) {
        report.error(
            path,
            format!("{what} name `{name}` gives `{rust_name}`, which is not a Rust identifier"),
            "use ASCII letters, digits and `_` (as the doc's name surely does)",
        );
    }
}

/// Checks that an error code yields an enum variant: casing drops `.` and `_`,
/// so a code made of them alone (`.`, `_`) would be an empty identifier.
/// Returns whether the code has a variant.
pub(super) fn variant_name(
    code: &str,
    variant: &str,
    path: &str,
    report: &mut FileReporter<'_>,
) -> bool {
    let usable = is_rust_identifier(variant);
    if !usable {
        report.error(
            path,
            format!("error code `{code}` has no letter or digit to make an enum variant from"),
            "copy the code exactly as the doc lists it; an API code has letters or digits",
        );
    }
    usable
}

/// Checks that a wire name yields a Rust field name (`rust_name`); returns
/// whether it does.
pub(super) fn field_name(
    name: &str,
    rust_name: &str,
    path: &str,
    report: &mut FileReporter<'_>,
) -> bool {
    if name.is_empty() {
        report.error(path, "empty field name", "write the exact wire name the doc gives");
        false
    } else if !ident::has_rust_name(name) {
        report.error(
            path,
            format!("field name `{name}` has no letter or digit to make a Rust name from"),
            "write the exact wire name the doc gives",
        );
        false
    } else if !is_rust_identifier(rust_name) {
        report.error(
            path,
            format!("field name `{name}` gives `{rust_name}`, which is not a Rust identifier"),
            "the generator cannot name this field yet; report it with the doc's wire name",
        );
        false
    } else {
        true
    }
}

/// Whether the generated name is one `proc_macro2` and rustc accept.
pub(super) fn is_rust_identifier(name: &str) -> bool {
    syn::parse_str::<syn::Ident>(name).is_ok()
}

/// Detects names that collide, also after case conversion (`UserId` vs `UserID`).
#[derive(Default)]
pub(super) struct UniqueNames {
    /// Rust name → (what claimed it, where).
    seen: BTreeMap<String, (String, String)>,
}

impl UniqueNames {
    /// Claims `key` for `claimant` (a readable description, e.g. "field `UserId`")
    /// found at `path`; reports a collision and returns false if taken.
    ///
    /// An empty key claims nothing: an empty name, or a name that gives no
    /// Rust name, is reported as such where it stands, and "collides with
    /// ``" beside it would only repeat that.
    pub(super) fn claim(
        &mut self,
        key: &str,
        claimant: &str,
        path: &str,
        report: &mut FileReporter<'_>,
    ) -> bool {
        if key.is_empty() {
            return true;
        }
        let Some((first, first_path)) = self.seen.get(key) else {
            self.seen.insert(key.to_owned(), (claimant.to_owned(), path.to_owned()));
            return true;
        };
        let first_path = report.file_path(first_path);
        let message = if first == claimant {
            format!("duplicate {claimant}, first defined at `{first_path}`")
        } else {
            format!(
                "{claimant} collides with {first} (at `{first_path}`): both are `{key}` in Rust"
            )
        };
        report.error(path, message, "rename or remove one of them");
        false
    }
}
