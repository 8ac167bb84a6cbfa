import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_REDACTION_POLICY, REDACTED, redactionPolicyFromEnv } from '@threadline/otel-common';
import { SERVICE_NAMES } from '@threadline/stack-layout';
import { ApiError } from '@threadline/service-kit';
import type { OtlpBatch, OtlpSpan } from './otlp-batch';
import { REDACTION_LOOKAHEAD, redactedWithin, sanitizeBatch, type SpanRelayPolicy } from './sanitize';
import {
  attribute,
  browserResourceAttributes,
  decoded,
  DEFAULT_LIMITS,
  hexId,
  jsonBatch,
  jsonSpan,
  nanos,
  type JsonValue,
} from './test-batches';

const NOW_MS = Date.UTC(2026, 4, 1, 12);
const DAY_MS = 86_400_000;
/** A resource with nothing but the name, for tests of limits small enough to cut the usual resource too. */
const BARE_RESOURCE = { resourceAttributes: [attribute('service.name', SERVICE_NAMES.browser)] };
const POLICY: SpanRelayPolicy = {
  browserServiceName: SERVICE_NAMES.browser,
  limits: DEFAULT_LIMITS,
  redaction: DEFAULT_REDACTION_POLICY,
};

function sanitize(batch: JsonValue, policy: SpanRelayPolicy = POLICY) {
  return sanitizeBatch(decoded(batch), policy, NOW_MS);
}

function onlySpan(batch: OtlpBatch): OtlpSpan {
  const spans = batch.resourceSpans.flatMap((resourceSpans) =>
    resourceSpans.scopeSpans.flatMap((scopeSpans) => scopeSpans.spans),
  );
  assert.equal(spans.length, 1);
  return spans[0]!;
}

function attributesOf(owner: { attributes: { key: string; value: unknown }[] }): Record<string, unknown> {
  return Object.fromEntries(
    owner.attributes.map(({ key, value }) => [
      key,
      (value as { type: string; value?: unknown }).type === 'string' ? (value as { value: string }).value : value,
    ]),
  );
}

function refusal(status: number, code: string): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.status, status);
    return true;
  };
}

