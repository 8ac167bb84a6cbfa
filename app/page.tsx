import { ApiError } from '@threadline/service-kit';
import { jaegerUiBaseUrl } from '@/lib/server/jaeger-ui-link';
import type { User } from '@/lib/shared/model';
import { listProducts, listRecentOrders, listUsers } from '@/lib/server/shop';
import { OrderForm } from './components/OrderForm';

export const dynamic = 'force-dynamic';

export default async function ShopPage() {
  const [{ users, usersProblem }, jaegerUiUrl] = await Promise.all([loadUsers(), jaegerUiBaseUrl()]);
  return (
    <>
      {usersProblem && (
        <p className="panel error" role="alert">
          {usersProblem}
        </p>
      )}
      <OrderForm products={listProducts()} users={users} recentOrders={listRecentOrders(10)} jaegerUiUrl={jaegerUiUrl} />
    </>
  );
}

/** The shop still renders when the user API is down; it says so instead of failing the whole page. */
async function loadUsers(): Promise<{ users: User[]; usersProblem?: string }> {
  try {
    return { users: await listUsers() };
  } catch (error) {
    if (error instanceof ApiError)
      return { users: [], usersProblem: `${error.message} Orders cannot be placed until it is back.` };
    throw error;
  }
}
