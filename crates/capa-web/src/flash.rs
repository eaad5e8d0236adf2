//! A message after every change: a handler that redirects after a change says
//! what it did ([`Done`]), the message travels in a short-lived cookie, and the
//! next page shows it once. Messages never carry health information (no NHI,
//! no family's reference): they name offers, clinicians and settings.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;

use crate::AppState;

/// The cookie a message travels in.
pub const COOKIE: &str = "capa_flash";

/// How a message is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// It worked.
    Ok,
    /// It did not, or something needs attention.
    Bad,
}

impl Tone {
    /// The CSS class.
    pub fn class(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Bad => "bad",
        }
    }
}

/// A one-off message at the top of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    /// How it is shown.
    pub tone: Tone,
    /// What happened.
    pub text: String,
}

impl Flash {
    /// A success.
    pub fn ok(text: impl Into<String>) -> Self {
        Self {
            tone: Tone::Ok,
            text: text.into(),
        }
    }

    fn encode(&self) -> String {
        let tone = match self.tone {
            Tone::Ok => "ok",
            Tone::Bad => "bad",
        };
        serde_urlencoded::to_string([("t", tone), ("m", self.text.as_str())]).unwrap_or_default()
    }

    fn decode(value: &str) -> Option<Self> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(value).ok()?;
        let get = |k: &str| pairs.iter().find(|(a, _)| a == k).map(|(_, v)| v.clone());
        let tone = match get("t")?.as_str() {
            "ok" => Tone::Ok,
            _ => Tone::Bad,
        };
        // A cookie is the user's to edit: keep what is shown short.
        let text: String = get("m")?.chars().take(300).collect();
        Some(Self { tone, text })
    }
}

/// A redirect after a change, with the message the next page shows.
pub struct Done {
    to: String,
    flash: Flash,
}

impl Done {
    /// Redirects (303) to `to`, saying `text`.
    pub fn to(to: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            to: to.into(),
            flash: Flash::ok(text),
        }
    }
}

impl IntoResponse for Done {
    fn into_response(self) -> Response {
        let mut r = Redirect::to(&self.to).into_response();
        r.extensions_mut().insert(self.flash);
        r
    }
}

/// Carries messages between a change and the next page: reads the cookie
/// into the request (for the page frame), and turns a [`Done`]'s message into
/// the cookie, or clears the cookie once a page has shown it.
pub async fn layer(
    State(state): State<AppState>,
    jar: CookieJar,
    mut req: Request,
    next: Next,
) -> Response {
    let incoming = jar.get(COOKIE).and_then(|c| Flash::decode(c.value()));
    if let Some(f) = &incoming {
        req.extensions_mut().insert(f.clone());
    }
    let mut response = next.run(req).await;
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let set = match response.extensions_mut().remove::<Flash>() {
        Some(f) => Some(format!(
            "{COOKIE}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age=60{secure}",
            f.encode()
        )),
        // Shown on this page (not passed on by a redirect or an htmx fragment): forget it.
        None if incoming.is_some()
            && response.status() == StatusCode::OK
            && response
                .headers()
                .get("content-type")
                .is_some_and(|v| v.to_str().is_ok_and(|t| t.starts_with("text/html"))) =>
        {
            Some(format!(
                "{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"
            ))
        }
        None => None,
    };
    if let Some(cookie) = set.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_survive_the_cookie() {
        let f = Flash::ok("Published TR1-TR6; 3 to go; 100%");
        assert_eq!(Flash::decode(&f.encode()), Some(f));
        assert_eq!(Flash::decode("nonsense"), None);
    }
}
