import { jsonRoute } from '@/lib/http/json-route';
import { shopLogger } from '@/lib/shop/telemetry';
import { listUsers } from '@/lib/shop/user-api-client';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return jsonRoute({ route: '/api/users', request, logger: shopLogger }, async () => Response.json({ users: await listUsers() }));
}
