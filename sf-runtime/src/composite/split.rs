//! Packing subrequests into requests under Salesforce's per-request limits without
//! separating a subrequest from the ones it refers to.
//!
//! Subrequests linked by references (directly or transitively) form a group that must
//! travel together. Groups are packed first-fit, in order of their first subrequest,
//! and keep their original relative order, so a reference always points backwards
//! within its own request.

use super::error::BuildError;
use super::op::{Op, OpKind};

/// Limits of one request.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_subrequests: usize,
    /// Queries allowed per request (5 for Composite).
    pub max_queries: usize,
}

/// Composite: 25 subrequests, at most 5 of them queries.
pub const COMPOSITE_LIMITS: Limits = Limits {
    max_subrequests: 25,
    max_queries: 5,
};

/// Indices of `ops`, grouped into requests.
pub fn pack(ops: &[Op], limits: Limits) -> Result<Vec<Vec<usize>>, BuildError> {
    let n = ops.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for (i, op) in ops.iter().enumerate() {
        for &(_, dep) in &op.deps {
            if dep < n {
                let (a, b) = (find(&mut parent, i), find(&mut parent, dep));
                // The smaller index becomes the root: groups are ordered by first member.
                let (lo, hi) = if a < b { (a, b) } else { (b, a) };
                parent[hi] = lo;
            }
        }
    }
    // Members of each group in original order, groups in order of first member.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of_root = vec![usize::MAX; n];
    for i in 0..n {
        let root = find(&mut parent, i);
        if group_of_root[root] == usize::MAX {
            group_of_root[root] = groups.len();
            groups.push(Vec::new());
        }
        groups[group_of_root[root]].push(i);
    }
    let queries = |g: &[usize]| g.iter().filter(|&&i| ops[i].kind == OpKind::Query).count();
    let mut requests: Vec<(Vec<usize>, usize)> = Vec::new();
    for group in groups {
        let q = queries(&group);
        if group.len() > limits.max_subrequests || q > limits.max_queries {
            return Err(BuildError::TooManySubrequests {
                count: group.len(),
                limit: limits.max_subrequests,
                reason: " (these subrequests refer to each other and must travel together)",
            });
        }
        match requests.iter_mut().find(|(r, rq)| {
            r.len() + group.len() <= limits.max_subrequests && rq + q <= limits.max_queries
        }) {
            Some((r, rq)) => {
                r.extend(group);
                *rq += q;
            }
            None => requests.push((group, q)),
        }
    }
    Ok(requests
        .into_iter()
        .map(|(mut r, _)| {
            r.sort_unstable();
            r
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::composite::op::Method;

    fn op(deps: &[usize], kind: OpKind) -> Op {
        Op {
            method: Method::Post,
            path: "sobjects/Account".into(),
            body: None,
            deps: deps.iter().map(|&d| (1, d)).collect(),
            kind,
            label: "Account".into(),
        }
    }

    #[test]
    fn independent_subrequests_split_at_25() {
        let ops: Vec<_> = (0..60).map(|_| op(&[], OpKind::Record)).collect();
        let reqs = pack(&ops, COMPOSITE_LIMITS).unwrap();
        assert_eq!(reqs.iter().map(Vec::len).collect::<Vec<_>>(), [25, 25, 10]);
        assert_eq!(reqs.concat(), (0..60).collect::<Vec<_>>());
    }

    #[test]
    fn referring_pairs_are_never_separated() {
        // 20 accounts, each followed by a contact referring to it: 40 ops.
        let mut ops = Vec::new();
        for i in 0..20 {
            ops.push(op(&[], OpKind::Record));
            ops.push(op(&[2 * i], OpKind::Record));
        }
        let reqs = pack(&ops, COMPOSITE_LIMITS).unwrap();
        assert_eq!(reqs.len(), 2);
        for r in &reqs {
            assert!(r.len() <= 25);
            for &i in r {
                for &(_, d) in &ops[i].deps {
                    let pos_dep = r
                        .iter()
                        .position(|&x| x == d)
                        .expect("dependency in the same request");
                    let pos = r.iter().position(|&x| x == i).unwrap();
                    assert!(pos_dep < pos, "reference must point backwards");
                }
            }
        }
    }

    #[test]
    fn too_large_group_and_query_limit() {
        let chain: Vec<_> = (0..26)
            .map(|i| {
                if i == 0 {
                    op(&[], OpKind::Record)
                } else {
                    op(&[i - 1], OpKind::Record)
                }
            })
            .collect();
        assert!(matches!(
            pack(&chain, COMPOSITE_LIMITS),
            Err(BuildError::TooManySubrequests { count: 26, .. })
        ));
        let queries: Vec<_> = (0..7).map(|_| op(&[], OpKind::Query)).collect();
        let reqs = pack(&queries, COMPOSITE_LIMITS).unwrap();
        assert_eq!(reqs.iter().map(Vec::len).collect::<Vec<_>>(), [5, 2]);
    }
}
