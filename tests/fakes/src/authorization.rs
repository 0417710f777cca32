//! The authorization-code grant both fakes implement alike: the checks a login page
//! makes, the Allow/Deny redirect, and redeeming a code with its PKCE verifier. Each
//! fake words the failures in its own service's terms.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use axum::response::Response;

use crate::oauth_util::{found, random_token, with_query};
use crate::pkce;

/// What an authorization code stands for until it is redeemed.
pub(crate) struct Grant {
    client_id: String,
    redirect_uri: String,
    code_challenge: String,
    issued: Instant,
}

/// Why a login page refuses an authorization request.
pub(crate) enum RequestProblem {
    UnknownClient,
    RedirectMismatch,
    ResponseType,
    Challenge,
}

/// The checks a login page makes before it shows anything. `callback_urls` answers
/// a registered client's exact callback URLs.
pub(crate) fn check_request<'a>(
    params: &HashMap<String, String>,
    callback_urls: impl FnOnce(&str) -> Option<&'a [String]>,
) -> Result<(), RequestProblem> {
    let param = |name: &str| params.get(name).map(String::as_str);
    let urls =
        callback_urls(param("client_id").unwrap_or("")).ok_or(RequestProblem::UnknownClient)?;
    if !urls
        .iter()
        .any(|u| Some(u.as_str()) == param("redirect_uri"))
    {
        return Err(RequestProblem::RedirectMismatch);
    }
    if param("response_type") != Some("code") {
        return Err(RequestProblem::ResponseType);
    }
    if param("code_challenge_method") != Some("S256")
        || param("code_challenge").is_none_or(|c| c.len() != 43)
    {
        return Err(RequestProblem::Challenge);
    }
    Ok(())
}

/// Allow or Deny, for a request that passed [`check_request`]: 302 back to the
/// callback URL with a new code (kept by `keep`) or with `denied`, `state` echoed.
pub(crate) fn decide(
    params: &HashMap<String, String>,
    code_prefix: &str,
    denied: &[(&str, &str)],
    keep: impl FnOnce(String, Grant),
) -> Response {
    let param = |name: &str| params.get(name).cloned().unwrap_or_default();
    let (redirect_uri, state) = (param("redirect_uri"), param("state"));
    if param("decision") != "allow" {
        let mut pairs = denied.to_vec();
        pairs.push(("state", &state));
        return found(&with_query(&redirect_uri, &pairs));
    }
    let code = random_token(code_prefix);
    keep(
        code.clone(),
        Grant {
            client_id: param("client_id"),
            redirect_uri: redirect_uri.clone(),
            code_challenge: param("code_challenge"),
            issued: Instant::now(),
        },
    );
    found(&with_query(
        &redirect_uri,
        &[("code", &code), ("state", &state)],
    ))
}

/// Why a taken-out code does not yield tokens.
pub(crate) enum RedeemProblem {
    Expired,
    Mismatch,
    Verifier,
}

/// Checks a code (already taken out, so single-use) against the token request.
pub(crate) fn redeem(
    grant: &Grant,
    lifetime: Duration,
    client_id: &str,
    redirect_uri: &str,
    verifier: &str,
) -> Result<(), RedeemProblem> {
    if grant.issued.elapsed() > lifetime {
        return Err(RedeemProblem::Expired);
    }
    if grant.client_id != client_id || grant.redirect_uri != redirect_uri {
        return Err(RedeemProblem::Mismatch);
    }
    if !pkce::is_valid_verifier(verifier) || pkce::s256_challenge(verifier) != grant.code_challenge
    {
        return Err(RedeemProblem::Verifier);
    }
    Ok(())
}
