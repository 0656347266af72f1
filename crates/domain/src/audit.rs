//! The hash rule of the append-only audit chain (verwerkingenlogging).
//! Each record's hash covers the previous record's hash and every field of the record, in a
//! fixed, unambiguous encoding, so that changing, removing or reordering any record breaks
//! every hash after it. Storage and verification loops live elsewhere; this is only the rule.

use sha2::{Digest, Sha256};

/// The hash that the first record of a chain links to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Every field of an audit record as it is stored, in the order it is hashed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditFields<'a> {
    pub seq: i64,
    pub at_micros: i64,
    pub actor: &'a str,
    pub role: &'a str,
    pub organisation: &'a str,
    pub action: &'a str,
    pub purpose: &'a str,
    pub subjects: &'a str,
    pub object_type: &'a str,
    pub object_id: &'a str,
    pub outcome: &'a str,
    pub request_id: &'a str,
}

/// `sha256(prev_hash | len:field | len:field | ...)` in lowercase hex. Lengths are written
/// before each field so that no two different records encode to the same bytes.
pub fn chain_hash(prev_hash: &str, f: &AuditFields<'_>) -> String {
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    let seq = f.seq.to_string();
    let at = f.at_micros.to_string();
    for field in [
        seq.as_str(),
        at.as_str(),
        f.actor,
        f.role,
        f.organisation,
        f.action,
        f.purpose,
        f.subjects,
        f.object_type,
        f.object_id,
        f.outcome,
        f.request_id,
    ] {
        h.update(b"|");
        h.update(field.len().to_string().as_bytes());
        h.update(b":");
        h.update(field.as_bytes());
    }
    hex::encode(h.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> AuditFields<'static> {
        AuditFields {
            seq: 1,
            at_micros: 1_700_000_000_000_000,
            actor: "7",
            role: "klantmanager",
            organisation: "1",
            action: "person.read",
            purpose: "uitvoering_wi2021",
            subjects: "a",
            object_type: "person",
            object_id: "a",
            outcome: "success",
            request_id: "r",
        }
    }

    #[test]
    fn every_field_and_the_link_count() {
        let base = chain_hash(GENESIS, &fields());
        assert_eq!(base.len(), 64);
        assert_ne!(chain_hash(&base, &fields()), base);
        let mut f = fields();
        f.outcome = "denied";
        assert_ne!(chain_hash(GENESIS, &f), base);
        let mut f = fields();
        f.seq = 2;
        assert_ne!(chain_hash(GENESIS, &f), base);
    }

    #[test]
    fn field_boundaries_are_unambiguous() {
        let mut a = fields();
        a.actor = "ab";
        a.role = "c";
        let mut b = fields();
        b.actor = "a";
        b.role = "bc";
        assert_ne!(chain_hash(GENESIS, &a), chain_hash(GENESIS, &b));
    }
}
