/**
 * Whether a page Jaeger served is its UI. The real UI's index.html mounts on `#jaeger-ui-root`; a
 * binary built without UI assets (the source build) serves a placeholder page without it, which is
 * a dead end for a person who follows a link there.
 */
export function isJaegerUiPage(html: string): boolean {
  return /<div[^>]*\bid=["']jaeger-ui-root["']/i.test(html);
}
