//! How deeply generated structs nest, and the `#![recursion_limit]` that is
//! enough for rustc to check them.
//!
//! Every generated struct must be `Send + Sync` (`SObject` requires it). rustc
//! proves that structurally, depth-first through every field type, and a chain
//! of records nested in records costs several levels per object:
//! `Contact` → `Option<Box<Account>>` → `Box<Account>` → `Unique<Account>` →
//! `Account` (4 for a parent), `Option<ChildRecords<C>>` → `ChildRecords<C>` →
//! `Vec<C>` → `RawVec<C>` → `PhantomData<C>` → `C` (6 for a child relationship;
//! measured with rustc 1.95). Cycles end the search (auto traits are
//! coinductive), so the depth is bounded by the longest chain of *distinct*
//! objects, and the default limit of 128 covers about 20 objects linked
//! through child relationships or 30 through lookups. Beyond that rustc stops
//! with `error[E0275]: overflow evaluating the requirement `…: Sync``.
//!
//! The chain cannot be cut in the generated code without `unsafe impl Send`
//! (which `#![forbid(unsafe_code)]` crates reject) or without changing the
//! field types the derive and the runtime agree on; the including crate's
//! limit is the fix, and this module computes a value that is always enough.

use crate::ir::{ParentTarget, Schema};
use std::collections::BTreeMap;

/// rustc's default `recursion_limit`.
pub const DEFAULT_RECURSION_LIMIT: u32 = 128;

/// Levels one nested object costs at most (a child relationship).
const LEVELS_PER_OBJECT: u32 = 6;

/// Levels before the first object and after the last one (field wrappers).
const SLACK: u32 = 8;

/// The nesting of a generated set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Nesting {
    /// An upper bound on the number of distinct objects one chain of nested
    /// records (parents, polymorphic parents, child relationships) can pass.
    pub longest_chain: u32,
    /// A `recursion_limit` that is enough: a power of two, at least 128.
    pub recursion_limit: u32,
}

impl Nesting {
    /// Whether the including crate must raise rustc's recursion limit.
    pub fn needs_attribute(&self) -> bool {
        self.recursion_limit > DEFAULT_RECURSION_LIMIT
    }
}

/// Struct name → the struct names its fields nest (parents, children, the
/// targets of its polymorphic enums).
fn edges(schema: &Schema) -> BTreeMap<&str, Vec<&str>> {
    let mut graph: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for o in &schema.objects {
        let mut out: Vec<&str> = Vec::new();
        for p in &o.parents {
            match &p.target {
                ParentTarget::Single(t) => out.push(t),
                ParentTarget::Polymorphic(e) => {
                    if let Some(poly) = o.polymorphs.iter().find(|x| &x.name == e) {
                        out.extend(poly.variants.iter().map(|(_, s, _)| s.as_str()));
                    }
                }
            }
        }
        out.extend(o.children.iter().map(|c| c.child_struct.as_str()));
        out.sort_unstable();
        out.dedup();
        graph.insert(o.rust_name.as_str(), out);
    }
    graph
}

/// Strongly connected components (Tarjan), as component index per node.
fn components<'a>(graph: &BTreeMap<&'a str, Vec<&'a str>>) -> BTreeMap<&'a str, usize> {
    struct State<'a> {
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeMap<&'a str, bool>,
        comp: BTreeMap<&'a str, usize>,
        next: usize,
        comps: usize,
    }
    fn visit<'a>(v: &'a str, g: &BTreeMap<&'a str, Vec<&'a str>>, s: &mut State<'a>) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v, true);
        for &w in g.get(v).map(Vec::as_slice).unwrap_or_default() {
            if !g.contains_key(w) {
                continue;
            }
            if !s.index.contains_key(w) {
                visit(w, g, s);
                let lw = s.low[w];
                let lv = s.low[v];
                s.low.insert(v, lv.min(lw));
            } else if s.on_stack.get(w).copied().unwrap_or(false) {
                let iw = s.index[w];
                let lv = s.low[v];
                s.low.insert(v, lv.min(iw));
            }
        }
        if s.low[v] == s.index[v] {
            while let Some(w) = s.stack.pop() {
                s.on_stack.insert(w, false);
                s.comp.insert(w, s.comps);
                if w == v {
                    break;
                }
            }
            s.comps += 1;
        }
    }
    let mut s = State {
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeMap::new(),
        comp: BTreeMap::new(),
        next: 0,
        comps: 0,
    };
    for &v in graph.keys() {
        if !s.index.contains_key(v) {
            visit(v, graph, &mut s);
        }
    }
    s.comp
}

/// Computes the nesting bound: the heaviest path through the graph of
/// components, each weighing its number of objects (a simple path can visit
/// every object of a component once).
pub fn nesting(schema: &Schema) -> Nesting {
    let graph = edges(schema);
    let comp = components(&graph);
    let count = comp.values().copied().max().map_or(0, |m| m + 1);
    let mut size = vec![0u32; count];
    for &c in comp.values() {
        size[c] += 1;
    }
    let mut dag: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (v, ws) in &graph {
        for w in ws {
            if let (Some(&a), Some(&b)) = (comp.get(v), comp.get(w)) {
                if a != b {
                    dag[a].push(b);
                }
            }
        }
    }
    // Tarjan numbers components in reverse topological order: every edge goes
    // from a higher to a lower index, so one ascending pass suffices.
    let mut heaviest = vec![0u32; count];
    for c in 0..count {
        let below = dag[c].iter().map(|&d| heaviest[d]).max().unwrap_or(0);
        heaviest[c] = size[c] + below;
    }
    let longest_chain = heaviest.into_iter().max().unwrap_or(0);
    let needed = longest_chain * LEVELS_PER_OBJECT + SLACK;
    Nesting {
        longest_chain,
        recursion_limit: needed.next_power_of_two().max(DEFAULT_RECURSION_LIMIT),
    }
}

/// The `mod.rs` header lines about the recursion limit.
pub fn header(n: &Nesting) -> String {
    if n.needs_attribute() {
        format!(
            "// Recursion limit: records nest through chains of up to {} objects here, and rustc\n\
             // checks `Send`/`Sync` through every level of them (4-6 per object), more than its\n\
             // default limit of 128 allows. Add this line at the top of the crate root that\n\
             // includes this module (src/lib.rs or src/main.rs), or rustc stops with E0275\n\
             // \"overflow evaluating the requirement `...: Sync`\":\n\
             //     #![recursion_limit = \"{}\"]\n",
            n.longest_chain, n.recursion_limit
        )
    } else {
        format!(
            "// Recursion limit: records nest through chains of at most {} objects; rustc's\n\
             // default limit (128) is enough.\n",
            n.longest_chain
        )
    }
}
