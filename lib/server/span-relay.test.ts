import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSameSiteOrAllowed } from './span-relay';

function post(url: string, headers: Record<string, string>): Request {
  return new Request(url, { method: 'POST', headers });
}

describe('isSameSiteOrAllowed', () => {
  it('accepts a page served from the host the browser asked for, whatever address the server listens on', () => {
    // next start -H 127.0.0.1 builds request.url from 127.0.0.1, while the person opened localhost.
    assert.equal(
      isSameSiteOrAllowed(
        post('http://127.0.0.1:3000/otlp/v1/traces', { origin: 'http://localhost:3000', host: 'localhost:3000' }),
        [],
      ),
      true,
    );
    assert.equal(
      isSameSiteOrAllowed(
        post('http://127.0.0.1:3000/otlp/v1/traces', { origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' }),
        [],
      ),
      true,
    );
  });

  it('refuses another site’s page, unless configured, and lets non-browser clients through', () => {
    const request = post('http://127.0.0.1:3000/otlp/v1/traces', { origin: 'https://evil.example', host: 'localhost:3000' });
    assert.equal(isSameSiteOrAllowed(request, []), false);
    assert.equal(isSameSiteOrAllowed(request, ['https://evil.example']), true);
    assert.equal(
      isSameSiteOrAllowed(post('http://127.0.0.1:3000/otlp/v1/traces', { origin: 'null', host: 'localhost:3000' }), []),
      false,
    );
    assert.equal(isSameSiteOrAllowed(post('http://127.0.0.1:3000/otlp/v1/traces', {}), []), true);
  });
});
