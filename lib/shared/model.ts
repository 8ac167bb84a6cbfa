/** The shop's data as its API sends it; shared by the server and the browser. */
import type { User } from '@threadline/user-api/contract';

export interface Product {
  sku: string;
  name: string;
  priceCents: number;
}

/** Whom an order can be for, as every visitor may see it: a name, never an e-mail address. */
export type Customer = Pick<User, 'id' | 'name'>;

export interface OrderLine {
  sku: string;
  name: string;
  quantity: number;
  unitPriceCents: number;
}

export interface Order {
  id: string;
  userId: string;
  userName: string;
  items: OrderLine[];
  totalCents: number;
  /** The trace that placed this order: the link from a row in the shop to its story in Jaeger. */
  traceId: string;
  createdAt: string;
}
