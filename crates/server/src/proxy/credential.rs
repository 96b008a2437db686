//! The credential the proxy adds to every request it forwards — the only place it lives.
//!
//! - **Key pair**: an RS256 JWT with Snowflake's claims: `iss = ACCOUNT.USER.SHA256:<fingerprint>`
//!   (the base64 SHA-256 of the public key's DER SubjectPublicKeyInfo), `sub = ACCOUNT.USER`, both
//!   upper case, `iat` and `exp` one hour later. The token is kept and signed anew five minutes
//!   before it expires. The private key is PKCS#8 PEM, encrypted (passphrase from the environment)
//!   or not, or PKCS#1 PEM.
//! - **Token**: a programmatic access token or an OAuth access token, sent as is with its type.
//!
//! A credential never prints: `Debug` shows its kind only, and [`Credential::secrets`] lists what
//! every log line and error must be scrubbed of.

use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use pkcs8::der::Decode;
use rsa::RsaPrivateKey;
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey, EncryptedPrivateKeyInfo};
use serde::Serialize;
use snowglobe_sqlapi::TokenType;
use std::sync::Mutex;

/// How long a signed JWT is valid (Snowflake accepts at most one hour).
const JWT_LIFETIME_SECS: i64 = 3600;
/// How long before its expiry a JWT is replaced.
const JWT_RENEW_MARGIN_SECS: i64 = 300;

/// What the proxy authenticates with.
pub enum Credential {
    KeyPair(KeyPair),
    Token { kind: TokenType, secret: String },
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.kind().header_value())
    }
}

impl Credential {
    /// The token type the requests carry.
    pub fn kind(&self) -> TokenType {
        match self {
            Credential::KeyPair(_) => TokenType::KeypairJwt,
            Credential::Token { kind, .. } => *kind,
        }
    }

    /// The bearer token to send now (a key pair's JWT is signed anew when it nears expiry).
    pub fn bearer(&self, now: i64) -> Result<String, String> {
        match self {
            Credential::KeyPair(k) => k.token(now),
            Credential::Token { secret, .. } => Ok(secret.clone()),
        }
    }

    /// Every text that must never appear in a log line or a response.
    pub fn secrets(&self) -> Vec<String> {
        match self {
            Credential::KeyPair(k) => k.cached().into_iter().collect(),
            Credential::Token { secret, .. } => vec![secret.clone()],
        }
    }
}

/// A user's key pair, ready to sign JWTs.
pub struct KeyPair {
    qualified_user: String,
    fingerprint: String,
    key: EncodingKey,
    token: Mutex<Option<(String, i64)>>,
}

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    sub: &'a str,
    iat: i64,
    exp: i64,
}

/// The account part a JWT names, upper case: `orgname-accountname` as it is, a locator without its
/// region and cloud suffix.
pub fn jwt_account(account: &str) -> String {
    let account = account.trim();
    account
        .split('.')
        .next()
        .unwrap_or(account)
        .to_ascii_uppercase()
}

impl KeyPair {
    /// Reads a private key in PEM for `account`.`user`; an encrypted PKCS#8 key needs `passphrase`.
    pub fn from_pem(
        pem: &str,
        passphrase: Option<&str>,
        account: &str,
        user: &str,
    ) -> Result<KeyPair, String> {
        let private = read_private_key(pem, passphrase)?;
        let public = private
            .to_public_key()
            .to_public_key_der()
            .map_err(|e| format!("cannot encode the public key: {e}"))?;
        let spki = spki::SubjectPublicKeyInfoRef::try_from(public.as_bytes())
            .map_err(|e| format!("cannot read the public key: {e}"))?;
        let fingerprint = spki
            .fingerprint_base64()
            .map_err(|e| format!("cannot fingerprint the public key: {e}"))?;
        let der = private
            .to_pkcs1_der()
            .map_err(|e| format!("cannot encode the private key: {e}"))?;
        Ok(KeyPair {
            qualified_user: format!("{}.{}", jwt_account(account), user.to_ascii_uppercase()),
            fingerprint,
            key: EncodingKey::from_rsa_der(der.as_bytes()),
            token: Mutex::new(None),
        })
    }

    /// `SHA256:<fingerprint>`, as Snowflake's `DESC USER` shows `RSA_PUBLIC_KEY_FP`.
    pub fn fingerprint(&self) -> String {
        format!("SHA256:{}", self.fingerprint)
    }

    /// The JWT in use, signed anew when it is within five minutes of expiring.
    pub fn token(&self, now: i64) -> Result<String, String> {
        let mut slot = self.token.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((token, exp)) = slot.as_ref()
            && now < exp - JWT_RENEW_MARGIN_SECS
        {
            return Ok(token.clone());
        }
        let exp = now + JWT_LIFETIME_SECS;
        let issuer = format!("{}.{}", self.qualified_user, self.fingerprint());
        let claims = Claims {
            iss: &issuer,
            sub: &self.qualified_user,
            iat: now,
            exp,
        };
        let token = encode(&Header::new(Algorithm::RS256), &claims, &self.key)
            .map_err(|e| format!("cannot sign the JWT: {e}"))?;
        *slot = Some((token.clone(), exp));
        Ok(token)
    }

