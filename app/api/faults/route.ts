import { readJsonBody } from '@threadline/service-kit';
import { jsonRoute } from '@/lib/server/http/json-route';
import { assertShopFaultsAccess } from '@/lib/server/http/faults-access';
import { changeFaultSettings, readFaultSettings, shopLogger } from '@/lib/server/shop';

export const dynamic = 'force-dynamic';

/** A change names a few numbers; 4 KiB leaves room and no more. */
const MAX_FAULTS_BODY_BYTES = 4 * 1024;

/** Every fault of the shop and the user API (docs/faults.md); only for callers the access rule lets in. */
export function GET(request: Request): Promise<Response> {
  return jsonRoute({ route: '/api/faults', request, logger: shopLogger }, async () => {
    assertShopFaultsAccess(request);
    return Response.json(await readFaultSettings());
  });
}

/** Switches faults: `{ "shop": { "orderFailureRate": 0.5 }, "userApi": { "latencyMs": 300 } }`; what it leaves out keeps its value. */
export function PUT(request: Request): Promise<Response> {
  return jsonRoute({ route: '/api/faults', request, logger: shopLogger }, async () => {
    assertShopFaultsAccess(request);
    return Response.json(await changeFaultSettings(await readJsonBody(request, MAX_FAULTS_BODY_BYTES)));
  });
}
