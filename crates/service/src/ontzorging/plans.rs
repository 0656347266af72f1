//! The ontzorging plan of one household: prepared by the case worker (or finance), activated only
//! with a signed machtiging, its fixed costs kept per creditor with changes from a given month,
//! extended or tailored with a reason, a decided order of creditors when the benefit does not
//! suffice, the handover planned from the fourth month, and closed with letters to the person
//! and to each creditor.

use super::{audit_plan, load_plan, PURPOSE};
use crate::audit::entry;
use crate::cases::dossier::parse_date;
use crate::error::Errors;
use crate::{Actor, Permission, ServiceError, ServiceResult, Services};
use chrono::NaiveDate;
use regie_domain::ontzorging::payment::{self, CostPeriod, MonthCost, PlanMonth};
use regie_domain::ontzorging::plan::{self, PlanFacts, PlanSignal, PlanStatus};
use regie_domain::ontzorging::{HouseholdType, Month, NormTable};
use regie_domain::{Cents, Iban, TargetGroup};
use regie_store::ontzorging::{CostRow, DocumentInfo, NewCost, NewDocument, PlanEventRow, PlanRow};
use regie_store::Conn;
use serde::{Deserialize, Serialize};
use sha2::Digest;

/// The standard length of ontzorging in months (DOMAIN.md §6); `ontzorging_months` overrides it.
pub fn standard_months(s: &Services) -> ServiceResult<u32> {
    let stored = s.store.read(|c| regie_store::settings::get(c, "ontzorging_months"))?;
    Ok(stored.and_then(|v| v.parse().ok()).filter(|m| (1..=plan::MAX_MONTHS).contains(m)).unwrap_or(6))
}

/// From which month of the plan the handover signal appears.
pub const HANDOVER_FROM_MONTH: i32 = 4;

/// Largest document we keep (a scanned machtiging), as for every document of a person.
pub use regie_domain::inburgering::dossier::MAX_DOCUMENT_BYTES;

fn norm_table(c: &mut Conn) -> ServiceResult<NormTable> {
    let rows = regie_store::ontzorging::list_norms(c)?;
    let norms = rows
        .into_iter()
        .filter_map(|r| {
            Some(regie_domain::ontzorging::norms::Norm {
                household_type: HouseholdType::parse(&r.household_type).ok()?,
                valid_from: r.valid_from,
                amount: Cents(r.amount_cents),
            })
        })
        .collect();
    Ok(NormTable::new(norms))
}

pub(crate) fn load_norms(s: &Services) -> ServiceResult<NormTable> {
    s.store.read(|c| Ok(norm_table(c)))?
}

fn status_of(plan: &PlanRow) -> ServiceResult<PlanStatus> {
    PlanStatus::parse(&plan.status).ok_or_else(|| ServiceError::Internal("unknown plan status".into()))
}

/// The last day a plan pays: its planned end, or the day it was stopped.
pub fn last_day(plan: &PlanRow) -> NaiveDate {
    let end = plan::end_of(plan.benefit_start, plan.months.max(0) as u32);
    match (plan.status.as_str(), plan.closed_on) {
        ("gestopt", Some(stopped)) => end.min(stopped),
        _ => end,
    }
}

/// The cost versions in force in a month.
pub fn costs_in(costs: &[CostRow], month: Month) -> impl Iterator<Item = &CostRow> {
    let code = month.code();
    costs.iter().filter(move |c| c.from_month <= code && c.until_month.as_deref().is_none_or(|u| u >= code.as_str()))
}

/// The costs due in a month, in the domain's terms.
pub fn month_costs(costs: &[CostRow], month: Month) -> Vec<MonthCost> {
    costs_in(costs, month)
        .map(|c| MonthCost {
            cost_id: c.id,
            due: CostPeriod::parse(&c.period).map(|p| p.due_in(Cents(c.amount_cents), month)).unwrap_or_default(),
            priority: c.priority.map(|p| p.max(0) as u32),
        })
        .collect()
}

/// What a plan pays in a month, given its costs and the norms.
pub fn outcome(plan: &PlanRow, costs: &[CostRow], norms: &NormTable, month: Month) -> Option<payment::MonthOutcome> {
    let household = HouseholdType::parse(&plan.household_type).ok()?;
    let benefit = norms.at(household, month.first_day())?;
    let due = month_costs(costs, month);
    Some(payment::compute(&PlanMonth {
        month,
        plan_start: plan.benefit_start,
        plan_end: last_day(plan),
        benefit,
        costs: &due,
        priority_decided: plan.priority_decided_at.is_some(),
    }))
}

