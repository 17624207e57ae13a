// One command, two packages: dist/postguard-chrome.zip (Chrome, Edge) and
// dist/postguard-firefox.zip / .xpi (Firefox), each with the manifest trimmed to what that browser reads.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const config = require('../web-ext-config.cjs');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const WEB_EXT = path.join(ROOT, 'node_modules', '.bin', 'web-ext');

function ignored(rel) {
  return config.ignoreFiles.some((pattern) => rel === pattern || rel.startsWith(`${pattern}/`)) ||
    rel.split('/').some((part) => part.startsWith('.') || part === 'node_modules');
}

function stage(name, editManifest) {
  const dir = path.join(DIST, `stage-${name}`);
  fs.rmSync(dir, { recursive: true, force: true });
  for (const entry of fs.readdirSync(ROOT, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const rel = path.relative(ROOT, path.join(entry.parentPath || entry.path, entry.name)).split(path.sep).join('/');
    if (ignored(rel)) continue;
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, rel), path.join(dir, rel));
  }
  const manifestPath = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  editManifest(manifest);
  fs.writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return dir;
}

function zip(dir, filename) {
  execFileSync(WEB_EXT, ['build', '--no-config-discovery', '--source-dir', dir, '--artifacts-dir', DIST,
    '--filename', filename, '--overwrite-dest'], { stdio: ['ignore', 'ignore', 'inherit'] });
  return path.join(DIST, filename);
}

fs.mkdirSync(DIST, { recursive: true });

// Chrome and Edge: a service worker; no Firefox keys; no "key", which the stores refuse (they assign the id).
const chromeDir = stage('chrome', (m) => {
  delete m.browser_specific_settings;
  delete m.background.scripts;
  delete m.key;
});
const chromeZip = zip(chromeDir, 'postguard-chrome.zip');

// Firefox: background scripts (it has no extension service workers) and its own id; no "key".
const firefoxDir = stage('firefox', (m) => {
  delete m.background.service_worker;
  delete m.key;
});
const firefoxZip = zip(firefoxDir, 'postguard-firefox.zip');
execFileSync(WEB_EXT, ['lint', '--no-config-discovery', '--source-dir', firefoxDir, '--warnings-as-errors', '--output', 'json'],
  { stdio: ['ignore', 'ignore', 'inherit'] });
fs.copyFileSync(firefoxZip, path.join(DIST, 'postguard-firefox.xpi'));

for (const name of ['chrome', 'firefox']) fs.rmSync(path.join(DIST, `stage-${name}`), { recursive: true, force: true });
for (const file of [chromeZip, firefoxZip, path.join(DIST, 'postguard-firefox.xpi')]) {
  console.log(`${path.relative(ROOT, file)}  ${fs.statSync(file).size} bytes`);
}
