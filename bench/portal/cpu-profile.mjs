// Loaded into the portal process by bench/portal/run.ts (--profile DIR): the V8 CPU profile of the main
// thread, written to DIR when the process exits, as `node --cpu-prof` would (which NODE_OPTIONS does
// not allow). An in-thread inspector session answers synchronously, so the profile is taken in the
// exit handler itself. A bench tool only: the portal never loads it.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.PASSGATE_BENCH_CPU_PROFILE;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.start');
  process.on('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      writeFileSync(join(dir, `portal-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
