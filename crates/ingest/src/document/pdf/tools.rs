//! Running the command-line tools that read a PDF on one file, within
//! bounds: poppler's (`pdftotext`, `pdftohtml`, `pdfinfo`, `pdftoppm`,
//! from Debian's `poppler-utils`) and, for scans with `--ocr`, Tesseract
//! (`tesseract`, from `tesseract-ocr-fra`).
//!
//! Each tool runs as a child process: a PDF that makes a tool loop, eat
//! memory or crash costs that process, never the build. The child is
//! killed past [`TIME_LIMIT`], cannot map more than [`MEMORY_LIMIT`], and
//! its output is read up to [`OUTPUT_LIMIT`].

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::super::ReadError;

/// Longest a tool may run on one file.
pub(super) const TIME_LIMIT: Duration = Duration::from_secs(60);
/// Most address space a tool may map.
const MEMORY_LIMIT: u64 = 2 << 30;
/// Most output read from a tool: the layout of about 20,000 pages.
const OUTPUT_LIMIT: u64 = 1 << 30;
/// Most of a tool's error output kept for its message.
const ERROR_LIMIT: u64 = 64 << 10;

/// What to install when `program` is missing, named in the message.
fn package_hint(program: &str) -> &'static str {
    match program {
        "tesseract" => {
            "Scans are read (--ocr) by Tesseract with its French model: install \
             tesseract-ocr-fra (apt install tesseract-ocr-fra)"
        }
        _ => {
            "PDF files are read by poppler's pdftotext: install poppler-utils \
             (apt install poppler-utils)"
        }
    }
}

/// Words every [`package_hint`] holds, to tell a missing tool.
const INSTALL: &str = ": install ";

/// Bytes written to a file of their own for the tools, removed when
/// dropped.
pub(super) struct TempFile {
    path: PathBuf,
}

impl TempFile {
    /// Writes `bytes` to a new file in the system's temporary folder,
    /// named with `extension` (`pdf`, `pgm`).
    pub(super) fn new(bytes: &[u8], extension: &str) -> Result<TempFile, ReadError> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::temp_dir();
        let failed = |e: std::io::Error| ReadError::Tool {
            reason: format!("cannot write a temporary copy in {}: {e}", dir.display()),
        };
        loop {
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let path = dir.join(format!("fouille-{}-{n}.{extension}", std::process::id()));
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            // Only this user reads the copy of a document, whatever the
            // document's own mode.
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            match options.open(&path) {
                Ok(mut file) => {
                    let temp = TempFile { path };
                    file.write_all(bytes).map_err(failed)?;
                    return Ok(temp);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(failed(e)),
            }
        }
    }

    pub(super) fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Runs `program` with `args` and returns what it printed, or why it
/// failed: missing, killed at a bound, or its own error message.
pub(super) fn run(program: &str, args: &[&std::ffi::OsStr]) -> Result<Vec<u8>, ReadError> {
    run_with(program, args, &[])
}

/// [`run`], with the variables `env` set for the tool.
pub(super) fn run_with(
    program: &str,
    args: &[&std::ffi::OsStr],
    env: &[(&str, &str)],
) -> Result<Vec<u8>, ReadError> {
    let mut command = Command::new(program);
    command
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: the closure runs in the child between fork and exec and
        // only calls setrlimit, which is async-signal-safe, on a struct of
        // its own stack.
        unsafe {
            command.pre_exec(|| {
                let limit = libc::rlimit {
                    rlim_cur: MEMORY_LIMIT as libc::rlim_t,
                    rlim_max: MEMORY_LIMIT as libc::rlim_t,
                };
                libc::setrlimit(libc::RLIMIT_AS, &limit);
                Ok(())
            });
        }
    }
    let mut child = command.spawn().map_err(|e| ReadError::Tool {
        reason: if e.kind() == std::io::ErrorKind::NotFound {
            format!("{program} not found. {}", package_hint(program))
        } else {
            format!("cannot run {program}: {e}")
        },
    })?;
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    // Both pipes are read at once, so that a tool that fills one while
    // the other is unread never waits.
    let output = std::thread::spawn(move || read_up_to(stdout, OUTPUT_LIMIT + 1));
    let errors = std::thread::spawn(move || read_up_to(stderr, ERROR_LIMIT));
    let deadline = Instant::now() + TIME_LIMIT;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(2));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    let output = output.join().unwrap_or_default();
    let errors = errors.join().unwrap_or_default();
    let Some(status) = status else {
        return Err(ReadError::Tool {
            reason: format!(
                "{program} did not finish within {} s: stopped",
                TIME_LIMIT.as_secs()
            ),
        });
    };
    if output.len() as u64 > OUTPUT_LIMIT {
        return Err(ReadError::TooLarge {
            limit: OUTPUT_LIMIT >> 20,
        });
    }
    if !status.success() {
        return Err(failure(program, &errors, status));
    }
    Ok(output)
}

