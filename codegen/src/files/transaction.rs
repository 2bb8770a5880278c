//! Writing a run's files as one transaction: plan, stage, commit, undo.
//!
//! A run touches a handful of files, and a crate with one of them new and the
//! next one old may not build. So nothing is touched until every target has
//! been checked ([`Plan::new`]), every new content sits in a temp file beside
//! its target (`stage`), and only then are the files swapped in by renames
//! (`commit`), each replaced or removed file kept aside under a backup name.
//! When any step fails, every file already committed is restored from its
//! backup and every folder the run created is removed again, so the output is
//! as it was. The backups are deleted once every file is in place.
//!
//! Paths are never resolved through symbolic links: every component between
//! the output folder and a target is inspected with `symlink_metadata`, and a
//! link, or a file where a folder must be, is an error naming both paths. The
//! output folder itself is taken as given.
//!
//! Limits, stated rather than hidden: if the process itself dies (killed, power
//! cut) while committing, each file is whole, old or new, but some may be new
//! and others old, and `.<name>.*.codegen-new` / `.codegen-old` files may be
//! left beside them. Folders are not fsynced, so after a power cut a rename may
//! be lost. A concurrent writer in the output folder is not defended against:
//! the checks of the plan are not repeated at commit time.

use std::collections::BTreeMap;
use std::fs::{self, Metadata, Permissions};
use std::io::{self, ErrorKind, Write as _};
use std::path::{Component, Path, PathBuf};

use tempfile::{NamedTempFile, TempPath};

use super::{FileChanges, GENERATED_DIR};

/// Which paths below the output folder a run may touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scope {
    /// The crate tree: `Cargo.toml`, `src/api.rs` and `.rs` files under
    /// `src/api/`; `.rs` files there that no spec produces are removed.
    CrateTree,
    /// The one file of a `build.rs`: any plain relative path; nothing is removed.
    SingleFile,
}

/// Every write and removal of a run, decided before anything is touched.
#[derive(Debug)]
pub(super) struct Plan<'a> {
    out_dir: &'a Path,
    /// Files to write, with the permissions of the file each replaces (`None`: new).
    writes: Vec<(PathBuf, &'a str, Option<Permissions>)>,
    /// Generated files no spec produces any more.
    removals: Vec<PathBuf>,
    /// What the run changes, for the summary and `check`.
    pub(super) changes: FileChanges,
}

impl<'a> Plan<'a> {
    /// Compares `files` (relative to `out_dir`) with the disk, refusing any
    /// target outside `scope`, behind a symbolic link or where a folder is.
    pub(super) fn new(
        out_dir: &'a Path,
        files: &'a BTreeMap<PathBuf, String>,
        scope: Scope,
    ) -> io::Result<Self> {
        let mut plan = Self {
            out_dir,
            writes: Vec::new(),
            removals: Vec::new(),
            changes: FileChanges::default(),
        };
        for (relative, contents) in files {
            if let Err(why) = check_scope(relative, scope) {
                let target = out_dir.join(relative);
                return Err(invalid(format!("refusing to write `{}`: {why}", target.display())));
            }
            match existing_file(out_dir, relative)? {
                Some((_, current)) if current == contents.as_bytes() => {
                    plan.changes.unchanged.push(relative.clone());
                }
                existing => {
                    let permissions = existing.map(|(metadata, _)| metadata.permissions());
                    plan.writes.push((relative.clone(), contents, permissions));
                    plan.changes.written.push(relative.clone());
                }
            }
        }
        if scope == Scope::CrateTree {
            for relative in generated_files(out_dir)? {
                if !files.contains_key(&relative) {
                    plan.removals.push(relative.clone());
                    plan.changes.removed.push(relative);
                }
            }
        }
        Ok(plan)
    }

    /// Carries the plan out, all or nothing: on error the output is as it was
    /// (unless the error says undoing failed, and where the old files are).
    pub(super) fn apply(&self) -> io::Result<()> {
        self.apply_with(&|_| Ok(()))
    }

