//! Listener and client authentication of `ballerina/http` end to end (with `ballerina/auth`,
//! `ballerina/jwt` and `ballerina/oauth2`): `.int` services with `auth` configurations started
//! on 127.0.0.1, called by raw HTTP/1.1 requests and by `.int` client programs whose
//! `http:Client` authenticates; the token, introspection and JWKS endpoints and an echoing
//! backend are a small Rust server (`http_auth_server`) that records what it received.

mod http_auth_server;
#[allow(dead_code)]
mod http_service_harness;

use http_auth_server::{base64, form, Server, CLIENT_ID, CLIENT_SECRET};
use http_service_harness::{request, run_client, scratch, start_path_env, Running};

/// The test keys of the `jwt` golden programs.
fn key(name: &str) -> String {
    format!(
        "{}/../tests/programs/jwt/keys/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// Users of the file user store, as Ballerina reads them from `Config.toml`.
const USERS: &str = r#"
[[ballerina.auth.users]]
username = "alice"
password = "pw1"
scopes = ["read", "admin"]

[[ballerina.auth.users]]
username = "bob"
password = "pw2"
scopes = ["read"]
"#;

/// The services: `IDP` is replaced by the identity provider's URL, `CERT` by the public
/// certificate of the RS256 test key.
const SERVICES: &str = r#"import ballerina/auth;
import ballerina/http;
import ballerina/jwt;
import ballerina/oauth2;

configurable int port = ?;

listener http:Listener ep = new (port, host = "127.0.0.1");

@http:ServiceConfig {
    auth: [{fileUserStoreConfig: {}, scopes: ["read"]}]
}
service /basic on ep {
    resource function get hello() returns string {
        return "hello";
    }

    @http:ResourceConfig {auth: {scopes: "admin"}}
    resource function get admin() returns string {
        return "admin";
    }

    @http:ResourceConfig {
        auth: [{jwtValidatorConfig: {issuer: "wso2", signatureConfig: {secret: "s3cr3t"}}}]
    }
    resource function get overridden() returns string {
        return "jwt instead";
    }
}

service /open on ep {
    resource function get hello() returns string {
        return "open";
    }
}

@http:ServiceConfig {
    auth: [
        {
            jwtValidatorConfig: {issuer: "wso2", audience: "intc", scopeKey: "scp", signatureConfig: {certFile: "CERT"}},
            scopes: ["write"]
        },
        {jwtValidatorConfig: {issuer: "wso2", signatureConfig: {secret: "s3cr3t"}}}
    ]
}
service /jwt on ep {
    resource function get whoami() returns string {
        return "jwt ok";
    }
}

@http:ServiceConfig {
    auth: [
        {
            oauth2IntrospectionConfig: {url: "IDP/introspect", tokenTypeHint: "access_token", cacheConfig: {capacity: 10}},
            scopes: ["read"]
        }
    ]
}
service /oauth on ep {
    resource function get data() returns string {
        return "oauth ok";
    }
}

@http:ServiceConfig {
    auth: [
        {
            oauth2IntrospectionConfig: {
                url: "IDP/introspect",
                clientConfig: {auth: {tokenUrl: "IDP/token", clientId: "cid", clientSecret: "csecret"}}
            }
        }
    ]
}
service /oauthc on ep {
    resource function get data() returns string {
        return "introspected with a token";
    }
}

@http:ServiceConfig {
    auth: [{jwtValidatorConfig: {issuer: "wso2", signatureConfig: {jwksConfig: {url: "IDP/jwks"}}}}]
}
service /jwks on ep {
    resource function get data() returns string {
        return "jwks ok";
    }
}

service /manual on ep {
    private final http:ListenerFileUserStoreBasicAuthHandler basic = new;
    private final http:ListenerJwtAuthHandler jwtHandler = new ({issuer: "wso2", signatureConfig: {secret: "s3cr3t"}});
    private final http:ListenerOAuth2Handler oauth = new ({url: "IDP/introspect"});

    resource function get basic(@http:Header string authorization) returns string|http:Unauthorized|http:Forbidden {
        auth:UserDetails|http:Unauthorized details = self.basic.authenticate(authorization);
        if details is http:Unauthorized {
            return details;
        }
        http:Forbidden? forbidden = self.basic.authorize(details, "admin");
        if forbidden is http:Forbidden {
            return forbidden;
        }
        return "welcome " + details.username;
    }

    resource function get jwt(http:Request req) returns string|http:Unauthorized {
        jwt:Payload|http:Unauthorized payload = self.jwtHandler.authenticate(req);
        if payload is http:Unauthorized {
            return payload;
        }
        return "subject " + (payload?.sub ?: "none");
    }

    resource function get oauth(http:Headers headers) returns string|http:Unauthorized|http:Forbidden {
        oauth2:IntrospectionResponse|http:Unauthorized|http:Forbidden result = self.oauth->authorize(headers, "write");
        if result is oauth2:IntrospectionResponse {
            return "user " + (result?.username ?: "none");
        }
        return result;
    }
}
"#;

/// Starts the services with the file user store users, against the identity provider `idp`.
fn start_services(name: &str, idp: &Server) -> Running {
    start_services_env(name, idp, &[])
}

/// [`start_services`] with environment variables set for the program.
fn start_services_env(name: &str, idp: &Server, env: &[(&str, &str)]) -> Running {
    let directory = scratch(name);
    std::fs::write(directory.join("Config.toml"), USERS).expect("write Config.toml");
    let source = SERVICES
        .replace("IDP", &idp.url())
        .replace("CERT", &key("rsa_public.crt"));
    let file = directory.join(format!("{name}.int"));
    std::fs::write(&file, source).expect("write the program");
    start_path_env(&file, &directory, &["-Cport=0"], env, 1)
}

/// The JWKS of the RS256 test key (`rsa_public.crt`), made from the certificate by openssl
/// (see `tests/programs/auth/keys/README.md`).
fn jwks() -> String {
    std::fs::read_to_string(format!(
        "{}/../tests/programs/auth/keys/jwks.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("the JWKS fixture")
}

fn idp() -> Server {
    Server::start(jwks())
}

fn basic(user: &str, password: &str) -> String {
    format!("Basic {}", base64(format!("{user}:{password}").as_bytes()))
}

fn get(running: &Running, path: &str, authorization: Option<&str>) -> (u16, String) {
    let headers: Vec<(&str, &str)> = authorization
        .map(|a| vec![("authorization", a)])
        .unwrap_or_default();
    let reply = request(running.port, "GET", path, &headers, b"");
    (reply.status, reply.text())
}

/// Runs a client program calling `path` on the services with `http:Client` configured by
/// `auth` (a Ballerina mapping): the status and body it prints.
fn call_with(name: &str, port: u16, auth: &str, path: &str) -> String {
    let source = format!(
        r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {{
    http:Client c = check new ("http://127.0.0.1:" + port.toString(), auth = {auth});
    http:Response r = check c->get("{path}");
    io:println(r.statusCode, " ", check r.getTextPayload());
}}
"#
    );
    let (code, stdout, stderr) = run_client(name, &source, port);
    assert_eq!(code, Some(0), "stderr:\n{stderr}");
    stdout.trim_end().to_string()
}

fn rs256_issuer(claims: &str) -> String {
    format!(
        r#"{{issuer: "wso2", audience: "intc", username: "alice", expTime: 60, {claims}
            signatureConfig: {{config: {{keyFile: "{}"}}}}}}"#,
        key("rsa_private.key")
    )
}

// ---- Basic auth with the file user store --------------------------------------------------

#[test]
fn basic_auth_user_with_scope_is_served() {
    let idp = idp();
    let running = start_services("basic_ok", &idp);
    assert_eq!(
        get(&running, "/basic/hello", Some(&basic("bob", "pw2"))),
        (200, "hello".into())
    );
    running.stop_ok();
}

#[test]
fn basic_auth_without_header_is_401_without_body() {
    let idp = idp();
    let running = start_services("basic_none", &idp);
    let reply = request(running.port, "GET", "/basic/hello", &[], b"");
    assert_eq!(reply.status, 401);
    assert!(reply.body.is_empty(), "{}", reply.text());
    assert_eq!(reply.header("www-authenticate"), None);
    running.stop_ok();
}

#[test]
fn basic_auth_wrong_password_or_unknown_user_is_401() {
    let idp = idp();
    let running = start_services("basic_wrong", &idp);
    assert_eq!(
        get(&running, "/basic/hello", Some(&basic("bob", "nope"))).0,
        401
    );
    assert_eq!(
        get(&running, "/basic/hello", Some(&basic("carol", "pw"))).0,
        401
    );
    assert_eq!(
        get(&running, "/basic/hello", Some("Basic not-base64!")).0,
        401
    );
    assert_eq!(get(&running, "/basic/hello", Some("Basic")).0, 401);
    running.stop_ok();
}

#[test]
fn resource_scopes_replace_the_service_scopes() {
    let idp = idp();
    let running = start_services("basic_scopes", &idp);
    assert_eq!(
        get(&running, "/basic/admin", Some(&basic("alice", "pw1"))),
        (200, "admin".into())
    );
    let (status, body) = get(&running, "/basic/admin", Some(&basic("bob", "pw2")));
    assert_eq!((status, body.as_str()), (403, ""));
    running.stop_ok();
}

#[test]
fn resource_auth_overrides_the_service_auth() {
    let idp = idp();
    let running = start_services("override", &idp);
    // The service's Basic auth no longer applies to this resource ...
    assert_eq!(
        get(&running, "/basic/overridden", Some(&basic("alice", "pw1"))).0,
        401
    );
    // ... its own JWT configuration does.
    let printed = call_with(
        "override_client",
        running.port,
        r#"{issuer: "wso2", expTime: 60, signatureConfig: {algorithm: "HS256", config: "s3cr3t"}}"#,
        "/basic/overridden",
    );
    assert_eq!(printed, "200 jwt instead");
    running.stop_ok();
}

#[test]
fn services_without_auth_stay_open() {
    let idp = idp();
    let running = start_services("open", &idp);
    assert_eq!(get(&running, "/open/hello", None), (200, "open".into()));
    running.stop_ok();
}

// ---- JWT --------------------------------------------------------------------------------

#[test]
fn jwt_signed_by_the_certificate_key_with_scope_is_served() {
    let idp = idp();
    let running = start_services("jwt_cert", &idp);
    let printed = call_with(
        "jwt_cert_client",
        running.port,
        &rs256_issuer(r#"customClaims: {scp: "read write"},"#),
        "/jwt/whoami",
    );
    assert_eq!(printed, "200 jwt ok");
    running.stop_ok();
}

#[test]
fn jwt_authenticated_without_the_scope_is_403_even_if_a_later_config_would_accept() {
    let idp = idp();
    let running = start_services("jwt_scope", &idp);
    let printed = call_with(
        "jwt_scope_client",
        running.port,
        &rs256_issuer(r#"customClaims: {scp: "read"},"#),
        "/jwt/whoami",
    );
    assert_eq!(printed, "403");
    running.stop_ok();
}

#[test]
fn jwt_second_config_authenticates_when_the_first_cannot() {
    let idp = idp();
    let running = start_services("jwt_second", &idp);
    let printed = call_with(
        "jwt_second_client",
        running.port,
        r#"{issuer: "wso2", expTime: 60, signatureConfig: {algorithm: "HS256", config: "s3cr3t"}}"#,
        "/jwt/whoami",
    );
    assert_eq!(printed, "200 jwt ok");
    running.stop_ok();
}

#[test]
fn jwt_with_wrong_secret_or_issuer_is_401() {
    let idp = idp();
    let running = start_services("jwt_wrong", &idp);
    let wrong_secret = call_with(
        "jwt_wrong_secret",
        running.port,
        r#"{issuer: "wso2", expTime: 60, signatureConfig: {algorithm: "HS256", config: "other"}}"#,
        "/jwt/whoami",
    );
    assert_eq!(wrong_secret, "401");
    let wrong_issuer = call_with(
        "jwt_wrong_issuer",
        running.port,
        r#"{issuer: "evil", expTime: 60, signatureConfig: {algorithm: "HS256", config: "s3cr3t"}}"#,
        "/jwt/whoami",
    );
    assert_eq!(wrong_issuer, "401");
    running.stop_ok();
}

#[test]
fn expired_jwt_is_401() {
    let idp = idp();
    let running = start_services("jwt_expired", &idp);
    let printed = call_with(
        "jwt_expired_client",
        running.port,
        r#"{issuer: "wso2", expTime: -120, signatureConfig: {algorithm: "HS256", config: "s3cr3t"}}"#,
        "/jwt/whoami",
    );
    assert_eq!(printed, "401");
    running.stop_ok();
}

/// Base64url without padding.
fn base64url(input: &str) -> String {
    base64(input.as_bytes())
        .trim_end_matches('=')
        .replace('+', "-")
        .replace('/', "_")
}

#[test]
fn unsigned_jwt_with_alg_none_is_always_401() {
    let idp = idp();
    let running = start_services("jwt_none", &idp);
    let header = base64url(r#"{"alg":"none","typ":"JWT"}"#);
    let payload = base64url(r#"{"iss":"wso2","sub":"alice","exp":4102444800}"#);
    for token in [
        format!("{header}.{payload}."),
        format!("{header}.{payload}"),
    ] {
        let bearer = format!("Bearer {token}");
        assert_eq!(get(&running, "/jwt/whoami", Some(&bearer)).0, 401);
        assert_eq!(get(&running, "/basic/overridden", Some(&bearer)).0, 401);
    }
    running.stop_ok();
}

#[test]
fn garbage_bearer_token_is_401() {
    let idp = idp();
    let running = start_services("jwt_garbage", &idp);
    assert_eq!(
        get(&running, "/jwt/whoami", Some("Bearer abc.def.ghi")).0,
        401
    );
    assert_eq!(get(&running, "/jwt/whoami", Some("Bearer")).0, 401);
    running.stop_ok();
}

#[test]
fn jwt_validated_by_a_key_from_the_jwks_endpoint() {
    let idp = idp();
    let running = start_services("jwks_ok", &idp);
    let issuer = format!(
        r#"{{issuer: "wso2", keyId: "rsa-test", expTime: 60,
            signatureConfig: {{config: {{keyFile: "{}"}}}}}}"#,
        key("rsa_private.key")
    );
    assert_eq!(
        call_with("jwks_client", running.port, &issuer, "/jwks/data"),
        "200 jwks ok"
    );
    // The JWKS is fetched once, then cached.
    assert_eq!(
        call_with("jwks_client_again", running.port, &issuer, "/jwks/data"),
        "200 jwks ok"
    );
    assert_eq!(idp.seen("/jwks").len(), 1);
    running.stop_ok();
}

#[test]
fn es256_jwt_validated_by_an_ec_key_from_the_jwks_endpoint() {
    let idp = idp();
    let running = start_services("jwks_ec", &idp);
    let issuer = format!(
        r#"{{issuer: "wso2", keyId: "ec-test", expTime: 60,
            signatureConfig: {{algorithm: "ES256", config: {{keyFile: "{}"}}}}}}"#,
        key("ec256_private.key")
    );
    assert_eq!(
        call_with("jwks_ec_client", running.port, &issuer, "/jwks/data"),
        "200 jwks ok"
    );
    // The RSA key of another `kid` does not verify an ES256 signature.
    let wrong_kid = issuer.replace("ec-test", "rsa-test");
    assert_eq!(
        call_with("jwks_ec_wrong_kid", running.port, &wrong_kid, "/jwks/data"),
        "401"
    );
    running.stop_ok();
}

#[test]
fn jwt_signed_by_another_key_or_unknown_kid_fails_against_the_jwks() {
    let idp = idp();
    let running = start_services("jwks_wrong", &idp);
    let other_key = format!(
        r#"{{issuer: "wso2", keyId: "rsa-test", expTime: 60,
            signatureConfig: {{config: {{keyFile: "{}"}}}}}}"#,
        key("other_rsa_private.key")
    );
    assert_eq!(
        call_with("jwks_other_key", running.port, &other_key, "/jwks/data"),
        "401"
    );
    let unknown_kid = format!(
        r#"{{issuer: "wso2", keyId: "nobody", expTime: 60,
            signatureConfig: {{config: {{keyFile: "{}"}}}}}}"#,
        key("rsa_private.key")
    );
    assert_eq!(
        call_with("jwks_unknown_kid", running.port, &unknown_kid, "/jwks/data"),
        "401"
    );
    running.stop_ok();
}

