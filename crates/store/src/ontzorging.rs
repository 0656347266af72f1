//! Ontzorging: welfare norms, cost types, paying accounts, plans with their costs, documents and
//! history, payment runs with their lines and signals, and the ledger.
//!
//! Scope is the caller's business: plan and run functions take ids the service has already
//! checked, and the list functions take the municipalities in scope. Nothing here computes a
//! payment (that is `regie_domain::ontzorging`) or decides whether a step is allowed.

use crate::schema::{
    benefit_norms, cost_types, ledger_entries, ontzorging_plans, payer_accounts, payment_lines, payment_run_claims,
    payment_run_files, payment_runs, payment_signals, persons, plan_costs, plan_documents, plan_events, plan_months,
};
use crate::{copy_batch, insert_batch, Conn, Page, StoreResult};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

/// PostgreSQL takes at most 65,535 bound parameters per statement; batches stay well below.
const BATCH: usize = 2_000;

// ---------------------------------------------------------------- norms, cost types, accounts

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = benefit_norms)]
pub struct NormRow {
    pub household_type: String,
    pub valid_from: NaiveDate,
    pub amount_cents: i64,
    pub changed_by: String,
    pub changed_at: NaiveDateTime,
}

pub fn list_norms(conn: &mut Conn) -> StoreResult<Vec<NormRow>> {
    Ok(benefit_norms::table
        .select(NormRow::as_select())
        .order((benefit_norms::valid_from.desc(), benefit_norms::household_type))
        .load(conn)?)
}

/// Sets the norm of a household type from a date (a correction replaces the amount).
pub fn put_norm(conn: &mut Conn, row: &NormRow) -> StoreResult<()> {
    let n = diesel::update(
        benefit_norms::table
            .filter(benefit_norms::household_type.eq(&row.household_type))
            .filter(benefit_norms::valid_from.eq(row.valid_from)),
    )
    .set((
        benefit_norms::amount_cents.eq(row.amount_cents),
        benefit_norms::changed_by.eq(&row.changed_by),
        benefit_norms::changed_at.eq(row.changed_at),
    ))
    .execute(conn)?;
    if n == 0 {
        diesel::insert_into(benefit_norms::table).values(row).execute(conn)?;
    }
    Ok(())
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = cost_types)]
pub struct CostTypeRow {
    pub code: String,
    pub label: String,
    pub standard: bool,
    pub active: bool,
    pub sort_order: i32,
}

pub fn list_cost_types(conn: &mut Conn) -> StoreResult<Vec<CostTypeRow>> {
    Ok(cost_types::table.select(CostTypeRow::as_select()).order(cost_types::sort_order).load(conn)?)
}

pub fn insert_cost_type(conn: &mut Conn, row: &CostTypeRow) -> StoreResult<()> {
    diesel::insert_into(cost_types::table).values(row).execute(conn)?;
    Ok(())
}

pub fn set_cost_type_active(conn: &mut Conn, code: &str, active: bool) -> StoreResult<bool> {
    let n = diesel::update(cost_types::table.filter(cost_types::code.eq(code)))
        .set(cost_types::active.eq(active))
        .execute(conn)?;
    Ok(n == 1)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = payer_accounts, treat_none_as_null = true)]
pub struct PayerAccountRow {
    pub municipality_code: String,
    pub name: String,
    pub iban: String,
    pub bic: Option<String>,
}

pub fn list_payer_accounts(conn: &mut Conn) -> StoreResult<Vec<PayerAccountRow>> {
    Ok(payer_accounts::table
        .select(PayerAccountRow::as_select())
        .order(payer_accounts::municipality_code)
        .load(conn)?)
}

pub fn put_payer_account(conn: &mut Conn, row: &PayerAccountRow) -> StoreResult<()> {
    let n = diesel::update(payer_accounts::table.filter(payer_accounts::municipality_code.eq(&row.municipality_code)))
        .set(row)
        .execute(conn)?;
    if n == 0 {
        diesel::insert_into(payer_accounts::table).values(row).execute(conn)?;
    }
    Ok(())
}

