use sf_runtime::{AnyId, Id};

struct Account;

fn load_account(_id: Id<Account>) {}

fn main() {
    let what_id: AnyId = "001A0000006Vm9r".parse().unwrap();
    load_account(what_id);
}
