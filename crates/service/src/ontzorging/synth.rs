//! Ontzorging data for the demo region and for benchmarks. The demo goes through the same use
//! cases as the screens (so it shows plans in every state with their history, and a payment run
//! waiting for approval); the benchmark seeder writes many plans at once straight to the store.

use super::plans::{self, CostInput, Handover, NewPlan, PlanDetails, Upload};
use super::runs;
use crate::{Actor, ServiceError, ServiceResult, Services};
use chrono::NaiveDate;
use regie_domain::ontzorging::{Month, NormTable};
use regie_domain::Iban;
use regie_store::ontzorging::{NewCost, NormRow, PayerAccountRow, PlanRow};

/// A one-page PDF standing in for a scanned, signed machtiging.
pub fn sample_machtiging() -> Vec<u8> {
    let body = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
    body.as_bytes().to_vec()
}

/// The norms and the paying accounts of the six municipalities (at BNG Bank, the bank of Dutch
/// municipalities).
pub fn demo_settings(s: &Services, municipalities: &[&str]) -> ServiceResult<()> {
    let now = s.clock.naive();
    s.store.write_with(|c| {
        for n in NormTable::demo().norms() {
            regie_store::ontzorging::put_norm(
                c,
                &NormRow {
                    household_type: n.household_type.code().into(),
                    valid_from: n.valid_from,
                    amount_cents: n.amount.0,
                    changed_by: "system:demo".into(),
                    changed_at: now,
                },
            )?;
        }
        for (i, code) in municipalities.iter().enumerate() {
            let name =
                regie_store::tenancy::get_municipality(c, code)?.map(|m| m.name).unwrap_or_else(|| code.to_string());
            let iban = Iban::nl("BNGH", 285_000_000 + i as u64 * 1_111)
                .map_err(|e| ServiceError::Internal(e.message.into()))?;
            regie_store::ontzorging::put_payer_account(
                c,
                &PayerAccountRow {
                    municipality_code: code.to_string(),
                    name: format!("Gemeente {name}"),
                    iban: iban.to_string(),
                    bic: Some("BNGHNL2G".into()),
                },
            )?;
        }
        Ok::<(), ServiceError>(())
    })
}

fn iban(bank: &str, n: u64) -> String {
    Iban::nl(bank, n).map(String::from).unwrap_or_default()
}

/// The usual fixed costs of a household, with amounts varied by `seed`.
pub fn standard_costs(seed: u64, from: Month) -> Vec<CostInput> {
    let euro = |cents: u64| format!("{},{:02}", cents / 100, cents % 100);
    vec![
        CostInput {
            cost_type: "huur".into(),
            creditor_name: "Woonwaard".into(),
            creditor_iban: iban("INGB", 6_543_210),
            reference: format!("HUUR-{:06}", 100_000 + seed % 900_000),
            amount: euro(58_000 + (seed * 37) % 15_000),
            period: "maand".into(),
            from_month: from.code(),
        },
        CostInput {
            cost_type: "energie".into(),
            creditor_name: "Vattenfall".into(),
            creditor_iban: iban("RABO", 3_017_443_210),
            reference: format!("KL{:08}", 10_000_000 + seed % 89_999_999),
            amount: euro(11_000 + (seed * 13) % 6_000),
            period: "maand".into(),
            from_month: from.code(),
        },
        CostInput {
            cost_type: "water".into(),
            creditor_name: "PWN Waterleidingbedrijf".into(),
            creditor_iban: iban("ABNA", 4_445_556_667),
            reference: format!("PWN{:07}", seed % 9_999_999),
            amount: euro(2_200 + (seed * 7) % 1_500),
            period: "maand".into(),
            from_month: from.code(),
        },
        CostInput {
            cost_type: "zorgverzekering".into(),
            creditor_name: "Zilveren Kruis".into(),
            creditor_iban: iban("INGB", 7_000_123),
            reference: format!("POLIS {:09}", 200_000_000 + seed % 799_999_999),
            amount: euro(14_850),
            period: "maand".into(),
            from_month: from.code(),
        },
    ]
}

