/**
 * CORS as a CloudFront response-headers policy would add it. Snowplow's JS tracker v4 sends its
 * GETs with a credentialed `fetch`, and a credentialed response must name the origin (a `*`
 * is refused by browsers), so the request's `Origin` is echoed back.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** Headers for any response to a request that carries an `Origin`; none otherwise. */
export function corsHeaders(request: IncomingHttpHeaders): Record<string, string> {
  const origin = request.origin;
  if (!origin) return {};
  return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' };
}

/** Extra headers answering an `OPTIONS` preflight: the methods Firn serves, the headers asked for. */
export function preflightHeaders(request: IncomingHttpHeaders): Record<string, string> {
  const asked = request['access-control-request-headers'];
  return {
    'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
    ...(asked ? { 'Access-Control-Allow-Headers': asked } : {}),
    'Access-Control-Max-Age': '86400',
  };
}
