//! Key-value settings of the installation (for example the server's signing secret).

use crate::schema::settings::dsl as s;
use crate::{Conn, StoreResult};
use diesel::prelude::*;

pub fn get(conn: &mut Conn, key: &str) -> StoreResult<Option<String>> {
    Ok(s::settings.filter(s::key.eq(key)).select(s::value).first(conn).optional()?)
}

/// Stores `value` under `key` unless the key already has one; returns the value in force.
/// Must run inside [`crate::Store::write`] so that two starting processes agree on one value.
pub fn get_or_insert(conn: &mut Conn, key: &str, value: &str) -> StoreResult<String> {
    if let Some(v) = get(conn, key)? {
        return Ok(v);
    }
    diesel::insert_into(s::settings).values((s::key.eq(key), s::value.eq(value))).execute(conn)?;
    Ok(value.to_string())
}
