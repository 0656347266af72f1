//! The dossier's documents, consents and referrals to partners.
//!
//! Scope is checked by the caller (through [`crate::persons::get_scoped`]) before any of these
//! per-person functions is called; every function that addresses one row also takes the person,
//! so a row of another person is never found. Nothing is deleted: documents and consents are
//! withdrawn, an outcome is set once. Whether a step is allowed is the domain's rule.

use crate::schema::{person_consents, person_documents, referrals};
use crate::{Conn, StoreResult};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

// ---------------------------------------------------------------- documents

/// A document's metadata (the content is read only for a download).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = person_documents)]
pub struct DocumentRow {
    pub id: i64,
    pub person_id: String,
    pub doc_type: String,
    pub name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub note: String,
    pub uploaded_by: String,
    pub uploaded_at: NaiveDateTime,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub withdrawn_by: Option<String>,
    pub withdrawn_reason: Option<String>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = person_documents)]
pub struct NewDocument<'a> {
    pub person_id: &'a str,
    pub doc_type: &'a str,
    pub name: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
    pub content: &'a [u8],
    pub sha256: &'a str,
    pub note: &'a str,
    pub uploaded_by: &'a str,
    pub uploaded_at: NaiveDateTime,
}

pub fn insert_document(conn: &mut Conn, doc: &NewDocument<'_>) -> StoreResult<i64> {
    Ok(diesel::insert_into(person_documents::table).values(doc).returning(person_documents::id).get_result(conn)?)
}

/// Every document of a person, withdrawn ones included, oldest first.
pub fn documents_of(conn: &mut Conn, person_id: &str) -> StoreResult<Vec<DocumentRow>> {
    Ok(person_documents::table
        .filter(person_documents::person_id.eq(person_id))
        .select(DocumentRow::as_select())
        .order(person_documents::id)
        .load(conn)?)
}

/// One document of the person, without its content.
pub fn document(conn: &mut Conn, person_id: &str, id: i64) -> StoreResult<Option<DocumentRow>> {
    Ok(person_documents::table
        .filter(person_documents::person_id.eq(person_id))
        .filter(person_documents::id.eq(id))
        .select(DocumentRow::as_select())
        .first(conn)
        .optional()?)
}

/// The content of a document of the person.
pub fn document_content(conn: &mut Conn, person_id: &str, id: i64) -> StoreResult<Option<Vec<u8>>> {
    Ok(person_documents::table
        .filter(person_documents::person_id.eq(person_id))
        .filter(person_documents::id.eq(id))
        .select(person_documents::content)
        .first(conn)
        .optional()?)
}

/// Withdraws a document that is not withdrawn yet; returns whether it was.
pub fn withdraw_document(
    conn: &mut Conn,
    person_id: &str,
    id: i64,
    at: NaiveDateTime,
    by: &str,
    reason: &str,
) -> StoreResult<bool> {
    let n = diesel::update(
        person_documents::table
            .filter(person_documents::person_id.eq(person_id))
            .filter(person_documents::id.eq(id))
            .filter(person_documents::withdrawn_at.is_null()),
    )
    .set((
        person_documents::withdrawn_at.eq(Some(at)),
        person_documents::withdrawn_by.eq(Some(by)),
        person_documents::withdrawn_reason.eq(Some(reason)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

// ---------------------------------------------------------------- consents

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = person_consents)]
pub struct ConsentRow {
    pub id: i64,
    pub person_id: String,
    pub kind: String,
    pub given_on: NaiveDate,
    pub document_id: Option<i64>,
    pub note: String,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
    pub withdrawn_on: Option<NaiveDate>,
    pub withdrawn_reason: Option<String>,
    pub withdrawn_by: Option<String>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = person_consents)]
pub struct NewConsent<'a> {
    pub person_id: &'a str,
    pub kind: &'a str,
    pub given_on: NaiveDate,
    pub document_id: Option<i64>,
    pub note: &'a str,
    pub recorded_by: &'a str,
    pub recorded_at: NaiveDateTime,
}

