//! Functional administration: users and their roles, API tokens, organisations, municipalities,
//! mandates, teams, and municipal mergers (herindeling). Administrators see no case content.
//! The CLI acts as [`Actor::system`], which may do everything here.

use crate::audit::{entry, purpose};
use crate::auth::{check_password_strength, hash_password, random_token, token_hash};
use crate::error::Errors;
use crate::{Actor, Permission, ServiceError, ServiceResult, Services};
use chrono::NaiveDate;
use regie_domain::tenancy::{check_merger, Validity};
use regie_domain::{CbsCode, Role};
use regie_store::tenancy::{MandateRow, MunicipalityRow, OrganisationRow, TeamRow};
use regie_store::users::{ApiTokenRow, UserRow};

fn require_admin(actor: &Actor) -> ServiceResult<()> {
    if actor.user_id.is_none() && actor.token_id.is_none() {
        return Ok(()); // the system itself (CLI)
    }
    actor.require(Permission::Administer)
}

fn admin_entry(s: &Services, actor: &Actor, action: &str, object: (&str, &str)) -> regie_store::audit::NewAudit {
    let role = if actor.user_id.is_none() && actor.token_id.is_none() { "system" } else { "beheerder" };
    entry(s, actor, role, action, purpose::BEHEER, vec![], object, "success")
}

pub struct NewUserInput {
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub organisation: String,
    pub password: String,
    pub roles: Vec<(String, Vec<String>)>,
    pub person_id: Option<String>,
}

/// Creates a user with role assignments. All problems are reported together.
pub fn add_user(s: &Services, actor: &Actor, input: &NewUserInput) -> ServiceResult<i64> {
    require_admin(actor)?;
    let mut e = Errors::default();
    let username = input.username.trim();
    if username.len() < 3
        || username.len() > 64
        || !username.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '@'))
    {
        e.push(
            "gebruikersnaam",
            "Een gebruikersnaam heeft 3 tot 64 tekens: letters, cijfers, punt, streepje, @ of liggend streepje.",
        );
    }
    if input.display_name.trim().is_empty() {
        e.push("naam", "Vul de naam van de gebruiker in.");
    }
    if !input.email.contains('@') || input.email.trim().len() < 3 {
        e.push("email", "Vul een geldig e-mailadres in.");
    }
    if let Err(m) = check_password_strength(&input.password) {
        e.push("wachtwoord", m);
    }
    let mut roles = Vec::new();
    for (role, codes) in &input.roles {
        // Role and municipalities are checked independently, so every mistake is reported.
        let role = e.check("rol", Role::parse(role));
        if codes.is_empty() {
            e.push("gemeente", "Kies ten minste één gemeente voor de rol.");
        }
        for c in codes {
            if let (Some(code), Some(r)) = (e.check("gemeente", CbsCode::parse(c)), role) {
                roles.push((r, code.as_str().to_string()));
            }
        }
    }
    let org = s.store.read(|c| regie_store::tenancy::find_organisation(c, input.organisation.trim()))?;
    if org.is_none() {
        e.push("organisatie", "Deze organisatie bestaat niet.");
    }
    let known: Vec<String> =
        s.store.read(regie_store::tenancy::list_municipalities)?.into_iter().map(|m| m.code).collect();
    if roles.iter().any(|(_, c)| !known.contains(c)) {
        e.push("gemeente", "Een van de gekozen gemeenten bestaat niet.");
    }
    e.into_result()?;
    let org = org.ok_or(ServiceError::NotFound)?;
    let hash = hash_password(s, &input.password)?;
    let now = s.clock.naive();
    let rec = admin_entry(s, actor, "user.create", ("user", username));
    let result = s.store.write(|c| {
        if regie_store::users::find_by_username(c, username)?.is_some() {
            return Ok(None);
        }
        let id = regie_store::users::insert(
            c,
            &regie_store::users::NewUser {
                username,
                display_name: input.display_name.trim(),
                email: input.email.trim(),
                organisation_id: org.id,
                team_id: None,
                password_hash: &hash,
                person_id: input.person_id.as_deref(),
                now,
            },
        )?;
        for (role, code) in &roles {
            regie_store::users::assign_role(c, id, role.code(), code)?;
        }
        regie_store::audit::append(c, &[rec])?;
        Ok(Some(id))
    })?;
    result.ok_or_else(|| ServiceError::field("gebruikersnaam", "Deze gebruikersnaam is al in gebruik."))
}