fn facts(plan: &PlanRow, costs: &[CostRow], norms: &NormTable, today: NaiveDate) -> ServiceResult<PlanFacts> {
    let status = status_of(plan)?;
    let start = Month::of(plan.benefit_start);
    let end = Month::of(last_day(plan));
    let from = start.max(Month::of(today));
    let mut needs = false;
    let mut m = from;
    while m <= end {
        if matches!(outcome(plan, costs, norms, m), Some(payment::MonthOutcome::NeedsDecision { .. })) {
            needs = true;
            break;
        }
        m = m.next();
    }
    Ok(PlanFacts {
        status,
        benefit_start: plan.benefit_start,
        months: plan.months.max(0) as u32,
        machtiging_signed_on: plan.machtiging_signed_on,
        handover_planned_on: plan.handover_planned_on,
        needs_priority_decision: needs,
        cost_count: costs_in(costs, from).count(),
    })
}

/// Everything shown about one plan.
#[derive(Debug, Clone)]
pub struct PlanView {
    pub plan: PlanRow,
    pub person_name: String,
    pub language: String,
    pub end: NaiveDate,
    pub costs: Vec<CostRow>,
    pub documents: Vec<DocumentInfo>,
    pub events: Vec<PlanEventRow>,
    pub signals: Vec<PlanSignal>,
    /// Month by month what the plan pays (or would pay), from its first month to its last.
    pub schedule: Vec<(Month, Option<payment::MonthOutcome>)>,
    /// Months already in a payment run, with the run's status.
    pub paid: Vec<(regie_store::ontzorging::LineRow, String)>,
}

fn view(c: &mut Conn, plan: PlanRow, today: NaiveDate) -> ServiceResult<PlanView> {
    // The plan's scope was checked; a person who moved on keeps the name the plan pays to.
    let person_name =
        regie_store::persons::get_scoped(c, &plan.person_id, std::slice::from_ref(&plan.municipality_code))?
            .map(|p| format!("{} {}", p.given_names, p.family_name).trim().to_string())
            .unwrap_or_else(|| plan.payee_name.clone());
    let language = regie_store::cases::get(c, &plan.person_id)?.map(|k| k.language).unwrap_or_default();
    let costs = regie_store::ontzorging::costs_of_plan(c, &plan.id)?;
    let norms = norm_table(c)?;
    let end = last_day(&plan);
    let mut schedule = Vec::new();
    let mut m = Month::of(plan.benefit_start);
    while m <= Month::of(end) {
        schedule.push((m, outcome(&plan, &costs, &norms, m)));
        m = m.next();
    }
    Ok(PlanView {
        signals: plan::signals(&facts(&plan, &costs, &norms, today)?, today, HANDOVER_FROM_MONTH),
        documents: regie_store::ontzorging::documents_of_plan(c, &plan.id)?,
        events: regie_store::ontzorging::plan_events(c, &plan.id)?,
        paid: regie_store::ontzorging::lines_of_plan(c, &plan.id)?,
        person_name,
        language,
        end,
        costs,
        schedule,
        plan,
    })
}

/// One plan, with its costs, documents, history, signals and month-by-month schedule. Audited.
pub fn get(s: &Services, actor: &Actor, plan_id: &str) -> ServiceResult<PlanView> {
    let today = s.clock.today();
    let v = s
        .store
        .read(|c| Ok(load_plan(c, actor, plan_id, Permission::ManageOntzorging).and_then(|p| view(c, p, today))))??;
    s.audit_read(entry(
        s,
        actor,
        actor.role_for(Permission::ManageOntzorging),
        "ontzorging.plan.read",
        PURPOSE,
        vec![v.plan.person_id.clone()],
        ("ontzorging_plan", &v.plan.id),
        "success",
    ))?;
    Ok(v)
}

/// The newcomer's own plans (for the newcomer portal): what is paid for them and when it ends.
pub fn own(s: &Services, actor: &Actor) -> ServiceResult<Vec<PlanView>> {
    actor.require(Permission::ReadOwnData)?;
    let person_id = actor.person_id.clone().ok_or(ServiceError::NotFound)?;
    let today = s.clock.today();
    let views = s.store.read(|c| {
        Ok(regie_store::ontzorging::plans_of_person(c, &person_id)
            .map_err(ServiceError::from)
            .and_then(|plans| plans.into_iter().map(|p| view(c, p, today)).collect::<ServiceResult<Vec<_>>>()))
    })??;
    s.audit_read(entry(
        s,
        actor,
        "inburgeraar",
        "ontzorging.own.read",
        PURPOSE,
        vec![person_id.clone()],
        ("person", &person_id),
        "success",
    ))?;
    Ok(views)
}

/// A row of the plan list: the plan, its person, its end and its signals.
#[derive(Debug, Clone)]
pub struct PlanSummary {
    pub plan: PlanRow,
    pub person_name: String,
    pub end: NaiveDate,
    pub signals: Vec<PlanSignal>,
}

