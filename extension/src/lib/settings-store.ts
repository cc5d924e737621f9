import type { ManagedSettings } from '@passgate/core/m365';
import { ext } from './ext.js';
import { type ResolvedSettings, resolveSettings } from './resolve-settings.js';

/** storage.sync key holding the user's own options (only used while no policy applies). */
export const USER_OPTIONS_KEY = 'options';
/** storage.local key holding the last redirect the extension made. */
export const LAST_REDIRECT_KEY = 'lastRedirect';

export interface LastRedirect {
  from: string;
  to: string;
  at: string;
}

async function readManaged(): Promise<unknown> {
  try {
    return await ext.storage.managed.get();
  } catch {
    // Firefox throws when no policy provides managed storage for this extension: same as empty.
    return {};
  }
}

async function readUserOptions(): Promise<unknown> {
  const stored = await ext.storage.sync.get(USER_OPTIONS_KEY);
  return stored[USER_OPTIONS_KEY];
}

/** The settings in force: policy (whole) or else the user's options, over defaults; each value validated. */
export async function loadSettings(): Promise<ResolvedSettings> {
  const [managed, user] = await Promise.all([readManaged(), readUserOptions()]);
  return resolveSettings(managed, user);
}

/** Stores the person's own options; they are read only while no policy applies. */
export async function saveUserOptions(options: ManagedSettings): Promise<void> {
  await ext.storage.sync.set({ [USER_OPTIONS_KEY]: options });
}

export async function readLastRedirect(): Promise<LastRedirect | undefined> {
  const stored = await ext.storage.local.get(LAST_REDIRECT_KEY);
  return stored[LAST_REDIRECT_KEY] as LastRedirect | undefined;
}

export async function writeLastRedirect(entry: LastRedirect): Promise<void> {
  await ext.storage.local.set({ [LAST_REDIRECT_KEY]: entry });
}