fn user_by_name(s: &Services, username: &str) -> ServiceResult<UserRow> {
    s.store.read(|c| regie_store::users::find_by_username(c, username.trim()))?.ok_or(ServiceError::NotFound)
}

/// Disables or re-enables an account; disabling ends its sessions at once.
pub fn set_disabled(s: &Services, actor: &Actor, username: &str, disabled: bool) -> ServiceResult<()> {
    require_admin(actor)?;
    let user = user_by_name(s, username)?;
    if actor.user_id == Some(user.id) && disabled {
        return Err(ServiceError::Conflict("U kunt uw eigen account niet blokkeren.".into()));
    }
    let action = if disabled { "user.disable" } else { "user.enable" };
    let rec = admin_entry(s, actor, action, ("user", &user.id.to_string()));
    s.store.write(|c| {
        regie_store::users::set_disabled(c, user.id, disabled)?;
        if disabled {
            regie_store::users::delete_sessions_of(c, user.id)?;
        } else {
            regie_store::users::reset_failed_logins(c, user.id)?;
        }
        regie_store::audit::append(c, &[rec])
    })?;
    s.access_changed();
    Ok(())
}

/// Removes a user's authenticator; the next login enrols a new one. Ends the user's sessions.
pub fn reset_second_factor(s: &Services, actor: &Actor, username: &str) -> ServiceResult<()> {
    require_admin(actor)?;
    let user = user_by_name(s, username)?;
    let rec = admin_entry(s, actor, "user.reset_2fa", ("user", &user.id.to_string()));
    s.store.write(|c| {
        regie_store::users::set_totp_secret(c, user.id, None)?;
        regie_store::users::delete_sessions_of(c, user.id)?;
        regie_store::audit::append(c, &[rec])
    })?;
    s.access_changed();
    Ok(())
}

pub struct UserSummary {
    pub user: UserRow,
    pub organisation: String,
    pub roles: Vec<(String, String)>,
}

pub fn list_users(s: &Services, actor: &Actor) -> ServiceResult<Vec<UserSummary>> {
    require_admin(actor)?;
    let users = s.store.read(regie_store::users::list_with_organisation)?;
    let mut out = Vec::with_capacity(users.len());
    for (user, organisation) in users {
        let roles = s.store.read(|c| regie_store::users::roles_of(c, user.id))?;
        out.push(UserSummary { user, organisation, roles });
    }
    Ok(out)
}

// ---- API tokens ----

/// Creates a token and returns it in plain text, once. Only its hash is stored.
pub fn create_token(
    s: &Services,
    actor: &Actor,
    name: &str,
    role: &str,
    municipalities: &[String],
    organisation: &str,
) -> ServiceResult<String> {
    require_admin(actor)?;
    let mut e = Errors::default();
    let name = name.trim();
    if name.is_empty() || name.len() > 100 {
        e.push("naam", "Geef het token een naam van 1 tot 100 tekens, bijvoorbeeld het systeem dat het gebruikt.");
    }
    let role = e.check("rol", Role::parse(role.trim()));
    if role == Some(Role::Inburgeraar) {
        e.push("rol", "Een API-token kan niet de rol inburgeraar hebben.");
    }
    let mut codes = Vec::new();
    for m in municipalities {
        if let Some(c) = e.check("gemeente", CbsCode::parse(m)) {
            codes.push(c.as_str().to_string());
        }
    }
    if municipalities.is_empty() {
        e.push("gemeente", "Kies ten minste één gemeente.");
    }
    let known: Vec<String> =
        s.store.read(regie_store::tenancy::list_municipalities)?.into_iter().map(|m| m.code).collect();
    if codes.iter().any(|c| !known.contains(c)) {
        e.push("gemeente", "Een van de gekozen gemeenten bestaat niet.");
    }
    let org = s.store.read(|c| regie_store::tenancy::find_organisation(c, organisation.trim()))?;
    if org.is_none() {
        e.push("organisatie", "Deze organisatie bestaat niet.");
    }
    e.into_result()?;
    let (Some(role), Some(org)) = (role, org) else {
        return Err(ServiceError::Internal("validated fields missing".into()));
    };
    codes.sort();
    codes.dedup();
    let token = format!("rg_{}", random_token());
    let now = s.clock.naive();
    let rec = admin_entry(s, actor, "token.create", ("api_token", name));
    s.store.write(|c| {
        regie_store::users::insert_token(c, name, &token_hash(&token), role.code(), org.id, &actor.label, &codes, now)?;
        regie_store::audit::append(c, &[rec])
    })?;
    Ok(token)
}

