/**
 * Prints how fast the policy engine is: evaluations per second with the full common-password list,
 * the time to load that list, and the gzip size of the browser entry. Figures, not assertions:
 *   node --import tsx --conditions=@passgate/source bench/policy/run.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const ENTRY = fileURLToPath(new URL('../../core/src/policy/index.ts', import.meta.url));
const RUN_MS = 1000;

const BUILT_LIST = fileURLToPath(new URL('../../core/dist/policy/common-passwords.js', import.meta.url));

/**
 * Time for a fresh process to import the list module and build its Set. Measured in a child running
 * plain Node on the built dist/ when it exists, because under tsx the figure would mostly be tsx
 * transforming the 430 KB data module, which a deployed server never does.
 */
function measureListLoad(): string {
  if (!existsSync(BUILT_LIST)) return 'not measured: run `npm run build` first (needs core/dist)';
  const script = `const t = performance.now();
const { loadCommonPasswords } = await import(${JSON.stringify(pathToFileURL(BUILT_LIST).href)});
const i = performance.now();
loadCommonPasswords();
const e = performance.now();
console.log(JSON.stringify({ total: e - t, importMs: i - t, setMs: e - i }));`;
  const runs = [0, 1, 2].map(() => {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    return JSON.parse(out) as { total: number; importMs: number; setMs: number };
  });
  const best = runs.reduce((a, b) => (b.total < a.total ? b : a));
  return `${best.total.toFixed(1)} ms (import ${best.importMs.toFixed(1)} + Set ${best.setMs.toFixed(1)}; best of 3 fresh plain-Node processes)`;
}

function rate(label: string, evaluate: () => unknown): void {
  for (let i = 0; i < 2000; i += 1) evaluate(); // warm up the JIT
  let runs = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < RUN_MS) {
    for (let i = 0; i < 100; i += 1) evaluate();
    runs += 100;
    elapsed = performance.now() - start;
  }
  const perSecond = Math.round((runs / elapsed) * 1000);
  const micros = ((elapsed * 1000) / runs).toFixed(1);
  console.log(
    `${label.padEnd(46)} ${String(perSecond).padStart(9)} evaluations/s  ${micros.padStart(7)} µs each`,
  );
}

async function browserGzipBytes(): Promise<{ raw: number; gzip: number }> {
  const { build } = await import('vite');
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    resolve: { conditions: ['@passgate/source', 'browser', 'module'] },
    build: {
      write: false,
      minify: true,
      lib: { entry: ENTRY, formats: ['es'], fileName: 'policy' },
    },
  });
  const results = Array.isArray(output) ? output : [output];
  let code = '';
  for (const result of results) {
    if (!('output' in result)) continue;
    for (const chunk of result.output) if (chunk.type === 'chunk') code += chunk.code;
  }
  return { raw: Buffer.byteLength(code), gzip: gzipSync(code, { level: 9 }).length };
}

const { evaluatePassword, parsePolicy } = await import('@passgate/core/policy');
const { loadCommonPasswords } = await import('@passgate/core/policy/common-passwords');
const dictionary = loadCommonPasswords();
const policy = parsePolicy({ bannedTerms: ['contoso', 'fabrikam', 'northwind'] });
const context = {
  username: 'anna.k@contoso.com',
  email: 'anna.k@contoso.com',
  displayName: 'Anna Kowalski',
  tenantName: 'Contoso',
};
const typical = ['Vq7#mZ2!xR4p', 'Sunset-Kayak-42', 'Tr0ub4dor&3x!9', 'ContoS0Bl@nkf9!'];
const long = 'Vq7#mZ2!xR4p Sunset-Kayak-42 '.repeat(10).slice(0, 256);

console.log(`common-password list load: ${measureListLoad()}`);
let i = 0;
rate('typical 12-15 chars, list + names + terms', () => {
  i = (i + 1) % typical.length;
  return evaluatePassword(typical[i] as string, policy, context, { dictionary });
});
rate('typical 12-15 chars, no list (browser)', () => {
  i = (i + 1) % typical.length;
  return evaluatePassword(typical[i] as string, policy, context);
});
rate('256 chars, list + names + terms', () => evaluatePassword(long, policy, context, { dictionary }));
// 5 x 21 = 105 characters and up can never score under 5, so the banned search is skipped there:
// 104 characters is the slowest case that still searches.
const worst = long.slice(0, 104);
rate('104 chars (longest fully searched), list', () =>
  evaluatePassword(worst, policy, context, { dictionary }),
);
const size = await browserGzipBytes();
console.log(
  `browser entry (@passgate/core/policy), minified ${(size.raw / 1024).toFixed(1)} KiB, gzip ${(size.gzip / 1024).toFixed(1)} KiB`,
);
