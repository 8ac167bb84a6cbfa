/**
 * What page code gets for the global `Buffer`: nothing (next.config.mjs points Next.js's Buffer
 * polyfill here). The only page code that uses it is the OTLP/JSON encoder in the tracing chunk,
 * which checks `typeof Buffer` first and otherwise encodes bytes with `btoa`, to the same base64.
 */
export const Buffer = undefined;
