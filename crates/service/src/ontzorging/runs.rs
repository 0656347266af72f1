//! The monthly payment run: for each plan of the drafter's municipalities, each creditor paid and
//! the remainder to the person, pro rata at the plan's edges; plans whose costs exceed the benefit
//! without a decided order are not paid but signalled. Drafted by one finance user and approved
//! by another (four eyes); the approval books the ledger and fixes the SEPA file.
//!
//! Crash safety: drafting is one transaction and approval is one transaction, so a process that
//! dies at any moment leaves the step either done or cleanly undone, and repeating it is safe: a
//! second draft for the same month returns the existing run (or refuses when it overlaps another),
//! a second approval returns the approved run. The store's keys make a second live run for a
//! municipality and month, a second payment of a plan for a month, and a second booking of a
//! line impossible, whatever the code above them does.

use super::plans::{last_day, load_norms, outcome};
use super::PURPOSE;
use crate::audit::entry;
use crate::{Actor, Permission, ServiceError, ServiceResult, Services};
use chrono::NaiveDateTime;
use regie_documents::sepa::{CreditTransferFile, PaymentBatch, Transfer};
use regie_domain::ontzorging::payment::{covered_days, MonthOutcome};
use regie_domain::ontzorging::Month;
use regie_domain::{Cents, Iban};
use regie_store::ontzorging::{CostRow, LineRow, NewLine, NewSignal, PlanMonthRow, RunRow, SignalRow};
use regie_store::Conn;
use sha2::Digest;
use std::collections::HashMap;

/// A named user acting from the command line (audited as that user, with their roles).
pub fn operator(s: &Services, username: &str) -> ServiceResult<Actor> {
    let user = s.store.read(|c| regie_store::users::find_by_username(c, username))?.ok_or(ServiceError::NotFound)?;
    if user.disabled {
        return Err(ServiceError::Forbidden);
    }
    crate::auth::actor_for_user(s, &user)
}

/// Who drafted or decided, comparable across users and API tokens (tokens count negative).
fn identity(actor: &Actor) -> i64 {
    actor.user_id.or(actor.token_id.map(|t| -t)).unwrap_or(0)
}

fn parse_month(raw: &str) -> ServiceResult<Month> {
    Month::parse(raw).map_err(|e| ServiceError::from_invalid("month", e))
}

/// The run, when all its municipalities are within the actor's scope.
fn load_run(c: &mut Conn, actor: &Actor, run_id: &str) -> ServiceResult<RunRow> {
    let scope = actor.require_scope(Permission::PaymentRuns)?;
    let run = regie_store::ontzorging::get_run(c, run_id)?.ok_or(ServiceError::NotFound)?;
    if !run.municipality_codes().iter().all(|m| scope.contains(m)) {
        return Err(ServiceError::NotFound);
    }
    Ok(run)
}

fn audit(c: &mut Conn, s: &Services, actor: &Actor, action: &str, run: &RunRow) -> ServiceResult<()> {
    let rec = entry(
        s,
        actor,
        actor.role_for(Permission::PaymentRuns),
        action,
        PURPOSE,
        vec![],
        ("payment_run", &run.id),
        "success",
    );
    regie_store::audit::append(c, &[rec])?;
    Ok(())
}

/// Drafts the run of a month for the actor's municipalities. Returns the run and whether it was
/// created now (false: the same run already existed).
pub fn draft(s: &Services, actor: &Actor, month_raw: &str) -> ServiceResult<(RunRow, bool)> {
    let scope = actor.require_scope(Permission::PaymentRuns)?;
    let month = parse_month(month_raw)?;
    if month > Month::of(s.clock.today()) {
        return Err(ServiceError::field(
            "month",
            "Een betaalrun voor een maand in de toekomst kan nog niet worden gemaakt.",
        ));
    }
    if month < Month::of(s.clock.today()).plus(-24) {
        return Err(ServiceError::field("month", "Een betaalrun kan hoogstens twee jaar terug worden gemaakt."));
    }
    let norms = load_norms(s)?;
    let now = s.clock.naive();
    s.store.write_with(|c| {
        let claims = regie_store::ontzorging::claims(c, &month.code(), &scope)?;
        if let Some((_, run_id)) = claims.first() {
            let run = regie_store::ontzorging::get_run(c, run_id)?.ok_or(ServiceError::NotFound)?;
            if run.municipality_codes() == scope {
                return Ok((run, false));
            }
            let held: Vec<&str> = claims.iter().map(|(m, _)| m.as_str()).collect();
            return Err(ServiceError::Conflict(format!(
                "Voor {} bestaat al een betaalrun voor gemeente(n) {}; een tweede run voor dezelfde maand kan niet.",
                month.label_nl(),
                held.join(", ")
            )));
        }
        let run = build(c, s, actor, &scope, month, &norms, now)?;
        audit(c, s, actor, "ontzorging.run.draft", &run)?;
        Ok((run, true))
    })
}