pub fn list_tokens(s: &Services, actor: &Actor) -> ServiceResult<Vec<(ApiTokenRow, Vec<String>)>> {
    require_admin(actor)?;
    s.store
        .read(|c| {
            let rows = regie_store::users::list_tokens(c)?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                let codes = regie_store::users::token_municipalities(c, r.id)?;
                out.push((r, codes));
            }
            Ok(out)
        })
        .map_err(Into::into)
}

pub fn revoke_token(s: &Services, actor: &Actor, id: i64) -> ServiceResult<()> {
    require_admin(actor)?;
    let now = s.clock.naive();
    let rec = admin_entry(s, actor, "token.revoke", ("api_token", &id.to_string()));
    let changed = s.store.write(|c| {
        let n = regie_store::users::revoke_token(c, id, now)?;
        if n > 0 {
            regie_store::audit::append(c, &[rec])?;
        }
        Ok(n)
    })?;
    s.access_changed();
    if changed == 0 {
        return Err(ServiceError::NotFound);
    }
    Ok(())
}

// ---- tenancy ----

pub struct Tenancy {
    pub region: String,
    pub municipalities: Vec<MunicipalityRow>,
    pub organisations: Vec<OrganisationRow>,
    pub mandates: Vec<MandateRow>,
    pub teams: Vec<TeamRow>,
}

pub fn tenancy(s: &Services, actor: &Actor) -> ServiceResult<Tenancy> {
    require_admin(actor)?;
    Ok(s.store.read(|c| {
        Ok(Tenancy {
            region: regie_store::tenancy::region_name(c)?.unwrap_or_default(),
            municipalities: regie_store::tenancy::list_municipalities(c)?,
            organisations: regie_store::tenancy::list_organisations(c)?,
            mandates: regie_store::tenancy::list_mandates(c)?,
            teams: regie_store::tenancy::list_teams(c)?,
        })
    })?)
}

/// The municipalities, for forms and pages of every role (names are not personal data).
pub fn municipalities(s: &Services) -> ServiceResult<Vec<MunicipalityRow>> {
    Ok(s.store.read(regie_store::tenancy::list_municipalities)?)
}

pub fn add_organisation(s: &Services, actor: &Actor, name: &str, kind: &str) -> ServiceResult<i64> {
    require_admin(actor)?;
    let name = name.trim();
    let mut e = Errors::default();
    if name.is_empty() || name.len() > 200 {
        e.push("naam", "Vul de naam van de organisatie in (hoogstens 200 tekens).");
    }
    if !ORGANISATION_KINDS.iter().any(|(k, _)| *k == kind) {
        e.push("soort", "Kies een soort organisatie uit de lijst.");
    }
    e.into_result()?;
    let rec = admin_entry(s, actor, "organisation.create", ("organisation", name));
    let id = s.store.write(|c| {
        if regie_store::tenancy::find_organisation(c, name)?.is_some() {
            return Ok(None);
        }
        let id = regie_store::tenancy::insert_organisation(c, name, kind)?;
        regie_store::audit::append(c, &[rec])?;
        Ok(Some(id))
    })?;
    id.ok_or_else(|| ServiceError::field("naam", "Er bestaat al een organisatie met deze naam."))
}

pub const ORGANISATION_KINDS: &[(&str, &str)] = &[
    ("uitvoeringsorganisatie", "Uitvoeringsorganisatie"),
    ("gemeente", "Gemeente"),
    ("coa", "COA"),
    ("aanbieder", "Aanbieder"),
    ("regio", "Regionale organisatie"),
    ("helpdesk", "Helpdesk"),
];

