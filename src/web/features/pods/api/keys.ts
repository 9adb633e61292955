/** podKeys is the query-key factory for pods and what the pod views read alongside them. */
export const podKeys = {
  all: ['pods'] as const,
  list: (namespace: string) => [...podKeys.all, 'list', namespace] as const,
  detail: (namespace: string, name: string) => [...podKeys.all, 'detail', namespace, name] as const,
  /** events are a pod's core/v1 Events (involvedObject.name = the pod). */
  events: (namespace: string, name: string) => [...podKeys.all, 'events', namespace, name] as const,
  /** serviceAccountNames are the names a pod may run as; kept here, not under service accounts, because the shape differs. */
  serviceAccountNames: (namespace: string) => [...podKeys.all, 'service-account-names', namespace] as const,
};

/** profileReviewKeys is the query-key factory for SecurityProfileReviews (one per spec and service account). */
export const profileReviewKeys = {
  all: ['securityprofilereviews'] as const,
  review: (namespace: string, specJson: string, serviceAccount: string) => [...profileReviewKeys.all, namespace, serviceAccount, specJson] as const,
};
