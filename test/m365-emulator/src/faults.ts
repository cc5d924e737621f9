import type { EmulatorFault } from './types.js';

/** Faults waiting to hit the next Microsoft-facing requests (token and Graph), in order. */
export class FaultQueue {
  private readonly queue: EmulatorFault[] = [];

  add(fault: EmulatorFault): void {
    if (fault.count > 0) this.queue.push({ ...fault });
  }

  /** The fault for the request now arriving at `path`, if any: the oldest one whose pathPrefix it matches. */
  next(path: string): EmulatorFault | undefined {
    const index = this.queue.findIndex((f) => f.pathPrefix === undefined || path.startsWith(f.pathPrefix));
    const fault = this.queue[index];
    if (!fault) return undefined;
    fault.count -= 1;
    if (fault.count <= 0) this.queue.splice(index, 1);
    return fault;
  }

  clear(): void {
    this.queue.length = 0;
  }
}
