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

/**
 * Whose idempotency keys a request may use: its visit's (and the one its visit replaced, so a retry
 * sent before the rotation's cookie arrived still finds its order), or, without a visit, its
 * client address's. The first is where a new key is stored. So one caller's key never reads or
 * blocks another's order, and a cookieless client retrying from the same address is still answered
 * with its first order.
 */
export function idempotencyScopes(visitIds: readonly string[], clientAddress: string): string[] {
  return visitIds.length > 0 ? visitIds.map((id) => `visit:${id}`) : [`client:${clientAddress}`];
}
