//! `fouille serve`.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use anyhow::{Context, Result};
use fouille_server::{serve, ApiKey, CitedPaths, Role, ServerConfig, TlsFiles, MIN_KEY_CHARS};
use tracing::level_filters::LevelFilter;

use crate::args::{ServeAccess, ServeArgs};

/// Builds the index if needed, then serves it until Ctrl-C or SIGTERM.
pub fn run(args: &ServeArgs) -> Result<()> {
    let located = args.locations.locate()?;
    let mut config = ServerConfig::new(args.addr, located.index.clone());
    apply_access(&args.access, &mut config)?;
    config.check_protected()?;
    if let Some(path) = &args.synonyms {
        config.synonyms = fouille_query::Synonyms::read(path)?;
    }
    drop(crate::index::open_fresh(&located)?);
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
    config.log_queries = args.log_queries;
    config.rescan_interval = Duration::from_secs(args.rescan);
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
    let scheme = if config.tls.is_some() {
        "https"
    } else {
        "http"
    };
    runtime.block_on(serve(config, |addr| {
        // Tests and scripts read this line to learn the port.
        println!("listening on {scheme}://{addr}");
        let _ = std::io::stdout().flush();
    }))?;
    Ok(())
}

/// Sets the access rules of `config` from the flags.
fn apply_access(access: &ServeAccess, config: &mut ServerConfig) -> Result<()> {
    let keys = access
        .api_key
        .iter()
        .map(|k| (k, Role::Search))
        .chain(access.admin_key.iter().map(|k| (k, Role::Admin)));
    for (key, role) in keys {
        if key.trim().is_empty() {
            continue;
        }
        let key = ApiKey::new(key, role).ok_or_else(|| {
            anyhow::anyhow!(
                "an API key must have at least {MIN_KEY_CHARS} printable characters, no spaces"
            )
        })?;
        config.api_keys.push(key);
    }
    config.no_auth = access.no_auth;
    if !access.allowed_host.is_empty() {
        config.allowed_hosts = if access.allowed_host.iter().any(|h| h == "*") {
            None
        } else {
            Some(access.allowed_host.clone())
        };
    }
    config.cors_origins = access.cors_origin.clone();
    if let (Some(cert), Some(key)) = (&access.tls_cert, &access.tls_key) {
        config.tls = Some(TlsFiles {
            cert: cert.clone(),
            key: key.clone(),
        });
    }
    match access.paths.as_deref() {
        Some("corpus") => config.cited_paths = CitedPaths::WithCorpus,
        Some("relative") => config.cited_paths = CitedPaths::FromCorpusRoot,
        _ => {}
    }
    Ok(())
}