fn short_id(run_id: &str) -> String {
    run_id.replace('-', "").chars().rev().take(10).collect::<String>().to_uppercase()
}

/// Computes and stores a new run (inside the caller's transaction).
fn build(
    c: &mut Conn,
    s: &Services,
    actor: &Actor,
    scope: &[String],
    month: Month,
    norms: &regie_domain::ontzorging::NormTable,
    now: NaiveDateTime,
) -> ServiceResult<RunRow> {
    let _ = s;
    let started = std::time::Instant::now();
    let step =
        |what: &str| tracing::debug!(elapsed_ms = started.elapsed().as_millis() as u64, "payment run draft: {what}");
    let run_id = uuid::Uuid::now_v7().to_string();
    let tag = short_id(&run_id);
    let plans = regie_store::ontzorging::plans_for_run(c, scope, month.last_day())?;
    step("plans loaded");
    // The costs of each plan, by the plan's position, in the order they were made.
    let position: HashMap<&str, usize> = plans.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
    let mut costs_by_plan: Vec<Vec<CostRow>> = vec![Vec::new(); plans.len()];
    for k in regie_store::ontzorging::costs_for_run(c, scope, month.last_day())? {
        if let Some(&i) = position.get(k.plan_id.as_str()) {
            costs_by_plan[i].push(k);
        }
    }
    let accounts = regie_store::ontzorging::list_payer_accounts(c)?;
    step("plans and costs loaded");
    let mut lines = Vec::new();
    let mut months = Vec::new();
    let mut signals = Vec::new();
    let mut missing_account = Vec::new();
    let signal = |plan: &str, code: &str, detail: String, amount: i64| NewSignal {
        run_id: run_id.clone(),
        plan_id: plan.to_string(),
        code: code.into(),
        detail,
        amount_cents: amount,
    };
    for (plan, costs) in plans.iter().zip(&costs_by_plan) {
        if covered_days(month, plan.benefit_start, last_day(plan)) == 0 {
            continue;
        }
        if plan.status == "concept" {
            signals.push(signal(
                &plan.id,
                "niet_actief",
                "Plan nog in voorbereiding (machtiging of activering ontbreekt): niets betaald.".into(),
                0,
            ));
            continue;
        }
        let result = outcome(plan, costs, norms, month);
        let payment = match &result {
            None => {
                signals.push(signal(
                    &plan.id,
                    "geen_norm",
                    "Geen bijstandsnorm voor dit huishoudtype in deze maand: niets betaald.".into(),
                    0,
                ));
                continue;
            }
            Some(MonthOutcome::NotActive) => continue,
            Some(MonthOutcome::NeedsDecision { benefit, costs }) => {
                signals.push(signal(
                    &plan.id,
                    "tekort_besluit_nodig",
                    format!(
                        "Vaste lasten {} zijn hoger dan de uitkering {}: besluit welke schuldeisers eerst gaan. Niets betaald.",
                        costs.display_nl(),
                        benefit.display_nl()
                    ),
                    costs.0 - benefit.0,
                ));
                continue;
            }
            Some(MonthOutcome::Paid(p)) => p,
            Some(MonthOutcome::PaidInOrder { payment, unpaid }) => {
                let missing: i64 = unpaid.iter().map(|(_, a)| a.0).sum();
                let names: Vec<String> = unpaid
                    .iter()
                    .filter_map(|(id, a)| {
                        costs.iter().find(|k| k.id == *id).map(|k| format!("{} ({})", k.creditor_name, a.display_nl()))
                    })
                    .collect();
                signals.push(signal(
                    &plan.id,
                    "tekort_deels_betaald",
                    format!(
                        "Uitkering reikt niet: in de besloten volgorde niet (volledig) betaald: {}.",
                        names.join(", ")
                    ),
                    missing,
                ));
                payment
            }
        };
        if !accounts.iter().any(|a| a.municipality_code == plan.municipality_code) {
            missing_account.push(plan.municipality_code.clone());
            continue;
        }
        months.push(PlanMonthRow {
            plan_id: plan.id.clone(),
            month: month.code(),
            run_id: run_id.clone(),
            benefit_cents: payment.benefit.0,
        });
        let mut line =
            |kind: &str, cost: Option<&CostRow>, name: &str, iban: &str, reference: String, amount: Cents| {
                lines.push(NewLine {
                    run_id: run_id.clone(),
                    plan_id: plan.id.clone(),
                    municipality_code: plan.municipality_code.clone(),
                    month: month.code(),
                    kind: kind.into(),
                    cost_id: cost.map(|k| k.id),
                    cost_type: cost.map(|k| k.cost_type.clone()),
                    payee_name: name.into(),
                    payee_iban: iban.into(),
                    reference,
                    amount_cents: amount.0,
                    days: payment.days as i32,
                    days_in_month: payment.days_in_month as i32,
                    end_to_end_id: String::new(),
                });
            };
        for (cost_id, amount) in &payment.creditors {
            let k = costs
                .iter()
                .find(|k| k.id == *cost_id)
                .ok_or_else(|| ServiceError::Internal("cost vanished".into()))?;
            let reference = if k.reference.is_empty() {
                format!("{} {}", k.cost_type, month.code())
            } else {
                format!("{} {}", k.reference, month.code())
            };
            line("schuldeiser", Some(k), &k.creditor_name, &k.creditor_iban, reference, *amount);
        }
        if payment.remainder.0 > 0 {
            line(
                "inburgeraar",
                None,
                &plan.payee_name,
                &plan.payee_iban,
                format!("Restant uitkering {}", month.label_nl()),
                payment.remainder,
            );
        }
    }
    if !missing_account.is_empty() {
        missing_account.sort();
        missing_account.dedup();
        return Err(ServiceError::Conflict(format!(
            "Er is geen betaalrekening ingesteld voor gemeente(n) {}. Vraag de beheerder die eerst vast te leggen.",
            missing_account.join(", ")
        )));
    }
    if lines.is_empty() && signals.is_empty() {
        return Err(ServiceError::Conflict(format!(
            "In {} is er voor uw gemeenten niets te betalen: geen plan loopt in die maand.",
            month.label_nl()
        )));
    }
    for (i, l) in lines.iter_mut().enumerate() {
        l.end_to_end_id = format!("{tag}-{:07}", i + 1);
    }
    let creditor: i64 = lines.iter().filter(|l| l.kind == "schuldeiser").map(|l| l.amount_cents).sum();
    let remainder: i64 = lines.iter().filter(|l| l.kind == "inburgeraar").map(|l| l.amount_cents).sum();
    let run = RunRow {
        id: run_id.clone(),
        month: month.code(),
        municipalities: scope.join(","),
        status: "concept".into(),
        drafted_by_user: identity(actor),
        drafted_by: actor.label.clone(),
        drafted_at: now,
        decided_by_user: None,
        decided_by: None,
        decided_at: None,
        rejection_reason: None,
        plan_count: months.len() as i32,
        line_count: lines.len() as i32,
        total_cents: creditor + remainder,
        creditor_cents: creditor,
        remainder_cents: remainder,
        signal_count: signals.len() as i32,
        message_id: format!("REGIE-{}-{tag}", month.code()),
        sepa_sha256: None,
    };
    step("computed");
    regie_store::ontzorging::insert_run(c, &run)?;
    regie_store::ontzorging::claim(c, &month.code(), scope, &run_id).map_err(|e| {
        if e.is_unique_violation() {
            ServiceError::Conflict(
                "Er is zojuist een andere betaalrun voor deze maand gemaakt. Vernieuw de pagina.".into(),
            )
        } else {
            e.into()
        }
    })?;
    regie_store::ontzorging::insert_plan_months(c, &months)?;
    step("plan months stored");
    regie_store::ontzorging::insert_lines(c, &lines)?;
    step("lines stored");
    regie_store::ontzorging::insert_signals(c, &signals)?;
    Ok(run)
}

