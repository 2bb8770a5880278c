//! Stage 1: find the spec files of a folder and parse each one.
//!
//! Layout: `<provider>/provider.yaml` holds what a provider shares and every
//! other `<provider>/<service>.yaml` is one service. Other files (READMEs, the
//! JSON Schema) are ignored. Reading is separate from parsing so the library
//! can also be fed in-memory texts (tests, `build.rs` users with embedded specs).

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::spec::{ProviderSpec, ServiceSpec, SpecSet};
use crate::yaml;

/// Name of the per-provider file.
pub const PROVIDER_FILE: &str = "provider.yaml";

/// Reads every `*/*.yaml` below `dir`, keyed by `/`-separated relative path.
pub fn read_dir(dir: &Path) -> std::io::Result<BTreeMap<String, String>> {
    let mut texts = BTreeMap::new();
    for provider in std::fs::read_dir(dir)? {
        let provider = provider?;
        if !provider.file_type()?.is_dir() {
            continue;
        }
        let provider_name = provider.file_name().to_string_lossy().into_owned();
        for file in std::fs::read_dir(provider.path())? {
            let file = file?;
            let name = file.file_name().to_string_lossy().into_owned();
            if file.file_type()?.is_file() && name.ends_with(".yaml") {
                let text = std::fs::read_to_string(file.path())?;
                texts.insert(format!("{provider_name}/{name}"), text);
            }
        }
    }
    Ok(texts)
}

/// Parses spec texts keyed by relative path. Every file is parsed, whatever
/// the others hold; all problems are returned together.
pub fn parse_all(texts: &BTreeMap<String, String>) -> (SpecSet, Diagnostics) {
    let mut set = SpecSet::default();
    let mut diagnostics = Diagnostics::default();
    for (path, text) in texts {
        let Some((provider, file)) = path.split_once('/').filter(|(_, file)| !file.contains('/'))
        else {
            diagnostics.push(Diagnostic {
                file: path.clone(),
                position: None,
                yaml_path: String::new(),
                message: "spec file outside a provider folder".into(),
                help: Some("move it to `<provider>/<service>.yaml`".into()),
            });
            continue;
        };
        if file == PROVIDER_FILE {
            if let Some(loaded) = yaml::parse::<ProviderSpec>(path, text, &mut diagnostics) {
                set.providers.insert(provider.to_owned(), loaded);
            }
        } else if let Some(loaded) = yaml::parse::<ServiceSpec>(path, text, &mut diagnostics) {
            set.services.push(loaded);
        }
    }
    (set, diagnostics)
}
