/**
 * The host's base path ("/erp" of http://h/erp) put before every path, as Locust does, and the
 * flow's `query` appended. Outside the layers that key on the URL (cookies, validators), so they
 * see the path that goes on the wire.
 */
import type { Layer } from './layer.js';

export function basePathAndQuery(basePath: string): Layer {
  return (dispatch) => (req, handler) => {
    if (req.wirePath === true) return dispatch(req, handler);
    const full = basePath === '' ? req.path : `${basePath}${req.path}`;
    const query = req.flow.query;
    req.path = query ? `${full}${full.includes('?') ? '&' : '?'}${queryString(query)}` : full;
    return dispatch(req, handler);
  };
}

function queryString(query: Record<string, string | number | boolean>): string {
  return new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
}