/// Approves a draft run: a different finance user than the drafter. Books every line in the
/// ledger and fixes the SEPA file (its hash is kept). Approving an approved run returns it.
pub fn approve(s: &Services, actor: &Actor, run_id: &str) -> ServiceResult<RunRow> {
    actor.require(Permission::PaymentRuns)?;
    let now = s.clock.naive();
    s.store.write_with(|c| {
        let mut run = load_run(c, actor, run_id)?;
        match run.status.as_str() {
            "goedgekeurd" => return Ok(run),
            "verworpen" => return Err(ServiceError::Conflict("Deze betaalrun is afgewezen en kan niet meer worden goedgekeurd.".into())),
            _ => {}
        }
        if run.drafted_by_user == identity(actor) {
            return Err(ServiceError::Conflict(
                "U heeft deze betaalrun zelf opgesteld. Een andere medewerker van financiën keurt hem goed (vier ogen).".into(),
            ));
        }
        if Month::parse(&run.month).map_err(|e| ServiceError::Internal(e.message.into()))? > Month::of(now.date()) {
            return Err(ServiceError::Conflict("Deze betaalrun is voor een maand in de toekomst.".into()));
        }
        run.status = "goedgekeurd".into();
        run.decided_by_user = Some(identity(actor));
        run.decided_by = Some(actor.label.clone());
        run.decided_at = Some(now);
        let started = std::time::Instant::now();
        let inputs = sepa_inputs(c, &run)?;
        // The file is written, hashed and packed on a second thread while this one books the
        // ledger.
        let (file, posted) = std::thread::scope(|scope| {
            let file = scope.spawn(|| sepa_bytes(&run, inputs).and_then(|xml| pack_file(&run.id, &xml)));
            let posted = regie_store::ontzorging::post_run(c, &run.id, &actor.label, now);
            tracing::debug!(elapsed_ms = started.elapsed().as_millis() as u64, "payment run approval: ledger posted");
            let file = file.join().unwrap_or_else(|_| Err(ServiceError::Internal("writing the SEPA file failed".into())));
            (file, posted)
        });
        posted?;
        let (hash, file) = file?;
        run.sepa_sha256 = Some(hash);
        tracing::debug!(elapsed_ms = started.elapsed().as_millis() as u64, "payment run approval: SEPA file packed");
        if !regie_store::ontzorging::decide_run(c, &run)? {
            return Err(ServiceError::PreconditionFailed);
        }
        if let Some(file) = file {
            regie_store::ontzorging::insert_run_file(c, &file)?;
        }
        audit(c, s, actor, "ontzorging.run.approve", &run)?;
        Ok(run)
    })
}

