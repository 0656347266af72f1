//! The progress record of a case: exam attempts, providers' hour reports, participation,
//! interim language tests, the MAP final interview and the signing of the participatieverklaring.
//!
//! Scope is checked by the caller (through [`crate::persons::get_scoped`]) before any of these
//! per-person functions is called. Rows are only added and never deleted; an hour report or a
//! participation recorded in error is marked withdrawn ([`withdraw`]) and kept. Whether
//! an attempt or a report is allowed, and whether an attempt is paid, is the domain's rule. The
//! final interview and the signing have a unique key per person, so a second cannot be stored.

use crate::schema::{exam_attempts, hour_reports, interim_tests, map_final_interviews, participations, pvt_signings};
use crate::{Conn, StoreResult};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = exam_attempts)]
pub struct ExamAttemptRow {
    pub id: i64,
    pub person_id: String,
    pub exam: String,
    pub exam_date: NaiveDate,
    pub result: String,
    /// Beyond the free attempts when recorded ("betaalde poging").
    pub paid: bool,
    pub note: String,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = exam_attempts)]
pub struct NewExamAttempt<'a> {
    pub person_id: &'a str,
    pub exam: &'a str,
    pub exam_date: NaiveDate,
    pub result: &'a str,
    pub paid: bool,
    pub note: &'a str,
    pub recorded_by: &'a str,
    pub recorded_at: NaiveDateTime,
}

pub fn insert_exam_attempt(conn: &mut Conn, attempt: &NewExamAttempt<'_>) -> StoreResult<i64> {
    Ok(diesel::insert_into(exam_attempts::table).values(attempt).returning(exam_attempts::id).get_result(conn)?)
}

/// Every exam attempt of a person, by exam date (then in the order recorded).
pub fn exam_attempts_of(conn: &mut Conn, person_id: &str) -> StoreResult<Vec<ExamAttemptRow>> {
    Ok(exam_attempts::table
        .filter(exam_attempts::person_id.eq(person_id))
        .select(ExamAttemptRow::as_select())
        .order((exam_attempts::exam_date, exam_attempts::id))
        .load(conn)?)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = hour_reports)]
pub struct HourReportRow {
    pub id: i64,
    pub person_id: String,
    pub provider_name: String,
    pub component: String,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub attended_half_hours: i32,
    pub planned_half_hours: i32,
    pub keurmerk: bool,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub withdrawn_by: Option<String>,
    pub withdrawn_reason: Option<String>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = hour_reports)]
pub struct NewHourReport<'a> {
    pub person_id: &'a str,
    pub provider_name: &'a str,
    pub component: &'a str,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub attended_half_hours: i32,
    pub planned_half_hours: i32,
    pub keurmerk: bool,
    pub recorded_by: &'a str,
    pub recorded_at: NaiveDateTime,
}

pub fn insert_hour_report(conn: &mut Conn, report: &NewHourReport<'_>) -> StoreResult<i64> {
    Ok(diesel::insert_into(hour_reports::table).values(report).returning(hour_reports::id).get_result(conn)?)
}

/// Many hour reports at once (a provider's file), in batches.
pub fn insert_hour_reports(conn: &mut Conn, reports: &[NewHourReport<'_>]) -> StoreResult<()> {
    for chunk in reports.chunks(500) {
        crate::insert_batch!(conn, hour_reports::table, chunk)?;
    }
    Ok(())
}

/// Every hour report of a person, by period (then in the order recorded).
pub fn hour_reports_of(conn: &mut Conn, person_id: &str) -> StoreResult<Vec<HourReportRow>> {
    Ok(hour_reports::table
        .filter(hour_reports::person_id.eq(person_id))
        .select(HourReportRow::as_select())
        .order((hour_reports::period_from, hour_reports::id))
        .load(conn)?)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = participations)]
pub struct ParticipationRow {
    pub id: i64,
    pub person_id: String,
    pub kind: String,
    pub organisation: String,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub half_hours: i32,
    pub note: String,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub withdrawn_by: Option<String>,
    pub withdrawn_reason: Option<String>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = participations)]
pub struct NewParticipation<'a> {
    pub person_id: &'a str,
    pub kind: &'a str,
    pub organisation: &'a str,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub half_hours: i32,
    pub note: &'a str,
    pub recorded_by: &'a str,
    pub recorded_at: NaiveDateTime,
}

pub fn insert_participation(conn: &mut Conn, row: &NewParticipation<'_>) -> StoreResult<i64> {
    Ok(diesel::insert_into(participations::table).values(row).returning(participations::id).get_result(conn)?)
}

/// Every participation of a person, by period (then in the order recorded).
pub fn participations_of(conn: &mut Conn, person_id: &str) -> StoreResult<Vec<ParticipationRow>> {
    Ok(participations::table
        .filter(participations::person_id.eq(person_id))
        .select(ParticipationRow::as_select())
        .order((participations::period_from, participations::id))
        .load(conn)?)
}

