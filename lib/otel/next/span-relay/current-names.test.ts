import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withCurrentNames } from './current-names';
import type { OtlpKeyValue } from './otlp-batch';

const text = (key: string, value: string): OtlpKeyValue => ({ key, value: { type: 'string', value } });
const int = (key: string, value: number): OtlpKeyValue => ({ key, value: { type: 'int', value: BigInt(value) } });

describe('withCurrentNames', () => {
  it('renames what the browser SDK still writes, the content length as its header', () => {
    assert.deepEqual(
      withCurrentNames([int('http.response_content_length', 1234), int('http.response_content_length_uncompressed', 4321)]),
      [
        { key: 'http.response.header.content-length', value: { type: 'array', values: [{ type: 'string', value: '1234' }] } },
        int('http.response.body.size', 4321),
      ],
    );
  });

  it('keeps the current name’s value where a client sends both, and what it does not know as it came', () => {
    assert.deepEqual(
      withCurrentNames([text('http.url', 'http://a/old'), text('url.full', 'http://a/new'), text('operation.name', 'x')]),
      [text('url.full', 'http://a/new'), text('operation.name', 'x')],
    );
  });

  it('splits a target and a host, and leaves them alone when they are not strings', () => {
    assert.deepEqual(withCurrentNames([text('http.target', '/a?b=1'), text('http.host', 'shop:3000')]), [
      text('url.path', '/a'),
      text('url.query', 'b=1'),
      text('server.address', 'shop'),
      int('server.port', 3000),
    ]);
    assert.deepEqual(withCurrentNames([int('http.target', 1)]), [int('http.target', 1)]);
  });

  it('treats names of Object.prototype as ordinary attributes', () => {
    assert.deepEqual(withCurrentNames([text('constructor', 'x'), text('toString', 'y')]), [
      text('constructor', 'x'),
      text('toString', 'y'),
    ]);
  });
});
