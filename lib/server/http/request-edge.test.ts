import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { describe, it } from 'node:test';
import { encodeVisitCookie, newVisit, rotatedVisit, VISIT_COOKIE, visitFromCookieHeader } from '../visit/visit-cookie';
import { visitIdentifiers } from '../visit/visit-identifiers';
import { addressSetFrom } from './client-address';
import { EDGE_HEADERS } from './edge-headers';
import { applyRequestEdge, MAX_USER_AGENT_LENGTH, withSessionBaggage, type RequestEdgeOptions } from './request-edge';

const SECRET = Buffer.from('a-test-secret-that-is-long-enough-for-hmac');
const OPTIONS: RequestEdgeOptions = {
  visitSecret: SECRET,
  trustedProxies: addressSetFrom([], 'TRUSTED_PROXIES'),
  trustedTraceClients: addressSetFrom([], 'TRUSTED_TRACE_CLIENTS'),
  browserTracing: { enabled: true, ratio: 1 },
  dev: false,
};

function edge(method: string, url: string, headers: IncomingHttpHeaders, peer = '127.0.0.1', options = OPTIONS) {
  const request = { method, url, headers: { ...headers }, socket: { remoteAddress: peer } } as Parameters<
    typeof applyRequestEdge
  >[0];
  const set = new Map<string, string>();
  const appended: string[] = [];
  applyRequestEdge(
    request,
    {
      setHeader: (name: string, value: string) => set.set(name, value),
      appendHeader: (name: string, value: string) => appended.push(`${name}: ${value}`),
    } as unknown as Parameters<typeof applyRequestEdge>[1],
    options,
  );
  return { headers: request.headers, set, appended };
}

const navigation = { 'sec-fetch-dest': 'document', accept: 'text/html' };

