// web-ext (lint, build): the extension is this folder minus the development files.
module.exports = {
  sourceDir: __dirname,
  artifactsDir: `${__dirname}/dist`,
  ignoreFiles: [
    'README.md',
    'package.json',
    'package-lock.json',
    'eslint.config.js',
    'web-ext-config.cjs',
    'icons/icon.svg',
    'scripts',
    'test',
    'dist',
  ],
};
