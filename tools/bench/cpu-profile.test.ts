import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  APPLICATION,
  compareProfiles,
  comparisonMarkdown,
  componentOfSource,
  GARBAGE_COLLECTOR,
  IDLE,
  NO_SOURCE,
  PROGRAM,
  sampleDurations,
  SourceResolver,
  summarizeProfile,
  summaryMarkdown,
  type CallFrame,
  type ComponentRule,
  type CpuProfile,
  type ProfileSummary,
} from './cpu-profile';

const frame = (url: string, functionName = 'f', lineNumber = 0, columnNumber = 0): CallFrame => ({
  functionName,
  url,
  lineNumber,
  columnNumber,
});
const pseudo = (name: string) => frame('', name, -1, -1);

const HTTP = frame('file:///app/node_modules/@opentelemetry/instrumentation-http/build/src/http.js', 'incomingRequest');
const EMIT = frame('node:events', 'emit');
const PARSER = frame('node:_http_server', 'parserOnIncoming');
const ROUTE = frame('file:///app/services/user-api/src/routes.ts', 'getUser');
const NATIVE = frame('', 'get');
const SPAN = frame('file:///app/node_modules/@opentelemetry/sdk-trace-base/build/src/Span.js', 'end');

/** A profile from stacks (outermost frame first), each sampled `samples` times, 1 ms apart. */
function profileOf(stacks: Array<{ stack: CallFrame[]; samples: number }>): CpuProfile {
  const root = { id: 1, callFrame: pseudo('(root)'), children: [] as number[] };
  const nodes = [root];
  const samples: number[] = [];
  for (const { stack, samples: count } of stacks) {
    let parent = root;
    for (const callFrame of stack) {
      let child = parent.children.map((id) => nodes[id - 1]!).find((node) => node.callFrame === callFrame);
      if (!child) {
        child = { id: nodes.length + 1, callFrame, children: [] };
        nodes.push(child);
        parent.children.push(child.id);
      }
      parent = child;
    }
    for (let i = 0; i < count; i++) samples.push(parent.id);
  }
  return {
    nodes,
    startTime: 0,
    endTime: samples.length * 1000,
    samples,
    timeDeltas: samples.map((_, i) => (i === 0 ? 0 : 1000)),
  };
}

