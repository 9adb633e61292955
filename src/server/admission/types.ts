import type { KubeObject } from '../../shared/api/meta';
import type { UserInfo } from '../authn/user';
import type { Store } from '../storage/store';

/** Operation is the admission operation. */
export type Operation = 'CREATE' | 'UPDATE' | 'DELETE';

/** AdmissionRequest is what each admission plugin sees for one write (the object is mutable in `admit`). */
export interface AdmissionRequest {
  operation: Operation;
  group: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
  object: KubeObject | undefined;
  oldObject: KubeObject | undefined;
  user: UserInfo;
  /**
   * actingFor is the human a controller acts for (set by the Delegation plugin for controller-made
   * pods): the grants that admit the pod — security profiles, secret `use` — are theirs, not the
   * controller's. Undefined for everyone acting for themselves.
   */
  actingFor?: UserInfo;
  dryRun: boolean;
  store: Store;
  /** warnings become `Warning` headers; annotations become audit-event annotations. */
  warnings: string[];
  annotations: Record<string, string>;
}

/** AdmissionPlugin mutates (`admit`) and/or validates a write; throwing an ApiError rejects it. */
export interface AdmissionPlugin {
  name: string;
  admit?(a: AdmissionRequest): void | Promise<void>;
  validate?(a: AdmissionRequest): void | Promise<void>;
}

/** runAdmission runs every plugin's admit in order, then every validate (mutating before validating, as upstream). */
export async function runAdmission(plugins: AdmissionPlugin[], a: AdmissionRequest): Promise<void> {
  for (const p of plugins) if (p.admit) await p.admit(a);
  for (const p of plugins) if (p.validate) await p.validate(a);
}
