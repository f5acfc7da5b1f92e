//! Splitting inputs into request-sized chunks and running them concurrently while
//! keeping results in input order.

use std::future::Future;
use std::ops::Range;

use futures::stream::{self, StreamExt};

/// `0..len` cut into consecutive ranges of at most `size` (the last may be shorter).
pub fn chunk_ranges(len: usize, size: usize) -> Vec<Range<usize>> {
    let size = size.max(1);
    (0..len)
        .step_by(size)
        .map(|start| start..(start + size).min(len))
        .collect()
}

/// Runs `work` on every range with at most `concurrency` in flight and returns the
/// results concatenated in range order, whatever order they finished in.
///
/// `on_done` sees each range's results as they are released (in order), which is where
/// progress is reported.
pub async fn run_ordered<R, Fut, W, D>(
    ranges: Vec<Range<usize>>,
    concurrency: usize,
    work: W,
    mut on_done: D,
) -> Vec<R>
where
    W: Fn(Range<usize>) -> Fut,
    Fut: Future<Output = Vec<R>>,
    D: FnMut(&[R]),
{
    let total: usize = ranges.iter().map(|r| r.len()).sum();
    let mut out = Vec::with_capacity(total);
    // `buffered` (not `buffer_unordered`) yields in submission order: the order guarantee.
    let mut results = stream::iter(ranges.into_iter().map(&work)).buffered(concurrency.max(1));
    while let Some(batch) = results.next().await {
        on_done(&batch);
        out.extend(batch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[test]
    fn chunks_at_the_limit() {
        assert_eq!(chunk_ranges(0, 200), Vec::<Range<usize>>::new());
        assert_eq!(chunk_ranges(200, 200), vec![0..200]);
        assert_eq!(chunk_ranges(401, 200), vec![0..200, 200..400, 400..401]);
        assert_eq!(chunk_ranges(1001, 200).len(), 6); // ⌈1001/200⌉
    }

    #[tokio::test]
    async fn results_keep_input_order_when_later_chunks_finish_first() {
        let in_flight = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let ranges = chunk_ranges(1000, 100);
        let seen = std::cell::RefCell::new(Vec::new());
        let out = run_ordered(
            ranges,
            4,
            |r: Range<usize>| {
                let in_flight = in_flight.clone();
                let peak = peak.clone();
                async move {
                    let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                    peak.fetch_max(now, Ordering::SeqCst);
                    // Earlier chunks yield more often, so later ones complete first.
                    for _ in 0..(10 - r.start / 100) {
                        tokio::task::yield_now().await;
                    }
                    in_flight.fetch_sub(1, Ordering::SeqCst);
                    r.collect::<Vec<_>>()
                }
            },
            |batch: &[usize]| seen.borrow_mut().push(batch[0]),
        )
        .await;
        assert_eq!(out, (0..1000).collect::<Vec<_>>());
        assert_eq!(*seen.borrow(), (0..10).map(|i| i * 100).collect::<Vec<_>>());
        let peak = peak.load(Ordering::SeqCst);
        assert!(peak > 1 && peak <= 4, "peak concurrency {peak}");
    }
}
