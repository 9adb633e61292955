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
  {
    id: 3,
    name: 'audit',
    sql: `
      -- The audit trail (src/server/audit/store.ts): one row per audit.k8s.io/v1 Event, in insertion
      -- order. data is the event's canonical JSON; hash = sha256(previous row's hash || data) as hex,
      -- so changing, removing or reordering a row breaks the chain. The other columns are copies of
      -- fields of data, for queries (audit verify checks they agree with data).
      CREATE TABLE audit_events (
        seq              INTEGER PRIMARY KEY,  -- 1, 2, 3...: chain order; the resourceVersion of auditevents
        audit_id         TEXT NOT NULL,
        ts               INTEGER NOT NULL,     -- stageTimestamp in ms, never decreasing along seq
        username         TEXT NOT NULL,
        originating_user TEXT NOT NULL,        -- the human behind the request ('' when none)
        verb             TEXT NOT NULL,
        resource         TEXT NOT NULL,
        subresource      TEXT NOT NULL,
        namespace        TEXT NOT NULL,
        name             TEXT NOT NULL,
        decision         TEXT NOT NULL,        -- 'allow', 'forbid' or '' (not authorized: public, 401)
        data             TEXT NOT NULL,
        hash             TEXT NOT NULL
      );
      -- (column, seq) indexes serve "newest first, filtered" by walking one index backwards. Only the
      -- filters the console's views start from have one (each index costs every write): who did it,
      -- whose doing it was, which namespace. The others (verb, resource, name, decision, audit_id)
      -- are checked while walking. Time ranges need none: ts never decreases along seq, so a binary
      -- search over seq finds the range.
      CREATE INDEX audit_events_username ON audit_events (username, seq);
      CREATE INDEX audit_events_originating_user ON audit_events (originating_user, seq);
      CREATE INDEX audit_events_namespace ON audit_events (namespace, seq);
      -- The chain's two ends: head (last appended) and checkpoint (last event pruned by retention,
      -- whose hash the first remaining event chains from).
      CREATE TABLE audit_chain (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        head_seq INTEGER NOT NULL, head_hash TEXT NOT NULL, head_ts INTEGER NOT NULL,
        checkpoint_seq INTEGER NOT NULL, checkpoint_hash TEXT NOT NULL
      );
      INSERT INTO audit_chain VALUES (1, 0, '', 0, 0, '');
    `,
  },
  {
    id: 4,
    name: 'audit-id-index',
    sql: `
      -- metadata.name (= auditID) lookups without a full scan. Audit IDs are time-ordered UUIDv7s
      -- (src/server/audit/audit-id.ts), so this index grows at its right edge: a write touches one page.
      CREATE INDEX IF NOT EXISTS audit_events_audit_id ON audit_events (audit_id);
    `,
  },
  {
    id: 5,
    name: 'audit-dry-run',
    sql: `
      -- 'true' when the event is a dry-run write (annotation audit.gatehouse.dev/dry-run), else ''.
      -- The timeline's "changes" leave dry runs out (fieldSelector dryRun!=true). Events stored before
      -- this step carry no such annotation, so '' is what verify recomputes for them. No index: it is
      -- checked while walking, like verb.
      ALTER TABLE audit_events ADD COLUMN dry_run TEXT NOT NULL DEFAULT '';
    `,
  },
  {
    id: 6,
    name: 'audit-originating-user-partial-index',
    sql: `
      -- The originating-user index holds only the events whose originating user is someone other than
      -- the user who made the request (a service account acting for the human who created its pod, an
      -- impersonation): a human's own requests are found through audit_events_username (username = X
      -- AND originating_user = X), and controllers' (no originating user) are not looked up by it. Each
      -- index an event is in dirties a page per audit commit; a human's write is now in three.
      -- The query adds the same two terms (src/server/audit/store.ts, list) so SQLite can use it.
      DROP INDEX audit_events_originating_user;
      CREATE INDEX audit_events_originating_user ON audit_events (originating_user, seq)
        WHERE originating_user <> '' AND originating_user <> username;
    `,
  },
];
