// The process entry point of the bundle (bin/lab.js imports it).
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
