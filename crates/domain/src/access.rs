//! Roles and what each may do. This is the rule table; the service crate's policy module
//! applies it to an acting user and a municipality scope. Nothing here knows about users.

use crate::Invalid;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Case worker: the dossiers of the persons in the assigned municipalities.
    Klantmanager,
    /// Team lead: as the case worker, plus checking and team overviews.
    Teamleider,
    /// COA case manager: persons still in the asylum centre.
    Coa,
    /// Finance: ontzorging payments; never health data.
    Financien,
    /// Policy advisor: aggregate figures only.
    Beleid,
    /// Helpdesk staff and volunteers: the helpdesk only.
    Helpdesk,
    /// Functional administrator: users, organisations, municipalities; no case content.
    Beheerder,
    /// Auditor / privacy officer: the audit log.
    Auditor,
    /// The newcomer: own data only.
    Inburgeraar,
}

/// Things a use case may require of the acting user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Permission {
    /// See, list and search persons of a municipality.
    ReadPersons,
    /// Register or change persons of a municipality.
    WritePersons,
    /// See the health fields of a dossier.
    ReadHealth,
    /// See aggregate figures (with small cells suppressed).
    ReadAggregates,
    /// Administer users, organisations, municipalities, mandates and tokens.
    Administer,
    /// Search and export the audit log.
    ReadAudit,
    /// Read one's own dossier as a newcomer.
    ReadOwnData,
    /// Take case decisions: route, PIP drafts, completion, withdrawal.
    DecideCase,
    /// Check and establish a PIP as a decision (four eyes).
    EstablishPip,
    /// Prepare and keep ontzorging plans: costs, creditors, machtiging, handover.
    ManageOntzorging,
    /// Draft, approve and export the monthly payment runs and see their reports.
    PaymentRuns,
    /// Assign, change or clear the case worker of any person of a municipality.
    AssignCaseWorker,
    /// Take an unassigned person of a municipality as one's own case ("zelf oppakken").
    TakeCase,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::Klantmanager,
        Role::Teamleider,
        Role::Coa,
        Role::Financien,
        Role::Beleid,
        Role::Helpdesk,
        Role::Beheerder,
        Role::Auditor,
        Role::Inburgeraar,
    ];

    /// The identifier used in the CLI, the API and the database.
    pub fn code(&self) -> &'static str {
        match self {
            Role::Klantmanager => "klantmanager",
            Role::Teamleider => "teamleider",
            Role::Coa => "coa",
            Role::Financien => "financien",
            Role::Beleid => "beleid",
            Role::Helpdesk => "helpdesk",
            Role::Beheerder => "beheerder",
            Role::Auditor => "auditor",
            Role::Inburgeraar => "inburgeraar",
        }
    }

    /// The name shown on Dutch staff screens.
    pub fn label(&self) -> &'static str {
        match self {
            Role::Klantmanager => "Klantmanager",
            Role::Teamleider => "Teamleider",
            Role::Coa => "COA-casemanager",
            Role::Financien => "Financiën",
            Role::Beleid => "Beleidsadviseur",
            Role::Helpdesk => "Helpdesk",
            Role::Beheerder => "Functioneel beheerder",
            Role::Auditor => "Auditor / privacy officer",
            Role::Inburgeraar => "Inburgeraar",
        }
    }

    pub fn parse(code: &str) -> Result<Role, Invalid> {
        Role::ALL
            .into_iter()
            .find(|r| r.code() == code)
            .ok_or(Invalid::new("Onbekende rol. Kies klantmanager, teamleider, coa, financien, beleid, helpdesk, beheerder, auditor of inburgeraar."))
    }

    pub fn grants(&self, p: Permission) -> bool {
        use Permission::*;
        use Role::*;
        match p {
            ReadPersons | WritePersons => matches!(self, Klantmanager | Teamleider | Coa),
            ReadHealth => matches!(self, Klantmanager | Teamleider),
            ReadAggregates => matches!(self, Beleid | Teamleider),
            Administer => matches!(self, Beheerder),
            ReadAudit => matches!(self, Auditor),
            ReadOwnData => matches!(self, Inburgeraar),
            DecideCase => matches!(self, Klantmanager | Teamleider),
            EstablishPip => matches!(self, Teamleider),
            ManageOntzorging => matches!(self, Klantmanager | Teamleider | Financien),
            PaymentRuns => matches!(self, Financien),
            AssignCaseWorker => matches!(self, Teamleider),
            TakeCase => matches!(self, Klantmanager),
        }
    }

    /// Roles that see personal data must log in with a second factor. Policy advisors see
    /// only aggregates with small cells suppressed, so a password suffices for them.
    pub fn requires_second_factor(&self) -> bool {
        !matches!(self, Role::Beleid)
    }
}

