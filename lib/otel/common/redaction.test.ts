import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SpanKind } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import fc from 'fast-check';
import {
  DEFAULT_REDACTION_POLICY as policy,
  isSecretKey,
  REDACTED,
  redactAttributes,
  redactionPolicyFromEnv,
  redactSpan,
  redactString,
} from './redaction';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFkYSJ9.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

/** What the shop's own spans carry and must keep as they are (issue 18: redaction must not damage traces). */
const OUR_TRACES_KEEP = [
  'GET /users/:id',
  'POST /api/orders',
  'executing api route (app) /api/orders',
  '/api/traces/[traceId]',
  'SELECT sku, name, price_cents AS priceCents FROM products WHERE sku IN (SELECT value FROM json_each(?))',
  'INSERT INTO orders (id, user_id, user_name, total_cents, trace_id, created_at, browser_session) VALUES (?, ?, ?, ?, ?, ?, ?)',
  'INSERT INTO idempotency_keys (key, request_hash, order_id, created_at, span_id) VALUES (?, ?, ?, ?, ?)',
  'SELECT request_hash AS requestHash, order_id AS orderId, span_id AS spanId FROM idempotency_keys WHERE key = ?',
  'SELECT id, name, email FROM users WHERE id = ?',
  '4bf92f3577b34da6a3ce929d0e0e4736',
  '00f067aa0ba902b7',
  '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  '0f8c2a36-5d0e-4d0b-9a51-5b7a4c9f4e21',
  '2026-05-01T12:00:00.000Z',
  '1764158400123',
  '201',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.7339.16 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1',
  'http://127.0.0.1:3000/api/orders',
  'http://localhost:3000/traces/4bf92f3577b34da6a3ce929d0e0e4736?from=order',
  'http://127.0.0.1:8080/users/1',
  '/sessions/0f8c2a36-5d0e-4d0b-9a51-5b7a4c9f4e21',
  'idempotent_replay',
  'latency',
  'order_failure',
  'Error: checkout broke\n    at handleClick (http://127.0.0.1:3000/_next/static/chunks/02fsbyb76fk91.js:1:2345)',
  'handleClick@http://localhost:3000/_next/static/chunks/app/page-1f2e.js:1:2345',
  'invalid token format: expected three segments',
];

