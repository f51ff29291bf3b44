//! `fouille serve`.

use std::io::{IsTerminal, Write};
use std::time::Duration;

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
    let limits = &args.limits;
    config.max_connections = limits.max_connections;
    config.max_concurrency = limits.max_requests;
    config.client_connections = limits.client_connections;
    if let Some(rate) = limits.client_rate {
        config.client_rate = rate;
    }
    config.request_timeout = Duration::from_secs(limits.request_timeout);
    config.header_timeout = Duration::from_secs(limits.header_timeout);
    config.idle_timeout = Duration::from_secs(limits.idle_timeout);
    config.write_timeout = Duration::from_secs(limits.write_timeout);
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