// ---------------------------------------------------------------- plans

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = ontzorging_plans, treat_none_as_null = true)]
pub struct PlanRow {
    pub id: String,
    pub person_id: String,
    pub household_id: String,
    pub municipality_code: String,
    pub household_type: String,
    pub status: String,
    pub benefit_start: NaiveDate,
    pub months: i32,
    pub months_reason: String,
    pub tailoring_reason: String,
    pub payee_name: String,
    pub payee_iban: String,
    pub machtiging_signed_on: Option<NaiveDate>,
    pub priority_decided_at: Option<NaiveDateTime>,
    pub priority_decided_by: Option<String>,
    pub training: String,
    pub budget_coaching: bool,
    pub handover_planned_on: Option<NaiveDate>,
    pub handover_notes: String,
    pub closed_on: Option<NaiveDate>,
    pub stop_reason: Option<String>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A plan with the name of its person, for lists.
#[derive(Debug, Clone)]
pub struct PlanListRow {
    pub plan: PlanRow,
    pub given_names: String,
    pub family_name: String,
}

pub fn insert_plan(conn: &mut Conn, row: &PlanRow) -> StoreResult<()> {
    diesel::insert_into(ontzorging_plans::table).values(row).execute(conn)?;
    Ok(())
}

pub fn insert_plans(conn: &mut Conn, rows: &[PlanRow]) -> StoreResult<()> {
    for chunk in rows.chunks(BATCH / 12) {
        insert_batch!(conn, ontzorging_plans::table, chunk)?;
    }
    Ok(())
}

pub fn get_plan(conn: &mut Conn, id: &str) -> StoreResult<Option<PlanRow>> {
    Ok(ontzorging_plans::table
        .filter(ontzorging_plans::id.eq(id))
        .select(PlanRow::as_select())
        .first(conn)
        .optional()?)
}

/// Saves a plan if nobody changed it since `expected_version` was read.
pub fn update_plan(conn: &mut Conn, row: &PlanRow, expected_version: i32) -> StoreResult<bool> {
    let n = diesel::update(
        ontzorging_plans::table
            .filter(ontzorging_plans::id.eq(&row.id))
            .filter(ontzorging_plans::version.eq(expected_version)),
    )
    .set(row)
    .execute(conn)?;
    Ok(n == 1)
}

pub fn plans_of_person(conn: &mut Conn, person_id: &str) -> StoreResult<Vec<PlanRow>> {
    Ok(ontzorging_plans::table
        .filter(ontzorging_plans::person_id.eq(person_id))
        .select(PlanRow::as_select())
        .order(ontzorging_plans::created_at.desc())
        .load(conn)?)
}

/// The open plan of a household, if any.
pub fn open_plan_of_household(conn: &mut Conn, household_id: &str) -> StoreResult<Option<PlanRow>> {
    Ok(ontzorging_plans::table
        .filter(ontzorging_plans::household_id.eq(household_id))
        .filter(ontzorging_plans::status.eq_any(["concept", "actief"]))
        .select(PlanRow::as_select())
        .first(conn)
        .optional()?)
}

/// Plans of the municipalities in scope, newest first, optionally of one status.
pub fn list_plans(
    conn: &mut Conn,
    scope: &[String],
    status: Option<&str>,
    offset: i64,
    page_size: i64,
) -> StoreResult<Page<PlanListRow>> {
    let mut q = ontzorging_plans::table
        .inner_join(persons::table.on(persons::id.eq(ontzorging_plans::person_id)))
        .filter(ontzorging_plans::municipality_code.eq_any(scope))
        .select((PlanRow::as_select(), persons::given_names, persons::family_name))
        .order((ontzorging_plans::benefit_start.desc(), ontzorging_plans::id))
        .into_boxed();
    if let Some(s) = status {
        q = q.filter(ontzorging_plans::status.eq(s));
    }
    let rows: Vec<(PlanRow, String, String)> = q.offset(offset).limit(page_size + 1).load(conn)?;
    let rows = rows
        .into_iter()
        .map(|(plan, given_names, family_name)| PlanListRow { plan, given_names, family_name })
        .collect();
    Ok(Page::from_overfetch(rows, page_size))
}

/// Plans that may pay something in a month of the given municipalities: every plan that is not
/// a concept and started before the month ends (the run checks the days each covers); concepts
/// are included too so that the run can signal them.
pub fn plans_for_run(
    conn: &mut Conn,
    municipalities: &[String],
    month_last_day: NaiveDate,
) -> StoreResult<Vec<PlanRow>> {
    Ok(ontzorging_plans::table
        .filter(ontzorging_plans::municipality_code.eq_any(municipalities))
        .filter(ontzorging_plans::benefit_start.le(month_last_day))
        .select(PlanRow::as_select())
        .order(ontzorging_plans::id)
        .load(conn)?)
}

// ---------------------------------------------------------------- costs

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = plan_costs)]
pub struct CostRow {
    pub id: i64,
    pub plan_id: String,
    pub cost_type: String,
    pub creditor_name: String,
    pub creditor_iban: String,
    pub reference: String,
    pub amount_cents: i64,
    pub period: String,
    pub from_month: String,
    pub until_month: Option<String>,
    pub priority: Option<i32>,
    pub replaces_id: Option<i64>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = plan_costs)]
