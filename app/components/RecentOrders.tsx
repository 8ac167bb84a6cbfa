import type { Order } from '@/lib/shared/model';
import { formatCents } from './money';
import { OpenTraceLink, TraceLink } from './TraceLink';

interface RecentOrdersProps {
  orders: Order[];
  jaegerUiUrl: string | undefined;
  /** Places the order again (a Server Action); absent, no button is shown. */
  onOrderAgain?: (order: Order) => void;
  /** An order is being placed: one at a time. */
  busy?: boolean;
}

export function RecentOrders({ orders, jaegerUiUrl, onOrderAgain, busy = false }: RecentOrdersProps) {
  return (
    <section aria-labelledby="recent-orders-heading" className="panel">
      <h2 id="recent-orders-heading">Recent orders</h2>
      {orders.length === 0 ? (
        <p className="muted">No orders yet.</p>
      ) : (
        <ul className="recent-orders" data-testid="recent-orders">
          {orders.map((order) => (
            <li key={order.id} data-order-id={order.id}>
              <span>
                {order.userName}: {order.items.map((line) => `${line.quantity} × ${line.name}`).join(', ')} ·{' '}
                <strong>{formatCents(order.totalCents)}</strong>
              </span>
              <span className="trace">
                <code>{order.traceId}</code> <OpenTraceLink traceId={order.traceId} />
                <TraceLink jaegerUiUrl={jaegerUiUrl} traceId={order.traceId} leading=" · " />
              </span>
              {onOrderAgain && (
                <button type="button" className="secondary" disabled={busy} onClick={() => onOrderAgain(order)}>
                  Order again
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