/// The plans of the actor's municipalities, 50 per page, optionally of one status. Audited.
pub fn list(s: &Services, actor: &Actor, status: Option<&str>, page: i64) -> ServiceResult<(Vec<PlanSummary>, bool)> {
    let scope = actor.require_scope(Permission::ManageOntzorging)?;
    if let Some(st) = status {
        if PlanStatus::parse(st).is_none() {
            return Err(ServiceError::field("status", "Kies concept, actief, afgesloten of gestopt."));
        }
    }
    if !(1..=100_000).contains(&page) {
        return Err(ServiceError::field("page", "Een paginanummer is 1 of hoger."));
    }
    let today = s.clock.today();
    let (rows, has_next, summaries) = s.store.read(|c| {
        let page = regie_store::ontzorging::list_plans(c, &scope, status, (page - 1) * 50, 50)?;
        let norms = norm_table(c).map_err(|e| regie_store::StoreError::Other(e.to_string()))?;
        let mut out = Vec::new();
        for r in &page.items {
            let costs = regie_store::ontzorging::costs_of_plan(c, &r.plan.id)?;
            let signals = facts(&r.plan, &costs, &norms, today)
                .map(|f| plan::signals(&f, today, HANDOVER_FROM_MONTH))
                .unwrap_or_default();
            out.push(PlanSummary {
                plan: r.plan.clone(),
                person_name: format!("{} {}", r.given_names, r.family_name).trim().to_string(),
                end: last_day(&r.plan),
                signals,
            });
        }
        Ok((page.items.len(), page.has_next, out))
    })?;
    let _ = rows;
    s.audit_read(entry(
        s,
        actor,
        actor.role_for(Permission::ManageOntzorging),
        "ontzorging.plan.list",
        PURPOSE,
        summaries.iter().map(|p| p.plan.person_id.clone()).collect(),
        ("ontzorging_plan", "list"),
        "success",
    ))?;
    Ok((summaries, has_next))
}

/// Input of a new plan (form and API).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewPlan {
    pub person_id: String,
    pub household_type: String,
    /// `dd-mm-jjjj` or ISO: the first day of the welfare benefit.
    pub benefit_start: String,
    #[serde(default)]
    pub months: Option<u32>,
    #[serde(default)]
    pub months_reason: String,
    /// Where the remainder goes; the person's own account.
    pub payee_iban: String,
}

