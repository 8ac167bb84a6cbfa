import { jsonRoute } from '@/lib/http/json-route';
import { shopLogger } from '@/lib/shop/telemetry';
import { listProducts } from '@/lib/shop/products';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return jsonRoute({ route: '/api/products', request, logger: shopLogger }, async () => Response.json({ products: listProducts() }));
}
