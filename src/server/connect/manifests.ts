// What `gatehouse connect install` puts on a cluster, and `uninstall` removes: the SecurityProfile
// CRD and the shipped profiles; Gatehouse's own least-privilege ClusterRole and its binding; the
// user-facing roles (developer, and Gatehouse's rules aggregated into upstream's admin/edit/view);
// the mutating and validating webhooks. Every object carries the label `app.kubernetes.io/managed-by:
// gatehouse`, which is how uninstall finds them.
//
// Fail-safe choices: failurePolicy Fail (a pod must never be admitted without its profile, UID range
// or secret `use` check), timeoutSeconds 10, and the system namespaces (kube-system, kube-public,
// kube-node-lease) excluded so a down Gatehouse cannot wedge the control plane. When Gatehouse is down
// pod and namespace writes elsewhere are refused; an admin recovers by starting Gatehouse again or
// removing the webhooks (`gatehouse connect uninstall`, or `kubectl delete
// mutatingwebhookconfiguration,validatingwebhookconfiguration -l app.kubernetes.io/managed-by=gatehouse`).

import { DEFAULT_PROFILES } from '../admission/security-profiles/defaults';
import { BOOTSTRAP_CLUSTER_ROLES } from '../authz/bootstrap-policy';
import { parseServiceAccountUsername } from '../authn/user';
import { SIGNED_IN_USER_EXTRA } from './proxy';
import { WEBHOOK_PATHS } from './webhooks';

/** MANAGED_BY labels every object Gatehouse installs. */
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'gatehouse' };
/** SYSTEM_NAMESPACES are never sent to Gatehouse's webhooks. */
export const SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease'];

/** AGGREGATED_NAMESPACE and AGGREGATED_SERVICE name the Service the APIService points at (an ExternalName to Gatehouse's host). */
export const AGGREGATED_NAMESPACE = 'gatehouse-system';
export const AGGREGATED_SERVICE = 'gatehouse';
/** AGGREGATED_SERVICE_HOST is the name kube-apiserver checks Gatehouse's serving certificate against. */
export const AGGREGATED_SERVICE_HOST = `${AGGREGATED_SERVICE}.${AGGREGATED_NAMESPACE}.svc`;

/** InstallOptions say where Gatehouse is and who it is on the cluster. */
export interface InstallOptions {
  /** url is Gatehouse's HTTPS address as kube-apiserver reaches it. */
  url: string;
  /** caPem is the CA of Gatehouse's serving certificate (the webhooks' caBundle). */
  caPem: string;
  /** identity is the cluster username Gatehouse's kubeconfig authenticates as. */
  identity: string;
}

const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, labels: { ...MANAGED_BY }, ...extra });
const rbac = 'rbac.authorization.k8s.io';

function subjectFor(identity: string): Record<string, string> {
  const sa = parseServiceAccountUsername(identity);
  return sa ? { kind: 'ServiceAccount', name: sa.name, namespace: sa.namespace } : { kind: 'User', apiGroup: rbac, name: identity };
}

/** crd is the SecurityProfile CustomResourceDefinition (the schema is checked by Gatehouse's validating webhook). */
export function crd(): any {
  return {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: meta('securityprofiles.security.gatehouse.dev'),
    spec: {
      group: 'security.gatehouse.dev', scope: 'Cluster',
      names: { plural: 'securityprofiles', singular: 'securityprofile', kind: 'SecurityProfile', listKind: 'SecurityProfileList', shortNames: ['sp'] },
      versions: [{
        name: 'v1', served: true, storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } } } },
        additionalPrinterColumns: [{ name: 'Priority', type: 'integer', jsonPath: '.priority' }, { name: 'Privileged', type: 'boolean', jsonPath: '.allowPrivilegedContainer' }, { name: 'RunAsUser', type: 'string', jsonPath: '.runAsUser.type' }],
      }],
    },
  };
}

