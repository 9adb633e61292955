// Field paths as Kubernetes writes them (`spec.containers[0].securityContext.privileged`): the form,
// zod issues, Status causes and profile reasons all meet on this one spelling.

/** fieldPath renders a zod-style path (`['spec', 'containers', 0, 'image']`) the Kubernetes way. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

/** parseFieldPath splits a Kubernetes field path into segments (`[0]` becomes the number 0). */
export function parseFieldPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}
