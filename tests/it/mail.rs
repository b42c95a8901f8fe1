//! The mail outbox and its sender (DESIGN §13), against a real database.

use std::collections::HashMap;
use std::time::Duration;

use chrono::Utc;
use crowdgraph::db::schema::{mail_outbox, networks};
use crowdgraph::mail::{self, MailConfig, Transport};
use crowdgraph::models::mail::{self as outbox, NewMail, OutboxMail, kind, status};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use uuid::Uuid;

use crate::common::TestApp;

async fn network_id(app: &TestApp, name: &str) -> Uuid {
    app.create_network(name).await;
    let mut conn = app.db.conn().await;
    networks::table
        .filter(networks::name.eq(name))
        .select(networks::id)
        .first(&mut conn)
        .await
        .unwrap()
}

fn new_mail<'a>(network_id: Uuid, to: &'a str, subject: &'a str) -> NewMail<'a> {
    NewMail {
        network_id,
        to_address: to,
        subject,
        body_text: "Open https://app.example.com/verify?token=s3cret",
        body_html: None,
        kind: kind::VERIFY_EMAIL,
    }
}

async fn row(conn: &mut AsyncPgConnection, id: Uuid) -> OutboxMail {
    outbox::find(conn, id).await.unwrap().expect("mail row")
}

async fn count_mails(conn: &mut AsyncPgConnection) -> i64 {
    mail_outbox::table.count().get_result(conn).await.unwrap()
}

#[tokio::test]
async fn a_mail_exists_only_if_its_transaction_commits() {
    let app = TestApp::new().await;
    let net = network_id(&app, "acme").await;
    let mut conn = app.db.conn().await;

    let rolled_back = conn
        .transaction(async |conn| -> QueryResult<()> {
            outbox::enqueue(conn, &new_mail(net, "ann@example.com", "rolled back")).await?;
            // The change that caused the mail fails afterwards.
            Err(diesel::result::Error::RollbackTransaction)
        })
        .await;
    assert!(rolled_back.is_err());
    assert_eq!(count_mails(&mut conn).await, 0);

    let id = conn
        .transaction(async |conn| {
            outbox::enqueue(conn, &new_mail(net, "ann@example.com", "committed")).await
        })
        .await
        .unwrap();
    let mail = row(&mut conn, id).await;
    assert_eq!(
        (mail.status, mail.attempts, mail.sent_at, mail.last_error),
        (status::PENDING, 0, None, None)
    );
    assert_eq!(mail.subject, "committed");
    assert_eq!(count_mails(&mut conn).await, 1);
}

#[tokio::test]
async fn the_log_transport_delivers_and_marks_the_mail_sent() {
    let app = TestApp::new().await;
    let net = network_id(&app, "acme").await;
    let mut conn = app.db.conn().await;
    let id = outbox::enqueue(&mut conn, &new_mail(net, "ann@example.com", "hi"))
        .await
        .unwrap();

    let pool = &app.state.pool;
    let config = MailConfig::defaults();
    let sent = mail::deliver_due(pool, &Transport::Log, &config)
        .await
        .unwrap();
    assert_eq!(sent, 1);
    let mail = row(&mut conn, id).await;
    assert_eq!(mail.status, status::SENT);
    assert_eq!(mail.attempts, 1);
    assert!(mail.sent_at.is_some());
    assert_eq!(mail.last_error, None);

    // Nothing left to do.
    let again = mail::deliver_due(pool, &Transport::Log, &config)
        .await
        .unwrap();
    assert_eq!(again, 0);
    assert_eq!(row(&mut conn, id).await.attempts, 1);
}

