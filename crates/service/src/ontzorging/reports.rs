//! Reports of ontzorging per municipality and month: households paid, amounts per cost type,
//! remainders paid to persons, and signals; on screen and as CSV or XLSX. Only approved runs
//! count as paid. Figures only: no names.

use crate::{Actor, Permission, ServiceError, ServiceResult, Services};
use regie_documents::xlsx::Cell;
use regie_domain::ontzorging::Month;
use regie_domain::Cents;
use std::collections::{BTreeMap, BTreeSet};

/// The figures of one municipality in one month.
#[derive(Debug, Clone, Default)]
pub struct MunicipalityReport {
    pub municipality_code: String,
    pub municipality_name: String,
    pub households: usize,
    /// Per cost type code: amount paid to creditors.
    pub per_cost_type: BTreeMap<String, Cents>,
    pub creditors: Cents,
    pub remainders: Cents,
    /// Per signal code: how many plans.
    pub signals: BTreeMap<String, usize>,
}

#[derive(Debug, Clone)]
pub struct Report {
    pub month: Month,
    pub rows: Vec<MunicipalityReport>,
    /// (code, label) of every cost type, in display order.
    pub cost_types: Vec<(String, String)>,
}

pub const SIGNAL_LABELS: [(&str, &str); 4] = [
    ("tekort_besluit_nodig", "Tekort, besluit nodig"),
    ("tekort_deels_betaald", "Tekort, deels betaald"),
    ("niet_actief", "Plan niet actief"),
    ("geen_norm", "Geen norm"),
];

pub fn month_report(s: &Services, actor: &Actor, month_raw: &str) -> ServiceResult<Report> {
    let scope = actor.require_scope(Permission::PaymentRuns)?;
    let month = Month::parse(month_raw).map_err(|e| ServiceError::from_invalid("month", e))?;
    let (lines, signals, names, types) = s.store.read(|c| {
        Ok((
            regie_store::ontzorging::approved_lines(c, &month.code(), &scope)?,
            regie_store::ontzorging::month_signals(c, &month.code(), &scope)?,
            regie_store::tenancy::list_municipalities(c)?,
            regie_store::ontzorging::list_cost_types(c)?,
        ))
    })?;
    let mut rows: BTreeMap<String, (MunicipalityReport, BTreeSet<String>)> = BTreeMap::new();
    for code in &scope {
        let name = names.iter().find(|m| &m.code == code).map(|m| m.name.clone()).unwrap_or_else(|| code.clone());
        rows.insert(
            code.clone(),
            (
                MunicipalityReport { municipality_code: code.clone(), municipality_name: name, ..Default::default() },
                BTreeSet::new(),
            ),
        );
    }
    for l in lines {
        let Some((r, plans)) = rows.get_mut(&l.municipality_code) else { continue };
        plans.insert(l.plan_id.clone());
        if l.kind == "inburgeraar" {
            r.remainders.0 += l.amount_cents;
        } else {
            r.creditors.0 += l.amount_cents;
            r.per_cost_type.entry(l.cost_type.clone().unwrap_or_default()).or_default().0 += l.amount_cents;
        }
    }
    for (code, signal) in signals {
        if let Some((r, _)) = rows.get_mut(&code) {
            *r.signals.entry(signal).or_default() += 1;
        }
    }
    Ok(Report {
        month,
        rows: rows
            .into_values()
            .map(|(mut r, plans)| {
                r.households = plans.len();
                r
            })
            .collect(),
        cost_types: types.into_iter().map(|t| (t.code, t.label)).collect(),
    })
}

fn table(report: &Report) -> (Vec<String>, Vec<Vec<Cell>>) {
    let mut header = vec!["Maand".to_string(), "CBS-code".into(), "Gemeente".into(), "Huishoudens".into()];
    header.extend(report.cost_types.iter().map(|(_, l)| l.clone()));
    header.extend(["Totaal schuldeisers".into(), "Restant aan inburgeraars".into()]);
    header.extend(SIGNAL_LABELS.iter().map(|(_, l)| format!("Signalen: {l}")));
    let rows = report
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![
                Cell::Text(report.month.code()),
                Cell::Text(r.municipality_code.clone()),
                Cell::Text(r.municipality_name.clone()),
                Cell::Int(r.households as i64),
            ];
            row.extend(
                report.cost_types.iter().map(|(c, _)| Cell::Money(r.per_cost_type.get(c).copied().unwrap_or_default())),
            );
            row.extend([Cell::Money(r.creditors), Cell::Money(r.remainders)]);
            row.extend(SIGNAL_LABELS.iter().map(|(c, _)| Cell::Int(r.signals.get(*c).copied().unwrap_or(0) as i64)));
            row
        })
        .collect();
    (header, rows)
}

/// The report as semicolon CSV (amounts as Dutch decimals).
pub fn csv(report: &Report) -> ServiceResult<Vec<u8>> {
    let (header, rows) = table(report);
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| {
            r.into_iter()
                .map(|c| match c {
                    Cell::Text(t) => t,
                    Cell::Int(n) => n.to_string(),
                    Cell::Money(m) => format!("{},{:02}", m.0 / 100, (m.0 % 100).abs()),
                })
                .collect()
        })
        .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    regie_documents::csv::semicolon_csv(&header, &rows).map_err(|e| ServiceError::Internal(e.to_string()))
}

/// The report as an XLSX workbook.
pub fn xlsx(report: &Report) -> ServiceResult<Vec<u8>> {
    let (header, rows) = table(report);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    regie_documents::xlsx::table(&format!("Ontzorgen {}", report.month.code()), &header, &rows)
        .map_err(|e| ServiceError::Internal(e.to_string()))
}
