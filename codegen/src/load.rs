//! Stage 1: find the spec files of a folder and parse each one.
//!
//! Layout: `<provider>/provider.yaml` holds what a provider shares and every
//! other `<provider>/<service>.yaml` is one service. Other files (READMEs, the
//! JSON Schema) are ignored. Reading is separate from parsing so the library
//! can also be fed in-memory texts (tests, `build.rs` users with embedded specs).
//!
//! Files are read as bytes and decoded here, so a file that is not UTF-8 is a
//! diagnostic naming the file and the byte, beside every other problem,
//! rather than an I/O error naming only the folder.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Diagnostics, Excerpt, Position};
use crate::spec::{ProviderSpec, ServiceSpec, SpecSet};
use crate::yaml;

/// Name of the per-provider file.
pub const PROVIDER_FILE: &str = "provider.yaml";

/// Reads the bytes of every `*/*.yaml` below `dir`, keyed by `/`-separated relative path.
pub fn read_dir_bytes(dir: &Path) -> std::io::Result<BTreeMap<String, Vec<u8>>> {
    let mut files = BTreeMap::new();
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
                files.insert(format!("{provider_name}/{name}"), std::fs::read(file.path())?);
            }
        }
    }
    Ok(files)
}

/// Reads every `*/*.yaml` below `dir` as text, keyed by `/`-separated relative
/// path. A file that is not UTF-8 fails the read with an error naming the
/// file, the byte offset and the line:column; [`read_dir_bytes`] with
/// [`parse_all_bytes`] reports it as a diagnostic instead.
pub fn read_dir(dir: &Path) -> std::io::Result<BTreeMap<String, String>> {
    let mut texts = BTreeMap::new();
    for (path, bytes) in read_dir_bytes(dir)? {
        match decode(&path, bytes) {
            Ok(text) => {
                texts.insert(path, text);
            }
            Err(diagnostic) => {
                let at = diagnostic
                    .position
                    .map_or(String::new(), |p| format!(":{}:{}", p.line, p.column));
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("{}{at}: {}", dir.join(&path).display(), diagnostic.message),
                ));
            }
        }
    }
    Ok(texts)
}

/// The text of one file, or a diagnostic at its first byte that is not UTF-8:
/// the byte offset and the line:column just after the last valid character.
pub fn decode(path: &str, bytes: Vec<u8>) -> Result<String, Box<Diagnostic>> {
    String::from_utf8(bytes).map_err(|error| -> Box<Diagnostic> {
        let bytes = error.as_bytes();
        let offset = error.utf8_error().valid_up_to();
        // Everything before `offset` is valid, so it decodes without loss.
        let valid = String::from_utf8_lossy(&bytes[..offset]);
        let line_start = valid.rfind('\n').map_or(0, |at| at + 1);
        let line = valid.matches('\n').count() + 1;
        let column = valid[line_start..].chars().count() + 1;
        let line_end =
            bytes[offset..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |at| offset + at);
        // The rest of the line is shown with the bad bytes replaced (U+FFFD).
        let shown = format!(
            "{}{}",
            &valid[line_start..],
            String::from_utf8_lossy(&bytes[offset..line_end])
        );
        let byte = bytes.get(offset).map_or(String::new(), |b| format!(" (0x{b:02X})"));
        let at = offset - line_start;
        let bad = Excerpt::spanning(&shown, at, at + '\u{fffd}'.len_utf8());
        let message = format!(
            "file is not valid UTF-8: byte {offset}{byte} is not part of a UTF-8 character"
        );
        let help = "save the file as UTF-8 (specs are UTF-8 text); \
                    the source line shows the bad bytes as \u{fffd}";
        Box::new(
            Diagnostic::new(path, Some(Position { line, column }), "", &message, Some(help))
                .with_excerpt(Some(bad)),
        )
    })
}

/// Parses spec texts keyed by relative path. Every file is parsed, whatever
/// the others hold; all problems are returned together.
pub fn parse_all(texts: &BTreeMap<String, String>) -> (SpecSet, Diagnostics) {
    parse_each(texts.iter().map(|(path, text)| (path, Ok(text.as_str()))))
}

/// Decodes and parses spec files keyed by relative path, as [`read_dir_bytes`]
/// reads them: a file that is not UTF-8 is one more diagnostic.
pub fn parse_all_bytes(files: BTreeMap<String, Vec<u8>>) -> (SpecSet, Diagnostics) {
    let decoded: Vec<(String, Result<String, Box<Diagnostic>>)> =
        files.into_iter().map(|(path, bytes)| (path.clone(), decode(&path, bytes))).collect();
    parse_each(
        decoded.iter().map(|(path, text)| (path, text.as_deref().map_err(|d| d.as_ref().clone()))),
    )
}

fn parse_each<'a>(
    files: impl Iterator<Item = (&'a String, Result<&'a str, Diagnostic>)>,
) -> (SpecSet, Diagnostics) {
    let mut set = SpecSet::default();
    let mut diagnostics = Diagnostics::default();
    for (path, text) in files {
        let Some((provider, file)) = path.split_once('/').filter(|(_, file)| !file.contains('/'))
        else {
            diagnostics.push(Diagnostic::new(
                path,
                None,
                "",
                "spec file outside a provider folder",
                Some("move it to `<provider>/<service>.yaml`"),
            ));
            continue;
        };
        let is_provider = file == PROVIDER_FILE;
        let text = match text {
            Ok(text) => text,
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                if is_provider {
                    set.unloaded_providers.insert(provider.to_owned());
                }
                continue;
            }
        };
        if is_provider {
            match yaml::parse::<ProviderSpec>(path, text, &mut diagnostics) {
                Some(loaded) => {
                    set.providers.insert(provider.to_owned(), loaded);
                }
                None => {
                    set.unloaded_providers.insert(provider.to_owned());
                }
            }
        } else if let Some(loaded) = yaml::parse::<ServiceSpec>(path, text, &mut diagnostics) {
            set.services.push(loaded);
        }
    }
    (set, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_the_file_the_byte_and_the_position() {
        let bytes = b"service: widgets\ndescription: caf\xc3\xa9 \xff here\n".to_vec();
        let Err(diagnostic) = decode("acme/widgets.yaml", bytes) else {
            panic!("invalid UTF-8 decoded");
        };
        assert_eq!(diagnostic.file, "acme/widgets.yaml");
        assert_eq!(diagnostic.position, Some(Position { line: 2, column: 19 }));
        assert!(diagnostic.message.contains("byte 36 (0xFF)"), "{}", diagnostic.message);
        let excerpt = diagnostic.excerpt.unwrap_or_else(|| panic!("no excerpt"));
        assert_eq!(&excerpt.line[excerpt.start..excerpt.end], "\u{fffd}");
    }
}