// ---- OAuth2 introspection -----------------------------------------------------------------

#[test]
fn introspection_active_token_with_scope_is_served_and_cached() {
    let idp = idp();
    // One thread here; `introspection_answers_are_shared_by_every_thread` covers several.
    let running = start_services_env("introspect_ok", &idp, &[("INTC_HTTP_THREADS", "1")]);
    for _ in 0..2 {
        assert_eq!(
            get(&running, "/oauth/data", Some("Bearer good-read")),
            (200, "oauth ok".into())
        );
    }
    let calls = idp.seen("/introspect");
    assert_eq!(
        calls.len(),
        1,
        "the second request is answered from the cache"
    );
    assert_eq!(
        form(&calls[0].body),
        vec![
            ("token".to_string(), "good-read".to_string()),
            ("token_type_hint".to_string(), "access_token".to_string())
        ]
    );
    assert_eq!(
        calls[0].content_type.as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    running.stop_ok();
}

#[test]
fn introspection_answers_are_shared_by_every_thread() {
    let idp = idp();
    let running = start_services_env("introspect_threads", &idp, &[("INTC_HTTP_THREADS", "2")]);
    // Every request is a new connection, which the kernel spreads over the two threads'
    // sockets (`SO_REUSEPORT`); each thread has its own copy of the auth handler, but the
    // answers are cached for the process: one introspection per token.
    for token in ["Bearer good-read", "Bearer good-read-write"] {
        for _ in 0..12 {
            assert_eq!(
                get(&running, "/oauth/data", Some(token)),
                (200, "oauth ok".into())
            );
        }
    }
    let tokens: Vec<String> = idp
        .seen("/introspect")
        .iter()
        .map(|call| form(&call.body)[0].1.clone())
        .collect();
    assert_eq!(tokens, ["good-read", "good-read-write"]);
    let stopped = running.stop_ok();
    assert!(!stopped.stderr.contains("one thread"), "{}", stopped.stderr);
}

#[test]
fn introspection_inactive_token_is_401_and_missing_scope_403() {
    let idp = idp();
    let running = start_services("introspect_denied", &idp);
    assert_eq!(get(&running, "/oauth/data", Some("Bearer revoked")).0, 401);
    assert_eq!(
        get(&running, "/oauth/data", Some("Bearer good-write")).0,
        403
    );
    assert_eq!(
        get(&running, "/oauth/data", Some(&basic("alice", "pw1"))).0,
        401
    );
    running.stop_ok();
}

#[test]
fn introspection_client_authenticates_with_its_own_oauth2_token() {
    let idp = idp();
    let running = start_services("introspect_client_auth", &idp);
    assert_eq!(
        get(&running, "/oauthc/data", Some("Bearer good")),
        (200, "introspected with a token".into())
    );
    let calls = idp.seen("/introspect");
    assert_eq!(calls.len(), 1);
    assert_eq!(
        calls[0].authorization.as_deref(),
        Some("Bearer client_credentials-1-from-none")
    );
    assert_eq!(calls[0].body, "token=good");
    assert_eq!(idp.seen("/token").len(), 1);
    running.stop_ok();
}

// ---- Imperative listener handlers ---------------------------------------------------------

#[test]
fn file_user_store_handler_authenticates_and_authorizes() {
    let idp = idp();
    let running = start_services("manual_basic", &idp);
    assert_eq!(
        get(&running, "/manual/basic", Some(&basic("alice", "pw1"))),
        (200, "welcome alice".into())
    );
    assert_eq!(
        get(&running, "/manual/basic", Some(&basic("bob", "pw2"))).0,
        403
    );
    let (status, body) = get(&running, "/manual/basic", Some(&basic("bob", "x")));
    assert_eq!(status, 401);
    assert_eq!(
        body,
        "Failed to authenticate username 'bob' from file user store."
    );
    let (status, body) = get(&running, "/manual/basic", Some(&basic("eve", "x")));
    assert_eq!(status, 401);
    assert_eq!(body, "Username 'eve' does not exists in file user store.");
    running.stop_ok();
}

#[test]
fn jwt_handler_reads_the_request_header() {
    let idp = idp();
    let running = start_services("manual_jwt", &idp);
    let printed = call_with(
        "manual_jwt_client",
        running.port,
        r#"{issuer: "wso2", username: "bob", expTime: 60, signatureConfig: {algorithm: "HS256", config: "s3cr3t"}}"#,
        "/manual/jwt",
    );
    assert_eq!(printed, "200 subject bob");
    let (status, body) = get(&running, "/manual/jwt", None);
    assert_eq!(status, 401);
    assert!(
        body.contains("Authorization header not available."),
        "{body}"
    );
    running.stop_ok();
}

#[test]
fn oauth2_handler_checks_activity_and_scope() {
    let idp = idp();
    let running = start_services("manual_oauth", &idp);
    assert_eq!(
        get(&running, "/manual/oauth", Some("Bearer good-write")),
        (200, "user alice".into())
    );
    assert_eq!(
        get(&running, "/manual/oauth", Some("Bearer good-read")).0,
        403
    );
    let (status, body) = get(&running, "/manual/oauth", Some("Bearer nope"));
    assert_eq!(status, 401);
    assert_eq!(body, "The provided access-token is not active.");
    running.stop_ok();
}

// ---- Client auth --------------------------------------------------------------------------

/// Runs a program whose `http:Client` (configured by `auth`) calls the echoing backend `times`
/// times, sleeping `sleep` seconds between calls: the `Authorization` headers it sent.
fn echo_auth(name: &str, idp: &Server, auth: &str, times: u32, sleep: u32) -> Vec<String> {
    let source = format!(
        r#"import ballerina/http;
import ballerina/io;
import ballerina/lang.runtime;

configurable int port = ?;

public function main() returns error? {{
    http:Client c = check new ("http://127.0.0.1:" + port.toString(), auth = {auth});
    foreach int i in 0 ..< {times} {{
        if i > 0 {{
            runtime:sleep({sleep});
        }}
        string sent = check c->get("/echo-auth");
        io:println(sent);
    }}
}}
"#
    );
    let (code, stdout, stderr) = run_client(name, &source, idp.port);
    assert_eq!(code, Some(0), "stderr:\n{stderr}");
    stdout.lines().map(str::to_owned).collect()
}

#[test]
fn client_basic_auth_sends_the_encoded_credentials() {
    let idp = idp();
    let sent = echo_auth(
        "client_basic",
        &idp,
        r#"{username: "tom", password: "123:x"}"#,
        2,
        0,
    );
    assert_eq!(sent, vec![basic("tom", "123:x"), basic("tom", "123:x")]);
}

#[test]
fn client_bearer_token_is_sent() {
    let idp = idp();
    let sent = echo_auth(
        "client_bearer",
        &idp,
        r#"{token: "JlbmMiOiJBMTI4Q0JDLUhTMjU2In"}"#,
        1,
        0,
    );
    assert_eq!(sent, vec!["Bearer JlbmMiOiJBMTI4Q0JDLUhTMjU2In"]);
}

#[test]
fn client_empty_credentials_are_a_client_auth_error() {
    let idp = idp();
    let source = r#"import ballerina/http;
import ballerina/io;

configurable int port = ?;

public function main() returns error? {
    http:Client c = check new ("http://127.0.0.1:" + port.toString(), auth = {token: ""});
    string|error sent = c->get("/echo-auth");
    io:println(sent is http:ClientAuthError, " ", sent is error ? sent.message() : sent);
    http:Client d = check new ("http://127.0.0.1:" + port.toString(), auth = {username: "", password: "x"});
    sent = d->get("/echo-auth");
    io:println(sent is http:ClientAuthError, " ", sent is error ? sent.message() : sent);
}
"#;
    let (code, stdout, stderr) = run_client("client_empty", source, idp.port);
    assert_eq!(code, Some(0), "stderr:\n{stderr}");
    assert_eq!(
        stdout,
        "true Failed to enrich request with Bearer token.\n\
         true Failed to enrich request with Basic Auth token. Username or password cannot be empty.\n"
    );
    assert!(idp.seen("/echo-auth").is_empty());
}

#[test]
fn client_self_signed_jwt_is_verifiable_with_the_certificate() {
    let idp = idp();
    let source = format!(
        r#"import ballerina/http;
import ballerina/io;
import ballerina/jwt;

configurable int port = ?;

public function main() returns error? {{
    http:Client c = check new ("http://127.0.0.1:" + port.toString(), auth = {});
    string sent = check c->get("/echo-auth");
    io:println(sent.substring(0, 7));
    jwt:Payload payload = check jwt:validate(sent.substring(7), {{issuer: "wso2", audience: "intc",
        signatureConfig: {{certFile: "{}"}}}});
    io:println(payload?.sub, " ", payload["scp"]);
}}
"#,
        rs256_issuer(r#"customClaims: {scp: "read"},"#),
        key("rsa_public.crt")
    );
    let (code, stdout, stderr) = run_client("client_jwt", &source, idp.port);
    assert_eq!(code, Some(0), "stderr:\n{stderr}");
    assert_eq!(stdout, "Bearer \nalice read\n");
}

fn token_url(idp: &Server, expires: u32) -> String {
    format!("{}/token?expires={expires}", idp.url())
}

#[test]
fn client_credentials_grant_token_is_cached() {
    let idp = idp();
    let auth = format!(
        r#"{{tokenUrl: "{}", clientId: "{CLIENT_ID}", clientSecret: "{CLIENT_SECRET}", scopes: ["read", " write "]}}"#,
        token_url(&idp, 3600)
    );
    let sent = echo_auth("client_credentials", &idp, &auth, 3, 0);
    assert_eq!(sent, vec!["Bearer client_credentials-1-from-none"; 3]);
    let calls = idp.seen("/token");
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].method, "POST");
    assert_eq!(
        calls[0].authorization.as_deref(),
        Some(basic(CLIENT_ID, CLIENT_SECRET).as_str())
    );
    assert_eq!(
        calls[0].body,
        "grant_type=client_credentials&scope=read write"
    );
    assert_eq!(
        calls[0].content_type.as_deref(),
        Some("application/x-www-form-urlencoded")
    );
}

