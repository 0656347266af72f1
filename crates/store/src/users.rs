//! Staff and newcomer accounts, their role assignments, browser sessions and API tokens.

use crate::schema::{api_token_municipalities, api_tokens, organisations, role_assignments, sessions, users};
use crate::{Conn, StoreResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub organisation_id: i64,
    pub team_id: Option<i64>,
    pub password_hash: String,
    pub totp_secret: Option<String>,
    pub disabled: bool,
    pub failed_logins: i32,
    pub locked_until: Option<NaiveDateTime>,
    pub person_id: Option<String>,
    pub created_at: NaiveDateTime,
}

pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub email: &'a str,
    pub organisation_id: i64,
    pub team_id: Option<i64>,
    pub password_hash: &'a str,
    pub person_id: Option<&'a str>,
    pub now: NaiveDateTime,
}

pub fn insert(conn: &mut Conn, u: &NewUser<'_>) -> StoreResult<i64> {
    Ok(diesel::insert_into(users::table)
        .values((
            users::username.eq(u.username),
            users::display_name.eq(u.display_name),
            users::email.eq(u.email),
            users::organisation_id.eq(u.organisation_id),
            users::team_id.eq(u.team_id),
            users::password_hash.eq(u.password_hash),
            users::disabled.eq(false),
            users::failed_logins.eq(0),
            users::person_id.eq(u.person_id),
            users::created_at.eq(u.now),
        ))
        .returning(users::id)
        .get_result(conn)?)
}

pub fn get(conn: &mut Conn, id: i64) -> StoreResult<Option<UserRow>> {
    Ok(crate::on_engine!(conn, |c| users::table
        .filter(users::id.eq(id))
        .select(UserRow::as_select())
        .first(c)
        .optional())?)
}

pub fn find_by_username(conn: &mut Conn, username: &str) -> StoreResult<Option<UserRow>> {
    Ok(users::table.filter(users::username.eq(username)).select(UserRow::as_select()).first(conn).optional()?)
}

/// All users with their organisation's name, for the administration screens.
pub fn list_with_organisation(conn: &mut Conn) -> StoreResult<Vec<(UserRow, String)>> {
    Ok(users::table
        .inner_join(organisations::table)
        .select((UserRow::as_select(), organisations::name))
        .order(users::username)
        .load(conn)?)
}

pub fn count(conn: &mut Conn) -> StoreResult<i64> {
    Ok(users::table.count().get_result(conn)?)
}

pub fn set_disabled(conn: &mut Conn, id: i64, disabled: bool) -> StoreResult<usize> {
    Ok(diesel::update(users::table.filter(users::id.eq(id))).set(users::disabled.eq(disabled)).execute(conn)?)
}

pub fn set_totp_secret(conn: &mut Conn, id: i64, secret: Option<&str>) -> StoreResult<usize> {
    Ok(diesel::update(users::table.filter(users::id.eq(id))).set(users::totp_secret.eq(secret)).execute(conn)?)
}

pub fn set_password_hash(conn: &mut Conn, id: i64, hash: &str) -> StoreResult<usize> {
    Ok(diesel::update(users::table.filter(users::id.eq(id))).set(users::password_hash.eq(hash)).execute(conn)?)
}

pub fn record_failed_login(
    conn: &mut Conn,
    id: i64,
    failed: i32,
    locked_until: Option<NaiveDateTime>,
) -> StoreResult<()> {
    diesel::update(users::table.filter(users::id.eq(id)))
        .set((users::failed_logins.eq(failed), users::locked_until.eq(locked_until)))
        .execute(conn)?;
    Ok(())
}

pub fn reset_failed_logins(conn: &mut Conn, id: i64) -> StoreResult<()> {
    diesel::update(users::table.filter(users::id.eq(id)))
        .set((users::failed_logins.eq(0), users::locked_until.eq(None::<NaiveDateTime>)))
        .execute(conn)?;
    Ok(())
}

// ---- role assignments ----