/// True when `error` says a tool is missing, or what it needs (Tesseract's
/// French model): it names the package to install.
pub(super) fn is_missing(error: &ReadError) -> bool {
    matches!(error, ReadError::Tool { reason } if reason.contains(INSTALL))
}

/// Up to `limit` bytes of a pipe; the pipe is closed after them, which
/// stops a tool that writes more.
fn read_up_to(pipe: Option<impl Read>, limit: u64) -> Vec<u8> {
    let mut bytes = Vec::new();
    if let Some(pipe) = pipe {
        let _ = pipe.take(limit).read_to_end(&mut bytes);
    }
    bytes
}

/// The error of a tool that exited with `status` after printing `errors`.
fn failure(program: &str, errors: &[u8], status: std::process::ExitStatus) -> ReadError {
    let errors = String::from_utf8_lossy(errors);
    let said = |what: &str| errors.lines().any(|l| l.contains(what));
    if said("Incorrect password") || said("password") {
        return ReadError::Encrypted;
    }
    // Poppler's first error says what is wrong; its warnings come before.
    let first = errors
        .lines()
        .find(|l| l.contains("Error"))
        .or_else(|| errors.lines().find(|l| !l.trim().is_empty()))
        .map(str::trim);
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return ReadError::Tool {
                reason: format!(
                    "{program} stopped by signal {signal}{}",
                    if signal == 6 || signal == 9 || signal == 11 {
                        " (out of memory, or a crash on this file)"
                    } else {
                        ""
                    }
                ),
            };
        }
    }
    ReadError::Malformed {
        reason: match first {
            Some(line) => format!("{program}: {line}"),
            None => format!("{program} failed ({status})"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_tool_names_the_package_to_install() {
        let e = run("fouille-no-such-tool", &[]).unwrap_err();
        let ReadError::Tool { reason } = e else {
            panic!("{e:?}")
        };
        assert!(reason.contains("poppler-utils"), "{reason}");
        assert!(is_missing(&ReadError::Tool { reason }));
        assert!(package_hint("tesseract").contains("install tesseract-ocr-fra"));
        assert!(package_hint("tesseract").contains(INSTALL));
    }

    #[test]
    fn a_tool_that_fails_gives_its_own_first_error() {
        let e = run(
            "sh",
            &[
                "-c".as_ref(),
                "echo 'Syntax Error: no trailer' >&2; exit 1".as_ref(),
            ],
        )
        .unwrap_err();
        assert_eq!(
            e,
            ReadError::Malformed {
                reason: "sh: Syntax Error: no trailer".into()
            }
        );
    }

    #[test]
    fn a_temporary_copy_is_removed_when_dropped() {
        let temp = TempFile::new(b"%PDF-1.4", "pdf").unwrap();
        let path = temp.path().to_path_buf();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "{mode:o}: others cannot read it");
        }
        assert_eq!(std::fs::read(&path).unwrap(), b"%PDF-1.4");
        drop(temp);
        assert!(!path.exists());
    }
}
