//! `derive_after BEFORE.json AFTER.json`: writes the "after" describe of the
//! walkthrough, derived from the real "before" describe by
//! `example_schema_change::derive::derive_after` (never written by hand).

use std::process::ExitCode;

use example_schema_change::derive::{
    derive_after_bytes, FORMULA, FORMULA_FIELD, NEW_PICKLIST_VALUE, PICKLIST_FIELD,
};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [before, after] = args.as_slice() else {
        eprintln!("usage: derive_after BEFORE.json AFTER.json");
        return ExitCode::from(2);
    };
    let derived = std::fs::read(before)
        .map_err(|e| format!("{before}: {e}"))
        .and_then(|bytes| derive_after_bytes(&bytes).map_err(|e| format!("{before}: {e}")))
        .and_then(|out| std::fs::write(after, out).map_err(|e| format!("{after}: {e}")));
    match derived {
        Ok(()) => {
            println!(
                "derived {after} from {before}: {FORMULA_FIELD} = formula `{FORMULA}`, \
                 {PICKLIST_FIELD} + {NEW_PICKLIST_VALUE:?}"
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