/// The progress rows that are withdrawn when recorded in error (and then no longer count).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Withdrawable {
    HourReport,
    Participation,
}

/// Withdraws one current row of this person; false when the person has no such row or it was
/// withdrawn already.
pub fn withdraw(
    conn: &mut Conn,
    which: Withdrawable,
    person_id: &str,
    id: i64,
    (at, by, reason): (NaiveDateTime, &str, &str),
) -> StoreResult<bool> {
    let n = match which {
        Withdrawable::HourReport => diesel::update(
            hour_reports::table
                .filter(hour_reports::person_id.eq(person_id))
                .filter(hour_reports::id.eq(id))
                .filter(hour_reports::withdrawn_at.is_null()),
        )
        .set((
            hour_reports::withdrawn_at.eq(Some(at)),
            hour_reports::withdrawn_by.eq(Some(by)),
            hour_reports::withdrawn_reason.eq(Some(reason)),
        ))
        .execute(conn)?,
        Withdrawable::Participation => diesel::update(
            participations::table
                .filter(participations::person_id.eq(person_id))
                .filter(participations::id.eq(id))
                .filter(participations::withdrawn_at.is_null()),
        )
        .set((
            participations::withdrawn_at.eq(Some(at)),
            participations::withdrawn_by.eq(Some(by)),
            participations::withdrawn_reason.eq(Some(reason)),
        ))
        .execute(conn)?,
    };
    Ok(n == 1)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = interim_tests)]
pub struct InterimTestRow {
    pub id: i64,
    pub person_id: String,
    pub test_date: NaiveDate,
    pub skill: String,
    pub level: String,
    pub provider_name: String,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = interim_tests)]
pub struct NewInterimTest<'a> {
    pub person_id: &'a str,
    pub test_date: NaiveDate,
    pub skill: &'a str,
    pub level: &'a str,
    pub provider_name: &'a str,
    pub recorded_by: &'a str,
    pub recorded_at: NaiveDateTime,
}

pub fn insert_interim_test(conn: &mut Conn, row: &NewInterimTest<'_>) -> StoreResult<i64> {
    Ok(diesel::insert_into(interim_tests::table).values(row).returning(interim_tests::id).get_result(conn)?)
}

/// Every interim test of a person, by date (then in the order recorded).
pub fn interim_tests_of(conn: &mut Conn, person_id: &str) -> StoreResult<Vec<InterimTestRow>> {
    Ok(interim_tests::table
        .filter(interim_tests::person_id.eq(person_id))
        .select(InterimTestRow::as_select())
        .order((interim_tests::test_date, interim_tests::id))
        .load(conn)?)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = map_final_interviews)]
pub struct MapInterviewRow {
    pub id: i64,
    pub person_id: String,
    pub interview_date: NaiveDate,
    pub conclusion: String,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = map_final_interviews)]
pub struct NewMapInterview<'a> {
    pub person_id: &'a str,
    pub interview_date: NaiveDate,
    pub conclusion: &'a str,
    pub recorded_by: &'a str,
    pub recorded_at: NaiveDateTime,
}

pub fn insert_map_interview(conn: &mut Conn, row: &NewMapInterview<'_>) -> StoreResult<i64> {
    Ok(diesel::insert_into(map_final_interviews::table)
        .values(row)
        .returning(map_final_interviews::id)
        .get_result(conn)?)
}

/// The person's MAP final interview, if recorded.
pub fn map_interview_of(conn: &mut Conn, person_id: &str) -> StoreResult<Option<MapInterviewRow>> {
    Ok(map_final_interviews::table
        .filter(map_final_interviews::person_id.eq(person_id))
        .select(MapInterviewRow::as_select())
        .first(conn)
        .optional()?)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = pvt_signings)]
pub struct PvtSigningRow {
    pub id: i64,
    pub person_id: String,
    pub signed_on: NaiveDate,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = pvt_signings)]
pub struct NewPvtSigning<'a> {
    pub person_id: &'a str,
    pub signed_on: NaiveDate,
    pub recorded_by: &'a str,
    pub recorded_at: NaiveDateTime,
}

pub fn insert_pvt_signing(conn: &mut Conn, row: &NewPvtSigning<'_>) -> StoreResult<i64> {
    Ok(diesel::insert_into(pvt_signings::table).values(row).returning(pvt_signings::id).get_result(conn)?)
}

/// The person's signing of the participatieverklaring, if recorded.
pub fn pvt_signing_of(conn: &mut Conn, person_id: &str) -> StoreResult<Option<PvtSigningRow>> {
    Ok(pvt_signings::table
        .filter(pvt_signings::person_id.eq(person_id))
        .select(PvtSigningRow::as_select())
        .first(conn)
        .optional()?)
}
