/** ContainerRef is one container of a pod spec with its field path (`spec.initContainers[0]`). */
export interface ContainerRef<C = Record<string, any>> {
  c: C;
  path: string;
}

/** CONTAINER_LISTS are a pod spec's container lists in the order upstream visits them. */
export const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/**
 * forEachContainer calls `fn` for every init container, then every container, then every ephemeral
 * container, with its list and index (upstream's visitContainers). Missing or null lists and null
 * entries are skipped. The one container walker of admission: containersOf, Pod Security's checks and
 * the security profiles' checks use it; it allocates nothing per container, so a check can walk often.
 */
export function forEachContainer<C extends object = Record<string, any>>(
  spec: Partial<Record<(typeof CONTAINER_LISTS)[number], unknown>>,
  fn: (c: C, list: (typeof CONTAINER_LISTS)[number], index: number) => void,
): void {
  for (const key of CONTAINER_LISTS) {
    const list = spec[key];
    if (!Array.isArray(list)) continue;
    for (let i = 0; i < list.length; i++) {
      const c: unknown = list[i];
      if (c != null && typeof c === 'object') fn(c as C, key, i);
    }
  }
}

/** containersOf lists the containers forEachContainer visits, each with its field path (`spec.initContainers[0]`). */
export function containersOf<C extends object = Record<string, any>>(spec: Partial<Record<(typeof CONTAINER_LISTS)[number], unknown>>): ContainerRef<C>[] {
  const out: ContainerRef<C>[] = [];
  forEachContainer<C>(spec, (c, key, i) => { out.push({ c, path: `spec.${key}[${i}]` }); });
  return out;
}