/** gatehouseRole is what Gatehouse's own identity may do: impersonate (so the cluster judges each person), ask access reviews, and read what its features need. */
export function gatehouseRoles(identity: string): any[] {
  const rules = [
    { apiGroups: [''], resources: ['users', 'groups', 'serviceaccounts'], verbs: ['impersonate'] },
    { apiGroups: ['authentication.k8s.io'], resources: ['uids'], verbs: ['impersonate'] },
    // Only Gatehouse may say who is at the keyboard behind a "view as".
    { apiGroups: ['authentication.k8s.io'], resources: [`userextras/${SIGNED_IN_USER_EXTRA}`], verbs: ['impersonate'] },
    { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
    // The mirror: namespaces (ranges), pods (creators, mounts), secrets (key names; values are dropped on receipt), profiles.
    { apiGroups: [''], resources: ['namespaces', 'pods', 'secrets'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['security.gatehouse.dev'], resources: ['securityprofiles'], verbs: ['get', 'list', 'watch'] },
    // created-by of controller-made pods: their owners' creator.
    { apiGroups: ['apps'], resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'], verbs: ['get'] },
    { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: ['get'] },
  ];
  return [
    { apiVersion: `${rbac}/v1`, kind: 'ClusterRole', metadata: meta('gatehouse:connect'), rules },
    { apiVersion: `${rbac}/v1`, kind: 'ClusterRoleBinding', metadata: meta('gatehouse:connect'), roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: 'gatehouse:connect' }, subjects: [subjectFor(identity)] },
    // What every aggregated API server reads: the front proxy's CA and header names.
    { apiVersion: `${rbac}/v1`, kind: 'RoleBinding', metadata: meta('gatehouse:extension-apiserver-authentication-reader', { namespace: 'kube-system' }), roleRef: { apiGroup: rbac, kind: 'Role', name: 'extension-apiserver-authentication-reader' }, subjects: [subjectFor(identity)] },
  ];
}

/**
 * userRoles are the embedded server's roles, adapted to a real cluster: `developer` and the
 * gatehouse:aggregate-to-* rules also aggregate into upstream's admin/edit/view; the profile roles as shipped.
 */
export function userRoles(): any[] {
  const upstream: Record<string, string[]> = {
    'gatehouse:aggregate-to-view': ['view', 'edit', 'admin'],
    'gatehouse:aggregate-to-developer': ['edit', 'admin'],
    'gatehouse:aggregate-to-admin': ['admin'],
  };
  const keep = (name: string) => name === 'developer' || name.startsWith('gatehouse:');
  const roles = BOOTSTRAP_CLUSTER_ROLES.filter((r) => keep(r.metadata.name ?? '')).map((r) => {
    const name = r.metadata.name!;
    const labels: Record<string, string> = { ...MANAGED_BY, ...(r.metadata.labels ?? {}) };
    delete labels['kubernetes.io/bootstrapping'];
    for (const u of upstream[name] ?? []) labels[`rbac.authorization.k8s.io/aggregate-to-${u}`] = 'true';
    // The same read APIs are also served to kubectl as connect.gatehouse.dev (the APIService).
    const rules = (r.rules ?? []).map((x) => (x.apiGroups?.some((g) => g === 'security.gatehouse.dev' || g === 'audit.gatehouse.dev') && x.resources?.some((res) => ['secretsummaries', 'securityprofilereviews', 'auditevents'].includes(res))
      ? { ...x, apiGroups: [...x.apiGroups, 'connect.gatehouse.dev'] } : x));
    const out: any = { apiVersion: `${rbac}/v1`, kind: 'ClusterRole', metadata: { name, labels }, rules };
    if (name === 'developer') {
      // Upstream's view is not labelled for Gatehouse: select it by its own aggregation label.
      out.aggregationRule = { clusterRoleSelectors: [...(r.aggregationRule?.clusterRoleSelectors ?? []), { matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } }] };
      out.rules = [];
    }
    return out;
  });
  const binding = (name: string) => ({ apiVersion: `${rbac}/v1`, kind: 'ClusterRoleBinding', metadata: meta(name), roleRef: { apiGroup: rbac, kind: 'ClusterRole', name }, subjects: [{ kind: 'Group', apiGroup: rbac, name: 'system:authenticated' }] });
  return [...roles, binding('gatehouse:securityprofiles-reader'), binding('gatehouse:use-securityprofile-restricted')];
}

/** profiles are the shipped SecurityProfiles. */
export function profiles(): any[] {
  return DEFAULT_PROFILES.map((p) => ({ ...p, metadata: { ...p.metadata, labels: { ...(p.metadata.labels ?? {}), ...MANAGED_BY } } }));
}

function webhook(name: string, url: string, caPem: string, rules: any[]): any {
  return {
    name, admissionReviewVersions: ['v1'], sideEffects: 'None', failurePolicy: 'Fail', timeoutSeconds: 10, matchPolicy: 'Equivalent',
    clientConfig: { url, caBundle: Buffer.from(caPem).toString('base64') },
    namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: SYSTEM_NAMESPACES }] },
    rules,
  };
}

