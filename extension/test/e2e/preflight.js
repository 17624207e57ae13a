// Before the end-to-end tests: is there a Chromium and a PostGuard service to run? Says what is
// missing and exits non-zero rather than failing test by test.
'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { findChromium } = require('./chromium.js');

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const PYTHON = process.env.POSTGUARD_PYTHON || path.join(REPO_ROOT, '.venv', 'bin', 'python');

const problems = [];
try {
  findChromium();
} catch (err) {
  problems.push(err.message);
}
try {
  execFileSync(PYTHON, ['-m', 'service', 'serve', '--help'], { cwd: REPO_ROOT, stdio: 'ignore', timeout: 60000 });
} catch {
  problems.push(
    `The PostGuard service cannot be started with ${PYTHON} -m service: create the venv first ` +
      "(cd .. && python3 -m venv .venv && .venv/bin/pip install -e '.[test]'), or set POSTGUARD_PYTHON.",
  );
}
if (problems.length) {
  console.error(`End-to-end tests cannot run:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
