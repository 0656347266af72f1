//! Persons: list, read, search and register within the caller's scope. Every read leaves an
//! audit record naming the persons seen; every write is audited in its own transaction.

use crate::audit::{entry, purpose};
use crate::error::Errors;
use crate::{Actor, Permission, ServiceError, ServiceResult, Services};
use chrono::NaiveDate;
use regie_domain::person::search_key;
use regie_domain::{Bsn, CbsCode, Iban, PartialDate, Postcode, Regime, TargetGroup, VNummer};
use regie_store::persons::{PersonMunicipalityRow, PersonQuery, PersonRow};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub id: String,
    pub v_nummer: Option<String>,
    pub bsn: Option<String>,
    pub given_names: String,
    pub family_name: String,
    pub birth_date: PartialDate,
    pub nationality: String,
    pub target_group: TargetGroup,
    pub regime: Regime,
    pub residence_date: Option<NaiveDate>,
    pub municipality_code: String,
    pub case_worker_id: Option<i64>,
    pub household_id: String,
    pub postcode: Option<String>,
    pub iban: Option<String>,
    pub status: String,
    pub version: i32,
}

impl Person {
    /// Name as shown in lists: family name first; a person with one name has an empty given name.
    pub fn display_name(&self) -> String {
        if self.given_names.is_empty() {
            self.family_name.clone()
        } else {
            format!("{}, {}", self.family_name, self.given_names)
        }
    }
}

impl From<PersonRow> for Person {
    fn from(r: PersonRow) -> Self {
        Person {
            birth_date: PartialDate {
                year: r.birth_year,
                month: r.birth_month.map(|m| m as u32),
                day: r.birth_day.map(|d| d as u32),
            },
            target_group: TargetGroup::parse(&r.target_group).unwrap_or(TargetGroup::OverigeMigrant),
            regime: Regime::parse(&r.regime).unwrap_or(Regime::Wi2021),
            id: r.id,
            v_nummer: r.v_nummer,
            bsn: r.bsn,
            given_names: r.given_names,
            family_name: r.family_name,
            nationality: r.nationality,
            residence_date: r.residence_date,
            municipality_code: r.municipality_code,
            case_worker_id: r.case_worker_id,
            household_id: r.household_id,
            postcode: r.postcode,
            iban: r.iban,
            status: r.status,
            version: r.version,
        }
    }
}

pub struct PersonPage {
    pub items: Vec<Person>,
    pub page: i64,
    pub page_size: i64,
    pub has_next: bool,
}

pub const MAX_PAGE_SIZE: i64 = 100;

fn read_audit(s: &Services, actor: &Actor, action: &str, subjects: Vec<String>, object_id: &str) -> ServiceResult<()> {
    let role = actor.role_for(Permission::ReadPersons);
    s.audit_read(entry(s, actor, role, action, purpose::INBURGERING, subjects, ("person", object_id), "success"))
}

pub fn list(s: &Services, actor: &Actor, page: i64, page_size: i64) -> ServiceResult<PersonPage> {
    let scope = actor.require_scope(Permission::ReadPersons)?;
    let page = page.max(1);
    let page_size = page_size.clamp(1, MAX_PAGE_SIZE);
    let offset = (page - 1) * page_size;
    // COA case managers work with a person only during the AZC phase.
    let result = if azc_phase_only(actor, &scope) {
        s.store.read(|c| regie_store::persons::list_unhoused_scoped(c, &scope, offset, page_size))?
    } else {
        s.store.read(|c| regie_store::persons::list_scoped(c, &scope, offset, page_size))?
    };
    let items: Vec<Person> = result.items.into_iter().map(Person::from).collect();
    read_audit(s, actor, "person.list", items.iter().map(|p| p.id.clone()).collect(), "")?;
    Ok(PersonPage { items, page, page_size, has_next: result.has_next })
}

/// Whether every municipality of the scope is reached only through the COA role.
fn azc_phase_only(actor: &Actor, scope: &[String]) -> bool {
    scope.iter().all(|code| actor.azc_phase_only_in(code))
}

