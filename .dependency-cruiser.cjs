/**
 * The architecture, written down and checked on every `npm run lint`: which part of Threadline may
 * import which. Paths are where the code runs and who owns it (README, "Layout").
 */
const WORKSPACE_PACKAGES = ['lib/otel/node', 'lib/otel/common', 'lib/service-kit', 'lib/shared/traces', 'lib/stack-layout'];

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'A cycle makes two modules one: neither can be read, tested or moved alone.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      comment: 'Two folders that import each other are one part split in two: neither can be understood alone.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'browser-code-imports-no-server-code',
      comment: 'What runs in the page (and what both sides share) must not pull server or Node code into the bundle.',
      severity: 'error',
      from: { path: '^(lib/browser|lib/shared|lib/otel/browser|lib/otel/common|app/components)/', pathNot: '\\.test\\.ts$' },
      to: {
        path: '^(lib/server|lib/otel/next|lib/otel/node|lib/service-kit|services)/',
        // The one error shape, and the user API's contract (types and guards), reach the page through
        // entry points of their own.
        pathNot: '^lib/service-kit/api-error\\.ts$|^services/user-api/client/contract\\.ts$',
      },
    },
    {
      name: 'browser-code-imports-no-node-builtins',
      severity: 'error',
      from: {
        path: '^(lib/browser|lib/shared|lib/stack-layout|lib/otel/browser|lib/otel/common|app/components)/',
        pathNot: '\\.test\\.ts$',
      },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'user-api-stays-separate',
      comment: 'The user API is its own service: it reaches shared code through the workspace packages only.',
      severity: 'error',
      from: { path: '^services/user-api/' },
      to: {
        path: '^(app|lib/server|lib/browser|lib/shared/(?!traces/)|lib/otel/next|lib/otel/browser|scripts|tools|e2e)/|^instrumentation\\.ts$',
      },
    },
    {
      name: 'the-stack-layout-imports-nothing',
      comment: 'Names, ports and URLs sit under everything else: every tier and tool reads them, so they read nothing.',
      severity: 'error',
      from: { path: '^lib/stack-layout/' },
      to: { pathNot: '^lib/stack-layout/' },
    },
    {
      name: 'trace-analysis-imports-no-telemetry',
      comment: 'Telemetry (lib/otel/node) renders traces with the analysis; the analysis must not lean back on telemetry.',
      severity: 'error',
      from: { path: '^lib/shared/traces/' },
      to: { path: '^lib/otel/' },
    },
    {
      name: 'the-user-api-is-reached-through-its-client',
      comment: 'Its callers see its contract and its client, never its routes or its database.',
      severity: 'error',
      from: { pathNot: '^services/user-api/' },
      to: { path: '^services/user-api/', pathNot: '^services/user-api/(client/(index|contract)\\.ts|package\\.json)$' },
    },
    {
      name: 'the-user-api-client-stays-apart-from-the-service',
      comment: 'The web tier bundles the client: it must not pull in the service, its database driver or its SDK.',
      severity: 'error',
      from: { path: '^services/user-api/client/' },
      to: { path: '^services/user-api/src/' },
    },
    {
      name: 'shared-packages-sit-at-the-bottom',
      comment: 'What both services share depends on nothing either of them owns.',
      severity: 'error',
      from: { path: `^(${WORKSPACE_PACKAGES.join('|')})/` },
      to: {
        path: '^(app|lib/server|lib/browser|lib/shared/(?!traces/)|lib/otel/next|lib/otel/browser|services|scripts|tools|e2e)/',
      },
    },
    ...WORKSPACE_PACKAGES.map((pkg) => ({
      name: `${pkg.replaceAll('/', '-')}-only-through-its-entry-point`,
      comment: 'A package is used through its public entry point, so its files can change behind it.',
      severity: 'error',
      from: { pathNot: `^${pkg}/` },
      to: { path: `^${pkg}/`, pathNot: `^${pkg}/(index|api-error|testing)\\.ts$|^${pkg}/package\\.json$` },
    })),
    {
      name: 'next-telemetry-sits-below-the-server-code',
      comment: 'The web tier calls its telemetry, never the other way round.',
      severity: 'error',
      from: { path: '^lib/otel/next/' },
      to: { path: '^(lib/server|app)/' },
    },
    {
      name: 'pages-and-routes-call-the-shop-through-its-entry-point',
      comment:
        'Route handlers stay thin: parse, call the domain, answer. The database and its spans stay behind lib/server/shop/index.ts.',
      severity: 'error',
      from: { path: '^app/' },
      to: { path: '^lib/server/shop/', pathNot: '^lib/server/shop/index\\.ts$' },
    },
    {
      name: 'only-tests-import-the-e2e-suite',
      comment:
        'The tools (tools/bench: the bench and npm run load; scripts/: the stack runner) sit below the suite: what both need lives in scripts/lib.',
      severity: 'error',
      from: { pathNot: '^e2e/|\\.test\\.ts$' },
      to: { path: '^e2e/' },
    },
    {
      name: 'product-code-imports-no-tests-or-tools',
      severity: 'error',
      from: { path: '^(app|lib|services|instrumentation\\.ts)', pathNot: '\\.test\\.ts$' },
      to: { path: '^(e2e|scripts|tools)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|\\.next|services/user-api/dist|test-results|playwright-report)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
