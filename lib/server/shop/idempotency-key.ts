import { createHash } from 'node:crypto';
import type { OrderInput } from '../../shared/order-input';

/** An Idempotency-Key header value: 1 to 255 visible ASCII characters (a UUID is typical). */
export function isValidIdempotencyKey(value: string): boolean {
  return /^[\x21-\x7e]{1,255}$/.test(value);
}

/**
 * A fingerprint of what was ordered, independent of line order, so a retry of the same order matches
 * and a different order sent with a reused key does not.
 */
export function orderRequestHash(input: OrderInput): string {
  const lines = [...input.items].sort((a, b) => a.sku.localeCompare(b.sku)).map((item) => [item.sku, item.quantity]);
  return createHash('sha256')
    .update(JSON.stringify([input.userId, lines]))
    .digest('hex');
}
