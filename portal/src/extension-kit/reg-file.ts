import type { RegistryValue } from './registry-values.js';

function regString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function regData(value: RegistryValue): string {
  if (value.type === 'REG_DWORD') return `dword:${Number(value.data).toString(16).padStart(8, '0')}`;
  return regString(String(value.data));
}

/**
 * A .reg file (Registry Editor 5.00 text) setting the given values. Keys are written in first-seen
 * order, each once, so `reg import` creates them as listed. Comment lines (;) come first.
 */
export function regFile(values: readonly RegistryValue[], comments: readonly string[] = []): string {
  const byKey = new Map<string, RegistryValue[]>();
  for (const value of values) byKey.set(value.key, [...(byKey.get(value.key) ?? []), value]);
  const lines = ['Windows Registry Editor Version 5.00', ''];
  for (const comment of comments) lines.push(`; ${comment}`);
  if (comments.length > 0) lines.push('');
  for (const [key, entries] of byKey) {
    lines.push(`[${key}]`);
    for (const entry of entries) lines.push(`${regString(entry.name)}=${regData(entry)}`);
    lines.push('');
  }
  return lines.join('\r\n');
}

/**
 * The bytes to ship: regedit reads a 5.00 file as UTF-16LE with a byte-order mark; without one
 * it takes the text as the machine's ANSI code page and mangles names like "Société Générale".
 */
export function regFileBytes(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}
