import fs from 'node:fs';
import { hash, timingSafeEqual } from 'node:crypto';
import type { UserInfo } from './user';

/** TokenAuthenticator resolves a bearer token to a user, or undefined when the token is not its own. */
export interface TokenAuthenticator {
  authenticateToken(token: string): UserInfo | undefined | Promise<UserInfo | undefined>;
}

/** parseCsvLine splits one CSV record, honouring double quotes (groups are a quoted list). */
export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') quoted = false; else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

/**
 * parseTokenFile reads the Kubernetes static token CSV: `token,user,uid,"group1,group2"`.
 * Blank lines and lines starting with `#` are skipped; a record with fewer than 3 fields is an error naming its line.
 */
export function parseTokenFile(text: string): Map<string, UserInfo> {
  const users = new Map<string, UserInfo>();
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim() || line.trim().startsWith('#')) return;
    const rec = parseCsvLine(line);
    if (rec.length < 3 || !rec[0] || !rec[1]) throw new Error(`token file line ${i + 1}: want token,user,uid[,"groups"]`);
    const groups = rec[3] ? rec[3].split(',').map((g) => g.trim()).filter(Boolean) : [];
    users.set(rec[0], { username: rec[1], uid: rec[2], groups });
  });
  return users;
}

/**
 * hashToken is the digest under which a secret credential is kept and looked up, never the value itself:
 * bearer tokens (static, bootstrap, personal) and session IDs. SHA-256, hex, one-shot (no Hash object per request).
 */
export function hashToken(token: string): string {
  return hash('sha256', token, 'hex');
}

/** staticTokens is a TokenAuthenticator over a token→user map; comparison is by digest in constant time. */
export function staticTokens(map: Map<string, UserInfo>): TokenAuthenticator {
  const byDigest = new Map<string, { d: Buffer; user: UserInfo }>();
  for (const [t, user] of map) {
    const d = hashToken(t);
    byDigest.set(d, { d: Buffer.from(d, 'hex'), user });
  }
  return {
    authenticateToken(token) {
      const d = hashToken(token);
      const hit = byDigest.get(d);
      return hit && timingSafeEqual(hit.d, Buffer.from(d, 'hex')) ? hit.user : undefined;
    },
  };
}

/** loadTokenFile reads and parses a token file from disk. */
export function loadTokenFile(path: string): Map<string, UserInfo> {
  return parseTokenFile(fs.readFileSync(path, 'utf8'));
}
