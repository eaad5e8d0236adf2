//! One error type for every handler: a page for people, JSON for the API.
//! Each kind of failure is its own variant, with the status it answers.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use capa_store::StoreError;

use crate::views::chrome::Chrome;
use crate::views::error::ErrorPage;

/// What went wrong, as the user should hear it.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No such thing (or not one the user may know of).
    #[error("{0}")]
    NotFound(String),
    /// Signed in, but not allowed.
    #[error("{0}")]
    Forbidden(String),
    /// Not signed in.
    #[error("please log in")]
    Unauthorized,
    /// The request cannot be used; the message says what was expected.
    #[error("{0}")]
    BadRequest(String),
    /// One field of the request cannot be used: which, and why.
    #[error("{field}: {message}")]
    Invalid {
        /// The field's name as the form or the JSON body spells it.
        field: &'static str,
        /// What is wrong and what was expected.
        message: String,
    },
    /// Someone else booked the appointment a moment ago (the label says which).
    #[error("{0} was just taken by another booking")]
    JustTaken(String),
    /// The change clashes with what is there; the message says how.
    #[error("{0}")]
    Conflict(String),
    /// Too many failed logins; try again after the seconds given.
    #[error("{message}")]
    TooManyRequests {
        /// What happened and how long to wait.
        message: String,
        /// For `Retry-After`.
        retry_after_secs: i64,
    },
    /// Something failed on our side; details are logged, not shown.
    #[error("something went wrong on the server; the change was not made")]
    Internal(String),
}

impl AppError {
    /// The HTTP status of the answer.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::BadRequest(_) | Self::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::JustTaken(_) | Self::Conflict(_) => StatusCode::CONFLICT,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn heading(&self) -> &'static str {
        match self {
            Self::NotFound(_) => "Not found",
            Self::Forbidden(_) => "Not allowed",
            Self::Unauthorized => "Please log in",
            Self::BadRequest(_) | Self::Invalid { .. } => "That could not be used",
            Self::JustTaken(_) => "Just taken",
            Self::Conflict(_) => "That clashes with what is there",
            Self::TooManyRequests { .. } => "Too many attempts",
            Self::Internal(_) => "Server error",
        }
    }

    /// Headers the status calls for (`Retry-After` on 429).
    fn add_headers(&self, r: &mut Response) {
        if let Self::TooManyRequests {
            retry_after_secs, ..
        } = self
        {
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_secs));
        }
    }

    fn log(&self) {
        if let Self::Internal(detail) = self {
            // Store errors carry SQL and constraint names, never form values.
            tracing::error!(%detail, "request failed");
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(m) => Self::NotFound(m),
            StoreError::Conflict(m) => Self::Conflict(m),
            StoreError::Invalid(m) => Self::BadRequest(m),
            other => Self::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        let page = ErrorPage {
            chrome: Chrome::plain(None, String::new()),
            heading: self.heading().to_string(),
            message: self.to_string(),
        };
        let mut r = (self.status(), page).into_response();
        self.add_headers(&mut r);
        r
    }
}

/// An API error's body: `{"error": "what is wrong and what was expected"}`.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// What is wrong, and what was expected.
    pub error: String,
    /// The field of the request that is wrong, when it is one field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// The same errors for the JSON API, with the status.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        Self(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.log();
        let status = self.0.status();
        let mut r = (
            status,
            Json(ErrorBody {
                error: self.0.to_string(),
                field: match &self.0 {
                    AppError::Invalid { field, .. } => Some((*field).to_string()),
                    _ => None,
                },
            }),
        )
            .into_response();
        self.0.add_headers(&mut r);
        r
    }
}

/// Result of an HTML handler.
pub type PageResult<T> = Result<T, AppError>;
/// Result of an API handler.
pub type ApiResult<T> = Result<T, ApiError>;
