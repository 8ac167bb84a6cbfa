import { randomBytes } from 'node:crypto';
import diagnosticsChannel from 'node:diagnostics_channel';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import {
  encodeVisitCookie,
  newVisit,
  VISIT_COOKIE,
  visitFromCookieHeader,
  visitSetCookie,
  type Visit,
} from '../visit/visit-cookie';
import { visitIdentifiers, type VisitIdentifiers } from '../visit/visit-identifiers';
import { clientAddressOf, type AddressSet } from './client-address';
import { EDGE_HEADERS } from './edge-headers';
import { NON_PAGE_CSP, pageContentSecurityPolicy, SECURITY_HEADERS } from './security-headers';
import { decideTraceContinuation, pageLoadTraceparent, unsampledTraceparent } from './trace-continuation';

/**
 * Longer User-Agents are cut before Next.js reads them: its bot detection runs, on every request,
 * a pattern whose cost grows with the square of the length (`[\w-]+-Google` in HTML_LIMITED_BOT_UA_RE:
 * 16 KB took 0.46 s). Real browsers send under 300 characters.
 */
export const MAX_USER_AGENT_LENGTH = 512;

export interface RequestEdgeOptions {
  visitSecret: Buffer;
  trustedProxies: AddressSet;
  trustedTraceClients: AddressSet;
  /** Whether pages trace themselves, and which share (BROWSER_TRACES_SAMPLER_ARG): page loads are allocated only then. */
  browserTracing: { enabled: boolean; ratio: number };
  /** `next dev`: its refresh runtime needs 'unsafe-eval'. */
  dev: boolean;
}

/**
 * What the shop believes of a request is decided here, once, before Next.js or any route reads it
 * (docs/design-decisions.md, "The request edge"): the caller's address, a User-Agent cut to length,
 * the visit (its cookie, made on a first page), `session.id` baggage the server sets itself, whose
 * trace the request may join, and the security headers of the answer.
 *
 * It runs on Node's `http.server.request.start` diagnostics channel, which fires for every request
 * of the process's HTTP server before its handler: unlike a Next.js proxy (middleware) it sees the socket, costs no span
 * and cannot be skipped by a matcher.
 */
export function installRequestEdge(options: RequestEdgeOptions): void {
  const holder = globalThis as { [INSTALLED]?: boolean };
  if (holder[INSTALLED]) return;
  holder[INSTALLED] = true;
  diagnosticsChannel.subscribe('http.server.request.start', (message) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    applyRequestEdge(request, response, options);
  });
}

const INSTALLED = Symbol.for('threadline.web.request-edge');

/** The parts of a response the edge sets headers on. */
export type EdgeResponse = Pick<ServerResponse, 'setHeader' | 'appendHeader'>;

export function applyRequestEdge(
  request: Pick<IncomingMessage, 'headers' | 'method' | 'url' | 'socket'>,
  response: EdgeResponse,
  options: RequestEdgeOptions,
): void {
  const { headers } = request;
  for (const name of Object.values(EDGE_HEADERS)) delete headers[name];

  const clientAddress = clientAddressOf(request.socket.remoteAddress, single(headers['x-forwarded-for']), options.trustedProxies);
  headers[EDGE_HEADERS.clientAddress] = clientAddress;
  const userAgent = headers['user-agent'];
  if (userAgent !== undefined && userAgent.length > MAX_USER_AGENT_LENGTH) {
    headers['user-agent'] = userAgent.slice(0, MAX_USER_AGENT_LENGTH);
  }

  const page = isPageRequest(request.method, request.url);
  const visit =
    visitFromCookieHeader(headers.cookie, options.visitSecret) ?? startVisitOnFirstPage(page, headers, response, options);
  const identifiers = visit && visitIdentifiers(visit, options.visitSecret);

  if (headers['next-router-prefetch'] !== undefined) {
    // A prefetch is nobody's action: the page sends it untraced, and the server records none of it.
    delete headers.tracestate;
    headers.traceparent = unsampledTraceparent(identifiers?.traceIdPrefix ?? '');
  } else {
    continueOrLink(request, headers, identifiers, clientAddress, options);
  }
  // A trace keeps the session it began in: a page opened before the visit's first order still
  // continues its traces under the replaced visit's session.id, as the relay files its spans.
  headers.baggage = withSessionBaggage(
    single(headers.baggage),
    identifiers && sessionOfTrace(identifiers, single(headers.traceparent)),
  );
  if (headers.baggage === '') delete headers.baggage;

  setSecurityHeaders(page, headers, response, options.dev);
}