pub struct NewCost {
    pub plan_id: String,
    pub cost_type: String,
    pub creditor_name: String,
    pub creditor_iban: String,
    pub reference: String,
    pub amount_cents: i64,
    pub period: String,
    pub from_month: String,
    pub until_month: Option<String>,
    pub priority: Option<i32>,
    pub replaces_id: Option<i64>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
}

pub fn insert_cost(conn: &mut Conn, row: &NewCost) -> StoreResult<i64> {
    Ok(diesel::insert_into(plan_costs::table).values(row).returning(plan_costs::id).get_result(conn)?)
}

pub fn insert_costs(conn: &mut Conn, rows: &[NewCost]) -> StoreResult<()> {
    for chunk in rows.chunks(BATCH / 13) {
        insert_batch!(conn, plan_costs::table, chunk)?;
    }
    Ok(())
}

pub fn costs_of_plan(conn: &mut Conn, plan_id: &str) -> StoreResult<Vec<CostRow>> {
    Ok(plan_costs::table
        .filter(plan_costs::plan_id.eq(plan_id))
        .select(CostRow::as_select())
        .order(plan_costs::id)
        .load(conn)?)
}

/// All cost versions of the plans of some municipalities (for a run), in the order they were
/// made. Read in table order: sorting 400,000 costs by plan cost more than grouping them.
pub fn costs_for_run(
    conn: &mut Conn,
    municipalities: &[String],
    month_last_day: NaiveDate,
) -> StoreResult<Vec<CostRow>> {
    let plans = ontzorging_plans::table
        .filter(ontzorging_plans::municipality_code.eq_any(municipalities))
        .filter(ontzorging_plans::benefit_start.le(month_last_day))
        .select(ontzorging_plans::id);
    Ok(plan_costs::table
        .filter(plan_costs::plan_id.eq_any(plans))
        .select(CostRow::as_select())
        .order(plan_costs::id)
        .load(conn)?)
}

/// Ends a cost version with the month before a change takes effect.
pub fn close_cost(conn: &mut Conn, cost_id: i64, until_month: &str) -> StoreResult<()> {
    diesel::update(plan_costs::table.filter(plan_costs::id.eq(cost_id)))
        .set(plan_costs::until_month.eq(Some(until_month)))
        .execute(conn)?;
    Ok(())
}

pub fn set_cost_priority(conn: &mut Conn, cost_id: i64, priority: Option<i32>) -> StoreResult<()> {
    diesel::update(plan_costs::table.filter(plan_costs::id.eq(cost_id)))
        .set(plan_costs::priority.eq(priority))
        .execute(conn)?;
    Ok(())
}

// ---------------------------------------------------------------- documents and history

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = plan_documents)]
pub struct DocumentInfo {
    pub id: i64,
    pub plan_id: String,
    pub kind: String,
    pub name: String,
    pub content_type: String,
    pub sha256: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = plan_documents)]
pub struct NewDocument<'a> {
    pub plan_id: &'a str,
    pub kind: &'a str,
    pub name: &'a str,
    pub content_type: &'a str,
    pub content: &'a [u8],
    pub sha256: &'a str,
    pub created_by: &'a str,
    pub created_at: NaiveDateTime,
}

pub fn insert_document(conn: &mut Conn, doc: &NewDocument<'_>) -> StoreResult<i64> {
    Ok(diesel::insert_into(plan_documents::table).values(doc).returning(plan_documents::id).get_result(conn)?)
}

pub fn documents_of_plan(conn: &mut Conn, plan_id: &str) -> StoreResult<Vec<DocumentInfo>> {
    Ok(plan_documents::table
        .filter(plan_documents::plan_id.eq(plan_id))
        .select(DocumentInfo::as_select())
        .order(plan_documents::id)
        .load(conn)?)
}

/// A document's metadata and bytes, only when it belongs to the plan.
pub fn document(conn: &mut Conn, plan_id: &str, id: i64) -> StoreResult<Option<(DocumentInfo, Vec<u8>)>> {
    Ok(plan_documents::table
        .filter(plan_documents::plan_id.eq(plan_id))
        .filter(plan_documents::id.eq(id))
        .select((DocumentInfo::as_select(), plan_documents::content))
        .first(conn)
        .optional()?)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = plan_events)]
pub struct PlanEventRow {
    pub id: i64,
    pub plan_id: String,
    pub at: NaiveDateTime,
    pub actor: String,
    pub action: String,
    pub detail: String,
}

