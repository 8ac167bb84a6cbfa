import { ApiError } from '@threadline/service-kit';
import { jsonRoute } from '@/lib/server/http/json-route';
import { isValidIdempotencyKey, listRecentOrders, placeOrder, shopLogger } from '@/lib/server/shop';
import { browserSessionCookie, browserSessionFromHeader, newBrowserSession } from '@/lib/server/browser-session';
import { readJsonBody } from '@/lib/server/http/request-body';
import { parseOrderInput } from '@/lib/shared/order-input';

export const dynamic = 'force-dynamic';

/** An order is a few hundred bytes; 16 KiB leaves room for the largest valid one and no more. */
const MAX_ORDER_BODY_BYTES = 16 * 1024;
const RECENT_ORDERS_LIMIT = 10;

/** This browser session's recent orders: nobody else's names, totals or trace IDs. */
export function GET(request: Request): Promise<Response> {
  return jsonRoute({ route: '/api/orders', request, logger: shopLogger }, async () =>
    Response.json({ orders: listRecentOrders(RECENT_ORDERS_LIMIT, browserSessionFromHeader(request.headers.get('cookie'))) }),
  );
}

export function POST(request: Request): Promise<Response> {
  return jsonRoute({ route: '/api/orders', request, logger: shopLogger }, async () => {
    const idempotencyKey = request.headers.get('idempotency-key') ?? undefined;
    if (idempotencyKey !== undefined && !isValidIdempotencyKey(idempotencyKey)) {
      throw new ApiError(400, 'invalid_idempotency_key', 'Idempotency-Key must be 1 to 255 visible ASCII characters.');
    }
    const parsed = parseOrderInput(await readJsonBody(request, MAX_ORDER_BODY_BYTES));
    if (!parsed.ok) throw new ApiError(422, 'invalid_order', parsed.message);
    const knownSession = browserSessionFromHeader(request.headers.get('cookie'));
    const browserSession = knownSession ?? newBrowserSession();
    const { order, replayed } = await placeOrder(parsed.value, { browserSession, idempotencyKey });
    const headers = new Headers(replayed ? { 'idempotent-replayed': 'true' } : {});
    if (!knownSession) headers.set('set-cookie', browserSessionCookie(browserSession));
    return Response.json(order, { status: 201, headers });
  });
}
