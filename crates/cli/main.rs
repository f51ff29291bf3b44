//! The `fouille` command: parses the command line and hands the work to the
//! `fouille-ingest` and `fouille-query` libraries.

mod analyze;
mod args;
mod eval;
mod index;
mod output;
mod search;
mod show;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

/// Exit code for errors in what the user typed (clap uses it too).
const EXIT_USAGE: u8 = 2;
/// Exit code for every other failure.
const EXIT_FAILURE: u8 = 1;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match &cli.command {
        Command::Index(args) => index::run(args),
        Command::Search(args) => search::run(args),
        Command::Show(args) => show::run(args),
        Command::Analyze(args) => analyze::run(args),
        Command::Eval(args) => eval::run(args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("fouille: error: {}", one_line(&error));
            let usage = error
                .downcast_ref::<fouille_query::QueryError>()
                .is_some_and(fouille_query::QueryError::is_usage);
            ExitCode::from(if usage { EXIT_USAGE } else { EXIT_FAILURE })
        }
    }
}

/// The error and its causes on one line, without repeating a cause that the
/// message above it already quotes.
fn one_line(error: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

/// `fouille search … | head` closes the pipe early: that is not an error.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(|e| e.io_error_kind())
                .is_some_and(|kind| kind == std::io::ErrorKind::BrokenPipe)
    })
}