    fn cached(&self) -> Option<String> {
        let slot = self.token.lock().unwrap_or_else(|p| p.into_inner());
        slot.as_ref().map(|(t, _)| t.clone())
    }
}

fn read_private_key(pem: &str, passphrase: Option<&str>) -> Result<RsaPrivateKey, String> {
    let pem = pem.trim();
    if pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----") {
        let passphrase = passphrase.ok_or(
            "the private key is encrypted: set its passphrase in SNOWFLAKE_PRIVATE_KEY_PASSPHRASE",
        )?;
        let (_, der) = pkcs8::SecretDocument::from_pem(pem)
            .map_err(|e| format!("not a PEM private key: {e}"))?;
        let info = EncryptedPrivateKeyInfo::from_der(der.as_bytes())
            .map_err(|e| format!("not an encrypted PKCS#8 key: {e}"))?;
        let plain = info
            .decrypt(passphrase)
            .map_err(|_| "cannot decrypt the private key: wrong passphrase?".to_owned())?;
        return RsaPrivateKey::from_pkcs8_der(plain.as_bytes())
            .map_err(|e| format!("not an RSA private key: {e}"));
    }
    if pem.starts_with("-----BEGIN RSA PRIVATE KEY-----") {
        return RsaPrivateKey::from_pkcs1_pem(pem)
            .map_err(|e| format!("not an RSA private key: {e}"));
    }
    RsaPrivateKey::from_pkcs8_pem(pem).map_err(|e| format!("not a PEM RSA private key: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::RegisteredKey;
    use rsa::pkcs8::{EncodePrivateKey, LineEnding};

    fn key_pair() -> (String, String) {
        let mut rng = rand_core::OsRng;
        let private = RsaPrivateKey::new(&mut rng, 2048).expect("key");
        let pem = private
            .to_pkcs8_pem(LineEnding::LF)
            .expect("pem")
            .to_string();
        let public = private
            .to_public_key()
            .to_public_key_pem(LineEnding::LF)
            .expect("public pem");
        (pem, public)
    }

    #[test]
    fn the_account_is_the_locator_in_upper_case() {
        assert_eq!(jwt_account("xy12345.us-east-2.aws"), "XY12345");
        assert_eq!(jwt_account("myorg-myaccount"), "MYORG-MYACCOUNT");
    }

    #[test]
    fn a_signed_token_is_accepted_by_the_server_side_check_and_kept_until_near_expiry() {
        let (private, public) = key_pair();
        let pair = KeyPair::from_pem(&private, None, "xy12345.eu-west-1", "alice").unwrap();
        let registered = RegisteredKey::from_pem(&public, "XY12345", "ALICE").unwrap();
        assert_eq!(pair.fingerprint(), registered.fingerprint());
        let now = chrono::Utc::now().timestamp();
        let token = pair.token(now).unwrap();
        let auth = crate::auth::Auth {
            keys: vec![registered],
            ..Default::default()
        };
        let user = auth
            .check_bearer(Some(&format!("Bearer {token}")), Some("KEYPAIR_JWT"))
            .expect("accepted");
        assert_eq!(user.as_deref(), Some("ALICE"));
        assert_eq!(pair.token(now + 60).unwrap(), token);
        assert_ne!(pair.token(now + JWT_LIFETIME_SECS - 10).unwrap(), token);
        let bearer =
            |t: String| auth.check_bearer(Some(&format!("Bearer {t}")), Some("KEYPAIR_JWT"));
        let stale = KeyPair::from_pem(&private, None, "XY12345", "ALICE").unwrap();
        assert!(bearer(stale.token(now - 2 * JWT_LIFETIME_SECS).unwrap()).is_err());
        let (other, _) = key_pair();
        let stranger = KeyPair::from_pem(&other, None, "XY12345", "ALICE").unwrap();
        assert!(bearer(stranger.token(now).unwrap()).is_err());
        let impostor = KeyPair::from_pem(&private, None, "XY12345", "BOB").unwrap();
        assert!(bearer(impostor.token(now).unwrap()).is_err());
    }

    #[test]
    fn an_encrypted_key_needs_its_passphrase() {
        let (private, _) = key_pair();
        let key = RsaPrivateKey::from_pkcs8_pem(&private).unwrap();
        let encrypted = key
            .to_pkcs8_encrypted_pem(rand_core::OsRng, "s3cret", LineEnding::LF)
            .unwrap()
            .to_string();
        let e = KeyPair::from_pem(&encrypted, None, "A", "U").err().unwrap();
        assert!(e.contains("SNOWFLAKE_PRIVATE_KEY_PASSPHRASE"), "{e}");
        let e = KeyPair::from_pem(&encrypted, Some("nope"), "A", "U")
            .err()
            .unwrap();
        assert!(e.contains("wrong passphrase"), "{e}");
        assert!(KeyPair::from_pem(&encrypted, Some("s3cret"), "A", "U").is_ok());
    }

    #[test]
    fn a_credential_does_not_print_its_secret() {
        let c = Credential::Token {
            kind: TokenType::ProgrammaticAccessToken,
            secret: "pat-123".into(),
        };
        assert_eq!(format!("{c:?}"), "PROGRAMMATIC_ACCESS_TOKEN");
        assert_eq!(c.secrets(), vec!["pat-123".to_owned()]);
    }
}
