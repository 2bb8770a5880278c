//! Turns YAML specs of cloud API docs into a typed, validated Rust crate.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! specs/*.yaml ─load─▶ SpecSet ─resolve─▶ table ─check─▶ (diagnostics) ─lower─▶ Model ─emit─▶ tokens ─files─▶ formatted files on disk
//! ```
//!
//! [`load`] parses every file (through [`yaml`], the only module that knows
//! YAML), [`resolve`] parses every type string and names every Rust item once,
//! [`check`] reports every semantic problem at once, [`lower`] turns the specs
//! and the checked table into the [`model`], [`emit`] turns the model into Rust tokens and
//! [`files`] formats them with prettyplease and writes them atomically.
//!
//! The same pipeline serves the `codegen` CLI and a `build.rs`. The CLI
//! writes a crate tree (`src/api.rs`, `src/api/<provider>/<service>/<version>.rs`,
//! cargo features in the crate's `Cargo.toml`), as this workspace's
//! `cloud-api-types` checks in. A `build.rs` asks for
//! [`Generator::single_file`] instead: one file of inline modules with no
//! feature gates, written into `OUT_DIR` and pulled in with `include!`:
//!
//! ```no_run
//! // build.rs (with `codegen` as a build-dependency)
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     println!("cargo::rerun-if-changed=specs");
//!     let out_dir = std::env::var("OUT_DIR")?;
//!     codegen::Generator::new("specs", out_dir).single_file("cloud_api.rs").generate()?;
//!     Ok(())
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs
//! include!(concat!(env!("OUT_DIR"), "/cloud_api.rs"));
//! ```
//!
//! The generated code reaches its runtime only through the crate
//! `cloud-api-runtime` (`use ::cloud_api_runtime::__private as rt;` in each
//! version module, `::cloud_api_runtime::OperationInfo` in the registry), and
//! its derives and JSON fields name `serde` and `serde_json`. So the crate
//! that includes the file depends on `cloud-api-runtime`, `serde` (with
//! `derive`) and `serde_json`, and on nothing else of this workspace;
//! `examples/buildrs` in the workspace is such a crate.

pub mod check;
pub mod diagnostic;
pub mod diff;
pub mod docs;
pub mod emit;
pub mod files;
pub mod ident;
pub mod limits;
pub mod load;
pub mod lower;
pub mod model;
pub mod resolve;
pub mod schema;
pub mod spec;
pub mod yaml;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use diagnostic::Diagnostic;
use files::FileChanges;
use model::Model;

/// Parses, checks and lowers spec texts (keyed by `<provider>/<file>.yaml`).
/// Returns every problem found, or the resolved model.
pub fn compile(texts: &BTreeMap<String, String>) -> Result<Model, Vec<Diagnostic>> {
    check_and_lower(load::parse_all(texts))
}

/// Reads and compiles every spec below `specs_dir`. A file that is not UTF-8
/// is a diagnostic like any other problem, not an I/O error.
pub fn compile_dir(specs_dir: &Path) -> Result<Model, Error> {
    let files =
        load::read_dir_bytes(specs_dir).map_err(|e| Error::Io(specs_dir.to_path_buf(), e))?;
    check_and_lower(load::parse_all_bytes(files))
        .map_err(|diagnostics| Error::Specs { specs_dir: specs_dir.to_path_buf(), diagnostics })
}

fn check_and_lower(
    (specs, mut diagnostics): (spec::SpecSet, diagnostic::Diagnostics),
) -> Result<Model, Vec<Diagnostic>> {
    let resolved = resolve::resolve(&specs);
    check::check(&specs, &resolved, &mut diagnostics);
    diagnostics.into_result()?;
    // `check` reports every type that does not resolve, so a spec set without
    // diagnostics always has a checked table; were it ever not so, that is a
    // checker bug, reported as such rather than lowered around.
    let Some(checked) = resolved.into_checked() else {
        return Err(vec![Diagnostic::new(
            "",
            None,
            "",
            "internal error: a type did not resolve but no diagnostic says why",
            Some("report this bug to the generator's maintainers"),
        )]);
    };
    Ok(lower::lower(&specs, &checked))
}

/// Runs the whole pipeline from a specs folder into an output folder.
///
/// By default it writes the crate tree a checked-in generated crate holds;
/// [`single_file`](Self::single_file) switches to the one file a `build.rs`
/// writes into `OUT_DIR`.
#[derive(Debug, Clone)]
pub struct Generator {
    specs_dir: PathBuf,
    out_dir: PathBuf,
    single_file: Option<PathBuf>,
}

impl Generator {
    /// Reads specs from `specs_dir` and writes below `out_dir` (the generated
    /// crate's root: files go to `src/api/…`, features to its `Cargo.toml`
    /// between the `# @generated features` markers, when it has them).
    pub fn new(specs_dir: impl Into<PathBuf>, out_dir: impl Into<PathBuf>) -> Self {
        Self { specs_dir: specs_dir.into(), out_dir: out_dir.into(), single_file: None }
    }

