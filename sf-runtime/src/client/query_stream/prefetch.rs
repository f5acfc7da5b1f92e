//! Reading one page ahead. The request for the next page is a future held by the
//! stream (no spawned task): it moves whenever the stream is polled, and dropping
//! the stream drops it, request and connection with it. Its outcome waits in the
//! stream until the consumer reaches that page, so an error there is returned
//! only after every row before it.
//!
//! The connection's own task (hyper's) writes the request and reads the answer; on
//! a current-thread runtime it runs only while the consumer awaits something, so
//! a consumer that never yields between pages gets less of the overlap than one
//! that awaits its own work (or runs on a multi-thread runtime).

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use bytes::Bytes;
use futures::task::{waker, ArcWake, AtomicWaker};

use crate::client::dispatch::{ApiRequest, ApiResponse, Client};
use crate::client::error::Error;

/// A page read ahead whole: the chunks its body arrived in and, when the body broke
/// off, why (the rows before the break are still good: the stream returns them
/// and fetches the page again, as it does for a page it reads as it arrives).
pub(super) struct Buffered {
    /// Status and URL, for errors (its body is empty).
    pub(super) resp: ApiResponse,
    /// Sent again if the body broke off or turns out garbled.
    pub(super) req: ApiRequest,
    pub(super) chunks: VecDeque<Bytes>,
    pub(super) broken: Option<Error>,
    /// `nextRecordsUrl`, found in a body that is all in: the next page can be
    /// requested before this one's rows are decoded, wherever the key is.
    pub(super) next_url: Option<String>,
}

impl Client {
    /// Sends `req` and reads its body to the end (or to where it broke off).
    pub(super) async fn fetch_buffered(self, req: ApiRequest) -> Result<Buffered, Error> {
        let (resp, mut body) = self.send_open(req.clone()).await?;
        let mut chunks = VecDeque::new();
        let broken = loop {
            match body.chunk().await {
                Ok(Some(chunk)) => chunks.push_back(chunk),
                Ok(None) => break None,
                Err(e) => break Some(resp.body_error(e)),
            }
        };
        let next_url = match broken {
            None => next_url(&chunks),
            Some(_) => None,
        };
        Ok(Buffered {
            resp,
            req,
            chunks,
            broken,
            next_url,
        })
    }
}

/// How far from either end of a body `nextRecordsUrl` is looked for.
const EDGE: usize = 2048;

/// `nextRecordsUrl` of a whole page body, among the keys before `records` (where
/// Salesforce writes it) or after. Only for queries without subqueries: then no
/// row holds the key (a row's text cannot hold it unescaped), and the page's own is
/// the only one.
fn next_url(chunks: &VecDeque<Bytes>) -> Option<String> {
    let key = super::pagination::NEXT_KEY;
    let head: Vec<u8> = chunks.iter().flatten().take(EDGE).copied().collect();
    if let Some(at) = memchr::memmem::find(&head, key) {
        return url_value(&head[at + key.len()..]);
    }
    let mut tail: Vec<u8> = chunks
        .iter()
        .rev()
        .flat_map(|c| c.iter().rev())
        .take(EDGE)
        .copied()
        .collect();
    tail.reverse();
    let at = memchr::memmem::rfind(&tail, key)?;
    url_value(&tail[at + key.len()..])
}

/// The string after `:` at the start of `rest` (`None` for `null` or anything else).
fn url_value(rest: &[u8]) -> Option<String> {
    let start = rest.iter().position(|b| !b" \t\r\n".contains(b))?;
    let rest = rest[start..].strip_prefix(b":")?;
    let mut values = serde_json::Deserializer::from_slice(rest).into_iter::<Option<String>>();
    values.next()?.ok().flatten()
}

type BoxFuture<O> = Pin<Box<dyn Future<Output = O> + Send>>;

/// Set when the future read ahead may move: polling it only then keeps the cost
/// per row of a stream at one atomic swap, not a poll through reqwest and hyper.
#[derive(Default)]
struct Flag {
    woken: AtomicBool,
    consumer: AtomicWaker,
}

impl ArcWake for Flag {
    fn wake_by_ref(arc_self: &Arc<Self>) {
        arc_self.woken.store(true, Ordering::Release);
        arc_self.consumer.wake();
    }
}