describe('sanitizeBatch', () => {
  it('passes what the page sends whole: its resource, fetch, click and page-load spans, nothing dropped', () => {
    const spans = [
      jsonSpan(NOW_MS),
      jsonSpan(NOW_MS, {
        name: 'click Place order',
        kind: 1,
        attributes: [attribute('app.items', 3), attribute('app.total', 37.5)],
        events: [],
      }),
      jsonSpan(NOW_MS, {
        name: 'documentLoad',
        kind: 1,
        // A page load that started an hour ago, exported now.
        startTimeUnixNano: nanos(NOW_MS - 3_600_000),
        attributes: [
          attribute('url.full', 'http://localhost:3000/'),
          attribute('user_agent.original', 'Mozilla/5.0 Chrome/140.0'),
        ],
        events: ['fetchStart', 'domInteractive', 'loadEventEnd'].map((name, index) => ({
          name,
          timeUnixNano: nanos(NOW_MS - 3_600_000 + index),
          attributes: [],
        })),
      }),
    ];
    const input = decoded(jsonBatch(spans));
    const { batch, spanCount, dropped } = sanitizeBatch(input, POLICY, NOW_MS);
    assert.equal(spanCount, 3);
    assert.deepEqual([...dropped], []);
    assert.deepEqual(batch, input);
  });

  it('refuses a batch claiming another service, or none, whatever else it holds', () => {
    const forged = (resourceAttributes: JsonValue[]) => jsonBatch([jsonSpan(NOW_MS)], { resourceAttributes });
    const browserAttributes = browserResourceAttributes().slice(1);
    for (const [name, resourceAttributes] of Object.entries({
      'user-api': [attribute('service.name', SERVICE_NAMES.userApi), ...browserAttributes],
      'shop-web': [attribute('service.name', SERVICE_NAMES.web)],
      'no service.name': browserAttributes,
      'a service.name that is not a string': [attribute('service.name', 1)],
      'a second, forged service.name': [...browserResourceAttributes(), attribute('service.name', SERVICE_NAMES.userApi)],
      'the name in other letters': [attribute('service.name', 'Shop-Browser')],
    })) {
      assert.throws(() => sanitize(forged(resourceAttributes)), refusal(400, 'foreign_service'), name);
    }
    // One forged resource among honest ones refuses the whole batch.
    const mixed = jsonBatch([jsonSpan(NOW_MS)]);
    (mixed.resourceSpans as JsonValue[]).push(
      (forged([attribute('service.name', SERVICE_NAMES.userApi)]).resourceSpans as JsonValue[])[0]!,
    );
    assert.throws(() => sanitize(mixed), refusal(400, 'foreign_service'));
  });

  it('refuses span kinds a browser cannot produce, and passes the ones it does', () => {
    assert.throws(() => sanitize(jsonBatch([jsonSpan(NOW_MS, { kind: 2 })])), refusal(400, 'span_kind_not_allowed'));
    assert.throws(() => sanitize(jsonBatch([jsonSpan(NOW_MS, { kind: 5 })])), refusal(400, 'span_kind_not_allowed'));
    for (const kind of [0, 1, 3, 4]) assert.equal(sanitize(jsonBatch([jsonSpan(NOW_MS, { kind })])).spanCount, 1);
  });

  it('refuses IDs of the wrong length, not hex, or all zeros; a root span has no parent', () => {
    const invalid: Record<string, Record<string, JsonValue>> = {
      'a trace ID of 8 bytes': { traceId: hexId(8) },
      'a trace ID of 17 bytes': { traceId: `${hexId(16)}ab` },
      'an empty trace ID': { traceId: '' },
      'an all-zero trace ID': { traceId: '0'.repeat(32) },
      'a trace ID that is not hex': { traceId: 'g'.repeat(32) },
      'a span ID of 16 bytes': { spanId: hexId(16) },
      'an all-zero span ID': { spanId: '0'.repeat(16) },
      'a span ID with a dash': { spanId: `${hexId(8).slice(1)}-` },
      'a parent of 4 bytes': { parentSpanId: hexId(8).slice(8) },
      'an all-zero parent': { parentSpanId: '0'.repeat(16) },
      'a link to an all-zero trace': { links: [{ traceId: '0'.repeat(32), spanId: hexId(8) }] },
      'a link to a short span ID': { links: [{ traceId: hexId(16), spanId: 'ab' }] },
    };
    for (const [name, fields] of Object.entries(invalid)) {
      assert.throws(() => sanitize(jsonBatch([jsonSpan(NOW_MS, fields)])), refusal(400, 'invalid_id'), name);
    }
    const upperCase = hexId(16).toUpperCase();
    const span = onlySpan(sanitize(jsonBatch([jsonSpan(NOW_MS, { traceId: upperCase, parentSpanId: '' })])).batch);
    assert.equal(span.traceId, upperCase.toLowerCase());
    assert.equal(span.parentSpanId, '');
    assert.equal(sanitize(jsonBatch([jsonSpan(NOW_MS, { parentSpanId: hexId(8) })])).spanCount, 1);
  });

  it('refuses timestamps outside the window around the server’s clock, and spans that end before they start', () => {
    const outside: Record<string, Record<string, JsonValue>> = {
      'a span from 1970': { startTimeUnixNano: '0' },
      'a span from one nanosecond after 1970': { startTimeUnixNano: '1', endTimeUnixNano: '2' },
      'a span from next year': { startTimeUnixNano: nanos(NOW_MS + 365 * DAY_MS), endTimeUnixNano: nanos(NOW_MS + 365 * DAY_MS) },
      'a span ending next year': { endTimeUnixNano: nanos(NOW_MS + 365 * DAY_MS) },
      'a span that never ended': { endTimeUnixNano: '0' },
      'a span ending before it starts': { startTimeUnixNano: nanos(NOW_MS), endTimeUnixNano: nanos(NOW_MS - 1) },
      'an event from 1970': { events: [{ name: 'e', timeUnixNano: '5' }] },
      'the largest timestamp': { endTimeUnixNano: '18446744073709551615' },
    };
    for (const [name, fields] of Object.entries(outside)) {
      assert.throws(() => sanitize(jsonBatch([jsonSpan(NOW_MS, fields)])), refusal(400, 'timestamp_out_of_window'), name);
    }
    // Just inside the window, either side.
    const edge = { startTimeUnixNano: nanos(NOW_MS - DAY_MS), endTimeUnixNano: nanos(NOW_MS + DAY_MS) };
    assert.equal(sanitize(jsonBatch([jsonSpan(NOW_MS, edge)])).spanCount, 1);
  });

  it('refuses more spans than allowed with 413, and takes exactly the limit', () => {
    const spans = (count: number) => Array.from({ length: count }, () => jsonSpan(NOW_MS));
    const policy = { ...POLICY, limits: { ...DEFAULT_LIMITS, maxSpans: 10 } };
    assert.equal(sanitize(jsonBatch(spans(10)), policy).spanCount, 10);
    assert.throws(() => sanitize(jsonBatch(spans(11)), policy), refusal(413, 'too_many_spans'));
  });

  it('keeps the service name whatever else the resource holds', () => {
    const resourceAttributes = [
      ...Array.from({ length: 200 }, (_, index) => attribute(`browser.x${index}`, 'v')),
      attribute('service.name', SERVICE_NAMES.browser),
    ];
    const { batch } = sanitize(jsonBatch([jsonSpan(NOW_MS)], { resourceAttributes }));
    const kept = batch.resourceSpans[0]!.resource.attributes;
    assert.deepEqual(kept[0], { key: 'service.name', value: { type: 'string', value: SERVICE_NAMES.browser } });
    assert.equal(kept.filter((item) => item.key === 'service.name').length, 1);
    assert.equal(kept.length, 1 + DEFAULT_LIMITS.maxAttributesPerSpan);
  });

  it('keeps only allow-listed resource attributes, counting the rest', () => {
    const resourceAttributes = [
      ...browserResourceAttributes(),
      attribute('browser.platform', 'Linux'),
      attribute('host.name', 'db-primary'),
      attribute('process.command', 'rm -rf /'),
      attribute('enduser.id', 'victim'),
    ];
    const { batch, dropped } = sanitize(jsonBatch([jsonSpan(NOW_MS)], { resourceAttributes }));
    const resource = batch.resourceSpans[0]!.resource;
    assert.deepEqual(
      resource.attributes.map((item) => item.key),
      [...browserResourceAttributes().map((item) => (item as { key: string }).key), 'browser.platform'],
    );
    assert.equal(resource.droppedAttributesCount, 3);
    assert.deepEqual([...dropped], [['resource_attribute_not_allowed', 3]]);
  });

  it('redacts personal data and secrets everywhere in a span: names, attributes, events, status, resource', () => {
    const span = jsonSpan(NOW_MS, {
      name: 'DROP TABLE users -- victim@example.com',
      attributes: [
        attribute('user.email', 'victim@example.com'),
        attribute('User.Email', 'victim@example.com'),
        attribute('authorization', 'Bearer abc.def'),
        attribute('url.full', 'http://localhost:3000/api/orders?token=s3cr3t&email=victim%40example.com&page=2'),
        attribute('note', 'card 4111 1111 1111 1111, mail victim@example.com, Bearer very-secret'),
        attribute('emails', ['victim@example.com', 'ok']),
        {
          key: 'nested',
          value: { kvlistValue: { values: [attribute('password', 'hunter2'), attribute('contact', 'victim@example.com')] } },
        },
        attribute('victim@example.com', 'a key that is an email'),
        attribute('password', 12345),
      ],
      events: [
        {
          name: 'exception for victim@example.com',
          timeUnixNano: nanos(NOW_MS - 1),
          attributes: [attribute('exception.message', 'no user victim@example.com'), attribute('token', 'tok-123')],
        },
      ],
      status: { code: 2, message: 'failed for victim@example.com' },
    });
    const resourceAttributes = [...browserResourceAttributes(), attribute('browser.language', 'victim@example.com')];
    const { batch } = sanitize(jsonBatch([span], { resourceAttributes }));
    const stored = JSON.stringify(batch, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value));
    for (const secret of [
      'victim@example.com',
      'victim%40example.com',
      's3cr3t',
      '4111 1111 1111 1111',
      'very-secret',
      'abc.def',
      'hunter2',
      'tok-123',
      '12345',
    ]) {
      assert.equal(stored.includes(secret), false, `${secret} must not survive`);
    }
    const relayed = onlySpan(batch);
    assert.equal(relayed.name, `DROP TABLE users -- ${REDACTED}`);
    const attributes = attributesOf(relayed);
    assert.equal(attributes['user.email'], REDACTED);
    assert.equal(attributes['User.Email'], REDACTED);
    assert.equal(attributes['password'], REDACTED);
    assert.equal(attributes['url.full'], `http://localhost:3000/api/orders?token=${REDACTED}&email=${REDACTED}&page=2`);
    assert.deepEqual(attributes['nested'], {
      type: 'kvlist',
      values: [
        { key: 'password', value: { type: 'string', value: REDACTED } },
        { key: 'contact', value: { type: 'string', value: REDACTED } },
      ],
    });
    assert.ok(`${REDACTED}` in attributes);
    assert.equal(relayed.events[0]!.name, `exception for ${REDACTED}`);
    assert.deepEqual(attributesOf(relayed.events[0]!), { 'exception.message': `no user ${REDACTED}`, token: REDACTED });
    assert.equal(relayed.status.message, `failed for ${REDACTED}`);
  });

  it('redacts the keys the configuration adds', () => {
    const policy = { ...POLICY, redaction: redactionPolicyFromEnv({ REDACT_ATTRIBUTE_KEYS: 'app.customer' }) };
    const { batch } = sanitize(
      jsonBatch([jsonSpan(NOW_MS, { attributes: [attribute('app.customer', 'Ada Lovelace')] })]),
      policy,
    );
    assert.deepEqual(attributesOf(onlySpan(batch)), { 'app.customer': REDACTED });
  });

  it('keeps the first attributes of a span with 100 000, and counts the rest', () => {
    const attributes = Array.from({ length: 100_000 }, (_, index) => attribute(`a${index}`, `v${index}`));
    const { batch, dropped } = sanitize(jsonBatch([jsonSpan(NOW_MS, { attributes, droppedAttributesCount: 2 })]));
    const span = onlySpan(batch);
    assert.equal(span.attributes.length, 128);
    assert.equal(span.attributes[127]!.key, 'a127');
    assert.equal(span.droppedAttributesCount, 2 + 100_000 - 128);
    assert.deepEqual([...dropped], [['attribute_limit', 100_000 - 128]]);
  });

  it('keeps the first events and links within their limits, and attributes within theirs in each', () => {
    const limits = { ...DEFAULT_LIMITS, maxEventsPerSpan: 2, maxLinksPerSpan: 1, maxAttributesPerSpan: 2 };
    const event = (name: string) => ({
      name,
      timeUnixNano: nanos(NOW_MS),
      attributes: [attribute('a', 1), attribute('b', 2), attribute('c', 3)],
    });
    const link = () => ({ traceId: hexId(16), spanId: hexId(8), attributes: [] });
    const { batch, dropped } = sanitize(
      jsonBatch(
        [jsonSpan(NOW_MS, { attributes: [], events: [event('e1'), event('e2'), event('e3')], links: [link(), link(), link()] })],
        BARE_RESOURCE,
      ),
      { ...POLICY, limits },
    );
    const span = onlySpan(batch);
    assert.deepEqual(
      span.events.map((item) => [item.name, item.attributes.length, item.droppedAttributesCount]),
      [
        ['e1', 2, 1],
        ['e2', 2, 1],
      ],
    );
    assert.equal(span.droppedEventsCount, 1);
    assert.equal(span.links.length, 1);
    assert.equal(span.droppedLinksCount, 2);
    assert.deepEqual(Object.fromEntries(dropped), { event_limit: 1, link_limit: 2, attribute_limit: 2 });
  });

  it('redacts what issue 18 found stored in clear: secret keys, embedded secrets, cards, e-mails, tokens', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl';
    const secretKeys = [
      'user.password',
      'db.password',
      'secret',
      'access_token',
      'api-key',
      'passwd',
      'http.request.header.x-auth-token',
    ];
    const values = [
      'password=hunter2',
      '{"password":"hunter2"}',
      'card 4111.1111.1111.1111',
      'from ada＠example.com',
      'from jörg@bücher.de',
      'from root@localhost',
      jwt,
      'Token abc123def456ghi789',
    ];
    const secretAttributes = secretKeys.map((key) => attribute(key, 'hunter2'));
    const valueAttributes = values.map((value, index) => attribute(`note.${index}`, value));
    const span = jsonSpan(NOW_MS, {
      attributes: [...secretAttributes, ...valueAttributes],
      events: [{ name: 'sent', timeUnixNano: nanos(NOW_MS - 1), attributes: valueAttributes }],
      links: [{ traceId: hexId(16), spanId: hexId(8), attributes: [...secretAttributes, ...valueAttributes] }],
    });
    const resourceAttributes = [...browserResourceAttributes(), attribute('browser.password', 'hunter2')];
    const { batch } = sanitize(jsonBatch([span], { resourceAttributes }));
    const stored = JSON.stringify(batch, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value));
    for (const secret of ['hunter2', '4111', 'ada＠', 'jörg', 'root@', 'eyJ', 'abc123def456ghi789']) {
      assert.equal(stored.includes(secret), false, `${secret} must not survive`);
    }
    const relayed = onlySpan(batch);
    for (const owner of [relayed, relayed.links[0]!]) {
      const attributes = attributesOf(owner);
      for (const key of secretKeys) assert.equal(attributes[key], REDACTED, key);
      assert.equal(attributes['note.0'], `password=${REDACTED}`);
      assert.equal(attributes['note.1'], `{"password":"${REDACTED}"}`);
      assert.equal(attributes['note.7'], `Token ${REDACTED}`);
    }
    assert.equal(attributesOf(batch.resourceSpans[0]!.resource)['browser.password'], REDACTED);
  });

  it('drops the attributes Jaeger reads as what only the SDK may say, from spans, events and links, and counts them', () => {
    const reserved = [
      attribute('span.kind', 'server'),
      attribute('otel.status_code', 'ERROR'),
      attribute('otel.status_description', 'forged'),
      attribute('otel.scope.name', 'next.js'),
      attribute('otel.scope.version', '16.4.6'),
      attribute('error', true),
      attribute('w3c.tracestate', 'forged=1'),
      attribute('@jaeger@warnings', ['clock skew adjusted']),
      attribute('opentracing.ref_type', 'child_of'),
    ];
    const honest = [
      attribute('error.type', 'TypeError'),
      attribute('http.response.status_code', 500),
      attribute('span.name', 'x'),
    ];
    const { batch, dropped } = sanitize(
      jsonBatch([
        jsonSpan(NOW_MS, {
          kind: 0,
          attributes: [...reserved, ...honest],
          events: [{ name: 'e', timeUnixNano: nanos(NOW_MS - 1), attributes: [...reserved, ...honest] }],
          links: [{ traceId: hexId(16), spanId: hexId(8), attributes: [...reserved, ...honest] }],
        }),
      ]),
    );
    const span = onlySpan(batch);
    const honestKeys = ['error.type', 'http.response.status_code', 'span.name'];
    assert.deepEqual(Object.keys(attributesOf(span)), honestKeys);
    assert.deepEqual(Object.keys(attributesOf(span.events[0]!)), honestKeys);
    assert.deepEqual(Object.keys(attributesOf(span.links[0]!)), honestKeys);
    assert.equal(span.droppedAttributesCount, reserved.length);
    assert.equal(span.links[0]!.droppedAttributesCount, reserved.length);
    assert.deepEqual(Object.fromEntries(dropped), { reserved_attribute: 3 * reserved.length });
  });

  it('cuts a value at the relay’s size limit to the length limit, and stores nothing of what lies past it', () => {
    const huge = `${'a'.repeat(1024 * 1024)}@`;
    const { batch, dropped } = sanitize(
      jsonBatch(
        [
          jsonSpan(NOW_MS, {
            attributes: [attribute('note', huge), attribute('mail', `${'b'.repeat(4090)} victim@example.com`)],
          }),
        ],
        BARE_RESOURCE,
      ),
    );
    const attributes = attributesOf(onlySpan(batch));
    assert.equal(attributes['note'], 'a'.repeat(DEFAULT_LIMITS.maxAttributeValueLength));
    // The address runs through the cut: read whole past it, and replaced.
    assert.equal(attributes['mail'], `${'b'.repeat(4090)} ${REDACTED.slice(0, 5)}`);
    assert.deepEqual(Object.fromEntries(dropped), { value_truncated: 2 });
  });

  it('lets redaction read no more than the limit and a look-ahead, and keeps its result within the limit', () => {
    const read: number[] = [];
    const spy = (text: string) => (read.push(text.length), text.replaceAll('@', '[at]'));
    assert.deepEqual(redactedWithin(`${'a'.repeat(1024 * 1024)}@`, 4096, spy), { text: 'a'.repeat(4096), cut: true });
    assert.deepEqual(read, [4096 + REDACTION_LOOKAHEAD]);
    // Longer after redaction than before: cut to the limit, and said so.
    assert.deepEqual(redactedWithin('a@b', 4, spy), { text: 'a[at', cut: true });
    assert.deepEqual(redactedWithin('a@', 4, spy), { text: 'a[at]'.slice(0, 4), cut: true });
    assert.deepEqual(redactedWithin('abcd', 4, spy), { text: 'abcd', cut: false });
    // Within the look-ahead and shorter after redaction: nothing was cut.
    assert.deepEqual(
      redactedWithin(`xy ${'victim'.repeat(10)}`, 8, () => 'xy [gone]'.slice(0, 8)),
      { text: 'xy [gone', cut: false },
    );
  });

  it('cuts long values and names after redacting them, so no half of a secret is left', () => {
    const limits = { ...DEFAULT_LIMITS, maxAttributeValueLength: 32, maxNameLength: 16 };
    // The email straddles the cut: redacted first, nothing of it remains.
    const value = `${'x'.repeat(24)} victim@example.com`;
    const { batch, dropped } = sanitize(
      jsonBatch(
        [
          jsonSpan(NOW_MS, {
            name: `click ${'y'.repeat(100)}`,
            attributes: [attribute('note', value), attribute('emoji', `${'z'.repeat(31)}😀`)],
          }),
        ],
        {
          ...BARE_RESOURCE,
          scope: { name: 's'.repeat(100) },
        },
      ),
      { ...POLICY, limits },
    );
    const span = onlySpan(batch);
    assert.equal(span.name, `click ${'y'.repeat(10)}`);
    const attributes = attributesOf(span);
    assert.equal(attributes['note'], `${'x'.repeat(24)} ${REDACTED.slice(0, 7)}`);
    // Never half a surrogate pair.
    assert.equal(attributes['emoji'], 'z'.repeat(31));
    assert.equal(batch.resourceSpans[0]!.scopeSpans[0]!.scope.name, 's'.repeat(16));
    assert.deepEqual(Object.fromEntries(dropped), { value_truncated: 2, name_truncated: 2 });
  });

  it('drops bytes values (redaction cannot read them), over-long keys, scope attributes and over-long tracestates', () => {
    const span = jsonSpan(NOW_MS, {
      attributes: [
        { key: 'blob', value: { bytesValue: Buffer.from('victim@example.com').toString('base64') } },
        { key: 'list', value: { arrayValue: { values: [{ stringValue: 'ok' }, { bytesValue: 'AAEC' }] } } },
        attribute('k'.repeat(300), 'v'),
        attribute('kept', 'v'),
      ],
      traceState: `a=${'b'.repeat(600)}`,
    });
    const { batch, dropped } = sanitize(
      jsonBatch([span], { scope: { name: 'threadline-browser', attributes: [attribute('scope.forged', 'x')] } }),
    );
    const relayed = onlySpan(batch);
    assert.deepEqual(Object.keys(attributesOf(relayed)), ['list', 'kept']);
    assert.deepEqual(attributesOf(relayed)['list'], { type: 'array', values: [{ type: 'string', value: 'ok' }] });
    assert.equal(relayed.droppedAttributesCount, 2);
    assert.equal(relayed.traceState, '');
    assert.deepEqual(batch.resourceSpans[0]!.scopeSpans[0]!.scope.attributes, []);
    assert.deepEqual(Object.fromEntries(dropped), {
      bytes_value: 2,
      attribute_key_too_long: 1,
      scope_attribute_not_allowed: 1,
      trace_state_too_long: 1,
    });
  });

  it('bounds the items of array and key-value list values by the attribute limit', () => {
    const limits = { ...DEFAULT_LIMITS, maxAttributesPerSpan: 3 };
    const { batch, dropped } = sanitize(
      jsonBatch(
        [
          jsonSpan(NOW_MS, {
            attributes: [
              attribute(
                'many',
                Array.from({ length: 10 }, (_, index) => `v${index}`),
              ),
            ],
          }),
        ],
        BARE_RESOURCE,
      ),
      { ...POLICY, limits },
    );
    assert.equal((attributesOf(onlySpan(batch))['many'] as { values: unknown[] }).values.length, 3);
    assert.deepEqual(Object.fromEntries(dropped), { attribute_limit: 7 });
  });

  it('leaves out resources and scopes without spans, and accepts an empty batch', () => {
    const empty = sanitize({ resourceSpans: [] });
    assert.equal(empty.spanCount, 0);
    assert.deepEqual(empty.batch, { resourceSpans: [] });
    const noSpans = sanitize(jsonBatch([]));
    assert.deepEqual(noSpans.batch, { resourceSpans: [] });
  });

  it('leaves the batch it was given untouched', () => {
    const input = decoded(jsonBatch([jsonSpan(NOW_MS, { attributes: [attribute('user.email', 'victim@example.com')] })]));
    const copy = structuredClone(input);
    sanitizeBatch(input, POLICY, NOW_MS);
    assert.deepEqual(input, copy);
  });
});
