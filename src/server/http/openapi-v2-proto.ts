// The OpenAPI v2 document in gnostic's protobuf encoding (openapi_v2.Document,
// github.com/google/gnostic-models/openapiv2/OpenAPIv2.proto), which is the only form kubectl and
// client-go ask `/openapi/v2` for. Only the fields Gatehouse's documents use are written; vendor
// extensions and enum values go as YAML (JSON is YAML), as gnostic does.

type JSONSchema = Record<string, any>;

/** Writer appends protobuf fields to a growing list of chunks. */
class Writer {
  private chunks: Buffer[] = [];

  private varint(n: number): void {
    const bytes: number[] = [];
    let v = BigInt(n);
    if (v < 0n) v += 1n << 64n;
    do {
      let b = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) b |= 0x80;
      bytes.push(b);
    } while (v > 0n);
    this.chunks.push(Buffer.from(bytes));
  }

  private tag(field: number, wire: number): void { this.varint((field << 3) | wire); }

  string(field: number, s: string | undefined): void {
    if (s === undefined || s === '') return;
    this.bytes(field, Buffer.from(s, 'utf8'));
  }

  strings(field: number, list: string[] | undefined): void { for (const s of list ?? []) this.bytes(field, Buffer.from(s, 'utf8')); }

  bool(field: number, b: boolean | undefined): void {
    if (!b) return;
    this.tag(field, 0);
    this.varint(1);
  }

  int(field: number, n: number | undefined): void {
    if (n === undefined) return;
    this.tag(field, 0);
    this.varint(n);
  }

  double(field: number, n: number | undefined): void {
    if (n === undefined) return;
    this.tag(field, 1);
    const b = Buffer.alloc(8);
    b.writeDoubleLE(n);
    this.chunks.push(b);
  }

  bytes(field: number, b: Buffer): void {
    this.tag(field, 2);
    this.varint(b.length);
    this.chunks.push(b);
  }

  message(field: number, build: (w: Writer) => void): void {
    const w = new Writer();
    build(w);
    this.bytes(field, w.done());
  }

  done(): Buffer { return Buffer.concat(this.chunks); }
}

/** any writes a gnostic Any: the value as YAML (field 2). */
const any = (w: Writer, field: number, value: unknown) => w.message(field, (a) => a.string(2, JSON.stringify(value)));

/** extensions writes the `x-…` keys of `o` as NamedAny entries in `field`. */
function extensions(w: Writer, field: number, o: JSONSchema): void {
  for (const [k, v] of Object.entries(o)) {
    if (!k.startsWith('x-')) continue;
    w.message(field, (n) => { n.string(1, k); any(n, 2, v); });
  }
}

function schema(w: Writer, s: JSONSchema): void {
  w.string(1, s.$ref);
  w.string(2, s.format);
  w.string(3, s.title);
  w.string(4, s.description);
  w.double(7, s.maximum);
  w.double(9, s.minimum);
  w.int(11, s.maxLength);
  w.int(12, s.minLength);
  w.string(13, s.pattern);
  w.int(14, s.maxItems);
  w.int(15, s.minItems);
  w.bool(16, s.uniqueItems);
  w.strings(19, s.required);
  for (const e of s.enum ?? []) any(w, 20, e);
  if (s.additionalProperties !== undefined) {
    w.message(21, (a) => {
      if (typeof s.additionalProperties === 'boolean') {
        // proto3 oneof: an explicit false must still be written.
        a.int(2, s.additionalProperties ? 1 : 0);
      } else a.message(1, (x) => schema(x, s.additionalProperties));
    });
  }
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (types.length) w.message(22, (t) => t.strings(1, types));
  if (s.items) w.message(23, (it) => it.message(1, (x) => schema(x, s.items)));
  for (const part of s.allOf ?? []) w.message(24, (x) => schema(x, part));
  if (s.properties) {
    w.message(25, (p) => {
      for (const [name, value] of Object.entries(s.properties as Record<string, JSONSchema>)) p.message(1, (n) => { n.string(1, name); n.message(2, (x) => schema(x, value)); });
    });
  }
  extensions(w, 31, s);
}

function operation(w: Writer, op: JSONSchema): void {
  w.string(3, op.description);
  for (const p of op.parameters ?? []) {
    // ParametersItem.parameter → Parameter.non_body_parameter → NonBodyParameter.query_parameter_sub_schema
    w.message(8, (pi) => pi.message(1, (pa) => pa.message(2, (nb) => nb.message(3, (q) => {
      q.bool(1, p.required);
      q.string(2, p.in);
      q.string(3, p.description);
      q.string(4, p.name);
      q.string(6, p.type);
      q.bool(20, p.uniqueItems);
    }))));
  }
  w.message(9, (rs) => {
    for (const [code, r] of Object.entries((op.responses ?? {}) as Record<string, JSONSchema>)) {
      rs.message(1, (n) => { n.string(1, code); n.message(2, (rv) => rv.message(1, (resp) => resp.string(1, r.description ?? ''))); });
    }
  });
  extensions(w, 13, op);
}

const METHODS: [string, number][] = [['get', 2], ['put', 3], ['post', 4], ['delete', 5], ['options', 6], ['head', 7], ['patch', 8]];

/** encodeOpenApiV2 encodes a Swagger 2.0 JSON document as gnostic's openapi_v2.Document. */
export function encodeOpenApiV2(doc: JSONSchema): Buffer {
  const w = new Writer();
  w.string(1, doc.swagger);
  w.message(2, (i) => { i.string(1, doc.info?.title); i.string(2, doc.info?.version); });
  w.message(8, (ps) => {
    for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, JSONSchema>)) {
      ps.message(2, (n) => {
        n.string(1, path);
        n.message(2, (pi) => { for (const [m, f] of METHODS) if (item[m]) pi.message(f, (o) => operation(o, item[m])); });
      });
    }
  });
  w.message(9, (ds) => {
    for (const [name, def] of Object.entries((doc.definitions ?? {}) as Record<string, JSONSchema>)) ds.message(1, (n) => { n.string(1, name); n.message(2, (x) => schema(x, def)); });
  });
  return w.done();
}
