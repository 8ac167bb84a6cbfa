import { jsonRoute } from '@/lib/server/http/json-route';
import { listCustomers, shopLogger } from '@/lib/server/shop';

export const dynamic = 'force-dynamic';

/** Whom an order can be for: IDs and names; e-mail addresses stay in the user API. */
export function GET(request: Request): Promise<Response> {
  return jsonRoute({ route: '/api/users', request, logger: shopLogger }, async () =>
    Response.json({ users: await listCustomers() }),
  );
}
