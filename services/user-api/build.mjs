// Bundles the service into dist/main.js: its own code and the workspace packages it uses (TypeScript
// sources) go in; every third-party package stays an ordinary require of node_modules, so native
// addons load and the OpenTelemetry instrumentations can patch what they patch.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'third-party-packages-stay-external',
      setup(builder) {
        builder.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@threadline/') ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
});