/** Sources are taken as they are: these tests of attribution read no source maps. */
const noMaps = { resolve: (callFrame: CallFrame) => ({ source: callFrame.url.replace(/^file:\/\//, ''), unmapped: false }) };
const msOf = (summary: ProfileSummary, component: string) => summary.rows.find((row) => row.component === component)?.ms ?? 0;

describe('attributing CPU samples to components', () => {
  it('walks from the leaf outwards to the first frame with a source: Node internals count for their caller', () => {
    const summary = summarizeProfile(
      profileOf([
        // Node's emit, called by the HTTP instrumentation's wrapper: the instrumentation's cost.
        { stack: [PARSER, HTTP, EMIT], samples: 3 },
        // The route handler under the wrapper: the application, not the instrumentation.
        { stack: [PARSER, HTTP, EMIT, ROUTE], samples: 5 },
        // A native call made by the application inside a tracing wrapper: the application, whose frame comes first.
        { stack: [PARSER, SPAN, ROUTE, NATIVE], samples: 2 },
        // Only Node's own frames: nobody to hand them to.
        { stack: [PARSER], samples: 1 },
      ]),
      { resolver: noMaps },
    );
    assert.equal(msOf(summary, 'HTTP instrumentation'), 3);
    assert.equal(msOf(summary, APPLICATION), 8);
    assert.equal(msOf(summary, 'span creation & processors'), 0);
    const http = summary.rows.find((row) => row.component === 'HTTP instrumentation')!;
    assert.equal(http.selfMs, 0, 'time in node:events is not the instrumentation’s own code');
    assert.equal(summary.rows.find((row) => row.component === APPLICATION)!.selfMs, 5);
    assert.deepEqual(summary.rows.find((row) => row.component === APPLICATION)!.topSources, [
      { source: '/app/services/user-api/src/routes.ts', ms: 7 },
      { source: NO_SOURCE, ms: 1 },
    ]);
  });

  it('gives undici, behind fetch, a row of its own, whichever wrapper calls it', () => {
    const undici = frame('node:internal/deps/undici/undici', 'fetch');
    const vercelFetch = frame('file:///app/node_modules/@vercel/otel/src/instrumentations/fetch.ts', 'fetch');
    const nextFetch = frame('file:///app/node_modules/next/dist/server/lib/dedupe-fetch.js', 'dedupedFetch');
    const summary = summarizeProfile(
      profileOf([
        { stack: [ROUTE, nextFetch, vercelFetch, undici, EMIT], samples: 4 },
        { stack: [ROUTE, nextFetch, undici], samples: 2 },
        { stack: [ROUTE, nextFetch, vercelFetch, EMIT], samples: 1 },
      ]),
      { resolver: noMaps },
    );
    assert.equal(msOf(summary, 'fetch (undici, in Node)'), 6);
    assert.equal(msOf(summary, '@vercel/otel'), 1);
    assert.equal(msOf(summary, 'Next.js'), 0);
  });

  it('gives async_hooks, which carries the context into every promise, a row of its own', () => {
    const contextWith = frame(
      'file:///app/node_modules/@opentelemetry/context-async-hooks/build/src/AsyncLocalStorageContextManager.js',
      'with',
    );
    const run = frame('node:async_hooks', 'run');
    const promiseHook = frame('node:internal/async_hooks', 'promiseInitHook');
    const summary = summarizeProfile(
      profileOf([
        { stack: [ROUTE, contextWith, run], samples: 2 },
        { stack: [ROUTE, contextWith], samples: 1 },
        { stack: [ROUTE, promiseHook, EMIT], samples: 3 },
      ]),
      { resolver: noMaps },
    );
    assert.equal(msOf(summary, 'async context (async_hooks)'), 5);
    assert.equal(msOf(summary, 'span creation & processors'), 1);
    assert.equal(msOf(summary, APPLICATION), 0);
  });

  it('keeps idle out of the total and shares, and gives the garbage collector and (program) rows of their own', () => {
    const summary = summarizeProfile(
      profileOf([
        { stack: [pseudo(IDLE)], samples: 6 },
        { stack: [pseudo(GARBAGE_COLLECTOR)], samples: 1 },
        { stack: [pseudo(PROGRAM)], samples: 1 },
        { stack: [ROUTE], samples: 2 },
      ]),
      { resolver: noMaps },
    );
    assert.equal(summary.totalMs, 4);
    assert.equal(summary.idleMs, 6);
    assert.equal(summary.samples, 10);
    assert.deepEqual(
      summary.rows.map((row) => [row.component, row.ms, row.percent]),
      [
        [APPLICATION, 2, 50],
        [GARBAGE_COLLECTOR, 1, 25],
        [PROGRAM, 1, 25],
        [IDLE, 6, undefined],
      ],
    );
    assert.match(summaryMarkdown(summary), /\| \*\*Total, idle excluded\*\* \| 4\.0 \| 100 % \|/);
  });

  it('gives each sample the time to the next one, and the last the time to the end', () => {
    assert.deepEqual(
      sampleDurations({ startTime: 100, endTime: 1400, samples: [1, 1, 1], timeDeltas: [50, 500, 250] }),
      [500, 250, 500],
    );
  });
});

describe('the rule table', () => {
  it('takes the first rule that matches, so the specific rules win over the catch-alls', () => {
    const cases: Array<[string, string | undefined]> = [
      ['/app/node_modules/next/dist/server/lib/trace/tracer.js', 'Next.js’s own spans'],
      ['webpack://next/./src/server/lib/trace/tracer.ts', 'Next.js’s own spans'],
      ['/app/node_modules/next/dist/esm/server/lib/trace/span-store.js', 'Next.js’s own spans'],
      ['/app/node_modules/next/dist/server/base-server.js', 'Next.js'],
      ['turbopack:///[turbopack]/nodejs/runtime/runtime-base.ts', 'Next.js'],
      // Next.js's vendored copy of the API is the API, not Next.js.
      ['/app/node_modules/next/dist/compiled/@opentelemetry/api/index.js', 'span creation & processors'],
      ['webpack://next/./dist/compiled/react-dom/cjs/react-dom-server.node.production.js', 'React'],
      ['/app/lib/otel/common/redaction.ts', 'redaction'],
      ['/app/lib/otel/node/baggage.ts', 'baggage copying'],
      ['/app/lib/otel/node/sampler.ts', 'span creation & processors'],
      ['/app/lib/otel/node/metrics.ts', 'metrics'],
      ['/app/lib/otel/node/logger.ts', 'logs'],
      ['/app/lib/otel/node/http-server-span.ts', 'HTTP instrumentation'],
      // The shop's client for the user API makes its own calls: the application.
      ['/app/lib/otel/next/traced-http-client.ts', undefined],
      // @vercel/otel's bundled copy of the SDK, once its map is followed, is the SDK…
      [
        '/app/node_modules/.pnpm/@opentelemetry+sdk-trace-base@2.1.0/node_modules/@opentelemetry/sdk-trace-base/src/Span.ts',
        'span creation & processors',
      ],
      // …and its own code is @vercel/otel.
      ['/app/node_modules/@vercel/otel/src/processor/composite-span-processor.ts', '@vercel/otel'],
      // How esbuild's map (@vercel/otel's) names an import it left external.
      ['external:@opentelemetry/api', 'span creation & processors'],
      ['/app/node_modules/@opentelemetry/otlp-transformer/build/src/trace/internal.js', 'OTLP encoding'],
      ['/app/node_modules/protobufjs/src/writer.js', 'OTLP encoding'],
      ['/app/node_modules/@opentelemetry/exporter-trace-otlp-proto/build/src/platform/node/OTLPTraceExporter.js', 'export'],
      ['/app/node_modules/@opentelemetry/baggage-span-processor/build/src/baggage-span-processor.js', 'baggage copying'],
      ['/app/node_modules/better-sqlite3/lib/methods/wrappers.js', 'SQLite'],
      ['/app/node_modules/sonic-boom/index.js', 'logs'],
      ['/app/services/user-api/src/routes.ts', undefined],
    ];
    for (const [source, component] of cases) assert.equal(componentOfSource(source), component, source);
  });

  it('is data: a caller’s own table is read in its order', () => {
    const rules: ComponentRule[] = [
      { component: 'narrow', telemetry: true, test: (source) => source.includes('/pkg/hot/') },
      { component: 'broad', telemetry: false, test: (source) => source.includes('/pkg/') },
    ];
    assert.equal(componentOfSource('/x/pkg/hot/a.js', rules), 'narrow');
    assert.equal(componentOfSource('/x/pkg/cold/a.js', rules), 'broad');
    assert.equal(componentOfSource('/x/pkg/hot/a.js', [...rules].reverse()), 'broad');
  });
});

describe('source maps', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpu-profile-test-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  // dist/[chunk].js is one minified line: column 0 comes from lib/otel/common/redaction.ts, column 20 from
  // vendor/otel.js (line 0, column 5), which has a map of its own into the OpenTelemetry SDK.
  // Mappings are base64 VLQ: "AAAA" = column 0 → source 0, line 0, column 0; "oBCAK" = column +20 →
  // source +1, line +0, column +5.
  fs.mkdirSync(path.join(dir, 'dist'));
  fs.mkdirSync(path.join(dir, 'vendor'));
  const chunk = path.join(dir, 'dist', '[chunk].js');
  fs.writeFileSync(chunk, 'function a(){}       function b(){}\n//# sourceMappingURL=%5Bchunk%5D.js.map\n');
  fs.writeFileSync(
    path.join(dir, 'dist', '[chunk].js.map'),
    JSON.stringify({
      version: 3,
      sources: ['../lib/otel/common/redaction.ts', '../vendor/otel.js'],
      names: [],
      mappings: 'AAAA,oBCAK',
    }),
  );
  fs.writeFileSync(path.join(dir, 'vendor', 'otel.js'), 'var x; function span(){}\n');
  // No sourceMappingURL comment: the map beside the file is used.
  fs.writeFileSync(
    path.join(dir, 'vendor', 'otel.js.map'),
    JSON.stringify({
      version: 3,
      sources: ['../node_modules/%40opentelemetry/sdk-trace-base/src/Span.ts'],
      names: [],
      mappings: 'AAAA,KAEA',
    }),
  );

  it('resolves a bundled frame to its original source (0-based line and column), and on through a second map', () => {
    const resolver = new SourceResolver();
    assert.deepEqual(resolver.resolve(frame(pathToFileURL(chunk).href, 'a', 0, 0)), {
      source: path.join(dir, 'lib/otel/common/redaction.ts'),
      unmapped: false,
    });
    assert.deepEqual(resolver.resolve(frame(chunk, 'b', 0, 21)), {
      source: path.join(dir, 'node_modules/@opentelemetry/sdk-trace-base/src/Span.ts'),
      unmapped: false,
    });
    // A file without a map keeps its own path; Node's internals keep their URL.
    assert.equal(resolver.resolve(frame(path.join(dir, 'vendor', 'missing.js'))).source, path.join(dir, 'vendor', 'missing.js'));
    assert.equal(resolver.resolve(frame('node:events')).source, 'node:events');
  });

  it('attributes a profile of the bundle by the original sources', () => {
    const summary = summarizeProfile(
      profileOf([
        { stack: [frame(pathToFileURL(chunk).href, 'a', 0, 0), EMIT], samples: 2 },
        { stack: [frame(pathToFileURL(chunk).href, 'b', 0, 20)], samples: 3 },
      ]),
    );
    assert.equal(msOf(summary, 'redaction'), 2);
    assert.equal(msOf(summary, 'span creation & processors'), 3);
    assert.equal(summary.unmappedMs, 0);
  });
});

describe('comparing tracing on with tracing off', () => {
  const on = summarizeProfile(
    profileOf([
      { stack: [PARSER, HTTP, EMIT], samples: 40 },
      { stack: [ROUTE], samples: 100 },
      { stack: [pseudo(GARBAGE_COLLECTOR)], samples: 20 },
      { stack: [pseudo(IDLE)], samples: 500 },
    ]),
    { resolver: noMaps },
  );
  const off = summarizeProfile(
    profileOf([
      { stack: [ROUTE], samples: 150 },
      { stack: [pseudo(GARBAGE_COLLECTOR)], samples: 15 },
    ]),
    { resolver: noMaps },
  );

  it('gives CPU per 1000 requests per component, and the difference, largest first', () => {
    const comparison = compareProfiles({ summary: on, requests: 1000 }, { summary: off, requests: 2000 });
    assert.deepEqual(
      comparison.components.map((row) => [row.component, row.on, row.off, row.difference]),
      [
        ['HTTP instrumentation', 40, 0, 40],
        [APPLICATION, 100, 75, 25],
        [GARBAGE_COLLECTOR, 20, 7.5, 12.5],
      ],
    );
    assert.deepEqual(comparison.total, { on: 160, off: 82.5, difference: 77.5 });
    assert.deepEqual(comparison.telemetry, { on: 40, off: 0, difference: 40 });
    const markdown = comparisonMarkdown(comparison);
    assert.match(markdown, /^\| Component \| Tracing on \(ms \/ 1000 req\) \| Tracing off \(ms \/ 1000 req\) \| Difference \|/);
    assert.match(markdown, /\| HTTP instrumentation \| 40\.0 \| 0\.0 \| \+40\.0 \| 0\.0 \|/);
    assert.match(markdown, /\| \*\*Total, idle excluded\*\* \| 160 \| 82\.5 \| \+77\.5 \| {2}\|/);
    const withCpu = comparisonMarkdown(comparison, [{ label: 'Main thread CPU, from /proc', on: 120, off: 80 }]);
    assert.match(
      withCpu,
      /\| \*\*Total, idle excluded\*\* .*\n\| \*Main thread CPU, from \/proc\* \| 120 \| 80\.0 \| \+40\.0 \| {2}\|$/,
    );
  });
});
