import { isSecretKey, REDACTED, redactString, type RedactionPolicy } from '@threadline/otel-common';
import { ApiError } from '@threadline/service-kit';
import { withCurrentNames } from './current-names';
import {
  SPAN_KIND,
  spanCountOf,
  type OtlpAnyValue,
  type OtlpBatch,
  type OtlpEvent,
  type OtlpKeyValue,
  type OtlpLink,
  type OtlpResourceSpans,
  type OtlpScopeSpans,
  type OtlpSpan,
} from './otlp-batch';

/** What one batch may hold (configuration: `relay.batchLimits`, SPAN_RELAY_MAX_* and SPAN_RELAY_TIMESTAMP_WINDOW_SECONDS). */
export interface SpanBatchLimits {
  /** More spans than this refuses the batch (413). */
  maxSpans: number;
  /** Attributes kept per span, event, link and resource, and items per array or key-value list value; the rest are dropped. */
  maxAttributesPerSpan: number;
  /** Events kept per span; the rest are dropped. */
  maxEventsPerSpan: number;
  /** Links kept per span; the rest are dropped. */
  maxLinksPerSpan: number;
  /** Longer string values are cut to this many characters (and kept within it after redaction). */
  maxAttributeValueLength: number;
  /** Longer span, event and scope names are cut to this; attributes with a longer key are dropped. */
  maxNameLength: number;
  /** Every timestamp must lie within this many seconds of the relay's clock, either side. */
  timestampWindowSeconds: number;
}

export interface SpanRelayPolicy {
  /** The one service.name relayed spans may carry: SERVICE_NAMES.browser. */
  browserServiceName: string;
  limits: SpanBatchLimits;
  /** The services' own redaction policy. The page sends its spans only here and leaves redacting to the relay. */
  redaction: RedactionPolicy;
}

/** Why a part of an accepted batch was left out or cut: the `reason` of `shop.span_relay.dropped`. */
export type DropReason =
  | 'resource_attribute_not_allowed'
  | 'scope_attribute_not_allowed'
  | 'attribute_limit'
  | 'attribute_key_too_long'
  | 'bytes_value'
  | 'event_limit'
  | 'link_limit'
  | 'value_truncated'
  | 'name_truncated'
  | 'trace_state_too_long'
  | 'reserved_attribute';

export interface SanitizedBatch {
  batch: OtlpBatch;
  spanCount: number;
  /** How many items were dropped or cut, by reason; empty when the batch passed whole. */
  dropped: ReadonlyMap<DropReason, number>;
}

/**
 * The resource attributes a page's spans may carry: what the page's tracer sets (service.name and
 * .version, deployment.environment.name, user_agent.original, session.id), what an SDK's default
 * resource adds (telemetry.sdk.*) and what the SDK's browser detector adds (browser.*). Anything else
 * on a browser's resource would be made up by the client, and a resource attribute lands on every span.
 */
const ALLOWED_RESOURCE_ATTRIBUTES = new Set([
  'service.name',
  'service.version',
  'deployment.environment.name',
  'telemetry.sdk.name',
  'telemetry.sdk.language',
  'telemetry.sdk.version',
  'user_agent.original',
  'session.id',
]);
const ALLOWED_RESOURCE_ATTRIBUTE_PREFIXES = ['browser.'];

/** A page starts clicks, fetches and page loads: it never serves a request or consumes a queue. */
const SPAN_KINDS_A_BROWSER_CANNOT_PRODUCE: ReadonlySet<number> = new Set([SPAN_KIND.server, SPAN_KIND.consumer]);

/**
 * Attribute keys that Jaeger reads back as what only the SDK may say. Its storage keeps a span as
 * Jaeger tags, the attributes first and the SDK's own fields after them as tags of the same names
 * (opentelemetry-collector-contrib pkg/translator/jaeger), and reading it back takes the fields from
 * those tags: `span.kind` becomes the kind (a span of kind UNSPECIFIED with `span.kind=server` is read
 * as the SERVER span the relay refuses), `otel.status_code` and `otel.status_description` the status
 * of a span whose own is unset, `error=true` an error whatever the span's own status, `otel.scope.name`
 * and `.version` the scope, `w3c.tracestate` the trace state, `@jaeger@warnings` Jaeger's own warnings
 * (internal/jptrace), and on a link `opentracing.ref_type=child_of` makes the linked span a parent.
 * `otel.*` is OpenTelemetry's own namespace. A page's tracer sets none of these, so they are dropped
 * from span, event and link attributes, and counted.
 */
