//! A read-only view of a committed index generation.
//!
//! tantivy's readers take a lock file in the index directory, which fails on
//! a directory the user may read but not write (an index shared on a
//! read-only mount, or built by another user). A committed generation is
//! never written again — a rebuild writes a new generation beside it — so
//! readers need no lock: this directory grants locks without touching the
//! disk and refuses every write.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, OwnedBytes, WatchCallback,
    WatchHandle, WritePtr,
};

/// A committed generation opened for reading only.
#[derive(Debug, Clone)]
pub struct ReadOnlyDirectory {
    inner: MmapDirectory,
    /// The generation directory.
    root: PathBuf,
    /// Files are read into memory when first opened, not mapped (see
    /// [`ReadOnlyDirectory::open_in_memory`]); the copies, by path.
    copies: Option<Arc<Mutex<HashMap<PathBuf, OwnedBytes>>>>,
}

impl ReadOnlyDirectory {
    /// Opens the generation directory at `path`; its files are mapped.
    pub fn open(path: &Path) -> tantivy::Result<Self> {
        Ok(ReadOnlyDirectory {
            inner: MmapDirectory::open(path)?,
            root: path.to_path_buf(),
            copies: None,
        })
    }

    /// Opens the generation directory at `path`, reading each file into
    /// memory when it is first opened. A mapped file that is truncated
    /// under a reader kills the process (SIGBUS) at the next access to a
    /// page past its new end; a copy cannot be taken away. For a server,
    /// which keeps a generation open for long: it costs the index's size
    /// in memory and its reading once.
    pub fn open_in_memory(path: &Path) -> tantivy::Result<Self> {
        Ok(ReadOnlyDirectory {
            inner: MmapDirectory::open(path)?,
            root: path.to_path_buf(),
            copies: Some(Arc::default()),
        })
    }
}

fn read_only(path: &Path) -> Arc<io::Error> {
    Arc::new(io::Error::new(
        io::ErrorKind::PermissionDenied,
        format!("{} belongs to a committed index generation", path.display()),
    ))
}

impl Directory for ReadOnlyDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let Some(copies) = &self.copies else {
            return self.inner.get_file_handle(path);
        };
        let mut copies = copies.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(bytes) = copies.get(path) {
            return Ok(Arc::new(bytes.clone()));
        }
        // Read, not mapped: a file shorter than it should be is then an
        // error of tantivy's or the table's checks, never a signal.
        let bytes = std::fs::read(self.root.join(path))
            .map(OwnedBytes::new)
            .map_err(|e| match e.kind() {
                io::ErrorKind::NotFound => OpenReadError::FileDoesNotExist(path.to_path_buf()),
                _ => OpenReadError::IoError {
                    io_error: Arc::new(e),
                    filepath: path.to_path_buf(),
                },
            })?;
        copies.insert(path.to_path_buf(), bytes.clone());
        Ok(Arc::new(bytes))
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError {
            io_error: read_only(path),
            filepath: path.to_path_buf(),
        })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::IoError {
            io_error: read_only(path),
            filepath: path.to_path_buf(),
        })
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!("{} belongs to a committed index generation", path.display()),
        ))
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, _callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}
