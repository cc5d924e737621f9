import { describeFieldType, managedSettingFields } from '../managed-setting-fields.js';
import type { CommandContext } from './command-context.js';

/** `passgate extension settings`: every managed setting with its type, as --set takes it. */
export async function settingsCommand(_args: string[], ctx: CommandContext): Promise<number> {
  for (const field of managedSettingFields()) {
    const allowed = field.allowed === null ? '' : ` Allowed: ${field.allowed.join(', ')}.`;
    ctx.io.out(`${field.key} (${describeFieldType(field)}): ${field.description}${allowed}`);
  }
  return 0;
}
