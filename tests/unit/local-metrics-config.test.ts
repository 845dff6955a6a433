import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ADDON_BINARIES, addonBinaryDir } from '../../src/cluster/local/addons.js';
import { kwokctlConfig } from '../../src/cluster/local/local-cluster.js';
import { metricsDocuments, metricsServerConfig } from '../../src/cluster/local/metrics.js';

// The kwokctl configuration that adds metrics-server to the local cluster (src/cluster/local/metrics.ts):
// our binary, nothing downloaded, and kwok nodes dialled at their Hostname (localhost) only.

const ports = {
  kubeApiserverPort: 1001,
  etcdPort: 1002,
  etcdPeerPort: 1003,
  kubeControllerManagerPort: 1004,
  kubeSchedulerPort: 1005,
  kwokControllerPort: 1006,
  metricsServerPort: 1007,
};

interface Patch {
  name: string;
  extraArgs?: { key: string; value: string; override?: boolean }[];
}

describe('metrics-server in the kwokctl configuration', () => {
  const binary = '/cache/addons_x/metrics-server';
  const [config] = parseAllDocuments(kwokctlConfig(ports, undefined, metricsServerConfig(binary))).map(
    (d) => d.toJS() as { options: Record<string, unknown>; componentsPatches: Patch[] },
  );

  it('enables metrics-server from our binary, on 127.0.0.1 and its own port, with a local APIService manifest', () => {
    expect(config!.options).toMatchObject({
      bindAddress: '127.0.0.1',
      enableMetricsServer: true,
      metricsServerBinary: binary,
      metricsServerPort: 1007,
    });
    const manifests = config!.options.metricsServerManifests as string[];
    expect(manifests).toHaveLength(1);
    expect(manifests[0]).toMatch(/^\/.*\/cluster\/metrics\/metrics-server$/); // a folder: `kubectl kustomize`, no download
  });

  it('dials kwok nodes at their Hostname only, scrapes every 10 s and times out before the next scrape', () => {
    const patch = config!.componentsPatches.find((p) => p.name === 'metrics-server');
    expect(patch?.extraArgs).toEqual([
      { key: 'kubelet-preferred-address-types', value: 'Hostname', override: true },
      { key: 'metric-resolution', value: '10s', override: true },
      { key: 'kubelet-request-timeout', value: '5s' },
    ]);
  });

  it('ships a ClusterResourceUsage for every Pod (annotations, else half the requests)', () => {
    const docs = metricsDocuments().flatMap((d) => parseAllDocuments(d).map((x) => x.toJS() as Record<string, any>));
    const usage = docs.find((d) => d.kind === 'ClusterResourceUsage');
    expect(usage?.apiVersion).toBe('kwok.x-k8s.io/v1alpha1');
    expect(usage?.spec.selector).toBeUndefined(); // every Pod kwok manages
    const { cpu, memory } = usage?.spec.usages[0].usage ?? {};
    expect(cpu.expression).toContain('kwok.x-k8s.io/usage-cpu');
    expect(cpu.expression).toContain('container.resources.requests["cpu"] * 0.5');
    expect(memory.expression).toContain('kwok.x-k8s.io/usage-memory');
    expect(memory.expression).toContain('container.resources.requests["memory"] * 0.5');
  });

  it('ships the kubelet-like Metric with a system baseline per node, so an empty node is listed by kubectl top', () => {
    const docs = metricsDocuments().flatMap((d) => parseAllDocuments(d).map((x) => x.toJS() as Record<string, any>));
    const metric = docs.find((d) => d.kind === 'Metric');
    expect(metric?.spec.path).toBe('/metrics/nodes/{nodeName}/metrics/resource');
    const byName = Object.fromEntries((metric?.spec.metrics ?? []).map((m: { name: string }) => [m.name, m]));
    expect(byName.node_cpu_usage_seconds_total.value).toMatch(
      /CumulativeUsage\("cpu"\) \+ 0\.05 \* node\.SinceSecond\(\)/,
    );
    expect(byName.node_memory_working_set_bytes.value).toMatch(/Usage\("memory"\) \+ \d+/);
    expect(byName.container_cpu_usage_seconds_total.value).toBe('pod.CumulativeUsage("cpu", container.name)');
  });

  it('keeps the add-ons in a cache folder of their own, keyed by build/addons', () => {
    expect(ADDON_BINARIES).toContain('metrics-server');
    expect(addonBinaryDir()).toMatch(/\/cka-lab\/bin\/addons_[0-9a-f]{8}$/);
  });
});