    /// Writes one file, `out_dir/<file_name>`, instead of the crate tree: every
    /// provider, service and API version as an inline module
    /// (`pub mod <provider> { pub mod <service> { pub mod <version> { … } } }`)
    /// plus the `operations()` registry, with no cargo feature gates and no
    /// inner attribute at its top, for `include!` from a crate's own source.
    ///
    /// In this mode the generator touches that file alone: it never reads or
    /// patches a `Cargo.toml` and removes nothing. Like the crate tree, the file
    /// is written atomically and only when its bytes change, so cargo does not
    /// rebuild the including crate needlessly; it follows no symbolic link
    /// below `out_dir` and keeps the file's permissions. `file_name` must be a
    /// plain relative path (no `..`).
    pub fn single_file(mut self, file_name: impl Into<PathBuf>) -> Self {
        self.single_file = Some(file_name.into());
        self
    }

    /// Regenerates: writes what changed, removes what no spec produces any more.
    ///
    /// All or nothing: on [`Error::Output`] every file is as it was before
    /// (see [`files::sync`] for the guarantee and its limit).
    pub fn generate(&self) -> Result<Summary, Error> {
        self.run(false)
    }

    /// Writes nothing; the summary says what `generate` would change.
    pub fn check(&self) -> Result<Summary, Error> {
        self.run(true)
    }

    fn run(&self, dry_run: bool) -> Result<Summary, Error> {
        let model = compile_dir(&self.specs_dir)?;
        let io = Error::Output;
        let changes = match &self.single_file {
            None => {
                let emitted = emit::emit(&model);
                let planned = files::plan(&emitted, &self.out_dir).map_err(io)?;
                files::sync(&self.out_dir, &planned, dry_run).map_err(io)?
            }
            Some(file_name) => {
                let file = emit::emit_single_file(&model, &file_name.to_string_lossy());
                let text = files::render_by(&file, files::SINGLE_FILE_GENERATOR);
                let planned = BTreeMap::from([(file_name.clone(), text)]);
                files::write_changed(&self.out_dir, &planned, dry_run).map_err(io)?
            }
        };
        Ok(Summary::new(&model, changes))
    }
}

/// What a run generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Spec files (services).
    pub specs: usize,
    /// Actions.
    pub actions: usize,
    /// Data types, requests and responses.
    pub types: usize,
    /// Rules turned into validator checks.
    pub validators: usize,
    /// Error enum variants (documented codes, over all actions).
    pub error_variants: usize,
    /// What happened on disk.
    pub changes: FileChanges,
}

impl Summary {
    fn new(model: &Model, changes: FileChanges) -> Self {
        let services = model.providers.iter().flat_map(|p| &p.services);
        let actions = services.clone().flat_map(|s| &s.actions);
        let structs = services.clone().flat_map(|s| {
            s.types.iter().chain(s.actions.iter().flat_map(|a| [&a.request, &a.response]))
        });
        Self {
            specs: services.clone().count(),
            actions: actions.clone().count(),
            types: structs.clone().count(),
            validators: structs.flat_map(|s| &s.fields).map(|f| f.rules.len()).sum(),
            error_variants: actions.map(|a| a.errors.len()).sum(),
            changes,
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.changes;
        write!(
            f,
            "{} specs, {} actions, {} types, {} validators, {} error variants; files: {} written, {} unchanged, {} removed",
            self.specs,
            self.actions,
            self.types,
            self.validators,
            self.error_variants,
            c.written.len(),
            c.unchanged.len(),
            c.removed.len()
        )
    }
}

/// Why a run failed.
#[derive(Debug)]
pub enum Error {
    /// Reading the specs at this path failed; nothing was written.
    Io(PathBuf, std::io::Error),
    /// The specs have problems; nothing was written. Each diagnostic names its
    /// file relative to `specs_dir`; the error's `Display` (what a `build.rs`
    /// prints) joins them, so `path:line:column` opens from where cargo ran.
    Specs {
        /// The specs folder as the caller named it.
        specs_dir: PathBuf,
        /// Every problem found.
        diagnostics: Vec<Diagnostic>,
    },
    /// Checking or writing the output failed: an I/O error, or a target that
    /// is a symbolic link, a folder where a file must go or a file where a
    /// folder must. The message names the paths. The output is as it was
    /// before the run, unless the message says restoring a file failed (and
    /// where its previous contents are); see [`files::sync`].
    Output(std::io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(path, error) => write!(f, "{}: {error}", path.display()),
            Self::Specs { specs_dir, diagnostics } => {
                f.write_str(&diagnostic::render_with(diagnostics, Some(specs_dir), false))
            }
            Self::Output(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for Error {}