#[tokio::test]
async fn list_for_returns_a_recipients_mails_newest_first() {
    let app = TestApp::new().await;
    let net = network_id(&app, "acme").await;
    let other = network_id(&app, "other").await;
    let mut conn = app.db.conn().await;
    let (first, second) = conn
        .transaction(async |conn| -> QueryResult<(Uuid, Uuid)> {
            let a = outbox::enqueue(conn, &new_mail(net, "Ann@Example.com", "first")).await?;
            let b = outbox::enqueue(conn, &new_mail(net, "ann@example.com", "second")).await?;
            Ok((a, b))
        })
        .await
        .unwrap();
    outbox::enqueue(&mut conn, &new_mail(net, "bob@example.com", "not ann"))
        .await
        .unwrap();
    outbox::enqueue(
        &mut conn,
        &new_mail(other, "ann@example.com", "other network"),
    )
    .await
    .unwrap();

    let mails = outbox::list_for(&mut conn, net, "ANN@example.com")
        .await
        .unwrap();
    let ids: Vec<Uuid> = mails.iter().map(|m| m.id).collect();
    assert_eq!(ids, [second, first]);
    assert!(mails[0].body_text.contains("token=s3cret"));
}

#[tokio::test]
async fn concurrent_senders_never_deliver_a_mail_twice() {
    let app = TestApp::new().await;
    let net = network_id(&app, "acme").await;
    let mut conn = app.db.conn().await;
    let total = 3 * mail::BATCH_SIZE as usize + 5;
    let subjects: Vec<String> = (0..total).map(|i| format!("mail {i}")).collect();
    for subject in &subjects {
        outbox::enqueue(&mut conn, &new_mail(net, "ann@example.com", subject))
            .await
            .unwrap();
    }

    let (transport, sink) = Transport::capture();
    let config = MailConfig::defaults();
    let sender = |pool: crowdgraph::db::DbPool, transport: Transport, config: MailConfig| async move {
        let mut sent = 0;
        loop {
            let report = mail::deliver_pass(&pool, &transport, &config)
                .await
                .unwrap();
            sent += report.sent;
            if report.claimed == 0 {
                return sent;
            }
        }
    };
    let pool = app.state.pool.clone();
    let (a, b, c) = tokio::join!(
        tokio::spawn(sender(pool.clone(), transport.clone(), config.clone())),
        tokio::spawn(sender(pool.clone(), transport.clone(), config.clone())),
        tokio::spawn(sender(pool.clone(), transport.clone(), config.clone())),
    );
    assert_eq!(a.unwrap() + b.unwrap() + c.unwrap(), total);

    let mut seen: HashMap<Uuid, usize> = HashMap::new();
    for mail in sink.mails() {
        *seen.entry(mail.id).or_default() += 1;
    }
    assert_eq!(seen.len(), total);
    assert!(seen.values().all(|&n| n == 1), "a mail was delivered twice");

    let rows: Vec<(i16, i32)> = mail_outbox::table
        .select((mail_outbox::status, mail_outbox::attempts))
        .load(&mut conn)
        .await
        .unwrap();
    assert_eq!(rows.len(), total);
    assert!(rows.iter().all(|r| *r == (status::SENT, 1)), "{rows:?}");
}

