//! The progress record of a case: exam attempts and providers' hour reports.
//!
//! Scope is checked by the caller (through [`crate::persons::get_scoped`]) before any of these
//! per-person functions is called. Rows are only added: nothing here updates or deletes. Whether
//! an attempt or a report is allowed, and whether an attempt is paid, is the domain's rule.

use crate::schema::{exam_attempts, hour_reports};
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

/// Every hour report of a person, by period (then in the order recorded).
pub fn hour_reports_of(conn: &mut Conn, person_id: &str) -> StoreResult<Vec<HourReportRow>> {
    Ok(hour_reports::table
        .filter(hour_reports::person_id.eq(person_id))
        .select(HourReportRow::as_select())
        .order((hour_reports::period_from, hour_reports::id))
        .load(conn)?)
}
