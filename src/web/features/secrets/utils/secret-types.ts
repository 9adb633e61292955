/** TYPE_NAMES are short names for the well-known secret types. */
const TYPE_NAMES: Record<string, string> = {
  Opaque: 'Generic',
  'kubernetes.io/tls': 'TLS',
  'kubernetes.io/dockerconfigjson': 'Registry credentials',
  'kubernetes.io/dockercfg': 'Registry credentials (legacy)',
  'kubernetes.io/basic-auth': 'Basic auth',
  'kubernetes.io/ssh-auth': 'SSH key',
  'kubernetes.io/service-account-token': 'Service account token',
  'bootstrap.kubernetes.io/token': 'Bootstrap token',
};

/** secretTypeLabel names a secret type for people; unknown types are shown as they are. */
export function secretTypeLabel(type: string): string {
  return TYPE_NAMES[type] ?? type;
}
