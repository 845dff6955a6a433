import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  NODE_BINARIES,
  ensureNodeBinaries,
  nodeBinariesReady,
  nodeBinaryPath,
  type NodeBinaryName,
} from '../../src/cluster/realnode/binaries.js';
import { stderrLog } from '../../src/util/log.js';

/** A cold build of the node's binaries takes 5 to 15 minutes on 2 cores; a cached one returns at once. */
const BUILD_MS = 40 * 60_000;

/** How each binary prints its version, and what it must say (the releases pinned in build/node). */
const versions: Record<NodeBinaryName, { args: string[]; says: RegExp[] }> = {
  kubelet: { args: ['--version'], says: [/^Kubernetes v1\.35\.4$/m] },
  'kube-proxy': { args: ['--version'], says: [/^Kubernetes v1\.35\.4$/m] },
  containerd: { args: ['--version'], says: [/^containerd github\.com\/containerd\/containerd\/v2 v2\.4\.2\b/m] },
  'containerd-shim-runc-v2': { args: ['-v'], says: [/Version:\s+v2\.4\.2\b/] },
  ctr: { args: ['--version'], says: [/^ctr github\.com\/containerd\/containerd\/v2 v2\.4\.2\b/m] },
  // Built with cgo and -tags seccomp: the version names the libseccomp it was linked with.
  runc: { args: ['--version'], says: [/^runc version 1\.5\.3$/m, /^libseccomp: 2\.\d+\.\d+$/m] },
  crictl: { args: ['--version'], says: [/^crictl version v1\.37\.0$/m] },
  coredns: { args: ['-version'], says: [/^CoreDNS-1\.15\.0$/m] },
  // A CNI plugin run without CNI_COMMAND prints its "about" line.
  'cni/bridge': { args: [], says: [/^CNI bridge plugin v1\.10\.0$/m] },
  'cni/host-local': { args: [], says: [/^CNI host-local plugin v1\.10\.0$/m] },
  'cni/loopback': { args: [], says: [/^CNI loopback plugin v1\.10\.0$/m] },
  'cni/portmap': { args: [], says: [/^CNI portmap plugin v1\.10\.0$/m] },
};

describe('real node binaries', () => {
  beforeAll(async () => {
    await ensureNodeBinaries(stderrLog());
  }, BUILD_MS);

  it('are all in the cache after ensureNodeBinaries', () => {
    expect(nodeBinariesReady()).toBe(true);
    expect(Object.keys(versions).sort()).toEqual([...NODE_BINARIES].sort());
  });

  it.each(NODE_BINARIES)('%s runs and names its pinned release', async (name) => {
    const { args, says } = versions[name];
    const res = await execa(nodeBinaryPath(name), args, { all: true, reject: false, env: { CNI_COMMAND: '' } });
    for (const re of says) expect(res.all, `${name} ${args.join(' ')}`).toMatch(re);
  });
});
