#!/usr/bin/env node
// `npm test`: lint, vitest, then (only if Playwright finds e2e tests) build + Playwright.
// The very last line is always "N passed, N failed[, N skipped]"; the exit code is 1 when
// anything failed, including a runner that crashed without results or a failed build.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const tally = { passed: 0, failed: 0, skipped: 0 };
const problems = [];
const reports = mkdtempSync(join(tmpdir(), 'mantra-test-'));

const phase = (title) => console.log(`\n=== ${title} ===\n`);

/** A runner-level failure: counts as one failed test so it can never read as success. */
function fail(reason) {
  tally.failed += 1;
  problems.push(reason);
}

function run(cmd, args, { env = {}, capture = false } = {}) {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(cmd, args, {
      env: { ...process.env, ...env },
      stdio: capture ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
      shell: process.platform === 'win32', // npx/npm are .cmd shims there
    });
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    child.on('error', (err) => resolve({ code: -1, output: `${output}\n${err.message}` }));
    child.on('close', (code, signal) => resolve({ code: code ?? `signal ${signal}`, output }));
  });
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** ESLint over the whole repository (types, hooks, import boundaries): counts as one check. */
async function lint() {
  phase('lint: eslint');
  const { code } = await run('npx', ['--no', 'eslint', '.']);
  if (code === 0) tally.passed += 1;
  else fail(`lint failed (eslint exit ${code}): run \`npm run lint\``);
}

async function vitest() {
  phase('unit + integration: vitest');
  const file = join(reports, 'vitest.json');
  const { code } = await run('npx', ['--no', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`]);
  const r = readJson(file);
  if (!r) return fail(`vitest exited with code ${code} and wrote no results`);
  // A file that fails to import or errors in a hook fails without any failed test in it.
  const brokenFiles = (r.testResults ?? []).filter((f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed')).length;
  tally.passed += r.numPassedTests ?? 0;
  tally.failed += (r.numFailedTests ?? 0) + brokenFiles;
  tally.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  if (brokenFiles) problems.push(`vitest: ${brokenFiles} test file(s) failed outside any test`);
  if (code !== 0 && !r.numFailedTests && !brokenFiles) fail(`vitest exited with code ${code} (unhandled error?)`);
}

async function playwright() {
  phase('e2e: discover (playwright test --list)');
  const list = await run('npx', ['--no', 'playwright', 'test', '--list', '--reporter=list'], { capture: true });
  const found = Number(/Total: (\d+) tests?/.exec(list.output)?.[1] ?? 0);
  if (list.code !== 0 && !/No tests found/.test(list.output)) {
    console.log(list.output.trim());
    return fail(`playwright could not list tests (exit ${list.code})`);
  }
  if (found === 0) return console.log('no e2e tests found: skipping build and Playwright');
  console.log(`${found} e2e test(s) found`);

  phase('build: npm run build (e2e drives the built headless host)');
  const build = await run('npm', ['run', 'build']);
  if (build.code !== 0) return fail(`build failed (exit ${build.code}); e2e not run`);

  phase('e2e: playwright');
  const file = join(reports, 'playwright.json');
  const { code } = await run('npx', ['--no', 'playwright', 'test'], { env: { PLAYWRIGHT_JSON_OUTPUT_FILE: file } });
  const r = readJson(file);
  if (!r?.stats) return fail(`playwright exited with code ${code} and wrote no results`);
  const { expected = 0, flaky = 0, unexpected = 0, skipped = 0 } = r.stats;
  const errors = r.errors?.length ?? 0; // global setup, web server, config: failures outside tests
  tally.passed += expected + flaky;
  tally.failed += unexpected + errors;
  tally.skipped += skipped;
  if (errors) problems.push(`playwright: ${errors} error(s) outside any test`);
  if (flaky) problems.push(`playwright: ${flaky} flaky test(s) passed on retry`);
  if (code !== 0 && !unexpected && !errors) fail(`playwright exited with code ${code}`);
}

/** The SQLite driver is a native module that `npm ci` (ignore-scripts) does not build: build it before the tests that use it. */
async function native() {
  phase('native: build the SQLite driver for this Node (skipped when built)');
  const { code } = await run('node', ['scripts/build-native.mjs']);
  if (code !== 0) fail('could not build better-sqlite3 (scripts/build-native.mjs); the SQLite store tests will fail');
}

try {
  await native();
  await lint();
  await vitest();
  await playwright();
} catch (err) {
  fail(`test-all crashed: ${err instanceof Error ? err.message : String(err)}`);
} finally {
  rmSync(reports, { recursive: true, force: true });
}

console.log('');
for (const p of problems) console.log(`! ${p}`);
const { passed, failed, skipped } = tally;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed > 0 ? 1 : 0;
