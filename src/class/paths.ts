import { join } from 'node:path';
import { xdgDir } from '../util/paths.js';

/** The folder of a class's learner kubeconfigs: `<XDG state>/cka-lab/classes/<class>` (mode 0700). */
export const classDir = (klass: string): string => join(xdgDir('state'), 'classes', klass);

/** The kubeconfig file to hand to a learner: `<class folder>/<learner>.kubeconfig` (mode 0600). */
export const learnerKubeconfigPath = (klass: string, learner: string): string =>
  join(classDir(klass), `${learner}.kubeconfig`);
