//! Who is asking: passwords (argon2id), session cookies, CSRF tokens, the log-in rate limit and the
//! role checks every route makes.
//!
//! - A session is a random 256-bit token in the cookie `chiiki_session` (HttpOnly, SameSite=Strict,
//!   Path=/, Secure when the app runs behind TLS); the store keeps only its SHA-256, so a copy of the
//!   database does not open sessions. Sessions last [`SESSION_SECONDS`].
//! - CSRF: a logged-in user's forms carry the session's own token; before log-in, the double-submit
//!   cookie `chiiki_csrf` (random, HttpOnly, SameSite=Strict) must match the form's token. The JSON
//!   API takes the token in the `X-CSRF-Token` header. Tokens are compared in constant time.
//! - Log-in: after [`MAX_FAILURES`] wrong passwords for a name within [`FAILURE_WINDOW`] seconds, further
//!   attempts for that name are refused (429, with the wait) until the window has passed — even with
//!   the right password.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use chiiki_store::{Lang, Role, User};
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::error::AppError;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "chiiki_session";
/// The pre-log-in CSRF cookie's name.
pub const CSRF_COOKIE: &str = "chiiki_csrf";
/// The language cookie of visitors who are not logged in.
pub const LANG_COOKIE: &str = "chiiki_lang";
/// How long a session lasts.
pub const SESSION_SECONDS: i64 = 8 * 3600;
/// Wrong passwords allowed per name within [`FAILURE_WINDOW`].
pub const MAX_FAILURES: i64 = 5;
/// The window of the log-in rate limit, in seconds.
pub const FAILURE_WINDOW: i64 = 15 * 60;

/// Hashes a password with argon2id (default parameters, random salt) into a PHC string.
///
/// # Errors
/// Only if the system's random source fails.
pub fn hash_password(password: &str) -> Result<String, AppError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("hashing a password: {e}")))
}

/// Whether `password` matches the PHC string `hash`.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// A fresh random token: 32 bytes as lower-case hex.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::fill(&mut bytes[..]);
    hex(&bytes)
}

/// SHA-256 of a token, as stored.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two tokens in time independent of where they differ.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The visitor of a request: the logged-in user (if any), the CSRF token their forms must carry and
/// the language they read in.
#[derive(Debug, Clone)]
pub struct Visitor {
    /// The logged-in user.
    pub user: Option<User>,
    /// The token forms must carry: the session's, or the pre-log-in cookie's.
    pub csrf: String,
    /// Whether the pre-log-in CSRF cookie must be set on the response (it was missing).
    pub new_csrf_cookie: bool,
    /// The language of the pages.
    pub lang: Lang,
    /// Whether the request came over TLS (through a proxy that says so).
    pub secure: bool,
}

impl Visitor {
    /// The user's role; `None` for a visitor who is not logged in.
    pub fn role(&self) -> Option<Role> {
        self.user.as_ref().map(|u| u.role)
    }

    /// The user's name, or an empty string.
    pub fn name(&self) -> &str {
        self.user.as_ref().map_or("", |u| u.name.as_str())
    }

    /// The user, if their role is at least `role`.
    ///
    /// # Errors
    /// [`AppError::Unauthenticated`] when nobody is logged in; [`AppError::Forbidden`] when the role is
    /// too low.
    pub fn require(&self, role: Role) -> Result<&User, AppError> {
        match &self.user {
            None => Err(AppError::Unauthenticated),
            Some(u) if u.role >= role => Ok(u),
            Some(_) => Err(AppError::Forbidden(format!("this needs the role {}", role.as_str()))),
        }
    }

    /// Checks a submitted CSRF token.
    ///
    /// # Errors
    /// [`AppError::Csrf`] when it is missing or wrong.
    pub fn check_csrf(&self, submitted: Option<&str>) -> Result<(), AppError> {
        match submitted {
            Some(t) if !self.new_csrf_cookie && same_token(t, &self.csrf) => Ok(()),
            _ => Err(AppError::Csrf),
        }
    }

