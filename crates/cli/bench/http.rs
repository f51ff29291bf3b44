//! `fouille bench --http`: the same queries against a running `fouille
//! serve`, over real keep-alive HTTP/1.1 connections.
//!
//! Each of `--concurrency` connections sends `GET /search?q=…&limit=…` and
//! waits for the whole answer before the next; the time of a request runs
//! from sending it to the last byte of its answer. Connections are driven
//! by a small tokio runtime, as a load generator like wrk drives its own,
//! so that the client takes little of the machine from the server.

use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper::{header, Request, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

use super::{BenchQuery, Figures, Latencies, Schedule};
use crate::args::BenchArgs;

/// Runs the queries against the server at `url`, whose [`authority`] is
/// `authority`, and returns the figures.
pub fn run(
    url: &str,
    authority: &str,
    queries: Arc<Vec<BenchQuery>>,
    args: &BenchArgs,
) -> Result<Figures> {
    let encode =
        |text: &str| -> String { form_urlencoded::byte_serialize(text.as_bytes()).collect() };
    let mut scope = String::new();
    if let Some(filter) = &args.filter {
        scope.push_str(&format!("&filter={}", encode(filter)));
    }
    if !args.facets.is_empty() {
        scope.push_str(&format!("&facets={}", encode(&args.facets.join(","))));
    }
    let paths: Arc<Vec<(String, String)>> = Arc::new(
        queries
            .iter()
            .map(|q| {
                let query: String = form_urlencoded::byte_serialize(q.text.as_bytes()).collect();
                (
                    q.kind.clone(),
                    format!("/search?q={query}&limit={}{scope}", args.limit),
                )
            })
            .collect(),
    );
    let connections = args.concurrency.max(1);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(connections.min(2))
        .enable_all()
        .build()
        .context("cannot start the HTTP client's runtime")?;
    runtime.block_on(async {
        // Warm-up on one connection, which also checks that the server
        // answers every query.
        let mut warm = Connection::open(authority).await?;
        for _ in 0..args.warmup.max(1) {
            for (_, path) in paths.iter() {
                if let Err(why) = warm.get(path).await {
                    bail!("{url}{path}: {why}");
                }
            }
        }
        drop(warm);
        let mut opened = Vec::with_capacity(connections);
        for _ in 0..connections {
            opened.push(Connection::open(authority).await?);
        }
        let schedule = Arc::new(Schedule::new(args, paths.len()));
        let mut clients = tokio::task::JoinSet::new();
        for mut connection in opened {
            let (schedule, paths) = (Arc::clone(&schedule), Arc::clone(&paths));
            clients.spawn(async move {
                let mut latencies = Latencies::new();
                while let Some(i) = schedule.next() {
                    let (kind, path) = &paths[i];
                    let t = Instant::now();
                    match connection.get(path).await {
                        Ok(()) => latencies.record(i, kind, t.elapsed()),
                        Err(why) => latencies.error(|| format!("{path}: {why}")),
                    }
                }
                latencies
            });
        }
        let mut latencies = Latencies::new();
        while let Some(done) = clients.join_next().await {
            latencies.merge(done.context("an HTTP client failed")?);
        }
        Ok(Figures {
            latencies,
            elapsed: schedule.started.elapsed().as_secs_f64(),
            concurrency: connections,
        })
    })
}

/// `host:port` of an `http://host:port[/]` URL.
pub fn authority(url: &str) -> Result<String> {
    let uri: hyper::Uri = url
        .parse()
        .with_context(|| format!("`{url}` is not a URL (expected http://HOST:PORT)"))?;
    if uri.scheme_str() != Some("http") {
        bail!("`{url}`: only http:// URLs are supported (expected http://HOST:PORT)");
    }
    let Some(authority) = uri.authority() else {
        bail!("`{url}` has no host (expected http://HOST:PORT)");
    };
    if !matches!(uri.path(), "" | "/") {
        bail!("`{url}`: give the server's address only (http://HOST:PORT), not a path");
    }
    let port = authority.port_u16().unwrap_or(80);
    Ok(format!("{}:{port}", authority.host()))
}

/// One keep-alive connection; reopened after a failure.
struct Connection {
    authority: String,
    sender: Option<hyper::client::conn::http1::SendRequest<Empty<Bytes>>>,
}

impl Connection {
    async fn open(authority: &str) -> Result<Connection> {
        let mut connection = Connection {
            authority: authority.to_string(),
            sender: None,
        };
        connection.connect().await?;
        Ok(connection)
    }

    async fn connect(&mut self) -> Result<()> {
        let stream = TcpStream::connect(&self.authority)
            .await
            .with_context(|| format!("cannot connect to {}", self.authority))?;
        stream.set_nodelay(true)?;
        let (sender, driver) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .context("HTTP handshake failed")?;
        tokio::spawn(driver);
        self.sender = Some(sender);
        Ok(())
    }

    /// Sends `GET path` and reads the whole answer, which must be 200.
    async fn get(&mut self, path: &str) -> Result<()> {
        if self.sender.as_ref().is_none_or(|s| s.is_closed()) {
            self.connect().await?;
        }
        let Some(sender) = self.sender.as_mut() else {
            bail!("not connected");
        };
        let request = Request::get(path)
            .header(header::HOST, &self.authority)
            .body(Empty::new())?;
        let outcome = async {
            // The previous answer is read; the connection may still be
            // finishing it.
            sender.ready().await?;
            let response = sender.send_request(request).await?;
            let status = response.status();
            let body = response.into_body().collect().await?.to_bytes();
            anyhow::Ok((status, body))
        }
        .await;
        match outcome {
            Ok((StatusCode::OK, _)) => Ok(()),
            Ok((status, body)) => bail!("{status}: {}", String::from_utf8_lossy(&body)),
            Err(e) => {
                self.sender = None;
                Err(e)
            }
        }
    }
}
