import type { KubeObject } from '../../shared/api/meta';
import { runAdmission, type Operation } from '../admission/types';
import type { RequestContext } from '../http/context';
import type { Registry } from './registry';

/** Write names one write for admission: what is written where, and the objects before and after. */
export interface Write {
  operation: Operation;
  group: string;
  resource: string;
  subresource?: string;
  namespace: string;
  name: string;
  object?: KubeObject;
  oldObject?: KubeObject;
  dryRun?: boolean;
}

/**
 * admit runs the registry's admission chain over one write by the request's user: the one place an
 * admission request is made from an API request (its warnings and audit annotations go on the request).
 */
export function admit(reg: Registry, ctx: RequestContext, w: Write): Promise<void> {
  return runAdmission(reg.admission, {
    subresource: '', object: undefined, oldObject: undefined, dryRun: false, ...w,
    user: ctx.user, store: reg.store, warnings: ctx.warnings, annotations: ctx.annotations,
  });
}
