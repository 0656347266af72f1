//! Region, municipalities with validity and successors, executing organisations,
//! dated mandates and teams.

use crate::schema::{mandates, municipalities, organisations, regions, teams};
use crate::{Conn, StoreResult};
use chrono::NaiveDate;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = municipalities)]
pub struct MunicipalityRow {
    pub code: String,
    pub name: String,
    pub region_id: i64,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub successor_code: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = organisations)]
pub struct OrganisationRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = mandates)]
pub struct MandateRow {
    pub id: i64,
    pub organisation_id: i64,
    pub municipality_code: String,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = teams)]
pub struct TeamRow {
    pub id: i64,
    pub organisation_id: i64,
    pub name: String,
}

pub fn insert_region(conn: &mut Conn, name: &str) -> StoreResult<i64> {
    Ok(diesel::insert_into(regions::table).values(regions::name.eq(name)).returning(regions::id).get_result(conn)?)
}

pub fn region_name(conn: &mut Conn) -> StoreResult<Option<String>> {
    Ok(regions::table.select(regions::name).order(regions::id).first(conn).optional()?)
}

pub fn first_region_id(conn: &mut Conn) -> StoreResult<Option<i64>> {
    Ok(regions::table.select(regions::id).order(regions::id).first(conn).optional()?)
}

pub fn insert_municipality(
    conn: &mut Conn,
    code: &str,
    name: &str,
    region_id: i64,
    valid_from: NaiveDate,
) -> StoreResult<()> {
    diesel::insert_into(municipalities::table)
        .values((
            municipalities::code.eq(code),
            municipalities::name.eq(name),
            municipalities::region_id.eq(region_id),
            municipalities::valid_from.eq(valid_from),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn list_municipalities(conn: &mut Conn) -> StoreResult<Vec<MunicipalityRow>> {
    Ok(municipalities::table
        .select(MunicipalityRow::as_select())
        .order((municipalities::valid_to.is_not_null(), municipalities::name))
        .load(conn)?)
}

pub fn get_municipality(conn: &mut Conn, code: &str) -> StoreResult<Option<MunicipalityRow>> {
    Ok(municipalities::table
        .filter(municipalities::code.eq(code))
        .select(MunicipalityRow::as_select())
        .first(conn)
        .optional()?)
}

/// Ends a municipality's validity and names its successor (herindeling).
pub fn end_municipality(conn: &mut Conn, code: &str, valid_to: NaiveDate, successor: &str) -> StoreResult<()> {
    diesel::update(municipalities::table.filter(municipalities::code.eq(code)))
        .set((municipalities::valid_to.eq(Some(valid_to)), municipalities::successor_code.eq(Some(successor))))
        .execute(conn)?;
    Ok(())
}

pub fn insert_organisation(conn: &mut Conn, name: &str, kind: &str) -> StoreResult<i64> {
    Ok(diesel::insert_into(organisations::table)
        .values((organisations::name.eq(name), organisations::kind.eq(kind)))
        .returning(organisations::id)
        .get_result(conn)?)
}

pub fn list_organisations(conn: &mut Conn) -> StoreResult<Vec<OrganisationRow>> {
    Ok(organisations::table.select(OrganisationRow::as_select()).order(organisations::name).load(conn)?)
}

pub fn get_organisation(conn: &mut Conn, id: i64) -> StoreResult<Option<OrganisationRow>> {
    Ok(crate::on_engine!(conn, |c| organisations::table
        .filter(organisations::id.eq(id))
        .select(OrganisationRow::as_select())
        .first(c)
        .optional())?)
}

pub fn find_organisation(conn: &mut Conn, name: &str) -> StoreResult<Option<OrganisationRow>> {
    Ok(organisations::table
        .filter(organisations::name.eq(name))
        .select(OrganisationRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert_mandate(
    conn: &mut Conn,
    organisation_id: i64,
    municipality_code: &str,
    valid_from: NaiveDate,
    valid_to: Option<NaiveDate>,
) -> StoreResult<i64> {
    Ok(diesel::insert_into(mandates::table)
        .values((
            mandates::organisation_id.eq(organisation_id),
            mandates::municipality_code.eq(municipality_code),
            mandates::valid_from.eq(valid_from),
            mandates::valid_to.eq(valid_to),
        ))
        .returning(mandates::id)
        .get_result(conn)?)
}

pub fn list_mandates(conn: &mut Conn) -> StoreResult<Vec<MandateRow>> {
    Ok(mandates::table
        .select(MandateRow::as_select())
        .order((mandates::municipality_code, mandates::valid_from))
        .load(conn)?)
}

pub fn get_mandate(conn: &mut Conn, id: i64) -> StoreResult<Option<MandateRow>> {
    Ok(mandates::table.filter(mandates::id.eq(id)).select(MandateRow::as_select()).first(conn).optional()?)
}

pub fn end_mandate(conn: &mut Conn, id: i64, valid_to: NaiveDate) -> StoreResult<()> {
    diesel::update(mandates::table.filter(mandates::id.eq(id)))
        .set(mandates::valid_to.eq(Some(valid_to)))
        .execute(conn)?;
    Ok(())
}

pub fn insert_team(conn: &mut Conn, organisation_id: i64, name: &str) -> StoreResult<i64> {
    Ok(diesel::insert_into(teams::table)
        .values((teams::organisation_id.eq(organisation_id), teams::name.eq(name)))
        .returning(teams::id)
        .get_result(conn)?)
}

pub fn list_teams(conn: &mut Conn) -> StoreResult<Vec<TeamRow>> {
    Ok(teams::table.select(TeamRow::as_select()).order((teams::organisation_id, teams::name)).load(conn)?)
}

/// The name of the team with this id, if there is one.
pub fn team_name(conn: &mut Conn, id: i64) -> StoreResult<Option<String>> {
    Ok(teams::table.find(id).select(teams::name).first(conn).optional()?)
}
