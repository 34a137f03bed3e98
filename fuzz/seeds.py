#!/usr/bin/env python3
"""Writes the seed corpus: the documents' example bodies and hostile cases,
encoded for each target. Run from anywhere; writes under fuzz/corpus/."""
import os, struct

HERE = os.path.dirname(os.path.abspath(__file__))

def parse_seed(api, status, headers, body):
    out = bytes([api]) + struct.pack(">H", status) + bytes([len(headers)])
    for name, value in headers:
        for part in (name.encode(), value.encode()):
            out += bytes([len(part)]) + part
    return out + body

X_ADS, SCRAPER, ADS, SP, PATHED, FLAGGED = 0, 1, 2, 3, 5, 6
BODIES = [
    (X_ADS, 400, [("x-rate-limit-remaining", "0"), ("x-rate-limit-reset", "1700000000")],
     b'{"errors":[{"parameter":"start_time","details":"invalid date","code":"INVALID_PARAMETER","value":"","message":"Expected time, got \\"\\" for start_time"}],"request":{"params":{"account_id":"hkk5"}}}'),
    (X_ADS, 503, [("retry-after", "2")], b'{"errors":[{"code":"OVER_CAPACITY","message":"Over capacity"}]}'),
    (X_ADS, 404, [("content-type", "text/html")], b"<html><head><title>Not Found</title></head><body>nope</body></html>"),
    (SCRAPER, 429, [("Retry-After", "3")],
     b'{"error":"rate_limited","message":"slow down","docs_url":"https://amazonscraperapi.com/docs/guides/errors#rate_limited","request_id":"req_9f2c8a1b3e4d"}'),
    (SCRAPER, 408, [], b'{"error":"upstream_timeout","message":"Amazon took too long","request_id":"req_1"}'),
    (ADS, 401, [("x-amzn-RequestId", "abc")], b'{"code":"UNAUTHORIZED","details":"Not authorized to access scope 1234"}'),
    (ADS, 207, [], b'[{"code":"SUCCESS","campaignId":1},{"code":"INVALID_ARGUMENT","details":"bad"}]'),
    (ADS, 207, [], b'{"campaigns":{"success":[{"index":0,"campaignId":"1"}],"error":[{"index":1,"errors":[{"errorType":"duplicateValueError","errorValue":{"duplicateValueError":{"reason":"DUPLICATE_VALUE","message":"dup"}}}]}]}}'),
    (SP, 429, [("x-amzn-RateLimit-Limit", "0.5"), ("x-amzn-RequestId", "r1")],
     b'{"errors":[{"code":"QuotaExceeded","message":"You exceeded your quota for the requested resource.","details":""}]}'),
    (SP, 403, [], b'{"errors":[{"code":"Unauthorized","message":"Access to requested resource is denied.","details":""}]}'),
    (SP, 400, [], b'{"errors":[{"code":"ns#QuotaExceeded:http://internal.example/","message":"x"}]}'),
    (PATHED, 400, [], b'{"errors":[{"message":"bad","extensions":{"code":"BAD_USER_INPUT"}},{"message":"x","extensions":{"code":[1]}}],"meta":{"request_id":"r1"}}'),
    (PATHED, 401, [], b'{"errors":{"extensions":{"code":"UNAUTHENTICATED"}},"meta":[null]}'),
    (FLAGGED, 200, [], b'{"ok":false,"error":{"type":"invalid_auth","message":"token revoked"}}'),
    (FLAGGED, 200, [], b'{"ok":true,"error":{"type":{"deep":[[[]]]}}}'),
    (FLAGGED, 429, [], b'{"ok":false,"error":"rate_limited"}'),
    # Hostile shapes.
    (X_ADS, 500, [], b'{"errors":[{"code":131}]}'),
    (X_ADS, 500, [], b'{"errors":{"code":"INTERNAL_ERROR"}}'),
    (X_ADS, 500, [], b'{"errors":[{"code":null,"message":["a"]}]} trailing'),
    (X_ADS, 500, [], b'{"errors":[{"code":"A","value":1e400}]}'),
    (X_ADS, 500, [], b'{"errors":[{"code":"\\ud800"}]}'),
    (SP, 500, [("Retry-After", "-5"), ("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT")], b"[" * 200),
    (SCRAPER, 502, [], b"\xff\xfe\x1b[31mred\r\nline\xe2\x80\xae"),
]

