//! The fleet load test: a real HTTP server on 127.0.0.1, real clients
//! (threads with ureq), each scenario run twice in one sitting — with the
//! plain runner, and with a shared `RetryBudget` and `Pacer` attached — and
//! printed side by side. Bounded: every scenario has a fixed number of
//! calls or a fixed duration, and the whole run takes about two minutes.
//!
//! `cargo bench -p api-error-codes-benches --bench load`
//!
//! No assertion: the figures go to BENCHMARKS.md, with the goals beside
//! them.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use api_error_codes::retry::{self, Pacer, Retrier, RetryBudget, RetryPolicy};
use api_error_codes::{amazon_scraper, sp_api, x_ads, ApiError, ApiErrorCode};

// ---------------------------------------------------------------- server

/// One request as the server saw it.
#[derive(Clone, Copy)]
struct Seen {
    at: Duration,
    attempt: u32,
    status: u16,
}

type Handler = dyn Fn(u32) -> (u16, Vec<(&'static str, String)>, &'static str) + Send + Sync;

struct Server {
    addr: SocketAddr,
    started: Instant,
    seen: Arc<Mutex<Vec<Seen>>>,
    stop: Arc<AtomicBool>,
}

impl Server {
    fn start(handler: Arc<Handler>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        let started = Instant::now();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        {
            let (seen, stop) = (seen.clone(), stop.clone());
            thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let (seen, handler) = (seen.clone(), handler.clone());
                    thread::spawn(move || serve(stream, started, &seen, &*handler));
                }
            });
        }
        Server {
            addr,
            started,
            seen,
            stop,
        }
    }

    fn url(&self) -> String {
        format!("http://{}/op", self.addr)
    }

    fn finish(self) -> (Vec<Seen>, Duration) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(self.addr);
        let seen = self.seen.lock().unwrap().clone();
        (seen, self.started.elapsed())
    }
}

/// HTTP/1.1 with keep-alive: GET requests only, no bodies.
fn serve(stream: TcpStream, started: Instant, seen: &Mutex<Vec<Seen>>, handler: &Handler) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let mut writer = stream.try_clone().expect("clone");
    let mut reader = BufReader::new(stream);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let attempt = line
            .split("attempt=")
            .nth(1)
            .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|digits| digits.parse().ok())
            .unwrap_or(1);
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            if header == "\r\n" {
                break;
            }
        }
        let (status, headers, body) = handler(attempt);
        seen.lock().unwrap().push(Seen {
            at: started.elapsed(),
            attempt,
            status,
        });
        let mut head = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n",
            body.len()
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        head.push_str(body);
        if writer.write_all(head.as_bytes()).is_err() {
            return;
        }
    }
}

// ---------------------------------------------------------------- client

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .max_idle_connections_per_host(64)
        .max_idle_connections(64)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

/// What the clients of one run saw.
#[derive(Default)]
struct ClientStats {
    calls: AtomicU64,
    succeeded: AtomicU64,
    zero_delay_retries: AtomicU64,
}

/// Sends one request; an error response is parsed with `parse`, and a
/// pacer (when there is one) observes every response.
fn send<E: ApiErrorCode>(
    agent: &ureq::Agent,
    url: &str,
    attempt: u32,
    parse: Parse<E>,
    pacer: Option<&Pacer>,
) -> Result<(), ApiError<E>> {
    let mut response = agent
        .get(&format!("{url}?attempt={attempt}"))
        .call()
        .expect("loopback request");
    let status = response.status().as_u16();
    let headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .filter_map(|(name, value)| Some((name.to_string(), value.to_str().ok()?.to_owned())))
        .collect();
    let body = response.body_mut().read_to_vec().unwrap_or_default();
    if let Some(pacer) = pacer {
        pacer.observe(OPERATION, status, &headers, SystemTime::now());
    }
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(parse(status, &headers, &body))
    }
}

const OPERATION: &str = "GET /op";

/// An API module's `parse`, over the headers as the client read them.
type Parse<E> = fn(u16, &[(String, String)], &[u8]) -> ApiError<E>;

/// The two ways a call runs: the plain runner, or with the fleet's shared
/// budget and pacer.
#[derive(Clone)]
enum Variant {
    Plain,
    Fleet { budget: RetryBudget, pacer: Pacer },
}

impl Variant {
    fn fleet() -> Variant {
        Variant::Fleet {
            budget: RetryBudget::new(),
            // Both plans pace, and are known to: probe from the first request.
            pacer: Pacer::new().probe_unknown_operations(),
        }
    }

