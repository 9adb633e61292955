import type { KubeObject } from '../../shared/api/meta';
import { ApiClient, type WatchEvent } from '../components/client';

/** FakeWatch is one watch a FakeApi was asked for: who asked, what, and how to send it events. */
export interface FakeWatch { token: string; path: string; query: Record<string, string>; onEvent: (e: WatchEvent) => void; signal?: AbortSignal }

/**
 * FakeApi stands in for the API server in components' unit tests: `objects` are what a list of a path
 * answers, `allowed` the tokens a SelfSubjectAccessReview allows (everyone when absent); it records every
 * list, access review, watch and write (by token), and writes answer with their body.
 */
export class FakeApi {
  lists: string[] = [];
  reviews: string[] = [];
  writes: { token: string; method: string; path: string; body: any }[] = [];
  watches: FakeWatch[] = [];

  constructor(readonly objects: Record<string, KubeObject[]>, readonly allowed?: Set<string>) {}

  private allows(token: string): boolean { return !this.allowed || this.allowed.has(token); }

  /** client is an ApiClient of this fake server holding `token`. */
  client(token: string): ApiClient {
    return fakeClient(this, token);
  }

  /** answer handles one request of `token`. */
  answer(token: string, method: string, path: string, body?: any): Promise<unknown> {
    if (method === 'POST' && path.endsWith('/selfsubjectaccessreviews')) {
      this.reviews.push(`${token} ${body.spec.resourceAttributes.verb} ${body.spec.resourceAttributes.resource}`);
      return Promise.resolve({ status: { allowed: this.allows(token) } });
    }
    if (method === 'GET') {
      const p = path.split('?')[0];
      this.lists.push(`${token} ${p}`);
      if (!this.allows(token)) return Promise.reject(new Error('forbidden'));
      return Promise.resolve({ metadata: { resourceVersion: '1' }, items: this.objects[p] ?? [] });
    }
    this.writes.push({ token, method, path, body });
    return Promise.resolve(body);
  }

  /** send delivers an event to every open watch of `path`. */
  send(path: string, e: WatchEvent): void {
    for (const w of this.watches) if (w.path === path && !w.signal?.aborted) w.onEvent(e);
  }
}

function fakeClient(api: FakeApi, token: string): ApiClient {
  return new (class extends ApiClient {
    override request<T>(method: string, path: string, body?: unknown): Promise<T> {
      return api.answer(token, method, path, body) as Promise<T>;
    }
    override watch(path: string, query: Record<string, string>, onEvent: (e: WatchEvent) => void, signal?: AbortSignal): Promise<void> {
      api.watches.push({ token, path, query, onEvent, signal });
      return new Promise((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
    }
  })({ server: 'https://127.0.0.1:9', token });
}
