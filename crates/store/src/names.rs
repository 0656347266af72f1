//! Other spellings of a person's name (`person_names`) and the nareizigers who follow a person
//! (`nareizigers`). Spellings are added, listed, withdrawn (never
//! deleted). Keeping the name-search rows in step is the caller's next call
//! ([`crate::persons::refresh_name_keys`]), in the same transaction.

use crate::schema::person_names;
use crate::{Conn, StoreResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = person_names)]
pub struct PersonNameRow {
    pub id: i64,
    pub person_id: String,
    pub given_names: String,
    pub family_name: String,
    pub source: String,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
    pub withdrawn_by: Option<String>,
    pub withdrawn_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = person_names)]
pub struct NewPersonName<'a> {
    pub person_id: &'a str,
    pub given_names: &'a str,
    pub family_name: &'a str,
    pub source: &'a str,
    pub recorded_by: &'a str,
    pub recorded_at: NaiveDateTime,
}

pub fn insert(conn: &mut Conn, name: &NewPersonName<'_>) -> StoreResult<i64> {
    Ok(diesel::insert_into(person_names::table).values(name).returning(person_names::id).get_result(conn)?)
}

/// Every other spelling of a person, withdrawn ones included, in the order added.
pub fn of_person(conn: &mut Conn, person_id: &str) -> StoreResult<Vec<PersonNameRow>> {
    Ok(person_names::table
        .filter(person_names::person_id.eq(person_id))
        .select(PersonNameRow::as_select())
        .order(person_names::id)
        .load(conn)?)
}

/// Marks a current spelling of the person withdrawn; false when there is no such current one.
pub fn withdraw(conn: &mut Conn, person_id: &str, id: i64, by: &str, at: NaiveDateTime) -> StoreResult<bool> {
    let n = diesel::update(
        person_names::table
            .filter(person_names::id.eq(id))
            .filter(person_names::person_id.eq(person_id))
            .filter(person_names::withdrawn_at.is_null()),
    )
    .set((person_names::withdrawn_by.eq(by), person_names::withdrawn_at.eq(at)))
    .execute(conn)?;
    Ok(n == 1)
}

/// A nareiziger of a person (`nareizigers`): who follows them through family reunification and
/// where that stands. Rows are changed only in their status; they are never deleted.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = crate::schema::nareizigers)]
pub struct NareizigerRow {
    pub id: i64,
    pub person_id: String,
    pub relation: String,
    pub given_names: String,
    pub family_name: String,
    pub birth_year: Option<i32>,
    pub birth_month: Option<i32>,
    pub birth_day: Option<i32>,
    pub status: String,
    pub status_on: chrono::NaiveDate,
    pub note: String,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
    pub updated_by: String,
    pub updated_at: NaiveDateTime,
    /// The nareiziger's own person record, once they have arrived and have one.
    pub arrived_person_id: Option<String>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = crate::schema::nareizigers)]
pub struct NewNareiziger<'a> {
    pub person_id: &'a str,
    pub relation: &'a str,
    pub given_names: &'a str,
    pub family_name: &'a str,
    pub birth_year: Option<i32>,
    pub birth_month: Option<i32>,
    pub birth_day: Option<i32>,
    pub status: &'a str,
    pub status_on: chrono::NaiveDate,
    pub note: &'a str,
    pub recorded_by: &'a str,
    pub recorded_at: NaiveDateTime,
    pub updated_by: &'a str,
    pub updated_at: NaiveDateTime,
}

pub fn insert_nareiziger(conn: &mut Conn, row: &NewNareiziger<'_>) -> StoreResult<i64> {
    use crate::schema::nareizigers as n;
    Ok(diesel::insert_into(n::table).values(row).returning(n::id).get_result(conn)?)
}

/// Every nareiziger of a person, in the order recorded.
pub fn nareizigers_of(conn: &mut Conn, person_id: &str) -> StoreResult<Vec<NareizigerRow>> {
    use crate::schema::nareizigers as n;
    Ok(n::table.filter(n::person_id.eq(person_id)).select(NareizigerRow::as_select()).order(n::id).load(conn)?)
}

/// Sets a nareiziger's status, only if it still is `expected` (a concurrent step loses);
/// false when the row is not the person's or its status moved on.
pub fn set_nareiziger_status(
    conn: &mut Conn,
    person_id: &str,
    id: i64,
    expected: &str,
    (status, on): (&str, chrono::NaiveDate),
    by: &str,
    at: NaiveDateTime,
) -> StoreResult<bool> {
    use crate::schema::nareizigers as n;
    let changed =
        diesel::update(n::table.filter(n::id.eq(id)).filter(n::person_id.eq(person_id)).filter(n::status.eq(expected)))
            .set((n::status.eq(status), n::status_on.eq(on), n::updated_by.eq(by), n::updated_at.eq(at)))
            .execute(conn)?;
    Ok(changed == 1)
}

/// Links an arrived nareiziger (status `aangekomen`, not yet linked) to their own person
/// record; false when the row is not the person's, has not arrived or is linked already. A
/// person already linked elsewhere is refused by the unique index (a unique violation).
pub fn link_arrived_nareiziger(
    conn: &mut Conn,
    person_id: &str,
    id: i64,
    arrived_person_id: &str,
    by: &str,
    at: NaiveDateTime,
) -> StoreResult<bool> {
    use crate::schema::nareizigers as n;
    let changed = diesel::update(
        n::table
            .filter(n::id.eq(id))
            .filter(n::person_id.eq(person_id))
            .filter(n::status.eq("aangekomen"))
            .filter(n::arrived_person_id.is_null()),
    )
    .set((n::arrived_person_id.eq(arrived_person_id), n::updated_by.eq(by), n::updated_at.eq(at)))
    .execute(conn)?;
    Ok(changed == 1)
}

/// The nareiziger record that names this person as the one who arrived, if any: whom they
/// followed to the Netherlands.
pub fn nareiziger_record_of(conn: &mut Conn, arrived_person_id: &str) -> StoreResult<Option<NareizigerRow>> {
    use crate::schema::nareizigers as n;
    Ok(n::table
        .filter(n::arrived_person_id.eq(arrived_person_id))
        .select(NareizigerRow::as_select())
        .first(conn)
        .optional()?)
}