pub struct PersonDetail {
    pub person: Person,
    pub history: Vec<PersonMunicipalityRow>,
    /// The case beside the person: its stage and the deadlines derived from its facts.
    pub case: Option<regie_store::persons::CaseSummary>,
    pub case_worker: Option<crate::cases::assignment::CaseWorker>,
    /// The team that has the case (`crate::cases::assignment`), by name.
    pub team: Option<String>,
}

pub fn get(s: &Services, actor: &Actor, id: &str) -> ServiceResult<PersonDetail> {
    let scope = actor.require_scope(Permission::ReadPersons)?;
    let Some(read) = s.store.read(|c| regie_store::persons::read_scoped(c, id, &scope))? else {
        return Err(ServiceError::NotFound);
    };
    let regie_store::persons::PersonRead { person: row, case, history, case_worker, case_team: team } = read;
    let case_worker =
        case_worker.map(|w| crate::cases::assignment::CaseWorker { id: w.id, name: w.name, team: w.team });
    // COA case managers work with a person only during the AZC phase.
    if actor.azc_phase_only_in(&row.municipality_code) && case.as_ref().is_some_and(|c| c.housed_on.is_some()) {
        return Err(ServiceError::NotFound);
    }
    read_audit(s, actor, "person.read", vec![row.id.clone()], &row.id)?;
    Ok(PersonDetail { person: row.into(), history, case, case_worker, team })
}

/// Leaves out of `rows` the persons the actor reaches only as a COA case manager and whose case
/// records housing: COA works with a person only during the AZC phase.
pub(crate) fn drop_unreachable(
    c: &mut regie_store::Conn,
    actor: &Actor,
    rows: &mut Vec<PersonRow>,
) -> regie_store::StoreResult<()> {
    if rows.iter().any(|p| actor.azc_phase_only_in(&p.municipality_code)) {
        let ids: Vec<String> = rows.iter().map(|p| p.id.clone()).collect();
        let housed = regie_store::persons::housed_among(c, &ids)?;
        rows.retain(|p| !(actor.azc_phase_only_in(&p.municipality_code) && housed.contains(&p.id)));
    }
    Ok(())
}

/// Most persons a search returns.
pub const SEARCH_LIMIT: usize = 50;

/// Finds persons by BSN (9 digits), V-nummer (10 digits) or any spelling of their names, at
/// most [`SEARCH_LIMIT`], in name order.
pub fn search(s: &Services, actor: &Actor, q: &str) -> ServiceResult<Vec<Person>> {
    let scope = actor.require_scope(Permission::ReadPersons)?;
    let q = q.trim();
    let digits: String = q.chars().filter(|c| !c.is_whitespace() && *c != '.').collect();
    let is_digits = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    let keys: Vec<String>;
    let query = if is_digits && digits.len() == 9 {
        PersonQuery::Bsn(&digits)
    } else if is_digits && digits.len() == 10 {
        PersonQuery::VNummer(&digits)
    } else {
        // A word with a digit is a date of birth (dd-mm-jjjj, jjjj-mm-dd, 00 for an unknown
        // day or month, or a bare year); the other words are (parts of) names.
        let (dates, words): (Vec<&str>, Vec<&str>) =
            q.split([' ', ',']).filter(|w| !w.is_empty()).partition(|w| w.bytes().any(|b| b.is_ascii_digit()));
        keys = words
            .iter()
            .flat_map(|w| w.split('-'))
            .map(regie_domain::person::name_key)
            .filter(|k| !k.is_empty())
            .take(4)
            .collect();
        match dates.as_slice() {
            [] if keys.is_empty() => {
                return Err(ServiceError::field(
                    "q",
                    "Zoek op (een deel van) de naam, een geboortedatum, een BSN van 9 cijfers of een V-nummer van 10 cijfers.",
                ))
            }
            [] => PersonQuery::NameKeys(&keys),
            [date] => {
                let born = regie_domain::PartialDate::parse(date).map_err(|e| {
                    ServiceError::field("q", format!("De geboortedatum klopt niet. {}", e.message))
                })?;
                let part = |p: Option<u32>| p.map(|v| v as i32);
                PersonQuery::Birth { year: born.year, month: part(born.month), day: part(born.day), keys: &keys }
            }
            _ => return Err(ServiceError::field("q", "Zoek op één geboortedatum tegelijk.")),
        }
    };
    let rows = s.store.read(|c| {
        let mut rows = regie_store::persons::search_scoped(c, &scope, query, SEARCH_LIMIT as i64)?;
        drop_unreachable(c, actor, &mut rows)?;
        Ok(rows)
    })?;
    let items: Vec<Person> = rows.into_iter().map(Person::from).collect();
    read_audit(s, actor, "person.search", items.iter().map(|p| p.id.clone()).collect(), "")?;
    Ok(items)
}

