//! The file-system seam: the driver reads sources only through [`FileSystem`], so the CLI can
//! use the real disk and tests an in-memory map.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// What the driver needs from a file system.
pub trait FileSystem {
    /// The whole content of a file.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// The entries (full paths) directly inside a directory, in any order.
    fn list_dir(&self, path: &Path) -> io::Result<Vec<PathBuf>>;
    /// Whether a file or directory exists at the path.
    fn exists(&self, path: &Path) -> bool;
    /// Whether the path is a directory.
    fn is_dir(&self, path: &Path) -> bool {
        self.list_dir(path).is_ok()
    }
}

/// The real file system through `std::fs`.
#[derive(Clone, Copy, Debug, Default)]
pub struct StdFileSystem;

impl FileSystem for StdFileSystem {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(path)
    }

    fn list_dir(&self, path: &Path) -> io::Result<Vec<PathBuf>> {
        std::fs::read_dir(path)?
            .map(|entry| entry.map(|entry| entry.path()))
            .collect()
    }

    fn exists(&self, path: &Path) -> bool {
        path.exists()
    }

    fn is_dir(&self, path: &Path) -> bool {
        path.is_dir()
    }
}

/// Files held in memory; directories exist implicitly as prefixes of file paths.
#[derive(Clone, Debug, Default)]
pub struct MemoryFileSystem {
    files: BTreeMap<PathBuf, Vec<u8>>,
}

impl MemoryFileSystem {
    pub fn new() -> MemoryFileSystem {
        MemoryFileSystem::default()
    }

    /// Adds (or replaces) a file.
    pub fn insert(&mut self, path: impl Into<PathBuf>, contents: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), contents.into());
    }

    /// Builder form of [`MemoryFileSystem::insert`].
    pub fn with(mut self, path: impl Into<PathBuf>, contents: impl Into<Vec<u8>>) -> Self {
        self.insert(path, contents);
        self
    }

    fn is_directory(&self, path: &Path) -> bool {
        self.files
            .keys()
            .any(|file| file != path && file.starts_with(path))
    }
}

impl FileSystem for MemoryFileSystem {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.files.get(path).cloned().ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::NotFound,
                format!("{} not found", path.display()),
            )
        })
    }

    fn list_dir(&self, path: &Path) -> io::Result<Vec<PathBuf>> {
        if !self.is_directory(path) {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("{} is not a directory", path.display()),
            ));
        }
        let mut entries: Vec<PathBuf> = self
            .files
            .keys()
            .filter_map(|file| {
                let rest = file.strip_prefix(path).ok()?;
                let first = rest.components().next()?;
                Some(path.join(first))
            })
            .collect();
        entries.dedup();
        Ok(entries)
    }

    fn exists(&self, path: &Path) -> bool {
        self.files.contains_key(path) || self.is_directory(path)
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.is_directory(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_file_system_lists_files_and_implied_directories() {
        let fs = MemoryFileSystem::new()
            .with("/p/main.int", "a")
            .with("/p/modules/util/u.int", "b")
            .with("/p/modules/util/v.int", "c");
        assert_eq!(fs.read(Path::new("/p/main.int")).ok(), Some(b"a".to_vec()));
        assert!(fs.exists(Path::new("/p/modules")));
        assert!(fs.is_dir(Path::new("/p/modules/util")));
        assert!(!fs.is_dir(Path::new("/p/main.int")));
        assert!(!fs.exists(Path::new("/q")));
        let entries = fs.list_dir(Path::new("/p")).unwrap_or_default();
        assert_eq!(
            entries,
            vec![PathBuf::from("/p/main.int"), PathBuf::from("/p/modules")]
        );
        assert!(fs.list_dir(Path::new("/p/main.int")).is_err());
    }
}