    /// [`apply`](Self::apply), calling `before_commit` with each target just
    /// before it is swapped in: the seam the tests fail a run midway through.
    fn apply_with(&self, before_commit: &dyn Fn(&Path) -> io::Result<()>) -> io::Result<()> {
        let mut created = Vec::new();
        let result = match self.stage(&mut created) {
            Ok(steps) => commit(steps, before_commit),
            Err(error) => Err(unchanged(error)),
        };
        if result.is_err() {
            // Deepest first; `remove_dir` keeps a folder something else put a file in.
            for dir in created.iter().rev() {
                fs::remove_dir(dir).ok();
            }
        }
        result
    }

    /// Creates the missing folders (recorded in `created`) and writes every new
    /// content to a temp file beside its target.
    fn stage(&self, created: &mut Vec<PathBuf>) -> io::Result<Vec<Step>> {
        let mut steps = Vec::with_capacity(self.writes.len() + self.removals.len());
        for (relative, contents, permissions) in &self.writes {
            let dir = create_folders(self.out_dir, relative, created)?;
            let target = self.out_dir.join(relative);
            let new = staged(&dir, &target, contents, permissions.clone())?;
            steps.push(Step { target, new: Some(new), replaces: permissions.is_some() });
        }
        for relative in &self.removals {
            steps.push(Step { target: self.out_dir.join(relative), new: None, replaces: true });
        }
        Ok(steps)
    }
}

/// Why `relative` may not be written in `scope`, if it may not.
fn check_scope(relative: &Path, scope: Scope) -> Result<(), &'static str> {
    let plain = relative.components().all(|c| matches!(c, Component::Normal(_)));
    if !plain || relative.as_os_str().is_empty() {
        return Err("not a plain relative path below the output folder");
    }
    let api = Path::new(GENERATED_DIR);
    let in_crate_tree = relative == Path::new("Cargo.toml")
        || relative == api.with_extension("rs")
        || (relative.starts_with(api) && relative.extension().is_some_and(|e| e == "rs"));
    match scope {
        Scope::CrateTree if !in_crate_tree => Err("the generator writes only `src/api.rs`, \
             `.rs` files under `src/api/` and the manifest's feature block"),
        _ => Ok(()),
    }
}

/// The file at `out_dir/relative` with its bytes, `None` when it (or a folder
/// on its way) does not exist yet; an error when the way to it or the file
/// itself is a link, a folder where a file must go or a file where a folder must.
fn existing_file(out_dir: &Path, relative: &Path) -> io::Result<Option<(Metadata, Vec<u8>)>> {
    let target = out_dir.join(relative);
    let parent = relative.parent().unwrap_or(Path::new(""));
    if !real_folders(out_dir, parent, &target)? {
        return Ok(None);
    }
    match fs::symlink_metadata(&target) {
        Ok(metadata) if metadata.is_file() => {
            let current = fs::read(&target).map_err(|e| at(&target, e))?;
            Ok(Some((metadata, current)))
        }
        Ok(metadata) => Err(invalid(format!(
            "`{}` is {}, where the generated file must go",
            target.display(),
            what(&metadata)
        ))),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(at(&target, e)),
    }
}

/// Whether every component of `dir` (relative to `out_dir`) exists as a real
/// folder; `false` from the first missing one on. A link or a non-folder is an
/// error naming it and `needed_for`.
fn real_folders(out_dir: &Path, dir: &Path, needed_for: &Path) -> io::Result<bool> {
    let mut path = out_dir.to_path_buf();
    for component in dir.components() {
        path.push(component);
        match fs::symlink_metadata(&path) {
            Ok(metadata) if metadata.is_dir() => {}
            Ok(metadata) => {
                return Err(invalid(format!(
                    "`{}` is {}, where a folder is needed for `{}`",
                    path.display(),
                    what(&metadata),
                    needed_for.display()
                )));
            }
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(at(&path, e)),
        }
    }
    Ok(true)
}

