//! Secrets as the store keeps them: only their SHA-256 is stored, so a copy
//! of the database cannot sign anyone in. Sessions, calendar feeds, API
//! tokens and the sign-in throttle's subjects all hash the same way.

use sha2::{Digest, Sha256};

use crate::error::{Result, StoreError};

/// What is stored for a secret (a session cookie, a feed or API token): its
/// SHA-256, hex.
pub fn session_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A new random secret (32 bytes, hex): for session cookies and CSRF tokens.
pub fn random_secret() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes)
        .map_err(|e| StoreError::Unsupported(format!("no secure random numbers: {e}")))?;
    Ok(hex::encode(bytes))
}
