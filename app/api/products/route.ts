import { jsonRoute } from '@/lib/server/http/json-route';
import { listProducts, shopLogger } from '@/lib/server/shop';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return jsonRoute({ route: '/api/products', request, logger: shopLogger }, async () =>
    Response.json({ products: await listProducts() }),
  );
}
