import fs from 'node:fs';
import http from 'node:http';

const TCP_ESTABLISHED = '01';

/**
 * Bytes the kernel holds, unread, on established connections to `port` of this machine: a request
 * sent to a paused (SIGSTOP) process waits here. Read from /proc/net/tcp and tcp6 (Linux).
 */
export function unreadBytesAtPort(port: number): number {
  let total = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(table)) continue;
    for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
      // sl, local_address (hex ip:port), rem_address, st, tx_queue:rx_queue, ...
      const [, localAddress, , state, queues] = line.trim().split(/\s+/);
      if (!localAddress || !queues || state !== TCP_ESTABLISHED) continue;
      if (Number.parseInt(localAddress.split(':').at(-1)!, 16) !== port) continue;
      total += Number.parseInt(queues.split(':')[1]!, 16);
    }
  }
  return total;
}

/**
 * GETs `url` over a connection of its own (no pooled keep-alive connection, which a closing server
 * may still serve): 'refused' when nothing accepts new connections, else the status it answered.
 */
export function probeOnNewConnection(url: string): Promise<'refused' | `answered ${number}` | `failed: ${string}`> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false, timeout: 2000 }, (response) => {
      response.resume();
      resolve(`answered ${response.statusCode ?? 0}`);
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', (error: NodeJS.ErrnoException) =>
      resolve(error.code === 'ECONNREFUSED' || error.code === 'ECONNRESET' ? 'refused' : `failed: ${error.message}`),
    );
  });
}