#[test]
fn client_credentials_in_the_body_with_post_body_bearer() {
    let idp = idp();
    let auth = format!(
        r#"{{tokenUrl: "{}", clientId: "{CLIENT_ID}", clientSecret: "{CLIENT_SECRET}", credentialBearer: "POST_BODY_BEARER", optionalParams: {{audience: "api"}}}}"#,
        token_url(&idp, 3600)
    );
    let sent = echo_auth("client_post_body", &idp, &auth, 1, 0);
    assert_eq!(sent, vec!["Bearer client_credentials-1-from-none"]);
    let calls = idp.seen("/token");
    assert_eq!(calls[0].authorization, None);
    assert_eq!(
        calls[0].body,
        format!("grant_type=client_credentials&audience=api&client_id={CLIENT_ID}&client_secret={CLIENT_SECRET}")
    );
}

#[test]
fn client_credentials_token_is_requested_again_once_expired() {
    let idp = idp();
    let auth = format!(
        r#"{{tokenUrl: "{}", clientId: "{CLIENT_ID}", clientSecret: "{CLIENT_SECRET}"}}"#,
        token_url(&idp, 1)
    );
    let sent = echo_auth("client_expiry", &idp, &auth, 2, 2);
    assert_eq!(
        sent,
        vec![
            "Bearer client_credentials-1-from-none",
            "Bearer client_credentials-2-from-none"
        ]
    );
    assert_eq!(idp.seen("/token").len(), 2);
}

