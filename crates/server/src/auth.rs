//! Who may connect: Snowflake's key-pair JWTs checked against public keys registered at start,
//! programmatic access / OAuth tokens given at start, or anyone under `--no-auth`.
//!
//! A key-pair JWT is RS256-signed, with `iss = ACCOUNT.USER.SHA256:<fingerprint>` (the base64
//! SHA-256 of the public key's DER SubjectPublicKeyInfo), `sub = ACCOUNT.USER` and an `exp` in the
//! future; account and user compare without case, as Snowflake folds them.

use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode};
use serde::Deserialize;
use spki::{DecodePublicKey, Document};

/// A public key registered for one user of one account.
pub struct RegisteredKey {
    account: String,
    user: String,
    fingerprint: String,
    key: DecodingKey,
}

impl RegisteredKey {
    /// Reads a PEM public key (`-----BEGIN PUBLIC KEY-----`) for `account`.`user`.
    pub fn from_pem(pem: &str, account: &str, user: &str) -> Result<RegisteredKey, String> {
        let der =
            Document::from_public_key_pem(pem).map_err(|e| format!("not a PEM public key: {e}"))?;
        let spki = spki::SubjectPublicKeyInfoRef::try_from(der.as_bytes())
            .map_err(|e| format!("not a public key: {e}"))?;
        let fingerprint = spki
            .fingerprint_base64()
            .map_err(|e| format!("cannot fingerprint the key: {e}"))?;
        let key = DecodingKey::from_rsa_pem(pem.as_bytes())
            .map_err(|e| format!("not an RSA public key: {e}"))?;
        Ok(RegisteredKey {
            account: account.to_ascii_uppercase(),
            user: user.to_ascii_uppercase(),
            fingerprint,
            key,
        })
    }

    /// `SHA256:<fingerprint>`, as `DESC USER` shows it and a JWT's issuer ends.
    pub fn fingerprint(&self) -> String {
        format!("SHA256:{}", self.fingerprint)
    }
}

/// What the server accepts.
#[derive(Default)]
pub struct Auth {
    pub open: bool,
    pub keys: Vec<RegisteredKey>,
    pub tokens: Vec<String>,
}

/// Why a credential was refused (the client sees only the code and the message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub code: &'static str,
    pub message: &'static str,
}

const BAD_JWT: Rejected = Rejected {
    code: "390144",
    message: "JWT token is invalid.",
};
const BAD_TOKEN: Rejected = Rejected {
    code: "390303",
    message: "Invalid OAuth access token.",
};
const MISSING: Rejected = Rejected {
    code: "390101",
    message: "Authorization header is missing or malformed.",
};

#[derive(Deserialize)]
struct Claims {
    iss: String,
    sub: String,
}

/// The user a credential belongs to, when the server knows it.
pub type User = Option<String>;

impl Auth {
    /// Checks a SQL API `Authorization` header (`Bearer <token>`) with its declared token type.
    pub fn check_bearer(
        &self,
        header: Option<&str>,
        token_type: Option<&str>,
    ) -> Result<User, Rejected> {
        if self.open {
            return Ok(None);
        }
        let token = header
            .and_then(|h| {
                h.strip_prefix("Bearer ")
                    .or_else(|| h.strip_prefix("bearer "))
            })
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(MISSING)?;
        let jwt = match token_type.map(str::to_ascii_uppercase).as_deref() {
            Some("KEYPAIR_JWT") => true,
            Some("OAUTH" | "PROGRAMMATIC_ACCESS_TOKEN" | "PAT") => false,
            Some(_) => return Err(MISSING),
            None => token.split('.').count() == 3,
        };
        if jwt {
            self.check_jwt(token)
        } else {
            self.check_token(token)
        }
    }

    /// Checks a key-pair JWT.
    pub fn check_jwt(&self, token: &str) -> Result<User, Rejected> {
        if self.open {
            return Ok(None);
        }
        let unverified = unverified_issuer(token).ok_or(BAD_JWT)?;
        let (account_user, fingerprint) = unverified.rsplit_once('.').ok_or(BAD_JWT)?;
        let key = self
            .keys
            .iter()
            .find(|k| {
                fingerprint == k.fingerprint()
                    && account_user.eq_ignore_ascii_case(&format!("{}.{}", k.account, k.user))
            })
            .ok_or(BAD_JWT)?;
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_required_spec_claims(&["exp", "iss", "sub"]);
        validation.leeway = 60;
        let claims = decode::<Claims>(token, &key.key, &validation)
            .map_err(|_| BAD_JWT)?
            .claims;
        let expected_sub = format!("{}.{}", key.account, key.user);
        if !claims.sub.eq_ignore_ascii_case(&expected_sub)
            || !claims.iss.eq_ignore_ascii_case(&unverified)
        {
            return Err(BAD_JWT);
        }
        Ok(Some(key.user.clone()))
    }

    /// Checks a programmatic access token or OAuth token (compared in constant time).
    pub fn check_token(&self, token: &str) -> Result<User, Rejected> {
        if self.open {
            return Ok(None);
        }
        let mut found = false;
        for known in &self.tokens {
            found |= constant_time_eq(known.as_bytes(), token.as_bytes());
        }
        if found { Ok(None) } else { Err(BAD_TOKEN) }
    }
}

/// The `iss` claim, read before the signature is checked (to pick the key that checks it).
fn unverified_issuer(token: &str) -> Option<String> {
    let mut peek = Validation::new(Algorithm::RS256);
    peek.insecure_disable_signature_validation();
    peek.validate_exp = false;
    peek.required_spec_claims.clear();
    decode::<Claims>(token, &DecodingKey::from_secret(&[]), &peek)
        .ok()
        .map(|d| d.claims.iss)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
