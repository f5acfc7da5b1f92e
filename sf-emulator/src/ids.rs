//! Salesforce record ids: 15-character case-sensitive ids, the 3-character
//! checksum that makes the 18-character case-insensitive form, and generation
//! of new ids that sort in creation order.

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const CHECKSUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

/// The 3-character suffix of an 18-character id, computed from its first 15.
pub fn checksum(id15: &str) -> String {
    id15.as_bytes()
        .chunks(5)
        .take(3)
        .map(|chunk| {
            let bits = chunk
                .iter()
                .enumerate()
                .filter(|(_, c)| c.is_ascii_uppercase())
                .fold(0usize, |acc, (i, _)| acc | (1 << i));
            CHECKSUM[bits] as char
        })
        .collect()
}

/// Normalizes a 15- or 18-character id to 18 characters; `None` if it is not an id.
pub fn to18(id: &str) -> Option<String> {
    if !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    match id.len() {
        15 => Some(format!("{id}{}", checksum(id))),
        18 => {
            let head = &id[..15];
            // The suffix is case-insensitive; accept any casing of a correct one.
            checksum(head)
                .eq_ignore_ascii_case(&id[15..])
                .then(|| format!("{head}{}", checksum(head)))
        }
        _ => None,
    }
}

/// The id of the `n`th record created with `prefix`: the prefix, a fixed pod
/// marker, the counter in base 62, then the checksum. Ids of one prefix sort
/// in creation order.
pub fn generate(prefix: &str, n: u64) -> String {
    let mut digits = [b'0'; 9];
    let mut rest = n;
    for d in digits.iter_mut().rev() {
        *d = BASE62[(rest % 62) as usize];
        rest /= 62;
    }
    let mut id15 = String::with_capacity(18);
    id15.push_str(&prefix[..prefix.len().min(3)]);
    while id15.len() < 3 {
        id15.push('0');
    }
    id15.push_str("5E0");
    id15.push_str(std::str::from_utf8(&digits).expect("base62 digits are ASCII"));
    let sum = checksum(&id15);
    id15.push_str(&sum);
    id15
}

/// The key prefix and counter of an id made by [`generate`]; `None` for
/// ids made elsewhere (a real org's, or hand-written ones).
pub fn counter(id: &str) -> Option<(&str, u64)> {
    if id.len() != 18 || id.get(3..6) != Some("5E0") {
        return None;
    }
    id[6..15]
        .bytes()
        .try_fold(0u64, |n, b| {
            let digit = BASE62.iter().position(|&d| d == b)? as u64;
            n.checked_mul(62)?.checked_add(digit)
        })
        .map(|n| (&id[..3], n))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The emulator's user owns and creates records: typed clients check the
    /// checksum of its id in `OwnerId`, `CreatedById` and every change event.
    #[test]
    fn the_emulator_user_id_is_well_formed() {
        let id = crate::org::EMULATOR_USER_ID;
        assert_eq!(to18(&id[..15]).as_deref(), Some(id));
    }

    #[test]
    fn known_checksum() {
        // A documented example pair: 001A0000006Vm9r → 001A0000006Vm9rIAC.
        assert_eq!(
            to18("001A0000006Vm9r").as_deref(),
            Some("001A0000006Vm9rIAC")
        );
        assert_eq!(
            to18("001A0000006Vm9rIAC").as_deref(),
            Some("001A0000006Vm9rIAC")
        );
        assert_eq!(
            to18("001A0000006Vm9riac").as_deref(),
            Some("001A0000006Vm9rIAC")
        );
        assert_eq!(to18("001A0000006Vm9rAAA"), None);
        assert_eq!(to18("not an id"), None);
    }

    #[test]
    fn generated_ids_sort_in_creation_order() {
        let a = generate("001", 61);
        let b = generate("001", 62);
        assert!(a < b, "{a} < {b}");
        assert_eq!(to18(&a).as_deref(), Some(a.as_str()));
        assert_eq!(a.len(), 18);
        assert_eq!(counter(&b), Some(("001", 62)));
        assert_eq!(counter("001A0000006Vm9rIAC"), None);
    }
}
