//! OAuth: the four grants, restricted credentials, refresh, revoke, expiry,
//! and JWT bearer signatures, compared with recorded real responses.

use crate::server_common;

use std::time::Duration;

use serde_json::{json, Value};
use server_common::{builder, fixture, keys, start, Api};
use sf_emulator::{Credentials, Emulator};

/// A throwaway RSA key pair made for this test with `openssl genrsa` and
/// `openssl req -x509`; it protects nothing.
const TEST_RSA_KEY: &str = "-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDLeXVObQkd0j2X
nEzfZKWrYv4FOIlkDvlqPRSh0/SHmCXI6YvNn+wAwUJlhQYN6wiC2Cn+eQiPzaAe
/46e7UmdeVlRy6IbqtlESUPPHGANXwSrHqzE6vXf1ez992P8jEaJGuVj/uIZL9/a
l6/pgMrkvFLvLLIQ4lErMkDdXm0fl9xDIINs4tVx7Mj9zWmlaPTfV8k7LUOpD9kQ
Q6f7W+0MvSiI0llVf1OpHfDBcA27QtLYO4t8+hbKWx0p2PPEDXhaBBI+mJt5Wk3C
aOaRABhSUx2Ot6KsVPlaWSxS8nf+t4KfCCq8x/TJAJjWqG8NaJqyJTF17tasLLSh
indjDHY7AgMBAAECggEAGgP6MarTQugso9kszatABhJuyXAZxkdRMHowIc4d3RsL
nw1CqL8iclOYuljbFfslEsWx/i1aION47j2ymIiyTtttxigzyTcmTGAptq4Owebn
i+bXeYipIz4Q7RqCbY8/PYHI2T4viRThRED8vELmrimTWQKX9HywmsX0G9mvjh2m
jOHXd89Irw7v3a2xS7sIFjXNBeK4Lt8ub/IIly37HnFVK4FkTlDNCouo1xly7z6x
0CROHbT6cAhJxhCMro4TsU1ZXzkhHfOrbfh7UQrE+hk8duxcSnuCeOqb0PZ0Z7sf
3tRmq56rHc5a+OtFfndcVo6ZicT1WgOkW+JN2iimgQKBgQD8enccDQsBD63AJbyP
tcRRq0JHy/OO1b7i3m2boDd6ppT9b6y44qHhD7rEO01Orkrk1DnfxlCgc9cnHymp
FxEWY0M7T93R4P33kgKO+lHRmVzX+f/319iniA7cRsbHF0a2RHfBQID/ihnu8AP1
9s83gn1vjwY+8GR43a1x7eU/GwKBgQDOUAM8BcE03/dqD1td6kv7qaDx7yRB17b2
loTd+5Skh/QKCVMXyo3pXLDlHMkrLmcqXA1K8mMRSK8gO4linVc8HpnlhMMgtwfU
hQzT/OcpjMxwohLgfkFjLpVde50d8kUpqLTIj4Y855n0u7M/Swo4No03MANSSodK
TTjtiC53YQKBgBrHRnDUNVGUfyI9HmXDqqHa3znMOPXyV7+qRcfW02uP1YeX26L0
bqT3TSDZBVcOB2WD2OuSFiUehDhjBsEncCmGt6/Hxcgn6+fhNaJCjIEFmiJSIsL/
wrvqI2FbpGOjZV2Zn3YAyG3SEPQVwuXImqvRjEpTyh7M0ms7X9UQnVr3AoGAaPfM
rX1AD+bjutKVafMLNb/YYz+I8vcN3+g1MbwOpKeHQpP78t7b1R+T4P4EXDP/yU2M
ddVdEi4o6/1eqQ3klHH9WwlxPfPhx/7px/Gkqz83xRaxBAc4vX22ARojlljtV4S+
dkyPv+0WJ65YRJupV3Bp6OpExlmk++jOTgw7mAECgYEArzuL91WrS2pW8YFKq437
OJ1CB4WTNpjLTqLj5/WrYwgN53Q1rMzZNKg+y5P5Gxh0bxGa7Fh1cdqz0SenZs0K
QiTAkRk8gxdpCg/C7m3h++v3TcHUMF6gG2bCM2ynIgXp7lHI46g066V7fwcAYPdV
clUfHbwcG3sFFbZR9T3z4YE=
-----END PRIVATE KEY-----";
const TEST_RSA_CERT: &str = "-----BEGIN CERTIFICATE-----
MIIDGTCCAgGgAwIBAgIUT321Mv32P7aCMDDaKMW2TkPj6Q4wDQYJKoZIhvcNAQEL
BQAwGzEZMBcGA1UEAwwQc2YtZW11bGF0b3ItdGVzdDAgFw0yNjExMjMwOTI1MjZa
GA8yMTI2MTAzMDA5MjUyNlowGzEZMBcGA1UEAwwQc2YtZW11bGF0b3ItdGVzdDCC
ASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAMt5dU5tCR3SPZecTN9kpati
/gU4iWQO+Wo9FKHT9IeYJcjpi82f7ADBQmWFBg3rCILYKf55CI/NoB7/jp7tSZ15
WVHLohuq2URJQ88cYA1fBKserMTq9d/V7P33Y/yMRoka5WP+4hkv39qXr+mAyuS8
Uu8sshDiUSsyQN1ebR+X3EMgg2zi1XHsyP3NaaVo9N9XyTstQ6kP2RBDp/tb7Qy9
KIjSWVV/U6kd8MFwDbtC0tg7i3z6FspbHSnY88QNeFoEEj6Ym3laTcJo5pEAGFJT
HY63oqxU+VpZLFLyd/63gp8IKrzH9MkAmNaobw1omrIlMXXu1qwstKGKd2MMdjsC
AwEAAaNTMFEwHQYDVR0OBBYEFBmcYPyeibRU/6uPgDBwzIlon7VbMB8GA1UdIwQY
MBaAFBmcYPyeibRU/6uPgDBwzIlon7VbMA8GA1UdEwEB/wQFMAMBAf8wDQYJKoZI
hvcNAQELBQADggEBALD+lwMxAfIesapqPZNNblUHokUNhVkh2zm456Jul9rfyYpa
V+Ew0KJBsgZ+T1/tSDWpgu+m6rDva71tqmnLrofMA/lW4SyxsAL/+MgVXBEaToHm
faScZhptum6Enjisol/We5srsoRoiFFfYjFUXSvt9RkywhDSUdfjn3Q/8HU1/hf9
rkQB36EkufFK6SSR+hgQxT3PfVqZm/8PvopXM8ffketaCQRS3Gefv2WYJz13iDP1
DkYLk7SfZ756f0DDPM4K288kdt7BCde7Mx82ypgjECxaEZe986Aw8gC3IfFJ8Tni
zP3fWoP9EZp0TT/voMmyzoA5w9sssWjU97HqNro=
-----END CERTIFICATE-----";

