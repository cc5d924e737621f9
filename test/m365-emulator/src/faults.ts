import type { EmulatorFault } from './types.js';

/** Faults waiting to hit the next Microsoft-facing requests (token and Graph), in order. */
export class FaultQueue {
  private readonly queue: EmulatorFault[] = [];

  add(fault: EmulatorFault): void {
    if (fault.count > 0) this.queue.push({ ...fault });
  }

  /** The fault for the request now arriving, if any. */
  next(): EmulatorFault | undefined {
    const fault = this.queue[0];
    if (!fault) return undefined;
    fault.count -= 1;
    if (fault.count <= 0) this.queue.shift();
    return fault;
  }

  clear(): void {
    this.queue.length = 0;
  }
}
