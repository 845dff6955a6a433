import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { xdgDir } from '../util/paths.js';
import type { DriverName } from './driver.js';

/** Which driver `lab cluster up` last started; commands without --kubeconfig/--context use it. */
export interface CurrentCluster {
  driver: Exclude<DriverName, 'context'>;
}

const file = (): string => join(xdgDir('state'), 'current-cluster.json');

/** The driver last brought up; `local` when none was recorded or the file is unreadable. */
export function readCurrent(): CurrentCluster {
  try {
    if (existsSync(file())) {
      const data = JSON.parse(readFileSync(file(), 'utf8')) as CurrentCluster;
      if (data.driver === 'k3s' || data.driver === 'local') return data;
    }
  } catch {
    // A damaged file only loses the preference; the local driver is the safe default.
  }
  return { driver: 'local' };
}

/** Records the driver last brought up (atomic write). */
export function writeCurrent(current: CurrentCluster): void {
  mkdirSync(xdgDir('state'), { recursive: true });
  writeFileAtomic.sync(file(), JSON.stringify(current) + '\n');
}
