// The developer the pods and secrets specs act as (issue 7), set up once by developer.setup.ts: a
// user with the `developer` role in two namespaces, who may also use the `nonroot` profile in the first.

/** DEVELOPER is the e2e developer: name, namespaces and where the signed-in session is saved. */
export const DEVELOPER = {
  name: 'e2e-dev',
  /** namespace is where the developer works; `developer` role plus the `nonroot` profile. */
  namespace: 'dev-team',
  /** otherNamespace is a second namespace (developer role only), the target of copies. */
  otherNamespace: 'dev-staging',
  state: 'test-results/.auth/developer.json',
} as const;

