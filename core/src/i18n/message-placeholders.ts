import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';

/**
 * The argument names an ICU message uses, sorted ("{count, plural, one {# day} other {# days}}" →
 * ["count"]). Throws on a message that is not valid ICU MessageFormat.
 */
export function messagePlaceholders(message: string): string[] {
  const names = new Set<string>();
  collect(parse(message, { ignoreTag: true }), names);
  return [...names].sort();
}

function collect(elements: readonly MessageFormatElement[], names: Set<string>): void {
  for (const element of elements) {
    if (element.type === TYPE.literal || element.type === TYPE.pound) continue;
    if (element.type === TYPE.tag) {
      collect(element.children, names);
      continue;
    }
    names.add(element.value);
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      for (const option of Object.values(element.options)) collect(option.value, names);
    }
  }
}
