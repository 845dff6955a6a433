import { labsToProve, proveLabs } from './prove-lab.js';

// Every lab with cluster-scoped objects (its own Nodes, PriorityClasses, PersistentVolumes, CRDs...)
// proves its checks (lab validate) on the shared cluster, its cases one at a time; labs.test.ts
// does the others, side by side with this file.
proveLabs(labsToProve(true));
