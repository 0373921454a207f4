/**
 * Bad-row reasons: one shared text per problem. Wording follows the 2020 Snowplow
 * "expectation" phrases where one exists (canonical-event.md §4.4), so users who know those
 * bad rows recognise them.
 */
export const enum Msg {
  notALogLine,
  lineTooLong,
  notGet,
  badDate,
  badTime,
  emptyQuery,
  unknownEvent,
  missingEvent,
  unknownPlatform,
  notInteger,
  notUuid,
  notMs,
  notDims,
  notBool,
  notDecimal,
  notJson,
  notBase64,
  missingUnstruct,
  badLinker,
  badExtension,
  badFragment,
  notDeflate,
  payloadTooLarge,
  notIgluSchema,
  tooManyErrors,
}

/** ASCII only: written to output byte by byte. */
export function messageText(m: Msg): string {
  switch (m) {
    case Msg.notALogLine: return 'does not match header or data row formats: a CloudFront data line has at least 12 TAB-separated fields';
    case Msg.lineTooLong: return 'line is longer than the 131072-byte limit; only its start is shown';
    case Msg.notGet: return 'operation must be GET';
    case Msg.badDate: return 'could not convert timestamp: date must be a real YYYY-MM-DD';
    case Msg.badTime: return 'could not convert timestamp: time must be HH:MM:SS';
    case Msg.emptyQuery: return 'querystring is empty: no GET payload';
    case Msg.unknownEvent: return 'not recognized as an event type (accepted: pv, pp, se, ue, tr, ti, ev, ad)';
    case Msg.missingEvent: return 'missing: every event needs an event type';
    case Msg.unknownPlatform: return 'not recognized as a tracking platform (accepted: web, mob, pc, srv, app, tv, cnsl, iot)';
    case Msg.notInteger: return 'not a valid integer';
    case Msg.notUuid: return 'not a valid UUID';
    case Msg.notMs: return 'not in the expected format: ms since epoch, year 0 to 9999';
    case Msg.notDims: return 'does not conform to regex (\\d+)x(\\d+)';
    case Msg.notBool: return 'must be 1 or 0';
    case Msg.notDecimal: return 'not a valid decimal number';
    case Msg.notJson: return 'invalid json';
    case Msg.notBase64: return 'could not base64 decode';
    case Msg.missingUnstruct: return 'missing: a self-describing event (e=ue) needs ue_pr or ue_px';
    case Msg.badLinker: return 'cross-domain _sp on the page URL: the part after the first dot must be ms since epoch';
    case Msg.badExtension: return 'fx_e must be z (deflate-raw) or b (plain) when fx_d is present (docs/protocol.md)';
    case Msg.badFragment: return 'fragment needs fx_n from 2 to 1000, fx_i from 1 to fx_n and a UUID eid (docs/protocol.md)';
    case Msg.notDeflate: return 'fx_d is not valid raw DEFLATE data';
    case Msg.payloadTooLarge: return 'payload is larger than 524288 bytes once decoded';
    case Msg.notIgluSchema: return 'data.schema is not an Iglu URI iglu:vendor/name/format/version';
    case Msg.tooManyErrors: return 'more errors on this line were not listed';
  }
  return 'unknown error';
}
