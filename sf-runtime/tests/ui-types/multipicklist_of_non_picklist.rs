use sf_runtime::MultiPicklist;

fn set_tags(_tags: MultiPicklist<String>) {}

fn main() {}
