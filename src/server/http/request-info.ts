/** RequestInfo is the parsed path of an API request (k8s.io/apiserver request.RequestInfo). */
export interface RequestInfo {
  isResourceRequest: boolean;
  path: string;
  verb: string;
  apiPrefix: string;
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
  parts: string[];
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/**
 * parseRequestInfo follows upstream's RequestInfoFactory: `/api/v1/...` and `/apis/<group>/<version>/...`
 * are resource requests; everything else is a non-resource request with the lower-case HTTP method as verb.
 */
export function parseRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const info: RequestInfo = {
    isResourceRequest: false, path, verb: method.toLowerCase(), apiPrefix: '', apiGroup: '', apiVersion: '',
    namespace: '', resource: '', subresource: '', name: '', parts: [],
  };
  const segs = path.replace(/^\/+|\/+$/g, '').split('/').map((s) => {
    try { return decodeURIComponent(s); } catch { return s; }
  });
  if (segs[0] !== 'api' && segs[0] !== 'apis') return info;
  info.apiPrefix = segs[0];
  let rest = segs.slice(1);
  if (info.apiPrefix === 'apis') {
    if (rest.length < 2) return info; // /apis or /apis/<group>: discovery
    info.apiGroup = rest[0];
    info.apiVersion = rest[1];
    rest = rest.slice(2);
  } else {
    if (rest.length < 1) return info; // /api
    info.apiVersion = rest[0];
    rest = rest.slice(1);
  }
  if (rest.length === 0 || rest[0] === '') return info; // group-version discovery
  info.isResourceRequest = true;
  // Legacy watch paths (`/api/v1/watch/namespaces/{ns}/pods[/{name}]`), as upstream's specialVerbs.
  const legacyWatch = rest[0] === 'watch';
  if (legacyWatch) {
    rest = rest.slice(1);
    if (rest.length === 0 || method !== 'GET') { info.isResourceRequest = false; return info; }
  }
  switch (method) {
    case 'POST': info.verb = 'create'; break;
    case 'GET': case 'HEAD': info.verb = 'get'; break;
    case 'PUT': info.verb = 'update'; break;
    case 'PATCH': info.verb = 'patch'; break;
    case 'DELETE': info.verb = 'delete'; break;
    default: info.verb = '';
  }
  if (rest[0] === 'namespaces') {
    if (rest.length > 1) {
      info.namespace = rest[1];
      // /namespaces/{ns} and /namespaces/{ns}/{status|finalize} address the namespace itself.
      if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2])) rest = rest.slice(2);
    }
  }
  info.parts = rest;
  if (rest.length >= 3) info.subresource = rest[2];
  if (rest.length >= 2) info.name = rest[1];
  info.resource = rest[0];
  if (info.resource === 'namespaces' && info.parts.length >= 2) info.namespace = info.parts[1];
  if (info.resource === 'namespaces' && info.parts.length < 2) info.namespace = '';
  // Collections: GET is list (or watch), DELETE is deletecollection.
  if (rest.length === 1 && info.verb === 'get') info.verb = 'list';
  if (rest.length === 1 && info.verb === 'delete') info.verb = 'deletecollection';
  if (legacyWatch) info.verb = 'watch';
  // Any watch value but `0` or `false` (any case) is true, as metav1's Convert_Slice_string_To_bool reads it
  // (the Python client sends `watch=True`).
  const watch = query.get('watch');
  if ((info.verb === 'list' || info.verb === 'get') && watch !== null && watch !== '0' && watch.toLowerCase() !== 'false') info.verb = 'watch';
  // A watch of a single name is a list+watch with a name field selector (kubectl delete --wait).
  if (info.verb === 'list' && query.get('watch') === 'true') info.verb = 'watch';
  return info;
}
