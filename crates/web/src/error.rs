//! One error type for every handler. It decides the status code and what the user sees:
//! a Dutch page for people, problem+json for the API. Internal detail goes to the log with
//! a reference; the user sees only the reference.

use crate::view;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use regie_service::{FieldError, ServiceError};

#[derive(Debug)]
pub enum AppError {
    Service(ServiceError),
    /// The browser must log in (pages redirect, the API answers 401).
    LoginRequired,
    /// The second factor is still open: go there.
    Redirect(String),
    Csrf,
    BadRequest(String),
    PayloadTooLarge,
    UnsupportedMediaType,
    Internal(String),
    /// An error on an API route: rendered as problem+json.
    Api(Box<AppError>),
}

impl From<ServiceError> for AppError {
    fn from(e: ServiceError) -> Self {
        AppError::Service(e)
    }
}

impl AppError {
    pub fn api(self) -> AppError {
        match self {
            AppError::Api(_) => self,
            other => AppError::Api(Box::new(other)),
        }
    }

    /// Status, Dutch title, Dutch detail and field errors.
    fn parts(&self) -> (StatusCode, &'static str, String, Vec<FieldError>) {
        match self {
            AppError::Service(ServiceError::NotFound) => (
                StatusCode::NOT_FOUND,
                "Niet gevonden",
                "Deze pagina of dit gegeven bestaat niet, of u heeft er geen toegang toe.".into(),
                vec![],
            ),
            AppError::Service(ServiceError::Forbidden) => (
                StatusCode::FORBIDDEN,
                "Geen toegang",
                "Uw rol geeft geen toegang tot dit onderdeel.".into(),
                vec![],
            ),
            AppError::Service(ServiceError::Unauthenticated) | AppError::LoginRequired => (
                StatusCode::UNAUTHORIZED,
                "Niet ingelogd",
                "Log in om verder te gaan. Een sessie verloopt na een halfuur zonder activiteit.".into(),
                vec![],
            ),
            AppError::Service(ServiceError::Invalid(fields)) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "Ongeldige invoer",
                "Niet alle gegevens zijn juist ingevuld. Er is niets gewijzigd.".into(),
                fields.clone(),
            ),
            AppError::Service(ServiceError::Conflict(m)) => (StatusCode::CONFLICT, "Conflict", m.clone(), vec![]),
            AppError::Service(ServiceError::PreconditionFailed) => (
                StatusCode::PRECONDITION_FAILED,
                "Gewijzigd door een ander",
                "Dit gegeven is intussen gewijzigd. Haal het opnieuw op en probeer het nog eens.".into(),
                vec![],
            ),
            AppError::Service(ServiceError::TooManyAttempts) => (
                StatusCode::TOO_MANY_REQUESTS,
                "Te veel pogingen",
                "Er zijn te veel pogingen gedaan. Wacht een minuut en probeer het opnieuw.".into(),
                vec![],
            ),
            AppError::Service(ServiceError::AuditUnavailable) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "Tijdelijk niet beschikbaar",
                "Het verwerkingenlog kan op dit moment niet vastleggen dat u deze gegevens inziet. Daarom worden ze nu niet getoond. Probeer het over een minuut opnieuw; blijft het misgaan, meld het dan aan de functioneel beheerder.".into(),
                vec![],
            ),
            AppError::Csrf => (
                StatusCode::FORBIDDEN,
                "Formulier verlopen",
                "Het formulier was verlopen of kwam niet van Regie. Er is niets gewijzigd. Ga terug, laad de pagina opnieuw en probeer het nog eens.".into(),
                vec![],
            ),
            AppError::BadRequest(m) => (StatusCode::BAD_REQUEST, "Onjuist verzoek", m.clone(), vec![]),
            AppError::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "Te groot",
                "Het verzoek is groter dan toegestaan. Er is niets gewijzigd.".into(),
                vec![],
            ),
            AppError::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Verkeerd formaat",
                "Stuur de gegevens als application/json.".into(),
                vec![],
            ),
            AppError::Redirect(_) => (StatusCode::SEE_OTHER, "Doorverwijzing", String::new(), vec![]),
            AppError::Service(ServiceError::Internal(_)) | AppError::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Er ging iets mis",
                "Er ging aan onze kant iets mis. Probeer het later opnieuw; blijft het misgaan, geef dan de foutcode door aan de functioneel beheerder.".into(),
                vec![],
            ),
            AppError::Api(inner) => {
                // The API answers every kind of invalid input with 400 and invalidParams,
                // as the NL API Design Rules ask; screens keep 422 for a form with mistakes.
                let (status, title, detail, fields) = inner.parts();
                let status = if status == StatusCode::UNPROCESSABLE_ENTITY { StatusCode::BAD_REQUEST } else { status };
                (status, title, detail, fields)
            }
        }
    }

    fn log_reference(&self) -> Option<String> {
        let detail = match self {
            AppError::Internal(d) | AppError::Service(ServiceError::Internal(d)) => d,
            AppError::Api(inner) => return inner.log_reference(),
            _ => return None,
        };
        let reference = uuid::Uuid::new_v4().simple().to_string()[..12].to_string();
        tracing::error!(reference = %reference, error = %detail, "internal error");
        Some(reference)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Redirect(to) = &self {
            return (StatusCode::SEE_OTHER, [(header::LOCATION, to.clone())]).into_response();
        }
        let reference = self.log_reference();
        let (status, title, mut detail, fields) = self.parts();
        if let Some(r) = &reference {
            detail = format!("{detail} Foutcode: {r}.");
        }
        match self {
            AppError::Api(_) => {
                let mut body = serde_json::json!({
                    "type": format!("https://regie.example/problemen/{}", status.as_u16()),
                    "title": title,
                    "status": status.as_u16(),
                    "detail": detail,
                });
                if !fields.is_empty() {
                    body["invalidParams"] =
                        fields.iter().map(|f| serde_json::json!({"name": f.field, "reason": f.message})).collect();
                }
                let mut resp =
                    (status, [(header::CONTENT_TYPE, "application/problem+json")], body.to_string()).into_response();
                if status == StatusCode::UNAUTHORIZED {
                    resp.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
                }
                with_retry_after(status, resp)
            }
            AppError::LoginRequired | AppError::Service(ServiceError::Unauthenticated) => {
                (StatusCode::SEE_OTHER, [(header::LOCATION, "/inloggen?verlopen=1")]).into_response()
            }
            _ => with_retry_after(status, (status, view::error_page(status, title, &detail, &fields)).into_response()),
        }
    }
}

/// A 503 says when to try again (RFC 9110 §10.2.3): a minute, as its message says.
fn with_retry_after(status: StatusCode, mut resp: Response) -> Response {
    if status == StatusCode::SERVICE_UNAVAILABLE {
        resp.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from_static("60"));
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_the_audit_trail_could_not_take_answers_503_with_retry_after_and_no_data() {
        let api = AppError::Service(ServiceError::AuditUnavailable).api().into_response();
        assert_eq!(api.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(api.headers()[header::CONTENT_TYPE], "application/problem+json");
        assert_eq!(api.headers()[header::RETRY_AFTER], "60");
        let page = AppError::Service(ServiceError::AuditUnavailable).into_response();
        assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(page.headers()[header::RETRY_AFTER], "60");
        let other = AppError::Service(ServiceError::NotFound).into_response();
        assert!(other.headers().get(header::RETRY_AFTER).is_none(), "only a 503 says when to come back");
    }
}