/// Starts a plan (in preparation) for a person's household.
pub fn create(s: &Services, actor: &Actor, input: &NewPlan) -> ServiceResult<PlanRow> {
    let scope = actor.require_scope(Permission::ManageOntzorging)?;
    let standard = standard_months(s)?;
    let mut e = Errors::default();
    let household = e.check("householdType", HouseholdType::parse(&input.household_type));
    // The benefit may start a little ahead (the plan is prepared before it starts).
    let horizon = s.clock.today() + chrono::Duration::days(92);
    let start = parse_date(&mut e, "benefitStart", &Some(input.benefit_start.clone()), horizon);
    if input.benefit_start.trim().is_empty() {
        e.push("benefitStart", "Vul de ingangsdatum van de bijstandsuitkering in.");
    }
    let months = input.months.unwrap_or(standard);
    e.check("months", plan::check_months(months, standard, &input.months_reason));
    let iban = e.check("payeeIban", Iban::parse(&input.payee_iban));
    e.into_result()?;
    let (household, start, iban) = (household.unwrap_or(HouseholdType::Alleenstaand), start.unwrap_or_default(), iban);
    let now = s.clock.naive();
    s.store.write_with(|c| {
        let person = regie_store::persons::get_scoped(c, &input.person_id, &scope)?.ok_or(ServiceError::NotFound)?;
        if person.target_group != TargetGroup::Asielstatushouder.code() {
            return Err(ServiceError::Conflict(
                "Ontzorgen geldt alleen voor asielstatushouders met een bijstandsuitkering.".into(),
            ));
        }
        let payee_name = format!("{} {}", person.given_names, person.family_name).trim().to_string();
        if !regie_documents::sepa::is_sepa_name(&payee_name) {
            return Err(ServiceError::Conflict(
                "De naam van de persoon staat niet in Latijnse letters, en de bank kan geen andere tekens aan. Leg de naam eerst ook in Latijnse letters vast.".into(),
            ));
        }
        if let Some(open) = regie_store::ontzorging::open_plan_of_household(c, &person.household_id)? {
            return Err(ServiceError::Conflict(format!(
                "Dit huishouden heeft al een plan dat loopt of in voorbereiding is (plan {}).",
                open.id
            )));
        }
        let row = PlanRow {
            id: uuid::Uuid::now_v7().to_string(),
            person_id: person.id.clone(),
            household_id: person.household_id.clone(),
            municipality_code: person.municipality_code.clone(),
            household_type: household.code().into(),
            status: PlanStatus::Concept.code().into(),
            benefit_start: start,
            months: months as i32,
            months_reason: input.months_reason.trim().into(),
            tailoring_reason: String::new(),
            payee_name,
            payee_iban: iban.map(String::from).unwrap_or_default(),
            machtiging_signed_on: None,
            priority_decided_at: None,
            priority_decided_by: None,
            training: String::new(),
            budget_coaching: false,
            handover_planned_on: None,
            handover_notes: String::new(),
            closed_on: None,
            stop_reason: None,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        regie_store::ontzorging::insert_plan(c, &row).map_err(|err| {
            if err.is_unique_violation() {
                ServiceError::Conflict("Dit huishouden heeft al een plan dat loopt of in voorbereiding is.".into())
            } else {
                err.into()
            }
        })?;
        regie_store::ontzorging::add_plan_event(c, &row.id, now, &actor.label, "aangemaakt", "Plan in voorbereiding")?;
        audit_plan(c, s, actor, "ontzorging.plan.create", &row)?;
        Ok(row)
    })
}

/// Applies a change to a plan in one transaction: loads it in scope, refuses a closed plan or a
/// stale version, lets `change` edit it, saves, records the history event and the audit record.
pub(crate) fn change<T>(
    s: &Services,
    actor: &Actor,
    plan_id: &str,
    expected_version: Option<i32>,
    action: &str,
    change: impl FnOnce(&mut Conn, &mut PlanRow) -> ServiceResult<(String, T)>,
) -> ServiceResult<T> {
    let now = s.clock.naive();
    s.store.write_with(|c| {
        let mut plan = load_plan(c, actor, plan_id, Permission::ManageOntzorging)?;
        if expected_version.is_some_and(|v| v != plan.version) {
            return Err(ServiceError::PreconditionFailed);
        }
        let before = plan.version;
        let (detail, value) = change(c, &mut plan)?;
        plan.version += 1;
        plan.updated_at = now;
        if !regie_store::ontzorging::update_plan(c, &plan, before)? {
            return Err(ServiceError::PreconditionFailed);
        }
        regie_store::ontzorging::add_plan_event(c, &plan.id, now, &actor.label, action, &detail)?;
        audit_plan(c, s, actor, &format!("ontzorging.plan.{action}"), &plan)?;
        Ok(value)
    })
}

fn open(plan: &PlanRow) -> ServiceResult<PlanStatus> {
    let status = status_of(plan)?;
    plan::check_open(status).map_err(|e| ServiceError::Conflict(e.message.into()))?;
    Ok(status)
}

/// The plan's own details: household type, payee account, length (with a reason when not
/// standard), tailoring, financial self-reliance.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlanDetails {
    pub household_type: String,
    pub payee_iban: String,
    pub months: u32,
    #[serde(default)]
    pub months_reason: String,
    #[serde(default)]
    pub tailoring_reason: String,
    #[serde(default)]
    pub training: String,
    #[serde(default)]
    pub budget_coaching: bool,
}

pub fn update_details(
    s: &Services,
    actor: &Actor,
    plan_id: &str,
    version: Option<i32>,
    input: &PlanDetails,
) -> ServiceResult<()> {
    actor.require(Permission::ManageOntzorging)?;
    let standard = standard_months(s)?;
    let mut e = Errors::default();
    let household = e.check("householdType", HouseholdType::parse(&input.household_type));
    let iban = e.check("payeeIban", Iban::parse(&input.payee_iban));
    e.check("months", plan::check_months(input.months, standard, &input.months_reason));
    for (field, v) in [
        ("monthsReason", &input.months_reason),
        ("tailoringReason", &input.tailoring_reason),
        ("training", &input.training),
    ] {
        if v.chars().count() > 1000 {
            e.push(field, "Hoogstens 1000 tekens.");
        }
    }
    e.into_result()?;
    change(s, actor, plan_id, version, "gewijzigd", |c, plan| {
        open(plan)?;
        let new_end = plan::end_of(plan.benefit_start, input.months);
        if let Some(last_paid) = last_paid_month(c, &plan.id)? {
            if Month::of(new_end) < last_paid {
                return Err(ServiceError::Conflict(format!(
                    "Er is al betaald tot en met {}; het plan kan niet eerder eindigen.",
                    last_paid.label_nl()
                )));
            }
        }
        let mut detail = String::from("Gegevens van het plan bijgewerkt");
        if input.months as i32 != plan.months {
            detail = format!("Duur van {} naar {} maanden: {}", plan.months, input.months, input.months_reason.trim());
        }
        plan.household_type = household.map(|h| h.code().to_string()).unwrap_or_default();
        plan.payee_iban = iban.clone().map(String::from).unwrap_or_default();
        plan.months = input.months as i32;
        plan.months_reason = input.months_reason.trim().into();
        plan.tailoring_reason = input.tailoring_reason.trim().into();
        plan.training = input.training.trim().into();
        plan.budget_coaching = input.budget_coaching;
        Ok((detail, ()))
    })
}

