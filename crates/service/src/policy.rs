//! Authorisation in one place. Every use case asks this module what the acting user may do
//! and with which municipalities; every query of personal data receives that scope.
//! A record outside the scope is reported as not found, never as forbidden, so that its
//! existence does not leak.

use crate::{ServiceError, ServiceResult};
use regie_domain::{Permission, Role};
use std::collections::BTreeMap;

/// Who is acting: a logged-in user or an API token, with the roles it holds and, per role,
/// the municipalities (CBS codes) it holds them for.
#[derive(Clone, Debug)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub token_id: Option<i64>,
    /// Shown in the audit log: the username, or `token:<name>`.
    pub label: String,
    pub display_name: String,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub roles: BTreeMap<Role, Vec<String>>,
    /// The newcomer's own person id, for the `inburgeraar` role.
    pub person_id: Option<String>,
    /// Correlates the audit record with the request log.
    pub request_id: String,
}

impl Actor {
    /// The system itself (CLI maintenance, the demo seeder, scheduled jobs).
    pub fn system(what: &str) -> Actor {
        Actor {
            user_id: None,
            token_id: None,
            label: format!("system:{what}"),
            display_name: "Systeem".into(),
            organisation_id: 0,
            organisation_name: "systeem".into(),
            roles: BTreeMap::new(),
            person_id: None,
            request_id: String::new(),
        }
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains_key(&role)
    }

    pub fn can(&self, p: Permission) -> bool {
        self.roles.keys().any(|r| r.grants(p))
    }

    /// The municipalities for which this actor holds a role granting `p`. Empty means none.
    pub fn scope(&self, p: Permission) -> Vec<String> {
        let mut out: Vec<String> =
            self.roles.iter().filter(|(r, _)| r.grants(p)).flat_map(|(_, codes)| codes.iter().cloned()).collect();
        out.sort();
        out.dedup();
        out
    }

    /// The scope for `p`, or Forbidden when the actor has no role granting it at all.
    pub fn require_scope(&self, p: Permission) -> ServiceResult<Vec<String>> {
        let scope = self.scope(p);
        if scope.is_empty() {
            return Err(ServiceError::Forbidden);
        }
        Ok(scope)
    }

    pub fn require(&self, p: Permission) -> ServiceResult<()> {
        if self.can(p) {
            Ok(())
        } else {
            Err(ServiceError::Forbidden)
        }
    }

    /// The role through which the actor exercises `p`, for the audit log.
    pub fn role_for(&self, p: Permission) -> &'static str {
        self.roles.keys().find(|r| r.grants(p)).map(|r| r.code()).unwrap_or("system")
    }

    /// Whether a second factor is needed before this actor may do anything.
    pub fn needs_second_factor(&self) -> bool {
        self.roles.keys().any(|r| r.requires_second_factor())
    }

    /// Whether the actor reaches this municipality's persons only as a COA case manager, who
    /// may work with a person only during the AZC phase (until the case records housing).
    pub fn azc_phase_only_in(&self, municipality: &str) -> bool {
        let holds = |role: Role| self.roles.get(&role).is_some_and(|codes| codes.iter().any(|c| c == municipality));
        holds(Role::Coa) && !holds(Role::Klantmanager) && !holds(Role::Teamleider)
    }

    /// Roles in a stable order, for navigation.
    pub fn role_list(&self) -> Vec<Role> {
        self.roles.keys().copied().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(roles: &[(Role, &[&str])]) -> Actor {
        let mut a = Actor::system("t");
        for (r, codes) in roles {
            a.roles.insert(*r, codes.iter().map(|c| c.to_string()).collect());
        }
        a
    }

    #[test]
    fn scope_is_the_union_of_granting_roles() {
        let a = actor(&[(Role::Klantmanager, &["GM0399"]), (Role::Coa, &["GM0361"]), (Role::Beleid, &["GM0373"])]);
        assert_eq!(a.scope(Permission::ReadPersons), vec!["GM0361".to_string(), "GM0399".to_string()]);
        assert_eq!(a.scope(Permission::ReadHealth), vec!["GM0399".to_string()]);
        assert!(a.require_scope(Permission::Administer).is_err());
    }
}