/// Rejects a draft run with a reason; its plans and month are free for a new draft.
pub fn reject(s: &Services, actor: &Actor, run_id: &str, reason: &str) -> ServiceResult<RunRow> {
    actor.require(Permission::PaymentRuns)?;
    if reason.trim().is_empty() || reason.chars().count() > 1000 {
        return Err(ServiceError::field("reason", "Geef de reden waarom deze betaalrun wordt afgewezen."));
    }
    let now = s.clock.naive();
    s.store.write_with(|c| {
        let mut run = load_run(c, actor, run_id)?;
        match run.status.as_str() {
            "verworpen" => return Ok(run),
            "goedgekeurd" => {
                return Err(ServiceError::Conflict(
                    "Een goedgekeurde betaalrun kan niet meer worden afgewezen; corrigeer met een storno.".into(),
                ))
            }
            _ => {}
        }
        run.status = "verworpen".into();
        run.decided_by_user = Some(identity(actor));
        run.decided_by = Some(actor.label.clone());
        run.decided_at = Some(now);
        run.rejection_reason = Some(reason.trim().into());
        if !regie_store::ontzorging::decide_run(c, &run)? {
            return Err(ServiceError::PreconditionFailed);
        }
        regie_store::ontzorging::release_run(c, &run.id)?;
        audit(c, s, actor, "ontzorging.run.reject", &run)?;
        Ok(run)
    })
}

