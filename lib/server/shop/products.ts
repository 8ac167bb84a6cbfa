import 'server-only';
import { withDbSpan } from '@threadline/otel-node';
import { SHOP_DB_NAMESPACE, shopDatabase } from './database';
import type { Product } from '../../shared/model';
import { shopTracer } from './telemetry';

const SELECT_PRODUCTS = 'SELECT sku, name, price_cents AS priceCents FROM products ORDER BY name';

export function listProducts(): Product[] {
  return withDbSpan(
    shopTracer,
    { operation: 'SELECT', table: 'products', query: SELECT_PRODUCTS, namespace: SHOP_DB_NAMESPACE },
    () => shopDatabase().prepare(SELECT_PRODUCTS).all() as Product[],
  );
}
