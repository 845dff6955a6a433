// Stands in for node:assert in signal-exit (under proper-lockfile), which requires it at
// start-up for one `assert.equal` on a callback's type. Loading node:assert costs about
// 5 ms (it pulls in readline and fs/promises internals), so it loads only when an
// assertion fails, and the real one throws its real AssertionError.
'use strict';
module.exports = {
  equal(actual, expected, message) {
    // eslint-disable-next-line eqeqeq -- assert.equal compares with ==, and so must this
    if (actual != expected) require('node:assert').equal(actual, expected, message);
  },
};
