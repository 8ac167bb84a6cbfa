/**
 * Where a service's CPU goes, by component: reads a V8 CPU profile (`.cpuprofile`: the JSON that
 * `--cpu-prof`, Chrome DevTools and the inspector's `Profiler.stop` produce), resolves bundled frames
 * to their original sources through source maps, and sums the sampled time per component (HTTP
 * instrumentation, Next.js's own spans, span processors, redaction, export, …). Used by
 * tools/bench/profile.ts (npm run bench:profile) to compare tracing on with tracing off.
 *
 * How a sample is attributed: its stack is walked from the leaf (the innermost frame) outwards, and
 * the first frame that comes from a source of its own decides. Frames without one (Node's internals,
 * `node:…`; native and V8 builtins, no URL) are transparent: time in `node:events` called by the HTTP
 * instrumentation counts as HTTP instrumentation, time in a native SQLite call made by the user
 * repository counts as the application. A frame from a source no rule names ends the walk too, as
 * "application and runtime", so a tracing wrapper further out never claims the work it wraps.
 * Two parts of Node are components of their own, because as transparent frames they would land on
 * whichever caller happens to be innermost. undici, behind `fetch`: it is big (over a millisecond per
 * call here) and is reached through @vercel/otel's fetch instrumentation with tracing on and through
 * Next.js's patched fetch with it off, so it would show up as the cost of one wrapper or the other.
 * And async_hooks, under AsyncLocalStorage: the hooks that carry the active context (OpenTelemetry's,
 * and Next.js's own request stores) into every promise and callback run inside whatever code creates
 * them, so their cost would be spread over the application and Next.js instead of shown.
 * V8's own pseudo-frames, `(garbage collector)`, `(program)` (native code outside JavaScript) and
 * `(idle)`, are rows of their own; idle is left out of every total.
 */
import fs from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A frame as V8 reports it; line and column are 0-based and locate the function's start. */
export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
  scriptId?: string | number;
}

export interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
  hitCount?: number;
}

/** A V8 CPU profile; times are microseconds, `timeDeltas[i]` the gap before `samples[i]`. */
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export const IDLE = '(idle)';
export const GARBAGE_COLLECTOR = '(garbage collector)';
export const PROGRAM = '(program)';
export const APPLICATION = 'application and runtime';
/** The file name of tools/bench/profile.ts's preload, which starts and stops the profiler inside each service. */
export const PROFILER_PRELOAD_FILE = 'threadline-cpu-profiler.cjs';

/** One row of the rule table: the first rule whose test accepts a frame's original source names its component. */
export interface ComponentRule {
  component: string;
  /** Whether the component is telemetry (tracing, metrics, logs), for the subtotal of what telemetry costs. */
  telemetry: boolean;
  test: (source: string) => boolean;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A package, installed (node_modules/) or vendored by Next.js (next/dist/compiled/), wherever the
 * bundler put it; `external:<name>` is how esbuild's maps (@vercel/otel's) name an import left external.
 */
const pkg = (name: string) => new RegExp(`(?:^|/)(?:node_modules|compiled)/${escape(name)}/|^external:${escape(name)}(?:/|$)`);
/** A file or folder of this repository, by its path from the root, with or without its extension. */
const own = (file: string) => new RegExp(`(?:^|/)${escape(file)}(?:\\.[cm]?[jt]sx?$|/|$)`);

function rule(component: string, telemetry: boolean, ...patterns: RegExp[]): ComponentRule {
  return { component, telemetry, test: (source) => patterns.some((pattern) => pattern.test(source)) };
}

/**
 * The components, most specific first: a source is counted under the first rule that matches it, so
 * the project's own telemetry files come before the catch-all `lib/otel/`, Next.js's tracer before
 * the rest of Next.js, and every OpenTelemetry package (also the copies @vercel/otel and Next.js
 * bundle) before @vercel/otel and Next.js.
 */
