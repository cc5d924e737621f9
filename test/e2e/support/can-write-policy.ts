/**
 * Browser policy lives in root-owned folders. CI runs as root; a developer who is not root gets
 * these tests skipped with a message, except under CI where that is an error.
 */
export function canWritePolicy(what: string): boolean {
  if (process.getuid?.() === 0) return true;
  if (process.env.CI) throw new Error(`${what} needs root (it writes machine-wide browser policy)`);
  console.warn(`Skipping ${what}: it writes machine-wide browser policy and needs root`);
  return false;
}
