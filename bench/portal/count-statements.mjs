// Loaded into the portal process by bench/portal/run.ts (--count-statements): counts every SQL statement
// the process sends, on SQLite (better-sqlite3's prepare: Kysely prepares each query it runs) and on
// PostgreSQL (pg's Client#query), grouped by its text with parameter lists folded, and writes them as
// JSON ({ seq, counts }) to PASSGATE_BENCH_SQL_COUNTS on SIGUSR2 (a snapshot; seq counts snapshots) and
// at exit. A bench tool only: the portal never loads it.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const out = process.env.PASSGATE_BENCH_SQL_COUNTS;
const counts = new Map();

function note(text) {
  if (typeof text !== 'string') return;
  const shape = text
    .replaceAll(/\s+/g, ' ')
    .replaceAll(/\$\d+/g, '?')
    .replaceAll(/\((\s*\?\s*,?)+\)/g, '(…)')
    .trim()
    .slice(0, 160);
  counts.set(shape, (counts.get(shape) ?? 0) + 1);
}

const SQLite = require('better-sqlite3');
const prepare = SQLite.prototype.prepare;
SQLite.prototype.prepare = function countedPrepare(source, ...rest) {
  note(source);
  return prepare.call(this, source, ...rest);
};

try {
  const pg = require('pg');
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function countedQuery(config, ...rest) {
    note(typeof config === 'string' ? config : config?.text);
    return query.call(this, config, ...rest);
  };
} catch {
  // No pg installed: SQLite only.
}

let seq = 0;
function write() {
  seq += 1;
  if (out) writeFileSync(out, JSON.stringify({ seq, counts: Object.fromEntries(counts) }));
}
process.on('SIGUSR2', write);
process.on('exit', write);
