import { jsonRoute } from '@/lib/http/json-route';
import { listUsers } from '@/lib/shop/user-api-client';

export const dynamic = 'force-dynamic';

export function GET(): Promise<Response> {
  return jsonRoute(async () => Response.json({ users: await listUsers() }));
}