#[test]
fn password_grant_refreshes_with_the_cached_refresh_token() {
    let idp = idp();
    let auth = format!(
        r#"{{tokenUrl: "{}", username: "alice", password: "wonderland", clientId: "{CLIENT_ID}",
            clientSecret: "{CLIENT_SECRET}", refreshConfig: "INFER_REFRESH_CONFIG"}}"#,
        token_url(&idp, 1)
    );
    let sent = echo_auth("client_password", &idp, &auth, 2, 2);
    assert_eq!(
        sent,
        vec![
            "Bearer password-1-from-none",
            "Bearer refresh_token-2-from-refresh-1"
        ]
    );
    let calls = idp.seen("/token");
    assert_eq!(
        calls[0].body,
        "grant_type=password&username=alice&password=wonderland"
    );
    assert_eq!(
        calls[1].body,
        "grant_type=refresh_token&refresh_token=refresh-1"
    );
}

#[test]
fn refresh_token_grant_uses_the_configured_then_the_received_refresh_token() {
    let idp = idp();
    let auth = format!(
        r#"{{refreshUrl: "{}", refreshToken: "r0", clientId: "{CLIENT_ID}", clientSecret: "{CLIENT_SECRET}"}}"#,
        token_url(&idp, 1)
    );
    let sent = echo_auth("client_refresh", &idp, &auth, 2, 2);
    assert_eq!(
        sent,
        vec![
            "Bearer refresh_token-1-from-r0",
            "Bearer refresh_token-2-from-refresh-1"
        ]
    );
}

