use sf_runtime::Picklist;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Picklist)]
enum Rating {
    Hot,
    #[picklist(api_name = "Hot")]
    AlsoHot,
    Cold,
}

fn main() {}
