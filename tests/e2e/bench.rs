//! `fouille bench`: the figures come out, in both forms. (Speed targets are
//! checked by running the benchmark, not here: tests must pass on a loaded
//! machine.)

use super::{repo_corpus, test_data, Fouille};

#[test]
fn bench_reports_latency_percentiles_and_kinds() {
    let fouille = Fouille::new();
    let index = fouille.index();
    let qrels = test_data("dev.jsonl");
    let run = fouille.on_repo(
        "bench",
        &[
            "--json",
            "--iterations",
            "2",
            "--warmup",
            "1",
            "--queries",
            qrels.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    assert_eq!(report["queries"], 27);
    assert_eq!(report["iterations"], 54);
    assert!(report["qps"].as_f64().unwrap() > 0.0);
    for key in ["p50", "p90", "p99", "p999", "max"] {
        assert!(report["latency_us"][key].as_u64().unwrap() > 0, "{key}");
    }
    assert!(report["by_kind"]["typo"]["p99"].as_u64().is_some());

    std::fs::write(
        fouille.dir.path().join("q.txt"),
        "santé\ninteropérabilité\n",
    )
    .unwrap();
    let run = fouille.run(&[
        "bench",
        "--iterations",
        "3",
        "--concurrency",
        "2",
        "--queries",
        "q.txt",
        "--index",
        index.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("queries/s"), "{}", run.stdout);
    assert!(run.stdout.contains("p99"), "{}", run.stdout);
}

#[test]
fn bench_over_http_reports_both_figures_and_refuses_a_dead_server() {
    let fouille = Fouille::new();
    let corpus = repo_corpus();
    let index = fouille.index();
    let locations = [
        "--corpus",
        corpus.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
    ];
    let served = fouille.serve(&locations);
    let url = format!("http://127.0.0.1:{}", served.port);
    let qrels = test_data("dev.jsonl");
    let mut args = vec![
        "bench",
        "--queries",
        qrels.to_str().unwrap(),
        "--json",
        "--iterations",
        "2",
        "--warmup",
        "1",
        "--concurrency",
        "4",
        "--http",
        &url,
    ];
    args.extend(locations);
    let run = fouille.run(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    assert_eq!(report["iterations"], 54);
    let http = &report["http"];
    assert_eq!(http["iterations"], 54, "{http}");
    assert_eq!(http["errors"], 0);
    assert_eq!(http["concurrency"], 4);
    assert!(http["latency_us"]["p99"].as_u64().unwrap() > 0);
    assert!(http["by_kind"]["question"]["p50"].as_u64().is_some());
    drop(served);

    let run = fouille.run(&args);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stderr.contains("cannot connect"), "{}", run.stderr);
    let wrong = ["bench", "--http", "https://example.org"];
    let run = fouille.run(&[&wrong[..], &locations[..]].concat());
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("only http://"), "{}", run.stderr);
}
