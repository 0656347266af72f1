//! The letters that close an ontzorging plan: one to the person, in their language, listing the
//! costs they pay themselves from now on, and one to each creditor saying that the municipality
//! stops paying on the person's behalf. Rendering is the documents crate's; this module gathers
//! the facts.

use super::plans::{costs_in, last_day};
use crate::{Actor, ServiceError, ServiceResult};
use chrono::NaiveDate;
use regie_documents::letters::{CreditorLetter, HandoverLetter, LetterCost};
use regie_documents::pip::PipLanguage;
use regie_domain::ontzorging::Month;
use regie_domain::Cents;
use regie_store::ontzorging::PlanRow;
use regie_store::Conn;

/// (kind, file name, PDF) for the person's letter and each creditor's.
pub(crate) fn render(
    c: &mut Conn,
    actor: &Actor,
    plan: &PlanRow,
    today: NaiveDate,
) -> ServiceResult<Vec<(String, String, Vec<u8>)>> {
    let municipality = regie_store::tenancy::get_municipality(c, &plan.municipality_code)?
        .map(|m| m.name)
        .unwrap_or_else(|| plan.municipality_code.clone());
    let case = regie_store::cases::get(c, &plan.person_id)?;
    // The case records the language as a code or as its Dutch name ("Arabisch").
    let language = case
        .as_ref()
        .and_then(|k| {
            PipLanguage::parse(&k.language)
                .or_else(|| PipLanguage::ALL.into_iter().find(|l| l.name_nl().eq_ignore_ascii_case(k.language.trim())))
        })
        .unwrap_or(PipLanguage::Nl);
    let address_lines: Vec<String> = case
        .as_ref()
        .and_then(|k| k.address.clone())
        .map(|a| a.split(',').map(|l| l.trim().to_string()).collect())
        .unwrap_or_default();
    let last = last_day(plan);
    let last_month = Month::of(last);
    let costs = regie_store::ontzorging::costs_of_plan(c, &plan.id)?;
    let types = regie_store::ontzorging::list_cost_types(c)?;
    let current: Vec<_> = costs_in(&costs, last_month).cloned().collect();
    let contact = format!("{} ({})", actor.display_name, actor.organisation_name);
    let label =
        |code: &str| types.iter().find(|t| t.code == code).map(|t| t.label.clone()).unwrap_or_else(|| code.to_string());
    let monthly = |k: &regie_store::ontzorging::CostRow| match k.period.as_str() {
        "kwartaal" => Cents(k.amount_cents / 3),
        "jaar" => Cents(k.amount_cents / 12),
        _ => Cents(k.amount_cents),
    };
    let person = HandoverLetter {
        municipality_name: municipality.clone(),
        date: today,
        person_name: plan.payee_name.clone(),
        address_lines,
        plan_end: last,
        first_own_month: last_month.next().first_day(),
        costs: current
            .iter()
            .map(|k| LetterCost {
                cost_type: k.cost_type.clone(),
                cost_type_label_nl: label(&k.cost_type),
                creditor_name: k.creditor_name.clone(),
                reference: k.reference.clone(),
                monthly_amount: monthly(k),
            })
            .collect(),
        contact: contact.clone(),
    };
    let pdf = |r: Result<Vec<u8>, regie_documents::pip::PdfError>| r.map_err(|e| ServiceError::Internal(e.to_string()));
    let mut out = vec![(
        "brief_inburgeraar".to_string(),
        format!("Brief einde ontzorgen ({}).pdf", language.code()),
        pdf(regie_documents::letters::handover_letter_pdf(&person, language))?,
    )];
    for k in &current {
        let letter = CreditorLetter {
            municipality_name: municipality.clone(),
            date: today,
            creditor_name: k.creditor_name.clone(),
            reference: k.reference.clone(),
            person_name: plan.payee_name.clone(),
            last_paid_month: last,
            contact: contact.clone(),
        };
        out.push((
            "brief_schuldeiser".to_string(),
            format!("Brief aan {}.pdf", k.creditor_name),
            pdf(regie_documents::letters::creditor_letter_pdf(&letter))?,
        ));
    }
    Ok(out)
}
