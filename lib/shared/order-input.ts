/** What a client may ask for in one order; anything outside these bounds is refused before any work. */
export const ORDER_LIMITS = {
  maxLines: 50,
  maxQuantity: 1000,
  maxIdLength: 64,
} as const;

export interface OrderLineInput {
  sku: string;
  quantity: number;
}

export interface OrderInput {
  userId: string;
  items: OrderLineInput[];
}

export type OrderInputResult = { ok: true; value: OrderInput } | { ok: false; message: string };

const ID_PATTERN = /^[A-Za-z0-9_-]+$/;

/** Checks a parsed JSON body against the order shape; returns the first problem in plain words. */
export function parseOrderInput(body: unknown): OrderInputResult {
  if (!isPlainObject(body)) return fail('the body must be a JSON object with "userId" and "items"');
  const unknownKeys = Object.keys(body).filter((key) => key !== 'userId' && key !== 'items');
  if (unknownKeys.length > 0) return fail(`unexpected field "${unknownKeys[0]}"`);

  const userIdProblem = idProblem('userId', body.userId);
  if (userIdProblem) return fail(userIdProblem);

  const { items } = body;
  if (!Array.isArray(items)) return fail('"items" must be an array');
  if (items.length === 0) return fail('an order needs at least one item');
  if (items.length > ORDER_LIMITS.maxLines) return fail(`an order may have at most ${ORDER_LIMITS.maxLines} items`);

  const lines: OrderLineInput[] = [];
  const seenSkus = new Set<string>();
  for (const [index, item] of items.entries()) {
    const where = `items[${index}]`;
    if (!isPlainObject(item)) return fail(`${where} must be an object with "sku" and "quantity"`);
    const extra = Object.keys(item).find((key) => key !== 'sku' && key !== 'quantity');
    if (extra !== undefined) return fail(`${where} has an unexpected field "${extra}"`);
    const skuProblem = idProblem(`${where}.sku`, item.sku);
    if (skuProblem) return fail(skuProblem);
    const sku = item.sku as string;
    if (seenSkus.has(sku)) return fail(`${where}.sku "${sku}" appears more than once; send one line per product`);
    seenSkus.add(sku);
    const { quantity } = item;
    if (typeof quantity !== 'number' || !Number.isInteger(quantity)) return fail(`${where}.quantity must be a whole number`);
    if (quantity < 1 || quantity > ORDER_LIMITS.maxQuantity) {
      return fail(`${where}.quantity must be between 1 and ${ORDER_LIMITS.maxQuantity}`);
    }
    lines.push({ sku, quantity });
  }
  return { ok: true, value: { userId: body.userId as string, items: lines } };
}

function idProblem(field: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return `"${field}" must be a string`;
  if (value.length === 0 || value.length > ORDER_LIMITS.maxIdLength) {
    return `"${field}" must be 1 to ${ORDER_LIMITS.maxIdLength} characters`;
  }
  if (!ID_PATTERN.test(value)) return `"${field}" may contain only letters, digits, "-" and "_"`;
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(message: string): OrderInputResult {
  return { ok: false, message };
}