/// Runs visible to the actor (all their municipalities in its scope), optionally of one month.
pub fn list(s: &Services, actor: &Actor, month: Option<&str>) -> ServiceResult<Vec<RunRow>> {
    let scope = actor.require_scope(Permission::PaymentRuns)?;
    let month = month.map(parse_month).transpose()?;
    let runs = s.store.read(|c| regie_store::ontzorging::list_runs(c, month.map(|m| m.code()).as_deref()))?;
    Ok(runs.into_iter().filter(|r| r.municipality_codes().iter().all(|m| scope.contains(m))).collect())
}

/// A run with its payment lines and signals.
#[derive(Debug, Clone)]
pub struct RunView {
    pub run: RunRow,
    pub lines: Vec<LineRow>,
    pub signals: Vec<SignalRow>,
    /// Lines reversed with a storno.
    pub reversed: Vec<i64>,
}

/// One run with every line and signal. Audited as a read of the persons paid.
pub fn get(s: &Services, actor: &Actor, run_id: &str) -> ServiceResult<RunView> {
    let (view, persons) = s.store.read(|c| {
        Ok(load_run(c, actor, run_id).and_then(|run| {
            let lines = regie_store::ontzorging::lines_of_run(c, &run.id)?;
            let signals = regie_store::ontzorging::signals_of_run(c, &run.id)?;
            let plan_ids = lines.iter().map(|l| l.plan_id.as_str()).chain(signals.iter().map(|x| x.plan_id.as_str()));
            let persons = persons_of(c, plan_ids)?;
            let reversed = regie_store::ontzorging::reversed_lines(c, &run.id)?;
            Ok((RunView { run, lines, signals, reversed }, persons))
        }))
    })??;
    s.audit_read(entry(
        s,
        actor,
        actor.role_for(Permission::PaymentRuns),
        "ontzorging.run.read",
        PURPOSE,
        persons,
        ("payment_run", &view.run.id),
        "success",
    ))?;
    Ok(view)
}

/// The persons of these plans, each once: whom an audit record of a run names.
fn persons_of<'a>(c: &mut Conn, plan_ids: impl Iterator<Item = &'a str>) -> ServiceResult<Vec<String>> {
    let mut plan_ids: Vec<&str> = plan_ids.collect();
    plan_ids.sort_unstable();
    plan_ids.dedup();
    Ok(regie_store::ontzorging::persons_of_plans(c, &plan_ids)?)
}

/// What the SEPA file of a run is made from: its lines and the paying accounts.
type SepaInputs = (Vec<regie_store::ontzorging::SepaLine>, Vec<regie_store::ontzorging::PayerAccountRow>);

fn sepa_inputs(c: &mut Conn, run: &RunRow) -> ServiceResult<SepaInputs> {
    let started = std::time::Instant::now();
    let lines = regie_store::ontzorging::sepa_lines_of_run(c, &run.id)?;
    tracing::debug!(elapsed_ms = started.elapsed().as_millis() as u64, "SEPA file: lines loaded");
    Ok((lines, regie_store::ontzorging::list_payer_accounts(c)?))
}

