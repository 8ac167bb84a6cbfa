import 'server-only';
import { context, type Span } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import {
  ApiError,
  faultFires,
  INJECTED_FAULT_ATTRIBUTE,
  INJECTED_FAULTS,
  MAX_FAULT_DELAY_MS,
  parseFaultChange,
} from '@threadline/service-kit';
import { SHOP_FAULT_FIELDS, type FaultSettings, type ShopFaultSettings } from '../../shared/faults';
import { shopConfig } from '../config';
import { shopRepository } from './database';
import { shopLogger } from './telemetry';
import { changeUserApiFaults, fetchUserApiFaults } from './user-api';

/**
 * How long a replica trusts the switches it last read. They live in the shop's database, so a switch
 * flipped through one replica reaches every other within this, without a read per order.
 */
const FAULTS_READ_EVERY_MS = 1000;

// Next.js bundles each route on its own, so a module-level variable would be one per route: the
// switch PUT /api/faults flips would not be the one POST /api/orders reads. One copy, on globalThis.
const SHOP_FAULTS = Symbol.for('threadline.web.faults');
type FaultsHolder = { [SHOP_FAULTS]?: { faults: Promise<ShopFaultSettings>; readAtMs: number } };

/** The shop's switches as stored, or FAULT_ORDER_FAILURE_RATE's value until one is first switched. */
function shopFaults(): Promise<ShopFaultSettings> {
  const holder = globalThis as FaultsHolder;
  const cached = holder[SHOP_FAULTS];
  if (cached && Date.now() - cached.readAtMs < FAULTS_READ_EVERY_MS) return cached.faults;
  // Untraced: the once-a-second read lands in whichever order comes by, so tracing it would change
  // an order's trace by timing alone.
  const faults = context
    .with(suppressTracing(context.active()), () => shopRepository().then((repository) => repository.readFaults()))
    .then((stored) => stored ?? { orderFailureRate: shopConfig().faults.orderFailureRate });
  holder[SHOP_FAULTS] = { faults, readAtMs: Date.now() };
  faults.catch(() => delete holder[SHOP_FAULTS]);
  return faults;
}

/**
 * Refuses this order on purpose when the order-failure fault hits it: a 500 after the user lookup
 * and before anything is written, with the fault named on the order's span.
 */
export async function injectOrderFailure(orderSpan: Span, random: () => number = Math.random): Promise<void> {
  if (!faultFires((await shopFaults()).orderFailureRate, random)) return;
  orderSpan.setAttribute(INJECTED_FAULT_ATTRIBUTE, INJECTED_FAULTS.orderFailure);
  throw new ApiError(500, 'injected_failure', 'The order failed on purpose: the order-failure fault is on (see /faults).');
}

/** Every fault of both services. The shop's own still answer when the user API cannot be asked. */
export async function readFaultSettings(): Promise<FaultSettings> {
  const shop = await shopFaults();
  try {
    return { shop, userApi: await fetchUserApiFaults(), maxDelayMs: MAX_FAULT_DELAY_MS };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { shop, userApi: null, userApiProblem: error.message, maxDelayMs: MAX_FAULT_DELAY_MS };
  }
}

/**
 * Applies a `PUT /api/faults` body: `{ "shop": {…}, "userApi": {…} }`, each part optional. The
 * shop's part is checked first and the user API's is sent to the user API, which judges it; only
 * when that is accepted does the shop's change apply, so a refused body changes nothing.
 */
export async function changeFaultSettings(body: unknown): Promise<FaultSettings> {
  const parts = faultChangeParts(body);
  const shopChange = parseFaultChange(parts.shop ?? {}, SHOP_FAULT_FIELDS, 'shop.');
  const userApi = parts.userApi === undefined ? undefined : await changeUserApiFaults(parts.userApi);

  const shop = { ...(await shopFaults()), ...shopChange };
  await (await shopRepository()).writeFaults(shop);
  (globalThis as FaultsHolder)[SHOP_FAULTS] = { faults: Promise.resolve(shop), readAtMs: Date.now() };
  shopLogger.warn({ faults: shop }, 'fault settings changed');
  return userApi === undefined ? readFaultSettings() : { shop, userApi, maxDelayMs: MAX_FAULT_DELAY_MS };
}

function faultChangeParts(body: unknown): { shop?: object; userApi?: object } {
  if (!isPlainObject(body))
    throw invalidChange('The body must be an object: { "shop": {…}, "userApi": {…} }, each part optional.');
  for (const [part, value] of Object.entries(body)) {
    if (part !== 'shop' && part !== 'userApi')
      throw invalidChange(`"${part}" is not a part of the fault settings: they are shop and userApi.`);
    if (!isPlainObject(value)) throw invalidChange(`${part} must be an object of fault settings.`);
  }
  return body;
}

function isPlainObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalidChange(message: string): ApiError {
  return new ApiError(422, 'invalid_fault_settings', message);
}
