import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The preload that profiles the portal process (see cpu-profile.mjs). */
export const CPU_PROFILE_PRELOAD = fileURLToPath(new URL('./cpu-profile.mjs', import.meta.url));

/** Where a frame's code comes from, coarsely: the portal's own code, a package, Node itself, or idle/GC. */
function areaOf(url: string, name: string): string {
  if (name === '(idle)' || name === '(program)' || name === '(garbage collector)') return name;
  if (url === '') return '(native)';
  if (url.startsWith('node:')) return 'node';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1] ?? 'package';
  if (!url.startsWith('file:')) return url.slice(0, 40);
  return relative(ROOT, fileURLToPath(url)).split('/').slice(0, 3).join('/');
}

/**
 * Self time by function and by area of the main thread's profile (cpu-profile.mjs), for the bench
 * report. argon2 runs on libuv's pool and does not show here: this is what holds the event loop.
 */
export async function summarizeProfile(dir: string, top = 20): Promise<string[]> {
  const file = (await readdir(dir)).find((name) => name.endsWith('.cpuprofile'));
  if (file === undefined) return [`no .cpuprofile in ${dir}`];
  const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) continue;
    const area = areaOf(frame.url, frame.functionName);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
    if (area === '(idle)') continue;
    busy += us;
    const where = frame.url === '' ? '' : ` ${areaOf(frame.url, '')}:${frame.lineNumber + 1}`;
    const key = `${frame.functionName || '(anonymous)'}${where}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  const ms = (us: number): string => `${(us / 1000).toFixed(0).padStart(7)} ms`;
  const lines = [`main thread busy ${ms(busy).trim()} (profile ${file}); by area:`];
  for (const [area, us] of [...byArea].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`  ${ms(us)}  ${area}`);
  lines.push('by function (self time):');
  for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`  ${ms(us)}  ${name}`);
  return lines;
}