const RESERVED_ATTRIBUTE_KEYS: ReadonlySet<string> = new Set(['span.kind', 'error', 'w3c.tracestate', 'opentracing.ref_type']);
const RESERVED_ATTRIBUTE_PREFIXES = ['otel.', '@jaeger@'];

/**
 * How far past a length limit a value is read for redaction: whatever a client sends, redaction reads
 * a bounded piece (issue 18), and a secret that the cut runs through is still seen whole and replaced,
 * not left half (an e-mail address is at most 254 characters; a JSON Web Token is found from its first
 * two segments' starts).
 */
export const REDACTION_LOOKAHEAD = 256;

/** W3C Trace Context's limit for a tracestate header; a longer one is not a tracestate. */
const MAX_TRACE_STATE_LENGTH = 512;

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ALL_ZEROS = /^0+$/;

/**
 * The relay's policy for one decoded batch, as a pure function: it either refuses the whole batch
 * (throws an ApiError, 4xx, so nothing of it is forwarded) or returns a copy in which every span is
 * the browser's, within the limits, and redacted.
 *
 * Refused: another service's name (or none), a span kind a page cannot produce, malformed or all-zero
 * IDs, timestamps outside the window or ending before they start, more spans than allowed. These are
 * never what the browser sends, so a batch with any of them is forged or broken and none of it is kept.
 * Dropped and counted: resource attributes off the allow-list, attributes only the SDK may set (Jaeger
 * reads them as the span's kind, status or parent), attributes, events and links past their limits,
 * bytes values (redaction cannot read them), over-long values and names (cut). The browser's own SDK
 * limits drop the same way, and a span missing an attribute is still a true span.
 */
export function sanitizeBatch(batch: OtlpBatch, policy: SpanRelayPolicy, nowMs: number): SanitizedBatch {
  const spanCount = spanCountOf(batch);
  if (spanCount > policy.limits.maxSpans) {
    throw new ApiError(413, 'too_many_spans', `A span batch may hold at most ${policy.limits.maxSpans} spans.`);
  }
  const sanitizer = new BatchSanitizer(policy, nowMs);
  const resourceSpans = batch.resourceSpans
    .map((item) => sanitizer.resourceSpans(item))
    .filter((item) => item.scopeSpans.length > 0);
  return { batch: { resourceSpans }, spanCount, dropped: sanitizer.dropped };
}

class BatchSanitizer {
  readonly dropped = new Map<DropReason, number>();
  private readonly earliestNanos: bigint;
  private readonly latestNanos: bigint;

  constructor(
    private readonly policy: SpanRelayPolicy,
    nowMs: number,
  ) {
    const nowNanos = BigInt(Math.trunc(nowMs)) * 1_000_000n;
    const windowNanos = BigInt(policy.limits.timestampWindowSeconds) * 1_000_000_000n;
    this.earliestNanos = nowNanos - windowNanos;
    this.latestNanos = nowNanos + windowNanos;
  }

  resourceSpans(resourceSpans: OtlpResourceSpans): OtlpResourceSpans {
    const attributes = resourceSpans.resource.attributes;
    const serviceNames = attributes.filter((attribute) => attribute.key === 'service.name');
    const isBrowsers = (attribute: OtlpKeyValue) =>
      attribute.value.type === 'string' && attribute.value.value === this.policy.browserServiceName;
    // Refused rather than renamed: a batch naming another service is forged or sent to the wrong place,
    // and renaming it would file made-up content under the page's name, where it reads as the page's.
    if (serviceNames.length === 0 || !serviceNames.every(isBrowsers)) {
      throw new ApiError(
        400,
        'foreign_service',
        `Only spans whose resource has service.name "${this.policy.browserServiceName}" are relayed.`,
      );
    }
    const allowed = attributes.filter((attribute) => isAllowedResourceAttribute(attribute.key));
    this.drop('resource_attribute_not_allowed', attributes.length - allowed.length);
    // The name goes first, once, so no limit below can cut it off and leave the spans nameless.
    const kept = [
      { key: 'service.name', value: { type: 'string' as const, value: this.policy.browserServiceName } },
      ...this.attributes(allowed.filter((attribute) => attribute.key !== 'service.name')),
    ];
    const scopeSpans = resourceSpans.scopeSpans.map((item) => this.scopeSpans(item)).filter((item) => item.spans.length > 0);
    return {
      resource: {
        attributes: kept,
        droppedAttributesCount: saturatingAdd(resourceSpans.resource.droppedAttributesCount, attributes.length - kept.length),
      },
      scopeSpans,
      schemaUrl: this.name(resourceSpans.schemaUrl),
    };
  }