fn last_paid_month(c: &mut Conn, plan_id: &str) -> ServiceResult<Option<Month>> {
    let lines = regie_store::ontzorging::lines_of_plan(c, plan_id)?;
    Ok(lines.iter().filter(|(_, st)| st != "verworpen").filter_map(|(l, _)| Month::parse(&l.month).ok()).max())
}

/// A document upload: the signed machtiging.
#[derive(Debug, Clone)]
pub struct Upload {
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// Checks an uploaded machtiging: a PDF, PNG or JPEG of at most 5 MB whose bytes are what its
/// type says (the same check as every document of a person).
fn check_upload(e: &mut Errors, doc: &Upload) {
    crate::cases::documents::check_file(e, "document", "Voeg de getekende machtiging toe (PDF, PNG of JPEG).", doc);
}

/// Records the signed machtiging with its document. Nothing can be paid before it.
pub fn record_machtiging(
    s: &Services,
    actor: &Actor,
    plan_id: &str,
    signed_on: &str,
    document: &Upload,
) -> ServiceResult<i64> {
    actor.require(Permission::ManageOntzorging)?;
    let mut e = Errors::default();
    let signed = parse_date(&mut e, "signedOn", &Some(signed_on.to_string()), s.clock.today());
    if signed_on.trim().is_empty() {
        e.push("signedOn", "Vul de datum in waarop de machtiging is getekend.");
    }
    check_upload(&mut e, document);
    e.into_result()?;
    let now = s.clock.naive();
    let sha = hex::encode(sha2::Sha256::digest(&document.bytes));
    change(s, actor, plan_id, None, "machtiging", |c, plan| {
        open(plan)?;
        let id = regie_store::ontzorging::insert_document(
            c,
            &NewDocument {
                plan_id: &plan.id,
                kind: "machtiging",
                name: document.name.trim(),
                content_type: &document.content_type,
                content: &document.bytes,
                sha256: &sha,
                created_by: &actor.label,
                created_at: now,
            },
        )?;
        plan.machtiging_signed_on = signed;
        Ok((format!("Getekende machtiging vastgelegd ({})", document.name.trim()), id))
    })
}

/// A stored document of a plan (the machtiging or a letter). Audited.
pub fn document(s: &Services, actor: &Actor, plan_id: &str, doc_id: i64) -> ServiceResult<(DocumentInfo, Vec<u8>)> {
    let (plan, doc) = s.store.read(|c| {
        Ok(load_plan(c, actor, plan_id, Permission::ManageOntzorging).and_then(|p| {
            let d = regie_store::ontzorging::document(c, &p.id, doc_id)?.ok_or(ServiceError::NotFound)?;
            Ok((p, d))
        }))
    })??;
    s.audit_read(entry(
        s,
        actor,
        actor.role_for(Permission::ManageOntzorging),
        "ontzorging.document.read",
        PURPOSE,
        vec![plan.person_id.clone()],
        ("plan_document", &doc_id.to_string()),
        "success",
    ))?;
    Ok(doc)
}

/// Activates a plan: it has a signed machtiging, costs, and either all four standard cost types
/// or a recorded reason for tailoring.
pub fn activate(s: &Services, actor: &Actor, plan_id: &str) -> ServiceResult<()> {
    actor.require(Permission::ManageOntzorging)?;
    change(s, actor, plan_id, None, "geactiveerd", |c, plan| {
        let costs = regie_store::ontzorging::costs_of_plan(c, &plan.id)?;
        let norms = norm_table(c)?;
        let f = facts(plan, &costs, &norms, plan.benefit_start)?;
        plan::check_activation(&f).map_err(|e| ServiceError::Conflict(e.message.into()))?;
        if costs.is_empty() {
            return Err(ServiceError::Conflict("Leg eerst de vaste lasten vast die de gemeente gaat betalen.".into()));
        }
        let types = regie_store::ontzorging::list_cost_types(c)?;
        let missing: Vec<&str> = types
            .iter()
            .filter(|t| t.standard && !costs.iter().any(|k| k.cost_type == t.code))
            .map(|t| t.label.as_str())
            .collect();
        if !missing.is_empty() && plan.tailoring_reason.trim().is_empty() {
            return Err(ServiceError::Conflict(format!(
                "Niet alle vaste lasten worden betaald (ontbreekt: {}). Leg de reden voor dit maatwerk vast.",
                missing.join(", ")
            )));
        }
        if HouseholdType::parse(&plan.household_type).ok().and_then(|h| norms.at(h, plan.benefit_start)).is_none() {
            return Err(ServiceError::Conflict(
                "Er is geen bijstandsnorm voor dit huishoudtype op de ingangsdatum. Vraag de beheerder de normen bij te werken.".into(),
            ));
        }
        plan.status = PlanStatus::Actief.code().into();
        Ok(("Plan actief: de gemeente betaalt de vaste lasten".into(), ()))
    })
}

/// A fixed cost as entered (form and API).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CostInput {
    pub cost_type: String,
    pub creditor_name: String,
    pub creditor_iban: String,
    #[serde(default)]
    pub reference: String,
    /// Dutch-written (`650,00`) or plain (`650.00`) euros.
    pub amount: String,
    #[serde(default = "monthly")]
    pub period: String,
    /// `YYYY-MM`: the first month this amount applies.
    pub from_month: String,
}