describe('redactString', () => {
  it('replaces emails (also percent-encoded), bearer credentials and card numbers', () => {
    assert.equal(redactString('user ada@example.com failed', policy), 'user REDACTED failed');
    assert.equal(redactString('/api?x=ada%40example.com', policy), '/api?x=REDACTED');
    assert.equal(redactString('Bearer eyJhbGciOi.abc-def', policy), 'Bearer REDACTED');
    assert.equal(redactString('paid with 4111 1111 1111 1111', policy), 'paid with REDACTED');
    assert.equal(redactString('4111-1111-1111-1111', policy), 'REDACTED');
  });

  it('finds what issue 18 found stored in clear', () => {
    const cases: Record<string, string> = {
      'password=hunter2': 'password=REDACTED',
      'body {"password":"hunter2","user":"ada"}': 'body {"password":"REDACTED","user":"ada"}',
      'card 4111.1111.1111.1111': 'card REDACTED',
      'from ada＠example.com': 'from REDACTED',
      'from jörg@bücher.de': 'from REDACTED',
      'from root@localhost': 'from REDACTED',
      [`sent ${JWT}`]: 'sent REDACTED',
      'Authorization: Token abc123def456ghi789': 'Authorization: REDACTED',
      'header Token abc123def456ghi789': 'header Token REDACTED',
    };
    for (const [value, redacted] of Object.entries(cases)) assert.equal(redactString(value, policy), redacted, value);
  });

  it('keeps numbers that only look long, such as IDs and timestamps that fail the card checksum', () => {
    assert.equal(redactString('order 1234567890123 at 1700000000000', policy), 'order 1234567890123 at 1700000000000');
  });

  it('keeps a URL’s shape and replaces only the secret query values', () => {
    assert.equal(
      redactString('http://127.0.0.1:3000/api/orders?token=s3cr3t&page=2&Email=a&card=4111111111111111#top', policy),
      'http://127.0.0.1:3000/api/orders?token=REDACTED&page=2&Email=REDACTED&card=REDACTED#top',
    );
  });

  it('leaves what the shop’s own traces carry as it is', () => {
    for (const value of OUR_TRACES_KEEP) assert.equal(redactString(value, policy), value);
  });

  it('replaces every generated e-mail address, in any script and form, and nothing around it', () => {
    const label = (letters: string) => fc.string({ unit: fc.constantFrom(...letters), minLength: 1, maxLength: 12 });
    const ascii = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    const beyond = 'äöüßéñøçłžจกลあいう用户例子рдж';
    const address = fc
      .record({
        local: fc.array(label(`${ascii}${beyond}`), { minLength: 1, maxLength: 3 }).map((parts) => parts.join('.')),
        at: fc.constantFrom('@', '%40', '＠'),
        labels: fc.array(label(`${ascii}${beyond}`), { maxLength: 3 }),
        top: label('abcdefghijklmnopqrstuvwxyzрфдеみ').filter((top) => top.length >= 2),
      })
      .map(({ local, at, labels, top }) => `${local}${at}${[...labels, top].join('.')}`);
    fc.assert(
      fc.property(
        address,
        fc.constantFrom('sent to ', 'user=', '(', '<'),
        fc.constantFrom(' failed', ', ', ')', '>', ''),
        (email, before, after) => assert.equal(redactString(`${before}${email}${after}`, policy), `${before}${REDACTED}${after}`),
      ),
    );
  });

  it('replaces every generated card number that passes the checksum, in every common grouping', () => {
    const card = fc
      .record({
        length: fc.constantFrom(13, 15, 16, 19),
        body: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 18, maxLength: 18 }),
        network: fc.integer({ min: 2, max: 6 }),
        separator: fc.constantFrom('', ' ', '-', '.'),
      })
      .map(({ length, body, network, separator }) => {
        const digits = [network, ...body.slice(0, length - 2)];
        digits.push(luhnCheckDigit(digits));
        const grouping = length === 15 ? [4, 6, 5] : [4, 4, 4, 4, 3];
        const groups: string[] = [];
        for (let start = 0, group = 0; start < length; start += grouping[group]!, group += 1) {
          groups.push(digits.slice(start, start + grouping[group]!).join(''));
        }
        return groups.join(separator);
      });
    fc.assert(
      fc.property(card, (number) => assert.equal(redactString(`paid with ${number}.`, policy), `paid with ${REDACTED}.`)),
    );
  });

  it('replaces every generated JSON Web Token', () => {
    const base64url = (value: string) => Buffer.from(value).toString('base64url');
    const jwt = fc
      .tuple(
        fc.jsonValue(),
        // A JOSE header's names are words (`alg`, `typ`, `kid`): a numeric one would come first and not encode as `eyJ`.
        fc.dictionary(fc.stringMatching(/^[a-z]\w{0,8}$/), fc.jsonValue()),
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
      )
      .map(
        ([claims, header, signature]) =>
          `${base64url(JSON.stringify({ alg: 'HS256', ...header }))}.${base64url(JSON.stringify({ claims }))}.${Buffer.from(signature).toString('base64url')}`,
      );
    fc.assert(
      fc.property(jwt, (token) => assert.equal(redactString(`id_token ${token} issued`, policy), `id_token ${REDACTED} issued`)),
    );
  });

  it('leaves generated trace IDs, UUIDs, timestamps and numbers as they are', () => {
    const kept = fc.oneof(
      fc.stringMatching(/^[0-9a-f]{32}$/),
      fc.stringMatching(/^[0-9a-f]{16}$/),
      fc.uuid(),
      fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
      fc.nat().map(String),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(String),
    );
    fc.assert(fc.property(kept, (value) => assert.equal(redactString(value, policy), value)));
  });
});

describe('isSecretKey', () => {
  it('finds keys that name a password, secret, token, API key, credential, cookie or authorization header', () => {
    for (const key of [
      'user.password',
      'db.password',
      'secret',
      'access_token',
      'api-key',
      'passwd',
      'http.request.header.x-auth-token',
      'http.request.header.authorization',
      'http.request.header.cookie',
      'http.response.header.set-cookie',
      'Proxy-Authorization',
      'x-api-key',
      'apiKey',
      'clientSecret',
      'aws.secret_access_key',
      'private_key',
      'credentials',
      'session.token',
      'user.email',
    ]) {
      assert.equal(isSecretKey(key, policy), true, key);
    }
  });

  it('leaves keys that only mention such words, or count them', () => {
    for (const key of [
      'gen_ai.usage.input_tokens',
      'tokenCount',
      'session.id',
      'http.route',
      'app.idempotency_key',
      'secretary',
      'threadline.fault.injected',
      'user_agent.original',
    ]) {
      assert.equal(isSecretKey(key, policy), false, key);
    }
  });

  it('finds every spelling of a secret name: any case, any separator, any prefix', () => {
    const secretName = fc.constantFrom(
      'password',
      'passwd',
      'secret',
      'token',
      'apiKey',
      'api_key',
      'credential',
      'cookie',
      'authorization',
    );
    const prefix = fc.array(fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/), { maxLength: 3 });
    const spelled = fc
      .tuple(prefix, fc.constantFrom('.', '_', '-'), secretName, fc.boolean())
      .map(([parts, separator, name, upper]) => [...parts, upper ? name.toUpperCase() : name].join(separator));
    fc.assert(fc.property(spelled, (key) => isSecretKey(key, policy)));
  });
});

