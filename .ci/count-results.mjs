// Prints `N passed, M failed` for a CI run, from tap's per-file results in .tap/test-results.
// Counts top-level tests; a file that failed with no failing top-level test counts as one failure.
// Before that line it lists each failure (file, test, first lines of the failing assertion's
// diagnostics), because a CI report may show only the tail of the output.
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
const failureReports = [];

// The failing assertions (not subtests) of a top-level test: where each is, and what differed.
function failingAssertions(lines) {
  const found = [];
  for (let i = 0; i < lines.length && found.length < 3; i++) {
    const match = /^(\s+)not ok \d+ - (.*)$/.exec(lines[i]);
    if (!match || /# (TODO|time=)/i.test(lines[i])) continue;
    const block = [];
    if (lines[i + 1]?.trim() === '---') {
      const indent = match[1].length + 2;
      for (let j = i + 2; j < lines.length && lines[j].trim() !== '...'; j++) block.push(lines[j].slice(indent));
    }
    found.push({ name: match[2], details: assertionDetails(block) });
  }
  return found;
}

// From an assertion's YAML diagnostics keep the location and what differed; drop stack and source.
function assertionDetails(block) {
  const details = [];
  const at = { file: '', line: '' };
  let section = '';
  for (const line of block) {
    const key = /^(\w+):/.exec(line)?.[1];
    if (key) section = key;
    if (section === 'at') {
      at.file = /fileName: (.*)/.exec(line)?.[1] ?? at.file;
      at.line = /lineNumber: (.*)/.exec(line)?.[1] ?? at.line;
    } else if (['found', 'wanted', 'pattern', 'diff', 'message', 'error', 'code', 'signal'].includes(section)) {
      if (details.length < 10 && line.trim() !== '') details.push(line);
    }
  }
  if (at.file) details.unshift(`at: ${at.file}:${at.line}`);
  return details;
}

for (const file of resultFiles('.tap/test-results')) {
  const name = path.relative('.tap/test-results', file).replace(/\.tap$/, '');
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  let start = 0;
  lines.forEach((line, index) => {
    if (/^ok \d+/.test(line)) {
      if (/# SKIP/i.test(line)) skipped++;
      else passed++;
      start = index + 1;
    } else if (/^not ok \d+/.test(line) && !/# TODO/i.test(line)) {
      failed++;
      filesWithFailures.add(name);
      failureReports.push({ file: name, test: line.replace(/^not ok \d+ - /, ''), assertions: failingAssertions(lines.slice(start, index)) });
      start = index + 1;
    }
  });
}
// Files tap reported as failed (crash, timeout, bad exit) without a failing top-level test.
for (const match of log.matchAll(/^not ok \d+ - (\S+)/gm)) {
  if (!filesWithFailures.has(match[1])) {
    failed++;
    filesWithFailures.add(match[1]);
  }
}
if (failureReports.length > 0 || filesWithFailures.size > 0) {
  console.log('');
  console.log('ci: failures');
  const reported = new Set(failureReports.map((report) => report.file));
  for (const report of failureReports) {
    console.log(`  ${report.file}: ${report.test}`);
    for (const assertion of report.assertions) {
      console.log(`    not ok - ${assertion.name}`);
      for (const line of assertion.details) console.log(`      ${line}`);
    }
  }
  for (const file of filesWithFailures) if (!reported.has(file)) console.log(`  ${file}: the file failed outside its tests (crash, timeout or exit code)`);
}
if (status !== 0 && failed === 0) {
  console.log('ci: npm test exited non-zero before or outside the tests (type check?)');
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
