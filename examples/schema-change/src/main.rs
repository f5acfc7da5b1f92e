//! The app of the schema-change walkthrough: writes `Account.AnnualRevenue` with
//! a typed PATCH against the emulator (or the org in `SF_INSTANCE_URL`). Built
//! with `SCHEMA_CHANGE_APP_AFTER=1` it does not compile; see walkthrough.sh.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    match example_schema_change::app::run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
