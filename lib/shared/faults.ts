/** The faults the shop's panel and `GET`/`PUT /api/faults` show and switch (docs/faults.md); 0 is off. */
import type { UserApiFaultSettings } from '@threadline/user-api/contract';

/** The shop's own fault. */
export interface ShopFaultSettings {
  /** Share of orders refused with 500 `injected_failure` after the user lookup, before anything is written. */
  orderFailureRate: number;
}

export const SHOP_FAULT_FIELDS: Readonly<Record<keyof ShopFaultSettings, 'ms' | 'ratio'>> = { orderFailureRate: 'ratio' };

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
