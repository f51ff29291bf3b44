//! End-to-end tests: they run the real `fouille` binary on the bundled corpus
//! and on corpora written for the test.

mod e2e;
