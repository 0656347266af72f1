//! The demo region and benchmark data. The demo is a realistic synthetic region: the seven
//! municipalities of the 2019 Alkmaar region, the 2022 merger into Dijk en Waard (carried out
//! by the real merger operation, so history and audit are as in production), the executing
//! organisations with their dated mandates, one account per role and a few hundred newcomers.

use crate::admin::{self, NewUserInput};
use crate::synth::{self, Rng};
use crate::{Actor, ServiceError, ServiceResult, Services};
use chrono::NaiveDate;
use regie_domain::Role;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

pub const REGION: &str = "Regio Alkmaar";
pub const HALTE_WERK: &str = "Halte Werk";
pub const BUCH: &str = "BUCH-werkorganisatie";
pub const REGIONAL_ORG: &str = "Inburgering Regio Alkmaar";
pub const COA: &str = "COA Noord-Holland";
pub const HELPDESK_ORG: &str = "Helpdesk Nieuwkomers";
pub const GEMEENTE_ALKMAAR: &str = "Gemeente Alkmaar";

/// The municipalities of 2019: CBS code and name.
pub const MUNICIPALITIES_2019: &[(&str, &str)] = &[
    ("GM0361", "Alkmaar"),
    ("GM0373", "Bergen (NH.)"),
    ("GM0383", "Castricum"),
    ("GM0398", "Heerhugowaard"),
    ("GM0399", "Heiloo"),
    ("GM0416", "Langedijk"),
    ("GM0450", "Uitgeest"),
];

/// The six municipalities since the 2022 merger.
pub const MUNICIPALITIES_NOW: &[&str] = &["GM0361", "GM0373", "GM0383", "GM0399", "GM0450", "GM1980"];

/// The day on which one regional organisation took over from Halte Werk and BUCH.
pub fn switch_date() -> NaiveDate {
    d(2024, 1, 1)
}

/// An account of the demo, printed by `regie demo`.
pub struct DemoAccount {
    pub username: &'static str,
    pub role: Role,
    pub description: &'static str,
}

pub const ACCOUNTS: &[DemoAccount] = &[
    DemoAccount { username: "klantmanager", role: Role::Klantmanager, description: "klantmanager, gemeente Alkmaar" },
    DemoAccount {
        username: "klantmanager.heiloo",
        role: Role::Klantmanager,
        description: "klantmanager, gemeente Heiloo",
    },
    DemoAccount { username: "teamleider", role: Role::Teamleider, description: "teamleider, alle zes gemeenten" },
    DemoAccount { username: "coa", role: Role::Coa, description: "COA-casemanager, alle zes gemeenten" },
    DemoAccount { username: "financien", role: Role::Financien, description: "financiën, alle zes gemeenten" },
    DemoAccount {
        username: "financien.controle",
        role: Role::Financien,
        description: "financiën, tweede paar ogen voor betaalruns, alle zes gemeenten",
    },
    DemoAccount { username: "beleid", role: Role::Beleid, description: "beleidsadviseur (alleen cijfers)" },
    DemoAccount { username: "helpdesk", role: Role::Helpdesk, description: "helpdeskmedewerker" },
    DemoAccount { username: "beheerder", role: Role::Beheerder, description: "functioneel beheerder" },
    DemoAccount { username: "auditor", role: Role::Auditor, description: "auditor / privacy officer" },
    DemoAccount { username: "inburgeraar", role: Role::Inburgeraar, description: "een inburgeraar (eigen gegevens)" },
];

/// The demo password: `REGIE_DEMO_PASSWORD` or a fixed default, so that the printed accounts
/// and the browser tests agree. Demo installations only.
pub fn demo_password() -> String {
    std::env::var("REGIE_DEMO_PASSWORD").unwrap_or_else(|_| "Welkom-bij-Regie-2026".to_string())
}

/// Whether the database holds no region yet.
pub fn is_empty(s: &Services) -> ServiceResult<bool> {
    Ok(s.store.read(regie_store::tenancy::first_region_id)?.is_none())
}

