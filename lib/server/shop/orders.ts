import 'server-only';
import type { Order, Product } from '../../shared/model';
import { shopRepository } from './database';

/** The newest orders of a visit (`visitIds`: the visit and the one it replaced); none without a visit. */
export async function listRecentOrders(limit: number, visitIds: readonly string[]): Promise<Order[]> {
  return (await shopRepository()).listRecentOrders(limit, visitIds);
}

/** Whether `traceId` placed one of the visit's orders. */
export async function isVisitOrderTrace(traceId: string, visitIds: readonly string[]): Promise<boolean> {
  return (await shopRepository()).isVisitOrderTrace(traceId, visitIds);
}

export async function listProducts(): Promise<Product[]> {
  return (await shopRepository()).listProducts();
}
