// Stands in for graceful-fs under proper-lockfile: graceful-fs queues and retries fs calls
// on EMFILE, which a CLI taking one lock never meets, and on load it copies the whole fs
// module, touching fs.promises, which loads Node's promise and readline internals (~5 ms).
'use strict';
module.exports = require('node:fs');
