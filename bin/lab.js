#!/usr/bin/env node
// Entry point for `lab` and `kubectl-lab`: runs the bundle built by `npm run build`.
import '../dist/lab.mjs';
