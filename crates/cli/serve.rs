//! `fouille serve`.

use std::io::{IsTerminal, Write};

use anyhow::{Context, Result};
use fouille_ingest::IndexDir;
use fouille_server::{serve, ServerConfig};
use tracing::level_filters::LevelFilter;

use crate::args::ServeArgs;

/// Builds the index if needed, then serves it until Ctrl-C or SIGTERM.
pub fn run(args: &ServeArgs) -> Result<()> {
    let index_dir = IndexDir::new(&args.locations.index);
    crate::index::ensure(&index_dir, args.locations.corpus_dir())?;
    // One line per request at `info`; RUST_LOG=warn (or error, off) keeps
    // only the problems.
    let level = match std::env::var("RUST_LOG") {
        Ok(value) => value.trim().parse::<LevelFilter>().with_context(|| {
            format!("RUST_LOG={value}: expected off, error, warn, info, debug or trace")
        })?,
        Err(_) => LevelFilter::INFO,
    };
    tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .init();
    let mut config = ServerConfig::new(args.addr, args.locations.index.clone());
    config.log_queries = args.log_queries;
    let runtime = config
        .runtime()
        .context("cannot start the server's runtime")?;
    runtime.block_on(serve(config, |addr| {
        // Tests and scripts read this line to learn the port.
        println!("listening on http://{addr}");
        let _ = std::io::stdout().flush();
    }))?;
    Ok(())
}
