// The process entry point of the bundle (bin/lab.cjs runs it). CommonJS output has no
// top-level await, hence the promise.
import { main } from './main.js';

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