pub fn assign_role(conn: &mut Conn, user_id: i64, role: &str, municipality_code: &str) -> StoreResult<()> {
    let exists: i64 = role_assignments::table
        .filter(role_assignments::user_id.eq(user_id))
        .filter(role_assignments::role.eq(role))
        .filter(role_assignments::municipality_code.eq(municipality_code))
        .count()
        .get_result(conn)?;
    if exists == 0 {
        diesel::insert_into(role_assignments::table)
            .values((
                role_assignments::user_id.eq(user_id),
                role_assignments::role.eq(role),
                role_assignments::municipality_code.eq(municipality_code),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn remove_role(conn: &mut Conn, user_id: i64, role: &str, municipality_code: &str) -> StoreResult<usize> {
    Ok(diesel::delete(
        role_assignments::table
            .filter(role_assignments::user_id.eq(user_id))
            .filter(role_assignments::role.eq(role))
            .filter(role_assignments::municipality_code.eq(municipality_code)),
    )
    .execute(conn)?)
}

/// `(role, municipality_code)` pairs of one user.
pub fn roles_of(conn: &mut Conn, user_id: i64) -> StoreResult<Vec<(String, String)>> {
    Ok(crate::on_engine!(conn, |c| role_assignments::table
        .filter(role_assignments::user_id.eq(user_id))
        .select((role_assignments::role, role_assignments::municipality_code))
        .order((role_assignments::role, role_assignments::municipality_code))
        .load(c))?)
}

/// Every user holding `role` for `from` also gets it for `to` (after a merger).
pub fn copy_role_scope(conn: &mut Conn, from: &str, to: &str) -> StoreResult<usize> {
    let holders: Vec<(i64, String)> = role_assignments::table
        .filter(role_assignments::municipality_code.eq(from))
        .select((role_assignments::user_id, role_assignments::role))
        .load(conn)?;
    for (user_id, role) in &holders {
        assign_role(conn, *user_id, role, to)?;
    }
    Ok(holders.len())
}

// ---- sessions ----

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub token_hash: String,
    pub user_id: i64,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub second_factor_done: bool,
    pub pending_totp_secret: Option<String>,
}

pub fn insert_session(
    conn: &mut Conn,
    token_hash: &str,
    user_id: i64,
    now: NaiveDateTime,
    second_factor_done: bool,
) -> StoreResult<()> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::token_hash.eq(token_hash),
            sessions::user_id.eq(user_id),
            sessions::created_at.eq(now),
            sessions::last_seen_at.eq(now),
            sessions::second_factor_done.eq(second_factor_done),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn get_session(conn: &mut Conn, token_hash: &str) -> StoreResult<Option<SessionRow>> {
    Ok(crate::on_engine!(conn, |c| sessions::table
        .filter(sessions::token_hash.eq(token_hash))
        .select(SessionRow::as_select())
        .first(c)
        .optional())?)
}

pub fn touch_session(conn: &mut Conn, token_hash: &str, now: NaiveDateTime) -> StoreResult<()> {
    diesel::update(sessions::table.filter(sessions::token_hash.eq(token_hash)))
        .set(sessions::last_seen_at.eq(now))
        .execute(conn)?;
    Ok(())
}

pub fn set_session_pending_totp(conn: &mut Conn, token_hash: &str, secret: Option<&str>) -> StoreResult<()> {
    diesel::update(sessions::table.filter(sessions::token_hash.eq(token_hash)))
        .set(sessions::pending_totp_secret.eq(secret))
        .execute(conn)?;
    Ok(())
}

pub fn delete_session(conn: &mut Conn, token_hash: &str) -> StoreResult<usize> {
    Ok(diesel::delete(sessions::table.filter(sessions::token_hash.eq(token_hash))).execute(conn)?)
}

pub fn delete_sessions_of(conn: &mut Conn, user_id: i64) -> StoreResult<usize> {
    Ok(diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id))).execute(conn)?)
}

pub fn delete_sessions_before(
    conn: &mut Conn,
    created_before: NaiveDateTime,
    seen_before: NaiveDateTime,
) -> StoreResult<usize> {
    Ok(diesel::delete(
        sessions::table.filter(sessions::created_at.lt(created_before).or(sessions::last_seen_at.lt(seen_before))),
    )
    .execute(conn)?)
}

