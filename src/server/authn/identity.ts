import { randomBytes, randomUUID } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import type { Group, User } from '../../shared/api/iam';
import type { PersonalToken } from '../../shared/api/iam';
import type { Statement } from 'better-sqlite3';
import type { Store } from '../storage/store';
import type { UserInfo } from './user';
import { hashToken } from './token-file';

/** USERS and GROUPS are the storage keys of the iam resources. */
export const USERS = 'iam.gatehouse.dev/users';
export const GROUPS = 'iam.gatehouse.dev/groups';

/** Session lifetimes: idle expiry slides with use; absolute expiry never moves. */
export const SESSION_IDLE_MS = 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;

// argon2id with OWASP's recommended minimum (19 MiB, 2 passes); @node-rs/argon2 is a maintained native binding.
const ARGON = { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1 };

/**
 * Identity owns passwords, sessions and personal tokens, and turns a username into the effective
 * UserInfo (the user's groups ∪ Groups listing the user ∪ system:authenticated). Only hashes are stored.
 * A disabled or deleted user resolves to nothing, so every session and token of theirs stops at once.
 */
export class Identity {
  private groupsOf = new Map<string, Set<string>>();
  private dummyHash: Promise<string>;
  private lastTouch = new Map<string, number>();
  /** Prepared statements by SQL text: a session or personal token is resolved on every request it makes. */
  private readonly statements = new Map<string, Statement>();

  constructor(private store: Store) {
    for (const g of store.list(GROUPS)) this.indexGroup(g as Group, undefined);
    store.subscribe((e) => {
      if (e.res === GROUPS) this.indexGroup(e.type === 'DELETED' ? undefined : (e.object as Group), e.prev as Group | undefined);
      if (e.res === USERS && (e.type === 'DELETED' || (e.object as User).spec?.disabled)) this.revokeAll(e.name);
    });
    // Verifying against a fixed hash for unknown users makes their answer take as long as a wrong password.
    this.dummyHash = argonHash(randomBytes(16).toString('hex'), ARGON);
  }

  /** sql is the statement for `text`, prepared the first time it is asked for. */
  private sql(text: string): Statement {
    let st = this.statements.get(text);
    if (!st) this.statements.set(text, (st = this.store.db.prepare(text)));
    return st;
  }

  private indexGroup(now: Group | undefined, prev: Group | undefined): void {
    for (const u of prev?.users ?? []) this.groupsOf.get(u)?.delete(prev!.metadata.name!);
    for (const u of now?.users ?? []) {
      let set = this.groupsOf.get(u);
      if (!set) this.groupsOf.set(u, (set = new Set()));
      set.add(now!.metadata.name!);
    }
  }

  /** userInfo returns the effective identity of an enabled user, or undefined (missing or disabled). */
  userInfo(username: string): UserInfo | undefined {
    const u = this.store.getShared(USERS, '', username) as User | undefined;
    if (!u || u.spec?.disabled) return undefined;
    const groups = new Set([...(u.spec?.groups ?? []), ...(this.groupsOf.get(username) ?? [])]);
    groups.add('system:authenticated');
    return { username, uid: u.metadata.uid, groups: [...groups] };
  }

  /** setPassword stores the argon2id hash of `password`. */
  async setPassword(username: string, password: string): Promise<void> {
    const h = await argonHash(password, ARGON);
    this.sql('INSERT INTO credentials (username, hash, updated_at) VALUES (?, ?, ?) ON CONFLICT(username) DO UPDATE SET hash = excluded.hash, updated_at = excluded.updated_at').run(username, h, Date.now());
  }

  /** hasPassword tells whether a user has a password set. */
  hasPassword(username: string): boolean {
    return this.sql('SELECT 1 FROM credentials WHERE username = ?').get(username) !== undefined;
  }

  /** verifyPassword checks a password in constant work whether or not the user exists or is enabled. */
  async verifyPassword(username: string, password: string): Promise<UserInfo | undefined> {
    const row = this.sql('SELECT hash FROM credentials WHERE username = ?').get(username) as { hash: string } | undefined;
    const hashToCheck = row?.hash ?? (await this.dummyHash);
    let ok: boolean;
    try { ok = await argonVerify(hashToCheck, password); } catch { ok = false; }
    if (!ok || !row) return undefined;
    return this.userInfo(username);
  }

  /** createSession returns a new random session id (the cookie value); only its hash is stored. */
  createSession(username: string): { id: string; expiresAt: number } {
    const id = randomBytes(32).toString('base64url');
    const now = Date.now();
    const expiresAt = now + SESSION_ABSOLUTE_MS;
    this.sql('INSERT INTO sessions (id_hash, username, created_at, last_seen, expires_at) VALUES (?, ?, ?, ?, ?)').run(hashToken(id), username, now, now, expiresAt);
    return { id, expiresAt };
  }

  /** resolveSession returns the session's user, sliding its idle expiry; expired sessions are deleted. */
  resolveSession(id: string): UserInfo | undefined {
    const h = hashToken(id);
    const row = this.sql('SELECT username, last_seen, expires_at FROM sessions WHERE id_hash = ?').get(h) as { username: string; last_seen: number; expires_at: number } | undefined;
    if (!row) return undefined;
    const now = Date.now();
    if (now > row.expires_at || now - row.last_seen > SESSION_IDLE_MS) {
      this.sql('DELETE FROM sessions WHERE id_hash = ?').run(h);
      return undefined;
    }
    // Touch at most once a minute per session: a write per request would be wasted I/O.
    if (now - (this.lastTouch.get(h) ?? row.last_seen) > 60_000) {
      this.sql('UPDATE sessions SET last_seen = ? WHERE id_hash = ?').run(now, h);
      this.lastTouch.set(h, now);
    }
    return this.userInfo(row.username);
  }