describe('request edge', () => {
  it('believes no edge header a client sends, and names the TCP peer as the client', () => {
    const { headers } = edge('GET', '/api/orders', {
      [EDGE_HEADERS.clientAddress]: '10.0.0.1',
      [EDGE_HEADERS.pageLoad]: 'forged',
      [EDGE_HEADERS.linkedTraceparent]: 'forged',
      'x-forwarded-for': '10.0.0.1',
    });
    assert.equal(headers[EDGE_HEADERS.clientAddress], '127.0.0.1');
    assert.equal(headers[EDGE_HEADERS.pageLoad], undefined);
    assert.equal(headers[EDGE_HEADERS.linkedTraceparent], undefined);
  });

  it('cuts a User-Agent to length before Next.js reads it', () => {
    const { headers } = edge('GET', '/api/health', { 'user-agent': 'a'.repeat(15_000) });
    assert.equal(headers['user-agent']!.length, MAX_USER_AGENT_LENGTH);
  });

  it('starts a visit on a first page, for this render and for the browser', () => {
    const { headers, appended } = edge('GET', '/', navigation);
    const visit = visitFromCookieHeader(headers.cookie, SECRET);
    assert.ok(visit);
    assert.equal(appended.length, 1);
    assert.match(appended[0]!, /^set-cookie: __Host-threadline_visit=.*; Secure; HttpOnly; SameSite=Lax$/);
    assert.equal(edge('GET', '/api/products', {}).appended.length, 0);
  });

  it('allocates the page load in the visit’s own trace, and sets the visit’s session.id as baggage', () => {
    const visit = newVisit();
    const ids = visitIdentifiers(visit, SECRET);
    const { headers, appended } = edge('GET', '/traces/abc', {
      ...navigation,
      cookie: `${VISIT_COOKIE}=${encodeVisitCookie(visit, SECRET)}`,
      baggage: 'session.id=someone-else,threadline.app.version=1',
    });
    assert.equal(appended.length, 0);
    assert.equal(headers.traceparent, headers[EDGE_HEADERS.pageLoad]);
    assert.match(String(headers.traceparent), new RegExp(`^00-${ids.traceIdPrefix}`));
    assert.equal(headers.baggage, `threadline.app.version=1,session.id=${ids.sessionId}`);
    // Next.js's own RSC fetches and non-browser clients are not page loads.
    assert.equal(edge('GET', '/traces/abc', { ...navigation, rsc: '1', cookie: headers.cookie }).headers.traceparent, undefined);
    assert.equal(edge('GET', '/traces/abc', { cookie: headers.cookie }).headers.traceparent, undefined);
  });

  it('lets a request continue only its own visit’s trace; any other starts anew, linked', () => {
    const visit = newVisit();
    const ids = visitIdentifiers(visit, SECRET);
    const cookie = `${VISIT_COOKIE}=${encodeVisitCookie(visit, SECRET)}`;
    const mine = `00-${ids.traceIdPrefix}${'1'.repeat(16)}-${'2'.repeat(16)}-01`;
    const victims = `00-${'9'.repeat(32)}-${'2'.repeat(16)}-01`;
    assert.equal(edge('POST', '/api/orders', { cookie, traceparent: mine }).headers.traceparent, mine);
    const refused = edge('POST', '/api/orders', { cookie, traceparent: victims, tracestate: 'a=b' }).headers;
    assert.equal(refused.traceparent, undefined);
    assert.equal(refused.tracestate, undefined);
    assert.equal(refused[EDGE_HEADERS.linkedTraceparent], victims);
    const trusting = { ...OPTIONS, trustedTraceClients: addressSetFrom(['127.0.0.1'], 'TRUSTED_TRACE_CLIENTS') };
    assert.equal(edge('POST', '/api/orders', { traceparent: victims }, '127.0.0.1', trusting).headers.traceparent, victims);
  });

  it('files a trace under the session it began in, after the visit’s first order rotated the cookie', () => {
    const before = newVisit();
    const after = rotatedVisit(before);
    const ids = visitIdentifiers(after, SECRET);
    const cookie = `${VISIT_COOKIE}=${encodeVisitCookie(after, SECRET)}`;
    const begunBefore = `00-${ids.traceIdPrefixes[1]}${'1'.repeat(16)}-${'2'.repeat(16)}-01`;
    const begunAfter = `00-${ids.traceIdPrefix}${'1'.repeat(16)}-${'2'.repeat(16)}-01`;
    assert.equal(
      edge('POST', '/api/orders', { cookie, traceparent: begunBefore }).headers.baggage,
      `session.id=${ids.sessionIds[1]}`,
    );
    assert.equal(edge('POST', '/api/orders', { cookie, traceparent: begunAfter }).headers.baggage, `session.id=${ids.sessionId}`);
    assert.equal(edge('POST', '/api/orders', { cookie }).headers.baggage, `session.id=${ids.sessionId}`);
  });

  it('leaves a prefetch unsampled, whatever context it brings', () => {
    const { headers } = edge('GET', '/traces/abc', {
      rsc: '1',
      'next-router-prefetch': '1',
      traceparent: `00-${'9'.repeat(32)}-${'2'.repeat(16)}-01`,
    });
    assert.match(String(headers.traceparent), /^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
  });

  it('sends the security headers, and a nonce-based policy on pages that Next.js can read', () => {
    const page = edge('GET', '/faults', navigation);
    assert.equal(page.set.get('x-frame-options'), 'DENY');
    assert.match(
      String(page.set.get('content-security-policy')),
      /script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'.*frame-ancestors 'none'/,
    );
    assert.equal(page.headers['content-security-policy'], page.set.get('content-security-policy'));
    const api = edge('GET', '/api/health', { 'content-security-policy': "script-src 'nonce-forged'" });
    assert.equal(api.set.get('content-security-policy'), "default-src 'none'; frame-ancestors 'none'");
    assert.equal(api.headers['content-security-policy'], undefined);
    assert.notEqual(edge('GET', '/', navigation).set.get('content-security-policy'), page.set.get('content-security-policy'));
  });

  it('keeps other baggage and drops every session.id a caller sends', () => {
    assert.equal(withSessionBaggage(' session.id = x ;p=1, a=1 ,session.id=y', undefined), 'a=1');
    assert.equal(withSessionBaggage(undefined, 'abc'), 'session.id=abc');
  });
});