/** webhooks are the two webhook configurations pointing at Gatehouse. */
export function webhooks(o: InstallOptions): any[] {
  const base = o.url.replace(/\/+$/, '');
  const rule = (groups: string[], resources: string[], operations: string[], scope = '*') => ({ apiGroups: groups, apiVersions: ['v1'], resources, operations, scope });
  return [
    {
      apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', metadata: meta('gatehouse'),
      webhooks: [
        { ...webhook('pods.admission.gatehouse.dev', base + WEBHOOK_PATHS.mutate, o.caPem, [rule([''], ['pods'], ['CREATE', 'UPDATE'])]), reinvocationPolicy: 'Never' },
        { ...webhook('namespaces.admission.gatehouse.dev', base + WEBHOOK_PATHS.mutate, o.caPem, [rule([''], ['namespaces'], ['CREATE', 'UPDATE'])]), reinvocationPolicy: 'Never' },
        { ...webhook('objects.admission.gatehouse.dev', base + WEBHOOK_PATHS.mutate, o.caPem, [
          rule([''], ['secrets', 'serviceaccounts', 'configmaps'], ['CREATE', 'UPDATE']),
          rule(['apps'], ['deployments', 'replicasets', 'statefulsets', 'daemonsets'], ['CREATE', 'UPDATE']),
          rule(['batch'], ['jobs', 'cronjobs'], ['CREATE', 'UPDATE']),
        ]), reinvocationPolicy: 'Never' },
      ],
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: meta('gatehouse'),
      webhooks: [
        webhook('pods.validation.gatehouse.dev', base + WEBHOOK_PATHS.validate, o.caPem, [rule([''], ['pods'], ['CREATE', 'UPDATE'])]),
        { ...webhook('securityprofiles.validation.gatehouse.dev', base + WEBHOOK_PATHS.validate, o.caPem, [rule(['security.gatehouse.dev'], ['securityprofiles'], ['CREATE', 'UPDATE'], 'Cluster')]), namespaceSelector: {} },
      ],
    },
  ];
}

/**
 * aggregatedApi registers connect.gatehouse.dev/v1 (secretsummaries, securityprofilereviews,
 * auditevents for kubectl) with the aggregation layer: a Service of type ExternalName naming
 * Gatehouse's host (kube-apiserver resolves it and checks Gatehouse's certificate for
 * AGGREGATED_SERVICE_HOST) and the APIService.
 */
export function aggregatedApi(o: InstallOptions): any[] {
  const u = new URL(o.url);
  const host = u.hostname === '127.0.0.1' || u.hostname === '::1' || u.hostname === '[::1]' ? 'localhost' : u.hostname;
  const port = Number(u.port || 443);
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: meta(AGGREGATED_NAMESPACE) },
    { apiVersion: 'v1', kind: 'Service', metadata: meta(AGGREGATED_SERVICE, { namespace: AGGREGATED_NAMESPACE }), spec: { type: 'ExternalName', externalName: host, ports: [{ name: 'https', port, protocol: 'TCP' }] } },
    {
      apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', metadata: meta('v1.connect.gatehouse.dev'),
      spec: { group: 'connect.gatehouse.dev', version: 'v1', service: { namespace: AGGREGATED_NAMESPACE, name: AGGREGATED_SERVICE, port }, caBundle: Buffer.from(o.caPem).toString('base64'), groupPriorityMinimum: 1000, versionPriority: 15 },
    },
  ];
}

/** installManifests is everything install applies, in apply order (the CRD before its objects, webhooks last). */
export function installManifests(o: InstallOptions): any[] {
  return [crd(), ...gatehouseRoles(o.identity), ...userRoles(), ...profiles(), ...aggregatedApi(o), ...webhooks(o)];
}