  /** deleteSession ends one session (logout). */
  deleteSession(id: string): void {
    this.sql('DELETE FROM sessions WHERE id_hash = ?').run(hashToken(id));
  }

  /** createToken issues a personal access token (returned once) for kubectl. */
  createToken(username: string, name: string, ttlSeconds: number): { token: string; info: PersonalToken } {
    const token = `ghp_${randomBytes(32).toString('base64url')}`;
    const id = randomUUID();
    const now = Date.now();
    this.sql('INSERT INTO tokens (id, hash, username, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, hashToken(token), username, name, now, now + ttlSeconds * 1000);
    return { token, info: { id, name, createdAt: new Date(now).toISOString(), expiresAt: new Date(now + ttlSeconds * 1000).toISOString() } };
  }

  /** listTokens lists a user's personal tokens (never their values). */
  listTokens(username: string): PersonalToken[] {
    const rows = this.sql('SELECT id, name, created_at, expires_at, last_used FROM tokens WHERE username = ? ORDER BY created_at').all(username) as { id: string; name: string; created_at: number; expires_at: number; last_used: number | null }[];
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: new Date(r.created_at).toISOString(), expiresAt: new Date(r.expires_at).toISOString(), ...(r.last_used ? { lastUsedAt: new Date(r.last_used).toISOString() } : {}) }));
  }

  /** revokeToken deletes one of a user's tokens; false when it is not theirs. */
  revokeToken(username: string, id: string): boolean {
    return this.sql('DELETE FROM tokens WHERE id = ? AND username = ?').run(id, username).changes > 0;
  }

  /** resolveToken authenticates a personal token. */
  resolveToken(token: string): UserInfo | undefined {
    if (!token.startsWith('ghp_')) return undefined;
    const row = this.sql('SELECT id, username, expires_at, last_used FROM tokens WHERE hash = ?').get(hashToken(token)) as { id: string; username: string; expires_at: number; last_used: number | null } | undefined;
    const now = Date.now();
    if (!row || now > row.expires_at) return undefined;
    // "Last used" for the owner's token list, to the minute: a write per request would be wasted I/O.
    if (now - (row.last_used ?? 0) > 60_000) this.sql('UPDATE tokens SET last_used = ? WHERE id = ?').run(now, row.id);
    return this.userInfo(row.username);
  }

  /**
   * endSessions ends a user's sessions except the one whose id is `keep` (the session a user changes
   * their own password in goes on); returns how many ended.
   */
  endSessions(username: string, keep?: string): number {
    return keep
      ? this.sql('DELETE FROM sessions WHERE username = ? AND id_hash != ?').run(username, hashToken(keep)).changes
      : this.sql('DELETE FROM sessions WHERE username = ?').run(username).changes;
  }

  /** revokeTokens revokes every personal token (kubeconfigs included) of a user; returns how many. */
  revokeTokens(username: string): number {
    return this.sql('DELETE FROM tokens WHERE username = ?').run(username).changes;
  }

  /** revokeAll ends every session and token of a user (on disable or delete). */
  revokeAll(username: string): void {
    this.sql('DELETE FROM sessions WHERE username = ?').run(username);
    this.sql('DELETE FROM tokens WHERE username = ?').run(username);
  }
}

/** RateLimiter counts failures per key in a sliding window and says how long to wait once over the limit. */
export class RateLimiter {
  private hits = new Map<string, number[]>();
  constructor(private limit: number, private windowMs: number) {}

  /** retryAfter is the seconds to wait before `key` may try again (0 = allowed now). */
  retryAfter(key: string, now = Date.now()): number {
    const list = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    this.hits.set(key, list);
    if (list.length < this.limit) return 0;
    return Math.max(1, Math.ceil((list[0] + this.windowMs - now) / 1000));
  }

  /**
   * reserve counts an attempt before it is checked, so that concurrent attempts cannot all pass the
   * limit while the slow check runs: it returns 0 (the attempt is counted) or the seconds to wait
   * (nothing counted). A success gives the count back with `release`.
   */
  reserve(key: string, now = Date.now()): number {
    const wait = this.retryAfter(key, now);
    if (wait === 0) this.fail(key, now);
    return wait;
  }

  /** release takes back the attempt `reserve` counted at `at` (the attempt succeeded). */
  release(key: string, at: number): void {
    const list = this.hits.get(key);
    const i = list ? list.lastIndexOf(at) : -1;
    if (i >= 0) list!.splice(i, 1);
  }

  /** fail records one failure. */
  fail(key: string, now = Date.now()): void {
    const list = this.hits.get(key) ?? [];
    list.push(now);
    this.hits.set(key, list);
    if (this.hits.size > 100_000) this.hits.delete(this.hits.keys().next().value as string);
  }

  /** reset clears a key after a success. */
  reset(key: string): void {
    this.hits.delete(key);
  }
}