fn actor(s: &Services, username: &str) -> ServiceResult<Actor> {
    runs::operator(s, username)
}

/// Demo plans in every state for persons of Alkmaar and Heiloo, an approved run for last month
/// and a draft run for this month waiting for the second finance user.
pub fn demo(s: &Services) -> ServiceResult<()> {
    let today = s.clock.today();
    let this = Month::of(today);
    let km = actor(s, "klantmanager")?;
    let km_heiloo = actor(s, "klantmanager.heiloo")?;
    let fin = actor(s, "financien")?;
    let fin2 = actor(s, "financien.controle")?;
    let candidates = s
        .store
        .read(|c| regie_store::ontzorging::households_without_plan(c, &["GM0361".into(), "GM0399".into()], 40))?;
    let mut alkmaar = candidates.iter().filter(|p| p.2 == "GM0361");
    let mut heiloo = candidates.iter().filter(|p| p.2 == "GM0399");
    let first = |m: Month| m.first_day();
    let mid = |m: Month| NaiveDate::from_ymd_opt(m.year(), m.number(), 15).unwrap_or(m.first_day());
    // (state, benefit start, household type)
    let scenarios: [(&str, NaiveDate, &str); 9] = [
        ("concept", first(this.next()), "alleenstaand"),
        ("concept_machtiging", mid(this), "gehuwd"),
        ("actief", first(this.plus(-2)), "alleenstaande_ouder"),
        ("actief_pro_rata", mid(this.plus(-1)), "alleenstaand"),
        ("actief_tekort", first(this.plus(-1)), "alleenstaand_jonger_dan_21"),
        ("actief_overdracht", first(this.plus(-4)), "gehuwd"),
        ("actief_verlengd", first(this.plus(-5)), "alleenstaande_ouder"),
        ("afgesloten", first(this.plus(-7)), "gehuwd"),
        ("gestopt", first(this.plus(-3)), "alleenstaand"),
    ];
    for (i, (state, start, household)) in scenarios.iter().enumerate() {
        let (worker, person) = if i == 3 { (&km_heiloo, heiloo.next()) } else { (&km, alkmaar.next()) };
        let Some((person_id, _, _)) = person else { continue };
        let plan = plans::create(
            s,
            worker,
            &NewPlan {
                person_id: person_id.clone(),
                household_type: household.to_string(),
                benefit_start: start.format("%Y-%m-%d").to_string(),
                months: None,
                months_reason: String::new(),
                payee_iban: iban("ASNB", 8_800_000_000 + i as u64 * 7),
            },
        )?;
        if *state == "concept" {
            continue;
        }
        for cost in standard_costs(i as u64 * 7919, Month::of(*start)) {
            plans::add_cost(s, worker, &plan.id, &cost)?;
        }
        let signed = (*start - chrono::Duration::days(5)).min(today);
        plans::record_machtiging(
            s,
            worker,
            &plan.id,
            &signed.format("%Y-%m-%d").to_string(),
            &Upload {
                name: "machtiging-getekend.pdf".into(),
                content_type: "application/pdf".into(),
                bytes: sample_machtiging(),
            },
        )?;
        if *state == "concept_machtiging" {
            continue;
        }
        if *state == "actief_verlengd" {
            let v = plans::get(s, worker, &plan.id)?;
            plans::update_details(
                s,
                worker,
                &plan.id,
                Some(v.plan.version),
                &PlanDetails {
                    household_type: household.to_string(),
                    payee_iban: v.plan.payee_iban.clone(),
                    months: 9,
                    months_reason: "Budgetcursus start pas over twee maanden; verlengd met drie maanden.".into(),
                    tailoring_reason: String::new(),
                    training: "Budgetcursus Geldfit bij de bibliotheek".into(),
                    budget_coaching: true,
                },
            )?;
        }
        plans::activate(s, worker, &plan.id)?;
        match *state {
            "actief_tekort" => {
                // A young single person's norm does not cover the rent: the run asks for a decision.
            }
            "actief_overdracht" => {}
            "afgesloten" => {
                plans::plan_handover(
                    s,
                    worker,
                    &plan.id,
                    &Handover {
                        planned_on: (first(this.plus(-3)) + chrono::Duration::days(9)).format("%Y-%m-%d").to_string(),
                        notes: "Zelf betalen besproken; automatische incasso's aangevraagd.".into(),
                        training: "Budgetcursus afgerond".into(),
                        budget_coaching: false,
                    },
                )?;
                plans::close(s, worker, &plan.id)?;
            }
            "gestopt" => {
                let last = first(this.plus(-1)) + chrono::Duration::days(9);
                plans::stop(
                    s,
                    worker,
                    &plan.id,
                    &last.format("%Y-%m-%d").to_string(),
                    "Verhuisd naar een andere regio; uitkering beëindigd.",
                )?;
            }
            _ => {}
        }
    }
    // Last month paid and approved; this month drafted and waiting for the second pair of eyes.
    let (last_run, _) = runs::draft(s, &fin, &this.prev().code())?;
    runs::approve(s, &fin2, &last_run.id)?;
    runs::draft(s, &fin, &this.code())?;
    Ok(())
}

