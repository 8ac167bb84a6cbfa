/** @type {import('next').NextConfig} */
const nextConfig = {
  // better-sqlite3 is a native addon and pino loads workers by path: both are required at run time, not bundled.
  serverExternalPackages: ['better-sqlite3', 'pino'],
  // The workspace packages the web tier shares with the user API are TypeScript sources.
  transpilePackages: ['@threadline/otel-common', '@threadline/otel-node', '@threadline/service-kit', '@threadline/traces'],
  // The user API is a separate package with its own tsconfig and build.
  typescript: { tsconfigPath: 'tsconfig.json' },
  poweredByHeader: false,
  // The container image (Dockerfile) runs the self-contained server; `npm start` uses `next start`.
  ...(process.env.NEXT_OUTPUT === 'standalone' ? { output: 'standalone' } : {}),
};

export default nextConfig;
