//! The `fouille` command: parses the command line and hands the work to the
//! `fouille-ingest` and `fouille-query` libraries.

mod analyze;
mod args;
mod bench;
mod concord;
mod cooc;
mod eval;
mod index;
mod locate;
mod output;
mod search;
mod serve;
mod show;
mod stats;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

/// mimalloc rather than the system allocator: a search allocates many
/// small strings and vectors (citations, highlights, tantivy's scorers),
/// and mimalloc serves them faster from per-thread pages.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit code for errors in what the user typed (clap uses it too).
const EXIT_USAGE: u8 = 2;
/// Exit code for every other failure.
const EXIT_FAILURE: u8 = 1;

/// An error in what the user typed that the argument parser cannot see
/// (an empty passage id, say): reported with the usage exit code.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

fn main() -> ExitCode {
    let cli = match Cli::try_parse_from(args::exclusions_as_query(std::env::args_os())) {
        Ok(cli) => cli,
        Err(error) => return usage_error(error),
    };
    output::set_colour(cli.color);
    let outcome = match &cli.command {
        Command::Index(args) => index::run(args),
        Command::Search(args) => search::run(args),
        Command::Show(args) => show::run(args),
        Command::Concord(args) => concord::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Cooc(args) => cooc::run(args),
        Command::Analyze(args) => analyze::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            // Written to memory first: clap_complete panics when its
            // writer fails (`fouille completions bash | head`).
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "fouille", &mut script);
            std::io::Write::write_all(&mut std::io::stdout(), &script).map_err(anyhow::Error::from)
        }
        Command::Man => {
            use clap::CommandFactory;
            clap_mangen::Man::new(Cli::command())
                .render(&mut std::io::stdout())
                .map_err(anyhow::Error::from)
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            let message = index::cli_message(&error)
                .or_else(|| match error.downcast_ref::<fouille_query::QueryError>() {
                    // Named as the command line gives it.
                    Some(fouille_query::QueryError::BadFilter(e)) => Some(format!("--filter: {e}")),
                    _ => None,
                })
                .unwrap_or_else(|| one_line(&error));
            match index::rebuild_hint(&error) {
                Some(hint) => eprintln!("fouille: error: {message}; {hint}"),
                None => eprintln!("fouille: error: {message}"),
            }
            let usage = error.downcast_ref::<UsageError>().is_some()
                || error
                    .downcast_ref::<fouille_query::QueryError>()
                    .is_some_and(fouille_query::QueryError::is_usage);
            ExitCode::from(if usage { EXIT_USAGE } else { EXIT_FAILURE })
        }
    }
}

/// Prints help and version as clap does; every other command-line error as
/// one line (with clap's tip, if any) and the usage exit code.
fn usage_error(error: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = error.print();
        return ExitCode::from(if error.use_stderr() { EXIT_USAGE } else { 0 });
    }
    let rendered = error.render().to_string();
    let mut lines = rendered.lines().map(str::trim).filter(|l| !l.is_empty());
    let mut message = lines
        .next()
        .unwrap_or("bad arguments")
        .trim_start_matches("error: ")
        .to_string();
    if message.ends_with(':') {
        // "the following required arguments were not provided:" + the list.
        if let Some(what) = lines.next() {
            message.push(' ');
            message.push_str(what);
        }
    }
    if let Some(tip) = lines.find_map(|l| l.strip_prefix("tip: ")) {
        message.push_str(&format!(" ({tip})"));
    }
    eprintln!("fouille: error: {message}; see `fouille --help`");
    ExitCode::from(EXIT_USAGE)
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