/// Builds the SEPA file of an approved (or approving) run from its stored lines.
fn sepa_bytes(run: &RunRow, (lines, accounts): SepaInputs) -> ServiceResult<Vec<u8>> {
    let decided =
        run.decided_at.ok_or_else(|| ServiceError::Conflict("Het SEPA-bestand bestaat pas na goedkeuring.".into()))?;
    let started = std::time::Instant::now();
    let bad = |what: &str| ServiceError::Internal(format!("stored {what} is not a valid IBAN"));
    // One batch per municipality, in the order of the run's municipalities; the lines keep
    // their order within a batch. The lines are moved into the transfers, not copied.
    let codes = run.municipality_codes();
    let mut transfers: Vec<Vec<Transfer>> = codes.iter().map(|_| Vec::new()).collect();
    for l in lines {
        let Some(i) = codes.iter().position(|c| *c == l.municipality_code) else {
            return Err(ServiceError::Internal("a line of a municipality outside its run".into()));
        };
        transfers[i].push(Transfer {
            end_to_end_id: l.end_to_end_id,
            amount: Cents(l.amount_cents),
            creditor_name: l.payee_name,
            creditor_iban: Iban::parse(&l.payee_iban).map_err(|_| bad("payee IBAN"))?,
            remittance: l.reference,
        });
    }
    let mut batches: Vec<PaymentBatch> = Vec::new();
    for (code, transfers) in codes.iter().zip(transfers) {
        if transfers.is_empty() {
            continue;
        }
        let account = accounts
            .iter()
            .find(|a| a.municipality_code == *code)
            .ok_or_else(|| ServiceError::Conflict(format!("Geen betaalrekening voor gemeente {code}.")))?;
        batches.push(PaymentBatch {
            payment_info_id: format!("{}-{}", run.message_id, &code[2..]),
            execution_date: decided.date(),
            debtor_name: account.name.clone(),
            debtor_iban: Iban::parse(&account.iban).map_err(|_| bad("payer IBAN"))?,
            debtor_bic: account.bic.clone(),
            transfers,
        });
    }
    if batches.is_empty() {
        return Ok(Vec::new());
    }
    let file = CreditTransferFile {
        message_id: run.message_id.clone(),
        created_at: decided,
        initiating_party: "Regie ontzorging".into(),
        batches,
    };
    tracing::debug!(elapsed_ms = started.elapsed().as_millis() as u64, "SEPA file: transfers built");
    let xml = regie_documents::sepa::pain001(&file).map_err(|e| ServiceError::Internal(e.to_string()));
    tracing::debug!(elapsed_ms = started.elapsed().as_millis() as u64, "SEPA file: written");
    xml
}

/// How a kept SEPA file is compressed: XML this repetitive shrinks to about a twentieth, at a
/// speed that keeps up with writing it.
const FILE_ENCODING: &str = "zstd";
const FILE_LEVEL: i32 = 1;

/// The hash of a run's SEPA file and the file packed for keeping (none when the run pays nothing).
fn pack_file(run_id: &str, xml: &[u8]) -> ServiceResult<(String, Option<regie_store::ontzorging::RunFileRow>)> {
    let hash = hex::encode(sha2::Sha256::digest(xml));
    if xml.is_empty() {
        return Ok((hash, None));
    }
    let content = zstd::bulk::compress(xml, FILE_LEVEL)
        .map_err(|e| ServiceError::Internal(format!("packing the SEPA file failed: {e}")))?;
    Ok((
        hash,
        Some(regie_store::ontzorging::RunFileRow {
            run_id: run_id.into(),
            encoding: FILE_ENCODING.into(),
            byte_count: xml.len() as i64,
            content,
        }),
    ))
}

/// The kept file of a run, unpacked.
fn unpack_file(file: regie_store::ontzorging::RunFileRow) -> ServiceResult<Vec<u8>> {
    if file.encoding != FILE_ENCODING {
        return Err(ServiceError::Internal(format!("unknown encoding {} of a kept SEPA file", file.encoding)));
    }
    let capacity = usize::try_from(file.byte_count).map_err(|_| ServiceError::Internal("bad SEPA file size".into()))?;
    let xml = zstd::bulk::decompress(&file.content, capacity)
        .map_err(|e| ServiceError::Internal(format!("unpacking the SEPA file failed: {e}")))?;
    if xml.len() != capacity {
        return Err(ServiceError::Internal("the kept SEPA file has another length than approved".into()));
    }
    Ok(xml)
}

/// What a download starts from: the file kept at approval, or (for runs approved before files
/// were kept) the lines to build it from.
enum SepaSource {
    Kept(regie_store::ontzorging::RunFileRow),
    Lines(SepaInputs),
}

