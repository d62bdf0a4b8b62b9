//! [`AppError`]: every way a request can fail, mapped to a status code and a message that names the
//! problem without leaking internals. Pages get a small HTML page, the API gets JSON
//! (`{"error": "...", "status": N}`).

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use chiiki_store::StoreError;

/// A failed request.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AppError {
    /// Nobody is logged in and the route needs someone.
    #[error("please log in")]
    Unauthenticated,
    /// The user's role does not allow this.
    #[error("not allowed: {0}")]
    Forbidden(String),
    /// The form or request lacks the right CSRF token.
    #[error(
        "the form has expired or did not come from this site (missing or wrong CSRF token); reload the page and try again"
    )]
    Csrf,
    /// Wrong name or password.
    #[error("wrong name or password")]
    BadLogin,
    /// Too many wrong passwords: wait this many seconds.
    #[error("too many failed log-ins for this name; try again in {0} seconds")]
    RateLimited(i64),
    /// No such region, user or page.
    #[error("{0} not found")]
    NotFound(String),
    /// The input is malformed or out of range: every problem, each naming its field.
    #[error("invalid input: {}", .0.join("; "))]
    Invalid(Vec<String>),
    /// The request body is over [`crate::MAX_BODY`] bytes.
    #[error("the request is too large (at most 64 KiB)")]
    TooLarge,
    /// Someone else saved in the meantime.
    #[error("{0}")]
    Conflict(String),
    /// A bug or a broken database: logged, shown as a generic message.
    #[error("internal error")]
    Internal(String),
}

impl AppError {
    /// The HTTP status for this error.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthenticated | AppError::BadLogin => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The error as a JSON response (for the API).
    pub fn into_json(self) -> Response {
        let status = self.status();
        let retry = self.retry_after();
        let mut response =
            (status, Json(serde_json::json!({"error": self.to_string(), "status": status.as_u16()}))).into_response();
        if let Some(r) = retry {
            response.headers_mut().insert(header::RETRY_AFTER, r);
        }
        response
    }

    fn retry_after(&self) -> Option<HeaderValue> {
        match self {
            AppError::RateLimited(s) => HeaderValue::from_str(&s.to_string()).ok(),
            _ => None,
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        match e {
            StoreError::NotFound(what) => AppError::NotFound(what),
            StoreError::Duplicate(name) => {
                AppError::Invalid(vec![format!("name: a user named {name:?} already exists")])
            }
            StoreError::Conflict { .. } => AppError::Conflict(format!(
                "{e}; your changes were not saved — reload to see the current marks, then enter yours again"
            )),
            StoreError::Invalid { field, value } => {
                AppError::Invalid(vec![format!("{field}: {value:?} is not allowed")])
            }
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> AppError {
        AppError::Internal(format!("template: {e}"))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(detail) = &self {
            eprintln!("chiiki serve: internal error: {detail}");
        }
        let status = self.status();
        let retry = self.retry_after();
        let login = matches!(self, AppError::Unauthenticated)
            .then_some(r#"<p><a href="/login">Log in</a> · <a href="/login">ログイン</a></p>"#)
            .unwrap_or("");
        let body = format!(
            "<!doctype html><html><head><meta charset=\"utf-8\"><title>{code}</title>\
             <link rel=\"stylesheet\" href=\"/static/app.css\"></head><body><main class=\"error-page\">\
             <h1>{code}</h1><p class=\"error\" role=\"alert\">{msg}</p>{login}<p><a href=\"/\">chiiki</a></p>\
             </main></body></html>",
            code = status.as_u16(),
            msg = crate::escape(&self.to_string()),
        );
        let mut response = (status, Html(body)).into_response();
        if let Some(r) = retry {
            response.headers_mut().insert(header::RETRY_AFTER, r);
        }
        response
    }
}
