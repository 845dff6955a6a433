import { readFileSync } from 'node:fs';
import { contentPathProblem } from '../util/lab-paths.js';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { UsageError } from '../errors.js';
import type { KubeObject } from '../kube/types.js';
import { toPlainValue } from '../util/yaml.js';

/**
 * Reads every object from a YAML manifest file (several documents separated by `---`).
 * @param root the content root; `rel` is relative to it
 * @throws UsageError naming the file for a path outside the content root, a file over 1 MB,
 *   broken YAML or an object without apiVersion/kind/metadata.name
 */
export function readManifest(root: string, rel: string): KubeObject[] {
  const bad = contentPathProblem(root, rel);
  if (bad) throw new UsageError(`${rel}: ${bad}; fix the manifest.`);
  const text = readFileSync(join(root, rel), 'utf8');
  const objects: KubeObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if ('errors' in doc && doc.errors.length) {
      throw new UsageError(`${rel}: broken YAML (${doc.errors[0]!.message.split('\n')[0]}); fix the manifest.`);
    }
    let obj: KubeObject | null;
    try {
      obj = toPlainValue(doc) as KubeObject | null;
    } catch (err) {
      throw new UsageError(`${rel}: ${err instanceof Error ? err.message : String(err)}; fix the manifest.`);
    }
    if (!obj) continue;
    if (typeof obj !== 'object' || Array.isArray(obj) || !obj.apiVersion || !obj.kind || !obj.metadata?.name) {
      throw new UsageError(`${rel}: every object needs apiVersion, kind and metadata.name; fix the manifest.`);
    }
    objects.push(obj);
  }
  return objects;
}
