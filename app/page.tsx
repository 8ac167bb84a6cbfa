import { cookies } from 'next/headers';
import { BROWSER_SESSION_COOKIE, browserSessionFrom } from '@/lib/server/browser-session';
import { ApiError } from '@threadline/service-kit';
import { jaegerUiBaseUrl } from '@/lib/server/jaeger-ui-link';
import type { User } from '@/lib/shared/model';
import { listProducts, listRecentOrders, listUsers } from '@/lib/server/shop';
import { OrderForm } from './components/OrderForm';

export const dynamic = 'force-dynamic';

export default async function ShopPage() {
  const [{ users, usersProblem }, jaegerUiUrl, cookieStore] = await Promise.all([loadUsers(), jaegerUiBaseUrl(), cookies()]);
  const browserSession = browserSessionFrom(cookieStore.get(BROWSER_SESSION_COOKIE)?.value);
  return (
    <>
      {usersProblem && (
        <p className="panel error" role="alert">
          {usersProblem}
        </p>
      )}
      <OrderForm
        products={listProducts()}
        users={users}
        recentOrders={listRecentOrders(10, browserSession)}
        jaegerUiUrl={jaegerUiUrl}
      />
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
