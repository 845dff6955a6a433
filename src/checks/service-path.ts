/**
 * The path a Service's traffic takes to its Pods, as kube-proxy and the EndpointSlice controller
 * resolve it (Kubernetes API reference: core/v1 ServicePort; `podutil.FindPort`): a Service port
 * (number and protocol) has a `targetPort`, a number or the name of a container port; a name is
 * resolved in each selected Pod against `containers[].ports[]` with the same name and protocol.
 */
import type { KubeObject } from '../kube/types.js';

/** A protocol of a Service port (core/v1 Protocol); TCP when not written. */
export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** One port a task asks a Service to offer: the Service `port`, and where it must lead. */
export interface WantedPort {
  /** The Service's port, what clients connect to (1-65535). */
  port: number;
  /** The container port traffic must reach; undefined: any port the selected Pods declare. */
  targetPort?: number;
  protocol: Protocol;
}

/** The fields read of a core/v1 ServicePort (the API server fills in protocol and targetPort). */
export interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
  targetPort?: number | string;
}

/** A container port as a Pod declares it (core/v1 ContainerPort). */
interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

/** Why one wanted port does not lead where it should. */
export type PortPathProblem =
  /** The Service offers no port with that number (`offered`: what it offers, as `80/TCP`). */
  | { kind: 'noPort'; want: WantedPort; offered: string[] }
  /** The Service offers the number, but with another protocol. */
  | { kind: 'protocol'; want: WantedPort; found: string }
  /** `targetPort` is a name that some selected Pods do not declare (for that protocol). */
  | { kind: 'unknownName'; want: WantedPort; name: string; pods: { pod: string; declared: string }[] }
  /** The port leads to container ports other than the one asked (`found`, per Pod, deduplicated). */
  | { kind: 'wrongTarget'; want: WantedPort; found: number[]; targetPort: number | string }
  /** No targetPort asked, and the resolved port is not one the Pod declares. */
  | { kind: 'undeclared'; want: WantedPort; found: number; pod: string; declared: string };

const protocolOf = (p: { protocol?: string }): string => p.protocol ?? 'TCP';

/** The ports a Pod's containers declare. */
export const declaredPorts = (pod: KubeObject): ContainerPort[] =>
  ((pod.spec?.containers ?? []) as { ports?: ContainerPort[] }[]).flatMap((c) => c.ports ?? []);

/** A Pod's ports for messages: `http=8080/TCP, 9090/TCP`, or `none`. */
export const formatDeclared = (pod: KubeObject): string =>
  declaredPorts(pod)
    .map((p) => `${p.name ? `${p.name}=` : ''}${p.containerPort}/${protocolOf(p)}`)
    .join(', ') || 'none';

/**
 * The container port a Service port reaches in one Pod: a number as written, a name resolved
 * against the Pod's container ports of the same name and protocol.
 * @returns the port number, or undefined when the name is not declared by the Pod
 */
export function resolveTargetPort(svcPort: ServicePort, pod: KubeObject): number | undefined {
  const target = svcPort.targetPort ?? svcPort.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const found = declaredPorts(pod).find((p) => p.name === target && protocolOf(p) === protocolOf(svcPort));
  return found?.containerPort;
}

/**
 * Follows each wanted port from the Service through targetPort to the selected Pods.
 * @param ports the Service's spec.ports
 * @param pods the Pods its selector selects (when empty, only the Service's own ports are judged)
 * @returns one problem per wanted port that does not lead where it should; empty when all do
 */
export function portPathProblems(ports: ServicePort[], pods: KubeObject[], wanted: WantedPort[]): PortPathProblem[] {
  const problems: PortPathProblem[] = [];
  for (const want of wanted) {
    const sameNumber = ports.filter((p) => p.port === want.port);
    const svcPort = sameNumber.find((p) => protocolOf(p) === want.protocol);
    if (!svcPort) {
      problems.push(
        sameNumber.length
          ? { kind: 'protocol', want, found: protocolOf(sameNumber[0]!) }
          : { kind: 'noPort', want, offered: ports.map((p) => `${p.port}/${protocolOf(p)}`) },
      );
      continue;
    }
    const target = svcPort.targetPort ?? svcPort.port;
    const unresolved: { pod: string; declared: string }[] = [];
    // Without Pods, a number is still where the traffic goes.
    const found = new Set<number>(pods.length === 0 && typeof target === 'number' ? [target] : []);
    let undeclared: PortPathProblem | undefined;
    for (const pod of pods) {
      const resolved = resolveTargetPort(svcPort, pod);
      const name = pod.metadata?.name ?? '';
      if (resolved === undefined) {
        unresolved.push({ pod: name, declared: formatDeclared(pod) });
        continue;
      }
      found.add(resolved);
      const declares = declaredPorts(pod).some((p) => p.containerPort === resolved && protocolOf(p) === want.protocol);
      if (want.targetPort === undefined && !declares && !undeclared)
        undeclared = { kind: 'undeclared', want, found: resolved, pod: name, declared: formatDeclared(pod) };
    }
    if (unresolved.length) {
      problems.push({ kind: 'unknownName', want, name: String(target), pods: unresolved });
    } else if (want.targetPort !== undefined && [...found].some((n) => n !== want.targetPort)) {
      problems.push({ kind: 'wrongTarget', want, found: [...found], targetPort: target });
    } else if (undeclared) {
      problems.push(undeclared);
    }
  }
  return problems;
}
