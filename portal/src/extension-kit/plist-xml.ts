function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function element(value: unknown, indent: string): string[] {
  const inner = `${indent}  `;
  if (typeof value === 'boolean') return [`${indent}<${value ? 'true' : 'false'}/>`];
  if (typeof value === 'number') {
    return [
      Number.isInteger(value) ? `${indent}<integer>${value}</integer>` : `${indent}<real>${value}</real>`,
    ];
  }
  if (typeof value === 'string') return [`${indent}<string>${escapeXml(value)}</string>`];
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${indent}<array/>`];
    return [`${indent}<array>`, ...value.flatMap((item) => element(item, inner)), `${indent}</array>`];
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return [`${indent}<dict/>`];
    return [
      `${indent}<dict>`,
      ...entries.flatMap(([k, v]) => [`${inner}<key>${escapeXml(k)}</key>`, ...element(v, inner)]),
      `${indent}</dict>`,
    ];
  }
  throw new TypeError(`cannot write ${typeof value} to a property list`);
}

/** An XML property list (Apple's plist 1.0 DTD) of one value, typically a dictionary. */
export function plistXml(value: unknown, comments: readonly string[] = []): string {
  const commentLines = comments.map((line) => `<!-- ${line.replace(/--/g, '- -')} -->`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    ...commentLines,
    '<plist version="1.0">',
    ...element(value, ''),
    '</plist>',
    '',
  ].join('\n');
}