/// Input for registering a person, as typed in a form or sent to the API.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct NewPerson {
    pub given_names: String,
    pub family_name: String,
    pub birth_date: String,
    pub v_nummer: Option<String>,
    pub bsn: Option<String>,
    pub nationality: String,
    pub target_group: String,
    pub municipality_code: String,
    pub residence_date: Option<String>,
    pub postcode: Option<String>,
    pub iban: Option<String>,
}

fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Registers a person. Every field is checked and all problems are reported at once; nothing
/// is stored unless everything is valid.
pub fn create(s: &Services, actor: &Actor, input: &NewPerson) -> ServiceResult<Person> {
    let scope = actor.require_scope(Permission::WritePersons)?;
    let mut e = Errors::default();
    let given = input.given_names.trim();
    let family = input.family_name.trim();
    if family.is_empty() {
        e.push("familyName", "Vul de achternaam in. Heeft iemand maar één naam, vul die dan hier in.");
    }
    if family.chars().count() > 200 || given.chars().count() > 200 {
        e.push("familyName", "Een naam heeft hoogstens 200 tekens.");
    }
    let birth = e.check("birthDate", PartialDate::parse(&input.birth_date));
    let v_nummer = non_empty(&input.v_nummer).and_then(|v| e.check("vNummer", VNummer::parse(v)));
    let bsn = non_empty(&input.bsn).and_then(|v| e.check("bsn", Bsn::parse(v)));
    if v_nummer.is_none() && bsn.is_none() && non_empty(&input.v_nummer).is_none() && non_empty(&input.bsn).is_none() {
        e.push("vNummer", "Vul een V-nummer of een BSN in.");
    }
    let nationality = input.nationality.trim();
    if nationality.is_empty() || nationality.chars().count() > 100 {
        e.push("nationality", "Vul de nationaliteit in (hoogstens 100 tekens).");
    }
    let group = e.check("targetGroup", TargetGroup::parse(input.target_group.trim()));
    let code = e.check("municipalityCode", CbsCode::parse(&input.municipality_code));
    // A municipality outside the caller's scope is not a typing mistake but a request the
    // caller may not make: refused as such, whatever else is wrong.
    if code.as_ref().is_some_and(|c| !scope.iter().any(|s| s == c.as_str())) {
        return Err(ServiceError::Forbidden);
    }
    let residence = match non_empty(&input.residence_date) {
        None => None,
        Some(v) => match PartialDate::parse(v) {
            Ok(PartialDate { year, month: Some(m), day: Some(d) }) => NaiveDate::from_ymd_opt(year, m, d),
            _ => {
                e.push("residenceDate", "Vul de datum van de verblijfsvergunning volledig in als dd-mm-jjjj.");
                None
            }
        },
    };
    let postcode = non_empty(&input.postcode).and_then(|v| e.check("postcode", Postcode::parse(v)));
    let iban = non_empty(&input.iban).and_then(|v| e.check("iban", Iban::parse(v)));
    e.into_result()?;
    let (Some(birth), Some(group), Some(code)) = (birth, group, code) else {
        return Err(ServiceError::Internal("validated fields missing".into()));
    };
    let today = s.clock.today();
    let regime = residence.map(Regime::for_residence_date).unwrap_or(Regime::Wi2021);
    let now = s.clock.naive();
    let id = uuid::Uuid::now_v7().to_string();
    let row = PersonRow {
        id: id.clone(),
        v_nummer: v_nummer.map(String::from),
        bsn: bsn.map(String::from),
        given_names: given.to_string(),
        family_name: family.to_string(),
        search_key: search_key(given, family),
        birth_year: birth.year,
        birth_month: birth.month.map(|m| m as i32),
        birth_day: birth.day.map(|d| d as i32),
        nationality: nationality.to_string(),
        target_group: group.code().to_string(),
        regime: regime.code().to_string(),
        residence_date: residence,
        municipality_code: code.as_str().to_string(),
        case_worker_id: actor.user_id.filter(|_| actor.has_role(regie_domain::Role::Klantmanager)),
        household_id: uuid::Uuid::now_v7().to_string(),
        postcode: postcode.map(String::from),
        iban: iban.map(String::from),
        status: "open".into(),
        version: 1,
        created_at: now,
        updated_at: now,
    };
    let rec = entry(
        s,
        actor,
        actor.role_for(Permission::WritePersons),
        "person.create",
        purpose::INBURGERING,
        vec![id.clone()],
        ("person", &id),
        "success",
    );
    s.store.write(|c| {
        // Duplicates are refused only within the caller's own scope: reporting one found
        // elsewhere would reveal that a person is known in another municipality.
        if let Some(v) = &row.v_nummer {
            if regie_store::persons::identifier_in_scope(c, &scope, PersonQuery::VNummer(v))? {
                return Ok(Err(ServiceError::field("vNummer", "Er is al een persoon met dit V-nummer geregistreerd.")));
            }
        }
        if let Some(b) = &row.bsn {
            if regie_store::persons::identifier_in_scope(c, &scope, PersonQuery::Bsn(b))? {
                return Ok(Err(ServiceError::field("bsn", "Er is al een persoon met dit BSN geregistreerd.")));
            }
        }
        regie_store::persons::insert_many(c, std::slice::from_ref(&row), &[residence.unwrap_or(today)], "registratie")?;
        let mut case = crate::cases::new_case_row(&row.id, "registratie", now);
        // A klantmanager who registers a person becomes their case worker, and the case
        // their team's (as an assignment would make it).
        if let Some(worker) = row.case_worker_id {
            case.team_id = regie_store::users::get(c, worker)?.and_then(|u| u.team_id);
        }
        regie_store::cases::insert_many(c, &[case])?;
        regie_store::audit::append(c, &[rec])?;
        Ok(Ok(()))
    })??;
    Ok(row.into())
}

