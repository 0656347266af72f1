//! A realistic PIP used by the PDF tests and the render bench.

use regie_documents::pip::{PipAction, PipComponent, PipDocument, PipGoal};

fn action(who: &str, what: &str, by_when: &str) -> PipAction {
    PipAction { who: who.into(), what: what.into(), by_when: by_when.into() }
}

pub fn sample() -> PipDocument {
    PipDocument {
        municipality_name: "Zwolle".into(),
        organisation_name: "Team Inburgering, Gemeente Zwolle".into(),
        person_name: "Amina Haile Tesfay".into(),
        person_reference: "V-2026-004812".into(),
        version: 2,
        dagtekening: "14-12-2026".into(),
        objection_deadline: "25-01-2027".into(),
        version_reason: Some(
            "Overstap van de onderwijsroute naar de B1-route op verzoek van mevrouw, na overleg met de taalschool.".into(),
        ),
        route_code: "b1".into(),
        language_target: "B1".into(),
        termijn_start: "02-10-2026".into(),
        termijn_end: "02-10-2029".into(),
        components: vec![
            PipComponent { code: "taal".into(), intensity: "12 uur per week, 3 dagdelen".into() },
            PipComponent { code: "knm".into(), intensity: "2 uur per week".into() },
            PipComponent { code: "map".into(), intensity: "minimaal 40 uur, vanaf maart 2027".into() },
            PipComponent { code: "pvt".into(), intensity: "12 uur in het eerste halfjaar".into() },
        ],
        goals: vec![
            PipGoal {
                life_domain: "Werk".into(),
                goal: "Binnen een jaar vrijwilligerswerk in de zorg, daarna een opleiding tot helpende zorg (mbo niveau 2).".into(),
                actions: vec![
                    action("Klantmanager", "Zoekt een vrijwilligersplek bij een zorginstelling in de wijk.", "01-03-2027"),
                    action("Mevrouw Tesfay", "Gaat mee naar een open dag van het ROC.", "15-04-2027"),
                    action("Taalschool", "Geeft een overzicht van de voortgang op lezen en spreken.", "elk kwartaal"),
                ],
            },
            PipGoal {
                life_domain: "Gezondheid".into(),
                goal: "Mevrouw heeft een vaste huisarts en weet hoe zij een afspraak maakt.".into(),
                actions: vec![action("Maatschappelijk begeleider", "Helpt bij de inschrijving bij een huisarts.", "31-12-2026")],
            },
            PipGoal {
                life_domain: "Financiën".into(),
                goal: "Zelf de vaste lasten betalen na de periode van ontzorging.".into(),
                actions: vec![],
            },
        ],
        preconditions: vec![
            "Kinderopvang voor de jongste dochter op lesdagen (aangevraagd).".into(),
            "OV-kaart voor reizen naar de taalschool.".into(),
        ],
        ontzorging: Some("De gemeente betaalt zes maanden de huur, energie, water en de zorgverzekering uit de bijstandsuitkering.".into()),
        progress_interviews: vec![
            "15-03-2027".into(),
            "15-06-2027".into(),
            "15-09-2027 (evaluatie route)".into(),
        ],
        person_view: "Ik wil graag snel Nederlands leren en later in de zorg werken. Ik ben blij met de kinderopvang.".into(),
        person_agrees: true,
        case_worker_name: "J. de Vries".into(),
    }
}
