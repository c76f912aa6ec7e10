//! The future every async trait method of the workspace returns.
//!
//! Written by hand instead of with `async-trait`: that macro turns on `syn`'s
//! `full` feature, which every provider's cold build then waits for
//! (ARCHITECTURE.md, "Decision: boxed futures by hand").

use std::{future::Future, pin::Pin};

/// A boxed, `Send` future borrowing for `'a`: what the methods of
/// [`StatusSource`](crate::StatusSource), [`RateLimiter`](crate::RateLimiter),
/// [`EventFeed`](crate::webhook::EventFeed) and the provider-side traits return,
/// so the traits stay usable as `dyn` and every implementation is checked to be
/// `Send` where it is written. Implementations write
/// `Box::pin(async move { .. })`.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