/// The SEPA credit-transfer file (pain.001.001.03) of an approved run; the same bytes every time,
/// checked against the hash fixed at approval.
pub fn sepa(s: &Services, actor: &Actor, run_id: &str) -> ServiceResult<Vec<u8>> {
    let (run, source, persons) = s.store.read(|c| {
        Ok(load_run(c, actor, run_id).and_then(|run| {
            if run.status != "goedgekeurd" {
                return Err(ServiceError::Conflict(
                    "Het SEPA-bestand is er pas als de betaalrun is goedgekeurd.".into(),
                ));
            }
            if run.line_count == 0 {
                return Err(ServiceError::Conflict(
                    "Deze betaalrun heeft geen betalingen (alleen signalen), dus ook geen SEPA-bestand.".into(),
                ));
            }
            let source = match regie_store::ontzorging::run_file(c, &run.id)? {
                Some(file) => SepaSource::Kept(file),
                None => SepaSource::Lines(sepa_inputs(c, &run)?),
            };
            // The file names every paid household: so does the record of its download.
            let persons = regie_store::ontzorging::persons_of_run(c, &run.id)?;
            Ok((run, source, persons))
        }))
    })??;
    let xml = match source {
        SepaSource::Kept(file) => unpack_file(file)?,
        SepaSource::Lines(inputs) => sepa_bytes(&run, inputs)?,
    };
    if run.sepa_sha256.as_deref() != Some(hex::encode(sha2::Sha256::digest(&xml)).as_str()) {
        return Err(ServiceError::Internal("the SEPA file differs from the one approved".into()));
    }
    s.audit_read(entry(
        s,
        actor,
        actor.role_for(Permission::PaymentRuns),
        "ontzorging.run.sepa",
        PURPOSE,
        persons,
        ("payment_run", &run.id),
        "success",
    ))?;
    Ok(xml)
}

/// Reverses one paid line (the bank returned it, or it was wrong): a storno entry in the ledger.
/// A line is reversed at most once.
pub fn reverse_line(s: &Services, actor: &Actor, run_id: &str, line_id: i64, reason: &str) -> ServiceResult<()> {
    actor.require(Permission::PaymentRuns)?;
    if reason.trim().is_empty() || reason.chars().count() > 1000 {
        return Err(ServiceError::field("reason", "Geef de reden van de storno."));
    }
    let now = s.clock.naive();
    s.store.write_with(|c| {
        let run = load_run(c, actor, run_id)?;
        let original = regie_store::ontzorging::ledger_entry_of_line(c, line_id, "betaling")?
            .filter(|e| e.run_id == run.id)
            .ok_or(ServiceError::NotFound)?;
        if regie_store::ontzorging::ledger_entry_of_line(c, line_id, "storno")?.is_some() {
            return Err(ServiceError::Conflict("Deze betaling is al teruggeboekt.".into()));
        }
        regie_store::ontzorging::post_reversal(c, &original, reason.trim(), &actor.label, now)?;
        audit(c, s, actor, "ontzorging.run.storno", &run)?;
        Ok(())
    })
}

/// Problems with the ledger and the kept SEPA files in words; empty when the ledger balances and
/// every kept file is still the one approved (`regie payments verify`).
pub fn verify_ledger(s: &Services) -> ServiceResult<Vec<String>> {
    let mut problems = s.store.read(regie_store::ontzorging::ledger_imbalances)?;
    // One file at a time: each unpacks to hundreds of megabytes for a large run.
    for (run_id, approved_hash) in s.store.read(regie_store::ontzorging::runs_with_kept_files)? {
        let Some(file) = s.store.read(|c| regie_store::ontzorging::run_file(c, &run_id))? else { continue };
        let kept_hash = unpack_file(file).map(|xml| hex::encode(sha2::Sha256::digest(&xml)));
        match kept_hash {
            Ok(hash) if approved_hash.as_deref() == Some(hash.as_str()) => {}
            Ok(_) => problems.push(format!("het bewaarde SEPA-bestand van run {run_id} wijkt af van het goedgekeurde")),
            Err(e) => problems.push(format!("het bewaarde SEPA-bestand van run {run_id} is onleesbaar: {e}")),
        }
    }
    Ok(problems)
}
