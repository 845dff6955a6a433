import type { Check } from '../../labs/schema.js';
import type { Outcome } from '../result.js';
import type { NamespaceView } from '../view.js';
import { checkObject } from './object.js';
import { checkSelector } from './selector.js';
import { checkPodsReady } from './pods-ready.js';
import { checkOwnedBy } from './owned-by.js';
import { checkAny } from './any.js';
import { checkEndpoints } from './endpoints.js';
import { checkFile } from './file.js';
import { checkRollout } from './rollout.js';
import { checkAbsent } from './absent.js';

type Runner = (check: any, view: NamespaceView) => Promise<Outcome>;

/** Every check kind, by its `type` in lab files. */
export const CHECK_KINDS: Record<Check['type'], Runner> = {
  object: checkObject,
  selector: checkSelector,
  'pods-ready': checkPodsReady,
  'owned-by': checkOwnedBy,
  any: checkAny,
  endpoints: checkEndpoints,
  file: checkFile,
  rollout: checkRollout,
  absent: checkAbsent,
};