/// Gives an organisation a mandate for a municipality from a date, optionally until a date.
pub fn add_mandate(
    s: &Services,
    actor: &Actor,
    organisation: &str,
    municipality: &str,
    from: &str,
    to: &str,
) -> ServiceResult<i64> {
    require_admin(actor)?;
    let mut e = Errors::default();
    let org = s.store.read(|c| regie_store::tenancy::find_organisation(c, organisation.trim()))?;
    if org.is_none() {
        e.push("organisatie", "Deze organisatie bestaat niet.");
    }
    let code = e.check("gemeente", CbsCode::parse(municipality));
    let mun = match &code {
        Some(c) => s.store.read(|conn| regie_store::tenancy::get_municipality(conn, c.as_str()))?,
        None => None,
    };
    if code.is_some() && mun.is_none() {
        e.push("gemeente", "Deze gemeente bestaat niet.");
    }
    let from = parse_day(&mut e, "vanaf", from);
    let to = if to.trim().is_empty() { None } else { parse_day(&mut e, "tot", to) };
    if let (Some(f), Some(t)) = (from, to) {
        if t <= f {
            e.push("tot", "De einddatum ligt na de begindatum.");
        }
    }
    e.into_result()?;
    let (Some(org), Some(mun), Some(from)) = (org, mun, from) else {
        return Err(ServiceError::Internal("validated fields missing".into()));
    };
    let rec = admin_entry(s, actor, "mandate.create", ("mandate", &format!("{}:{}", org.id, mun.code)));
    Ok(s.store.write(|c| {
        let id = regie_store::tenancy::insert_mandate(c, org.id, &mun.code, from, to)?;
        regie_store::audit::append(c, &[rec])?;
        Ok(id)
    })?)
}

pub fn end_mandate(s: &Services, actor: &Actor, id: i64, to: &str) -> ServiceResult<()> {
    require_admin(actor)?;
    let mut e = Errors::default();
    let to = parse_day(&mut e, "tot", to);
    e.into_result()?;
    let to = to.ok_or(ServiceError::NotFound)?;
    let m = s.store.read(|c| regie_store::tenancy::get_mandate(c, id))?.ok_or(ServiceError::NotFound)?;
    if to <= m.valid_from {
        return Err(ServiceError::field("tot", "De einddatum ligt na de begindatum van het mandaat."));
    }
    if m.valid_to.is_some() {
        return Err(ServiceError::Conflict("Dit mandaat is al beëindigd.".into()));
    }
    let rec = admin_entry(s, actor, "mandate.end", ("mandate", &id.to_string()));
    s.store.write(|c| {
        regie_store::tenancy::end_mandate(c, id, to)?;
        regie_store::audit::append(c, &[rec])
    })?;
    Ok(())
}

fn parse_day(e: &mut Errors, field: &str, v: &str) -> Option<NaiveDate> {
    let v = v.trim();
    let parsed = NaiveDate::parse_from_str(v, "%d-%m-%Y").or_else(|_| NaiveDate::parse_from_str(v, "%Y-%m-%d"));
    match parsed {
        Ok(d) => Some(d),
        Err(_) => {
            e.push(field, "Vul een datum in als dd-mm-jjjj, bijvoorbeeld 01-01-2022.");
            None
        }
    }
}

/// Result of a merger: how many open cases moved.
pub struct MergerOutcome {
    pub moved: usize,
}