#[test]
fn rejected_client_credentials_panic_at_client_init() {
    let idp = idp();
    let source = format!(
        r#"import ballerina/http;

configurable int port = ?;

public function main() returns error? {{
    http:Client c = check new ("http://127.0.0.1:" + port.toString(), auth = {{
        tokenUrl: "{}", clientId: "{CLIENT_ID}", clientSecret: "wrong"
    }});
    _ = check c->get("/echo-auth");
}}
"#,
        token_url(&idp, 3600)
    );
    let (code, _, stderr) = run_client("client_rejected", &source, idp.port);
    assert_eq!(code, Some(1), "stderr:\n{stderr}");
    assert!(
        stderr.contains("Failed to call the token endpoint")
            && stderr.contains("Response code: '401'"),
        "{stderr}"
    );
    assert!(idp.seen("/echo-auth").is_empty());
}

#[test]
fn concurrent_requests_after_expiry_refresh_the_token_once() {
    let idp = idp();
    let source = format!(
        r#"import ballerina/http;
import ballerina/io;
import ballerina/lang.runtime;

configurable int port = ?;

public function main() returns error? {{
    http:Client c = check new ("http://127.0.0.1:" + port.toString(), auth = {{
        tokenUrl: "{}", clientId: "{CLIENT_ID}", clientSecret: "{CLIENT_SECRET}"
    }});
    runtime:sleep(2);
    future<string|error> a = start c->get("/echo-auth");
    future<string|error> b = start c->get("/echo-auth");
    future<string|error> d = start c->post("/echo-auth", "payload");
    io:println(check wait a);
    io:println(check wait b);
    io:println(check wait d);
}}
"#,
        token_url(&idp, 1)
    );
    let (code, stdout, stderr) = run_client("client_concurrent", &source, idp.port);
    assert_eq!(code, Some(0), "stderr:\n{stderr}");
    assert_eq!(stdout, "Bearer client_credentials-2-from-none\n".repeat(3));
    assert_eq!(idp.seen("/token").len(), 2);
    let posted: Vec<_> = idp
        .seen("/echo-auth")
        .into_iter()
        .filter(|s| s.method == "POST")
        .collect();
    assert_eq!(posted.len(), 1);
    assert_eq!(posted[0].body, "payload");
}
