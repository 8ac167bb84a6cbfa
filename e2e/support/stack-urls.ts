import { DEFAULT_URLS } from '@threadline/stack-layout';

/** Where the e2e suite finds the stack that Playwright's webServer starts (scripts/stack.ts). */
export const SHOP_URL = process.env.SHOP_URL ?? DEFAULT_URLS.shop;
export const JAEGER_QUERY_URL = process.env.JAEGER_QUERY_URL ?? DEFAULT_URLS.jaegerQuery;
export const JAEGER_UI_URL = process.env.JAEGER_UI_URL ?? DEFAULT_URLS.jaegerUi;
