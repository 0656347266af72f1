//! Persons (the minimal record of the foundation) and their municipality history.
//! Every read takes the caller's municipality scope and filters on it: a person outside
//! the scope is indistinguishable from one that does not exist.

use crate::schema::{person_municipalities as pm, person_name_keys as nk, persons};
use crate::{Conn, Page, StoreResult};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = persons)]
pub struct PersonRow {
    pub id: String,
    pub v_nummer: Option<String>,
    pub bsn: Option<String>,
    pub given_names: String,
    pub family_name: String,
    pub search_key: String,
    pub birth_year: i32,
    pub birth_month: Option<i32>,
    pub birth_day: Option<i32>,
    pub nationality: String,
    pub target_group: String,
    pub regime: String,
    pub residence_date: Option<NaiveDate>,
    pub municipality_code: String,
    pub case_worker_id: Option<i64>,
    pub household_id: String,
    pub postcode: Option<String>,
    pub iban: Option<String>,
    pub status: String,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = pm)]
pub struct PersonMunicipalityRow {
    pub id: i64,
    pub person_id: String,
    pub municipality_code: String,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub reason: String,
}

/// Inserts persons and opens their first municipality period. Batches keep each statement
/// under both engines' parameter limits.
pub fn insert_many(conn: &mut Conn, rows: &[PersonRow], since: &[NaiveDate], reason: &str) -> StoreResult<()> {
    const BATCH: usize = 1000;
    for chunk in rows.chunks(BATCH) {
        crate::insert_batch!(conn, persons::table, chunk)?;
    }
    let periods: Vec<_> = rows
        .iter()
        .zip(since)
        .map(|(p, from)| {
            (
                pm::person_id.eq(p.id.clone()),
                pm::municipality_code.eq(p.municipality_code.clone()),
                pm::valid_from.eq(*from),
                pm::reason.eq(reason),
            )
        })
        .collect();
    for chunk in periods.chunks(BATCH) {
        crate::insert_batch!(conn, pm::table, chunk)?;
    }
    insert_name_keys(conn, rows.iter())
}

/// One row of the name-search table (see migration `000005_name_search`).
#[derive(Insertable)]
#[diesel(table_name = nk)]
struct NameKeyRow {
    municipality_code: String,
    name_key: String,
    sort_name: String,
    person_id: String,
    /// The person's search key with a space at both ends, so that `LIKE '% key %'` matches a
    /// whole token and `LIKE '% key%'` a token's start.
    search_key: String,
}

/// Writes the name-search rows of persons: one per distinct token of their search key.
fn insert_name_keys<'a>(conn: &mut Conn, persons: impl Iterator<Item = &'a PersonRow>) -> StoreResult<()> {
    let mut rows = Vec::new();
    for p in persons {
        rows.extend(name_key_rows(p, &[]));
    }
    for chunk in rows.chunks(1000) {
        crate::insert_batch!(conn, nk::table, chunk)?;
    }
    Ok(())
}

/// The name-search rows of one person: one per distinct token of the search keys of the name
/// and of every other spelling (`other_keys`, as `regie_domain::person::search_key` gives
/// them), each carrying all those tokens, so that a search matches any spelling.
fn name_key_rows(p: &PersonRow, other_keys: &[String]) -> Vec<NameKeyRow> {
    let sort_name = regie_domain::person::sort_name(&p.given_names, &p.family_name);
    let mut tokens: Vec<&str> = Vec::new();
    for key in std::iter::once(&p.search_key).chain(other_keys) {
        for token in key.split_whitespace() {
            if !tokens.contains(&token) {
                tokens.push(token);
            }
        }
    }
    let padded: String = tokens.iter().map(|t| format!(" {t}")).chain(std::iter::once(" ".to_string())).collect();
    tokens.sort_unstable();
    tokens
        .into_iter()
        .map(|k| NameKeyRow {
            municipality_code: p.municipality_code.clone(),
            name_key: k.to_string(),
            sort_name: sort_name.clone(),
            person_id: p.id.clone(),
            search_key: padded.clone(),
        })
        .collect()
}

