import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Attributes } from '@opentelemetry/api';
import { bringToCurrentConventions } from './current-conventions';

function current(attributes: Attributes, keepVendorAttributes = false): Attributes {
  const copy = { ...attributes };
  bringToCurrentConventions(copy, { keepVendorAttributes });
  return copy;
}

describe('bringToCurrentConventions', () => {
  it('renames Next.js’s deprecated server attributes, splitting the target into path and query', () => {
    assert.deepEqual(
      current({
        'http.method': 'GET',
        'http.status_code': 200,
        'http.target': '/traces/abc?_rsc=1x',
        'next.route': '/traces/[traceId]',
      }),
      {
        'http.request.method': 'GET',
        'http.response.status_code': 200,
        'url.path': '/traces/abc',
        'url.query': '_rsc=1x',
        'next.route': '/traces/[traceId]',
      },
    );
    assert.deepEqual(current({ 'http.target': '/' }), { 'url.path': '/' });
  });

  it('turns content lengths into the header attributes that replace them, and sizes into body sizes', () => {
    assert.deepEqual(current({ 'http.response_content_length': 1234, 'http.response_content_length_uncompressed': 4321 }), {
      'http.response.header.content-length': ['1234'],
      'http.response.body.size': 4321,
    });
  });

  it('keeps a current value over the deprecated one, and everything it does not know', () => {
    assert.deepEqual(current({ 'http.method': 'GET', 'http.request.method': 'POST', 'threadline.order.id': 'x' }), {
      'http.request.method': 'POST',
      'threadline.order.id': 'x',
    });
  });

  it('drops @vercel/otel’s Datadog attributes unless asked to keep them', () => {
    assert.deepEqual(current({ 'operation.name': 'web.request', 'resource.name': 'GET /', 'http.route': '/' }), {
      'http.route': '/',
    });
    assert.deepEqual(current({ 'operation.name': 'web.request' }, true), { 'operation.name': 'web.request' });
  });

  it('splits a host into address and port', () => {
    assert.deepEqual(current({ 'http.host': 'localhost:3000', 'peer.service': 'user-api' }), {
      'server.address': 'localhost',
      'server.port': 3000,
      'service.peer.name': 'user-api',
    });
  });
});
