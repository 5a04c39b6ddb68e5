// Prints `N passed, M failed` for a CI run, from tap's per-file results in .tap/test-results.
// Counts top-level tests; a file that failed with no failing top-level test counts as one failure.
// Usage: node .ci/count-results.mjs <npm-test-log> <npm-test-exit-status>
import fs from 'node:fs';
import path from 'node:path';

const [logFile, statusText] = process.argv.slice(2);
const status = Number(statusText);
const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';

function* resultFiles(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* resultFiles(full);
    else if (entry.name.endsWith('.tap')) yield full;
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;
const filesWithFailures = new Set();
for (const file of resultFiles('.tap/test-results')) {
  const name = path.relative('.tap/test-results', file).replace(/\.tap$/, '');
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (/^ok \d+/.test(line)) {
      if (/# SKIP/i.test(line)) skipped++;
      else passed++;
    } else if (/^not ok \d+/.test(line) && !/# TODO/i.test(line)) {
      failed++;
      filesWithFailures.add(name);
    }
  }
}
// Files tap reported as failed (crash, timeout, bad exit) without a failing top-level test.
for (const match of log.matchAll(/^not ok \d+ - (\S+)/gm)) {
  if (!filesWithFailures.has(match[1])) {
    failed++;
    filesWithFailures.add(match[1]);
  }
}
if (status !== 0 && failed === 0) {
  console.log('ci: npm test exited non-zero before or outside the tests (type check?)');
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
