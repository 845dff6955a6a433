import { labsToProve, proveLabs } from './prove-lab.js';

// Every lab without cluster-scoped objects proves its checks (lab validate) on the shared cluster;
// labs-cluster-scoped.test.ts does the others, side by side with this file. How many proofs each
// lab must carry: tests/unit/lab-proofs.test.ts.
proveLabs(labsToProve(false));
