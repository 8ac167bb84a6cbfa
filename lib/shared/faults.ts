/** The faults the shop's panel and `GET`/`PUT /api/faults` show and switch (docs/faults.md); 0 is off. */

/** The shop's own fault. */
export interface ShopFaultSettings {
  /** Share of orders refused with 500 `injected_failure` after the user lookup, before anything is written. */
  orderFailureRate: number;
}

/** The user API's faults, as its own `GET /faults` answers them. */
export interface UserApiFaultSettings {
  latencyMs: number;
  jitterMs: number;
  errorRate: number;
  slowQueryMs: number;
}

/** What `GET /api/faults` answers, and `PUT` after applying a change. */
export interface FaultSettings {
  shop: ShopFaultSettings;
  /** Null when the user API could not be asked; `userApiProblem` says why. */
  userApi: UserApiFaultSettings | null;
  userApiProblem?: string;
  /** The largest delay either service accepts, in ms (rates are always 0 to 1). */
  maxDelayMs: number;
}

/** A `PUT /api/faults` body: each part and field is optional; what it leaves out keeps its value. */
export interface FaultSettingsChange {
  shop?: Partial<ShopFaultSettings>;
  userApi?: Partial<UserApiFaultSettings>;
}

export function isUserApiFaultSettings(value: unknown): value is UserApiFaultSettings {
  if (typeof value !== 'object' || value === null) return false;
  const { latencyMs, jitterMs, errorRate, slowQueryMs } = value as Record<string, unknown>;
  return [latencyMs, jitterMs, errorRate, slowQueryMs].every((field) => typeof field === 'number');
}
