use sf_runtime::{Base64, Client, Id, SObject};

#[derive(Debug, Default, SObject)]
pub struct ContentVersion {
    #[sobject(api_name = "Id")]
    pub id: Option<Id<ContentVersion>>,
    pub title: Option<String>,
    pub version_data: Option<Base64>,
}

async fn run(client: Client, id: Id<ContentVersion>) {
    let mut out = Vec::new();
    // Title is text, not a blob: there is nothing to download.
    let _ = client.download(&id, ContentVersion::TITLE, &mut out).await;
}

fn main() {
    let _ = run;
}
