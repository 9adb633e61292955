// The shape of protobuf field tables (field number → how it maps to JSON), shared by the hand-written
// kind tables in protobuf.ts and the generated Pod tables in protobuf-pod.ts.

/** How a known field maps to JSON. */
export type FieldSpec =
  | { json: string; type: 'string'; keepEmpty?: boolean }
  | { json: string; type: 'bool' }
  | { json: string; type: 'int64'; keepZero?: boolean }
  | { json: string; type: 'strings' }
  | { json: string; type: 'stringMap' }
  | { json: string; type: 'bytesMap' }
  | { json: string; type: 'stringListMap' }
  | { json: string; type: 'intOrString' }
  | { json: string; type: 'ints' }
  | { json: string; type: 'bytes' }
  | { json: string; type: 'quantity' }
  | { json: string; type: 'quantityMap' }
  | { json: string; type: 'time' }
  | { json: string; type: 'duration' }
  | { json: string; type: 'inline'; schema: Schema }
  | { json: string; type: 'message'; schema: Schema }
  | { json: string; type: 'messages'; schema: Schema };

/** Field number → spec; numbers not listed are skipped. */
export type Schema = Readonly<Record<number, FieldSpec>>;

// Small builders keep the kind tables below close to the .proto text.
export const str = (json: string): FieldSpec => ({ json, type: 'string' });
export const reqStr = (json: string): FieldSpec => ({ json, type: 'string', keepEmpty: true });
export const bool = (json: string): FieldSpec => ({ json, type: 'bool' });
export const strings = (json: string): FieldSpec => ({ json, type: 'strings' });
export const stringMap = (json: string): FieldSpec => ({ json, type: 'stringMap' });
export const msg = (json: string, schema: Schema): FieldSpec => ({ json, type: 'message', schema });
export const msgs = (json: string, schema: Schema): FieldSpec => ({ json, type: 'messages', schema });

const ownerReference: Schema = {
  1: reqStr('kind'), 3: reqStr('name'), 4: reqStr('uid'), 5: reqStr('apiVersion'),
  6: bool('controller'), 7: bool('blockOwnerDeletion'),
};
// selfLink (4), timestamps (8, 9), deletionGracePeriodSeconds (10) and managedFields (17)
// are server-owned, so they are deliberately skipped.
const objectMeta: Schema = {
  1: str('name'), 2: str('generateName'), 3: str('namespace'), 5: str('uid'), 6: str('resourceVersion'),
  7: { json: 'generation', type: 'int64' },
  11: stringMap('labels'), 12: stringMap('annotations'),
  13: msgs('ownerReferences', ownerReference), 14: strings('finalizers'),
};
export const metadata = msg('metadata', objectMeta);

export const labelSelector: Schema = {
  1: stringMap('matchLabels'),
  2: msgs('matchExpressions', { 1: reqStr('key'), 2: reqStr('operator'), 3: strings('values') }),
};
