import type { AdminActor } from './admin-actor.js';

/** What the admin session middleware found, for the guard (requireAdmin) to decide on. */
export interface AdminGate {
  /** The signed-in admin with the role the config gives them now; null when nobody (or nobody with a role). */
  readonly actor: AdminActor | null;
  /** admin.reauthMaxAgeSeconds in ms: how old authTime may be for an action that asks for a recent sign-in. */
  readonly reauthMaxAgeMs: number;
  /** The request's time, ms (the portal's clock). */
  readonly now: number;
}

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by requireAdmin on every console request: who is acting. */
    admin: AdminActor;
    /** Set by the admin session middleware on every /admin request after sign-in routes. */
    adminGate: AdminGate;
  }
}
