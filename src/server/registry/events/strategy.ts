import type { z } from 'zod';
import type { eventSchema } from '../../../shared/api/core';
import { age, col, defineStrategy, fieldsAt } from '../strategies';

/** Event is core/v1 Event with the loose fields the table and selectors read. */
type Event = z.infer<typeof eventSchema> & {
  involvedObject: { apiVersion?: string; resourceVersion?: string; fieldPath?: string };
  source?: { component?: string; host?: string };
  eventTime?: string | null;
  reportingInstance?: string;
};

/** events: the involvedObject fields kubectl selects on (`events --for`), kubectl's columns. */
export const eventStrategy = defineStrategy<Event>({
  fields: (o) => ({
    // kubectl 1.29+ `events --for` selects on the apiVersion too; upstream serves all of these.
    ...fieldsAt(o, ['involvedObject.kind', 'involvedObject.name', 'involvedObject.namespace', 'involvedObject.uid', 'involvedObject.apiVersion',
      'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'type']),
    source: o.source?.component ?? '',
  }),
  columns: [col('Last Seen'), col('Type'), col('Reason'), col('Object'), col('Subobject', 'string', '', '', 1), col('Source', 'string', '', '', 1), col('Message'),
    col('First Seen', 'string', '', '', 1), col('Count', 'string', '', '', 1), col('Name', 'string', '', '', 1)],
  cells: (e) => {
    const source = [e.source?.component ?? e.reportingComponent, e.source?.host ?? e.reportingInstance].filter(Boolean).join(', ');
    return [age(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp), e.type ?? '', e.reason ?? '',
      `${(e.involvedObject?.kind ?? '').toLowerCase()}/${e.involvedObject?.name ?? ''}`, e.involvedObject?.fieldPath ?? '', source,
      e.message ?? '', age(e.firstTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp), String(e.count ?? 1), e.metadata.name];
  },
});
