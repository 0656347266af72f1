//! Operations endpoints: liveness, readiness, Prometheus metrics, and the request metrics
//! middleware. Metric labels use the route pattern, never a concrete URL with an id in it.

use crate::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;

/// The process-wide metrics recorder (installed once, shared by every app in the process).
pub fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new().build_recorder();
            let handle = recorder.handle();
            let _ = metrics::set_global_recorder(recorder);
            handle
        })
        .clone()
}

pub async fn healthz() -> &'static str {
    "ok"
}

pub async fn readyz(State(state): State<AppState>) -> Response {
    let store = state.services.store.clone();
    let ok = tokio::task::spawn_blocking(move || store.ping()).await.unwrap_or(false);
    if ok {
        (StatusCode::OK, "ready").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response()
    }
}

pub async fn metrics_text(State(state): State<AppState>) -> Response {
    // Read at each scrape: how far the read-audit writer is behind.
    metrics::gauge!("regie_audit_backlog_records").set(state.services.audit_backlog() as f64);
    metrics::gauge!("regie_audit_backlog_persons").set(state.services.audit_backlog_persons() as f64);
    metrics::counter!("regie_audit_records_lost").absolute(state.services.audit_records_lost() as u64);
    metrics::counter!("regie_audit_reads_refused").absolute(state.services.audit_reads_refused() as u64);
    ([(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4")], state.metrics.render()).into_response()
}

pub async fn track(req: Request, next: Next) -> Response {
    let start = std::time::Instant::now();
    let route =
        req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_string()).unwrap_or_else(|| "unmatched".into());
    let method = req.method().to_string();
    let resp = next.run(req).await;
    let status = resp.status().as_u16().to_string();
    metrics::counter!("http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("http_request_duration_seconds", "method" => method, "route" => route)
        .record(start.elapsed().as_secs_f64());
    resp
}