/// The next page, being fetched (or fetched) while the current one is consumed.
pub(super) struct Ahead<O> {
    future: Option<BoxFuture<O>>,
    output: Option<O>,
    flag: Arc<Flag>,
    waker: Waker,
}

impl<O: Send + 'static> Ahead<O> {
    /// Holds `future`; nothing runs before the first poll.
    pub(super) fn new(future: impl Future<Output = O> + Send + 'static) -> Self {
        let flag = Arc::new(Flag {
            woken: AtomicBool::new(true),
            consumer: AtomicWaker::new(),
        });
        Ahead {
            future: Some(Box::pin(future)),
            output: None,
            waker: waker(flag.clone()),
            flag,
        }
    }

    /// Lets the future move if it was woken since it last ran; never waits.
    pub(super) fn progress(&mut self, cx: &mut Context<'_>) {
        if self.future.is_some() && self.flag.woken.swap(false, Ordering::AcqRel) {
            self.run(cx);
        }
    }

    fn run(&mut self, cx: &mut Context<'_>) {
        // The consumer's task is woken too: it may be waiting for this very page.
        self.flag.consumer.register(cx.waker());
        if let Some(future) = &mut self.future {
            if let Poll::Ready(out) = future.as_mut().poll(&mut Context::from_waker(&self.waker)) {
                self.output = Some(out);
                self.future = None;
            }
        }
    }

    /// Waits for the page.
    pub(super) async fn finish(mut self) -> O {
        std::future::poll_fn(move |cx| {
            self.flag.woken.store(false, Ordering::Release);
            self.run(cx);
            match self.output.take() {
                Some(out) => Poll::Ready(out),
                None => Poll::Pending,
            }
        })
        .await
    }
}

/// Lets the page read ahead (if any) move once, without waiting.
pub(super) async fn nudge<O: Send + 'static>(ahead: &mut Option<Ahead<O>>) {
    if let Some(ahead) = ahead {
        std::future::poll_fn(|cx| {
            ahead.progress(cx);
            Poll::Ready(())
        })
        .await;
    }
}

/// Awaits `future` while the page read ahead keeps moving.
pub(super) async fn alongside<O: Send + 'static, F: Future>(
    ahead: &mut Option<Ahead<O>>,
    future: F,
) -> F::Output {
    let mut future = std::pin::pin!(future);
    std::future::poll_fn(|cx| {
        if let Some(ahead) = ahead.as_mut() {
            ahead.progress(cx);
        }
        future.as_mut().poll(cx)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn the_next_url_is_found_before_or_after_the_rows() {
        let chunks = |body: &str| -> VecDeque<Bytes> {
            body.as_bytes()
                .chunks(7)
                .map(Bytes::copy_from_slice)
                .collect()
        };
        let rows = format!("[{}]", vec![r#"{"Name":"x"}"#; 400].join(","));
        let before = format!(
            r#"{{"totalSize":9,"done":false,"nextRecordsUrl" : "/q/01g-2","records":{rows}}}"#
        );
        assert_eq!(next_url(&chunks(&before)).as_deref(), Some("/q/01g-2"));
        let after = format!(
            r#"{{"totalSize":9,"done":false,"records":{rows},"nextRecordsUrl":"/q/01g-3"}}"#
        );
        assert_eq!(next_url(&chunks(&after)).as_deref(), Some("/q/01g-3"));
        let last =
            format!(r#"{{"totalSize":9,"done":true,"records":{rows},"nextRecordsUrl":null}}"#);
        assert_eq!(next_url(&chunks(&last)), None);
        let none = format!(r#"{{"totalSize":9,"done":true,"records":{rows}}}"#);
        assert_eq!(next_url(&chunks(&none)), None);
    }

    #[tokio::test]
    async fn nothing_runs_before_a_poll_and_the_output_waits_to_be_taken() {
        let polls = Arc::new(AtomicUsize::new(0));
        let counted = polls.clone();
        let mut ahead = Some(Ahead::new(async move {
            counted.fetch_add(1, Ordering::SeqCst);
            tokio::task::yield_now().await;
            7
        }));
        assert_eq!(polls.load(Ordering::SeqCst), 0, "lazy");
        nudge(&mut ahead).await;
        assert_eq!(polls.load(Ordering::SeqCst), 1);
        let out = alongside(&mut ahead, async { 1 }).await;
        assert_eq!(out, 1);
        let Some(ahead) = ahead else { return };
        assert_eq!(ahead.finish().await, 7);
    }
}