pub fn add_plan_event(
    conn: &mut Conn,
    plan_id: &str,
    at: NaiveDateTime,
    actor: &str,
    action: &str,
    detail: &str,
) -> StoreResult<()> {
    diesel::insert_into(plan_events::table)
        .values((
            plan_events::plan_id.eq(plan_id),
            plan_events::at.eq(at),
            plan_events::actor.eq(actor),
            plan_events::action.eq(action),
            plan_events::detail.eq(detail),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn plan_events(conn: &mut Conn, plan_id: &str) -> StoreResult<Vec<PlanEventRow>> {
    Ok(plan_events::table
        .filter(plan_events::plan_id.eq(plan_id))
        .select(PlanEventRow::as_select())
        .order(plan_events::id.desc())
        .load(conn)?)
}

// ---------------------------------------------------------------- runs

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = payment_runs, treat_none_as_null = true)]
pub struct RunRow {
    pub id: String,
    pub month: String,
    pub municipalities: String,
    pub status: String,
    pub drafted_by_user: i64,
    pub drafted_by: String,
    pub drafted_at: NaiveDateTime,
    pub decided_by_user: Option<i64>,
    pub decided_by: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
    pub rejection_reason: Option<String>,
    pub plan_count: i32,
    pub line_count: i32,
    pub total_cents: i64,
    pub creditor_cents: i64,
    pub remainder_cents: i64,
    pub signal_count: i32,
    pub message_id: String,
    pub sepa_sha256: Option<String>,
}

impl RunRow {
    pub fn municipality_codes(&self) -> Vec<String> {
        self.municipalities.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect()
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = payment_lines)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct LineRow {
    pub id: i64,
    pub run_id: String,
    pub plan_id: String,
    pub municipality_code: String,
    pub month: String,
    pub kind: String,
    pub cost_id: Option<i64>,
    pub cost_type: Option<String>,
    pub payee_name: String,
    pub payee_iban: String,
    pub reference: String,
    pub amount_cents: i64,
    pub days: i32,
    pub days_in_month: i32,
    pub end_to_end_id: String,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = payment_lines, treat_none_as_default_value = false)]
pub struct NewLine {
    pub run_id: String,
    pub plan_id: String,
    pub municipality_code: String,
    pub month: String,
    pub kind: String,
    pub cost_id: Option<i64>,
    pub cost_type: Option<String>,
    pub payee_name: String,
    pub payee_iban: String,
    pub reference: String,
    pub amount_cents: i64,
    pub days: i32,
    pub days_in_month: i32,
    pub end_to_end_id: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = plan_months, treat_none_as_default_value = false)]
pub struct PlanMonthRow {
    pub plan_id: String,
    pub month: String,
    pub run_id: String,
    pub benefit_cents: i64,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = payment_signals)]
pub struct SignalRow {
    pub id: i64,
    pub run_id: String,
    pub plan_id: String,
    pub code: String,
    pub detail: String,
    pub amount_cents: i64,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = payment_signals, treat_none_as_default_value = false)]
pub struct NewSignal {
    pub run_id: String,
    pub plan_id: String,
    pub code: String,
    pub detail: String,
    pub amount_cents: i64,
}

pub fn insert_run(conn: &mut Conn, row: &RunRow) -> StoreResult<()> {
    diesel::insert_into(payment_runs::table).values(row).execute(conn)?;
    Ok(())
}

pub fn get_run(conn: &mut Conn, id: &str) -> StoreResult<Option<RunRow>> {
    Ok(payment_runs::table.filter(payment_runs::id.eq(id)).select(RunRow::as_select()).first(conn).optional()?)
}

/// Runs, newest first, optionally of one month.
pub fn list_runs(conn: &mut Conn, month: Option<&str>) -> StoreResult<Vec<RunRow>> {
    let mut q = payment_runs::table.select(RunRow::as_select()).order(payment_runs::drafted_at.desc()).into_boxed();
    if let Some(m) = month {
        q = q.filter(payment_runs::month.eq(m));
    }
    Ok(q.load(conn)?)
}

/// Records a decision on a draft run; false when the run is no longer a draft (someone else
/// decided first), so a decision is taken once.
pub fn decide_run(conn: &mut Conn, row: &RunRow) -> StoreResult<bool> {
    let n = diesel::update(
        payment_runs::table.filter(payment_runs::id.eq(&row.id)).filter(payment_runs::status.eq("concept")),
    )
    .set(row)
    .execute(conn)?;
    Ok(n == 1)
}