describe('redactAttributes', () => {
  it('replaces configured keys whole, and cleans every other string', () => {
    assert.deepEqual(
      redactAttributes(
        {
          authorization: 'Bearer x',
          'threadline.user.name': 'Ada Lovelace',
          'http.target': '/a?session=1',
          'db.query.text': 'SELECT ?',
          'db.password': 'hunter2',
          count: 3,
          tags: ['ada@example.com', 'ok'],
        },
        policy,
      ),
      {
        authorization: 'REDACTED',
        'threadline.user.name': 'REDACTED',
        'http.target': '/a?session=REDACTED',
        'db.query.text': 'SELECT ?',
        'db.password': 'REDACTED',
        count: 3,
        tags: ['REDACTED', 'ok'],
      },
    );
  });

  it('takes extra keys and parameters from the environment', () => {
    const custom = redactionPolicyFromEnv({ REDACT_ATTRIBUTE_KEYS: 'app.user.id', REDACT_QUERY_PARAMS: 'ssn' });
    assert.deepEqual(redactAttributes({ 'app.user.id': '42', url: '/x?ssn=123', note: 'app.user.id=42' }, custom), {
      'app.user.id': 'REDACTED',
      url: '/x?ssn=REDACTED',
      note: 'app.user.id=REDACTED',
    });
  });
});

function finishedSpan(fields: Partial<ReadableSpan>): ReadableSpan {
  return {
    name: 'span',
    kind: SpanKind.CLIENT,
    spanContext: () => ({ traceId: 't'.repeat(32), spanId: 's'.repeat(16), traceFlags: 1 }),
    parentSpanContext: undefined,
    startTime: [1, 0],
    endTime: [2, 0],
    status: { code: 0 },
    attributes: {},
    links: [],
    events: [],
    duration: [1, 0],
    ended: true,
    resource: resourceFromAttributes({}),
    instrumentationScope: { name: 'test' },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
    ...fields,
  };
}

describe('redactSpan', () => {
  it('returns a cleaned copy and leaves the original span as it was', () => {
    const original = finishedSpan({
      name: 'fetch GET http://x/?token=abc',
      status: { code: 2, message: 'no user ada@example.com' },
      attributes: { 'url.full': 'http://x/?token=abc' },
      events: [
        { name: 'sent to ada@example.com', time: [1, 5], attributes: { 'exception.message': 'cookie: a=b for ada@example.com' } },
      ],
    });
    const clean = redactSpan(original, policy);
    assert.equal(clean.name, 'fetch GET http://x/?token=REDACTED');
    assert.equal(clean.attributes['url.full'], 'http://x/?token=REDACTED');
    assert.equal(clean.status.message, 'no user REDACTED');
    assert.equal(clean.events[0]!.name, 'sent to REDACTED');
    assert.equal(clean.events[0]!.attributes!['exception.message'], 'cookie: REDACTED for REDACTED');
    assert.equal(clean.spanContext().spanId, 's'.repeat(16));
    assert.equal(original.attributes['url.full'], 'http://x/?token=abc');
  });

  it('redacts link attributes and the resource, each resource once for all its spans', () => {
    const resource = resourceFromAttributes({
      'service.name': 'shop-browser',
      'browser.password': 'hunter2',
      'browser.language': 'en ada@example.com',
    });
    const link = {
      context: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 },
      attributes: { note: 'password=hunter2' },
    };
    const [first, second] = [finishedSpan({ resource, links: [link] }), finishedSpan({ resource })].map((span) =>
      redactSpan(span, policy),
    );
    assert.deepEqual(first!.resource.attributes, {
      'service.name': 'shop-browser',
      'browser.password': REDACTED,
      'browser.language': `en ${REDACTED}`,
    });
    assert.deepEqual(first!.resource.getRawAttributes(), Object.entries(first!.resource.attributes));
    assert.equal(first!.resource, second!.resource);
    assert.deepEqual(first!.links[0]!.attributes, { note: `password=${REDACTED}` });
    assert.equal(first!.links[0]!.context, link.context);
    assert.equal(resource.attributes['browser.password'], 'hunter2');
  });
});

function luhnCheckDigit(digits: readonly number[]): number {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = digits[digits.length - 1 - index]!;
    if (index % 2 === 0) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}
