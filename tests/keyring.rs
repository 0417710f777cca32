//! Secrets against the real OS keyring (Secret Service under D-Bus in CI, where
//! `.ci/test` runs them). Each test uses its own keyring service name and cleans up
//! after itself; without a keyring they fail rather than pass on a mock.

use compliance_desk::auth::secret::Secret;
use compliance_desk::auth::secrets::{SecretKind, SecretStore};
use uuid::Uuid;

fn service_name() -> String {
    format!("com.compliancedesk.test.{}", Uuid::new_v4().simple())
}

#[test]
#[ignore = "needs an unlocked OS keyring (Secret Service under D-Bus): run by .ci/test"]
fn a_secret_survives_in_the_real_keyring_and_is_gone_after_delete() {
    let service = service_name();
    let store = SecretStore::new(&service);
    let instance = Uuid::new_v4();
    let token = Secret::new(format!("5Aep861.refresh.{}", Uuid::new_v4()));
    store
        .set(instance, SecretKind::RefreshToken, &token)
        .expect("the keyring stores the secret");

    // A fresh store reads through new keyring entries: an in-memory mock would not
    // find the value, the real Secret Service does.
    let reread = SecretStore::new(&service);
    assert_eq!(
        reread.get(instance, SecretKind::RefreshToken).unwrap(),
        Some(token.clone())
    );
    assert_eq!(
        reread.get(instance, SecretKind::AccessToken).unwrap(),
        None,
        "kinds are kept apart"
    );
    assert_eq!(
        reread
            .get(Uuid::new_v4(), SecretKind::RefreshToken)
            .unwrap(),
        None,
        "instances are kept apart"
    );

    store
        .set(
            instance,
            SecretKind::ClientSecret,
            &Secret::new("client-secret"),
        )
        .unwrap();
    store.delete_all(instance).unwrap();
    for kind in SecretKind::ALL {
        assert_eq!(
            reread.get(instance, kind).unwrap(),
            None,
            "{kind:?} deleted"
        );
    }
    store
        .delete(instance, SecretKind::AccessToken)
        .expect("deleting what is not there is fine");
}

#[test]
#[ignore = "needs an unlocked OS keyring (Secret Service under D-Bus): run by .ci/test"]
fn a_new_value_replaces_the_old_one() {
    let store = SecretStore::new(service_name());
    let instance = Uuid::new_v4();
    store
        .set(instance, SecretKind::AccessToken, &Secret::new("first"))
        .unwrap();
    store
        .set(instance, SecretKind::AccessToken, &Secret::new("second"))
        .unwrap();
    assert_eq!(
        store
            .get(instance, SecretKind::AccessToken)
            .unwrap()
            .unwrap()
            .expose(),
        "second"
    );
    store.delete_all(instance).unwrap();
}
