/** Where the e2e suite finds the stack that Playwright's webServer starts (scripts/stack.ts). */
export const SHOP_URL = process.env.SHOP_URL ?? 'http://127.0.0.1:3000';
export const JAEGER_QUERY_URL = process.env.JAEGER_QUERY_URL ?? 'http://127.0.0.1:16686';
export const JAEGER_UI_URL = process.env.JAEGER_UI_URL ?? 'http://localhost:16686';
