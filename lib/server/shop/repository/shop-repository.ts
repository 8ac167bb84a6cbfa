import type { Order, Product } from '../../../shared/model';
import type { ShopFaultSettings } from '../../../shared/faults';

export interface IdempotencyRecord {
  /** Whose key it is (idempotency-key.ts, idempotencyScopes): the first of the request's scopes. */
  scope: string;
  key: string;
  requestHash: string;
  /** The `place order` span that placed the order: a replay links to it. */
  spanId: string;
}

/** What an idempotency key leads back to: the order, the visit it was placed for, and the span that placed it. */
export interface IdempotentOrder {
  requestHash: string;
  order: Order;
  visitId: string | null;
  /** Undefined for keys stored before spans were kept with them. */
  placedBySpanId: string | undefined;
}

const TAKEN = Symbol.for('threadline.shop.idempotency-key-taken');

/** Thrown when another request stored an order under the same idempotency key first. */
export class IdempotencyKeyTaken extends Error {
  private readonly [TAKEN] = true;

  constructor(readonly key: string) {
    super(`idempotency key ${key} is already taken`);
    this.name = 'IdempotencyKeyTaken';
  }

  /**
   * By brand, not by class: Next.js bundles each route with its own copy of this module, and the
   * repository (one per process, on globalThis) may have been opened, and throw, from another
   * route's copy than the one that catches. A race for a key then answered 500 instead of the order.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [TAKEN]?: unknown })[TAKEN] === true;
  }
}

/**
 * The shop's data, whichever database holds it (SQLite, the embedded default, or PostgreSQL, for
 * replicas: DATABASE_URL). Every call is one database span of the same shape on both engines.
 * `visitIds` is always the visit and the one its first order replaced (lib/server/visit).
 */
export interface ShopRepository {
  listProducts(): Promise<Product[]>;
  findProductsBySku(skus: readonly string[]): Promise<Map<string, Product>>;
  /**
   * Writes the order, all its lines and its idempotency key in one transaction: the whole order is
   * stored or none of it. A key another request stored meanwhile (on any replica: the database's
   * unique key settles it) rolls this one back with IdempotencyKeyTaken.
   */
  insertOrder(order: Order, visitId: string, idempotency?: IdempotencyRecord): Promise<void>;
  /** The order stored under an idempotency key by one of `scopes`. */
  findOrderByIdempotencyKey(key: string, scopes: readonly string[]): Promise<IdempotentOrder | undefined>;
  /** One order of a visit: another visit's order is as good as missing. */
  findVisitOrder(orderId: string, visitIds: readonly string[]): Promise<Order | undefined>;
  /** The newest orders of a visit; none without a visit. */
  listRecentOrders(limit: number, visitIds: readonly string[]): Promise<Order[]>;
  /** Whether `traceId` placed one of the visit's orders. */
  isVisitOrderTrace(traceId: string, visitIds: readonly string[]): Promise<boolean>;
  /** The shop's fault switches, shared by every replica; undefined until first switched. */
  readFaults(): Promise<ShopFaultSettings | undefined>;
  writeFaults(faults: ShopFaultSettings): Promise<void>;
  close(): Promise<void>;
}