/// Adds `count` active plans with four fixed costs each, for households of asielstatushouders
/// that have none, starting in the month before `month` so that `month` is a full month.
/// Returns how many were added (fewer when there are not enough households).
pub fn seed_plans(s: &Services, count: usize, month: Month) -> ServiceResult<usize> {
    let scope: Vec<String> = crate::demo::MUNICIPALITIES_NOW.iter().map(|m| m.to_string()).collect();
    let households = s.store.read(|c| regie_store::ontzorging::households_without_plan(c, &scope, count as i64))?;
    let now = s.clock.naive();
    let start = month.prev().first_day();
    let mut plan_rows = Vec::with_capacity(households.len());
    let mut cost_rows = Vec::with_capacity(households.len() * 4);
    for (i, (person_id, household_id, municipality)) in households.iter().enumerate() {
        let id = uuid::Uuid::now_v7().to_string();
        plan_rows.push(PlanRow {
            id: id.clone(),
            person_id: person_id.clone(),
            household_id: household_id.clone(),
            municipality_code: municipality.clone(),
            household_type: ["alleenstaand", "gehuwd", "alleenstaande_ouder"][i % 3].into(),
            status: "actief".into(),
            benefit_start: start,
            months: 6,
            months_reason: String::new(),
            tailoring_reason: String::new(),
            payee_name: format!("Inburgeraar {i}"),
            payee_iban: iban("ASNB", 7_000_000_000 + i as u64),
            machtiging_signed_on: Some(start),
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
        });
        for k in standard_costs(i as u64, month.prev()) {
            let amount =
                regie_domain::Cents::parse_nl(&k.amount).map_err(|e| ServiceError::Internal(e.message.into()))?;
            cost_rows.push(NewCost {
                plan_id: id.clone(),
                cost_type: k.cost_type,
                creditor_name: k.creditor_name,
                creditor_iban: k.creditor_iban,
                reference: k.reference,
                amount_cents: amount.0,
                period: k.period,
                from_month: k.from_month,
                until_month: None,
                priority: None,
                replaces_id: None,
                created_by: "system:seed".into(),
                created_at: now,
            });
        }
    }
    s.store.write(|c| {
        regie_store::ontzorging::insert_plans(c, &plan_rows)?;
        regie_store::ontzorging::insert_costs(c, &cost_rows)
    })?;
    s.store.read(regie_store::after_bulk_load)?;
    Ok(plan_rows.len())
}
