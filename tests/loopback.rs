//! The OAuth loopback listener, driven by raw HTTP as a browser would.

use std::time::Duration;

use compliance_desk::auth::loopback::{Loopback, LoopbackConfig, LoopbackError};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const ISSUER: &str = "https://login.salesforce.com";

fn config(timeout: Duration) -> LoopbackConfig {
    LoopbackConfig {
        port: 0,
        path: "/OauthRedirect".into(),
        timeout,
    }
}

fn port_of(redirect_uri: &str) -> u16 {
    redirect_uri
        .trim_start_matches("http://localhost:")
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// Sends one request; returns the status line and the body.
async fn send(port: u16, request_line: &str) -> (String, String) {
    let (head, body) = exchange(port, request_line).await;
    (head.lines().next().unwrap_or_default().to_string(), body)
}

/// Sends one request; returns the head (status line and headers) and the body.
async fn exchange(port: u16, request_line: &str) -> (String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    stream
        .write_all(format!("{request_line}\r\nHost: localhost:{port}\r\n\r\n").as_bytes())
        .await
        .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    (head.to_string(), body.to_string())
}

#[tokio::test]
async fn the_one_valid_callback_gives_the_code_despite_idle_and_wrong_requests() {
    let loopback = Loopback::bind(config(Duration::from_secs(10)))
        .await
        .unwrap();
    let uri = loopback.redirect_uri();
    assert!(
        uri.starts_with("http://localhost:") && uri.ends_with("/OauthRedirect"),
        "{uri}"
    );
    let port = port_of(&uri);
    let waiting = tokio::spawn(async move { loopback.wait("st-1", ISSUER).await });

    // Browsers open connections they never use: the listener must not wait on them.
    let _idle = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    assert_eq!(
        send(port, "GET /favicon.ico HTTP/1.1").await.0,
        "HTTP/1.1 404 Not Found"
    );
    assert_eq!(
        send(port, "POST /OauthRedirect?code=x&state=st-1 HTTP/1.1")
            .await
            .0,
        "HTTP/1.1 405 Method Not Allowed"
    );
    let (status, body) = send(
        port,
        "GET /OauthRedirect?code=aPrx%2Fcode&state=st-1 HTTP/1.1",
    )
    .await;
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(body.contains("You can close this tab"), "{body}");

    let code = waiting.await.unwrap().unwrap();
    assert_eq!(code.expose(), "aPrx/code");
    // The port is free again.
    std::net::TcpListener::bind(("127.0.0.1", port)).expect("port freed");
}

#[tokio::test]
async fn a_stray_answer_is_refused_and_the_real_one_still_comes_through() {
    let loopback = Loopback::bind(config(Duration::from_secs(10)))
        .await
        .unwrap();
    let port = port_of(&loopback.redirect_uri());
    let waiting = tokio::spawn(async move { loopback.wait("expected", ISSUER).await });
    let (status, body) = send(port, "GET /OauthRedirect?code=c&state=forged HTTP/1.1").await;
    assert_eq!(status, "HTTP/1.1 400 Bad Request");
    assert!(body.contains("does not belong to the sign-in"));
    let (status, _) = send(port, "GET /OauthRedirect?code=c HTTP/1.1").await;
    assert_eq!(status, "HTTP/1.1 400 Bad Request", "no state at all");
    let (status, _) = send(port, "GET /OauthRedirect?code=real&state=expected HTTP/1.1").await;
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert_eq!(waiting.await.unwrap().unwrap().expose(), "real");
}

#[tokio::test]
async fn an_answer_from_another_issuer_is_refused_and_one_from_the_right_issuer_accepted() {
    // RFC 9207: a mix-up attacker's server answers with its own `iss`.
    let loopback = Loopback::bind(config(Duration::from_secs(10)))
        .await
        .unwrap();
    let port = port_of(&loopback.redirect_uri());
    let waiting = tokio::spawn(async move { loopback.wait("s", ISSUER).await });
    let (status, body) = send(
        port,
        "GET /OauthRedirect?code=c&state=s&iss=https%3A%2F%2Fevil.my.salesforce.com HTTP/1.1",
    )
    .await;
    assert_eq!(status, "HTTP/1.1 400 Bad Request");
    assert!(body.contains("another server"), "{body}");
    let err = waiting.await.unwrap().unwrap_err();
    assert!(matches!(err, LoopbackError::IssuerMismatch { .. }), "{err}");
    assert!(
        err.to_string().contains(
            "comes from https://evil.my.salesforce.com, not from https://login.salesforce.com"
        ),
        "{err}"
    );

    let loopback = Loopback::bind(config(Duration::from_secs(10)))
        .await
        .unwrap();
    let port = port_of(&loopback.redirect_uri());
    let waiting = tokio::spawn(async move { loopback.wait("s", ISSUER).await });
    let (status, _) = send(
        port,
        "GET /OauthRedirect?code=good&state=s&iss=https%3A%2F%2Flogin.salesforce.com%2F HTTP/1.1",
    )
    .await;
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert_eq!(waiting.await.unwrap().unwrap().expose(), "good");
}

#[tokio::test]
async fn only_stray_answers_until_the_timeout_is_a_state_mismatch() {
    let loopback = Loopback::bind(config(Duration::from_millis(500)))
        .await
        .unwrap();
    let port = port_of(&loopback.redirect_uri());
    let waiting = tokio::spawn(async move { loopback.wait("expected", ISSUER).await });
    send(port, "GET /OauthRedirect?code=c&state=forged HTTP/1.1").await;
    assert!(matches!(
        waiting.await.unwrap(),
        Err(LoopbackError::StateMismatch)
    ));
}

#[tokio::test]
async fn a_service_s_words_are_shown_as_text_on_a_page_that_runs_nothing() {
    let loopback = Loopback::bind(config(Duration::from_secs(10)))
        .await
        .unwrap();
    let port = port_of(&loopback.redirect_uri());
    let waiting = tokio::spawn(async move { loopback.wait("s", ISSUER).await });
    let (head, body) = exchange(
        port,
        "GET /OauthRedirect?error=access_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E&state=s HTTP/1.1",
    )
    .await;
    assert!(!body.contains("<script>"), "{body}");
    assert!(
        body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{body}"
    );
    assert!(
        head.contains("Content-Security-Policy: default-src 'none'"),
        "{head}"
    );
    assert!(head.contains("X-Content-Type-Options: nosniff"), "{head}");
    assert!(waiting.await.unwrap().is_err());
}

#[tokio::test]
async fn many_idle_connections_do_not_keep_the_real_answer_out() {
    let loopback = Loopback::bind(config(Duration::from_secs(30)))
        .await
        .unwrap();
    let port = port_of(&loopback.redirect_uri());
    let waiting = tokio::spawn(async move { loopback.wait("s", ISSUER).await });
    // More idle connections than the listener serves at once; they are dropped
    // after a while, so a place frees up and the real answer gets in.
    let mut idle = Vec::new();
    for _ in 0..40 {
        idle.push(TcpStream::connect(("127.0.0.1", port)).await.unwrap());
    }
    drop(idle);
    let (status, _) = send(port, "GET /OauthRedirect?code=ok&state=s HTTP/1.1").await;
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert_eq!(waiting.await.unwrap().unwrap().expose(), "ok");
}

#[tokio::test]
async fn denied_consent_comes_back_as_the_services_words() {
    let loopback = Loopback::bind(config(Duration::from_secs(10)))
        .await
        .unwrap();
    let port = port_of(&loopback.redirect_uri());
    let waiting = tokio::spawn(async move { loopback.wait("s", ISSUER).await });
    send(port, "GET /OauthRedirect?error=access_denied&error_description=end-user+denied+authorization&state=s HTTP/1.1")
        .await;
    let err = waiting.await.unwrap().unwrap_err();
    assert_eq!(
        err.to_string(),
        "the sign-in was refused: end-user denied authorization (access_denied)"
    );
}

#[tokio::test]
async fn it_gives_up_after_the_timeout_and_frees_the_port() {
    let loopback = Loopback::bind(config(Duration::from_millis(200)))
        .await
        .unwrap();
    let port = port_of(&loopback.redirect_uri());
    let err = loopback.wait("s", ISSUER).await.unwrap_err();
    assert!(matches!(err, LoopbackError::Timeout(_)), "{err}");
    std::net::TcpListener::bind(("127.0.0.1", port)).expect("port freed");
}

#[tokio::test]
async fn a_port_in_use_is_named() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let err = match Loopback::bind(LoopbackConfig {
        port,
        ..config(Duration::from_secs(1))
    })
    .await
    {
        Err(e) => e,
        Ok(_) => panic!("the port is taken"),
    };
    assert!(matches!(err, LoopbackError::PortInUse { port: p } if p == port));
    assert!(err
        .to_string()
        .contains(&format!("port {port} on this computer is already in use")));
}

#[tokio::test]
async fn a_browser_that_resolves_localhost_to_ipv6_still_lands() {
    if std::net::TcpListener::bind("[::1]:0").is_err() {
        eprintln!("no IPv6 loopback on this computer: nothing to test");
        return;
    }
    let loopback = Loopback::bind(config(Duration::from_secs(10)))
        .await
        .unwrap();
    let port = port_of(&loopback.redirect_uri());
    let waiting = tokio::spawn(async move { loopback.wait("s", ISSUER).await });
    let mut stream = TcpStream::connect(("::1", port)).await.unwrap();
    stream
        .write_all(
            format!(
                "GET /OauthRedirect?code=v6&state=s HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n"
            )
            .as_bytes(),
        )
        .await
        .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    assert_eq!(waiting.await.unwrap().unwrap().expose(), "v6");
}