fn monthly() -> String {
    "maand".into()
}

/// Parses an amount written Dutch-style or with a decimal point.
fn parse_amount(raw: &str) -> Result<Cents, regie_domain::Invalid> {
    let t = raw.trim();
    if t.contains('.') && !t.contains(',') && t.rsplit('.').next().is_some_and(|d| d.len() <= 2) {
        return Cents::parse_nl(&t.replacen('.', ",", 1));
    }
    Cents::parse_nl(t)
}

struct CheckedCost {
    cost_type: String,
    creditor_name: String,
    creditor_iban: String,
    reference: String,
    amount: Cents,
    period: CostPeriod,
    from: Month,
}

fn check_cost(c: &mut Conn, input: &CostInput) -> ServiceResult<CheckedCost> {
    let mut e = Errors::default();
    let types = regie_store::ontzorging::list_cost_types(c)?;
    if !types.iter().any(|t| t.active && t.code == input.cost_type) {
        e.push("costType", "Kies een soort vaste last uit de lijst.");
    }
    let name = input.creditor_name.trim();
    if name.is_empty() || name.chars().count() > 70 {
        e.push("creditorName", "Vul de naam van de schuldeiser in (hoogstens 70 tekens).");
    } else if !regie_documents::sepa::is_sepa_name(name) {
        e.push(
            "creditorName",
            "Schrijf de naam van de schuldeiser in Latijnse letters: de bank kan geen andere tekens aan.",
        );
    }
    let iban = e.check("creditorIban", Iban::parse(&input.creditor_iban));
    if input.reference.trim().chars().count() > 100 {
        e.push("reference", "Het kenmerk is hoogstens 100 tekens.");
    }
    let period = e.check("period", CostPeriod::parse(&input.period));
    let amount = e.check("amount", parse_amount(&input.amount));
    if let (Some(p), Some(a)) = (period, amount) {
        e.check("amount", p.check_amount(a));
    }
    let from = e.check("fromMonth", Month::parse(&input.from_month));
    e.into_result()?;
    Ok(CheckedCost {
        cost_type: input.cost_type.clone(),
        creditor_name: name.into(),
        creditor_iban: iban.map(String::from).unwrap_or_default(),
        reference: input.reference.trim().into(),
        amount: amount.unwrap_or_default(),
        period: period.unwrap_or(CostPeriod::Maand),
        from: from.ok_or_else(|| ServiceError::Internal("checked".into()))?,
    })
}

/// Refuses a change that would rewrite a month already in a payment run.
fn check_not_paid(c: &mut Conn, plan: &PlanRow, from: Month) -> ServiceResult<()> {
    if let Some(last) = last_paid_month(c, &plan.id)? {
        if from <= last {
            return Err(ServiceError::field(
                "fromMonth",
                format!("Tot en met {} is al betaald of in een betaalrun; kies een latere maand.", last.label_nl()),
            ));
        }
    }
    let end = Month::of(last_day(plan));
    if from > end || from < Month::of(plan.benefit_start) {
        return Err(ServiceError::field("fromMonth", "Deze maand valt buiten de looptijd van het plan."));
    }
    Ok(())
}

/// Adds a fixed cost from a month on.
pub fn add_cost(s: &Services, actor: &Actor, plan_id: &str, input: &CostInput) -> ServiceResult<i64> {
    actor.require(Permission::ManageOntzorging)?;
    let now = s.clock.naive();
    change(s, actor, plan_id, None, "vaste_last", |c, plan| {
        open(plan)?;
        let k = check_cost(c, input)?;
        check_not_paid(c, plan, k.from)?;
        let id = regie_store::ontzorging::insert_cost(
            c,
            &NewCost {
                plan_id: plan.id.clone(),
                cost_type: k.cost_type.clone(),
                creditor_name: k.creditor_name.clone(),
                creditor_iban: k.creditor_iban,
                reference: k.reference,
                amount_cents: k.amount.0,
                period: k.period.code().into(),
                from_month: k.from.code(),
                until_month: None,
                priority: None,
                replaces_id: None,
                created_by: actor.label.clone(),
                created_at: now,
            },
        )?;
        Ok((
            format!(
                "{}: {} {} vanaf {}",
                k.creditor_name,
                k.amount.display_nl(),
                k.period.label_nl(),
                k.from.label_nl()
            ),
            id,
        ))
    })
}