/// Open cases per municipality, for the home page. Case workers see exact numbers for their
/// own municipalities; roles that see only aggregates get small cells suppressed.
pub struct Counts {
    pub rows: Vec<(String, Option<i64>)>,
    pub suppressed: bool,
}

pub fn open_counts(s: &Services, actor: &Actor) -> ServiceResult<Counts> {
    let (scope, exact) = if actor.can(Permission::ReadPersons) {
        (actor.scope(Permission::ReadPersons), true)
    } else if actor.can(Permission::ReadAggregates) {
        (actor.scope(Permission::ReadAggregates), false)
    } else {
        return Ok(Counts { rows: vec![], suppressed: false });
    };
    let (counts, municipalities) = s.store.read(|c| {
        Ok((
            regie_store::persons::count_open_by_municipality(c, &scope)?,
            regie_store::tenancy::list_municipalities(c)?,
        ))
    })?;
    let mut suppressed = false;
    let rows = municipalities
        .into_iter()
        .filter(|m| scope.contains(&m.code))
        .map(|m| {
            let n = counts.iter().find(|(code, _)| *code == m.code).map(|(_, n)| *n).unwrap_or(0);
            let shown = if !exact && n > 0 && n < s.config.min_cell_size {
                suppressed = true;
                None
            } else {
                Some(n)
            };
            (m.name, shown)
        })
        .collect();
    Ok(Counts { rows, suppressed })
}
