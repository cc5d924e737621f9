import { buildPortal } from './build-portal.js';

/** Once a run: the files that start `passgate serve` as a process run the built command (portal-process.ts). */
export default function setup(): Promise<void> {
  return buildPortal();
}
