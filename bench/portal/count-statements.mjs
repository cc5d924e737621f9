// Loaded into the portal process by bench/portal/run.ts (--count-statements): counts every SQL statement
// the process sends, on SQLite (each run of a better-sqlite3 statement) and on
// PostgreSQL (pg's Client#query), grouped by its text with parameter lists folded, and writes them as
// JSON ({ seq, counts, micros }) to PASSGATE_BENCH_SQL_COUNTS on SIGUSR2 (a snapshot; seq counts snapshots) and
// at exit. A bench tool only: the portal never loads it.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const out = process.env.PASSGATE_BENCH_SQL_COUNTS;
const counts = new Map();
/** Microseconds spent inside each shape's runs (SQLite only: pg's queries run off the main thread). */
const micros = new Map();

function shapeOf(text) {
  if (typeof text !== 'string') return undefined;
  const shape = text
    .replaceAll(/\s+/g, ' ')
    .replaceAll(/\$\d+/g, '?')
    .replaceAll(/\((\s*\?\s*,?)+\)/g, '(…)')
    .trim()
    .slice(0, 160);
  return shape;
}

function note(text) {
  const shape = shapeOf(text);
  if (shape !== undefined) counts.set(shape, (counts.get(shape) ?? 0) + 1);
}

const SQLite = require('better-sqlite3');
// The portal keeps its statements prepared (store/sqlite-dialect.ts), so each run is counted, not each
// prepare: the statement's text is remembered when it is prepared.
const sourceOf = new WeakMap();
const prepare = SQLite.prototype.prepare;
let patched = false;
SQLite.prototype.prepare = function countedPrepare(source, ...rest) {
  const statement = prepare.call(this, source, ...rest);
  sourceOf.set(statement, source);
  if (!patched) {
    patched = true;
    const proto = Object.getPrototypeOf(statement);
    for (const method of ['run', 'get', 'all', 'iterate']) {
      const original = proto[method];
      proto[method] = function countedRun(...args) {
        const source = sourceOf.get(this);
        note(source);
        const start = process.hrtime.bigint();
        try {
          return original.apply(this, args);
        } finally {
          const shape = shapeOf(source);
          const us = Number(process.hrtime.bigint() - start) / 1000;
          if (shape !== undefined) micros.set(shape, (micros.get(shape) ?? 0) + us);
        }
      };
    }
  }
  return statement;
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
  if (out)
    writeFileSync(
      out,
      JSON.stringify({ seq, counts: Object.fromEntries(counts), micros: Object.fromEntries(micros) }),
    );
}
process.on('SIGUSR2', write);
process.on('exit', write);