/// Changes a fixed cost from a month on: the old version ends the month before, the new one
/// starts; months already paid keep what they were.
pub fn change_cost(s: &Services, actor: &Actor, plan_id: &str, cost_id: i64, input: &CostInput) -> ServiceResult<i64> {
    actor.require(Permission::ManageOntzorging)?;
    let now = s.clock.naive();
    change(s, actor, plan_id, None, "vaste_last_gewijzigd", |c, plan| {
        open(plan)?;
        let old = current_cost(c, plan, cost_id)?;
        let k = check_cost(c, input)?;
        check_not_paid(c, plan, k.from)?;
        if k.from.code() <= old.from_month {
            return Err(ServiceError::field(
                "fromMonth",
                "Een wijziging gaat in na de eerste maand van het huidige bedrag; verwijder anders de vaste last en voeg een nieuwe toe.",
            ));
        }
        regie_store::ontzorging::close_cost(c, old.id, &k.from.prev().code())?;
        let id = regie_store::ontzorging::insert_cost(
            c,
            &NewCost {
                plan_id: plan.id.clone(),
                cost_type: k.cost_type,
                creditor_name: k.creditor_name.clone(),
                creditor_iban: k.creditor_iban,
                reference: k.reference,
                amount_cents: k.amount.0,
                period: k.period.code().into(),
                from_month: k.from.code(),
                until_month: None,
                priority: old.priority,
                replaces_id: Some(old.id),
                created_by: actor.label.clone(),
                created_at: now,
            },
        )?;
        Ok((
            format!(
                "{}: van {} naar {} vanaf {}",
                k.creditor_name,
                Cents(old.amount_cents).display_nl(),
                k.amount.display_nl(),
                k.from.label_nl()
            ),
            id,
        ))
    })
}

fn current_cost(c: &mut Conn, plan: &PlanRow, cost_id: i64) -> ServiceResult<CostRow> {
    let costs = regie_store::ontzorging::costs_of_plan(c, &plan.id)?;
    let cost = costs.into_iter().find(|k| k.id == cost_id).ok_or(ServiceError::NotFound)?;
    if cost.until_month.is_some() {
        return Err(ServiceError::Conflict("Deze versie van de vaste last is al beëindigd.".into()));
    }
    Ok(cost)
}

/// Stops paying a fixed cost from a month on (the person pays it, or the contract ended).
pub fn end_cost(s: &Services, actor: &Actor, plan_id: &str, cost_id: i64, from_month: &str) -> ServiceResult<()> {
    actor.require(Permission::ManageOntzorging)?;
    let from = Month::parse(from_month).map_err(|e| ServiceError::from_invalid("fromMonth", e))?;
    change(s, actor, plan_id, None, "vaste_last_beeindigd", |c, plan| {
        open(plan)?;
        let old = current_cost(c, plan, cost_id)?;
        check_not_paid(c, plan, from)?;
        if from.code() <= old.from_month {
            return Err(ServiceError::field("fromMonth", "Kies een maand na de eerste maand van deze vaste last."));
        }
        regie_store::ontzorging::close_cost(c, old.id, &from.prev().code())?;
        Ok((format!("{}: niet meer betaald vanaf {}", old.creditor_name, from.label_nl()), ()))
    })
}

/// Decides which creditors go first when the benefit does not cover all costs: `order` lists
/// every current cost id, first paid first.
pub fn decide_order(s: &Services, actor: &Actor, plan_id: &str, order: &[i64]) -> ServiceResult<()> {
    actor.require(Permission::ManageOntzorging)?;
    let now = s.clock.naive();
    change(s, actor, plan_id, None, "volgorde", |c, plan| {
        open(plan)?;
        let costs = regie_store::ontzorging::costs_of_plan(c, &plan.id)?;
        let current: Vec<&CostRow> = costs.iter().filter(|k| k.until_month.is_none()).collect();
        let mut sorted = order.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        let mut ids: Vec<i64> = current.iter().map(|k| k.id).collect();
        ids.sort_unstable();
        if sorted != ids || sorted.len() != order.len() {
            return Err(ServiceError::field("order", "Zet elke huidige vaste last precies één keer in de volgorde."));
        }
        for (rank, id) in order.iter().enumerate() {
            regie_store::ontzorging::set_cost_priority(c, *id, Some(rank as i32 + 1))?;
        }
        plan.priority_decided_at = Some(now);
        plan.priority_decided_by = Some(actor.label.clone());
        let names: Vec<String> = order
            .iter()
            .filter_map(|id| current.iter().find(|k| k.id == *id).map(|k| k.creditor_name.clone()))
            .collect();
        Ok((format!("Volgorde bij tekort: {}", names.join(", ")), ()))
    })
}

