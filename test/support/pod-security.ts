/**
 * What the `restricted` Pod Security level (Kubernetes 1.27) would refuse in
 * a pod spec, for the fields this library writes.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export function restrictedViolations(pod: any): string[] {
  const allowedVolumes = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
  const found: string[] = [];
  for (const volume of pod.volumes ?? []) {
    const type = Object.keys(volume).find(k => k !== 'name')!;
    if (!allowedVolumes.includes(type)) found.push(`volume ${volume.name} is ${type}`);
  }
  const containers = [...(pod.initContainers ?? []), ...pod.containers];
  if (pod.securityContext?.runAsNonRoot !== true && !containers.every(c => c.securityContext?.runAsNonRoot === true)) found.push('runAsNonRoot is not true');
  if (pod.securityContext?.runAsUser === 0 || containers.some(c => c.securityContext?.runAsUser === 0)) found.push('runAsUser is 0');
  const seccomp = (c: any) => c.securityContext?.seccompProfile?.type ?? pod.securityContext?.seccompProfile?.type;
  for (const c of containers) {
    const sc = c.securityContext ?? {};
    if (sc.allowPrivilegeEscalation !== false) found.push(`${c.name}: allowPrivilegeEscalation is not false`);
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) found.push(`${c.name}: capabilities do not drop ALL`);
    if ((sc.capabilities?.add ?? []).some((cap: string) => cap !== 'NET_BIND_SERVICE')) found.push(`${c.name}: adds capabilities`);
    if (sc.privileged) found.push(`${c.name}: privileged`);
    if (!['RuntimeDefault', 'Localhost'].includes(seccomp(c))) found.push(`${c.name}: no seccomp profile`);
  }
  return found;
}
