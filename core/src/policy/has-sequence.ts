/** Letters and digits form runs only within their own class: `9:;` is not a sequence. */
function runClass(code: number): number {
  if (code >= 48 && code <= 57) return 1;
  if (code >= 97 && code <= 122) return 2;
  return 0;
}

/**
 * True when the password has 3 or more identical characters in a row (`aaa`, `!!!`) or 3 or more
 * consecutive letters or digits going up or down (`abc`, `cba`, `123`, `321`), ignoring case.
 */
export function hasSequentialOrRepeated(password: string): boolean {
  const text = password.toLowerCase();
  for (let i = 2; i < text.length; i += 1) {
    const a = text.charCodeAt(i - 2);
    const b = text.charCodeAt(i - 1);
    const c = text.charCodeAt(i);
    if (a === b && b === c) return true;
    const kind = runClass(a);
    if (kind === 0 || kind !== runClass(b) || kind !== runClass(c)) continue;
    const step = b - a;
    if ((step === 1 || step === -1) && c - b === step) return true;
  }
  return false;
}
