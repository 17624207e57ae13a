// Where Debian's Chromium is. Nothing is downloaded: without it the end-to-end tests stop and say so.
'use strict';
const fs = require('node:fs');

const CANDIDATES = ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'];

function findChromium() {
  const wanted = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : CANDIDATES;
  const found = wanted.find((p) => fs.existsSync(p));
  if (!found) {
    throw new Error(
      `Chromium not found (looked for ${wanted.join(', ')}). Install Debian's: ` +
        'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium (or set CHROMIUM_PATH).',
    );
  }
  return found;
}

module.exports = { findChromium };