/// How the acting user relates to the municipality of a person whose case worker changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Assigner {
    /// Holds [`Permission::AssignCaseWorker`] there: may assign anyone eligible, or no one.
    TeamLead,
    /// Holds only [`Permission::TakeCase`] there, as the user with this id.
    CaseWorker(i64),
}

/// Why a change of case worker is refused; the caller maps each to its error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssignRefused {
    /// The user may not make this change at all (another person's case worker, or none).
    NotAllowed,
    /// The person already has another case worker: only a team lead can hand the case over.
    AlreadyAssigned,
}

/// Whether `who` may change a person's case worker from `current` to `new` (`None`: no case
/// worker). A team lead may make any change; a case worker may only take an unassigned person
/// as their own. Asking for what is already the case is allowed to whoever could have made it,
/// so that repeating a request is harmless. Whether `new` is an eligible case worker is checked
/// by the caller, against the stored roles.
pub fn case_worker_change(who: Assigner, current: Option<i64>, new: Option<i64>) -> Result<(), AssignRefused> {
    match who {
        Assigner::TeamLead => Ok(()),
        Assigner::CaseWorker(me) if new != Some(me) => Err(AssignRefused::NotAllowed),
        Assigner::CaseWorker(me) => match current {
            None => Ok(()),
            Some(c) if c == me => Ok(()),
            Some(_) => Err(AssignRefused::AlreadyAssigned),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_team_lead_assigns_anyone_and_a_case_worker_only_takes_free_cases_for_themselves() {
        use AssignRefused::*;
        let lead = Assigner::TeamLead;
        assert_eq!(case_worker_change(lead, Some(1), Some(2)), Ok(()));
        assert_eq!(case_worker_change(lead, Some(1), None), Ok(()));
        let me = Assigner::CaseWorker(7);
        assert_eq!(case_worker_change(me, None, Some(7)), Ok(()));
        assert_eq!(case_worker_change(me, Some(7), Some(7)), Ok(()), "repeating is harmless");
        assert_eq!(case_worker_change(me, Some(3), Some(7)), Err(AlreadyAssigned));
        assert_eq!(case_worker_change(me, None, Some(8)), Err(NotAllowed));
        assert_eq!(case_worker_change(me, Some(7), None), Err(NotAllowed));
        assert_eq!(case_worker_change(me, Some(8), Some(8)), Err(NotAllowed));
        for r in Role::ALL {
            assert_eq!(r.grants(Permission::AssignCaseWorker), r == Role::Teamleider, "{r:?}");
            assert_eq!(r.grants(Permission::TakeCase), r == Role::Klantmanager, "{r:?}");
        }
    }

    #[test]
    fn codes_roundtrip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()).unwrap(), r);
        }
        assert!(Role::parse("admin").is_err());
    }

    #[test]
    fn health_data_only_for_case_workers() {
        for r in Role::ALL {
            let expected = matches!(r, Role::Klantmanager | Role::Teamleider);
            assert_eq!(r.grants(Permission::ReadHealth), expected, "{r:?}");
        }
    }

    #[test]
    fn administrators_and_policy_see_no_case_content() {
        for r in [Role::Beheerder, Role::Beleid, Role::Helpdesk, Role::Financien, Role::Auditor] {
            assert!(!r.grants(Permission::ReadPersons), "{r:?}");
        }
    }
}
