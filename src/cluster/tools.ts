import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from '../util/log.js';
import { contentRoot, xdgDir } from '../util/paths.js';
import { ensureGoBuild } from './go-build.js';
import { say } from '../i18n/current.js';
import { TOOL_NAMES, type ToolName } from './tool-names.js';

export { TOOL_NAMES, type ToolName };

/** The files of build/tools whose content decides what gets built, and so the cache key. */
export const TOOL_BUILD_INPUTS = [
  'build.sh',
  'helm/go.mod',
  'helm/go.sum',
  'helm/tools.go',
  'etcd/go.mod',
  'etcd/go.sum',
  'etcd/tools.go',
] as const;

/** The folder of the wrapper Go modules (build/tools/helm, build/tools/etcd) and their build script. */
const buildDir = (): string => join(contentRoot(), 'build', 'tools');

/**
 * The cache folder of the tools: $XDG_CACHE_HOME/cka-lab/bin/tools_<hash>, where the hash
 * (8 hex digits of SHA-256) covers every file of {@link TOOL_BUILD_INPUTS} (names and contents),
 * so a change to any of them builds afresh while clones of the same revision share one build.
 */
export function toolsDir(): string {
  const hash = createHash('sha256');
  for (const f of TOOL_BUILD_INPUTS) hash.update(`${f}\0`).update(readFileSync(join(buildDir(), f)));
  return join(xdgDir('cache'), 'bin', `tools_${hash.digest('hex').slice(0, 8)}`);
}

/** Path of one built tool in {@link toolsDir} (it may not exist yet). */
export const toolBinary = (name: ToolName): string => join(toolsDir(), name);

/** Whether every tool is in the cache. */
export const toolsReady = (): boolean => TOOL_NAMES.every((t) => existsSync(toolBinary(t)));

/** How long a second process waits for a first build of the tools, in ms (about 3 to 6 minutes on 2 cores). */
const BUILD_WAIT_MS = 30 * 60_000;

/**
 * Builds helm, etcdctl and etcdutl with `go` from their official modules unless they are cached
 * (build/tools/build.sh), reporting each step through `log`. Two processes that need them at
 * once build once: the second waits for the first under a file lock.
 * @returns the tools' folder ({@link toolsDir})
 * @throws ClusterError when Go is missing or the build fails (the last lines of its output are included)
 * @throws LockedError when another process builds them for longer than 30 minutes
 */
export async function ensureTools(log: Log): Promise<string> {
  const dir = toolsDir();
  await ensureGoBuild(
    {
      dir,
      ready: toolsReady,
      script: join(buildDir(), 'build.sh'),
      args: [dir],
      waitMs: BUILD_WAIT_MS,
      noGo: say('tools.noGo'),
      building: say('tools.building', { names: TOOL_NAMES.join(', ') }),
      failed: (tail) => say('tools.failed', { tail }),
      built: (seconds) => say('tools.built', { seconds, dir }),
    },
    log,
  );
  return dir;
}

/**
 * Builds the tools a lab names in `tools:` unless they are cached (all of them at once: one
 * build, one cache folder); does nothing for a lab that names none. `lab start`, `lab validate`
 * and `lab solution --apply` call it before anything else, so the learner's shell (`lab env`)
 * and the lab's `exec` steps find them on PATH.
 * @throws as {@link ensureTools}
 */
export async function ensureLabTools(lab: { tools?: readonly ToolName[] }, log: Log): Promise<void> {
  if ((lab.tools ?? []).length > 0) await ensureTools(log);
}
