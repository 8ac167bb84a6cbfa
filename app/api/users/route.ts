import { jsonRoute } from '@/lib/server/http/json-route';
import { listUsers, shopLogger } from '@/lib/server/shop';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return jsonRoute({ route: '/api/users', request, logger: shopLogger }, async () => Response.json({ users: await listUsers() }));
}
