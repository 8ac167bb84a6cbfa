/** @type {import('next').NextConfig} */
const nextConfig = {
  // better-sqlite3 is a native addon and pino loads workers by path: both are required at run time, not bundled.
  serverExternalPackages: ['better-sqlite3', 'pg', 'pino'],
  // The workspace packages the web tier shares with the user API are TypeScript sources.
  transpilePackages: [
    '@threadline/otel-common',
    '@threadline/otel-node',
    '@threadline/service-kit',
    '@threadline/stack-layout',
    '@threadline/traces',
    '@threadline/user-api',
  ],
  // The user API is a separate package with its own tsconfig and build.
  typescript: { tsconfigPath: 'tsconfig.json' },
  poweredByHeader: false,
  // For tools/bench/chunk-attribution.ts only: which package each byte of the tracing chunk comes from.
  productionBrowserSourceMaps: process.env.THREADLINE_BROWSER_SOURCE_MAPS === 'true',
  turbopack: {
    resolveAlias: {
      // Page code that uses the global `Buffer` gets Next.js's 22 kB polyfill from here. Only the lazy
      // tracing chunk does, behind a `typeof Buffer` check with a `btoa` fallback (see the stub): 6.8 kB
      // gzip off that chunk. `import … from 'buffer'` resolves elsewhere and is not affected.
      'next/dist/compiled/buffer': { browser: './lib/browser/no-node-buffer.ts' },
    },
  },
  // The container image (Dockerfile) runs the self-contained server; `npm start` uses `next start`.
  ...(process.env.NEXT_OUTPUT === 'standalone' ? { output: 'standalone' } : {}),
};

export default nextConfig;
