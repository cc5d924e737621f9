import type { PeopleWorld, Person, PersonAction } from './person.js';
import { act } from './person-actions.js';
import type { Prng } from './prng.js';

/** How often people do each thing (the desk's actions come with expire, suspend and lockout). */
const ACTIONS: Record<PersonAction, number> = { change: 62, reset: 14, expire: 10, suspend: 6, lockout: 8 };

export interface Load {
  /** Actions finished so far. */
  done(): number;
  /** The actions under way, with when each began (for the progress lines). */
  underWay(): { action: PersonAction; since: number }[];
  /** Actions that could not finish (the portal unreachable for minutes): each is a failure. */
  errors: string[];
  /** No new actions; resolves once the ones under way have finished. */
  stop(): Promise<void>;
}

/**
 * `clients` people at once, each taking a person of the pool nobody else is acting for (so each
 * person's own actions stay in order) and doing one action for them, again and again.
 */
export function startLoad(world: PeopleWorld, pool: readonly Person[], clients: number, prng: Prng): Load {
  if (clients > pool.length)
    throw new Error(`${clients} clients need at least as many people (${pool.length})`);
  const busy = new Map<Person, { action: PersonAction; since: number }>();
  const errors: string[] = [];
  let done = 0;
  let stopping = false;
  const client = async (): Promise<void> => {
    while (!stopping) {
      const person = prng.pick(pool.filter((p) => !busy.has(p)));
      const action = prng.weighted(ACTIONS);
      busy.set(person, { action, since: Date.now() });
      try {
        await act(world, person, action);
      } catch (error) {
        errors.push(`${person.ledger.email}: ${(error as Error).message}`);
      } finally {
        busy.delete(person);
        done += 1;
      }
    }
  };
  const running = Array.from({ length: clients }, client);
  return {
    done: () => done,
    underWay: () => [...busy.values()],
    errors,
    async stop(): Promise<void> {
      stopping = true;
      await Promise.all(running);
    },
  };
}