/** A first page starts the visit, for this render (its cookie added to the request) and for the browser. */
function startVisitOnFirstPage(
  page: boolean,
  headers: IncomingHttpHeaders,
  response: EdgeResponse,
  options: RequestEdgeOptions,
): Visit | undefined {
  if (!page || isRscRequest(headers)) return undefined;
  const visit = newVisit();
  const cookie = `${VISIT_COOKIE}=${encodeVisitCookie(visit, options.visitSecret)}`;
  headers.cookie = headers.cookie ? `${headers.cookie}; ${cookie}` : cookie;
  response.appendHeader('set-cookie', visitSetCookie(visit, options.visitSecret));
  return visit;
}

function setSecurityHeaders(page: boolean, headers: IncomingHttpHeaders, response: EdgeResponse, dev: boolean): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
  if (page) {
    const policy = pageContentSecurityPolicy(randomBytes(16).toString('base64'), { dev });
    // Next.js reads the nonce from the request's policy and puts it on every script it renders.
    headers['content-security-policy'] = policy;
    response.setHeader('content-security-policy', policy);
  } else {
    delete headers['content-security-policy'];
    response.setHeader('content-security-policy', NON_PAGE_CSP);
  }
}

/** Whose trace the request joins (trace-continuation.ts), and a navigation's page load. */
function continueOrLink(
  request: Pick<IncomingMessage, 'method'>,
  headers: IncomingHttpHeaders,
  identifiers: VisitIdentifiers | undefined,
  clientAddress: string,
  options: RequestEdgeOptions,
): void {
  const continuation = decideTraceContinuation(single(headers.traceparent), {
    traceIdPrefixes: identifiers?.traceIdPrefixes ?? [],
    trustedClient: options.trustedTraceClients.has(clientAddress),
  });
  if (continuation.kind === 'link') {
    delete headers.traceparent;
    delete headers.tracestate;
    headers[EDGE_HEADERS.linkedTraceparent] = continuation.callerTraceparent;
  } else if (
    continuation.kind === 'none' &&
    identifiers &&
    options.browserTracing.enabled &&
    isDocumentNavigation(request.method, headers)
  ) {
    const pageLoad = pageLoadTraceparent(identifiers.traceIdPrefix, options.browserTracing.ratio);
    headers.traceparent = pageLoad;
    headers[EDGE_HEADERS.pageLoad] = pageLoad;
  }
}

const NON_PAGE_PREFIXES = ['/api/', '/otlp/', '/_next/'];

/** Pages are everything but the APIs, the span relay, Next.js's assets and files with an extension. */
export function isPageRequest(method: string | undefined, url: string | undefined): boolean {
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') return false;
  const path = (url ?? '/').split('?', 1)[0]!;
  if (NON_PAGE_PREFIXES.some((prefix) => path.startsWith(prefix)) || path === '/api' || path === '/otlp') return false;
  return !/\.[A-Za-z0-9]+$/.test(path);
}

/** A person's navigation to a page, as browsers mark it; not Next.js's own RSC fetches, not curl. */
function isDocumentNavigation(method: string | undefined, headers: IncomingHttpHeaders): boolean {
  return method === 'GET' && headers['sec-fetch-dest'] === 'document' && !isRscRequest(headers);
}

function isRscRequest(headers: IncomingHttpHeaders): boolean {
  return headers.rsc !== undefined || headers['next-router-prefetch'] !== undefined || headers['next-action'] !== undefined;
}

/** The session.id of the visit whose prefix the trace carries; the visit's own for any other trace. */
function sessionOfTrace(identifiers: VisitIdentifiers, traceparent: string | undefined): string {
  const traceId = traceparent?.split('-')[1] ?? '';
  const index = identifiers.traceIdPrefixes.findIndex((prefix) => traceId.startsWith(prefix));
  return identifiers.sessionIds[index === -1 ? 0 : index]!;
}

/**
 * The request's baggage without any `session.id` the caller sent, with the visit's own instead: the
 * value every service copies onto its spans, and the key the visit's traces are listed by.
 */
export function withSessionBaggage(baggage: string | undefined, sessionId: string | undefined): string {
  const kept = (baggage ?? '')
    .split(',')
    .map((member) => member.trim())
    .filter((member) => member !== '' && member.split('=', 1)[0]!.trim() !== 'session.id');
  if (sessionId !== undefined) kept.push(`session.id=${sessionId}`);
  return kept.join(',');
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}