/// Input for planning the handover.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Handover {
    /// `dd-mm-jjjj` or ISO: the handover conversation.
    pub planned_on: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub training: String,
    #[serde(default)]
    pub budget_coaching: bool,
}

/// Plans the handover: the conversation date, what was agreed, the training in financial
/// self-reliance and budget coaching.
pub fn plan_handover(s: &Services, actor: &Actor, plan_id: &str, input: &Handover) -> ServiceResult<()> {
    actor.require(Permission::ManageOntzorging)?;
    let mut e = Errors::default();
    let far = s.clock.today() + chrono::Duration::days(366);
    let planned = parse_date(&mut e, "plannedOn", &Some(input.planned_on.clone()), far);
    if input.planned_on.trim().is_empty() {
        e.push("plannedOn", "Vul de datum van het overdrachtsgesprek in.");
    }
    if input.notes.chars().count() > 2000 || input.training.chars().count() > 1000 {
        e.push("notes", "Hoogstens 2000 tekens.");
    }
    e.into_result()?;
    change(s, actor, plan_id, None, "overdracht", |_, plan| {
        if open(plan)? != PlanStatus::Actief {
            return Err(ServiceError::Conflict("Een overdracht plant u voor een actief plan.".into()));
        }
        plan.handover_planned_on = planned;
        plan.handover_notes = input.notes.trim().into();
        if !input.training.trim().is_empty() {
            plan.training = input.training.trim().into();
        }
        plan.budget_coaching = input.budget_coaching;
        Ok(("Overdracht gepland".into(), ()))
    })
}

/// Stops a plan early (benefit ended, moved away, machtiging withdrawn): nothing is paid after
/// `last_day`.
pub fn stop(s: &Services, actor: &Actor, plan_id: &str, last_day_raw: &str, reason: &str) -> ServiceResult<()> {
    actor.require(Permission::ManageOntzorging)?;
    let mut e = Errors::default();
    let far = s.clock.today() + chrono::Duration::days(366);
    let last = parse_date(&mut e, "lastDay", &Some(last_day_raw.to_string()), far);
    if last_day_raw.trim().is_empty() {
        e.push("lastDay", "Vul de laatste dag in waarover nog wordt betaald.");
    }
    if reason.trim().is_empty() || reason.chars().count() > 1000 {
        e.push("reason", "Geef de reden waarom het ontzorgen stopt.");
    }
    e.into_result()?;
    let last = last.unwrap_or_default();
    change(s, actor, plan_id, None, "gestopt", |c, plan| {
        open(plan)?;
        if let Some(paid) = last_paid_month(c, &plan.id)? {
            if Month::of(last) < paid {
                return Err(ServiceError::field(
                    "lastDay",
                    format!("Er is al betaald over {}; kies een dag in of na die maand.", paid.label_nl()),
                ));
            }
        }
        plan.status = PlanStatus::Gestopt.code().into();
        plan.closed_on = Some(last);
        plan.stop_reason = Some(reason.trim().into());
        Ok((format!("Gestopt per {}: {}", last.format("%d-%m-%Y"), reason.trim()), ()))
    })
}

/// Closes a plan after its last month: a letter to the person in their language and one to each
/// creditor (the municipality stops paying), kept with the plan.
pub fn close(s: &Services, actor: &Actor, plan_id: &str) -> ServiceResult<Vec<i64>> {
    actor.require(Permission::ManageOntzorging)?;
    let today = s.clock.today();
    let now = s.clock.naive();
    change(s, actor, plan_id, None, "afgesloten", |c, plan| {
        if open(plan)? != PlanStatus::Actief {
            return Err(ServiceError::Conflict("Alleen een actief plan wordt met brieven afgesloten.".into()));
        }
        let end = last_day(plan);
        if today <= end && Month::of(today) < Month::of(end) {
            return Err(ServiceError::Conflict(format!(
                "Het ontzorgen loopt nog tot en met {}; sluit het plan af in de laatste maand of daarna.",
                end.format("%d-%m-%Y")
            )));
        }
        let letters = super::letters::render(c, actor, plan, today)?;
        let mut ids = Vec::new();
        for (kind, name, pdf) in &letters {
            let sha = hex::encode(sha2::Sha256::digest(pdf));
            ids.push(regie_store::ontzorging::insert_document(
                c,
                &NewDocument {
                    plan_id: &plan.id,
                    kind,
                    name,
                    content_type: "application/pdf",
                    content: pdf,
                    sha256: &sha,
                    created_by: &actor.label,
                    created_at: now,
                },
            )?);
        }
        plan.status = PlanStatus::Afgesloten.code().into();
        plan.closed_on = Some(today);
        Ok((format!("Afgesloten; {} brieven gemaakt", letters.len()), ids))
    })
}