  private scopeSpans(scopeSpans: OtlpScopeSpans): OtlpScopeSpans {
    const { scope } = scopeSpans;
    // No browser instrumentation sets scope attributes: whatever a client puts there is made up.
    this.drop('scope_attribute_not_allowed', scope.attributes.length);
    return {
      scope: {
        name: this.name(scope.name),
        version: this.name(scope.version),
        attributes: [],
        droppedAttributesCount: saturatingAdd(scope.droppedAttributesCount, scope.attributes.length),
      },
      spans: scopeSpans.spans.map((span) => this.span(span)),
      schemaUrl: this.name(scopeSpans.schemaUrl),
    };
  }

  private span(span: OtlpSpan): OtlpSpan {
    checkTraceId(span.traceId, 'traceId');
    checkSpanId(span.spanId, 'spanId');
    if (span.parentSpanId !== '') checkSpanId(span.parentSpanId, 'parentSpanId');
    if (SPAN_KINDS_A_BROWSER_CANNOT_PRODUCE.has(span.kind)) {
      throw new ApiError(400, 'span_kind_not_allowed', 'A browser’s spans are never of kind SERVER or CONSUMER.');
    }
    this.checkTime(span.startTimeUnixNano);
    this.checkTime(span.endTimeUnixNano);
    if (span.endTimeUnixNano < span.startTimeUnixNano) {
      throw new ApiError(400, 'timestamp_out_of_window', 'A span cannot end before it starts.');
    }
    for (const event of span.events) this.checkTime(event.timeUnixNano);
    for (const link of span.links) {
      checkTraceId(link.traceId, 'link traceId');
      checkSpanId(link.spanId, 'link spanId');
    }

    const events = this.limit(span.events, this.policy.limits.maxEventsPerSpan, 'event_limit');
    const links = this.limit(span.links, this.policy.limits.maxLinksPerSpan, 'link_limit');
    const attributes = this.attributes(withCurrentNames(this.withoutReserved(span.attributes)));
    return {
      traceId: span.traceId,
      spanId: span.spanId,
      parentSpanId: span.parentSpanId,
      traceState: this.traceState(span.traceState),
      name: this.name(span.name),
      kind: span.kind,
      startTimeUnixNano: span.startTimeUnixNano,
      endTimeUnixNano: span.endTimeUnixNano,
      attributes,
      // At least 0: splitting a deprecated attribute in two adds one.
      droppedAttributesCount: saturatingAdd(span.droppedAttributesCount, Math.max(0, span.attributes.length - attributes.length)),
      events: events.map((event) => this.event(event)),
      droppedEventsCount: saturatingAdd(span.droppedEventsCount, span.events.length - events.length),
      links: links.map((link) => this.link(link)),
      droppedLinksCount: saturatingAdd(span.droppedLinksCount, span.links.length - links.length),
      status: { code: span.status.code, message: this.value(span.status.message) },
      flags: span.flags,
    };
  }

  private event(event: OtlpEvent): OtlpEvent {
    const attributes = this.attributes(withCurrentNames(this.withoutReserved(event.attributes)));
    return {
      timeUnixNano: event.timeUnixNano,
      name: this.name(event.name),
      attributes,
      droppedAttributesCount: saturatingAdd(
        event.droppedAttributesCount,
        Math.max(0, event.attributes.length - attributes.length),
      ),
    };
  }

  private link(link: OtlpLink): OtlpLink {
    const attributes = this.attributes(withCurrentNames(this.withoutReserved(link.attributes)));
    return {
      traceId: link.traceId,
      spanId: link.spanId,
      traceState: this.traceState(link.traceState),
      attributes,
      droppedAttributesCount: saturatingAdd(link.droppedAttributesCount, Math.max(0, link.attributes.length - attributes.length)),
      flags: link.flags,
    };
  }

  private withoutReserved(attributes: readonly OtlpKeyValue[]): readonly OtlpKeyValue[] {
    const allowed = attributes.filter((attribute) => !isReservedAttribute(attribute.key));
    this.drop('reserved_attribute', attributes.length - allowed.length);
    return allowed;
  }

  /** The first attributes up to the limit, each cut to length and redacted; some dropped whole. */
  private attributes(attributes: readonly OtlpKeyValue[]): OtlpKeyValue[] {
    const kept: OtlpKeyValue[] = [];
    for (const attribute of this.limit(attributes, this.policy.limits.maxAttributesPerSpan, 'attribute_limit')) {
      if (attribute.key.length > this.policy.limits.maxNameLength) {
        this.drop('attribute_key_too_long');
        continue;
      }
      const key = redactString(attribute.key, this.policy.redaction);
      if (isSecretKey(attribute.key, this.policy.redaction)) {
        kept.push({ key, value: { type: 'string', value: REDACTED } });
        continue;
      }
      const value = this.anyValue(attribute.value);
      if (value !== undefined) kept.push({ key, value });
    }
    return kept;
  }

