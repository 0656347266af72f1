//! The demo's progress: exam attempts, hour reports, participation and interim tests on open
//! Alkmaar dossiers in the uitvoering stage, and on one of them (in a route with MAP) the MAP
//! final interview and the signing of the participatieverklaring; all through the use cases,
//! so the dossier's "Voortgang" shows them on first start.

use super::{
    record_attempt, record_hours, record_interim_test, record_map_interview, record_participation, record_pvt_signing,
    ExamAttemptInput, HourReportInput, InterimTestInput, MapInterviewInput, ParticipationInput, PvtSigningInput,
};
use crate::{ServiceResult, Services};
use regie_domain::inburgering::Leerroute;

/// See the module documentation.
pub fn demo(s: &Services) -> ServiceResult<()> {
    let km = crate::ontzorging::runs::operator(s, "klantmanager")?;
    let today = s.clock.today();
    let date = |days: u64| (today - chrono::Days::new(days)).format("%d-%m-%Y").to_string();
    let picked = super::super::dossier_parts::demo_cases(s, 2)?;
    for (i, id) in picked.iter().enumerate() {
        let attempt = |exam: &str, days: u64, result: &str| ExamAttemptInput {
            exam: exam.into(),
            exam_date: date(days),
            result: result.into(),
            note: String::new(),
        };
        let report =
            |provider: &str, component: &str, from: u64, to: u64, attended: &str, planned: &str| HourReportInput {
                provider_name: provider.into(),
                component: component.into(),
                period_from: date(from),
                period_to: date(to),
                hours_attended: attended.into(),
                hours_planned: planned.into(),
                keurmerk: provider != "Buurthuis De Mare",
            };
        record_attempt(s, &km, id, &attempt("knm", 70, "gezakt"))?;
        record_attempt(s, &km, id, &attempt("knm", 20, "geslaagd"))?;
        record_attempt(s, &km, id, &attempt("b1_lezen", 30, "gezakt"))?;
        record_hours(s, &km, id, &report("Taalschool Noord", "taal", 120, 91, "96", "104"))?;
        record_hours(s, &km, id, &report("Taalschool Noord", "taal", 90, 61, "101,5", "104"))?;
        record_hours(s, &km, id, &report("Werkplein Alkmaar", "map", 60, 31, "24", "24"))?;
        record_hours(s, &km, id, &report("Buurthuis De Mare", "participatie", 60, 1, "32", "40"))?;
        if i == 0 {
            record_attempt(s, &km, id, &attempt("b1_lezen", 10, "niet_verschenen"))?;
            record_attempt(s, &km, id, &attempt("b1_lezen", 3, "gezakt"))?;
            record_hours(s, &km, id, &report("Werkplein Alkmaar", "map", 30, 1, "17,5", "16"))?;
            record_hours(s, &km, id, &report("Werkplein Alkmaar", "pvt", 45, 15, "12", "12"))?;
        }
        let participation = ParticipationInput {
            kind: "vrijwilligerswerk".into(),
            organisation: "Voedselbank Alkmaar".into(),
            period_from: date(80),
            period_to: date(10),
            hours: "42,5".into(),
            note: "Elke dinsdagochtend".into(),
        };
        record_participation(s, &km, id, &participation)?;
        let test = InterimTestInput {
            test_date: date(40),
            skill: "lezen".into(),
            level: if i == 0 { "A2" } else { "A1" }.into(),
            provider_name: "Taalschool Noord".into(),
        };
        record_interim_test(s, &km, id, &test)?;
    }
    // The final interview and the signing on the first dossier whose route has MAP.
    let with_map = picked.iter().find(|id| {
        s.store
            .read(|c| regie_store::cases::get(c, id))
            .ok()
            .flatten()
            .and_then(|c| c.route.as_deref().and_then(Leerroute::parse))
            .is_some_and(|r| r.has_map())
    });
    if let Some(id) = with_map {
        let interview = MapInterviewInput {
            interview_date: date(5),
            conclusion: "MAP afgerond: werkervaring in de zorg opgedaan, wil verder als helpende.".into(),
        };
        record_map_interview(s, &km, id, &interview)?;
        record_pvt_signing(s, &km, id, &PvtSigningInput { signing_date: date(12) })?;
    }
    Ok(())
}
