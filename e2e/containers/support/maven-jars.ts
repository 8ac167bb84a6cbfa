import fs from 'node:fs';
import path from 'node:path';
import { stackConfig } from '../../../scripts/lib/stack-config';
import { run } from './docker-cli';

/**
 * The run-time jars a pom.xml names, fetched from Maven Central with Maven on the host (a stand-in's
 * build has no registry for Maven, and the projects' release tarballs' hosts are not reachable here)
 * into the cache outside git, shared by every clone on this machine. The cache keeps a copy of the pom
 * it was made from, so editing the pom (a version, a tool) fetches again.
 */
export function ensureMavenJars(
  { image, pomFile, cacheName }: { image: string; pomFile: string; cacheName: string },
  log: (line: string) => void,
): string {
  const cacheDir = path.join(stackConfig().cacheDir, 'stand-ins', cacheName);
  const jars = path.join(cacheDir, 'lib');
  const cachedPom = path.join(cacheDir, 'pom.xml');
  const pom = fs.readFileSync(pomFile, 'utf8');
  if (fs.existsSync(jars) && fs.existsSync(cachedPom) && fs.readFileSync(cachedPom, 'utf8') === pom) return jars;

  for (const [tool, args] of [
    ['java', ['-version']],
    ['mvn', ['--version']],
  ] as const) {
    if (run(tool, args).status !== 0) {
      throw new Error(
        `the ${image} stand-in is made from jars on Maven Central, fetched with Maven, and \`${tool}\` is not ` +
          'installed here (apt-get install maven, which brings a Java)',
      );
    }
  }
  const started = Date.now();
  const partial = `${jars}.partial-${process.pid}`;
  fs.rmSync(jars, { recursive: true, force: true });
  fs.mkdirSync(cacheDir, { recursive: true });
  const fetch = run(
    'mvn',
    ['-q', '-B', '-f', pomFile, 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${partial}`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (fetch.status !== 0) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw new Error(
      `mvn could not fetch the ${image} stand-in's jars (exit ${fetch.status}):\n${(fetch.stdout + fetch.stderr).trim()}`,
    );
  }
  // Renamed last, so an interrupted fetch never leaves a folder that looks complete.
  fs.renameSync(partial, jars);
  fs.writeFileSync(cachedPom, pom);
  log(
    `${image}: ${fs.readdirSync(jars).length} jars fetched from Maven Central in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  return jars;
}
