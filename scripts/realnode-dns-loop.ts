/**
 * Starts and stops a real node N times on one local cluster (taking the real-node turn) and counts
 * CoreDNS failures; on a failure it saves iptables-save and /proc/net/nf_conntrack. For measuring only.
 * Usage: vite-node scripts/realnode-dns-loop.ts [N]
 */
import { execa } from 'execa';
import { readFileSync, writeFileSync } from 'node:fs';
import { LocalCluster } from '../src/cluster/local/local-cluster.js';
import { RealNode } from '../src/cluster/realnode/real-node.js';
import { stderrLog } from '../src/util/log.js';
import { realNodeTurn } from '../tests/cluster/realnode-turn.js';

const n = Number(process.argv[2] ?? 8);
const log = stderrLog();
const endTurn = await realNodeTurn();
const cluster = new LocalCluster().withName('cka-lab-dnsloop').withNodes(1);
let ok = 0;
let failed = 0;
const snap = async (tag: string) => {
  const ipt = await execa('iptables-save', [], { reject: false });
  let ct: string;
  try {
    ct = readFileSync('/proc/net/nf_conntrack', 'utf8');
  } catch {
    ct = '(no conntrack table)';
  }
  writeFileSync(`/tmp/dnsloop-${tag}.txt`, ipt.stdout + '\n==== conntrack\n' + ct);
};
try {
  await cluster.up(log);
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const live = setInterval(() => void snap(`live-${i}`), 4000);
    try {
      const node = await new RealNode(cluster).start(log);
      await snap(`ok-${i}`);
      ok++;
      console.log(
        `RUN ${i}: ok ${((performance.now() - t) / 1000).toFixed(1)} s coredns ${node.timings?.corednsMs.toFixed(0)} ms`,
      );
      const pre = await execa('iptables', ['-t', 'nat', '-S', 'PREROUTING'], { reject: false });
      console.log(`RUN ${i}: nat PREROUTING: ${pre.stdout.split('\n').slice(1).join(' | ')}`);
      // A fresh CoreDNS Pod each start, as on a new cluster (the old Pod's status would say Ready).
      const k = `${process.env.HOME}/.cache/cka-lab/bin/k8s-v1.35.4_kwok-v0.8.0_ea4218fa/kubectl`;
      const kc = ['--kubeconfig', cluster.kubeconfig, '-n', 'kube-system'];
      await execa(k, [...kc, 'delete', 'deployment', 'coredns', '--wait=true'], { reject: false });
      await execa(k, [...kc, 'wait', '--for=delete', 'pod', '-l', 'k8s-app=kube-dns', '--timeout=60s'], {
        reject: false,
      });
      await node.stop(log);
    } catch (err) {
      failed++;
      console.log(`RUN ${i}: FAILED ${(err as Error).message}`);
    } finally {
      clearInterval(live);
    }
  }
} finally {
  await cluster.down(log).catch(() => undefined);
  await endTurn();
  console.log(`RESULT ok=${ok} failed=${failed}`);
}
