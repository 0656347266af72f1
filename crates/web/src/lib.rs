#![recursion_limit = "256"]
//! HTTP for Regie: routing, sessions, CSRF, forms, JSON, rendering. Handlers are thin: they
//! extract input, call one service function and render the answer. No business rule and no
//! SQL lives here; authorisation decisions are the service layer's.

pub mod api;
pub mod error;
pub mod extract;
pub mod ops;
pub mod pages;
pub mod routes;
pub mod security;
pub mod view;

pub use error::AppError;
pub use routes::{router, RouteInfo};

use regie_service::Services;

/// Settings of the web layer.
#[derive(Clone, Debug)]
pub struct WebConfig {
    /// Whether cookies carry the `Secure` attribute (off only for plain-HTTP test harnesses).
    pub secure_cookies: bool,
    /// Largest accepted request body in bytes.
    pub body_limit: usize,
    /// Public base URL of the API, for the OpenAPI `servers` entry.
    pub public_url: String,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig { secure_cookies: true, body_limit: 1024 * 1024, public_url: "http://localhost:8080".into() }
    }
}

/// What every handler gets.
#[derive(Clone)]
pub struct AppState {
    pub services: Services,
    pub config: std::sync::Arc<WebConfig>,
    pub metrics: metrics_exporter_prometheus::PrometheusHandle,
}

impl AppState {
    pub fn new(services: Services, config: WebConfig) -> AppState {
        AppState { services, config: std::sync::Arc::new(config), metrics: ops::metrics_handle() }
    }
}

/// Runs blocking service code (database work) off the async executor.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(f).await.map_err(|e| AppError::Internal(format!("task failed: {e}")))?
}
