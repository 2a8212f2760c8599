#!/usr/bin/env node
'use strict';
// The compiled CLI (dist/ is built by `npm install` through the `prepare` script).
let main;
try {
  ({ main } = require('../dist/cli/main.js'));
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.js')) {
    console.error(
      'etl-workbook is not built yet: run `npm install` (or `npm run build`) in the project folder.',
    );
    process.exit(2);
  }
  throw error;
}
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
