//! Writing a file to disk while the build goes on.
//!
//! A build syncs what it wrote before switching `CURRENT` to the new
//! generation. Syncing a large file at once at the end costs time the
//! build then waits for (the passage table of the 18 MB corpus is 68 MB,
//! and syncing it at once took a tenth of a second); syncing what was
//! written so far, every [`SYNC_EVERY`] bytes, on another thread, leaves
//! little for the end.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::thread::JoinHandle;

/// Bytes written between two syncs to disk.
pub(crate) const SYNC_EVERY: u64 = 16 << 20;

/// A file being written through a buffer, synced to disk in the background
/// as it grows.
pub(crate) struct SyncingWriter {
    out: BufWriter<File>,
    written: u64,
    synced_up_to: u64,
    /// The sync of what was written up to `synced_up_to`, if still running.
    syncing: Option<JoinHandle<std::io::Result<()>>>,
}

impl SyncingWriter {
    /// Writes to `file` through a buffer of `capacity` bytes.
    pub(crate) fn new(file: File, capacity: usize) -> Self {
        SyncingWriter {
            out: BufWriter::with_capacity(capacity, file),
            written: 0,
            synced_up_to: 0,
            syncing: None,
        }
    }

    /// Bytes written so far.
    pub(crate) fn written(&self) -> u64 {
        self.written
    }

    /// Appends `bytes`, starting a background sync every [`SYNC_EVERY`]
    /// bytes.
    pub(crate) fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.out.write_all(bytes)?;
        self.written += bytes.len() as u64;
        if self.written - self.synced_up_to >= SYNC_EVERY {
            self.sync_in_background()?;
        }
        Ok(())
    }

    /// Starts writing what was written so far to disk on another thread,
    /// unless the last such sync is still running.
    fn sync_in_background(&mut self) -> std::io::Result<()> {
        if self.syncing.as_ref().is_some_and(|s| !s.is_finished()) {
            return Ok(());
        }
        self.wait_for_sync()?;
        self.out.flush()?;
        let file = self.out.get_ref().try_clone()?;
        self.syncing = Some(std::thread::spawn(move || file.sync_data()));
        self.synced_up_to = self.written;
        Ok(())
    }

    /// Waits for the background sync, if any, and reports its error.
    fn wait_for_sync(&mut self) -> std::io::Result<()> {
        match self.syncing.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            None => Ok(()),
        }
    }

    /// Flushes the buffer and syncs the whole file.
    pub(crate) fn finish(mut self) -> std::io::Result<()> {
        self.wait_for_sync()?;
        let file = self.out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_written_is_on_disk_after_finish() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let mut writer = SyncingWriter::new(File::create(&path).unwrap(), 1 << 10);
        let chunk = vec![7u8; (SYNC_EVERY / 4) as usize + 1];
        for _ in 0..9 {
            writer.write_all(&chunk).unwrap();
        }
        assert_eq!(writer.written(), 9 * chunk.len() as u64);
        writer.finish().unwrap();
        assert_eq!(
            std::fs::metadata(&path).unwrap().len(),
            9 * chunk.len() as u64
        );
    }
}
