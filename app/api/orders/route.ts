import { ApiError, readJsonBody } from '@threadline/service-kit';
import { jsonRoute } from '@/lib/server/http/json-route';
import { idempotencyScopes, isValidIdempotencyKey, listRecentOrders, placeOrder, shopLogger } from '@/lib/server/shop';
import { edgeClientAddress } from '@/lib/server/http/edge-headers';
import { newVisit, rotatedVisit, visitIdsOf, visitOfRequest, visitSecret, visitSetCookie, type Visit } from '@/lib/server/visit';
import { parseOrderInput } from '@/lib/shared/order-input';

export const dynamic = 'force-dynamic';

/** An order is a few hundred bytes; 16 KiB leaves room for the largest valid one and no more. */
const MAX_ORDER_BODY_BYTES = 16 * 1024;
const RECENT_ORDERS_LIMIT = 10;

/** This visit's recent orders: nobody else's names, totals or trace IDs. */
export function GET(request: Request): Promise<Response> {
  return jsonRoute({ route: '/api/orders', request, logger: shopLogger }, async () =>
    Response.json({ orders: await listRecentOrders(RECENT_ORDERS_LIMIT, visitIdsOf(visitOfRequest(request))) }),
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
    const incoming = visitOfRequest(request);
    const owner = orderingVisit(incoming);
    const scopes = idempotencyScopes(visitIdsOf(incoming), edgeClientAddress(request.headers));
    const { order, replayed, visitId } = await placeOrder(parsed.value, {
      visitId: owner.id,
      idempotency: idempotencyKey === undefined ? undefined : { key: idempotencyKey, scopes },
    });
    const headers = new Headers(replayed ? { 'idempotent-replayed': 'true' } : {});
    // The browser keeps the visit its order was placed for. A replay hands back the original's, to a
    // caller whose cookie has not rotated yet (its first answer was lost); a rotated one keeps its own.
    const placedFor: Visit | undefined =
      visitId === owner.id ? owner : incoming?.previousId === undefined ? { id: visitId, previousId: incoming?.id } : undefined;
    if (placedFor && placedFor.id !== incoming?.id) headers.set('set-cookie', visitSetCookie(placedFor, visitSecret()));
    return Response.json(order, { status: 201, headers });
  });
}

/**
 * The visit an order is placed for. A visit's first order gets a new visit (which remembers the old
 * one): whoever else knew the old cookie, for example a page on another port of this host that
 * planted it before the visitor came, learns nothing of the orders. A caller without a visit starts one.
 */
function orderingVisit(incoming: Visit | undefined): Visit {
  if (incoming === undefined) return newVisit();
  return incoming.previousId === undefined ? rotatedVisit(incoming) : incoming;
}
