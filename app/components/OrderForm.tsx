'use client';

import { useState, useSyncExternalStore, type FormEvent } from 'react';
import { submitOrder } from '@/lib/browser/shop-api';
import { orderAgain } from '@/app/actions/reorder';
import { traceClick, traceServerAction } from '@/lib/otel/browser/lazy-browser-tracing';
import type { Customer, Order, Product } from '@/lib/shared/model';
import { ORDER_LIMITS } from '@/lib/shared/order-input';
import { formatCents } from './money';
import { RecentOrders } from './RecentOrders';
import { JaegerUiHint, OpenTraceLink, TraceLink } from './TraceLink';
import { TraceView } from './trace-view/TraceView';
import { SERVICE_NAMES } from '@threadline/stack-layout';

/** An order's trace is complete once all three tiers have reported. */
const ORDER_TRACE_SERVICES = [SERVICE_NAMES.browser, SERVICE_NAMES.web, SERVICE_NAMES.userApi];

const subscribeToNothing = () => () => {};

/**
 * False in the server's HTML and while React hydrates it, true once the page runs: until then a click
 * on Place order would submit the bare form (a reload) and order nothing.
 */
function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );
}

type Outcome =
  | { kind: 'idle' }
  | { kind: 'placing' }
  | { kind: 'placed'; order: Order; traceSampled: boolean }
  | { kind: 'failed'; message: string; traceId: string | undefined };

interface OrderFormProps {
  products: Product[];
  users: Customer[];
  recentOrders: Order[];
  /** Base of links to Jaeger's UI; undefined where Jaeger serves none. */
  jaegerUiUrl: string | undefined;
}

export function OrderForm({ products, users, recentOrders: initialOrders, jaegerUiUrl }: OrderFormProps) {
  const [userId, setUserId] = useState(users[0]?.id ?? '');
  const [quantities, setQuantities] = useState<Record<string, number>>(() => (products[0] ? { [products[0].sku]: 1 } : {}));
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const [recentOrders, setRecentOrders] = useState(initialOrders);
  const hydrated = useHydrated();

  const items = products
    .map((product) => ({ sku: product.sku, quantity: quantities[product.sku] ?? 0 }))
    .filter((line) => line.quantity > 0);
  const total = products.reduce((sum, product) => sum + (quantities[product.sku] ?? 0) * product.priceCents, 0);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (items.length === 0) {
      setOutcome({ kind: 'failed', message: 'Choose at least one product.', traceId: undefined });
      return;
    }
    setOutcome({ kind: 'placing' });
    const result = await traceClick('click Place order', { 'threadline.ui.action': 'place_order' }, () =>
      submitOrder({ userId, items }),
    );
    if (result.ok) {
      setOutcome({ kind: 'placed', order: result.value, traceSampled: result.traceSampled });
      setRecentOrders((orders) => [result.value, ...orders].slice(0, 10));
    } else {
      setOutcome({ kind: 'failed', message: result.message, traceId: result.traceId });
    }
  }

  /** "Order again" goes through a Server Action, the App Router's own way to change data. */
  async function repeat(order: Order) {
    setOutcome({ kind: 'placing' });
    const result = await traceServerAction('click Order again', { 'threadline.ui.action': 'order_again' }, () =>
      orderAgain(order.id),
    );
    if (result.ok) {
      setOutcome({ kind: 'placed', order: result.order, traceSampled: result.traceSampled });
      setRecentOrders((orders) => [result.order, ...orders].slice(0, 10));
    } else {
      setOutcome({ kind: 'failed', message: result.message, traceId: result.traceId });
    }
  }

  return (
    <>
      <form className="panel" onSubmit={submit} aria-labelledby="order-heading">
        <h2 id="order-heading">Place an order</h2>
        <label className="field">
          <span>Customer</span>
          <select value={userId} onChange={(event) => setUserId(event.target.value)} name="userId">
            {users.map((user) => (
              <option key={user.id} value={user.id}>
                {user.name}
              </option>
            ))}
          </select>
        </label>
        <table className="products">
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Price</th>
              <th scope="col">Quantity</th>
            </tr>
          </thead>
          <tbody>
            {products.map((product) => (
              <tr key={product.sku}>
                <th scope="row">{product.name}</th>
                <td>{formatCents(product.priceCents)}</td>
                <td>
                  <input
                    type="number"
                    min={0}
                    max={ORDER_LIMITS.maxQuantity}
                    step={1}
                    inputMode="numeric"
                    aria-label={`Quantity of ${product.name}`}
                    value={quantities[product.sku] ?? 0}
                    onChange={(event) =>
                      setQuantities((current) => ({
                        ...current,
                        [product.sku]: Math.min(
                          ORDER_LIMITS.maxQuantity,
                          Math.max(0, Math.trunc(Number(event.target.value) || 0)),
                        ),
                      }))
                    }
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="total">
          Total: <strong>{formatCents(total)}</strong>
        </p>
        <button type="submit" disabled={!hydrated || outcome.kind === 'placing' || users.length === 0}>
          {outcome.kind === 'placing' ? 'Placing order…' : 'Place order'}
        </button>
      </form>

      {outcome.kind === 'placed' && (
        <>
          <Confirmation order={outcome.order} jaegerUiUrl={jaegerUiUrl} />
          {outcome.traceSampled ? (
            <TraceView traceId={outcome.order.traceId} expectedServices={ORDER_TRACE_SERVICES} />
          ) : (
            <p className="panel muted" data-testid="trace-not-sampled">
              This order’s trace was not sampled, so Jaeger does not have it (sampling is set by BROWSER_TRACES_SAMPLER_ARG and
              OTEL_TRACES_SAMPLER).
            </p>
          )}
        </>
      )}
      {outcome.kind === 'failed' && (
        <section className="panel error" role="alert">
          <h2>The order was not placed</h2>
          <p>{outcome.message}</p>
          {outcome.traceId && (
            <p className="trace">
              Trace <code data-testid="error-trace-id">{outcome.traceId}</code> <OpenTraceLink traceId={outcome.traceId} />
              <TraceLink jaegerUiUrl={jaegerUiUrl} traceId={outcome.traceId} leading=" · " />
            </p>
          )}
        </section>
      )}

      <RecentOrders orders={recentOrders} jaegerUiUrl={jaegerUiUrl} onOrderAgain={repeat} busy={outcome.kind === 'placing'} />
    </>
  );
}

function Confirmation({ order, jaegerUiUrl }: { order: Order; jaegerUiUrl: string | undefined }) {
  return (
    <section className="panel confirmation" aria-labelledby="confirmation-heading" role="status">
      <h2 id="confirmation-heading">Order placed</h2>
      <dl>
        <dt>Order</dt>
        <dd data-testid="order-id">{order.id}</dd>
        <dt>Customer</dt>
        <dd data-testid="order-user">{order.userName}</dd>
        <dt>Items</dt>
        <dd>
          <ul>
            {order.items.map((line) => (
              <li key={line.sku}>
                {line.quantity} × {line.name} ({formatCents(line.unitPriceCents)} each)
              </li>
            ))}
          </ul>
        </dd>
        <dt>Total</dt>
        <dd data-testid="order-total">{formatCents(order.totalCents)}</dd>
        <dt>Trace ID</dt>
        <dd>
          <code data-testid="trace-id">{order.traceId}</code>
        </dd>
      </dl>
      {jaegerUiUrl ? (
        <p>
          <TraceLink jaegerUiUrl={jaegerUiUrl} traceId={order.traceId} />
        </p>
      ) : (
        <JaegerUiHint />
      )}
    </section>
  );
}
