import { ApiError } from '@threadline/service-kit';
import { jaegerUiBaseUrl } from '@/lib/server/jaeger-ui-link';
import type { Customer } from '@/lib/shared/model';
import { listCustomers, listProducts, listRecentOrders } from '@/lib/server/shop';
import { currentVisit, visitIdsOf } from '@/lib/server/visit';
import { OrderForm } from './components/OrderForm';

export const dynamic = 'force-dynamic';

export default async function ShopPage() {
  const [{ customers, usersProblem }, jaegerUiUrl, products, recentOrders] = await Promise.all([
    loadCustomers(),
    jaegerUiBaseUrl(),
    listProducts(),
    currentVisit().then((visit) => listRecentOrders(10, visitIdsOf(visit))),
  ]);
  return (
    <>
      {usersProblem && (
        <p className="panel error" role="alert">
          {usersProblem}
        </p>
      )}
      <OrderForm products={products} users={customers} recentOrders={recentOrders} jaegerUiUrl={jaegerUiUrl} />
    </>
  );
}

/** The shop still renders when the user API is down; it says so instead of failing the whole page. */
async function loadCustomers(): Promise<{ customers: Customer[]; usersProblem?: string }> {
  try {
    return { customers: await listCustomers() };
  } catch (error) {
    if (error instanceof ApiError)
      return { customers: [], usersProblem: `${error.message} Orders cannot be placed until it is back.` };
    throw error;
  }
}
