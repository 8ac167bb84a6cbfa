import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fillTemplate } from './env-template';

describe('fillTemplate', () => {
  it('fills in every ${NAME} and leaves nginx’s own $variables alone', () => {
    const filled = fillTemplate('listen ${PORT} ssl;\nproxy_set_header Host $host;\nroot ${DIR}/${DIR};', {
      PORT: '8443',
      DIR: '/srv',
    });
    assert.equal(filled, 'listen 8443 ssl;\nproxy_set_header Host $host;\nroot /srv//srv;');
  });

  it('names every variable it was not given, once', () => {
    assert.throws(() => fillTemplate('${A} ${B} ${A} ${C}', { B: 'b' }), /needs A, C, which were not given/);
  });
});
