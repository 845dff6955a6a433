/**
 * The command-line tools cka-lab builds for the learner when a lab names them in `tools:`
 * (built by src/cluster/tools.ts): `helm` (helm.sh/helm/v4), and `etcdctl` and `etcdutl` at the
 * release of the local cluster's etcd. Kept apart from tools.ts so that loading a lab file does not
 * load the build code.
 */
export const TOOL_NAMES = ['helm', 'etcdctl', 'etcdutl'] as const;
export type ToolName = (typeof TOOL_NAMES)[number];
