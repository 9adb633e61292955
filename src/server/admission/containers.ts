/** ContainerRef is one container of a pod spec with its field path (`spec.initContainers[0]`). */
export interface ContainerRef<C = Record<string, any>> {
  c: C;
  path: string;
}

/** CONTAINER_LISTS are a pod spec's container lists in the order upstream visits them. */
const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/**
 * containersOf lists every init container, then every container, then every ephemeral container, with
 * its field path (upstream's visitContainers). Missing or null lists and null entries are skipped. The
 * one container walker of admission: Pod Security's checks and the security profiles' checks use it.
 */
export function containersOf<C extends object = Record<string, any>>(spec: Partial<Record<(typeof CONTAINER_LISTS)[number], unknown>>): ContainerRef<C>[] {
  const out: ContainerRef<C>[] = [];
  for (const key of CONTAINER_LISTS) {
    const list = spec[key];
    if (!Array.isArray(list)) continue;
    list.forEach((c: unknown, i) => { if (c != null && typeof c === 'object') out.push({ c: c as C, path: `spec.${key}[${i}]` }); });
  }
  return out;
}
