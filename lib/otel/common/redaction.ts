import type { Attributes, AttributeValue } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/**
 * What must never leave a process in a span. Used by all three tiers (the browser too, so this
 * module stays free of Node APIs). Keys are matched case-insensitively.
 */
export interface RedactionPolicy {
  /** Attributes whose whole value is replaced: credentials, and personal fields where configured. */
  attributeKeys: readonly string[];
  /** Query-string parameters whose values are replaced wherever a URL appears (attributes, span names). */
  queryParams: readonly string[];
}

export const REDACTED = 'REDACTED';

export const DEFAULT_REDACTION_POLICY: RedactionPolicy = {
  attributeKeys: [
    'authorization',
    'cookie',
    'set-cookie',
    'proxy-authorization',
    'x-api-key',
    'http.request.header.authorization',
    'http.request.header.cookie',
    'http.request.header.x-api-key',
    'http.response.header.set-cookie',
    'user.email',
    'user.name',
    'user.full_name',
    'enduser.email',
    'enduser.name',
    'app.user.email',
    'app.user.name',
    'password',
    'token',
    'api_key',
    'session.token',
  ],
  queryParams: [
    'token',
    'access_token',
    'id_token',
    'refresh_token',
    'api_key',
    'apikey',
    'key',
    'secret',
    'password',
    'email',
    'card',
    'cc',
    'code',
    'sig',
    'signature',
    'session',
  ],
};

/** REDACT_ATTRIBUTE_KEYS and REDACT_QUERY_PARAMS (comma-separated) add to the defaults. */
export function redactionPolicyFromEnv(env: Readonly<Record<string, string | undefined>>): RedactionPolicy {
  const list = (raw: string | undefined) =>
    (raw ?? '')
      .split(',')
      .map((item) => item.trim().toLowerCase())
      .filter((item) => item !== '');
  return {
    attributeKeys: [...DEFAULT_REDACTION_POLICY.attributeKeys, ...list(env.REDACT_ATTRIBUTE_KEYS)],
    queryParams: [...DEFAULT_REDACTION_POLICY.queryParams, ...list(env.REDACT_QUERY_PARAMS)],
  };
}

const EMAIL = /[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
// 13 to 19 digits, optionally grouped by spaces or dashes: the shape of a payment card number.
const CARD_LIKE = /\b\d(?:[ -]?\d){12,18}\b/g;

const queryPatterns = new WeakMap<RedactionPolicy, RegExp | null>();

/** One compiled pattern per policy: this runs for every string attribute of every span. */
function queryPatternFor(policy: RedactionPolicy): RegExp | null {
  let pattern = queryPatterns.get(policy);
  if (pattern === undefined) {
    pattern =
      policy.queryParams.length === 0
        ? null
        : new RegExp(`([?&](?:${policy.queryParams.map(escapeRegExp).join('|')})=)[^&#\\s]*`, 'gi');
    queryPatterns.set(policy, pattern);
  }
  return pattern;
}

/**
 * Replaces secrets inside a free-text value: emails, bearer credentials, card numbers, secret query
 * values. Each pattern runs only when a cheap test says it could match, since most values are names
 * and IDs with nothing to find.
 */
export function redactString(value: string, policy: RedactionPolicy): string {
  let result = value;
  if (result.includes('@') || result.includes('%40')) result = result.replace(EMAIL, REDACTED);
  if (/bearer|basic/i.test(result)) result = result.replace(BEARER, (_match, scheme: string) => `${scheme} ${REDACTED}`);
  if (/\d{4}/.test(result))
    result = result.replace(CARD_LIKE, (match) => (passesLuhn(match.replace(/\D/g, '')) ? REDACTED : match));
  const query = queryPatternFor(policy);
  if (query && (result.includes('?') || result.includes('&'))) result = result.replace(query, `$1${REDACTED}`);
  return result;
}

const secretKeySets = new WeakMap<RedactionPolicy, ReadonlySet<string>>();

/** The policy's secret keys, lower-cased, built once per policy rather than once per span. */
function secretKeysFor(policy: RedactionPolicy): ReadonlySet<string> {
  let keys = secretKeySets.get(policy);
  if (keys === undefined) {
    keys = new Set(policy.attributeKeys.map((key) => key.toLowerCase()));
    secretKeySets.set(policy, keys);
  }
  return keys;
}

export function redactAttributes(attributes: Attributes, policy: RedactionPolicy): Attributes {
  const secretKeys = secretKeysFor(policy);
  const redacted: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    redacted[key] = secretKeys.has(key.toLowerCase()) ? REDACTED : redactValue(value, policy);
  }
  return redacted;
}

function redactValue(value: AttributeValue | undefined, policy: RedactionPolicy): AttributeValue | undefined {
  if (typeof value === 'string') return redactString(value, policy);
  if (Array.isArray(value))
    return value.map((item) => (typeof item === 'string' ? redactString(item, policy) : item)) as AttributeValue;
  return value;
}

/** A redacted copy of a finished span: name, attributes and event attributes; the original is untouched. */
export function redactSpan(span: ReadableSpan, policy: RedactionPolicy): ReadableSpan {
  return {
    name: redactString(span.name, policy),
    kind: span.kind,
    spanContext: () => span.spanContext(),
    parentSpanContext: span.parentSpanContext,
    startTime: span.startTime,
    endTime: span.endTime,
    status: span.status.message ? { ...span.status, message: redactString(span.status.message, policy) } : span.status,
    attributes: redactAttributes(span.attributes, policy),
    links: span.links,
    events: span.events.map((event) =>
      event.attributes ? { ...event, attributes: redactAttributes(event.attributes, policy) } : event,
    ),
    duration: span.duration,
    ended: span.ended,
    resource: span.resource,
    instrumentationScope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}

/** Redacts every span on its way out, so no processor or exporter downstream ever sees the secrets. */
export class RedactingSpanExporter implements SpanExporter {
  constructor(
    private readonly inner: SpanExporter,
    private readonly policy: RedactionPolicy,
  ) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.inner.export(
      spans.map((span) => redactSpan(span, this.policy)),
      done,
    );
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
