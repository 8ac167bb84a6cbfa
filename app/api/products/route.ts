import { jsonRoute } from '@/lib/http/json-route';
import { listProducts } from '@/lib/shop/products';

export const dynamic = 'force-dynamic';

export function GET(): Promise<Response> {
  return jsonRoute(async () => Response.json({ products: listProducts() }));
}