/// Creates the region, its history, the organisations and mandates (without people).
fn region(s: &Services) -> ServiceResult<i64> {
    s.store
        .write(|c| {
            let region = regie_store::tenancy::insert_region(c, REGION)?;
            for (code, name) in MUNICIPALITIES_2019 {
                regie_store::tenancy::insert_municipality(c, code, name, region, d(1990, 1, 1))?;
            }
            let halte = regie_store::tenancy::insert_organisation(c, HALTE_WERK, "uitvoeringsorganisatie")?;
            let buch = regie_store::tenancy::insert_organisation(c, BUCH, "uitvoeringsorganisatie")?;
            let regional = regie_store::tenancy::insert_organisation(c, REGIONAL_ORG, "uitvoeringsorganisatie")?;
            regie_store::tenancy::insert_organisation(c, COA, "coa")?;
            regie_store::tenancy::insert_organisation(c, HELPDESK_ORG, "helpdesk")?;
            regie_store::tenancy::insert_organisation(c, GEMEENTE_ALKMAAR, "gemeente")?;
            for code in ["GM0361", "GM0398", "GM0416"] {
                let until = if code == "GM0361" { Some(switch_date()) } else { Some(d(2022, 1, 1)) };
                regie_store::tenancy::insert_mandate(c, halte, code, d(2019, 1, 1), until)?;
            }
            for code in ["GM0373", "GM0383", "GM0399", "GM0450"] {
                regie_store::tenancy::insert_mandate(c, buch, code, d(2019, 1, 1), Some(switch_date()))?;
            }
            regie_store::tenancy::insert_team(c, regional, "Team Alkmaar")?;
            regie_store::tenancy::insert_team(c, regional, "Team BUCH")?;
            regie_store::tenancy::insert_team(c, regional, "Team Dijk en Waard")?;
            Ok(regional)
        })
        .map_err(ServiceError::from)
}

/// Builds the whole demo region. Refuses when the database already has a region.
pub fn create_demo(s: &Services) -> ServiceResult<()> {
    if !is_empty(s)? {
        return Err(ServiceError::Conflict("De database bevat al een regio.".into()));
    }
    let system = Actor::system("demo");
    region(s)?;
    let now = s.clock.naive();
    let mut rng = Rng::new(2019);

    // Newcomers who arrived before the merger, some still under the Wi2013.
    let before =
        synth::persons(&mut rng, 70, 0, &MUNICIPALITIES_2019.iter().map(|m| m.0).collect::<Vec<_>>(), 2021..=2021, now);
    let today = s.clock.today();
    let mut before = before;
    let seed = crate::cases::synth::cases(&mut rng, &s.rules, &mut before.persons, today, now, true);
    s.store.write(|c| {
        regie_store::persons::insert_many(c, &before.persons, &before.since, "koppeling")?;
        crate::cases::synth::store(c, &seed)
    })?;

    // The 2022 herindeling, through the same operation an administrator would use.
    admin::merge_municipalities(
        s,
        &system,
        &["GM0398".into(), "GM0416".into()],
        "GM1980",
        "Dijk en Waard",
        "01-01-2022",
    )?;
    let regional =
        s.store.read(|c| regie_store::tenancy::find_organisation(c, HALTE_WERK))?.ok_or(ServiceError::NotFound)?;
    s.store.write(|c| {
        regie_store::tenancy::insert_mandate(c, regional.id, "GM1980", d(2022, 1, 1), Some(switch_date()))
    })?;
    let regional =
        s.store.read(|c| regie_store::tenancy::find_organisation(c, REGIONAL_ORG))?.ok_or(ServiceError::NotFound)?;
    s.store.write(|c| {
        for code in MUNICIPALITIES_NOW {
            regie_store::tenancy::insert_mandate(c, regional.id, code, switch_date(), None)?;
        }
        Ok(())
    })?;

    let mut after = synth::persons(&mut rng, 290, 1_000, MUNICIPALITIES_NOW, 2022..=2026, now);

    // Accounts. The case workers get the persons of their municipality.
    let password = demo_password();
    let all: Vec<String> = MUNICIPALITIES_NOW.iter().map(|c| c.to_string()).collect();
    let newcomer = after
        .persons
        .iter()
        .find(|p| p.municipality_code == "GM0361" && !p.given_names.is_empty())
        .map(|p| p.id.clone());
    for a in ACCOUNTS {
        let (org, codes): (&str, Vec<String>) = match a.username {
            "klantmanager" => (REGIONAL_ORG, vec!["GM0361".into()]),
            "klantmanager.heiloo" => (REGIONAL_ORG, vec!["GM0399".into()]),
            "coa" => (COA, all.clone()),
            "helpdesk" => (HELPDESK_ORG, all.clone()),
            "beleid" => (GEMEENTE_ALKMAAR, all.clone()),
            "inburgeraar" => (REGIONAL_ORG, vec!["GM0361".into()]),
            _ => (REGIONAL_ORG, all.clone()),
        };
        let id = admin::add_user(
            s,
            &system,
            &NewUserInput {
                username: a.username.into(),
                display_name: display_name(a.username),
                email: format!("{}@regie.example", a.username),
                organisation: org.into(),
                password: password.clone(),
                roles: vec![(a.role.code().into(), codes)],
                person_id: if a.role == Role::Inburgeraar { newcomer.clone() } else { None },
            },
        )?;
        // The Alkmaar case worker and the team lead form Team Alkmaar (the team worklist);
        // the Heiloo case worker is in Team BUCH.
        let team = match a.username {
            "klantmanager" | "teamleider" => Some("Team Alkmaar"),
            "klantmanager.heiloo" => Some("Team BUCH"),
            _ => None,
        };
        if let Some(team) = team {
            s.store.write(|c| {
                let team_id = regie_store::tenancy::list_teams(c)?.into_iter().find(|t| t.name == team).map(|t| t.id);
                regie_store::users::set_team(c, id, team_id)
            })?;
        }
        let municipality = match a.username {
            "klantmanager" => Some("GM0361"),
            "klantmanager.heiloo" => Some("GM0399"),
            _ => None,
        };
        if let Some(m) = municipality {
            for p in after.persons.iter_mut().filter(|p| p.municipality_code == m) {
                p.case_worker_id = Some(id);
            }
        }
    }
    let seed = crate::cases::synth::cases(&mut rng, &s.rules, &mut after.persons, today, now, true);
    s.store.write(|c| {
        regie_store::persons::insert_many(c, &after.persons, &after.since, "koppeling")?;
        crate::cases::synth::store(c, &seed)?;
        // The seeded case workers' cases are their teams' (as an assignment would make them).
        regie_store::cases::adopt_case_worker_teams(c).map(|_| ())
    })?;
    crate::ontzorging::synth::demo_settings(s, MUNICIPALITIES_NOW)?;
    crate::ontzorging::synth::demo(s)?;
    crate::cases::dossier_parts::demo(s)?;
    crate::cases::progress::demo(s)?;
    crate::cases::household::demo(s)?;
    crate::cases::names::demo(s)?;
    crate::cases::nareizigers::demo(s)?;
    Ok(())
}

