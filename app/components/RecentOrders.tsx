import type { Order } from '@/lib/shared/model';
import { formatCents } from './money';
import { OpenTraceLink, TraceLink } from './TraceLink';

export function RecentOrders({ orders, jaegerUiUrl }: { orders: Order[]; jaegerUiUrl: string | undefined }) {
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
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
