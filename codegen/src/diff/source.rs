//! Where a side of a diff comes from: a specs folder, or a git revision of the
//! repository the specs folder lives in.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A side of a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Side {
    /// A folder of specs on disk (the working tree, say).
    Folder(PathBuf),
    /// The specs folder as of a git revision (`main`, `origin/main`, `HEAD~1`).
    Revision(String),
}

impl Side {
    /// A folder if `arg` names one, otherwise a git revision; an error when it
    /// names both (a folder `main` beside a branch `main`), rather than a guess.
    pub fn parse(arg: &str) -> Result<Self, String> {
        let is_folder = Path::new(arg).is_dir();
        if is_folder && is_revision(arg) {
            return Err(format!(
                "`{arg}` is both a folder and a git revision; write `./{arg}` for the folder or `{arg}^{{commit}}` for the revision"
            ));
        }
        Ok(if is_folder {
            Self::Folder(PathBuf::from(arg))
        } else {
            Self::Revision(arg.to_owned())
        })
    }

    /// Reads the spec texts, keyed like `load::read_dir` keys them. For a
    /// revision, `specs_dir` is the specs folder whose history is read.
    pub fn read(&self, specs_dir: &Path) -> Result<BTreeMap<String, String>, ReadError> {
        self.read_with_origin(specs_dir).map(|(texts, _)| texts)
    }

    /// [`Side::read`], and what names the files' origin before their path
    /// (relative to the specs folder) in diagnostics: the folder, or for a
    /// revision the revision and the specs folder's path in the repository,
    /// as git names a file of a revision (`main:specs/`, then
    /// `tencentcloud/cam.yaml`).
    pub fn read_with_origin(
        &self,
        specs_dir: &Path,
    ) -> Result<(BTreeMap<String, String>, String), ReadError> {
        match self {
            Self::Folder(dir) => {
                if !dir.is_dir() {
                    return Err(ReadError::MissingFolder(dir.clone()));
                }
                let texts = crate::load::read_dir(dir)
                    .map_err(|e| ReadError::Io(format!("{}: {e}", dir.display())))?;
                let mut origin = dir.display().to_string();
                if !origin.ends_with(std::path::MAIN_SEPARATOR) {
                    origin.push(std::path::MAIN_SEPARATOR);
                }
                Ok((texts, origin))
            }
            Self::Revision(revision) => {
                let not_specs = |e: String| {
                    ReadError::NotSpecs(format!(
                        "`{revision}` is neither a specs folder nor a git revision with specs: {e}"
                    ))
                };
                // A revision is read at the specs folder's path in the
                // repository: without the folder there is no path, and a
                // revision git knows is not to blame.
                if !specs_dir.is_dir() {
                    if is_revision(revision) {
                        return Err(ReadError::MissingFolder(specs_dir.to_path_buf()));
                    }
                    return Err(not_specs("git knows no such revision here".to_owned()));
                }
                let (texts, prefix) = read_revision(revision, specs_dir).map_err(|e| match e {
                    ReadError::NotSpecs(e) => not_specs(e),
                    other => other,
                })?;
                Ok((texts, format!("{revision}:{prefix}")))
            }
        }
    }

    /// How the side is named in reports.
    pub fn label(&self) -> String {
        match self {
            Self::Folder(dir) => dir.display().to_string(),
            Self::Revision(revision) => revision.clone(),
        }
    }
}

/// Why a side could not be read; the CLI exits 3 for `Io`, 2 for the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The argument names no spec set: no such folder, no such revision, or a
    /// revision without specs.
    NotSpecs(String),
    /// A folder could not be read, or git could not be run.
    Io(String),
    /// The specs folder a side is read from is not there: the side's own
    /// folder (the head defaults to `--specs`), or the folder at whose path a
    /// revision is read. Most often the command ran outside the workspace root.
    MissingFolder(PathBuf),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotSpecs(message) | Self::Io(message) => f.write_str(message),
            Self::MissingFolder(dir) => write!(f, "no specs folder `{}`", dir.display()),
        }
    }
}

/// The texts of the specs folder's files at `revision`, and the folder's path
/// in the repository (`specs/`).
fn read_revision(
    revision: &str,
    specs_dir: &Path,
) -> Result<(BTreeMap<String, String>, String), ReadError> {
    let dir = if specs_dir.as_os_str().is_empty() { Path::new(".") } else { specs_dir };
    // Revisions hold paths relative to the repository root.
    let root = PathBuf::from(git(dir, &["rev-parse", "--show-toplevel"])?.trim());
    let prefix = git(dir, &["rev-parse", "--show-prefix"])?.trim().to_owned();
    let listing = git(&root, &["ls-tree", "-r", "--name-only", revision, "--", &prefix])?;
    let mut texts = BTreeMap::new();
    for path in listing.lines() {
        let Some(relative) = path.strip_prefix(&prefix) else {
            continue;
        };
        let is_spec = relative.ends_with(".yaml") && relative.matches('/').count() == 1;
        if is_spec {
            let text = git(&root, &["show", &format!("{revision}:{path}")])?;
            texts.insert(relative.to_owned(), text);
        }
    }
    if texts.is_empty() {
        return Err(ReadError::NotSpecs(format!(
            "revision `{revision}` has no specs under `{prefix}`"
        )));
    }
    Ok((texts, prefix))
}

/// Whether git, run here, knows `arg` as a commit.
fn is_revision(arg: &str) -> bool {
    git(Path::new("."), &["rev-parse", "--verify", "--quiet", &format!("{arg}^{{commit}}")]).is_ok()
}

fn git(dir: &Path, args: &[&str]) -> Result<String, ReadError> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| ReadError::Io(format!("cannot run git: {e}")))?;
    if !output.status.success() {
        return Err(ReadError::NotSpecs(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    String::from_utf8(output.stdout)
        .map_err(|e| ReadError::NotSpecs(format!("git printed non-UTF-8: {e}")))
}
