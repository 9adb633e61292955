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
];