  /** A value with its strings redacted and cut; undefined when it must go (bytes, which redaction cannot read). */
  private anyValue(value: OtlpAnyValue): OtlpAnyValue | undefined {
    switch (value.type) {
      case 'string':
        return { type: 'string', value: this.value(value.value) };
      case 'bytes':
        this.drop('bytes_value');
        return undefined;
      case 'array': {
        const items = this.limit(value.values, this.policy.limits.maxAttributesPerSpan, 'attribute_limit');
        return { type: 'array', values: items.flatMap((item) => this.anyValue(item) ?? []) };
      }
      case 'kvlist':
        return { type: 'kvlist', values: this.attributes(value.values) };
      default:
        return value;
    }
  }

  private value(text: string): string {
    return this.limited(text, this.policy.limits.maxAttributeValueLength, 'value_truncated');
  }

  private name(text: string): string {
    return this.limited(text, this.policy.limits.maxNameLength, 'name_truncated');
  }

  private limited(text: string, max: number, reason: DropReason): string {
    const limited = redactedWithin(text, max, (piece) => redactString(piece, this.policy.redaction));
    if (limited.cut) this.drop(reason);
    return limited.text;
  }

  private traceState(traceState: string): string {
    if (traceState.length <= MAX_TRACE_STATE_LENGTH) return redactString(traceState, this.policy.redaction);
    this.drop('trace_state_too_long');
    return '';
  }

  private checkTime(unixNano: bigint): void {
    if (unixNano < this.earliestNanos || unixNano > this.latestNanos) {
      throw new ApiError(
        400,
        'timestamp_out_of_window',
        `Span timestamps must lie within ${this.policy.limits.timestampWindowSeconds} s of the server’s clock.`,
      );
    }
  }

  private limit<T>(items: readonly T[], max: number, reason: DropReason): readonly T[] {
    if (items.length <= max) return items;
    this.drop(reason, items.length - max);
    return items.slice(0, max);
  }

  private drop(reason: DropReason, count = 1): void {
    if (count > 0) this.dropped.set(reason, (this.dropped.get(reason) ?? 0) + count);
  }
}

/**
 * `text` redacted and within `max` characters: cut first (to the limit and REDACTION_LOOKAHEAD past
 * it), so that redaction's cost is bounded whatever the client sent, then redacted, then cut to the
 * limit, since REDACTED can be longer than what it replaced. `cut` when anything was cut off.
 */
export function redactedWithin(text: string, max: number, redact: (text: string) => string): { text: string; cut: boolean } {
  const read = text.length > max + REDACTION_LOOKAHEAD ? text.slice(0, max + REDACTION_LOOKAHEAD) : text;
  const redacted = redact(read);
  if (read.length === text.length && redacted.length <= max) return { text: redacted, cut: false };
  return { text: cutWithin(redacted, max), cut: true };
}

/** Cuts to `max` UTF-16 units, never through a surrogate pair (half a character would be stored as �). */
function cutWithin(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return text.slice(0, end);
}

function isReservedAttribute(key: string): boolean {
  return RESERVED_ATTRIBUTE_KEYS.has(key) || RESERVED_ATTRIBUTE_PREFIXES.some((prefix) => key.startsWith(prefix));
}

function isAllowedResourceAttribute(key: string): boolean {
  return ALLOWED_RESOURCE_ATTRIBUTES.has(key) || ALLOWED_RESOURCE_ATTRIBUTE_PREFIXES.some((prefix) => key.startsWith(prefix));
}

function checkTraceId(id: string, field: string): void {
  if (!TRACE_ID.test(id) || ALL_ZEROS.test(id)) {
    throw new ApiError(400, 'invalid_id', `A span's ${field} must be 32 hex digits (16 bytes), not all zero.`);
  }
}

function checkSpanId(id: string, field: string): void {
  if (!SPAN_ID.test(id) || ALL_ZEROS.test(id)) {
    throw new ApiError(400, 'invalid_id', `A span's ${field} must be 16 hex digits (8 bytes), not all zero.`);
  }
}

/** Dropped counts are uint32 in OTLP: a client's own count plus ours must still fit. */
function saturatingAdd(count: number, more: number): number {
  return Math.min(0xffff_ffff, count + more);
}