export const COMPONENT_RULES: readonly ComponentRule[] = [
  rule('redaction', true, own('lib/otel/common/redaction')),
  rule(
    'baggage copying',
    true,
    pkg('@opentelemetry/baggage-span-processor'),
    own('lib/otel/node/baggage'),
    own('lib/otel/common/baggage-policy'),
  ),
  rule(
    'HTTP instrumentation',
    true,
    pkg('@opentelemetry/instrumentation-http'),
    pkg('@opentelemetry/instrumentation-undici'),
    pkg('@opentelemetry/instrumentation'),
    pkg('require-in-the-middle'),
    pkg('import-in-the-middle'),
    pkg('shimmer'),
    own('lib/otel/node/http-server-span'),
    own('lib/otel/node/traceresponse'),
  ),
  rule(
    'Next.js’s own spans',
    true,
    /(?:(?:^|\/)node_modules\/next\/(?:dist\/(?:esm\/)?)?(?:src\/)?|^webpack:\/\/next\/\.\/src\/)server\/lib\/trace\//,
  ),
  rule(
    'metrics',
    true,
    pkg('@opentelemetry/sdk-metrics'),
    pkg('@opentelemetry/exporter-prometheus'),
    own('lib/otel/node/metrics'),
  ),
  rule(
    'OTLP encoding',
    true,
    pkg('@opentelemetry/otlp-transformer'),
    pkg('protobufjs'),
    /(?:^|\/)(?:node_modules|compiled)\/@protobufjs\//,
  ),
  rule(
    'export',
    true,
    pkg('@opentelemetry/otlp-exporter-base'),
    pkg('@opentelemetry/otlp-grpc-exporter-base'),
    /(?:^|\/)(?:node_modules|compiled)\/@opentelemetry\/exporter-trace-otlp-[^/]+\//,
    own('lib/otel/node/span-export'),
    own('lib/otel/node/tracing-diagnostics'),
  ),
  rule(
    'logs',
    true,
    pkg('pino'),
    pkg('sonic-boom'),
    pkg('pino-std-serializers'),
    pkg('fast-redact'),
    pkg('quick-format-unescaped'),
    pkg('@opentelemetry/sdk-logs'),
    pkg('@opentelemetry/api-logs'),
    own('lib/otel/node/logger'),
  ),
  rule(
    'span creation & processors',
    true,
    pkg('@opentelemetry/api'),
    pkg('@opentelemetry/core'),
    pkg('@opentelemetry/sdk-trace'),
    pkg('@opentelemetry/sdk-trace-base'),
    pkg('@opentelemetry/sdk-trace-node'),
    pkg('@opentelemetry/context-async-hooks'),
    pkg('@opentelemetry/resources'),
    pkg('@opentelemetry/semantic-conventions'),
    pkg('@opentelemetry/sdk-node'),
    // The project's samplers, processors and propagators; its HTTP client and fetch options are the shop's own calls.
    /(?:^|\/)lib\/otel\/(?:node|common|next)\/(?!traced-http-client|next-fetch)[^/]+$/,
  ),
  rule('@vercel/otel', true, pkg('@vercel/otel')),
  rule('SQLite', false, pkg('better-sqlite3')),
  // The Node internals with rows of their own (see the header): undici, under `fetch`, and async_hooks.
  rule('fetch (undici, in Node)', false, /^node:internal\/deps\/undici\//),
  rule('async context (async_hooks)', false, /^node:(?:internal\/)?async_hooks$|^node:internal\/async_local_storage\//),
  rule('the profiler itself', false, new RegExp(`(?:^|/)${escape(PROFILER_PRELOAD_FILE)}$`)),
  rule(
    'React',
    false,
    pkg('react'),
    pkg('react-dom'),
    pkg('react-is'),
    pkg('scheduler'),
    /(?:^|\/)(?:node_modules|compiled)\/react-server-dom-[^/]+\//,
  ),
  rule('Next.js', false, pkg('next'), pkg('@next/env'), /^webpack:\/\/next\//, /^turbopack:\/\/\/\[turbopack\]\//),
];

const PSEUDO_FRAMES = new Set([IDLE, GARBAGE_COLLECTOR, PROGRAM]);

/** Node's internals and frames with no script: they belong to whoever called them, unless a rule names them. */
export function isTransparent(frame: CallFrame): boolean {
  return frame.url === '' || frame.url.startsWith('node:') || frame.url.startsWith('wasm:');
}

/** The component of one original source, or undefined when no rule names it. */
export function componentOfSource(source: string, rules: readonly ComponentRule[] = COMPONENT_RULES): string | undefined {
  const normalized = source.replaceAll('\\', '/');
  return rules.find((candidate) => candidate.test(normalized))?.component;
}

// --- Source maps -------------------------------------------------------------------------------

export interface ResolvedSource {
  /** The original source: an absolute path, or a bundler URL such as webpack://next/./src/… */
  source: string;
  /** The frame came from a file with a source map but the map did not place it. */
  unmapped: boolean;
}

interface LoadedMap {
  map: SourceMap;
  /** Where relative `sources` are resolved from: the map's own URL, plus its `sourceRoot`. */
  base: URL;
}

const SOURCE_MAPPING_URL = /\/\/[#@] sourceMappingURL=([^\s'"]+)\s*$/;

/**
 * Resolves a frame's script to its original source through the script's source map, and on through
 * the map of that source when it has one (so @vercel/otel's bundled copy of the OpenTelemetry SDK, bundled
 * again by Turbopack, resolves to the SDK's files). Maps are read once per file.
 */
export class SourceResolver {
  private readonly maps = new Map<string, LoadedMap | null>();
  private readonly resolved = new Map<string, ResolvedSource>();

  constructor(private readonly maxHops = 3) {}

  resolve(frame: Pick<CallFrame, 'url' | 'lineNumber' | 'columnNumber'>): ResolvedSource {
    const key = `${frame.url}:${frame.lineNumber}:${frame.columnNumber}`;
    let result = this.resolved.get(key);
    if (!result) {
      result = this.follow(scriptPath(frame.url), frame.lineNumber, frame.columnNumber);
      this.resolved.set(key, result);
    }
    return result;
  }

  private follow(source: string, line: number, column: number): ResolvedSource {
    let current = { source, line, column };
    for (let hop = 0; hop < this.maxHops; hop++) {
      const loaded = path.isAbsolute(current.source) ? this.mapOf(current.source) : null;
      if (!loaded || current.line < 0) break;
      const entry = loaded.map.findEntry(current.line, Math.max(current.column, 0));
      if (!('originalSource' in entry)) return { source: current.source, unmapped: hop === 0 };
      current = { source: sourcePath(entry.originalSource, loaded.base), line: entry.originalLine, column: entry.originalColumn };
    }
    return { source: current.source, unmapped: false };
  }

  private mapOf(file: string): LoadedMap | null {
    let loaded = this.maps.get(file);
    if (loaded === undefined) {
      loaded = readSourceMap(file);
      this.maps.set(file, loaded);
    }
    return loaded;
  }
}

/** A frame's URL as a path when it is a file (file:// URL or absolute path), else the URL unchanged. */
function scriptPath(url: string): string {
  if (url.startsWith('file://')) {
    try {
      return fileURLToPath(url);
    } catch {
      return url;
    }
  }
  return url;
}

/** A map's `sources` entry as an absolute path, or as it is when it is a URL of a bundler's own scheme. */
function sourcePath(source: string, base: URL): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(source) && !source.startsWith('file:')) return source;
  try {
    const url = new URL(source, base);
    return url.protocol === 'file:' ? fileURLToPath(url) : url.href;
  } catch {
    return source;
  }
}

/** The source map of a script: the one its `sourceMappingURL` comment names (file or data URL), else `<file>.map`. */
function readSourceMap(file: string): LoadedMap | null {
  let text: string;
  try {
    if (!fs.statSync(file).isFile()) return null;
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const reference = SOURCE_MAPPING_URL.exec(text.slice(-4096).trimEnd())?.[1];
  const fileUrl = pathToFileURL(file);
  try {
    if (reference?.startsWith('data:')) {
      const comma = reference.indexOf(',');
      const data = reference.slice(comma + 1);
      const json = reference.slice(0, comma).endsWith(';base64')
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeURIComponent(data);
      return loadMap(JSON.parse(json), fileUrl);
    }
    const mapUrl = reference ? new URL(reference, fileUrl) : pathToFileURL(`${file}.map`);
    if (mapUrl.protocol !== 'file:') return null;
    const mapFile = fileURLToPath(mapUrl);
    if (!fs.existsSync(mapFile)) return null;
    return loadMap(JSON.parse(fs.readFileSync(mapFile, 'utf8')), mapUrl);
  } catch {
    // A map that cannot be read or parsed: the frame keeps its bundled location.
    return null;
  }
}

function loadMap(payload: SourceMapPayload & { sourceRoot?: string }, mapUrl: URL): LoadedMap {
  const root = payload.sourceRoot ? `${payload.sourceRoot.replace(/\/?$/, '/')}` : '';
  return { map: new SourceMap(payload), base: new URL(root || '.', mapUrl.href.replace(/[^/]*$/, '')) };
}

// --- Attribution -------------------------------------------------------------------------------

export interface ComponentTime {
  component: string;
  /** Sampled time attributed to the component, including Node internals and native code it called. */
  ms: number;
  /** Of that, the time whose innermost frame is the component's own code. */
  selfMs: number;
  /** Share of the total, idle excluded; undefined for idle itself. */
  percent: number | undefined;
  /** The original sources of the deciding frames, most time first (at most five), to check the rules by. */
  topSources: Array<{ source: string; ms: number }>;
}

export interface ProfileSummary {
  /** Sampled time, idle excluded. */
  totalMs: number;
  idleMs: number;
  /** Span of the profile, start to end. */
  wallMs: number;
  samples: number;
  /** Every component with time, idle last, the rest by time, most first. */
  rows: ComponentTime[];
  /** Time whose deciding frame is still a bundled file its map did not place (counted as application). */
  unmappedMs: number;
  unmappedFiles: string[];
}

export interface SummarizeOptions {
  rules?: readonly ComponentRule[];
  resolver?: { resolve(frame: CallFrame): ResolvedSource };
}

/** How long each sample stands for: the gap to the next sample, and to the profile's end for the last. */
export function sampleDurations(profile: Pick<CpuProfile, 'startTime' | 'endTime' | 'timeDeltas' | 'samples'>): number[] {
  const timestamps: number[] = [];
  let time = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i] ?? 0;
    timestamps.push(time);
  }
  return timestamps.map((stamp, i) => Math.max(0, (timestamps[i + 1] ?? Math.max(profile.endTime, stamp)) - stamp));
}

/** Which component a sample's stack belongs to, from which source, and whether that was a bundle its map could not place. */
interface Decision {
  component: string;
  source: string;
  unmapped: boolean;
}

/** The deciding "source" of a stack of Node internals and native frames only. */
export const NO_SOURCE = '(Node internals and native code only)';

/** Attributes every sample to a component and sums the time per component. */
export function summarizeProfile(profile: CpuProfile, options: SummarizeOptions = {}): ProfileSummary {
  const rules = options.rules ?? COMPONENT_RULES;
  const resolver = options.resolver ?? new SourceResolver();
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);

  // What a frame is by itself: a component, "application" (a source no rule names) or transparent.
  const ownComponent = new Map<number, Decision | undefined>();
  const frameComponent = (id: number): Decision | undefined => {
    if (ownComponent.has(id)) return ownComponent.get(id);
    const frame = nodes.get(id)!.callFrame;
    let known: Decision | undefined;
    if (PSEUDO_FRAMES.has(frame.functionName) && frame.url === '')
      known = { component: frame.functionName, source: frame.functionName, unmapped: false };
    else if (!isTransparent(frame)) {
      const { source, unmapped } = resolver.resolve(frame);
      known = { component: componentOfSource(source, rules) ?? APPLICATION, source, unmapped };
    } else if (frame.url !== '') {
      const component = componentOfSource(frame.url, rules);
      if (component) known = { component, source: frame.url, unmapped: false };
    }
    ownComponent.set(id, known);
    return known;
  };
  // From a node outwards, the first frame with a component of its own; memoized for every node walked.
  const decided = new Map<number, Decision>();
  const decide = (id: number): Decision => {
    const walked: number[] = [];
    let current: number | undefined = id;
    let result: Decision | undefined;
    while (current !== undefined && !result) {
      result = decided.get(current);
      if (result) break;
      walked.push(current);
      result = frameComponent(current);
      current = parents.get(current);
    }
    result ??= { component: APPLICATION, source: NO_SOURCE, unmapped: false };
    for (const node of walked) decided.set(node, result);
    return result;
  };

  const totals = new Map<string, { ms: number; selfMs: number; sources: Map<string, number> }>();
  let unmappedMs = 0;
  const unmappedFiles = new Set<string>();
  const durations = sampleDurations(profile);
  profile.samples.forEach((id, i) => {
    if (!nodes.has(id)) return;
    const ms = (durations[i] ?? 0) / 1000;
    const { component, source, unmapped } = decide(id);
    const row = totals.get(component) ?? { ms: 0, selfMs: 0, sources: new Map<string, number>() };
    row.ms += ms;
    if (frameComponent(id)?.component === component) row.selfMs += ms;
    row.sources.set(source, (row.sources.get(source) ?? 0) + ms);
    totals.set(component, row);
    if (unmapped) {
      unmappedMs += ms;
      unmappedFiles.add(source);
    }
  });

  const idleMs = totals.get(IDLE)?.ms ?? 0;
  const totalMs = [...totals.entries()].reduce((sum, [component, row]) => (component === IDLE ? sum : sum + row.ms), 0);
  const rows = [...totals.entries()]
    .map(([component, row]) => ({
      component,
      ms: row.ms,
      selfMs: row.selfMs,
      percent: component === IDLE || totalMs === 0 ? undefined : (100 * row.ms) / totalMs,
      topSources: [...row.sources.entries()]
        .map(([source, ms]) => ({ source, ms }))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 5),
    }))
    .sort((a, b) => Number(a.component === IDLE) - Number(b.component === IDLE) || b.ms - a.ms);
  return {
    totalMs,
    idleMs,
    wallMs: (profile.endTime - profile.startTime) / 1000,
    samples: profile.samples.length,
    rows,
    unmappedMs,
    unmappedFiles: [...unmappedFiles].sort(),
  };
}

