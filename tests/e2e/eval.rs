//! Relevance on the development judgements must not fall below the bar.

use super::{repo_corpus, test_data, Fouille};

#[test]
fn seed_dev_set_ndcg_is_at_least_0_90() {
    let report = Fouille::new().eval_json(&test_data("dev.jsonl"), &repo_corpus());
    let ndcg = report["overall"]["ndcg"].as_f64().unwrap();
    assert!(ndcg >= 0.90, "nDCG@10 {ndcg:.3} < 0.90");
    assert_eq!(report["negatives_passed"], report["negatives"]);
}

#[test]
fn faq_dev_set_beats_the_plain_tantivy_pipeline() {
    let report = Fouille::new().eval_json(&test_data("faq/dev.jsonl"), &test_data("faq/corpus"));
    let ndcg = report["overall"]["ndcg"].as_f64().unwrap();
    // tantivy's own French pipeline scores 0.32 here.
    assert!(ndcg >= 0.32, "nDCG@10 {ndcg:.3} < 0.32");
}
