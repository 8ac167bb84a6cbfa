'use strict';
/**
 * The preload of npm run bench:profile (tools/bench/profile.ts), given to every app process with
 * `--require`: in the main thread only, SIGUSR2 starts the V8 profiler and the next SIGUSR2 stops it
 * and writes the profile into THREADLINE_CPU_PROFILE_DIR. Plain CommonJS with no dependency, so it
 * loads before anything of the app and the profile summary can leave its own frames out by name.
 */
const { isMainThread } = require('node:worker_threads');

const dir = process.env.THREADLINE_CPU_PROFILE_DIR;
const intervalUs = Number(process.env.THREADLINE_CPU_PROFILE_INTERVAL_US) || 1000;

if (isMainThread && dir) {
  const fs = require('node:fs');
  const path = require('node:path');
  const { Session } = require('node:inspector');
  const session = new Session();
  session.connect();
  let profiling = false;
  let count = 0;
  // Written aside and renamed, so the bench never reads half a file.
  const publish = (name, text) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file + '.partial', text);
    fs.renameSync(file + '.partial', file);
  };
  process.on('SIGUSR2', () => {
    profiling = !profiling;
    if (profiling) {
      session.post('Profiler.enable', () =>
        session.post('Profiler.setSamplingInterval', { interval: intervalUs }, () =>
          session.post('Profiler.start', () => publish('started-' + count, String(process.pid))),
        ),
      );
    } else {
      session.post('Profiler.stop', (error, result) =>
        publish(
          'profile-' + count++ + '.cpuprofile',
          error ? JSON.stringify({ error: String(error) }) : JSON.stringify(result.profile),
        ),
      );
    }
  });
}