fn display_name(username: &str) -> String {
    match username {
        "klantmanager" => "Sanne de Vries",
        "klantmanager.heiloo" => "Joost Bakker",
        "teamleider" => "Marieke Visser",
        "coa" => "Pieter Jansen",
        "financien" => "Femke Smit",
        "financien.controle" => "Thijs van Dam",
        "beleid" => "Ruud Meijer",
        "helpdesk" => "Lotte de Boer",
        "beheerder" => "Kees Mulder",
        "auditor" => "Anouk Bos",
        _ => "Demo-inburgeraar",
    }
    .to_string()
}

/// Adds `count` synthetic persons for benchmarks, in one transaction, spread over the
/// current municipalities, the cohorts 2022 to 2026 and the three target groups. Creates the
/// demo region first when the database is empty.
pub fn seed_scale(s: &Services, count: usize, mut progress: impl FnMut(usize)) -> ServiceResult<usize> {
    if is_empty(s)? {
        create_demo(s)?;
    }
    let existing = s.store.read(regie_store::persons::count_all)? as u64;
    let now = s.clock.naive();
    let today = s.clock.today();
    let mut rng = Rng::new(0xBE7C_4000 + existing);
    const CHUNK: usize = 20_000;
    let base = 10_000_000 + existing;
    let system = Actor::system("seed");
    let rec = crate::audit::entry(
        s,
        &system,
        "system",
        "person.seed",
        crate::audit::purpose::BEHEER,
        vec![],
        ("person", &count.to_string()),
        "success",
    );
    let caseload_owner = s.store.read(|c| regie_store::users::find_by_username(c, "klantmanager"))?.map(|u| u.id);
    s.store.write(|c| {
        let mut done = 0;
        while done < count {
            let n = CHUNK.min(count - done);
            let mut batch = synth::persons(&mut rng, n, base + done as u64, MUNICIPALITIES_NOW, 2022..=2026, now);
            // The demo case worker of Alkmaar carries a realistic caseload of the seeded
            // persons too, so that the worklist benchmark reads from the full tables.
            if let Some(km) = caseload_owner {
                for (j, p) in batch.persons.iter_mut().enumerate() {
                    if p.municipality_code == "GM0361" && (done + j) % 800 == 0 {
                        p.case_worker_id = Some(km);
                    }
                }
            }
            let seed = crate::cases::synth::cases(&mut rng, &s.rules, &mut batch.persons, today, now, false);
            regie_store::persons::insert_many(c, &batch.persons, &batch.since, "koppeling")?;
            crate::cases::synth::store(c, &seed)?;
            done += n;
            progress(done);
        }
        regie_store::cases::adopt_case_worker_teams(c)?;
        regie_store::audit::append(c, &[rec])
    })?;
    // Fresh statistics, so the planner picks the identifier indexes over a name-order scan.
    s.store.read(regie_store::after_bulk_load)?;
    Ok(count)
}
