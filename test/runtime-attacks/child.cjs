'use strict';
// Forked by hostile.cjs with widening execArgv: it reports whether it could read outside the policy.
try {
  require('node:fs').readFileSync('/etc/passwd');
  console.log('child read /etc/passwd');
} catch (error) {
  console.log(`child ${error.code}`);
}
