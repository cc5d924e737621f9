import { evaluatePassword, type PasswordPolicy } from '@passgate/core/policy';
import { loadCommonPasswords } from '@passgate/core/policy/common-passwords';
import type { Prng } from './prng.js';

const WORDS = [
  'Harbour',
  'Lantern',
  'Granite',
  'Willow',
  'Meadow',
  'Copper',
  'Orchard',
  'Velvet',
  'Thistle',
  'Quarry',
  'Falcon',
  'Juniper',
  'Marble',
  'Cobalt',
  'Saffron',
  'Tundra',
  'Beacon',
  'Cinder',
  'Hazel',
  'Ember',
  'Glacier',
  'Pebble',
  'Raven',
  'Sorrel',
  'Timber',
  'Violet',
  'Walnut',
  'Yarrow',
  'Zephyr',
  'Basalt',
];
const SYMBOLS = ['!', '?', '#', '%', '*', '+'];

/**
 * Fresh passwords a person might pick: each new for that person (the portal's history rule and the
 * order check both need every attempt to be told apart) and within the policy and Microsoft's rules.
 */
export function createPasswordSource(prng: Prng, policy: PasswordPolicy): (email: string) => string {
  const used = new Map<string, Set<string>>();
  // The portal scores passwords with the common-password list too (each word it knows is one point).
  const dictionary = loadCommonPasswords();
  return function nextPassword(email: string): string {
    const mine = used.get(email) ?? new Set<string>();
    used.set(email, mine);
    const context = { username: email.slice(0, email.indexOf('@')), email, tenantName: 'contoso' };
    for (;;) {
      const password = `${prng.pick(WORDS)}-${prng.pick(WORDS)}-${prng.int(10, 99)}${prng.pick(SYMBOLS)}`;
      if (mine.has(password) || !evaluatePassword(password, policy, context, { dictionary }).ok) continue;
      mine.add(password);
      return password;
    }
  };
}
