use sf_runtime::Id;

struct Account;
struct Contact;

fn delete_contact(_id: Id<Contact>) {}

fn main() {
    let account: Id<Account> = "001A0000006Vm9r".parse().unwrap();
    delete_contact(account);
    // The explicit way out compiles:
    delete_contact(account.cast());
}
