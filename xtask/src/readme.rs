//! The workspace `README.md`, so its Rust snippets compile as doctests
//! (`cargo test -p xtask --doc`): the quick start a new user copies stays true.
//! Each crate's own README is its crate docs and is tested by that crate.
#![doc = include_str!("../../README.md")]
