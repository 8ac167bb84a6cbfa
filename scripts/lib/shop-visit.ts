import { randomBytes } from 'node:crypto';

interface VisitIdentifiers {
  sessionId: string;
  traceIdPrefix: string;
}

/**
 * An API client acting as one visit of the shop, as its pages do: the visit cookie the shop gave it
 * (kept across the rotation its first order makes) and what the visit is known by, so the shop
 * continues the traces it starts (lib/server/http/trace-continuation.ts) and files them under its
 * `session.id`.
 */
export class ShopVisit {
  private identifiedCookie: string;

  private constructor(
    readonly shopUrl: URL,
    private identifiers: VisitIdentifiers,
    private cookie: string,
  ) {
    this.identifiedCookie = cookie;
  }

  /** Starts a visit with `GET /api/visit`. */
  static async start(shopUrl: URL): Promise<ShopVisit> {
    const { identifiers, cookie } = await askVisit(shopUrl, undefined);
    if (!cookie) throw new Error(`${shopUrl.origin}/api/visit set no visit cookie`);
    return new ShopVisit(shopUrl, identifiers, cookie);
  }

  /**
   * What the next request goes out with: the cookie, the visit's `session.id` (which a rotated
   * cookie changes: it is asked for again then) and a new sampled trace of the visit.
   */
  async nextRequest(): Promise<{ cookie: string; sessionId: string; traceId: string; traceparent: string }> {
    if (this.identifiedCookie !== this.cookie) {
      const cookie = this.cookie;
      this.identifiers = (await askVisit(this.shopUrl, cookie)).identifiers;
      this.identifiedCookie = cookie;
    }
    const { traceIdPrefix, sessionId } = this.identifiers;
    const traceId = `${traceIdPrefix}${randomBytes(16).toString('hex').slice(traceIdPrefix.length)}`;
    return {
      cookie: this.identifiedCookie,
      sessionId,
      traceId,
      traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
    };
  }

  /** Keeps the cookie the shop hands over in an answer (the first order rotates it), as a browser would. */
  keepCookieOf(response: Response): void {
    this.cookie = visitCookieOf(response) ?? this.cookie;
  }
}

async function askVisit(shopUrl: URL, cookie: string | undefined): Promise<{ identifiers: VisitIdentifiers; cookie?: string }> {
  const response = await fetch(new URL('/api/visit', shopUrl), {
    headers: cookie ? { cookie } : {},
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`${shopUrl.origin}/api/visit answered ${response.status}`);
  return { identifiers: (await response.json()) as VisitIdentifiers, cookie: visitCookieOf(response) };
}

function visitCookieOf(response: Response): string | undefined {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';', 1)[0]!)
    .find((pair) => pair.startsWith('__Host-threadline_visit='));
}
