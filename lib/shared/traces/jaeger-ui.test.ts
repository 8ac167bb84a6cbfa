import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isJaegerUiPage } from './jaeger-ui';

describe('isJaegerUiPage', () => {
  it('recognises the real UI by the element it mounts on', () => {
    assert.equal(
      isJaegerUiPage(
        '<!doctype html><html><head><title>Jaeger UI</title></head><body><div id="jaeger-ui-root"></div></body></html>',
      ),
      true,
    );
  });

  it('turns down the placeholder page of a binary built without UI assets', () => {
    const placeholder =
      '<html><body><h1>🥋: This is not the Jaeger UI you are looking for!</h1><pre>JAEGER_VERSION = {};</pre></body></html>';
    assert.equal(isJaegerUiPage(placeholder), false);
  });

  it('turns down pages that merely mention the id', () => {
    assert.equal(isJaegerUiPage('<p>mount the app on jaeger-ui-root</p>'), false);
    assert.equal(isJaegerUiPage(''), false);
  });
});
