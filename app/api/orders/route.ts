import { ApiError } from '@threadline/service-kit';
import { jsonRoute } from '@/lib/server/http/json-route';
import { isValidIdempotencyKey, listRecentOrders, placeOrder, shopLogger } from '@/lib/server/shop';
import { readJsonBody } from '@/lib/server/http/request-body';
import { parseOrderInput } from '@/lib/shared/order-input';

export const dynamic = 'force-dynamic';

/** An order is a few hundred bytes; 16 KiB leaves room for the largest valid one and no more. */
const MAX_ORDER_BODY_BYTES = 16 * 1024;
const RECENT_ORDERS_LIMIT = 10;

export function GET(request: Request): Promise<Response> {
  return jsonRoute({ route: '/api/orders', request, logger: shopLogger }, async () =>
    Response.json({ orders: listRecentOrders(RECENT_ORDERS_LIMIT) }),
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
    const { order, replayed } = await placeOrder(parsed.value, idempotencyKey);
    return Response.json(order, { status: 201, headers: replayed ? { 'idempotent-replayed': 'true' } : {} });
  });
}