pub fn insert_consent(conn: &mut Conn, consent: &NewConsent<'_>) -> StoreResult<i64> {
    Ok(diesel::insert_into(person_consents::table).values(consent).returning(person_consents::id).get_result(conn)?)
}

/// Every consent of a person, withdrawn ones included, oldest first.
pub fn consents_of(conn: &mut Conn, person_id: &str) -> StoreResult<Vec<ConsentRow>> {
    Ok(person_consents::table
        .filter(person_consents::person_id.eq(person_id))
        .select(ConsentRow::as_select())
        .order(person_consents::id)
        .load(conn)?)
}

/// Withdraws a consent that is not withdrawn yet; returns whether it was.
pub fn withdraw_consent(
    conn: &mut Conn,
    person_id: &str,
    id: i64,
    on: NaiveDate,
    by: &str,
    reason: &str,
) -> StoreResult<bool> {
    let n = diesel::update(
        person_consents::table
            .filter(person_consents::person_id.eq(person_id))
            .filter(person_consents::id.eq(id))
            .filter(person_consents::withdrawn_on.is_null()),
    )
    .set((
        person_consents::withdrawn_on.eq(Some(on)),
        person_consents::withdrawn_by.eq(Some(by)),
        person_consents::withdrawn_reason.eq(Some(reason)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

// ---------------------------------------------------------------- referrals

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = referrals)]
pub struct ReferralRow {
    pub id: i64,
    pub person_id: String,
    pub partner_name: String,
    pub kind: String,
    pub referred_on: NaiveDate,
    pub goal: String,
    pub shares_data: bool,
    pub consent_id: Option<i64>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub outcome: Option<String>,
    pub outcome_on: Option<NaiveDate>,
    pub outcome_note: Option<String>,
    pub outcome_by: Option<String>,
    pub outcome_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = referrals)]
pub struct NewReferral<'a> {
    pub person_id: &'a str,
    pub partner_name: &'a str,
    pub kind: &'a str,
    pub referred_on: NaiveDate,
    pub goal: &'a str,
    pub shares_data: bool,
    pub consent_id: Option<i64>,
    pub created_by: &'a str,
    pub created_at: NaiveDateTime,
}

pub fn insert_referral(conn: &mut Conn, referral: &NewReferral<'_>) -> StoreResult<i64> {
    Ok(diesel::insert_into(referrals::table).values(referral).returning(referrals::id).get_result(conn)?)
}

/// Every referral of a person, oldest first.
pub fn referrals_of(conn: &mut Conn, person_id: &str) -> StoreResult<Vec<ReferralRow>> {
    Ok(referrals::table
        .filter(referrals::person_id.eq(person_id))
        .select(ReferralRow::as_select())
        .order(referrals::id)
        .load(conn)?)
}

pub fn referral(conn: &mut Conn, person_id: &str, id: i64) -> StoreResult<Option<ReferralRow>> {
    Ok(referrals::table
        .filter(referrals::person_id.eq(person_id))
        .filter(referrals::id.eq(id))
        .select(ReferralRow::as_select())
        .first(conn)
        .optional()?)
}

/// The outcome of a referral.
pub struct NewOutcome<'a> {
    pub outcome: &'a str,
    pub on: NaiveDate,
    pub note: &'a str,
    pub by: &'a str,
    pub at: NaiveDateTime,
}

/// Sets the outcome of a referral that has none yet; returns whether it was set.
pub fn set_outcome(conn: &mut Conn, person_id: &str, id: i64, o: &NewOutcome<'_>) -> StoreResult<bool> {
    let n = diesel::update(
        referrals::table
            .filter(referrals::person_id.eq(person_id))
            .filter(referrals::id.eq(id))
            .filter(referrals::outcome.is_null()),
    )
    .set((
        referrals::outcome.eq(Some(o.outcome)),
        referrals::outcome_on.eq(Some(o.on)),
        referrals::outcome_note.eq(Some(o.note)),
        referrals::outcome_by.eq(Some(o.by)),
        referrals::outcome_at.eq(Some(o.at)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}
