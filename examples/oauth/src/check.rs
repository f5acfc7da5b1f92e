//! One authenticated call that shows a flow works: the limits resource, which
//! every user with API access may read.

use sf_runtime::Client;

/// What the call showed.
pub struct Signed {
    pub instance_url: String,
    pub token_requests: u64,
    pub remaining: Option<u64>,
    pub max: Option<u64>,
}

/// Reads the org's limits through `client` (which fetches a token first).
pub async fn signed_in(client: &Client) -> Result<Signed, sf_runtime::Error> {
    let limits = client.limits().await?;
    let daily = &limits["DailyApiRequests"];
    Ok(Signed {
        instance_url: client.instance_url().await?,
        token_requests: client.token_fetches(),
        remaining: daily["Remaining"].as_u64(),
        max: daily["Max"].as_u64(),
    })
}

impl std::fmt::Display for Signed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plural = if self.token_requests == 1 { "" } else { "s" };
        write!(
            f,
            "signed in to {} after {} token request{plural}",
            self.instance_url, self.token_requests
        )?;
        if let (Some(remaining), Some(max)) = (self.remaining, self.max) {
            write!(f, "; DailyApiRequests {remaining} of {max} left")?;
        }
        Ok(())
    }
}
