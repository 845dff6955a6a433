// Stands in for node:worker_threads in write-file-atomic, which requires it at start-up
// only to read threadId, part of its temporary file names. The bundle never starts a
// Worker, so it always runs on the main thread, whose threadId is 0; loading the module
// (with the worker and messaging internals) would cost every `lab check` a few ms.
'use strict';
module.exports = { threadId: 0, isMainThread: true };
