// Kubernetes sends admission warnings (Pod Security `warn`, deprecations) as HTTP `Warning` headers:
// `299 - "message"`. fetch joins repeated headers with ", ", so one header value can hold several,
// and the texts themselves may contain commas and escaped quotes.

const WARNING = /\s*(\d{3})\s+(\S+)\s+"((?:[^"\\]|\\.)*)"(?:\s+"[^"]*")?\s*(?:,|$)/y;

/** parseWarnings returns the texts of a (possibly combined) Warning header value, in order; text that does not follow the format is ignored. */
export function parseWarnings(header: string | null | undefined): string[] {
  if (!header) return [];
  const out: string[] = [];
  const re = new RegExp(WARNING.source, 'y');
  let m: RegExpExecArray | null;
  while (re.lastIndex < header.length && (m = re.exec(header)) !== null) {
    out.push(m[3].replace(/\\(.)/g, '$1'));
  }
  return out;
}
