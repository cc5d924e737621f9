import { readFileSync } from 'node:fs';

/** The systemd unit production runs the portal with (docs/admin.md, "Installing for production"). */
const UNIT = new URL('../../deploy/systemd/passgate.service', import.meta.url);

/**
 * The Node flags the shipped unit starts `passgate serve` with: what stands between `node` and the
 * script in its `ExecStart=`. The sweep bench runs its process with exactly these, so the figure it
 * prints is the one production would see, and changes by itself when the unit does.
 */
export function productionNodeFlags(): string[] {
  const execStart = readFileSync(UNIT, 'utf8')
    .split('\n')
    .find((line) => line.startsWith('ExecStart='));
  if (execStart === undefined) throw new Error(`${UNIT.pathname}: no ExecStart= line`);
  const words = execStart.slice('ExecStart='.length).trim().split(/\s+/);
  const script = words.findIndex((word) => word.endsWith('/passgate.js'));
  if (script < 1) throw new Error(`${UNIT.pathname}: ExecStart= does not run …/passgate.js with node`);
  return words.slice(1, script);
}
