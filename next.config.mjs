/** @type {import('next').NextConfig} */
const nextConfig = {
  // better-sqlite3 is a native addon: it must be required at run time, never bundled.
  serverExternalPackages: ['better-sqlite3'],
  // The user API is a separate service with its own tsconfig and build.
  typescript: { tsconfigPath: 'tsconfig.json' },
  poweredByHeader: false,
};

export default nextConfig;