def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)

for i, (api, status, headers, body) in enumerate(BODIES):
    write("parse", f"seed-{i:02}", parse_seed(api, status, headers, body))

RETRY_AFTER = ["120", "0", "-5", "1.5", "99999999999999999999999", "Sun, 06 Nov 1994 08:49:37 GMT",
               "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "Fri, 31 Dec 9999 23:59:59 GMT", "",
               "Wednesday, 01-Jan-70 00:00:00 GMT", "Monday, 29-Feb-00 00:00:00 GMT", "9" * 200]
for i, value in enumerate(RETRY_AFTER):
    # (u64 clock, &str): arbitrary reads the u64 first, the string takes the rest.
    write("retry_after", f"seed-{i:02}", struct.pack("<Q", 784111777) + value.encode())
    write("retry_after", f"seed-2100-{i:02}", struct.pack("<Q", 4102444800) + value.encode())

# fleet: six header bytes, then four-byte operations (see the target).
FLEET = [
    bytes([125, 5, 10, 1, 16, 0]) + bytes([4, 20, 1, 0, 2, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 7, 1, 3, 4]),
    bytes([0, 0, 0, 0, 0, 1]) + bytes([5, 3, 0, 1, 2, 3, 0, 0, 6, 255, 255, 0, 2, 3, 0, 0, 7, 0, 9, 5]),
    bytes([255, 15, 31, 3, 255, 1]) + bytes([4, 7, 8, 9, 4, 11, 12, 13, 3, 7, 8, 0, 3, 11, 12, 0, 7, 1, 255, 5]),
]
for i, seed in enumerate(FLEET):
    write("fleet", f"seed-{i:02}", seed)

LOOKUP = [(403, "ACCOUNT_LOCKED_OUT", ""), (401, "UNAUTHORIZED", "Scope header is missing"),
          (429, "rate_limited", ""), (429, "QuotaExceeded", ""), (404, "", "")]
for i, (status, code, message) in enumerate(LOOKUP):
    c = code.encode()
    # (u16, &str, &str): the middle string is length-prefixed by arbitrary's
    # own scheme, which a seed need not match exactly; libFuzzer mutates on.
    write("lookup", f"seed-{i:02}", struct.pack("<H", status) + bytes([len(c)]) + c + message.encode())

def decision_seed(attempt, elapsed_ms, now, max_delay_ms, base_ms, api, max_attempts, budget_on, status_index, header, body):
    head = struct.pack("<IIIII", attempt, elapsed_ms, now, max_delay_ms, base_ms)
    head += bytes([api, max_attempts, budget_on, status_index])
    h = header.encode()
    return head + bytes([len(h)]) + h + body

DECISIONS = [
    (1, 0, 784111777, 60000, 1000, 1, 4, 0, 7, "3", b'{"error":"rate_limited"}'),
    (1, 0, 784111777, 60000, 1000, 0, 4, 0, 10, "", b'{"errors":[{"code":"OVER_CAPACITY"}]}'),
    (2, 500, 784111777, 1000, 100, 2, 4, 1, 7, "0.5", b'{"errors":[{"code":"QuotaExceeded"}]}'),
    (1, 0, 784111777, 60000, 1000, 0, 4, 0, 2, "120", b'{"errors":[{"code":"ACCOUNT_LOCKED_OUT"}]}'),
    (4294967295, 4294967295, 4294967295, 4294967295, 4294967295, 1, 255, 1, 9, "Fri, 31 Dec 9999 23:59:59 GMT", b"<html>"),
    (1, 0, 784111777, 60000, 1000, 0, 4, 0, 5, "2", b""),
]
for i, d in enumerate(DECISIONS):
    # The header value's length byte sits in front of it, as the target reads it.
    args = list(d)
    write("retry_decision", f"seed-{i:02}", decision_seed(*args))
