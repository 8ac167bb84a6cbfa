/**
 * npm run jaeger:build   builds the pinned Jaeger binary once (no-op when cached, or when Docker has the image)
 * npm run jaeger         runs Jaeger v2 all-in-one in the foreground (Docker image or built binary)
 */
import { spawn } from 'node:child_process';
import { jaegerLaunch, jaegerRuntime } from './lib/jaeger-launch';
import { stackConfig } from './lib/stack-config';

function main(command: string | undefined): void {
  const mode = stackConfig().jaegerMode;
  switch (command) {
    case 'build': {
      if (mode === 'external') {
        console.log('JAEGER_MODE=external: no binary to build.');
        return;
      }
      const runtime = jaegerRuntime(mode);
      console.log(
        runtime.kind === 'docker' ? `Jaeger image: ${runtime.image} (no binary to build)` : `Jaeger binary: ${runtime.binary}`,
      );
      return;
    }
    case 'run': {
      if (mode === 'external') throw new Error('JAEGER_MODE=external: Jaeger is run by you, not by this script.');
      const launch = jaegerLaunch(mode);
      console.log(`Starting ${launch.description}`);
      const child = spawn(launch.command, launch.args, { stdio: 'inherit', env: launch.env });
      const forward = (signal: NodeJS.Signals) => child.kill(signal);
      process.on('SIGINT', forward);
      process.on('SIGTERM', forward);
      child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
      return;
    }
    default:
      console.error('usage: tsx scripts/jaeger.ts build|run');
      process.exit(2);
  }
}

try {
  main(process.argv[2]);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