    /// The cookies a page response sets: the pre-log-in CSRF cookie when it was missing.
    pub fn cookies(&self, jar: CookieJar) -> CookieJar {
        if self.new_csrf_cookie { jar.add(cookie(CSRF_COOKIE, self.csrf.clone(), self.secure)) } else { jar }
    }
}

/// A cookie with the app's attributes.
pub fn cookie(name: &'static str, value: String, secure: bool) -> Cookie<'static> {
    Cookie::build((name, value)).http_only(true).same_site(SameSite::Strict).path("/").secure(secure).build()
}

/// Whether the request arrived over TLS: the app's own setting, or a proxy's `X-Forwarded-Proto: https`.
fn is_secure(parts: &Parts, state: &AppState) -> bool {
    state.config.secure_cookies
        || parts.headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()).is_some_and(|v| v == "https")
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Visitor, AppError> {
        let jar = CookieJar::from_headers(&parts.headers);
        let secure = is_secure(parts, state);
        let now = crate::now();
        let session = match jar.get(SESSION_COOKIE) {
            Some(c) => state.store.session(&token_hash(c.value()), now).await?,
            None => None,
        };
        let cookie_lang = jar.get(LANG_COOKIE).and_then(|c| Lang::parse(c.value()).ok());
        Ok(match session {
            Some((user, csrf)) => {
                let lang = user.lang;
                Visitor { user: Some(user), csrf, new_csrf_cookie: false, lang, secure }
            }
            None => {
                let (csrf, new) = match jar.get(CSRF_COOKIE) {
                    Some(c) if c.value().len() == 64 => (c.value().to_string(), false),
                    _ => (random_token(), true),
                };
                Visitor { user: None, csrf, new_csrf_cookie: new, lang: cookie_lang.unwrap_or(Lang::En), secure }
            }
        })
    }
}

/// Checks a log-in: the rate limit first, then the password. On success, a new session's token.
///
/// # Errors
/// [`AppError::RateLimited`] when the name has too many recent failures; [`AppError::BadLogin`] for an
/// unknown name or a wrong password (the same message for both).
pub async fn log_in(state: &AppState, name: &str, password: &str) -> Result<(User, String), AppError> {
    let now = crate::now();
    let since = now - FAILURE_WINDOW;
    let (failures, latest) = state.store.failures(name, since).await?;
    if failures >= MAX_FAILURES {
        let wait = latest.map_or(FAILURE_WINDOW, |t| t + FAILURE_WINDOW - now).max(1);
        return Err(AppError::RateLimited(wait));
    }
    let found = state.store.user_by_name(name).await?;
    // Hash even for an unknown name, so timing does not tell which names exist.
    let ok = match &found {
        Some(u) => verify_password(password, &u.password_hash),
        None => {
            verify_password(password, &state.dummy_hash);
            false
        }
    };
    let Some(user) = found.filter(|_| ok).map(|u| u.user) else {
        state.store.record_failure(name, now, since).await?;
        return Err(AppError::BadLogin);
    };
    state.store.clear_failures(name).await?;
    let token = random_token();
    state.store.create_session(&token_hash(&token), user.id, &random_token(), now, now + SESSION_SECONDS).await?;
    Ok((user, token))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let h = hash_password("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("correct horse", &h));
        assert!(!verify_password("correct hors", &h));
        assert!(!verify_password("correct horse", "not a hash"));
        assert_ne!(h, hash_password("correct horse").unwrap(), "salted");
    }

    #[test]
    fn tokens_are_random_hex_and_compare_exactly() {
        let a = random_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, random_token());
        assert!(same_token(&a, &a.clone()));
        assert!(!same_token(&a, &a[..63]));
        assert!(!same_token(&a, &random_token()));
        assert_eq!(token_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
