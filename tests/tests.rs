//! End-to-end tests: they run the real `fouille` binary on the bundled corpus
//! and on corpora written for the test; and the shape of the code itself
//! (`layout`).

mod e2e;
mod layout;
