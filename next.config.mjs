/** @type {import('next').NextConfig} */
const nextConfig = {
  // better-sqlite3 is a native addon and pino loads workers by path: both are required at run time, not bundled.
  serverExternalPackages: ['better-sqlite3', 'pino'],
  // The user API is a separate service with its own tsconfig and build.
  typescript: { tsconfigPath: 'tsconfig.json' },
  poweredByHeader: false,
};

export default nextConfig;
