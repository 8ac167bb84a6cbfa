/**
 * The shop's pages by their Next.js route (app/ ** /page.tsx), so a page-load span is named by what
 * was loaded, not by the IDs in its URL.
 */
const PAGE_ROUTES: readonly { pattern: RegExp; route: string }[] = [
  { pattern: /^\/$/, route: '/' },
  { pattern: /^\/faults\/?$/, route: '/faults' },
  { pattern: /^\/traces\/[^/]+\/?$/, route: '/traces/[traceId]' },
  { pattern: /^\/sessions\/[^/]+\/?$/, route: '/sessions/[sessionId]' },
];

export function pageRouteOf(pathname: string): string {
  return PAGE_ROUTES.find(({ pattern }) => pattern.test(pathname))?.route ?? '[not found]';
}
