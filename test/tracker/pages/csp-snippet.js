// The async snippet as a file: a strict Content-Security-Policy allows no inline script.
window.firn = window.firn || function () { (firn.q = firn.q || []).push(arguments) };
firn('newTracker', 'sp', location.origin, { appId: 'csp', linkDomains: ['elsewhere.example'] });
firn('debug', true);
firn('enableActivityTracking', { minimumVisitLength: 1, heartbeatDelay: 1 });
firn('enableLinkClickTracking');
firn('addGlobalContexts', [{ schema: 'iglu:com.example/page/jsonschema/1-0-0', data: { csp: true } }]);
firn('trackPageView');
firn('trackStructEvent', { category: 'csp', action: 'load' });
// Long enough for the URL-length extension: compressed, through CompressionStream.
firn('trackSelfDescribingEvent', { event: { schema: 'iglu:com.example/big/jsonschema/1-0-0', data: { text: Array.from({ length: 4000 }, (_, i) => (i * 7919).toString(36)).join(',') } } });
