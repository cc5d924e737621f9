import { randomInt } from 'node:crypto';
import { evaluatePassword, type PasswordContext, type PasswordPolicy } from '@passgate/core/policy';
import { loadCommonPasswords } from '@passgate/core/policy/common-passwords';

const WORDS = [
  'Amber',
  'Birch',
  'Cobalt',
  'Delta',
  'Ember',
  'Fjord',
  'Granite',
  'Harbour',
  'Indigo',
  'Juniper',
  'Kestrel',
  'Lantern',
  'Meadow',
  'Nimbus',
  'Orchid',
  'Pebble',
  'Quartz',
  'Raven',
  'Saffron',
  'Tundra',
];
const SYMBOLS = '!#$%&*+?@';

/** A random, readable password (three words, two digits, a symbol) that meets `policy` for this user. */
export function demoPassword(policy: PasswordPolicy, context: PasswordContext): string {
  const pick = (list: string): string => list[randomInt(list.length)] ?? '';
  for (;;) {
    const words = [0, 1, 2].map(() => WORDS[randomInt(WORDS.length)] ?? 'Word');
    const password = `${words.join('-')}-${randomInt(10, 100)}${pick(SYMBOLS)}`;
    if (evaluatePassword(password, policy, context, { dictionary: loadCommonPasswords() }).ok)
      return password;
  }
}
