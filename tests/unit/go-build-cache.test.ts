import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureGoBuild, type CachedGoBuild } from '../../src/cluster/go-build.js';
import { ClusterError } from '../../src/errors.js';
import { memoryLog } from '../../src/util/log.js';

// ensureGoBuild with real bash build scripts in a temporary folder (Go itself is only looked for:
// these scripts build nothing, they write the output file the way build/*/build.sh do).

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cka-lab-go-build-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

/** A cached build whose script appends a line to `runs` and writes `<dir>/out` unless told to fail. */
function cachedBuild(script: string): CachedGoBuild & { runs: () => number } {
  const dir = join(tmp, 'cache', 'thing_1234');
  const file = join(tmp, 'build.sh');
  writeFileSync(file, script);
  const runsFile = join(tmp, 'runs');
  return {
    dir,
    ready: () => existsSync(join(dir, 'out')),
    script: file,
    args: [dir, runsFile],
    waitMs: 20_000,
    noGo: 'no go',
    building: 'building',
    failed: (tail) => `failed:\n${tail}`,
    built: (seconds) => `built in ${seconds} s`,
    runs: () => (existsSync(runsFile) ? readFileSync(runsFile, 'utf8').split('\n').filter(Boolean).length : 0),
  };
}

const GOOD = 'echo run >> "$2"; echo "step 1/1 thing"; sleep 0.3; mkdir -p "$1"; touch "$1/out"\n';

describe('ensureGoBuild', () => {
  it('runs the script once, reports its steps, and then finds the output cached', async () => {
    const build = cachedBuild(GOOD);
    const log = memoryLog();
    await ensureGoBuild(build, log);
    expect(build.ready()).toBe(true);
    expect(log.lines[0]).toBe('building');
    expect(log.lines.some((l) => l.includes('thing'))).toBe(true);
    expect(log.lines.at(-1)).toMatch(/^built in \d+ s$/);
    await ensureGoBuild(build, memoryLog());
    expect(build.runs()).toBe(1);
  });

  it('builds once when two callers need it at the same time', async () => {
    const build = cachedBuild(GOOD);
    await Promise.all([ensureGoBuild(build, memoryLog()), ensureGoBuild(build, memoryLog())]);
    expect(build.runs()).toBe(1);
  });

  it('throws the failure message with the last output lines when the script fails', async () => {
    const build = cachedBuild('echo run >> "$2"; echo "go: module not found" >&2; exit 1\n');
    const err = await ensureGoBuild(build, memoryLog()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterError);
    expect((err as Error).message).toBe('failed:\ngo: module not found');
  });

  it('throws when the script succeeds but leaves the output missing', async () => {
    const build = cachedBuild('echo run >> "$2"; echo done\n');
    await expect(ensureGoBuild(build, memoryLog())).rejects.toThrow('failed:\ndone');
  });

  it('stops at the precheck before running anything', async () => {
    const build = cachedBuild(GOOD);
    build.precheck = () => Promise.reject(new ClusterError('install gcc'));
    await expect(ensureGoBuild(build, memoryLog())).rejects.toThrow('install gcc');
    expect(build.runs()).toBe(0);
  });
});
