import 'server-only';
import { lazyCounter } from '@threadline/otel-node';
import type { Logger } from 'pino';
import { LogThrottle } from './log-throttle';
import type { SpanRelayReporter } from './relay';

const spanRelayRefused = lazyCounter(
  'threadline-shop',
  'shop.span_relay.refused',
  'Span batches the browser relay refused whole, by reason (the error code it answered)',
);
const spanRelayDropped = lazyCounter(
  'threadline-shop',
  'shop.span_relay.dropped',
  'Parts of relayed span batches left out or cut (attributes, events, links, values), by reason',
);

/** One log line per reason per this interval: a flood of hostile batches must not flood the log too. */
const LOG_INTERVAL_MS = 10_000;

/**
 * What the relay refused and dropped, as the shop's Prometheus counters (every occurrence, by reason)
 * and as warning lines (at most one per reason per 10 s, with the total since the previous line).
 * Lines name the reason and the relay's own message, never what the client sent.
 */
export function createSpanRelayReporter(logger: Logger): SpanRelayReporter {
  const throttle = new LogThrottle(LOG_INTERVAL_MS);
  return {
    refused(reason, message) {
      spanRelayRefused().add(1, { reason });
      const batches = throttle.admit(`refused:${reason}`);
      if (batches !== undefined) logger.warn({ reason, batches, detail: message }, 'span relay refused span batches');
    },
    dropped(counts) {
      for (const [reason, count] of counts) {
        spanRelayDropped().add(count, { reason });
        const items = throttle.admit(`dropped:${reason}`, count);
        if (items !== undefined) logger.warn({ reason, items }, 'span relay dropped parts of span batches');
      }
    },
  };
}