#[tokio::test]
async fn a_claim_skips_rows_locked_by_another_claim_instead_of_waiting() {
    let app = TestApp::new().await;
    let net = network_id(&app, "acme").await;
    let mut a = app.db.conn().await;
    let mut b = app.db.conn().await;
    for i in 0..5 {
        let subject = format!("mail {i}");
        outbox::enqueue(&mut a, &new_mail(net, "ann@example.com", &subject))
            .await
            .unwrap();
    }
    let lease = Duration::from_secs(60);

    // A claims three mails and has not committed yet.
    diesel::sql_query("BEGIN").execute(&mut a).await.unwrap();
    let by_a = outbox::claim_due(&mut a, 3, lease).await.unwrap();
    assert_eq!(by_a.len(), 3);

    // B neither waits for A's locks nor takes A's mails.
    let by_b = tokio::time::timeout(Duration::from_secs(5), outbox::claim_due(&mut b, 10, lease))
        .await
        .expect("claim_due blocked on locked rows")
        .unwrap();
    assert_eq!(by_b.len(), 2);
    assert!(by_b.iter().all(|m| by_a.iter().all(|n| n.id != m.id)));
    assert!(
        by_b.iter()
            .all(|m| m.attempts == 1 && m.next_attempt_at > Utc::now())
    );

    // Once A commits, its mails are leased: nothing is due for B.
    diesel::sql_query("COMMIT").execute(&mut a).await.unwrap();
    assert!(
        outbox::claim_due(&mut b, 10, lease)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_failing_smtp_server_leads_to_backoff_then_giving_up() {
    let app = TestApp::new().await;
    let net = network_id(&app, "acme").await;
    let mut conn = app.db.conn().await;
    let id = outbox::enqueue(&mut conn, &new_mail(net, "ann@example.com", "hi"))
        .await
        .unwrap();
    let mut config = MailConfig::defaults();
    // Nothing listens on port 1: every connection is refused.
    config.smtp_url = Some("smtp://user:hunter2@127.0.0.1:1".to_owned());
    config.mail_max_attempts = 2;
    let transport = Transport::from_config(&config).unwrap();
    let pool = &app.state.pool;

    let report = mail::deliver_pass(pool, &transport, &config).await.unwrap();
    assert_eq!((report.claimed, report.sent, report.failed), (1, 0, 1));
    let mail = row(&mut conn, id).await;
    assert_eq!(mail.status, status::PENDING);
    assert_eq!(mail.attempts, 1);
    assert_eq!(mail.sent_at, None);
    let error = mail.last_error.expect("last_error set");
    assert_eq!(error, "could not connect to the SMTP server");
    assert!(!error.contains("hunter2"));
    let wait = mail.next_attempt_at - Utc::now();
    assert!(
        wait > chrono::Duration::seconds(20) && wait <= chrono::Duration::seconds(30),
        "first retry after about RETRY_BASE, got {wait}"
    );

    // Not due yet: the next pass leaves it alone.
    let report = mail::deliver_pass(pool, &transport, &config).await.unwrap();
    assert_eq!(report.claimed, 0);

    // Due again: the second failed attempt is the last one.
    make_due(&mut conn, id).await;
    let report = mail::deliver_pass(pool, &transport, &config).await.unwrap();
    assert_eq!(report.failed, 1);
    let mail = row(&mut conn, id).await;
    assert_eq!(mail.status, status::FAILED);
    assert_eq!(mail.attempts, 2);
    assert_eq!(mail.sent_at, None);
    assert!(mail.last_error.is_some());

    // A given-up mail is never claimed again.
    make_due(&mut conn, id).await;
    let report = mail::deliver_pass(pool, &transport, &config).await.unwrap();
    assert_eq!(report.claimed, 0);
}

async fn make_due(conn: &mut AsyncPgConnection, id: Uuid) {
    diesel::update(mail_outbox::table.find(id))
        .set(mail_outbox::next_attempt_at.eq(Utc::now() - chrono::Duration::seconds(1)))
        .execute(conn)
        .await
        .unwrap();
}

#[tokio::test]
async fn an_unusable_recipient_is_given_up_at_once() {
    let app = TestApp::new().await;
    let net = network_id(&app, "acme").await;
    let mut conn = app.db.conn().await;
    // Passes the table's loose format check, but is no mail address.
    let id = outbox::enqueue(&mut conn, &new_mail(net, "a<b>@example.com", "hi"))
        .await
        .unwrap();
    let (transport, sink) = Transport::capture();
    let report = mail::deliver_pass(&app.state.pool, &transport, &MailConfig::defaults())
        .await
        .unwrap();
    assert_eq!(report.failed, 1);
    assert!(sink.is_empty());
    let mail = row(&mut conn, id).await;
    assert_eq!(mail.status, status::FAILED);
    assert_eq!(mail.attempts, 1);
    assert_eq!(
        mail.last_error.as_deref(),
        Some("invalid recipient address")
    );
}

#[tokio::test]
async fn a_claim_left_by_a_dead_sender_is_retried_after_its_lease() {
    let app = TestApp::new().await;
    let net = network_id(&app, "acme").await;
    let mut conn = app.db.conn().await;
    let id = outbox::enqueue(&mut conn, &new_mail(net, "ann@example.com", "hi"))
        .await
        .unwrap();
    // A sender claims the mail and dies before recording anything.
    let claimed = outbox::claim_due(&mut conn, 10, Duration::from_millis(1))
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    tokio::time::sleep(Duration::from_millis(20)).await;

    let sent = mail::deliver_due(&app.state.pool, &Transport::Log, &MailConfig::defaults())
        .await
        .unwrap();
    assert_eq!(sent, 1);
    let mail = row(&mut conn, id).await;
    assert_eq!((mail.status, mail.attempts), (status::SENT, 2));

    // The dead sender's stale claim can no longer change the row.
    let changed = outbox::record_failure(&mut conn, id, 1, "late", None)
        .await
        .unwrap();
    assert!(!changed);
    assert_eq!(row(&mut conn, id).await.status, status::SENT);
}

#[tokio::test]
async fn the_background_sender_delivers_and_stops_on_shutdown() {
    let app = TestApp::new().await;
    let net = network_id(&app, "acme").await;
    let mut conn = app.db.conn().await;
    let (transport, sink) = Transport::capture();
    let mut config = MailConfig::defaults();
    config.mail_poll_interval_ms = 20;
    let (stop, shutdown) = tokio::sync::watch::channel(false);
    let task = mail::spawn_sender(app.state.pool.clone(), transport, config, shutdown);

    outbox::enqueue(&mut conn, &new_mail(net, "ann@example.com", "hi"))
        .await
        .unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while sink.is_empty() {
        assert!(tokio::time::Instant::now() < deadline, "mail not delivered");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(sink.mails()[0].subject, "hi");

    stop.send(true).unwrap();
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .expect("sender stops on shutdown")
        .unwrap();
}

/// A minimal SMTP server accepting every mail; returns its port and the received
/// DATA sections.
async fn fake_smtp_server() -> (u16, tokio::sync::mpsc::UnboundedReceiver<String>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let tx = tx.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 fake ESMTP\r\n").await.unwrap();
                while let Ok(Some(line)) = lines.next_line().await {
                    let verb = line.split(' ').next().unwrap_or("").to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250-fake\r\n250 8BITMIME\r\n",
                        "DATA" => {
                            write.write_all(b"354 go ahead\r\n").await.unwrap();
                            let mut data = String::new();
                            while let Ok(Some(l)) = lines.next_line().await {
                                if l == "." {
                                    break;
                                }
                                data.push_str(&l);
                                data.push('\n');
                            }
                            let _ = tx.send(data);
                            b"250 queued\r\n"
                        }
                        "QUIT" => {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            return;
                        }
                        _ => b"250 ok\r\n",
                    };
                    if write.write_all(reply).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (port, rx)
}

#[tokio::test]
async fn mails_go_out_over_smtp() {
    let app = TestApp::new().await;
    let net = network_id(&app, "acme").await;
    let mut conn = app.db.conn().await;
    let content = mail::verification_mail(
        "acme",
        &mail::link_with_params("https://app.example.com/verify", &[("token", "s3cret")]).unwrap(),
    );
    let id = outbox::enqueue(&mut conn, &content.to(net, "ann@example.com"))
        .await
        .unwrap();

    let (port, mut received) = fake_smtp_server().await;
    let mut config = MailConfig::defaults();
    config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    config.mail_from = "Acme <no-reply@acme.example>".to_owned();
    let transport = Transport::from_config(&config).unwrap();
    let sent = mail::deliver_due(&app.state.pool, &transport, &config)
        .await
        .unwrap();
    assert_eq!(sent, 1);

    let data = tokio::time::timeout(Duration::from_secs(5), received.recv())
        .await
        .unwrap()
        .unwrap();
    assert!(data.contains("To: ann@example.com"), "{data}");
    assert!(
        data.contains("From: Acme <no-reply@acme.example>"),
        "{data}"
    );
    assert!(
        data.contains(&format!("Message-ID: <{id}@acme.example>")),
        "{data}"
    );
    assert!(
        data.contains("Subject: Confirm your email address for acme"),
        "{data}"
    );
    // The body is quoted-printable (its lines are long): decode what the link needs.
    let body = data.replace("=\n", "").replace("=3D", "=");
    assert!(
        body.contains("\nhttps://app.example.com/verify?token=s3cret\n"),
        "{data}"
    );
    assert_eq!(row(&mut conn, id).await.status, status::SENT);
}
