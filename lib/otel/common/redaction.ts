import type { Attributes, AttributeValue } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { SECRET_FINDERS, type SecretNameTest, type SecretRange } from './secret-finders';
import { namesSecret } from './secret-names';

/**
 * What must never leave a process in a span. Used by all three tiers (the browser too, so this
 * module stays free of Node APIs). Keys are matched case-insensitively.
 */
export interface RedactionPolicy {
  /**
   * Attributes whose whole value is replaced, on top of every key that names a secret (isSecretKey):
   * personal fields, and whatever the configuration adds.
   */
  attributeKeys: readonly string[];
  /**
   * Query-string parameters whose values are replaced wherever a URL appears (attributes, span
   * names), on top of every parameter that names a secret.
   */
  queryParams: readonly string[];
}

export const REDACTED = 'REDACTED';

export const DEFAULT_REDACTION_POLICY: RedactionPolicy = {
  attributeKeys: [
    'user.email',
    'user.name',
    'user.full_name',
    'enduser.email',
    'enduser.name',
    'threadline.user.email',
    'threadline.user.name',
  ],
  queryParams: ['key', 'email', 'card', 'cc', 'code', 'sig', 'signature', 'session'],
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

type Resource = ReadableSpan['resource'];

/** What redaction needs of a policy, built once per policy: this runs for every string of every span. */
interface CompiledPolicy {
  attributeKeys: ReadonlySet<string>;
  isSecretName: SecretNameTest;
  /** Each resource redacted once: a process's spans share one resource object. */
  resources: WeakMap<Resource, Resource>;
}

const compiledPolicies = new WeakMap<RedactionPolicy, CompiledPolicy>();

function compiled(policy: RedactionPolicy): CompiledPolicy {
  let result = compiledPolicies.get(policy);
  if (result === undefined) {
    const attributeKeys = new Set(policy.attributeKeys.map((key) => key.toLowerCase()));
    const queryParams = new Set(policy.queryParams.map((param) => param.toLowerCase()));
    result = {
      attributeKeys,
      isSecretName: (name, inQuery) =>
        namesSecret(name) || attributeKeys.has(name.toLowerCase()) || (inQuery && queryParams.has(name.toLowerCase())),
      resources: new WeakMap(),
    };
    compiledPolicies.set(policy, result);
  }
  return result;
}

/**
 * Whether a key's whole value is replaced: any key naming a password, secret, token, API key,
 * credential, cookie or authorization header, and the policy's own keys.
 */
export function isSecretKey(key: string, policy: RedactionPolicy): boolean {
  return isSecretKeyOf(key, compiled(policy));
}

function isSecretKeyOf(key: string, { attributeKeys }: CompiledPolicy): boolean {
  return namesSecret(key) || attributeKeys.has(key.toLowerCase());
}

/**
 * Replaces secrets inside a free-text value: e-mail addresses, JSON Web Tokens, card numbers,
 * credentials after an authorization scheme, and values of secret names (`password=…`,
 * `{"token": …}`, secret query parameters), so that URLs and messages keep their shape. Its cost is a
 * multiple of the value's length (secret-finders.ts), so it may run over anything a client sends.
 */
export function redactString(value: string, policy: RedactionPolicy): string {
  const { isSecretName } = compiled(policy);
  let result = value;
  for (const { mayFind, find } of SECRET_FINDERS) {
    if (mayFind.test(result)) result = replaced(result, find(result, isSecretName));
  }
  return result;
}

function replaced(text: string, ranges: readonly SecretRange[]): string {
  if (ranges.length === 0) return text;
  let result = '';
  let kept = 0;
  for (const [start, end] of ranges) {
    result += text.slice(kept, start) + REDACTED;
    kept = end;
  }
  return result + text.slice(kept);
}

export function redactAttributes(attributes: Attributes, policy: RedactionPolicy): Attributes {
  const compiledPolicy = compiled(policy);
  const redacted: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    redacted[key] = isSecretKeyOf(key, compiledPolicy) ? REDACTED : redactValue(value, policy);
  }
  return redacted;
}

function redactValue(value: AttributeValue | undefined, policy: RedactionPolicy): AttributeValue | undefined {
  if (typeof value === 'string') return redactString(value, policy);
  if (Array.isArray(value))
    return value.map((item) => (typeof item === 'string' ? redactString(item, policy) : item)) as AttributeValue;
  return value;
}

/**
 * A redacted copy of a finished span: its name, attributes, status message, events, links and resource;
 * the original is untouched.
 */
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
    links: span.links.map((link) =>
      link.attributes ? { ...link, attributes: redactAttributes(link.attributes, policy) } : link,
    ),
    events: span.events.map((event) => ({
      ...event,
      name: redactString(event.name, policy),
      ...(event.attributes && { attributes: redactAttributes(event.attributes, policy) }),
    })),
    duration: span.duration,
    ended: span.ended,
    resource: redactResource(span.resource, policy),
    instrumentationScope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}

/**
 * A resource with its attributes redacted, made once per resource and policy. A resource still
 * waiting for asynchronous attributes is not kept: what it holds later would not be in the copy.
 */
function redactResource(resource: Resource, policy: RedactionPolicy): Resource {
  const { resources } = compiled(policy);
  const known = resources.get(resource);
  if (known) return known;
  const attributes = redactAttributes(resource.attributes, policy);
  const redacted: Resource = {
    attributes,
    schemaUrl: resource.schemaUrl,
    merge: (other) => redactResource(resource.merge(other), policy),
    getRawAttributes: () => Object.entries(attributes),
  };
  if (!resource.asyncAttributesPending) resources.set(resource, redacted);
  return redacted;
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