    fn pacer(&self) -> Option<&Pacer> {
        match self {
            Variant::Plain => None,
            Variant::Fleet { pacer, .. } => Some(pacer),
        }
    }

    /// One logical call: retried by `policy`, with this variant's sharing.
    fn call<E: ApiErrorCode>(
        &self,
        policy: &RetryPolicy,
        agent: &ureq::Agent,
        url: &str,
        parse: Parse<E>,
        stats: &ClientStats,
    ) {
        let sleep = |delay: Duration| {
            if delay < Duration::from_millis(1) {
                stats.zero_delay_retries.fetch_add(1, Ordering::Relaxed);
            }
            thread::sleep(delay);
        };
        let result = match self {
            Variant::Plain => retry::run_with(policy, sleep, |attempt| {
                send(agent, url, attempt, parse, None)
            }),
            Variant::Fleet { budget, pacer } => Retrier::new(*policy)
                .budget(budget)
                .pacer(pacer, OPERATION)
                .run_with(sleep, |attempt| {
                    send(agent, url, attempt, parse, Some(pacer))
                }),
        };
        stats.calls.fetch_add(1, Ordering::Relaxed);
        if result.is_ok() {
            stats.succeeded.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// `threads` clients making `calls` calls each, all starting together.
fn fixed_calls<E: ApiErrorCode>(
    variant: &Variant,
    policy: RetryPolicy,
    url: &str,
    parse: Parse<E>,
    threads: usize,
    calls: usize,
    rounds_in_lockstep: bool,
) -> Arc<ClientStats> {
    let stats = Arc::new(ClientStats::default());
    let barrier = Arc::new(Barrier::new(threads));
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let (variant, url, stats, barrier) = (
                variant.clone(),
                url.to_owned(),
                stats.clone(),
                barrier.clone(),
            );
            thread::spawn(move || {
                let agent = agent();
                barrier.wait();
                for _ in 0..calls {
                    if rounds_in_lockstep {
                        barrier.wait();
                    }
                    variant.call(&policy, &agent, &url, parse, &stats);
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().expect("client thread");
    }
    stats
}

/// `workers` clients making calls back to back for `duration`.
fn for_a_while<E: ApiErrorCode>(
    variant: &Variant,
    policy: RetryPolicy,
    url: &str,
    parse: Parse<E>,
    workers: usize,
    duration: Duration,
) -> Arc<ClientStats> {
    let stats = Arc::new(ClientStats::default());
    let deadline = Instant::now() + duration;
    let handles: Vec<_> = (0..workers)
        .map(|_| {
            let (variant, url, stats) = (variant.clone(), url.to_owned(), stats.clone());
            thread::spawn(move || {
                let agent = agent();
                while Instant::now() < deadline {
                    variant.call(&policy, &agent, &url, parse, &stats);
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().expect("client thread");
    }
    stats
}

// ---------------------------------------------------------------- scenarios

const OVERLOADED: &str = r#"{"errors":[{"code":"OVER_CAPACITY","message":"Over capacity"}]}"#;
const RATE_LIMITED: &str = r#"{"error":"rate_limited"}"#;
const QUOTA: &str = r#"{"errors":[{"code":"QuotaExceeded","message":"You exceeded your quota for the requested resource."}]}"#;
const X_LIMITED: &str =
    r#"{"errors":[{"code":"TOO_MANY_REQUESTS","message":"Rate limit exceeded"}]}"#;

fn x_parse(
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> ApiError<x_ads::XAdsErrorCode> {
    x_ads::parse(status, headers, body)
}
fn scraper_parse(
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> ApiError<amazon_scraper::AmazonScraperErrorCode> {
    amazon_scraper::parse(status, headers, body)
}
fn sp_parse(
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> ApiError<sp_api::SpApiErrorCode> {
    sp_api::parse(status, headers, body)
}

/// The default policy's shape (4 attempts, full jitter, doubling), with
/// delays scaled down a hundredfold so that an outage run takes seconds.
fn scaled_policy() -> RetryPolicy {
    RetryPolicy::builder()
        .base_delay(Duration::from_millis(10))
        .max_delay(Duration::from_millis(600))
        .build()
}

fn outage(variant: &Variant) -> (f64, u64) {
    let server = Server::start(Arc::new(|_| (503, vec![], OVERLOADED)));
    let started = Instant::now();
    let stats = fixed_calls(
        variant,
        scaled_policy(),
        &server.url(),
        x_parse,
        50,
        20,
        false,
    );
    let took = started.elapsed();
    let (seen, _) = server.finish();
    let calls = stats.calls.load(Ordering::Relaxed);
    assert_eq!(calls, 1000, "a call hung");
    (seen.len() as f64 / calls as f64, took.as_millis() as u64)
}

fn partial_outage(variant: &Variant) -> (f64, f64) {
    let server = Server::start(Arc::new(|_| {
        if fastrand::u32(0..100) < 30 {
            (500, vec![], OVERLOADED)
        } else {
            (200, vec![], "{}")
        }
    }));
    let stats = fixed_calls(
        variant,
        scaled_policy(),
        &server.url(),
        x_parse,
        50,
        40,
        false,
    );
    let (seen, _) = server.finish();
    let calls = stats.calls.load(Ordering::Relaxed) as f64;
    (
        100.0 * stats.succeeded.load(Ordering::Relaxed) as f64 / calls,
        seen.len() as f64 / calls,
    )
}

/// Every first attempt answers 429 `rate_limited` with `Retry-After:
/// seconds`; retries succeed. 50 clients, 4 rounds in lockstep.
fn retry_after(variant: &Variant, seconds: &'static str) -> (u64, usize, usize) {
    let server = Server::start(Arc::new(move |attempt| {
        if attempt == 1 {
            (429, vec![("Retry-After", seconds.to_owned())], RATE_LIMITED)
        } else {
            (200, vec![], "{}")
        }
    }));
    let stats = fixed_calls(
        variant,
        RetryPolicy::default(),
        &server.url(),
        scraper_parse,
        50,
        4,
        true,
    );
    let (seen, _) = server.finish();
    let mut windows: BTreeMap<u128, usize> = BTreeMap::new();
    let mut retries = 0;
    for one in seen.iter().filter(|one| one.attempt > 1) {
        retries += 1;
        *windows.entry(one.at.as_millis() / 10).or_default() += 1;
    }
    (
        stats.zero_delay_retries.load(Ordering::Relaxed),
        windows.values().copied().max().unwrap_or(0),
        retries,
    )
}

struct PlanFigures {
    refused_percent: f64,
    requests_per_call: f64,
    throughput_percent: f64,
    failed_calls: u64,
}

/// `workers` clients calling `server`'s plan for `PLAN_RUN`; what the
/// server saw, judged over the steady part of the run (after the burst).
fn run_plan<E: ApiErrorCode>(
    variant: &Variant,
    workers: usize,
    server: Server,
    parse: Parse<E>,
) -> PlanFigures {
    let stats = for_a_while(
        variant,
        RetryPolicy::default(),
        &server.url(),
        parse,
        workers,
        PLAN_RUN,
    );
    let (seen, _) = server.finish();
    let refused = seen.iter().filter(|one| one.status == 429).count();
    let steady_successes = seen
        .iter()
        .filter(|one| one.status == 200 && one.at >= PLAN_STEADY_FROM && one.at < PLAN_RUN)
        .count();
    let calls = stats.calls.load(Ordering::Relaxed);
    PlanFigures {
        refused_percent: 100.0 * refused as f64 / seen.len() as f64,
        requests_per_call: seen.len() as f64 / calls as f64,
        throughput_percent: 100.0 * steady_successes as f64
            / ((PLAN_RUN - PLAN_STEADY_FROM).as_secs_f64() * PLAN_RATE),
        failed_calls: calls - stats.succeeded.load(Ordering::Relaxed),
    }
}

const PLAN_RATE: f64 = 40.0;
const PLAN_BURST: f64 = 10.0;
const PLAN_RUN: Duration = Duration::from_secs(6);
const PLAN_STEADY_FROM: Duration = Duration::from_secs(1);

/// An SP-API usage plan: a token bucket of `PLAN_RATE` per second and
/// `PLAN_BURST`, 429 `QuotaExceeded` beyond it; `x-amzn-RateLimit-Limit`
/// on every answer.
fn usage_plan(variant: &Variant, workers: usize) -> PlanFigures {
    let bucket = Arc::new(Mutex::new((PLAN_BURST, Instant::now())));
    let server = Server::start(Arc::new(move |_| {
        let mut bucket = bucket.lock().unwrap();
        let now = Instant::now();
        bucket.0 = (bucket.0 + (now - bucket.1).as_secs_f64() * PLAN_RATE).min(PLAN_BURST);
        bucket.1 = now;
        let header = vec![("x-amzn-RateLimit-Limit", PLAN_RATE.to_string())];
        if bucket.0 >= 1.0 {
            bucket.0 -= 1.0;
            (200, header, "{}")
        } else {
            (429, header, QUOTA)
        }
    }));
    run_plan(variant, workers, server, sp_parse)
}

/// An X-style window: `PLAN_RATE` requests per one-second window aligned
/// on epoch seconds, `x-rate-limit-*` on every answer, 429 beyond it.
fn x_window(variant: &Variant, workers: usize) -> PlanFigures {
    let limit = PLAN_RATE as u64;
    let window = Arc::new(Mutex::new((0u64, 0u64)));
    let server = Server::start(Arc::new(move |_| {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let mut window = window.lock().unwrap();
        if window.0 != now {
            *window = (now, 0);
        }
        let allowed = window.1 < limit;
        if allowed {
            window.1 += 1;
        }
        let headers = vec![
            ("x-rate-limit-limit", limit.to_string()),
            ("x-rate-limit-remaining", (limit - window.1).to_string()),
            ("x-rate-limit-reset", (now + 1).to_string()),
        ];
        if allowed {
            (200, headers, "{}")
        } else {
            (429, headers, X_LIMITED)
        }
    }));
    run_plan(variant, workers, server, x_parse)
}

fn main() {
    // `cargo bench` passes `--bench`; nothing to parse.
    let started = Instant::now();
    println!("fleet load test: 127.0.0.1, ureq clients on threads; plain runner | with RetryBudget + Pacer\n");

    let (plain, plain_ms) = outage(&Variant::Plain);
    let (fleet, fleet_ms) = outage(&Variant::fleet());
    println!("total outage (50 threads x 20 calls, every request 503)");
    println!("  requests per call        {plain:>8.2} | {fleet:>8.2}   (goal <= 1.15; AWS 1.10)");
    println!("  run time, all 1000 done  {plain_ms:>6} ms | {fleet_ms:>6} ms\n");

    let (plain_ok, plain_rpc) = partial_outage(&Variant::Plain);
    let (fleet_ok, fleet_rpc) = partial_outage(&Variant::fleet());
    println!("partial outage (50 threads x 40 calls, 30 % of requests 500)");
    println!("  calls that succeed       {plain_ok:>7.2} % | {fleet_ok:>7.2} %   (goal >= 99 %)");
    println!("  requests per call        {plain_rpc:>8.2} | {fleet_rpc:>8.2}\n");

    for seconds in ["0", "1"] {
        let (plain_zero, plain_peak, plain_retries) = retry_after(&Variant::Plain, seconds);
        let (fleet_zero, fleet_peak, fleet_retries) = retry_after(&Variant::fleet(), seconds);
        println!("Retry-After: {seconds} (50 threads x 4 rounds in lockstep, first attempt 429)");
        println!("  zero-delay retries       {plain_zero:>8} | {fleet_zero:>8}   (goal 0; of {plain_retries} | {fleet_retries} retries)");
        println!("  peak retries in 10 ms    {plain_peak:>8} | {fleet_peak:>8}\n");
    }

    for (name, scenario) in [
        ("SP-API usage plan (token bucket r = 40/s, b = 10, x-amzn-RateLimit-Limit on every answer)", usage_plan as fn(&Variant, usize) -> PlanFigures),
        ("X-style window (40 per 1 s window, x-rate-limit-remaining/reset on every answer)", x_window),
    ] {
        println!("{name}, {} s runs, steady part from {} s", PLAN_RUN.as_secs(), PLAN_STEADY_FROM.as_secs());
        for workers in [8, 32] {
            let plain = scenario(&Variant::Plain, workers);
            let fleet = scenario(&Variant::fleet(), workers);
            println!("  {workers:>2} workers: refused with 429 {:>6.2} % | {:>6.2} %   (goal <= 1 %)", plain.refused_percent, fleet.refused_percent);
            println!("              requests per call  {:>6.2} | {:>6.2}", plain.requests_per_call, fleet.requests_per_call);
            println!("              steady throughput  {:>6.1} % | {:>6.1} % of r   (goal >= 95 %)", plain.throughput_percent, fleet.throughput_percent);
            println!("              calls given up     {:>6} | {:>6}", plain.failed_calls, fleet.failed_calls);
        }
        if name.starts_with("SP-API") {
            for workers in [8, 32] {
                let seeded = Variant::fleet();
                if let Some(pacer) = seeded.pacer() {
                    pacer.expect_rate(OPERATION, PLAN_RATE, SystemTime::now());
                }
                let figures = scenario(&seeded, workers);
                println!("  {workers:>2} workers, pacer told the documented rate first (expect_rate): refused {:.2} %, {:.2} requests per call, steady throughput {:.1} %", figures.refused_percent, figures.requests_per_call, figures.throughput_percent);
            }
        }
        println!();
    }
    println!("whole run: {:.0} s", started.elapsed().as_secs_f64());
}