/// The live runs that hold a month for any of these municipalities.
pub fn claims(conn: &mut Conn, month: &str, municipalities: &[String]) -> StoreResult<Vec<(String, String)>> {
    Ok(payment_run_claims::table
        .filter(payment_run_claims::month.eq(month))
        .filter(payment_run_claims::municipality_code.eq_any(municipalities))
        .select((payment_run_claims::municipality_code, payment_run_claims::run_id))
        .load(conn)?)
}

/// Claims a month for municipalities; a unique violation means another run holds one of them.
pub fn claim(conn: &mut Conn, month: &str, municipalities: &[String], run_id: &str) -> StoreResult<()> {
    for code in municipalities {
        diesel::insert_into(payment_run_claims::table)
            .values((
                payment_run_claims::month.eq(month),
                payment_run_claims::municipality_code.eq(code),
                payment_run_claims::run_id.eq(run_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Frees what a rejected run held, so that a new draft can pay those plans.
pub fn release_run(conn: &mut Conn, run_id: &str) -> StoreResult<()> {
    diesel::delete(payment_run_claims::table.filter(payment_run_claims::run_id.eq(run_id))).execute(conn)?;
    diesel::delete(plan_months::table.filter(plan_months::run_id.eq(run_id))).execute(conn)?;
    Ok(())
}

pub fn insert_plan_months(conn: &mut Conn, rows: &[PlanMonthRow]) -> StoreResult<()> {
    copy_batch!(conn, plan_months::table, rows)?;
    Ok(())
}

pub fn insert_lines(conn: &mut Conn, rows: &[NewLine]) -> StoreResult<()> {
    copy_batch!(conn, payment_lines::table, rows)?;
    Ok(())
}

pub fn insert_signals(conn: &mut Conn, rows: &[NewSignal]) -> StoreResult<()> {
    copy_batch!(conn, payment_signals::table, rows)?;
    Ok(())
}

pub fn lines_of_run(conn: &mut Conn, run_id: &str) -> StoreResult<Vec<LineRow>> {
    Ok(crate::on_engine!(conn, |c| payment_lines::table
        .filter(payment_lines::run_id.eq(run_id))
        .select(LineRow::as_select())
        .order(payment_lines::id)
        .load(c))?)
}

/// What the SEPA file needs of one line.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = payment_lines)]
pub struct SepaLine {
    pub municipality_code: String,
    pub end_to_end_id: String,
    pub amount_cents: i64,
    pub payee_name: String,
    pub payee_iban: String,
    pub reference: String,
}

/// The lines of a run as the SEPA file needs them, in line order.
pub fn sepa_lines_of_run(conn: &mut Conn, run_id: &str) -> StoreResult<Vec<SepaLine>> {
    Ok(crate::on_engine!(conn, |c| payment_lines::table
        .filter(payment_lines::run_id.eq(run_id))
        .select(SepaLine::as_select())
        .order(payment_lines::id)
        .load(c))?)
}

/// The SEPA file of an approved run as it was approved, in its stored encoding.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = payment_run_files)]
pub struct RunFileRow {
    pub run_id: String,
    /// How `content` is encoded (`zstd`).
    pub encoding: String,
    /// The length of the file itself.
    pub byte_count: i64,
    pub content: Vec<u8>,
}

/// Keeps the file of a run; a run has one file, a second one is refused by the key.
pub fn insert_run_file(conn: &mut Conn, row: &RunFileRow) -> StoreResult<()> {
    diesel::insert_into(payment_run_files::table).values(row).execute(conn)?;
    Ok(())
}

pub fn run_file(conn: &mut Conn, run_id: &str) -> StoreResult<Option<RunFileRow>> {
    Ok(payment_run_files::table
        .filter(payment_run_files::run_id.eq(run_id))
        .select(RunFileRow::as_select())
        .first(conn)
        .optional()?)
}

/// The approved runs whose SEPA file is kept, with the hash fixed at approval.
pub fn runs_with_kept_files(conn: &mut Conn) -> StoreResult<Vec<(String, Option<String>)>> {
    Ok(payment_runs::table
        .inner_join(payment_run_files::table.on(payment_run_files::run_id.eq(payment_runs::id)))
        .select((payment_runs::id, payment_runs::sepa_sha256))
        .order(payment_runs::id)
        .load(conn)?)
}

pub fn lines_of_plan(conn: &mut Conn, plan_id: &str) -> StoreResult<Vec<(LineRow, String)>> {
    Ok(payment_lines::table
        .inner_join(payment_runs::table.on(payment_runs::id.eq(payment_lines::run_id)))
        .filter(payment_lines::plan_id.eq(plan_id))
        .select((LineRow::as_select(), payment_runs::status))
        .order((payment_lines::month.desc(), payment_lines::id))
        .load(conn)?)
}

pub fn signals_of_run(conn: &mut Conn, run_id: &str) -> StoreResult<Vec<SignalRow>> {
    Ok(payment_signals::table
        .filter(payment_signals::run_id.eq(run_id))
        .select(SignalRow::as_select())
        .order(payment_signals::id)
        .load(conn)?)
}

/// Lines of approved runs of one month in some municipalities (for reports).
pub fn approved_lines(conn: &mut Conn, month: &str, municipalities: &[String]) -> StoreResult<Vec<LineRow>> {
    Ok(payment_lines::table
        .inner_join(payment_runs::table.on(payment_runs::id.eq(payment_lines::run_id)))
        .filter(payment_lines::month.eq(month))
        .filter(payment_runs::status.eq("goedgekeurd"))
        .filter(payment_lines::municipality_code.eq_any(municipalities))
        .select(LineRow::as_select())
        .load(conn)?)
}

/// Signals of the live runs of one month (for reports): (municipality, code).
pub fn month_signals(conn: &mut Conn, month: &str, municipalities: &[String]) -> StoreResult<Vec<(String, String)>> {
    Ok(payment_signals::table
        .inner_join(payment_runs::table.on(payment_runs::id.eq(payment_signals::run_id)))
        .inner_join(ontzorging_plans::table.on(ontzorging_plans::id.eq(payment_signals::plan_id)))
        .filter(payment_runs::month.eq(month))
        .filter(payment_runs::status.ne("verworpen"))
        .filter(ontzorging_plans::municipality_code.eq_any(municipalities))
        .select((ontzorging_plans::municipality_code, payment_signals::code))
        .load(conn)?)
}

// ---------------------------------------------------------------- ledger

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = ledger_entries)]
pub struct LedgerRow {
    pub id: i64,
    pub run_id: String,
    pub line_id: i64,
    pub plan_id: String,
    pub month: String,
    pub debit_account: String,
    pub credit_account: String,
    pub amount_cents: i64,
    pub kind: String,
    pub reverses_id: Option<i64>,
    pub reason: String,
    pub booked_by: String,
    pub booked_at: NaiveDateTime,
}

/// Posts every line of a run in one statement: the withheld benefit (debit) to the payee
/// (credit). The unique index on (line, kind) makes a second posting fail.
pub fn post_run(conn: &mut Conn, run_id: &str, booked_by: &str, booked_at: NaiveDateTime) -> StoreResult<usize> {
    use diesel::dsl::sql;
    use diesel::sql_types::{Nullable, Text};
    let select = payment_lines::table.filter(payment_lines::run_id.eq(run_id)).select((
        payment_lines::run_id,
        payment_lines::id,
        payment_lines::plan_id,
        payment_lines::month,
        sql::<Text>("'uitkering'"),
        payment_lines::kind,
        payment_lines::amount_cents,
        sql::<Text>("'betaling'"),
        sql::<Nullable<diesel::sql_types::BigInt>>("NULL"),
        sql::<Text>("''"),
        booked_by.into_sql::<Text>(),
        booked_at.into_sql::<diesel::sql_types::Timestamp>(),
    ));
    Ok(diesel::insert_into(ledger_entries::table)
        .values(select)
        .into_columns((
            ledger_entries::run_id,
            ledger_entries::line_id,
            ledger_entries::plan_id,
            ledger_entries::month,
            ledger_entries::debit_account,
            ledger_entries::credit_account,
            ledger_entries::amount_cents,
            ledger_entries::kind,
            ledger_entries::reverses_id,
            ledger_entries::reason,
            ledger_entries::booked_by,
            ledger_entries::booked_at,
        ))
        .execute(conn)?)
}

/// A reversal (storno) of one posted line: a new entry with the accounts swapped.
pub fn post_reversal(
    conn: &mut Conn,
    original: &LedgerRow,
    reason: &str,
    by: &str,
    at: NaiveDateTime,
) -> StoreResult<()> {
    diesel::insert_into(ledger_entries::table)
        .values((
            ledger_entries::run_id.eq(&original.run_id),
            ledger_entries::line_id.eq(original.line_id),
            ledger_entries::plan_id.eq(&original.plan_id),
            ledger_entries::month.eq(&original.month),
            ledger_entries::debit_account.eq(&original.credit_account),
            ledger_entries::credit_account.eq(&original.debit_account),
            ledger_entries::amount_cents.eq(original.amount_cents),
            ledger_entries::kind.eq("storno"),
            ledger_entries::reverses_id.eq(Some(original.id)),
            ledger_entries::reason.eq(reason),
            ledger_entries::booked_by.eq(by),
            ledger_entries::booked_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn ledger_of_plan(conn: &mut Conn, plan_id: &str) -> StoreResult<Vec<LedgerRow>> {
    Ok(ledger_entries::table
        .filter(ledger_entries::plan_id.eq(plan_id))
        .select(LedgerRow::as_select())
        .order(ledger_entries::id)
        .load(conn)?)
}

pub fn ledger_entry_of_line(conn: &mut Conn, line_id: i64, kind: &str) -> StoreResult<Option<LedgerRow>> {
    Ok(ledger_entries::table
        .filter(ledger_entries::line_id.eq(line_id))
        .filter(ledger_entries::kind.eq(kind))
        .select(LedgerRow::as_select())
        .first(conn)
        .optional()?)
}

/// What is wrong with the ledger, in words; empty when it balances: per plan and month of an
/// approved run the payments booked add up to the benefit withheld, every line of an approved run
/// is booked exactly once, nothing is booked outside approved runs, and every storno reverses a
/// payment of the same amount.
pub fn ledger_imbalances(conn: &mut Conn) -> StoreResult<Vec<String>> {
    use std::collections::HashMap;
    let months: Vec<(String, String, i64)> = plan_months::table
        .inner_join(payment_runs::table.on(payment_runs::id.eq(plan_months::run_id)))
        .filter(payment_runs::status.eq("goedgekeurd"))
        .select((plan_months::plan_id, plan_months::month, plan_months::benefit_cents))
        .load(conn)?;
    let approved: Vec<(i64, String, String, String, i64)> = payment_lines::table
        .inner_join(payment_runs::table.on(payment_runs::id.eq(payment_lines::run_id)))
        .filter(payment_runs::status.eq("goedgekeurd"))
        .select((
            payment_lines::id,
            payment_lines::run_id,
            payment_lines::plan_id,
            payment_lines::month,
            payment_lines::amount_cents,
        ))
        .load(conn)?;
    let approved_lines: Vec<i64> = approved.iter().map(|l| l.0).collect();
    let line_facts: HashMap<i64, (&str, &str, &str, i64)> = approved
        .iter()
        .map(|(id, run, plan, month, amount)| (*id, (run.as_str(), plan.as_str(), month.as_str(), *amount)))
        .collect();
    let mut problems = dangling_references(conn)?;
    let entries = ledger_entries::table.select(LedgerRow::as_select()).load(conn)?;
    let mut booked: HashMap<(String, String), i64> = HashMap::new();
    let mut per_line: HashMap<i64, u32> = HashMap::new();
    let payments: HashMap<i64, i64> =
        entries.iter().filter(|e| e.kind == "betaling").map(|e| (e.id, e.amount_cents)).collect();
    for e in &entries {
        match e.kind.as_str() {
            "betaling" => {
                let booked_as = (e.run_id.as_str(), e.plan_id.as_str(), e.month.as_str(), e.amount_cents);
                if line_facts.get(&e.line_id) != Some(&booked_as) {
                    problems.push(format!(
                        "boeking {} hoort niet bij een goedgekeurde regel {} van dezelfde run, hetzelfde plan, dezelfde maand en hetzelfde bedrag",
                        e.id, e.line_id
                    ));
                }
                *per_line.entry(e.line_id).or_default() += 1;
                *booked.entry((e.plan_id.clone(), e.month.clone())).or_default() += e.amount_cents;
            }
            "storno" => {
                if e.reverses_id.and_then(|id| payments.get(&id)) != Some(&e.amount_cents) {
                    problems.push(format!("storno {} keert geen betaling van hetzelfde bedrag terug", e.id));
                }
            }
            other => problems.push(format!("boeking {} heeft een onbekende soort {other}", e.id)),
        }
    }
    for (plan, month, benefit) in months {
        let got = booked.remove(&(plan.clone(), month.clone())).unwrap_or(0);
        if got != benefit {
            problems.push(format!("plan {plan} {month}: {got} geboekt bij een uitkering van {benefit}"));
        }
    }
    for ((plan, month), amount) in booked {
        problems.push(format!("plan {plan} {month}: {amount} geboekt zonder goedgekeurde betaalrun"));
    }
    for line in approved_lines {
        let n = per_line.get(&line).copied().unwrap_or(0);
        if n != 1 {
            problems.push(format!("regel {line} is {n} keer geboekt"));
        }
    }
    Ok(problems)
}

/// Rows of the run tables whose run or plan does not exist. The schema does not enforce these
/// references (migration `000006_payment_volume`: a foreign key check per row made a run three
/// times slower), so the ledger check does. At most 100 of each kind are named.
fn dangling_references(conn: &mut Conn) -> StoreResult<Vec<String>> {
    use diesel::dsl::{exists, not};
    let mut problems = Vec::new();
    let lines: Vec<i64> = payment_lines::table
        .filter(not(exists(payment_runs::table.filter(payment_runs::id.eq(payment_lines::run_id)))))
        .or_filter(not(exists(ontzorging_plans::table.filter(ontzorging_plans::id.eq(payment_lines::plan_id)))))
        .select(payment_lines::id)
        .limit(100)
        .load(conn)?;
    problems.extend(lines.iter().map(|id| format!("regel {id} verwijst naar een run of plan dat niet bestaat")));
    let months: Vec<(String, String)> = plan_months::table
        .filter(not(exists(payment_runs::table.filter(payment_runs::id.eq(plan_months::run_id)))))
        .or_filter(not(exists(ontzorging_plans::table.filter(ontzorging_plans::id.eq(plan_months::plan_id)))))
        .select((plan_months::plan_id, plan_months::month))
        .limit(100)
        .load(conn)?;
    problems.extend(months.iter().map(|(p, m)| format!("plan {p} {m}: betaald door een run die niet bestaat")));
    let entries: Vec<i64> = ledger_entries::table
        .filter(not(exists(payment_lines::table.filter(payment_lines::id.eq(ledger_entries::line_id)))))
        .select(ledger_entries::id)
        .limit(100)
        .load(conn)?;
    problems.extend(entries.iter().map(|id| format!("boeking {id} verwijst naar een regel die niet bestaat")));
    Ok(problems)
}

/// The persons of some plans (for the audit record of a read of a run).
pub fn persons_of_plans(conn: &mut Conn, plan_ids: &[&str]) -> StoreResult<Vec<String>> {
    let mut out = Vec::new();
    for chunk in plan_ids.chunks(BATCH) {
        let ids: Vec<String> = ontzorging_plans::table
            .filter(ontzorging_plans::id.eq_any(chunk))
            .select(ontzorging_plans::person_id)
            .load(conn)?;
        out.extend(ids);
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// The persons a run's lines pay for, each once, in id order (for the audit record of the
/// run's SEPA file, which names every paid household).
pub fn persons_of_run(conn: &mut Conn, run_id: &str) -> StoreResult<Vec<String>> {
    Ok(ontzorging_plans::table
        .filter(
            ontzorging_plans::id
                .eq_any(payment_lines::table.filter(payment_lines::run_id.eq(run_id)).select(payment_lines::plan_id)),
        )
        .select(ontzorging_plans::person_id)
        .distinct()
        .order(ontzorging_plans::person_id)
        .load(conn)?)
}

/// Up to `limit` households of asielstatushouders in the municipalities without an open plan:
/// (person id, household id, municipality), one person per household.
pub fn households_without_plan(
    conn: &mut Conn,
    municipalities: &[String],
    limit: i64,
) -> StoreResult<Vec<(String, String, String)>> {
    let taken: std::collections::HashSet<String> = ontzorging_plans::table
        .filter(ontzorging_plans::status.eq_any(["concept", "actief"]))
        .select(ontzorging_plans::household_id)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut offset = 0;
    while (out.len() as i64) < limit {
        let rows: Vec<(String, String, String)> = persons::table
            .filter(persons::municipality_code.eq_any(municipalities))
            .filter(persons::target_group.eq("asielstatushouder"))
            .select((persons::id, persons::household_id, persons::municipality_code))
            .order(persons::id)
            .offset(offset)
            .limit(20_000)
            .load(conn)?;
        if rows.is_empty() {
            break;
        }
        offset += rows.len() as i64;
        for r in rows {
            if !taken.contains(&r.1) && seen.insert(r.1.clone()) {
                out.push(r);
                if out.len() as i64 >= limit {
                    break;
                }
            }
        }
    }
    Ok(out)
}

/// The lines of a run that were reversed with a storno.
pub fn reversed_lines(conn: &mut Conn, run_id: &str) -> StoreResult<Vec<i64>> {
    Ok(ledger_entries::table
        .filter(ledger_entries::run_id.eq(run_id))
        .filter(ledger_entries::kind.eq("storno"))
        .select(ledger_entries::line_id)
        .order(ledger_entries::line_id)
        .load(conn)?)
}
