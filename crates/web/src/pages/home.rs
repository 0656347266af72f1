//! The home page: what the signed-in user can do, and the open cases they are responsible for.

use crate::extract::User;
use crate::view::{render, Chrome};
use crate::{blocking, AppError, AppState};
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use regie_service::Permission;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    counts: Vec<(String, String)>,
    counts_title: &'static str,
    suppressed: bool,
    min_cell: i64,
    cards: Vec<(&'static str, &'static str, &'static str)>,
    /// Overdue and due-soon counts of the user's own cases, for roles with a worklist.
    has_signals: bool,
    overdue: i64,
    due_soon: i64,
}

pub async fn home(State(state): State<AppState>, user: User) -> Result<Html<String>, AppError> {
    let services = state.services.clone();
    let actor = user.actor.clone();
    let counts = blocking(move || Ok(regie_service::persons::open_counts(&services, &actor)?)).await?;
    let (services, actor) = (state.services.clone(), user.actor.clone());
    let signals = blocking(move || Ok(regie_service::cases::worklist::counts(&services, &actor)?)).await?;
    let a = &user.actor;
    let mut cards = Vec::new();
    if a.can(Permission::ReadPersons) {
        cards.push(("/werkvoorraad", "Werkvoorraad", "Uw lopende zaken, de meest dringende termijn eerst."));
    }
    if a.can(Permission::WritePersons) {
        cards.push((
            "/koppelingen/nieuw",
            "Koppelingen",
            "Leg een koppeling van COA vast of lees een koppelingsbestand in.",
        ));
    }
    if a.can(Permission::ReadPersons) {
        cards.push((
            "/personen",
            "Personen",
            "Zoek een persoon op naam, BSN of V-nummer, of registreer een nieuwe persoon.",
        ));
    }
    if a.can(Permission::ManageOntzorging) {
        cards.push((
            "/ontzorging",
            "Ontzorgen",
            "Plannen waarin de gemeente de vaste lasten betaalt uit de uitkering: vaste lasten, machtiging en signalen.",
        ));
    }
    if a.can(Permission::PaymentRuns) {
        cards.push((
            "/betaalruns",
            "Betaalruns",
            "Stel de betaalrun van de maand op, keur die van een collega goed en download het SEPA-bestand.",
        ));
    }
    if a.can(Permission::Administer) {
        cards.push(("/beheer", "Beheer", "Gebruikers, rollen, organisaties, gemeenten, mandaten en API-tokens."));
    }
    if a.can(Permission::ReadAudit) {
        cards.push((
            "/audit",
            "Auditlog",
            "Zoek wie welke persoonsgegevens heeft gezien of gewijzigd, en exporteer het resultaat.",
        ));
    }
    let page = HomePage {
        chrome: Chrome::for_user("Start", a, &user.csrf, "/"),
        counts: counts
            .rows
            .into_iter()
            .map(|(name, n)| {
                (name, n.map(|v| v.to_string()).unwrap_or_else(|| format!("< {}", state.services.config.min_cell_size)))
            })
            .collect(),
        counts_title: if a.can(Permission::ReadPersons) {
            "Lopende trajecten in uw gemeenten"
        } else {
            "Lopende trajecten per gemeente"
        },
        suppressed: counts.suppressed,
        min_cell: state.services.config.min_cell_size,
        cards,
        has_signals: signals.is_some(),
        overdue: signals.map(|s| s.0).unwrap_or(0),
        due_soon: signals.map(|s| s.1).unwrap_or(0),
    };
    render(&page)
}
