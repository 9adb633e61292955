/**
 * MIGRATIONS are the numbered schema steps, applied in order once each and recorded in
 * `schema_migrations`. Never edit a shipped step; add a new one.
 */
export const MIGRATIONS: { id: number; name: string; sql: string }[] = [
  {
    id: 1,
    name: 'objects',
    sql: `
      CREATE TABLE objects (
        res  TEXT NOT NULL,          -- "<group>/<resource>", e.g. "/pods"
        ns   TEXT NOT NULL,          -- "" for cluster-scoped objects
        name TEXT NOT NULL,
        rv   INTEGER NOT NULL,       -- the global revision of the last write
        data TEXT NOT NULL,          -- the object as JSON (secrets: encrypted envelope)
        PRIMARY KEY (res, ns, name)
      ) WITHOUT ROWID;
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      INSERT INTO meta (key, value) VALUES ('revision', '0');
    `,
  },
  {
    id: 2,
    name: 'identity',
    sql: `
      -- Password hashes (argon2id) live here, never in the User object, so no API path can return them.
      CREATE TABLE credentials (username TEXT PRIMARY KEY, hash TEXT NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID;
      -- Browser sessions: only the SHA-256 of the cookie value is stored.
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY, username TEXT NOT NULL, created_at INTEGER NOT NULL,
        last_seen INTEGER NOT NULL, expires_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX sessions_user ON sessions (username);
      -- Personal access tokens for kubectl: only the SHA-256 of the token is stored.
      CREATE TABLE tokens (
        id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, username TEXT NOT NULL, name TEXT NOT NULL,
        created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, last_used INTEGER
      ) WITHOUT ROWID;
      CREATE INDEX tokens_user ON tokens (username);
    `,
  },
];
