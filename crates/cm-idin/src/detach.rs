//! A future that, dropped before it finished, finishes in a task of its own.

use std::{
    future::Future,
    pin::Pin,
    task::{Context, Poll},
};

/// Polls `inner` in place (in the caller's task: its span, its task-local
/// deadline), and hands it to a new task on the current tokio runtime when it is
/// dropped before it finished. A status call with an identity sink is wrapped in
/// one: once its request may have gone out, the answer it brings is handed out
/// once, so it is read to its end and persisted even when the caller stopped
/// waiting. Outside a tokio runtime a dropped future is dropped.
pub(crate) struct DetachOnDrop<F>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    inner: Option<Pin<Box<F>>>,
}

impl<F> DetachOnDrop<F>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    pub(crate) fn new(inner: F) -> Self {
        Self {
            inner: Some(Box::pin(inner)),
        }
    }
}

impl<F> Future for DetachOnDrop<F>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        // Polled again after it finished: never ready again (a misuse, not a panic).
        let Some(inner) = self.inner.as_mut() else {
            return Poll::Pending;
        };
        match inner.as_mut().poll(cx) {
            Poll::Ready(output) => {
                self.inner = None;
                Poll::Ready(output)
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<F> Drop for DetachOnDrop<F>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    fn drop(&mut self) {
        if let (Some(inner), Ok(runtime)) =
            (self.inner.take(), tokio::runtime::Handle::try_current())
        {
            drop(runtime.spawn(inner));
        }
    }
}
