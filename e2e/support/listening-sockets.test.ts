import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listeningAddressesIn } from './listening-sockets';

// Rows as Linux writes them: 127.0.0.1:17786 and 0.0.0.0:5418 listening, a connection from port 17786.
const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:457A 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1062 1 0000000000000000 100 0 0 10 0
   1: 00000000:152A 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1063 1 0000000000000000 100 0 0 10 0
   2: 0100007F:457A 0100007F:C508 01 00000000:00000000 00:00000000 00000000     0        0 1064 1 0000000000000000 20 4 30 10 -1
`;
// [::]:5418 and [::1]:17786 listening.
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue
   0: 00000000000000000000000000000000:152A 00000000000000000000000000000000:0000 0A 00000000:00000000
   1: 00000000000000000000000001000000:457A 00000000000000000000000000000000:0000 0A 00000000:00000000
`;

describe('listeningAddressesIn', () => {
  it('reads the listening IPv4 addresses of one port, not its connections', () => {
    assert.deepEqual(listeningAddressesIn(TCP, 17786), ['127.0.0.1']);
    assert.deepEqual(listeningAddressesIn(TCP, 5418), ['0.0.0.0']);
  });

  it('reads IPv6 addresses, word by word in the kernel’s byte order', () => {
    assert.deepEqual(listeningAddressesIn(TCP6, 5418), ['0:0:0:0:0:0:0:0']);
    assert.deepEqual(listeningAddressesIn(TCP6, 17786), ['0:0:0:0:0:0:0:1']);
  });

  it('finds nothing on a port nobody listens on', () => {
    assert.deepEqual(listeningAddressesIn(TCP, 4318), []);
  });
});