/// A herindeling: the `sources` cease to exist on `date`, `successor` (created when new)
/// takes over their open cases and their staff's role assignments. Each moved case keeps its
/// history (the old period ends, a new one begins), and the audit log names every person moved.
pub fn merge_municipalities(
    s: &Services,
    actor: &Actor,
    sources: &[String],
    successor_code: &str,
    successor_name: &str,
    date: &str,
) -> ServiceResult<MergerOutcome> {
    require_admin(actor)?;
    let mut e = Errors::default();
    let successor = e.check("opvolger", CbsCode::parse(successor_code));
    let date = parse_day(&mut e, "datum", date);
    let mut source_rows = Vec::new();
    for code in sources {
        match CbsCode::parse(code) {
            Ok(c) => match s.store.read(|conn| regie_store::tenancy::get_municipality(conn, c.as_str()))? {
                Some(m) => source_rows.push(m),
                None => e.push("gemeenten", "Een van de gekozen gemeenten bestaat niet."),
            },
            Err(err) => e.push("gemeenten", err.message),
        }
    }
    e.into_result()?;
    let (Some(successor), Some(date)) = (successor, date) else {
        return Err(ServiceError::Internal("validated fields missing".into()));
    };
    let existing = s.store.read(|c| regie_store::tenancy::get_municipality(c, successor.as_str()))?;
    if existing.is_none() && successor_name.trim().is_empty() {
        return Err(ServiceError::field("naam", "Vul de naam van de nieuwe gemeente in."));
    }
    let validity: Vec<(String, Validity)> =
        source_rows.iter().map(|m| (m.code.clone(), Validity { from: m.valid_from, to: m.valid_to })).collect();
    check_merger(&validity, successor.as_str(), date).map_err(|m| ServiceError::field("gemeenten", m))?;
    let now = s.clock.naive();
    let reason = format!("herindeling per {}", date.format("%d-%m-%Y"));
    let region_id = source_rows[0].region_id;
    let moved = s.store.write(|c| {
        if existing.is_none() {
            regie_store::tenancy::insert_municipality(c, successor.as_str(), successor_name.trim(), region_id, date)?;
        }
        let mut moved = 0;
        let mut records = Vec::new();
        for m in &source_rows {
            let ids = regie_store::persons::open_ids_in(c, &m.code)?;
            regie_store::persons::move_to(c, &ids, successor.as_str(), date, &reason, now)?;
            regie_store::tenancy::end_municipality(c, &m.code, date, successor.as_str())?;
            regie_store::users::copy_role_scope(c, &m.code, successor.as_str())?;
            moved += ids.len();
            let role = if actor.user_id.is_none() { "system" } else { "beheerder" };
            for chunk in ids.chunks(500) {
                records.push(entry(
                    s,
                    actor,
                    role,
                    "municipality.merge",
                    purpose::BEHEER,
                    chunk.to_vec(),
                    ("municipality", &format!("{}->{}", m.code, successor.as_str())),
                    "success",
                ));
            }
            if ids.is_empty() {
                records.push(entry(
                    s,
                    actor,
                    role,
                    "municipality.merge",
                    purpose::BEHEER,
                    vec![],
                    ("municipality", &format!("{}->{}", m.code, successor.as_str())),
                    "success",
                ));
            }
        }
        regie_store::audit::append(c, &records)?;
        Ok(moved)
    })?;
    s.access_changed();
    Ok(MergerOutcome { moved })
}

/// Gives an existing user a role for one or more municipalities.
pub fn assign_role(
    s: &Services,
    actor: &Actor,
    user_id: i64,
    role: &str,
    municipalities: &[String],
) -> ServiceResult<()> {
    require_admin(actor)?;
    let mut e = Errors::default();
    let role = e.check("rol", Role::parse(role.trim()));
    if municipalities.is_empty() {
        e.push("gemeente", "Kies ten minste één gemeente voor de rol.");
    }
    let known: Vec<String> =
        s.store.read(regie_store::tenancy::list_municipalities)?.into_iter().map(|m| m.code).collect();
    let mut codes = Vec::new();
    for m in municipalities {
        if let Some(c) = e.check("gemeente", CbsCode::parse(m)) {
            if known.iter().any(|k| k == c.as_str()) {
                codes.push(c.as_str().to_string());
            } else {
                e.push("gemeente", "Een van de gekozen gemeenten bestaat niet.");
            }
        }
    }
    e.into_result()?;
    let role = role.ok_or(ServiceError::NotFound)?;
    let user = s.store.read(|c| regie_store::users::get(c, user_id))?.ok_or(ServiceError::NotFound)?;
    let rec = admin_entry(s, actor, "user.role_assign", ("user", &user.id.to_string()));
    s.store.write(|c| {
        for code in &codes {
            regie_store::users::assign_role(c, user.id, role.code(), code)?;
        }
        regie_store::audit::append(c, &[rec])
    })?;
    s.access_changed();
    Ok(())
}

/// Takes one role assignment away from a user.
pub fn remove_role(s: &Services, actor: &Actor, user_id: i64, role: &str, municipality: &str) -> ServiceResult<()> {
    require_admin(actor)?;
    if actor.user_id == Some(user_id) && role == Role::Beheerder.code() {
        return Err(ServiceError::Conflict("U kunt uw eigen beheerdersrol niet intrekken.".into()));
    }
    let rec = admin_entry(s, actor, "user.role_remove", ("user", &user_id.to_string()));
    let removed = s.store.write(|c| {
        let n = regie_store::users::remove_role(c, user_id, role, municipality)?;
        if n > 0 {
            regie_store::audit::append(c, &[rec])?;
        }
        Ok(n)
    })?;
    s.access_changed();
    if removed == 0 {
        return Err(ServiceError::NotFound);
    }
    Ok(())
}