async fn token(emu: &Emulator, form: &[(&str, &str)]) -> (u16, Value) {
    let resp = reqwest::Client::new()
        .post(format!("{}/services/oauth2/token", emu.url()))
        .form(form)
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.json().await.unwrap())
}

async fn api_status(emu: &Emulator, token: &str) -> u16 {
    let api = Api {
        token: token.to_owned(),
        ..Api::new(emu)
    };
    api.get("sobjects").await.0
}

#[tokio::test]
async fn open_emulator_accepts_any_client_and_points_at_itself() {
    let emu = start().await;
    let (status, body) = token(
        &emu,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", "any"),
            ("client_secret", "thing"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let real = fixture("restforce/auth_success_response.json");
    for k in keys(&real) {
        assert!(body.get(&k).is_some(), "token response lacks {k}");
    }
    assert_eq!(body["instance_url"], emu.url());
    assert_eq!(body["token_type"], "Bearer");
    let access = body["access_token"].as_str().unwrap();
    assert_eq!(api_status(&emu, access).await, 200);

    let (status, body) = token(
        &emu,
        &[
            ("grant_type", "password"),
            ("client_id", "x"),
            ("username", "u@example.com"),
            ("password", "pw"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        api_status(&emu, body["access_token"].as_str().unwrap()).await,
        200
    );

    let (status, body) = token(&emu, &[("grant_type", "magic")]).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"], "unsupported_grant_type");
}

#[tokio::test]
async fn restricted_credentials_are_enforced() {
    let creds = Credentials {
        client: Some(("cid".into(), "csecret".into())),
        user: Some(("me@example.com".into(), "pass".into())),
        jwt_public_key_pem: None,
    };
    let emu = builder().credentials(creds).start().await.unwrap();
    let (status, body) = token(
        &emu,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", "cid"),
            ("client_secret", "wrong"),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_client"))
    );
    let (status, body) = token(
        &emu,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", "other"),
            ("client_secret", "csecret"),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_client_id"))
    );
    let (status, body) = token(
        &emu,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", "cid"),
            ("client_secret", "csecret"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");

    let real = fixture("restforce/auth_error_response.json");
    let (status, body) = token(
        &emu,
        &[
            ("grant_type", "password"),
            ("client_id", "cid"),
            ("client_secret", "csecret"),
            ("username", "me@example.com"),
            ("password", "nope"),
        ],
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(keys(&body), keys(&real));
    assert_eq!(
        body,
        json!({"error": "invalid_grant", "error_description": "authentication failure"})
    );
    let (status, _) = token(
        &emu,
        &[
            ("grant_type", "password"),
            ("client_id", "cid"),
            ("client_secret", "csecret"),
            ("username", "me@example.com"),
            ("password", "passSECURITYTOKEN"),
        ],
    )
    .await;
    assert_eq!(status, 200, "password with the security token appended");

    // Refresh tokens must be known when credentials are restricted.
    let (status, _) = token(
        &emu,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", "cid"),
            ("refresh_token", "made-up"),
        ],
    )
    .await;
    assert_eq!(status, 400);
    emu.state().tokens.register_refresh("known-refresh");
    let (status, _) = token(
        &emu,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", "cid"),
            ("refresh_token", "known-refresh"),
        ],
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn refresh_revoke_and_expiry() {
    let emu = start().await;
    let (status, body) = token(
        &emu,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", "x"),
            ("refresh_token", "r1"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    let real = fixture("restforce/refresh_success_response.json");
    assert_eq!(
        keys(&real)
            .iter()
            .filter(|k| body.get(k.as_str()).is_none())
            .count(),
        0
    );
    let access = body["access_token"].as_str().unwrap().to_owned();

    let client = reqwest::Client::new();
    let revoke = |t: &str| {
        client
            .post(format!("{}/services/oauth2/revoke", emu.url()))
            .form(&[("token", t.to_owned())])
            .send()
    };
    assert_eq!(revoke("r1").await.unwrap().status(), 200);
    let (status, body) = token(
        &emu,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", "x"),
            ("refresh_token", "r1"),
        ],
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body, fixture("restforce/refresh_error_response.json"));
    // Salesforce revokes the access tokens obtained with a revoked refresh token.
    assert_eq!(api_status(&emu, &access).await, 401);

    let (_, body) = token(
        &emu,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", "a"),
            ("client_secret", "b"),
        ],
    )
    .await;
    let access = body["access_token"].as_str().unwrap().to_owned();
    assert_eq!(api_status(&emu, &access).await, 200);
    assert_eq!(revoke(&access).await.unwrap().status(), 200);
    assert_eq!(api_status(&emu, &access).await, 401);

    // The pre-registered token survives expiring every issued one.
    let (_, body) = token(
        &emu,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", "a"),
            ("client_secret", "b"),
        ],
    )
    .await;
    let issued = body["access_token"].as_str().unwrap().to_owned();
    emu.faults().expire_tokens();
    assert_eq!(api_status(&emu, &issued).await, 401);
    assert_eq!(api_status(&emu, emu.access_token()).await, 200);

    let emu = builder().token_ttl(Duration::ZERO).start().await.unwrap();
    let (_, body) = token(
        &emu,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", "a"),
            ("client_secret", "b"),
        ],
    )
    .await;
    assert_eq!(
        api_status(&emu, body["access_token"].as_str().unwrap()).await,
        401,
        "expired at issue"
    );
}

fn assertion(claims: Value) -> String {
    let key = jsonwebtoken::EncodingKey::from_rsa_pem(TEST_RSA_KEY.as_bytes()).unwrap();
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256),
        &claims,
        &key,
    )
    .unwrap()
}

fn claims(exp_offset: i64) -> Value {
    let exp = chrono::Utc::now().timestamp() + exp_offset;
    json!({"iss": "cid", "sub": "me@example.com", "aud": "https://login.salesforce.com", "exp": exp})
}

#[tokio::test]
async fn jwt_bearer_signatures_are_verified_against_the_certificate() {
    let creds = Credentials {
        jwt_public_key_pem: Some(TEST_RSA_CERT.to_owned()),
        ..Credentials::default()
    };
    let emu = builder().credentials(creds).start().await.unwrap();
    const GRANT: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    let good = assertion(claims(300));
    let (status, body) = token(&emu, &[("grant_type", GRANT), ("assertion", &good)]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        api_status(&emu, body["access_token"].as_str().unwrap()).await,
        200
    );

    // Same signature over different claims.
    let mut parts: Vec<String> = good.split('.').map(str::to_owned).collect();
    let forged = assertion(
        json!({"iss": "cid", "sub": "admin@example.com", "exp": chrono::Utc::now().timestamp() + 300}),
    );
    parts[1] = forged.split('.').nth(1).unwrap().to_owned();
    let (status, body) = token(
        &emu,
        &[("grant_type", GRANT), ("assertion", &parts.join("."))],
    )
    .await;
    assert_eq!(
        (status, body),
        (
            400,
            json!({"error": "invalid_grant", "error_description": "invalid assertion"})
        )
    );

    let (status, body) = token(
        &emu,
        &[
            ("grant_type", GRANT),
            ("assertion", &assertion(claims(-3600))),
        ],
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"], "invalid_grant");
}

#[tokio::test]
async fn identity_url_and_userinfo() {
    let emu = start().await;
    let (_, body) = token(
        &emu,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", "a"),
            ("client_secret", "b"),
        ],
    )
    .await;
    let access = body["access_token"].as_str().unwrap();
    let id_url = body["id"].as_str().unwrap();
    assert!(
        id_url.starts_with(&format!("{}/id/00D", emu.url())),
        "{id_url}"
    );
    let identity: Value = reqwest::get(id_url).await.unwrap().json().await.unwrap();
    let real = fixture("auth/swiftly-identity-v53.json");
    for k in keys(&identity) {
        assert!(real.get(&k).is_some(), "identity key {k} is a real one");
    }
    assert_eq!(
        identity["urls"]["rest"],
        format!("{}/services/data/v{{version}}/", emu.url())
    );
    assert_eq!(id_url, identity["id"]);

    let http = reqwest::Client::new();
    let userinfo = format!("{}/services/oauth2/userinfo", emu.url());
    let resp = http
        .get(&userinfo)
        .bearer_auth(access)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let info: Value = resp.json().await.unwrap();
    assert_eq!(info["user_id"], identity["user_id"]);
    let resp = http
        .get(&userinfo)
        .bearer_auth("bogus")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
}
