import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * The documents of every `*.yaml` file in `dir` (data shipped with cka-lab, such as
 * cluster/stages or cluster/metrics), as plain values in file-name order, empty documents left
 * out. This module loads the YAML library: import it only where a cluster is created.
 * @throws Error when the folder or a file is unreadable (a broken installation)
 */
export function yamlDocumentsIn(dir: string): unknown[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d): unknown => d.toJS()))
    .filter((data) => data !== null && data !== undefined);
}