// ---- API tokens ----

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_tokens)]
pub struct ApiTokenRow {
    pub id: i64,
    pub name: String,
    pub token_hash: String,
    pub role: String,
    pub organisation_id: i64,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    pub last_used_at: Option<NaiveDateTime>,
}

#[allow(clippy::too_many_arguments)]
pub fn insert_token(
    conn: &mut Conn,
    name: &str,
    token_hash: &str,
    role: &str,
    organisation_id: i64,
    created_by: &str,
    municipality_codes: &[String],
    now: NaiveDateTime,
) -> StoreResult<i64> {
    let id: i64 = diesel::insert_into(api_tokens::table)
        .values((
            api_tokens::name.eq(name),
            api_tokens::token_hash.eq(token_hash),
            api_tokens::role.eq(role),
            api_tokens::organisation_id.eq(organisation_id),
            api_tokens::created_by.eq(created_by),
            api_tokens::created_at.eq(now),
        ))
        .returning(api_tokens::id)
        .get_result(conn)?;
    for code in municipality_codes {
        diesel::insert_into(api_token_municipalities::table)
            .values((api_token_municipalities::token_id.eq(id), api_token_municipalities::municipality_code.eq(code)))
            .execute(conn)?;
    }
    Ok(id)
}

pub fn find_token(conn: &mut Conn, token_hash: &str) -> StoreResult<Option<(ApiTokenRow, Vec<String>)>> {
    let Some(row) = api_tokens::table
        .filter(api_tokens::token_hash.eq(token_hash))
        .select(ApiTokenRow::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let codes = token_municipalities(conn, row.id)?;
    Ok(Some((row, codes)))
}

pub fn token_municipalities(conn: &mut Conn, token_id: i64) -> StoreResult<Vec<String>> {
    Ok(api_token_municipalities::table
        .filter(api_token_municipalities::token_id.eq(token_id))
        .select(api_token_municipalities::municipality_code)
        .order(api_token_municipalities::municipality_code)
        .load(conn)?)
}

pub fn list_tokens(conn: &mut Conn) -> StoreResult<Vec<ApiTokenRow>> {
    Ok(api_tokens::table.select(ApiTokenRow::as_select()).order(api_tokens::id.desc()).load(conn)?)
}

pub fn revoke_token(conn: &mut Conn, id: i64, now: NaiveDateTime) -> StoreResult<usize> {
    Ok(diesel::update(api_tokens::table.filter(api_tokens::id.eq(id)).filter(api_tokens::revoked_at.is_null()))
        .set(api_tokens::revoked_at.eq(Some(now)))
        .execute(conn)?)
}

pub fn touch_token(conn: &mut Conn, id: i64, now: NaiveDateTime) -> StoreResult<()> {
    diesel::update(api_tokens::table.filter(api_tokens::id.eq(id)))
        .set(api_tokens::last_used_at.eq(Some(now)))
        .execute(conn)?;
    Ok(())
}

/// The members of a team with their display names, in name order.
pub fn team_members(conn: &mut Conn, team_id: i64) -> StoreResult<Vec<(i64, String)>> {
    Ok(users::table
        .filter(users::team_id.eq(team_id))
        .filter(users::disabled.eq(false))
        .select((users::id, users::display_name))
        .order(users::display_name)
        .load(conn)?)
}

/// The active (not blocked) users holding `role` for a municipality: (id, display name, team),
/// in name order.
pub fn active_holders(
    conn: &mut Conn,
    role: &str,
    municipality_code: &str,
) -> StoreResult<Vec<(i64, String, Option<i64>)>> {
    let holders = role_assignments::table
        .filter(role_assignments::role.eq(role))
        .filter(role_assignments::municipality_code.eq(municipality_code))
        .select(role_assignments::user_id);
    Ok(users::table
        .filter(users::id.eq_any(holders))
        .filter(users::disabled.eq(false))
        .select((users::id, users::display_name, users::team_id))
        .order((users::display_name, users::id))
        .load(conn)?)
}

/// Places a user in a team (or none).
pub fn set_team(conn: &mut Conn, user_id: i64, team_id: Option<i64>) -> StoreResult<()> {
    diesel::update(users::table.filter(users::id.eq(user_id))).set(users::team_id.eq(team_id)).execute(conn)?;
    Ok(())
}
