//! The `tracing` events of one retried call through the tower layer,
//! captured by a small subscriber of the test's own: their levels and
//! fields, and that a hostile server's text (CR/LF, ANSI escapes, bidi
//! overrides) reaches no field intact.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Once;

use api_error_codes::call::tower::ApiRetryLayer;
use api_error_codes::x_ads::XAdsErrorCode;
use api_error_codes_tests::loopback::{Reply, Server};
use api_error_codes_tests::scenario::policy;
use tower::{Layer, Service, ServiceExt};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

/// One event: its level and its fields as text.
#[derive(Debug, Clone)]
struct Captured {
    level: Level,
    fields: BTreeMap<String, String>,
}

impl Captured {
    fn field(&self, name: &str) -> &str {
        self.fields.get(name).map_or("<absent>", String::as_str)
    }
}

/// Records the crate's events, for the threads that asked ([`capture`]).
///
/// One subscriber for the whole test binary, installed once as the global
/// default: scoped subscribers (`set_default`) on several test threads at
/// once race in tracing's per-callsite interest cache, and events go
/// missing.
struct Capture;

thread_local! {
    static CAPTURED: RefCell<Option<Vec<Captured>>> = const { RefCell::new(None) };
}

/// Starts recording this thread's events; [`Captured::taken`] ends it.
fn capture() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        tracing::subscriber::set_global_default(Capture).expect("no other global subscriber");
    });
    CAPTURED.with(|captured| *captured.borrow_mut() = Some(Vec::new()));
}

impl Captured {
    /// This thread's events since [`capture`].
    fn taken() -> Vec<Captured> {
        CAPTURED.with(|captured| captured.borrow_mut().take().unwrap_or_default())
    }
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

impl Subscriber for Capture {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target() == "api_error_codes::retry"
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        let event = Captured {
            level: *event.metadata().level(),
            fields,
        };
        CAPTURED.with(|captured| {
            if let Some(events) = captured.borrow_mut().as_mut() {
                events.push(event);
            }
        });
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

/// A message that tries to forge a log line, recolour a terminal and
/// reverse what a reader sees.
const HOSTILE: &str = r#"{"errors":[{"code":"OVER_CAPACITY","message":"Over capacity\r\nlevel=ERROR forged=1 \u001b[31mred\u001b[0m \u202egnp.exe"}]}"#;
/// A code no catalog lists, itself hostile.
const UNKNOWN: &str =
    r#"{"errors":[{"code":"NEW_CODE_2031\u001b[2J\r\nforged","message":"Brand new"}]}"#;

fn assert_neutral(text: &str) {
    for bad in ['\r', '\n', '\u{1b}', '\u{202e}'] {
        assert!(!text.contains(bad), "{bad:?} survived in {text:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn one_retried_call_is_logged_sanitized() {
    capture();
    let server = Server::start(vec![
        Reply::new(503, HOSTILE).header("x-request-id", "req-7"),
        Reply::new(503, UNKNOWN),
        Reply::new(503, HOSTILE),
    ]);
    let reqwest = reqwest::Client::builder().no_proxy().build().unwrap();
    let service = tower::service_fn(move |request: http::Request<String>| {
        let reqwest = reqwest.clone();
        async move {
            let response = reqwest
                .execute(reqwest::Request::try_from(request)?)
                .await?;
            Ok::<_, reqwest::Error>(http::Response::from(response))
        }
    });
    let mut service = ApiRetryLayer::<XAdsErrorCode>::new(policy()).layer(service);
    let request = http::Request::get(server.url("/12/accounts"))
        .body(String::new())
        .unwrap();
    let error = service
        .ready()
        .await
        .unwrap()
        .call(request)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(server.finish_lines().len(), 3);

    let events = Captured::taken();
    let levels: Vec<Level> = events.iter().map(|event| event.level).collect();
    // Retried, unknown code, retried, the last failure, the stop.
    assert_eq!(
        levels,
        [
            Level::WARN,
            Level::WARN,
            Level::WARN,
            Level::DEBUG,
            Level::WARN
        ]
    );

    let first = &events[0];
    assert_eq!(first.field("attempt"), "1");
    assert_eq!(first.field("limit"), "3");
    assert_eq!(first.field("status"), "503");
    assert_eq!(first.field("code"), "OVER_CAPACITY");
    assert_eq!(first.field("request_id"), "req-7");
    assert_eq!(first.field("delay_ms"), "10");
    assert_eq!(first.field("delay_source"), "backoff");
    assert_eq!(
        first.field("message"),
        "Over capacity level=ERROR forged=1 [31mred [0m gnp.exe"
    );
    assert_eq!(first.field("transport"), "<absent>");

    let unknown = &events[1];
    assert_eq!(unknown.field("catalog"), "XAdsErrorCode");
    assert_eq!(unknown.field("code"), "NEW_CODE_2031 [2J forged");

    let second = &events[2];
    assert_eq!(second.field("attempt"), "2");
    assert_eq!(second.field("delay_ms"), "20");

    let last = &events[3];
    assert_eq!(last.field("attempt"), "3");
    assert_eq!(last.field("delay_ms"), "<absent>");

    let stop = &events[4];
    assert_eq!(stop.field("attempts"), "3");
    assert_eq!(stop.field("reason"), "all 3 allowed attempts were made");

    for event in &events {
        for value in event.fields.values() {
            assert_neutral(value);
        }
    }
}

/// The runners emit the same events as the adapters, and call their
/// `on_retry` hook with the same attempts.
#[test]
fn the_runners_log_each_failed_attempt_and_the_stop() {
    use api_error_codes::call::FailedAttempt;
    use api_error_codes::retry::{Retrier, StopReason};
    use api_error_codes::x_ads;
    use std::cell::RefCell;

    capture();
    let hooked = RefCell::new(Vec::new());
    let hook = |attempt: &FailedAttempt<'_>| {
        hooked
            .borrow_mut()
            .push((attempt.number(), attempt.decision().is_retry()));
    };
    let result: Result<(), _> = Retrier::new(policy()).on_retry(&hook).run_with(
        |_| {},
        |_| {
            Err(x_ads::parse(
                503,
                &[("x-request-id", "req-9")],
                HOSTILE.as_bytes(),
            ))
        },
    );
    assert_eq!(
        result.unwrap_err().reason(),
        StopReason::AttemptsExhausted { limit: 3 }
    );
    assert_eq!(*hooked.borrow(), [(1, true), (2, true), (3, false)]);
    let events = Captured::taken();
    let levels: Vec<Level> = events.iter().map(|event| event.level).collect();
    assert_eq!(
        levels,
        [Level::WARN, Level::WARN, Level::DEBUG, Level::WARN],
        "two retries, the last failure, the stop"
    );
    assert_eq!(events[0].field("request_id"), "req-9");
    assert_eq!(events[1].field("attempt"), "2");
    for event in &events {
        for value in event.fields.values() {
            assert_neutral(value);
        }
    }
}
