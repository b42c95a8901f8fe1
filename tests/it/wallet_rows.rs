//! Wallet rows: found only in their own network, listed per user in one statement, and
//! read with the sums the database keeps.

use crowdgraph::models::wallet::Wallet;
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::common::marketplace::Market;

#[tokio::test]
async fn wallets_are_found_in_their_network_only_with_their_sums() {
    let m = Market::new().await;
    let beta = m.network("beta").await;
    let alice: Uuid = m
        .person("alice@example.com", false, false)
        .await
        .id
        .parse()
        .unwrap();
    let bob: Uuid = beta
        .person(&m.app, "bob@example.com", false, false)
        .await
        .id
        .parse()
        .unwrap();
    let mut conn = m.app.db.conn().await;
    let eur = Wallet::insert(&mut conn, m.network_id, alice, "EUR")
        .await
        .unwrap();
    let usd = Wallet::insert(&mut conn, m.network_id, alice, "USD")
        .await
        .unwrap();
    let bobs = Wallet::insert(&mut conn, beta.network_id, bob, "EUR")
        .await
        .unwrap();
    m.sql(&format!(
        "INSERT INTO transactions (network_id, user_id, wallet_id, transaction_amount)
         VALUES ('{}', '{alice}', '{}', 80)",
        m.network_id, eur.id
    ))
    .await;
    m.sql(&format!(
        "INSERT INTO transactions (network_id, user_id, wallet_id, transaction_amount, payment_status)
         VALUES ('{}', '{alice}', '{}', -30, 0)",
        m.network_id, eur.id
    ))
    .await;

    let found = Wallet::find(&mut conn, m.network_id, eur.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (found.balance, found.committed),
        (Decimal::from(80), Decimal::from(30))
    );
    assert_eq!(found.sums().free(), Decimal::from(50));
    assert!(
        Wallet::find(&mut conn, beta.network_id, eur.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        Wallet::find(&mut conn, m.network_id, bobs.id)
            .await
            .unwrap()
            .is_none()
    );

    let listed = Wallet::of_users(&mut conn, m.network_id, &[alice, bob])
        .await
        .unwrap();
    let ids: Vec<Uuid> = listed.iter().map(|w| w.id).collect();
    assert_eq!(ids, [eur.id, usd.id]);
}