/// Writes a person's name-search rows anew after a spelling was added or withdrawn:
/// `other_keys` are the search keys of the person's current other spellings.
pub fn refresh_name_keys(conn: &mut Conn, p: &PersonRow, other_keys: &[String]) -> StoreResult<()> {
    diesel::delete(nk::table.filter(nk::person_id.eq(&p.id))).execute(conn)?;
    let rows = name_key_rows(p, other_keys);
    crate::insert_batch!(conn, nk::table, rows.as_slice())?;
    Ok(())
}

/// The smallest string above every string that starts with `prefix`, for an index range scan;
/// `None` when there is none. Keys are lowercase ASCII letters, which every collation orders
/// alike, so the increment stays within letters.
fn prefix_end(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        if last < 'z' {
            chars.push(char::from_u32(last as u32 + 1)?);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

/// One person, or `None` when it does not exist or lies outside `scope` (the two are the same
/// to the caller). The lookup is by primary key alone, a statement both engines keep prepared;
/// the scope is then checked on the row, before anything leaves this function.
pub fn get_scoped(conn: &mut Conn, id: &str, scope: &[String]) -> StoreResult<Option<PersonRow>> {
    let row: Option<PersonRow> = crate::on_engine!(conn, |c| persons::table
        .filter(persons::id.eq(id))
        .select(PersonRow::as_select())
        .first(c)
        .optional())?;
    Ok(row.filter(|p| scope.contains(&p.municipality_code)))
}

/// Everything the read of one person shows: the person, their case, the periods of their
/// municipality history, their case worker with the worker's team, and the team that has the
/// case. One statement, because the read of one person is the most frequent request and on
/// PostgreSQL every statement is a round trip to another process (five of them before).
///
/// It selects only the columns that read shows: every column costs on each read (PostgreSQL
/// describes, projects and sends it; both engines' rows decode it), and sorting the periods
/// here instead of in the statement spares PostgreSQL a sort step at every execution
/// (bench/RESULTS.md, session 16).
#[derive(Debug, Clone)]
pub struct PersonRead {
    pub person: PersonRow,
    pub case: Option<CaseSummary>,
    /// Oldest period first.
    pub history: Vec<PersonMunicipalityRow>,
    pub case_worker: Option<CaseWorkerRow>,
    /// The name of the team that has the case.
    pub case_team: Option<String>,
}

/// What the read of a person shows of their case: its stage, whether the person is housed
/// (which ends the COA's part), and the deadlines of its clock.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = crate::schema::cases)]
pub struct CaseSummary {
    pub stage: String,
    pub housed_on: Option<NaiveDate>,
    pub pip_due: Option<NaiveDate>,
    pub termijn_start: Option<NaiveDate>,
    pub termijn_end: Option<NaiveDate>,
}

/// A case worker as the read of a person names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseWorkerRow {
    pub id: i64,
    pub name: String,
    pub team: Option<String>,
}

/// One row of [`read_scoped`]'s statement: the person's columns repeat beside each period.
type PersonReadJoin = (
    PersonRow,
    Option<CaseSummary>,
    Option<PersonMunicipalityRow>,
    Option<(i64, String)>,
    Option<String>,
    Option<String>,
);

/// The person with this id and what their read shows ([`PersonRead`]), if they are within
/// `scope`. The scope is checked on the row (as in [`get_scoped`]), so the statement is the
/// same for every caller and stays prepared.
pub fn read_scoped(conn: &mut Conn, id: &str, scope: &[String]) -> StoreResult<Option<PersonRead>> {
    use crate::schema::{cases, teams, users};
    let (worker_team, case_team) = diesel::alias!(teams as worker_team, teams as case_team);
    let rows: Vec<PersonReadJoin> = crate::on_engine!(conn, |c| persons::table
        .left_join(cases::table)
        .left_join(pm::table)
        .left_join(users::table.on(persons::case_worker_id.eq(users::id.nullable())))
        .left_join(worker_team.on(users::team_id.eq(worker_team.field(teams::id).nullable())))
        .left_join(case_team.on(cases::team_id.eq(case_team.field(teams::id).nullable())))
        .filter(persons::id.eq(id))
        .select((
            PersonRow::as_select(),
            Option::<CaseSummary>::as_select(),
            Option::<PersonMunicipalityRow>::as_select(),
            (users::id, users::display_name).nullable(),
            worker_team.field(teams::name).nullable(),
            case_team.field(teams::name).nullable(),
        ))
        .load(c))?;
    let mut rows = rows.into_iter();
    let Some((person, case, first_period, worker, worker_team, case_team)) = rows.next() else {
        return Ok(None);
    };
    if !scope.contains(&person.municipality_code) {
        return Ok(None);
    }
    let mut history: Vec<PersonMunicipalityRow> =
        first_period.into_iter().chain(rows.filter_map(|(_, _, period, ..)| period)).collect();
    history.sort_unstable_by_key(|p| (p.valid_from, p.id));
    let case_worker = worker.map(|(id, name)| CaseWorkerRow { id, name, team: worker_team });
    Ok(Some(PersonRead { person, case, history, case_worker, case_team }))
}

/// One page in name order. `offset` is `(page - 1) * page_size`.
pub fn list_scoped(conn: &mut Conn, scope: &[String], offset: i64, page_size: i64) -> StoreResult<Page<PersonRow>> {
    let rows = match scope {
        // One municipality (most users): an equality the index serves in name order, and a
        // statement that stays prepared.
        [one] => crate::on_engine!(conn, |c| persons::table
            .filter(persons::municipality_code.eq(one))
            .select(PersonRow::as_select())
            .order((persons::family_name, persons::given_names, persons::id))
            .offset(offset)
            .limit(page_size + 1)
            .load(c))?,
        _ => persons::table
            .filter(persons::municipality_code.eq_any(scope))
            .select(PersonRow::as_select())
            .order((persons::family_name, persons::given_names, persons::id))
            .offset(offset)
            .limit(page_size + 1)
            .load(conn)?,
    };
    Ok(Page::from_overfetch(rows, page_size))
}

/// What a search asks for; the service layer decides which from the user's input.
pub enum PersonQuery<'a> {
    Bsn(&'a str),
    VNummer(&'a str),
    /// Name skeleton tokens (see `regie_domain::person::name_key`), each matched as a word prefix.
    NameKeys(&'a [String]),
    /// A date of birth (month and day may be unknown in the query, and in the record: an
    /// unknown part in the record matches any), optionally with name keys as above.
    Birth {
        year: i32,
        month: Option<i32>,
        day: Option<i32>,
        keys: &'a [String],
    },
}

pub fn search_scoped(conn: &mut Conn, scope: &[String], q: PersonQuery<'_>, limit: i64) -> StoreResult<Vec<PersonRow>> {
    match q {
        PersonQuery::NameKeys(keys) => return search_names(conn, scope, keys, limit),
        PersonQuery::Birth { year, month, day, keys } => {
            return search_birth(conn, scope, (year, month, day), keys, limit)
        }
        PersonQuery::Bsn(_) | PersonQuery::VNummer(_) => {}
    }
    let mut query = persons::table
        .filter(persons::municipality_code.eq_any(scope))
        .select(PersonRow::as_select())
        .order((persons::family_name, persons::given_names, persons::id))
        .limit(limit)
        .into_boxed();
    match q {
        PersonQuery::Bsn(b) => query = query.filter(persons::bsn.eq(b.to_string())),
        PersonQuery::VNummer(v) => query = query.filter(persons::v_nummer.eq(v.to_string())),
        PersonQuery::NameKeys(_) | PersonQuery::Birth { .. } => unreachable!("handled above"),
    }
    Ok(query.load(conn)?)
}

/// Name search over the name-key table, whose primary key orders each municipality's rows by
/// key and then by sort name. The longest query key is the lead: a word prefix (one or two
/// letters must match whole). Every distinct key under that prefix is found by an index seek,
/// and each gives its first `limit` rows in name order (the other query keys filtered on the
/// search key carried in the same row); merged, their first `limit` are exactly the first
/// `limit` matches in name order, however common the name. Only the persons returned are read.
/// A prefix that covers more than [`KEY_SEEKS`] keys is read as one range instead, of which at
/// most [`NAME_CANDIDATES`] matches are considered (the screen then asks for a second word).
fn search_names(conn: &mut Conn, scope: &[String], keys: &[String], limit: i64) -> StoreResult<Vec<PersonRow>> {
    let mut keys: Vec<&String> = keys.iter().collect();
    keys.sort_by_key(|k| std::cmp::Reverse(k.len()));
    keys.dedup();
    let Some((lead, others)) = keys.split_first() else { return Ok(vec![]) };
    // A key of one or two letters (Ali gives `l`) says little as a prefix: it must match
    // whole. Keys never contain `z` (it folds to `s`), so a prefix always has an end.
    let end = match lead.len() {
        0..=2 => format!("{lead}a"),
        _ => prefix_end(lead).unwrap_or_else(|| format!("{lead}z")),
    };
    // Keys are lowercase ASCII letters: nothing in them is a LIKE wildcard.
    let patterns: Vec<String> =
        others.iter().map(|k| if k.len() <= 2 { format!("% {k} %") } else { format!("% {k}%") }).collect();
    let mut matches = match keys_under_prefix(conn, scope, lead, &end)? {
        Some(ranges) => {
            let mut all = Vec::new();
            for (municipality, key) in &ranges {
                all.extend(first_of_key(conn, municipality, key, &patterns, limit)?);
            }
            all
        }
        None => candidates_under_prefix(conn, scope, (lead, &end), &patterns)?,
    };
    matches.sort_unstable();
    // A person with two tokens under one prefix (Mohamed Mohamedi) is found twice.
    let mut seen = std::collections::HashSet::new();
    matches.retain(|(_, id)| seen.insert(id.clone()));
    matches.truncate(limit.max(0) as usize);
    let ids: Vec<&str> = matches.iter().map(|(_, id)| id.as_str()).collect();
    let mut found: Vec<PersonRow> =
        persons::table.filter(persons::id.eq_any(&ids)).select(PersonRow::as_select()).load(conn)?;
    let position: std::collections::HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    found.sort_by_key(|p| position.get(p.id.as_str()).copied().unwrap_or(usize::MAX));
    Ok(found)
}

/// Most distinct keys under one prefix that the name search reads key by key.
const KEY_SEEKS: usize = 32;

/// The distinct (municipality, name key) pairs in `[from, end)` within the scope, each found by
/// one index seek; `None` when there are more than [`KEY_SEEKS`].
fn keys_under_prefix(
    conn: &mut Conn,
    scope: &[String],
    from: &str,
    end: &str,
) -> StoreResult<Option<Vec<(String, String)>>> {
    let mut ranges = Vec::new();
    for municipality in scope {
        let mut next: Option<String> = crate::on_engine!(conn, |c| nk::table
            .filter(nk::municipality_code.eq(municipality))
            .filter(nk::name_key.ge(from))
            .filter(nk::name_key.lt(end))
            .select(nk::name_key)
            .order(nk::name_key)
            .first(c)
            .optional())?;
        while let Some(key) = next {
            if ranges.len() == KEY_SEEKS {
                return Ok(None);
            }
            next = crate::on_engine!(conn, |c| nk::table
                .filter(nk::municipality_code.eq(municipality))
                .filter(nk::name_key.gt(&key))
                .filter(nk::name_key.lt(end))
                .select(nk::name_key)
                .order(nk::name_key)
                .first(c)
                .optional())?;
            ranges.push((municipality.clone(), key));
        }
    }
    Ok(Some(ranges))
}

/// The first `limit` (sort name, person id) rows of one key in one municipality whose search
/// key matches every pattern, in name order, from one index range.
fn first_of_key(
    conn: &mut Conn,
    municipality: &str,
    key: &str,
    patterns: &[String],
    limit: i64,
) -> StoreResult<Vec<(String, String)>> {
    if patterns.is_empty() {
        return Ok(crate::on_engine!(conn, |c| nk::table
            .filter(nk::municipality_code.eq(municipality))
            .filter(nk::name_key.eq(key))
            .select((nk::sort_name, nk::person_id))
            .order((nk::sort_name, nk::person_id))
            .limit(limit)
            .load(c))?);
    }
    let mut query = nk::table
        .filter(nk::municipality_code.eq(municipality))
        .filter(nk::name_key.eq(key))
        .select((nk::sort_name, nk::person_id))
        .order((nk::sort_name, nk::person_id))
        .limit(limit)
        .into_boxed();
    for p in patterns {
        query = query.filter(nk::search_key.like(p.clone()));
    }
    Ok(query.load(conn)?)
}

/// Up to [`NAME_CANDIDATES`] matches under a prefix with many keys, read as one index range.
fn candidates_under_prefix(
    conn: &mut Conn,
    scope: &[String],
    (from, end): (&str, &str),
    patterns: &[String],
) -> StoreResult<Vec<(String, String)>> {
    let mut query = nk::table
        .filter(nk::municipality_code.eq_any(scope))
        .filter(nk::name_key.ge(from))
        .filter(nk::name_key.lt(end))
        .select((nk::sort_name, nk::person_id))
        .limit(NAME_CANDIDATES)
        .into_boxed();
    for p in patterns {
        query = query.filter(nk::search_key.like(p.clone()));
    }
    Ok(query.load(conn)?)
}

/// Persons born on a (partly known) date within the scope, in name order; with name keys, only
/// those whose name or another spelling matches every key (checked on the search key their
/// name-search rows carry). Reads the index `persons_by_birth` (migration 000014).
fn search_birth(
    conn: &mut Conn,
    scope: &[String],
    (year, month, day): (i32, Option<i32>, Option<i32>),
    keys: &[String],
    limit: i64,
) -> StoreResult<Vec<PersonRow>> {
    let mut query = persons::table
        .filter(persons::municipality_code.eq_any(scope))
        .filter(persons::birth_year.eq(year))
        .select(PersonRow::as_select())
        .order((persons::family_name, persons::given_names, persons::id))
        .limit(if keys.is_empty() { limit } else { NAME_CANDIDATES })
        .into_boxed();
    if let Some(m) = month {
        query = query.filter(persons::birth_month.eq(m).or(persons::birth_month.is_null()));
    }
    if let Some(d) = day {
        query = query.filter(persons::birth_day.eq(d).or(persons::birth_day.is_null()));
    }
    let mut found: Vec<PersonRow> = query.load(conn)?;
    if !keys.is_empty() {
        let ids: Vec<&str> = found.iter().map(|p| p.id.as_str()).collect();
        let mut search_keys = std::collections::HashMap::new();
        for chunk in ids.chunks(500) {
            let rows: Vec<(String, String)> =
                nk::table.filter(nk::person_id.eq_any(chunk)).select((nk::person_id, nk::search_key)).load(conn)?;
            search_keys.extend(rows);
        }
        let matches = |key: &str| {
            keys.iter()
                .all(|k| if k.len() <= 2 { key.contains(&format!(" {k} ")) } else { key.contains(&format!(" {k}")) })
        };
        found.retain(|p| search_keys.get(&p.id).is_some_and(|key| matches(key)));
        found.truncate(limit.max(0) as usize);
    }
    Ok(found)
}

/// Most name-key matches a search reads.
pub const NAME_CANDIDATES: i64 = 2000;

pub fn history(conn: &mut Conn, person_id: &str) -> StoreResult<Vec<PersonMunicipalityRow>> {
    Ok(crate::on_engine!(conn, |c| pm::table
        .filter(pm::person_id.eq(person_id))
        .select(PersonMunicipalityRow::as_select())
        .order((pm::valid_from, pm::id))
        .load(c))?)
}

/// Ids of the open persons of a municipality (for a merger).
pub fn open_ids_in(conn: &mut Conn, municipality_code: &str) -> StoreResult<Vec<String>> {
    Ok(persons::table
        .filter(persons::municipality_code.eq(municipality_code))
        .filter(persons::status.eq("open"))
        .select(persons::id)
        .load(conn)?)
}

/// Moves persons to another municipality from `date`: closes the current period, opens a
/// new one with the reason, and bumps each person's version.
pub fn move_to(
    conn: &mut Conn,
    ids: &[String],
    to: &str,
    date: NaiveDate,
    reason: &str,
    now: NaiveDateTime,
) -> StoreResult<()> {
    for chunk in ids.chunks(500) {
        diesel::update(pm::table.filter(pm::person_id.eq_any(chunk)).filter(pm::valid_to.is_null()))
            .set(pm::valid_to.eq(Some(date)))
            .execute(conn)?;
        let periods: Vec<_> = chunk
            .iter()
            .map(|id| {
                (
                    pm::person_id.eq(id.clone()),
                    pm::municipality_code.eq(to),
                    pm::valid_from.eq(date),
                    pm::reason.eq(reason),
                )
            })
            .collect();
        crate::insert_batch!(conn, pm::table, &periods)?;
        diesel::update(nk::table.filter(nk::person_id.eq_any(chunk)))
            .set(nk::municipality_code.eq(to))
            .execute(conn)?;
        diesel::update(persons::table.filter(persons::id.eq_any(chunk)))
            .set((
                persons::municipality_code.eq(to),
                persons::version.eq(persons::version + 1),
                persons::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn count_all(conn: &mut Conn) -> StoreResult<i64> {
    Ok(persons::table.count().get_result(conn)?)
}

/// Open persons per municipality code.
pub fn count_open_by_municipality(conn: &mut Conn, scope: &[String]) -> StoreResult<Vec<(String, i64)>> {
    Ok(persons::table
        .filter(persons::municipality_code.eq_any(scope))
        .filter(persons::status.eq("open"))
        .group_by(persons::municipality_code)
        .select((persons::municipality_code, diesel::dsl::count_star()))
        .load(conn)?)
}

/// Whether a person with this V-nummer or BSN exists within the scope (an index lookup).
pub fn identifier_in_scope(conn: &mut Conn, scope: &[String], q: PersonQuery<'_>) -> StoreResult<bool> {
    let base = persons::table.filter(persons::municipality_code.eq_any(scope)).into_boxed();
    let query = match q {
        PersonQuery::Bsn(b) => base.filter(persons::bsn.eq(b.to_string())),
        PersonQuery::VNummer(v) => base.filter(persons::v_nummer.eq(v.to_string())),
        PersonQuery::NameKeys(_) | PersonQuery::Birth { .. } => return Ok(false),
    };
    let n: i64 = query.count().get_result(conn)?;
    Ok(n > 0)
}

/// Sets a person's status (`open`, `afgerond`, `ingetrokken`) and bumps the version.
pub fn set_status(conn: &mut Conn, id: &str, status: &str, now: NaiveDateTime) -> StoreResult<()> {
    diesel::update(persons::table.filter(persons::id.eq(id)))
        .set((persons::status.eq(status), persons::version.eq(persons::version + 1), persons::updated_at.eq(now)))
        .execute(conn)?;
    Ok(())
}

/// Sets (or clears) a person's case worker, if the person is still at `expected_version`, and
/// bumps the version. Returns whether the row was changed (`false`: someone changed the person
/// in the meantime). This is the only statement that changes `case_worker_id` after
/// registration: whatever else must follow a case worker belongs here.
pub fn set_case_worker(
    conn: &mut Conn,
    id: &str,
    case_worker_id: Option<i64>,
    expected_version: i32,
    now: NaiveDateTime,
) -> StoreResult<bool> {
    let n = diesel::update(persons::table.filter(persons::id.eq(id)).filter(persons::version.eq(expected_version)))
        .set((
            persons::case_worker_id.eq(case_worker_id),
            persons::version.eq(persons::version + 1),
            persons::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Most members of one household read.
pub const HOUSEHOLD_LIMIT: i64 = 50;

/// The other members of a household within `scope`, by year of birth (an index range on the
/// household; unknown months sort alike on both engines this way). Members outside the scope are not read at all.
pub fn household_members(
    conn: &mut Conn,
    household_id: &str,
    except: &str,
    scope: &[String],
) -> StoreResult<Vec<PersonRow>> {
    Ok(persons::table
        .filter(persons::household_id.eq(household_id))
        .filter(persons::id.ne(except))
        .filter(persons::municipality_code.eq_any(scope))
        .select(PersonRow::as_select())
        .order((persons::birth_year, persons::family_name, persons::given_names, persons::id))
        .limit(HOUSEHOLD_LIMIT)
        .load(conn)?)
}

/// Other persons within the scope who may be the same person: the same V-nummer or BSN, or the
/// same name skeleton (any transliteration) with a compatible date of birth.
pub fn possible_duplicates(conn: &mut Conn, p: &PersonRow, scope: &[String]) -> StoreResult<Vec<PersonRow>> {
    let mut found: Vec<PersonRow> = persons::table
        .filter(persons::municipality_code.eq_any(scope))
        .filter(persons::id.ne(&p.id))
        .filter(persons::birth_year.eq(p.birth_year))
        .filter(persons::search_key.eq(&p.search_key))
        .select(PersonRow::as_select())
        .limit(20)
        .load(conn)?;
    // A known part of the date of birth must agree; an unknown part agrees with anything.
    let agrees = |a: Option<i32>, b: Option<i32>| a.is_none() || b.is_none() || a == b;
    found.retain(|o| agrees(o.birth_month, p.birth_month) && agrees(o.birth_day, p.birth_day));
    for (column, value) in [("v", &p.v_nummer), ("b", &p.bsn)] {
        let Some(value) = value else { continue };
        let base =
            persons::table.filter(persons::municipality_code.eq_any(scope)).filter(persons::id.ne(&p.id)).into_boxed();
        let q =
            if column == "v" { base.filter(persons::v_nummer.eq(value)) } else { base.filter(persons::bsn.eq(value)) };
        for o in q.select(PersonRow::as_select()).limit(20).load(conn)? {
            if !found.iter().any(|f| f.id == o.id) {
                found.push(o);
            }
        }
    }
    Ok(found)
}

/// Fills identifiers the kept person lacks from the merged one.
pub fn adopt_identifiers(
    conn: &mut Conn,
    id: &str,
    v_nummer: Option<&str>,
    bsn: Option<&str>,
    now: NaiveDateTime,
) -> StoreResult<()> {
    if let Some(v) = v_nummer {
        diesel::update(persons::table.filter(persons::id.eq(id)).filter(persons::v_nummer.is_null()))
            .set((persons::v_nummer.eq(v), persons::updated_at.eq(now)))
            .execute(conn)?;
    }
    if let Some(b) = bsn {
        diesel::update(persons::table.filter(persons::id.eq(id)).filter(persons::bsn.is_null()))
            .set((persons::bsn.eq(b), persons::updated_at.eq(now)))
            .execute(conn)?;
    }
    Ok(())
}

/// Fills the name-key index for persons registered before it existed (a database from before
/// the case-management migration); does nothing when every person has keys. Returns how many
/// persons it indexed.
pub fn backfill_name_keys(conn: &mut Conn) -> StoreResult<usize> {
    let (mut after, mut total) = (String::new(), 0);
    loop {
        // In id order, a slice at a time: a million persons need not be in memory at once.
        let missing: Vec<PersonRow> = persons::table
            .filter(persons::id.gt(&after))
            .filter(diesel::dsl::not(diesel::dsl::exists(nk::table.filter(nk::person_id.eq(persons::id)))))
            .select(PersonRow::as_select())
            .order(persons::id)
            .limit(5_000)
            .load(conn)?;
        let Some(last) = missing.last() else { return Ok(total) };
        after = last.id.clone();
        total += missing.len();
        insert_name_keys(conn, missing.iter())?;
    }
}

/// One page in name order of the persons whose case records no housing yet (the AZC phase),
/// for roles that may see a person only then.
pub fn list_unhoused_scoped(
    conn: &mut Conn,
    scope: &[String],
    offset: i64,
    page_size: i64,
) -> StoreResult<Page<PersonRow>> {
    use crate::schema::cases;
    let rows = persons::table
        .inner_join(cases::table)
        .filter(persons::municipality_code.eq_any(scope))
        .filter(cases::housed_on.is_null())
        .select(PersonRow::as_select())
        .order((persons::family_name, persons::given_names, persons::id))
        .offset(offset)
        .limit(page_size + 1)
        .load(conn)?;
    Ok(Page::from_overfetch(rows, page_size))
}

/// Of these persons, the ids whose case records housing.
pub fn housed_among(conn: &mut Conn, ids: &[String]) -> StoreResult<Vec<String>> {
    use crate::schema::cases;
    Ok(cases::table
        .filter(cases::person_id.eq_any(ids))
        .filter(cases::housed_on.is_not_null())
        .select(cases::person_id)
        .load(conn)?)
}
