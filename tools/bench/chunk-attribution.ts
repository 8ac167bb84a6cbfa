/**
 * Where the lazily loaded tracing chunk's bytes come from: builds the shop with browser source maps
 * (THREADLINE_BROWSER_SOURCE_MAPS=true, into .next as `npm run build` does), finds the chunk that
 * holds the browser tracer and prints its minified bytes by package, and its gzip size. The figure
 * to judge is the bench's (browser-cost.ts, what the page really loads); this says what it is made of.
 *   npm run bench:chunk
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const CHUNKS_DIR = path.resolve('.next/static/chunks');
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

interface SourceMap {
  sources: string[];
  mappings: string;
}
interface IndexMap {
  sections: { offset: { line: number; column: number }; map: SourceMap }[];
}

/** Generated positions in order, each with the source it came from (undefined: no source). */
function segmentsOf(map: SourceMap, lineOffset: number, columnOffset: number): [number, number, string | undefined][] {
  const segments: [number, number, string | undefined][] = [];
  let source = 0;
  map.mappings.split(';').forEach((line, lineIndex) => {
    let column = 0;
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          fields.push(value & 1 ? -(value >> 1) : value >> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0]!;
      if (fields.length > 1) source += fields[1]!;
      segments.push([
        lineOffset + lineIndex,
        (lineIndex === 0 ? columnOffset : 0) + column,
        fields.length > 1 ? map.sources[source] : undefined,
      ]);
    }
  });
  return segments;
}

/** A source's package (node_modules) or its path in this repository. */
function ownerOf(source: string | undefined): string {
  if (!source) return '(no source: module wrappers)';
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (inPackage) return inPackage[1]!;
  const inRepo = /(?:^|\/)((?:lib|app|packages)\/.*)$/.exec(source);
  return inRepo ? inRepo[1]! : source;
}

function main(): void {
  execFileSync('npx', ['next', 'build'], { stdio: 'inherit', env: { ...process.env, THREADLINE_BROWSER_SOURCE_MAPS: 'true' } });
  const chunk = readdirSync(CHUNKS_DIR)
    .filter((name) => name.endsWith('.js'))
    .find((name) => readFileSync(path.join(CHUNKS_DIR, name), 'utf8').includes('threadline-browser'));
  if (!chunk) throw new Error(`No chunk in ${CHUNKS_DIR} holds the browser tracer ("threadline-browser").`);
  const code = readFileSync(path.join(CHUNKS_DIR, chunk), 'utf8');
  const mapName = /sourceMappingURL=(\S+)\s*$/.exec(code)?.[1];
  if (!mapName) throw new Error(`${chunk} names no source map.`);
  const map = JSON.parse(readFileSync(path.join(CHUNKS_DIR, mapName), 'utf8')) as SourceMap | IndexMap;
  const sections = 'sections' in map ? map.sections : [{ offset: { line: 0, column: 0 }, map }];
  const lines = code.split('\n');
  const bytes = new Map<string, number>();
  for (const section of sections) {
    const segments = segmentsOf(section.map, section.offset.line, section.offset.column);
    segments.forEach(([line, column, source], index) => {
      const next = segments[index + 1];
      const end = next && next[0] === line ? next[1] : (lines[line] ?? '').length;
      const owner = ownerOf(source);
      bytes.set(owner, (bytes.get(owner) ?? 0) + Math.max(0, end - column));
    });
  }
  const total = [...bytes.values()].reduce((sum, value) => sum + value, 0);
  console.log(`\n${chunk}: ${Buffer.byteLength(code)} bytes minified, ${gzipSync(code).byteLength} gzip`);
  console.log('\n| From | Minified bytes | Share |\n| --- | --- | --- |');
  for (const [owner, size] of [...bytes.entries()].sort((a, b) => b[1] - a[1])) {
    console.log(`| ${owner} | ${size} | ${((100 * size) / total).toFixed(1)} % |`);
  }
}

main();