/// Every `.rs` file under the generated folder (and `src/api.rs`), relative to
/// `out_dir`, sorted. A link anywhere there is an error: it is neither followed
/// nor removed, since the generator never made it.
fn generated_files(out_dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let api = Path::new(GENERATED_DIR);
    if existing_file(out_dir, &api.with_extension("rs"))?.is_some() {
        found.push(api.with_extension("rs"));
    }
    if !real_folders(out_dir, api, &out_dir.join(api))? {
        return Ok(found);
    }
    let mut pending = vec![api.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let full = out_dir.join(&dir);
        for entry in fs::read_dir(&full).map_err(|e| at(&full, e))? {
            let entry = entry.map_err(|e| at(&full, e))?;
            let relative = dir.join(entry.file_name());
            // `DirEntry::file_type` does not follow links.
            let file_type = entry.file_type().map_err(|e| at(&entry.path(), e))?;
            if file_type.is_symlink() {
                return Err(invalid(format!(
                    "`{}` is a symbolic link; the generator neither follows nor removes links under `{GENERATED_DIR}/`: replace or delete it",
                    entry.path().display()
                )));
            } else if file_type.is_dir() {
                pending.push(relative);
            } else if file_type.is_file() && relative.extension().is_some_and(|e| e == "rs") {
                found.push(relative);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Creates each missing folder on the way to `out_dir/relative` (the output
/// folder included), recording it in `created`; returns the file's folder.
fn create_folders(
    out_dir: &Path,
    relative: &Path,
    created: &mut Vec<PathBuf>,
) -> io::Result<PathBuf> {
    let missing: Vec<&Path> = out_dir
        .ancestors()
        .take_while(|dir| !dir.as_os_str().is_empty() && !dir.exists())
        .collect();
    let parent = relative.parent().unwrap_or(Path::new(""));
    let below = parent.components().scan(out_dir.to_path_buf(), |path, component| {
        path.push(component);
        Some(path.clone())
    });
    for dir in missing.into_iter().rev().map(Path::to_path_buf).chain(below) {
        match fs::create_dir(&dir) {
            Ok(()) => created.push(dir),
            // The plan found it a real folder, or an earlier file of this run created it.
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
            Err(e) => return Err(at(&dir, e)),
        }
    }
    Ok(out_dir.join(parent))
}

/// `contents` in a synced temp file in `dir`, named after `target`, with the
/// permissions of the file it replaces (`permissions`), or for a new file those
/// any new file gets here (0666 less the umask) rather than tempfile's 0600.
fn staged(
    dir: &Path,
    target: &Path,
    contents: &str,
    permissions: Option<Permissions>,
) -> io::Result<NamedTempFile> {
    let prefix = format!(".{}.", name(target));
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".codegen-new");
    #[cfg(unix)]
    if permissions.is_none() {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(Permissions::from_mode(0o666));
    }
    let mut file = builder.tempfile_in(dir).map_err(|e| at(dir, e))?;
    file.write_all(contents.as_bytes())
        .and_then(|()| file.as_file().sync_all())
        .map_err(|e| at(file.path(), e))?;
    if let Some(permissions) = permissions {
        // After writing, so a read-only original stays read-only without blocking the write.
        fs::set_permissions(file.path(), permissions).map_err(|e| at(file.path(), e))?;
    }
    Ok(file)
}

/// One file to commit: its new contents staged beside it, or `None` to remove it.
struct Step {
    target: PathBuf,
    new: Option<NamedTempFile>,
    /// Whether a file is there now (to back up before replacing or removing it).
    replaces: bool,
}

/// A committed (or half-committed) step, as undoing it needs it.
struct Done {
    target: PathBuf,
    /// The previous file, set aside; `None` when the target is new. Dropping it deletes it.
    backup: Option<TempPath>,
}

/// Swaps in every step; on the first error, undoes every step done so far.
fn commit(steps: Vec<Step>, before_commit: &dyn Fn(&Path) -> io::Result<()>) -> io::Result<()> {
    let mut done = Vec::with_capacity(steps.len());
    for step in steps {
        if let Err(error) = commit_step(step, before_commit, &mut done) {
            return Err(undo(done, error));
        }
    }
    // Dropping `done` deletes the backups.
    Ok(())
}

fn commit_step(
    step: Step,
    before_commit: &dyn Fn(&Path) -> io::Result<()>,
    done: &mut Vec<Done>,
) -> io::Result<()> {
    before_commit(&step.target)?;
    let backup =
        if step.replaces { Some(set_aside(&step.target, step.new.is_some())?) } else { None };
    // Journal before acting, so undo restores (or removes) the target whatever happens next.
    done.push(Done { target: step.target.clone(), backup });
    match step.new {
        Some(new) => new.persist(&step.target).map(drop).map_err(|e| at(&step.target, e.error)),
        // Setting it aside removed it.
        None => Ok(()),
    }
}

/// Moves `target` to a fresh backup name beside it; when `keep_in_place`, links
/// it there instead, so the target stays readable until a rename replaces it
/// (falling back to a move where the file system has no hard links).
fn set_aside(target: &Path, keep_in_place: bool) -> io::Result<TempPath> {
    let dir = target.parent().unwrap_or(Path::new("."));
    let prefix = format!(".{}.", name(target));
    tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".codegen-old")
        .make_in(dir, |backup| {
            if !keep_in_place {
                return fs::rename(target, backup);
            }
            match fs::hard_link(target, backup) {
                Err(e) if e.kind() != ErrorKind::AlreadyExists => fs::rename(target, backup),
                linked => linked,
            }
        })
        .map(NamedTempFile::into_temp_path)
        .map_err(|e| at(target, e))
}

/// Restores every done step, last first, and says so in `error`'s message, or
/// names each file it could not restore and where its previous contents are.
fn undo(done: Vec<Done>, error: io::Error) -> io::Error {
    let mut failures = Vec::new();
    for Done { target, backup } in done.into_iter().rev() {
        let restored = match &backup {
            Some(backup) => fs::rename(backup, &target),
            None => fs::remove_file(&target).or_else(|e| match e.kind() {
                ErrorKind::NotFound => Ok(()),
                _ => Err(e),
            }),
        };
        if let Err(e) = restored {
            failures.push(match backup.and_then(|backup| backup.keep().ok()) {
                Some(kept) => format!(
                    "restoring `{}` failed ({e}); its previous contents are in `{}`",
                    target.display(),
                    kept.display()
                ),
                None => format!("removing the new `{}` failed ({e})", target.display()),
            });
        }
    }
    if failures.is_empty() {
        return unchanged(error);
    }
    let message = format!("{error}; undoing the run failed: {}", failures.join("; "));
    io::Error::new(error.kind(), message)
}

/// `error`, saying the output is as it was before the run.
fn unchanged(error: io::Error) -> io::Error {
    io::Error::new(error.kind(), format!("{error}; nothing was changed"))
}

/// `error` with the path it happened at.
fn at(path: &Path, error: io::Error) -> io::Error {
    io::Error::new(error.kind(), format!("`{}`: {error}", path.display()))
}

fn invalid(message: String) -> io::Error {
    io::Error::new(ErrorKind::InvalidInput, message)
}

/// What a non-regular file (or a folder, or a link) is, for messages.
fn what(metadata: &Metadata) -> &'static str {
    let file_type = metadata.file_type();
    if file_type.is_symlink() {
        "a symbolic link (the generator follows none)"
    } else if file_type.is_dir() {
        "a folder"
    } else if file_type.is_file() {
        "a file"
    } else {
        "neither a file nor a folder"
    }
}

fn name(path: &Path) -> String {
    path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    type Snapshot = BTreeMap<PathBuf, (Vec<u8>, bool)>;

    /// Every entry below `dir`: its bytes (empty for a folder) and whether it is
    /// read-only; the full modes are compared by `modes` on Unix.
    fn snapshot(dir: &Path) -> io::Result<Snapshot> {
        let mut found = BTreeMap::new();
        let mut pending = vec![dir.to_path_buf()];
        while let Some(current) = pending.pop() {
            for entry in fs::read_dir(&current)? {
                let path = entry?.path();
                let metadata = fs::symlink_metadata(&path)?;
                let relative = path.strip_prefix(dir).map_err(io::Error::other)?.to_path_buf();
                let bytes = if metadata.is_dir() { Vec::new() } else { fs::read(&path)? };
                found.insert(relative, (bytes, metadata.permissions().readonly()));
                if metadata.is_dir() {
                    pending.push(path);
                }
            }
        }
        Ok(found)
    }

    #[cfg(unix)]
    fn modes(dir: &Path) -> io::Result<BTreeMap<PathBuf, u32>> {
        use std::os::unix::fs::PermissionsExt as _;
        let mut modes = BTreeMap::new();
        for relative in snapshot(dir)?.into_keys() {
            modes.insert(relative.clone(), fs::metadata(dir.join(relative))?.permissions().mode());
        }
        Ok(modes)
    }

    /// A crate with a manifest, an executable `src/api.rs` and an orphan, and a
    /// run that rewrites both, adds a file in a new folder and removes the orphan.
    fn crate_and_files() -> io::Result<(tempfile::TempDir, BTreeMap<PathBuf, String>)> {
        let dir = tempfile::tempdir()?;
        fs::create_dir_all(dir.path().join("src/api"))?;
        fs::write(dir.path().join("Cargo.toml"), "old manifest\n")?;
        fs::write(dir.path().join("src/api.rs"), "// old api\n")?;
        fs::write(dir.path().join("src/api/gone.rs"), "// old orphan\n")?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            fs::set_permissions(dir.path().join("src/api.rs"), Permissions::from_mode(0o755))?;
        }
        let files = BTreeMap::from([
            (PathBuf::from("Cargo.toml"), "new manifest\n".to_owned()),
            (PathBuf::from("src/api.rs"), "// new api\n".to_owned()),
            (PathBuf::from("src/api/new/deep.rs"), "// new file\n".to_owned()),
        ]);
        Ok((dir, files))
    }

    #[test]
    fn a_failure_at_any_step_leaves_every_file_as_it_was() -> io::Result<()> {
        // Steps: three writes, then the removal; fail before each in turn.
        for failing in 1..=4 {
            let (dir, files) = crate_and_files()?;
            let before = snapshot(dir.path())?;
            #[cfg(unix)]
            let modes_before = modes(dir.path())?;
            let plan = Plan::new(dir.path(), &files, Scope::CrateTree)?;
            assert_eq!(plan.changes.written.len(), 3);
            assert_eq!(plan.changes.removed, vec![PathBuf::from("src/api/gone.rs")]);

            let calls = Cell::new(0);
            let result = plan.apply_with(&|target| {
                calls.set(calls.get() + 1);
                if calls.get() == failing {
                    return Err(io::Error::other(format!("injected at `{}`", target.display())));
                }
                Ok(())
            });
            let error = result.err().ok_or_else(|| io::Error::other("the run did not fail"))?;
            assert!(error.to_string().ends_with("; nothing was changed"), "{error}");
            // Byte for byte, no backup or temp file left, the new folder gone again.
            assert_eq!(snapshot(dir.path())?, before, "failing at step {failing}");
            #[cfg(unix)]
            assert_eq!(modes(dir.path())?, modes_before, "failing at step {failing}");
        }
        Ok(())
    }

    #[test]
    fn a_successful_run_leaves_no_backup_and_keeps_modes() -> io::Result<()> {
        let (dir, files) = crate_and_files()?;
        #[cfg(unix)]
        let api_mode = modes(dir.path())?.get(Path::new("src/api.rs")).copied();
        let plan = Plan::new(dir.path(), &files, Scope::CrateTree)?;
        plan.apply()?;
        let after: BTreeMap<PathBuf, Vec<u8>> =
            snapshot(dir.path())?.into_iter().map(|(path, (bytes, _))| (path, bytes)).collect();
        let expected = BTreeMap::from([
            (PathBuf::from("Cargo.toml"), b"new manifest\n".to_vec()),
            (PathBuf::from("src"), Vec::new()),
            (PathBuf::from("src/api"), Vec::new()),
            (PathBuf::from("src/api.rs"), b"// new api\n".to_vec()),
            (PathBuf::from("src/api/new"), Vec::new()),
            (PathBuf::from("src/api/new/deep.rs"), b"// new file\n".to_vec()),
        ]);
        assert_eq!(after, expected);
        #[cfg(unix)]
        assert_eq!(modes(dir.path())?.get(Path::new("src/api.rs")).copied(), api_mode);
        Ok(())
    }

    #[test]
    fn targets_outside_the_scope_are_refused() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        for path in ["../escape.rs", "/etc/passwd", "src/lib.rs", "src/api/x.txt", ""] {
            let files = BTreeMap::from([(PathBuf::from(path), String::new())]);
            let refused = Plan::new(dir.path(), &files, Scope::CrateTree);
            assert!(refused.is_err(), "{path} was accepted");
        }
        let single = BTreeMap::from([(PathBuf::from("../escape.rs"), String::new())]);
        assert!(Plan::new(dir.path(), &single, Scope::SingleFile).is_err());
        assert!(fs::read_dir(dir.path())?.next().is_none(), "a refused plan wrote something");
        Ok(())
    }
}
