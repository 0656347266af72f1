//! The router. Routes are registered through [`Registry`], which also records each
//! method and path, so that the authorisation matrix test can walk every route and fail
//! when a route has no expectation.

use crate::{api, ops, pages, security, AppError, AppState};
use axum::extract::DefaultBodyLimit;
use axum::http::{header, Method, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;

/// A registered route: method and path pattern as given to the router.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteInfo {
    pub method: Method,
    pub path: &'static str,
}

struct Registry {
    router: Router<AppState>,
    routes: Vec<RouteInfo>,
}

impl Registry {
    fn add(mut self, method: Method, path: &'static str, handler: MethodRouter<AppState>) -> Self {
        self.routes.push(RouteInfo { method, path });
        self.router = self.router.route(path, handler);
        self
    }
    fn get<H, T>(self, path: &'static str, h: H) -> Self
    where
        H: axum::handler::Handler<T, AppState>,
        T: 'static,
    {
        self.add(Method::GET, path, get(h))
    }
    fn post<H, T>(self, path: &'static str, h: H) -> Self
    where
        H: axum::handler::Handler<T, AppState>,
        T: 'static,
    {
        self.add(Method::POST, path, post(h))
    }
    fn put<H, T>(self, path: &'static str, h: H) -> Self
    where
        H: axum::handler::Handler<T, AppState>,
        T: 'static,
    {
        self.add(Method::PUT, path, axum::routing::put(h))
    }
    fn get_post<H1, T1, H2, T2>(mut self, path: &'static str, g: H1, p: H2) -> Self
    where
        H1: axum::handler::Handler<T1, AppState>,
        T1: 'static,
        H2: axum::handler::Handler<T2, AppState>,
        T2: 'static,
    {
        self.routes.push(RouteInfo { method: Method::GET, path });
        self.routes.push(RouteInfo { method: Method::POST, path });
        self.router = self.router.route(path, get(g).post(p));
        self
    }
}

fn registry() -> Registry {
    Registry { router: Router::new(), routes: vec![] }
        // operations
        .get("/healthz", ops::healthz)
        .get("/readyz", ops::readyz)
        .get("/metrics", ops::metrics_text)
        .get("/static/regie.css", stylesheet)
        // signing in
        .get_post("/inloggen", pages::auth::login_form, pages::auth::login_submit)
        .get_post("/inloggen/instellen", pages::auth::enrol_form, pages::auth::enrol_submit)
        .get_post("/inloggen/code", pages::auth::verify_form, pages::auth::verify_submit)
        .post("/uitloggen", pages::auth::logout)
        // staff screens
        .get("/", pages::home::home)
        .get_post("/personen", pages::persons::list, pages::persons::create)
        .get("/personen/nieuw", pages::persons::new_form)
        .post("/personen/zoeken", pages::persons::search)
        .get("/beheer", pages::admin::index)
        .get_post("/beheer/gebruikers", pages::admin::users, pages::admin::add_user)
        .post("/beheer/gebruikers/{id}/blokkeren", pages::admin::disable_user)
        .post("/beheer/gebruikers/{id}/deblokkeren", pages::admin::enable_user)
        .post("/beheer/gebruikers/{id}/tweestap-herstellen", pages::admin::reset_2fa)
        .post("/beheer/gebruikers/{id}/rollen", pages::admin::assign_role)
        .post("/beheer/gebruikers/{id}/rollen/intrekken", pages::admin::remove_role)
        .get_post("/beheer/organisaties", pages::admin::organisations, pages::admin::add_organisation)
        .get("/beheer/gemeenten", pages::admin::municipalities)
        .post("/beheer/gemeenten/herindeling", pages::admin::merge)
        .get_post("/beheer/mandaten", pages::admin::mandates, pages::admin::add_mandate)
        .post("/beheer/mandaten/{id}/beeindigen", pages::admin::end_mandate)
        .get_post("/beheer/tokens", pages::admin::tokens, pages::admin::create_token)
        .post("/beheer/tokens/{id}/intrekken", pages::admin::revoke_token)
        .get("/audit", pages::audit::search)
        .get("/audit/export.csv", pages::audit::export)
        // case management screens
        .get("/werkvoorraad", pages::worklist::own)
        .get("/werkvoorraad/team", pages::worklist::team)
        .get("/personen/{id}", pages::dossier::show)
        .post("/personen/{id}/klantmanager", pages::dossier::assign_case_worker)
        .post("/personen/{id}/gegevens", pages::dossier::update_facts)
        .post("/personen/{id}/notities", pages::dossier::add_note)
        .post("/personen/{id}/verlengingen", pages::dossier::add_verlenging)
        .post("/personen/{id}/intrekken", pages::dossier::withdraw)
        .post("/personen/{id}/afronden", pages::dossier::complete)
        // dossier parts: documents, consents, referrals. A document may be up to 5 MB, more
        // than the general body limit (base64 in the API makes it a third larger).
        .post(
            "/personen/{id}/documenten",
            axum::handler::Handler::layer(
                pages::dossier_parts::upload_document,
                DefaultBodyLimit::max(6 * 1024 * 1024),
            ),
        )
        .get("/personen/{id}/documenten/{doc}", pages::dossier_parts::document)
        .post("/personen/{id}/documenten/{doc}/intrekken", pages::dossier_parts::withdraw_document)
        .post("/personen/{id}/toestemmingen", pages::dossier_parts::give_consent)
        .post("/personen/{id}/namen", pages::dossier_parts::add_name)
        .post("/personen/{id}/namen/{name}/intrekken", pages::dossier_parts::withdraw_name)
        .post("/personen/{id}/nareizigers", pages::dossier_parts::add_nareiziger)
        .post("/personen/{id}/nareizigers/{nareiziger}/stand", pages::dossier_parts::nareiziger_status)
        .post("/personen/{id}/nareizigers/{nareiziger}/dossier", pages::dossier_parts::link_nareiziger)
        .post("/personen/{id}/toestemmingen/{consent}/intrekken", pages::dossier_parts::withdraw_consent)
        .post("/personen/{id}/verwijzingen", pages::dossier_parts::create_referral)
        .post("/personen/{id}/verwijzingen/{referral}/uitkomst", pages::dossier_parts::record_outcome)
        .post("/personen/{id}/examens", pages::progress::record_attempt)
        .post("/personen/{id}/uren", pages::progress::record_hours)
        .post("/personen/{id}/participatie", pages::progress::record_participation)
        .post("/personen/{id}/uren/{report}/intrekken", pages::progress::withdraw_hours)
        .post("/personen/{id}/participatie/{row}/intrekken", pages::progress::withdraw_participation)
        .post("/personen/{id}/tussentoetsen", pages::progress::record_interim_test)
        .post("/personen/{id}/eindgesprek-map", pages::progress::record_map_interview)
        .post("/personen/{id}/participatieverklaring", pages::progress::record_pvt_signing)
        .get_post("/personen/{id}/dubbel/{other}", pages::dossier::review_duplicate, pages::dossier::merge_duplicate)
        .get_post("/personen/{id}/intake", pages::intake::show, pages::intake::save)
        .post("/personen/{id}/intake/afronden", pages::intake::complete)
        .get_post("/personen/{id}/route", pages::route::show, pages::route::decide)
        .get_post("/personen/{id}/pip", pages::pip::list, pages::pip::draft)
        .get_post("/pips/{id}", pages::pip::show, pages::pip::update)
        .post("/pips/{id}/indienen", pages::pip::submit)
        .post("/pips/{id}/terugzetten", pages::pip::return_to_draft)
        .post("/pips/{id}/vaststellen", pages::pip::establish)
        .post("/pips/{id}/vervallen", pages::pip::discard)
        .post("/pips/{id}/bezwaar", pages::pip::register_objection)
        .post("/pips/{id}/bezwaar/{objection_id}/beslissen", pages::pip::decide_objection)
        .get_post("/koppelingen/nieuw", pages::koppeling::new_form, pages::koppeling::create)
        .get_post("/koppelingen/import", pages::koppeling::import_form, pages::koppeling::import)
        .get_post("/urenopgaven/import", pages::hour_import::import_form, pages::hour_import::import)
        // ontzorging screens (begin)
        .get("/ontzorging", pages::ontzorging::list)
        .get_post("/ontzorging/nieuw", pages::ontzorging::new_form, pages::ontzorging::create)
        .get("/ontzorging/rapportage", pages::payment_runs::report)
        .get("/ontzorging/rapportage.csv", pages::payment_runs::report_csv)
        .get("/ontzorging/rapportage.xlsx", pages::payment_runs::report_xlsx)
        .get("/ontzorging/{id}", pages::ontzorging::show)
        .post("/ontzorging/{id}/gegevens", pages::ontzorging::update_details)
        // A scanned machtiging may be up to 5 MB, more than the general body limit.
        .post(
            "/ontzorging/{id}/machtiging",
            axum::handler::Handler::layer(pages::ontzorging::record_machtiging, DefaultBodyLimit::max(6 * 1024 * 1024)),
        )
        .get("/ontzorging/{id}/documenten/{doc}", pages::ontzorging::document)
        .post("/ontzorging/{id}/activeren", pages::ontzorging::activate)
        .post("/ontzorging/{id}/vaste-lasten", pages::ontzorging::add_cost)
        .post("/ontzorging/{id}/vaste-lasten/{cost}/wijzigen", pages::ontzorging::change_cost)
        .post("/ontzorging/{id}/vaste-lasten/{cost}/beeindigen", pages::ontzorging::end_cost)
        .post("/ontzorging/{id}/volgorde", pages::ontzorging::decide_order)
        .post("/ontzorging/{id}/overdracht", pages::ontzorging::plan_handover)
        .post("/ontzorging/{id}/stoppen", pages::ontzorging::stop)
        .post("/ontzorging/{id}/afsluiten", pages::ontzorging::close)
        .get_post("/betaalruns", pages::payment_runs::list, pages::payment_runs::draft)
        .get("/betaalruns/{id}", pages::payment_runs::show)
        .post("/betaalruns/{id}/goedkeuren", pages::payment_runs::approve)
        .post("/betaalruns/{id}/afwijzen", pages::payment_runs::reject)
        .get("/betaalruns/{id}/sepa.xml", pages::payment_runs::sepa)
        .post("/betaalruns/{id}/regels/{line}/storno", pages::payment_runs::reverse_line)
        .get("/beheer/ontzorging", pages::ontzorging_admin::show)
        .post("/beheer/ontzorging/normen", pages::ontzorging_admin::put_norm)
        .post("/beheer/ontzorging/kostensoorten", pages::ontzorging_admin::add_cost_type)
        .post("/beheer/ontzorging/kostensoorten/{code}/actief", pages::ontzorging_admin::set_cost_type_active)
        .post("/beheer/ontzorging/rekeningen", pages::ontzorging_admin::put_payer_account)
        // ontzorging screens (end)
        // API
        .get("/api/v1/openapi.json", api::openapi::document)
        .get_post("/api/v1/persons", api::persons::list, api::persons::create)
        .get("/api/v1/persons/{id}", api::persons::get)
        .post("/api/v1/persons/_zoek", api::persons::search)
        .put("/api/v1/persons/{id}/case-worker", api::persons::assign_case_worker)
        .get("/api/v1/persons/{id}/household", api::persons::household)
        // case management API
        .post("/api/v1/koppelingen", api::cases::create_koppeling)
        .post("/api/v1/duo-signals", api::cases::duo_signal)
        .post("/api/v1/persons/{id}/intake", api::cases::save_intake)
        .post("/api/v1/persons/{id}/intake/completion", api::cases::complete_intake)
        .get("/api/v1/persons/{id}/route-advice", api::cases::route_advice)
        .post("/api/v1/persons/{id}/route-decisions", api::cases::decide_route)
        .get_post("/api/v1/persons/{id}/pips", api::cases::list_pips, api::cases::draft_pip)
        .get("/api/v1/pips/{id}", api::cases::get_pip)
        .post("/api/v1/pips/{id}/submission", api::cases::submit_pip)
        .post("/api/v1/pips/{id}/establishment", api::cases::establish_pip)
        .get("/api/v1/pips/{id}/document", api::cases::pip_document)
        .get("/api/v1/worklist", api::cases::worklist)
        .get("/api/v1/persons/{id}/duplicates", api::cases::duplicates)
        .post("/api/v1/persons/{id}/merges", api::cases::merge)
        // dossier parts API
        .get_post(
            "/api/v1/persons/{id}/documents",
            api::dossier::list_documents,
            axum::handler::Handler::layer(api::dossier::upload_document, DefaultBodyLimit::max(8 * 1024 * 1024)),
        )
        .get("/api/v1/persons/{id}/documents/{documentId}", api::dossier::download_document)
        .post("/api/v1/persons/{id}/documents/{documentId}/withdrawal", api::dossier::withdraw_document)
        .get_post("/api/v1/persons/{id}/consents", api::dossier::list_consents, api::dossier::give_consent)
        .post("/api/v1/persons/{id}/consents/{consentId}/withdrawal", api::dossier::withdraw_consent)
        .get_post("/api/v1/persons/{id}/referrals", api::dossier::list_referrals, api::dossier::create_referral)
        .post("/api/v1/persons/{id}/referrals/{referralId}/outcome", api::dossier::record_outcome)
        // progress API
        .get_post(
            "/api/v1/persons/{id}/exam-attempts",
            api::progress::list_exam_attempts,
            api::progress::record_exam_attempt,
        )
        .post("/api/v1/hour-report-imports", api::progress::import_hour_reports)
        .get_post("/api/v1/persons/{id}/names", api::names::list_names, api::names::add_name)
        .post("/api/v1/persons/{id}/names/{nameId}/withdrawal", api::names::withdraw_name)
        .get_post("/api/v1/persons/{id}/nareizigers", api::names::list_nareizigers, api::names::add_nareiziger)
        .post("/api/v1/persons/{id}/nareizigers/{nareizigerId}/status", api::names::nareiziger_status)
        .post("/api/v1/persons/{id}/nareizigers/{nareizigerId}/person", api::names::link_nareiziger)
        .get_post(
            "/api/v1/persons/{id}/hour-reports",
            api::progress::list_hour_reports,
            api::progress::record_hour_report,
        )
        .get_post(
            "/api/v1/persons/{id}/participations",
            api::progress::list_participations,
            api::progress::record_participation,
        )
        .post("/api/v1/persons/{id}/participations/{participationId}/withdrawal", api::progress::withdraw_participation)
        .post("/api/v1/persons/{id}/hour-reports/{reportId}/withdrawal", api::progress::withdraw_hour_report)
        .get_post(
            "/api/v1/persons/{id}/interim-tests",
            api::progress::list_interim_tests,
            api::progress::record_interim_test,
        )
        .get_post(
            "/api/v1/persons/{id}/map-final-interview",
            api::progress::map_final_interview,
            api::progress::record_map_final_interview,
        )
        .get_post("/api/v1/persons/{id}/pvt-signing", api::progress::pvt_signing, api::progress::record_pvt_signing)
        // ontzorging API
        .get_post("/api/v1/ontzorging-plans", api::ontzorging::list_plans, api::ontzorging::create_plan)
        .get("/api/v1/ontzorging-plans/{id}", api::ontzorging::get_plan)
        .post("/api/v1/ontzorging-plans/{id}/costs", api::ontzorging::add_cost)
        .post("/api/v1/ontzorging-plans/{id}/machtiging", api::ontzorging::record_machtiging)
        .post("/api/v1/ontzorging-plans/{id}/activation", api::ontzorging::activate)
        .post("/api/v1/ontzorging-plans/{id}/priority-order", api::ontzorging::decide_order)
        .post("/api/v1/ontzorging-plans/{id}/details", api::ontzorging::update_details)
        .post("/api/v1/ontzorging-plans/{id}/costs/{costId}/changes", api::ontzorging::change_cost)
        .post("/api/v1/ontzorging-plans/{id}/costs/{costId}/termination", api::ontzorging::end_cost)
        .post("/api/v1/ontzorging-plans/{id}/handover", api::ontzorging::plan_handover)
        .post("/api/v1/ontzorging-plans/{id}/termination", api::ontzorging::stop_plan)
        .post("/api/v1/ontzorging-plans/{id}/closure", api::ontzorging::close_plan)
        .get_post("/api/v1/payment-runs", api::ontzorging::list_runs, api::ontzorging::draft_run)
        .get("/api/v1/payment-runs/{id}", api::ontzorging::get_run)
        .post("/api/v1/payment-runs/{id}/approval", api::ontzorging::approve_run)
        .post("/api/v1/payment-runs/{id}/rejection", api::ontzorging::reject_run)
        .get("/api/v1/payment-runs/{id}/sepa", api::ontzorging::sepa)
        .post("/api/v1/payment-runs/{id}/lines/{lineId}/reversal", api::ontzorging::reverse_line)
        .get("/api/v1/ontzorging-reports", api::ontzorging::report)
}

/// Every route of the application, for the authorisation matrix test.
pub fn route_list() -> Vec<RouteInfo> {
    registry().routes
}

/// The whole application with its middleware.
pub fn router(state: AppState) -> Router {
    let limit = state.config.body_limit;
    registry()
        .router
        .fallback(not_found)
        .layer(axum::middleware::from_fn(ops::track))
        .layer(DefaultBodyLimit::max(limit))
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        .layer(CatchPanicLayer::custom(|_| AppError::Internal("handler panicked".into()).into_response()))
        .layer(axum::middleware::from_fn(security::headers))
        .with_state(state)
}

async fn not_found(uri: Uri) -> Response {
    let e = AppError::Service(regie_service::ServiceError::NotFound);
    if uri.path().starts_with("/api/") {
        e.api().into_response()
    } else {
        e.into_response()
    }
}

async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../static/regie.css"),
    )
        .into_response()
}