export function readCpuProfile(file: string): CpuProfile {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<CpuProfile>;
  if (!Array.isArray(profile.nodes) || !Array.isArray(profile.samples) || !Array.isArray(profile.timeDeltas))
    throw new Error(`${file} is not a V8 CPU profile (no nodes, samples or timeDeltas)`);
  return profile as CpuProfile;
}

// --- Tables ------------------------------------------------------------------------------------

const fmtMs = (ms: number) => (Math.abs(ms) >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const fmtSigned = (ms: number) => `${ms > 0 ? '+' : ms < 0 ? '−' : '±'}${fmtMs(Math.abs(ms))}`;
const table = (header: string[], rows: string[][]) =>
  [header, header.map((_, i) => (i === 0 ? '---' : '---:')), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');

/** One profile as a markdown table: milliseconds and share per component, idle last and out of the share. */
export function summaryMarkdown(summary: ProfileSummary): string {
  const rows = summary.rows.map((row) => [
    row.component,
    fmtMs(row.ms),
    row.percent === undefined ? '—' : `${row.percent.toFixed(1)} %`,
  ]);
  return table(['Component', 'CPU (ms)', 'Share'], [...rows, ['**Total, idle excluded**', fmtMs(summary.totalMs), '100 %']]);
}

/** A profile and how many requests were served while it was taken. */
export interface MeasuredProfile {
  summary: ProfileSummary;
  requests: number;
}

export interface ComparedComponent {
  component: string;
  /** CPU milliseconds per 1000 requests. */
  on: number;
  off: number;
  difference: number;
  /** Of `on`, the part in the component's own code. */
  onSelf: number;
  telemetry: boolean;
}

export interface Comparison {
  components: ComparedComponent[];
  total: { on: number; off: number; difference: number };
  /** The telemetry components together. */
  telemetry: { on: number; off: number; difference: number };
}

/**
 * Tracing on against tracing off, the same load in each: CPU milliseconds per 1000 requests per
 * component, and what tracing adds, most first. Idle is left out.
 */
export function compareProfiles(
  on: MeasuredProfile,
  off: MeasuredProfile,
  rules: readonly ComponentRule[] = COMPONENT_RULES,
): Comparison {
  const per1000 = (ms: number, requests: number) => (requests > 0 ? (1000 * ms) / requests : NaN);
  const lookup = (profile: MeasuredProfile, component: string) => profile.summary.rows.find((row) => row.component === component);
  const names = [...new Set([...on.summary.rows, ...off.summary.rows].map((row) => row.component))].filter(
    (name) => name !== IDLE,
  );
  const isTelemetry = (component: string) => rules.some((candidate) => candidate.component === component && candidate.telemetry);
  const components = names
    .map((component) => {
      const onMs = per1000(lookup(on, component)?.ms ?? 0, on.requests);
      const offMs = per1000(lookup(off, component)?.ms ?? 0, off.requests);
      return {
        component,
        on: onMs,
        off: offMs,
        difference: onMs - offMs,
        onSelf: per1000(lookup(on, component)?.selfMs ?? 0, on.requests),
        telemetry: isTelemetry(component),
      };
    })
    .sort((a, b) => b.difference - a.difference || b.on - a.on);
  const sum = (rows: ComparedComponent[]) => {
    const totalOn = rows.reduce((acc, row) => acc + row.on, 0);
    const totalOff = rows.reduce((acc, row) => acc + row.off, 0);
    return { on: totalOn, off: totalOff, difference: totalOn - totalOff };
  };
  return { components, total: sum(components), telemetry: sum(components.filter((row) => row.telemetry)) };
}

/** A figure measured outside the profile (e.g. CPU time from /proc), already per 1000 requests, shown under the total. */
export interface ReferenceRow {
  label: string;
  on: number;
  off: number;
}

/** The comparison as a markdown table, with the telemetry subtotal, the total, and any reference figures last. */
export function comparisonMarkdown(comparison: Comparison, references: readonly ReferenceRow[] = []): string {
  const rows = comparison.components.map((row) => [
    row.component,
    fmtMs(row.on),
    fmtMs(row.off),
    fmtSigned(row.difference),
    fmtMs(row.onSelf),
  ]);
  const { telemetry, total } = comparison;
  return table(
    ['Component', 'Tracing on (ms / 1000 req)', 'Tracing off (ms / 1000 req)', 'Difference', 'On: in its own code'],
    [
      ...rows,
      ['*Telemetry components together*', fmtMs(telemetry.on), fmtMs(telemetry.off), fmtSigned(telemetry.difference), ''],
      ['**Total, idle excluded**', fmtMs(total.on), fmtMs(total.off), fmtSigned(total.difference), ''],
      ...references.map((row) => [`*${row.label}*`, fmtMs(row.on), fmtMs(row.off), fmtSigned(row.on - row.off), '']),
    ],
  );
}
